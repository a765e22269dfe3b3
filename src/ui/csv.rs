//! The "Export CSV" button shared by the backlog, the sprint plan and the
//! import & export page.

use super::state::app_state;
use super::time::today;
use crate::domain::csv_export::CsvScope;
use crate::storage::exchange;
use leptos::prelude::*;

/// A button that downloads the stories of `scope` as a CSV file.
#[component]
pub fn CsvExportButton(
    /// Which stories the file holds.
    scope: CsvScope,
    /// The button's accessible name, when "Export CSV" is not enough; it
    /// starts with the visible "Export CSV", so a voice command naming
    /// what is seen finds it.
    #[prop(optional, into)]
    label: Option<String>,
) -> impl IntoView {
    let state = app_state();
    let export = move |_| {
        let (name, text) = state
            .workspace
            .with_untracked(|w| (scope.file_name(w, today()), scope.csv(w)));
        let result = text.map_err(|e| e.to_string()).and_then(|text| {
            exchange::download(&name, &text, "text/csv;charset=utf-8").map_err(|e| e.to_string())
        });
        match result {
            Ok(()) => state.notify(format!("Exported {name}."), None),
            Err(e) => state
                .alert
                .set(Some(format!("The CSV export failed: {e}."))),
        }
    };
    view! {
        <button type="button" class="csv-export" aria-label=label on:click=export>
            "Export CSV"
        </button>
    }
}
