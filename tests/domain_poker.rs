//! Native tests of planning poker: decks, statistics, suggestions, rounds,
//! acceptance with provenance, per-discipline rounds.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::at;
use tandem::domain::deck::{Card, DeckRef, parse_cards};
use tandem::domain::poker::{Discipline, Role};
use tandem::domain::poker_stats::round_stats;
use tandem::domain::{EpicFields, StoryId, TeamId, Workspace, WorkspaceError};

fn votes(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(w, c)| (w.to_string(), c.to_string()))
        .collect()
}

fn fibonacci() -> Vec<Card> {
    Workspace::new().deck_cards(DeckRef::Fibonacci, None)
}

#[test]
fn the_built_in_decks() {
    let ws = Workspace::new();
    let labels = |d| {
        ws.deck_cards(d, None)
            .into_iter()
            .map(|c| c.label)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        labels(DeckRef::Fibonacci),
        ["0", "½", "1", "2", "3", "5", "8", "13", "20", "40", "100"]
    );
    assert_eq!(labels(DeckRef::TShirt), ["XS", "S", "M", "L", "XL", "XXL"]);
    assert_eq!(
        labels(DeckRef::PowersOfTwo),
        ["1", "2", "4", "8", "16", "32", "64"]
    );
    assert_eq!(labels(DeckRef::ModifiedFibonacci)[6], "21");
}

#[test]
fn numeric_statistics_and_the_median_rounded_up_to_a_card() {
    let deck = fibonacci();
    let s = round_stats(
        &deck,
        &votes(&[
            ("Ann", "3"),
            ("Ben", "5"),
            ("Cy", "8"),
            ("Di", "13"),
            ("Ed", "?"),
            ("Fay", "☕"),
        ]),
    );
    assert_eq!((s.cards, s.unsure, s.breaks), (4, 1, 1));
    assert_eq!(s.min.unwrap().label, "3");
    assert_eq!(s.max.unwrap().label, "13");
    assert_eq!(s.median, Some(6.5));
    assert_eq!(s.spread, 3, "3 → 5 → 8 → 13");
    assert!(!s.consensus);
    assert_eq!(s.lowest, ["Ann"]);
    assert_eq!(s.highest, ["Di"]);
    assert_eq!(
        s.suggestion.unwrap().label,
        "8",
        "6.5 rounds up to the next card"
    );
    assert_eq!(s.modes.len(), 4, "every card once: all are modes");
    assert!(!s.suggest_break);
}

#[test]
fn consensus_mode_and_break() {
    let deck = fibonacci();
    let s = round_stats(&deck, &votes(&[("Ann", "5"), ("Ben", "5"), ("Cy", "5")]));
    assert!(s.consensus);
    assert_eq!(s.suggestion.unwrap().label, "5");
    assert!(s.lowest.is_empty() && s.highest.is_empty());
    let s = round_stats(&deck, &votes(&[("A", "2"), ("B", "2"), ("C", "3")]));
    assert_eq!(
        s.modes.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
        ["2"]
    );
    assert_eq!(s.median, Some(2.0));
    let s = round_stats(
        &deck,
        &votes(&[("A", "☕"), ("B", "☕"), ("C", "☕"), ("D", "?")]),
    );
    assert!(s.suggest_break);
    assert_eq!((s.cards, s.suggestion), (0, None));
}

#[test]
fn t_shirt_statistics_follow_the_order_of_the_sizes() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    ws.set_tshirt_points(ios, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
        .unwrap();
    let deck = ws.deck_cards(DeckRef::TShirt, Some(ios));
    let s = round_stats(
        &deck,
        &votes(&[("A", "S"), ("B", "XL"), ("C", "M"), ("D", "L")]),
    );
    assert_eq!(s.min.unwrap().label, "S");
    assert_eq!(s.max.unwrap().label, "XL");
    assert_eq!(s.spread, 3);
    assert_eq!(s.median, Some(6.0));
    assert_eq!(s.suggestion.unwrap().label, "L");
    assert_eq!(
        ws.set_tshirt_points(ios, [3.0, 2.0, 4.0, 8.0, 16.0, 32.0]),
        Err(WorkspaceError::InvalidDeck(
            "cards go from the smallest to the largest, each larger than the one before".into()
        ))
    );
}

#[test]
fn custom_decks_are_typed_as_a_list() {
    let cards = parse_cards("1, 2, 3, 5").unwrap();
    assert_eq!(cards.len(), 4);
    let cards = parse_cards("S=2; M=3; L=5").unwrap();
    assert_eq!((cards[1].label.as_str(), cards[1].points.get()), ("M", 3.0));
    assert!(parse_cards("3, 2").is_err());
    assert!(parse_cards("a, b").is_err());
    assert!(parse_cards("").is_err());
    let mut ws = Workspace::with_default_teams();
    let id = ws
        .add_custom_deck("Hours", parse_cards("1, 2, 4, 8").unwrap())
        .unwrap();
    let be = ws.teams()[2].id;
    ws.set_default_deck(be, DeckRef::Custom(id)).unwrap();
    assert_eq!(ws.default_deck(be), DeckRef::Custom(id));
    assert_eq!(ws.deck_name(DeckRef::Custom(id)), "Hours");
}

struct Room {
    ws: Workspace,
    ios: TeamId,
    stories: Vec<StoryId>,
}

fn room() -> Room {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let stories = ["One", "Two"]
        .iter()
        .map(|t| ws.add_story(ios, t, at(10, 0, 0)).unwrap())
        .collect();
    ws.start_poker_session(at(10, 1, 0));
    Room { ws, ios, stories }
}

#[test]
fn a_round_from_votes_to_an_accepted_estimate_with_its_history() {
    let Room {
        mut ws, stories, ..
    } = room();
    ws.queue_stories(&stories).unwrap();
    assert_eq!(ws.queue_stories(&stories).unwrap(), 0, "already queued");
    let ann = ws.add_guest("Ann").unwrap();
    let ben = ws.add_guest("Ben").unwrap();
    let obs = ws.add_guest("Olga").unwrap();
    ws.set_participant(obs, Role::Observer, Discipline::Client)
        .unwrap();
    assert_eq!(
        ws.cast_vote(ann, "5", at(10, 2, 0)),
        Err(WorkspaceError::NoRound)
    );
    ws.start_round(stories[0], false, at(10, 2, 0)).unwrap();
    ws.cast_vote(ann, "3", at(10, 3, 0)).unwrap();
    ws.cast_vote(ann, "5", at(10, 3, 0)).unwrap();
    ws.cast_vote(ben, "13", at(10, 3, 0)).unwrap();
    assert_eq!(
        ws.cast_vote(obs, "5", at(10, 3, 0)),
        Err(WorkspaceError::ObserverCantVote)
    );
    assert_eq!(
        ws.cast_vote(ben, "7", at(10, 3, 0)),
        Err(WorkspaceError::NotInDeck("7".into()))
    );
    assert_eq!(
        ws.accept_estimate("8", None, at(10, 4, 0)),
        Err(WorkspaceError::NotRevealed)
    );
    let round = ws.poker_session().unwrap().current_round().unwrap().clone();
    assert_eq!(round.votes.len(), 2, "a changed vote replaces the first");
    ws.reveal(at(10, 4, 0)).unwrap();
    assert_eq!(
        ws.cast_vote(ann, "8", at(10, 4, 0)),
        Err(WorkspaceError::AlreadyRevealed)
    );
    let (stats, _) = ws.round_stats(ws.poker_session().unwrap().current_round().unwrap());
    assert_eq!(
        stats.suggestion.unwrap().label,
        "13",
        "median 9 rounds up to 13"
    );

    // Re-vote: a new round, the first is kept.
    ws.revote(at(10, 5, 0)).unwrap();
    ws.cast_vote(ann, "8", at(10, 5, 0)).unwrap();
    ws.cast_vote(ben, "8", at(10, 5, 0)).unwrap();
    ws.reveal(at(10, 6, 0)).unwrap();
    ws.accept_estimate("8", None, at(10, 6, 0)).unwrap();
    let session = ws.poker_session().unwrap();
    assert_eq!(session.rounds_of(stories[0]).count(), 2);
    assert!(session.current_round().is_none());
    assert_eq!(
        session.remaining().copied().collect::<Vec<_>>(),
        vec![stories[1]]
    );
    let story = ws.story(stories[0]).unwrap();
    assert_eq!(story.estimate.map(f64::from), Some(8.0));
    let record = &story.estimate_history[0];
    assert_eq!(
        (record.points.get(), record.card.as_str(), record.rounds),
        (8.0, "8", 2)
    );
    assert_eq!(record.session, Some(session.id));
    assert_eq!(
        record.votes,
        vec![
            ("Ann".to_string(), "8".to_string()),
            ("Ben".to_string(), "8".to_string())
        ]
    );
}

#[test]
fn auto_reveal_when_every_voter_has_voted_and_a_countdown() {
    let Room {
        mut ws, stories, ..
    } = room();
    let ann = ws.add_guest("Ann").unwrap();
    let ben = ws.add_guest("Ben").unwrap();
    ws.set_session_options(None, Some(60), true).unwrap();
    assert_eq!(
        ws.set_session_options(None, Some(0), true),
        Err(WorkspaceError::InvalidTimer)
    );
    ws.start_round(stories[1], false, at(10, 2, 0)).unwrap();
    let round = ws.poker_session().unwrap().current_round().unwrap();
    assert_eq!(round.ends_at, Some(at(10, 3, 0)));
    ws.cast_vote(ann, "2", at(10, 2, 0)).unwrap();
    assert!(
        ws.poker_session()
            .unwrap()
            .current_round()
            .unwrap()
            .revealed_at
            .is_none()
    );
    ws.cast_vote(ben, "3", at(10, 2, 0)).unwrap();
    assert_eq!(
        ws.poker_session()
            .unwrap()
            .current_round()
            .unwrap()
            .revealed_at,
        Some(at(10, 2, 0))
    );
}

#[test]
fn one_round_estimates_client_and_backend_slices_per_discipline() {
    let Room { mut ws, ios, .. } = room();
    let be = ws.teams()[2].id;
    let epic = ws
        .add_epic(
            &EpicFields {
                title: "Delete my profile".into(),
                targets: vec![ios, be],
                ..EpicFields::default()
            },
            at(10, 0, 0),
        )
        .unwrap();
    let plan = ws.plan_split(epic, &[ios], Some(be)).unwrap();
    let made = ws.split_epic(epic, &plan, at(10, 0, 0)).unwrap();
    let (client, backend) = (made[0], made[1]);
    assert_eq!(ws.backend_slice(client), Some(backend));
    let anna = ws.add_member("Anna", be).unwrap();
    let carl = ws.add_member("Carl", ios).unwrap();
    let pa = ws.add_participant(anna, Role::Voter).unwrap();
    let pc = ws.add_participant(carl, Role::Voter).unwrap();
    assert_eq!(
        ws.poker_session()
            .unwrap()
            .participant(pa)
            .unwrap()
            .discipline,
        Discipline::Backend
    );
    ws.start_round(client, true, at(10, 2, 0)).unwrap();
    ws.cast_vote(pa, "8", at(10, 3, 0)).unwrap();
    ws.cast_vote(pc, "3", at(10, 3, 0)).unwrap();
    ws.reveal(at(10, 4, 0)).unwrap();
    let round = ws.poker_session().unwrap().current_round().unwrap().clone();
    let (client_stats, backend_stats) = ws.round_stats(&round);
    assert_eq!(client_stats.suggestion.unwrap().label, "3");
    assert_eq!(backend_stats.unwrap().suggestion.unwrap().label, "8");
    ws.accept_estimate("3", Some("8"), at(10, 5, 0)).unwrap();
    assert_eq!(ws.story(client).unwrap().estimate.map(f64::from), Some(3.0));
    assert_eq!(
        ws.story(backend).unwrap().estimate.map(f64::from),
        Some(8.0)
    );
    assert_eq!(ws.story(backend).unwrap().estimate_history.len(), 1);
}

#[test]
fn names_of_people_and_decks_follow_their_one_limit() {
    use tandem::domain::limits::{MAX_DECK_NAME_CHARS, MAX_PERSON_NAME_CHARS};
    use tandem::domain::poker::participant_name;
    let name = |n: usize| "x".repeat(n);
    assert!(participant_name(&name(MAX_PERSON_NAME_CHARS)).is_ok());
    assert!(participant_name(&name(MAX_PERSON_NAME_CHARS + 1)).is_err());
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    assert!(
        ws.add_member(&name(MAX_PERSON_NAME_CHARS + 1), ios)
            .is_err()
    );
    let cards = parse_cards("1, 2, 3").unwrap();
    let refused = ws
        .add_custom_deck(&name(MAX_DECK_NAME_CHARS + 1), cards.clone())
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains(&format!("1 to {MAX_DECK_NAME_CHARS} characters")),
        "{refused}"
    );
    assert!(
        ws.add_custom_deck(&name(MAX_DECK_NAME_CHARS), cards)
            .is_ok()
    );
}

#[test]
fn a_story_is_estimated_once_a_round_on_it_is_accepted() {
    let Room {
        mut ws, stories, ..
    } = room();
    ws.queue_stories(&stories).unwrap();
    let ann = ws.add_guest("Ann").unwrap();
    let session = |ws: &Workspace| ws.poker_session().unwrap().clone();
    ws.start_round(stories[0], false, at(10, 2, 0)).unwrap();
    ws.cast_vote(ann, "5", at(10, 2, 0)).unwrap();
    ws.reveal(at(10, 3, 0)).unwrap();
    assert!(
        !session(&ws).is_estimated(stories[0]),
        "revealed is not accepted"
    );
    ws.accept_estimate("5", None, at(10, 3, 0)).unwrap();
    let s = session(&ws);
    assert!(s.is_estimated(stories[0]));
    assert!(!s.is_estimated(stories[1]));
    // `remaining` is the queue without what `is_estimated` says is done.
    assert_eq!(s.remaining().copied().collect::<Vec<_>>(), vec![stories[1]]);
}

#[test]
fn the_next_queued_story_skips_estimated_and_deleted_ones() {
    let Room {
        mut ws,
        ios,
        stories,
    } = room();
    assert_eq!(ws.next_queued_story(), None, "empty queue");
    let third = ws.add_story(ios, "Three", at(10, 0, 0)).unwrap();
    ws.queue_stories(&[stories[0], stories[1], third]).unwrap();
    assert_eq!(ws.next_queued_story(), Some(stories[0]));
    ws.remove_story(stories[0]).unwrap();
    assert_eq!(ws.next_queued_story(), Some(stories[1]), "deleted: skipped");
    let ann = ws.add_guest("Ann").unwrap();
    ws.start_round(stories[1], false, at(10, 2, 0)).unwrap();
    ws.cast_vote(ann, "3", at(10, 2, 0)).unwrap();
    ws.reveal(at(10, 3, 0)).unwrap();
    ws.accept_estimate("3", None, at(10, 3, 0)).unwrap();
    assert_eq!(ws.next_queued_story(), Some(third), "estimated: skipped");
}

#[test]
fn accepting_goes_straight_on_to_the_next_story_of_the_queue() {
    let Room {
        mut ws, stories, ..
    } = room();
    ws.queue_stories(&stories).unwrap();
    let ann = ws.add_guest("Ann").unwrap();
    ws.set_session_options(None, Some(60), false).unwrap();
    ws.start_round(stories[0], false, at(10, 2, 0)).unwrap();
    ws.cast_vote(ann, "5", at(10, 2, 0)).unwrap();
    assert_eq!(
        ws.accept_and_continue("5", None, at(10, 3, 0)),
        Err(WorkspaceError::NotRevealed),
        "nothing accepted, nothing started"
    );
    ws.reveal(at(10, 3, 0)).unwrap();
    let before = ws.clone();
    ws.accept_and_continue("5", None, at(10, 4, 0)).unwrap();
    assert_eq!(
        ws.story(stories[0]).unwrap().estimate.map(f64::from),
        Some(5.0)
    );
    let round = ws.poker_session().unwrap().current_round().unwrap();
    assert_eq!((round.story, round.number), (stories[1], 1));
    assert_eq!(round.backend_story, None, "never per discipline by itself");
    assert_eq!(
        round.ends_at,
        Some(at(10, 5, 0)),
        "with the session's countdown"
    );
    assert_ne!(ws, before);
    // The last story of the queue: accepted, and no round follows.
    ws.cast_vote(ann, "8", at(10, 5, 0)).unwrap();
    ws.reveal(at(10, 5, 0)).unwrap();
    ws.accept_and_continue("8", None, at(10, 6, 0)).unwrap();
    let session = ws.poker_session().unwrap();
    assert!(session.current_round().is_none());
    assert_eq!(session.remaining().count(), 0);
}

#[test]
fn the_next_voter_is_the_first_voter_without_a_vote() {
    let Room {
        mut ws, stories, ..
    } = room();
    let ann = ws.add_guest("Ann").unwrap();
    let olga = ws.add_guest("Olga").unwrap();
    let ben = ws.add_guest("Ben").unwrap();
    ws.set_participant(olga, Role::Observer, Discipline::Client)
        .unwrap();
    let next = |ws: &Workspace| ws.poker_session().unwrap().next_voter();
    assert_eq!(next(&ws), None, "no round");
    ws.start_round(stories[0], false, at(10, 2, 0)).unwrap();
    assert_eq!(next(&ws), Some(ann));
    ws.cast_vote(ann, "3", at(10, 2, 0)).unwrap();
    assert_eq!(next(&ws), Some(ben), "observers never get a turn");
    let round = ws.poker_session().unwrap().current_round().unwrap();
    assert!(round.has_voted(ann) && !round.has_voted(ben) && !round.has_voted(olga));
    ws.cast_vote(ben, "5", at(10, 2, 0)).unwrap();
    assert_eq!(next(&ws), None, "everyone voted");
    // A changed vote is still one vote.
    ws.cast_vote(ann, "8", at(10, 2, 0)).unwrap();
    let round = ws.poker_session().unwrap().current_round().unwrap();
    assert!(round.has_voted(ann));
    assert_eq!(round.votes.len(), 2);
}

#[test]
fn each_participant_plays_the_deck_of_the_slice_they_estimate() {
    use tandem::domain::deck::{BREAK, UNSURE, is_special, playable_labels};
    let Room { mut ws, ios, .. } = room();
    let be = ws.teams()[2].id;
    ws.set_default_deck(be, DeckRef::TShirt).unwrap();
    let epic = ws
        .add_epic(
            &EpicFields {
                title: "Delete my profile".into(),
                targets: vec![ios, be],
                ..EpicFields::default()
            },
            at(10, 0, 0),
        )
        .unwrap();
    let plan = ws.plan_split(epic, &[ios], Some(be)).unwrap();
    let made = ws.split_epic(epic, &plan, at(10, 0, 0)).unwrap();
    let (client, backend) = (made[0], made[1]);
    // Queueing the epic takes its stories (the setup's "Queue its stories").
    let of_epic: Vec<_> = ws.epic_stories(epic).iter().map(|s| s.id).collect();
    assert_eq!(of_epic, made);
    let anna = ws.add_member("Anna", be).unwrap();
    let carl = ws.add_member("Carl", ios).unwrap();
    let pa = ws.add_participant(anna, Role::Voter).unwrap();
    let pc = ws.add_participant(carl, Role::Voter).unwrap();
    let labels = |ws: &Workspace, p: Option<_>| {
        ws.cards_for_participant(p)
            .into_iter()
            .map(|c| c.label)
            .collect::<Vec<_>>()
    };
    assert!(labels(&ws, Some(pa)).is_empty(), "no round, no cards");
    let fib = fibonacci().into_iter().map(|c| c.label).collect::<Vec<_>>();
    let tshirt = ["XS", "S", "M", "L", "XL", "XXL"];

    // Not per discipline: everyone plays the story's deck.
    ws.start_round(client, false, at(10, 1, 0)).unwrap();
    assert_eq!(labels(&ws, Some(pa)), fib);
    assert_eq!(labels(&ws, Some(pc)), fib);

    // Per discipline: backend participants play the backend slice's deck.
    ws.start_round(client, true, at(10, 2, 0)).unwrap();
    let session = ws.poker_session().unwrap();
    let round = session.current_round().unwrap();
    assert!(round.estimates_backend(session.participant(pa).unwrap()));
    assert!(!round.estimates_backend(session.participant(pc).unwrap()));
    assert_eq!(round.story_for(session.participant(pa).unwrap()), backend);
    assert_eq!(labels(&ws, Some(pa)), tshirt);
    assert_eq!(labels(&ws, Some(pc)), fib);
    assert_eq!(labels(&ws, None), fib, "nobody picked: the story's deck");
    // A vote is taken only from the voter's own deck.
    assert_eq!(
        ws.cast_vote(pc, "XS", at(10, 3, 0)),
        Err(WorkspaceError::NotInDeck("XS".into()))
    );
    assert_eq!(
        ws.cast_vote(pa, "13", at(10, 3, 0)),
        Err(WorkspaceError::NotInDeck("13".into()))
    );
    ws.cast_vote(pc, "13", at(10, 3, 0)).unwrap();
    ws.cast_vote(pa, "XS", at(10, 3, 0)).unwrap();
    ws.cast_vote(pa, "?", at(10, 3, 0)).unwrap();
    // The room's backend devices follow the same rule.
    ws.open_live_room(&tandem::domain::room::RoomCode::from_random([9; 16]))
        .unwrap();
    let device = tandem::domain::room::DeviceId::from_random([3; 16]);
    ws.join_live(&device, "Anna").unwrap();
    let key = tandem::domain::seal::SealKey::from_random([1; 32]).public_hex();
    let room_round = ws.room_round(&key).unwrap();
    assert_eq!(room_round.backend.unwrap().devices, vec![device]);

    // Every deck comes with ? and ☕, after its own cards.
    let played = playable_labels(&ws.cards_for_participant(Some(pa)));
    assert_eq!(played, [&tshirt[..], &[UNSURE, BREAK]].concat());
    assert!(is_special(UNSURE) && is_special(BREAK) && !is_special("XS"));
}

#[test]
fn a_countdown_lasts_one_second_to_max_timer_seconds() {
    use tandem::domain::poker::{MAX_TIMER_SECONDS, timer_ok};
    let Room { mut ws, .. } = room();
    assert!(timer_ok(1) && timer_ok(MAX_TIMER_SECONDS));
    assert!(!timer_ok(0) && !timer_ok(MAX_TIMER_SECONDS + 1));
    ws.set_session_options(None, Some(MAX_TIMER_SECONDS), false)
        .unwrap();
    assert_eq!(
        ws.set_session_options(None, Some(MAX_TIMER_SECONDS + 1), false),
        Err(WorkspaceError::InvalidTimer)
    );
}

#[test]
fn finding_stories_to_queue_reads_key_title_and_description() {
    use tandem::domain::StoryEdit;
    let Room {
        mut ws, stories, ..
    } = room();
    let be = ws.teams()[2].id;
    let other = ws.add_story(be, "Token refresh", at(10, 0, 0)).unwrap();
    ws.edit_story(
        stories[1],
        StoryEdit::Description("Needs the new TOKEN endpoint".into()),
        at(10, 0, 0),
    )
    .unwrap();
    let found = |ws: &Workspace, q: &str, limit: usize| {
        ws.find_stories(q, limit)
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert!(found(&ws, "", 12).is_empty(), "a blank search finds none");
    assert!(found(&ws, "   ", 12).is_empty());
    assert_eq!(
        found(&ws, "  ONE ", 12),
        vec![stories[0]],
        "title, any case"
    );
    let key = ws.story_key(ws.story(other).unwrap()).to_lowercase();
    assert_eq!(found(&ws, &key, 12), vec![other], "key, any case");
    assert_eq!(
        found(&ws, "token", 12),
        vec![stories[1], other],
        "description too, in workspace order"
    );
    assert_eq!(found(&ws, "token", 1), vec![stories[1]], "at most `limit`");
}

#[test]
fn a_sprints_unestimated_stories_are_those_without_an_estimate() {
    use tandem::domain::{Estimate, StoryEdit};
    let Room {
        mut ws,
        ios,
        stories,
    } = room();
    let be = ws.teams()[2].id;
    let other = ws.add_story(be, "Backend work", at(10, 0, 0)).unwrap();
    let later = ws.add_story(ios, "Later", at(10, 0, 0)).unwrap();
    for id in [stories[0], stories[1], other] {
        ws.plan_story(id, Some(1), at(10, 0, 0)).unwrap();
    }
    ws.plan_story(later, Some(2), at(10, 0, 0)).unwrap();
    ws.edit_story(
        stories[0],
        StoryEdit::Estimate(Some(Estimate::known(3.0))),
        at(10, 0, 0),
    )
    .unwrap();
    let ids: Vec<_> = ws.unestimated_in_sprint(1).map(|s| s.id).collect();
    assert_eq!(
        ids,
        vec![stories[1], other],
        "every team, in workspace order"
    );
    // The capacity view counts the same stories.
    let counted: usize = [ios, be]
        .iter()
        .map(|t| ws.capacity(*t, 1).unestimated)
        .sum();
    assert_eq!(counted, ids.len());
}

#[test]
fn a_custom_deck_is_named_by_the_deck_name_rule() {
    use tandem::domain::deck::{DeckName, parse_cards};
    use tandem::domain::limits::MAX_DECK_NAME_CHARS;
    assert_eq!(
        DeckName::parse("  Sizes ").map(String::from),
        Ok("Sizes".into())
    );
    assert!(DeckName::parse(" ").is_err());
    assert!(DeckName::parse(&"x".repeat(MAX_DECK_NAME_CHARS + 1)).is_err());
    let mut ws = Workspace::new();
    let cards = parse_cards("1, 2, 3").unwrap();
    assert!(ws.add_custom_deck("   ", cards.clone()).is_err());
    let id = ws.add_custom_deck(" Sizes ", cards).unwrap();
    let deck = ws.custom_decks().iter().find(|d| d.id == id).unwrap();
    assert_eq!(deck.name, "Sizes");
    // A file holds the name exactly as the rule gives it back.
    assert!(serde_json::from_str::<DeckName>("\" Sizes\"").is_err());
}
