//! The round under way: hidden voting (hot-seat, facilitator entry and
//! number keys, mixed as the facilitator likes), reveal with statistics,
//! re-vote and accept.

use super::stats::{Countdown, StatsView};
use crate::domain::deck::{BREAK, UNSURE, is_special, playable_labels};
use crate::domain::poker::Role;
use crate::domain::{ParticipantId, StoryId};
use crate::ui::state::app_state;
use chrono::Utc;
use leptos::prelude::*;

/// What the round area needs to know, recomputed on every change.
#[derive(Clone, Debug, PartialEq)]
struct RoundView {
    story: StoryId,
    key: String,
    title: String,
    number: u32,
    per_discipline: Option<String>,
    revealed: bool,
    /// (participant, name, voted, role)
    people: Vec<(ParticipantId, String, bool, Role)>,
    /// The voter whose turn it is (the session's next voter).
    next_voter: Option<ParticipantId>,
}

/// The round area.
#[component]
pub fn RoundPanel() -> impl IntoView {
    let state = app_state();
    let view_of = Memo::new(move |_| {
        state.workspace.with(|w| {
            let session = w.poker_session()?;
            let round = session.current_round()?;
            let story = w.story(round.story)?;
            Some(RoundView {
                story: round.story,
                key: w.story_key(story),
                title: story.title.to_string(),
                number: round.number,
                per_discipline: round
                    .backend_story
                    .and_then(|b| w.story(b))
                    .map(|b| w.story_key(b)),
                revealed: round.revealed_at.is_some(),
                people: session
                    .participants
                    .iter()
                    .map(|p| (p.id, p.name.to_string(), round.has_voted(p.id), p.role))
                    .collect(),
                next_voter: session.next_voter(),
            })
        })
    });
    // The voter whose card the next pick or key press records.
    let selected = RwSignal::new(None::<ParticipantId>);
    let next_voter = move || view_of.with(|v| v.as_ref().and_then(|v| v.next_voter));
    let current_voter = move || selected.get().or_else(next_voter);
    let vote = move |card: String| {
        let Some(voter) = current_voter() else {
            state.alert.set(Some(
                "Everyone has voted. Reveal, or pick a voter to change their vote.".into(),
            ));
            return;
        };
        if state
            .change(|w| w.cast_vote(voter, &card, Utc::now()))
            .is_some()
        {
            // Hot seat: the next person's turn; the pick is never shown.
            selected.set(None);
        }
    };
    // The card labels the voter whose turn it is can play, numbered for
    // the keys.
    let cards_for_voter = move || {
        if view_of.with(Option::is_none) {
            return Vec::new();
        }
        let voter = current_voter();
        state
            .workspace
            .with(|w| playable_labels(&w.cards_for_participant(voter)))
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let in_field = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if in_field || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let cards = cards_for_voter();
        let key = ev.key();
        let card = match key.as_str() {
            "?" => Some(UNSURE.to_string()),
            "c" | "C" | "b" | "B" => Some(BREAK.to_string()),
            digit if digit.len() == 1 && digit.chars().all(|c| c.is_ascii_digit()) => {
                let n: usize = digit.parse().unwrap_or(0);
                let index = if n == 0 { 9 } else { n - 1 };
                cards.get(index).filter(|c| !is_special(c)).cloned()
            }
            _ => None,
        };
        if let Some(card) = card {
            ev.prevent_default();
            vote(card);
        }
    };
    view! {
        <section class="poker-round" aria-labelledby="round-heading" tabindex="0" on:keydown=on_key>
            {move || match view_of.get() {
                None => view! {
                    <h2 id="round-heading">"No round under way"</h2>
                    <p>"Queue stories, add participants, then press Estimate on a story, or start with the next one."</p>
                    <NextStory />
                }.into_any(),
                Some(v) => {
                    let revealed = v.revealed;
                    let people = v.people.clone();
                    view! {
                        <h2 id="round-heading">
                            <span class="key">{v.key.clone()}</span>" "{v.title.to_string()}
                        </h2>
                        <p class="hint">
                            {format!("Round {}", v.number)}
                            {v.per_discipline.as_ref().map(|b| format!(" · per discipline: client votes for {}, backend votes for {b}", v.key))}
                        </p>
                        <Countdown />
                        <ul class="voters" aria-label="Votes">
                            {people
                                .into_iter()
                                .map(|(id, name, voted, role)| {
                                    let label = if role == Role::Observer {
                                        "observer"
                                    } else if voted {
                                        "voted"
                                    } else {
                                        "waiting"
                                    };
                                    view! {
                                        <li class:voted=voted class:turn=move || current_voter() == Some(id)>
                                            <button
                                                class="link"
                                                disabled=role == Role::Observer || revealed
                                                aria-pressed=move || (current_voter() == Some(id)).to_string()
                                                on:click=move |_| selected.set(Some(id))
                                            >
                                                {format!("{name}: {label}")}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <Show when=move || !revealed>
                            <p class="turn" aria-live="polite">
                                {move || {
                                    let name = state.workspace.with(|w| {
                                        current_voter().and_then(|p| w.poker_session().and_then(|s| s.participant(p)).map(|p| p.name.to_string()))
                                    });
                                    match name {
                                        Some(n) => format!("{n}’s turn: pick a card (or press its number key)."),
                                        None => "Everyone has voted.".into(),
                                    }
                                }}
                            </p>
                            <div class="cards" role="group" aria-label="Cards">
                                {move || {
                                    cards_for_voter()
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, card)| {
                                            let hint = match card.as_str() {
                                                UNSURE => "?".to_string(),
                                                BREAK => "C".to_string(),
                                                _ if i < 9 => (i + 1).to_string(),
                                                _ if i == 9 => "0".to_string(),
                                                _ => String::new(),
                                            };
                                            let c = card.clone();
                                            view! {
                                                <button class="poker-card" aria-label=format!("Card {card}") on:click=move |_| vote(c.clone())>
                                                    <span class="face">{card.clone()}</span>
                                                    <span class="keyhint" aria-hidden="true">{hint}</span>
                                                </button>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </div>
                            <button class="primary" on:click=move |_| { state.change(|w| w.reveal(Utc::now())); }>"Reveal"</button>
                        </Show>
                        <Show when=move || revealed>
                            <StatsView />
                            <Accept />
                        </Show>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Starts a round on the next story of the queue.
#[component]
fn NextStory() -> impl IntoView {
    let state = app_state();
    let next = move || {
        state.workspace.with(|w| {
            let id = w.next_queued_story()?;
            let key = w.story(id).map(|s| w.story_key(s))?;
            let split = w.backend_slice(id).is_some();
            Some((id, key, split))
        })
    };
    let per_discipline = RwSignal::new(false);
    view! {
        {move || {
            next()
                .map(|(id, key, split)| {
                    view! {
                        <div class="inline">
                            <button class="primary" on:click=move |_| {
                                let per = per_discipline.get_untracked() && split;
                                state.change(|w| w.start_round(id, per, Utc::now()));
                            }>{format!("Start with {key}")}</button>
                            <Show when=move || split>
                                <label class="inline">
                                    <input type="checkbox" prop:checked=move || per_discipline.get() on:change=move |ev| per_discipline.set(event_target_checked(&ev)) />
                                    "Client and backend estimate their own slice"
                                </label>
                            </Show>
                        </div>
                    }
                })
        }}
    }
}

/// Accept (the suggestion, or another card), or re-vote.
#[component]
fn Accept() -> impl IntoView {
    let state = app_state();
    let info = Memo::new(move |_| {
        state.workspace.with(|w| {
            let round = w.poker_session()?.current_round()?.clone();
            let (main, backend) = w.round_stats(&round);
            let key = w
                .story(round.story)
                .map(|s| w.story_key(s))
                .unwrap_or_default();
            let backend_key = round
                .backend_story
                .and_then(|b| w.story(b))
                .map(|s| w.story_key(s));
            let cards: Vec<String> = w
                .cards_for(round.story)
                .into_iter()
                .map(|c| c.label)
                .collect();
            let backend_cards: Vec<String> = round
                .backend_story
                .map(|b| w.cards_for(b).into_iter().map(|c| c.label).collect())
                .unwrap_or_default();
            Some((
                key,
                main.suggestion.map(|c| c.label),
                cards,
                backend_key,
                backend.and_then(|s| s.suggestion).map(|c| c.label),
                backend_cards,
            ))
        })
    });
    let pick = RwSignal::new(None::<String>);
    let backend_pick = RwSignal::new(None::<String>);
    let accept = move |_| {
        let Some((_, suggestion, _, backend_key, backend_suggestion, _)) = info.get_untracked()
        else {
            return;
        };
        let card = pick.get_untracked().or(suggestion);
        let backend_card = backend_key.and(backend_pick.get_untracked().or(backend_suggestion));
        let Some(card) = card else {
            state.alert.set(Some(
                "Pick the card to accept: nobody played a number card.".into(),
            ));
            return;
        };
        let accepted =
            state.change(|w| w.accept_and_continue(&card, backend_card.as_deref(), Utc::now()));
        if accepted.is_some() {
            pick.set(None);
            backend_pick.set(None);
            state.notify(format!("Estimate {card} accepted."), None);
        }
    };
    let select = move |label: String,
                       cards: Vec<String>,
                       suggestion: Option<String>,
                       target: RwSignal<Option<String>>| {
        view! {
            <label>
                {label.clone()}
                <select aria-label=label on:change=move |ev| target.set(Some(event_target_value(&ev)))>
                    {cards
                        .into_iter()
                        .map(|c| {
                            let selected = suggestion.as_deref() == Some(c.as_str());
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    };
    view! {
        {move || {
            info.get()
                .map(|(key, suggestion, cards, backend_key, backend_suggestion, backend_cards)| {
                    view! {
                        <div class="accept">
                            {select(format!("Estimate for {key}"), cards, suggestion, pick)}
                            {backend_key.map(|b| select(format!("Estimate for {b}"), backend_cards, backend_suggestion, backend_pick))}
                            <button class="primary" on:click=accept>"Accept"</button>
                            <button on:click=move |_| { state.change(|w| w.revote(Utc::now())); }>"Re-vote"</button>
                        </div>
                    }
                })
        }}
    }
}
