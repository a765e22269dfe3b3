//! The shared sprint rhythm: length in weeks and the first start date.

use crate::domain::sprint::CADENCE_WEEKS;
use crate::ui::state::app_state;
use crate::ui::time::today;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Sets (or changes) the cadence for all teams.
#[component]
pub fn CadenceForm() -> impl IntoView {
    let state = app_state();
    let current = state.workspace.with_untracked(|w| w.cadence().copied());
    let weeks = RwSignal::new(current.map_or(2, |c| c.weeks));
    let start = RwSignal::new(
        current
            .map_or_else(today, |c| c.first_start)
            .format("%Y-%m-%d")
            .to_string(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match NaiveDate::parse_from_str(&start.get_untracked(), "%Y-%m-%d") {
            Ok(day) => {
                if state
                    .change(|w| w.set_cadence(weeks.get_untracked(), day))
                    .is_some()
                {
                    state.notify(
                        format!(
                            "Sprints last {} and sprint 1 starts on {}.",
                            crate::ui::text::count(
                                usize::from(weeks.get_untracked()),
                                "week",
                                "weeks"
                            ),
                            day.format("%-d %b %Y")
                        ),
                        None,
                    );
                }
            }
            Err(_) => state
                .alert
                .set(Some("Pick the day sprint 1 starts.".into())),
        }
    };
    view! {
        <form class="cadence" on:submit=submit>
            <label>
                "Sprint length"
                <select
                    prop:value=move || weeks.get().to_string()
                    on:change=move |ev| {
                        if let Ok(w) = event_target_value(&ev).parse() {
                            weeks.set(w);
                        }
                    }
                >
                    {CADENCE_WEEKS
                        .map(|w| {
                            view! {
                                <option value=w.to_string() selected=move || weeks.get() == w>
                                    {crate::ui::text::count(usize::from(w), "week", "weeks")}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Sprint 1 starts on"
                <input type="date" prop:value=move || start.get() on:change=move |ev| start.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="primary">"Save sprint rhythm"</button>
        </form>
    }
}
