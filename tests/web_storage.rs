//! The storage module against the real localStorage of headless Chromium.
#![cfg(target_arch = "wasm32")]

use chrono::Utc;
use leptos::prelude::*;
use std::rc::Rc;
use tandem::domain::{StoryEdit, Workspace};
use tandem::storage::autosave::{self, SaveState};
use tandem::storage::codec::unpack;
use tandem::storage::encoder::Encoder;
use tandem::storage::local::{
    self, BACKUP_KEY, LoadOutcome, SaveError, Stamp, UNREADABLE_KEY, WORKSPACE_KEY,
};
use tandem::storage::lock;
use tandem::storage::sync::Tab;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod common;
use common::{clear_storage, sleep};

wasm_bindgen_test_configure!(run_in_browser);

// What another tab does with the cross-tab lock, and what a plain-http page
// lacks: there, `navigator.locks` is not defined.
#[wasm_bindgen(inline_js = r#"
export function hold_lock(name) {
  return new Promise((granted) => {
    navigator.locks.request(name, () => new Promise((release) => granted(release)));
  });
}
export function hide_locks() {
  const kept = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks');
  delete Navigator.prototype.locks;
  return () => Object.defineProperty(Navigator.prototype, 'locks', kept);
}
"#)]
extern "C" {
    /// Takes the lock `name` as another tab would; resolves, once granted,
    /// with the function that releases it.
    fn hold_lock(name: &str) -> js_sys::Promise;
    /// Removes `navigator.locks`; returns the function that puts it back.
    fn hide_locks() -> js_sys::Function;
}

/// Holds the workspace's cross-tab lock until the returned function is called.
async fn hold_workspace_lock() -> js_sys::Function {
    let release = JsFuture::from(hold_lock(autosave::LOCK))
        .await
        .expect("the lock is granted");
    release.into()
}

/// Waits until autosave has settled on a saved or failed state.
async fn settled(state: RwSignal<SaveState>) -> SaveState {
    for _ in 0..100 {
        if state.get_untracked() != SaveState::Pending {
            break;
        }
        sleep(50).await;
    }
    state.get_untracked()
}

/// Another tab's write, based on `base` (the first stored version), adding
/// a backend story.
fn other_tab_writes(base: &Workspace, title: &str) {
    let mut theirs = base.clone();
    let be = theirs.teams()[2].id;
    theirs.add_story(be, title, Utc::now()).unwrap();
    let stamp = Stamp {
        revision: 1,
        tab: "other".into(),
        parent: Stamp::default().id(),
        replaced: Vec::new(),
    };
    local::save_stamped(&theirs, Utc::now(), &stamp, &mut Encoder::default()).unwrap();
}

/// The story titles of the stored workspace.
fn stored_titles() -> Vec<String> {
    match local::load() {
        LoadOutcome::Loaded(ws, _) => ws.stories().iter().map(|s| s.title.to_string()).collect(),
        other => panic!("expected a stored workspace, got {other:?}"),
    }
}

fn sample() -> Workspace {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    ws.add_story(ios, "Delete my profile", Utc::now()).unwrap();
    ws
}

thread_local! {
    /// Whether the last test's autosave may write.
    static EARLIER: std::cell::Cell<Option<RwSignal<bool>>> = const { std::cell::Cell::new(None) };
}

/// Clean storage, then autosave on a fresh workspace, as the app starts it.
async fn start_autosave(enabled: bool) -> (RwSignal<Workspace>, RwSignal<SaveState>) {
    clear_storage();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    // The signals live for the rest of the test run, as in the app.
    std::mem::forget(owner);
    let workspace = RwSignal::new(Workspace::with_default_teams());
    let state = RwSignal::new(SaveState::Saved);
    let tab = Rc::new(Tab::new(workspace.get_untracked(), &Stamp::default()));
    // The autosaves of earlier tests are still installed; they must not
    // write into this test's storage.
    let enabled = RwSignal::new(enabled);
    if let Some(earlier) = EARLIER.with(|e| e.replace(Some(enabled))) {
        earlier.set(false);
    }
    autosave::install(workspace, Signal::derive(move || enabled.get()), state, tab);
    leptos::task::tick().await;
    (workspace, state)
}

#[wasm_bindgen_test]
fn first_run_finds_nothing() {
    clear_storage();
    assert!(local::is_available());
    assert!(matches!(local::load(), LoadOutcome::Empty));
}

#[wasm_bindgen_test]
fn a_saved_workspace_loads_back() {
    clear_storage();
    let ws = sample();
    local::save(&ws, Utc::now()).unwrap();
    match local::load() {
        LoadOutcome::Loaded(loaded, _) => assert_eq!(*loaded, ws),
        other => panic!("expected a workspace, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn unreadable_data_is_kept_aside_untouched() {
    clear_storage();
    local::write_text(WORKSPACE_KEY, "{not json").unwrap();
    match local::load() {
        LoadOutcome::Unreadable { error, kept } => {
            assert!(kept);
            assert!(error.to_string().contains("not valid JSON"), "{error}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
    assert_eq!(
        local::read_text(UNREADABLE_KEY).unwrap().as_deref(),
        Some("{not json")
    );
    assert_eq!(
        local::read_text(WORKSPACE_KEY).unwrap().as_deref(),
        Some("{not json")
    );
    // A second bad load keeps the first copy.
    local::write_text(WORKSPACE_KEY, "[]").unwrap();
    assert!(matches!(local::load(), LoadOutcome::Unreadable { .. }));
    assert_eq!(
        local::read_text(UNREADABLE_KEY).unwrap().as_deref(),
        Some("{not json")
    );
}

#[wasm_bindgen_test]
fn a_full_storage_is_reported_as_full() {
    clear_storage();
    // Chromium allows about 5 MB per origin.
    let huge = "x".repeat(6 * 1024 * 1024);
    assert_eq!(
        local::write_text("tandem.test.huge", &huge),
        Err(SaveError::Full)
    );
    assert!(SaveError::Full.to_string().contains("storage is full"));
    clear_storage();
}

#[wasm_bindgen_test]
fn backup_keeps_a_workspace_aside() {
    clear_storage();
    assert_eq!(local::load_backup(), None);
    let ws = sample();
    let at = Utc::now();
    local::save_backup(&ws, at).unwrap();
    let backup = local::load_backup().unwrap();
    assert_eq!(backup.workspace, ws);
    assert_eq!(backup.saved_at, at);
    assert!(local::read_text(BACKUP_KEY).unwrap().is_some());
    assert_eq!(local::read_text(WORKSPACE_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn autosave_writes_after_a_change_and_not_before() {
    let (workspace, state) = start_autosave(true).await;
    assert_eq!(
        local::read_text(WORKSPACE_KEY).unwrap(),
        None,
        "nothing changed yet"
    );

    let ios = workspace.with_untracked(|w| w.teams()[0].id);
    workspace.update(|w| {
        w.add_story(ios, "Saved by autosave", Utc::now()).unwrap();
    });
    leptos::task::tick().await;
    assert_eq!(state.get_untracked(), SaveState::Pending);
    sleep(600).await;
    assert_eq!(state.get_untracked(), SaveState::Saved);
    match local::load() {
        LoadOutcome::Loaded(loaded, _) => assert_eq!(*loaded, workspace.get_untracked()),
        other => panic!("expected the saved workspace, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn pagehide_flushes_a_pending_save_at_once() {
    let (workspace, _) = start_autosave(true).await;
    workspace.update(|w| {
        let be = w.teams()[2].id;
        w.add_story(be, "Flushed on pagehide", Utc::now()).unwrap();
    });
    leptos::task::tick().await;
    let event = web_sys::Event::new("pagehide").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    // No waiting for the debounce: the write happened during dispatch.
    let text = local::read_text(WORKSPACE_KEY).unwrap().unwrap_or_default();
    assert!(
        unpack(local::unstamp(&text))
            .unwrap()
            .contains("Flushed on pagehide")
    );
}

#[wasm_bindgen_test]
async fn a_disabled_autosave_writes_nothing() {
    let (workspace, _) = start_autosave(false).await;
    workspace.update(|w| {
        let be = w.teams()[2].id;
        w.add_story(be, "Never saved", Utc::now()).unwrap();
    });
    sleep(500).await;
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    assert_eq!(local::read_text(WORKSPACE_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
fn the_workspace_is_stored_packed_and_plain_json_still_loads() {
    clear_storage();
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    for i in 0..2000 {
        ws.add_story(
            ios,
            &format!("Story {i} about deleting my profile"),
            Utc::now(),
        )
        .unwrap();
    }
    let at = Utc::now();
    local::save(&ws, at).unwrap();
    let stored = local::read_text(WORKSPACE_KEY).unwrap().unwrap();
    let json = tandem::domain::schema::storage_json(&ws, at).unwrap();
    assert!(stored.starts_with("tandem-stamp:"));
    assert!(local::unstamp(&stored).starts_with("tandem-deflate-v1:"));
    assert!(
        stored.chars().count() * 3 < json.chars().count(),
        "packed is much smaller"
    );
    // What earlier builds stored: plain JSON.
    local::write_text(WORKSPACE_KEY, &json).unwrap();
    match local::load() {
        LoadOutcome::Loaded(loaded, _) => assert_eq!(*loaded, ws),
        other => panic!("expected a workspace, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn daily_snapshots_keep_the_state_before_each_day_and_only_the_last_few() {
    use chrono::NaiveDate;
    use tandem::storage::snapshots;
    clear_storage();
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    snapshots::before_save(day(1));
    assert!(
        snapshots::list().is_empty(),
        "nothing stored yet, nothing to keep"
    );

    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    for d in 1..=5u32 {
        local::save(&ws, Utc::now()).unwrap();
        // The next day's first save keeps what was stored before it.
        snapshots::before_save(day(d + 1));
        snapshots::before_save(day(d + 1));
        ws.add_story(ios, &format!("Added on day {}", d + 1), Utc::now())
            .unwrap();
    }
    let list = snapshots::list();
    let days: Vec<u32> = list.iter().map(|s| chrono::Datelike::day(&s.day)).collect();
    assert_eq!(
        days,
        vec![6, 5, 4],
        "newest first, the last {} kept",
        snapshots::KEEP
    );
    // The snapshot of day 6 holds the stories of days 2 to 5.
    assert_eq!(list[0].workspace.stories().len(), 4);
    snapshots::drop_all();
    assert!(snapshots::list().is_empty());
}

#[wasm_bindgen_test]
fn a_tab_stores_over_another_tabs_write_but_never_over_one_it_cannot_read() {
    clear_storage();
    let base = sample();
    let story = base.stories()[0].id;
    local::save(&base, Utc::now()).unwrap();
    let tab = Tab::new(base.clone(), &Stamp::default());
    // Another tab stored (its changes reach this tab as document updates,
    // not from here).
    other_tab_writes(&base, "Stored by the other tab");
    let mut ours = base.clone();
    ours.edit_story(story, StoryEdit::Title("Renamed here".into()), Utc::now())
        .unwrap();
    tab.save(&ours, Utc::now()).unwrap();
    match local::load() {
        LoadOutcome::Loaded(stored, stamp) => {
            assert_eq!(stored.story(story).unwrap().title, "Renamed here");
            assert_eq!(stamp.revision, 2, "counted on from the other tab's write");
        }
        other => panic!("expected this tab's workspace, got {other:?}"),
    }
    // A newer Tandem's write (which this version can't read) is never
    // written over.
    let newer = Stamp {
        revision: 9,
        tab: "newer".into(),
        parent: String::new(),
        replaced: Vec::new(),
    };
    local::save_stamped(&base, Utc::now(), &newer, &mut Encoder::default()).unwrap();
    let text = local::read_text(WORKSPACE_KEY).unwrap().unwrap();
    // Its stamp line, then data this version can't unpack.
    let stamp_line = &text[..text.find('\n').expect("a stamp line") + 1];
    let unreadable = format!("{stamp_line}newer data");
    local::write_text(WORKSPACE_KEY, &unreadable).unwrap();
    assert!(matches!(
        tab.save(&ours, Utc::now()),
        Err(SaveError::Other(_))
    ));
    assert_eq!(
        local::read_text(WORKSPACE_KEY).unwrap().as_deref(),
        Some(unreadable.as_str())
    );
    clear_storage();
}

#[wasm_bindgen_test]
async fn a_save_waits_for_the_cross_tab_lock() {
    assert!(lock::available(), "the test page is a secure context");
    let (workspace, state) = start_autosave(true).await;
    let base = workspace.get_untracked();
    // Another tab is in the middle of its read-merge-write.
    let release = hold_workspace_lock().await;
    let ios = base.teams()[0].id;
    workspace.update(|w| {
        w.add_story(ios, "Typed in this tab", Utc::now()).unwrap();
    });
    // Past the debounce: the save is due, but must wait for the lock.
    sleep(700).await;
    assert_eq!(
        local::read_text(WORKSPACE_KEY).unwrap(),
        None,
        "nothing is written while another tab holds the lock"
    );
    assert_eq!(state.get_untracked(), SaveState::Pending);
    // The other tab writes, then lets go: this tab's save comes after it.
    other_tab_writes(&base, "Written by the other tab");
    release.call0(&JsValue::NULL).unwrap();
    assert_eq!(settled(state).await, SaveState::Saved);
    assert_eq!(stored_titles(), vec!["Typed in this tab".to_string()]);
}

#[wasm_bindgen_test]
async fn pagehide_writes_at_once_while_a_save_waits_for_the_lock() {
    let (workspace, state) = start_autosave(true).await;
    let release = hold_workspace_lock().await;
    workspace.update(|w| {
        let be = w.teams()[2].id;
        w.add_story(be, "Kept by pagehide", Utc::now()).unwrap();
    });
    // The debounced save is waiting for the lock when the page goes.
    sleep(700).await;
    assert_eq!(local::read_text(WORKSPACE_KEY).unwrap(), None);
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    // Written during dispatch: a closing page runs no later task.
    assert_eq!(stored_titles(), vec!["Kept by pagehide".to_string()]);
    assert_eq!(state.get_untracked(), SaveState::Saved);
    // Once the lock comes, the waiting save finds nothing left to write.
    release.call0(&JsValue::NULL).unwrap();
    sleep(100).await;
    assert_eq!(stored_titles(), vec!["Kept by pagehide".to_string()]);
}

#[wasm_bindgen_test]
async fn without_navigator_locks_a_save_still_writes() {
    let restore = hide_locks();
    let missing = js_sys::Reflect::get(
        &web_sys::window().unwrap().navigator(),
        &JsValue::from_str("locks"),
    )
    .unwrap()
    .is_undefined();
    let available = lock::available();
    let (workspace, state) = start_autosave(true).await;
    let base = workspace.get_untracked();
    let ios = base.teams()[0].id;
    workspace.update(|w| {
        w.add_story(ios, "Typed on a plain-http page", Utc::now())
            .unwrap();
    });
    leptos::task::tick().await;
    let pending = state.get_untracked();
    // Another tab writes before this tab's debounced save.
    other_tab_writes(&base, "Written by the other tab");
    let saved = settled(state).await;
    let titles = stored_titles();
    // Put the lock back before asserting, so a failure here leaves the
    // other tests their lock.
    restore.call0(&JsValue::NULL).unwrap();
    assert!(missing, "navigator.locks is undefined");
    assert!(!available);
    assert_eq!(pending, SaveState::Pending);
    assert_eq!(saved, SaveState::Saved);
    assert_eq!(titles, vec!["Typed on a plain-http page".to_string()]);
    assert!(lock::available());
}

#[wasm_bindgen_test]
fn small_values_are_stored_as_typed_json_and_a_full_storage_is_still_full() {
    clear_storage();
    let key = "tandem.test.value";
    assert_eq!(local::read_value::<Vec<u32>>(key), Ok(None));
    local::write_value(key, &vec![1u32, 2, 3]).unwrap();
    assert_eq!(local::read_text(key).unwrap().as_deref(), Some("[1,2,3]"));
    assert_eq!(local::read_value::<Vec<u32>>(key), Ok(Some(vec![1, 2, 3])));
    local::write_text(key, "not json").unwrap();
    assert!(matches!(
        local::read_value::<Vec<u32>>(key),
        Err(SaveError::Other(_))
    ));
    let huge = "x".repeat(6 * 1024 * 1024);
    assert_eq!(local::write_value(key, &huge), Err(SaveError::Full));
    local::remove(key).unwrap();
    assert_eq!(local::read_text(key).unwrap(), None);
    clear_storage();
}

#[wasm_bindgen_test]
fn a_workspace_started_empty_is_stored_though_it_is_the_same_as_none() {
    clear_storage();
    // A first visit: nothing stored, and "Start empty" gives a workspace
    // equal to the one the tab began with.
    let tab = Tab::new(Workspace::new(), &Stamp::default());
    tab.save(&Workspace::new(), Utc::now()).unwrap();
    assert!(
        matches!(local::load(), LoadOutcome::Loaded(..)),
        "the empty workspace is stored, so a reload (or the whole app) finds it started"
    );
    // Once stored, an unchanged workspace is not written again.
    let before = local::read_text(WORKSPACE_KEY).unwrap();
    tab.save(&Workspace::new(), Utc::now()).unwrap();
    assert_eq!(local::read_text(WORKSPACE_KEY).unwrap(), before);
    clear_storage();
}
