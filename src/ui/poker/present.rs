//! The presenter window at `#/poker/present`: the current story large, who
//! has voted (never what, before the reveal), the countdown, and the reveal
//! with its statistics. It follows the facilitator's tab by itself.

use super::live::PresenterJoin;
use super::stats::{Countdown, StatsView};
use crate::ui::state::app_state;
use leptos::prelude::*;

/// The projector view.
#[component]
pub fn PresenterView() -> impl IntoView {
    let state = app_state();
    let data = Memo::new(move |_| {
        state.workspace.with(|w| {
            let session = w.poker_session()?;
            let round = session.current_round()?;
            let story = w.story(round.story)?;
            let people: Vec<(String, bool)> = session
                .voters()
                .map(|p| (p.name.to_string(), round.has_voted(p.id)))
                .collect();
            Some((
                w.story_key(story),
                story.title.to_string(),
                round.number,
                people,
                round.revealed_at.is_some(),
            ))
        })
    });
    view! {
        <section class="presenter" aria-labelledby="present-heading">
            <PresenterJoin />
            {move || match data.get() {
                None => view! {
                    <h1 id="present-heading">"Planning poker"</h1>
                    <p class="big">"Waiting for the next story…"</p>
                }
                    .into_any(),
                Some((key, title, number, people, revealed)) => {
                    let voted = people.iter().filter(|p| p.1).count();
                    let total = people.len();
                    view! {
                        <p class="key">{format!("{key} · round {number}")}</p>
                        <h1 id="present-heading">{title}</h1>
                        <Countdown />
                        <p class="big">{format!("{voted} of {total} voted")}</p>
                        <ul class="presenter-voters" aria-label="Who has voted">
                            {people
                                .into_iter()
                                .map(|(name, has)| view! { <li class:voted=has>{format!("{name}: {}", if has { "voted" } else { "waiting" })}</li> })
                                .collect_view()}
                        </ul>
                        {revealed.then(|| view! { <StatsView /> })}
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
