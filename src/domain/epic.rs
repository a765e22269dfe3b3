//! Epics, and splitting one into a vertical-slice story per client team
//! plus one shared backend story that the client stories depend on.

use super::description::Description;
use super::ids::{EpicId, StoryId, TeamId};
use super::limits::{MAX_EPICS, MAX_TEXT_CHARS};
use super::story::{
    Story, StoryFieldError, StoryStatus, StoryText, check_story_text, check_text, first_repeat,
};
use super::team::TeamKind;
use super::title::Title;
use super::validation::{FieldProblem, ImportProblem};
use super::workspace::{Workspace, WorkspaceError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A feature built on several platforms, e.g. "Delete my profile".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Epic {
    pub id: EpicId,
    /// Its key is `EP-<number>`, never reused.
    pub number: u32,
    pub title: Title,
    /// The business goal.
    pub goal: String,
    pub description: Description,
    /// The user story carried over to every slice (as a / I want / so that).
    pub text: StoryText,
    /// The teams it is meant for.
    pub targets: Vec<TeamId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Epic {
    /// `EP-3`.
    pub fn key(&self) -> String {
        format!("EP-{}", self.number)
    }
}

impl Epic {
    /// Checks the rules of this epic alone, as a file must keep them: its
    /// goal and sentence, and no team targeted twice. `record` is where it
    /// sits in the file (`epics[0]`).
    pub fn check_record(&self, record: &str) -> Result<(), FieldProblem> {
        let text = |field: &str, e: StoryFieldError| {
            FieldProblem::new(field, ImportProblem::InvalidText(e.to_string()))
        };
        check_text(&self.goal).map_err(|e| text("goal", e))?;
        check_story_text(&self.text).map_err(|e| text("text", e))?;
        if let Some(j) = first_repeat(&self.targets) {
            return Err(FieldProblem::repeated("targets", j, record));
        }
        Ok(())
    }
}

/// The fields a person edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpicFields {
    pub title: String,
    pub goal: String,
    pub description: String,
    pub text: StoryText,
    pub targets: Vec<TeamId>,
}

/// One story a split will create (or found already there).
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedStory {
    pub team: TeamId,
    /// Editable in the preview.
    pub title: String,
    /// The epic's story already in that team: nothing is created for it.
    pub existing: Option<StoryId>,
}

impl PlannedStory {
    /// Whether the split creates this story (no story of the epic is in
    /// that team yet).
    pub fn is_new(&self) -> bool {
        self.existing.is_none()
    }
}

/// How many stories carrying out `plan` creates.
pub fn stories_created(plan: &[PlannedStory]) -> usize {
    plan.iter().filter(|p| p.is_new()).count()
}

/// The teams a split starts from, before a person changes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitChoice {
    /// Client teams, one vertical slice each.
    pub clients: Vec<TeamId>,
    /// The service team for the shared backend story, if there is one.
    pub backend: Option<TeamId>,
}

/// Where an epic stands, derived from its stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpicStatus {
    /// No stories yet.
    NotSplit,
    NotStarted,
    InProgress,
    Done,
}

impl EpicStatus {
    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            EpicStatus::NotSplit => "Not split yet",
            EpicStatus::NotStarted => "Not started",
            EpicStatus::InProgress => "In progress",
            EpicStatus::Done => "Done",
        }
    }
}

/// Stories and points done out of the total, for one team or the epic.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub stories: usize,
    pub done: usize,
    pub points: f64,
    pub points_done: f64,
}

impl Progress {
    /// Counts one more story.
    pub(super) fn add(&mut self, story: &Story) {
        let points = story.points();
        self.stories += 1;
        self.points += points;
        if story.status == StoryStatus::Done {
            self.done += 1;
            self.points_done += points;
        }
    }
}

impl Progress {
    /// Share done, by points when the stories are estimated, else by count.
    pub fn share_done(&self) -> f64 {
        if self.points > 0.0 {
            self.points_done / self.points
        } else if self.stories > 0 {
            self.done as f64 / self.stories as f64
        } else {
            0.0
        }
    }
}

/// A client platform behind another on the same epic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lag {
    pub behind: TeamId,
    pub ahead: TeamId,
    pub behind_progress: Progress,
    pub ahead_progress: Progress,
}

/// The epic's title and description, once every field is checked.
fn check(fields: &EpicFields) -> Result<(Title, Description), WorkspaceError> {
    let title = Title::parse(&fields.title)?;
    if fields.goal.chars().count() > MAX_TEXT_CHARS {
        return Err(super::story::StoryFieldError::TextTooLong.into());
    }
    let description = Description::parse(&fields.description).map_err(StoryFieldError::from)?;
    check_story_text(&fields.text)?;
    Ok((title, description))
}

impl Workspace {
    /// Every epic, in the order they were added.
    pub fn epics(&self) -> &[Epic] {
        &self.epics
    }

    /// The epic with this id.
    pub fn epic(&self, id: EpicId) -> Option<&Epic> {
        self.epics.iter().find(|e| e.id == id)
    }

    /// The epic with this key (`EP-3`, any case).
    pub fn epic_by_key(&self, key: &str) -> Option<&Epic> {
        let number: u32 = key.get(3..)?.parse().ok()?;
        key.get(..3)
            .filter(|p| p.eq_ignore_ascii_case("EP-"))
            .and_then(|_| self.epics.iter().find(|e| e.number == number))
    }

    fn epic_mut(&mut self, id: EpicId) -> Result<&mut Epic, WorkspaceError> {
        self.epics
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(WorkspaceError::UnknownEpic)
    }

    fn check_targets(&self, targets: &[TeamId]) -> Result<Vec<TeamId>, WorkspaceError> {
        let mut out = Vec::new();
        for &t in targets {
            self.team(t).ok_or(WorkspaceError::UnknownTeam)?;
            if !out.contains(&t) {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// Adds an epic.
    pub fn add_epic(
        &mut self,
        fields: &EpicFields,
        now: DateTime<Utc>,
    ) -> Result<EpicId, WorkspaceError> {
        if self.epics.len() >= MAX_EPICS {
            return Err(WorkspaceError::TooMany(super::limits::Capped::Epics));
        }
        let (title, description) = check(fields)?;
        let f = fields.clone();
        let targets = self.check_targets(&f.targets)?;
        let id = EpicId::new();
        let number = self.next_epic_number;
        self.next_epic_number += 1;
        self.epics.push(Epic {
            id,
            number,
            title,
            goal: f.goal,
            description,
            text: f.text,
            targets,
            created_at: now,
            updated_at: now,
        });
        Ok(id)
    }

    /// Changes an epic's fields (its stories keep their own text).
    pub fn edit_epic(
        &mut self,
        id: EpicId,
        fields: &EpicFields,
        now: DateTime<Utc>,
    ) -> Result<(), WorkspaceError> {
        let (title, description) = check(fields)?;
        let f = fields.clone();
        let targets = self.check_targets(&f.targets)?;
        let epic = self.epic_mut(id)?;
        epic.title = title;
        epic.goal = f.goal;
        epic.description = description;
        epic.text = f.text;
        epic.targets = targets;
        epic.updated_at = now;
        Ok(())
    }

    /// Removes an epic; its stories stay in their backlogs, unlinked.
    pub fn remove_epic(&mut self, id: EpicId) -> Result<Epic, WorkspaceError> {
        let index = self
            .epics
            .iter()
            .position(|e| e.id == id)
            .ok_or(WorkspaceError::UnknownEpic)?;
        for story in &mut self.stories {
            if story.epic == Some(id) {
                std::sync::Arc::make_mut(story).epic = None;
            }
        }
        Ok(self.epics.remove(index))
    }

    /// The epic's stories, in workspace order.
    pub fn epic_stories(&self, id: EpicId) -> Vec<&Story> {
        self.stories
            .iter()
            .filter(|s| s.epic == Some(id))
            .map(|s| &**s)
            .collect()
    }

    /// The same epic's stories in other teams (the story's siblings).
    pub fn siblings(&self, story: &Story) -> Vec<&Story> {
        match story.epic {
            Some(epic) => self
                .epic_stories(epic)
                .into_iter()
                .filter(|s| s.id != story.id)
                .collect(),
            None => Vec::new(),
        }
    }

    /// Progress per team (in team order, teams with stories or targeted),
    /// overall, and the derived status.
    pub fn epic_progress(&self, id: EpicId) -> (Vec<(TeamId, Progress)>, Progress, EpicStatus) {
        let stories = self.epic_stories(id);
        let targets = self.epic(id).map(|e| e.targets.clone()).unwrap_or_default();
        let mut per_team = Vec::new();
        let mut overall = Progress::default();
        for team in &self.teams {
            let mine: Vec<_> = stories.iter().filter(|s| s.team == team.id).collect();
            if mine.is_empty() && !targets.contains(&team.id) {
                continue;
            }
            let mut p = Progress::default();
            for s in mine {
                p.add(s);
                overall.add(s);
            }
            per_team.push((team.id, p));
        }
        let status = if stories.is_empty() {
            EpicStatus::NotSplit
        } else if overall.done == overall.stories {
            EpicStatus::Done
        } else if stories.iter().all(|s| s.status == StoryStatus::ToDo) {
            EpicStatus::NotStarted
        } else {
            EpicStatus::InProgress
        };
        (per_team, overall, status)
    }

    /// The client platform furthest behind on an epic, compared with the one
    /// furthest ahead; `None` when they are level or there is only one.
    pub fn lagging_platform(&self, id: EpicId) -> Option<Lag> {
        let (per_team, _, _) = self.epic_progress(id);
        let clients: Vec<(TeamId, Progress)> = per_team
            .into_iter()
            .filter(|(t, p)| {
                p.stories > 0
                    && self
                        .team(*t)
                        .is_some_and(|t| t.kind == TeamKind::ClientPlatform)
            })
            .collect();
        let by_share = |a: &&(TeamId, Progress), b: &&(TeamId, Progress)| {
            a.1.share_done().total_cmp(&b.1.share_done())
        };
        let ahead = clients.iter().max_by(by_share)?;
        let behind = clients.iter().min_by(by_share)?;
        (behind.1.share_done() < ahead.1.share_done()).then_some(Lag {
            behind: behind.0,
            ahead: ahead.0,
            behind_progress: behind.1,
            ahead_progress: ahead.1,
        })
    }

    /// The split proposed for an epic: the client teams it targets (every
    /// client team when it targets none) and the first service team.
    pub fn default_split(&self, epic: EpicId) -> SplitChoice {
        let targets = self.epic(epic).map_or(&[][..], |e| &e.targets[..]);
        let clients = self
            .teams
            .iter()
            .filter(|t| t.kind == TeamKind::ClientPlatform)
            .filter(|t| targets.is_empty() || targets.contains(&t.id))
            .map(|t| t.id)
            .collect();
        let backend = self
            .teams
            .iter()
            .find(|t| t.kind == TeamKind::Service)
            .map(|t| t.id);
        SplitChoice { clients, backend }
    }

    /// The stories a split would create: one per chosen client team, one in
    /// the chosen service team. Teams that already have the epic's story are
    /// listed with it and get nothing new.
    pub fn plan_split(
        &self,
        epic: EpicId,
        client_teams: &[TeamId],
        backend: Option<TeamId>,
    ) -> Result<Vec<PlannedStory>, WorkspaceError> {
        let e = self.epic(epic).ok_or(WorkspaceError::UnknownEpic)?;
        let mut plan = Vec::new();
        for &team_id in client_teams.iter().chain(backend.iter()) {
            if plan.iter().any(|p: &PlannedStory| p.team == team_id) {
                continue;
            }
            let team = self.team(team_id).ok_or(WorkspaceError::UnknownTeam)?;
            let existing = self
                .stories
                .iter()
                .find(|s| s.epic == Some(epic) && s.team == team_id)
                .map(|s| s.id);
            let title = match existing.and_then(|id| self.story(id)) {
                Some(s) => s.title.to_string(),
                None => format!("{} ({})", e.title, team.name),
            };
            plan.push(PlannedStory {
                team: team_id,
                title,
                existing,
            });
        }
        Ok(plan)
    }

    /// Carries out a (possibly edited) plan: creates the missing stories
    /// with the epic's text, and makes every client story of the epic
    /// depend on its backend story. All or nothing. Returns the new stories.
    pub fn split_epic(
        &mut self,
        epic: EpicId,
        plan: &[PlannedStory],
        now: DateTime<Utc>,
    ) -> Result<Vec<StoryId>, WorkspaceError> {
        let e = self.epic(epic).ok_or(WorkspaceError::UnknownEpic)?.clone();
        // Check everything before changing anything.
        let mut titles = Vec::new();
        for p in plan.iter().filter(|p| p.is_new()) {
            self.team(p.team).ok_or(WorkspaceError::UnknownTeam)?;
            titles.push((p.team, Title::parse(&p.title)?));
        }
        let before = self.clone();
        let result = self.apply_split(&e, &titles, now);
        if result.is_err() {
            *self = before;
        }
        result
    }

    fn apply_split(
        &mut self,
        e: &Epic,
        titles: &[(TeamId, Title)],
        now: DateTime<Utc>,
    ) -> Result<Vec<StoryId>, WorkspaceError> {
        let mut created = Vec::new();
        for (team, title) in titles {
            let id = self.add_story(*team, title, now)?;
            let story = self.story_mut(id)?;
            story.epic = Some(e.id);
            story.text = e.text.clone();
            story.description = e.description.clone();
            created.push(id);
        }
        let team_kind = |ws: &Workspace, t: TeamId| ws.team(t).map(|t| t.kind);
        let stories: Vec<(StoryId, TeamId)> = self
            .epic_stories(e.id)
            .iter()
            .map(|s| (s.id, s.team))
            .collect();
        let backend = stories
            .iter()
            .find(|(_, t)| team_kind(self, *t) == Some(TeamKind::Service))
            .map(|(id, _)| *id);
        if let Some(backend) = backend {
            for (id, team) in &stories {
                if team_kind(self, *team) == Some(TeamKind::ClientPlatform) {
                    self.add_dependency(*id, backend, now)?;
                }
            }
        }
        let teams: Vec<TeamId> = titles.iter().map(|(t, _)| *t).collect();
        let epic = self.epic_mut(e.id)?;
        for t in teams {
            if !epic.targets.contains(&t) {
                epic.targets.push(t);
            }
        }
        Ok(created)
    }

    /// Links a story to an epic (or unlinks it with `None`).
    pub fn set_story_epic(
        &mut self,
        story: StoryId,
        epic: Option<EpicId>,
        now: DateTime<Utc>,
    ) -> Result<bool, WorkspaceError> {
        if let Some(e) = epic {
            self.epic(e).ok_or(WorkspaceError::UnknownEpic)?;
        }
        let s = self.story_mut(story)?;
        if s.epic == epic {
            return Ok(false);
        }
        s.epic = epic;
        s.updated_at = now;
        Ok(true)
    }
}
