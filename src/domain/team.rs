//! Teams: client platforms (iOS, Android) and service teams (Backend).

use super::ids::TeamId;
use super::limits::MAX_TEAM_NAME_CHARS;
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

/// A team's short key (`IOS`, `AND`, `BE`): 2 to 6 capital letters or digits,
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
            TeamKeyError::Length => write!(f, "a team key has 2 to 6 letters or digits"),
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
        if !(2..=6).contains(&count) {
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

/// A team's colour as `#rrggbb` (lower case), as an `<input type="color">` gives it.
pub fn parse_colour(text: &str) -> Option<String> {
    let hex = text.trim().strip_prefix('#')?;
    (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// Checks a team name: not blank, not too long. Returns it trimmed.
pub fn parse_team_name(text: &str) -> Option<String> {
    let name = text.trim();
    (!name.is_empty() && name.chars().count() <= MAX_TEAM_NAME_CHARS).then(|| name.to_string())
}

/// A team with its own product backlog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: TeamId,
    pub key: TeamKey,
    pub name: String,
    pub kind: TeamKind,
    pub colour: String,
    /// The number the next story of this team gets; only ever grows, so a
    /// story key is never reused.
    pub next_story_number: u32,
}

impl Team {
    /// A new team with no stories yet.
    pub fn new(name: String, key: TeamKey, kind: TeamKind, colour: String) -> Team {
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
    }

    #[test]
    fn files_must_hold_canonical_keys() {
        assert!(TeamKey::try_from("IOS".to_string()).is_ok());
        assert!(TeamKey::try_from("ios".to_string()).is_err());
        assert!(TeamKey::try_from(" IOS".to_string()).is_err());
    }

    #[test]
    fn colours_are_hex_triplets() {
        assert_eq!(parse_colour("#0A84FF").as_deref(), Some("#0a84ff"));
        assert_eq!(parse_colour("0a84ff"), None);
        assert_eq!(parse_colour("#0a84f"), None);
        assert_eq!(parse_colour("#0a84fg"), None);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_team_name("  iOS ").as_deref(), Some("iOS"));
        assert_eq!(parse_team_name("   "), None);
        assert_eq!(parse_team_name(&"x".repeat(61)), None);
    }
}
