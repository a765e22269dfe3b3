//! What a device keeps for live rooms in its localStorage: the sync
//! server's address, a participant's identity (device id, sealing key,
//! name) and last vote, and the facilitator's keys for the room it runs.
//! Secrets never leave the device; only their public halves go to the room.

use crate::domain::room::{DeviceId, RoomCode, ServerAddress, TOKEN_CHARS};
use crate::domain::seal::{RoomSigner, SealKey};
use crate::storage::local::{SaveError, read_text, read_value, remove, write_text, write_value};
use serde::{Deserialize, Serialize};

/// The sync server's address (a setting of this browser).
const SERVER_KEY: &str = "tandem.sync.server";
/// A participant's identity on this device.
const IDENTITY_KEY: &str = "tandem.join.identity";
/// A participant's vote in the current round, so a reload shows it.
const VOTE_KEY: &str = "tandem.join.vote";
/// The facilitator's keys for the live room of a session.
const FACILITATOR_KEY: &str = "tandem.live.room";

/// Random bytes from the browser's `crypto.getRandomValues`, which plain
/// http pages have too (unlike WebCrypto's `subtle`).
pub fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    // The two causes a browser has, in our words: getrandom's own messages
    // name every operating system's, which a phone would download.
    getrandom02::getrandom(&mut bytes).map_err(|e| {
        let why = if e == getrandom02::Error::WEB_CRYPTO {
            "it has no Web Crypto"
        } else {
            "crypto.getRandomValues failed"
        };
        format!("This browser could not make random numbers ({why}).")
    })?;
    Ok(bytes)
}

/// The configured sync server, if any. Stored as plain text, not JSON, as
/// builds before the typed values kept it: a JSON string would not read
/// back what they stored.
pub fn server() -> Option<ServerAddress> {
    read_text(SERVER_KEY)
        .ok()
        .flatten()
        .and_then(|t| ServerAddress::parse(&t).ok())
}

/// Sets (or, with an empty text, clears) the sync server address.
pub fn set_server(text: &str) -> Result<Option<ServerAddress>, String> {
    if text.trim().is_empty() {
        remove(SERVER_KEY).map_err(|e| e.to_string())?;
        return Ok(None);
    }
    let address = ServerAddress::parse(text)?;
    write_text(SERVER_KEY, address.as_str()).map_err(|e| e.to_string())?;
    Ok(Some(address))
}

/// A participant's identity on this device.
#[derive(Clone)]
pub struct Identity {
    pub device: DeviceId,
    pub key: SealKey,
    /// The name typed last time, if any.
    pub name: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredIdentity {
    device: String,
    secret: String,
    name: Option<String>,
}

/// This device's identity, made on first use. Kept in localStorage so a
/// reload (or the next planning) is the same person; where storage is
/// unavailable it lasts as long as the page.
pub fn identity() -> Result<Identity, String> {
    let stored = read_value::<StoredIdentity>(IDENTITY_KEY)
        .ok()
        .flatten()
        .and_then(|s| {
            Some(Identity {
                device: DeviceId::parse(&s.device).ok()?,
                key: SealKey::from_secret_hex(&s.secret).ok()?,
                name: s.name,
            })
        });
    if let Some(identity) = stored {
        return Ok(identity);
    }
    let identity = Identity {
        device: DeviceId::from_random(random::<TOKEN_CHARS>()?),
        key: SealKey::from_random(random::<32>()?),
        name: None,
    };
    let _ = keep_identity(&identity);
    Ok(identity)
}

/// Remembers the name typed on this device.
pub fn remember_name(identity: &Identity, name: &str) -> Result<(), SaveError> {
    keep_identity(&Identity {
        name: Some(name.to_string()),
        ..identity.clone()
    })
}

fn keep_identity(identity: &Identity) -> Result<(), SaveError> {
    let stored = StoredIdentity {
        device: identity.device.as_str().to_string(),
        secret: identity.key.secret_hex(),
        name: identity.name.clone(),
    };
    write_value(IDENTITY_KEY, &stored)
}

#[derive(Serialize, Deserialize)]
struct StoredVote {
    room: String,
    round: String,
    card: String,
}

/// The card this device played in `round` (its key) of `room`, if any.
pub fn remembered_vote(room: &RoomCode, round: &str) -> Option<String> {
    let vote: StoredVote = read_value(VOTE_KEY).ok().flatten()?;
    (vote.room == room.as_str() && vote.round == round).then_some(vote.card)
}

/// Remembers the card played in `round` of `room`.
pub fn remember_vote(room: &RoomCode, round: &str, card: &str) {
    let vote = StoredVote {
        room: room.as_str().to_string(),
        round: round.to_string(),
        card: card.to_string(),
    };
    let _ = write_value(VOTE_KEY, &vote);
}

/// The facilitator's secrets for the room of one session: the signing key
/// whose public half is in the join link, and the current round's sealing
/// key (with the round it belongs to).
#[derive(Clone)]
pub struct FacilitatorKeys {
    pub room: RoomCode,
    pub signer: RoomSigner,
    /// `(round, key)`: which round of the session the key seals.
    pub round: Option<(String, SealKey)>,
    /// Devices the facilitator took out of the room.
    pub removed: Vec<DeviceId>,
    /// Devices turned away because the room was full.
    pub full: Vec<DeviceId>,
}

impl FacilitatorKeys {
    /// New keys for a new room.
    pub fn new(room: RoomCode) -> Result<FacilitatorKeys, String> {
        Ok(FacilitatorKeys {
            room,
            signer: RoomSigner::from_random(random::<32>()?),
            round: None,
            removed: Vec::new(),
            full: Vec::new(),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StoredFacilitator {
    room: String,
    signer: String,
    round: Option<(String, String)>,
    removed: Vec<DeviceId>,
    full: Vec<DeviceId>,
}

/// The keys kept for `room`, if this browser opened it.
pub fn facilitator_keys(room: &RoomCode) -> Option<FacilitatorKeys> {
    let stored: StoredFacilitator = read_value(FACILITATOR_KEY).ok().flatten()?;
    if stored.room != room.as_str() {
        return None;
    }
    Some(FacilitatorKeys {
        room: room.clone(),
        signer: RoomSigner::from_secret_hex(&stored.signer).ok()?,
        round: stored
            .round
            .and_then(|(r, k)| Some((r, SealKey::from_secret_hex(&k).ok()?))),
        removed: stored.removed,
        full: stored.full,
    })
}

/// Keeps the facilitator's keys (so a reload resumes the room).
pub fn keep_facilitator_keys(keys: &FacilitatorKeys) {
    let stored = StoredFacilitator {
        room: keys.room.as_str().to_string(),
        signer: keys.signer.secret_hex(),
        round: keys
            .round
            .as_ref()
            .map(|(r, k)| (r.clone(), k.secret_hex())),
        removed: keys.removed.clone(),
        full: keys.full.clone(),
    };
    let _ = write_value(FACILITATOR_KEY, &stored);
}

/// Forgets the facilitator's keys (the room was closed).
pub fn forget_facilitator_keys() {
    let _ = remove(FACILITATOR_KEY);
}
