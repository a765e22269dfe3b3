//! Stable identifiers. Random UUIDs, so that workspaces exported from
//! different browsers never collide when they meet again.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Stable identity of a team; never changes, unlike its key or name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TeamId(Uuid);

/// Stable identity of a story; survives moves between teams (its key does not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(Uuid);

/// Stable identity of an epic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EpicId(Uuid);

/// Stable identity of a constraint (non-functional requirement).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConstraintId(Uuid);

/// Stable identity of a team member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberId(Uuid);

/// Stable identity of a custom poker deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeckId(Uuid);

/// Stable identity of a poker session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(Uuid);

/// Stable identity of a poker participant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParticipantId(Uuid);

/// Stable identity of a logged release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReleaseId(Uuid);

macro_rules! id_impl {
    ($name:ident) => {
        impl $name {
            /// A fresh random id.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }

            /// An id from a known 128-bit value (fixtures and generators).
            pub fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_impl!(TeamId);
id_impl!(StoryId);
id_impl!(EpicId);
id_impl!(ConstraintId);
id_impl!(MemberId);
id_impl!(DeckId);
id_impl!(SessionId);
id_impl!(ParticipantId);
id_impl!(ReleaseId);
