//! Planning poker sessions: a queue of stories from any teams, participants
//! (voters and observers), rounds of hidden votes, reveal, re-vote, and the
//! accepted estimate written onto the story with its provenance.

use super::deck::{Card, DeckRef, is_special};
use super::ids::{MemberId, ParticipantId, SessionId, StoryId};
use super::person::{PersonName, PersonNameError};
use super::poker_stats::{RoundStats, round_stats};
use super::story::EstimateRecord;
use super::team::TeamKind;
use super::workspace::{Workspace, WorkspaceError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Most participants in a session.
pub const MAX_PARTICIPANTS: usize = 60;
/// Most stories queued in a session.
pub const MAX_QUEUE: usize = 500;
/// Most rounds kept per session.
pub const MAX_ROUNDS: usize = 5_000;
/// Shortest countdown of a round, in seconds.
pub const MIN_TIMER_SECONDS: u32 = 1;
/// Longest countdown of a round, in seconds (an hour).
pub const MAX_TIMER_SECONDS: u32 = 3_600;

/// Whether a round's countdown of `seconds` is allowed:
/// [`MIN_TIMER_SECONDS`] to [`MAX_TIMER_SECONDS`].
pub fn timer_ok(seconds: u32) -> bool {
    (MIN_TIMER_SECONDS..=MAX_TIMER_SECONDS).contains(&seconds)
}

/// Whether a participant votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Voter,
    Observer,
}

/// Which slice of a split epic a participant estimates in a
/// per-discipline round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discipline {
    Client,
    Backend,
}

/// Someone in the room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: PersonName,
    /// The member they are, or `None` for a guest.
    pub member: Option<MemberId>,
    pub role: Role,
    pub discipline: Discipline,
    /// The device they joined a live room from, if they did.
    pub device: Option<String>,
}

/// One vote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub participant: ParticipantId,
    /// A card's label, `?` or `☕`.
    pub card: String,
    pub at: DateTime<Utc>,
}

/// A round of votes on one story (or, per discipline, on an epic's client
/// and backend slices at once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub story: StoryId,
    /// With a per-discipline round: the backend slice backend voters estimate.
    pub backend_story: Option<StoryId>,
    /// 1 for the first round on this story, 2 for the re-vote…
    pub number: u32,
    pub started_at: DateTime<Utc>,
    /// When the countdown ends, if the round has one.
    pub ends_at: Option<DateTime<Utc>>,
    pub revealed_at: Option<DateTime<Utc>>,
    pub votes: Vec<Vote>,
    /// Set once the estimate was accepted from this round.
    pub accepted: bool,
}

impl Round {
    /// Whether `participant` has a vote in this round.
    pub fn has_voted(&self, participant: ParticipantId) -> bool {
        self.votes.iter().any(|v| v.participant == participant)
    }

    /// Whether `participant` estimates the backend slice in this round: a
    /// backend participant in a per-discipline round.
    pub fn estimates_backend(&self, participant: &Participant) -> bool {
        self.backend_story.is_some() && participant.discipline == Discipline::Backend
    }

    /// The story `participant` estimates in this round: the backend slice
    /// for [`Round::estimates_backend`], else the round's story.
    pub fn story_for(&self, participant: &Participant) -> StoryId {
        match self.backend_story {
            Some(backend) if self.estimates_backend(participant) => backend,
            _ => self.story,
        }
    }
}

/// A poker session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PokerSession {
    pub id: SessionId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Overrides the teams' default decks.
    pub deck: Option<DeckRef>,
    pub queue: Vec<StoryId>,
    pub participants: Vec<Participant>,
    pub rounds: Vec<Round>,
    /// Countdown per round, in seconds.
    pub timer_seconds: Option<u32>,
    /// Reveal as soon as every voter has voted.
    pub auto_reveal: bool,
    /// The code of the live room open for this session, if any.
    pub live_room: Option<String>,
}

impl PokerSession {
    /// The round under way: the last one, unless its estimate was accepted.
    pub fn current_round(&self) -> Option<&Round> {
        self.rounds.last().filter(|r| !r.accepted)
    }

    fn current_round_mut(&mut self) -> Result<&mut Round, WorkspaceError> {
        self.rounds
            .last_mut()
            .filter(|r| !r.accepted)
            .ok_or(WorkspaceError::NoRound)
    }

    /// Voters, in order.
    pub fn voters(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| p.role == Role::Voter)
    }

    /// One participant.
    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// Whether `story` got its estimate in this session (a round on it was
    /// accepted).
    pub fn is_estimated(&self, story: StoryId) -> bool {
        self.rounds.iter().any(|r| r.accepted && r.story == story)
    }

    /// Stories queued and not yet estimated in this session.
    pub fn remaining(&self) -> impl Iterator<Item = &StoryId> {
        self.queue.iter().filter(|id| !self.is_estimated(**id))
    }

    /// The voter whose turn it is in the current round: the first voter,
    /// in order, without a vote. `None` without a round or once everyone
    /// voted.
    pub fn next_voter(&self) -> Option<ParticipantId> {
        let round = self.current_round()?;
        self.voters().find(|p| !round.has_voted(p.id)).map(|p| p.id)
    }

    /// Rounds held on a story, oldest first.
    pub fn rounds_of(&self, story: StoryId) -> impl Iterator<Item = &Round> {
        self.rounds.iter().filter(move |r| r.story == story)
    }
}

/// A participant's name by the one rule for people's names. Its error is
/// the rule's own (a workspace edit turns it into
/// [`WorkspaceError::InvalidMemberName`] with `?`), so the participant page
/// can say it without loading every workspace message.
pub fn participant_name(name: &str) -> Result<PersonName, PersonNameError> {
    PersonName::parse(name)
}

impl Workspace {
    /// Every poker session, oldest first.
    pub fn poker_sessions(&self) -> &[PokerSession] {
        &self.sessions
    }

    /// The session in use: the latest one.
    pub fn poker_session(&self) -> Option<&PokerSession> {
        self.sessions.last()
    }

    fn session_mut(&mut self) -> Result<&mut PokerSession, WorkspaceError> {
        self.sessions.last_mut().ok_or(WorkspaceError::NoSession)
    }

    /// Starts a new session (earlier ones stay, for the record).
    pub fn start_poker_session(&mut self, now: DateTime<Utc>) -> SessionId {
        let id = SessionId::new();
        let name = format!("Planning poker {}", now.format("%Y-%m-%d %H:%M"));
        self.sessions.push(PokerSession {
            id,
            name,
            created_at: now,
            deck: None,
            queue: Vec::new(),
            participants: Vec::new(),
            rounds: Vec::new(),
            timer_seconds: None,
            auto_reveal: false,
            live_room: None,
        });
        id
    }

    /// Queues stories (already queued ones are skipped).
    pub fn queue_stories(&mut self, stories: &[StoryId]) -> Result<usize, WorkspaceError> {
        for id in stories {
            if self.story(*id).is_none() {
                return Err(WorkspaceError::UnknownStory);
            }
        }
        let session = self.session_mut()?;
        let mut added = 0;
        for id in stories {
            if !session.queue.contains(id) {
                if session.queue.len() >= MAX_QUEUE {
                    return Err(WorkspaceError::QueueFull);
                }
                session.queue.push(*id);
                added += 1;
            }
        }
        Ok(added)
    }

    /// Takes a story off the queue.
    pub fn unqueue_story(&mut self, story: StoryId) -> Result<(), WorkspaceError> {
        self.session_mut()?.queue.retain(|id| *id != story);
        Ok(())
    }

    /// Moves a queued story one place up (`up`) or down.
    pub fn move_in_queue(&mut self, story: StoryId, up: bool) -> Result<(), WorkspaceError> {
        let queue = &mut self.session_mut()?.queue;
        let i = queue
            .iter()
            .position(|id| *id == story)
            .ok_or(WorkspaceError::UnknownStory)?;
        let j = if up {
            i.checked_sub(1)
        } else {
            Some(i + 1).filter(|j| *j < queue.len())
        };
        if let Some(j) = j {
            queue.swap(i, j);
        }
        Ok(())
    }

    /// Adds a member of any team as a participant.
    pub fn add_participant(
        &mut self,
        member: MemberId,
        role: Role,
    ) -> Result<ParticipantId, WorkspaceError> {
        let m = self.member(member).ok_or(WorkspaceError::UnknownMember)?;
        let discipline = match self.team(m.home_team).map(|t| t.kind) {
            Some(TeamKind::Service) => Discipline::Backend,
            _ => Discipline::Client,
        };
        let name = m.name.clone();
        let session = self.session_mut()?;
        if let Some(p) = session
            .participants
            .iter()
            .find(|p| p.member == Some(member))
        {
            return Ok(p.id);
        }
        push_participant(session, name, Some(member), role, discipline)
    }

    /// Adds a guest by name, as a voter.
    pub fn add_guest(&mut self, name: &str) -> Result<ParticipantId, WorkspaceError> {
        let name = participant_name(name)?;
        push_participant(
            self.session_mut()?,
            name,
            None,
            Role::Voter,
            Discipline::Client,
        )
    }

    /// Changes a participant's role or discipline.
    pub fn set_participant(
        &mut self,
        id: ParticipantId,
        role: Role,
        discipline: Discipline,
    ) -> Result<(), WorkspaceError> {
        let p = self
            .session_mut()?
            .participants
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or(WorkspaceError::UnknownParticipant)?;
        p.role = role;
        p.discipline = discipline;
        Ok(())
    }

    /// Removes a participant (their votes stay in earlier rounds).
    pub fn remove_participant(&mut self, id: ParticipantId) -> Result<(), WorkspaceError> {
        self.session_mut()?.participants.retain(|p| p.id != id);
        Ok(())
    }

    /// Sets the deck override, the countdown and auto-reveal.
    pub fn set_session_options(
        &mut self,
        deck: Option<DeckRef>,
        timer_seconds: Option<u32>,
        auto_reveal: bool,
    ) -> Result<(), WorkspaceError> {
        if timer_seconds.is_some_and(|s| !timer_ok(s)) {
            return Err(WorkspaceError::InvalidTimer);
        }
        let session = self.session_mut()?;
        session.deck = deck;
        session.timer_seconds = timer_seconds;
        session.auto_reveal = auto_reveal;
        Ok(())
    }

    /// The deck for estimating `story` in the current session.
    pub fn session_deck(&self, story: StoryId) -> DeckRef {
        let team = self.story(story).map(|s| s.team);
        self.poker_session()
            .and_then(|s| s.deck)
            .or_else(|| team.map(|t| self.default_deck(t)))
            .unwrap_or(DeckRef::Fibonacci)
    }

    /// The cards for estimating `story`.
    pub fn cards_for(&self, story: StoryId) -> Vec<Card> {
        let team = self.story(story).map(|s| s.team);
        self.deck_cards(self.session_deck(story), team)
    }

    /// The cards `participant` plays in the current round: the backend
    /// slice's deck for a backend participant of a per-discipline round,
    /// else the story's (also with nobody, or someone not in the session).
    /// Empty without a round.
    pub fn cards_for_participant(&self, participant: Option<ParticipantId>) -> Vec<Card> {
        let Some(session) = self.poker_session() else {
            return Vec::new();
        };
        let Some(round) = session.current_round() else {
            return Vec::new();
        };
        let story = participant
            .and_then(|p| session.participant(p))
            .map_or(round.story, |p| round.story_for(p));
        self.cards_for(story)
    }

    /// The story to estimate next: the first of the queue not estimated in
    /// this session and not deleted since it was queued.
    pub fn next_queued_story(&self) -> Option<StoryId> {
        self.poker_session()?
            .remaining()
            .copied()
            .find(|id| self.story(*id).is_some())
    }

    /// The backend slice of `story`'s epic, for a per-discipline round.
    pub fn backend_slice(&self, story: StoryId) -> Option<StoryId> {
        let epic = self.story(story)?.epic?;
        self.stories
            .iter()
            .find(|s| {
                s.epic == Some(epic)
                    && s.id != story
                    && self
                        .team(s.team)
                        .is_some_and(|t| t.kind == TeamKind::Service)
            })
            .map(|s| s.id)
    }

    /// Starts a round on `story` (a re-vote when it had rounds already).
    /// `per_discipline` lets backend voters estimate the epic's backend slice
    /// in the same round.
    pub fn start_round(
        &mut self,
        story: StoryId,
        per_discipline: bool,
        now: DateTime<Utc>,
    ) -> Result<(), WorkspaceError> {
        if self.story(story).is_none() {
            return Err(WorkspaceError::UnknownStory);
        }
        let backend_story = if per_discipline {
            Some(
                self.backend_slice(story)
                    .ok_or(WorkspaceError::NoBackendSlice)?,
            )
        } else {
            None
        };
        let session = self.session_mut()?;
        if session.rounds.len() >= MAX_ROUNDS {
            return Err(WorkspaceError::QueueFull);
        }
        if !session.queue.contains(&story) {
            session.queue.push(story);
        }
        let number = session.rounds_of(story).count() as u32 + 1;
        let ends_at = session
            .timer_seconds
            .map(|s| now + chrono::Duration::seconds(i64::from(s)));
        // An unaccepted round on another story is left as it was.
        session.rounds.push(Round {
            story,
            backend_story,
            number,
            started_at: now,
            ends_at,
            revealed_at: None,
            votes: Vec::new(),
            accepted: false,
        });
        Ok(())
    }

    /// A re-vote: a new round on the current round's story.
    pub fn revote(&mut self, now: DateTime<Utc>) -> Result<(), WorkspaceError> {
        let round = self
            .poker_session()
            .and_then(PokerSession::current_round)
            .ok_or(WorkspaceError::NoRound)?;
        let (story, per_discipline) = (round.story, round.backend_story.is_some());
        self.start_round(story, per_discipline, now)
    }

    /// Casts (or changes) a vote in the current round; hidden until reveal.
    /// Reveals at once when auto-reveal is on and every voter has voted.
    pub fn cast_vote(
        &mut self,
        participant: ParticipantId,
        card: &str,
        now: DateTime<Utc>,
    ) -> Result<(), WorkspaceError> {
        self.poker_session()
            .and_then(PokerSession::current_round)
            .ok_or(WorkspaceError::NoRound)?;
        // The participant's own deck: in a per-discipline round a client
        // voter cannot play a card only the backend slice's deck has.
        let valid = is_special(card)
            || self
                .cards_for_participant(Some(participant))
                .iter()
                .any(|c| c.label == card);
        if !valid {
            return Err(WorkspaceError::NotInDeck(card.to_string()));
        }
        let session = self.session_mut()?;
        let voter = session
            .participant(participant)
            .ok_or(WorkspaceError::UnknownParticipant)?;
        if voter.role != Role::Voter {
            return Err(WorkspaceError::ObserverCantVote);
        }
        let auto = session.auto_reveal;
        let voters: Vec<ParticipantId> = session.voters().map(|p| p.id).collect();
        let round = session.current_round_mut()?;
        if round.revealed_at.is_some() {
            return Err(WorkspaceError::AlreadyRevealed);
        }
        round.votes.retain(|v| v.participant != participant);
        round.votes.push(Vote {
            participant,
            card: card.to_string(),
            at: now,
        });
        if auto && voters.iter().all(|v| round.has_voted(*v)) {
            round.revealed_at = Some(now);
        }
        Ok(())
    }

    /// Shows every vote of the current round.
    pub fn reveal(&mut self, now: DateTime<Utc>) -> Result<(), WorkspaceError> {
        let round = self.session_mut()?.current_round_mut()?;
        if round.revealed_at.is_none() {
            round.revealed_at = Some(now);
        }
        Ok(())
    }

    /// The statistics of a round, per slice: the story's (client) votes, and
    /// the backend slice's when the round is per discipline.
    pub fn round_stats(&self, round: &Round) -> (RoundStats, Option<RoundStats>) {
        let Some(session) = self.poker_session() else {
            return (round_stats(&[], &[]), None);
        };
        let votes = |backend: bool| -> Vec<(String, String)> {
            round
                .votes
                .iter()
                .filter_map(|v| {
                    let p = session.participant(v.participant);
                    // Someone who left counts with the story's votes.
                    let is_backend = p.is_some_and(|p| round.estimates_backend(p));
                    (is_backend == backend).then(|| {
                        (
                            p.map_or("someone who left".into(), |p| p.name.to_string()),
                            v.card.clone(),
                        )
                    })
                })
                .collect()
        };
        let main = round_stats(&self.cards_for(round.story), &votes(false));
        let backend = round
            .backend_story
            .map(|b| round_stats(&self.cards_for(b), &votes(true)));
        (main, backend)
    }

    /// Accepts the estimate of the current round: `card` for the story (and
    /// `backend_card` for the backend slice of a per-discipline round), with
    /// its provenance in each story's estimate history.
    pub fn accept_estimate(
        &mut self,
        card: &str,
        backend_card: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), WorkspaceError> {
        let session = self.poker_session().ok_or(WorkspaceError::NoSession)?;
        let round = session
            .current_round()
            .ok_or(WorkspaceError::NoRound)?
            .clone();
        if round.revealed_at.is_none() {
            return Err(WorkspaceError::NotRevealed);
        }
        let session_id = session.id;
        let live = session.live_room.is_some();
        let rounds = session.rounds_of(round.story).count() as u32;
        let votes: Vec<(String, String)> = round
            .votes
            .iter()
            .map(|v| {
                (
                    session
                        .participant(v.participant)
                        .map_or("someone who left".into(), |p| p.name.to_string()),
                    v.card.clone(),
                )
            })
            .collect();
        let mut writes = vec![(round.story, card)];
        if let (Some(b), Some(c)) = (round.backend_story, backend_card) {
            writes.push((b, c));
        }
        let mut records = Vec::new();
        for (story, label) in writes {
            let chosen = self
                .cards_for(story)
                .into_iter()
                .find(|c| c.label == label)
                .ok_or_else(|| WorkspaceError::NotInDeck(label.to_string()))?;
            records.push((story, chosen));
        }
        for (story, chosen) in records {
            let s = self.story_mut(story)?;
            s.estimate = Some(chosen.points);
            s.updated_at = now;
            s.estimate_history.push(EstimateRecord {
                points: chosen.points,
                card: chosen.label,
                at: now,
                session: Some(session_id),
                rounds,
                votes: votes.clone(),
                live,
            });
        }
        self.session_mut()?.current_round_mut()?.accepted = true;
        Ok(())
    }

    /// Accepts the estimate of the current round ([`Workspace::accept_estimate`])
    /// and goes straight on: a round on the next story of the queue, if any
    /// ([`Workspace::next_queued_story`]), not per discipline.
    pub fn accept_and_continue(
        &mut self,
        card: &str,
        backend_card: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), WorkspaceError> {
        self.accept_estimate(card, backend_card, now)?;
        if let Some(next) = self.next_queued_story() {
            self.start_round(next, false, now)?;
        }
        Ok(())
    }
}

fn push_participant(
    session: &mut PokerSession,
    name: PersonName,
    member: Option<MemberId>,
    role: Role,
    discipline: Discipline,
) -> Result<ParticipantId, WorkspaceError> {
    if session.participants.len() >= MAX_PARTICIPANTS {
        return Err(WorkspaceError::TooManyParticipants);
    }
    let id = ParticipantId::new();
    session.participants.push(Participant {
        id,
        name,
        member,
        role,
        discipline,
        device: None,
    });
    Ok(id)
}
