//! Checks an imported workspace against every rule before it may replace
//! the current one, and says precisely what is wrong and where.

use super::constraint::Constraint;
use super::dependency::find_cycle;
use super::epic::Epic;
use super::ids::{ConstraintId, EpicId, StoryId, TeamId};
use super::limits::{Capped, MAX_CONSTRAINTS, MAX_EPICS, MAX_IMPORT_BYTES, MAX_STORIES, MAX_TEAMS};
use super::planning_validation::check_planning;
use super::poker_validation::{check_estimate_history, check_poker, check_releases};
use super::sprint::Planning;
use super::story::Story;
use super::team::Team;
use super::workspace::Workspace;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

/// Why a file could not be imported, and where in the file (`stories[12].team`).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError {
    /// Where the problem is; `None` when it concerns the whole file.
    pub path: Option<String>,
    pub problem: ImportProblem,
}

/// The kinds of problem an import file can have.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportProblem {
    TooLarge {
        bytes: usize,
    },
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    NotAnObject,
    NotTandem,
    MissingVersion,
    VersionNotInteger,
    NewerVersion {
        found: u64,
    },
    UnknownVersion {
        found: u64,
    },
    Shape(String),
    /// More of something than a workspace holds.
    TooMany(Capped),
    DuplicateId {
        first: String,
    },
    DuplicateTeamKey {
        key: String,
        first: String,
    },
    MissingTeam {
        id: String,
    },
    DuplicateStoryNumber {
        key: String,
        first: String,
    },
    NumberNotIssued {
        number: u32,
        next: u32,
    },
    MissingEpic {
        id: String,
    },
    MissingConstraint {
        id: String,
    },
    MissingStory {
        id: String,
    },
    DuplicateEpicNumber {
        first: String,
    },
    EpicNumberNotIssued {
        number: u32,
        next: u32,
    },
    InvalidText(String),
    SelfDependency,
    DependencyCycle {
        keys: Vec<String>,
    },
    InvalidCadence,
    OverAllocated,
    DuplicateSprint {
        first: String,
    },
    /// A number outside its documented range, with the range in words.
    OutOfRange(String),
}

impl ImportError {
    /// A problem with the file as a whole.
    pub fn whole(problem: ImportProblem) -> ImportError {
        ImportError {
            path: None,
            problem,
        }
    }

    /// A problem at a place in the file; `.` or an empty path means the top level.
    pub fn at(path: &str, problem: ImportProblem) -> ImportError {
        let path = path.trim_start_matches('.');
        ImportError {
            path: (!path.is_empty()).then(|| path.to_string()),
            problem,
        }
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ImportProblem::*;
        match self {
            TooLarge { bytes } => write!(
                f,
                "the file is {:.1} MB; Tandem imports files of up to {} MB",
                *bytes as f64 / 1_048_576.0,
                MAX_IMPORT_BYTES / 1_048_576
            ),
            NotJson {
                line,
                column,
                detail,
            } => write!(
                f,
                "the file is not valid JSON (line {line}, column {column}: {detail})"
            ),
            NotAnObject => write!(f, "the file holds JSON, but not a Tandem workspace"),
            NotTandem => write!(
                f,
                "this is not a Tandem workspace file (its \"format\" is not \"tandem-workspace\")"
            ),
            MissingVersion => write!(f, "the file has no schema_version, so Tandem can't read it"),
            VersionNotInteger => write!(f, "schema_version must be a whole number"),
            NewerVersion { found } => write!(
                f,
                "the file was written by a newer Tandem (schema version {found}); this Tandem reads up to version {}. Open it with a newer Tandem",
                super::schema::CURRENT_VERSION
            ),
            UnknownVersion { found } => write!(f, "schema version {found} has never existed"),
            Shape(detail) => write!(f, "{detail}"),
            TooMany(what) => write!(f, "{what}"),
            DuplicateId { first } => write!(f, "this id is already used at {first}"),
            DuplicateTeamKey { key, first } => {
                write!(f, "the team key {key} is already used at {first}")
            }
            MissingTeam { id } => write!(f, "no team with id {id} is in the file"),
            DuplicateStoryNumber { key, first } => {
                write!(f, "the story key {key} is already used at {first}")
            }
            NumberNotIssued { number, next } => write!(
                f,
                "story number {number} was never issued by its team (its next_story_number is {next})"
            ),
            MissingEpic { id } => write!(f, "no epic with id {id} is in the file"),
            MissingConstraint { id } => write!(f, "no constraint with id {id} is in the file"),
            MissingStory { id } => write!(f, "no story with id {id} is in the file"),
            DuplicateEpicNumber { first } => {
                write!(f, "this epic number is already used at {first}")
            }
            EpicNumberNotIssued { number, next } => write!(
                f,
                "epic number {number} was never issued (next_epic_number is {next})"
            ),
            InvalidText(detail) => write!(f, "{detail}"),
            SelfDependency => write!(f, "a story can't depend on itself"),
            DependencyCycle { keys } => {
                write!(f, "the dependencies make a cycle: {}", keys.join(" → "))
            }
            InvalidCadence => {
                let weeks = super::sprint::CADENCE_WEEKS;
                write!(
                    f,
                    "a sprint lasts {} to {} weeks",
                    weeks.start(),
                    weeks.end()
                )
            }
            OverAllocated => write!(
                f,
                "a member's allocations are 1 to {full} each, at most {full} together, one per team",
                full = super::percent::Percent::FULL
            ),
            DuplicateSprint { first } => {
                write!(f, "this sprint number is already recorded at {first}")
            }
            OutOfRange(detail) => write!(f, "{detail}"),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{path}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

impl std::error::Error for ImportError {}

/// A rule of one record broken: the field at fault, as a path inside the
/// record (`acceptance_criteria[2].text`), and why. Each record checks its
/// own rules beside its type ([`Story::check_record`],
/// [`Epic::check_record`], [`Constraint::check_record`]); this file checks
/// what spans records (ids, numbering, links, cycles) and names the record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProblem {
    pub field: String,
    pub problem: ImportProblem,
}

impl FieldProblem {
    /// A problem with `field` of the record.
    pub fn new(field: impl Into<String>, problem: ImportProblem) -> FieldProblem {
        FieldProblem {
            field: field.into(),
            problem,
        }
    }

    /// The same field repeated in a list: `list[j]` repeats an earlier one.
    pub fn repeated(list: &str, j: usize, record: &str) -> FieldProblem {
        FieldProblem::new(
            format!("{list}[{j}]"),
            ImportProblem::DuplicateId {
                first: format!("{record}.{list}"),
            },
        )
    }

    /// The error, placed in the file: `record` is the record's own path
    /// (`stories[3]`).
    fn within(self, record: &str) -> ImportError {
        ImportError::at(&format!("{record}.{}", self.field), self.problem)
    }
}

/// Checks every rule a workspace must keep and builds it, or names the first
/// broken rule.
pub fn validate(
    teams: Vec<Team>,
    epics: Vec<Epic>,
    constraints: Vec<Constraint>,
    stories: Vec<Arc<Story>>,
    next_epic_number: u32,
    planning: Planning,
) -> Result<Workspace, ImportError> {
    if teams.len() > MAX_TEAMS {
        return Err(ImportError::at(
            "teams",
            ImportProblem::TooMany(Capped::Teams),
        ));
    }
    if epics.len() > MAX_EPICS {
        return Err(ImportError::at(
            "epics",
            ImportProblem::TooMany(Capped::Epics),
        ));
    }
    if constraints.len() > MAX_CONSTRAINTS {
        return Err(ImportError::at(
            "constraints",
            ImportProblem::TooMany(Capped::Constraints),
        ));
    }
    if stories.len() > MAX_STORIES {
        return Err(ImportError::at(
            "stories",
            ImportProblem::TooMany(Capped::Stories),
        ));
    }
    let team_index = check_teams(&teams)?;
    let epic_ids = check_epics(&epics, &team_index, next_epic_number)?;
    let constraint_ids = check_constraints(&constraints)?;
    check_stories(&teams, &team_index, &stories)?;
    check_planning(&team_index, &planning)?;
    check_poker(&team_index, &planning)?;
    check_releases(&team_index, &planning)?;
    check_links(&stories, &epic_ids, &constraint_ids)?;
    if let Some(cycle) = find_cycle(&stories) {
        let key = |id: StoryId| {
            stories
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| {
                    team_index
                        .get(&s.team)
                        .map(|&t| teams[t].story_key(s.number))
                })
                .unwrap_or_else(|| id.to_string())
        };
        return Err(ImportError::at(
            "stories",
            ImportProblem::DependencyCycle {
                keys: cycle.into_iter().map(key).collect(),
            },
        ));
    }
    Ok(Workspace::from_parts(
        teams,
        epics,
        constraints,
        stories,
        next_epic_number,
        planning,
    ))
}

impl Workspace {
    /// This workspace with `stories` in its stories' place, if every rule
    /// still holds as an import checks them: a shared workspace takes in
    /// another device's story edits this way, without reading the rest
    /// again. The error's path counts in `stories`.
    pub fn with_stories(&self, stories: Vec<Arc<Story>>) -> Result<Workspace, ImportError> {
        validate(
            self.teams().to_vec(),
            self.epics().to_vec(),
            self.constraints().to_vec(),
            stories,
            self.next_epic_number(),
            self.planning(),
        )
    }
}

fn check_epics(
    epics: &[Epic],
    team_index: &HashMap<TeamId, usize>,
    next: u32,
) -> Result<HashSet<EpicId>, ImportError> {
    let mut ids: HashMap<EpicId, usize> = HashMap::new();
    let mut numbers: HashMap<u32, usize> = HashMap::new();
    for (i, epic) in epics.iter().enumerate() {
        let at = |field: &str, problem| ImportError::at(&format!("epics[{i}].{field}"), problem);
        if let Some(first) = ids.insert(epic.id, i) {
            return Err(at(
                "id",
                ImportProblem::DuplicateId {
                    first: format!("epics[{first}].id"),
                },
            ));
        }
        if epic.number == 0 || epic.number >= next {
            return Err(at(
                "number",
                ImportProblem::EpicNumberNotIssued {
                    number: epic.number,
                    next,
                },
            ));
        }
        if let Some(first) = numbers.insert(epic.number, i) {
            return Err(at(
                "number",
                ImportProblem::DuplicateEpicNumber {
                    first: format!("epics[{first}]"),
                },
            ));
        }
        let record = format!("epics[{i}]");
        epic.check_record(&record).map_err(|e| e.within(&record))?;
        for (j, team) in epic.targets.iter().enumerate() {
            if !team_index.contains_key(team) {
                return Err(at(
                    &format!("targets[{j}]"),
                    ImportProblem::MissingTeam {
                        id: team.to_string(),
                    },
                ));
            }
        }
    }
    Ok(ids.into_keys().collect())
}

fn check_constraints(constraints: &[Constraint]) -> Result<HashSet<ConstraintId>, ImportError> {
    let mut ids: HashMap<ConstraintId, usize> = HashMap::new();
    for (i, c) in constraints.iter().enumerate() {
        let at =
            |field: &str, problem| ImportError::at(&format!("constraints[{i}].{field}"), problem);
        if let Some(first) = ids.insert(c.id, i) {
            return Err(at(
                "id",
                ImportProblem::DuplicateId {
                    first: format!("constraints[{first}].id"),
                },
            ));
        }
        c.check_record()
            .map_err(|e| e.within(&format!("constraints[{i}]")))?;
    }
    Ok(ids.into_keys().collect())
}

fn check_links(
    stories: &[Arc<Story>],
    epics: &HashSet<EpicId>,
    constraints: &HashSet<ConstraintId>,
) -> Result<(), ImportError> {
    let ids: HashSet<StoryId> = stories.iter().map(|s| s.id).collect();
    for (i, story) in stories.iter().enumerate() {
        let at =
            |field: String, problem| ImportError::at(&format!("stories[{i}].{field}"), problem);
        if let Some(epic) = story.epic.filter(|e| !epics.contains(e)) {
            return Err(at(
                "epic".into(),
                ImportProblem::MissingEpic {
                    id: epic.to_string(),
                },
            ));
        }
        if let Some((j, c)) = story
            .constraints
            .iter()
            .enumerate()
            .find(|(_, c)| !constraints.contains(c))
        {
            return Err(at(
                format!("constraints[{j}]"),
                ImportProblem::MissingConstraint { id: c.to_string() },
            ));
        }
        if let Some((j, d)) = story
            .depends_on
            .iter()
            .enumerate()
            .find(|(_, d)| !ids.contains(d))
        {
            return Err(at(
                format!("depends_on[{j}]"),
                ImportProblem::MissingStory { id: d.to_string() },
            ));
        }
    }
    Ok(())
}

fn check_teams(teams: &[Team]) -> Result<HashMap<TeamId, usize>, ImportError> {
    let mut ids: HashMap<TeamId, usize> = HashMap::new();
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for (i, team) in teams.iter().enumerate() {
        let at = |field: &str, problem| ImportError::at(&format!("teams[{i}].{field}"), problem);
        if let Some(first) = ids.insert(team.id, i) {
            return Err(at(
                "id",
                ImportProblem::DuplicateId {
                    first: format!("teams[{first}].id"),
                },
            ));
        }
        if let Some(first) = keys.insert(team.key.as_str(), i) {
            return Err(at(
                "key",
                ImportProblem::DuplicateTeamKey {
                    key: team.key.to_string(),
                    first: format!("teams[{first}].key"),
                },
            ));
        }
    }
    Ok(ids)
}

fn check_stories(
    teams: &[Team],
    team_index: &HashMap<TeamId, usize>,
    stories: &[Arc<Story>],
) -> Result<(), ImportError> {
    let mut ids: HashMap<StoryId, usize> = HashMap::with_capacity(stories.len());
    let mut numbers: HashMap<(TeamId, u32), usize> = HashMap::with_capacity(stories.len());
    let mut jira_keys: HashMap<&str, usize> = HashMap::new();
    for (i, story) in stories.iter().enumerate() {
        let at = |field: &str, problem| ImportError::at(&format!("stories[{i}].{field}"), problem);
        if let Some(first) = ids.insert(story.id, i) {
            return Err(at(
                "id",
                ImportProblem::DuplicateId {
                    first: format!("stories[{first}].id"),
                },
            ));
        }
        let Some(&t) = team_index.get(&story.team) else {
            return Err(at(
                "team",
                ImportProblem::MissingTeam {
                    id: story.team.to_string(),
                },
            ));
        };
        let team = &teams[t];
        if story.number == 0 || story.number >= team.next_story_number {
            return Err(at(
                "number",
                ImportProblem::NumberNotIssued {
                    number: story.number,
                    next: team.next_story_number,
                },
            ));
        }
        if let Some(first) = numbers.insert((story.team, story.number), i) {
            return Err(at(
                "number",
                ImportProblem::DuplicateStoryNumber {
                    key: team.story_key(story.number),
                    first: format!("stories[{first}]"),
                },
            ));
        }
        if let Some(key) = &story.jira_key
            && let Some(first) = jira_keys.insert(key.as_str(), i)
        {
            return Err(at(
                "jira_key",
                ImportProblem::InvalidText(format!(
                    "the Jira key {key} is already on stories[{first}]"
                )),
            ));
        }
        let record = format!("stories[{i}]");
        story.check_record(&record).map_err(|e| e.within(&record))?;
        check_estimate_history(i, story)?;
    }
    Ok(())
}
