//! The rules of Tandem: pure Rust, no browser APIs, tested natively.

pub mod ids;
pub mod limits;
pub mod schema;
pub mod story;
pub mod team;
pub mod validation;
pub mod workspace;

pub use ids::{StoryId, TeamId};
pub use story::{Story, StoryEdit, StoryKind, StoryStatus};
pub use team::{Team, TeamKey, TeamKind};
pub use workspace::{Move, RemovedStory, RemovedTeam, Workspace, WorkspaceError};
