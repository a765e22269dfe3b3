//! Sprints on one shared cadence: numbered and dated for all teams at once,
//! each team with its own sprint backlog (the stories planned in it). A
//! sprint is started (its commitment recorded) and closed (what was
//! completed recorded, the rest carried over or returned to the backlog).

use super::epic::Progress;
use super::ids::{StoryId, TeamId};
use super::points::Estimate;
use super::story::{Story, StoryStatus};
use super::workspace::{Move, Workspace, WorkspaceError};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The shared rhythm: every sprint lasts `weeks`, sprint 1 starts on `first_start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cadence {
    pub weeks: u8,
    pub first_start: NaiveDate,
}

/// Sprints last one to four weeks.
pub const CADENCE_WEEKS: std::ops::RangeInclusive<u8> = 1..=4;
/// Working days per week, for capacity.
pub const WORKING_DAYS_PER_WEEK: f64 = 5.0;
/// Working days per sprint when no cadence is set yet.
const DEFAULT_WORKING_DAYS: f64 = 10.0;

impl Cadence {
    /// A cadence, if the length is 1 to 4 weeks.
    pub fn new(weeks: u8, first_start: NaiveDate) -> Result<Cadence, WorkspaceError> {
        if !CADENCE_WEEKS.contains(&weeks) {
            return Err(WorkspaceError::InvalidCadence);
        }
        Ok(Cadence { weeks, first_start })
    }

    fn length_days(&self) -> u64 {
        u64::from(self.weeks) * 7
    }

    /// The first day of sprint `n` (1-based).
    pub fn start(&self, n: u32) -> NaiveDate {
        let offset = u64::from(n.saturating_sub(1)) * self.length_days();
        self.first_start
            .checked_add_days(Days::new(offset))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The last day of sprint `n`.
    pub fn end(&self, n: u32) -> NaiveDate {
        self.start(n)
            .checked_add_days(Days::new(self.length_days() - 1))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The sprint running on `day`, if sprint 1 has begun.
    pub fn sprint_on(&self, day: NaiveDate) -> Option<u32> {
        let days = (day - self.first_start).num_days();
        (days >= 0).then(|| (days as u64 / self.length_days()) as u32 + 1)
    }

    /// Working days in one sprint.
    pub fn working_days(&self) -> f64 {
        f64::from(self.weeks) * WORKING_DAYS_PER_WEEK
    }

    /// "2 Dec – 15 Dec 2026".
    pub fn dates(&self, n: u32) -> String {
        let (start, end) = (self.start(n), self.end(n));
        let same_year = start.format("%Y").to_string() == end.format("%Y").to_string();
        if same_year {
            format!("{} – {}", start.format("%-d %b"), end.format("%-d %b %Y"))
        } else {
            format!(
                "{} – {}",
                start.format("%-d %b %Y"),
                end.format("%-d %b %Y")
            )
        }
    }
}

/// What happened in one sprint: its start, its close, and per team what was
/// committed and completed (kept for velocity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SprintRecord {
    pub number: u32,
    pub started_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub teams: Vec<TeamSprint>,
}

/// One team's part of a sprint record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSprint {
    pub team: TeamId,
    /// Stories planned when the sprint started (or closed, if never started).
    pub committed: Vec<StoryId>,
    pub committed_points: f64,
    /// Stories done when the sprint closed.
    pub completed: Vec<StoryId>,
    pub completed_points: f64,
    /// Unfinished stories moved on to the next sprint.
    pub carried_over: Vec<StoryId>,
    /// Unfinished stories put back at the top of the backlog.
    pub returned: Vec<StoryId>,
    /// Every story named above with its estimate when the sprint closed
    /// (when it started, while it runs): a story re-estimated later must not
    /// rewrite what the sprint held.
    pub estimates: Vec<RecordedEstimate>,
}

/// A story's estimate as a sprint record keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedEstimate {
    pub story: StoryId,
    /// `None`: the story had no estimate.
    pub points: Option<Estimate>,
}

impl TeamSprint {
    /// The estimate the record keeps for `story` (`None` when unestimated or
    /// not recorded).
    pub fn points_of(&self, story: StoryId) -> Option<Estimate> {
        self.estimates
            .iter()
            .find(|e| e.story == story)
            .and_then(|e| e.points)
    }
}

/// What became of a story of a closed sprint, by the sprint's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done when the sprint closed.
    Completed,
    /// Moved on to the next sprint unfinished.
    CarriedOver,
    /// Put back at the top of its team's backlog unfinished.
    Returned,
    /// Committed at the start but taken out before the close.
    TakenOut,
}

/// How a closed sprint names a story deleted since: its record keeps the
/// story's id, points and outcome, not its key or title.
pub const DELETED_STORY: &str = "A story deleted since";

/// The sprint that unfinished stories of sprint `n` are carried over to.
pub fn carried_over_to(n: u32) -> u32 {
    n + 1
}

impl Outcome {
    /// The outcome in words, for a story of sprint `sprint`.
    pub fn label(self, sprint: u32) -> String {
        match self {
            Outcome::Completed => "Done".into(),
            Outcome::CarriedOver => format!("Carried over to sprint {}", carried_over_to(sprint)),
            Outcome::Returned => "Back to the backlog".into(),
            Outcome::TakenOut => "Taken out during the sprint".into(),
        }
    }
}

/// One story of a closed sprint's lane: the story (for its key and title)
/// with what the record says about it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClosedStory<'a> {
    pub id: StoryId,
    /// The story as it is today; `None` once it has been deleted (the
    /// record keeps its id, points and outcome, not its key or title).
    pub story: Option<&'a Story>,
    /// The estimate the record keeps, not the story's estimate today.
    pub points: Option<Estimate>,
    /// Whether it was committed at the start (else added during the sprint).
    pub committed: bool,
    pub outcome: Outcome,
}

/// One team's part of a closed sprint, read from the sprint's record alone:
/// where its stories are today (another sprint, the backlog, re-estimated)
/// never changes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosedLane<'a> {
    pub team: TeamId,
    pub committed_points: f64,
    pub completed_points: f64,
    /// Committed stories first, in the order recorded, then those added
    /// during the sprint, stories deleted since among them.
    pub stories: Vec<ClosedStory<'a>>,
}

impl<'a> ClosedLane<'a> {
    /// The stories with this outcome, in lane order.
    pub fn with_outcome(&self, outcome: Outcome) -> impl Iterator<Item = &ClosedStory<'a>> {
        self.stories.iter().filter(move |s| s.outcome == outcome)
    }
}

/// Everything about sprints that is not on a story: the cadence, the
/// members and the sprint records (how they travel in a file together).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Planning {
    pub cadence: Option<Cadence>,
    pub members: Vec<super::member::Member>,
    pub sprints: Vec<SprintRecord>,
    pub custom_decks: Vec<super::deck::CustomDeck>,
    pub team_decks: Vec<super::deck::TeamDeck>,
    pub sessions: Vec<super::poker::PokerSession>,
    pub releases: Vec<super::release::Release>,
}

/// Where a sprint stands on the cadence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SprintStanding {
    /// Closed: its plan is kept as a record.
    Closed,
    /// The current sprint, started.
    Running,
    /// The current sprint, not started yet.
    NextToStart,
    /// A sprint other than the current one, not closed.
    PlannedAhead {
        /// The current sprint.
        current: u32,
    },
}

/// Where an unfinished story goes when its sprint closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unfinished {
    /// Into the next sprint.
    CarryOver,
    /// Back to the top of its team's backlog.
    ReturnToBacklog,
}

/// Points of the stories, unestimated ones counting 0.
pub fn points<'a>(stories: impl IntoIterator<Item = &'a Story>) -> f64 {
    // An empty f64 sum is -0; adding 0 makes it 0.
    stories.into_iter().map(Story::points).sum::<f64>() + 0.0
}

/// A story's estimate as a record keeps it.
fn recorded(story: &Story) -> RecordedEstimate {
    RecordedEstimate {
        story: story.id,
        points: story.estimate,
    }
}

/// Whether a story waits in its team's product backlog: in no sprint, not done.
fn in_product_backlog(story: &Story) -> bool {
    story.sprint.is_none() && story.status != StoryStatus::Done
}

/// One team's two lists in the planning of a sprint, as positions in
/// [`Workspace::stories`] in backlog order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SprintLane {
    /// Not in any sprint and not done: [`Workspace::product_backlog`].
    pub product: Vec<usize>,
    /// Planned in the sprint: [`Workspace::sprint_backlog`].
    pub planned: Vec<usize>,
}

impl Workspace {
    /// The shared cadence, once set.
    pub fn cadence(&self) -> Option<&Cadence> {
        self.cadence.as_ref()
    }

    /// Sets the sprint length and the first start date for all teams.
    pub fn set_cadence(&mut self, weeks: u8, first_start: NaiveDate) -> Result<(), WorkspaceError> {
        let cadence = Cadence::new(weeks, first_start)?;
        // Shorter sprints have fewer working days: nobody is away for more.
        let limit = cadence.working_days();
        for member in &mut self.members {
            for d in &mut member.days_off {
                d.days = d.days.min(limit);
            }
        }
        self.cadence = Some(cadence);
        Ok(())
    }

    /// Working days in one sprint.
    pub fn working_days(&self) -> f64 {
        self.cadence
            .map_or(DEFAULT_WORKING_DAYS, |c| c.working_days())
    }

    /// Every sprint record, by number.
    pub fn sprint_records(&self) -> &[SprintRecord] {
        &self.sprints
    }

    /// The record of sprint `n`, once it was started or closed.
    pub fn sprint_record(&self, n: u32) -> Option<&SprintRecord> {
        self.sprints.iter().find(|r| r.number == n)
    }

    /// Whether sprint `n` is closed.
    pub fn is_closed(&self, n: u32) -> bool {
        self.sprint_record(n).is_some_and(|r| r.closed_at.is_some())
    }

    /// Whether sprint `n` was started.
    pub fn is_started(&self, n: u32) -> bool {
        self.sprint_record(n)
            .is_some_and(|r| r.started_at.is_some())
    }

    /// The sprint under way or next to start: the first one not closed.
    pub fn current_sprint(&self) -> u32 {
        self.sprints
            .iter()
            .filter(|r| r.closed_at.is_some())
            .map(|r| r.number)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// A team's sprint backlog for sprint `n`, in backlog order.
    pub fn sprint_backlog(&self, team: TeamId, n: u32) -> impl Iterator<Item = &Story> {
        self.backlog(team).filter(move |s| s.sprint == Some(n))
    }

    /// Every story planned in sprint `n`, all teams.
    pub fn sprint_stories(&self, n: u32) -> impl Iterator<Item = &Story> {
        self.stories
            .iter()
            .map(|s| &**s)
            .filter(move |s| s.sprint == Some(n))
    }

    /// Stories planned in sprint `n` (all teams) that have no estimate yet,
    /// the ones a poker session takes up.
    pub fn unestimated_in_sprint(&self, n: u32) -> impl Iterator<Item = &Story> {
        self.sprint_stories(n).filter(|s| s.estimate.is_none())
    }

    /// The stories of sprint `n`, all teams, not done yet: what closing it
    /// carries over or returns to the backlogs.
    pub fn unfinished_in_sprint(&self, n: u32) -> impl Iterator<Item = &Story> {
        self.sprint_stories(n).filter(|s| !s.is_done())
    }

    /// Stories and points of a team's sprint `n`, and how many are done.
    pub fn sprint_progress(&self, team: TeamId, n: u32) -> Progress {
        let mut progress = Progress::default();
        for story in self.sprint_backlog(team, n) {
            progress.add(story);
        }
        progress
    }

    /// Where sprint `n` stands: closed, running, next to start or ahead.
    pub fn sprint_standing(&self, n: u32) -> SprintStanding {
        let current = self.current_sprint();
        if self.is_closed(n) {
            SprintStanding::Closed
        } else if n == current && self.is_started(n) {
            SprintStanding::Running
        } else if n == current {
            SprintStanding::NextToStart
        } else {
            SprintStanding::PlannedAhead { current }
        }
    }

    /// A team's product backlog: stories not in any sprint and not done.
    pub fn product_backlog(&self, team: TeamId) -> impl Iterator<Item = &Story> {
        self.backlog(team).filter(|s| in_product_backlog(s))
    }

    /// Every team's product backlog and sprint `n` backlog at once, as
    /// positions in [`Workspace::stories`]: the planning view shows all lanes
    /// and asking team by team walked every story once per list.
    pub fn sprint_lanes(&self, n: u32) -> HashMap<TeamId, SprintLane> {
        let mut lanes: HashMap<TeamId, SprintLane> = self
            .teams
            .iter()
            .map(|t| (t.id, SprintLane::default()))
            .collect();
        for (i, story) in self.stories.iter().enumerate() {
            let Some(lane) = lanes.get_mut(&story.team) else {
                continue;
            };
            if story.sprint == Some(n) {
                lane.planned.push(i);
            } else if in_product_backlog(story) {
                lane.product.push(i);
            }
        }
        lanes
    }

    /// Puts a story into sprint `n` (`None`: back to the product backlog).
    /// Closed sprints are history: nothing moves into or out of them.
    pub fn plan_story(
        &mut self,
        id: StoryId,
        sprint: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<bool, WorkspaceError> {
        let current = self.current_sprint();
        if sprint.is_some_and(|n| n < current) {
            return Err(WorkspaceError::SprintClosed);
        }
        let story = self.story(id).ok_or(WorkspaceError::UnknownStory)?;
        if story.sprint.is_some_and(|n| n < current) {
            return Err(WorkspaceError::SprintClosed);
        }
        if story.sprint == sprint {
            return Ok(false);
        }
        let story = self.story_mut(id)?;
        story.sprint = sprint;
        story.updated_at = now;
        Ok(true)
    }

    /// Starts the current sprint: each team's commitment is recorded.
    pub fn start_sprint(&mut self, n: u32, now: DateTime<Utc>) -> Result<(), WorkspaceError> {
        if n != self.current_sprint() {
            return Err(WorkspaceError::NotCurrentSprint {
                current: self.current_sprint(),
            });
        }
        if self.is_started(n) {
            return Ok(());
        }
        let teams: Vec<TeamSprint> = self
            .teams
            .iter()
            .map(|t| {
                let planned: Vec<&Story> = self.sprint_backlog(t.id, n).collect();
                TeamSprint {
                    team: t.id,
                    committed: planned.iter().map(|s| s.id).collect(),
                    committed_points: points(planned.iter().copied()),
                    completed: Vec::new(),
                    completed_points: 0.0,
                    carried_over: Vec::new(),
                    returned: Vec::new(),
                    estimates: planned.iter().map(|s| recorded(s)).collect(),
                }
            })
            .collect();
        self.sprints.retain(|r| r.number != n);
        self.sprints.push(SprintRecord {
            number: n,
            started_at: Some(now),
            closed_at: None,
            teams,
        });
        self.sprints.sort_by_key(|r| r.number);
        Ok(())
    }

    /// Closes the current sprint: done stories count as completed; each
    /// unfinished one goes where `choice` says (`default` when not named).
    pub fn close_sprint(
        &mut self,
        n: u32,
        choice: &HashMap<StoryId, Unfinished>,
        default: Unfinished,
        now: DateTime<Utc>,
    ) -> Result<(), WorkspaceError> {
        if n != self.current_sprint() {
            return Err(WorkspaceError::NotCurrentSprint {
                current: self.current_sprint(),
            });
        }
        let started = self.sprint_record(n).cloned();
        let mut teams = Vec::new();
        let mut returned_all = Vec::new();
        for team in &self.teams {
            let planned: Vec<&Story> = self.sprint_backlog(team.id, n).collect();
            let (done, open): (Vec<&Story>, Vec<&Story>) =
                planned.iter().partition(|s| s.is_done());
            let (carried, returned): (Vec<&Story>, Vec<&Story>) = open.iter().partition(|s| {
                choice.get(&s.id).copied().unwrap_or(default) == Unfinished::CarryOver
            });
            let committed = started
                .as_ref()
                .and_then(|r| r.teams.iter().find(|t| t.team == team.id));
            let committed_ids: Vec<StoryId> = committed.map_or_else(
                || planned.iter().map(|s| s.id).collect(),
                |c| c.committed.clone(),
            );
            // Each story's estimate at the close; one deleted since the start
            // keeps the estimate it was committed with.
            let estimates = committed_ids
                .iter()
                .copied()
                .chain(planned.iter().map(|s| s.id))
                .fold(Vec::<RecordedEstimate>::new(), |mut list, id| {
                    if !list.iter().any(|e| e.story == id) {
                        let points = match self.story(id) {
                            Some(s) => s.estimate,
                            None => committed.and_then(|c| c.points_of(id)),
                        };
                        list.push(RecordedEstimate { story: id, points });
                    }
                    list
                });
            teams.push(TeamSprint {
                team: team.id,
                committed: committed_ids,
                committed_points: committed
                    .map_or_else(|| points(planned.iter().copied()), |c| c.committed_points),
                completed: done.iter().map(|s| s.id).collect(),
                completed_points: points(done.iter().copied()),
                carried_over: carried.iter().map(|s| s.id).collect(),
                returned: returned.iter().map(|s| s.id).collect(),
                estimates,
            });
            returned_all.extend(returned.iter().map(|s| s.id));
        }
        let carried: Vec<StoryId> = teams
            .iter()
            .flat_map(|t| t.carried_over.iter().copied())
            .collect();
        for id in carried {
            let story = self.story_mut(id)?;
            story.sprint = Some(carried_over_to(n));
            story.updated_at = now;
        }
        // Returned stories go to the top in their sprint order.
        for id in returned_all.into_iter().rev() {
            let story = self.story_mut(id)?;
            story.sprint = None;
            story.updated_at = now;
            self.move_story(id, Move::Top)?;
        }
        self.sprints.retain(|r| r.number != n);
        self.sprints.push(SprintRecord {
            number: n,
            started_at: started.and_then(|r| r.started_at),
            closed_at: Some(now),
            teams,
        });
        self.sprints.sort_by_key(|r| r.number);
        Ok(())
    }

    /// Team `team`'s part of sprint `n` as its record keeps it, once the
    /// sprint is closed (`None` before: a running or planned sprint is
    /// read from its stories). This is what a closed sprint shows, in its
    /// lanes and its review; the stories' sprint and estimate today are
    /// never consulted.
    pub fn closed_lane(&self, team: TeamId, n: u32) -> Option<ClosedLane<'_>> {
        let part = self
            .sprint_record(n)
            .filter(|r| r.closed_at.is_some())?
            .teams
            .iter()
            .find(|t| t.team == team);
        let Some(part) = part else {
            // The team was added after the sprint closed: it had no part.
            return Some(ClosedLane {
                team,
                committed_points: 0.0,
                completed_points: 0.0,
                stories: Vec::new(),
            });
        };
        let outcome = |id: StoryId| {
            if part.completed.contains(&id) {
                Outcome::Completed
            } else if part.carried_over.contains(&id) {
                Outcome::CarriedOver
            } else if part.returned.contains(&id) {
                Outcome::Returned
            } else {
                Outcome::TakenOut
            }
        };
        let added = part
            .completed
            .iter()
            .chain(&part.carried_over)
            .chain(&part.returned)
            .filter(|id| !part.committed.contains(id));
        let mut stories: Vec<ClosedStory<'_>> = Vec::new();
        for (id, committed) in part
            .committed
            .iter()
            .map(|id| (*id, true))
            .chain(added.map(|id| (*id, false)))
        {
            if stories.iter().any(|s| s.id == id) {
                continue;
            }
            stories.push(ClosedStory {
                id,
                story: self.story(id),
                points: part.points_of(id),
                committed,
                outcome: outcome(id),
            });
        }
        Some(ClosedLane {
            team,
            committed_points: part.committed_points,
            completed_points: part.completed_points,
            stories,
        })
    }

    /// Closed sprints of a team, oldest first, as (number, committed, completed) points.
    pub fn closed_sprints(&self, team: TeamId) -> Vec<(u32, f64, f64)> {
        self.sprints
            .iter()
            .filter(|r| r.closed_at.is_some())
            .filter_map(|r| {
                r.teams
                    .iter()
                    .find(|t| t.team == team)
                    .map(|t| (r.number, t.committed_points, t.completed_points))
            })
            .collect()
    }
}
