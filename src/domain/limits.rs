//! Documented limits (see docs/format.md). They keep a workspace within the
//! browser's storage quota and keep a hostile import file from hurting.

/// A count as a sentence writes it, in groups of three digits
/// (`10,000`): how the limits read in messages.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Largest import file accepted, in bytes (20 MiB; 10,000 stories with long
/// descriptions take about 6 MB).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Longest story title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest story description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Longest team name, in characters.
pub const MAX_TEAM_NAME_CHARS: usize = 60;
/// Longest name of a person (a member, a poker participant or guest, a
/// live room's voter), in characters.
pub const MAX_PERSON_NAME_CHARS: usize = 60;
/// Longest poker session name, in characters (Tandem names sessions by
/// their start; the limit guards imports).
pub const MAX_SESSION_NAME_CHARS: usize = 120;
/// Longest custom deck name, in characters.
pub const MAX_DECK_NAME_CHARS: usize = 60;
/// Longest constraint name, in characters.
pub const MAX_CONSTRAINT_NAME_CHARS: usize = 120;
/// Largest estimate, in points.
pub const MAX_ESTIMATE: f64 = 1000.0;
/// Most teams in one workspace.
pub const MAX_TEAMS: usize = 50;
/// Most stories in one workspace.
pub const MAX_STORIES: usize = 100_000;
/// Longest part of a story's sentence, criterion, reason or constraint field.
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Most acceptance criteria on one story.
pub const MAX_CRITERIA: usize = 100;
/// Longest spike time box, in days.
pub const MAX_TIME_BOX_DAYS: f64 = 30.0;
/// Most epics in one workspace.
pub const MAX_EPICS: usize = 10_000;
/// Most constraints in one workspace.
pub const MAX_CONSTRAINTS: usize = 1_000;
/// Most dependencies of one story.
pub const MAX_DEPENDENCIES: usize = 100;
/// Estimates above this suggest splitting the story.
pub const LARGE_ESTIMATE: f64 = 13.0;
/// Most members in one workspace.
pub const MAX_MEMBERS: usize = 500;
/// Most status changes kept per story (the oldest go first).
pub const MAX_TRANSITIONS: usize = 200;
/// Highest sprint number.
pub const MAX_SPRINT: u32 = 10_000;
/// Longest team key (`IOS`, `AND`), in characters.
pub const MAX_TEAM_KEY_CHARS: usize = 6;
/// Longest release version (`4.2.0`), in characters.
pub const MAX_VERSION_CHARS: usize = 40;
/// Longest Jira issue key kept on a story.
pub const MAX_JIRA_KEY_CHARS: usize = 64;

/// What a workspace holds a limited number of. Its one sentence
/// ("a workspace holds at most 50 teams") is the import's message and,
/// as a sentence, the edit's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capped {
    Teams,
    Stories,
    Epics,
    Constraints,
    Members,
}

impl Capped {
    /// The most a workspace holds.
    pub fn max(self) -> usize {
        match self {
            Capped::Teams => MAX_TEAMS,
            Capped::Stories => MAX_STORIES,
            Capped::Epics => MAX_EPICS,
            Capped::Constraints => MAX_CONSTRAINTS,
            Capped::Members => MAX_MEMBERS,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Capped::Teams => "teams",
            Capped::Stories => "stories",
            Capped::Epics => "epics",
            Capped::Constraints => "constraints",
            Capped::Members => "members",
        }
    }
}

impl std::fmt::Display for Capped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a workspace holds at most {} {}",
            self.max(),
            self.noun()
        )
    }
}
