//! What a facilitator must hear about during sprint planning: a story
//! planned before the work it waits on, a dependency planned in the same
//! sprint, an epic planned for one client platform but not the other, a
//! story without an estimate, a team over capacity.

use super::ids::{EpicId, StoryId, TeamId};
use super::points::Points;
use super::story::{Story, StoryStatus};
use super::team::TeamKind;
use super::workspace::Workspace;
use std::collections::{BTreeSet, HashMap};

/// One warning about sprint `n`'s plan.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanningWarning {
    /// `story` waits on `on`, which is neither done nor planned in this
    /// sprint or an earlier one.
    WaitsOn { story: StoryId, on: StoryId },
    /// `story` and the story it waits on are planned in the same sprint: a risk.
    SameSprint { story: StoryId, on: StoryId },
    /// The epic is planned for `ahead` in this sprint, but `lagging` (another
    /// client platform) has it neither done nor planned by then.
    Lagging {
        epic: EpicId,
        ahead: TeamId,
        lagging: TeamId,
    },
    /// A planned story without an estimate.
    Unestimated { story: StoryId },
    /// More points planned than the team's velocity-based capacity.
    OverCapacity {
        team: TeamId,
        load: f64,
        capacity: f64,
    },
}

impl PlanningWarning {
    /// The story it is about, if one.
    pub fn story(&self) -> Option<StoryId> {
        match self {
            PlanningWarning::WaitsOn { story, .. }
            | PlanningWarning::SameSprint { story, .. }
            | PlanningWarning::Unestimated { story } => Some(*story),
            _ => None,
        }
    }

    /// The team lane it concerns.
    pub fn team(&self, ws: &Workspace) -> Option<TeamId> {
        match self {
            PlanningWarning::Lagging { lagging, .. } => Some(*lagging),
            PlanningWarning::OverCapacity { team, .. } => Some(*team),
            _ => self.story().and_then(|id| ws.story(id)).map(|s| s.team),
        }
    }

    /// The warning in words, with story keys and team names.
    pub fn describe(&self, ws: &Workspace) -> String {
        let key = |id: StoryId| {
            ws.story(id)
                .map(|s| format!("{} “{}”", ws.story_key(s), s.title))
                .unwrap_or_else(|| "a deleted story".into())
        };
        let team = |id: TeamId| {
            ws.team(id)
                .map_or("a removed team".into(), |t| t.name.to_string())
        };
        match self {
            PlanningWarning::WaitsOn { story, on } => format!(
                "{} is planned, but it depends on {}, which is neither done nor planned in this sprint or an earlier one.",
                key(*story),
                key(*on)
            ),
            PlanningWarning::SameSprint { story, on } => format!(
                "Risk: {} depends on {}, planned in the same sprint.",
                key(*story),
                key(*on)
            ),
            PlanningWarning::Lagging {
                epic,
                ahead,
                lagging,
            } => {
                let epic = ws
                    .epic(*epic)
                    .map_or("An epic".into(), |e| format!("{} “{}”", e.key(), e.title));
                format!(
                    "{epic} is planned for {} but not for {}: {} lags.",
                    team(*ahead),
                    team(*lagging),
                    team(*lagging)
                )
            }
            PlanningWarning::Unestimated { story } => {
                format!("{} has no estimate.", key(*story))
            }
            PlanningWarning::OverCapacity {
                team: t,
                load,
                capacity,
            } => format!(
                "{} is over capacity: {} points planned, about {} fit.",
                team(*t),
                Points(*load),
                Points(*capacity)
            ),
        }
    }
}

/// Whether `story` counts as handled by sprint `n`: done, or planned in it
/// or earlier.
fn by_sprint(story: &Story, n: u32) -> bool {
    story.status == StoryStatus::Done || story.sprint.is_some_and(|s| s <= n)
}

impl Workspace {
    /// Every warning about sprint `n`'s plan, teams in order. A closed
    /// sprint has none: its plan is a record, and its stories today (moved
    /// on, re-estimated) say nothing about it.
    pub fn planning_warnings(&self, n: u32) -> Vec<PlanningWarning> {
        let mut warnings = Vec::new();
        if self.is_closed(n) {
            return warnings;
        }
        for team in &self.teams {
            for story in self.sprint_backlog(team.id, n) {
                if story.status == StoryStatus::Done {
                    continue;
                }
                for on in story.depends_on.iter().filter_map(|d| self.story(*d)) {
                    if on.status == StoryStatus::Done {
                        continue;
                    }
                    if on.sprint == Some(n) {
                        warnings.push(PlanningWarning::SameSprint {
                            story: story.id,
                            on: on.id,
                        });
                    } else if !by_sprint(on, n) {
                        warnings.push(PlanningWarning::WaitsOn {
                            story: story.id,
                            on: on.id,
                        });
                    }
                }
                if story.estimate.is_none() {
                    warnings.push(PlanningWarning::Unestimated { story: story.id });
                }
            }
        }
        warnings.extend(self.lagging_in_sprint(n));
        for team in &self.teams {
            let capacity = self.capacity(team.id, n);
            if let (true, Some(v)) = (capacity.is_over(), capacity.velocity) {
                warnings.push(PlanningWarning::OverCapacity {
                    team: team.id,
                    load: capacity.load,
                    capacity: v.points,
                });
            }
        }
        warnings
    }

    fn lagging_in_sprint(&self, n: u32) -> Vec<PlanningWarning> {
        let client = |t: TeamId| {
            self.team(t)
                .is_some_and(|t| t.kind == TeamKind::ClientPlatform)
        };
        // Client slices per epic, gathered once: hundreds of epics times
        // thousands of stories made every planning change slow.
        let mut by_epic: HashMap<EpicId, Vec<&Story>> = HashMap::new();
        for story in self.stories.iter().map(|s| &**s) {
            if let Some(epic) = story.epic.filter(|_| client(story.team)) {
                by_epic.entry(epic).or_default().push(story);
            }
        }
        let mut found = BTreeSet::new();
        let mut warnings = Vec::new();
        for epic in &self.epics {
            let Some(slices) = by_epic.get(&epic.id) else {
                continue;
            };
            let ahead: Vec<TeamId> = self
                .teams
                .iter()
                .map(|t| t.id)
                .filter(|t| slices.iter().any(|s| s.team == *t && s.sprint == Some(n)))
                .collect();
            let Some(&first_ahead) = ahead.first() else {
                continue;
            };
            for team in self.teams.iter().map(|t| t.id) {
                let mine: Vec<&&Story> = slices.iter().filter(|s| s.team == team).collect();
                if mine.is_empty() || mine.iter().any(|s| by_sprint(s, n)) {
                    continue;
                }
                if found.insert((epic.id, team)) {
                    warnings.push(PlanningWarning::Lagging {
                        epic: epic.id,
                        ahead: first_ahead,
                        lagging: team,
                    });
                }
            }
        }
        warnings
    }
}
