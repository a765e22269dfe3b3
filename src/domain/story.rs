//! Stories: the items of a team's product backlog.

use super::description::{Description, DescriptionError};
use super::ids::{ConstraintId, EpicId, StoryId, TeamId};
use super::limits::{
    MAX_CRITERIA, MAX_DEPENDENCIES, MAX_SPRINT, MAX_TEXT_CHARS, MAX_TIME_BOX_DAYS, MAX_TRANSITIONS,
};
use super::lint::LintKind;
use super::points::{Estimate, parse_decimal};
use super::title::{Title, TitleError};
use super::validation::{FieldProblem, ImportProblem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What sort of backlog item a story is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryKind {
    #[default]
    UserStory,
    TechnicalStory,
    Feature,
    Spike,
    Bug,
}

impl StoryKind {
    /// Every kind, in the order menus show them.
    pub const ALL: [StoryKind; 5] = [
        StoryKind::UserStory,
        StoryKind::TechnicalStory,
        StoryKind::Feature,
        StoryKind::Spike,
        StoryKind::Bug,
    ];

    /// The value used in files and form controls.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryKind::UserStory => "user_story",
            StoryKind::TechnicalStory => "technical_story",
            StoryKind::Feature => "feature",
            StoryKind::Spike => "spike",
            StoryKind::Bug => "bug",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            StoryKind::UserStory => "User story",
            StoryKind::TechnicalStory => "Technical story",
            StoryKind::Feature => "Feature",
            StoryKind::Spike => "Spike",
            StoryKind::Bug => "Bug",
        }
    }

    /// Inverse of [`StoryKind::as_str`].
    pub fn parse(value: &str) -> Option<StoryKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// Where a story is in its life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryStatus {
    #[default]
    ToDo,
    InProgress,
    Blocked,
    ReadyForTest,
    Done,
}

impl StoryStatus {
    /// Every status, in workflow order.
    pub const ALL: [StoryStatus; 5] = [
        StoryStatus::ToDo,
        StoryStatus::InProgress,
        StoryStatus::Blocked,
        StoryStatus::ReadyForTest,
        StoryStatus::Done,
    ];

    /// The value used in files and form controls.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryStatus::ToDo => "to_do",
            StoryStatus::InProgress => "in_progress",
            StoryStatus::Blocked => "blocked",
            StoryStatus::ReadyForTest => "ready_for_test",
            StoryStatus::Done => "done",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            StoryStatus::ToDo => "To do",
            StoryStatus::InProgress => "In progress",
            StoryStatus::Blocked => "Blocked",
            StoryStatus::ReadyForTest => "Ready for test",
            StoryStatus::Done => "Done",
        }
    }

    /// Inverse of [`StoryStatus::as_str`].
    pub fn parse(value: &str) -> Option<StoryStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// One item of a team's product backlog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    pub id: StoryId,
    pub team: TeamId,
    /// With the team's key this makes the human key (`IOS-12`).
    pub number: u32,
    pub title: Title,
    pub description: Description,
    pub kind: StoryKind,
    /// Story points; `None` until the team has estimated it.
    pub estimate: Option<Estimate>,
    pub status: StoryStatus,
    /// Why the story is blocked (kept when it is unblocked, for the record).
    pub blocked_reason: String,
    /// The epic this story is a slice of.
    pub epic: Option<EpicId>,
    /// The sentence in the story's own form (see [`StoryText`]).
    pub text: StoryText,
    pub acceptance_criteria: Vec<Criterion>,
    /// Stories that must be done first (any team).
    pub depends_on: Vec<StoryId>,
    /// Constraints (non-functional requirements) this story must respect.
    pub constraints: Vec<ConstraintId>,
    /// Lint notices the team chose to dismiss for this story.
    pub dismissed_lints: Vec<LintKind>,
    /// The shared sprint it is planned in (its team's sprint backlog).
    pub sprint: Option<u32>,
    /// When it first went in progress.
    pub started_at: Option<DateTime<Utc>>,
    /// When it was last done (cleared when reopened).
    pub done_at: Option<DateTime<Utc>>,
    /// Every status change, oldest first.
    pub transitions: Vec<Transition>,
    /// Estimates accepted in planning poker, oldest first.
    pub estimate_history: Vec<EstimateRecord>,
    /// The Jira issue key it was imported from (`MOB-123`), so a second
    /// import of the same export updates it instead of adding a copy.
    pub jira_key: Option<super::jira::JiraKey>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An estimate accepted in planning poker, with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateRecord {
    pub points: Estimate,
    /// The card accepted (`5`, `M`…).
    pub card: String,
    pub at: DateTime<Utc>,
    pub session: Option<super::ids::SessionId>,
    /// Rounds held on the story before it was accepted.
    pub rounds: u32,
    /// The last round's votes: (name, card).
    pub votes: Vec<(String, String)>,
    /// Whether the votes came from a live room (each from their own device).
    pub live: bool,
}

/// A status change and when it happened.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub from: StoryStatus,
    pub to: StoryStatus,
    pub at: DateTime<Utc>,
}

/// The preposition of an FDD feature: "[action] the [result] [by|for|of|to] a(n) [object]".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preposition {
    By,
    #[default]
    For,
    Of,
    To,
}

impl Preposition {
    /// Every preposition, in menu order.
    pub const ALL: [Preposition; 4] = [
        Preposition::By,
        Preposition::For,
        Preposition::Of,
        Preposition::To,
    ];

    /// The value used in files and form controls.
    pub fn as_str(self) -> &'static str {
        match self {
            Preposition::By => "by",
            Preposition::For => "for",
            Preposition::Of => "of",
            Preposition::To => "to",
        }
    }

    /// The word in the sentence (the same as the value).
    pub fn label(self) -> &'static str {
        self.as_str()
    }
}

/// The parts of a story's sentence. Which parts count depends on the kind;
/// the others are kept, so switching kind back and forth loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryText {
    /// User story "As a …" (technical story: the stakeholder).
    pub as_a: String,
    /// "I want …".
    pub i_want: String,
    /// "so that …".
    pub so_that: String,
    /// Feature: the action ("Calculate").
    pub action: String,
    /// Feature: the result ("total").
    pub result: String,
    pub preposition: Preposition,
    /// Feature: the object ("sale").
    pub object: String,
    /// Spike: the question to answer.
    pub question: String,
    /// Spike: the time box in days.
    pub time_box_days: Option<f64>,
    /// Spike: what was found, when done.
    pub outcome: String,
}

/// One acceptance criterion: a checkable line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub text: String,
    pub done: bool,
}

/// "a" or "an" before a word: by its first letters, so "an admin" but
/// "a user" (a "u" sounding like "you" before a consonant and a vowel).
fn article(word: &str) -> &'static str {
    let lower: Vec<char> = word.trim_start().to_lowercase().chars().take(3).collect();
    let vowel = |c: Option<&char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u'));
    match lower.first() {
        Some('a' | 'e' | 'i' | 'o') => "an",
        Some('u') if !vowel(lower.get(1)) && vowel(lower.get(2)) => "a",
        Some('u') => "an",
        _ => "a",
    }
}

impl Story {
    /// Records a change of status from `from` to the current one: the
    /// transition log, the first start and the (last) completion.
    pub(super) fn record_transition(&mut self, from: StoryStatus, at: DateTime<Utc>) {
        let to = self.status;
        self.transitions.push(Transition { from, to, at });
        if self.transitions.len() > super::limits::MAX_TRANSITIONS {
            self.transitions.remove(0);
        }
        if to == StoryStatus::InProgress && self.started_at.is_none() {
            self.started_at = Some(at);
        }
        if to == StoryStatus::Done {
            self.done_at = Some(at);
        } else if from == StoryStatus::Done {
            self.done_at = None;
        }
    }

    /// The story as one sentence in its kind's form, or `None` while the
    /// parts are empty (the title then stands alone).
    pub fn sentence(&self) -> Option<String> {
        let t = &self.text;
        let filled = |s: &str| !s.trim().is_empty();
        match self.kind {
            StoryKind::UserStory | StoryKind::TechnicalStory => {
                if !filled(&t.as_a) && !filled(&t.i_want) && !filled(&t.so_that) {
                    return None;
                }
                let mut out = format!(
                    "As {} {}, I want {}",
                    article(&t.as_a),
                    t.as_a.trim(),
                    t.i_want.trim()
                );
                if filled(&t.so_that) {
                    out.push_str(&format!(" so that {}", t.so_that.trim()));
                }
                Some(out)
            }
            StoryKind::Feature => {
                if !filled(&t.action) && !filled(&t.result) && !filled(&t.object) {
                    return None;
                }
                Some(format!(
                    "{} the {} {} {} {}",
                    t.action.trim(),
                    t.result.trim(),
                    t.preposition.as_str(),
                    article(&t.object),
                    t.object.trim()
                ))
            }
            StoryKind::Spike => {
                if !filled(&t.question) {
                    return None;
                }
                let mut out = format!("Spike: {}", t.question.trim());
                if let Some(days) = t.time_box_days {
                    out.push_str(&format!(
                        " (time box {days} {})",
                        if days == 1.0 { "day" } else { "days" }
                    ));
                }
                if filled(&t.outcome) {
                    out.push_str(&format!(" — outcome: {}", t.outcome.trim()));
                }
                Some(out)
            }
            StoryKind::Bug => None,
        }
    }

    /// Applies one edit (rules of a single story). Returns whether anything changed.
    pub fn apply(&mut self, edit: StoryEdit) -> Result<bool, StoryFieldError> {
        Ok(match edit {
            StoryEdit::Title(text) => {
                let title = Title::parse(&text)?;
                replace(&mut self.title, title)
            }
            StoryEdit::Description(text) => {
                let description = Description::parse(&text)?;
                replace(&mut self.description, description)
            }
            StoryEdit::Kind(kind) => replace(&mut self.kind, kind),
            StoryEdit::Estimate(estimate) => replace(&mut self.estimate, estimate),
            StoryEdit::Status(status) => replace(&mut self.status, status),
            StoryEdit::BlockedReason(reason) => {
                check_text(&reason)?;
                replace(&mut self.blocked_reason, reason)
            }
            StoryEdit::Text(text) => {
                check_story_text(&text)?;
                replace(&mut self.text, text)
            }
            StoryEdit::AddCriterion(text) => {
                let text = text.trim().to_string();
                if text.is_empty() {
                    return Err(StoryFieldError::EmptyCriterion);
                }
                check_text(&text)?;
                if self.acceptance_criteria.len() >= MAX_CRITERIA {
                    return Err(StoryFieldError::TooManyCriteria);
                }
                self.acceptance_criteria
                    .push(Criterion { text, done: false });
                true
            }
            StoryEdit::EditCriterion(i, text) => {
                if text.trim().is_empty() {
                    return Err(StoryFieldError::EmptyCriterion);
                }
                check_text(&text)?;
                let c = self.criterion(i)?;
                replace(&mut c.text, text)
            }
            StoryEdit::CheckCriterion(i, done) => {
                let c = self.criterion(i)?;
                replace(&mut c.done, done)
            }
            StoryEdit::RemoveCriterion(i) => {
                self.criterion(i)?;
                self.acceptance_criteria.remove(i);
                true
            }
            StoryEdit::MoveCriterionUp(i) => {
                self.criterion(i)?;
                if i == 0 {
                    false
                } else {
                    self.acceptance_criteria.swap(i - 1, i);
                    true
                }
            }
            StoryEdit::DismissLint(kind) => {
                if self.dismissed_lints.contains(&kind) {
                    false
                } else {
                    self.dismissed_lints.push(kind);
                    true
                }
            }
        })
    }

    fn criterion(&mut self, i: usize) -> Result<&mut Criterion, StoryFieldError> {
        self.acceptance_criteria
            .get_mut(i)
            .ok_or(StoryFieldError::NoSuchCriterion)
    }
}

impl Story {
    /// Checks the rules of this story alone, as a file must keep them:
    /// its sentence, reason and criteria, no repeated links or lints, at
    /// most [`MAX_DEPENDENCIES`] dependencies and none on itself, its
    /// sprint number and its kept status changes. `record` is where the
    /// story sits in the file (`stories[3]`), for naming repeats. What
    /// spans stories (ids, numbers, links that must exist) is
    /// [`super::validation`]'s.
    pub fn check_record(&self, record: &str) -> Result<(), FieldProblem> {
        let text = |field: &str, e: StoryFieldError| {
            FieldProblem::new(field, ImportProblem::InvalidText(e.to_string()))
        };
        check_story_text(&self.text).map_err(|e| text("text", e))?;
        check_text(&self.blocked_reason).map_err(|e| text("blocked_reason", e))?;
        if self.acceptance_criteria.len() > MAX_CRITERIA {
            return Err(text(
                "acceptance_criteria",
                StoryFieldError::TooManyCriteria,
            ));
        }
        for (j, c) in self.acceptance_criteria.iter().enumerate() {
            let field = format!("acceptance_criteria[{j}].text");
            if c.text.trim().is_empty() {
                return Err(text(&field, StoryFieldError::EmptyCriterion));
            }
            check_text(&c.text).map_err(|e| text(&field, e))?;
        }
        if self.depends_on.len() > MAX_DEPENDENCIES {
            return Err(FieldProblem::new(
                "depends_on",
                ImportProblem::InvalidText(format!(
                    "a story depends on at most {MAX_DEPENDENCIES} others"
                )),
            ));
        }
        if let Some(j) = self.depends_on.iter().position(|d| *d == self.id) {
            return Err(FieldProblem::new(
                format!("depends_on[{j}]"),
                ImportProblem::SelfDependency,
            ));
        }
        if let Some(j) = first_repeat(&self.depends_on) {
            return Err(FieldProblem::repeated("depends_on", j, record));
        }
        if let Some(j) = first_repeat(&self.constraints) {
            return Err(FieldProblem::repeated("constraints", j, record));
        }
        if let Some(j) = first_repeat(&self.dismissed_lints) {
            return Err(FieldProblem::repeated("dismissed_lints", j, record));
        }
        if self.sprint.is_some_and(|n| !(1..=MAX_SPRINT).contains(&n)) {
            return Err(FieldProblem::new(
                "sprint",
                ImportProblem::OutOfRange(format!("a sprint number is from 1 to {MAX_SPRINT}")),
            ));
        }
        if self.transitions.len() > MAX_TRANSITIONS {
            return Err(FieldProblem::new(
                "transitions",
                ImportProblem::OutOfRange(format!(
                    "a story keeps at most {MAX_TRANSITIONS} status changes"
                )),
            ));
        }
        Ok(())
    }
}

/// The position of the first item that repeats an earlier one.
pub(super) fn first_repeat<T: PartialEq>(items: &[T]) -> Option<usize> {
    (0..items.len()).find(|&j| items[..j].contains(&items[j]))
}

/// Sets `slot` to `value`; returns whether it differed.
fn replace<T: PartialEq>(slot: &mut T, value: T) -> bool {
    if *slot == value {
        false
    } else {
        *slot = value;
        true
    }
}

/// Checks the length of a sentence part, criterion or reason.
pub fn check_text(text: &str) -> Result<(), StoryFieldError> {
    if text.chars().count() > MAX_TEXT_CHARS {
        Err(StoryFieldError::TextTooLong)
    } else {
        Ok(())
    }
}

/// Checks every part of a story's sentence.
pub fn check_story_text(text: &StoryText) -> Result<(), StoryFieldError> {
    for part in [
        &text.as_a,
        &text.i_want,
        &text.so_that,
        &text.action,
        &text.result,
        &text.object,
        &text.question,
        &text.outcome,
    ] {
        check_text(part)?;
    }
    match text.time_box_days {
        Some(days) if !(days.is_finite() && days > 0.0 && days <= MAX_TIME_BOX_DAYS) => {
            Err(StoryFieldError::TimeBoxOutOfRange)
        }
        _ => Ok(()),
    }
}

/// Reads a spike's time box typed by a person, in days (`1,5` is accepted):
/// blank means none; otherwise a number within the rule
/// [`check_story_text`] holds (above 0, at most [`MAX_TIME_BOX_DAYS`]).
pub fn parse_time_box(text: &str) -> Result<Option<f64>, StoryFieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let days = parse_decimal(text).ok_or(StoryFieldError::TimeBoxOutOfRange)?;
    let sentence = StoryText {
        time_box_days: Some(days),
        ..StoryText::default()
    };
    check_story_text(&sentence)?;
    Ok(Some(days))
}

/// One change a person makes to a story.
#[derive(Clone, Debug, PartialEq)]
pub enum StoryEdit {
    Title(String),
    Description(String),
    Kind(StoryKind),
    Estimate(Option<Estimate>),
    Status(StoryStatus),
    BlockedReason(String),
    /// The whole sentence (the UI changes one part and sends the result).
    Text(StoryText),
    AddCriterion(String),
    EditCriterion(usize, String),
    CheckCriterion(usize, bool),
    RemoveCriterion(usize),
    MoveCriterionUp(usize),
    DismissLint(LintKind),
}

/// Why a story field was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum StoryFieldError {
    Title(TitleError),
    DescriptionTooLong,
    TextTooLong,
    TimeBoxOutOfRange,
    EmptyCriterion,
    TooManyCriteria,
    NoSuchCriterion,
}

impl fmt::Display for StoryFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoryFieldError::Title(e) => e.fmt(f),
            StoryFieldError::DescriptionTooLong => DescriptionError.fmt(f),
            StoryFieldError::TextTooLong => {
                write!(f, "each part has at most {MAX_TEXT_CHARS} characters")
            }
            StoryFieldError::TimeBoxOutOfRange => write!(
                f,
                "a time box is a number of days above 0, at most {MAX_TIME_BOX_DAYS}"
            ),
            StoryFieldError::EmptyCriterion => {
                write!(f, "an acceptance criterion needs some text")
            }
            StoryFieldError::TooManyCriteria => {
                write!(f, "a story has at most {MAX_CRITERIA} acceptance criteria")
            }
            StoryFieldError::NoSuchCriterion => {
                write!(f, "that acceptance criterion no longer exists")
            }
        }
    }
}

impl From<TitleError> for StoryFieldError {
    fn from(e: TitleError) -> StoryFieldError {
        StoryFieldError::Title(e)
    }
}

impl From<DescriptionError> for StoryFieldError {
    fn from(_: DescriptionError) -> StoryFieldError {
        StoryFieldError::DescriptionTooLong
    }
}

/// A filter's text as [`Story::matches`] takes it: trimmed, lower-cased.
pub fn filter_query(text: &str) -> String {
    text.trim().to_lowercase()
}

impl Story {
    /// Done; anything else is unfinished (a sprint's close carries it over
    /// or returns it, a dependency on it still waits).
    pub fn is_done(&self) -> bool {
        self.status == StoryStatus::Done
    }

    /// Its points in sums: an unestimated story counts 0.
    pub fn points(&self) -> f64 {
        self.estimate.map_or(0.0, Estimate::get)
    }

    /// Whether it belongs to `epic`; `None` (no epic chosen) takes every
    /// story: the planning lanes' epic filter.
    pub fn in_epic(&self, epic: Option<EpicId>) -> bool {
        epic.is_none() || self.epic == epic
    }

    /// Whether a query ([`filter_query`]) matches this story's key, title or
    /// description: the one filter of the backlog and the planning lanes.
    /// The key is asked for only when there is a query (a lane lists
    /// thousands of stories, and building every key took time).
    pub fn matches(&self, key: impl FnOnce() -> String, query_lower: &str) -> bool {
        query_lower.is_empty()
            || key().to_lowercase().contains(query_lower)
            || self.title.to_lowercase().contains(query_lower)
            || self.description.to_lowercase().contains(query_lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound() {
        for (word, expected) in [
            ("user", "a"),
            ("admin", "an"),
            ("backend operator", "a"),
            ("upgrade", "an"),
            ("unicorn", "a"),
            ("", "a"),
        ] {
            assert_eq!(article(word), expected, "{word}");
        }
    }

    #[test]
    fn the_epic_filter_takes_every_story_when_no_epic_is_chosen() {
        let epic = EpicId::new();
        let json = format!(
            r#"{{"id":"{}","team":"{}","number":1,"title":"T","description":"","kind":"user_story","estimate":null,"status":"to_do","blocked_reason":"","epic":"{epic}","text":{{"as_a":"","i_want":"","so_that":"","action":"","result":"","preposition":"for","object":"","question":"","time_box_days":null,"outcome":""}},"acceptance_criteria":[],"depends_on":[],"constraints":[],"dismissed_lints":[],"sprint":null,"started_at":null,"done_at":null,"transitions":[],"estimate_history":[],"jira_key":null,"created_at":"2026-12-01T09:00:00Z","updated_at":"2026-12-01T09:00:00Z"}}"#,
            StoryId::new(),
            TeamId::new()
        );
        let story: Story = serde_json::from_str(&json).expect("a story");
        assert!(story.in_epic(None));
        assert!(story.in_epic(Some(epic)));
        assert!(!story.in_epic(Some(EpicId::new())));
    }

    #[test]
    fn kinds_and_statuses_round_trip_through_their_names() {
        for kind in StoryKind::ALL {
            assert_eq!(StoryKind::parse(kind.as_str()), Some(kind));
        }
        for status in StoryStatus::ALL {
            assert_eq!(StoryStatus::parse(status.as_str()), Some(status));
        }
    }
}
