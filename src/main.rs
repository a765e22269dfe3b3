fn main() {
    tandem::ui::mount();
}
