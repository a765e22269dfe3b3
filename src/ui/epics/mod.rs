//! Epics at `#/epics`: the list with progress, a form for a new epic, and
//! one epic at `#/epics/<key>` with its stories and the split.

mod detail;
mod lag;
mod split;

pub use detail::EpicView;
pub use lag::LagNote;

use super::route::{Route, navigate};
use super::state::app_state;
use crate::domain::limits::{MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use crate::domain::{EpicFields, EpicId, StoryText, TeamId};
use chrono::Utc;
use leptos::prelude::*;

/// One line of progress per team: "iOS 1/2 stories".
pub(crate) fn progress_line(epic: EpicId) -> String {
    let state = app_state();
    state.workspace.with(|w| {
        let (per_team, _, _) = w.epic_progress(epic);
        per_team
            .iter()
            .map(|(t, p)| {
                let name = w.team(*t).map(|t| t.name.to_string()).unwrap_or_default();
                format!("{name} {}/{}", p.done, p.stories)
            })
            .collect::<Vec<_>>()
            .join(" · ")
    })
}

/// The list of epics and the form for a new one.
#[component]
pub fn EpicsView() -> impl IntoView {
    let state = app_state();
    let ids = move || {
        state
            .workspace
            .with(|w| w.epics().iter().map(|e| e.id).collect::<Vec<_>>())
    };
    view! {
        <section class="view epics" aria-labelledby="epics-title">
            <h1 id="epics-title">"Epics"</h1>
            <p class="hint">
                "An epic is a feature every platform builds, such as “Delete my profile”. Split it into one story per client team and one shared backend story; the client stories depend on the backend one."
            </p>
            <Show
                when=move || state.workspace.with(|w| !w.epics().is_empty())
                fallback=|| view! { <p>"No epics yet: create the first one below."</p> }
            >
                <table class="overview">
                    <thead>
                        <tr>
                            <th scope="col">"Epic"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Stories done per team"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=ids
                            key=|id| *id
                            children=move |id| {
                                let epic = Memo::new(move |_| state.workspace.with(|w| w.epic(id).map(|e| (e.key(), e.title.to_string()))));
                                let key = move || epic.with(|e| e.as_ref().map(|e| e.0.clone()).unwrap_or_default());
                                let title = move || epic.with(|e| e.as_ref().map(|e| e.1.clone()).unwrap_or_default());
                                let status = move || state.workspace.with(|w| w.epic_progress(id).2.label());
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <a href=move || Route::Epics { epic: Some(key()) }.href()>
                                                {move || format!("{} {}", key(), title())}
                                            </a>
                                        </th>
                                        <td>{status}</td>
                                        <td>{move || progress_line(id)} <LagNote epic=id /></td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </Show>
            <NewEpicForm />
        </section>
    }
}

/// The form that creates an epic.
#[component]
fn NewEpicForm() -> impl IntoView {
    let state = app_state();
    let title = RwSignal::new(String::new());
    let goal = RwSignal::new(String::new());
    let as_a = RwSignal::new(String::new());
    let i_want = RwSignal::new(String::new());
    let so_that = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let targets = RwSignal::new(Vec::<TeamId>::new());
    let teams = move || state.team_names();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = EpicFields {
            title: title.get_untracked(),
            goal: goal.get_untracked(),
            description: description.get_untracked(),
            text: StoryText {
                as_a: as_a.get_untracked(),
                i_want: i_want.get_untracked(),
                so_that: so_that.get_untracked(),
                ..StoryText::default()
            },
            targets: targets.get_untracked(),
        };
        if let Some(id) = state.change(|w| w.add_epic(&fields, Utc::now())) {
            let key = state
                .workspace
                .with_untracked(|w| w.epic(id).map(|e| e.key()))
                .unwrap_or_default();
            state.notify(format!("Created {key}."), None);
            navigate(&Route::Epics { epic: Some(key) });
        }
    };
    view! {
        <form class="card new-epic" on:submit=submit aria-labelledby="new-epic-title">
            <h2 id="new-epic-title">"New epic"</h2>
            <label class="stack">"Epic title" <input type="text" required maxlength=MAX_TITLE_CHARS placeholder="Delete my profile" bind:value=title /></label>
            <label class="stack">"Goal" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="Users can erase their account on every platform" bind:value=goal /></label>
            <div class="three">
                <label class="stack">"As a" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="user" bind:value=as_a /></label>
                <label class="stack">"I want" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="to delete my profile" bind:value=i_want /></label>
                <label class="stack">"So that" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="my data is gone" bind:value=so_that /></label>
            </div>
            <label class="stack">"Description" <textarea rows="3" bind:value=description></textarea></label>
            <fieldset class="targets">
                <legend>"Targets"</legend>
                {move || {
                    teams()
                        .into_iter()
                        .map(|(id, name)| {
                            view! {
                                <label>
                                    <input
                                        type="checkbox"
                                        prop:checked=move || targets.with(|t| t.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            targets.update(|t| {
                                                t.retain(|x| *x != id);
                                                if on {
                                                    t.push(id);
                                                }
                                            });
                                        }
                                    />
                                    {name}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <button type="submit" class="primary">"Create epic"</button>
        </form>
    }
}
