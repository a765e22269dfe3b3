//! Reading a CSV exported from Jira ("Export Excel CSV (all fields)") into
//! the workspace: issue types become story kinds, statuses Tandem's, Jira
//! epics Tandem epics. Stories keep their Jira key, so importing the same
//! file again updates them instead of adding copies. Unknown columns are
//! ignored; rows that can't be read are listed with their line number.

use super::description::Description;
use super::epic::EpicFields;
use super::ids::{EpicId, StoryId, TeamId};
use super::limits::{MAX_IMPORT_BYTES, MAX_JIRA_KEY_CHARS, MAX_STORIES};
use super::points::Estimate;
use super::story::{StoryEdit, StoryKind, StoryStatus, StoryText};
use super::text_field::text_field;
use super::title::Title;
use super::workspace::{Workspace, WorkspaceError};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// One issue of the file, as read.
/// A Jira issue key as a story keeps it (`MOB-123`): 1 to
/// [`MAX_JIRA_KEY_CHARS`] characters, no spaces around it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct JiraKey(String);

/// Why a text is not a Jira issue key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JiraKeyError;

impl fmt::Display for JiraKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a Jira key has 1 to {MAX_JIRA_KEY_CHARS} characters, without surrounding spaces"
        )
    }
}

impl JiraKey {
    /// A key as a file gives it: spaces around it are dropped.
    pub fn parse(text: &str) -> Result<JiraKey, JiraKeyError> {
        let key = text.trim();
        if key.is_empty() || key.chars().count() > MAX_JIRA_KEY_CHARS {
            return Err(JiraKeyError);
        }
        Ok(JiraKey(key.to_string()))
    }
}

text_field!(JiraKey, JiraKeyError, JiraKeyError);

#[derive(Clone, Debug, PartialEq)]
pub struct JiraIssue {
    /// The line of the file the row starts on (1 is the header).
    pub line: u64,
    pub key: JiraKey,
    /// The project key: the "Project key" column, else the key's prefix.
    pub project: String,
    /// Jira's numeric issue id, which a "Parent" column may refer to.
    pub id: String,
    pub summary: Title,
    pub issue_type: String,
    pub status: String,
    pub description: String,
    pub points: Option<Estimate>,
    /// Every non-empty "Sprint" column, in order.
    pub sprints: Vec<String>,
    /// The key or id of its epic ("Epic Link", "Parent").
    pub parent: Option<String>,
    /// The epic's title, when the file gives it ("Parent summary").
    pub parent_summary: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub resolved: Option<DateTime<Utc>>,
}

impl JiraIssue {
    /// Whether the issue is an epic rather than a story.
    pub fn is_epic(&self) -> bool {
        self.issue_type.trim().eq_ignore_ascii_case("epic")
    }
}

/// A row that can't be imported, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenRow {
    pub line: u64,
    /// The issue key, when the row has one.
    pub key: Option<String>,
    pub reason: String,
}

/// A Jira CSV file as read: the issues, the rows that can't be imported,
/// and what was read loosely.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JiraFile {
    pub issues: Vec<JiraIssue>,
    pub broken: Vec<BrokenRow>,
    /// Columns not used (unknown to Tandem), by name.
    pub ignored_columns: Vec<String>,
}

impl JiraFile {
    /// The project keys of the file's stories, sorted.
    pub fn projects(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self
            .issues
            .iter()
            .filter(|i| !i.is_epic())
            .map(|i| i.project.as_str())
            .collect();
        set.into_iter().map(str::to_string).collect()
    }
}

/// Why a file can't be read as a Jira CSV at all.
#[derive(Clone, Debug, PartialEq)]
pub enum JiraError {
    TooLarge,
    Empty,
    NotCsv(String),
    MissingColumn(&'static str),
    TooManyRows,
}

impl std::fmt::Display for JiraError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JiraError::TooLarge => write!(
                f,
                "the file is larger than {} MB",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            JiraError::Empty => write!(f, "the file has no rows"),
            JiraError::NotCsv(e) => write!(f, "it is not a CSV file Tandem can read ({e})"),
            JiraError::MissingColumn(c) => write!(
                f,
                "it has no “{c}” column, so it is not a Jira export (use Export → Excel CSV (all fields))"
            ),
            JiraError::TooManyRows => write!(f, "it has more than {MAX_STORIES} rows"),
        }
    }
}

/// Where the column of each known field is.
#[derive(Default)]
struct Columns {
    key: Option<usize>,
    id: Option<usize>,
    project: Option<usize>,
    summary: Option<usize>,
    issue_type: Option<usize>,
    status: Option<usize>,
    description: Option<usize>,
    points: Option<usize>,
    sprints: Vec<usize>,
    epic_link: Option<usize>,
    parent: Option<usize>,
    parent_summary: Option<usize>,
    created: Option<usize>,
    resolved: Option<usize>,
}

impl Columns {
    /// Finds the known columns (first of each, every "Sprint"); returns the
    /// names of the others.
    fn find(header: &csv::StringRecord) -> (Columns, Vec<String>) {
        let mut c = Columns::default();
        let mut ignored = Vec::new();
        for (i, name) in header.iter().enumerate() {
            let slot = match name.trim().to_lowercase().as_str() {
                "issue key" | "key" => &mut c.key,
                "issue id" => &mut c.id,
                "project key" => &mut c.project,
                "summary" => &mut c.summary,
                "issue type" => &mut c.issue_type,
                "status" => &mut c.status,
                "description" => &mut c.description,
                "custom field (story points)"
                | "custom field (story point estimate)"
                | "story points"
                | "story point estimate" => &mut c.points,
                "custom field (epic link)" | "epic link" => &mut c.epic_link,
                "parent" | "parent id" | "parent key" => &mut c.parent,
                "parent summary" => &mut c.parent_summary,
                "created" => &mut c.created,
                "resolved" | "resolution date" => &mut c.resolved,
                "sprint" => {
                    c.sprints.push(i);
                    continue;
                }
                _ => {
                    if !name.trim().is_empty() {
                        ignored.push(name.trim().to_string());
                    }
                    continue;
                }
            };
            if slot.is_none() {
                *slot = Some(i);
            } else {
                ignored.push(name.trim().to_string());
            }
        }
        (c, ignored)
    }
}

/// Reads a Jira CSV export. Rows that can't be imported are listed in
/// [`JiraFile::broken`], not dropped silently.
pub fn read_jira_csv(text: &str) -> Result<JiraFile, JiraError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(JiraError::TooLarge);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The reader miscounts lines after CRLF ends (Jira writes those); line
    // breaks inside fields become plain ones too.
    let text = text.replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(JiraError::Empty),
        Some(Err(e)) => return Err(JiraError::NotCsv(e.to_string())),
        Some(Ok(h)) => h,
    };
    let (columns, ignored_columns) = Columns::find(&header);
    let key_column = columns.key.ok_or(JiraError::MissingColumn("Issue key"))?;
    let summary_column = columns.summary.ok_or(JiraError::MissingColumn("Summary"))?;
    let mut file = JiraFile {
        ignored_columns,
        ..JiraFile::default()
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in records {
        if file.issues.len() + file.broken.len() >= MAX_STORIES {
            return Err(JiraError::TooManyRows);
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                file.broken.push(BrokenRow {
                    line,
                    key: None,
                    reason: format!("the row can't be read ({e})"),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        };
        let key = field(Some(key_column));
        let broken = |reason: String| BrokenRow {
            line,
            key: (!key.is_empty()).then(|| key.clone()),
            reason,
        };
        if record.len() != header.len() {
            file.broken.push(broken(format!(
                "it has {} fields where the header has {}",
                record.len(),
                header.len()
            )));
            continue;
        }
        match issue(&columns, summary_column, &record, line, key.clone(), &field) {
            Err(reason) => file.broken.push(broken(reason)),
            Ok(issue) => {
                if let Some(first) = seen.insert(issue.key.to_string(), line) {
                    file.broken.push(broken(format!(
                        "the key {} is already on line {first}",
                        issue.key
                    )));
                } else {
                    file.issues.push(issue);
                }
            }
        }
    }
    if file.issues.is_empty() && file.broken.is_empty() {
        return Err(JiraError::Empty);
    }
    Ok(file)
}

fn issue(
    columns: &Columns,
    summary_column: usize,
    record: &csv::StringRecord,
    line: u64,
    key: String,
    field: &dyn Fn(Option<usize>) -> String,
) -> Result<JiraIssue, String> {
    if key.trim().is_empty() {
        return Err("it has no issue key".into());
    }
    let key = JiraKey::parse(&key).map_err(|e| format!("its issue key: {e}"))?;
    let summary = record.get(summary_column).unwrap_or_default();
    let summary = Title::parse(summary).map_err(|e| format!("its summary: {e}"))?;
    let description = field(columns.description);
    Description::parse(&description).map_err(|e| format!("its description: {e}"))?;
    // The estimate rule a person's typing follows (blank, ½, a decimal comma).
    let points_text = field(columns.points);
    let points = Estimate::parse(&points_text)
        .map_err(|e| format!("its story points “{points_text}”: {e}"))?;
    let project = match field(columns.project) {
        p if p.is_empty() => key
            .rsplit_once('-')
            .map(|(p, _)| p)
            .unwrap_or(&key)
            .to_string(),
        p => p,
    };
    let parent = [columns.epic_link, columns.parent]
        .into_iter()
        .map(field)
        .find(|p| !p.is_empty());
    Ok(JiraIssue {
        line,
        project,
        id: field(columns.id),
        summary,
        issue_type: field(columns.issue_type),
        status: field(columns.status),
        description,
        points,
        sprints: columns
            .sprints
            .iter()
            .map(|i| field(Some(*i)))
            .filter(|s| !s.is_empty())
            .collect(),
        parent,
        parent_summary: Some(field(columns.parent_summary)).filter(|s| !s.is_empty()),
        created: jira_time(&field(columns.created)),
        resolved: jira_time(&field(columns.resolved)),
        key,
    })
}

/// Reads the date formats Jira writes ("22/Nov/26 9:15 AM", ISO, and the
/// plain `2026-11-22 09:15`). Times without a zone are taken as UTC.
pub fn jira_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(t.with_timezone(&Utc));
    }
    const NAIVE: [&str; 8] = [
        "%d/%b/%y %I:%M %p",
        "%d/%b/%Y %I:%M %p",
        "%d/%b/%y %H:%M",
        "%d/%b/%Y %H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%d.%m.%Y %H:%M",
    ];
    NAIVE
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|t| t.and_utc())
}

/// The story kind of a Jira issue type; `None` for a type Tandem has no
/// kind for (it is read as a user story).
pub fn kind_of(issue_type: &str) -> Option<StoryKind> {
    Some(match issue_type.trim().to_lowercase().as_str() {
        "story" | "user story" => StoryKind::UserStory,
        "bug" | "defect" => StoryKind::Bug,
        "task" | "sub-task" | "subtask" | "technical task" | "technical story" | "improvement"
        | "chore" => StoryKind::TechnicalStory,
        "spike" | "research" => StoryKind::Spike,
        "feature" | "new feature" => StoryKind::Feature,
        _ => return None,
    })
}

/// Tandem's status for a Jira status; `None` for one it doesn't know (read
/// as "To do").
pub fn status_of(status: &str) -> Option<StoryStatus> {
    Some(match status.trim().to_lowercase().as_str() {
        "to do"
        | "todo"
        | "open"
        | "backlog"
        | "new"
        | "selected for development"
        | "reopened"
        | "ready"
        | "ready for development" => StoryStatus::ToDo,
        "in progress" | "in development" | "in review" | "code review" | "doing" | "review" => {
            StoryStatus::InProgress
        }
        "blocked" | "impeded" | "on hold" => StoryStatus::Blocked,
        "ready for test" | "ready for qa" | "in qa" | "qa" | "testing" | "in test" => {
            StoryStatus::ReadyForTest
        }
        "done" | "closed" | "resolved" | "released" | "complete" | "completed" => StoryStatus::Done,
        _ => return None,
    })
}

/// Which team the stories of each Jira project go to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JiraMapping {
    pub teams: BTreeMap<String, TeamId>,
}

impl JiraMapping {
    /// Every project to the team with the same key, else to `fallback`.
    pub fn by_project_key(ws: &Workspace, file: &JiraFile, fallback: TeamId) -> JiraMapping {
        let teams = file
            .projects()
            .into_iter()
            .map(|p| {
                let team = ws.team_by_key(&p).map(|t| t.id).unwrap_or(fallback);
                (p, team)
            })
            .collect();
        JiraMapping { teams }
    }

    /// Every project to one team.
    pub fn all_to(file: &JiraFile, team: TeamId) -> JiraMapping {
        JiraMapping {
            teams: file.projects().into_iter().map(|p| (p, team)).collect(),
        }
    }
}

/// What an import did (or, run on a copy, would do).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JiraOutcome {
    /// New stories per team, in team order.
    pub added: Vec<(TeamId, usize)>,
    /// Stories already imported whose fields changed.
    pub updated: usize,
    /// Stories already imported and still the same.
    pub unchanged: usize,
    pub new_epics: usize,
    /// Rows left out because they can't be imported.
    pub skipped: usize,
    /// What was read loosely: unknown types and statuses, missing epics,
    /// sprints not carried over, unreadable dates.
    pub notes: Vec<String>,
}

impl JiraOutcome {
    /// All new stories.
    pub fn added_total(&self) -> usize {
        self.added.iter().map(|(_, n)| n).sum()
    }
}

impl Workspace {
    /// Imports the issues of a Jira file: new keys become stories at the
    /// bottom of their team's backlog, keys seen before update their story
    /// (title, description, kind, estimate, status, epic; it stays in its
    /// team and place). Jira epics become epics, matched by title. All or
    /// nothing: on an error the workspace is unchanged.
    pub fn import_jira(
        &mut self,
        file: &JiraFile,
        mapping: &JiraMapping,
        now: DateTime<Utc>,
    ) -> Result<JiraOutcome, WorkspaceError> {
        let before = self.clone();
        let result = self.import_jira_inner(file, mapping, now);
        if result.is_err() {
            *self = before;
        }
        result
    }

    fn import_jira_inner(
        &mut self,
        file: &JiraFile,
        mapping: &JiraMapping,
        now: DateTime<Utc>,
    ) -> Result<JiraOutcome, WorkspaceError> {
        let mut out = JiraOutcome {
            skipped: file.broken.len(),
            ..JiraOutcome::default()
        };
        let mut notes = Notes::default();
        // Epics first, so stories can link to them.
        let mut epics: HashMap<String, EpicId> = HashMap::new();
        for e in file.issues.iter().filter(|i| i.is_epic()) {
            let id = self.jira_epic(&e.summary, &e.description, now, &mut out)?;
            epics.insert(e.key.to_string(), id);
            if !e.id.is_empty() {
                epics.insert(e.id.clone(), id);
            }
        }
        let stories: BTreeSet<&str> = file
            .issues
            .iter()
            .filter(|i| !i.is_epic())
            .flat_map(|i| [i.key.as_str(), i.id.as_str()])
            .filter(|k| !k.is_empty())
            .collect();
        // Keys in the file are unique, so stories added below need no entry.
        let known: HashMap<String, StoryId> = self
            .stories()
            .iter()
            .filter_map(|s| s.jira_key.as_ref().map(|k| (k.to_string(), s.id)))
            .collect();
        let mut added: HashMap<TeamId, usize> = HashMap::new();
        for issue in file.issues.iter().filter(|i| !i.is_epic()) {
            let team = *mapping
                .teams
                .get(&issue.project)
                .ok_or(WorkspaceError::UnknownTeam)?;
            self.team(team).ok_or(WorkspaceError::UnknownTeam)?;
            let kind = kind_of(&issue.issue_type).unwrap_or_else(|| {
                notes.types.insert(issue.issue_type.clone());
                StoryKind::UserStory
            });
            let status = status_of(&issue.status).unwrap_or_else(|| {
                notes.statuses.insert(issue.status.clone());
                StoryStatus::ToDo
            });
            let epic = match (&issue.parent, &issue.parent_summary) {
                (Some(p), _) if epics.contains_key(p) => epics.get(p).copied(),
                // A sub-task's parent is a story, not an epic.
                (Some(p), _) if stories.contains(p.as_str()) => None,
                (_, Some(title)) => Some(self.jira_epic(title, "", now, &mut out)?),
                (Some(p), None) => {
                    notes.missing_epics.insert(format!("{} ({})", p, issue.key));
                    None
                }
                (None, None) => None,
            };
            if !issue.sprints.is_empty() {
                notes.with_sprints += 1;
            }
            let (id, is_new) = match known.get(issue.key.as_str()).copied() {
                Some(id) => (id, false),
                None => {
                    let created = issue.created.unwrap_or(now);
                    let id = self.add_story(team, &issue.summary, created)?;
                    self.story_mut(id)?.jira_key = Some(issue.key.clone());
                    *added.entry(team).or_default() += 1;
                    (id, true)
                }
            };
            // A story done in Jira is done when Jira resolved it, so its
            // lead time means something.
            let done_at = match status {
                StoryStatus::Done => issue.resolved.unwrap_or(now),
                _ => now,
            };
            let mut changed = self.edit_story(id, StoryEdit::Status(status), done_at)?;
            for edit in [
                StoryEdit::Title(issue.summary.to_string()),
                StoryEdit::Description(issue.description.clone()),
                StoryEdit::Kind(kind),
                StoryEdit::Estimate(issue.points),
            ] {
                changed |= self.edit_story(id, edit, now)?;
            }
            changed |= self.set_story_epic(id, epic, now)?;
            if changed {
                // The import is the latest edit, whatever time it records.
                self.story_mut(id)?.updated_at = now;
            }
            if !is_new {
                if changed {
                    out.updated += 1;
                } else {
                    out.unchanged += 1;
                }
            }
        }
        out.added = self
            .teams()
            .iter()
            .filter_map(|t| added.get(&t.id).map(|n| (t.id, *n)))
            .collect();
        out.notes = notes.into_lines();
        Ok(out)
    }

    /// The epic with this title, made if there is none.
    fn jira_epic(
        &mut self,
        title: &str,
        description: &str,
        now: DateTime<Utc>,
        out: &mut JiraOutcome,
    ) -> Result<EpicId, WorkspaceError> {
        let title = Title::parse(title)?;
        if let Some(e) = self.epics().iter().find(|e| e.title == title) {
            return Ok(e.id);
        }
        out.new_epics += 1;
        self.add_epic(
            &EpicFields {
                title: title.into(),
                goal: String::new(),
                description: description.to_string(),
                text: StoryText::default(),
                targets: Vec::new(),
            },
            now,
        )
    }

    /// The story imported from this Jira key.
    pub fn story_by_jira_key(&self, key: &str) -> Option<StoryId> {
        self.stories()
            .iter()
            .find(|s| s.jira_key.as_deref() == Some(key))
            .map(|s| s.id)
    }
}

/// What was read loosely, gathered for one line each.
#[derive(Default)]
struct Notes {
    types: BTreeSet<String>,
    statuses: BTreeSet<String>,
    missing_epics: BTreeSet<String>,
    with_sprints: usize,
}

impl Notes {
    fn into_lines(self) -> Vec<String> {
        let list = |set: BTreeSet<String>| {
            set.into_iter()
                .map(|s| {
                    if s.is_empty() {
                        "(empty)".into()
                    } else {
                        format!("“{s}”")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut lines = Vec::new();
        if !self.types.is_empty() {
            lines.push(format!(
                "Issue types Tandem has no kind for, read as user stories: {}.",
                list(self.types)
            ));
        }
        if !self.statuses.is_empty() {
            lines.push(format!(
                "Statuses Tandem doesn't know, read as “To do”: {}.",
                list(self.statuses)
            ));
        }
        if !self.missing_epics.is_empty() {
            lines.push(format!(
                "Epics not in the file, so these stories come without an epic: {}.",
                self.missing_epics
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if self.with_sprints > 0 {
            lines.push(format!(
                "{} in Jira sprints: Jira sprints are not carried over; plan them in Tandem's shared sprints.",
                if self.with_sprints == 1 {
                    "1 story was".to_string()
                } else {
                    format!("{} stories were", self.with_sprints)
                }
            ));
        }
        lines
    }
}
