//! Capacity of a team in a sprint, from two signals: its velocity (what it
//! completed lately, scaled by who is available) and its people (available
//! person-days). The load is the points planned; over capacity is a
//! warning, never a block.

use super::ids::TeamId;
use super::points::{with_unit, write_one_decimal};
use super::sprint::points;
use super::workspace::Workspace;
use std::fmt;

/// A number of days (days off, person-days, lead times) as people read it:
/// like points, to one decimal without trailing zeros.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Days(pub f64);

impl Days {
    /// With its unit: "1 day", "2.5 days".
    pub fn words(self) -> String {
        with_unit(self.to_string(), "day", "days")
    }
}

impl fmt::Display for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_one_decimal(f, self.0)
    }
}

/// How many closed sprints the velocity average looks back on.
pub const VELOCITY_WINDOW: usize = 3;

/// One team's capacity and load in one sprint.
#[derive(Clone, Debug, PartialEq)]
pub struct Capacity {
    pub team: TeamId,
    /// Points planned.
    pub load: f64,
    /// Stories planned.
    pub stories: usize,
    /// Stories planned without an estimate (they count 0 in the load).
    pub unestimated: usize,
    /// Person-days available: each member's share × (working days − days off).
    pub person_days: f64,
    /// Person-days with nobody away.
    pub full_person_days: f64,
    /// Velocity-based capacity; `None` with no closed sprint yet.
    pub velocity: Option<VelocityCapacity>,
}

/// Capacity from the team's recent velocity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VelocityCapacity {
    /// Average completed points of the last closed sprints.
    pub average: f64,
    /// How many closed sprints the average is over (1 to 3).
    pub sprints: usize,
    /// The average scaled by this sprint's availability.
    pub points: f64,
}

impl Capacity {
    /// Share of the usual person-days available (1 with no members).
    pub fn availability(&self) -> f64 {
        if self.full_person_days > 0.0 {
            self.person_days / self.full_person_days
        } else {
            1.0
        }
    }

    /// [`Capacity::availability`] as a whole percent, as people read it.
    pub fn availability_percent(&self) -> u32 {
        (self.availability() * 100.0).round().clamp(0.0, 100.0) as u32
    }

    /// Whether more is planned than the velocity says fits.
    pub fn is_over(&self) -> bool {
        self.velocity
            .is_some_and(|v| self.load > v.points + f64::EPSILON)
    }

    /// How full the capacity bar is, 0 to 100: the load against the
    /// velocity-based capacity. Empty with nothing planned (even when the
    /// capacity is 0), full when anything is planned into no capacity, and
    /// empty with no velocity yet.
    pub fn fill_percent(&self) -> f64 {
        match self.velocity {
            Some(_) if self.load <= 0.0 => 0.0,
            Some(v) if v.points > 0.0 => (self.load / v.points * 100.0).min(100.0),
            Some(_) => 100.0,
            None => 0.0,
        }
    }
}

impl Workspace {
    /// Team `team`'s capacity and load in sprint `n`.
    pub fn capacity(&self, team: TeamId, n: u32) -> Capacity {
        let planned: Vec<_> = self.sprint_backlog(team, n).collect();
        let working = self.working_days();
        let (mut person_days, mut full) = (0.0, 0.0);
        for member in self.team_members(team) {
            let share = member.share_of(team);
            full += share * working;
            person_days += share * (working - member.days_off_in(n)).max(0.0);
        }
        let history: Vec<f64> = self
            .closed_sprints(team)
            .into_iter()
            .filter(|(number, _, _)| *number < n)
            .map(|(_, _, completed)| completed)
            .collect();
        let recent = &history[history.len().saturating_sub(VELOCITY_WINDOW)..];
        let mut capacity = Capacity {
            team,
            load: points(planned.iter().copied()),
            stories: planned.len(),
            unestimated: planned.iter().filter(|s| s.estimate.is_none()).count(),
            person_days,
            full_person_days: full,
            velocity: None,
        };
        if !recent.is_empty() {
            let average = recent.iter().sum::<f64>() / recent.len() as f64;
            capacity.velocity = Some(VelocityCapacity {
                average,
                sprints: recent.len(),
                points: average * capacity.availability(),
            });
        }
        capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capacity(person_days: f64, full_person_days: f64) -> Capacity {
        Capacity {
            team: TeamId::new(),
            load: 0.0,
            stories: 0,
            unestimated: 0,
            person_days,
            full_person_days,
            velocity: None,
        }
    }

    #[test]
    fn availability_reads_as_a_whole_percent() {
        assert_eq!(capacity(18.0, 20.0).availability_percent(), 90);
        assert_eq!(capacity(2.0, 3.0).availability_percent(), 67);
        assert_eq!(capacity(0.0, 0.0).availability_percent(), 100, "no members");
    }

    #[test]
    fn days_read_like_points() {
        assert_eq!(Days(2.5).words(), "2.5 days");
        assert_eq!(Days(1.0).words(), "1 day");
        assert_eq!(Days(-0.0).to_string(), "0");
    }
}
