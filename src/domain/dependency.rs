//! Dependencies between stories, across teams: a client story waits on the
//! backend story it needs. Cycles are refused.

use super::ids::StoryId;
use super::limits::MAX_DEPENDENCIES;
use super::story::Story;
use super::workspace::{Workspace, WorkspaceError};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A path along `depends_on` from `from` to `to`, both included.
fn path(index: &HashMap<StoryId, &Story>, from: StoryId, to: StoryId) -> Option<Vec<StoryId>> {
    let mut parent: HashMap<StoryId, StoryId> = HashMap::new();
    let mut seen: HashSet<StoryId> = HashSet::from([from]);
    let mut stack = vec![from];
    while let Some(current) = stack.pop() {
        if current == to {
            let mut out = vec![to];
            let mut at = to;
            while let Some(&p) = parent.get(&at) {
                out.push(p);
                at = p;
            }
            out.reverse();
            return Some(out);
        }
        for &next in index.get(&current).map_or(&[][..], |s| &s.depends_on[..]) {
            if seen.insert(next) {
                parent.insert(next, current);
                stack.push(next);
            }
        }
    }
    None
}

/// A cycle among the stories' dependencies, as the ids along it (the first
/// repeated at the end), or `None`.
pub fn find_cycle(stories: &[Arc<Story>]) -> Option<Vec<StoryId>> {
    let index: HashMap<StoryId, &Story> = stories.iter().map(|s| (s.id, &**s)).collect();
    let mut done: HashSet<StoryId> = HashSet::new();
    for story in stories {
        if done.contains(&story.id) {
            continue;
        }
        for &dep in &story.depends_on {
            if let Some(mut cycle) = path(&index, dep, story.id) {
                cycle.insert(0, story.id);
                return Some(cycle);
            }
        }
        done.insert(story.id);
    }
    None
}

impl Workspace {
    /// Makes `story` depend on `on` (any team). Refuses a cycle, naming it.
    pub fn add_dependency(
        &mut self,
        story: StoryId,
        on: StoryId,
        now: DateTime<Utc>,
    ) -> Result<bool, WorkspaceError> {
        if story == on {
            return Err(WorkspaceError::SelfDependency);
        }
        let (Some(s), Some(_)) = (self.story(story), self.story(on)) else {
            return Err(WorkspaceError::UnknownStory);
        };
        if s.depends_on.contains(&on) {
            return Ok(false);
        }
        if s.depends_on.len() >= MAX_DEPENDENCIES {
            return Err(WorkspaceError::TooManyDependencies);
        }
        let index: HashMap<StoryId, &Story> = self.stories.iter().map(|s| (s.id, &**s)).collect();
        if let Some(back) = path(&index, on, story) {
            let mut keys = vec![self.key_of(story)];
            keys.extend(back.iter().map(|id| self.key_of(*id)));
            return Err(WorkspaceError::DependencyCycle(keys));
        }
        let s = self.story_mut(story)?;
        s.depends_on.push(on);
        s.updated_at = now;
        Ok(true)
    }

    /// Removes a dependency.
    pub fn remove_dependency(
        &mut self,
        story: StoryId,
        on: StoryId,
        now: DateTime<Utc>,
    ) -> Result<bool, WorkspaceError> {
        let s = self.story_mut(story)?;
        let before = s.depends_on.len();
        s.depends_on.retain(|d| *d != on);
        let changed = s.depends_on.len() != before;
        if changed {
            s.updated_at = now;
        }
        Ok(changed)
    }

    /// The unfinished stories this one waits on.
    pub fn waiting_on(&self, story: &Story) -> Vec<&Story> {
        story
            .depends_on
            .iter()
            .filter_map(|id| self.story(*id))
            .filter(|d| !d.is_done())
            .collect()
    }

    /// The stories that depend on this one.
    pub fn dependents(&self, story: StoryId) -> Vec<&Story> {
        self.stories
            .iter()
            .filter(|s| s.depends_on.contains(&story))
            .map(|s| &**s)
            .collect()
    }

    /// A story's key by id, or `?` when it is gone.
    pub fn key_of(&self, id: StoryId) -> String {
        self.story(id)
            .map_or_else(|| "?".to_string(), |s| self.story_key(s))
    }
}
