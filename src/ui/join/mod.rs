//! The participant page of a live poker room, `#/join/<code>?server=…&key=…`:
//! built for a phone held in one hand. A name typed once, the story of the
//! round, the deck as large buttons, the chosen card until the reveal, then
//! everyone's votes. It needs no workspace: the room sends what the round
//! needs. It is its own entry point (`join.html`, a small wasm without
//! Leptos's view layer: see [`page`]) and also a route of the full app (for
//! the single-file build), where [`JoinView`] hosts the same page.

mod page;

pub use page::JoinPage;
use page::log;

use crate::ui::route::Route;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The join link in the address (the text after `#/join/`), if any.
fn link_in_address() -> String {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    match Route::parse(&hash) {
        Route::Join(rest) => rest,
        _ => String::new(),
    }
}

/// Mounts the participant page alone (the `join` entry point): a `main`
/// holding the page for the link in the address, started again when the
/// link changes.
pub fn mount() {
    super::console_error_panic_hook_lite();
    let Some(main) = crate::ui::dom::el("main", &[("id", "main")])
        .ok()
        .filter(|main| {
            crate::ui::dom::document()
                .ok()
                .and_then(|d| d.body())
                .is_some_and(|body| body.append_child(main).is_ok())
        })
    else {
        return;
    };
    let shown: Rc<RefCell<Option<(String, JoinPage)>>> = Rc::new(RefCell::new(None));
    let show = move || {
        let link = link_in_address();
        let mut shown = shown.borrow_mut();
        if shown.as_ref().is_some_and(|(l, _)| *l == link) {
            return;
        }
        // The old page leaves its room before the new one joins.
        *shown = None;
        match JoinPage::start(&main, &link) {
            Ok(page) => *shown = Some((link, page)),
            Err(e) => log(&e),
        }
    };
    show();
    // The page lives as long as the tab: the listener is never removed.
    let on_hash = Closure::<dyn Fn()>::new(show);
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
    }
    on_hash.forget();
}

/// The participant page as a view of the full app.
#[component]
pub fn JoinView(
    /// The join link's text after `#/join/`.
    link: String,
) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let page = StoredValue::new_local(None::<JoinPage>);
    host.on_load(move |host| match JoinPage::start(&host, &link) {
        Ok(started) => page.set_value(Some(started)),
        Err(e) => log(&e),
    });
    // Leaves the room when the view goes.
    on_cleanup(move || {
        page.try_update_value(Option::take);
    });
    view! { <div node_ref=host></div> }
}
