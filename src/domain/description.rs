//! The description of a story or an epic: free text, kept as typed.

use super::limits::MAX_DESCRIPTION_CHARS;
use super::text_field::text_field;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A description: at most [`MAX_DESCRIPTION_CHARS`] characters; empty is
/// fine. Kept exactly as typed (line breaks and spaces are the writer's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Description(String);

/// Why a text is not a description: it is too long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DescriptionError;

impl fmt::Display for DescriptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a description has at most {MAX_DESCRIPTION_CHARS} characters"
        )
    }
}

impl std::error::Error for DescriptionError {}

impl Description {
    /// A description as typed or read from a file.
    pub fn parse(text: &str) -> Result<Description, DescriptionError> {
        if text.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(DescriptionError);
        }
        Ok(Description(text.to_string()))
    }
}

text_field!(Description, DescriptionError, DescriptionError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_keep_their_text_up_to_the_limit() {
        let text = " Line one\nline two ";
        assert_eq!(Description::parse(text).map(String::from), Ok(text.into()));
        assert!(Description::parse("").is_ok());
        assert!(Description::parse(&"é".repeat(MAX_DESCRIPTION_CHARS)).is_ok());
        assert_eq!(
            Description::parse(&"x".repeat(MAX_DESCRIPTION_CHARS + 1)),
            Err(DescriptionError)
        );
    }
}
