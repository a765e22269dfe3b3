//! Leptos components, one module per view. They call domain methods and
//! never re-implement rules. One view is not Leptos: the participant page
//! ([`join`]) is built straight on the DOM ([`dom`]), so a phone's first
//! visit downloads no view layer.

pub mod app;
pub mod backlog;
pub mod board;
pub mod constraints;
pub mod csv;
pub mod data;
pub mod dom;
pub mod epics;
pub mod first_page;
pub mod home;
pub mod jira_import;
pub mod join;
pub mod keyed;
pub mod members;
pub mod poker;
pub mod qr;
pub mod route;
pub mod shared;
pub mod sprint;
pub mod start;
pub mod state;
pub mod sync_server;
pub mod teams;
pub mod text;
pub mod time;
pub mod velocity;
pub mod widgets;

/// Mounts the whole app on the page's body.
pub fn mount() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(|| leptos::view! { <app::App pages=app::whole_app() /> });
}

/// Mounts the first page (`index.html`, [`first_page`]) on the page's body.
pub fn mount_first_page() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(|| leptos::view! { <app::App pages=first_page::pages() /> });
}

/// Shows Rust panics in the browser console instead of "unreachable".
pub(crate) fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
