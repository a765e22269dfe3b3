//! Small controls shared by several views.

use crate::domain::{Comparison, Preposition, StoryKind, StoryStatus, TeamKind};
use leptos::prelude::*;

/// A closed set of values a person picks from a menu.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    /// Every value, in menu order.
    fn all() -> &'static [Self];
    /// The value used in the `<option>`.
    fn as_str(self) -> &'static str;
    /// The words shown.
    fn label(self) -> &'static str;
}

macro_rules! choice {
    ($ty:ty) => {
        impl Choice for $ty {
            fn all() -> &'static [Self] {
                &<$ty>::ALL
            }
            fn as_str(self) -> &'static str {
                <$ty>::as_str(self)
            }
            fn label(self) -> &'static str {
                <$ty>::label(self)
            }
        }
    };
}

choice!(StoryKind);
choice!(StoryStatus);
choice!(TeamKind);
choice!(Comparison);
choice!(Preposition);

/// A `<select>` over a [`Choice`], showing `value` and reporting picks.
#[component]
pub fn ChoiceSelect<T: Choice>(
    /// The value shown as selected.
    #[prop(into)]
    value: Signal<T>,
    /// Called with the value the person picked.
    on_pick: Callback<T>,
    /// Accessible name, when no visible `<label>` wraps the select.
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    /// Extra CSS classes.
    #[prop(optional, into)]
    class: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <select
            aria-label=move || aria_label.map(|l| l.get())
            class=move || class.map(|c| c.get())
            on:change=move |ev| {
                let picked = event_target_value(&ev);
                if let Some(choice) = T::all().iter().copied().find(|c| c.as_str() == picked) {
                    on_pick.run(choice);
                }
            }
        >
            {T::all()
                .iter()
                .copied()
                .map(|c| {
                    // A property, not the attribute: it stays right after the
                    // person has changed the menu.
                    view! { <option value=c.as_str() prop:selected=move || value.get() == c>{c.label()}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// Opens the browser's print dialog; the print stylesheet leaves out the
/// navigation and the controls.
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        // A refused print (e.g. in a sandboxed frame) needs no message: the
        // browser's own Print menu still works.
        let _ = window.print();
    }
}

/// A button that prints the page. It announces the print first (the same
/// `beforeprint` event the browser sends for Ctrl+P), so views that show only
/// the rows in view can put every row on paper, then prints once the page
/// has updated.
#[component]
pub fn PrintButton() -> impl IntoView {
    let print = |_| {
        if let Some(window) = web_sys::window()
            && let Ok(event) = web_sys::Event::new("beforeprint")
        {
            let _ = window.dispatch_event(&event);
        }
        set_timeout(print_page, std::time::Duration::ZERO);
    };
    view! { <button type="button" class="print" on:click=print>"Print"</button> }
}

/// Whether the page is being printed: true from the browser's `beforeprint`
/// until its `afterprint`.
pub fn use_printing() -> ReadSignal<bool> {
    let (printing, set_printing) = signal(false);
    let before = window_event_listener_untyped("beforeprint", move |_| set_printing.set(true));
    let after = window_event_listener_untyped("afterprint", move |_| set_printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
    printing
}

/// The file chosen in a file input's `change` event. The input is emptied,
/// so choosing the same file again fires `change` again.
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|files| files.get(0))?;
    input.set_value("");
    Some(file)
}
