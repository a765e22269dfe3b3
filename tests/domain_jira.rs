//! Native tests of the Jira CSV import: reading the export (quoted line
//! breaks, commas, repeated Sprint columns, broken rows), mapping types,
//! statuses and epics, and importing the same file twice.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{TimeZone, Utc};
use tandem::domain::jira::{JiraError, JiraMapping, jira_time, kind_of, read_jira_csv, status_of};
use tandem::domain::{StoryKind, StoryStatus, Workspace};

const FIXTURE: &str = include_str!("fixtures/jira-export.csv");

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

#[test]
fn the_fixture_reads_with_its_broken_rows_named_by_line() {
    let file = read_jira_csv(FIXTURE).unwrap();
    let keys: Vec<_> = file.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["MOB-1", "MOB-2", "MOB-3", "MOB-4", "API-7", "API-8"]);
    let two = &file.issues[1];
    assert_eq!(two.summary, "Profile screen: \"Delete\" button");
    assert_eq!(
        two.description,
        "Shows a confirmation.\nSecond line, with a comma."
    );
    assert_eq!(two.sprints, ["MOB Sprint 7", "MOB Sprint 8"]);
    assert_eq!(two.points.map(f64::from), Some(5.0));
    assert_eq!(two.parent.as_deref(), Some("MOB-1"));
    assert_eq!(two.line, 3);
    assert_eq!(file.issues[3].line, 6, "lines count the quoted line break");
    assert_eq!(
        file.issues[2].resolved,
        Some(Utc.with_ymd_and_hms(2026, 10, 7, 16, 30, 0).unwrap())
    );
    let broken: Vec<_> = file
        .broken
        .iter()
        .map(|b| (b.line, b.key.as_deref()))
        .collect();
    assert_eq!(broken, [(9, Some("API-9")), (10, Some("API-10"))]);
    assert!(
        file.broken[0].reason.contains("“lots”"),
        "{}",
        file.broken[0].reason
    );
    assert_eq!(file.ignored_columns, ["Priority", "Labels"]);
    assert_eq!(file.projects(), ["API", "MOB"]);
}

#[test]
fn importing_maps_kinds_statuses_epics_and_teams() {
    let mut ws = Workspace::with_default_teams();
    let [ios, _and, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let file = read_jira_csv(FIXTURE).unwrap();
    let mut mapping = JiraMapping::all_to(&file, ios);
    mapping.teams.insert("API".into(), be);
    let out = ws.import_jira(&file, &mapping, now()).unwrap();
    assert_eq!(out.added, [(ios, 3), (be, 2)]);
    assert_eq!(
        (out.updated, out.unchanged, out.new_epics, out.skipped),
        (0, 0, 1, 2)
    );
    assert_eq!(out.notes.len(), 2, "{:?}", out.notes);
    assert!(out.notes[0].contains("“Waiting for customer”"));
    assert!(out.notes[1].starts_with("3 stories were in Jira sprints"));

    let story = |key: &str| {
        ws.story(ws.story_by_jira_key(key).unwrap())
            .unwrap()
            .clone()
    };
    let epic = ws.epics()[0].clone();
    assert_eq!(epic.title, "Delete my profile");
    let two = story("MOB-2");
    assert_eq!(ws.story_key(&two), "IOS-1");
    assert_eq!(
        (two.kind, two.status, two.estimate.map(f64::from)),
        (StoryKind::UserStory, StoryStatus::ToDo, Some(5.0))
    );
    assert_eq!(two.epic, Some(epic.id));
    assert_eq!(
        two.created_at,
        Utc.with_ymd_and_hms(2026, 10, 2, 10, 15, 0).unwrap()
    );
    let three = story("MOB-3");
    assert_eq!(
        (three.kind, three.status),
        (StoryKind::Bug, StoryStatus::Done)
    );
    assert_eq!(
        three.done_at,
        Some(Utc.with_ymd_and_hms(2026, 10, 7, 16, 30, 0).unwrap())
    );
    assert_eq!(story("MOB-4").kind, StoryKind::Spike);
    let api = story("API-7");
    assert_eq!(
        (api.team, api.kind, api.status),
        (be, StoryKind::TechnicalStory, StoryStatus::InProgress)
    );
    assert_eq!(
        api.epic,
        Some(epic.id),
        "the backend slice joins the same epic"
    );
    assert_eq!(story("API-8").status, StoryStatus::ToDo);
}

#[test]
fn a_second_import_of_the_same_file_adds_nothing_and_updates_what_changed() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let file = read_jira_csv(FIXTURE).unwrap();
    let mapping = JiraMapping::all_to(&file, ios);
    ws.import_jira(&file, &mapping, now()).unwrap();
    let count = ws.stories().len();
    let epics = ws.epics().len();

    let again = ws.import_jira(&file, &mapping, now()).unwrap();
    assert_eq!(again.added_total(), 0);
    assert_eq!((again.updated, again.unchanged, again.new_epics), (0, 5, 0));
    assert_eq!((ws.stories().len(), ws.epics().len()), (count, epics));

    let changed = FIXTURE.replace(
        "Research offline sync,MOB-4,10004,Spike,Selected for Development",
        "Research offline sync,MOB-4,10004,Spike,Done",
    );
    let out = ws
        .import_jira(&read_jira_csv(&changed).unwrap(), &mapping, now())
        .unwrap();
    assert_eq!((out.added_total(), out.updated, out.unchanged), (0, 1, 4));
    let four = ws.story(ws.story_by_jira_key("MOB-4").unwrap()).unwrap();
    assert_eq!(four.status, StoryStatus::Done);
    assert_eq!(ws.stories().len(), count);
}

#[test]
fn projects_map_to_teams_by_key() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let api = ws
        .add_team("API", "API", tandem::domain::TeamKind::Service, "#123456")
        .unwrap();
    let file = read_jira_csv(FIXTURE).unwrap();
    let mapping = JiraMapping::by_project_key(&ws, &file, ios);
    assert_eq!(mapping.teams.get("API"), Some(&api));
    assert_eq!(mapping.teams.get("MOB"), Some(&ios));
}

#[test]
fn files_that_are_not_jira_exports_are_refused() {
    assert_eq!(read_jira_csv(""), Err(JiraError::Empty));
    assert_eq!(
        read_jira_csv("Title,Points\nA,1\n"),
        Err(JiraError::MissingColumn("Issue key"))
    );
    assert_eq!(
        read_jira_csv("Issue key,Points\nA-1,1\n"),
        Err(JiraError::MissingColumn("Summary"))
    );
    assert_eq!(read_jira_csv("Summary,Issue key\n"), Err(JiraError::Empty));
    // A ragged row is broken, not fatal.
    let file = read_jira_csv("\u{feff}Summary,Issue key\nA,X-1\nB,X-2,extra\n").unwrap();
    assert_eq!(file.issues.len(), 1);
    assert_eq!(file.broken[0].line, 3);
    // A key twice: the second is broken.
    let file = read_jira_csv("Summary,Issue key\nA,X-1\nB,X-1\n").unwrap();
    assert_eq!(file.broken[0].reason, "the key X-1 is already on line 2");
}

#[test]
fn a_failed_import_changes_nothing() {
    let mut ws = Workspace::with_default_teams();
    let file = read_jira_csv(FIXTURE).unwrap();
    let before = ws.clone();
    // No team for the projects.
    let err = ws.import_jira(&file, &JiraMapping::default(), now());
    assert!(err.is_err());
    assert_eq!(ws, before);
}

#[test]
fn types_statuses_and_dates_read_as_documented() {
    assert_eq!(kind_of("Sub-task"), Some(StoryKind::TechnicalStory));
    assert_eq!(kind_of("New Feature"), Some(StoryKind::Feature));
    assert_eq!(kind_of("Initiative"), None);
    assert_eq!(status_of("IN QA"), Some(StoryStatus::ReadyForTest));
    assert_eq!(status_of("Closed"), Some(StoryStatus::Done));
    assert_eq!(status_of("Impeded"), Some(StoryStatus::Blocked));
    assert_eq!(status_of("Waiting"), None);
    let t = Utc.with_ymd_and_hms(2026, 11, 22, 9, 15, 0).unwrap();
    assert_eq!(jira_time("22/Nov/26 9:15 AM"), Some(t));
    assert_eq!(jira_time("2026-11-22 09:15"), Some(t));
    assert_eq!(jira_time("2026-11-22T10:15:00.000+0100"), Some(t));
    assert_eq!(jira_time("yesterday"), None);
}

#[test]
fn story_points_follow_the_estimate_rule_a_person_types() {
    // The same reading as the story panel's estimate field: a decimal comma,
    // ½, blank for none; out of range and words refused with the rule.
    let csv = |points: &str| {
        format!("Summary,Issue key,Issue Type,Status,Story Points\nA,MOB-1,Story,To Do,{points}\n")
    };
    let read = |points: &str| read_jira_csv(&csv(points)).unwrap();
    assert_eq!(read("\"0,5\"").issues[0].points.map(f64::from), Some(0.5));
    assert_eq!(read("½").issues[0].points.map(f64::from), Some(0.5));
    assert_eq!(read("8").issues[0].points.map(f64::from), Some(8.0));
    assert_eq!(read("").issues[0].points, None);
    for bad in ["lots", "-1", "1001"] {
        let file = read(bad);
        assert!(file.issues.is_empty(), "{bad}");
        assert!(
            file.broken[0]
                .reason
                .contains("an estimate is a number of points from 0 to 1000"),
            "{}",
            file.broken[0].reason
        );
    }
}
