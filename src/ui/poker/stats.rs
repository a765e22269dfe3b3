//! Shown by both the facilitator's tab and the presenter window: the
//! revealed votes with their statistics, and the round's countdown.

use crate::domain::Points;
use crate::domain::poker_stats::{BREAK_VOTES, RoundStats};
use crate::ui::state::app_state;
use chrono::Utc;
use leptos::prelude::*;
use std::time::Duration;

/// The revealed votes and statistics of the current round.
#[component]
pub fn StatsView() -> impl IntoView {
    let state = app_state();
    let data = Memo::new(move |_| {
        state.workspace.with(|w| {
            let session = w.poker_session()?;
            let round = session.current_round()?;
            round.revealed_at?;
            let votes: Vec<(String, String)> = round
                .votes
                .iter()
                .map(|v| {
                    let name = session
                        .participant(v.participant)
                        .map_or("someone who left".into(), |p| p.name.to_string());
                    (name, v.card.clone())
                })
                .collect();
            let (main, backend) = w.round_stats(round);
            let key = w
                .story(round.story)
                .map(|s| w.story_key(s))
                .unwrap_or_default();
            let backend_key = round
                .backend_story
                .and_then(|b| w.story(b))
                .map(|s| w.story_key(s));
            Some((votes, key, main, backend_key, backend))
        })
    });
    view! {
        {move || {
            data.get()
                .map(|(votes, key, main, backend_key, backend)| {
                    view! {
                        <div class="reveal">
                            <table class="votes">
                                <caption>"Votes"</caption>
                                <thead><tr><th scope="col">"Who"</th><th scope="col">"Card"</th></tr></thead>
                                <tbody>
                                    {votes.into_iter().map(|(who, card)| view! { <tr><th scope="row">{who}</th><td>{card}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                            <Figures title=key stats=main />
                            {backend_key.zip(backend).map(|(k, s)| view! { <Figures title=k stats=s /> })}
                        </div>
                    }
                })
        }}
    }
}

/// The statistics of one slice's votes (also shown on participants' phones).
#[component]
pub fn Figures(
    /// The story key they are for.
    title: String,
    /// The figures.
    stats: RoundStats,
) -> impl IntoView {
    let label = |c: &Option<crate::domain::deck::Card>| {
        c.as_ref().map_or("–".to_string(), |c| c.label.clone())
    };
    let modes = if stats.modes.is_empty() {
        "–".to_string()
    } else {
        stats
            .modes
            .iter()
            .map(|c| c.label.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = |list: &[String]| {
        if list.is_empty() {
            "–".to_string()
        } else {
            list.join(", ")
        }
    };
    view! {
        <dl class="figures" aria-label=format!("Statistics for {title}")>
            <div><dt>"Consensus"</dt><dd>{if stats.consensus { "Yes" } else { "No" }}</dd></div>
            <div><dt>"Min"</dt><dd>{label(&stats.min)}</dd></div>
            <div><dt>"Max"</dt><dd>{label(&stats.max)}</dd></div>
            <div><dt>"Median"</dt><dd>{stats.median.map_or("–".to_string(), |m| Points(m).to_string())}</dd></div>
            <div><dt>"Mode"</dt><dd>{modes}</dd></div>
            <div><dt>"Spread"</dt><dd>{crate::ui::text::count(stats.spread, "card", "cards")}</dd></div>
            <div><dt>"Lowest"</dt><dd>{names(&stats.lowest)}</dd></div>
            <div><dt>"Highest"</dt><dd>{names(&stats.highest)}</dd></div>
            <div><dt>"Unsure (?)"</dt><dd>{stats.unsure}</dd></div>
            <div><dt>"Break (☕)"</dt><dd>{stats.breaks}</dd></div>
            <div><dt>"Suggestion"</dt><dd>{label(&stats.suggestion)}</dd></div>
        </dl>
        {(!stats.consensus && !stats.lowest.is_empty()).then(|| view! {
            <p class="explain">{format!("{} (lowest) and {} (highest): please explain your cards.", names(&stats.lowest), names(&stats.highest))}</p>
        })}
        {stats.suggest_break.then(|| view! { <p class="break-notice" role="status">{format!("{BREAK_VOTES} or more ☕: time for a break.")}</p> })}
    }
}

/// The countdown of the current round, if it has one.
#[component]
pub fn Countdown() -> impl IntoView {
    let state = app_state();
    let now = RwSignal::new(Utc::now());
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(Utc::now()), Duration::from_millis(250))
    {
        on_cleanup(move || handle.clear());
    }
    let left = move || {
        let ends = state.workspace.with(|w| {
            w.poker_session()
                .and_then(|s| s.current_round())
                .filter(|r| r.revealed_at.is_none())
                .and_then(|r| r.ends_at)
        })?;
        Some((ends - now.get()).num_seconds().max(0))
    };
    view! {
        {move || {
            left()
                .map(|s| {
                    let text = if s == 0 { "Time is up".to_string() } else { format!("{}:{:02} left", s / 60, s % 60) };
                    view! { <p class="countdown" class:up=s == 0 role="timer" aria-label="Countdown">{text}</p> }
                })
        }}
    }
}
