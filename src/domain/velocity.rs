//! Velocity per team: committed and completed points per closed sprint,
//! the rolling average of the last three and the range. Each team has its
//! own figures (the backend team's are never mixed into a client team's).

use super::capacity::VELOCITY_WINDOW;
use super::ids::TeamId;
use super::workspace::Workspace;

/// Most closed sprints the velocity view shows side by side.
pub const MAX_SPRINTS_SHOWN: usize = 50;
/// How many closed sprints the velocity view shows at first.
pub const DEFAULT_SPRINTS_SHOWN: usize = 6;

/// The number of sprints to show from what a person typed: a whole number,
/// kept within 1 to [`MAX_SPRINTS_SHOWN`]; `None` when it is not a number.
pub fn parse_sprints_shown(text: &str) -> Option<usize> {
    let n: usize = text.trim().parse().ok()?;
    Some(n.clamp(1, MAX_SPRINTS_SHOWN))
}

/// One closed sprint of one team.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SprintVelocity {
    pub sprint: u32,
    pub committed: f64,
    pub completed: f64,
}

/// A team's velocity over its last closed sprints.
#[derive(Clone, Debug, PartialEq)]
pub struct Velocity {
    pub team: TeamId,
    /// Oldest first, at most the number asked for.
    pub sprints: Vec<SprintVelocity>,
    /// Average completed points of the last three closed sprints (or fewer);
    /// `None` with no closed sprint.
    pub average: Option<f64>,
    /// Lowest and highest completed points over the sprints shown.
    pub range: Option<(f64, f64)>,
}

impl Velocity {
    /// Whether there is enough history to quote a velocity.
    pub fn is_known(&self) -> bool {
        self.average.is_some()
    }
}

impl Workspace {
    /// Team `team`'s velocity over its last `last` closed sprints.
    pub fn velocity(&self, team: TeamId, last: usize) -> Velocity {
        let all: Vec<SprintVelocity> = self
            .closed_sprints(team)
            .into_iter()
            .map(|(sprint, committed, completed)| SprintVelocity {
                sprint,
                committed,
                completed,
            })
            .collect();
        let sprints = all[all.len().saturating_sub(last)..].to_vec();
        let window = &all[all.len().saturating_sub(VELOCITY_WINDOW)..];
        let average = (!window.is_empty())
            .then(|| window.iter().map(|s| s.completed).sum::<f64>() / window.len() as f64);
        let range = sprints
            .iter()
            .map(|s| s.completed)
            .fold(None, |acc, x| match acc {
                None => Some((x, x)),
                Some((lo, hi)) => Some((f64::min(lo, x), f64::max(hi, x))),
            });
        Velocity {
            team,
            sprints,
            average,
            range,
        }
    }
}
