//! Decks: each team's default deck and T-shirt points, and custom decks.

use crate::domain::TeamId;
use crate::domain::deck::{TSHIRT_SIZES, cards_text, parse_cards};
use crate::domain::limits::MAX_DECK_NAME_CHARS;
use crate::ui::state::app_state;
use leptos::prelude::*;

/// Deck settings of every team, and the custom decks.
#[component]
pub fn DeckSettings() -> impl IntoView {
    let state = app_state();
    let teams = move || state.team_names();
    let name = RwSignal::new(String::new());
    let cards = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = parse_cards(&cards.get_untracked());
        let added = match parsed {
            Ok(list) => state
                .change(|w| w.add_custom_deck(&name.get_untracked(), list))
                .is_some(),
            Err(e) => {
                state.alert.set(Some(e.to_string()));
                false
            }
        };
        if added {
            name.set(String::new());
            cards.set(String::new());
        }
    };
    view! {
        <div class="deck-settings">
            <For each=teams key=|t| t.clone() children=move |(id, team)| view! { <TeamDeckRow team=id name=team /> } />
            <ul class="custom-decks" aria-label="Custom decks">
                {move || {
                    state
                        .workspace
                        .with(|w| w.custom_decks().to_vec())
                        .into_iter()
                        .map(|deck| {
                            let id = deck.id;
                            let text = cards_text(&deck.cards);
                            view! {
                                <li>
                                    <label>
                                        {deck.name.to_string()}
                                        <input
                                            type="text"
                                            aria-label=format!("Cards of {}", deck.name)
                                            prop:value=text
                                            on:change=move |ev| match parse_cards(&event_target_value(&ev)) {
                                                Ok(list) => {
                                                    state.change(|w| w.edit_custom_deck(id, list));
                                                }
                                                Err(e) => state.alert.set(Some(e.to_string())),
                                            }
                                        />
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <form class="stack" on:submit=add>
                <h3>"New custom deck"</h3>
                <input type="text" maxlength=MAX_DECK_NAME_CHARS.to_string() aria-label="Custom deck name" placeholder="Name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <input type="text" aria-label="Custom deck cards" placeholder="1, 2, 3, 5 or S=2, M=3" prop:value=move || cards.get() on:input=move |ev| cards.set(event_target_value(&ev)) />
                <button type="submit">"Add deck"</button>
            </form>
        </div>
    }
}

#[component]
fn TeamDeckRow(team: TeamId, name: String) -> impl IntoView {
    let state = app_state();
    let decks = move || {
        state.workspace.with(|w| {
            w.decks()
                .into_iter()
                .map(|d| (d, w.deck_name(d)))
                .collect::<Vec<_>>()
        })
    };
    let current = move || state.workspace.with(|w| w.default_deck(team));
    let points = move || {
        state
            .workspace
            .with(|w| w.deck_cards(crate::domain::deck::DeckRef::TShirt, Some(team)))
    };
    let n1 = name.clone();
    view! {
        <fieldset class="team-deck">
            <legend>{name.clone()}</legend>
            <label>
                "Default deck"
                <select
                    aria-label=format!("Default deck of {name}")
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(d) = decks().into_iter().map(|d| d.0).find(|d| format!("{d:?}") == value) {
                            state.change(|w| w.set_default_deck(team, d));
                        }
                    }
                >
                    {move || decks().into_iter().map(|(d, label)| view! { <option value=format!("{d:?}") selected=move || current() == d>{label}</option> }).collect_view()}
                </select>
            </label>
            <div class="tshirt">
                {TSHIRT_SIZES
                    .iter()
                    .enumerate()
                    .map(|(i, size)| {
                        let n = n1.clone();
                        view! {
                            <label>
                                {*size}
                                <input
                                    type="number"
                                    min="0"
                                    step="0.5"
                                    aria-label=format!("{n} points for {size}")
                                    prop:value=move || points().get(i).map(|c| c.points.to_string()).unwrap_or_default()
                                    on:change=move |ev| {
                                        let Ok(value) = event_target_value(&ev).trim().replace(',', ".").parse::<f64>() else {
                                            state.alert.set(Some("A size stands for a number of points.".into()));
                                            return;
                                        };
                                        let mut all: Vec<f64> = points().iter().map(|c| c.points.get()).collect();
                                        if let Some(slot) = all.get_mut(i) {
                                            *slot = value;
                                        }
                                        if let Ok(array) = <[f64; 6]>::try_from(all) {
                                            state.change(|w| w.set_tshirt_points(team, array));
                                        }
                                    }
                                />
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
