//! The participant page of a live poker room, `#/join/<code>?server=…&key=…`:
//! built for a phone held in one hand. A name typed once, the story of the
//! round, the deck as large buttons, the chosen card until the reveal, then
//! everyone's votes. It needs no workspace: the room sends what the round
//! needs. It is its own entry point (`join.html`, a small wasm) and also a
//! route of the full app (for the single-file build).

use crate::domain::limits::MAX_PERSON_NAME_CHARS;
use crate::domain::room::{DeviceId, JoinLink, Person, RoomRound, RoomState, SealedVote};
use crate::storage::live::room_doc::RoomDoc;
use crate::storage::live::settings::{self, Identity};
use crate::storage::live::socket::{Connection, LinkStatus, LiveEvent};
use crate::ui::poker::Figures;
use crate::ui::route::Route;
use leptos::prelude::*;
use std::time::Duration;

/// Mounts the participant page alone (the `join` entry point).
pub fn mount() {
    super::console_error_panic_hook_lite();
    leptos::mount::mount_to_body(JoinApp);
}

/// The participant page as a whole page: reads the link from the address.
#[component]
pub fn JoinApp() -> impl IntoView {
    let hash = RwSignal::new(window().location().hash().unwrap_or_default());
    // The page lives as long as the tab: the listener is never removed.
    std::mem::forget(window_event_listener(leptos::ev::hashchange, move |_| {
        hash.set(window().location().hash().unwrap_or_default())
    }));
    let rest = Memo::new(move |_| match Route::parse(&hash.get()) {
        Route::Join(rest) => rest,
        _ => String::new(),
    });
    view! { <main id="main">{move || view! { <JoinView link=rest.get() /> }}</main> }
}

/// What the page shows about the connection.
fn status_text(status: LinkStatus) -> &'static str {
    match status {
        LinkStatus::Connecting => "Connecting…",
        LinkStatus::Live => "Connected",
        LinkStatus::Reconnecting => {
            "Connection lost: reconnecting… Your vote is kept and sent when it's back."
        }
        LinkStatus::Offline => {
            "You are offline. Your vote is kept and sent when you are back online."
        }
        LinkStatus::Closed => "Disconnected",
    }
}

/// The participant page for one join link (the text after `#/join/`).
#[component]
pub fn JoinView(
    /// The join link's text after `#/join/`.
    link: String,
) -> impl IntoView {
    let parsed = JoinLink::parse(&link).map_err(|e| e.to_string()).and_then(|l| {
        let server = l.server.clone().or_else(settings::server).ok_or_else(|| {
            "This join link names no sync server, and none is set in this browser. Ask the facilitator for the link again."
                .to_string()
        })?;
        Ok((l, server))
    });
    let identity = settings::identity();
    match (parsed, identity) {
        (Err(e), _) | (_, Err(e)) => view! {
            <section class="join-page">
                <h1>"Planning poker"</h1>
                <p role="alert">{e}</p>
            </section>
        }
        .into_any(),
        (Ok((link, server)), Ok(identity)) => {
            view! { <Room link=link server=server identity=identity /> }.into_any()
        }
    }
}

/// What the page knows of the room.
#[derive(Clone, Debug, PartialEq, Default)]
struct Seen {
    state: Option<RoomState>,
    /// A refusal worth telling (a bad record from the room).
    problem: Option<String>,
}

#[component]
fn Room(
    link: JoinLink,
    server: crate::domain::room::ServerAddress,
    identity: Identity,
) -> impl IntoView {
    let name = RwSignal::new(identity.name.clone().unwrap_or_default());
    let joined = RwSignal::new(identity.name.is_some());
    let status = RwSignal::new(LinkStatus::Connecting);
    let seen = RwSignal::new(Seen::default());
    let chosen = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let connection = StoredValue::new_local(None::<Connection>);
    // The sealed vote this page last sent, to put back if overwritten.
    let sent = StoredValue::new_local(None::<SealedVote>);
    let device = identity.device.clone();
    let me = StoredValue::new_local(identity);
    let code = link.code.clone();
    let facilitator = link.facilitator.clone();

    // Reads the room after every change from the server; keeps only the
    // facilitator's newest signed state.
    let read_room = {
        let code = code.clone();
        let facilitator = facilitator.clone();
        move |room: &RoomDoc| match room.state(&facilitator) {
            Ok(Some(state)) => {
                let newer =
                    seen.with_untracked(|s| s.state.as_ref().is_none_or(|old| state.at > old.at));
                if newer {
                    let round_key = state.round.as_ref().map(|r| r.seal_key.clone());
                    let remembered = round_key
                        .as_deref()
                        .and_then(|k| settings::remembered_vote(&code, k));
                    if chosen.get_untracked() != remembered {
                        chosen.set(remembered);
                    }
                    seen.set(Seen {
                        state: Some(state),
                        problem: None,
                    });
                }
            }
            Ok(None) => {}
            Err(e) => seen.update(|s| s.problem = Some(e.to_string())),
        }
    };
    // Our own records, put back if someone overwrote them (any device can
    // write anywhere in the room).
    let keep_ours = move |connection: &Connection| {
        let room = connection.room();
        me.with_value(|me| {
            let person = Person {
                name: name.get_untracked(),
                key: me.key.public_hex(),
            };
            let listed = room
                .people()
                .into_iter()
                .any(|(d, p)| d == me.device && p == person);
            if !listed {
                connection.send_update(room.write_person(&me.device, &person));
            }
            let round = seen.with_untracked(|s| s.state.as_ref().and_then(|s| s.round.clone()));
            if let (Some(round), Some(card)) = (round, chosen.get_untracked())
                && round.results.is_none()
                && room
                    .vote_of(&me.device)
                    .is_none_or(|v| v.round != round.seal_key)
            {
                seal_and_send(connection, &round, me, &card);
            }
        });
    };

    // The page connects as it loads, so the room is read while the name is
    // typed: *Join* then only announces this device (its presence and
    // person record), and the deck shows at once.
    let presence = move || {
        me.with_value(|me| {
            serde_json::json!({ "device": me.device.as_str(), "name": name.get_untracked() })
                .to_string()
        })
    };
    let connection_value = Connection::open(
        &server,
        &code,
        RoomDoc::new(),
        joined.get_untracked().then(presence).as_deref(),
        move |event| match event {
            LiveEvent::Status(s) => status.set(s),
            LiveEvent::Doc => {
                if let Some(c) = connection.get_value() {
                    read_room(&c.room());
                    if joined.get_untracked() {
                        keep_ours(&c);
                    }
                }
            }
            LiveEvent::Presence => {}
            LiveEvent::Problem(p) => seen.update(|s| s.problem = Some(p)),
        },
    );
    if joined.get_untracked() {
        keep_ours(&connection_value);
    }
    connection.set_value(Some(connection_value));
    on_cleanup(move || {
        if let Some(c) = connection.try_update_value(Option::take).flatten() {
            c.close();
        }
    });

    let submit_name = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match crate::domain::poker::participant_name(&name.get_untracked()) {
                Ok(clean) => {
                    name.set(clean.to_string());
                    me.with_value(|me| {
                        if let Err(e) = settings::remember_name(me, &clean) {
                            alert.set(Some(format!("{e} Your name is used for this visit only.")));
                        }
                    });
                    joined.set(true);
                    if let Some(c) = connection.get_value() {
                        // A new name, or the first: tell the room.
                        c.set_presence(&presence());
                        keep_ours(&c);
                    }
                }
                Err(e) => alert.set(Some(e.to_string())),
            }
        }
    };

    let vote = {
        let code = code.clone();
        move |card: String| {
            let round = seen.with_untracked(|s| s.state.as_ref().and_then(|s| s.round.clone()));
            let Some(round) = round else { return };
            if round.results.is_some() {
                return;
            }
            let Some(c) = connection.get_value() else {
                return;
            };
            let sealed = me.with_value(|me| seal_and_send(&c, &round, me, &card));
            if sealed.is_some() {
                sent.set_value(sealed);
                settings::remember_vote(&code, &round.seal_key, &card);
                chosen.set(Some(card));
            } else {
                alert.set(Some(
                    "Your vote could not be sealed: this browser could not make random numbers."
                        .into(),
                ));
            }
        }
    };

    let turned_away = Memo::new({
        let device = device.clone();
        move |_| seen.with(|s| s.state.as_ref().and_then(|st| st.turned_away(&device)))
    });
    let round = Memo::new(move |_| seen.with(|s| s.state.as_ref().and_then(|st| st.round.clone())));
    let session = Memo::new(move |_| seen.with(|s| s.state.as_ref().map(|st| st.session.clone())));

    view! {
        <section class="join-page" aria-labelledby="join-heading">
            <header class="join-head">
                <h1 id="join-heading">"Planning poker"</h1>
                {move || session.get().map(|s| view! { <p class="hint">{s}</p> })}
                <Show when=move || joined.get()>
                    <p class="join-status" class:live=move || status.get() == LinkStatus::Live role="status">
                        {move || status_text(status.get())}
                    </p>
                </Show>
            </header>
            {move || alert.get().map(|a| view! { <p role="alert">{a}</p> })}
            {move || seen.with(|s| s.problem.clone()).map(|p| view! { <p class="notice" role="status">{p}</p> })}
            <Show
                when=move || joined.get()
                fallback=move || view! {
                    <form class="join-name" on:submit=submit_name>
                        <label for="join-name-input">"Your name"</label>
                        <input id="join-name-input" type="text" autocomplete="name" maxlength=MAX_PERSON_NAME_CHARS.to_string() required
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev)) />
                        <button class="primary" type="submit">"Join"</button>
                    </form>
                }
            >
                <p class="join-me">
                    {move || format!("You are {}.", name.get())}" "
                    <button class="link" on:click=move |_| joined.set(false)>"Change name"</button>
                </p>
                {
                    let device = device.clone();
                    let vote = vote.clone();
                    move || {
                        if let Some(reason) = turned_away.get() {
                            return view! { <p role="alert">{reason.to_string()}</p> }.into_any();
                        }
                        match round.get() {
                            None => view! {
                                <p class="join-waiting">"Waiting for the facilitator to start a round…"</p>
                            }.into_any(),
                            Some(round) => view! {
                                <RoundView round=round device=device.clone() chosen=chosen vote=vote.clone() />
                            }.into_any(),
                        }
                    }
                }
            </Show>
        </section>
    }
}

/// Seals `card` for `round` and sends it; `None` when no random nonce
/// could be had.
fn seal_and_send(
    connection: &Connection,
    round: &RoomRound,
    me: &Identity,
    card: &str,
) -> Option<SealedVote> {
    let nonce = settings::random::<24>().ok()?;
    let sealed = SealedVote::seal(round, &me.device, &me.key, card, nonce).ok()?;
    connection.send_update(connection.room().write_vote(&me.device, &sealed));
    Some(sealed)
}

/// One round on the phone: the story, the deck, then the reveal.
#[component]
fn RoundView<F>(
    /// The round, as the facilitator published it.
    round: RoomRound,
    /// This device.
    device: DeviceId,
    /// The card chosen here, if any.
    chosen: RwSignal<Option<String>>,
    /// Plays a card.
    vote: F,
) -> impl IntoView
where
    F: Fn(String) + Clone + Send + Sync + 'static,
{
    let story = round.story_for(&device).clone();
    let labels = round.labels_for(&device);
    let revealed = round.results.clone();
    let stats = round.stats();
    let ends_at = round.ends_at;
    view! {
        <article class="join-story" aria-labelledby="join-story-title">
            <p class="join-key">
                <span class="key">{story.key.clone()}</span>
                {(!story.team.is_empty()).then(|| format!(" · {}", story.team))}
                {format!(" · round {}", round.number)}
            </p>
            <h2 id="join-story-title">{story.title.to_string()}</h2>
            {(!story.description.is_empty()).then(|| view! { <p class="join-description">{story.description.clone()}</p> })}
            {(!story.criteria.is_empty()).then(|| view! {
                <h3>"Acceptance criteria"</h3>
                <ul class="join-criteria" aria-label="Acceptance criteria">
                    {story.criteria.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                </ul>
            })}
        </article>
        {ends_at.filter(|_| revealed.is_none()).map(|ends| view! { <Countdown ends_at=ends /> })}
        {match revealed {
            None => view! {
                <p class="join-pick" aria-live="polite">
                    {move || match chosen.get() {
                        Some(c) => format!("Your vote: {c}. You can change it until the reveal."),
                        None => "Pick your card.".to_string(),
                    }}
                </p>
                <div class="join-deck" role="group" aria-label="Cards">
                    {labels.into_iter().map(|label| {
                        let vote = vote.clone();
                        let l = label.clone();
                        let pressed = {
                            let label = label.clone();
                            move || (chosen.get().as_deref() == Some(label.as_str())).to_string()
                        };
                        view! {
                            <button class="join-card" aria-label=format!("Card {label}") aria-pressed=pressed on:click=move |_| vote(l.clone())>
                                {label.clone()}
                            </button>
                        }
                    }).collect_view()}
                </div>
            }.into_any(),
            Some(results) => view! {
                <div class="reveal">
                    <table class="votes">
                        <caption>"Votes"</caption>
                        <thead><tr><th scope="col">"Who"</th><th scope="col">"Card"</th></tr></thead>
                        <tbody>
                            {results.into_iter().map(|v| view! { <tr><th scope="row">{v.name}</th><td>{v.card}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                    {stats.map(|(main, backend)| view! {
                        <Figures title=round.story.key.clone() stats=main />
                        {round.backend.clone().zip(backend).map(|(slice, s)| view! { <Figures title=slice.story.key stats=s /> })}
                    })}
                    <p class="join-waiting">"The next story arrives by itself."</p>
                </div>
            }.into_any(),
        }}
    }
}

/// The round's countdown on the phone.
#[component]
fn Countdown(
    /// When it ends, in ms since 1970.
    ends_at: i64,
) -> impl IntoView {
    let now = RwSignal::new(js_sys::Date::now() as i64);
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(js_sys::Date::now() as i64),
        Duration::from_millis(250),
    ) {
        on_cleanup(move || handle.clear());
    }
    view! {
        {move || {
            let s = ((ends_at - now.get()) / 1000).max(0);
            let text = if s == 0 { "Time is up".to_string() } else { format!("{}:{:02} left", s / 60, s % 60) };
            view! { <p class="countdown" role="timer" aria-label="Countdown">{text}</p> }
        }}
    }
}
