//! A person's name: a member of a team, a poker participant or guest, a
//! live room's voter. One rule for all of them.

use super::limits::MAX_PERSON_NAME_CHARS;
use super::text_field::text_field;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A name: 1 to [`MAX_PERSON_NAME_CHARS`] characters, no spaces around it,
/// no control characters (a name is shown on other people's screens).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// Why a text is not a person's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonNameError;

impl fmt::Display for PersonNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a name has 1 to {MAX_PERSON_NAME_CHARS} characters, with no spaces around it"
        )
    }
}

impl std::error::Error for PersonNameError {}

impl PersonName {
    /// A name typed by a person: spaces around it are dropped.
    pub fn parse(text: &str) -> Result<PersonName, PersonNameError> {
        let name = text.trim();
        if name.is_empty()
            || name.chars().count() > MAX_PERSON_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(PersonNameError);
        }
        Ok(PersonName(name.to_string()))
    }
}

text_field!(PersonName, PersonNameError, PersonNameError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_kept_within_their_limit() {
        assert_eq!(
            PersonName::parse("  Ana ").map(String::from),
            Ok("Ana".into())
        );
        assert!(PersonName::parse(&"é".repeat(MAX_PERSON_NAME_CHARS)).is_ok());
        for bad in ["", "   ", "A\u{7}na"] {
            assert_eq!(PersonName::parse(bad), Err(PersonNameError), "{bad:?}");
        }
        assert!(PersonName::parse(&"x".repeat(MAX_PERSON_NAME_CHARS + 1)).is_err());
        assert!(serde_json::from_str::<PersonName>("\" Ana\"").is_err());
    }
}
