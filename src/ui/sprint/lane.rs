//! One team's lane in sprint planning: its product backlog beside its
//! sprint backlog, stories pulled in and out by drag and drop or by
//! keyboard, load against capacity, and days off for the sprint.

use super::{PlanCtx, lane_anchor, lane_story_anchor};
use crate::domain::capacity::Capacity;
use crate::domain::capacity::Days;
use crate::domain::member::parse_days_off;
use crate::domain::sprint::DELETED_STORY;
use crate::domain::story::filter_query;
use crate::domain::{Estimate, Points};
use crate::domain::{StoryId, TeamId};
use crate::ui::backlog::story_href;
use crate::ui::keyed::{ForStory, KeyedRows, RowCells, field};
use crate::ui::state::app_state;
use chrono::Utc;
use leptos::prelude::*;

/// How many product-backlog stories a lane lists before asking for a filter.
const SHOWN: usize = 50;

/// A story as a lane row shows it.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: StoryId,
    key: String,
    title: String,
    estimate: Option<Estimate>,
    status: &'static str,
    warnings: Vec<String>,
}

impl ForStory for Row {
    fn story_id(&self) -> StoryId {
        self.id
    }
}

/// One of a lane's two lists.
#[derive(Clone, Debug, Default, PartialEq)]
struct LaneList {
    rows: KeyedRows<Row>,
    /// Matching stories left out (a product backlog lists at most [`SHOWN`]).
    more: usize,
}

/// One team's lane: its planning, or once the sprint is closed, its record.
#[component]
pub fn Lane(
    /// The team of this lane.
    team: TeamId,
) -> impl IntoView {
    let state = app_state();
    let n = expect_context::<PlanCtx>().number;
    let closed = move || state.workspace.with(|w| w.is_closed(n));
    view! {
        <Show when=closed fallback=move || view! { <PlanLane team=team /> }>
            <RecordLane team=team />
        </Show>
    }
}

/// The team a lane belongs to, as its heading shows it.
#[derive(Clone, Debug, Default, PartialEq)]
struct LaneTeam {
    name: String,
    key: String,
    colour: String,
}

impl LaneTeam {
    fn heading_id(&self) -> String {
        format!("{}-heading", lane_anchor(&self.key))
    }
}

/// The lane's team, following renames and recolours.
fn lane_team(team: TeamId) -> Memo<LaneTeam> {
    let state = app_state();
    Memo::new(move |_| {
        state.workspace.with(|w| {
            w.team(team)
                .map(|t| LaneTeam {
                    name: t.name.to_string(),
                    key: t.key.to_string(),
                    colour: t.colour.to_string(),
                })
                .unwrap_or_default()
        })
    })
}

/// A lane's heading: the team's colour and name; its name is where a
/// warning about the team leads (`lane-<key>`).
#[component]
fn LaneHeading(
    /// The lane's team.
    team: Memo<LaneTeam>,
) -> impl IntoView {
    view! {
        <h2 id=move || team.with(LaneTeam::heading_id)>
            <span class="team-dot" style=move || team.with(|t| format!("background:{}", t.colour)) aria-hidden="true"></span>
            <span id=move || team.with(|t| lane_anchor(&t.key)) tabindex="-1">{move || team.with(|t| t.name.to_string())}</span>
        </h2>
    }
}

/// A story as a closed sprint's lane shows it, from the sprint's record.
#[derive(Clone, Debug, PartialEq)]
struct RecordRow {
    id: StoryId,
    /// Empty for a story deleted since.
    key: String,
    title: String,
    points: Option<Estimate>,
    outcome: String,
    committed: bool,
}

impl ForStory for RecordRow {
    fn story_id(&self) -> StoryId {
        self.id
    }
}

/// What a closed sprint's lane shows: the points committed and completed
/// (none until the record is read) and the stories.
#[derive(Clone, Debug, Default, PartialEq)]
struct RecordList {
    points: Option<(f64, f64)>,
    rows: KeyedRows<RecordRow>,
}

/// One team's part of a closed sprint, read from the sprint's record: the
/// stories it held with their points then and what became of each.
#[component]
fn RecordLane(team: TeamId) -> impl IntoView {
    let state = app_state();
    let n = expect_context::<PlanCtx>().number;
    let info = lane_team(team);
    let name = move || info.with(|t| t.name.to_string());
    let record = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.closed_lane(team, n)
                .map(|lane| RecordList {
                    points: Some((lane.committed_points, lane.completed_points)),
                    rows: lane
                        .stories
                        .iter()
                        .map(|s| RecordRow {
                            id: s.id,
                            key: s.story.map(|story| w.story_key(story)).unwrap_or_default(),
                            title: s
                                .story
                                .map_or(DELETED_STORY.to_string(), |story| story.title.to_string()),
                            points: s.points,
                            outcome: s.outcome.label(n),
                            committed: s.committed,
                        })
                        .collect(),
                })
                .unwrap_or_default()
        })
    });
    let summary = move || {
        record.with(|r| {
            r.points.map_or_else(String::new, |(committed, completed)| {
                format!(
                    "Committed {}, completed {}.",
                    Points(committed).words(),
                    Points(completed)
                )
            })
        })
    };
    let ids = Memo::new(move |_| record.with(|r| r.rows.ids()));
    let cells = RowCells::new(record, |r: &RecordList| &r.rows);
    view! {
        <section class="lane record" aria-labelledby=move || info.with(LaneTeam::heading_id)>
            <LaneHeading team=info />
            <p class="record-summary">{summary}</p>
            <div class="lane-lists">
                <div class="lane-list sprint-list">
                    <h3>{format!("Sprint {n} backlog")}</h3>
                    <ul aria-label=move || format!("{} sprint {n} backlog", name())>
                        {move || ids.with(Vec::is_empty).then(|| view! { <li class="empty">"Nothing was planned."</li> })}
                        <For
                            each=move || ids.get()
                            key=|id| *id
                            children=move |id| view! { <RecordPlanRow row=cells.cell(id) team=info /> }
                        />
                    </ul>
                </div>
            </div>
        </section>
    }
}

/// A story of a closed sprint's lane.
#[component]
fn RecordPlanRow(
    /// What the record says of the story.
    row: ReadSignal<Option<RecordRow>>,
    /// The lane's team, for the story's address.
    team: Memo<LaneTeam>,
) -> impl IntoView {
    let key = field(row, |row| row.key.clone());
    let href = move || team.with(|t| story_href(&t.key, &key()));
    let added = field(row, |row| !row.committed);
    // A story deleted since has no key and nothing to link to.
    let link = move || {
        let k = key();
        if k.is_empty() {
            view! { "–" }.into_any()
        } else {
            view! { <a href=href>{k}</a> }.into_any()
        }
    };
    view! {
        <li class="plan-row">
            <span class="key">{link}</span>
            <span class="title">{field(row, |row| row.title.clone())}</span>
            <span class="points" title="Estimate when the sprint closed">
                {field(row, |row| row.points.map_or("–".to_string(), |p| p.to_string()))}
            </span>
            <span class="status" title="Outcome">{field(row, |row| row.outcome.clone())}</span>
            {move || added().then(|| view! { <span class="hint">"added during the sprint"</span> })}
        </li>
    }
}

/// One team's lane in the planning of a sprint not closed yet.
#[component]
fn PlanLane(team: TeamId) -> impl IntoView {
    let state = app_state();
    let ctx = expect_context::<PlanCtx>();
    let n = ctx.number;
    let query = RwSignal::new(String::new());
    let info = lane_team(team);
    let name = move || info.with(|t| t.name.to_string());
    let rows = move |in_sprint: bool| {
        let epic = ctx.epic.get();
        let warnings = ctx.warnings.get();
        let q = filter_query(&query.get());
        state.workspace.with(|w| {
            let positions = ctx.lanes.with(|lanes| {
                lanes
                    .get(&team)
                    .map(|l| {
                        if in_sprint {
                            l.planned.clone()
                        } else {
                            l.product.clone()
                        }
                    })
                    .unwrap_or_default()
            });
            let mut matching = positions
                .into_iter()
                .filter_map(|i| w.stories().get(i).map(|s| &**s))
                .filter(|s| s.in_epic(epic))
                .filter(|s| in_sprint || s.matches(|| w.story_key(s), &q));
            let mut out = Vec::new();
            let mut more = 0;
            for s in matching.by_ref() {
                if !in_sprint && out.len() >= SHOWN {
                    more += 1;
                    continue;
                }
                out.push(Row {
                    id: s.id,
                    key: w.story_key(s),
                    title: s.title.to_string(),
                    estimate: s.estimate,
                    status: s.status.label(),
                    warnings: warnings
                        .iter()
                        .filter(|x| x.story() == Some(s.id))
                        .map(|x| x.describe(w))
                        .collect(),
                });
            }
            LaneList {
                rows: out.into_iter().collect(),
                more,
            }
        })
    };
    let product = Memo::new(move |_| rows(false));
    let planned = Memo::new(move |_| rows(true));
    // The lists follow only which stories they hold, in what order; each
    // row follows its own data.
    // Keyed by id and story key: a key changes only when the team's key
    // does, so within a row the key, its address and labels stay put and
    // need no reactive node of their own (a lane builds a hundred rows).
    let keyed = |list: Memo<LaneList>| {
        Memo::new(move |_| {
            list.with(|l| {
                l.rows
                    .ids()
                    .into_iter()
                    .map(|id| {
                        (
                            id,
                            l.rows.get(id).map(|r| r.key.clone()).unwrap_or_default(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let product_ids = keyed(product);
    let planned_ids = keyed(planned);
    let product_cells = RowCells::new(product, |l: &LaneList| &l.rows);
    let planned_cells = RowCells::new(planned, |l: &LaneList| &l.rows);
    let capacity = Memo::new(move |_| state.workspace.with(|w| w.capacity(team, n)));
    let drop_into = move |sprint: Option<u32>| {
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            if let Some(id) = ctx.dragging.get_untracked() {
                ctx.dragging.set(None);
                let same_team = state
                    .workspace
                    .with_untracked(|w| w.story(id).is_some_and(|s| s.team == team));
                if same_team {
                    state.change(|w| w.plan_story(id, sprint, Utc::now()));
                }
            }
        }
    };
    view! {
        <section class="lane" aria-labelledby=move || info.with(LaneTeam::heading_id)>
            <LaneHeading team=info />
            <CapacityBar capacity=capacity />
            <div class="lane-lists">
                <div
                    class="lane-list"
                    on:dragover=move |ev| ev.prevent_default()
                    on:drop=drop_into(None)
                >
                    <h3>"Product backlog"</h3>
                    <input
                        type="search"
                        placeholder="Filter"
                        aria-label=move || format!("Filter the {} product backlog", name())
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                    <ul aria-label=move || format!("{} product backlog", name())>
                        <For
                            each=move || product_ids.get()
                            key=|row| row.clone()
                            children=move |(id, key)| view! { <PlanRow id=id story_key=key row=product_cells.cell(id) in_sprint=false team=info /> }
                        />
                    </ul>
                    {move || {
                        let more = product.with(|p| p.more);
                        (more > 0).then(|| view! { <p class="hint">{format!("and {more} more: filter to find them")}</p> })
                    }}
                </div>
                <div
                    class="lane-list sprint-list"
                    on:dragover=move |ev| ev.prevent_default()
                    on:drop=drop_into(Some(n))
                >
                    <h3>{format!("Sprint {n} backlog")}</h3>
                    <ul aria-label=move || format!("{} sprint {n} backlog", name())>
                        {move || {
                            planned_ids.with(Vec::is_empty).then(|| {
                                view! { <li class="empty">"Nothing planned yet: drag stories here, or use their → buttons."</li> }
                            })
                        }}
                        <For
                            each=move || planned_ids.get()
                            key=|row| row.clone()
                            children=move |(id, key)| view! { <PlanRow id=id story_key=key row=planned_cells.cell(id) in_sprint=true team=info /> }
                        />
                    </ul>
                </div>
            </div>
            <DaysOff team=team />
        </section>
    }
}

/// Load against capacity, as a bar with its numbers.
#[component]
fn CapacityBar(capacity: Memo<crate::domain::capacity::Capacity>) -> impl IntoView {
    let summary = move || {
        capacity.with(|c| {
            let load = format!("{} points planned", Points(c.load));
            let unestimated = if c.unestimated > 0 {
                format!(
                    " ({} without estimate)",
                    crate::ui::text::stories(c.unestimated)
                )
            } else {
                String::new()
            };
            let velocity = match c.velocity {
                Some(v) => format!(
                    "About {} fit: velocity {} (average of the last {}) × {}% availability.",
                    Points(v.points),
                    Points(v.average),
                    crate::ui::text::count(v.sprints, "closed sprint", "closed sprints"),
                    c.availability_percent()
                ),
                None => "No velocity yet: close a sprint to get a velocity-based capacity.".into(),
            };
            let people = if c.full_person_days > 0.0 {
                format!(
                    " {} of {} person-days available.",
                    Days(c.person_days),
                    Days(c.full_person_days)
                )
            } else {
                " No members with a share of this team yet.".into()
            };
            format!("{load}{unestimated}. {velocity}{people}")
        })
    };
    let fill = move || capacity.with(Capacity::fill_percent);
    let over = move || capacity.with(|c| c.is_over());
    view! {
        <div class="capacity" class:over=over>
            <div class="bar" aria-hidden="true">
                <span style=move || format!("width:{}%", fill())></span>
            </div>
            <p>
                <Show when=over>
                    <strong>"Over capacity. "</strong>
                </Show>
                {summary}
            </p>
        </div>
    }
}

/// A story in a lane, with its button to pull it into the sprint or out.
#[component]
fn PlanRow(
    /// The story shown.
    id: StoryId,
    /// Its key (`IOS-12`): the list re-creates the row if it changes.
    story_key: String,
    /// Its current data.
    row: ReadSignal<Option<Row>>,
    /// Whether it is in the sprint backlog (else the product backlog).
    in_sprint: bool,
    /// The lane's team, whose key the story's address starts with.
    team: Memo<LaneTeam>,
) -> impl IntoView {
    let state = app_state();
    let ctx = expect_context::<PlanCtx>();
    let n = ctx.number;
    let closed = state.workspace.with_untracked(|w| w.is_closed(n));
    let key = story_key;
    let href = team.with_untracked(|t| story_href(&t.key, &key));
    let label = if in_sprint {
        format!("Remove {key} from sprint {n}")
    } else {
        format!("Add {key} to sprint {n}")
    };
    let (arrow, target) = if in_sprint {
        ("←", None)
    } else {
        ("→", Some(n))
    };
    let anchor = lane_story_anchor(&key).trim_start_matches('#').to_string();
    let has_warnings = move || row.with(|r| r.as_ref().is_some_and(|r| !r.warnings.is_empty()));
    let warnings_label = format!("Warnings for {key}");
    // The title, points and status sit side by side: one reactive node
    // updates their texts in place (a lane builds a hundred rows).
    let texts = move || {
        row.with(|r| {
            let (title, points, status) = r
                .as_ref()
                .map(|r| {
                    (
                        r.title.clone(),
                        r.estimate.map_or("–".to_string(), |e| e.to_string()),
                        r.status,
                    )
                })
                .unwrap_or_default();
            view! {
                <span class="title">{title}</span>
                <span class="points" title="Estimate">{points}</span>
                {in_sprint.then(|| view! { <span class="status">{status}</span> })}
            }
        })
    };
    view! {
        <li
            class="plan-row"
            class:warned=has_warnings
            draggable=if closed { "false" } else { "true" }
            on:dragstart=move |ev| {
                ctx.dragging.set(Some(id));
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", "story");
                }
            }
            on:dragend=move |_| ctx.dragging.set(None)
        >
            <span class="key">
                <a href=href id=anchor tabindex="0">{key.clone()}</a>
            </span>
            {texts}
            {(!closed).then(|| {
                view! {
                    <button
                        class="icon"
                        aria-label=label.clone()
                        title=label
                        on:click=move |_| {
                            state.change(|w| w.plan_story(id, target, Utc::now()));
                        }
                    >
                        {arrow}
                    </button>
                }
            })}
            {move || {
                row.with(|r| {
                    r.as_ref().filter(|r| !r.warnings.is_empty()).map(|r| {
                        view! {
                            <ul class="row-warnings" aria-label=warnings_label.clone()>
                                {r.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                            </ul>
                        }
                    })
                })
            }}
        </li>
    }
}

/// Days off of the team's members in this sprint.
#[component]
fn DaysOff(team: TeamId) -> impl IntoView {
    let state = app_state();
    let ctx = expect_context::<PlanCtx>();
    let n = ctx.number;
    let members = move || {
        state.workspace.with(|w| {
            w.team_members(team)
                .map(|m| (m.id, m.name.to_string(), m.days_off_in(n)))
                .collect::<Vec<_>>()
        })
    };
    let limit = move || state.workspace.with(|w| w.working_days());
    view! {
        <details class="days-off">
            <summary>{format!("Days off in sprint {n}")}</summary>
            <Show
                when=move || !members().is_empty()
                fallback=|| view! { <p class="hint">"No members yet: add them on the Members page."</p> }
            >
                <ul>
                    {move || {
                        members()
                            .into_iter()
                            .map(|(id, name, days)| {
                                view! {
                                    <li>
                                        <label>
                                            {name.clone()}
                                            <input
                                                type="number"
                                                min="0"
                                                max=limit().to_string()
                                                step="0.5"
                                                prop:value=Days(days).to_string()
                                                aria-label=format!("{name}’s days off in sprint {n}")
                                                on:change=move |ev| {
                                                    match parse_days_off(&event_target_value(&ev)) {
                                                        Ok(d) => {
                                                            state.change(|w| w.set_days_off(id, n, d));
                                                        }
                                                        Err(e) => state.alert.set(Some(format!("{name}: {e}."))),
                                                    }
                                                }
                                            />
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </details>
    }
}
