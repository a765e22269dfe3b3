//! The sprint review summary at `#/sprint/<n>/review`: Markdown to copy or
//! download, of what each team completed (by epic, with points) and what
//! carried over.

use crate::storage::exchange;
use crate::ui::route::Route;
use crate::ui::state::app_state;
use crate::ui::widgets::PrintButton;
use leptos::prelude::*;

/// The review of sprint `number`.
#[component]
pub fn ReviewView(
    /// The sprint reviewed.
    number: u32,
) -> impl IntoView {
    let state = app_state();
    let markdown = Memo::new(move |_| state.workspace.with(|w| w.review_markdown(number)));
    let file_name = format!("sprint-{number}-review.md");
    let download = {
        let file_name = file_name.clone();
        move |_| match exchange::download(&file_name, &markdown.get_untracked(), "text/markdown") {
            Ok(()) => state.notify(format!("Downloaded {file_name}."), None),
            Err(e) => state.alert.set(Some(format!("The download failed: {e}."))),
        }
    };
    let copy = move |_| {
        let text = markdown.get_untracked();
        leptos::task::spawn_local(async move {
            match exchange::copy_to_clipboard(&text).await {
                Ok(()) => state.notify("Copied the review to the clipboard.", None),
                Err(e) => state.alert.set(Some(format!(
                    "Copying failed: {e}. Select the text and copy it, or download it."
                ))),
            }
        });
    };
    view! {
        <section class="view review" aria-labelledby="review-heading">
            <h1 id="review-heading">{format!("Sprint {number} review")}</h1>
            <p>
                <a href=Route::Sprint { number: Some(number) }.href()>{format!("← Sprint {number} planning")}</a>
            </p>
            <div class="actions">
                <button class="primary" on:click=copy>"Copy to clipboard"</button>
                <button on:click=download>"Download Markdown"</button>
                <PrintButton />
            </div>
            <label class="stack">
                "Review (Markdown)"
                <textarea readonly rows="24" class="markdown" prop:value=move || markdown.get()></textarea>
            </label>
            // A textarea prints only its visible rows; paper gets the whole text.
            <pre class="print-only review-print">{move || markdown.get()}</pre>
        </section>
    }
}
