//! Import checks for planning poker: decks, team deck settings, sessions
//! and estimate histories. Sessions may name stories deleted since (the
//! record stays), but every size and range is checked.

use super::deck::{Card, DeckRef, MAX_CARD_LABEL_CHARS, card_label_fits, check_cards};
use super::ids::TeamId;
use super::limits::{MAX_SESSION_NAME_CHARS, grouped};
use super::person::{PersonName, PersonNameError};
use super::poker::{
    MAX_PARTICIPANTS, MAX_QUEUE, MAX_ROUNDS, MAX_TIMER_SECONDS, MIN_TIMER_SECONDS, timer_ok,
};
use super::room::{is_device_id, is_room_code};
use super::sprint::Planning;
use super::story::Story;
use super::validation::{ImportError, ImportProblem};
use std::collections::{HashMap, HashSet};

/// Most estimates kept in one story's history.
pub const MAX_ESTIMATE_HISTORY: usize = 100;
/// Most poker sessions kept.
pub const MAX_SESSIONS: usize = 1_000;

fn problem(path: &str, text: &str) -> ImportError {
    ImportError::at(path, ImportProblem::OutOfRange(text.to_string()))
}

/// Checks the poker data against the teams in the file.
pub(super) fn check_poker(
    team_index: &HashMap<TeamId, usize>,
    planning: &Planning,
) -> Result<(), ImportError> {
    let mut deck_ids = HashSet::new();
    for (i, deck) in planning.custom_decks.iter().enumerate() {
        if !deck_ids.insert(deck.id) {
            return Err(ImportError::at(
                &format!("custom_decks[{i}].id"),
                ImportProblem::DuplicateId {
                    first: "custom_decks".into(),
                },
            ));
        }
        if let Err(e) = check_cards(&deck.cards) {
            return Err(problem(&format!("custom_decks[{i}].cards"), &e.to_string()));
        }
    }
    let mut teams = HashSet::new();
    for (i, d) in planning.team_decks.iter().enumerate() {
        let at = format!("team_decks[{i}]");
        if !team_index.contains_key(&d.team) || !teams.insert(d.team) {
            return Err(ImportError::at(
                &format!("{at}.team"),
                ImportProblem::MissingTeam {
                    id: d.team.to_string(),
                },
            ));
        }
        if let DeckRef::Custom(id) = d.deck
            && !deck_ids.contains(&id)
        {
            return Err(problem(
                &format!("{at}.deck"),
                "no custom deck with this id is in the file",
            ));
        }
        let cards: Vec<Card> = d
            .tshirt_points
            .iter()
            .map(|p| Card {
                label: "M".into(),
                points: *p,
            })
            .collect();
        if let Err(e) = check_cards(&cards) {
            return Err(problem(&format!("{at}.tshirt_points"), &e.to_string()));
        }
    }
    if planning.sessions.len() > MAX_SESSIONS {
        return Err(problem(
            "poker_sessions",
            &format!("at most {} poker sessions are kept", grouped(MAX_SESSIONS)),
        ));
    }
    let mut session_ids = HashSet::new();
    for (i, s) in planning.sessions.iter().enumerate() {
        let at = format!("poker_sessions[{i}]");
        if !session_ids.insert(s.id) {
            return Err(ImportError::at(
                &format!("{at}.id"),
                ImportProblem::DuplicateId {
                    first: "poker_sessions".into(),
                },
            ));
        }
        if s.name.chars().count() > MAX_SESSION_NAME_CHARS {
            return Err(problem(
                &format!("{at}.name"),
                &format!("a session name has at most {MAX_SESSION_NAME_CHARS} characters"),
            ));
        }
        if let Some(DeckRef::Custom(id)) = s.deck
            && !deck_ids.contains(&id)
        {
            return Err(problem(
                &format!("{at}.deck"),
                "no custom deck with this id is in the file",
            ));
        }
        if s.queue.len() > MAX_QUEUE
            || s.rounds.len() > MAX_ROUNDS
            || s.participants.len() > MAX_PARTICIPANTS
        {
            return Err(problem(
                &at,
                &format!(
                    "a session holds at most {MAX_QUEUE} stories, {} rounds and {MAX_PARTICIPANTS} participants",
                    grouped(MAX_ROUNDS)
                ),
            ));
        }
        if s.timer_seconds.is_some_and(|t| !timer_ok(t)) {
            return Err(problem(
                &format!("{at}.timer_seconds"),
                &format!("a countdown lasts {MIN_TIMER_SECONDS} to {MAX_TIMER_SECONDS} seconds"),
            ));
        }
        if s.live_room.as_deref().is_some_and(|r| !is_room_code(r)) {
            return Err(problem(
                &format!("{at}.live_room"),
                "a live room code has 10 to 64 characters from 0123456789abcdefghjkmnpqrstvwxyz",
            ));
        }
        let mut people = HashSet::new();
        for (j, p) in s.participants.iter().enumerate() {
            if !people.insert(p.id) {
                return Err(problem(
                    &format!("{at}.participants[{j}]"),
                    "participants have distinct ids",
                ));
            }
            if p.device.as_deref().is_some_and(|d| !is_device_id(d)) {
                return Err(problem(
                    &format!("{at}.participants[{j}].device"),
                    "a device id has 8 to 64 characters from 0123456789abcdefghjkmnpqrstvwxyz",
                ));
            }
        }
        for (j, r) in s.rounds.iter().enumerate() {
            if r.votes.len() > MAX_PARTICIPANTS || r.votes.iter().any(|v| !card_label_fits(&v.card))
            {
                return Err(problem(
                    &format!("{at}.rounds[{j}].votes"),
                    &format!(
                        "a round has at most {MAX_PARTICIPANTS} votes, each a card of 1 to 8 characters"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Checks the release log.
pub(super) fn check_releases(
    team_index: &HashMap<TeamId, usize>,
    planning: &Planning,
) -> Result<(), ImportError> {
    if planning.releases.len() > super::release::MAX_RELEASES {
        return Err(problem(
            "releases",
            &format!(
                "at most {} releases are kept",
                grouped(super::release::MAX_RELEASES)
            ),
        ));
    }
    let mut ids = HashSet::new();
    for (i, r) in planning.releases.iter().enumerate() {
        let at = format!("releases[{i}]");
        if !ids.insert(r.id) {
            return Err(ImportError::at(
                &format!("{at}.id"),
                ImportProblem::DuplicateId {
                    first: "releases".into(),
                },
            ));
        }
        if !team_index.contains_key(&r.team) {
            return Err(ImportError::at(
                &format!("{at}.team"),
                ImportProblem::MissingTeam {
                    id: r.team.to_string(),
                },
            ));
        }
        if super::release::parse_version(&r.version).as_deref() != Some(r.version.as_str()) {
            return Err(problem(
                &format!("{at}.version"),
                &format!(
                    "a version has 1 to {} characters, without surrounding spaces",
                    super::limits::MAX_VERSION_CHARS
                ),
            ));
        }
        if r.note.chars().count() > super::limits::MAX_TEXT_CHARS {
            return Err(problem(
                &format!("{at}.note"),
                &format!(
                    "a release note has at most {} characters",
                    grouped(super::limits::MAX_TEXT_CHARS)
                ),
            ));
        }
    }
    Ok(())
}

/// Checks one story's estimate history.
pub(super) fn check_estimate_history(i: usize, story: &Story) -> Result<(), ImportError> {
    let at = format!("stories[{i}].estimate_history");
    if story.estimate_history.len() > MAX_ESTIMATE_HISTORY {
        return Err(problem(
            &at,
            &format!("a story keeps at most {MAX_ESTIMATE_HISTORY} estimates"),
        ));
    }
    for (j, e) in story.estimate_history.iter().enumerate() {
        if !card_label_fits(&e.card)
            || e.votes.len() > MAX_PARTICIPANTS
            || e.votes.iter().any(|(who, card)| {
                PersonName::try_from(who.clone()).is_err() || !card_label_fits(card)
            })
        {
            return Err(problem(
                &format!("{at}[{j}]"),
                &format!(
                    "an estimate comes from a card of 1 to {MAX_CARD_LABEL_CHARS} characters, with at most {MAX_PARTICIPANTS} votes, each by a name ({PersonNameError})"
                ),
            ));
        }
    }
    Ok(())
}
