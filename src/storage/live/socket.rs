//! The websocket to the sync server, for one room: binary frames through a
//! [`Peer`], reconnection with backoff, presence kept fresh, and the
//! browser's offline/online events obeyed. Changes made while the
//! connection is down stay in the local document; the sync steps on
//! reconnect send them (a vote cast offline arrives when the phone is back).

use super::peer::{Peer, SyncedDoc, update_frame};
use super::room_doc::RoomDoc;
use crate::domain::room::{RoomCode, ServerAddress};
use leptos::prelude::{set_interval_with_handle, set_timeout_with_handle};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, MessageEvent, WebSocket};

/// Where the connection stands, for the person to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStatus {
    /// Opening the first connection.
    Connecting,
    /// Connected, and the room's state has arrived.
    Live,
    /// Lost; trying again shortly.
    Reconnecting,
    /// The browser says it is offline; waiting for it to come back.
    Offline,
    /// Closed on purpose.
    Closed,
}

/// What the connection tells its owner. Always called after the document
/// transaction that caused it has ended, so the owner may read and write
/// the document straight away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    Status(LinkStatus),
    /// The room's document changed (from the server).
    Doc,
    /// Someone's presence changed.
    Presence,
    /// Something from the server was refused; the words say what.
    Problem(String),
}

/// Presence is renewed this often, and others' presence dropped when not
/// renewed for twice as long (the Yjs convention: 15 s and 30 s).
const PRESENCE_RENEW: Duration = Duration::from_secs(15);
/// The first retry waits this long, doubling up to [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(500);
const MAX_RETRY: Duration = Duration::from_secs(5);

type Listener = Rc<dyn Fn(LiveEvent)>;
type Handler = Closure<dyn FnMut(web_sys::Event)>;

struct Inner<D: SyncedDoc> {
    url: String,
    peer: Peer<D>,
    socket: Option<WebSocket>,
    status: LinkStatus,
    attempt: u32,
    listener: Listener,
    closed: bool,
    /// Kept alive as long as the connection: the socket's handlers, the
    /// window's online/offline handlers, the timers.
    handlers: Vec<Handler>,
    window_handlers: Vec<(&'static str, Handler)>,
    renew: Option<leptos::prelude::IntervalHandle>,
    retry: Option<leptos::prelude::TimeoutHandle>,
}

/// A connection to a room of the sync server: a live poker room's (the
/// default) or a shared workspace's. Cheap to clone; closing one closes all.
pub struct Connection<D: SyncedDoc = RoomDoc>(Rc<RefCell<Inner<D>>>);

impl<D: SyncedDoc> Clone for Connection<D> {
    fn clone(&self) -> Self {
        Connection(self.0.clone())
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl<D: SyncedDoc> Connection<D> {
    /// Opens `room` on `server`, with this device's `presence` (JSON; none
    /// yet: the device reads the room unseen until it sets one), and reports
    /// to `listener` from then on.
    pub fn open(
        server: &ServerAddress,
        room: &RoomCode,
        doc: D,
        presence: Option<&str>,
        listener: impl Fn(LiveEvent) + 'static,
    ) -> Connection<D> {
        let mut peer = Peer::new(doc, now_ms);
        if let Some(presence) = presence {
            peer.set_presence(presence);
        }
        let connection = Connection(Rc::new(RefCell::new(Inner {
            url: server.room_url(room),
            peer,
            socket: None,
            status: LinkStatus::Connecting,
            attempt: 0,
            listener: Rc::new(listener),
            closed: false,
            handlers: Vec::new(),
            window_handlers: Vec::new(),
            renew: None,
            retry: None,
        })));
        connection.watch_network();
        connection.start_renewing();
        if is_online() {
            connection.connect();
        } else {
            connection.set_status(LinkStatus::Offline);
        }
        connection
    }

    /// The room's document (reads and writes go through it; pass the
    /// update a write returns to [`Connection::send_update`]).
    pub fn room(&self) -> D {
        self.0.borrow().peer.room().clone()
    }

    /// Sends a local change, if connected; if not, the next connection's
    /// sync steps carry it.
    pub fn send_update(&self, update: Vec<u8>) {
        self.send(&update_frame(update));
    }

    /// Changes this device's presence.
    pub fn set_presence(&self, json: &str) {
        let frame = self.0.borrow_mut().peer.set_presence(json);
        if let Some(frame) = frame {
            self.send(&frame);
        }
    }

    /// Everyone else's presence (their JSON texts).
    pub fn others(&self) -> Vec<String> {
        self.0.borrow().peer.others()
    }

    /// Leaves the room for good.
    pub fn close(&self) {
        let frame = self.0.borrow_mut().peer.leave();
        if let Some(frame) = frame {
            self.send(&frame);
        }
        let (socket, handlers) = {
            let mut inner = self.0.borrow_mut();
            inner.closed = true;
            if let Some(t) = inner.retry.take() {
                t.clear();
            }
            if let Some(t) = inner.renew.take() {
                t.clear();
            }
            (
                inner.socket.take(),
                std::mem::take(&mut inner.window_handlers),
            )
        };
        if let Some(socket) = socket {
            detach(&socket);
            let _ = socket.close();
        }
        if let Some(window) = web_sys::window() {
            for (event, handler) in &handlers {
                let _ = window
                    .remove_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
            }
        }
        self.set_status(LinkStatus::Closed);
    }

    fn send(&self, frame: &[u8]) {
        let inner = self.0.borrow();
        if let Some(socket) = &inner.socket
            && socket.ready_state() == WebSocket::OPEN
        {
            let _ = socket.send_with_u8_array(frame);
        }
    }

    fn emit(&self, event: LiveEvent) {
        let listener = self.0.borrow().listener.clone();
        listener(event);
    }

    fn set_status(&self, status: LinkStatus) {
        let changed = {
            let mut inner = self.0.borrow_mut();
            let changed = inner.status != status;
            inner.status = status;
            changed
        };
        if changed {
            self.emit(LiveEvent::Status(status));
        }
    }

    fn weak(&self) -> Weak<RefCell<Inner<D>>> {
        Rc::downgrade(&self.0)
    }

    fn with_weak(weak: &Weak<RefCell<Inner<D>>>, f: impl FnOnce(Connection<D>)) {
        if let Some(inner) = weak.upgrade() {
            f(Connection(inner));
        }
    }

    fn connect(&self) {
        if self.0.borrow().closed {
            return;
        }
        let url = self.0.borrow().url.clone();
        if let Some(early) = take_early_socket(&url) {
            // Adopted on the next turn of the event loop, when the owner
            // holds this connection (its events need it); until then the
            // start-up script goes on collecting the socket's frames.
            let weak = self.weak();
            let _ = set_timeout_with_handle(
                move || Self::with_weak(&weak, |c| c.adopt(early)),
                Duration::ZERO,
            );
            return;
        }
        match WebSocket::new(&url) {
            Ok(socket) => self.attach(socket),
            Err(_) => {
                self.emit(LiveEvent::Problem(format!(
                    "The browser refused to connect to {url}. Check the sync server address."
                )));
                self.schedule_retry();
            }
        }
    }

    /// Takes over join.html's early socket: an open one missed our
    /// greeting, and holds what the server sent so far.
    fn adopt(&self, early: EarlySocket) {
        let state = early.socket.ready_state();
        if self.0.borrow().closed || !matches!(state, WebSocket::CONNECTING | WebSocket::OPEN) {
            detach(&early.socket);
            let _ = early.socket.close();
            // Gone in the meantime: a socket of our own, then.
            self.connect();
            return;
        }
        // Read in the same turn as the handlers are replaced: no frame is
        // missed or seen twice.
        let frames = early.frames();
        self.attach(early.socket);
        if state == WebSocket::OPEN {
            self.on_open();
            for frame in &frames {
                self.receive(frame);
            }
        }
    }

    fn attach(&self, socket: WebSocket) {
        socket.set_binary_type(BinaryType::Arraybuffer);
        let weak = self.weak();
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            Self::with_weak(&weak, |c| c.on_open());
        });
        let weak = self.weak();
        let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Ok(ev) = ev.dyn_into::<MessageEvent>() {
                Self::with_weak(&weak, |c| c.on_message(&ev));
            }
        });
        let weak = self.weak();
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            Self::with_weak(&weak, |c| c.on_close());
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // An error is always followed by a close, which does the retry.
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let mut inner = self.0.borrow_mut();
        inner.handlers = vec![on_open, on_message, on_close];
        inner.socket = Some(socket);
    }

    fn on_open(&self) {
        let frames = self.0.borrow_mut().peer.greeting();
        for frame in frames {
            self.send(&frame);
        }
    }

    fn on_message(&self, ev: &MessageEvent) {
        let Ok(buffer) = ev.data().dyn_into::<js_sys::ArrayBuffer>() else {
            return;
        };
        self.receive(&js_sys::Uint8Array::new(&buffer).to_vec());
    }

    fn receive(&self, frame: &[u8]) {
        // The borrow (and yrs's transaction) ends before anyone hears of it.
        let result = self.0.borrow_mut().peer.receive(frame);
        match result {
            Ok(incoming) => {
                for reply in &incoming.replies {
                    self.send(reply);
                }
                let synced = self.0.borrow().peer.synced();
                if synced {
                    self.0.borrow_mut().attempt = 0;
                    self.set_status(LinkStatus::Live);
                }
                if incoming.doc_changed {
                    self.emit(LiveEvent::Doc);
                }
                if incoming.presence_changed {
                    self.emit(LiveEvent::Presence);
                }
            }
            Err(problem) => self.emit(LiveEvent::Problem(problem.to_string())),
        }
    }

    fn on_close(&self) {
        let socket = self.0.borrow_mut().socket.take();
        if let Some(socket) = socket {
            detach(&socket);
        }
        if self.0.borrow().closed {
            return;
        }
        // Everyone else's presence is unknown until we are back.
        self.0.borrow_mut().peer.disconnected();
        self.emit(LiveEvent::Presence);
        if is_online() {
            self.set_status(LinkStatus::Reconnecting);
            self.schedule_retry();
        } else {
            self.set_status(LinkStatus::Offline);
        }
    }

    fn schedule_retry(&self) {
        let delay = {
            let mut inner = self.0.borrow_mut();
            let delay = FIRST_RETRY
                .saturating_mul(1 << inner.attempt.min(4))
                .min(MAX_RETRY);
            inner.attempt += 1;
            delay
        };
        let weak = self.weak();
        let handle =
            set_timeout_with_handle(move || Self::with_weak(&weak, |c| c.connect()), delay).ok();
        let mut inner = self.0.borrow_mut();
        if let Some(old) = inner.retry.take() {
            old.clear();
        }
        inner.retry = handle;
    }

    fn start_renewing(&self) {
        let weak = self.weak();
        let handle = set_interval_with_handle(
            move || {
                Self::with_weak(&weak, |c| {
                    let frame = c.0.borrow_mut().peer.renew_presence();
                    if let Some(frame) = frame {
                        c.send(&frame);
                    }
                    let oldest = now_ms().saturating_sub(2 * PRESENCE_RENEW.as_millis() as u64);
                    let dropped = c.0.borrow_mut().peer.expire_presence(oldest);
                    if dropped {
                        c.emit(LiveEvent::Presence);
                    }
                })
            },
            PRESENCE_RENEW,
        )
        .ok();
        self.0.borrow_mut().renew = handle;
    }

    /// The browser's offline event closes the socket at once (it may hang
    /// otherwise); the online event reconnects without waiting.
    fn watch_network(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let weak = self.weak();
        let offline = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            Self::with_weak(&weak, |c| {
                let socket = c.0.borrow_mut().socket.take();
                if let Some(socket) = socket {
                    detach(&socket);
                    let _ = socket.close();
                }
                c.0.borrow_mut().peer.disconnected();
                c.emit(LiveEvent::Presence);
                c.set_status(LinkStatus::Offline);
            })
        });
        let weak = self.weak();
        let online = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            Self::with_weak(&weak, |c| {
                let idle = c.0.borrow().socket.is_none();
                if idle {
                    c.0.borrow_mut().attempt = 0;
                    c.set_status(LinkStatus::Reconnecting);
                    c.connect();
                }
            })
        });
        for (event, handler) in [("offline", &offline), ("online", &online)] {
            let _ =
                window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        }
        self.0.borrow_mut().window_handlers = vec![("offline", offline), ("online", online)];
    }
}

/// The property under which join.html's start-up script leaves the
/// websocket it opened while the wasm was loading.
const EARLY_SOCKET: &str = "__tandemEarlySocket";

/// The websocket join.html's start-up script opened while the wasm loaded,
/// and the script's list of the frames it received.
struct EarlySocket {
    socket: WebSocket,
    record: wasm_bindgen::JsValue,
}

impl EarlySocket {
    /// The frames received so far.
    fn frames(&self) -> Vec<Vec<u8>> {
        js_sys::Reflect::get(&self.record, &"frames".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Array>().ok())
            .map(|list| {
                list.iter()
                    .filter_map(|f| f.dyn_into::<js_sys::ArrayBuffer>().ok())
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// join.html's early socket for `url`, if there is one (taken once). The
/// script only guesses the room's address from the link; a socket to any
/// other address is closed and not used.
fn take_early_socket(url: &str) -> Option<EarlySocket> {
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str(EARLY_SOCKET);
    let record = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(|v| v.is_object())?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let socket = js_sys::Reflect::get(&record, &"socket".into())
        .ok()?
        .dyn_into::<WebSocket>()
        .ok()?;
    if socket.url() != url {
        detach(&socket);
        let _ = socket.close();
        return None;
    }
    Some(EarlySocket { socket, record })
}

fn detach(socket: &WebSocket) {
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onclose(None);
}

fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
