//! Members of the teams: who works where, and how much. A backend engineer
//! may serve the backend team fully or be split; a client engineer may lend
//! a share of their time to backend. Days off are per sprint.

use super::ids::{MemberId, TeamId};
use super::limits::MAX_MEMBERS;
use super::percent::Percent;
use super::person::PersonName;
use super::points::parse_decimal;
use super::workspace::{Workspace, WorkspaceError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A person on one or more teams.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: MemberId,
    pub name: PersonName,
    /// The team they belong to; their allocation there starts at 100%.
    pub home_team: TeamId,
    /// Share of their time per team, in percent; together at most 100.
    pub allocations: Vec<Allocation>,
    /// Days off in given sprints.
    pub days_off: Vec<DaysOff>,
}

/// A member's share of time on one team.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub team: TeamId,
    pub percent: Percent,
}

/// Days a member is away during one sprint.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaysOff {
    pub sprint: u32,
    pub days: f64,
}

impl Member {
    /// Their share of `team`, from 0 to 1.
    pub fn share_of(&self, team: TeamId) -> f64 {
        self.allocations
            .iter()
            .filter(|a| a.team == team)
            // From +0: an empty f64 sum is -0, which shows as "-0".
            .fold(0.0, |share, a| share + a.percent.fraction())
    }

    /// Their share of `team` in percent; `None` when they have none.
    pub fn percent_of(&self, team: TeamId) -> Option<Percent> {
        self.allocations
            .iter()
            .find(|a| a.team == team)
            .map(|a| a.percent)
    }

    /// Days off in sprint `n`.
    pub fn days_off_in(&self, n: u32) -> f64 {
        self.days_off
            .iter()
            .filter(|d| d.sprint == n)
            .map(|d| d.days)
            .sum()
    }

    /// Percent allocated over all teams.
    pub fn allocated_percent(&self) -> u32 {
        self.allocations.iter().map(|a| u32::from(a.percent)).sum()
    }

    /// Whether their shares add up to more than all of their time.
    pub fn is_over_allocated(&self) -> bool {
        self.allocated_percent() > u32::from(Percent::FULL)
    }
}

/// Why a text is not a number of days off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DaysOffError;

impl fmt::Display for DaysOffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "days off are a number, such as 2 or 0.5")
    }
}

impl std::error::Error for DaysOffError {}

/// Reads days off typed by a person (`1,5` is accepted, as a time box is).
/// How many a sprint allows is [`Workspace::set_days_off`]'s to check.
pub fn parse_days_off(text: &str) -> Result<f64, DaysOffError> {
    parse_decimal(text).ok_or(DaysOffError)
}

impl Workspace {
    /// Every member, in the order they were added.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// One member.
    pub fn member(&self, id: MemberId) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    fn member_mut(&mut self, id: MemberId) -> Result<&mut Member, WorkspaceError> {
        self.members
            .iter_mut()
            .find(|m| m.id == id)
            .ok_or(WorkspaceError::UnknownMember)
    }

    /// Adds a member, fully allocated to their home team.
    pub fn add_member(
        &mut self,
        name: &str,
        home_team: TeamId,
    ) -> Result<MemberId, WorkspaceError> {
        let name = PersonName::parse(name).map_err(|_| WorkspaceError::InvalidMemberName)?;
        if self.team(home_team).is_none() {
            return Err(WorkspaceError::UnknownTeam);
        }
        if self.members.len() >= MAX_MEMBERS {
            return Err(WorkspaceError::TooMany(super::limits::Capped::Members));
        }
        let member = Member {
            id: MemberId::new(),
            name,
            home_team,
            allocations: vec![Allocation {
                team: home_team,
                percent: Percent::FULL,
            }],
            days_off: Vec::new(),
        };
        let id = member.id;
        self.members.push(member);
        Ok(id)
    }

    /// Renames a member.
    pub fn rename_member(&mut self, id: MemberId, name: &str) -> Result<(), WorkspaceError> {
        let name = PersonName::parse(name).map_err(|_| WorkspaceError::InvalidMemberName)?;
        self.member_mut(id)?.name = name;
        Ok(())
    }

    /// Moves a member to another home team (allocations stay as they are).
    pub fn set_home_team(&mut self, id: MemberId, team: TeamId) -> Result<(), WorkspaceError> {
        if self.team(team).is_none() {
            return Err(WorkspaceError::UnknownTeam);
        }
        self.member_mut(id)?.home_team = team;
        Ok(())
    }

    /// Sets a member's share of a team; `None` removes it. Refuses more
    /// than [`Percent::FULL`] over all teams.
    pub fn set_allocation(
        &mut self,
        id: MemberId,
        team: TeamId,
        share: Option<Percent>,
    ) -> Result<(), WorkspaceError> {
        if self.team(team).is_none() {
            return Err(WorkspaceError::UnknownTeam);
        }
        let member = self.member_mut(id)?;
        let elsewhere: u32 = member
            .allocations
            .iter()
            .filter(|a| a.team != team)
            .map(|a| u32::from(a.percent))
            .sum();
        let full = u32::from(Percent::FULL);
        if elsewhere + share.map_or(0, u32::from) > full {
            return Err(WorkspaceError::OverAllocated {
                name: member.name.to_string(),
                free: full - elsewhere.min(full),
            });
        }
        match (
            member.allocations.iter_mut().find(|a| a.team == team),
            share,
        ) {
            (Some(a), Some(percent)) => a.percent = percent,
            (Some(_), None) => member.allocations.retain(|a| a.team != team),
            (None, Some(percent)) => member.allocations.push(Allocation { team, percent }),
            (None, None) => {}
        }
        Ok(())
    }

    /// Sets a member's days off in sprint `n` (0 clears them); at most the
    /// sprint's working days.
    pub fn set_days_off(&mut self, id: MemberId, n: u32, days: f64) -> Result<(), WorkspaceError> {
        let limit = self.working_days();
        if !(0.0..=limit).contains(&days) || n == 0 {
            return Err(WorkspaceError::DaysOffOutOfRange { limit });
        }
        let member = self.member_mut(id)?;
        member.days_off.retain(|d| d.sprint != n);
        if days > 0.0 {
            member.days_off.push(DaysOff { sprint: n, days });
            member.days_off.sort_by_key(|d| d.sprint);
        }
        Ok(())
    }

    /// Removes a member.
    pub fn remove_member(&mut self, id: MemberId) -> Result<Member, WorkspaceError> {
        let index = self
            .members
            .iter()
            .position(|m| m.id == id)
            .ok_or(WorkspaceError::UnknownMember)?;
        Ok(self.members.remove(index))
    }

    /// Members with a share of `team`.
    pub fn team_members(&self, team: TeamId) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(move |m| m.share_of(team) > 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_off_read_as_a_time_box_does() {
        assert_eq!(parse_days_off(" 2 "), Ok(2.0));
        assert_eq!(parse_days_off("0,5"), Ok(0.5));
        assert_eq!(parse_days_off("1.5"), Ok(1.5));
        for bad in ["", "two", "NaN", "inf"] {
            assert_eq!(parse_days_off(bad), Err(DaysOffError), "{bad}");
        }
        assert_eq!(
            DaysOffError.to_string(),
            "days off are a number, such as 2 or 0.5"
        );
    }

    #[test]
    fn days_off_beyond_the_sprint_are_refused_when_set() {
        let mut ws = Workspace::with_default_teams();
        let ios = ws.teams()[0].id;
        let anna = ws.add_member("Anna", ios).unwrap();
        let days = parse_days_off("2,5").unwrap();
        ws.set_days_off(anna, 1, days).unwrap();
        assert_eq!(ws.member(anna).unwrap().days_off_in(1), 2.5);
        let too_many = parse_days_off("11").unwrap();
        assert!(ws.set_days_off(anna, 1, too_many).is_err());
        let negative = parse_days_off("-1").unwrap();
        assert!(ws.set_days_off(anna, 1, negative).is_err());
    }
}
