//! The app's state, created once at the top and shared by context.

use crate::domain::history::History;
use crate::domain::{RemovedStory, RemovedTeam, Workspace, WorkspaceError};
use crate::storage::autosave::SaveState;
use leptos::prelude::*;

/// Everything the views share. Copy: it holds only signals.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The workspace; every change goes through [`AppState::change`].
    pub workspace: RwSignal<Workspace>,
    /// False until the user chose how to start (or the workspace was loaded).
    pub started: RwSignal<bool>,
    /// Where autosave stands.
    pub save_state: RwSignal<SaveState>,
    /// An error the user must see (shown with `role="alert"`).
    pub alert: RwSignal<Option<String>>,
    /// A passing notice, possibly with an undo (shown with `role="status"`).
    pub notice: RwSignal<Option<Notice>>,
    /// Whether autosave may write (false when the stored data was unreadable
    /// and could not be kept aside).
    pub saving_allowed: RwSignal<bool>,
    /// Why the stored workspace could not be read, while its text is kept.
    pub unreadable: RwSignal<Option<String>>,
    /// Earlier states, for Undo and Redo.
    history: StoredValue<History>,
    /// Whether Undo / Redo have something to do (for their buttons).
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// While the workspace is shared, Undo and Redo act on this device's
    /// own changes in the shared document instead of on `history`.
    shared_undo: StoredValue<Option<SharedUndo>, LocalStorage>,
}

/// Undo and Redo of a shared workspace (`ui::shared`): this device's own
/// changes only, so an undo never takes back someone else's edit.
#[derive(Clone)]
pub struct SharedUndo {
    /// Undoes the last step; whether there was one.
    pub undo: std::rc::Rc<dyn Fn() -> bool>,
    /// Redoes the last undone step; whether there was one.
    pub redo: std::rc::Rc<dyn Fn() -> bool>,
    /// Ends the current step (the person left a field).
    pub end_step: std::rc::Rc<dyn Fn()>,
    /// Whether there is something to undo, and to redo.
    pub flags: std::rc::Rc<dyn Fn() -> (bool, bool)>,
}

/// A notice such as "Deleted IOS-3", with what Undo would do.
#[derive(Clone, Debug)]
pub struct Notice {
    pub text: String,
    pub undo: Option<Undo>,
}

/// What an Undo button puts back.
#[derive(Clone, Debug)]
pub enum Undo {
    Story(Box<RemovedStory>),
    Team(Box<RemovedTeam>),
}

impl AppState {
    /// Every team's id and name, in team order, for menus (tracked: menus
    /// follow renames).
    pub fn team_names(&self) -> Vec<(crate::domain::TeamId, String)> {
        self.workspace.with(|w| {
            w.teams()
                .iter()
                .map(|t| (t.id, t.name.to_string()))
                .collect()
        })
    }

    /// Fresh state around a workspace.
    pub fn new(workspace: Workspace, started: bool) -> AppState {
        AppState {
            workspace: RwSignal::new(workspace),
            started: RwSignal::new(started),
            save_state: RwSignal::new(SaveState::Saved),
            alert: RwSignal::new(None),
            notice: RwSignal::new(None),
            saving_allowed: RwSignal::new(true),
            unreadable: RwSignal::new(None),
            history: StoredValue::new(History::default()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            shared_undo: StoredValue::new_local(None),
        }
    }

    /// Hands Undo and Redo to a shared workspace's document, or back to
    /// this tab's history (`None`).
    pub fn set_shared_undo(&self, shared: Option<SharedUndo>) {
        self.shared_undo.set_value(shared);
        self.refresh_history_flags();
    }

    /// Applies a domain change. On success the workspace is marked changed
    /// (so views update and autosave runs); on a refusal nothing changes and
    /// the reason is shown as an alert.
    pub fn change<T>(
        &self,
        f: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>,
    ) -> Option<T> {
        self.change_merging(None, f)
    }

    /// Like [`AppState::change`]; consecutive changes with the same `merge`
    /// key (typing in one field) are undone as one step.
    pub fn change_merging<T>(
        &self,
        merge: Option<String>,
        f: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>,
    ) -> Option<T> {
        // Cheap: stories are shared until changed.
        let before = self.workspace.get_untracked();
        let result = self.workspace.try_maybe_update(|w| {
            let result = f(w);
            (result.is_ok(), result)
        });
        if matches!(result, Some(Ok(_))) {
            self.record(before, merge);
        }
        match result {
            Some(Ok(value)) => {
                if self.alert.with_untracked(Option::is_some) {
                    self.alert.set(None);
                }
                Some(value)
            }
            Some(Err(e)) => {
                self.alert.set(Some(e.to_string()));
                None
            }
            None => None,
        }
    }

    fn record(&self, before: Workspace, merge: Option<String>) {
        self.history.update_value(|h| h.record(before, merge));
        self.refresh_history_flags();
    }

    /// Brings the Undo and Redo buttons up to date.
    pub fn refresh_history_flags(&self) {
        let shared = self.shared_undo.get_value();
        let (undo, redo) = match shared {
            Some(shared) => (shared.flags)(),
            None => self.history.with_value(|h| (h.can_undo(), h.can_redo())),
        };
        if self.can_undo.get_untracked() != undo {
            self.can_undo.set(undo);
        }
        if self.can_redo.get_untracked() != redo {
            self.can_redo.set(redo);
        }
    }

    /// Replaces the whole workspace (start, import, restore) as one undoable step.
    pub fn replace(&self, workspace: Workspace) {
        let before = self.workspace.get_untracked();
        self.workspace.set(workspace);
        if !self.started.get_untracked() {
            self.started.set(true);
        }
        self.record(before, None);
    }

    /// Takes in the workspace as it arrived from other tabs or devices
    /// (`ui::shared`). Undo history is cleared: stepping back would take
    /// back their work along with ours.
    pub fn adopt_shared(&self, workspace: Workspace) {
        self.workspace.set(workspace);
        if !self.started.get_untracked() {
            self.started.set(true);
        }
        self.history.update_value(History::clear);
        self.refresh_history_flags();
    }

    /// Ends a run of merged changes (the person left the field).
    pub fn seal_history(&self) {
        self.history.update_value(History::seal);
        if let Some(shared) = self.shared_undo.get_value() {
            (shared.end_step)();
        }
    }

    /// Undoes the last change to the workspace.
    pub fn undo_change(&self) {
        if let Some(shared) = self.shared_undo.get_value() {
            if (shared.undo)() {
                self.notify("Undone (your own last change).", None);
            }
            self.refresh_history_flags();
            return;
        }
        let current = self.workspace.get_untracked();
        if let Some(before) = self.history.try_update_value(|h| h.undo(current)).flatten() {
            self.workspace.set(before);
            // A notice's own Undo would now act on a state that moved on.
            self.notice.set(Some(Notice {
                text: "Undone.".into(),
                undo: None,
            }));
        }
        self.refresh_history_flags();
    }

    /// Redoes the last undone change.
    pub fn redo_change(&self) {
        if let Some(shared) = self.shared_undo.get_value() {
            if (shared.redo)() {
                self.notify("Redone.", None);
            }
            self.refresh_history_flags();
            return;
        }
        let current = self.workspace.get_untracked();
        if let Some(after) = self.history.try_update_value(|h| h.redo(current)).flatten() {
            self.workspace.set(after);
            self.notice.set(Some(Notice {
                text: "Redone.".into(),
                undo: None,
            }));
        }
        self.refresh_history_flags();
    }

    /// Shows a notice.
    pub fn notify(&self, text: impl Into<String>, undo: Option<Undo>) {
        self.notice.set(Some(Notice {
            text: text.into(),
            undo,
        }));
    }

    /// Runs the Undo of the current notice.
    pub fn undo_notice(&self) {
        let Some(Notice {
            undo: Some(undo), ..
        }) = self.notice.get_untracked()
        else {
            return;
        };
        let text = match &undo {
            Undo::Story(r) => format!("Restored “{}”.", r.story.title),
            Undo::Team(r) => format!("Restored team {}.", r.team.name),
        };
        let restored = match undo {
            Undo::Story(removed) => self.change(|w| w.restore_story(*removed)).is_some(),
            Undo::Team(removed) => self.change(|w| w.restore_team(*removed)).is_some(),
        };
        if restored {
            self.notify(text, None);
        }
    }
}

/// The shared state; panics only if a view is used outside the app, a
/// programming error caught by the component tests.
pub fn app_state() -> AppState {
    expect_context::<AppState>()
}
