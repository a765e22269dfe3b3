//! The scenarios of Tandem's two-tab merge (`tests/domain_merge.rs`), as
//! convergence tests of the shared document (`storage::workspace_doc`):
//! two devices start from one workspace, each changes its copy, their
//! updates cross in either order, and both end with the same workspace,
//! which keeps what the merge keeps: both edits, an edit over a delete,
//! unique keys, no dangling dependency, no cycle, a story's team.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::at;
use tandem::domain::schema::{export_json, import_json};
use tandem::domain::{Move, StoryEdit, StoryId, TeamId, Workspace};
use tandem::storage::workspace_doc::WorkspaceDoc;

/// A base with three iOS stories and one backend story.
fn base() -> (Workspace, TeamId, TeamId, Vec<StoryId>) {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let be = ws.teams()[2].id;
    let ids = ["Log in", "Log out", "Reset password"]
        .iter()
        .map(|t| ws.add_story(ios, t, at(9, 0, 0)).unwrap())
        .collect();
    ws.add_story(be, "Token API", at(9, 0, 0)).unwrap();
    (ws, ios, be, ids)
}

fn title(ws: &Workspace, id: StoryId) -> Option<String> {
    ws.story(id).map(|s| s.title.to_string())
}

fn retitle(ws: &mut Workspace, id: StoryId, text: &str, second: u32) {
    ws.edit_story(id, StoryEdit::Title(text.into()), at(9, 0, second))
        .unwrap();
}

fn export(ws: &Workspace) -> String {
    export_json(ws, at(12, 0, 0)).unwrap()
}

/// Two devices share `base`; one changes it with `ours`, the other with
/// `theirs`, at once; each gets the other's update. Both must end with one
/// workspace, valid, set aside nothing: it is returned.
fn converge(
    base: &Workspace,
    ours: impl FnOnce(&mut Workspace),
    theirs: impl FnOnce(&mut Workspace),
) -> Workspace {
    let a = WorkspaceDoc::with_client_id(1);
    a.write(base).unwrap();
    let b = WorkspaceDoc::with_client_id(2);
    b.apply(&a.state()).unwrap();
    let mut on_a = a.workspace().unwrap().workspace;
    let mut on_b = b.workspace().unwrap().workspace;
    ours(&mut on_a);
    theirs(&mut on_b);
    let from_a = a.write(&on_a).unwrap();
    let from_b = b.write(&on_b).unwrap();
    // An empty update is nothing to send.
    if !from_b.is_empty() {
        a.apply(&from_b).unwrap();
    }
    if !from_a.is_empty() {
        b.apply(&from_a).unwrap();
    }
    let read_a = a.workspace().unwrap();
    let read_b = b.workspace().unwrap();
    assert!(read_a.set_aside.is_empty(), "{:?}", read_a.set_aside);
    assert!(read_b.set_aside.is_empty(), "{:?}", read_b.set_aside);
    let text = export(&read_a.workspace);
    assert_eq!(
        text,
        export(&read_b.workspace),
        "both devices hold one workspace"
    );
    import_json(&text).expect("what they hold passes the import's checks");
    read_a.workspace
}

#[test]
fn edits_to_different_stories_both_survive() {
    let (base, _, _, ids) = base();
    let merged = converge(
        &base,
        |w| retitle(w, ids[0], "Sign in", 5),
        |w| retitle(w, ids[1], "Sign out", 6),
    );
    assert_eq!(title(&merged, ids[0]).as_deref(), Some("Sign in"));
    assert_eq!(title(&merged, ids[1]).as_deref(), Some("Sign out"));
}

#[test]
fn edits_of_one_story_converge_and_one_after_the_other_the_later_wins() {
    let (base, _, _, ids) = base();
    // At once: both devices end with the same title.
    converge(
        &base,
        |w| retitle(w, ids[0], "Ours", 5),
        |w| retitle(w, ids[0], "Theirs", 7),
    );
    // One after the other: the later stands.
    let merged = converge(
        &base,
        |w| {
            retitle(w, ids[0], "Earlier", 5);
            retitle(w, ids[0], "Later", 7);
        },
        |_| {},
    );
    assert_eq!(title(&merged, ids[0]).as_deref(), Some("Later"));
}

#[test]
fn nothing_changed_here_takes_theirs_whole() {
    let (base, _, _, ids) = base();
    let merged = converge(&base, |_| {}, |w| retitle(w, ids[2], "Forgot password", 3));
    assert_eq!(title(&merged, ids[2]).as_deref(), Some("Forgot password"));
}

#[test]
fn an_edit_beats_a_delete() {
    let (base, _, _, ids) = base();
    let merged = converge(
        &base,
        |w| retitle(w, ids[1], "Still wanted", 4),
        |w| {
            w.remove_story(ids[1]).unwrap();
        },
    );
    assert_eq!(title(&merged, ids[1]).as_deref(), Some("Still wanted"));
    // A delete of an untouched story goes through.
    let merged = converge(
        &base,
        |_| {},
        |w| {
            w.remove_story(ids[1]).unwrap();
        },
    );
    assert_eq!(title(&merged, ids[1]), None);
}

#[test]
fn stories_added_on_both_devices_get_distinct_keys() {
    let (base, ios, _, _) = base();
    let mut added = Vec::new();
    let mut merged = converge(
        &base,
        |w| added.push(w.add_story(ios, "From one", at(9, 0, 2)).unwrap()),
        |w| {
            w.add_story(ios, "From two", at(9, 0, 3)).unwrap();
        },
    );
    // Both at the end, in one order on both devices (`converge` checks).
    let mut keys: Vec<String> = merged.backlog(ios).map(|s| merged.story_key(s)).collect();
    keys.sort();
    assert_eq!(keys, ["IOS-1", "IOS-2", "IOS-3", "IOS-4", "IOS-5"]);
    // The older story keeps its number.
    assert_eq!(merged.story_key(merged.story(added[0]).unwrap()), "IOS-4");
    let next = merged.add_story(ios, "Next", at(9, 0, 4)).unwrap();
    assert_eq!(merged.story_key(merged.story(next).unwrap()), "IOS-6");
}

#[test]
fn a_move_on_one_device_and_an_edit_on_the_other_both_hold() {
    let (base, ios, _, ids) = base();
    let merged = converge(
        &base,
        |w| {
            w.move_story(ids[2], Move::Top).unwrap();
        },
        |w| retitle(w, ids[0], "Sign in", 5),
    );
    let order: Vec<String> = merged.backlog(ios).map(|s| s.title.to_string()).collect();
    assert_eq!(order, ["Reset password", "Sign in", "Log out"]);
}

#[test]
fn a_dependency_on_a_story_deleted_elsewhere_is_dropped() {
    let (base, _, _, ids) = base();
    let backend = base.stories()[3].id;
    let merged = converge(
        &base,
        |w| {
            w.add_dependency(ids[0], backend, at(9, 0, 2)).unwrap();
        },
        |w| {
            w.remove_story(backend).unwrap();
        },
    );
    assert!(merged.story(backend).is_none());
    assert!(merged.story(ids[0]).unwrap().depends_on.is_empty());
}

#[test]
fn a_cycle_made_of_two_devices_dependencies_is_broken() {
    let (base, _, _, ids) = base();
    let merged = converge(
        &base,
        |w| {
            w.add_dependency(ids[0], ids[1], at(9, 0, 2)).unwrap();
        },
        |w| {
            w.add_dependency(ids[1], ids[0], at(9, 0, 3)).unwrap();
        },
    );
    let deps = |id| merged.story(id).unwrap().depends_on.clone();
    // The later dependency is dropped: the earlier one stays.
    assert_eq!(deps(ids[0]), vec![ids[1]]);
    assert!(deps(ids[1]).is_empty());
}

#[test]
fn a_story_edited_on_one_device_keeps_the_team_removed_on_the_other() {
    let (base, _, be, _) = base();
    let backend = base.stories()[3].id;
    let merged = converge(
        &base,
        |w| retitle(w, backend, "Token API v2", 5),
        |w| {
            w.remove_team(be).unwrap();
        },
    );
    assert!(merged.team(be).is_some());
    assert_eq!(title(&merged, backend).as_deref(), Some("Token API v2"));
}
