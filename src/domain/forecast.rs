//! When does each platform get an epic? For every open epic and each team
//! with a slice of it: the points still to do before the slice is done
//! (the team's unfinished stories up to the epic's last slice, in backlog
//! order) divided by the team's average velocity gives the sprint it lands
//! in; the velocity range gives the best and worst case.

use super::capacity::VELOCITY_WINDOW;
use super::ids::{EpicId, TeamId};
use super::story::StoryStatus;
use super::team::TeamKind;
use super::workspace::Workspace;

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

impl Workspace {
    /// Forecasts of every epic that is not done yet.
    pub fn epic_forecasts(&self) -> Vec<EpicForecast> {
        self.epics
            .iter()
            .map(|e| self.epic_forecast(e.id))
            .filter(|f| f.teams.iter().any(|t| t.landing != Landing::Done))
            .collect()
    }

    /// The forecast of one epic.
    pub fn epic_forecast(&self, epic: EpicId) -> EpicForecast {
        let current = self.current_sprint();
        let mut teams = Vec::new();
        for team in &self.teams {
            let backlog: Vec<_> = self.backlog(team.id).collect();
            let slices: Vec<usize> = backlog
                .iter()
                .enumerate()
                .filter(|(_, s)| s.epic == Some(epic))
                .map(|(i, _)| i)
                .collect();
            if slices.is_empty() {
                continue;
            }
            let open = |i: &usize| backlog[*i].status != StoryStatus::Done;
            let Some(&last) = slices.iter().filter(|i| open(i)).max() else {
                teams.push(PlatformForecast {
                    team: team.id,
                    remaining: 0.0,
                    unestimated: 0,
                    landing: Landing::Done,
                });
                continue;
            };
            let ahead: Vec<_> = backlog[..=last]
                .iter()
                .filter(|s| s.status != StoryStatus::Done)
                .collect();
            let remaining = ahead.iter().filter_map(|s| s.estimate).sum::<f64>() + 0.0;
            let unestimated = ahead.iter().filter(|s| s.estimate.is_none()).count();
            let history: Vec<f64> = self
                .closed_sprints(team.id)
                .into_iter()
                .map(|(_, _, completed)| completed)
                .collect();
            let window = &history[history.len().saturating_sub(VELOCITY_WINDOW)..];
            let landing = if window.is_empty() {
                Landing::NoVelocity
            } else {
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
            };
            teams.push(PlatformForecast {
                team: team.id,
                remaining,
                unestimated,
                landing,
            });
        }
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
        for story in self
            .stories
            .iter()
            .filter(|s| s.epic == Some(epic) && s.status != StoryStatus::Done)
        {
            let client = self
                .team(story.team)
                .is_some_and(|t| t.kind == TeamKind::ClientPlatform);
            let Some(mine) = landing_of(story.team).filter(|_| client) else {
                continue;
            };
            for dep in story.depends_on.iter().filter_map(|d| self.story(*d)) {
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
