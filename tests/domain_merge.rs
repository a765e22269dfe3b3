//! Native tests of merging two tabs' edits of one workspace.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::at;
use std::sync::Arc;
use tandem::domain::merge::{changed_stories, merge, same};
use tandem::domain::{Move, Story, StoryEdit, StoryId, TeamId, Workspace};

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

#[test]
fn edits_to_different_stories_both_survive() {
    let (base, _, _, ids) = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    retitle(&mut ours, ids[0], "Sign in", 5);
    retitle(&mut theirs, ids[1], "Sign out", 6);
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(title(&merged.workspace, ids[0]).as_deref(), Some("Sign in"));
    assert_eq!(
        title(&merged.workspace, ids[1]).as_deref(),
        Some("Sign out")
    );
    assert!(merged.ours_replaced.is_empty() && merged.theirs_replaced.is_empty());
}

#[test]
fn the_later_edit_of_one_story_wins_and_the_loser_is_named() {
    let (base, _, _, ids) = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    retitle(&mut ours, ids[0], "Ours, earlier", 5);
    retitle(&mut theirs, ids[0], "Theirs, later", 7);
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(
        title(&merged.workspace, ids[0]).as_deref(),
        Some("Theirs, later")
    );
    assert_eq!(merged.ours_replaced, vec![ids[0]]);

    // The other way round, ours wins and theirs is named.
    let merged = merge(&base, &theirs, &ours);
    assert_eq!(
        title(&merged.workspace, ids[0]).as_deref(),
        Some("Theirs, later")
    );
    assert_eq!(merged.theirs_replaced, vec![ids[0]]);
}

#[test]
fn nothing_changed_here_takes_theirs_whole() {
    let (base, _, _, ids) = base();
    let mut theirs = base.clone();
    retitle(&mut theirs, ids[2], "Forgot password", 3);
    let merged = merge(&base, &base.clone(), &theirs);
    assert!(same(&merged.workspace, &theirs));
}

#[test]
fn an_edit_beats_a_delete() {
    let (base, _, _, ids) = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    retitle(&mut ours, ids[1], "Still wanted", 4);
    theirs.remove_story(ids[1]).unwrap();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(
        title(&merged.workspace, ids[1]).as_deref(),
        Some("Still wanted")
    );
    // A delete of an untouched story goes through.
    let merged = merge(&base, &base.clone(), &theirs);
    assert_eq!(title(&merged.workspace, ids[1]), None);
}

#[test]
fn stories_added_in_both_tabs_get_distinct_keys() {
    let (base, ios, _, _) = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let a = ours.add_story(ios, "From tab one", at(9, 0, 2)).unwrap();
    let b = theirs.add_story(ios, "From tab two", at(9, 0, 3)).unwrap();
    let mut merged = merge(&base, &ours, &theirs).workspace;
    let key = |ws: &Workspace, id| ws.story_key(ws.story(id).unwrap());
    // The older story keeps its number.
    assert_eq!(key(&merged, a), "IOS-4");
    assert_eq!(key(&merged, b), "IOS-5");
    // The other tab, merging the other way round, ends the same: keys and order.
    let mirrored = merge(&base, &theirs, &ours).workspace;
    let listing = |ws: &Workspace| -> Vec<String> {
        ws.backlog(ios)
            .map(|s| format!("{} {}", ws.story_key(s), s.title))
            .collect()
    };
    assert_eq!(listing(&merged), listing(&mirrored));
    assert!(same(&merged, &mirrored));
    let c = merged.add_story(ios, "Next", at(9, 0, 4)).unwrap();
    assert_eq!(merged.story_key(merged.story(c).unwrap()), "IOS-6");
}

#[test]
fn a_move_in_one_tab_and_an_edit_in_the_other_both_hold() {
    let (base, ios, _, ids) = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.move_story(ids[2], Move::Top).unwrap();
    retitle(&mut theirs, ids[0], "Sign in", 5);
    let merged = merge(&base, &ours, &theirs).workspace;
    let order: Vec<String> = merged.backlog(ios).map(|s| s.title.to_string()).collect();
    assert_eq!(order, vec!["Reset password", "Sign in", "Log out"]);
}

#[test]
fn a_dependency_on_a_story_deleted_elsewhere_is_dropped() {
    let (base, _, _, ids) = base();
    let backend = base.stories()[3].id;
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.add_dependency(ids[0], backend, at(9, 0, 2)).unwrap();
    theirs.remove_story(backend).unwrap();
    let merged = merge(&base, &ours, &theirs).workspace;
    assert!(merged.story(backend).is_none());
    assert!(merged.story(ids[0]).unwrap().depends_on.is_empty());
}

#[test]
fn a_cycle_made_of_two_tabs_dependencies_is_broken() {
    let (base, _, _, ids) = base();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.add_dependency(ids[0], ids[1], at(9, 0, 2)).unwrap();
    theirs.add_dependency(ids[1], ids[0], at(9, 0, 3)).unwrap();
    let merged = merge(&base, &ours, &theirs).workspace;
    let deps = |id| merged.story(id).unwrap().depends_on.clone();
    // Theirs is kept, ours dropped: no cycle is stored.
    assert_eq!(deps(ids[1]), vec![ids[0]]);
    assert!(deps(ids[0]).is_empty());
}

#[test]
fn a_story_edited_here_keeps_the_team_removed_there() {
    let (base, _, be, _) = base();
    let backend = base.stories()[3].id;
    let mut ours = base.clone();
    let mut theirs = base.clone();
    retitle(&mut ours, backend, "Token API v2", 5);
    theirs.remove_team(be).unwrap();
    let merged = merge(&base, &ours, &theirs).workspace;
    assert!(merged.team(be).is_some());
    assert_eq!(title(&merged, backend).as_deref(), Some("Token API v2"));
}

#[test]
fn changed_stories_lists_edits_additions_and_removals() {
    let (base, ios, _, ids) = base();
    let mut now = base.clone();
    retitle(&mut now, ids[0], "Sign in", 5);
    now.remove_story(ids[1]).unwrap();
    let added = now.add_story(ios, "New", at(9, 0, 6)).unwrap();
    let mut changed = changed_stories(&base, &now);
    changed.sort();
    let mut expected = vec![ids[0], ids[1], added];
    expected.sort();
    assert_eq!(changed, expected);
}

/// The shared copy of a story a workspace holds.
fn shared(ws: &Workspace, id: StoryId) -> &Arc<Story> {
    ws.stories()
        .iter()
        .find(|s| s.id == id)
        .expect("the story is in the workspace")
}

/// The encoder and undo rely on unchanged stories staying shared: a merge
/// takes each story it leaves alone from its side as is, and copies only
/// the ones it has to change.
#[test]
fn a_merge_shares_every_story_it_does_not_change() {
    let (base, ios, be, ids) = base();
    let backend = base.backlog(be).next().unwrap().id;
    let mut ours = base.clone();
    let mut theirs = base.clone();
    retitle(&mut ours, ids[0], "Sign in", 5);
    retitle(&mut theirs, ids[1], "Sign out", 6);
    // Both tabs add a story as IOS-4: the younger one moves to IOS-5.
    let older = theirs.add_story(ios, "Theirs first", at(9, 0, 7)).unwrap();
    let younger = ours.add_story(ios, "Ours second", at(9, 0, 8)).unwrap();

    let merged = merge(&base, &ours, &theirs).workspace;
    for id in [ids[2], backend] {
        assert!(Arc::ptr_eq(shared(&merged, id), shared(&base, id)));
    }
    assert!(Arc::ptr_eq(shared(&merged, ids[0]), shared(&ours, ids[0])));
    assert!(Arc::ptr_eq(
        shared(&merged, ids[1]),
        shared(&theirs, ids[1])
    ));
    assert!(Arc::ptr_eq(shared(&merged, older), shared(&theirs, older)));
    assert_eq!(title(&merged, ids[0]).as_deref(), Some("Sign in"));
    assert_eq!(title(&merged, ids[1]).as_deref(), Some("Sign out"));

    let moved = shared(&merged, younger);
    assert!(!Arc::ptr_eq(moved, shared(&ours, younger)));
    assert_eq!(merged.story_key(moved), "IOS-5");
    assert_eq!(moved.title, "Ours second");
    assert_eq!(merged.story_key(shared(&merged, older)), "IOS-4");
}
