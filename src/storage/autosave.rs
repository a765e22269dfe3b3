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

/// The channel tabs of this origin tell each other about writes on.
const CHANNEL: &str = "tandem.workspace";

/// When packing ahead of the first save starts (after the first paint).
const PREPARE_AFTER: Duration = Duration::from_millis(500);
/// The pause between two steps of it, leaving the page free to respond.
const PREPARE_STEP: Duration = Duration::from_millis(15);

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
    let channel = Rc::new(web_sys::BroadcastChannel::new(CHANNEL).ok());
    let timer: Rc<Cell<Option<TimeoutHandle>>> = Rc::new(Cell::new(None));

    let flush = {
        let dirty = dirty.clone();
        let timer = timer.clone();
        let tab = tab.clone();
        let adopt = adopt.clone();
        let channel = channel.clone();
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
            // Other tabs hear of it at once; the storage event comes too,
            // and a write seen twice is taken in once.
            if let (Some(channel), Some(text)) = (channel.as_ref(), tab.take_written()) {
                let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&text));
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
    let receive = {
        let tab = tab.clone();
        let adopt = adopt.clone();
        Rc::new(move |text: String| {
            if let Some(received) = workspace.with_untracked(|w| tab.receive(&text, w)) {
                adopt(received);
            }
        })
    };
    if let Some(channel) = channel.as_ref() {
        let receive = receive.clone();
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |ev: web_sys::MessageEvent| {
                if let Some(text) = ev.data().as_string() {
                    receive(text);
                }
            },
        );
        channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(
            on_message.as_ref(),
        )));
        // Lives as long as the page, like the channel.
        on_message.forget();
    }
    std::mem::forget(window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() != Some(WORKSPACE_KEY) {
            return;
        }
        if let Some(text) = ev.new_value() {
            receive(text);
        }
    }));

    prepare_later(workspace, tab.clone(), PREPARE_AFTER);

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
