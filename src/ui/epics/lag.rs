//! "Android is behind iOS", at a glance.

use crate::domain::EpicId;
use crate::ui::state::app_state;
use leptos::prelude::*;

/// The lagging client platform of an epic, in one sentence, if any.
pub fn lag_sentence(epic: EpicId) -> Option<String> {
    let state = app_state();
    state.workspace.with(|w| {
        let lag = w.lagging_platform(epic)?;
        let name = |t| w.team(t).map(|t| t.name.to_string()).unwrap_or_default();
        Some(format!(
            "{} is behind {}: {} of {} stories done, against {} of {}.",
            name(lag.behind),
            name(lag.ahead),
            lag.behind_progress.done,
            lag.behind_progress.stories,
            lag.ahead_progress.done,
            lag.ahead_progress.stories,
        ))
    })
}

/// The lag sentence as a highlighted line (nothing when level).
#[component]
pub fn LagNote(
    /// The epic.
    epic: EpicId,
) -> impl IntoView {
    move || lag_sentence(epic).map(|text| view! { <p class="lag">{text}</p> })
}
