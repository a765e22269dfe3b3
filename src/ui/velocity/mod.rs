//! Velocity, forecasts and flow at `#/velocity`: per team committed vs
//! completed points, epic forecasts per platform, the running sprint's
//! burndown, lead and cycle times, throughput and releases. Every chart has
//! a data table beside it; with too little data the view says so.

mod charts;
mod releases;

use crate::domain::Points;
use crate::domain::TeamId;
use crate::domain::capacity::{Days, VELOCITY_WINDOW};
use crate::domain::forecast::Landing;
use crate::domain::velocity::{DEFAULT_SPRINTS_SHOWN, MAX_SPRINTS_SHOWN, parse_sprints_shown};
use crate::ui::state::app_state;
use crate::ui::time::today;
use charts::{BurnLine, PairedBars};
use leptos::prelude::*;
use releases::Releases;

/// The velocity view.
#[component]
pub fn VelocityView() -> impl IntoView {
    let state = app_state();
    let last = RwSignal::new(DEFAULT_SPRINTS_SHOWN);
    let only = RwSignal::new(None::<TeamId>);
    let teams = move || {
        let only = only.get();
        state.workspace.with(|w| {
            w.teams()
                .iter()
                .filter(|t| only.is_none_or(|o| o == t.id))
                .map(|t| t.id)
                .collect::<Vec<_>>()
        })
    };
    let options = move || {
        state.workspace.with(|w| {
            w.teams()
                .iter()
                .map(|t| (t.id, t.name.to_string()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="view velocity" aria-labelledby="velocity-heading">
            <h1 id="velocity-heading">"Velocity and forecasts"</h1>
            <div class="inline controls">
                <label>
                    "Sprints shown"
                    <input
                        type="number"
                        min="1"
                        max=MAX_SPRINTS_SHOWN.to_string()
                        prop:value=move || last.get().to_string()
                        on:change=move |ev| {
                            if let Some(n) = parse_sprints_shown(&event_target_value(&ev)) {
                                last.set(n);
                            }
                            // Show the number in use: a typed 500 reads 50,
                            // a word goes back to the last number.
                            event_target::<web_sys::HtmlInputElement>(&ev)
                                .set_value(&last.get_untracked().to_string());
                        }
                    />
                </label>
                <label>
                    "Teams"
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        only.set(options().into_iter().find(|t| t.0.to_string() == value).map(|t| t.0));
                    }>
                        <option value="">"All teams side by side"</option>
                        {move || options().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <Forecasts />
            <div class="team-metrics">
                <For each=teams key=|id| *id children=move |team| view! { <TeamMetrics team=team last=last /> } />
            </div>
            <Releases />
        </section>
    }
}

#[component]
fn TeamMetrics(team: TeamId, last: RwSignal<usize>) -> impl IntoView {
    let state = app_state();
    let name = move || {
        state
            .workspace
            .with(|w| w.team(team).map(|t| t.name.to_string()).unwrap_or_default())
    };
    let velocity = Memo::new(move |_| state.workspace.with(|w| w.velocity(team, last.get())));
    let flow = Memo::new(move |_| state.workspace.with(|w| w.flow(team, last.get())));
    let frequency = move || {
        state
            .workspace
            .with(|w| w.deployment_frequency(team, last.get()))
    };
    let days = |d: Option<f64>| d.map_or("–".to_string(), |d| Days(d).words());
    view! {
        <section class="team-velocity" aria-labelledby=format!("velocity-{team}")>
            <h2 id=format!("velocity-{team}")>{name}</h2>
            {move || {
                let v = velocity.get();
                if v.sprints.is_empty() {
                    return view! { <p class="hint">"No closed sprint yet, so no velocity: close a sprint on the board to start one."</p> }.into_any();
                }
                let rows: Vec<(String, f64, f64)> = v.sprints.iter().map(|s| (format!("S{}", s.sprint), s.committed, s.completed)).collect();
                let summary = format!(
                    "{} velocity over {}: average {} points",
                    name(),
                    crate::ui::text::count(v.sprints.len(), "sprint", "sprints"),
                    v.average.map_or("–".into(), |a| Points(a).to_string())
                );
                let (lo, hi) = v.range.unwrap_or((0.0, 0.0));
                view! {
                    <p class="figure">
                        {format!("Average of the last {}: {} points · range {}–{}", crate::ui::text::count(VELOCITY_WINDOW, "sprint", "sprints"), v.average.map_or("–".into(), |a| Points(a).to_string()), Points(lo), Points(hi))}
                    </p>
                    <div class="chart-and-table">
                        <PairedBars summary=summary rows=rows.clone() names=("committed", "completed") />
                        <table class="data">
                            <caption>{format!("{} velocity", name())}</caption>
                            <thead><tr><th scope="col">"Sprint"</th><th scope="col">"Committed"</th><th scope="col">"Completed"</th></tr></thead>
                            <tbody>
                                {v.sprints.iter().map(|s| view! { <tr><th scope="row">{s.sprint}</th><td>{Points(s.committed).to_string()}</td><td>{Points(s.completed).to_string()}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            <Burndown team=team />
            {move || {
                let f = flow.get();
                let throughput = if f.throughput.is_empty() {
                    "–".to_string()
                } else {
                    f.throughput.iter().map(|(n, c)| format!("S{n}: {c}")).collect::<Vec<_>>().join(", ")
                };
                let deploy = match frequency() {
                    Some((count, sprints)) => format!("{count} in the last {}", crate::ui::text::count(sprints, "sprint", "sprints")),
                    None => "–".into(),
                };
                view! {
                    <table class="data flow">
                        <caption>{format!("{} flow", name())}</caption>
                        <tbody>
                            <tr><th scope="row">"Lead time (created → done), 50th / 85th percentile"</th><td>{format!("{} / {}", days(f.lead_p50), days(f.lead_p85))}</td></tr>
                            <tr><th scope="row">"Cycle time (started → done), 50th / 85th percentile"</th><td>{format!("{} / {}", days(f.cycle_p50), days(f.cycle_p85))}</td></tr>
                            <tr><th scope="row">"Throughput (stories done per sprint)"</th><td>{throughput}</td></tr>
                            <tr><th scope="row">"Releases"</th><td>{deploy}</td></tr>
                        </tbody>
                    </table>
                    {(!f.is_telling()).then(|| view! { <p class="hint">{format!("Only {} done in these sprints: the percentiles are not yet telling.", crate::ui::text::stories(f.stories))}</p> })}
                }
            }}
        </section>
    }
}

/// The running sprint's burndown and burn-up for one team.
#[component]
fn Burndown(team: TeamId) -> impl IntoView {
    let state = app_state();
    let data = Memo::new(move |_| {
        state.workspace.with(|w| {
            let n = w.current_sprint();
            let days = w.burndown(team, n, today(), |t| {
                t.with_timezone(&chrono::Local).date_naive()
            });
            (n, days)
        })
    });
    view! {
        {move || {
            let (n, days) = data.get();
            let scope = days.first().map_or(0.0, |d| d.scope);
            if days.is_empty() || scope == 0.0 {
                return view! { <p class="hint">{format!("Nothing planned in sprint {n} yet, so no burndown.")}</p> }.into_any();
            }
            let remaining: Vec<Option<f64>> = days.iter().map(|d| d.remaining()).collect();
            let done: Vec<Option<f64>> = days.iter().map(|d| d.done).collect();
            let summary = format!("Sprint {n} burndown from {} points", Points(scope));
            view! {
                <details class="burndown">
                    <summary>{format!("Sprint {n} burndown and burn-up")}</summary>
                    <div class="chart-and-table">
                        <BurnLine summary=summary scope=scope points=remaining done=done />
                        <table class="data">
                            <caption>{format!("Sprint {n} by day")}</caption>
                            <thead><tr><th scope="col">"Day"</th><th scope="col">"Scope"</th><th scope="col">"Done"</th><th scope="col">"Remaining"</th></tr></thead>
                            <tbody>
                                {days.iter().map(|d| view! {
                                    <tr>
                                        <th scope="row">{d.day.format("%a %-d %b").to_string()}</th>
                                        <td>{Points(d.scope).to_string()}</td>
                                        <td>{d.done.map_or("–".into(), |p| Points(p).to_string())}</td>
                                        <td>{d.remaining().map_or("–".into(), |p| Points(p).to_string())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            }
                .into_any()
        }}
    }
}

/// Every open epic: when each platform's slice lands.
#[component]
fn Forecasts() -> impl IntoView {
    let state = app_state();
    let rows = Memo::new(move |_| {
        state.workspace.with(|w| {
            let name = |t: TeamId| w.team(t).map_or(String::new(), |t| t.name.to_string());
            let sprint = |n: u32| match w.cadence() {
                Some(c) => format!("sprint {n} (ends {})", c.end(n).format("%-d %b %Y")),
                None => format!("sprint {n}"),
            };
            w.epic_forecasts()
                .into_iter()
                .filter_map(|f| {
                    let epic = w.epic(f.epic)?;
                    let teams: Vec<(String, String, String, String)> = f
                        .teams
                        .iter()
                        .map(|t| {
                            let (when, range) = match t.landing {
                                Landing::Done => ("done".to_string(), String::new()),
                                Landing::NoVelocity => {
                                    ("no velocity yet".to_string(), String::new())
                                }
                                Landing::Sprint {
                                    expected,
                                    best,
                                    worst,
                                } => (
                                    sprint(expected),
                                    format!(
                                        "best sprint {best}, worst {}",
                                        worst.map_or(
                                            "unknown (a sprint with 0 points)".into(),
                                            |w| format!("sprint {w}")
                                        )
                                    ),
                                ),
                            };
                            let remaining = if t.unestimated > 0 {
                                format!("{} (+{} unestimated)", Points(t.remaining), t.unestimated)
                            } else {
                                Points(t.remaining).to_string()
                            };
                            (name(t.team), remaining, when, range)
                        })
                        .collect();
                    let mut notes = Vec::new();
                    if !f.last.is_empty() {
                        let names: Vec<String> = f.last.iter().map(|t| name(*t)).collect();
                        notes.push(format!("{} lands last.", names.join(" and ")));
                    }
                    for (client, on) in &f.waiting {
                        notes.push(format!(
                            "{} waits on {} work that lands later.",
                            name(*client),
                            name(*on)
                        ));
                    }
                    Some((format!("{} {}", epic.key(), epic.title), teams, notes))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="forecasts" aria-labelledby="forecast-heading">
            <h2 id="forecast-heading">"Epic forecasts"</h2>
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    return view! { <p class="hint">"No open epic with stories."</p> }.into_any();
                }
                list.into_iter()
                    .map(|(title, teams, notes)| {
                        view! {
                            <table class="data forecast">
                                <caption>{title}</caption>
                                <thead><tr><th scope="col">"Team"</th><th scope="col">"Points to go"</th><th scope="col">"Expected"</th><th scope="col">"Range"</th></tr></thead>
                                <tbody>
                                    {teams.into_iter().map(|(team, remaining, when, range)| view! { <tr><th scope="row">{team}</th><td>{remaining}</td><td>{when}</td><td>{range}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                            {notes.into_iter().map(|n| view! { <p class="lag">{n}</p> }).collect_view()}
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            <p class="hint">{format!("Points to go: the team’s unfinished stories up to the epic’s last slice in backlog order, divided by its average velocity of the last {}; the range uses its best and worst of those sprints.", crate::ui::text::count(VELOCITY_WINDOW, "sprint", "sprints"))}</p>
        </section>
    }
}
