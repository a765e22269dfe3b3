//! The release log: date, version and note per team.

use crate::domain::limits::{MAX_TEXT_CHARS, MAX_VERSION_CHARS};
use crate::ui::state::app_state;
use crate::ui::time::today;
use chrono::NaiveDate;
use leptos::prelude::*;

/// Log a release; list them, newest first.
#[component]
pub fn Releases() -> impl IntoView {
    let state = app_state();
    let teams = move || state.team_names();
    let team = RwSignal::new(String::new());
    let date = RwSignal::new(today().format("%Y-%m-%d").to_string());
    let version = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let list = move || {
        state.workspace.with(|w| {
            w.releases()
                .into_iter()
                .map(|r| {
                    let team = w
                        .team(r.team)
                        .map(|t| t.name.to_string())
                        .unwrap_or_default();
                    (
                        r.id,
                        r.date.format("%-d %b %Y").to_string(),
                        team,
                        r.version.clone(),
                        r.note.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = teams()
            .into_iter()
            .find(|t| t.0.to_string() == team.get_untracked())
            .or_else(|| teams().into_iter().next())
            .map(|t| t.0);
        let Some(team_id) = picked else { return };
        let Ok(day) = NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") else {
            state.alert.set(Some("Pick the day of the release.".into()));
            return;
        };
        if state
            .change(|w| {
                w.add_release(
                    team_id,
                    day,
                    &version.get_untracked(),
                    &note.get_untracked(),
                )
            })
            .is_some()
        {
            version.set(String::new());
            note.set(String::new());
        }
    };
    view! {
        <section class="releases" aria-labelledby="releases-heading">
            <h2 id="releases-heading">"Releases"</h2>
            <form class="inline" on:submit=add>
                <select aria-label="Release team" on:change=move |ev| team.set(event_target_value(&ev))>
                    {move || teams().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <input type="date" aria-label="Release date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev)) />
                <input type="text" maxlength=MAX_VERSION_CHARS.to_string() aria-label="Version" placeholder="Version" prop:value=move || version.get() on:input=move |ev| version.set(event_target_value(&ev)) />
                <input type="text" maxlength=MAX_TEXT_CHARS aria-label="Release note" placeholder="Note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                <button type="submit">"Log release"</button>
            </form>
            <table class="data">
                <caption>"Release log"</caption>
                <thead><tr><th scope="col">"Date"</th><th scope="col">"Team"</th><th scope="col">"Version"</th><th scope="col">"Note"</th><th scope="col"><span class="sr-only">"Remove"</span></th></tr></thead>
                <tbody>
                    {move || list().into_iter().map(|(id, date, team, version, note)| {
                        let label = format!("Remove release {version} of {team}");
                        view! {
                            <tr>
                                <td>{date}</td><td>{team}</td><td>{version}</td><td>{note}</td>
                                <td><button class="icon" aria-label=label on:click=move |_| { state.change(|w| w.remove_release(id)); }>"✕"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
