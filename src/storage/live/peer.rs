//! One connection's side of the y-websocket protocol: sync step 1 and 2,
//! updates, and presence (Yjs "awareness"). Pure: frames in, frames out,
//! so two peers and a relay can be tested in one process.
//!
//! Every frame sent holds exactly one protocol message: the y-websocket
//! server reads only the first message of a frame, so a sync step and a
//! presence update sent together would silently lose the presence.

use super::room_doc::{REMOTE, RoomDoc};
use crate::domain::room::MAX_FRAME_BYTES;
use yrs::Doc;
use yrs::sync::{Awareness, Clock, Message, MessageReader, SyncMessage};
use yrs::updates::decoder::DecoderV1;
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, Transact};

/// A Yjs document a connection keeps in sync with the server: a live
/// room's, or a shared workspace's.
pub trait SyncedDoc: Clone + 'static {
    /// The largest frame taken from the server: what the document can
    /// legitimately need at once (a round; a whole workspace).
    const MAX_FRAME_BYTES: usize;

    /// The document.
    fn doc(&self) -> &Doc;

    /// Applies an update from the server (as [`REMOTE`]); a malformed one
    /// is refused, with the words why.
    fn apply_remote(&self, update: &[u8]) -> Result<(), String>;
}

impl SyncedDoc for RoomDoc {
    const MAX_FRAME_BYTES: usize = MAX_FRAME_BYTES;

    fn doc(&self) -> &Doc {
        RoomDoc::doc(self)
    }

    fn apply_remote(&self, update: &[u8]) -> Result<(), String> {
        self.apply(update)
    }
}

/// A frame carrying a local document update.
pub fn update_frame(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(update)).encode_v1()
}

/// Why a frame from the server was not taken in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameError {
    TooLarge(usize),
    Malformed(String),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::TooLarge(n) => write!(
                f,
                "The room sent {n} bytes at once, more than a round needs; it was ignored."
            ),
            FrameError::Malformed(why) => {
                write!(
                    f,
                    "The room sent data that is not a Yjs message ({why}); it was ignored."
                )
            }
        }
    }
}

/// What a received frame did.
#[derive(Debug, Default)]
pub struct Incoming {
    /// Frames to send back, one message each.
    pub replies: Vec<Vec<u8>>,
    /// The document may have changed.
    pub doc_changed: bool,
    /// Someone's presence changed.
    pub presence_changed: bool,
}

/// This device's end of a connection: a live room's (the default) or a
/// shared workspace's.
pub struct Peer<D: SyncedDoc = RoomDoc> {
    room: D,
    awareness: Awareness,
    synced: bool,
    connected: bool,
}

impl<D: SyncedDoc> Peer<D> {
    /// A peer over `room`; `clock` gives milliseconds (on wasm the
    /// browser's clock: yrs has none of its own there).
    pub fn new(room: D, clock: impl Clock + 'static) -> Peer<D> {
        let awareness = Awareness::with_clock(room.doc().clone(), clock);
        Peer {
            room,
            awareness,
            synced: false,
            connected: false,
        }
    }

    /// The document.
    pub fn room(&self) -> &D {
        &self.room
    }

    /// Whether the server's state has arrived since the connection opened.
    pub fn synced(&self) -> bool {
        self.synced
    }

    /// The frames to send when a connection opens: our state vector (the
    /// server answers with what we lack, and asks for what it lacks), then
    /// our presence.
    pub fn greeting(&mut self) -> Vec<Vec<u8>> {
        self.synced = false;
        self.connected = true;
        let sv = self.room.doc().transact().state_vector();
        let mut frames = vec![Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1()];
        // A newer clock than before: whoever saw us leave takes us back.
        frames.extend(self.renew_presence());
        frames
    }

    /// Takes in one frame from the server.
    pub fn receive(&mut self, frame: &[u8]) -> Result<Incoming, FrameError> {
        if frame.len() > D::MAX_FRAME_BYTES {
            return Err(FrameError::TooLarge(frame.len()));
        }
        let mut decoder = DecoderV1::from(frame);
        let mut incoming = Incoming::default();
        for message in MessageReader::new(&mut decoder) {
            let message = message.map_err(|e| FrameError::Malformed(e.to_string()))?;
            match message {
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    let update = self.room.doc().transact().encode_state_as_update_v1(&sv);
                    incoming
                        .replies
                        .push(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1());
                }
                Message::Sync(SyncMessage::SyncStep2(update)) => {
                    self.room
                        .apply_remote(&update)
                        .map_err(FrameError::Malformed)?;
                    self.synced = true;
                    incoming.doc_changed = true;
                }
                Message::Sync(SyncMessage::Update(update)) => {
                    self.room
                        .apply_remote(&update)
                        .map_err(FrameError::Malformed)?;
                    incoming.doc_changed = true;
                }
                Message::Awareness(update) => {
                    // A remote entry claiming to be us is refused by yrs.
                    self.awareness
                        .apply_update_with(update, REMOTE)
                        .map_err(|e| FrameError::Malformed(e.to_string()))?;
                    incoming.presence_changed = true;
                }
                Message::AwarenessQuery => incoming.replies.extend(self.presence_frame()),
                // No auth with a stock server; anything else is not ours.
                Message::Auth(_) | Message::Custom(..) => {}
            }
        }
        Ok(incoming)
    }

    /// Sets this device's presence (a JSON text) and gives the frame that
    /// tells the room.
    pub fn set_presence(&mut self, json: &str) -> Option<Vec<u8>> {
        self.awareness.set_local_state_raw(json.to_string());
        self.presence_frame()
    }

    /// Renews this device's presence (others drop an entry not renewed for
    /// 30 s).
    pub fn renew_presence(&mut self) -> Option<Vec<u8>> {
        let json = self.awareness.local_state_raw()?;
        self.set_presence(&json)
    }

    /// Says this device is leaving.
    pub fn leave(&mut self) -> Option<Vec<u8>> {
        self.awareness.clean_local_state();
        let me = self.awareness.client_id();
        let update = self.awareness.update_with_clients([me]).ok()?;
        Some(Message::Awareness(update).encode_v1())
    }

    fn presence_frame(&self) -> Option<Vec<u8>> {
        self.awareness.local_state_raw()?;
        let update = self
            .awareness
            .update_with_clients([self.awareness.client_id()])
            .ok()?;
        Some(Message::Awareness(update).encode_v1())
    }

    /// The presence of everyone else connected (their JSON texts); nobody
    /// while this peer is not connected.
    pub fn others(&self) -> Vec<String> {
        if !self.connected {
            return Vec::new();
        }
        let me = self.awareness.client_id();
        self.awareness
            .iter()
            .filter(|(id, _)| *id != me)
            .filter_map(|(_, state)| state.data.as_deref().map(str::to_string))
            .collect()
    }

    /// The connection went down: who else is there is unknown until the
    /// next greeting. (Their entries are kept, not removed: yrs counts a
    /// removal as a newer state, and would then ignore their next one.)
    pub fn disconnected(&mut self) {
        self.connected = false;
    }

    /// Forgets the presence of anyone not heard from since `oldest` (ms);
    /// true when someone was dropped.
    pub fn expire_presence(&mut self, oldest: u64) -> bool {
        let me = self.awareness.client_id();
        let stale: Vec<_> = self
            .awareness
            .iter()
            .filter(|(id, state)| *id != me && state.data.is_some() && state.last_updated < oldest)
            .map(|(id, _)| id)
            .collect();
        for id in &stale {
            self.awareness.remove_state(*id);
        }
        !stale.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::room::{DeviceId, Person, RoomState, TOKEN_CHARS};
    use crate::domain::seal::{RoomSigner, SealKey};

    fn clock() -> impl Clock {
        || 1_000u64
    }

    /// Delivers `frames` from one peer to another, and the replies back,
    /// until both are quiet: what a relay between two devices does.
    fn exchange(a: &mut Peer, b: &mut Peer, frames: Vec<Vec<u8>>) {
        let mut to_b = frames;
        let mut to_a: Vec<Vec<u8>> = Vec::new();
        for _ in 0..10 {
            for f in std::mem::take(&mut to_b) {
                to_a.extend(b.receive(&f).unwrap().replies);
            }
            for f in std::mem::take(&mut to_a) {
                to_b.extend(a.receive(&f).unwrap().replies);
            }
            if to_a.is_empty() && to_b.is_empty() {
                return;
            }
        }
        panic!("the peers never went quiet");
    }

    #[test]
    fn join_pages_early_socket_greets_as_an_empty_peer_does() {
        // join.html's start-up script sends these bytes before the wasm
        // runs; they must stay the sync step 1 of an empty room.
        let mut phone = Peer::new(RoomDoc::new(), clock());
        assert_eq!(phone.greeting()[0], vec![0, 0, 1, 0]);
        let page = include_str!("../../../join.html");
        assert!(page.contains("socket.send(new Uint8Array([0, 0, 1, 0]))"));
        assert!(page.contains("window.__tandemEarlySocket = record"));
    }

    #[test]
    fn a_late_joiner_gets_the_state_and_both_see_each_others_presence() {
        let mut facilitator = Peer::new(RoomDoc::new(), clock());
        let signer = RoomSigner::from_random([1; 32]);
        let state = RoomState {
            at: 5,
            session: "Planning".into(),
            round: None,
            removed: vec![],
            full: vec![],
            closed: false,
        };
        facilitator.room().write_state(&state.sign(&signer));
        facilitator.set_presence("{\"role\":\"facilitator\"}");
        let mut phone = Peer::new(RoomDoc::new(), clock());
        phone.set_presence("{\"name\":\"Ana\"}");
        let greeting = phone.greeting();
        assert_eq!(greeting.len(), 2, "one message per frame");
        exchange(&mut phone, &mut facilitator, greeting);
        assert!(phone.synced());
        assert_eq!(phone.room().state(&signer.public_hex()), Ok(Some(state)));
        let hello = facilitator.greeting();
        exchange(&mut facilitator, &mut phone, hello);
        assert_eq!(facilitator.others(), vec!["{\"name\":\"Ana\"}".to_string()]);
        assert_eq!(
            phone.others(),
            vec!["{\"role\":\"facilitator\"}".to_string()]
        );
        // The phone leaves: its presence goes.
        let bye = phone.leave().unwrap();
        facilitator.receive(&bye).unwrap();
        assert!(facilitator.others().is_empty());
    }

    #[test]
    fn concurrent_writes_from_two_devices_both_arrive() {
        let (mut a, mut b) = (
            Peer::new(RoomDoc::new(), clock()),
            Peer::new(RoomDoc::new(), clock()),
        );
        let (da, db) = (
            DeviceId::from_random([1; TOKEN_CHARS]),
            DeviceId::from_random([2; TOKEN_CHARS]),
        );
        let person = |n: &str, k: u8| Person {
            name: n.into(),
            key: SealKey::from_random([k; 32]).public_hex(),
        };
        // Both write while apart, then exchange their updates.
        let ua = a.room().write_person(&da, &person("Ana", 1));
        let ub = b.room().write_person(&db, &person("Ben", 2));
        b.receive(&update_frame(ua)).unwrap();
        a.receive(&update_frame(ub)).unwrap();
        assert_eq!(a.room().people(), b.room().people());
        assert_eq!(a.room().people().len(), 2);
    }

    #[test]
    fn oversized_and_garbage_frames_are_refused() {
        let mut peer = Peer::new(RoomDoc::new(), clock());
        assert!(matches!(
            peer.receive(&vec![0; MAX_FRAME_BYTES + 1]),
            Err(FrameError::TooLarge(_))
        ));
        let garbage = update_frame(vec![0xff; 12]);
        assert!(matches!(
            peer.receive(&garbage),
            Err(FrameError::Malformed(_))
        ));
        // Still a working document afterwards.
        let device = crate::domain::room::DeviceId::from_random([1; 16]);
        let key = crate::domain::seal::SealKey::from_random([1; 32]).public_hex();
        let person = crate::domain::room::Person {
            name: "Ana".into(),
            key,
        };
        peer.room().write_person(&device, &person);
        assert_eq!(peer.room().people(), vec![(device, person)]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Whatever bytes arrive, the peer answers with an error or takes
        /// them in; it never panics (which would kill the tab).
        #[test]
        fn any_frame_is_survived(frame in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut peer = Peer::new(RoomDoc::new(), clock());
            let _ = peer.receive(&frame);
            let mut tagged = vec![0u8, 2];
            tagged.extend(&frame);
            let _ = peer.receive(&tagged);
            let _ = peer.room().people();
        }
    }

    #[test]
    fn stale_presence_expires() {
        let mut a = Peer::new(RoomDoc::new(), clock());
        a.greeting();
        let mut b = Peer::new(RoomDoc::new(), || 500u64);
        let hello = b.set_presence("{\"name\":\"Ben\"}").unwrap();
        a.receive(&hello).unwrap();
        assert_eq!(a.others().len(), 1);
        assert!(!a.expire_presence(900));
        assert!(a.expire_presence(2_000));
        assert!(a.others().is_empty());
        // Back after being dropped: the next greeting's presence counts.
        a.receive(&b.greeting()[1]).unwrap();
        a.receive(&b.renew_presence().unwrap()).unwrap();
        assert_eq!(a.others().len(), 1);
        a.disconnected();
        assert!(a.others().is_empty());
        a.greeting();
        assert_eq!(a.others().len(), 1);
    }
}
