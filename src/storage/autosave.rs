//! Autosave: the one place where the workspace is written to storage.
//!
//! Changes are saved shortly after they happen (debounced, so typing does
//! not serialise the workspace on every key) and at once when the page is
//! hidden or unloaded, so a reload or a closed tab right after an edit keeps it.
//! The debounced save holds the cross-tab lock from its read of the stored
//! workspace to its write, so two tabs saving at once take turns. Other
//! tabs' changes arrive as document updates (`ui::shared`), not from here.

use super::local::SaveError;
use super::lock;
use super::snapshots;
use super::sync::Tab;
use crate::domain::Workspace;
use chrono::Utc;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// When packing ahead of the first save starts (after the first paint).
const PREPARE_AFTER: Duration = Duration::from_millis(500);
/// The pause between two steps of it, leaving the page free to respond.
const PREPARE_STEP: Duration = Duration::from_millis(15);

/// How long after the last change the workspace is written.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// The cross-tab lock every tab's read-check-write of the workspace holds.
pub const LOCK: &str = "tandem.workspace";

/// How a save is made.
#[derive(Clone, Copy)]
enum Flush {
    /// Under the cross-tab lock, where the browser has one ([`lock`]): the
    /// debounced save, made while the page goes on.
    Locked,
    /// At once, without waiting for the lock. For `pagehide` and for a page being hidden: a lock is
    /// granted in a later task, and a closing page runs no later task (a
    /// hidden phone page may be frozen or discarded without a `pagehide`),
    /// so an edit waiting for the lock would be lost. Two tabs racing at
    /// the instant one of them closes is the rare case; losing the last
    /// edit of every closed tab would not be.
    Now,
}

/// Where saving stands, for the header and the alerts.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Everything is in storage.
    Saved,
    /// A change waits for the debounce.
    Pending,
    /// The last write failed; retried on the next change.
    Failed(SaveError),
}

/// The installed autosave, for a page about to leave (the first page
/// handing over to the whole app).
#[derive(Clone)]
pub struct Autosave {
    flush: Rc<dyn Fn(Flush)>,
    tab: Rc<Tab>,
}

impl Autosave {
    /// Writes a change still waiting for the debounce, at once.
    pub fn save_now(&self) {
        (self.flush)(Flush::Now);
    }

    /// The stored version this page wrote or loaded last
    /// ([`super::local::Stamp::id`]): it changes with each write.
    pub fn last_write(&self) -> String {
        self.tab.current()
    }
}

/// Saves `workspace` whenever it changes while `enabled` is true, and
/// reports into `state`. Call once, at the top of the app.
pub fn install(
    workspace: RwSignal<Workspace>,
    enabled: Signal<bool>,
    state: RwSignal<SaveState>,
    tab: Rc<Tab>,
) -> Autosave {
    let dirty = Rc::new(Cell::new(false));
    let timer: Rc<Cell<Option<TimeoutHandle>>> = Rc::new(Cell::new(None));

    // One save: check the stored stamp, write. Synchronous from the read
    // to the write.
    let save = {
        let dirty = dirty.clone();
        let tab = tab.clone();
        Rc::new(move || {
            if !dirty.replace(false) {
                return;
            }
            snapshots::before_save(chrono::Local::now().date_naive());
            let mut result = workspace.with_untracked(|w| tab.save(w, Utc::now()));
            if result == Err(SaveError::Full) {
                // The workspace comes before its snapshots.
                snapshots::drop_all();
                result = workspace.with_untracked(|w| tab.save(w, Utc::now()));
            }
            state.set(match result {
                Ok(()) => SaveState::Saved,
                Err(e) => SaveState::Failed(e),
            });
        })
    };

    // Whether a save waits for the cross-tab lock (one request at a time:
    // the save reads the workspace when it runs, so it takes in every
    // change made while it waited).
    let waiting = Rc::new(Cell::new(false));
    let flush = {
        let dirty = dirty.clone();
        let timer = timer.clone();
        Rc::new(move |when: Flush| {
            if let Some(handle) = timer.take() {
                handle.clear();
            }
            if !dirty.get() {
                return;
            }
            match when {
                Flush::Locked if !waiting.get() => {
                    waiting.set(true);
                    let save = save.clone();
                    let waiting = waiting.clone();
                    lock::run_locked(LOCK, move || {
                        waiting.set(false);
                        save();
                    });
                }
                // The pending request will save this change too.
                Flush::Locked => {}
                // Nothing runs after the page goes (see `Flush::Now`);
                // `dirty` was left set while the lock was awaited, so
                // a save still waiting for it is done here instead.
                Flush::Now => save(),
            }
        })
    };

    let handle = Autosave {
        flush: flush.clone(),
        tab: tab.clone(),
    };
    Effect::new({
        let flush = flush.clone();
        move |previous: Option<()>| {
            // Tracks every change; the first run only records the start.
            workspace.track();
            let enabled = enabled.get();
            if previous.is_none() || !enabled {
                return;
            }
            dirty.set(true);
            if !matches!(state.get_untracked(), SaveState::Failed(_)) {
                state.set(SaveState::Pending);
            }
            if let Some(handle) = timer.take() {
                handle.clear();
            }
            let later = flush.clone();
            match set_timeout_with_handle(move || later(Flush::Locked), DEBOUNCE) {
                Ok(handle) => timer.set(Some(handle)),
                // No timers: save at once rather than never.
                Err(_) => flush(Flush::Locked),
            }
        }
    });

    prepare_later(workspace, tab.clone(), PREPARE_AFTER);

    let on_hide = {
        let flush = flush.clone();
        move |_| flush(Flush::Now)
    };
    // Listeners live as long as the page: the app is never unmounted.
    std::mem::forget(window_event_listener(leptos::ev::pagehide, on_hide));
    std::mem::forget(window_event_listener(
        leptos::ev::visibilitychange,
        move |_| {
            let hidden = document().visibility_state() == web_sys::VisibilityState::Hidden;
            if hidden {
                flush(Flush::Now);
            }
        },
    ));
    handle
}

/// Packs the workspace for the first save in small steps while the page is
/// idle, so that the first edit is not the one that waits for all of it.
fn prepare_later(workspace: RwSignal<Workspace>, tab: Rc<Tab>, delay: Duration) {
    set_timeout(
        move || {
            let done = workspace
                .try_with_untracked(|w| tab.prepare_save(w))
                .unwrap_or(true);
            if !done {
                prepare_later(workspace, tab, PREPARE_STEP);
            }
        },
        delay,
    );
}

/// Whether a failed save should be shown as an error.
pub fn failure(state: &SaveState) -> Option<&SaveError> {
    match state {
        SaveState::Failed(e) => Some(e),
        _ => None,
    }
}
