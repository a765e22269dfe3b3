//! Checks an imported workspace against every rule before it may replace
//! the current one, and says precisely what is wrong and where.

use super::ids::{StoryId, TeamId};
use super::limits::{
    MAX_DESCRIPTION_CHARS, MAX_ESTIMATE, MAX_IMPORT_BYTES, MAX_STORIES, MAX_TEAM_NAME_CHARS,
    MAX_TEAMS, MAX_TITLE_CHARS,
};
use super::story::{Story, check_description, check_estimate, parse_title};
use super::team::{Team, parse_colour, parse_team_name};
use super::workspace::Workspace;
use std::collections::HashMap;
use std::fmt;

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
    TooManyTeams,
    TooManyStories,
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
    InvalidTeamName,
    InvalidColour,
    InvalidTitle,
    DescriptionTooLong,
    EstimateOutOfRange,
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
            TooManyTeams => write!(f, "a workspace holds at most {MAX_TEAMS} teams"),
            TooManyStories => write!(f, "a workspace holds at most {MAX_STORIES} stories"),
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
            InvalidTeamName => write!(
                f,
                "a team name has 1 to {MAX_TEAM_NAME_CHARS} characters, without surrounding spaces"
            ),
            InvalidColour => write!(f, "a colour is written #rrggbb in lower case"),
            InvalidTitle => write!(
                f,
                "a title has 1 to {MAX_TITLE_CHARS} characters, without surrounding spaces"
            ),
            DescriptionTooLong => {
                write!(
                    f,
                    "a description has at most {MAX_DESCRIPTION_CHARS} characters"
                )
            }
            EstimateOutOfRange => write!(f, "an estimate is from 0 to {MAX_ESTIMATE} points"),
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

/// Checks every rule a workspace must keep and builds it, or names the first
/// broken rule.
pub fn validate(teams: Vec<Team>, stories: Vec<Story>) -> Result<Workspace, ImportError> {
    if teams.len() > MAX_TEAMS {
        return Err(ImportError::at("teams", ImportProblem::TooManyTeams));
    }
    if stories.len() > MAX_STORIES {
        return Err(ImportError::at("stories", ImportProblem::TooManyStories));
    }
    let team_index = check_teams(&teams)?;
    check_stories(&teams, &team_index, &stories)?;
    Ok(Workspace::from_parts(teams, stories))
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
        if parse_team_name(&team.name).as_deref() != Some(team.name.as_str()) {
            return Err(at("name", ImportProblem::InvalidTeamName));
        }
        if parse_colour(&team.colour).as_deref() != Some(team.colour.as_str()) {
            return Err(at("colour", ImportProblem::InvalidColour));
        }
    }
    Ok(ids)
}

fn check_stories(
    teams: &[Team],
    team_index: &HashMap<TeamId, usize>,
    stories: &[Story],
) -> Result<(), ImportError> {
    let mut ids: HashMap<StoryId, usize> = HashMap::with_capacity(stories.len());
    let mut numbers: HashMap<(TeamId, u32), usize> = HashMap::with_capacity(stories.len());
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
        if parse_title(&story.title).as_deref() != Ok(story.title.as_str()) {
            return Err(at("title", ImportProblem::InvalidTitle));
        }
        if check_description(&story.description).is_err() {
            return Err(at("description", ImportProblem::DescriptionTooLong));
        }
        if story.estimate.is_some_and(|p| check_estimate(p).is_err()) {
            return Err(at("estimate", ImportProblem::EstimateOutOfRange));
        }
    }
    Ok(())
}
