//! Entry point: a panic hook, then mount the app. Nothing else.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(reskontra::ui::app::App);
}
