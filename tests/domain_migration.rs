//! Every schema version Tandem ever wrote still imports: one fixture each.
#![cfg(not(target_arch = "wasm32"))]

use tandem::domain::schema::{CURRENT_VERSION, export_json, import_json};

#[test]
fn a_version_1_file_imports_and_is_migrated() {
    let text = include_str!("fixtures/workspace-v1.json");
    let imported = import_json(text).expect("the v1 fixture imports");
    assert_eq!(imported.schema_version, 1);
    let ws = imported.workspace;
    assert_eq!(ws.teams().len(), 3);
    assert_eq!(ws.stories().len(), 6);
    assert!(ws.epics().is_empty() && ws.constraints().is_empty());
    assert_eq!(ws.next_epic_number(), 1);
    assert!(
        ws.stories()
            .iter()
            .all(|s| s.depends_on.is_empty() && s.epic.is_none())
    );
    // Written again, it is the current version and reads back the same.
    let again = export_json(&ws, imported.exported_at).unwrap();
    assert!(again.contains(&format!("\"schema_version\": {CURRENT_VERSION}")));
    assert_eq!(import_json(&again).unwrap().workspace, ws);
}

#[test]
fn a_version_2_file_imports_and_is_migrated() {
    let text = include_str!("fixtures/workspace-v2.json");
    let imported = import_json(text).expect("the v2 fixture imports");
    assert_eq!(imported.schema_version, 2);
    let ws = imported.workspace;
    assert_eq!(ws.teams().len(), 3);
    assert_eq!(ws.stories().len(), 30);
    assert_eq!(ws.epics().len(), 1);
    // What version 2 had survives; sprint data starts empty.
    assert!(ws.stories().iter().any(|s| !s.depends_on.is_empty()));
    assert!(ws.stories().iter().any(|s| s.epic.is_some()));
    assert!(ws.cadence().is_none() && ws.members().is_empty());
    assert!(ws.sprint_records().is_empty());
    assert!(
        ws.stories()
            .iter()
            .all(|s| s.sprint.is_none() && s.transitions.is_empty() && s.done_at.is_none())
    );
    let again = export_json(&ws, imported.exported_at).unwrap();
    assert!(again.contains(&format!("\"schema_version\": {CURRENT_VERSION}")));
    assert_eq!(import_json(&again).unwrap().workspace, ws);
}

#[test]
fn a_version_3_file_imports_and_is_migrated() {
    let text = include_str!("fixtures/workspace-v3.json");
    let imported = import_json(text).expect("the v3 fixture imports");
    assert_eq!(imported.schema_version, 3);
    let ws = imported.workspace;
    // The sprint data of version 3 survives; poker data starts empty.
    assert_eq!(ws.cadence().map(|c| c.weeks), Some(2));
    assert_eq!(ws.members().len(), 2);
    assert_eq!(ws.sprint_records().len(), 1);
    assert!(ws.stories().iter().any(|s| s.done_at.is_some()));
    assert!(ws.poker_sessions().is_empty() && ws.custom_decks().is_empty());
    assert!(ws.stories().iter().all(|s| s.estimate_history.is_empty()));
    let again = export_json(&ws, imported.exported_at).unwrap();
    assert!(again.contains(&format!("\"schema_version\": {CURRENT_VERSION}")));
    assert_eq!(import_json(&again).unwrap().workspace, ws);
}

#[test]
fn a_version_4_file_imports_and_is_migrated() {
    let text = include_str!("fixtures/workspace-v4.json");
    let imported = import_json(text).expect("the v4 fixture imports");
    assert_eq!(imported.schema_version, 4);
    let ws = imported.workspace;
    // Poker data of version 4 survives; the release log starts empty.
    assert_eq!(ws.poker_sessions().len(), 1);
    assert_eq!(ws.custom_decks().len(), 1);
    assert_eq!(ws.stories()[0].estimate_history.len(), 1);
    assert!(ws.releases().is_empty());
    let again = export_json(&ws, imported.exported_at).unwrap();
    assert!(again.contains(&format!("\"schema_version\": {CURRENT_VERSION}")));
    assert_eq!(import_json(&again).unwrap().workspace, ws);
}

#[test]
fn a_version_5_file_imports_and_is_migrated() {
    let text = include_str!("fixtures/workspace-v5.json");
    let imported = import_json(text).expect("the v5 fixture imports");
    assert_eq!(imported.schema_version, 5);
    let ws = imported.workspace;
    // The release log of version 5 survives; no story came from Jira.
    assert!(!ws.releases().is_empty());
    assert!(ws.stories().iter().all(|s| s.jira_key.is_none()));
    let again = export_json(&ws, imported.exported_at).unwrap();
    assert!(again.contains(&format!("\"schema_version\": {CURRENT_VERSION}")));
    assert!(again.contains("\"jira_key\": null"));
    assert_eq!(import_json(&again).unwrap().workspace, ws);
}

#[test]
fn a_version_6_file_imports_and_is_migrated() {
    let text = include_str!("fixtures/workspace-v6.json");
    let imported = import_json(text).expect("the v6 fixture imports");
    assert_eq!(imported.schema_version, 6);
    let ws = imported.workspace;
    // The Jira keys of version 6 survive; nothing came from a live room.
    assert!(
        ws.stories()
            .iter()
            .any(|s| s.jira_key.as_deref() == Some("MOB-12"))
    );
    assert_eq!(ws.poker_sessions().len(), 1);
    let session = &ws.poker_sessions()[0];
    assert_eq!(session.participants.len(), 3);
    assert!(session.live_room.is_none());
    assert!(session.participants.iter().all(|p| p.device.is_none()));
    let history: Vec<_> = ws
        .stories()
        .iter()
        .flat_map(|s| &s.estimate_history)
        .collect();
    assert_eq!(history.len(), 1);
    assert!(history.iter().all(|e| !e.live));
    let again = export_json(&ws, imported.exported_at).unwrap();
    assert!(again.contains(&format!("\"schema_version\": {CURRENT_VERSION}")));
    assert!(again.contains("\"live_room\": null"));
    assert!(again.contains("\"device\": null"));
    assert!(again.contains("\"live\": false"));
    assert_eq!(import_json(&again).unwrap().workspace, ws);
}

#[test]
fn a_version_7_file_imports_and_its_records_get_estimates() {
    let text = include_str!("fixtures/workspace-v7.json");
    let imported = import_json(text).expect("the v7 fixture imports");
    assert_eq!(imported.schema_version, 7);
    let ws = imported.workspace;
    // Sprint 1 closed with IOS-1 and AND-2 carried over and BE-2 done: each
    // story of a record gets its estimate as the file holds it.
    let record = ws.sprint_record(1).expect("sprint 1 is recorded");
    let points: Vec<Vec<Option<f64>>> = record
        .teams
        .iter()
        .map(|t| {
            t.estimates
                .iter()
                .map(|e| e.points.map(f64::from))
                .collect()
        })
        .collect();
    assert_eq!(
        points,
        vec![vec![Some(3.0)], vec![Some(5.0)], vec![Some(2.0)]]
    );
    for t in &record.teams {
        let named: Vec<_> = t.estimates.iter().map(|e| e.story).collect();
        assert_eq!(named, t.committed);
    }
    let ios = ws.teams()[0].id;
    let lane = ws.closed_lane(ios, 1).unwrap();
    assert_eq!(ws.story_key(lane.stories[0].story.unwrap()), "IOS-1");
    let again = export_json(&ws, imported.exported_at).unwrap();
    assert!(again.contains(&format!("\"schema_version\": {CURRENT_VERSION}")));
    assert!(again.contains("\"estimates\": ["));
    assert_eq!(import_json(&again).unwrap().workspace, ws);
}
