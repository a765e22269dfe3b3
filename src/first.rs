//! The first page (`index.html`): the overview and the team backlogs, its
//! own small entry point; everything else is the whole app's (`app.html`).
fn main() {
    tandem::ui::mount_first_page();
}
