//! The participant page, built on the DOM without Leptos (see
//! [`crate::ui::dom`]): the page's state is one struct, and after every
//! change each part of the page is rebuilt only if what it shows changed,
//! so a name being typed or a focused card is never disturbed by the room.

use crate::domain::limits::MAX_PERSON_NAME_CHARS;
use crate::domain::poker::participant_name;
use crate::domain::room::{
    DeviceId, JoinLink, Person, Presence, RoomRound, RoomState, SealedVote, ServerAddress,
};
use crate::domain::workspace::Sentence;
use crate::storage::live::room_doc::RoomDoc;
use crate::storage::live::settings::{self, Identity};
use crate::storage::live::socket::{Connection, LinkStatus, LiveEvent};
use crate::ui::dom::{Built, Slot, append, el, text_el};
use crate::ui::poker::figures::FigureText;
use crate::ui::text;
use leptos::prelude::{IntervalHandle, set_interval_with_handle};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

/// The participant page for one join link, in its own `<section>`.
/// Dropping it leaves the room and takes the section off the page.
pub struct JoinPage {
    section: Element,
    /// `None` when the link can't be used (the section says why).
    live: Option<Rc<Live>>,
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

/// The room's server and this device, or why the link can't be used.
fn ready(link: &str) -> Result<(JoinLink, ServerAddress, Identity), String> {
    let link = JoinLink::parse(link).map_err(|e| e.to_string())?;
    let server = link.server.clone().or_else(settings::server).ok_or_else(|| {
        "This join link names no sync server, and none is set in this browser. Ask the facilitator for the link again."
            .to_string()
    })?;
    let identity = settings::identity()?;
    Ok((link, server, identity))
}

impl JoinPage {
    /// Shows the page for `link` (the text after `#/join/`) at the end of
    /// `parent` and joins the room.
    pub fn start(parent: &Element, link: &str) -> Built<JoinPage> {
        let section = el(
            "section",
            &[("class", "join-page"), ("aria-labelledby", "join-heading")],
        )?;
        let header = el("header", &[("class", "join-head")])?;
        append(
            &header,
            &[&text_el("h1", &[("id", "join-heading")], "Planning poker")?],
        )?;
        append(&section, &[&header])?;
        parent.append_child(&section)?;
        let (link, server, me) = match ready(link) {
            Ok(ready) => ready,
            Err(e) => {
                append(&section, &[&text_el("p", &[("role", "alert")], &e)?])?;
                return Ok(JoinPage {
                    section,
                    live: None,
                });
            }
        };
        let parts = Parts {
            hint: Slot::new(&header)?,
            status: Slot::new(&header)?,
            alert: Slot::new(&section)?,
            problem: Slot::new(&section)?,
            form: Slot::new(&section)?,
            me: Slot::new(&section)?,
            round: Slot::new(&section)?,
            shown: RoundShown::default(),
        };
        let state = State {
            name: me.name.clone().unwrap_or_default(),
            joined: me.name.is_some(),
            link,
            me,
            status: LinkStatus::Connecting,
            seen: Seen::default(),
            chosen: None,
            alert: None,
        };
        let live = Rc::new_cyclic(|this| Live {
            this: this.clone(),
            section: section.clone(),
            state: RefCell::new(state),
            parts: RefCell::new(parts),
            connection: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            ticker: RefCell::new(None),
        });
        live.listen()?;
        // The page connects as it loads, so the room is read while the
        // name is typed: *Join* then only announces this device (its
        // presence and person record), and the deck shows at once.
        let (code, presence) = {
            let state = live.state.borrow();
            (
                state.link.code.clone(),
                state.joined.then(|| state.presence()),
            )
        };
        let weak = live.this.clone();
        let connection = Connection::open(
            &server,
            &code,
            RoomDoc::new(),
            presence.as_deref(),
            move |event| {
                if let Some(live) = weak.upgrade() {
                    live.on_event(event);
                }
            },
        );
        *live.connection.borrow_mut() = Some(connection);
        live.read_room();
        if live.state.borrow().joined {
            live.keep_ours();
        }
        live.render();
        Ok(JoinPage {
            section,
            live: Some(live),
        })
    }
}

impl Drop for JoinPage {
    fn drop(&mut self) {
        if let Some(live) = &self.live {
            let connection = live.connection.borrow_mut().take();
            if let Some(connection) = connection {
                connection.close();
            }
            if let Some(ticker) = live.ticker.borrow_mut().take() {
                ticker.clear();
            }
            for (event, handler) in live.listeners.borrow_mut().drain(..) {
                let _ = self
                    .section
                    .remove_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
            }
        }
        self.section.remove();
    }
}

/// What the page knows of the room.
#[derive(Default)]
struct Seen {
    state: Option<RoomState>,
    /// A refusal worth telling (a bad record from the room).
    problem: Option<String>,
}

/// Everything the page shows is made from this.
struct State {
    link: JoinLink,
    me: Identity,
    name: String,
    /// Whether this device has announced itself under `name`.
    joined: bool,
    status: LinkStatus,
    seen: Seen,
    /// The card chosen here in the current round.
    chosen: Option<String>,
    alert: Option<String>,
}

impl State {
    fn presence(&self) -> String {
        Presence {
            device: self.me.device.as_str().to_string(),
            name: self.name.clone(),
        }
        .to_text()
    }

    fn round(&self) -> Option<&RoomRound> {
        self.seen.state.as_ref().and_then(|s| s.round.as_ref())
    }

    /// What the part under the name shows.
    fn round_part(&self) -> Option<RoundPart> {
        if !self.joined {
            return None;
        }
        let state = self.seen.state.as_ref();
        if let Some(reason) = state.and_then(|s| s.turned_away(&self.me.device)) {
            return Some(RoundPart::TurnedAway(reason.to_string()));
        }
        Some(match state.and_then(|s| s.round.clone()) {
            None => RoundPart::Waiting,
            Some(round) => RoundPart::Round(Box::new(round)),
        })
    }
}

/// The part of the page under the name, once joined.
#[derive(PartialEq)]
enum RoundPart {
    TurnedAway(String),
    Waiting,
    Round(Box<RoomRound>),
}

/// The page's parts, each rebuilt when what it shows changes.
struct Parts {
    hint: Slot<Option<String>>,
    status: Slot<Option<LinkStatus>>,
    alert: Slot<Option<String>>,
    problem: Slot<Option<String>>,
    /// The name form, with the name it was built with; `None` once joined.
    form: Slot<Option<String>>,
    /// "You are …", once joined.
    me: Slot<Option<String>>,
    round: Slot<Option<RoundPart>>,
    shown: RoundShown,
}

/// The elements of the shown round that change in place: the chosen card
/// marks its button (focus stays on it) and the countdown ticks.
#[derive(Default)]
struct RoundShown {
    pick: Option<Element>,
    cards: Vec<(String, Element)>,
    countdown: Option<(Element, i64)>,
    /// The choice they show, `None` right after a rebuild.
    chosen: Option<Option<String>>,
}

/// A listener on the page's section, kept as long as the page.
type Handler = Closure<dyn FnMut(Event)>;

/// The page while it is in a room.
struct Live {
    /// Itself, for the listeners and timers it hands out.
    this: Weak<Live>,
    section: Element,
    state: RefCell<State>,
    parts: RefCell<Parts>,
    connection: RefCell<Option<Connection>>,
    listeners: RefCell<Vec<(&'static str, Handler)>>,
    ticker: RefCell<Option<IntervalHandle>>,
}

/// Reports a failure of the browser's DOM calls in the console: the page
/// has nothing better to show when it cannot build itself.
pub(super) fn log(error: &wasm_bindgen::JsValue) {
    web_sys::console::error_1(error);
}

impl Live {
    fn connection(&self) -> Option<Connection> {
        self.connection.try_borrow().ok()?.clone()
    }

    /// One click and one submit listener for the whole page: cards and
    /// buttons say what they do in `data-` attributes.
    fn listen(&self) -> Built<()> {
        for event in ["click", "submit"] {
            let weak = self.this.clone();
            let handler = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
                if let Some(live) = weak.upgrade() {
                    live.on_dom(ev);
                }
            });
            self.section
                .add_event_listener_with_callback(event, handler.as_ref().unchecked_ref())?;
            self.listeners.borrow_mut().push((event, handler));
        }
        Ok(())
    }

    fn on_dom(&self, ev: Event) {
        if ev.type_() == "submit" {
            ev.prevent_default();
            self.submit_name();
            return;
        }
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if let Ok(Some(card)) = target.closest("[data-card]") {
            if let Some(label) = card.get_attribute("data-card") {
                self.vote(label);
            }
        } else if let Ok(Some(_)) = target.closest("[data-action=rename]") {
            self.rename();
        }
    }

    fn on_event(&self, event: LiveEvent) {
        match event {
            LiveEvent::Status(status) => {
                if let Ok(mut state) = self.state.try_borrow_mut() {
                    state.status = status;
                }
            }
            LiveEvent::Doc => {
                self.read_room();
                if self.state.try_borrow().is_ok_and(|s| s.joined) {
                    self.keep_ours();
                }
            }
            LiveEvent::Presence => return,
            LiveEvent::Problem(problem) => {
                if let Ok(mut state) = self.state.try_borrow_mut() {
                    state.seen.problem = Some(problem);
                }
            }
        }
        self.render();
    }

    /// Reads the room after a change from the server; keeps only the
    /// facilitator's newest signed state.
    fn read_room(&self) {
        let Some(connection) = self.connection() else {
            return;
        };
        let room = connection.room();
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        match room.state(&state.link.facilitator) {
            Ok(Some(newest)) => {
                let newer = state
                    .seen
                    .state
                    .as_ref()
                    .is_none_or(|old| newest.at > old.at);
                if newer {
                    state.chosen = newest
                        .round
                        .as_ref()
                        .and_then(|r| settings::remembered_vote(&state.link.code, &r.seal_key));
                    state.seen = Seen {
                        state: Some(newest),
                        problem: None,
                    };
                }
            }
            Ok(None) => {}
            Err(e) => state.seen.problem = Some(e.to_string()),
        }
    }

    /// Puts our own records back if someone overwrote them (any device can
    /// write anywhere in the room).
    fn keep_ours(&self) {
        let Some(connection) = self.connection() else {
            return;
        };
        let room = connection.room();
        let Ok(state) = self.state.try_borrow() else {
            return;
        };
        let person = Person {
            name: state.name.clone(),
            key: state.me.key.public_hex(),
        };
        let listed = room
            .people()
            .into_iter()
            .any(|(d, p)| d == state.me.device && p == person);
        if !listed {
            connection.send_update(room.write_person(&state.me.device, &person));
        }
        if let (Some(round), Some(card)) = (state.round(), state.chosen.as_ref())
            && round.results.is_none()
            && room
                .vote_of(&state.me.device)
                .is_none_or(|v| v.round != round.seal_key)
        {
            seal_and_send(&connection, round, &state.me, card);
        }
    }

    fn submit_name(&self) {
        let typed = self
            .section
            .query_selector("#join-name-input")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default();
        let joined = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            match participant_name(&typed) {
                Ok(clean) => {
                    state.name = clean.to_string();
                    if let Err(e) = settings::remember_name(&state.me, &clean) {
                        state.alert = Some(format!("{e} Your name is used for this visit only."));
                    }
                    state.joined = true;
                    true
                }
                Err(e) => {
                    state.alert = Some(Sentence(&e).to_string());
                    false
                }
            }
        };
        if joined && let Some(connection) = self.connection() {
            // A new name, or the first: tell the room.
            let presence = self.state.borrow().presence();
            connection.set_presence(&presence);
            self.keep_ours();
        }
        self.render();
    }

    fn rename(&self) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.joined = false;
        }
        self.render();
        if let Ok(Some(input)) = self.section.query_selector("#join-name-input")
            && let Ok(input) = input.dyn_into::<HtmlElement>()
        {
            let _ = input.focus();
        }
    }

    fn vote(&self, card: String) {
        let Some(connection) = self.connection() else {
            return;
        };
        {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            let Some(round) = state.round().filter(|r| r.results.is_none()).cloned() else {
                return;
            };
            if seal_and_send(&connection, &round, &state.me, &card).is_some() {
                settings::remember_vote(&state.link.code, &round.seal_key, &card);
                state.chosen = Some(card);
            } else {
                state.alert = Some(
                    "Your vote could not be sealed: this browser could not make random numbers."
                        .into(),
                );
            }
        }
        self.render();
    }

    /// Brings every part of the page up to date with the state.
    fn render(&self) {
        let (Ok(state), Ok(mut parts)) = (self.state.try_borrow(), self.parts.try_borrow_mut())
        else {
            return;
        };
        if let Err(e) = parts.update(&state) {
            log(&e);
        }
        let ticking = parts.shown.countdown.is_some();
        drop(parts);
        let mut ticker = self.ticker.borrow_mut();
        match (ticking, ticker.is_some()) {
            (true, false) => {
                let weak = self.this.clone();
                *ticker = set_interval_with_handle(
                    move || {
                        if let Some(live) = weak.upgrade()
                            && let Ok(parts) = live.parts.try_borrow()
                        {
                            parts.shown.tick();
                        }
                    },
                    Duration::from_millis(250),
                )
                .ok();
            }
            (false, true) => {
                if let Some(t) = ticker.take() {
                    t.clear();
                }
            }
            _ => {}
        }
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

/// `Some(text)` as one `tag` element, `None` as nothing.
fn maybe_text(tag: &str, attrs: &[(&str, &str)], text: &Option<String>) -> Built<Vec<Element>> {
    text.as_deref()
        .map(|t| text_el(tag, attrs, t))
        .into_iter()
        .collect()
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl Parts {
    fn update(&mut self, state: &State) -> Built<()> {
        let session = state.seen.state.as_ref().map(|s| s.session.clone());
        self.hint
            .show(session, |s| maybe_text("p", &[("class", "hint")], s))?;
        self.status
            .show(state.joined.then_some(state.status), |s| {
                s.map(|s| {
                    let class = if s == LinkStatus::Live {
                        "join-status live"
                    } else {
                        "join-status"
                    };
                    text_el("p", &[("class", class), ("role", "status")], status_text(s))
                })
                .into_iter()
                .collect()
            })?;
        self.alert.show(state.alert.clone(), |a| {
            maybe_text("p", &[("role", "alert")], a)
        })?;
        self.problem.show(state.seen.problem.clone(), |p| {
            maybe_text("p", &[("class", "notice"), ("role", "status")], p)
        })?;
        self.form
            .show((!state.joined).then(|| state.name.clone()), |name| {
                name.as_deref().map(name_form).into_iter().collect()
            })?;
        self.me
            .show(state.joined.then(|| state.name.clone()), |name| {
                name.as_deref().map(you_are).into_iter().collect()
            })?;
        let shown = &mut self.shown;
        self.round.show(state.round_part(), |part| {
            *shown = RoundShown::default();
            match part {
                None => Ok(Vec::new()),
                Some(RoundPart::TurnedAway(reason)) => {
                    Ok(vec![text_el("p", &[("role", "alert")], reason)?])
                }
                Some(RoundPart::Waiting) => Ok(vec![text_el(
                    "p",
                    &[("class", "join-waiting")],
                    "Waiting for the facilitator to start a round…",
                )?]),
                Some(RoundPart::Round(round)) => round_view(round, &state.me.device, shown),
            }
        })?;
        self.shown.choose(&state.chosen)
    }
}

/// "Your name" and *Join*.
fn name_form(name: &str) -> Built {
    let form = el("form", &[("class", "join-name")])?;
    let input = el(
        "input",
        &[
            ("id", "join-name-input"),
            ("type", "text"),
            ("autocomplete", "name"),
            ("maxlength", &MAX_PERSON_NAME_CHARS.to_string()),
            ("required", ""),
        ],
    )?;
    if let Ok(input) = input.clone().dyn_into::<HtmlInputElement>() {
        input.set_value(name);
    }
    append(
        &form,
        &[
            &text_el("label", &[("for", "join-name-input")], "Your name")?,
            &input,
            &text_el(
                "button",
                &[("class", "primary"), ("type", "submit")],
                "Join",
            )?,
        ],
    )?;
    Ok(form)
}

/// "You are Ana." and *Change name*.
fn you_are(name: &str) -> Built {
    let p = text_el("p", &[("class", "join-me")], &format!("You are {name}. "))?;
    append(
        &p,
        &[&text_el(
            "button",
            &[
                ("class", "link"),
                ("type", "button"),
                ("data-action", "rename"),
            ],
            "Change name",
        )?],
    )?;
    Ok(p)
}

/// One round on the phone: the story, the countdown, then the deck or,
/// after the reveal, everyone's votes.
fn round_view(round: &RoomRound, device: &DeviceId, shown: &mut RoundShown) -> Built<Vec<Element>> {
    let story = round.story_for(device);
    let article = el(
        "article",
        &[
            ("class", "join-story"),
            ("aria-labelledby", "join-story-title"),
        ],
    )?;
    let key = el("p", &[("class", "join-key")])?;
    append(&key, &[&text_el("span", &[("class", "key")], &story.key)?])?;
    if !story.team.is_empty() {
        key.insert_adjacent_text("beforeend", &format!(" · {}", story.team))?;
    }
    key.insert_adjacent_text("beforeend", &format!(" · round {}", round.number))?;
    append(
        &article,
        &[
            &key,
            &text_el("h2", &[("id", "join-story-title")], &story.title)?,
        ],
    )?;
    if !story.description.is_empty() {
        append(
            &article,
            &[&text_el(
                "p",
                &[("class", "join-description")],
                &story.description,
            )?],
        )?;
    }
    if !story.criteria.is_empty() {
        let list = el(
            "ul",
            &[
                ("class", "join-criteria"),
                ("aria-label", "Acceptance criteria"),
            ],
        )?;
        for criterion in &story.criteria {
            append(&list, &[&text_el("li", &[], criterion)?])?;
        }
        append(
            &article,
            &[&text_el("h3", &[], "Acceptance criteria")?, &list],
        )?;
    }
    let mut nodes = vec![article];
    match &round.results {
        None => {
            if let Some(ends_at) = round.ends_at {
                let countdown = el(
                    "p",
                    &[
                        ("class", "countdown"),
                        ("role", "timer"),
                        ("aria-label", "Countdown"),
                    ],
                )?;
                shown.countdown = Some((countdown.clone(), ends_at));
                shown.tick();
                nodes.push(countdown);
            }
            let pick = el("p", &[("class", "join-pick"), ("aria-live", "polite")])?;
            let deck = el(
                "div",
                &[
                    ("class", "join-deck"),
                    ("role", "group"),
                    ("aria-label", "Cards"),
                ],
            )?;
            for label in round.labels_for(device) {
                let button = text_el(
                    "button",
                    &[
                        ("class", "join-card"),
                        ("type", "button"),
                        ("aria-label", &format!("Card {label}")),
                        ("aria-pressed", "false"),
                        ("data-card", &label),
                    ],
                    &label,
                )?;
                append(&deck, &[&button])?;
                shown.cards.push((label, button));
            }
            shown.pick = Some(pick.clone());
            nodes.push(pick);
            nodes.push(deck);
        }
        Some(results) => nodes.push(reveal(round, results)?),
    }
    Ok(nodes)
}

/// Everyone's votes and the figures, after the reveal.
fn reveal(round: &RoomRound, results: &[crate::domain::room::RoomVote]) -> Built {
    let reveal = el("div", &[("class", "reveal")])?;
    let table = el("table", &[("class", "votes")])?;
    let head = el("thead", &[])?;
    let row = el("tr", &[])?;
    append(
        &row,
        &[
            &text_el("th", &[("scope", "col")], "Who")?,
            &text_el("th", &[("scope", "col")], "Card")?,
        ],
    )?;
    append(&head, &[&row])?;
    let body = el("tbody", &[])?;
    for vote in results {
        let row = el("tr", &[])?;
        append(
            &row,
            &[
                &text_el("th", &[("scope", "row")], &vote.name)?,
                &text_el("td", &[], &vote.card)?,
            ],
        )?;
        append(&body, &[&row])?;
    }
    append(&table, &[&text_el("caption", &[], "Votes")?, &head, &body])?;
    append(&reveal, &[&table])?;
    if let Some((main, backend)) = round.stats() {
        figures(&reveal, &round.story.key, &FigureText::of(&main))?;
        if let (Some(slice), Some(stats)) = (&round.backend, backend) {
            figures(&reveal, &slice.story.key, &FigureText::of(&stats))?;
        }
    }
    append(
        &reveal,
        &[&text_el(
            "p",
            &[("class", "join-waiting")],
            "The next story arrives by itself.",
        )?],
    )?;
    Ok(reveal)
}

/// A slice's figures, as the facilitator's tab shows them.
fn figures(parent: &Element, title: &str, text: &FigureText) -> Built<()> {
    let list = el(
        "dl",
        &[
            ("class", "figures"),
            ("aria-label", &FigureText::label(title)),
        ],
    )?;
    for (term, value) in &text.rows {
        let pair = el("div", &[])?;
        append(
            &pair,
            &[&text_el("dt", &[], term)?, &text_el("dd", &[], value)?],
        )?;
        append(&list, &[&pair])?;
    }
    append(parent, &[&list])?;
    if let Some(explain) = &text.explain {
        append(parent, &[&text_el("p", &[("class", "explain")], explain)?])?;
    }
    if let Some(notice) = &text.break_notice {
        append(
            parent,
            &[&text_el(
                "p",
                &[("class", "break-notice"), ("role", "status")],
                notice,
            )?],
        )?;
    }
    Ok(())
}

impl RoundShown {
    /// Marks the chosen card and says it, when the choice changed.
    fn choose(&mut self, chosen: &Option<String>) -> Built<()> {
        if self.chosen.as_ref() == Some(chosen) {
            return Ok(());
        }
        if let Some(pick) = &self.pick {
            pick.set_text_content(Some(&match chosen {
                Some(c) => format!("Your vote: {c}. You can change it until the reveal."),
                None => "Pick your card.".to_string(),
            }));
        }
        for (label, button) in &self.cards {
            let pressed = chosen.as_deref() == Some(label.as_str());
            button.set_attribute("aria-pressed", if pressed { "true" } else { "false" })?;
        }
        self.chosen = Some(chosen.clone());
        Ok(())
    }

    /// Brings the countdown to now.
    fn tick(&self) {
        if let Some((countdown, ends_at)) = &self.countdown {
            let seconds = (ends_at - now_ms()) / 1000;
            countdown.set_text_content(Some(&text::countdown(seconds)));
            let _ = countdown.class_list().toggle_with_force("up", seconds <= 0);
        }
    }
}
