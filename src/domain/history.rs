//! Undo and redo: earlier states of the workspace. Copies are cheap (stories
//! are shared until changed), so each step keeps a whole workspace.

use super::workspace::Workspace;
use std::collections::VecDeque;

/// How many steps can be undone.
pub const UNDO_LIMIT: usize = 100;

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: VecDeque<(Workspace, Option<String>)>,
    redo: Vec<Workspace>,
}

impl History {
    /// Records the state before a change. Consecutive changes with the same
    /// `merge` key (typing in one field) make a single step.
    pub fn record(&mut self, before: Workspace, merge: Option<String>) {
        self.redo.clear();
        if merge.is_some() && self.undo.back().is_some_and(|(_, key)| *key == merge) {
            return;
        }
        self.undo.push_back((before, merge));
        while self.undo.len() > UNDO_LIMIT {
            self.undo.pop_front();
        }
    }

    /// The state to go back to; `current` becomes redoable.
    pub fn undo(&mut self, current: Workspace) -> Option<Workspace> {
        let (before, _) = self.undo.pop_back()?;
        self.redo.push(current);
        Some(before)
    }

    /// The state undone last; `current` becomes undoable again.
    pub fn redo(&mut self, current: Workspace) -> Option<Workspace> {
        let after = self.redo.pop()?;
        self.undo.push_back((current, None));
        Some(after)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets every step (the workspace changed under them).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Ends typing in one field: the next change is a step of its own.
    pub fn seal(&mut self) {
        if let Some((_, key)) = self.undo.back_mut() {
            *key = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn with_stories(n: usize) -> Workspace {
        let mut ws = Workspace::with_default_teams();
        let ios = ws.teams()[0].id;
        for i in 0..n {
            let _ = ws.add_story(ios, &format!("S{i}"), Utc::now());
        }
        ws
    }

    #[test]
    fn undo_and_redo_walk_the_states() {
        let mut h = History::default();
        let (a, b, c) = (with_stories(0), with_stories(1), with_stories(2));
        h.record(a.clone(), None);
        h.record(b.clone(), None);
        assert_eq!(h.undo(c.clone()), Some(b.clone()));
        assert_eq!(h.undo(b.clone()), Some(a.clone()));
        assert_eq!(h.undo(a.clone()), None);
        assert_eq!(h.redo(a.clone()), Some(b.clone()));
        assert_eq!(h.redo(b.clone()), Some(c.clone()));
        assert!(!h.can_redo());
        // A new change after an undo drops the redo.
        assert_eq!(h.undo(c.clone()), Some(b.clone()));
        h.record(b, None);
        assert!(!h.can_redo());
    }

    #[test]
    fn typing_in_one_field_is_one_step() {
        let mut h = History::default();
        let (a, b, c) = (with_stories(0), with_stories(1), with_stories(2));
        h.record(a.clone(), Some("title".into()));
        h.record(b.clone(), Some("title".into()));
        assert_eq!(h.undo(c.clone()), Some(a.clone()));
        h.record(a.clone(), Some("title".into()));
        h.seal();
        h.record(b.clone(), Some("title".into()));
        assert_eq!(h.undo(c), Some(b));
    }

    #[test]
    fn at_most_the_limit_is_kept() {
        let mut h = History::default();
        for _ in 0..UNDO_LIMIT + 20 {
            h.record(Workspace::new(), None);
        }
        let mut steps = 0;
        while h.undo(Workspace::new()).is_some() {
            steps += 1;
        }
        assert_eq!(steps, UNDO_LIMIT);
    }
}
