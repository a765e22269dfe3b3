//! Teams: client platforms (iOS, Android) and service teams (Backend).

use super::ids::TeamId;
use super::limits::{MAX_TEAM_KEY_CHARS, MAX_TEAM_NAME_CHARS};
use super::text_field::text_field;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a team builds a client app or a shared service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    ClientPlatform,
    Service,
}

impl TeamKind {
    /// Every kind, in the order menus show them.
    pub const ALL: [TeamKind; 2] = [TeamKind::ClientPlatform, TeamKind::Service];

    /// The value used in files and form controls.
    pub fn as_str(self) -> &'static str {
        match self {
            TeamKind::ClientPlatform => "client_platform",
            TeamKind::Service => "service",
        }
    }

    /// The word a person reads.
    pub fn label(self) -> &'static str {
        match self {
            TeamKind::ClientPlatform => "Client platform",
            TeamKind::Service => "Service",
        }
    }

    /// Inverse of [`TeamKind::as_str`].
    pub fn parse(value: &str) -> Option<TeamKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// A team's short key (`IOS`, `AND`, `BE`): 2 to [`MAX_TEAM_KEY_CHARS`] capital letters or digits,
/// starting with a letter. Story keys are built from it (`IOS-12`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TeamKey(String);

/// Why a text is not a usable team key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamKeyError {
    Length,
    FirstNotLetter,
    InvalidCharacter(char),
}

impl fmt::Display for TeamKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TeamKeyError::Length => {
                write!(
                    f,
                    "a team key has 2 to {MAX_TEAM_KEY_CHARS} letters or digits"
                )
            }
            TeamKeyError::FirstNotLetter => write!(f, "a team key starts with a letter"),
            TeamKeyError::InvalidCharacter(c) => {
                write!(f, "a team key holds only letters A–Z and digits, not “{c}”")
            }
        }
    }
}

impl TeamKey {
    /// Parses a key typed by a person: surrounding spaces are dropped and
    /// letters are capitalised.
    pub fn parse(text: &str) -> Result<TeamKey, TeamKeyError> {
        let key = text.trim().to_ascii_uppercase();
        let count = key.chars().count();
        if !(2..=MAX_TEAM_KEY_CHARS).contains(&count) {
            return Err(TeamKeyError::Length);
        }
        if let Some(c) = key.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(TeamKeyError::InvalidCharacter(c));
        }
        if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(TeamKeyError::FirstNotLetter);
        }
        Ok(TeamKey(key))
    }

    /// The key as text, e.g. `IOS`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TeamKey {
    type Error = TeamKeyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        // Files must hold the canonical form, so that export → import → export
        // is byte-identical.
        let key = TeamKey::parse(&value)?;
        if key.0 != value {
            return Err(TeamKeyError::InvalidCharacter(
                value
                    .chars()
                    .find(|c| !c.is_ascii_uppercase() && !c.is_ascii_digit())
                    .unwrap_or(' '),
            ));
        }
        Ok(key)
    }
}

impl From<TeamKey> for String {
    fn from(key: TeamKey) -> String {
        key.0
    }
}

impl fmt::Display for TeamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A team's name ("iOS", "Backend"): 1 to [`MAX_TEAM_NAME_CHARS`]
/// characters with no spaces around it. The one rule for a name typed in a
/// form and a name read from a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TeamName(String);

/// Why a text is not a team name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TeamNameError;

impl fmt::Display for TeamNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a team name has 1 to {MAX_TEAM_NAME_CHARS} characters, with no spaces around it"
        )
    }
}

impl TeamName {
    /// A name typed by a person: spaces around it are dropped.
    pub fn parse(text: &str) -> Result<TeamName, TeamNameError> {
        let name = text.trim();
        if name.is_empty() || name.chars().count() > MAX_TEAM_NAME_CHARS {
            return Err(TeamNameError);
        }
        Ok(TeamName(name.to_string()))
    }
}

text_field!(TeamName, TeamNameError, TeamNameError);

/// A team's colour as `#rrggbb` in lower case, the form an
/// `<input type="color">` gives and CSS reads. The one rule for a colour
/// picked in a form and a colour read from a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Colour(String);

/// Why a text is not a team colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColourError;

impl fmt::Display for ColourError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a colour is written #rrggbb in lower case, for example #0a84ff"
        )
    }
}

impl Colour {
    /// A colour given by a person or a colour picker: spaces around it are
    /// dropped and hex digits are put in lower case.
    pub fn parse(text: &str) -> Result<Colour, ColourError> {
        let hex = text.trim().strip_prefix('#').ok_or(ColourError)?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ColourError);
        }
        Ok(Colour(format!("#{}", hex.to_ascii_lowercase())))
    }
}

text_field!(Colour, ColourError, ColourError);

/// A team with its own product backlog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: TeamId,
    pub key: TeamKey,
    pub name: TeamName,
    pub kind: TeamKind,
    pub colour: Colour,
    /// The number the next story of this team gets; only ever grows, so a
    /// story key is never reused.
    pub next_story_number: u32,
}

impl Team {
    /// A new team with no stories yet.
    pub fn new(name: TeamName, key: TeamKey, kind: TeamKind, colour: Colour) -> Team {
        Team {
            id: TeamId::new(),
            key,
            name,
            kind,
            colour,
            next_story_number: 1,
        }
    }

    /// The key a story with `number` has in this team, e.g. `IOS-12`.
    pub fn story_key(&self, number: u32) -> String {
        format!("{}-{}", self.key, number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalised_and_checked() {
        assert_eq!(
            TeamKey::parse(" ios ").map(String::from).as_deref(),
            Ok("IOS")
        );
        assert_eq!(TeamKey::parse("A"), Err(TeamKeyError::Length));
        assert_eq!(TeamKey::parse("ABCDEFG"), Err(TeamKeyError::Length));
        assert_eq!(TeamKey::parse("1OS"), Err(TeamKeyError::FirstNotLetter));
        assert_eq!(
            TeamKey::parse("I-S"),
            Err(TeamKeyError::InvalidCharacter('-'))
        );
        assert_eq!(
            TeamKey::parse("BE2").map(String::from).as_deref(),
            Ok("BE2")
        );
        let longest = "K".repeat(MAX_TEAM_KEY_CHARS);
        assert!(TeamKey::parse(&longest).is_ok());
        assert_eq!(
            TeamKey::parse(&format!("{longest}K")),
            Err(TeamKeyError::Length)
        );
        assert_eq!(
            TeamKeyError::Length.to_string(),
            format!("a team key has 2 to {MAX_TEAM_KEY_CHARS} letters or digits")
        );
    }

    #[test]
    fn files_must_hold_canonical_keys() {
        assert!(TeamKey::try_from("IOS".to_string()).is_ok());
        assert!(TeamKey::try_from("ios".to_string()).is_err());
        assert!(TeamKey::try_from(" IOS".to_string()).is_err());
    }

    #[test]
    fn colours_are_hex_triplets() {
        assert_eq!(
            Colour::parse(" #0A84FF ").map(String::from).as_deref(),
            Ok("#0a84ff")
        );
        assert_eq!(Colour::parse("0a84ff"), Err(ColourError));
        assert_eq!(Colour::parse("#0a84f"), Err(ColourError));
        assert_eq!(Colour::parse("#0a84fg"), Err(ColourError));
        assert_eq!(Colour::parse("#0a84ffe"), Err(ColourError));
    }

    #[test]
    fn files_must_hold_canonical_colours() {
        assert!(Colour::try_from("#0a84ff".to_string()).is_ok());
        assert!(Colour::try_from("#0A84FF".to_string()).is_err());
        assert!(Colour::try_from(" #0a84ff".to_string()).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            TeamName::parse("  iOS ").map(String::from).as_deref(),
            Ok("iOS")
        );
        assert_eq!(TeamName::parse("   "), Err(TeamNameError));
        assert!(TeamName::parse(&"x".repeat(MAX_TEAM_NAME_CHARS)).is_ok());
        assert_eq!(
            TeamName::parse(&"x".repeat(MAX_TEAM_NAME_CHARS + 1)),
            Err(TeamNameError)
        );
        assert!(TeamName::try_from(" iOS".to_string()).is_err());
    }
}
