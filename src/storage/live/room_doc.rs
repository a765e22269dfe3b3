//! Where a live room's records live in its Yjs document:
//!
//! - map `room`: `state` (the facilitator's [`RoomState`] as JSON) and
//!   `sig` (its signature), written only by the facilitator's tab;
//! - map `people`: device id → [`Person`] JSON, each written by its device;
//! - map `votes`: device id → [`SealedVote`] JSON, likewise.
//!
//! Records are plain strings replaced whole, not nested Yjs types: each is
//! one unit that must pass the domain's checks as a whole, exactly like an
//! imported file, and a string is the simplest thing to check. Any device
//! can write anything into any map (Yjs has no permissions), so what is
//! read is never trusted: a state needs the facilitator's signature, a vote
//! opens only with its device's key, and a broken record is skipped.

use crate::domain::room::{DeviceId, Person, RoomError, RoomState, SealedVote, SignedState};
use yrs::updates::decoder::Decode;
use yrs::{Any, Doc, Map, MapRef, Out, ReadTxn, Transact, Update};

/// The origin of transactions that apply what came from the server, so a
/// peer does not send it back.
pub const REMOTE: &str = "remote";

/// Most entries read from `people` or `votes`: a hostile device could add
/// thousands; the room only ever needs its 30 people and a few who left.
const MAX_ENTRIES: usize = 500;

/// A room's document and its three maps.
#[derive(Clone)]
pub struct RoomDoc {
    doc: Doc,
    room: MapRef,
    people: MapRef,
    votes: MapRef,
}

impl Default for RoomDoc {
    fn default() -> Self {
        RoomDoc::new()
    }
}

impl RoomDoc {
    /// An empty document.
    pub fn new() -> RoomDoc {
        let doc = Doc::new();
        // Root types are looked up once, here: yrs must not open them while
        // a transaction is under way.
        let room = doc.get_or_insert_map("room");
        let people = doc.get_or_insert_map("people");
        let votes = doc.get_or_insert_map("votes");
        RoomDoc {
            doc,
            room,
            people,
            votes,
        }
    }

    /// The underlying document (for the protocol peer).
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// Applies an update from the server. Malformed updates are refused.
    pub fn apply(&self, update: &[u8]) -> Result<(), String> {
        let update = Update::decode_v1(update).map_err(|e| e.to_string())?;
        self.doc
            .transact_mut_with(REMOTE)
            .apply_update(update)
            .map_err(|e| e.to_string())
    }

    /// Writes values into `map` in one transaction; the update to send.
    fn write(&self, map: &MapRef, entries: &[(&str, String)]) -> Vec<u8> {
        let mut txn = self.doc.transact_mut();
        for (key, value) in entries {
            map.insert(&mut txn, *key, value.as_str());
        }
        txn.encode_update_v1()
    }

    /// Publishes the facilitator's signed state.
    pub fn write_state(&self, signed: &SignedState) -> Vec<u8> {
        self.write(
            &self.room,
            &[
                ("state", signed.text.clone()),
                ("sig", signed.signature.clone()),
            ],
        )
    }

    /// The signed state as it stands in the document, unchecked.
    pub fn signed_state(&self) -> Option<SignedState> {
        let txn = self.doc.transact();
        Some(SignedState {
            text: text_at(&self.room, &txn, "state")?,
            signature: text_at(&self.room, &txn, "sig")?,
        })
    }

    /// The facilitator's state, if one signed by `facilitator` is there.
    pub fn state(&self, facilitator: &str) -> Result<Option<RoomState>, RoomError> {
        self.signed_state()
            .map(|signed| RoomState::read(&signed, facilitator))
            .transpose()
    }

    /// Says who this device is.
    pub fn write_person(&self, device: &DeviceId, person: &Person) -> Vec<u8> {
        self.write(&self.people, &[(device.as_str(), person.to_text())])
    }

    /// Every valid person in the room, by device id (invalid ones skipped).
    pub fn people(&self) -> Vec<(DeviceId, Person)> {
        self.entries(&self.people, Person::read)
    }

    /// Puts this device's sealed vote in the room.
    pub fn write_vote(&self, device: &DeviceId, vote: &SealedVote) -> Vec<u8> {
        self.write(&self.votes, &[(device.as_str(), vote.to_text())])
    }

    /// Every well-formed sealed vote, by device id.
    pub fn votes(&self) -> Vec<(DeviceId, SealedVote)> {
        self.entries(&self.votes, SealedVote::read)
    }

    /// The sealed vote of one device, if well-formed.
    pub fn vote_of(&self, device: &DeviceId) -> Option<SealedVote> {
        let txn = self.doc.transact();
        SealedVote::read(&text_at(&self.votes, &txn, device.as_str())?).ok()
    }

    fn entries<T>(
        &self,
        map: &MapRef,
        read: impl Fn(&str) -> Result<T, RoomError>,
    ) -> Vec<(DeviceId, T)> {
        let txn = self.doc.transact();
        let mut out: Vec<(DeviceId, T)> = map
            .iter(&txn)
            .take(MAX_ENTRIES)
            .filter_map(|(key, value)| {
                let device = DeviceId::parse(key).ok()?;
                let text = as_text(&value)?;
                Some((device, read(&text).ok()?))
            })
            .collect();
        // Map order differs between replicas; keep one order everywhere.
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

fn as_text(value: &Out) -> Option<String> {
    match value {
        Out::Any(Any::String(text)) => Some(text.to_string()),
        _ => None,
    }
}

fn text_at<T: ReadTxn>(map: &MapRef, txn: &T, key: &str) -> Option<String> {
    as_text(&map.get(txn, key)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::room::TOKEN_CHARS;
    use crate::domain::seal::{RoomSigner, SealKey};

    #[test]
    fn records_written_on_one_replica_read_back_on_another() {
        let (a, b) = (RoomDoc::new(), RoomDoc::new());
        let signer = RoomSigner::from_random([3; 32]);
        let state = RoomState {
            at: 1,
            session: "Planning".into(),
            round: None,
            removed: vec![],
            full: vec![],
            closed: false,
        };
        b.apply(&a.write_state(&state.sign(&signer))).unwrap();
        let device = DeviceId::from_random([1; TOKEN_CHARS]);
        let person = Person {
            name: "Ana".into(),
            key: SealKey::from_random([2; 32]).public_hex(),
        };
        a.apply(&b.write_person(&device, &person)).unwrap();
        assert_eq!(b.state(&signer.public_hex()), Ok(Some(state)));
        assert_eq!(a.people(), vec![(device, person)]);
        // Signed by someone else: not believed.
        let other = RoomSigner::from_random([4; 32]);
        assert_eq!(b.state(&other.public_hex()), Err(RoomError::NotSigned));
    }

    #[test]
    fn broken_records_and_updates_are_skipped() {
        let doc = RoomDoc::new();
        {
            let mut txn = doc.doc.transact_mut();
            doc.people.insert(&mut txn, "<b>bad</b>", "{}");
            doc.people
                .insert(&mut txn, "abcdefgh23456789", "{\"name\":\"\"}");
            doc.people.insert(&mut txn, "abcdefgh2345678a", 42);
            doc.votes
                .insert(&mut txn, "abcdefgh23456789", "x".repeat(5000));
        }
        assert!(doc.people().is_empty());
        assert!(doc.votes().is_empty());
        assert!(doc.apply(&[0xff, 0x00, 0x13]).is_err());
        assert!(doc.apply(&[]).is_err());
    }
}
