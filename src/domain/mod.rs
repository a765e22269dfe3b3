//! The rules of Tandem: pure Rust, no browser APIs, tested natively.

pub mod capacity;
pub mod constraint;
pub mod csv_export;
pub mod deck;
pub mod dependency;
pub mod description;
pub mod epic;
pub mod flow;
pub mod forecast;
pub mod history;
pub mod ids;
pub mod jira;
pub mod json_path;
pub mod limits;
pub mod lint;
pub mod member;
pub mod percent;
pub mod person;
pub mod planning_validation;
pub mod planning_warning;
pub mod points;
pub mod poker;
pub mod poker_stats;
pub mod poker_validation;
pub mod release;
pub mod review;
pub mod room;
pub mod schema;
pub mod seal;
pub mod settle;
pub mod sprint;
pub mod story;
pub mod team;
mod text_field;
pub mod title;
pub mod validation;
pub mod velocity;
pub mod workspace;

pub use constraint::{Comparison, Constraint, ConstraintFields, ConstraintName};
pub use description::Description;
pub use epic::{Epic, EpicFields, EpicStatus, Lag, PlannedStory, Progress};
pub use ids::{ConstraintId, DeckId, EpicId, MemberId, ParticipantId, SessionId, StoryId, TeamId};
pub use lint::LintKind;
pub use member::{Allocation, DaysOff, Member};
pub use percent::Percent;
pub use person::PersonName;
pub use planning_warning::PlanningWarning;
pub use points::{Estimate, Points};
pub use sprint::{
    Cadence, ClosedLane, ClosedStory, Outcome, Planning, RecordedEstimate, SprintRecord,
    SprintStanding, TeamSprint, Unfinished,
};
pub use story::{
    Criterion, Preposition, Story, StoryEdit, StoryKind, StoryStatus, StoryText, Transition,
};
pub use team::{Colour, Team, TeamKey, TeamKind, TeamName};
pub use title::Title;
pub use workspace::{Move, RemovedStory, RemovedTeam, Workspace, WorkspaceError};
