//! Planning poker at `#/poker` (the facilitator's screen) and
//! `#/poker/present` (a second window for the projector, following the
//! session live).

mod decks;
pub mod figures;
pub mod live;
mod present;
mod round;
mod setup;
mod stats;

pub use present::PresenterView;

use crate::ui::route::Route;
use crate::ui::state::app_state;
use chrono::Utc;
use decks::DeckSettings;
use leptos::prelude::*;
use live::LiveRoomPanel;
use round::RoundPanel;
use setup::{Options, Participants, Queue};

/// The facilitator's poker view.
#[component]
pub fn PokerView() -> impl IntoView {
    let state = app_state();
    let has_session = move || state.workspace.with(|w| w.poker_session().is_some());
    let start = move |_| {
        state.change(|w| Ok(w.start_poker_session(Utc::now())));
    };
    let present = move |_| {
        let url = format!(
            "{}{}",
            window().location().pathname().unwrap_or_default(),
            Route::Present.href()
        );
        if window()
            .open_with_url_and_target(&url, "tandem-presenter")
            .ok()
            .flatten()
            .is_none()
        {
            state.alert.set(Some(
                "The browser blocked the presenter window. Allow pop-ups for Tandem, or open #/poker/present in another tab."
                    .into(),
            ));
        }
    };
    view! {
        <section class="view poker" aria-labelledby="poker-heading">
            <header class="poker-head">
                <h1 id="poker-heading">"Planning poker"</h1>
                <Show when=has_session>
                    <span class="hint">{move || state.workspace.with(|w| w.poker_session().map(|s| s.name.to_string()).unwrap_or_default())}</span>
                    <button on:click=present>"Open presenter window"</button>
                </Show>
                <button on:click=start>"New session"</button>
            </header>
            <Show
                when=has_session
                fallback=|| view! { <p>"Start a session to queue stories from any team and estimate them together."</p> }
            >
                <div class="poker-layout">
                    <div class="poker-main">
                        <LiveRoomPanel />
                        <RoundPanel />
                    </div>
                    <aside class="poker-side" aria-label="Session set-up">
                        <Queue />
                        <Participants />
                        <Options />
                        <details>
                            <summary>"Decks"</summary>
                            <DeckSettings />
                        </details>
                    </aside>
                </div>
            </Show>
        </section>
    }
}
