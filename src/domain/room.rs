//! A live poker room: what the facilitator's tab tells the devices in the
//! room (the round under way, who was removed), what each device tells it
//! back (who it is, its sealed vote), and the rules for both.
//!
//! Everything here arrives over the network from devices we don't control,
//! so every record is read like an import: a size limit first, then strict
//! JSON, then each field's rule. A record that fails is ignored, never shown.
//! The facilitator's state is only believed with a valid signature by the
//! key named in the join link (see [`super::seal`]).

use super::deck::{self, Card};
use super::ids::ParticipantId;
use super::limits::{MAX_CRITERIA, MAX_DESCRIPTION_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use super::poker::{MAX_PARTICIPANTS, Role, participant_name};
use super::poker_stats::{RoundStats, round_stats};
use super::seal::{self, Sealed};
use super::team::TeamName;
use super::workspace::{Workspace, WorkspaceError};
use serde::{Deserialize, Serialize};

/// Most devices in one room.
pub const MAX_ROOM_PEOPLE: usize = 30;
/// Largest websocket frame a device accepts (a round with a long
/// description is a few tens of kilobytes).
pub const MAX_FRAME_BYTES: usize = 512 * 1024;
/// Largest facilitator state, in bytes of JSON.
const MAX_STATE_BYTES: usize = 256 * 1024;
/// Largest person or vote record, in bytes of JSON.
const MAX_RECORD_BYTES: usize = 2 * 1024;
/// Longest story key shown in a room (`IOS-12`).
const MAX_KEY_CHARS: usize = 20;
/// Most device ids the facilitator lists as removed or turned away.
const MAX_LISTED_DEVICES: usize = 1_000;

/// Letters of room codes and device ids: lower-case, no look-alikes
/// (`i`, `l`, `o`, `u`), 5 bits each.
const TOKEN_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Characters in a new room code or device id: 80 random bits.
pub const TOKEN_CHARS: usize = 16;

/// Why something from the room was not accepted, or a room can't be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomError {
    /// A room code that is not 10–64 letters and digits.
    InvalidCode,
    /// A record larger than its limit.
    TooLarge,
    /// A record that is not the expected JSON.
    Malformed(String),
    /// A field outside its rule.
    Invalid(&'static str),
    /// A state not signed by the room's facilitator.
    NotSigned,
}

impl std::fmt::Display for RoomError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoomError::InvalidCode => f.write_str(
                "This join link has no valid room code. Ask the facilitator for the link again.",
            ),
            RoomError::TooLarge => f.write_str("The room sent more data than a round can hold."),
            RoomError::Malformed(why) => write!(f, "The room sent data Tandem can't read ({why})."),
            RoomError::Invalid(what) => write!(f, "The room sent an invalid {what}."),
            RoomError::NotSigned => {
                f.write_str("The room's state is not signed by its facilitator.")
            }
        }
    }
}

fn is_token(text: &str, min: usize, max: usize) -> bool {
    // The alphabet is ASCII, so once every byte is in it, bytes are characters.
    (min..=max).contains(&text.len()) && text.bytes().all(|b| TOKEN_ALPHABET.contains(&b))
}

/// Whether `text` is a room code as stored: 10 to 64 code letters.
pub fn is_room_code(text: &str) -> bool {
    is_token(text, 10, 64)
}

/// Whether `text` is a device id: 8 to 64 code letters.
pub fn is_device_id(text: &str) -> bool {
    is_token(text, 8, 64)
}

fn token_from_random(bytes: [u8; TOKEN_CHARS]) -> String {
    bytes
        .iter()
        .map(|b| TOKEN_ALPHABET[usize::from(b & 31)] as char)
        .collect()
}

/// A room's code: its name on the sync server. 80 random bits, so it can't
/// be guessed, and the server lists no rooms.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoomCode(String);

impl RoomCode {
    /// Reads a code from a link: 10 to 64 of the code letters.
    pub fn parse(text: &str) -> Result<RoomCode, RoomError> {
        let text = text.trim().to_ascii_lowercase();
        if is_room_code(&text) {
            Ok(RoomCode(text))
        } else {
            Err(RoomError::InvalidCode)
        }
    }

    /// A fresh code from random bytes.
    pub fn from_random(bytes: [u8; TOKEN_CHARS]) -> RoomCode {
        RoomCode(token_from_random(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One device in a room (a participant's phone or laptop), chosen by that
/// device and kept there, so a reload is the same person.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeviceId(String);

impl DeviceId {
    /// Reads a device id: 8 to 64 of the code letters.
    pub fn parse(text: &str) -> Result<DeviceId, RoomError> {
        if is_device_id(text) {
            Ok(DeviceId(text.to_string()))
        } else {
            Err(RoomError::Invalid("device id"))
        }
    }

    /// A fresh id from random bytes.
    pub fn from_random(bytes: [u8; TOKEN_CHARS]) -> DeviceId {
        DeviceId(token_from_random(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DeviceId {
    type Error = RoomError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        DeviceId::parse(&text)
    }
}

impl From<DeviceId> for String {
    fn from(id: DeviceId) -> String {
        id.0
    }
}

/// The sync server's address, as typed in the settings or carried in a
/// join link: a `ws://` or `wss://` URL (an `http(s)://` one is taken to
/// mean the same host), with no spaces, at most [`MAX_SERVER_ADDRESS_CHARS`]
/// characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerAddress(String);

/// Longest sync server address, in bytes of its text.
pub const MAX_SERVER_ADDRESS_CHARS: usize = 500;

impl ServerAddress {
    /// Reads an address; trailing slashes go.
    pub fn parse(text: &str) -> Result<ServerAddress, String> {
        let text = text.trim().trim_end_matches('/');
        let lower = text.to_ascii_lowercase();
        let text = if let Some(rest) = lower.strip_prefix("http://").map(|_| &text[7..]) {
            format!("ws://{rest}")
        } else if let Some(rest) = lower.strip_prefix("https://").map(|_| &text[8..]) {
            format!("wss://{rest}")
        } else {
            text.to_string()
        };
        let lower = text.to_ascii_lowercase();
        let host = lower
            .strip_prefix("ws://")
            .or_else(|| lower.strip_prefix("wss://"));
        match host {
            _ if text.len() > MAX_SERVER_ADDRESS_CHARS => Err(format!(
                "A sync server address has at most {MAX_SERVER_ADDRESS_CHARS} characters."
            )),
            Some(rest)
                if !rest.is_empty()
                    && !rest.starts_with('/')
                    && !text.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '#' | '?' | '"' | '<' | '>')) =>
            {
                Ok(ServerAddress(text))
            }
            _ => Err(
                "A sync server address starts with ws:// or wss://, then the host (for example ws://intranet:1234 or wss://intranet/tandem-sync)."
                    .into(),
            ),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The websocket URL of one room: the server's address, then the code.
    pub fn room_url(&self, code: &RoomCode) -> String {
        format!("{}/{}", self.0, code.as_str())
    }
}

/// What a join link (and its QR code) carries: the room, the server it is
/// on, and the facilitator's public signing key, so the device believes
/// only states the facilitator signed. All in the URL fragment
/// (`#/join/<code>?server=…&key=…`), which browsers never send to a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinLink {
    pub code: RoomCode,
    pub server: Option<ServerAddress>,
    pub facilitator: String,
}

impl JoinLink {
    /// The link's part after `#/join/` (`<code>?server=…&key=…`), which
    /// [`JoinLink::parse`] reads back; the ui's route puts it in a fragment.
    pub fn rest(&self) -> String {
        let mut out = format!("{}?", self.code.as_str());
        if let Some(server) = &self.server {
            out.push_str("server=");
            out.push_str(&percent_encode(server.as_str()));
            out.push('&');
        }
        out.push_str("key=");
        out.push_str(&self.facilitator);
        out
    }

    /// Reads the part of a fragment after `#/join/`: `<code>?server=…&key=…`.
    pub fn parse(rest: &str) -> Result<JoinLink, RoomError> {
        let (code, query) = rest.split_once('?').unwrap_or((rest, ""));
        let code = RoomCode::parse(code.trim_matches('/'))?;
        let mut server = None;
        let mut facilitator = None;
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("server", value)) => {
                    let text = percent_decode(value).ok_or(RoomError::Invalid("server address"))?;
                    server = Some(
                        ServerAddress::parse(&text)
                            .map_err(|_| RoomError::Invalid("server address"))?,
                    );
                }
                Some(("key", value)) if seal::is_public_key(value) => {
                    facilitator = Some(value.to_string());
                }
                _ => {}
            }
        }
        Ok(JoinLink {
            code,
            server,
            facilitator: facilitator.ok_or(RoomError::InvalidCode)?,
        })
    }
}

/// A link that opens a shared workspace on another device: the room of
/// the sync server the workspace is shared in, all in the URL fragment
/// (`#/shared/<code>?server=…`). Whoever has it can read and change the
/// workspace, as whoever has a join link can join a room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareLink {
    pub code: RoomCode,
    pub server: ServerAddress,
}

impl ShareLink {
    /// The link's part after `#/shared/` (`<code>?server=…`), which
    /// [`ShareLink::parse`] reads back.
    pub fn rest(&self) -> String {
        format!(
            "{}?server={}",
            self.code.as_str(),
            percent_encode(self.server.as_str())
        )
    }

    /// Reads the part of a fragment after `#/shared/`; `None` unless it
    /// holds a valid room code and server address.
    pub fn parse(rest: &str) -> Option<ShareLink> {
        let (code, query) = rest.split_once('?')?;
        let code = RoomCode::parse(code.trim_matches('/')).ok()?;
        let server = query
            .split('&')
            .find_map(|pair| match pair.split_once('=') {
                Some(("server", value)) => ServerAddress::parse(&percent_decode(value)?).ok(),
                _ => None,
            })?;
        Some(ShareLink { code, server })
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A story as a room shows it: only what estimating it needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomStory {
    pub key: String,
    pub title: String,
    pub description: String,
    pub criteria: Vec<String>,
    /// The team's name.
    pub team: String,
}

/// The backend slice of a per-discipline round, which the devices of
/// backend participants estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomSlice {
    pub story: RoomStory,
    pub cards: Vec<Card>,
    pub devices: Vec<DeviceId>,
}

/// A revealed vote, as every device sees it after the reveal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomVote {
    pub name: String,
    pub card: String,
    /// Cast on the backend slice of a per-discipline round.
    pub backend: bool,
}

/// The round under way, as the room shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomRound {
    /// 1 for a story's first round, 2 for its re-vote…
    pub number: u32,
    pub story: RoomStory,
    pub cards: Vec<Card>,
    pub backend: Option<RoomSlice>,
    /// The public key votes are sealed to; a new one every round, so it
    /// also names the round.
    pub seal_key: String,
    /// When the countdown ends (milliseconds since 1970), if there is one.
    pub ends_at: Option<i64>,
    /// Every vote, once revealed; `None` before.
    pub results: Option<Vec<RoomVote>>,
}

impl RoomRound {
    /// The cards `device` plays in this round.
    pub fn deck_for(&self, device: &DeviceId) -> &[Card] {
        match &self.backend {
            Some(slice) if slice.devices.contains(device) => &slice.cards,
            _ => &self.cards,
        }
    }

    /// The labels `device` can play: the deck's, then `?` and `☕`
    /// ([`deck::playable_labels`]).
    pub fn labels_for(&self, device: &DeviceId) -> Vec<String> {
        deck::playable_labels(self.deck_for(device))
    }

    /// The story `device` estimates.
    pub fn story_for(&self, device: &DeviceId) -> &RoomStory {
        match &self.backend {
            Some(slice) if slice.devices.contains(device) => &slice.story,
            _ => &self.story,
        }
    }

    /// Whether `card` is a card `device` may play.
    pub fn accepts(&self, device: &DeviceId, card: &str) -> bool {
        deck::is_special(card) || self.deck_for(device).iter().any(|c| c.label == card)
    }

    /// The statistics of the revealed votes: the story's, and the backend
    /// slice's in a per-discipline round.
    pub fn stats(&self) -> Option<(RoundStats, Option<RoundStats>)> {
        let results = self.results.as_ref()?;
        let votes = |backend: bool| -> Vec<(String, String)> {
            results
                .iter()
                .filter(|v| v.backend == backend)
                .map(|v| (v.name.clone(), v.card.clone()))
                .collect()
        };
        let main = round_stats(&self.cards, &votes(false));
        let backend = self
            .backend
            .as_ref()
            .map(|s| round_stats(&s.cards, &votes(true)));
        Some((main, backend))
    }

    /// What the signed bytes tie a vote to: this round and this device.
    pub fn vote_context(&self, device: &DeviceId) -> Vec<u8> {
        format!("tandem-vote/{}/{}", self.seal_key, device.as_str()).into_bytes()
    }

    fn check(&self) -> Result<(), RoomError> {
        check_story(&self.story)?;
        check_cards(&self.cards)?;
        if let Some(slice) = &self.backend {
            check_story(&slice.story)?;
            check_cards(&slice.cards)?;
            if slice.devices.len() > MAX_ROOM_PEOPLE * 2 {
                return Err(RoomError::Invalid("list of backend devices"));
            }
        }
        if !seal::is_public_key(&self.seal_key) {
            return Err(RoomError::Invalid("round key"));
        }
        if let Some(results) = &self.results {
            if results.len() > MAX_PARTICIPANTS {
                return Err(RoomError::Invalid("list of votes"));
            }
            for vote in results {
                participant_name(&vote.name).map_err(|_| RoomError::Invalid("voter name"))?;
                let deck = match (&self.backend, vote.backend) {
                    (Some(slice), true) => &slice.cards,
                    _ => &self.cards,
                };
                let known =
                    deck::is_special(&vote.card) || deck.iter().any(|c| c.label == vote.card);
                if !known {
                    return Err(RoomError::Invalid("card"));
                }
            }
        }
        Ok(())
    }
}

fn check_story(story: &RoomStory) -> Result<(), RoomError> {
    let within = |text: &str, max: usize| text.chars().count() <= max;
    if story.key.is_empty() || !within(&story.key, MAX_KEY_CHARS) {
        return Err(RoomError::Invalid("story key"));
    }
    if !within(&story.title, MAX_TITLE_CHARS) {
        return Err(RoomError::Invalid("story title"));
    }
    if !within(&story.description, MAX_DESCRIPTION_CHARS) {
        return Err(RoomError::Invalid("story description"));
    }
    if story.criteria.len() > MAX_CRITERIA
        || story.criteria.iter().any(|c| !within(c, MAX_TEXT_CHARS))
    {
        return Err(RoomError::Invalid("list of acceptance criteria"));
    }
    // The name travels as text; it must be a team name exactly as the
    // workspace keeps one.
    if TeamName::try_from(story.team.clone()).is_err() {
        return Err(RoomError::Invalid("team name"));
    }
    Ok(())
}

/// A room's deck follows the rule of every deck, plus distinct labels (a
/// vote names its card by label) and no control characters.
fn check_cards(cards: &[Card]) -> Result<(), RoomError> {
    deck::check_cards(cards).map_err(|_| RoomError::Invalid("deck"))?;
    let repeated = cards
        .iter()
        .enumerate()
        .any(|(i, c)| cards[..i].iter().any(|d| d.label == c.label));
    if repeated || cards.iter().any(|c| c.label.chars().any(char::is_control)) {
        return Err(RoomError::Invalid("deck"));
    }
    Ok(())
}

/// Everything the facilitator's tab tells the room, signed as one text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomState {
    /// When this state was written (ms since 1970): a device keeps the
    /// newest it has seen, so an old state copied back is ignored.
    pub at: i64,
    /// The session's name.
    pub session: String,
    pub round: Option<RoomRound>,
    /// Devices the facilitator took out of the room.
    pub removed: Vec<DeviceId>,
    /// Devices turned away because the room was full.
    pub full: Vec<DeviceId>,
    /// The facilitator closed the room.
    pub closed: bool,
}

/// A facilitator state as it travels: the JSON text and its signature.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedState {
    pub text: String,
    pub signature: String,
}

impl RoomState {
    /// Signs this state with the room's key.
    pub fn sign(&self, signer: &seal::RoomSigner) -> SignedState {
        let text = serde_json::to_string(self).unwrap_or_default();
        SignedState {
            signature: signer.sign(&text),
            text,
        }
    }

    /// Reads a state from the room: checked against the facilitator's key
    /// from the join link, then against every field's rule.
    pub fn read(signed: &SignedState, facilitator: &str) -> Result<RoomState, RoomError> {
        if signed.text.len() > MAX_STATE_BYTES {
            return Err(RoomError::TooLarge);
        }
        seal::verify(facilitator, &signed.text, &signed.signature)
            .map_err(|_| RoomError::NotSigned)?;
        let state: RoomState =
            serde_json::from_str(&signed.text).map_err(|e| RoomError::Malformed(e.to_string()))?;
        if state.session.chars().count() > MAX_TEXT_CHARS {
            return Err(RoomError::Invalid("session name"));
        }
        if state.removed.len() > MAX_LISTED_DEVICES || state.full.len() > MAX_LISTED_DEVICES {
            return Err(RoomError::Invalid("list of devices"));
        }
        if let Some(round) = &state.round {
            round.check()?;
        }
        Ok(state)
    }

    /// Why `device` may not vote here, if it may not.
    pub fn turned_away(&self, device: &DeviceId) -> Option<TurnedAway> {
        if self.closed {
            Some(TurnedAway::Closed)
        } else {
            turned_away(&self.removed, &self.full, device)
        }
    }
}

/// Why `device` is out of an open room, if it is: the facilitator removed
/// it, or it was turned away while the room was full. The facilitator's
/// tab and every device read the same two lists by this one rule.
pub fn turned_away(
    removed: &[DeviceId],
    full: &[DeviceId],
    device: &DeviceId,
) -> Option<TurnedAway> {
    if removed.contains(device) {
        Some(TurnedAway::Removed)
    } else if full.contains(device) {
        Some(TurnedAway::Full)
    } else {
        None
    }
}

/// Who the facilitator believes each device is: the person (name and key)
/// it first joined with. Any device can write any record, so a later one
/// claiming the same device with another key is someone else, and ignored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoomPeople {
    pinned: std::collections::HashMap<DeviceId, Person>,
}

impl RoomPeople {
    /// Takes in `device`'s record: whether it is the device's person (the
    /// first record seen from it, pinned now, or one with the same key).
    pub fn admit(&mut self, device: &DeviceId, person: &Person) -> bool {
        match self.pinned.get(device) {
            Some(pinned) => pinned.key == person.key,
            None => {
                self.pinned.insert(device.clone(), person.clone());
                true
            }
        }
    }

    /// The person `device` first joined as.
    pub fn person(&self, device: &DeviceId) -> Option<&Person> {
        self.pinned.get(device)
    }

    /// The people of the room who count: each device's record admitted by
    /// [`RoomPeople::admit`], unless the device is [`turned_away`].
    pub fn admit_all(
        &mut self,
        people: &[(DeviceId, Person)],
        removed: &[DeviceId],
        full: &[DeviceId],
    ) -> Vec<(DeviceId, Person)> {
        people
            .iter()
            .filter(|(device, person)| self.admit(device, person))
            .filter(|(device, _)| turned_away(removed, full, device).is_none())
            .cloned()
            .collect()
    }

    /// The sealed votes that count in `round`, with the person each is
    /// opened as: none once the round is revealed or when it is not sealed
    /// to `round_key` (a round of ours before), and none from a device
    /// [`turned_away`] or not admitted.
    pub fn ballots(
        &self,
        round: &RoomRound,
        round_key: &str,
        votes: Vec<(DeviceId, SealedVote)>,
        removed: &[DeviceId],
        full: &[DeviceId],
    ) -> Vec<(DeviceId, SealedVote, Person)> {
        if round.results.is_some() || round.seal_key != round_key {
            return Vec::new();
        }
        votes
            .into_iter()
            .filter(|(device, _)| turned_away(removed, full, device).is_none())
            .filter_map(|(device, vote)| {
                let person = self.person(&device)?.clone();
                Some((device, vote, person))
            })
            .collect()
    }
}

/// Why a device is not (or no longer) in the room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TurnedAway {
    Removed,
    Full,
    Closed,
}

impl std::fmt::Display for TurnedAway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TurnedAway::Removed => f.write_str(
                "The facilitator took you out of this room. Ask them if that was a mistake.",
            ),
            TurnedAway::Full => write!(
                f,
                "This room is full ({MAX_ROOM_PEOPLE} people). Ask the facilitator to remove someone who left."
            ),
            TurnedAway::Closed => f.write_str("The facilitator closed this room."),
        }
    }
}

/// Who a device says it is: a name, and the public key its votes are
/// sealed with (so nobody else can vote in its name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub key: String,
}

impl Person {
    /// The record's text for the room.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a person from the room.
    pub fn read(text: &str) -> Result<Person, RoomError> {
        if text.len() > MAX_RECORD_BYTES {
            return Err(RoomError::TooLarge);
        }
        let person: Person =
            serde_json::from_str(text).map_err(|e| RoomError::Malformed(e.to_string()))?;
        let name = participant_name(&person.name).map_err(|_| RoomError::Invalid("name"))?;
        if !seal::is_public_key(&person.key) {
            return Err(RoomError::Invalid("device key"));
        }
        Ok(Person {
            name: name.into(),
            ..person
        })
    }
}

/// A participant device's presence (its Yjs awareness state): which
/// device is in the room now, under which name. Presence says who is
/// online; the person record says who the device is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub device: String,
    #[serde(default)]
    pub name: String,
}

impl Presence {
    /// The presence's text, as the device announces it.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The devices that `texts` (everyone else's presence) say are here,
    /// each once, in order; texts that name none are passed over.
    pub fn devices_present(texts: &[String]) -> Vec<DeviceId> {
        Presence::people_present(texts)
            .into_iter()
            .map(|(device, _)| device)
            .collect()
    }

    /// Who `texts` say is here: each device once, in order, with the name
    /// it gives if that is a name as one typed here must be (a device can
    /// send anything; several tabs of one device count once, named if any
    /// of them is).
    pub fn people_present(texts: &[String]) -> Vec<(DeviceId, Option<String>)> {
        let mut people: Vec<(DeviceId, Option<String>)> = texts
            .iter()
            .filter_map(|t| Presence::read(t))
            .map(|p| {
                let name = participant_name(&p.name).ok().map(String::from);
                (p.device_id, name)
            })
            .collect();
        // Named first within a device, so the one kept has the name.
        people.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.is_none().cmp(&b.1.is_none()))
        });
        people.dedup_by(|later, first| later.0 == first.0);
        people
    }

    /// A presence text's device and name, if it names a valid device (the
    /// facilitator's own presence names none).
    fn read(text: &str) -> Option<PresenceRead> {
        if text.len() > MAX_RECORD_BYTES {
            return None;
        }
        let presence: Presence = serde_json::from_str(text).ok()?;
        Some(PresenceRead {
            device_id: DeviceId::parse(&presence.device).ok()?,
            name: presence.name,
        })
    }
}

/// A presence text read: its device checked, its name not yet.
struct PresenceRead {
    device_id: DeviceId,
    name: String,
}

/// A device's vote as the room carries it: sealed to the round key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedVote {
    /// The round key it was sealed to.
    pub round: String,
    pub nonce: String,
    pub sealed: String,
}

impl SealedVote {
    /// Seals `card` from `device` (holding `key`) for `round`.
    pub fn seal(
        round: &RoomRound,
        device: &DeviceId,
        key: &seal::SealKey,
        card: &str,
        nonce: [u8; 24],
    ) -> Result<SealedVote, seal::SealError> {
        let sealed = seal::seal(
            card,
            key,
            &round.seal_key,
            &round.vote_context(device),
            nonce,
        )?;
        Ok(SealedVote {
            round: round.seal_key.clone(),
            nonce: sealed.nonce,
            sealed: sealed.ciphertext,
        })
    }

    /// The record's text for the room.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a sealed vote from the room (it is opened later, by the
    /// facilitator only).
    pub fn read(text: &str) -> Result<SealedVote, RoomError> {
        if text.len() > MAX_RECORD_BYTES {
            return Err(RoomError::TooLarge);
        }
        serde_json::from_str(text).map_err(|e| RoomError::Malformed(e.to_string()))
    }

    /// Opens the vote with the round's secret key: the card, if it is one
    /// `device` may play in `round`.
    pub fn open(
        &self,
        round: &RoomRound,
        round_key: &seal::SealKey,
        device: &DeviceId,
        person: &Person,
    ) -> Result<String, RoomError> {
        if self.round != round.seal_key {
            return Err(RoomError::Invalid("round"));
        }
        let sealed = Sealed {
            nonce: self.nonce.clone(),
            ciphertext: self.sealed.clone(),
        };
        let card = seal::open(&sealed, round_key, &person.key, &round.vote_context(device))
            .map_err(|_| RoomError::Invalid("sealed vote"))?;
        if round.accepts(device, &card) {
            Ok(card)
        } else {
            Err(RoomError::Invalid("card"))
        }
    }
}

/// A person is matched to a member when the names agree, ignoring case and
/// spaces around.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Workspace {
    /// What the live room shows of the current session: its round (with
    /// `seal_key`, and the votes once revealed). `None` without a round.
    pub fn room_round(&self, seal_key: &str) -> Option<RoomRound> {
        let session = self.poker_session()?;
        let round = session.current_round()?;
        let room_story = |id| {
            let story = self.story(id)?;
            Some(RoomStory {
                key: self.story_key(story),
                title: story.title.to_string(),
                description: story.description.to_string(),
                criteria: story
                    .acceptance_criteria
                    .iter()
                    .map(|c| c.text.clone())
                    .collect(),
                team: self
                    .team(story.team)
                    .map(|t| t.name.to_string())
                    .unwrap_or_default(),
            })
        };
        let backend = round.backend_story.and_then(|b| {
            Some(RoomSlice {
                story: room_story(b)?,
                cards: self.cards_for(b),
                devices: session
                    .participants
                    .iter()
                    .filter(|p| round.estimates_backend(p))
                    .filter_map(|p| p.device.as_deref().and_then(|d| DeviceId::parse(d).ok()))
                    .collect(),
            })
        });
        let results = round.revealed_at.map(|_| {
            round
                .votes
                .iter()
                .filter_map(|v| {
                    let p = session.participant(v.participant)?;
                    Some(RoomVote {
                        name: p.name.to_string(),
                        card: v.card.clone(),
                        backend: round.estimates_backend(p),
                    })
                })
                .collect()
        });
        Some(RoomRound {
            number: round.number,
            story: room_story(round.story)?,
            cards: self.cards_for(round.story),
            backend,
            seal_key: seal_key.to_string(),
            ends_at: round.ends_at.map(|t| t.timestamp_millis()),
            results,
        })
    }

    /// Opens a live room for the current session.
    pub fn open_live_room(&mut self, code: &RoomCode) -> Result<(), WorkspaceError> {
        let session = self.sessions.last_mut().ok_or(WorkspaceError::NoSession)?;
        session.live_room = Some(code.as_str().to_string());
        Ok(())
    }

    /// Closes the current session's live room; its participants stay, as
    /// people who left.
    pub fn close_live_room(&mut self) -> Result<(), WorkspaceError> {
        let session = self.sessions.last_mut().ok_or(WorkspaceError::NoSession)?;
        session.live_room = None;
        Ok(())
    }

    /// The code of the current session's live room, if one is open.
    pub fn live_room(&self) -> Option<RoomCode> {
        let code = self.poker_session()?.live_room.as_deref()?;
        RoomCode::parse(code).ok()
    }

    /// Records the cards opened from the room's sealed votes: each device's
    /// card becomes its participant's vote in the current round, unless it
    /// is already. Devices that are not participants are skipped. Returns
    /// how many votes changed.
    pub fn take_live_votes(
        &mut self,
        votes: &[(DeviceId, String)],
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, WorkspaceError> {
        let changes = self.live_vote_changes(votes)?;
        let mut cast = 0;
        for (participant, card) in changes {
            // The last voter's card may have revealed the round (auto-reveal).
            let open = self
                .poker_session()
                .and_then(|s| s.current_round())
                .is_some_and(|r| r.revealed_at.is_none());
            if !open {
                break;
            }
            self.cast_vote(participant, card, now)?;
            cast += 1;
        }
        Ok(cast)
    }

    /// The votes [`Workspace::take_live_votes`] would cast: a voter's card
    /// that differs from their vote in the current round (none once it is
    /// revealed). Asking costs no copy of the workspace.
    pub fn live_vote_changes<'v>(
        &self,
        votes: &'v [(DeviceId, String)],
    ) -> Result<Vec<(ParticipantId, &'v str)>, WorkspaceError> {
        let Some(session) = self.poker_session() else {
            return Ok(Vec::new());
        };
        let mut changes = Vec::new();
        for (device, card) in votes {
            let Some(participant) = self.live_participant(device) else {
                continue;
            };
            let voter = session
                .participant(participant)
                .is_some_and(|p| p.role == Role::Voter);
            if !voter {
                continue;
            }
            let round = session.current_round().ok_or(WorkspaceError::NoRound)?;
            if round.revealed_at.is_some() {
                break;
            }
            let same = round
                .votes
                .iter()
                .any(|v| v.participant == participant && v.card == *card);
            if !same {
                changes.push((participant, card.as_str()));
            }
        }
        Ok(changes)
    }

    /// The participant who joined from `device`, if any.
    pub fn live_participant(&self, device: &DeviceId) -> Option<ParticipantId> {
        let session = self.poker_session()?;
        session
            .participants
            .iter()
            .find(|p| p.device.as_deref() == Some(device.as_str()))
            .map(|p| p.id)
    }

    /// Whether a person of that name on `device` is still to be taken into
    /// the session by [`Workspace::join_live`] (new, or renamed).
    pub fn needs_join(&self, device: &DeviceId, name: &str) -> bool {
        let known = self.live_participant(device).and_then(|id| {
            self.poker_session()
                .and_then(|s| s.participant(id))
                .map(|p| same_name(&p.name, name))
        });
        known != Some(true)
    }

    /// Takes a person who joined the live room into the session: the same
    /// participant again for a known device (renamed if they changed their
    /// name), else the member of that name (a participant already or not),
    /// else a guest. At most [`MAX_ROOM_PEOPLE`] devices.
    pub fn join_live(
        &mut self,
        device: &DeviceId,
        name: &str,
    ) -> Result<ParticipantId, WorkspaceError> {
        let name = participant_name(name)?;
        if let Some(id) = self.live_participant(device) {
            let session = self.sessions.last_mut().ok_or(WorkspaceError::NoSession)?;
            if let Some(p) = session.participants.iter_mut().find(|p| p.id == id)
                && !same_name(&p.name, &name)
            {
                p.name = name;
            }
            return Ok(id);
        }
        let session = self.poker_session().ok_or(WorkspaceError::NoSession)?;
        let devices = session
            .participants
            .iter()
            .filter(|p| p.device.is_some())
            .count();
        if devices >= MAX_ROOM_PEOPLE {
            return Err(WorkspaceError::RoomFull);
        }
        let member = self
            .members()
            .iter()
            .find(|m| same_name(&m.name, &name))
            .map(|m| m.id);
        // A member already in the session without a device of theirs (added
        // by the facilitator) takes this device.
        let free_seat = session
            .participants
            .iter()
            .find(|p| {
                p.device.is_none()
                    && (member.is_some_and(|m| p.member == Some(m))
                        || (p.member.is_none() && same_name(&p.name, &name)))
            })
            .map(|p| p.id);
        let id = match (free_seat, member) {
            (Some(id), _) => id,
            (None, Some(m)) => self.add_participant(m, Role::Voter)?,
            (None, None) => self.add_guest(&name)?,
        };
        let session = self.sessions.last_mut().ok_or(WorkspaceError::NoSession)?;
        if let Some(p) = session.participants.iter_mut().find(|p| p.id == id) {
            p.device = Some(device.as_str().to_string());
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deck::{BREAK, UNSURE};
    use crate::domain::limits::MAX_TEAM_NAME_CHARS;

    fn device(n: u8) -> DeviceId {
        DeviceId::from_random([n; TOKEN_CHARS])
    }

    #[test]
    fn codes_are_long_random_and_strict() {
        let code = RoomCode::from_random([7; TOKEN_CHARS]);
        assert_eq!(code.as_str().len(), TOKEN_CHARS);
        assert_eq!(RoomCode::parse(code.as_str()), Ok(code.clone()));
        assert_eq!(RoomCode::parse(&code.as_str().to_uppercase()), Ok(code));
        for bad in [
            "",
            "short",
            "has space in it",
            "abc/def/ghij",
            "ilou12345678",
        ] {
            assert_eq!(RoomCode::parse(bad), Err(RoomError::InvalidCode), "{bad}");
        }
        let distinct: std::collections::HashSet<_> = (0..=255u8)
            .map(|n| RoomCode::from_random([n; TOKEN_CHARS]).0)
            .collect();
        assert_eq!(distinct.len(), 32);
        assert!(DeviceId::parse("<script>").is_err());
        assert!(is_room_code(&"z".repeat(64)) && !is_room_code(&"z".repeat(65)));
        assert!(is_device_id("k7m2q9tx") && !is_device_id("k7m2q9t"));
        for bad in [
            "0123456789i",
            "0123456789l",
            "0123456789o",
            "0123456789u",
            "0123456789A",
            "01234 56789",
            "0123456789é",
        ] {
            assert!(!is_room_code(bad), "{bad}");
        }
    }

    #[test]
    fn server_addresses() {
        let ok = |t: &str| ServerAddress::parse(t).map(|a| a.as_str().to_string());
        assert_eq!(
            ok(" ws://127.0.0.1:1234/ "),
            Ok("ws://127.0.0.1:1234".into())
        );
        assert_eq!(
            ok("https://intranet/tandem-sync"),
            Ok("wss://intranet/tandem-sync".into())
        );
        assert_eq!(ok("HTTP://Host:1"), Ok("ws://Host:1".into()));
        for bad in [
            "",
            "ws://",
            "intranet:1234",
            "ftp://x",
            "ws://a b",
            "ws:///x",
            "ws://x#y",
            "javascript:alert(1)",
        ] {
            assert!(ServerAddress::parse(bad).is_err(), "{bad}");
        }
        let code = RoomCode::from_random([1; TOKEN_CHARS]);
        assert_eq!(
            ServerAddress::parse("wss://h/sync")
                .unwrap()
                .room_url(&code),
            format!("wss://h/sync/{}", code.as_str())
        );
    }

    #[test]
    fn join_links_carry_room_server_and_key() {
        let link = JoinLink {
            code: RoomCode::from_random([3; TOKEN_CHARS]),
            server: Some(ServerAddress::parse("wss://intranet/tandem-sync").unwrap()),
            facilitator: seal::RoomSigner::from_random([1; 32]).public_hex(),
        };
        let rest = link.rest();
        assert!(!rest.contains("wss://"), "{rest}");
        assert_eq!(JoinLink::parse(&rest), Ok(link.clone()));
        let no_server = JoinLink {
            server: None,
            ..link.clone()
        };
        assert_eq!(JoinLink::parse(&no_server.rest()), Ok(no_server));
        assert!(JoinLink::parse(link.code.as_str()).is_err(), "no key");
        assert!(JoinLink::parse("x?key=00").is_err());
        assert!(
            JoinLink::parse(&format!(
                "{}?server=%ZZ&key={}",
                link.code.as_str(),
                link.facilitator
            ))
            .is_err()
        );
    }

    #[test]
    fn presence_counts_each_named_device_once() {
        let a = Presence {
            device: device(1).as_str().into(),
            name: "Ana".into(),
        };
        let b = Presence {
            device: device(2).as_str().into(),
            name: String::new(),
        };
        let texts = vec![
            b.to_text(),
            a.to_text(),
            b.to_text(),
            "{\"role\":\"facilitator\"}".to_string(),
            "not json".to_string(),
        ];
        assert_eq!(
            Presence::devices_present(&texts),
            vec![device(1), device(2)]
        );
    }

    #[test]
    fn presence_names_each_device_once_and_only_with_a_real_name() {
        let named = |n: u8, name: &str| {
            Presence {
                device: device(n).as_str().into(),
                name: name.into(),
            }
            .to_text()
        };
        let long = "x".repeat(500);
        let texts = vec![
            named(2, ""),
            named(1, "  Ana "),
            // A second tab of device 2, named there.
            named(2, "Ben"),
            named(3, &long),
            named(4, "bad\u{7}name"),
        ];
        assert_eq!(
            Presence::people_present(&texts),
            vec![
                (device(1), Some("Ana".to_string())),
                (device(2), Some("Ben".to_string())),
                (device(3), None),
                (device(4), None),
            ]
        );
    }

    #[test]
    fn share_links_carry_room_and_server_and_need_both() {
        let link = ShareLink {
            code: RoomCode::from_random([4; TOKEN_CHARS]),
            server: ServerAddress::parse("ws://intranet:1234").unwrap(),
        };
        let rest = link.rest();
        assert!(!rest.contains("ws://"), "{rest}");
        assert_eq!(ShareLink::parse(&rest), Some(link.clone()));
        assert_eq!(ShareLink::parse(link.code.as_str()), None, "no server");
        assert_eq!(
            ShareLink::parse("bad?server=ws%3A%2F%2Fx"),
            None,
            "no valid code"
        );
        let no_host = format!("{}?server=ftp%3A%2F%2Fx", link.code.as_str());
        assert_eq!(ShareLink::parse(&no_host), None, "not a websocket address");
    }

    #[test]
    fn people_and_votes_are_read_like_an_import() {
        let key = seal::SealKey::from_random([1; 32]).public_hex();
        let ok = Person {
            name: "  Ana  ".into(),
            key: key.clone(),
        };
        assert_eq!(Person::read(&ok.to_text()).unwrap().name, "Ana");
        let markup = Person {
            name: "<img src=x onerror=alert(1)>".into(),
            key: key.clone(),
        };
        // Markup is only text: kept as typed, shown as text.
        assert_eq!(Person::read(&markup.to_text()).unwrap().name, markup.name);
        for bad in [
            "{}".to_string(),
            "not json".to_string(),
            format!("{{\"name\":\"{}\",\"key\":\"{key}\"}}", "x".repeat(61)),
            format!("{{\"name\":\"\",\"key\":\"{key}\"}}"),
            format!("{{\"name\":\"a\\u0007b\",\"key\":\"{key}\"}}"),
            "{\"name\":\"Ana\",\"key\":\"00\"}".to_string(),
            format!("{{\"name\":\"Ana\",\"key\":\"{key}\",\"admin\":true}}"),
            format!("{{\"name\":\"{}\",\"key\":\"{key}\"}}", "x".repeat(5000)),
        ] {
            assert!(Person::read(&bad).is_err(), "{bad}");
        }
        assert!(SealedVote::read(&"x".repeat(10_000)).is_err());
        assert!(SealedVote::read("{\"round\":1}").is_err());
    }

    #[test]
    fn the_round_decides_which_cards_a_device_plays() {
        let card = |l: &str, p: f64| Card {
            label: l.into(),
            points: crate::domain::Estimate::known(p),
        };
        let story = RoomStory {
            key: "IOS-1".into(),
            title: "T".into(),
            description: String::new(),
            criteria: vec![],
            team: "iOS".into(),
        };
        let round = RoomRound {
            number: 1,
            story: story.clone(),
            cards: vec![card("1", 1.0), card("2", 2.0)],
            backend: Some(RoomSlice {
                story: RoomStory {
                    key: "BE-1".into(),
                    ..story
                },
                cards: vec![card("S", 1.0), card("M", 3.0)],
                devices: vec![device(2)],
            }),
            seal_key: seal::SealKey::from_random([1; 32]).public_hex(),
            ends_at: None,
            results: None,
        };
        assert!(round.accepts(&device(1), "2"));
        assert!(!round.accepts(&device(1), "M"));
        assert!(round.accepts(&device(2), "M"));
        assert!(round.accepts(&device(2), UNSURE));
        assert_eq!(round.story_for(&device(2)).key, "BE-1");
        assert_eq!(round.labels_for(&device(1)), ["1", "2", UNSURE, BREAK]);
        assert!(round.check().is_ok());
        let mut bad = round.clone();
        bad.results = Some(vec![RoomVote {
            name: "Ana".into(),
            card: "999".into(),
            backend: false,
        }]);
        assert_eq!(bad.check(), Err(RoomError::Invalid("card")));
        let mut bad = round.clone();
        bad.cards.push(card("1", 5.0));
        assert_eq!(bad.check(), Err(RoomError::Invalid("deck")));
        let mut bad = round;
        bad.seal_key = "nope".into();
        assert_eq!(bad.check(), Err(RoomError::Invalid("round key")));
    }

    #[test]
    fn a_device_is_the_person_it_first_joined_as_and_turned_away_devices_dont_count() {
        let person = |name: &str, n: u8| Person {
            name: name.into(),
            key: seal::SealKey::from_random([n; 32]).public_hex(),
        };
        let mut people = RoomPeople::default();
        assert!(people.admit(&device(1), &person("Ana", 1)));
        assert!(people.admit(&device(1), &person("Ana B.", 1)), "same key");
        assert!(
            !people.admit(&device(1), &person("Mallory", 9)),
            "another key"
        );
        assert_eq!(people.person(&device(1)), Some(&person("Ana", 1)));
        let listed = vec![
            (device(1), person("Mallory", 9)),
            (device(2), person("Ben", 2)),
            (device(3), person("Cy", 3)),
            (device(4), person("Di", 4)),
        ];
        let (removed, full) = (vec![device(3)], vec![device(4)]);
        let counted = people.admit_all(&listed, &removed, &full);
        assert_eq!(counted, vec![(device(2), person("Ben", 2))]);
        assert!(
            people.person(&device(3)).is_some(),
            "pinned even when turned away, so a return can't take the device"
        );
        assert_eq!(
            turned_away(&removed, &full, &device(3)),
            Some(TurnedAway::Removed)
        );
        assert_eq!(
            turned_away(&removed, &full, &device(4)),
            Some(TurnedAway::Full)
        );
        assert_eq!(turned_away(&removed, &full, &device(2)), None);
        let state = RoomState {
            at: 1,
            session: "S".into(),
            round: None,
            removed: removed.clone(),
            full: full.clone(),
            closed: false,
        };
        assert_eq!(state.turned_away(&device(4)), Some(TurnedAway::Full));
        let closed = RoomState {
            closed: true,
            ..state
        };
        assert_eq!(closed.turned_away(&device(2)), Some(TurnedAway::Closed));

        // Which sealed votes count: the round under way's, sealed to its
        // key, from admitted devices still in the room.
        let round_key = seal::SealKey::from_random([7; 32]).public_hex();
        let mut round = RoomRound {
            number: 1,
            story: RoomStory {
                key: "IOS-1".into(),
                title: "T".into(),
                description: String::new(),
                criteria: vec![],
                team: "iOS".into(),
            },
            cards: vec![],
            backend: None,
            seal_key: round_key.clone(),
            ends_at: None,
            results: None,
        };
        let sealed = |n: u8| SealedVote {
            round: round_key.clone(),
            nonce: n.to_string(),
            sealed: String::new(),
        };
        let votes = || (1..=5).map(|n| (device(n), sealed(n))).collect::<Vec<_>>();
        let ballots = people.ballots(&round, &round_key, votes(), &removed, &full);
        let who: Vec<_> = ballots.iter().map(|(_, _, p)| p.name.as_str()).collect();
        assert_eq!(who, ["Ana", "Ben"], "3 and 4 are out, 5 never joined");
        let other_key = seal::SealKey::from_random([8; 32]).public_hex();
        assert!(
            people
                .ballots(&round, &other_key, votes(), &removed, &full)
                .is_empty(),
            "an earlier round's key"
        );
        round.results = Some(vec![]);
        assert!(
            people
                .ballots(&round, &round_key, votes(), &removed, &full)
                .is_empty(),
            "revealed"
        );
    }

    #[test]
    fn a_room_story_names_its_team_by_the_team_name_rule() {
        let round = |team: String| RoomRound {
            number: 1,
            story: RoomStory {
                key: "IOS-1".into(),
                title: "T".into(),
                description: String::new(),
                criteria: vec![],
                team,
            },
            cards: vec![Card {
                label: "1".into(),
                points: crate::domain::Estimate::known(1.0),
            }],
            backend: None,
            seal_key: seal::SealKey::from_random([1; 32]).public_hex(),
            ends_at: None,
            results: None,
        };
        let longest = "x".repeat(MAX_TEAM_NAME_CHARS);
        assert!(round(longest.clone()).check().is_ok());
        for bad in [
            String::new(),
            "  ".into(),
            " iOS".into(),
            format!("{longest}x"),
        ] {
            assert_eq!(
                round(bad.clone()).check(),
                Err(RoomError::Invalid("team name")),
                "{bad:?}"
            );
        }
    }
}
