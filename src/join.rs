//! The participant page of a live poker room (`join.html`): its own small
//! entry point, so a phone downloads only what voting needs.
fn main() {
    tandem::ui::join::mount();
}
