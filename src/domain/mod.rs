//! The rules of Tandem: pure Rust, no browser APIs, tested natively.

pub mod constraint;
pub mod dependency;
pub mod epic;
pub mod history;
pub mod ids;
pub mod limits;
pub mod lint;
pub mod merge;
pub mod schema;
pub mod story;
pub mod team;
pub mod validation;
pub mod workspace;

pub use constraint::{Comparison, Constraint, ConstraintFields};
pub use epic::{Epic, EpicFields, EpicStatus, Lag, PlannedStory, Progress};
pub use ids::{ConstraintId, EpicId, StoryId, TeamId};
pub use lint::LintKind;
pub use story::{Criterion, Preposition, Story, StoryEdit, StoryKind, StoryStatus, StoryText};
pub use team::{Team, TeamKey, TeamKind};
pub use workspace::{Move, RemovedStory, RemovedTeam, Workspace, WorkspaceError};
