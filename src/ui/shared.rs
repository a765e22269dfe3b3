//! A workspace shared live through the sync server: *Share live* on the
//! Import & export page puts this browser's workspace into a new room and
//! gives a link; opening the link on another device asks first, then
//! replaces that device's workspace (kept as the backup) with the shared
//! one. From then on every change on any device reaches the others
//! (`storage::workspace_doc` merges them), each device keeps the document
//! (a reload, offline too, shows everything; offline changes are sent on
//! reconnect), and the header says whether it is live and who else is in.

use crate::domain::Workspace;
use crate::domain::limits::MAX_PERSON_NAME_CHARS;
use crate::domain::poker::participant_name;
use crate::domain::room::{Presence, RoomCode, ShareLink};
use crate::domain::workspace::Sentence;
use crate::storage::live::settings;
use crate::storage::live::socket::{Connection, LinkStatus, LiveEvent};
use crate::storage::local;
use crate::storage::shared::{self, TabMessage};
use crate::storage::workspace_doc::{Materialised, WorkspaceDoc};
use crate::ui::route::{Route, navigate};
use crate::ui::state::{AppState, SharedUndo};
use crate::ui::text;
use chrono::Utc;
use leptos::prelude::*;
use std::collections::HashSet;
use std::rc::Rc;
use std::time::Duration;

/// The document is stored this long after the last change (packing a big
/// workspace takes a moment), and when the page is hidden.
const SAVE_AFTER: Duration = Duration::from_secs(1);

/// The shared workspace of this browser, if any. Copy: signals and handles.
#[derive(Clone, Copy)]
pub struct SharedHost {
    /// The room the workspace is shared in.
    pub link: RwSignal<Option<ShareLink>>,
    /// The connection's state, while shared.
    pub status: RwSignal<Option<LinkStatus>>,
    /// Who else is in the workspace now.
    pub others: RwSignal<Others>,
    /// Opening a share link: waiting for the shared workspace to arrive
    /// before it replaces this browser's.
    pub joining: RwSignal<bool>,
    /// Something that went wrong, in words.
    pub problem: RwSignal<Option<String>>,
    doc: StoredValue<Option<WorkspaceDoc>, LocalStorage>,
    connection: StoredValue<Option<Connection<WorkspaceDoc>>, LocalStorage>,
    save_timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// The channel to this browser's other tabs with this workspace: the
    /// room's while shared, else [`shared::LOCAL_CHANNEL`].
    tabs: StoredValue<Option<shared::TabChannel>, LocalStorage>,
    /// Not shared: the workspace as this tab loaded it, until another tab's
    /// document arrives (this tab's own changes since then are sent).
    loaded: StoredValue<Option<Workspace>, LocalStorage>,
    /// The write of a first page's tab this tab waits to take up
    /// ([`TabMessage::Stored`]).
    awaited_store: StoredValue<Option<String>, LocalStorage>,
    /// The other tabs of this browser with this workspace that are open
    /// (heard from, not gone): while there are some, the workspace needs a
    /// document to pass changes in.
    peers: StoredValue<HashSet<u64>, LocalStorage>,
    /// A write of this tab's changes into the document, due in the next
    /// task: several changes of one task are written once, after the page
    /// has shown them.
    write_timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

/// Who else is in the shared workspace: the names other devices give,
/// and how many give none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Others {
    /// In alphabetical order.
    pub names: Vec<String>,
    pub unnamed: usize,
}

impl Others {
    /// Whether nobody else is in.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.unnamed == 0
    }
}

/// Where a shared workspace's document comes from when sharing starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// Just written from the workspace shown (Share live): nothing to read.
    Written,
    /// Stored in this browser: it holds what is shared, and is shown.
    Stored,
    /// Empty, waiting for the room's workspace (a share link opened).
    Joining,
}

/// The shared host of the app.
pub fn shared_host() -> SharedHost {
    expect_context::<SharedHost>()
}

/// The address of the page with `link`: whoever opens it is asked to open
/// the shared workspace.
pub fn share_url(link: &ShareLink) -> String {
    let location = window().location();
    let page = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    format!("{page}{}", Route::Shared(link.rest()).href())
}

impl SharedHost {
    /// Creates the host; a workspace shared before in this browser is
    /// shared again at once.
    pub fn install(state: AppState) -> SharedHost {
        let host = SharedHost {
            link: RwSignal::new(None),
            status: RwSignal::new(None),
            others: RwSignal::new(Others::default()),
            joining: RwSignal::new(false),
            problem: RwSignal::new(None),
            doc: StoredValue::new_local(None),
            connection: StoredValue::new_local(None),
            save_timer: StoredValue::new_local(None),
            tabs: StoredValue::new_local(None),
            loaded: StoredValue::new_local(None),
            awaited_store: StoredValue::new_local(None),
            peers: StoredValue::new_local(HashSet::new()),
            write_timer: StoredValue::new_local(None),
        };
        provide_context(host);
        if let Some(link) = shared::link() {
            host.link.set(Some(link.clone()));
            // After the first paint, which shows the workspace as stored:
            // reading a big document takes a moment.
            let resume = move || host.resume(state, link.clone());
            if set_timeout_with_handle(resume.clone(), Duration::ZERO).is_err() {
                resume();
            }
        } else {
            host.join_local_tabs(state);
        }
        // Another tab started or stopped sharing this browser's workspace:
        // this one follows, so the tabs keep holding one workspace.
        std::mem::forget(window_event_listener(
            leptos::ev::storage,
            move |ev| match ev.key().as_deref() {
                Some(shared::LINK_KEY) => host.follow_other_tab(state),
                Some(local::WORKSPACE_KEY) => host.take_up_store(state, true),
                _ => {}
            },
        ));
        // Effects run after the change that triggered them, outside any
        // document transaction.
        Effect::new(move |_| {
            state.workspace.track();
            host.write_soon(state);
        });
        // The other tabs stop passing changes to one that is gone, and a
        // tab left alone stops keeping a document.
        std::mem::forget(window_event_listener(leptos::ev::pagehide, move |_| {
            host.flush_write(state);
            host.post_to_tabs(&TabMessage::Bye);
        }));
        std::mem::forget(window_event_listener(leptos::ev::pageshow, move |ev| {
            if ev.persisted() {
                host.post_to_tabs(&TabMessage::Hello);
            }
        }));
        // A hidden page may be closed: the document is stored at once.
        std::mem::forget(window_event_listener(
            leptos::ev::visibilitychange,
            move |_| {
                if document().visibility_state() == web_sys::VisibilityState::Hidden {
                    host.save_now();
                }
            },
        ));
        host
    }

    /// Shares this browser's workspace in a new room of the configured
    /// server; the link to give, or why not.
    pub fn share(self, state: AppState) -> Result<ShareLink, String> {
        let server = settings::server().ok_or_else(|| {
            "Set the sync server address below first: a shared workspace runs through it."
                .to_string()
        })?;
        let code = RoomCode::from_random(settings::random()?);
        let link = ShareLink { code, server };
        let doc = WorkspaceDoc::new();
        state
            .workspace
            .with_untracked(|w| doc.write(w))
            .map_err(|e| e.to_string())?;
        doc.forget_steps();
        // The document first: other tabs follow the link as soon as it is
        // stored, and take the document from beside it.
        if let Err(e) = shared::save_doc(&doc) {
            self.problem.set(Some(format!(
                "The shared workspace could not be stored in this browser ({e}); it stays on the sync server."
            )));
        }
        shared::set_link(&link).map_err(|e| e.to_string())?;
        self.start(state, link.clone(), doc, Opening::Written);
        Ok(link)
    }

    /// Opens the shared workspace of `link` here: this browser's workspace
    /// is kept as the backup, then replaced when the shared one arrives.
    pub fn open(self, state: AppState, link: ShareLink) -> Result<(), String> {
        if state.started.get_untracked() {
            state
                .workspace
                .with_untracked(|w| local::save_backup(w, Utc::now()))
                .map_err(|e| {
                    format!("The shared workspace was not opened, because this browser's workspace could not be kept as a backup. {e}")
                })?;
        }
        self.close();
        let _ = shared::forget();
        shared::set_link(&link).map_err(|e| e.to_string())?;
        self.start(state, link, WorkspaceDoc::new(), Opening::Joining);
        Ok(())
    }

    /// Stops sharing in this browser; its copy of the workspace stays.
    pub fn stop(self, state: AppState) {
        if let Err(e) = shared::forget() {
            self.problem.set(Some(e.to_string()));
        }
        self.leave(state);
    }

    /// Stops sharing in this tab (the link is gone) and passes changes with
    /// this browser's other tabs again.
    fn leave(self, state: AppState) {
        self.close();
        state.set_shared_undo(None);
        self.link.set(None);
        self.status.set(None);
        self.others.set(Others::default());
        self.joining.set(false);
        self.join_local_tabs(state);
    }

    /// Another tab changed the stored share link: share or stop as it did.
    fn follow_other_tab(self, state: AppState) {
        let stored = shared::link();
        if stored == self.link.get_untracked() {
            return;
        }
        match stored {
            None => self.leave(state),
            Some(link) => self.resume(state, link),
        }
    }

    /// Shares again through `link`, with the document stored beside it, or
    /// (none, or unreadable) the one the server has.
    fn resume(self, state: AppState, link: ShareLink) {
        match shared::load_doc() {
            Some(Ok(doc)) => self.start(state, link, doc, Opening::Stored),
            Some(Err(e)) => {
                self.problem.set(Some(format!(
                    "The shared workspace stored in this browser could not be read ({e}); it is fetched again from the sync server."
                )));
                self.start(state, link, WorkspaceDoc::new(), Opening::Joining);
            }
            // Shared, but the document is gone (or not stored yet by the
            // tab that shared it): the server has it.
            None => self.start(state, link, WorkspaceDoc::new(), Opening::Joining),
        }
    }

    /// Not shared: listens to this browser's other tabs with the workspace
    /// and says hello, so one that has the document sends it.
    fn join_local_tabs(self, state: AppState) {
        self.loaded.set_value(Some(state.workspace.get_untracked()));
        self.peers.set_value(HashSet::new());
        let tabs = shared::TabChannel::open(shared::LOCAL_CHANNEL, move |from, message| {
            self.on_tab_message(state, from, message)
        });
        if let Some(tabs) = &tabs {
            tabs.post(&TabMessage::Hello);
        }
        self.tabs.set_value(tabs);
    }

    /// Not shared: the document this tab's workspace starts now that other
    /// tabs are open (about a second at 10,000 stories, once).
    fn local_doc(self, state: AppState) -> Option<WorkspaceDoc> {
        if let Some(doc) = self.doc.get_value() {
            return Some(doc);
        }
        let doc = WorkspaceDoc::new();
        if let Err(e) = state.workspace.with_untracked(|w| doc.write(w)) {
            self.problem.set(Some(e.to_string()));
            return None;
        }
        doc.forget_steps();
        self.doc.set_value(Some(doc.clone()));
        Some(doc)
    }

    fn post_to_tabs(self, message: &TabMessage) {
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.post(message);
            }
        });
    }

    /// A message from tab `from` of this browser with this workspace.
    fn on_tab_message(self, state: AppState, from: u64, message: TabMessage) {
        let shared = self.is_shared();
        // The first page's tabs hold no document and leave at once: they
        // are never counted among the tabs changes go to.
        match message {
            TabMessage::Probe => return self.post_to_tabs(&TabMessage::Here),
            TabMessage::Here => return,
            TabMessage::Stored(stamp) => {
                self.awaited_store.set_value(Some(stamp));
                return self.take_up_store(state, false);
            }
            _ => {}
        }
        if message == TabMessage::Bye {
            self.peers.update_value(|peers| {
                peers.remove(&from);
            });
            if !shared && self.peers.with_value(HashSet::is_empty) {
                // Alone again: changes need no document until a tab comes.
                self.flush_write(state);
                self.doc.set_value(None);
                self.loaded.set_value(Some(state.workspace.get_untracked()));
            }
            return;
        }
        self.peers.update_value(|peers| {
            peers.insert(from);
        });
        match message {
            TabMessage::Bye | TabMessage::Probe | TabMessage::Here | TabMessage::Stored(_) => {}
            TabMessage::Hello => {
                if !state.started.get_untracked() || self.joining.get_untracked() {
                    return;
                }
                let doc = match shared {
                    true => self.doc.get_value(),
                    false => self.local_doc(state),
                };
                if let Some(doc) = doc {
                    self.post_to_tabs(&TabMessage::State(doc.state()));
                }
            }
            TabMessage::State(update) | TabMessage::Update(update)
                if self.doc.with_value(Option::is_some) =>
            {
                let Some(doc) = self.doc.get_value() else {
                    return;
                };
                // A bad one is refused whole.
                if doc.apply(&update).is_ok() {
                    self.take_in(state);
                }
            }
            // A shared document is still loading: it will hold this.
            _ if shared => {}
            // A change before the document it belongs to: ask for that.
            TabMessage::Update(_) => self.post_to_tabs(&TabMessage::Hello),
            TabMessage::State(update) => self.take_first_state(state, &update),
        }
    }

    /// A tab of the first page stored a change this tab loaded too early
    /// to see (it opened while the change waited for its save): unless
    /// this tab changed the workspace since, it shows that write once it
    /// is in this tab's storage. Another tab's write reaches it a moment
    /// after the message, with a `storage` event (`from_storage_event`: true), which
    /// calls this again; a write that is not the one awaited then means it
    /// was written over, and the wait ends.
    fn take_up_store(self, state: AppState, from_storage_event: bool) {
        let Some(awaited) = self.awaited_store.get_value() else {
            return;
        };
        let unchanged = self.loaded.with_value(|loaded| {
            loaded
                .as_ref()
                .is_some_and(|loaded| state.workspace.with_untracked(|w| w.same_as(loaded)))
        });
        if self.is_shared() || !unchanged {
            self.awaited_store.set_value(None);
            return;
        }
        let arrived = local::stored_stamp().ok().flatten().map(|s| s.id()) == Some(awaited);
        if !arrived {
            if from_storage_event {
                self.awaited_store.set_value(None);
            }
            return;
        }
        self.awaited_store.set_value(None);
        if let local::LoadOutcome::Loaded(workspace, _) = local::load() {
            self.loaded.set_value(Some((*workspace).clone()));
            state.adopt_shared(*workspace);
        }
    }

    /// Not shared: the first document another tab sent. This tab's own
    /// changes since it loaded (made while the document was on its way) are
    /// written over it and sent, then it is what the tab shows.
    fn take_first_state(self, state: AppState, update: &[u8]) {
        let doc = WorkspaceDoc::new();
        let started = state.started.get_untracked();
        if started
            && let Some(loaded) = self.loaded.get_value()
            && let Err(e) = doc.assume(&loaded)
        {
            self.problem.set(Some(e.to_string()));
            return;
        }
        if doc.apply(update).is_err() {
            return;
        }
        self.doc.set_value(Some(doc.clone()));
        if started {
            match state.workspace.with_untracked(|w| doc.write(w)) {
                Ok(own) if !own.is_empty() => self.post_to_tabs(&TabMessage::Update(own)),
                Ok(_) => {}
                Err(e) => self.problem.set(Some(e.to_string())),
            }
        }
        doc.forget_steps();
        self.take_in(state);
    }

    fn close(self) {
        if let Some(connection) = self.connection.try_update_value(Option::take).flatten() {
            connection.close();
        }
        if let Some(timer) = self.save_timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        self.tabs.set_value(None);
        self.doc.set_value(None);
    }

    fn start(self, state: AppState, link: ShareLink, doc: WorkspaceDoc, opening: Opening) {
        self.close();
        if opening == Opening::Stored {
            // The document holds the shared workspace: it is what shows.
            match doc.workspace() {
                Ok(read) => self.take(state, read),
                Err(e) => self.problem.set(Some(e.to_string())),
            }
            doc.forget_steps();
        }
        self.doc.set_value(Some(doc.clone()));
        self.link.set(Some(link.clone()));
        self.joining.set(opening == Opening::Joining);
        self.status.set(Some(LinkStatus::Connecting));
        let presence = own_presence();
        let connection = Connection::open(
            &link.server,
            &link.code,
            doc,
            presence.as_deref(),
            move |event| self.on_event(state, event),
        );
        self.connection.set_value(Some(connection));
        self.tabs.set_value(shared::TabChannel::open(
            &shared::room_channel(&link),
            move |from, message| self.on_tab_message(state, from, message),
        ));
        state.set_shared_undo(Some(SharedUndo {
            undo: Rc::new(move || self.step(state, true)),
            redo: Rc::new(move || self.step(state, false)),
            end_step: Rc::new(move || {
                if let Some(doc) = self.doc.get_value() {
                    doc.end_step();
                }
            }),
            flags: Rc::new(move || {
                self.doc
                    .get_value()
                    .map_or((false, false), |doc| (doc.can_undo(), doc.can_redo()))
            }),
        }));
    }

    /// Undoes (`back`) or redoes this device's last step in the document,
    /// sends it, and shows the result; whether there was one.
    fn step(self, state: AppState, back: bool) -> bool {
        let Some(doc) = self.doc.get_value() else {
            return false;
        };
        self.flush_write(state);
        let update = if back { doc.undo() } else { doc.redo() };
        let Some(update) = update else {
            return false;
        };
        self.send(&update);
        self.take_in(state);
        true
    }

    /// Sends an update of this tab's to the server and the other tabs.
    fn send(self, update: &[u8]) {
        self.post_to_tabs(&TabMessage::Update(update.to_vec()));
        if let Some(connection) = self.connection.get_value() {
            connection.send_update(update.to_vec());
        }
        self.save_soon();
    }

    /// Whether this browser's workspace is shared through a sync server.
    pub fn is_shared(self) -> bool {
        self.link.with_untracked(Option::is_some)
    }

    fn on_event(self, state: AppState, event: LiveEvent) {
        match event {
            LiveEvent::Status(status) => self.status.set(Some(status)),
            LiveEvent::Doc => self.take_in(state),
            LiveEvent::Presence => self.count_others(),
            LiveEvent::Problem(text) => self.problem.set(Some(text)),
        }
    }

    fn count_others(self) {
        let texts = self
            .connection
            .with_value(|c| c.as_ref().map(Connection::others))
            .unwrap_or_default();
        // This device's other tabs are not someone else.
        let me = settings::identity().ok().map(|me| me.device);
        let mut others = Others::default();
        for (device, name) in Presence::people_present(&texts) {
            match name {
                _ if Some(&device) == me.as_ref() => {}
                Some(name) => others.names.push(name),
                None => others.unnamed += 1,
            }
        }
        others.names.sort();
        if self.others.get_untracked() != others {
            self.others.set(others);
        }
    }

    /// Tells the others this device's name (after it was changed).
    pub fn announce(self) {
        let Some(presence) = own_presence() else {
            return;
        };
        self.connection.with_value(|c| {
            if let Some(connection) = c {
                connection.set_presence(&presence);
            }
        });
    }

    /// Reads the document after a change from elsewhere.
    fn take_in(self, state: AppState) {
        let Some(doc) = self.doc.get_value() else {
            return;
        };
        // This tab's own last change goes in first, or the read would
        // show the workspace without it.
        self.flush_write(state);
        match doc.workspace() {
            Ok(read) => {
                if self.joining.get_untracked() {
                    // Nothing has arrived yet while there are no teams.
                    if read.workspace.teams().is_empty() {
                        return;
                    }
                    self.joining.set(false);
                    doc.forget_steps();
                    self.take(state, read);
                    // The tab the link was opened in (other tabs of this
                    // browser follow it quietly).
                    let opened_here = window()
                        .location()
                        .hash()
                        .is_ok_and(|hash| matches!(Route::parse(&hash), Route::Shared(_)));
                    if opened_here {
                        state.notify(
                            "Opened the shared workspace. This browser's previous workspace is kept as the backup on the Import & export page.",
                            None,
                        );
                        navigate(&Route::Home);
                    }
                } else {
                    self.take(state, read);
                }
                if self.is_shared() {
                    self.save_soon();
                }
            }
            Err(e) => self.problem.set(Some(e.to_string())),
        }
    }

    /// Shows what the document holds, if it differs from what is shown.
    fn take(self, state: AppState, read: Materialised) {
        let differs = state
            .workspace
            .with_untracked(|w| !w.same_as(&read.workspace));
        if differs {
            state.adopt_shared(read.workspace);
        }
        if !read.renumbered.is_empty() {
            let moves: Vec<String> = read
                .renumbered
                .iter()
                .map(|r| format!("{} is now {}", r.was, r.now))
                .collect();
            state.notify(
                format!(
                    "Stories were added in two places at once: {}.",
                    moves.join(", ")
                ),
                None,
            );
        }
        if !read.set_aside.is_empty() {
            let names: Vec<String> = read
                .set_aside
                .iter()
                .map(|s| format!("{} {} ({})", s.list, s.key, s.problem))
                .collect();
            self.problem.set(Some(format!(
                "Left out of the shared workspace, as they are not valid: {}.",
                names.join("; ")
            )));
        }
    }

    /// Writes this tab's changes in the next task (see `write_timer`).
    fn write_soon(self, state: AppState) {
        if self.write_timer.with_value(Option::is_some) {
            return;
        }
        match set_timeout_with_handle(
            move || {
                self.write_timer.set_value(None);
                self.write(state);
            },
            Duration::ZERO,
        ) {
            Ok(handle) => self.write_timer.set_value(Some(handle)),
            Err(_) => self.write(state),
        }
    }

    /// Writes a change still due at once: before the document is read or
    /// stepped back, so that neither passes over it.
    fn flush_write(self, state: AppState) {
        if let Some(timer) = self.write_timer.try_update_value(Option::take).flatten() {
            timer.clear();
            self.write(state);
        }
    }

    /// Sends this device's changes.
    fn write(self, state: AppState) {
        // Not started, the workspace shown is no one's: written, it would
        // delete everything the document holds.
        if self.joining.get_untracked() || !state.started.get_untracked() {
            return;
        }
        let Some(doc) = self.doc.get_value() else {
            // Not shared and alone (no document yet); or the first change
            // since another tab came, which needs the document.
            if !self.is_shared()
                && !self.peers.with_value(HashSet::is_empty)
                && state.started.get_untracked()
                && let Some(doc) = self.local_doc(state)
            {
                self.post_to_tabs(&TabMessage::State(doc.state()));
            }
            return;
        };
        match state.workspace.with_untracked(|w| doc.write(w)) {
            Ok(update) if update.is_empty() => {}
            Ok(update) => {
                if !self.is_shared() {
                    // Between tabs, Undo is the tab's own history: the
                    // document keeps no steps, so none pile up.
                    doc.forget_steps();
                }
                self.send(&update);
                state.refresh_history_flags();
            }
            Err(e) => self.problem.set(Some(e.to_string())),
        }
    }

    fn save_soon(self) {
        if !self.is_shared() {
            // Not shared: the workspace's own save keeps it (autosave).
            return;
        }
        let handle = set_timeout_with_handle(move || self.save_now(), SAVE_AFTER).ok();
        if let Some(old) = self
            .save_timer
            .try_update_value(|t| std::mem::replace(t, handle))
            .flatten()
        {
            old.clear();
        }
    }

    fn save_now(self) {
        if !self.is_shared() {
            return;
        }
        if let Some(timer) = self.save_timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        let Some(doc) = self.doc.get_value() else {
            return;
        };
        if self.joining.get_untracked() {
            return;
        }
        if let Err(e) = shared::save_doc(&doc) {
            self.problem.set(Some(format!(
                "The shared workspace could not be stored in this browser ({e}); changes still reach the others while connected."
            )));
        }
    }
}

/// This device's presence: its device and the name its person gave.
fn own_presence() -> Option<String> {
    settings::identity().ok().map(|me| {
        Presence {
            device: me.device.as_str().to_string(),
            name: me.name.unwrap_or_default(),
        }
        .to_text()
    })
}

/// The header's word on the shared workspace: live, offline or
/// reconnecting, and who else is in.
#[component]
pub fn SharedBadge() -> impl IntoView {
    let host = shared_host();
    let text = move || {
        host.link.with(Option::is_some).then(|| {
            let others = host.others.get();
            match host.status.get() {
                Some(LinkStatus::Live) if others.is_empty() => "Shared live".to_string(),
                Some(LinkStatus::Live) => format!(
                    "Shared live · {}",
                    text::who_else(&others.names, others.unnamed)
                ),
                Some(LinkStatus::Offline) => {
                    "Shared · offline: changes are sent when you are back".to_string()
                }
                Some(LinkStatus::Reconnecting) => "Shared · reconnecting…".to_string(),
                _ => "Shared · connecting…".to_string(),
            }
        })
    };
    view! {
        <span class="share-badge" class:live=move || host.status.get() == Some(LinkStatus::Live) role="status">
            {text}
        </span>
    }
}

/// This device's name as the others in a shared workspace see it (the
/// name it gives in a poker room too). Saved when changed; empty, the
/// others see a device without a name.
#[component]
fn YourName() -> impl IntoView {
    let host = shared_host();
    let stored = settings::identity().ok().and_then(|me| me.name);
    let typed = RwSignal::new(stored.unwrap_or_default());
    let said = RwSignal::new(None::<String>);
    let save = move |_| {
        let text = typed.get_untracked();
        let name = match text.trim() {
            "" => String::new(),
            _ => match participant_name(&text) {
                Ok(name) => String::from(name),
                Err(e) => return said.set(Some(Sentence(&e).to_string())),
            },
        };
        let saved = settings::identity()
            .and_then(|me| settings::remember_name(&me, &name).map_err(|e| e.to_string()));
        match saved {
            Ok(()) => {
                typed.set(name.clone());
                host.announce();
                said.set(Some(match name.as_str() {
                    "" => "The others see this device without a name.".to_string(),
                    name => format!("The others see you as {name}."),
                }));
            }
            Err(e) => said.set(Some(format!("Your name could not be kept: {e}"))),
        }
    };
    view! {
        <p class="your-name">
            <label for="share-your-name">"Your name, as the others see it "</label>
            <input
                id="share-your-name"
                type="text"
                maxlength=MAX_PERSON_NAME_CHARS.to_string()
                prop:value=typed
                on:input=move |ev| typed.set(event_target_value(&ev))
                on:change=save
            />
            " "
            {move || said.get().map(|t| view! { <span role="status">{t}</span> })}
        </p>
    }
}

/// *Share live* on the Import & export page.
#[component]
pub fn SharePanel(
    /// The app's state.
    state: AppState,
) -> impl IntoView {
    let host = shared_host();
    let error = RwSignal::new(None::<String>);
    let share = move |_| match host.share(state) {
        Ok(_) => error.set(None),
        Err(e) => error.set(Some(e)),
    };
    let stop = move |_| {
        host.stop(state);
        state.notify(
            "Stopped sharing. This browser keeps its copy of the workspace; the others keep theirs.",
            None,
        );
    };
    view! {
        <section class="card" aria-labelledby="share-title">
            <h2 id="share-title">"Share live"</h2>
            {move || match host.link.get() {
                None => view! {
                    <p>
                        "Work on this workspace together from several browsers and devices, through the sync server below: every change reaches the others as it is made, and each browser keeps a full copy that works offline. Anyone with the link can read and change the workspace."
                    </p>
                    <YourName />
                    <button class="primary" on:click=share>"Share live…"</button>
                }.into_any(),
                Some(link) => {
                    let url = share_url(&link);
                    view! {
                        <p>
                            {move || if host.joining.get() {
                                "Waiting for the shared workspace to arrive from the sync server…"
                            } else {
                                "This workspace is shared live. Open this link on another device to work on it there:"
                            }}
                        </p>
                        <input class="share-link" type="text" readonly aria-label="Share link" prop:value=url />
                        <YourName />
                        <p>
                            <button on:click=stop>"Stop sharing"</button>
                        </p>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            {move || host.problem.get().map(|p| view! { <p class="notice" role="status">{p}</p> })}
        </section>
    }
}

/// `#/shared/<code>?server=…`: asks before opening a shared workspace here.
#[component]
pub fn SharedView(
    /// The link's text after `#/shared/`.
    link: String,
) -> impl IntoView {
    let state = crate::ui::state::app_state();
    let host = shared_host();
    let parsed = ShareLink::parse(&link);
    let error = RwSignal::new(None::<String>);
    let Some(link) = parsed else {
        return view! {
            <section class="view">
                <h1>"Shared workspace"</h1>
                <p role="alert">"This share link is not complete. Ask for it again."</p>
            </section>
        }
        .into_any();
    };
    let here = {
        let link = link.clone();
        move || host.link.with(|l| l.as_ref() == Some(&link))
    };
    let open = {
        let link = link.clone();
        move |_| {
            if let Err(e) = host.open(state, link.clone()) {
                error.set(Some(e));
            }
        }
    };
    view! {
        <section class="view" aria-labelledby="shared-title">
            <h1 id="shared-title">"Shared workspace"</h1>
            {move || {
                if here() && host.joining.get() {
                    // Connected and synced, and still nothing: an empty room.
                    let empty = host.status.get() == Some(LinkStatus::Live);
                    view! {
                        <p role="status">
                            {if empty {
                                "The sync server has no workspace in this room: the link may be old, or the browser that shared it has not connected yet. Ask for the link again, or keep this page open."
                            } else {
                                "Connecting to the shared workspace…"
                            }}
                        </p>
                    }.into_any()
                } else if here() {
                    view! {
                        <p>"This browser has this shared workspace open."</p>
                        <p><a href=Route::Home.href()>"Go to the overview"</a></p>
                    }.into_any()
                } else {
                    let open = open.clone();
                    view! {
                        <p>
                            {move || if state.started.get() {
                                "Opening it replaces the workspace in this browser with the shared one. This browser's workspace is kept as the backup, which you can restore on the Import & export page."
                            } else {
                                "Open the shared workspace in this browser."
                            }}
                        </p>
                        {move || host.link.get().is_some().then(|| view! {
                            <p>"This browser's workspace is shared in another room now; opening this one stops that."</p>
                        })}
                        <YourName />
                        <button class="primary" on:click=open>"Open the shared workspace"</button>
                        " "
                        <a href=Route::Home.href()>"Cancel"</a>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
        </section>
    }
    .into_any()
}
