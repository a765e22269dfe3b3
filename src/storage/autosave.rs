//! Autosave: the one place where the workspace is written to storage.
//!
//! Changes are saved shortly after they happen (debounced, so typing does
//! not serialise the workspace on every key) and at once when the page is
//! hidden or unloaded, so a reload or a closed tab right after an edit keeps it.

use super::local::{SaveError, WORKSPACE_KEY};
use super::snapshots;
use super::sync::{Received, Tab};
use crate::domain::Workspace;
use chrono::Utc;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// How long after the last change the workspace is written.
const DEBOUNCE: Duration = Duration::from_millis(300);

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

/// Saves `workspace` whenever it changes while `enabled` is true, and
/// reports into `state`. Writes by other tabs, and merges made before a
/// write, are handed to `adopt`. Call once, at the top of the app.
pub fn install(
    workspace: RwSignal<Workspace>,
    enabled: Signal<bool>,
    state: RwSignal<SaveState>,
    tab: Rc<Tab>,
    adopt: Rc<dyn Fn(Received)>,
) {
    let dirty = Rc::new(Cell::new(false));
    let timer: Rc<Cell<Option<TimeoutHandle>>> = Rc::new(Cell::new(None));

    let flush = {
        let dirty = dirty.clone();
        let timer = timer.clone();
        let tab = tab.clone();
        let adopt = adopt.clone();
        Rc::new(move || {
            if let Some(handle) = timer.take() {
                handle.clear();
            }
            if !dirty.replace(false) {
                return;
            }
            snapshots::before_save(chrono::Local::now().date_naive());
            let (mut result, received) = workspace.with_untracked(|w| tab.save(w, Utc::now()));
            if let Some(received) = received {
                adopt(received);
            }
            if result == Err(SaveError::Full) {
                // The workspace comes before its snapshots.
                snapshots::drop_all();
                result = workspace.with_untracked(|w| tab.save(w, Utc::now())).0;
            }
            state.set(match result {
                Ok(()) => SaveState::Saved,
                Err(e) => SaveState::Failed(e),
            });
        })
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
            match set_timeout_with_handle(move || later(), DEBOUNCE) {
                Ok(handle) => timer.set(Some(handle)),
                // No timers: save at once rather than never.
                Err(_) => flush(),
            }
        }
    });

    // Another tab stored the workspace: merge it in at once.
    std::mem::forget(window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() != Some(WORKSPACE_KEY) {
            return;
        }
        let Some(text) = ev.new_value() else { return };
        if let Some(received) = workspace.with_untracked(|w| tab.receive(&text, w)) {
            adopt(received);
        }
    }));

    let on_hide = {
        let flush = flush.clone();
        move |_| flush()
    };
    // Listeners live as long as the page: the app is never unmounted.
    std::mem::forget(window_event_listener(leptos::ev::pagehide, on_hide));
    std::mem::forget(window_event_listener(
        leptos::ev::visibilitychange,
        move |_| {
            let hidden = document().visibility_state() == web_sys::VisibilityState::Hidden;
            if hidden {
                flush();
            }
        },
    ));
}

/// Whether a failed save should be shown as an error.
pub fn failure(state: &SaveState) -> Option<&SaveError> {
    match state {
        SaveState::Failed(e) => Some(e),
        _ => None,
    }
}
