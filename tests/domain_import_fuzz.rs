//! Import validation never panics, whatever the JSON: arbitrary values, and
//! valid exports with one part replaced by an arbitrary value. (A property
//! test stands in for `cargo fuzz`, which needs a nightly toolchain.)
#![cfg(not(target_arch = "wasm32"))]

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Map, Value};
use tandem::domain::schema::{export_json, import_json};
use tandem::domain::validation::ImportProblem;
use tandem::domain::{EpicFields, StoryEdit, Workspace};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        Just(Value::from("00000000-0000-4000-8000-000000000000")),
        Just(Value::from("2026-11-22T10:00:00Z")),
        Just(Value::from("to_do")),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,12}", inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn sample() -> Value {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let mut ws = Workspace::with_default_teams();
    let teams: Vec<_> = ws.teams().iter().map(|t| t.id).collect();
    let epic = ws
        .add_epic(
            &EpicFields {
                title: "Delete my profile".into(),
                ..EpicFields::default()
            },
            now,
        )
        .unwrap();
    let plan = ws.plan_split(epic, &teams[..2], Some(teams[2])).unwrap();
    let created = ws.split_epic(epic, &plan, now).unwrap();
    ws.edit_story(created[0], StoryEdit::AddCriterion("Erased".into()), now)
        .unwrap();
    serde_json::from_str(&export_json(&ws, now).unwrap()).unwrap()
}

/// Replaces the `pick`-th node (in a depth-first walk) by `with`.
fn replace_node(value: &mut Value, pick: &mut usize, with: &Value) -> bool {
    if *pick == 0 {
        *value = with.clone();
        return true;
    }
    *pick -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| replace_node(v, pick, with)),
        Value::Object(map) => map.values_mut().any(|v| replace_node(v, pick, with)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        let _ = import_json(&value.to_string());
    }

    #[test]
    fn a_damaged_export_is_refused_or_read_never_panics(pick in 0usize..400, with in arbitrary_json()) {
        let mut value = sample();
        let mut at = pick;
        replace_node(&mut value, &mut at, &with);
        if let Ok(imported) = import_json(&value.to_string()) {
            // Whatever is accepted keeps the rules: it exports and reads back.
            let again = export_json(&imported.workspace, imported.exported_at).unwrap();
            prop_assert_eq!(import_json(&again).unwrap().workspace, imported.workspace);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = import_json(&text);
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = import_json(&deep).unwrap_err();
    assert!(
        matches!(err.problem, ImportProblem::NotJson { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("recursion limit"), "{err}");
}
