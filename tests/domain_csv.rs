//! Native tests of the CSV export: columns, RFC 4180 quoting, the byte-order
//! mark, and which stories each scope holds.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at, day};
use tandem::domain::csv_export::{COLUMNS, CsvScope};
use tandem::domain::schema::import_json;
use tandem::domain::{EpicFields, StoryEdit, StoryStatus, StoryText, Workspace};

/// Parses CSV text back with the csv crate's reader, BOM removed.
fn rows(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("starts with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn workspace() -> Workspace {
    let mut ws = Workspace::with_default_teams();
    ws.set_cadence(2, day(2026, 11, 30)).unwrap();
    let [ios, and, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let epic = ws
        .add_epic(
            &EpicFields {
                title: "Offline mode".into(),
                goal: String::new(),
                description: String::new(),
                text: StoryText::default(),
                targets: vec![],
            },
            at(8, 0, 0),
        )
        .unwrap();
    let plan = ws.plan_split(epic, &[ios, and], Some(be)).unwrap();
    let created = ws.split_epic(epic, &plan, at(8, 0, 0)).unwrap();
    ws.edit_story(
        created[0],
        StoryEdit::Estimate(Some(tandem::domain::Estimate::known(5.0))),
        at(9, 0, 0),
    )
    .unwrap();
    ws.edit_story(
        created[0],
        StoryEdit::Description("Line one, with a comma\nline \"two\" — café".into()),
        at(9, 0, 0),
    )
    .unwrap();
    ws.plan_story(created[0], Some(1), at(9, 0, 0)).unwrap();
    ws.plan_story(created[2], Some(1), at(9, 0, 0)).unwrap();
    ws.edit_story(
        created[2],
        StoryEdit::Status(StoryStatus::InProgress),
        at(10, 0, 0),
    )
    .unwrap();
    ws.edit_story(
        created[2],
        StoryEdit::Status(StoryStatus::Done),
        at(12, 0, 0),
    )
    .unwrap();
    let loose = ws
        .add_story(ios, "Über-fast launch, \"really\"", at(11, 0, 0))
        .unwrap();
    assert!(ws.story(loose).is_some());
    ws
}

#[test]
fn the_header_names_the_documented_columns() {
    let ws = workspace();
    let text = CsvScope::All.csv(&ws).unwrap();
    let rows = rows(&text);
    assert_eq!(rows[0], COLUMNS.map(str::to_string).to_vec());
    assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
}

#[test]
fn quoting_survives_commas_quotes_newlines_and_accents() {
    let ws = workspace();
    let text = CsvScope::All.csv(&ws).unwrap();
    assert!(text.starts_with("\u{feff}Key,Team,Title,"));
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    // The raw form quotes and doubles quotes.
    assert!(text.contains("\"Line one, with a comma\nline \"\"two\"\" — café\""));
    let rows = rows(&text);
    let first = &rows[1];
    assert_eq!(first[0], "IOS-1");
    assert_eq!(first[1], "iOS");
    assert_eq!(first[2], "Offline mode (iOS)");
    assert_eq!(first[5], "5");
    assert_eq!(first[6], "1");
    assert_eq!(first[7], "EP-1 Offline mode");
    assert_eq!(
        first[8], "BE-1",
        "the client story depends on the backend one"
    );
    assert_eq!(first[9], "Line one, with a comma\nline \"two\" — café");
    assert_eq!(first[10], "2026-11-22 08:00");
    let loose = rows.iter().find(|r| r[0] == "IOS-2").unwrap();
    assert_eq!(loose[2], "Über-fast launch, \"really\"");
    assert_eq!((loose[5].as_str(), loose[6].as_str()), ("", ""));
    let done = rows.iter().find(|r| r[0] == "BE-1").unwrap();
    assert_eq!(done[4], "Done");
    assert_eq!(
        (done[11].as_str(), done[12].as_str()),
        ("2026-11-22 10:00", "2026-11-22 12:00")
    );
}

#[test]
fn each_scope_holds_its_stories() {
    let ws = workspace();
    let ios = ws.teams()[0].id;
    let keys = |scope: CsvScope| -> Vec<String> {
        rows(&scope.csv(&ws).unwrap())
            .into_iter()
            .skip(1)
            .map(|r| r[0].clone())
            .collect()
    };
    assert_eq!(keys(CsvScope::Team(ios)), ["IOS-1", "IOS-2"]);
    assert_eq!(keys(CsvScope::Sprint(1)), ["IOS-1", "BE-1"]);
    assert_eq!(keys(CsvScope::Sprint(2)), Vec::<String>::new());
    assert_eq!(keys(CsvScope::All), ["IOS-1", "IOS-2", "AND-1", "BE-1"]);
}

#[test]
fn file_names_say_what_they_hold() {
    let ws = workspace();
    let today = day(2026, 11, 22);
    let ios = ws.teams()[0].id;
    assert_eq!(
        CsvScope::Team(ios).file_name(&ws, today),
        "tandem-ios-backlog-2026-11-22.csv"
    );
    assert_eq!(
        CsvScope::Sprint(3).file_name(&ws, today),
        "tandem-sprint-3-2026-11-22.csv"
    );
    assert_eq!(
        CsvScope::All.file_name(&ws, today),
        "tandem-stories-2026-11-22.csv"
    );
}

/// The fixture's sprint 1 closed with IOS-1 (3 points) and AND-2 (5)
/// carried over and BE-2 (2) done. Since then IOS-1 was re-estimated to 8
/// in sprint 2, AND-2 went back to the backlog and BE-2 to 3 points: none
/// of that is what sprint 1 held.
#[test]
fn a_closed_sprint_exports_its_record() {
    let ws = import_json(include_str!("fixtures/closed-sprint.json"))
        .expect("the fixture imports")
        .workspace;
    let picked = |n: u32| -> Vec<[String; 4]> {
        rows(&CsvScope::Sprint(n).csv(&ws).unwrap())
            .into_iter()
            .skip(1)
            .map(|r| [0, 4, 5, 6].map(|i| r[i].clone()))
            .collect()
    };
    assert_eq!(
        picked(1),
        [
            ["IOS-1", "Carried over to sprint 2", "3", "1"],
            ["AND-2", "Carried over to sprint 2", "5", "1"],
            ["BE-2", "Done", "2", "1"],
        ]
        .map(|r| r.map(str::to_string))
    );
    // The sprint that runs now is read from its stories as they stand.
    assert_eq!(
        picked(2),
        [["IOS-1", "To do", "8", "2"].map(str::to_string)]
    );
}
