//! Import checks for the sprint data: cadence, members and sprint records.

use super::ids::{MemberId, TeamId};
use super::limits::{Capped, MAX_ESTIMATE, MAX_MEMBERS, MAX_SPRINT, MAX_STORIES};
use super::sprint::{CADENCE_WEEKS, Planning, WORKING_DAYS_PER_WEEK};
use super::validation::{ImportError, ImportProblem};
use std::collections::{HashMap, HashSet};

/// Most points one team can record in one sprint.
const MAX_SPRINT_POINTS: f64 = MAX_ESTIMATE * 1000.0;

fn missing_team(path: &str, id: TeamId) -> ImportError {
    ImportError::at(path, ImportProblem::MissingTeam { id: id.to_string() })
}

fn sprint_number(path: &str, n: u32) -> Result<(), ImportError> {
    if (1..=MAX_SPRINT).contains(&n) {
        Ok(())
    } else {
        Err(ImportError::at(
            path,
            ImportProblem::OutOfRange(format!("a sprint number is from 1 to {MAX_SPRINT}")),
        ))
    }
}

/// Checks the sprint data against the teams in the file.
pub(super) fn check_planning(
    team_index: &HashMap<TeamId, usize>,
    planning: &Planning,
) -> Result<(), ImportError> {
    if let Some(c) = planning.cadence
        && !CADENCE_WEEKS.contains(&c.weeks)
    {
        return Err(ImportError::at(
            "cadence.weeks",
            ImportProblem::InvalidCadence,
        ));
    }
    let weeks = planning.cadence.map_or(2, |c| c.weeks);
    let working_days = f64::from(weeks) * WORKING_DAYS_PER_WEEK;
    if planning.members.len() > MAX_MEMBERS {
        return Err(ImportError::at(
            "members",
            ImportProblem::TooMany(Capped::Members),
        ));
    }
    let mut ids: HashMap<MemberId, usize> = HashMap::new();
    for (i, m) in planning.members.iter().enumerate() {
        let path = |field: &str| format!("members[{i}].{field}");
        if let Some(first) = ids.insert(m.id, i) {
            return Err(ImportError::at(
                &path("id"),
                ImportProblem::DuplicateId {
                    first: format!("members[{first}].id"),
                },
            ));
        }
        if !team_index.contains_key(&m.home_team) {
            return Err(missing_team(&path("home_team"), m.home_team));
        }
        let mut teams = HashSet::new();
        for (j, a) in m.allocations.iter().enumerate() {
            let at = format!("members[{i}].allocations[{j}]");
            if !team_index.contains_key(&a.team) {
                return Err(missing_team(&format!("{at}.team"), a.team));
            }
            if !teams.insert(a.team) {
                return Err(ImportError::at(&at, ImportProblem::OverAllocated));
            }
        }
        if m.is_over_allocated() {
            return Err(ImportError::at(
                &path("allocations"),
                ImportProblem::OverAllocated,
            ));
        }
        let mut sprints = HashSet::new();
        for (j, d) in m.days_off.iter().enumerate() {
            let at = format!("members[{i}].days_off[{j}]");
            sprint_number(&format!("{at}.sprint"), d.sprint)?;
            if !sprints.insert(d.sprint) {
                return Err(ImportError::at(
                    &format!("{at}.sprint"),
                    ImportProblem::OutOfRange("days off are given once per sprint".into()),
                ));
            }
            if !(d.days.is_finite() && d.days > 0.0 && d.days <= working_days) {
                return Err(ImportError::at(
                    &format!("{at}.days"),
                    ImportProblem::OutOfRange(format!(
                        "days off in a sprint are more than 0 and at most its {working_days} working days"
                    )),
                ));
            }
        }
    }
    let mut numbers: HashMap<u32, usize> = HashMap::new();
    for (i, r) in planning.sprints.iter().enumerate() {
        let path = |field: &str| format!("sprints[{i}].{field}");
        sprint_number(&path("number"), r.number)?;
        if let Some(first) = numbers.insert(r.number, i) {
            return Err(ImportError::at(
                &path("number"),
                ImportProblem::DuplicateSprint {
                    first: format!("sprints[{first}]"),
                },
            ));
        }
        let mut teams = HashSet::new();
        for (j, t) in r.teams.iter().enumerate() {
            let at = format!("sprints[{i}].teams[{j}]");
            if !team_index.contains_key(&t.team) || !teams.insert(t.team) {
                return Err(missing_team(&format!("{at}.team"), t.team));
            }
            for (field, points) in [
                ("committed_points", t.committed_points),
                ("completed_points", t.completed_points),
            ] {
                if !(points.is_finite() && (0.0..=MAX_SPRINT_POINTS).contains(&points)) {
                    return Err(ImportError::at(
                        &format!("{at}.{field}"),
                        ImportProblem::OutOfRange(format!(
                            "sprint points are from 0 to {MAX_SPRINT_POINTS}"
                        )),
                    ));
                }
            }
            let listed = t.committed.len()
                + t.completed.len()
                + t.carried_over.len()
                + t.returned.len()
                + t.estimates.len();
            if listed > 4 * MAX_STORIES {
                return Err(ImportError::at(
                    &at,
                    ImportProblem::TooMany(Capped::Stories),
                ));
            }
        }
    }
    Ok(())
}
