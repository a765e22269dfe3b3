//! Flow per team: lead time (created → done) and cycle time (started →
//! done) as the 50th and 85th percentiles over the last sprints, throughput
//! (stories done per sprint), and the burndown and burn-up of the running
//! sprint from the status timestamps.

use super::ids::TeamId;
use super::workspace::Workspace;
use chrono::{DateTime, NaiveDate, Utc};

/// The `p`th percentile (nearest rank) of `values`; `None` when empty.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

/// Flow figures of one team.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub team: TeamId,
    /// Closed sprints looked at.
    pub sprints: usize,
    /// Stories done in them (that still exist).
    pub stories: usize,
    /// Lead time in days: 50th and 85th percentiles.
    pub lead_p50: Option<f64>,
    pub lead_p85: Option<f64>,
    /// Cycle time in days (stories that were ever in progress).
    pub cycle_p50: Option<f64>,
    pub cycle_p85: Option<f64>,
    /// Stories done per closed sprint, oldest first: (sprint, count).
    pub throughput: Vec<(u32, usize)>,
}

/// Fewest done stories whose lead and cycle times make telling percentiles;
/// with fewer, one odd story decides them.
pub const MIN_STORIES_FOR_PERCENTILES: usize = 3;

impl Flow {
    /// Whether enough stories were done for the percentiles to say much.
    pub fn is_telling(&self) -> bool {
        self.stories >= MIN_STORIES_FOR_PERCENTILES
    }
}

/// One day of a sprint's burndown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BurnDay {
    pub day: NaiveDate,
    /// Points of the sprint's stories (its scope).
    pub scope: f64,
    /// Points done by the end of the day; `None` for days still to come.
    pub done: Option<f64>,
}

impl BurnDay {
    /// Points left at the end of the day.
    pub fn remaining(&self) -> Option<f64> {
        self.done.map(|d| self.scope - d)
    }
}

fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds().max(0) as f64 / 86_400.0
}

impl Workspace {
    /// Flow of team `team` over its last `last` closed sprints.
    pub fn flow(&self, team: TeamId, last: usize) -> Flow {
        let records: Vec<_> = self
            .sprints
            .iter()
            .filter(|r| r.closed_at.is_some())
            .filter_map(|r| {
                r.teams
                    .iter()
                    .find(|t| t.team == team)
                    .map(|t| (r.number, t))
            })
            .collect();
        let records = &records[records.len().saturating_sub(last)..];
        let done: Vec<_> = records
            .iter()
            .flat_map(|(_, t)| t.completed.iter())
            .filter_map(|id| self.story(*id))
            .filter_map(|s| s.done_at.map(|d| (s, d)))
            .collect();
        let lead: Vec<f64> = done.iter().map(|(s, d)| days(s.created_at, *d)).collect();
        let cycle: Vec<f64> = done
            .iter()
            .filter_map(|(s, d)| s.started_at.map(|st| days(st, *d)))
            .collect();
        Flow {
            team,
            sprints: records.len(),
            stories: done.len(),
            lead_p50: percentile(&lead, 50.0),
            lead_p85: percentile(&lead, 85.0),
            cycle_p50: percentile(&cycle, 50.0),
            cycle_p85: percentile(&cycle, 85.0),
            throughput: records
                .iter()
                .map(|(n, t)| (*n, t.completed.len()))
                .collect(),
        }
    }

    /// The burndown of team `team` in sprint `n`, a day per calendar day,
    /// up to `today`; `to_local` turns a time into the user's local date.
    /// Empty without a cadence.
    pub fn burndown(
        &self,
        team: TeamId,
        n: u32,
        today: NaiveDate,
        to_local: impl Fn(DateTime<Utc>) -> NaiveDate,
    ) -> Vec<BurnDay> {
        let Some(cadence) = self.cadence else {
            return Vec::new();
        };
        let stories: Vec<_> = self.sprint_backlog(team, n).collect();
        let scope = super::sprint::points(stories.iter().copied());
        cadence
            .start(n)
            .iter_days()
            .take_while(|d| *d <= cadence.end(n))
            .map(|day| BurnDay {
                day,
                scope,
                done: (day <= today).then(|| {
                    stories
                        .iter()
                        .filter(|s| s.done_at.is_some_and(|d| to_local(d) <= day))
                        .map(|s| s.points())
                        .sum::<f64>()
                        + 0.0
                }),
            })
            .collect()
    }
}
