//! The workspace: every team and every story, and the rules that change them.
//!
//! Stories live in one list; a team's product backlog is that list filtered
//! by team, in list order. Keeping one list makes moves between teams and the
//! exchange format simple (`stories[12].team`).

use super::constraint::Constraint;
use super::deck::{CustomDeck, TeamDeck};
use super::description::Description;
use super::epic::Epic;
use super::ids::{EpicId, MemberId, StoryId, TeamId};
use super::limits::{Capped, MAX_STORIES, MAX_TEAMS};
use super::member::{Allocation, Member};
use super::person::PersonNameError;
use super::poker::PokerSession;
use super::release::Release;
use super::sprint::{Cadence, Planning, SprintRecord, TeamSprint};
use super::story::{Story, StoryEdit, StoryFieldError, StoryKind, StoryStatus, StoryText};
use super::team::{Colour, Team, TeamKey, TeamKeyError, TeamKind, TeamName};
use super::title::Title;
use chrono::{DateTime, Utc};
use std::fmt;
use std::sync::Arc;

/// All the planning data of one browser: teams and their backlogs.
#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    pub(super) teams: Vec<Team>,
    pub(super) epics: Vec<Epic>,
    pub(super) constraints: Vec<Constraint>,
    /// Shared, copy-on-write: a copy of the workspace (for undo) costs a
    /// pointer per story, and a change copies only the story it touches.
    pub(super) stories: Vec<Arc<Story>>,
    /// The number the next epic gets (`EP-<n>`); only ever grows.
    pub(super) next_epic_number: u32,
    /// The shared sprint rhythm, once set.
    pub(super) cadence: Option<Cadence>,
    pub(super) members: Vec<Member>,
    /// Started and closed sprints, by number.
    pub(super) sprints: Vec<SprintRecord>,
    pub(super) custom_decks: Vec<CustomDeck>,
    /// Per team: its default deck and T-shirt points.
    pub(super) team_decks: Vec<TeamDeck>,
    /// Planning poker sessions, oldest first.
    pub(super) sessions: Vec<PokerSession>,
    /// The release log.
    pub(super) releases: Vec<Release>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            teams: Vec::new(),
            epics: Vec::new(),
            constraints: Vec::new(),
            stories: Vec::new(),
            next_epic_number: 1,
            cadence: None,
            members: Vec::new(),
            sprints: Vec::new(),
            custom_decks: Vec::new(),
            team_decks: Vec::new(),
            sessions: Vec::new(),
            releases: Vec::new(),
        }
    }
}

/// Where to put a story inside its team's backlog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// First in the backlog.
    Top,
    /// Last in the backlog.
    Bottom,
    /// Just above another story of the same team.
    Before(StoryId),
    /// Just below another story of the same team.
    After(StoryId),
}

/// A deleted story and where it stood, so the delete can be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct RemovedStory {
    pub story: Story,
    index: usize,
    /// Stories that depended on it (their links come back with it).
    dependents: Vec<StoryId>,
}

/// A removed team with its stories, so the removal can be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct RemovedTeam {
    pub team: Team,
    index: usize,
    stories: Vec<(usize, Story)>,
    /// (dependent, removed story) links from other teams' stories.
    links: Vec<(StoryId, StoryId)>,
    /// Epics that targeted the team.
    targeted_by: Vec<EpicId>,
    /// Members whose home it was, where they stood.
    members: Vec<(usize, Member)>,
    /// Other members' shares of it.
    allocations: Vec<(MemberId, Allocation)>,
    /// Its part of each sprint record.
    records: Vec<(u32, TeamSprint)>,
}

impl RemovedTeam {
    /// How many stories went with the team.
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }
}

/// Story count and points of one backlog.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BacklogSummary {
    pub stories: usize,
    pub estimated: usize,
    pub points: f64,
    /// Stories with at least one lint notice not dismissed.
    pub with_notices: usize,
}

/// Why a change to the workspace was refused; each says what to do instead.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkspaceError {
    UnknownTeam,
    UnknownStory,
    UnknownMember,
    InvalidMemberName,
    OverAllocated {
        name: String,
        free: u32,
    },
    DaysOffOutOfRange {
        limit: f64,
    },
    InvalidCadence,
    InvalidRelease,
    InvalidDeck(String),
    UnknownDeck,
    NoSession,
    NoRound,
    QueueFull,
    UnknownParticipant,
    TooManyParticipants,
    RoomFull,
    InvalidTimer,
    NoBackendSlice,
    NotInDeck(String),
    ObserverCantVote,
    AlreadyRevealed,
    NotRevealed,
    SprintClosed,
    NotCurrentSprint {
        current: u32,
    },
    InvalidTeamName,
    InvalidTeamKey(TeamKeyError),
    DuplicateTeamKey {
        key: String,
        team: String,
    },
    InvalidColour,
    DuplicateStory,
    /// More of something than a workspace holds.
    TooMany(Capped),
    StoryField(StoryFieldError),
    UnknownEpic,
    UnknownConstraint,
    InvalidConstraintName,
    SelfDependency,
    TooManyDependencies,
    /// The keys along the cycle, the first repeated at the end.
    DependencyCycle(Vec<String>),
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkspaceError::UnknownTeam => {
                write!(
                    f,
                    "That team no longer exists. Reload the page to see the current teams."
                )
            }
            WorkspaceError::UnknownStory => {
                write!(f, "That story no longer exists. It may have been deleted.")
            }
            WorkspaceError::InvalidTeamName => write!(
                f,
                "A team needs a name of 1 to {} characters.",
                super::limits::MAX_TEAM_NAME_CHARS
            ),
            WorkspaceError::InvalidTeamKey(e) => write!(f, "That key can't be used: {e}."),
            WorkspaceError::DuplicateTeamKey { key, team } => {
                write!(
                    f,
                    "The key {key} is already used by {team}. Choose another key."
                )
            }
            WorkspaceError::InvalidColour => {
                write!(
                    f,
                    "A team colour is written as #rrggbb, for example #0a84ff."
                )
            }
            WorkspaceError::DuplicateStory => write!(f, "That story is already in the workspace."),
            WorkspaceError::TooMany(what) => {
                write_sentence(f, what)?;
                if *what == Capped::Stories {
                    write!(f, " Delete finished stories to make room.")?;
                }
                Ok(())
            }
            WorkspaceError::UnknownEpic => write!(f, "That epic no longer exists."),
            WorkspaceError::UnknownConstraint => write!(f, "That constraint no longer exists."),
            WorkspaceError::InvalidConstraintName => write!(
                f,
                "A constraint needs a name of 1 to {} characters.",
                super::limits::MAX_CONSTRAINT_NAME_CHARS
            ),
            WorkspaceError::SelfDependency => write!(f, "A story can't depend on itself."),
            WorkspaceError::TooManyDependencies => write!(
                f,
                "A story depends on at most {} others.",
                super::limits::MAX_DEPENDENCIES
            ),
            WorkspaceError::UnknownMember => write!(
                f,
                "That member no longer exists. They may have been removed."
            ),
            WorkspaceError::InvalidMemberName => write_sentence(f, &PersonNameError),
            WorkspaceError::OverAllocated { name, free } => write!(
                f,
                "{name} would be allocated over 100%. At most {free}% is free for this team."
            ),
            WorkspaceError::DaysOffOutOfRange { limit } => write!(
                f,
                "Days off in a sprint go from 0 to its {limit} working days."
            ),
            WorkspaceError::InvalidCadence => {
                let weeks = super::sprint::CADENCE_WEEKS;
                write!(
                    f,
                    "A sprint lasts {} to {} weeks.",
                    weeks.start(),
                    weeks.end()
                )
            }
            WorkspaceError::InvalidRelease => write!(
                f,
                "A release needs a version of 1 to {} characters and a note of at most {}.",
                super::limits::MAX_VERSION_CHARS,
                super::limits::grouped(super::limits::MAX_TEXT_CHARS)
            ),
            WorkspaceError::InvalidDeck(why) => write!(f, "That deck can't be used: {why}."),
            WorkspaceError::UnknownDeck => write!(f, "That deck no longer exists."),
            WorkspaceError::NoSession => write!(f, "Start a poker session first."),
            WorkspaceError::NoRound => write!(f, "Pick a story to estimate first."),
            WorkspaceError::QueueFull => {
                write!(f, "The session holds as many stories and rounds as it can.")
            }
            WorkspaceError::UnknownParticipant => {
                write!(f, "That participant has left the session.")
            }
            WorkspaceError::RoomFull => write!(
                f,
                "A live room takes at most {} devices; remove someone who left first.",
                super::room::MAX_ROOM_PEOPLE
            ),
            WorkspaceError::TooManyParticipants => write!(
                f,
                "A session has at most {} participants.",
                super::poker::MAX_PARTICIPANTS
            ),
            WorkspaceError::InvalidTimer => write!(f, "A countdown lasts 1 second to 1 hour."),
            WorkspaceError::NoBackendSlice => write!(
                f,
                "This story has no backend slice in its epic, so it can't be estimated per discipline."
            ),
            WorkspaceError::NotInDeck(card) => write!(f, "“{card}” is not a card of this deck."),
            WorkspaceError::ObserverCantVote => {
                write!(f, "Observers don't vote; make them a voter first.")
            }
            WorkspaceError::AlreadyRevealed => {
                write!(f, "The votes are revealed; start a re-vote to vote again.")
            }
            WorkspaceError::NotRevealed => {
                write!(f, "Reveal the votes before accepting an estimate.")
            }
            WorkspaceError::SprintClosed => write!(
                f,
                "That sprint is closed; its plan is kept as a record and can't change."
            ),
            WorkspaceError::NotCurrentSprint { current } => write!(
                f,
                "Only the current sprint (sprint {current}) can be started or closed."
            ),
            WorkspaceError::DependencyCycle(keys) => write!(
                f,
                "That would make a cycle: {}. A story can't wait, even indirectly, on itself.",
                keys.join(" → ")
            ),
            WorkspaceError::StoryField(e) => {
                let text = e.to_string();
                let mut chars = text.chars();
                match chars.next() {
                    Some(first) => write!(f, "{}{}.", first.to_uppercase(), chars.as_str()),
                    None => Ok(()),
                }
            }
        }
    }
}

/// A rule's words as a sentence for a person, as [`WorkspaceError`] says
/// them, for a page that shows one rule's error without loading every
/// workspace message (the participant page, whose size counts).
pub struct Sentence<'a>(pub &'a dyn fmt::Display);

impl fmt::Display for Sentence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_sentence(f, self.0)
    }
}

/// Writes a rule's words (as an import names them: "a workspace holds at
/// most 50 teams") as a sentence for a person: capital first, full stop.
fn write_sentence(f: &mut fmt::Formatter<'_>, words: &dyn fmt::Display) -> fmt::Result {
    let words = words.to_string();
    let mut letters = words.chars();
    match letters.next() {
        Some(first) => write!(f, "{}{}.", first.to_uppercase(), letters.as_str()),
        None => Ok(()),
    }
}

impl From<PersonNameError> for WorkspaceError {
    fn from(_: PersonNameError) -> Self {
        WorkspaceError::InvalidMemberName
    }
}

impl From<StoryFieldError> for WorkspaceError {
    fn from(e: StoryFieldError) -> Self {
        WorkspaceError::StoryField(e)
    }
}

impl From<super::title::TitleError> for WorkspaceError {
    fn from(e: super::title::TitleError) -> Self {
        WorkspaceError::StoryField(e.into())
    }
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// The start our users need: iOS and Android client teams and a Backend
    /// service team.
    pub fn with_default_teams() -> Workspace {
        let mut workspace = Workspace::new();
        for (name, key, kind, colour) in [
            ("iOS", "IOS", TeamKind::ClientPlatform, "#0a84ff"),
            ("Android", "AND", TeamKind::ClientPlatform, "#2e9e5b"),
            ("Backend", "BE", TeamKind::Service, "#a35bd6"),
        ] {
            // The defaults are valid keys; a failure here would be a bug in
            // this list, caught by the unit tests.
            let _ = workspace.add_team(name, key, kind, colour);
        }
        workspace
    }

    /// Builds a workspace from parts already checked by `validation`.
    pub(super) fn from_parts(
        teams: Vec<Team>,
        epics: Vec<Epic>,
        constraints: Vec<Constraint>,
        stories: Vec<Arc<Story>>,
        next_epic_number: u32,
        planning: Planning,
    ) -> Workspace {
        Workspace {
            teams,
            epics,
            constraints,
            stories,
            next_epic_number,
            cadence: planning.cadence,
            members: planning.members,
            sprints: planning.sprints,
            custom_decks: planning.custom_decks,
            team_decks: planning.team_decks,
            sessions: planning.sessions,
            releases: planning.releases,
        }
    }

    /// Whether `other` holds the same data; shared stories are compared by
    /// pointer first, so this is cheap for copies of one another.
    pub fn same_as(&self, other: &Workspace) -> bool {
        self.next_epic_number == other.next_epic_number
            && self.cadence == other.cadence
            && self.members == other.members
            && self.sprints == other.sprints
            && self.custom_decks == other.custom_decks
            && self.team_decks == other.team_decks
            && self.sessions == other.sessions
            && self.releases == other.releases
            && self.teams == other.teams
            && self.epics == other.epics
            && self.constraints == other.constraints
            && self.stories.len() == other.stories.len()
            && self
                .stories
                .iter()
                .zip(&other.stories)
                .all(|(x, y)| Arc::ptr_eq(x, y) || x == y)
    }

    /// The sprint data: cadence, members and sprint records.
    pub fn planning(&self) -> Planning {
        Planning {
            cadence: self.cadence,
            members: self.members.clone(),
            sprints: self.sprints.clone(),
            custom_decks: self.custom_decks.clone(),
            team_decks: self.team_decks.clone(),
            sessions: self.sessions.clone(),
            releases: self.releases.clone(),
        }
    }

    /// The number the next epic will get.
    pub fn next_epic_number(&self) -> u32 {
        self.next_epic_number
    }

    /// Every team, in the order they were added.
    pub fn teams(&self) -> &[Team] {
        &self.teams
    }

    /// Every story, teams interleaved; each team's backlog order is kept.
    pub fn stories(&self) -> &[Arc<Story>] {
        &self.stories
    }

    /// The team with this id.
    pub fn team(&self, id: TeamId) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// The team with this key, ignoring case (`ios` finds `IOS`).
    pub fn team_by_key(&self, key: &str) -> Option<&Team> {
        self.teams
            .iter()
            .find(|t| t.key.as_str().eq_ignore_ascii_case(key))
    }

    fn team_mut(&mut self, id: TeamId) -> Result<&mut Team, WorkspaceError> {
        self.teams
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or(WorkspaceError::UnknownTeam)
    }

    fn check_key_free(&self, key: &TeamKey, except: Option<TeamId>) -> Result<(), WorkspaceError> {
        match self
            .teams
            .iter()
            .find(|t| &t.key == key && Some(t.id) != except)
        {
            Some(other) => Err(WorkspaceError::DuplicateTeamKey {
                key: key.to_string(),
                team: other.name.to_string(),
            }),
            None => Ok(()),
        }
    }

    /// Adds a team with an empty backlog.
    pub fn add_team(
        &mut self,
        name: &str,
        key: &str,
        kind: TeamKind,
        colour: &str,
    ) -> Result<TeamId, WorkspaceError> {
        if self.teams.len() >= MAX_TEAMS {
            return Err(WorkspaceError::TooMany(Capped::Teams));
        }
        let name = TeamName::parse(name).map_err(|_| WorkspaceError::InvalidTeamName)?;
        let key = TeamKey::parse(key).map_err(WorkspaceError::InvalidTeamKey)?;
        self.check_key_free(&key, None)?;
        let colour = Colour::parse(colour).map_err(|_| WorkspaceError::InvalidColour)?;
        let team = Team::new(name, key, kind, colour);
        let id = team.id;
        self.teams.push(team);
        Ok(id)
    }

    /// Renames a team.
    pub fn rename_team(&mut self, id: TeamId, name: &str) -> Result<(), WorkspaceError> {
        let name = TeamName::parse(name).map_err(|_| WorkspaceError::InvalidTeamName)?;
        self.team_mut(id)?.name = name;
        Ok(())
    }

    /// Gives a team a new key; its stories' keys follow (`IOS-3` → `IPH-3`).
    pub fn rekey_team(&mut self, id: TeamId, key: &str) -> Result<(), WorkspaceError> {
        let key = TeamKey::parse(key).map_err(WorkspaceError::InvalidTeamKey)?;
        self.check_key_free(&key, Some(id))?;
        self.team_mut(id)?.key = key;
        Ok(())
    }

    /// Gives a team a new colour.
    pub fn recolour_team(&mut self, id: TeamId, colour: &str) -> Result<(), WorkspaceError> {
        let colour = Colour::parse(colour).map_err(|_| WorkspaceError::InvalidColour)?;
        self.team_mut(id)?.colour = colour;
        Ok(())
    }

    /// Changes whether a team is a client platform or a service team.
    pub fn set_team_kind(&mut self, id: TeamId, kind: TeamKind) -> Result<(), WorkspaceError> {
        self.team_mut(id)?.kind = kind;
        Ok(())
    }

    /// How many stories a team's backlog holds (asked before removing it).
    pub fn team_story_count(&self, id: TeamId) -> usize {
        self.stories.iter().filter(|s| s.team == id).count()
    }

    /// How many stories each team has, in team order (one pass over the
    /// stories, where asking team by team takes one each).
    pub fn team_story_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.teams.len()];
        for story in &self.stories {
            if let Some(i) = self.teams.iter().position(|t| t.id == story.team) {
                counts[i] += 1;
            }
        }
        counts
    }

    /// Removes a team and every story in its backlog.
    pub fn remove_team(&mut self, id: TeamId) -> Result<RemovedTeam, WorkspaceError> {
        let index = self
            .teams
            .iter()
            .position(|t| t.id == id)
            .ok_or(WorkspaceError::UnknownTeam)?;
        let team = self.teams.remove(index);
        let mut stories = Vec::new();
        let mut kept = Vec::with_capacity(self.stories.len());
        for (i, story) in std::mem::take(&mut self.stories).into_iter().enumerate() {
            if story.team == id {
                stories.push((i, Arc::unwrap_or_clone(story)));
            } else {
                kept.push(story);
            }
        }
        self.stories = kept;
        let gone: Vec<StoryId> = stories.iter().map(|(_, s)| s.id).collect();
        let mut links = Vec::new();
        for story in &mut self.stories {
            if story.depends_on.iter().any(|d| gone.contains(d)) {
                let story = Arc::make_mut(story);
                let id = story.id;
                story.depends_on.retain(|d| {
                    let keep = !gone.contains(d);
                    if !keep {
                        links.push((id, *d));
                    }
                    keep
                });
            }
        }
        let mut targeted_by = Vec::new();
        for epic in &mut self.epics {
            if epic.targets.contains(&id) {
                epic.targets.retain(|t| *t != id);
                targeted_by.push(epic.id);
            }
        }
        let mut members = Vec::new();
        for (i, member) in std::mem::take(&mut self.members).into_iter().enumerate() {
            if member.home_team == id {
                members.push((i, member));
            } else {
                self.members.push(member);
            }
        }
        let mut allocations = Vec::new();
        for member in &mut self.members {
            for a in member.allocations.iter().filter(|a| a.team == id) {
                allocations.push((member.id, *a));
            }
            member.allocations.retain(|a| a.team != id);
        }
        let mut records = Vec::new();
        for record in &mut self.sprints {
            for t in record.teams.iter().filter(|t| t.team == id) {
                records.push((record.number, t.clone()));
            }
            record.teams.retain(|t| t.team != id);
        }
        Ok(RemovedTeam {
            team,
            index,
            stories,
            links,
            targeted_by,
            members,
            allocations,
            records,
        })
    }

    /// Puts a removed team and its stories back where they were.
    pub fn restore_team(&mut self, removed: RemovedTeam) -> Result<(), WorkspaceError> {
        if self.team(removed.team.id).is_some() {
            return Err(WorkspaceError::DuplicateStory);
        }
        self.check_key_free(&removed.team.key, None)?;
        let team_id = removed.team.id;
        let index = removed.index.min(self.teams.len());
        self.teams.insert(index, removed.team);
        // Ascending original positions: each insert lands where it stood.
        for (i, mut story) in removed.stories {
            // Links to what changed meanwhile are dropped, not dangling.
            story.epic = story.epic.filter(|e| self.epics.iter().any(|x| x.id == *e));
            story
                .constraints
                .retain(|c| self.constraints.iter().any(|x| x.id == *c));
            let at = i.min(self.stories.len());
            self.stories.insert(at, Arc::new(story));
        }
        for (dependent, on) in removed.links {
            if let Some(s) = self.stories.iter_mut().find(|s| s.id == dependent) {
                Arc::make_mut(s).depends_on.push(on);
            }
        }
        for epic in &mut self.epics {
            if removed.targeted_by.contains(&epic.id) {
                epic.targets.push(team_id);
            }
        }
        for (i, member) in removed.members {
            let at = i.min(self.members.len());
            self.members.insert(at, member);
        }
        for (member, allocation) in removed.allocations {
            if let Some(m) = self.members.iter_mut().find(|m| m.id == member) {
                m.allocations.push(allocation);
            }
        }
        for (number, part) in removed.records {
            if let Some(r) = self.sprints.iter_mut().find(|r| r.number == number) {
                r.teams.push(part);
            }
        }
        self.drop_dangling_dependencies();
        Ok(())
    }

    /// The story with this id.
    pub fn story(&self, id: StoryId) -> Option<&Story> {
        self.stories.iter().find(|s| s.id == id).map(|s| &**s)
    }

    pub(super) fn story_mut(&mut self, id: StoryId) -> Result<&mut Story, WorkspaceError> {
        self.stories
            .iter_mut()
            .find(|s| s.id == id)
            .map(Arc::make_mut)
            .ok_or(WorkspaceError::UnknownStory)
    }

    /// Removes links to stories that no longer exist.
    fn drop_dangling_dependencies(&mut self) {
        let ids: std::collections::HashSet<StoryId> = self.stories.iter().map(|s| s.id).collect();
        for story in &mut self.stories {
            if story.depends_on.iter().any(|d| !ids.contains(d)) {
                Arc::make_mut(story).depends_on.retain(|d| ids.contains(d));
            }
        }
    }

    fn story_index(&self, id: StoryId) -> Result<usize, WorkspaceError> {
        self.stories
            .iter()
            .position(|s| s.id == id)
            .ok_or(WorkspaceError::UnknownStory)
    }

    /// A story's human key, e.g. `IOS-12`.
    pub fn story_key(&self, story: &Story) -> String {
        match self.team(story.team) {
            Some(team) => team.story_key(story.number),
            None => format!("?-{}", story.number),
        }
    }

    /// The story with this human key, ignoring case (`ios-12`).
    pub fn story_by_key(&self, key: &str) -> Option<&Story> {
        let (team_key, number) = key.rsplit_once('-')?;
        let team = self.team_by_key(team_key)?;
        let number: u32 = number.parse().ok()?;
        self.stories
            .iter()
            .find(|s| s.team == team.id && s.number == number)
            .map(|s| &**s)
    }

    /// A team's product backlog, in order.
    pub fn backlog(&self, team: TeamId) -> impl Iterator<Item = &Story> {
        self.stories
            .iter()
            .filter(move |s| s.team == team)
            .map(|s| &**s)
    }

    /// Positions (in [`Workspace::stories`]) of a team's stories that match a
    /// filter text, in backlog order. An empty or blank filter matches all.
    pub fn filter_backlog(&self, team: TeamId, query: &str) -> Vec<usize> {
        let query = super::story::filter_query(query);
        let Some(team) = self.team(team) else {
            return Vec::new();
        };
        self.stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.team == team.id)
            .filter(|(_, s)| query.is_empty() || s.matches(|| team.story_key(s.number), &query))
            .map(|(i, _)| i)
            .collect()
    }

    /// Up to `limit` stories of any team that a search text matches by key,
    /// title or description ([`super::story::filter_query`],
    /// [`Story::matches`]), in workspace order. A blank search finds none.
    pub fn find_stories(&self, query: &str, limit: usize) -> Vec<&Story> {
        let query = super::story::filter_query(query);
        if query.is_empty() {
            return Vec::new();
        }
        self.stories
            .iter()
            .map(|s| &**s)
            .filter(|s| s.matches(|| self.story_key(s), &query))
            .take(limit)
            .collect()
    }

    /// Story count and estimated points of a team's backlog.
    pub fn backlog_summary(&self, team: TeamId) -> BacklogSummary {
        self.backlog(team)
            .fold(BacklogSummary::default(), |mut sum, story| {
                sum.stories += 1;
                if let Some(points) = story.estimate {
                    sum.estimated += 1;
                    sum.points += points.get();
                }
                if !super::lint::story_lints(story).is_empty() {
                    sum.with_notices += 1;
                }
                sum
            })
    }

    /// Adds a story with this title at the bottom of a team's backlog.
    pub fn add_story(
        &mut self,
        team: TeamId,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<StoryId, WorkspaceError> {
        if self.stories.len() >= MAX_STORIES {
            return Err(WorkspaceError::TooMany(Capped::Stories));
        }
        let title = Title::parse(title)?;
        let team = self.team_mut(team)?;
        let number = team.next_story_number;
        team.next_story_number += 1;
        let story = Story {
            id: StoryId::new(),
            team: team.id,
            number,
            title,
            description: Description::default(),
            kind: StoryKind::UserStory,
            estimate: None,
            status: StoryStatus::ToDo,
            blocked_reason: String::new(),
            epic: None,
            text: StoryText::default(),
            acceptance_criteria: Vec::new(),
            depends_on: Vec::new(),
            constraints: Vec::new(),
            dismissed_lints: Vec::new(),
            sprint: None,
            started_at: None,
            done_at: None,
            transitions: Vec::new(),
            estimate_history: Vec::new(),
            jira_key: None,
            created_at: now,
            updated_at: now,
        };
        let id = story.id;
        self.stories.push(Arc::new(story));
        Ok(id)
    }

    /// Changes one field of a story. Returns whether anything changed;
    /// `updated_at` moves only then.
    pub fn edit_story(
        &mut self,
        id: StoryId,
        edit: StoryEdit,
        now: DateTime<Utc>,
    ) -> Result<bool, WorkspaceError> {
        let story = self.story_mut(id)?;
        let was = story.status;
        let changed = story.apply(edit)?;
        if changed {
            story.updated_at = now;
            if story.status != was {
                story.record_transition(was, now);
            }
        }
        Ok(changed)
    }

    /// Deletes a story; keep the result to undo.
    pub fn remove_story(&mut self, id: StoryId) -> Result<RemovedStory, WorkspaceError> {
        let index = self.story_index(id)?;
        let story = Arc::unwrap_or_clone(self.stories.remove(index));
        let mut dependents = Vec::new();
        for other in &mut self.stories {
            if other.depends_on.contains(&id) {
                let other = Arc::make_mut(other);
                other.depends_on.retain(|d| *d != id);
                dependents.push(other.id);
            }
        }
        Ok(RemovedStory {
            story,
            index,
            dependents,
        })
    }

    /// Undoes [`Workspace::remove_story`]: same place, same key.
    pub fn restore_story(&mut self, removed: RemovedStory) -> Result<(), WorkspaceError> {
        if self.team(removed.story.team).is_none() {
            return Err(WorkspaceError::UnknownTeam);
        }
        if self.story(removed.story.id).is_some() {
            return Err(WorkspaceError::DuplicateStory);
        }
        let id = removed.story.id;
        let mut story = removed.story;
        story.epic = story.epic.filter(|e| self.epics.iter().any(|x| x.id == *e));
        story
            .constraints
            .retain(|c| self.constraints.iter().any(|x| x.id == *c));
        let at = removed.index.min(self.stories.len());
        self.stories.insert(at, Arc::new(story));
        for dependent in removed.dependents {
            if let Some(s) = self.stories.iter_mut().find(|s| s.id == dependent) {
                Arc::make_mut(s).depends_on.push(id);
            }
        }
        self.drop_dangling_dependencies();
        Ok(())
    }

    /// Moves a story inside its team's backlog. Returns whether its place changed.
    pub fn move_story(&mut self, id: StoryId, to: Move) -> Result<bool, WorkspaceError> {
        let from = self.story_index(id)?;
        let team = self.stories[from].team;
        let rank_before = self.stories[..from]
            .iter()
            .filter(|s| s.team == team)
            .count();
        let target = match to {
            Move::Before(other) | Move::After(other) => {
                if other == id {
                    return Ok(false);
                }
                let at = self.story_index(other)?;
                if self.stories[at].team != team {
                    return Err(WorkspaceError::UnknownStory);
                }
                adjust(at, from)
            }
            Move::Top | Move::Bottom => from,
        };
        let story = self.stories.remove(from);
        let at = match to {
            Move::Before(_) => target,
            Move::After(_) => target + 1,
            Move::Top => self
                .stories
                .iter()
                .position(|s| s.team == team)
                .unwrap_or(from),
            Move::Bottom => self
                .stories
                .iter()
                .rposition(|s| s.team == team)
                .map_or(from, |i| i + 1),
        };
        let rank_after = self.stories[..at].iter().filter(|s| s.team == team).count();
        self.stories.insert(at, story);
        Ok(rank_after != rank_before)
    }

    /// Moves a story to the bottom of another team's backlog. It gets a new
    /// key from that team (the old key is not reused). Returns the new key.
    pub fn move_story_to_team(
        &mut self,
        id: StoryId,
        team: TeamId,
        now: DateTime<Utc>,
    ) -> Result<String, WorkspaceError> {
        let index = self.story_index(id)?;
        if self.stories[index].team == team {
            return Ok(self.story_key(&self.stories[index]));
        }
        let destination = self.team_mut(team)?;
        let number = destination.next_story_number;
        destination.next_story_number += 1;
        let key = destination.story_key(number);
        let mut story = self.stories.remove(index);
        let changed = Arc::make_mut(&mut story);
        changed.team = team;
        changed.number = number;
        changed.updated_at = now;
        self.stories.push(story);
        Ok(key)
    }
}

/// Index `at` was read before the item at `from` was removed.
fn adjust(at: usize, from: usize) -> usize {
    if at > from { at - 1 } else { at }
}
