//! Native tests of a live poker room in one process: the facilitator's
//! workspace and room document, phones with their own documents, and a
//! relay between them that forwards frames as the y-websocket server does.
//! Late joiners, concurrent votes, sealed votes, hostile updates.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::relay::Relay;

use common::{day, on};
use tandem::domain::room::{
    DeviceId, MAX_ROOM_PEOPLE, Person, RoomCode, RoomRound, RoomState, SealedVote, TOKEN_CHARS,
};
use tandem::domain::seal::{RoomSigner, SealKey};
use tandem::domain::{Workspace, WorkspaceError};
use tandem::storage::live::peer::{Peer, update_frame};
use tandem::storage::live::room_doc::RoomDoc;

struct Phone {
    id: usize,
    device: DeviceId,
    key: SealKey,
}

fn join(relay: &mut Relay<RoomDoc>, n: u8, name: &str) -> Phone {
    let id = relay.connect(Peer::new(RoomDoc::new(), || 0u64));
    let phone = Phone {
        id,
        device: DeviceId::from_random([n; TOKEN_CHARS]),
        key: SealKey::from_random([n; 32]),
    };
    let person = Person {
        name: name.into(),
        key: phone.key.public_hex(),
    };
    let update = relay.room(id).write_person(&phone.device, &person);
    relay.send(id, update);
    phone
}

fn vote(relay: &mut Relay<RoomDoc>, phone: &Phone, facilitator: &RoomSigner, card: &str) {
    let round = current_round(relay, phone.id, facilitator);
    let sealed = SealedVote::seal(
        &round,
        &phone.device,
        &phone.key,
        card,
        [phone.id as u8; 24],
    )
    .expect("sealed");
    assert!(!sealed.to_text().contains(&format!("\"{card}\"")));
    let update = relay.room(phone.id).write_vote(&phone.device, &sealed);
    relay.send(phone.id, update);
}

fn current_round(relay: &Relay<RoomDoc>, id: usize, facilitator: &RoomSigner) -> RoomRound {
    relay
        .room(id)
        .state(&facilitator.public_hex())
        .expect("a signed state")
        .expect("a state")
        .round
        .expect("a round")
}

/// What the facilitator's tab does: publish, take in people, open votes.
struct Facilitator {
    id: usize,
    signer: RoomSigner,
    round_key: SealKey,
    workspace: Workspace,
    at: i64,
}

impl Facilitator {
    fn publish(&mut self, relay: &mut Relay<RoomDoc>) {
        self.at += 1;
        let state = RoomState {
            at: self.at,
            session: "Planning".into(),
            round: self.workspace.room_round(&self.round_key.public_hex()),
            removed: vec![],
            full: vec![],
            closed: false,
        };
        let update = relay.room(self.id).write_state(&state.sign(&self.signer));
        relay.send(self.id, update);
    }

    fn take_in(&mut self, relay: &Relay<RoomDoc>) -> usize {
        let room = relay.room(self.id);
        for (device, person) in room.people() {
            self.workspace
                .join_live(&device, &person.name)
                .expect("joined");
        }
        let round = self
            .workspace
            .room_round(&self.round_key.public_hex())
            .expect("a round");
        let people = room.people();
        let cards: Vec<(DeviceId, String)> = room
            .votes()
            .into_iter()
            .filter_map(|(device, sealed)| {
                let (_, person) = people.iter().find(|(d, _)| *d == device)?;
                Some((
                    device.clone(),
                    sealed.open(&round, &self.round_key, &device, person).ok()?,
                ))
            })
            .collect();
        let pending = self
            .workspace
            .live_vote_changes(&cards)
            .expect("a round")
            .len();
        let taken = self
            .workspace
            .take_live_votes(&cards, on(day(2026, 12, 1), 10, 5, 0))
            .expect("votes taken");
        // Asking first (as the facilitator's tab does) predicts the taking,
        // and a second look finds nothing new.
        assert_eq!(taken, pending);
        assert!(
            self.workspace
                .live_vote_changes(&cards)
                .expect("a round")
                .is_empty()
        );
        taken
    }
}

fn setup() -> (Relay<RoomDoc>, Facilitator, tandem::domain::StoryId) {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let be = ws.teams()[2].id;
    ws.add_member("Anna", be).unwrap();
    let story = ws
        .add_story(ios, "Login screen", on(day(2026, 12, 1), 10, 0, 0))
        .unwrap();
    ws.start_poker_session(on(day(2026, 12, 1), 10, 1, 0));
    ws.open_live_room(&RoomCode::from_random([9; TOKEN_CHARS]))
        .unwrap();
    ws.start_round(story, false, on(day(2026, 12, 1), 10, 2, 0))
        .unwrap();
    let mut relay = Relay::new(RoomDoc::new());
    let id = relay.connect(Peer::new(RoomDoc::new(), || 0u64));
    let mut facilitator = Facilitator {
        id,
        signer: RoomSigner::from_random([1; 32]),
        round_key: SealKey::from_random([2; 32]),
        workspace: ws,
        at: 0,
    };
    facilitator.publish(&mut relay);
    (relay, facilitator, story)
}

#[test]
fn a_round_from_join_to_accept_with_a_late_joiner_and_concurrent_votes() {
    let (mut relay, mut f, story) = setup();
    let anna = join(&mut relay, 11, "anna");
    let ben = join(&mut relay, 12, "Ben");
    // Both see the round the facilitator published before they came.
    assert_eq!(
        current_round(&relay, anna.id, &f.signer).story.title,
        "Login screen"
    );
    f.take_in(&relay);
    let session = f.workspace.poker_session().unwrap();
    let anna_p = session
        .participants
        .iter()
        .find(|p| p.name == "Anna")
        .unwrap();
    assert!(anna_p.member.is_some(), "matched to the member by name");
    assert!(
        !f.workspace.needs_join(&anna.device, "ANNA"),
        "the member's name is kept"
    );
    assert!(f.workspace.needs_join(&anna.device, "Annabel"));
    assert!(
        session
            .participants
            .iter()
            .any(|p| p.name == "Ben" && p.member.is_none())
    );

    // Two votes written at the same time on two phones both arrive.
    let round = current_round(&relay, anna.id, &f.signer);
    let a = relay.room(anna.id).write_vote(
        &anna.device,
        &SealedVote::seal(&round, &anna.device, &anna.key, "5", [1; 24]).unwrap(),
    );
    let b = relay.room(ben.id).write_vote(
        &ben.device,
        &SealedVote::seal(&round, &ben.device, &ben.key, "8", [2; 24]).unwrap(),
    );
    relay.send(ben.id, b);
    relay.send(anna.id, a);
    assert_eq!(f.take_in(&relay), 2);
    // A late joiner gets the current round and votes too.
    let cleo = join(&mut relay, 13, "Cleo");
    vote(&mut relay, &cleo, &f.signer, "5");
    assert_eq!(f.take_in(&relay), 1);
    // A phone sees only that others voted: their cards are sealed.
    let seen_by_ben = relay.room(ben.id).votes();
    assert_eq!(seen_by_ben.len(), 3);
    let round = current_round(&relay, ben.id, &f.signer);
    let wrong_key = SealKey::from_random([12; 32]);
    for (device, sealed) in &seen_by_ben {
        let person = relay
            .room(ben.id)
            .people()
            .into_iter()
            .find(|(d, _)| d == device)
            .unwrap()
            .1;
        assert!(sealed.open(&round, &wrong_key, device, &person).is_err());
    }
    assert!(round.results.is_none());

    // Reveal: the results reach every phone, with the statistics.
    f.workspace.reveal(on(day(2026, 12, 1), 10, 6, 0)).unwrap();
    f.publish(&mut relay);
    let round = current_round(&relay, cleo.id, &f.signer);
    let results = round.results.clone().expect("revealed");
    assert_eq!(results.len(), 3);
    assert!(results.iter().any(|v| v.name == "Ben" && v.card == "8"));
    let (stats, _) = round.stats().unwrap();
    assert_eq!(stats.min.unwrap().label, "5");
    assert_eq!(stats.max.unwrap().label, "8");

    f.workspace
        .accept_estimate("5", None, on(day(2026, 12, 1), 10, 7, 0))
        .unwrap();
    let record = &f.workspace.story(story).unwrap().estimate_history[0];
    assert!(record.live);
    assert_eq!(record.votes.len(), 3);
}

#[test]
fn hostile_updates_change_nothing_that_counts() {
    let (mut relay, mut f, _) = setup();
    let anna = join(&mut relay, 11, "Anna");
    f.take_in(&relay);
    // Mallory writes a state of her own (with a round key she holds): the
    // phones refuse it, as it is not signed by the facilitator.
    let mallory = join(&mut relay, 66, "Mallory");
    let fake = RoomState {
        at: i64::MAX,
        session: "Fake".into(),
        round: None,
        removed: vec![anna.device.clone()],
        full: vec![],
        closed: true,
    };
    let update = relay
        .room(mallory.id)
        .write_state(&fake.sign(&RoomSigner::from_random([66; 32])));
    relay.send(mallory.id, update);
    assert!(relay.room(anna.id).state(&f.signer.public_hex()).is_err());
    // The facilitator puts its own back; the phones believe it again.
    f.publish(&mut relay);
    assert!(current_round(&relay, anna.id, &f.signer).results.is_none());
    // A vote in Anna's name sealed with Mallory's key does not open.
    let round = current_round(&relay, anna.id, &f.signer);
    let forged = SealedVote::seal(&round, &anna.device, &mallory.key, "100", [3; 24]).unwrap();
    let update = relay.room(mallory.id).write_vote(&anna.device, &forged);
    relay.send(mallory.id, update);
    assert_eq!(f.take_in(&relay), 0);
    // A card outside the deck does not count either, even sealed properly.
    let odd = SealedVote::seal(&round, &anna.device, &anna.key, "<b>7</b>", [4; 24]).unwrap();
    let update = relay.room(anna.id).write_vote(&anna.device, &odd);
    relay.send(anna.id, update);
    assert_eq!(f.take_in(&relay), 0);
    // Garbage frames are refused by every peer without harm.
    for peer in &mut relay.peers {
        assert!(peer.receive(&update_frame(vec![0xff; 40])).is_err());
    }
    assert_eq!(relay.room(anna.id).people().len(), 2);
}

#[test]
fn a_room_takes_at_most_thirty_devices() {
    let (_, mut f, _) = setup();
    for n in 0..MAX_ROOM_PEOPLE {
        let device = DeviceId::from_random([n as u8 + 20; TOKEN_CHARS]);
        f.workspace.join_live(&device, &format!("P{n}")).unwrap();
    }
    let one_more = DeviceId::from_random([18; TOKEN_CHARS]);
    assert_eq!(
        f.workspace.join_live(&one_more, "Late"),
        Err(WorkspaceError::RoomFull)
    );
    // A known device comes back (a reload) without taking a new seat.
    let known = DeviceId::from_random([20; TOKEN_CHARS]);
    assert!(f.workspace.join_live(&known, "P0 renamed").is_ok());
}
