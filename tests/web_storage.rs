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
use tandem::storage::sync::{Received, Tab};
use wasm_bindgen_test::*;

mod common;
use common::{clear_storage, sleep};

wasm_bindgen_test_configure!(run_in_browser);

fn sample() -> Workspace {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    ws.add_story(ios, "Delete my profile", Utc::now()).unwrap();
    ws
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
    autosave::install(
        workspace,
        Signal::derive(move || enabled),
        state,
        tab,
        Rc::new(move |received: Received| workspace.set(received.workspace)),
    );
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
fn a_tab_merges_a_newer_stored_workspace_before_writing() {
    clear_storage();
    let base = sample();
    let story = base.stories()[0].id;
    let ios = base.teams()[0].id;
    local::save(&base, Utc::now()).unwrap();
    let tab = Tab::new(base.clone(), &Stamp::default());

    // Another tab adds a story and stores it, unseen by this tab.
    let mut theirs = base.clone();
    let added = theirs
        .add_story(ios, "Added in the other tab", Utc::now())
        .unwrap();
    let other = Stamp {
        revision: 1,
        tab: "other".into(),
        parent: Stamp::default().id(),
        replaced: Vec::new(),
    };
    local::save_stamped(&theirs, Utc::now(), &other, &mut Encoder::default()).unwrap();

    // This tab renames its story and saves: the newer workspace is merged, not overwritten.
    let mut ours = base.clone();
    ours.edit_story(story, StoryEdit::Title("Renamed here".into()), Utc::now())
        .unwrap();
    let (result, received) = tab.save(&ours, Utc::now());
    result.unwrap();
    let received = received.expect("the other tab's write was merged");
    assert!(received.replaced_here.is_empty());
    match local::load() {
        LoadOutcome::Loaded(stored, stamp) => {
            assert_eq!(stored.story(story).unwrap().title, "Renamed here");
            assert!(
                stored.story(added).is_some(),
                "the other tab's story survived"
            );
            assert_eq!(stamp.revision, 2);
            assert_eq!(stamp.parent, other.id());
        }
        other => panic!("expected the merged workspace, got {other:?}"),
    }
    // Nothing new stored since: a second save writes nothing and merges nothing.
    let (result, received) = tab.save(&received.workspace, Utc::now());
    assert!(result.is_ok() && received.is_none());
}

#[wasm_bindgen_test]
fn a_tab_told_its_edit_was_replaced_names_the_story() {
    clear_storage();
    let base = sample();
    let story = base.stories()[0].id;
    let tab = Tab::new(base.clone(), &Stamp::default());
    let mut ours = base.clone();
    ours.edit_story(story, StoryEdit::Title("Mine".into()), Utc::now())
        .unwrap();
    let mut theirs = base.clone();
    let later = Utc::now() + chrono::Duration::seconds(5);
    theirs
        .edit_story(story, StoryEdit::Title("Theirs, later".into()), later)
        .unwrap();
    local::save_stamped(
        &theirs,
        later,
        &Stamp {
            revision: 1,
            tab: "other".into(),
            parent: Stamp::default().id(),
            replaced: Vec::new(),
        },
        &mut Encoder::default(),
    )
    .unwrap();
    let text = local::read_text(WORKSPACE_KEY).unwrap().unwrap();
    let received = tab.receive(&text, &ours).expect("a newer write");
    assert_eq!(
        received.replaced_here,
        vec!["IOS-1 “Theirs, later”".to_string()]
    );
    assert_eq!(
        received.workspace.story(story).unwrap().title,
        "Theirs, later"
    );
    // The same write again is nothing new.
    assert!(tab.receive(&text, &received.workspace).is_none());
}
