//! Documented limits (see docs/format.md). They keep a workspace within the
//! browser's storage quota and keep a hostile import file from hurting.

/// Largest import file accepted, in bytes (20 MiB; 10,000 stories with long
/// descriptions take about 6 MB).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Longest story title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest story description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Longest team name, in characters.
pub const MAX_TEAM_NAME_CHARS: usize = 60;
/// Largest estimate, in points.
pub const MAX_ESTIMATE: f64 = 1000.0;
/// Most teams in one workspace.
pub const MAX_TEAMS: usize = 50;
/// Most stories in one workspace.
pub const MAX_STORIES: usize = 100_000;
