//! The facilitator's side of a live room: the connection that follows the
//! session's room, the signed state it publishes whenever the round
//! changes, and the people and sealed votes it takes in. Remote input
//! enters the workspace through one path, [`LiveHost::take_in`], as one
//! [`AppState::change`]; the rules (who is who, which votes count) are the
//! domain's.

use crate::domain::room::{
    DeviceId, JoinLink, Presence, RoomCode, RoomPeople, RoomState, SealedVote,
};
use crate::domain::seal::SealKey;
use crate::domain::{ParticipantId, WorkspaceError};
use crate::storage::live::room_doc::RoomDoc;
use crate::storage::live::settings::{self, FacilitatorKeys};
use crate::storage::live::socket::{Connection, LinkStatus, LiveEvent};
use crate::ui::qr::QrCode;
use crate::ui::route::Route;
use crate::ui::state::{AppState, app_state};
use chrono::Utc;
use leptos::prelude::*;
use std::collections::HashMap;

/// The live room of the session, as this tab hosts it. Copy: signals and
/// stored values only.
#[derive(Clone, Copy)]
pub struct LiveHost {
    /// Where the connection stands; `None` without a room here.
    pub status: RwSignal<Option<LinkStatus>>,
    /// Devices in the room right now.
    pub online: RwSignal<Vec<DeviceId>>,
    /// Something about the room the facilitator should know.
    pub problem: RwSignal<Option<String>>,
    connection: StoredValue<Option<(RoomCode, Connection)>, LocalStorage>,
    keys: StoredValue<Option<FacilitatorKeys>, LocalStorage>,
    /// Who each device is: the person it first joined as.
    pinned: StoredValue<RoomPeople, LocalStorage>,
    /// What was last published (its `at` says when).
    published: StoredValue<Option<RoomState>, LocalStorage>,
    /// The card each sealed vote of this round opened to (`None`: it did
    /// not open). Opening costs a key agreement, and every update of the
    /// room would otherwise open every vote again.
    opened: StoredValue<HashMap<(DeviceId, SealedVote), Option<String>>, LocalStorage>,
}

/// The presence a facilitator's tab announces.
const FACILITATOR_PRESENCE: &str = "{\"role\":\"facilitator\"}";

impl LiveHost {
    /// Creates the host and lets it follow the session's room in this tab,
    /// except where `hosting` is false (the presenter window and a
    /// participant's page never host).
    pub fn install(state: AppState, hosting: Memo<bool>) -> LiveHost {
        let host = LiveHost {
            status: RwSignal::new(None),
            online: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
            connection: StoredValue::new_local(None),
            keys: StoredValue::new_local(None),
            pinned: StoredValue::new_local(RoomPeople::default()),
            published: StoredValue::new_local(None),
            opened: StoredValue::new_local(HashMap::new()),
        };
        provide_context(host);
        let room = Memo::new(move |_| state.workspace.with(|w| w.live_room()));
        Effect::new(move |_| {
            let code = room.get().filter(|_| hosting.get());
            host.follow(state, code);
        });
        // Effects run after the change that triggered them, outside any
        // document transaction.
        Effect::new(move |_| {
            state.workspace.track();
            host.publish(state, false);
        });
        host
    }

    fn follow(self, state: AppState, code: Option<RoomCode>) {
        let current = self
            .connection
            .with_value(|c| c.as_ref().map(|(code, _)| code.clone()));
        if current == code {
            return;
        }
        if let Some((_, connection)) = self.connection.try_update_value(Option::take).flatten() {
            connection.close();
        }
        self.status.set(None);
        self.online.set(Vec::new());
        self.published.set_value(None);
        self.pinned.set_value(RoomPeople::default());
        self.opened.set_value(HashMap::new());
        let Some(code) = code else {
            return;
        };
        let Some(keys) = settings::facilitator_keys(&code) else {
            self.problem.set(Some(
                "This session's live room was opened in another browser, so this one can't run it. Open a new live room here if you facilitate from this browser.".into(),
            ));
            return;
        };
        let Some(server) = settings::server() else {
            self.problem.set(Some(
                "No sync server address is set in this browser. Set it on the Import & export page; the room opens again by itself."
                    .into(),
            ));
            return;
        };
        self.keys.set_value(Some(keys));
        self.problem.set(None);
        self.status.set(Some(LinkStatus::Connecting));
        let connection = Connection::open(
            &server,
            &code,
            RoomDoc::new(),
            Some(FACILITATOR_PRESENCE),
            move |event| self.on_event(state, event),
        );
        self.connection.set_value(Some((code, connection)));
    }

    fn on_event(self, state: AppState, event: LiveEvent) {
        match event {
            LiveEvent::Status(status) => {
                self.status.set(Some(status));
                if status == LinkStatus::Live {
                    self.publish(state, false);
                }
            }
            LiveEvent::Doc => self.take_in(state),
            LiveEvent::Presence => self.refresh_presence(),
            LiveEvent::Problem(text) => self.problem.set(Some(text)),
        }
    }

    fn connection(&self) -> Option<Connection> {
        self.connection
            .with_value(|c| c.as_ref().map(|(_, c)| c.clone()))
    }

    /// The key votes of the current round are sealed to, made when the
    /// round is new.
    fn round_key(&self, state: AppState) -> Option<SealKey> {
        let marker = state.workspace.with_untracked(|w| {
            let session = w.poker_session()?;
            session.current_round()?;
            Some(format!("{}:{}", session.id, session.rounds.len()))
        })?;
        let mut keys = self.keys.get_value()?;
        if let Some((m, key)) = &keys.round
            && *m == marker
        {
            return Some(key.clone());
        }
        let key = match settings::random::<32>() {
            Ok(bytes) => SealKey::from_random(bytes),
            Err(e) => {
                self.problem.set(Some(e));
                return None;
            }
        };
        keys.round = Some((marker, key.clone()));
        settings::keep_facilitator_keys(&keys);
        self.keys.set_value(Some(keys));
        Some(key)
    }

    /// What the room should show now (its `at` still to be set).
    fn room_state(&self, state: AppState, closed: bool) -> Option<RoomState> {
        let keys = self.keys.get_value()?;
        let seal_key = self.round_key(state).map(|k| k.public_hex());
        Some(state.workspace.with_untracked(|w| {
            RoomState {
                at: 0,
                session: w
                    .poker_session()
                    .map(|s| s.name.to_string())
                    .unwrap_or_default(),
                round: seal_key.and_then(|k| w.room_round(&k)),
                removed: keys.removed.clone(),
                full: keys.full.clone(),
                closed,
            }
        }))
    }

    /// Publishes the room's state when it changed (or `force`).
    fn publish(self, state: AppState, force: bool) {
        self.publish_state(state, false, force);
    }

    fn publish_state(self, state: AppState, closed: bool, force: bool) {
        let Some(connection) = self.connection() else {
            return;
        };
        let Some(keys) = self.keys.get_value() else {
            return;
        };
        let Some(mut next) = self.room_state(state, closed) else {
            return;
        };
        let last = self.published.get_value();
        let unchanged = last
            .as_ref()
            .is_some_and(|l| RoomState { at: 0, ..l.clone() } == next);
        if unchanged && !force {
            return;
        }
        // Strictly later than the last, even if the clock stepped back.
        next.at = (Utc::now().timestamp_millis()).max(last.map_or(0, |l| l.at + 1));
        let update = connection.room().write_state(&next.sign(&keys.signer));
        connection.send_update(update);
        self.published.set_value(Some(next));
    }

    /// Takes in what the room's devices wrote: who joined, and their votes.
    fn take_in(self, state: AppState) {
        let (Some(connection), Some(keys)) = (self.connection(), self.keys.get_value()) else {
            return;
        };
        let room = connection.room();
        // Any device can overwrite the state; put ours back unless the
        // document holds a newer one of ours (from another of our tabs).
        let ours = room.state(&keys.signer.public_hex());
        let published_at = self.published.with_value(|p| p.as_ref().map(|p| p.at));
        let intact = matches!((&ours, published_at), (Ok(Some(s)), Some(at)) if s.at >= at);
        if !intact {
            self.publish(state, true);
        }
        let people = room.people();
        let counted = self
            .pinned
            .try_update_value(|p| p.admit_all(&people, &keys.removed, &keys.full))
            .unwrap_or_default();
        let joins: Vec<(DeviceId, String)> = state.workspace.with_untracked(|w| {
            counted
                .into_iter()
                .filter(|(device, person)| w.needs_join(device, &person.name))
                .map(|(device, person)| (device, person.name))
                .collect()
        });
        let votes = self.open_votes(&room, &keys);
        let changed_votes = state
            .workspace
            .with_untracked(|w| w.live_vote_changes(&votes).is_ok_and(|c| !c.is_empty()));
        if joins.is_empty() && !changed_votes {
            return;
        }
        let mut full = Vec::new();
        state.change(|w| {
            for (device, name) in &joins {
                match w.join_live(device, name) {
                    Ok(_) => {}
                    Err(WorkspaceError::RoomFull) => full.push(device.clone()),
                    Err(e) => return Err(e),
                }
            }
            w.take_live_votes(&votes, Utc::now()).map(|_| ())
        });
        if !full.is_empty() {
            self.keys.update_value(|k| {
                if let Some(k) = k {
                    k.full.extend(full);
                    settings::keep_facilitator_keys(k);
                }
            });
            self.publish(state, false);
        }
    }

    /// The cards of this round's sealed votes that open with our key and
    /// come from the device's first key.
    fn open_votes(&self, room: &RoomDoc, keys: &FacilitatorKeys) -> Vec<(DeviceId, String)> {
        let Some((_, round_key)) = &keys.round else {
            return Vec::new();
        };
        let Some(round) = self
            .published
            .with_value(|p| p.as_ref().and_then(|p| p.round.clone()))
        else {
            return Vec::new();
        };
        let ballots = self.pinned.with_value(|p| {
            p.ballots(
                &round,
                &round_key.public_hex(),
                room.votes(),
                &keys.removed,
                &keys.full,
            )
        });
        self.opened
            .update_value(|o| o.retain(|(_, vote), _| vote.round == round.seal_key));
        ballots
            .into_iter()
            .filter_map(|(device, vote, person)| {
                let key = (device, vote);
                let known = self.opened.with_value(|o| o.get(&key).cloned());
                let card = match known {
                    Some(card) => card,
                    None => {
                        let (device, vote) = &key;
                        let card = vote.open(&round, round_key, device, &person).ok();
                        self.opened
                            .update_value(|o| _ = o.insert(key.clone(), card.clone()));
                        card
                    }
                };
                Some((key.0, card?))
            })
            .collect()
    }

    fn refresh_presence(&self) {
        let Some(connection) = self.connection() else {
            return;
        };
        let online = Presence::devices_present(&connection.others());
        if self.online.with_untracked(|o| *o != online) {
            self.online.set(online);
        }
    }

    /// Opens a live room for the current session.
    pub fn open_room(&self, state: AppState) {
        if settings::server().is_none() {
            state.alert.set(Some(
                "Set the sync server address on the Import & export page first: the live room runs through it.".into(),
            ));
            return;
        }
        let keys = settings::random()
            .map(RoomCode::from_random)
            .and_then(FacilitatorKeys::new);
        match keys {
            Ok(keys) => {
                settings::keep_facilitator_keys(&keys);
                let code = keys.room.clone();
                state.change(|w| w.open_live_room(&code));
            }
            Err(e) => state.alert.set(Some(e)),
        }
    }

    /// Tells the room it is closed and leaves it.
    pub fn close_room(&self, state: AppState) {
        self.publish_state(state, true, true);
        state.change(|w| w.close_live_room());
        settings::forget_facilitator_keys();
        self.keys.set_value(None);
    }

    /// Takes a participant out of the room (and the session). Devices
    /// turned away while the room was full get their turn again.
    pub fn remove(&self, state: AppState, id: ParticipantId, device: DeviceId) {
        self.keys.update_value(|k| {
            if let Some(k) = k {
                k.removed.push(device);
                k.full.clear();
                settings::keep_facilitator_keys(k);
            }
        });
        state.change(|w| w.remove_participant(id));
        self.take_in(state);
        self.publish(state, false);
    }
}

/// The join link of `code`, if this browser holds its keys: this page's
/// address with the participant page's fragment. A hosted build has its
/// own small `join.html` beside `index.html`; the single-file build (and a
/// page opened from disk) carries the participant page itself.
pub fn join_link(code: &RoomCode) -> Option<String> {
    let keys = settings::facilitator_keys(code)?;
    let link = JoinLink {
        code: code.clone(),
        server: settings::server(),
        facilitator: keys.signer.public_hex(),
    };
    let location = window().location();
    let origin = location.origin().ok()?;
    let path = location.pathname().ok()?;
    let single_file = path.ends_with("tandem.html") || location.protocol().ok()? == "file:";
    let page = if single_file {
        path
    } else {
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]).to_string();
        format!("{dir}join.html")
    };
    Some(format!("{origin}{page}{}", Route::Join(link.rest()).href()))
}

/// The live-room part of the poker view: open it, show the link and QR
/// code, who is in the room, remove someone, close it.
#[component]
pub fn LiveRoomPanel() -> impl IntoView {
    let state = app_state();
    let host = expect_context::<LiveHost>();
    let room = Memo::new(move |_| state.workspace.with(|w| w.live_room()));
    let link = Memo::new(move |_| room.get().and_then(|c| join_link(&c)));
    let people = Memo::new(move |_| {
        let online = host.online.get();
        state.workspace.with(|w| {
            let Some(session) = w.poker_session() else {
                return Vec::new();
            };
            let round = session.current_round();
            session
                .participants
                .iter()
                .filter_map(|p| {
                    let device = DeviceId::parse(p.device.as_deref()?).ok()?;
                    let voted = round.is_some_and(|r| r.has_voted(p.id));
                    let here = online.contains(&device);
                    Some((p.id, device, p.name.to_string(), here, voted))
                })
                .collect::<Vec<_>>()
        })
    });
    let status_text = move || {
        match host.status.get() {
        None => String::new(),
        Some(LinkStatus::Connecting) => "Connecting to the sync server…".into(),
        Some(LinkStatus::Live) => "Live: devices that join see each round as it happens.".into(),
        Some(LinkStatus::Reconnecting) => "The sync server can't be reached; reconnecting by itself. Meanwhile the session works on this screen: enter votes here if needed.".into(),
        Some(LinkStatus::Offline) => "This browser is offline. The room reconnects when the network is back; the session works on this screen meanwhile.".into(),
        Some(LinkStatus::Closed) => "The room is closed.".into(),
    }
    };
    view! {
        <section class="live-room" aria-labelledby="live-heading">
            <h2 id="live-heading">"Live room"</h2>
            {move || host.problem.get().map(|p| view! { <p class="notice" role="status">{p}</p> })}
            {move || match room.get() {
                None => view! {
                    <p>"Let everyone vote from their own phone or laptop: they scan the QR code or open the link."</p>
                    <button class="primary" on:click=move |_| host.open_room(state)>"Open live room"</button>
                    {settings::server().is_none().then(|| view! {
                        <p class="hint">
                            "A live room needs the sync server's address: set it on "
                            <a href=Route::Data.href()>"Import & export"</a>"."
                        </p>
                    })}
                }
                    .into_any(),
                Some(_) => view! {
                    <p class="live-status" role="status">{status_text}</p>
                    {move || link.get().map(|l| view! {
                        <div class="join-link">
                            <QrCode text=l.clone() label="QR code of the join link".to_string() />
                            <p>"Join link: "<a href=l.clone() target="_blank" rel="noopener">{l.clone()}</a></p>
                        </div>
                    })}
                    <h3>"In the room"</h3>
                    <ul class="live-people" aria-label="People in the room">
                        {move || {
                            let list = people.get();
                            if list.is_empty() {
                                return view! { <li>"Nobody has joined yet."</li> }.into_any();
                            }
                            list.into_iter()
                                .map(|(id, device, name, here, voted)| {
                                    let label = format!(
                                        "{name}: {} · {}",
                                        if here { "online" } else { "left" },
                                        if voted { "voted" } else { "not voted" }
                                    );
                                    let remove_label = format!("Remove {name}");
                                    view! {
                                        <li class:online=here>
                                            <span>{label}</span>
                                            <button aria-label=remove_label on:click=move |_| host.remove(state, id, device.clone())>"Remove"</button>
                                        </li>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }}
                    </ul>
                    <button on:click=move |_| host.close_room(state)>"Close live room"</button>
                }
                    .into_any(),
            }}
        </section>
    }
}

/// The join link and QR code, large, for the presenter window.
#[component]
pub fn PresenterJoin() -> impl IntoView {
    let state = app_state();
    let link = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.live_room())
            .and_then(|c| join_link(&c))
    });
    view! {
        {move || link.get().map(|l| view! {
            <aside class="presenter-join" aria-label="Join the live room">
                <QrCode text=l.clone() label="QR code to join the live room".to_string() />
                <p>"Scan to vote from your phone, or open "<span class="link-text">{l}</span></p>
            </aside>
        })}
    }
}
