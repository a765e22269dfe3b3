//! Shared sprint planning at `#/sprint/<n>`: one lane per team with its
//! product backlog beside its sprint backlog, load against capacity, and
//! the planning warnings on top. The review summary lives at
//! `#/sprint/<n>/review`.

mod cadence;
mod lane;
mod review;

pub use review::ReviewView;

use super::csv::CsvExportButton;
use super::route::Route;
use super::state::app_state;
use super::widgets::PrintButton;
use crate::domain::csv_export::CsvScope;
use crate::domain::sprint::SprintLane;
use crate::domain::{EpicId, PlanningWarning, SprintStanding, TeamId};
use cadence::CadenceForm;
use lane::Lane;
use leptos::prelude::*;
use std::collections::HashMap;

/// What the lanes of one planning view share.
#[derive(Clone, Copy)]
pub(crate) struct PlanCtx {
    /// The sprint being planned.
    pub number: u32,
    /// Only stories of this epic are shown, when set.
    pub epic: RwSignal<Option<EpicId>>,
    /// Every warning of the sprint.
    pub warnings: Memo<Vec<PlanningWarning>>,
    /// Each team's product and sprint backlog.
    pub lanes: Memo<HashMap<TeamId, SprintLane>>,
    /// The story being dragged.
    pub dragging: RwSignal<Option<crate::domain::StoryId>>,
}

/// The planning view of sprint `number` (the current sprint when `None`).
#[component]
pub fn SprintView(
    /// The sprint to plan; `None` for the current one.
    number: Option<u32>,
) -> impl IntoView {
    let state = app_state();
    let has_cadence = move || state.workspace.with(|w| w.cadence().is_some());
    let number = number.unwrap_or_else(|| state.workspace.with_untracked(|w| w.current_sprint()));
    view! {
        <section class="view sprint" aria-labelledby="sprint-heading">
            <Show
                when=has_cadence
                fallback=|| {
                    view! {
                        <h1 id="sprint-heading">"Sprint planning"</h1>
                        <p>
                            "All teams plan on one shared rhythm. Set the sprint length and the day sprint 1 starts; sprints are then numbered and dated for every team."
                        </p>
                        <CadenceForm />
                    }
                }
            >
                <SprintPlan number=number />
            </Show>
        </section>
    }
}

#[component]
fn SprintPlan(number: u32) -> impl IntoView {
    let state = app_state();
    let warnings = Memo::new(move |_| state.workspace.with(|w| w.planning_warnings(number)));
    let ctx = PlanCtx {
        number,
        epic: RwSignal::new(None),
        warnings,
        lanes: Memo::new(move |_| state.workspace.with(|w| w.sprint_lanes(number))),
        dragging: RwSignal::new(None),
    };
    provide_context(ctx);
    let dates = move || {
        state
            .workspace
            .with(|w| w.cadence().map(|c| c.dates(number)).unwrap_or_default())
    };
    let standing = move || match state.workspace.with(|w| w.sprint_standing(number)) {
        SprintStanding::Closed => "Closed: its plan is kept as a record.".to_string(),
        SprintStanding::Running => "Running now.".to_string(),
        SprintStanding::NextToStart => "Next to start.".to_string(),
        SprintStanding::PlannedAhead { current } => {
            format!("Planned ahead (the current sprint is sprint {current}).")
        }
    };
    let team_ids = move || {
        state
            .workspace
            .with(|w| w.teams().iter().map(|t| t.id).collect::<Vec<_>>())
    };
    let epics = move || {
        state.workspace.with(|w| {
            w.epics()
                .iter()
                .map(|e| (e.id, format!("{} {}", e.key(), e.title)))
                .collect::<Vec<_>>()
        })
    };
    let is_current = move || state.workspace.with(|w| w.current_sprint() == number);
    view! {
        <header class="sprint-head">
            <h1 id="sprint-heading">{format!("Sprint {number}")}</h1>
            <p class="sprint-dates">{dates}" · "{standing}</p>
            <nav aria-label="Sprints" class="sprint-nav">
                <Show when=move || { number > 1 }>
                    <a href=Route::Sprint { number: Some(number - 1) }.href()>{format!("← Sprint {}", number - 1)}</a>
                </Show>
                <a href=Route::Sprint { number: Some(number + 1) }.href()>{format!("Sprint {} →", number + 1)}</a>
                <Show when=is_current>
                    <a href=Route::Board.href()>"Board"</a>
                </Show>
                <a href=Route::Review { number }.href()>"Review"</a>
            </nav>
            <div class="sprint-actions no-print">
                <CsvExportButton scope=CsvScope::Sprint(number) />
                <PrintButton />
            </div>
            <label class="epic-filter">
                "Show epic"
                <select
                    aria-label="Filter all lanes by epic"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let epic = state
                            .workspace
                            .with_untracked(|w| w.epics().iter().find(|e| e.id.to_string() == value).map(|e| e.id));
                        ctx.epic.set(epic);
                    }
                >
                    <option value="">"All epics"</option>
                    {move || {
                        epics()
                            .into_iter()
                            .map(|(id, label)| view! { <option value=id.to_string()>{label}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <details class="cadence-edit">
                <summary>"Sprint rhythm"</summary>
                <CadenceForm />
            </details>
        </header>
        <Warnings />
        <div class="lanes">
            <For each=team_ids key=|id| *id children=move |team| view! { <Lane team=team /> } />
        </div>
    }
}

/// The warnings of the sprint, each linking to its story or lane.
#[component]
fn Warnings() -> impl IntoView {
    let state = app_state();
    let ctx = expect_context::<PlanCtx>();
    let items = move || {
        let warnings = ctx.warnings.get();
        state.workspace.with(|w| {
            warnings
                .iter()
                .map(|warning| {
                    let text = warning.describe(w);
                    let href = match warning.story().and_then(|id| w.story(id)) {
                        Some(s) => Some(lane_story_anchor(&w.story_key(s))),
                        None => warning
                            .team(w)
                            .and_then(|t| w.team(t))
                            .map(|t| format!("#{}", lane_anchor(t.key.as_str()))),
                    };
                    (text, href)
                })
                .collect::<Vec<_>>()
        })
    };
    let count = move || ctx.warnings.with(Vec::len);
    view! {
        <section class="warnings" aria-labelledby="warnings-heading">
            <h2 id="warnings-heading">
                {move || match count() {
                    0 => "No warnings".to_string(),
                    1 => "1 warning".to_string(),
                    n => format!("{n} warnings"),
                }}
            </h2>
            <div role="status">
            <ul aria-label="Planning warnings">
                {move || {
                    items()
                        .into_iter()
                        .map(|(text, href)| {
                            view! {
                                <li class="warning">
                                    {match href {
                                        Some(href) => {
                                            let go = href.clone();
                                            view! {
                                                <a
                                                    href=href
                                                    on:click=move |ev| {
                                                        ev.prevent_default();
                                                        focus_anchor(&go);
                                                    }
                                                >
                                                    {text}
                                                </a>
                                            }
                                                .into_any()
                                        }
                                        None => view! { <span>{text}</span> }.into_any(),
                                    }}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            </div>
        </section>
    }
}

/// The in-page anchor of a story row in its lane.
/// The id of a team's lane heading (`lane-ios`), where a team's warning
/// leads.
pub(crate) fn lane_anchor(team_key: &str) -> String {
    format!("lane-{}", team_key.to_lowercase())
}

pub(crate) fn lane_story_anchor(story_key: &str) -> String {
    format!("#plan-{}", story_key.to_lowercase())
}

/// Scrolls to and focuses an element of this page (the fragment holds the
/// route, so in-page anchors can't use it).
fn focus_anchor(anchor: &str) {
    use wasm_bindgen::JsCast;
    let id = anchor.trim_start_matches('#');
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.scroll_into_view();
        let _ = el.focus();
    }
}
