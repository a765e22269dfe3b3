//! Stories: the items of a team's product backlog.

use super::ids::{StoryId, TeamId};
use super::limits::{MAX_DESCRIPTION_CHARS, MAX_ESTIMATE, MAX_TITLE_CHARS};
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
    pub title: String,
    pub description: String,
    pub kind: StoryKind,
    /// Story points; `None` until the team has estimated it.
    pub estimate: Option<f64>,
    pub status: StoryStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One change a person makes to a story.
#[derive(Clone, Debug, PartialEq)]
pub enum StoryEdit {
    Title(String),
    Description(String),
    Kind(StoryKind),
    Estimate(Option<f64>),
    Status(StoryStatus),
}

/// Why a story field was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum StoryFieldError {
    EmptyTitle,
    TitleTooLong,
    DescriptionTooLong,
    EstimateOutOfRange,
}

impl fmt::Display for StoryFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoryFieldError::EmptyTitle => write!(f, "a story needs a title"),
            StoryFieldError::TitleTooLong => {
                write!(f, "a title has at most {MAX_TITLE_CHARS} characters")
            }
            StoryFieldError::DescriptionTooLong => {
                write!(
                    f,
                    "a description has at most {MAX_DESCRIPTION_CHARS} characters"
                )
            }
            StoryFieldError::EstimateOutOfRange => {
                write!(
                    f,
                    "an estimate is a number of points from 0 to {MAX_ESTIMATE}"
                )
            }
        }
    }
}

/// Checks a title: trimmed, not blank, not too long.
pub fn parse_title(text: &str) -> Result<String, StoryFieldError> {
    let title = text.trim();
    if title.is_empty() {
        Err(StoryFieldError::EmptyTitle)
    } else if title.chars().count() > MAX_TITLE_CHARS {
        Err(StoryFieldError::TitleTooLong)
    } else {
        Ok(title.to_string())
    }
}

/// Checks a description's length.
pub fn check_description(text: &str) -> Result<(), StoryFieldError> {
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        Err(StoryFieldError::DescriptionTooLong)
    } else {
        Ok(())
    }
}

/// Checks an estimate: finite, from 0 to the maximum.
pub fn check_estimate(points: f64) -> Result<(), StoryFieldError> {
    if points.is_finite() && (0.0..=MAX_ESTIMATE).contains(&points) {
        Ok(())
    } else {
        Err(StoryFieldError::EstimateOutOfRange)
    }
}

/// Reads an estimate typed by a person: blank means "not estimated";
/// `½` and `0,5` are accepted for half a point.
pub fn parse_estimate(text: &str) -> Result<Option<f64>, StoryFieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let normalised = if text == "½" {
        "0.5".to_string()
    } else {
        text.replace(',', ".")
    };
    let points: f64 = normalised
        .parse()
        .map_err(|_| StoryFieldError::EstimateOutOfRange)?;
    check_estimate(points)?;
    Ok(Some(points))
}

/// Shows an estimate the way people write points: `3`, `0.5`, or nothing.
pub fn format_estimate(estimate: Option<f64>) -> String {
    match estimate {
        Some(points) => format!("{points}"),
        None => String::new(),
    }
}

impl Story {
    /// Whether a lower-cased query matches this story's key, title or description.
    pub fn matches(&self, key: &str, query_lower: &str) -> bool {
        query_lower.is_empty()
            || key.to_lowercase().contains(query_lower)
            || self.title.to_lowercase().contains(query_lower)
            || self.description.to_lowercase().contains(query_lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_accept_common_notations() {
        assert_eq!(parse_estimate(""), Ok(None));
        assert_eq!(parse_estimate(" 3 "), Ok(Some(3.0)));
        assert_eq!(parse_estimate("½"), Ok(Some(0.5)));
        assert_eq!(parse_estimate("0,5"), Ok(Some(0.5)));
        assert_eq!(
            parse_estimate("-1"),
            Err(StoryFieldError::EstimateOutOfRange)
        );
        assert_eq!(
            parse_estimate("1001"),
            Err(StoryFieldError::EstimateOutOfRange)
        );
        assert_eq!(
            parse_estimate("NaN"),
            Err(StoryFieldError::EstimateOutOfRange)
        );
        assert_eq!(
            parse_estimate("lots"),
            Err(StoryFieldError::EstimateOutOfRange)
        );
    }

    #[test]
    fn estimates_print_without_trailing_zeros() {
        assert_eq!(format_estimate(Some(3.0)), "3");
        assert_eq!(format_estimate(Some(0.5)), "0.5");
        assert_eq!(format_estimate(None), "");
    }

    #[test]
    fn titles_are_trimmed_and_required() {
        assert_eq!(
            parse_title("  Delete profile "),
            Ok("Delete profile".into())
        );
        assert_eq!(parse_title("  "), Err(StoryFieldError::EmptyTitle));
        assert_eq!(
            parse_title(&"x".repeat(301)),
            Err(StoryFieldError::TitleTooLong)
        );
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
