//! The board of the current sprint at `#/board`: every team's sprint
//! backlog by status (to do, in progress, blocked with a reason, ready for
//! test, done), the sprint's start, and its close with carry-over.

use super::backlog::story_href;
use super::route::{Route, navigate};
use super::state::app_state;
use super::widgets::ChoiceSelect;
use crate::domain::Points;
use crate::domain::limits::MAX_TEXT_CHARS;
use crate::domain::sprint::carried_over_to;
use crate::domain::{StoryId, StoryStatus, TeamId, Unfinished};
use chrono::Utc;
use leptos::prelude::*;
use std::collections::HashMap;

/// The board view.
#[component]
pub fn BoardView() -> impl IntoView {
    let state = app_state();
    let number = Memo::new(move |_| state.workspace.with(|w| w.current_sprint()));
    let started = move || state.workspace.with(|w| w.is_started(number.get()));
    let dates = move || {
        state.workspace.with(|w| {
            w.cadence()
                .map(|c| format!(" · {}", c.dates(number.get())))
                .unwrap_or_default()
        })
    };
    let closing = RwSignal::new(false);
    let team_ids = move || {
        state
            .workspace
            .with(|w| w.teams().iter().map(|t| t.id).collect::<Vec<_>>())
    };
    let start = move |_| {
        let n = number.get_untracked();
        if state.change(|w| w.start_sprint(n, Utc::now())).is_some() {
            state.notify(
                format!("Sprint {n} started: each team’s commitment is recorded."),
                None,
            );
        }
    };
    view! {
        <section class="view board" aria-labelledby="board-heading">
            <h1 id="board-heading">{move || format!("Sprint {} board", number.get())}</h1>
            <p class="sprint-dates">
                {move || if started() { "Running" } else { "Not started yet" }}
                {dates}
                " · "
                <a href=move || Route::Sprint { number: Some(number.get()) }.href()>"Planning"</a>
            </p>
            <div class="actions">
                <Show when=move || !started()>
                    <button class="primary" on:click=start>{move || format!("Start sprint {}", number.get())}</button>
                </Show>
                <Show when=move || !closing.get()>
                    <button on:click=move |_| closing.set(true)>{move || format!("Close sprint {}…", number.get())}</button>
                </Show>
            </div>
            <Show when=move || closing.get()>
                <CloseSprint number=number.get_untracked() on_cancel=Callback::new(move |_| closing.set(false)) />
            </Show>
            <For
                each=team_ids
                key=|id| *id
                children=move |team| view! { <TeamBoard team=team number=number /> }
            />
        </section>
    }
}

/// One team's sprint backlog, a column per status.
#[component]
fn TeamBoard(team: TeamId, number: Memo<u32>) -> impl IntoView {
    let state = app_state();
    let name = move || {
        state
            .workspace
            .with(|w| w.team(team).map(|t| t.name.to_string()).unwrap_or_default())
    };
    let column = move |status: StoryStatus| {
        let n = number.get();
        state.workspace.with(|w| {
            w.sprint_backlog(team, n)
                .filter(|s| s.status == status)
                .map(|s| s.id)
                .collect::<Vec<_>>()
        })
    };
    let totals = move || {
        let n = number.get();
        let progress = state.workspace.with(|w| w.sprint_progress(team, n));
        format!(
            "{} of {} points done",
            Points(progress.points_done),
            Points(progress.points)
        )
    };
    view! {
        <section class="team-board" aria-label=move || format!("{} board", name())>
            <h2>{name}<span class="hint">" · "{totals}</span></h2>
            <div class="columns">
                {StoryStatus::ALL
                    .into_iter()
                    .map(|status| {
                        view! {
                            <div class="column">
                                <h3>{status.label()}</h3>
                                <ul aria-label=move || format!("{} {}", name(), status.label())>
                                    <For each=move || column(status) key=|id| *id children=move |id| view! { <Card id=id /> } />
                                </ul>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// A story on the board: its status and, when blocked, why.
#[component]
fn Card(id: StoryId) -> impl IntoView {
    let state = app_state();
    let story = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.story(id).map(|s| {
                let key = w.story_key(s);
                let team_key = w
                    .team(s.team)
                    .map(|t| t.key.to_string())
                    .unwrap_or_default();
                (
                    key,
                    team_key,
                    s.title.to_string(),
                    s.estimate,
                    s.status,
                    s.blocked_reason.clone(),
                )
            })
        })
    });
    let key = move || story.with(|s| s.as_ref().map(|s| s.0.clone()).unwrap_or_default());
    let status =
        Signal::derive(move || story.with(|s| s.as_ref().map_or(StoryStatus::ToDo, |s| s.4)));
    let set_status = Callback::new(move |to: StoryStatus| {
        state.change(|w| w.edit_story(id, crate::domain::StoryEdit::Status(to), Utc::now()));
    });
    view! {
        {move || {
            story
                .get()
                .map(|(k, team_key, title, estimate, _, reason)| {
                    view! {
                        <li class="board-card">
                            <a href=story_href(&team_key, &k)>{k.clone()}</a>
                            " "
                            <span class="title">{title}</span>
                            <span class="points">{estimate.map_or("–".to_string(), |e| e.to_string())}</span>
                            <ChoiceSelect
                                value=status
                                on_pick=set_status
                                aria_label=Signal::derive(move || format!("Status of {}", key()))
                            />
                            <Show when=move || status.get() == StoryStatus::Blocked>
                                <input
                                    type="text"
                                    maxlength=MAX_TEXT_CHARS
                                    placeholder="Why is it blocked?"
                                    aria-label=format!("Why is {k} blocked?")
                                    prop:value=reason.clone()
                                    on:change=move |ev| {
                                        state.change(|w| {
                                            w.edit_story(id, crate::domain::StoryEdit::BlockedReason(event_target_value(&ev)), Utc::now())
                                        });
                                    }
                                />
                            </Show>
                        </li>
                    }
                })
        }}
    }
}

/// Closing the sprint: where each unfinished story goes, then close.
#[component]
fn CloseSprint(number: u32, on_cancel: Callback<()>) -> impl IntoView {
    let state = app_state();
    let choices = RwSignal::new(HashMap::<StoryId, Unfinished>::new());
    let default = RwSignal::new(Unfinished::CarryOver);
    let unfinished = move || {
        state.workspace.with(|w| {
            w.unfinished_in_sprint(number)
                .map(|s| (s.id, w.story_key(s), s.title.to_string()))
                .collect::<Vec<_>>()
        })
    };
    let choice_of = move |id: StoryId| {
        choices
            .with(|c| c.get(&id).copied())
            .unwrap_or_else(|| default.get())
    };
    let all = move |to: Unfinished| {
        default.set(to);
        choices.set(HashMap::new());
    };
    let close = move |_| {
        let picked = choices.get_untracked();
        let fallback = default.get_untracked();
        if state
            .change(|w| w.close_sprint(number, &picked, fallback, Utc::now()))
            .is_some()
        {
            state.notify(format!("Sprint {number} closed."), None);
            navigate(&Route::Review { number });
        }
    };
    view! {
        <section class="close-sprint" aria-labelledby="close-heading">
            <h2 id="close-heading">{format!("Close sprint {number}")}</h2>
            <p>
                "Done stories count as completed. Choose where each unfinished story goes: into the next sprint, or back to the top of its team’s backlog."
            </p>
            <div class="actions">
                <button on:click=move |_| all(Unfinished::CarryOver)>{format!("All to sprint {}", carried_over_to(number))}</button>
                <button on:click=move |_| all(Unfinished::ReturnToBacklog)>"All back to the backlog"</button>
            </div>
            <ul class="unfinished">
                {move || {
                    let list = unfinished();
                    if list.is_empty() {
                        return view! { <li>"Every story is done."</li> }.into_any();
                    }
                    list.into_iter()
                        .map(|(id, key, title)| {
                            view! {
                                <li>
                                    <label>
                                        {format!("{key} {title}")}
                                        <select
                                            aria-label=format!("Where {key} goes")
                                            on:change=move |ev| {
                                                let to = if event_target_value(&ev) == "backlog" { Unfinished::ReturnToBacklog } else { Unfinished::CarryOver };
                                                choices.update(|c| { c.insert(id, to); });
                                            }
                                        >
                                            <option value="carry" selected=move || choice_of(id) == Unfinished::CarryOver>
                                                {format!("Carry over to sprint {}", carried_over_to(number))}
                                            </option>
                                            <option value="backlog" selected=move || choice_of(id) == Unfinished::ReturnToBacklog>
                                                "Back to the backlog"
                                            </option>
                                        </select>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <div class="actions">
                <button class="primary" on:click=close>{format!("Close sprint {number}")}</button>
                <button on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </section>
    }
}
