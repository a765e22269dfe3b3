//! A simple log of releases per team (date, version, note), giving each
//! team's deployment frequency next to its velocity.

use super::ids::{ReleaseId, TeamId};
use super::limits::MAX_VERSION_CHARS;
use super::workspace::{Workspace, WorkspaceError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Most releases kept.
pub const MAX_RELEASES: usize = 10_000;

/// One release of one team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub id: ReleaseId,
    pub team: TeamId,
    /// The local date it shipped.
    pub date: NaiveDate,
    /// 1 to [`MAX_VERSION_CHARS`] characters, e.g. `4.2.0`.
    pub version: String,
    /// Up to 1,000 characters.
    pub note: String,
}

/// A version: trimmed, 1 to [`MAX_VERSION_CHARS`] characters.
pub fn parse_version(text: &str) -> Option<String> {
    let text = text.trim();
    (1..=MAX_VERSION_CHARS)
        .contains(&text.chars().count())
        .then(|| text.to_string())
}

impl Workspace {
    /// Every release, newest first.
    pub fn releases(&self) -> Vec<&Release> {
        let mut list: Vec<&Release> = self.releases.iter().collect();
        list.sort_by_key(|r| std::cmp::Reverse(r.date));
        list
    }

    /// Logs a release.
    pub fn add_release(
        &mut self,
        team: TeamId,
        date: NaiveDate,
        version: &str,
        note: &str,
    ) -> Result<ReleaseId, WorkspaceError> {
        if self.team(team).is_none() {
            return Err(WorkspaceError::UnknownTeam);
        }
        let version = parse_version(version).ok_or(WorkspaceError::InvalidRelease)?;
        if note.chars().count() > super::limits::MAX_TEXT_CHARS
            || self.releases.len() >= MAX_RELEASES
        {
            return Err(WorkspaceError::InvalidRelease);
        }
        let id = ReleaseId::new();
        self.releases.push(Release {
            id,
            team,
            date,
            version,
            note: note.trim().to_string(),
        });
        Ok(id)
    }

    /// Removes a release from the log.
    pub fn remove_release(&mut self, id: ReleaseId) -> Result<Release, WorkspaceError> {
        let i = self
            .releases
            .iter()
            .position(|r| r.id == id)
            .ok_or(WorkspaceError::InvalidRelease)?;
        Ok(self.releases.remove(i))
    }

    /// Releases of team `team` per sprint over its last `last` closed
    /// sprints (by their dates); `None` without a cadence or a closed sprint.
    pub fn deployment_frequency(&self, team: TeamId, last: usize) -> Option<(usize, usize)> {
        let cadence = self.cadence?;
        let closed: Vec<u32> = self
            .sprints
            .iter()
            .filter(|r| r.closed_at.is_some())
            .map(|r| r.number)
            .collect();
        let window = &closed[closed.len().saturating_sub(last)..];
        let (first, newest) = (window.first()?, window.last()?);
        let (from, to) = (cadence.start(*first), cadence.end(*newest));
        let count = self
            .releases
            .iter()
            .filter(|r| r.team == team && r.date >= from && r.date <= to)
            .count();
        Some((count, window.len()))
    }
}
