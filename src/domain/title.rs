//! The title of a story or an epic: the one rule every way in shares (the
//! backlog's add field, the story panel, splitting an epic, Jira, imports).

use super::limits::MAX_TITLE_CHARS;
use super::text_field::text_field;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A title: 1 to [`MAX_TITLE_CHARS`] characters, no spaces around it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Title(String);

/// Why a text is not a title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleError {
    Empty,
    TooLong,
}

impl fmt::Display for TitleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TitleError::Empty => write!(f, "a story needs a title"),
            TitleError::TooLong => write!(f, "a title has at most {MAX_TITLE_CHARS} characters"),
        }
    }
}

impl std::error::Error for TitleError {}

impl Title {
    /// A title typed by a person: spaces around it are dropped.
    pub fn parse(text: &str) -> Result<Title, TitleError> {
        let title = text.trim();
        if title.is_empty() {
            Err(TitleError::Empty)
        } else if title.chars().count() > MAX_TITLE_CHARS {
            Err(TitleError::TooLong)
        } else {
            Ok(Title(title.to_string()))
        }
    }
}

// A file's title with spaces around it is refused as an empty one would be:
// the file was not written by Tandem.
text_field!(Title, TitleError, TitleError::Empty);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_required() {
        assert_eq!(
            Title::parse("  Delete profile ").map(String::from),
            Ok("Delete profile".into())
        );
        assert_eq!(Title::parse("  "), Err(TitleError::Empty));
        assert!(Title::parse(&"é".repeat(MAX_TITLE_CHARS)).is_ok());
        assert_eq!(
            Title::parse(&"x".repeat(MAX_TITLE_CHARS + 1)),
            Err(TitleError::TooLong)
        );
    }

    #[test]
    fn files_hold_titles_exactly() {
        let read = |json: &str| serde_json::from_str::<Title>(json).map(String::from);
        assert_eq!(read("\"Sync\"").ok().as_deref(), Some("Sync"));
        assert!(read("\" Sync\"").is_err());
        assert!(read("\"\"").is_err());
    }
}
