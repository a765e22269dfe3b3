//! The participant page of a live poker room, `#/join/<code>`.

use leptos::prelude::*;

/// Mounts the participant page alone (the `join` entry point).
pub fn mount() {
    super::console_error_panic_hook_lite();
    leptos::mount::mount_to_body(JoinApp);
}

/// The participant page.
#[component]
pub fn JoinApp() -> impl IntoView {
    view! { <main id="main"><h1>"Planning poker"</h1></main> }
}
