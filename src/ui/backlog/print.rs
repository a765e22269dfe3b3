//! The whole backlog as a table, put in the page only while printing: the
//! screen list holds just the rows in view, which would print a fragment.

use crate::domain::TeamId;
use crate::domain::csv_export::story_fields;
use crate::ui::state::app_state;
use crate::ui::widgets::use_printing;
use leptos::prelude::*;

/// Columns of [`crate::domain::csv_export::COLUMNS`] that fit on paper.
const PRINTED: [(usize, &str); 8] = [
    (0, "Key"),
    (2, "Title"),
    (3, "Kind"),
    (4, "Status"),
    (5, "Estimate"),
    (6, "Sprint"),
    (7, "Epic"),
    (8, "Depends on"),
];

/// Every story of a team's backlog, in order, for paper.
#[component]
pub(super) fn PrintedBacklog(
    /// The team whose backlog is printed.
    team_id: TeamId,
) -> impl IntoView {
    let state = app_state();
    let printing = use_printing();
    move || {
        printing.get().then(|| {
            let rows = state.workspace.with_untracked(|w| {
                w.backlog(team_id)
                    .map(|s| story_fields(w, s))
                    .collect::<Vec<_>>()
            });
            view! {
                <table class="print-only backlog-print">
                    <thead>
                        <tr>{PRINTED.map(|(_, name)| view! { <th scope="col">{name}</th> })}</tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|fields| {
                                view! {
                                    <tr>
                                        {PRINTED
                                            .map(|(i, _)| view! { <td>{fields[i].clone()}</td> })}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
        })
    }
}
