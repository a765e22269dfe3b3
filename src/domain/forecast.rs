//! When does each platform get an epic? For every open epic and each team
//! with a slice of it: the points still to do before the slice is done
//! (the team's unfinished stories up to the epic's last slice, in backlog
//! order) divided by the team's average velocity gives the sprint it lands
//! in; the velocity range gives the best and worst case.

use super::capacity::VELOCITY_WINDOW;
use super::ids::{EpicId, StoryId, TeamId};
use super::story::{Story, StoryStatus};
use super::team::TeamKind;
use super::workspace::Workspace;
use std::collections::HashMap;

/// When a team's slice of an epic is expected.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Landing {
    /// Every slice of this team is done.
    Done,
    /// Expected in sprint `expected`; `best` with the team's best recent
    /// sprint, `worst` with its worst (`None` when that was zero points).
    Sprint {
        expected: u32,
        best: u32,
        worst: Option<u32>,
    },
    /// The team has no closed sprint yet: no honest figure.
    NoVelocity,
}

impl Landing {
    /// The sprint for ordering (done first, unknown last).
    fn order(&self) -> u32 {
        match self {
            Landing::Done => 0,
            Landing::Sprint { expected, .. } => *expected,
            Landing::NoVelocity => u32::MAX,
        }
    }
}

/// One team's slice of an epic.
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformForecast {
    pub team: TeamId,
    /// Points to do before the slice is done.
    pub remaining: f64,
    /// Unfinished stories counted without an estimate (0 points).
    pub unestimated: usize,
    pub landing: Landing,
}

/// The forecast of one epic.
#[derive(Clone, Debug, PartialEq)]
pub struct EpicForecast {
    pub epic: EpicId,
    pub teams: Vec<PlatformForecast>,
    /// The team(s) landing last, when every team has a figure.
    pub last: Vec<TeamId>,
    /// (client team, team it waits on): a client slice depends on work that
    /// lands later than the client slice would.
    pub waiting: Vec<(TeamId, TeamId)>,
}

fn sprints_for(remaining: f64, per_sprint: f64) -> Option<u32> {
    if remaining <= 0.0 {
        return Some(1);
    }
    (per_sprint > 0.0).then(|| (remaining / per_sprint).ceil().max(1.0) as u32)
}

/// What every epic's forecast is computed from, gathered in one pass over
/// the stories: with hundreds of epics, walking each team's backlog once per
/// epic made the velocity view slow at 10,000 stories.
struct Basis<'a> {
    current: u32,
    teams: Vec<TeamBasis>,
    /// Unfinished stories of each epic, in workspace order.
    open_by_epic: HashMap<EpicId, Vec<&'a Story>>,
    stories: HashMap<StoryId, &'a Story>,
    kinds: HashMap<TeamId, TeamKind>,
}

struct TeamBasis {
    team: TeamId,
    /// Per epic with a slice in this team: the unfinished points and
    /// unestimated stories from the top of the backlog down to its last
    /// unfinished slice (`None` when every slice is done).
    slices: HashMap<EpicId, Option<(f64, usize)>>,
    /// Completed points of the last closed sprints.
    window: Vec<f64>,
}

impl<'a> Basis<'a> {
    fn new(ws: &'a Workspace) -> Basis<'a> {
        let mut teams: Vec<TeamBasis> = ws
            .teams
            .iter()
            .map(|t| {
                let history: Vec<f64> = ws
                    .closed_sprints(t.id)
                    .into_iter()
                    .map(|(_, _, completed)| completed)
                    .collect();
                TeamBasis {
                    team: t.id,
                    slices: HashMap::new(),
                    window: history[history.len().saturating_sub(VELOCITY_WINDOW)..].to_vec(),
                }
            })
            .collect();
        // Running totals per team, in backlog order.
        let mut totals: HashMap<TeamId, (f64, usize)> = HashMap::new();
        let mut open_by_epic: HashMap<EpicId, Vec<&Story>> = HashMap::new();
        for story in ws.stories.iter().map(|s| &**s) {
            let open = story.status != StoryStatus::Done;
            let total = totals.entry(story.team).or_insert((0.0, 0));
            if open {
                match story.estimate {
                    Some(points) => total.0 += points.get(),
                    None => total.1 += 1,
                }
            }
            let Some(epic) = story.epic else { continue };
            if let Some(team) = teams.iter_mut().find(|t| t.team == story.team) {
                let slice = team.slices.entry(epic).or_insert(None);
                if open {
                    *slice = Some(*total);
                }
            }
            if open {
                open_by_epic.entry(epic).or_default().push(story);
            }
        }
        Basis {
            current: ws.current_sprint(),
            teams,
            open_by_epic,
            stories: ws.stories.iter().map(|s| (s.id, &**s)).collect(),
            kinds: ws.teams.iter().map(|t| (t.id, t.kind)).collect(),
        }
    }

    fn landing(&self, remaining: f64, window: &[f64]) -> Landing {
        if window.is_empty() {
            return Landing::NoVelocity;
        }
        let current = self.current;
        let average = window.iter().sum::<f64>() / window.len() as f64;
        let best = window.iter().copied().fold(f64::MIN, f64::max);
        let worst = window.iter().copied().fold(f64::MAX, f64::min);
        match sprints_for(remaining, average) {
            Some(n) => Landing::Sprint {
                expected: current + n - 1,
                best: current + sprints_for(remaining, best).unwrap_or(n) - 1,
                worst: sprints_for(remaining, worst).map(|w| current + w - 1),
            },
            None => Landing::NoVelocity,
        }
    }

    fn forecast(&self, epic: EpicId) -> EpicForecast {
        let teams: Vec<PlatformForecast> = self
            .teams
            .iter()
            .filter_map(|team| {
                let slice = team.slices.get(&epic)?;
                Some(match *slice {
                    None => PlatformForecast {
                        team: team.team,
                        remaining: 0.0,
                        unestimated: 0,
                        landing: Landing::Done,
                    },
                    Some((remaining, unestimated)) => PlatformForecast {
                        team: team.team,
                        remaining: remaining + 0.0,
                        unestimated,
                        landing: self.landing(remaining, &team.window),
                    },
                })
            })
            .collect();
        let all_known = teams.iter().all(|t| t.landing != Landing::NoVelocity);
        let latest = teams.iter().map(|t| t.landing.order()).max().unwrap_or(0);
        let last = if all_known && teams.len() > 1 && latest > 0 {
            teams
                .iter()
                .filter(|t| t.landing.order() == latest)
                .map(|t| t.team)
                .collect()
        } else {
            Vec::new()
        };
        let landing_of = |team: TeamId| teams.iter().find(|t| t.team == team).map(|t| t.landing);
        let mut waiting = Vec::new();
        for story in self.open_by_epic.get(&epic).into_iter().flatten() {
            let client = self.kinds.get(&story.team) == Some(&TeamKind::ClientPlatform);
            let Some(mine) = landing_of(story.team).filter(|_| client) else {
                continue;
            };
            for dep in story.depends_on.iter().filter_map(|d| self.stories.get(d)) {
                if dep.status == StoryStatus::Done || dep.team == story.team {
                    continue;
                }
                let theirs = landing_of(dep.team).map(|l| l.order());
                if theirs.is_some_and(|t| t > mine.order() && t != u32::MAX)
                    && !waiting.contains(&(story.team, dep.team))
                {
                    waiting.push((story.team, dep.team));
                }
            }
        }
        EpicForecast {
            epic,
            teams,
            last,
            waiting,
        }
    }
}

impl Workspace {
    /// Forecasts of every epic that is not done yet.
    pub fn epic_forecasts(&self) -> Vec<EpicForecast> {
        let basis = Basis::new(self);
        self.epics
            .iter()
            .map(|e| basis.forecast(e.id))
            .filter(|f| f.teams.iter().any(|t| t.landing != Landing::Done))
            .collect()
    }

    /// The forecast of one epic.
    pub fn epic_forecast(&self, epic: EpicId) -> EpicForecast {
        Basis::new(self).forecast(epic)
    }
}
