//! Native tests of the exchange format: round trips and every kind of bad file.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use tandem::domain::schema::{
    CURRENT_VERSION, export_file_name, export_json, import_json, storage_json,
};
use tandem::domain::validation::ImportProblem;
use tandem::domain::{StoryEdit, StoryStatus, Workspace};

fn sample() -> Workspace {
    let mut ws = Workspace::with_default_teams();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let ios = ws.teams()[0].id;
    let be = ws.teams()[2].id;
    let a = ws.add_story(ios, "Delete my profile", now).unwrap();
    ws.edit_story(
        a,
        StoryEdit::Estimate(Some(tandem::domain::Estimate::known(0.5))),
        now,
    )
    .unwrap();
    ws.edit_story(
        a,
        StoryEdit::Description("Line one\nLine \"two\" — ünïcode".into()),
        now,
    )
    .unwrap();
    let b = ws.add_story(be, "Profile deletion API", now).unwrap();
    ws.edit_story(b, StoryEdit::Status(StoryStatus::InProgress), now)
        .unwrap();
    ws
}

fn exported() -> Value {
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    serde_json::from_str(&export_json(&sample(), at).unwrap()).unwrap()
}

fn error_of(value: &Value) -> (Option<String>, ImportProblem) {
    let err = import_json(&value.to_string()).expect_err("must be refused");
    (err.path, err.problem)
}

#[test]
fn export_then_import_then_export_is_byte_identical() {
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let original = sample();
    let first = export_json(&original, at).unwrap();
    let imported = import_json(&first).unwrap();
    assert_eq!(imported.workspace, original);
    assert_eq!(imported.exported_at, at);
    assert_eq!(imported.schema_version, CURRENT_VERSION);
    let second = export_json(&imported.workspace, at).unwrap();
    assert_eq!(first, second);
    assert!(first.ends_with("}\n"));
}

#[test]
fn storage_form_reads_back_the_same_workspace() {
    let ws = sample();
    let at = Utc::now();
    let text = storage_json(&ws, at).unwrap();
    assert!(!text.contains('\n'), "compact form");
    assert_eq!(import_json(&text).unwrap().workspace, ws);
}

#[test]
fn file_has_the_documented_top_level() {
    let v = exported();
    assert_eq!(v["format"], "tandem-workspace");
    assert_eq!(v["schema_version"], 8);
    assert_eq!(v["stories"][0]["jira_key"], Value::Null);
    assert_eq!(v["releases"], json!([]));
    assert_eq!(v["poker_sessions"], json!([]));
    assert_eq!(v["stories"][0]["estimate_history"], json!([]));
    assert_eq!(v["next_epic_number"], 1);
    assert_eq!(v["cadence"], Value::Null);
    assert_eq!(v["members"], json!([]));
    assert_eq!(v["sprints"], json!([]));
    assert_eq!(v["stories"][0]["sprint"], Value::Null);
    assert_eq!(v["stories"][1]["transitions"][0]["to"], "in_progress");
    assert_eq!(v["stories"][1]["started_at"], "2026-11-22T09:00:00Z");
    assert_eq!(v["epics"], json!([]));
    assert_eq!(v["stories"][0]["depends_on"], json!([]));
    assert_eq!(v["exported_at"], "2026-11-22T10:00:00Z");
    assert_eq!(v["teams"][0]["key"], "IOS");
    assert_eq!(v["teams"][0]["kind"], "client_platform");
    assert_eq!(v["stories"][0]["estimate"], 0.5);
    assert_eq!(v["stories"][1]["estimate"], Value::Null);
    assert_eq!(v["stories"][1]["status"], "in_progress");
}

#[test]
fn export_file_name_carries_the_day() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    assert_eq!(export_file_name(day), "tandem-2026-01-05.json");
}

#[test]
fn not_json_says_where() {
    let err = import_json("{\n  \"format\": tandem\n}").unwrap_err();
    assert!(
        matches!(err.problem, ImportProblem::NotJson { line: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("not valid JSON (line 2"));
}

#[test]
fn json_of_another_kind_is_refused() {
    assert_eq!(error_of(&json!([1, 2])), (None, ImportProblem::NotAnObject));
    assert_eq!(
        error_of(&json!({"name": "x"})),
        (Some("format".into()), ImportProblem::NotTandem)
    );
}

#[test]
fn versions_are_checked() {
    let mut v = exported();
    v.as_object_mut().unwrap().remove("schema_version");
    assert_eq!(
        error_of(&v),
        (Some("schema_version".into()), ImportProblem::MissingVersion)
    );
    v["schema_version"] = json!("1");
    assert_eq!(error_of(&v).1, ImportProblem::VersionNotInteger);
    v["schema_version"] = json!(9);
    let err = import_json(&v.to_string()).unwrap_err();
    assert_eq!(err.problem, ImportProblem::NewerVersion { found: 9 });
    assert!(err.to_string().contains("newer Tandem"), "{err}");
    v["schema_version"] = json!(0);
    assert_eq!(error_of(&v).1, ImportProblem::UnknownVersion { found: 0 });
}

#[test]
fn wrong_shapes_name_their_path() {
    let mut v = exported();
    v["stories"][1]["estimate"] = json!("five");
    assert_eq!(error_of(&v).0.as_deref(), Some("stories[1].estimate"));

    let mut v = exported();
    v["stories"][0]["status"] = json!("finished");
    assert_eq!(error_of(&v).0.as_deref(), Some("stories[0].status"));

    let mut v = exported();
    v["teams"][1]["key"] = json!("a-b");
    assert_eq!(error_of(&v).0.as_deref(), Some("teams[1].key"));

    let mut v = exported();
    v["stories"][0].as_object_mut().unwrap().remove("title");
    let (path, problem) = error_of(&v);
    assert_eq!(path.as_deref(), Some("stories[0]"));
    assert!(problem.to_string().contains("title"), "{problem}");

    let mut v = exported();
    v["stories"][0]["colour_of_sky"] = json!("blue");
    let (path, problem) = error_of(&v);
    assert_eq!(path.as_deref(), Some("stories[0].colour_of_sky"));
    assert!(problem.to_string().contains("unknown field"), "{problem}");
}

#[test]
fn duplicate_ids_are_refused() {
    let mut v = exported();
    v["stories"][1]["id"] = v["stories"][0]["id"].clone();
    assert_eq!(
        error_of(&v),
        (
            Some("stories[1].id".into()),
            ImportProblem::DuplicateId {
                first: "stories[0].id".into()
            }
        )
    );
    let mut v = exported();
    v["teams"][2]["id"] = v["teams"][0]["id"].clone();
    // The Backend story now points at iOS; the duplicate team id is found first.
    assert_eq!(error_of(&v).0.as_deref(), Some("teams[2].id"));
    let mut v = exported();
    v["teams"][2]["key"] = json!("IOS");
    assert_eq!(error_of(&v).0.as_deref(), Some("teams[2].key"));
}

#[test]
fn a_story_of_a_missing_team_is_refused() {
    let mut v = exported();
    v["stories"][1]["team"] = json!("00000000-0000-4000-8000-000000000000");
    let err = import_json(&v.to_string()).unwrap_err();
    assert_eq!(err.path.as_deref(), Some("stories[1].team"));
    assert_eq!(
        err.to_string(),
        "stories[1].team: no team with id 00000000-0000-4000-8000-000000000000 is in the file"
    );
}

#[test]
fn story_numbers_must_be_issued_and_unique() {
    let mut v = exported();
    v["stories"][0]["number"] = json!(7);
    assert_eq!(
        error_of(&v),
        (
            Some("stories[0].number".into()),
            ImportProblem::NumberNotIssued { number: 7, next: 2 }
        )
    );
    let mut v = exported();
    v["stories"][1]["team"] = v["stories"][0]["team"].clone();
    assert_eq!(error_of(&v).0.as_deref(), Some("stories[1].number"));
}

#[test]
fn field_rules_hold_on_import() {
    let cases = [
        ("title", json!("  padded  ")),
        ("title", json!("")),
        ("estimate", json!(-2)),
        ("estimate", json!(5000)),
        ("description", json!("x".repeat(20_001))),
        ("jira_key", json!("")),
        ("jira_key", json!(" MOB-1")),
        ("jira_key", json!("M".repeat(65))),
    ];
    for (field, value) in cases {
        let mut v = exported();
        v["stories"][0][field] = value;
        assert_eq!(
            error_of(&v).0.as_deref(),
            Some(format!("stories[0].{field}").as_str()),
            "{field}"
        );
    }
    let mut v = exported();
    v["teams"][0]["colour"] = json!("#ABCDEF");
    assert_eq!(error_of(&v).0.as_deref(), Some("teams[0].colour"));
    let mut v = exported();
    v["teams"][0]["name"] = json!("");
    assert_eq!(error_of(&v).0.as_deref(), Some("teams[0].name"));
}

#[test]
fn a_share_of_time_is_1_to_100_percent_and_all_of_them_at_most_100() {
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let mut ws = sample();
    let ios = ws.teams()[0].id;
    ws.add_member("Anna", ios).unwrap();
    let v: Value = serde_json::from_str(&export_json(&ws, at).unwrap()).unwrap();
    assert_eq!(v["members"][0]["allocations"][0]["percent"], json!(100));
    for bad in [json!(0), json!(101), json!(-5), json!(12.5)] {
        let mut v = v.clone();
        v["members"][0]["allocations"][0]["percent"] = bad.clone();
        let err = import_json(&v.to_string()).expect_err("must be refused");
        assert_eq!(
            err.path.as_deref(),
            Some("members[0].allocations[0].percent"),
            "{bad}"
        );
    }
    let mut v = v.clone();
    let be = v["teams"][2]["id"].clone();
    v["members"][0]["allocations"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "team": be, "percent": 1 }));
    assert_eq!(
        error_of(&v),
        (
            Some("members[0].allocations".into()),
            ImportProblem::OverAllocated
        )
    );
}

/// The sample with a poker session of two guests, exported.
fn exported_with_session() -> Value {
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let mut ws = sample();
    ws.start_poker_session(at);
    ws.add_guest("Gus").unwrap();
    ws.add_guest("Dana").unwrap();
    let v: Value = serde_json::from_str(&export_json(&ws, at).unwrap()).unwrap();
    assert_eq!(v["poker_sessions"][0]["live_room"], Value::Null);
    assert_eq!(
        v["poker_sessions"][0]["participants"][1]["device"],
        Value::Null
    );
    v
}

#[test]
fn a_live_room_code_must_be_10_to_64_characters_of_its_alphabet() {
    let mut v = exported_with_session();
    v["poker_sessions"][0]["live_room"] = json!("k7m2q9txw4");
    import_json(&v.to_string()).expect("a good room code imports");
    for bad in ["k7m2q9txw", "K7M2Q9TXW4", "k7m2q9txwi", "k7m2 q9txw4", ""] {
        v["poker_sessions"][0]["live_room"] = json!(bad);
        let err = import_json(&v.to_string()).expect_err(bad);
        assert_eq!(
            err.path.as_deref(),
            Some("poker_sessions[0].live_room"),
            "{bad}"
        );
        assert!(
            err.to_string()
                .contains("a live room code has 10 to 64 characters"),
            "{err}"
        );
    }
    v["poker_sessions"][0]["live_room"] = json!("z".repeat(65));
    assert_eq!(
        error_of(&v).0.as_deref(),
        Some("poker_sessions[0].live_room")
    );
}

#[test]
fn a_device_id_must_be_8_to_64_characters_of_its_alphabet() {
    let mut v = exported_with_session();
    v["poker_sessions"][0]["participants"][1]["device"] = json!("d3v1cexy");
    import_json(&v.to_string()).expect("a good device id imports");
    for bad in ["d3v1cex", "D3V1CEXY", "d3v1cexo", "d3v1-cexy", ""] {
        v["poker_sessions"][0]["participants"][1]["device"] = json!(bad);
        let err = import_json(&v.to_string()).expect_err(bad);
        assert_eq!(
            err.path.as_deref(),
            Some("poker_sessions[0].participants[1].device"),
            "{bad}"
        );
        assert!(
            err.to_string()
                .contains("a device id has 8 to 64 characters"),
            "{err}"
        );
    }
    v["poker_sessions"][0]["participants"][1]["device"] = json!("z".repeat(65));
    assert_eq!(
        error_of(&v).0.as_deref(),
        Some("poker_sessions[0].participants[1].device")
    );
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let text = " ".repeat(tandem::domain::limits::MAX_IMPORT_BYTES + 1);
    assert!(matches!(
        import_json(&text).unwrap_err().problem,
        ImportProblem::TooLarge { .. }
    ));
}

#[test]
fn a_ten_megabyte_file_imports() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let now = Utc::now();
    for i in 0..10_000 {
        let id = ws
            .add_story(ios, &format!("Story number {i}"), now)
            .unwrap();
        ws.edit_story(id, StoryEdit::Description("d".repeat(700)), now)
            .unwrap();
    }
    let text = export_json(&ws, now).unwrap();
    assert!(text.len() > 10 * 1024 * 1024, "{} bytes", text.len());
    assert_eq!(
        import_json(&text).unwrap().workspace.stories().len(),
        10_000
    );
}

#[test]
fn links_must_point_at_what_is_in_the_file() {
    let mut v = exported();
    v["stories"][0]["depends_on"] = json!(["00000000-0000-4000-8000-000000000001"]);
    assert_eq!(error_of(&v).0.as_deref(), Some("stories[0].depends_on[0]"));
    let mut v = exported();
    v["stories"][0]["depends_on"] = json!([v["stories"][0]["id"].clone()]);
    assert_eq!(
        error_of(&v),
        (
            Some("stories[0].depends_on[0]".into()),
            ImportProblem::SelfDependency
        )
    );
    let mut v = exported();
    v["stories"][0]["epic"] = json!("00000000-0000-4000-8000-000000000002");
    assert_eq!(error_of(&v).0.as_deref(), Some("stories[0].epic"));
    let mut v = exported();
    v["stories"][1]["constraints"] = json!(["00000000-0000-4000-8000-000000000003"]);
    assert_eq!(error_of(&v).0.as_deref(), Some("stories[1].constraints[0]"));
}

#[test]
fn dependency_cycles_are_refused_with_the_keys() {
    let mut v = exported();
    let (a, b) = (v["stories"][0]["id"].clone(), v["stories"][1]["id"].clone());
    v["stories"][0]["depends_on"] = json!([b]);
    v["stories"][1]["depends_on"] = json!([a]);
    let err = import_json(&v.to_string()).unwrap_err();
    assert_eq!(err.path.as_deref(), Some("stories"));
    assert_eq!(
        err.to_string(),
        "stories: the dependencies make a cycle: IOS-1 → BE-1 → IOS-1"
    );
}

#[test]
fn a_constraint_name_follows_one_rule_typed_or_imported() {
    use tandem::domain::limits::MAX_CONSTRAINT_NAME_CHARS;
    use tandem::domain::{ConstraintFields, ConstraintName, WorkspaceError};
    let longest = "x".repeat(MAX_CONSTRAINT_NAME_CHARS);
    let too_long = "x".repeat(MAX_CONSTRAINT_NAME_CHARS + 1);
    // Typed: spaces around it dropped; empty and too long refused.
    assert_eq!(
        ConstraintName::parse("  Mobile data  ").map(|n| n.to_string()),
        Ok("Mobile data".to_string())
    );
    assert!(ConstraintName::parse(&longest).is_ok());
    assert!(ConstraintName::parse("   ").is_err());
    assert!(ConstraintName::parse(&too_long).is_err());
    let mut ws = sample();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let fields = |name: &str| ConstraintFields {
        name: name.into(),
        ..ConstraintFields::default()
    };
    assert_eq!(
        ws.add_constraint(&fields(&too_long), now),
        Err(WorkspaceError::InvalidConstraintName)
    );
    ws.add_constraint(&fields(" Mobile data per sync "), now)
        .unwrap();
    assert_eq!(ws.constraints()[0].name.as_str(), "Mobile data per sync");

    // Imported: the same limits, and the file holds the trimmed form.
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let v: Value = serde_json::from_str(&export_json(&ws, at).unwrap()).unwrap();
    assert!(import_json(&v.to_string()).is_ok());
    for bad in [json!(""), json!(" padded "), json!(too_long)] {
        let mut w = v.clone();
        w["constraints"][0]["name"] = bad.clone();
        assert_eq!(
            error_of(&w).0.as_deref(),
            Some("constraints[0].name"),
            "{bad}"
        );
    }
    let mut w = v.clone();
    w["constraints"][0]["name"] = json!(longest);
    assert!(import_json(&w.to_string()).is_ok());
}

#[test]
fn a_team_name_follows_one_rule_typed_or_imported() {
    use tandem::domain::limits::MAX_TEAM_NAME_CHARS;
    use tandem::domain::team::TeamNameError;
    use tandem::domain::{TeamKind, TeamName, WorkspaceError};
    let longest = "x".repeat(MAX_TEAM_NAME_CHARS);
    let too_long = "x".repeat(MAX_TEAM_NAME_CHARS + 1);
    // Typed: spaces around it dropped; blank and too long refused.
    assert_eq!(
        TeamName::parse("  Web  ").map(|n| n.to_string()),
        Ok("Web".to_string())
    );
    assert!(TeamName::parse(&longest).is_ok());
    assert_eq!(TeamName::parse("   "), Err(TeamNameError));
    assert_eq!(TeamName::parse(&too_long), Err(TeamNameError));
    let mut ws = sample();
    let ios = ws.teams()[0].id;
    assert_eq!(
        ws.add_team(&too_long, "WEB", TeamKind::ClientPlatform, "#123456"),
        Err(WorkspaceError::InvalidTeamName)
    );
    assert_eq!(
        ws.rename_team(ios, &too_long),
        Err(WorkspaceError::InvalidTeamName)
    );
    ws.rename_team(ios, &format!(" {longest} ")).unwrap();
    assert_eq!(ws.teams()[0].name.as_str(), longest);
    ws.add_team(" Web ", "WEB", TeamKind::ClientPlatform, "#123456")
        .unwrap();
    assert_eq!(ws.teams()[3].name.as_str(), "Web");
    // The message a person reads says the limit in words, from the constant.
    assert!(
        WorkspaceError::InvalidTeamName
            .to_string()
            .contains(&format!("1 to {MAX_TEAM_NAME_CHARS} characters"))
    );

    // Imported: the same limits, and the file holds the trimmed form; the
    // path names the field.
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let v: Value = serde_json::from_str(&export_json(&ws, at).unwrap()).unwrap();
    assert!(import_json(&v.to_string()).is_ok());
    for bad in [json!(""), json!("   "), json!(" Web "), json!(too_long)] {
        let mut w = v.clone();
        w["teams"][1]["name"] = bad.clone();
        let err = import_json(&w.to_string()).expect_err("must be refused");
        assert_eq!(err.path.as_deref(), Some("teams[1].name"), "{bad}");
        assert_eq!(err.problem.to_string(), TeamNameError.to_string(), "{bad}");
    }
    let mut w = v.clone();
    w["teams"][1]["name"] = json!(longest);
    assert!(import_json(&w.to_string()).is_ok());
}

#[test]
fn a_team_colour_follows_one_rule_typed_or_imported() {
    use tandem::domain::team::ColourError;
    use tandem::domain::{Colour, TeamKind, WorkspaceError};
    // Typed (or given by the colour picker): trimmed, hex put in lower case.
    assert_eq!(
        Colour::parse(" #A35BD6 ").map(|c| c.to_string()),
        Ok("#a35bd6".to_string())
    );
    for bad in ["", "a35bd6", "#a35bd", "#a35bd6f", "#a35bdg", "red", "#fff"] {
        assert_eq!(Colour::parse(bad), Err(ColourError), "{bad}");
    }
    let mut ws = sample();
    let ios = ws.teams()[0].id;
    assert_eq!(
        ws.recolour_team(ios, "#12345"),
        Err(WorkspaceError::InvalidColour)
    );
    assert_eq!(
        ws.add_team("Web", "WEB", TeamKind::ClientPlatform, "blue"),
        Err(WorkspaceError::InvalidColour)
    );
    ws.recolour_team(ios, "#ABCDEF").unwrap();
    assert_eq!(ws.teams()[0].colour.as_str(), "#abcdef");

    // Imported: only the canonical form, and the path names the field.
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let v: Value = serde_json::from_str(&export_json(&ws, at).unwrap()).unwrap();
    assert_eq!(v["teams"][0]["colour"], "#abcdef");
    assert!(import_json(&v.to_string()).is_ok());
    for bad in [
        json!("#ABCDEF"),
        json!(" #abcdef"),
        json!("abcdef"),
        json!("#abcde"),
        json!("#abcdeg"),
        json!(""),
    ] {
        let mut w = v.clone();
        w["teams"][1]["colour"] = bad.clone();
        let err = import_json(&w.to_string()).expect_err("must be refused");
        assert_eq!(err.path.as_deref(), Some("teams[1].colour"), "{bad}");
        assert_eq!(err.problem.to_string(), ColourError.to_string(), "{bad}");
    }
}
