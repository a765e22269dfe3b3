//! Shown by both the facilitator's tab and the presenter window: the
//! revealed votes with their statistics, and the round's countdown.

use super::figures::FigureText;
use crate::domain::poker_stats::RoundStats;
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

/// The statistics of one slice's votes, in the facilitator's tab and the
/// presenter window (a participant's phone writes the same [`FigureText`]).
#[component]
pub fn Figures(
    /// The story key they are for.
    title: String,
    /// The figures.
    stats: RoundStats,
) -> impl IntoView {
    let text = FigureText::of(&stats);
    view! {
        <dl class="figures" aria-label=FigureText::label(&title)>
            {text.rows.into_iter().map(|(term, value)| view! { <div><dt>{term}</dt><dd>{value}</dd></div> }).collect_view()}
        </dl>
        {text.explain.map(|e| view! { <p class="explain">{e}</p> })}
        {text.break_notice.map(|b| view! { <p class="break-notice" role="status">{b}</p> })}
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
                    view! { <p class="countdown" class:up=s == 0 role="timer" aria-label="Countdown">{crate::ui::text::countdown(s)}</p> }
                })
        }}
    }
}
