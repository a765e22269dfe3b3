//! Native tests of the workspace rules: teams, backlogs, moves, undo.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::at;
use tandem::domain::{
    Move, StoryEdit, StoryKind, StoryStatus, TeamKind, Workspace, WorkspaceError,
};

fn titles(ws: &Workspace, team: tandem::domain::TeamId) -> Vec<String> {
    ws.backlog(team).map(|s| s.title.to_string()).collect()
}

fn keys(ws: &Workspace, team: tandem::domain::TeamId) -> Vec<String> {
    ws.backlog(team).map(|s| ws.story_key(s)).collect()
}

#[test]
fn default_start_has_our_three_teams() {
    let ws = Workspace::with_default_teams();
    let teams: Vec<_> = ws
        .teams()
        .iter()
        .map(|t| (t.name.as_str(), t.key.as_str(), t.kind))
        .collect();
    assert_eq!(
        teams,
        vec![
            ("iOS", "IOS", TeamKind::ClientPlatform),
            ("Android", "AND", TeamKind::ClientPlatform),
            ("Backend", "BE", TeamKind::Service),
        ]
    );
    assert!(
        ws.teams()
            .iter()
            .all(|t| t.colour.as_str().starts_with('#'))
    );
}

#[test]
fn story_keys_count_up_per_team_and_are_never_reused() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.team_by_key("ios").unwrap().id;
    let a = ws.add_story(ios, "Delete profile", at(9, 0, 0)).unwrap();
    ws.add_story(ios, "Edit profile", at(9, 1, 0)).unwrap();
    assert_eq!(keys(&ws, ios), vec!["IOS-1", "IOS-2"]);
    ws.remove_story(a).unwrap();
    ws.add_story(ios, "Third", at(9, 2, 0)).unwrap();
    assert_eq!(keys(&ws, ios), vec!["IOS-2", "IOS-3"]);
    assert_eq!(ws.story_by_key("ios-3").unwrap().title, "Third");
}

#[test]
fn new_stories_have_defaults_and_timestamps() {
    let mut ws = Workspace::with_default_teams();
    let be = ws.team_by_key("BE").unwrap().id;
    let id = ws
        .add_story(be, "  Profile deletion API  ", at(9, 5, 0))
        .unwrap();
    let story = ws.story(id).unwrap();
    assert_eq!(story.title, "Profile deletion API");
    assert_eq!(story.kind, StoryKind::UserStory);
    assert_eq!(story.status, StoryStatus::ToDo);
    assert_eq!(story.estimate, None);
    assert_eq!(
        (story.created_at, story.updated_at),
        (at(9, 5, 0), at(9, 5, 0))
    );
    assert_eq!(
        ws.add_story(be, "   ", at(9, 6, 0)),
        Err(WorkspaceError::StoryField(
            tandem::domain::story::StoryFieldError::Title(tandem::domain::title::TitleError::Empty)
        ))
    );
}

#[test]
fn edits_bump_updated_at_only_when_something_changes() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let id = ws.add_story(ios, "Delete profile", at(9, 0, 0)).unwrap();
    assert_eq!(
        ws.edit_story(
            id,
            StoryEdit::Estimate(Some(tandem::domain::Estimate::known(5.0))),
            at(9, 1, 0)
        ),
        Ok(true)
    );
    assert_eq!(
        ws.edit_story(
            id,
            StoryEdit::Estimate(Some(tandem::domain::Estimate::known(5.0))),
            at(9, 2, 0)
        ),
        Ok(false)
    );
    assert_eq!(ws.story(id).unwrap().updated_at, at(9, 1, 0));
    ws.edit_story(id, StoryEdit::Status(StoryStatus::Blocked), at(9, 3, 0))
        .unwrap();
    ws.edit_story(id, StoryEdit::Kind(StoryKind::Spike), at(9, 3, 0))
        .unwrap();
    ws.edit_story(
        id,
        StoryEdit::Description("Needs the API".into()),
        at(9, 3, 0),
    )
    .unwrap();
    let story = ws.story(id).unwrap();
    assert_eq!(
        (
            story.status,
            story.kind,
            story.description.as_str(),
            story.updated_at
        ),
        (
            StoryStatus::Blocked,
            StoryKind::Spike,
            "Needs the API",
            at(9, 3, 0)
        )
    );
    // An estimate out of range cannot even be made, so no edit can store it.
    assert!(tandem::domain::Estimate::try_from(-1.0).is_err());
    assert!(
        ws.edit_story(id, StoryEdit::Title(" ".into()), at(9, 4, 0))
            .is_err()
    );
    assert_eq!(ws.story(id).unwrap().title, "Delete profile");
}

#[test]
fn reorder_within_a_backlog_ignores_other_teams() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let and = ws.teams()[1].id;
    let a = ws.add_story(ios, "A", at(9, 0, 0)).unwrap();
    ws.add_story(and, "x", at(9, 0, 0)).unwrap();
    let b = ws.add_story(ios, "B", at(9, 0, 0)).unwrap();
    ws.add_story(and, "y", at(9, 0, 0)).unwrap();
    let c = ws.add_story(ios, "C", at(9, 0, 0)).unwrap();

    assert_eq!(ws.move_story(c, Move::Top), Ok(true));
    assert_eq!(titles(&ws, ios), ["C", "A", "B"]);
    assert_eq!(ws.move_story(c, Move::Top), Ok(false));
    assert_eq!(ws.move_story(c, Move::After(b)), Ok(true));
    assert_eq!(titles(&ws, ios), ["A", "B", "C"]);
    assert_eq!(ws.move_story(a, Move::Before(c)), Ok(true));
    assert_eq!(titles(&ws, ios), ["B", "A", "C"]);
    assert_eq!(ws.move_story(b, Move::Bottom), Ok(true));
    assert_eq!(titles(&ws, ios), ["A", "C", "B"]);
    assert_eq!(ws.move_story(b, Move::Bottom), Ok(false));
    assert_eq!(ws.move_story(a, Move::Before(a)), Ok(false));
    assert_eq!(titles(&ws, and), ["x", "y"]);
}

#[test]
fn moving_between_backlogs_is_refused_by_reorder() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let and = ws.teams()[1].id;
    let a = ws.add_story(ios, "A", at(9, 0, 0)).unwrap();
    let x = ws.add_story(and, "x", at(9, 0, 0)).unwrap();
    assert_eq!(
        ws.move_story(a, Move::Before(x)),
        Err(WorkspaceError::UnknownStory)
    );
}

#[test]
fn moving_to_another_team_gives_a_new_key_at_the_bottom() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let and = ws.teams()[1].id;
    ws.add_story(and, "x", at(9, 0, 0)).unwrap();
    let a = ws.add_story(ios, "A", at(9, 0, 0)).unwrap();
    ws.add_story(and, "y", at(9, 0, 0)).unwrap();
    assert_eq!(
        ws.move_story_to_team(a, and, at(9, 9, 0)).as_deref(),
        Ok("AND-3")
    );
    assert_eq!(titles(&ws, and), ["x", "y", "A"]);
    assert!(titles(&ws, ios).is_empty());
    assert_eq!(ws.story(a).unwrap().updated_at, at(9, 9, 0));
    // Moving back issues a fresh number: IOS-1 is never reused.
    assert_eq!(
        ws.move_story_to_team(a, ios, at(9, 10, 0)).as_deref(),
        Ok("IOS-2")
    );
}

#[test]
fn delete_can_be_undone_in_place() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    ws.add_story(ios, "A", at(9, 0, 0)).unwrap();
    let b = ws.add_story(ios, "B", at(9, 0, 0)).unwrap();
    ws.add_story(ios, "C", at(9, 0, 0)).unwrap();
    let before = ws.clone();
    let removed = ws.remove_story(b).unwrap();
    assert_eq!(titles(&ws, ios), ["A", "C"]);
    ws.restore_story(removed.clone()).unwrap();
    assert_eq!(ws, before);
    assert_eq!(
        ws.restore_story(removed),
        Err(WorkspaceError::DuplicateStory)
    );
}

#[test]
fn team_changes_are_checked() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    assert_eq!(
        ws.rekey_team(ios, "and"),
        Err(WorkspaceError::DuplicateTeamKey {
            key: "AND".into(),
            team: "Android".into()
        })
    );
    ws.add_story(ios, "A", at(9, 0, 0)).unwrap();
    ws.rekey_team(ios, "iph").unwrap();
    assert_eq!(keys(&ws, ios), ["IPH-1"]);
    ws.rename_team(ios, " iPhone ").unwrap();
    assert_eq!(ws.team(ios).unwrap().name.as_str(), "iPhone");
    assert_eq!(
        ws.rename_team(ios, " "),
        Err(WorkspaceError::InvalidTeamName)
    );
    ws.recolour_team(ios, "#FF0000").unwrap();
    assert_eq!(ws.team(ios).unwrap().colour.as_str(), "#ff0000");
    assert_eq!(
        ws.recolour_team(ios, "red"),
        Err(WorkspaceError::InvalidColour)
    );
    ws.set_team_kind(ios, TeamKind::Service).unwrap();
    assert_eq!(ws.team(ios).unwrap().kind, TeamKind::Service);
    let web = ws
        .add_team("Web", "WEB", TeamKind::ClientPlatform, "#123456")
        .unwrap();
    assert_eq!(ws.teams().last().unwrap().id, web);
    assert!(matches!(
        ws.add_team("Web 2", "W", TeamKind::ClientPlatform, "#123456"),
        Err(WorkspaceError::InvalidTeamKey(_))
    ));
}

#[test]
fn removing_a_team_takes_its_stories_and_can_be_undone() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let and = ws.teams()[1].id;
    ws.add_story(ios, "A", at(9, 0, 0)).unwrap();
    ws.add_story(and, "x", at(9, 0, 0)).unwrap();
    ws.add_story(ios, "B", at(9, 0, 0)).unwrap();
    assert_eq!(ws.team_story_count(ios), 2);
    assert_eq!(ws.team_story_counts(), [2, 1, 0]);
    let before = ws.clone();
    let removed = ws.remove_team(ios).unwrap();
    assert_eq!(removed.story_count(), 2);
    assert_eq!(ws.teams().len(), 2);
    assert_eq!(ws.stories().len(), 1);
    ws.restore_team(removed).unwrap();
    assert_eq!(ws, before);
}

#[test]
fn filter_matches_key_title_and_description_ignoring_case() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let a = ws.add_story(ios, "Delete profile", at(9, 0, 0)).unwrap();
    ws.add_story(ios, "Edit avatar", at(9, 0, 0)).unwrap();
    ws.edit_story(
        a,
        StoryEdit::Description("GDPR erasure".into()),
        at(9, 0, 0),
    )
    .unwrap();
    let found = |q: &str| -> Vec<String> {
        ws.filter_backlog(ios, q)
            .into_iter()
            .map(|i| ws.stories()[i].title.to_string())
            .collect()
    };
    assert_eq!(found(""), ["Delete profile", "Edit avatar"]);
    assert_eq!(found("PROFILE"), ["Delete profile"]);
    assert_eq!(found("gdpr"), ["Delete profile"]);
    assert_eq!(found("ios-2"), ["Edit avatar"]);
    assert!(found("nothing").is_empty());
}

#[test]
fn backlog_summary_counts_points() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let a = ws.add_story(ios, "A", at(9, 0, 0)).unwrap();
    ws.add_story(ios, "B", at(9, 0, 0)).unwrap();
    ws.edit_story(
        a,
        StoryEdit::Estimate(Some(tandem::domain::Estimate::known(3.5))),
        at(9, 0, 0),
    )
    .unwrap();
    let sum = ws.backlog_summary(ios);
    assert_eq!((sum.stories, sum.estimated, sum.points), (2, 1, 3.5));
}

#[test]
fn limits_read_in_groups_of_three_digits() {
    use tandem::domain::limits::grouped;
    assert_eq!(grouped(0), "0");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(1_000), "1,000");
    assert_eq!(grouped(20_000), "20,000");
    assert_eq!(grouped(1_234_567), "1,234,567");
}
