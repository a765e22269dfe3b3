//! Property: export → import is the identity on generated workspaces, and a
//! second export is byte-identical to the first.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use tandem::domain::schema::{export_json, import_json, storage_json};
use tandem::domain::{
    ConstraintFields, EpicFields, Move, Percent, StoryEdit, StoryKind, StoryStatus, StoryText,
    TeamKind, Workspace,
};

#[derive(Clone, Debug)]
enum Op {
    AddTeam(String, String, bool, u32),
    AddStory(usize, String, i64, u32),
    Edit(usize, u8, String, f64, usize),
    Remove(usize),
    MoveTop(usize),
    MoveToTeam(usize, usize),
    Epic(String, usize, bool),
    Depend(usize, usize),
    Criterion(usize, String),
    Constraint(String, usize),
    Sentence(usize, String, Option<f64>),
    Cadence(u8, u32),
    Plan(usize, Option<u32>),
    Member(String, usize, usize, u8, f64),
    Sprint(bool, bool),
}

fn moment(secs: i64, nanos: u32) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + secs, nanos % 1_000_000_000)
        .single()
        .unwrap_or_else(Utc::now)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => ("\\PC{1,20}", "[A-Z][A-Z0-9]{1,5}", any::<bool>(), any::<u32>())
            .prop_map(|(n, k, c, col)| Op::AddTeam(n, k, c, col)),
        6 => (any::<usize>(), "\\PC{0,30}", 0..100_000_000i64, any::<u32>())
            .prop_map(|(t, title, s, n)| Op::AddStory(t, title, s, n)),
        4 => (any::<usize>(), any::<u8>(), "(\\PC|\n){0,60}", 0.0..1000.0f64, any::<usize>())
            .prop_map(|(i, f, text, p, k)| Op::Edit(i, f, text, p, k)),
        1 => any::<usize>().prop_map(Op::Remove),
        1 => any::<usize>().prop_map(Op::MoveTop),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, t)| Op::MoveToTeam(i, t)),
        1 => ("\\PC{1,20}", any::<usize>(), any::<bool>()).prop_map(|(t, n, b)| Op::Epic(t, n, b)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Depend(a, b)),
        1 => (any::<usize>(), "\\PC{0,20}").prop_map(|(i, t)| Op::Criterion(i, t)),
        1 => ("\\PC{0,20}", any::<usize>()).prop_map(|(n, i)| Op::Constraint(n, i)),
        1 => (any::<usize>(), "(\\PC|\n){0,30}", proptest::option::of(0.5..30.0f64))
            .prop_map(|(i, t, d)| Op::Sentence(i, t, d)),
        1 => (0u8..6, 0u32..3000).prop_map(|(w, d)| Op::Cadence(w, d)),
        3 => (any::<usize>(), proptest::option::of(1u32..5)).prop_map(|(i, n)| Op::Plan(i, n)),
        1 => ("\\PC{0,20}", any::<usize>(), any::<usize>(), 0u8..120, 0.0..25.0f64)
            .prop_map(|(n, h, o, p, d)| Op::Member(n, h, o, p, d)),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(start, carry)| Op::Sprint(start, carry)),
    ]
}

fn build(ops: &[Op]) -> Workspace {
    let mut ws = Workspace::with_default_teams();
    let now = moment(0, 0);
    for op in ops {
        let teams: Vec<_> = ws.teams().iter().map(|t| t.id).collect();
        let stories: Vec<_> = ws.stories().iter().map(|s| s.id).collect();
        // Refused operations (bad names, duplicate keys) are part of the
        // property: they must leave a workspace that still round-trips.
        match op {
            Op::AddTeam(name, key, client, colour) => {
                let kind = if *client {
                    TeamKind::ClientPlatform
                } else {
                    TeamKind::Service
                };
                let _ = ws.add_team(name, key, kind, &format!("#{:06x}", colour & 0xff_ffff));
            }
            Op::AddStory(t, title, secs, nanos) if !teams.is_empty() => {
                let _ = ws.add_story(teams[t % teams.len()], title, moment(*secs, *nanos));
            }
            Op::Edit(i, field, text, points, k) if !stories.is_empty() => {
                let id = stories[i % stories.len()];
                let edit = match field % 6 {
                    0 => StoryEdit::Title(text.clone()),
                    1 => StoryEdit::Description(text.clone()),
                    2 => StoryEdit::Kind(StoryKind::ALL[k % 5]),
                    3 => StoryEdit::Status(StoryStatus::ALL[k % 5]),
                    4 => StoryEdit::Estimate(Some(tandem::domain::Estimate::known(*points))),
                    _ => StoryEdit::Estimate(None),
                };
                let _ = ws.edit_story(id, edit, now);
            }
            Op::Remove(i) if !stories.is_empty() => {
                let _ = ws.remove_story(stories[i % stories.len()]);
            }
            Op::MoveTop(i) if !stories.is_empty() => {
                let _ = ws.move_story(stories[i % stories.len()], Move::Top);
            }
            Op::MoveToTeam(i, t) if !stories.is_empty() => {
                let _ =
                    ws.move_story_to_team(stories[i % stories.len()], teams[t % teams.len()], now);
            }
            Op::Epic(title, n, backend) => {
                let fields = EpicFields {
                    title: title.clone(),
                    ..EpicFields::default()
                };
                if let Ok(epic) = ws.add_epic(&fields, now) {
                    let clients: Vec<_> = teams.iter().copied().take(n % 3).collect();
                    let be = backend.then(|| teams.get(2).copied()).flatten();
                    if let Ok(plan) = ws.plan_split(epic, &clients, be) {
                        let _ = ws.split_epic(epic, &plan, now);
                    }
                }
            }
            Op::Depend(a, b) if !stories.is_empty() => {
                let _ =
                    ws.add_dependency(stories[a % stories.len()], stories[b % stories.len()], now);
            }
            Op::Criterion(i, text) if !stories.is_empty() => {
                let _ = ws.edit_story(
                    stories[i % stories.len()],
                    StoryEdit::AddCriterion(text.clone()),
                    now,
                );
            }
            Op::Cadence(weeks, days) => {
                let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                    .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(*days))));
                if let Some(start) = start {
                    let _ = ws.set_cadence(*weeks, start);
                }
            }
            Op::Plan(i, n) if !stories.is_empty() => {
                let _ = ws.plan_story(stories[i % stories.len()], *n, now);
            }
            Op::Member(name, home, other, percent, days) if !teams.is_empty() => {
                if let Ok(m) = ws.add_member(name, teams[home % teams.len()]) {
                    if let Ok(share) = Percent::parse(&percent.to_string()) {
                        let _ = ws.set_allocation(m, teams[other % teams.len()], share);
                    }
                    let _ = ws.set_days_off(m, 1 + (*other % 4) as u32, *days);
                }
            }
            Op::Sprint(start, carry) => {
                let n = ws.current_sprint();
                if *start {
                    let _ = ws.start_sprint(n, now);
                } else {
                    let to = if *carry {
                        tandem::domain::Unfinished::CarryOver
                    } else {
                        tandem::domain::Unfinished::ReturnToBacklog
                    };
                    let _ = ws.close_sprint(n, &std::collections::HashMap::new(), to, now);
                }
            }
            Op::Constraint(name, i) => {
                let fields = ConstraintFields {
                    name: name.clone(),
                    target: "200".into(),
                    ..ConstraintFields::default()
                };
                if let (Ok(c), false) = (ws.add_constraint(&fields, now), stories.is_empty()) {
                    let _ = ws.link_constraint(stories[i % stories.len()], c, true, now);
                }
            }
            Op::Sentence(i, text, days) if !stories.is_empty() => {
                let sentence = StoryText {
                    as_a: text.clone(),
                    so_that: text.clone(),
                    question: text.clone(),
                    time_box_days: *days,
                    ..StoryText::default()
                };
                let _ = ws.edit_story(stories[i % stories.len()], StoryEdit::Text(sentence), now);
            }
            _ => {}
        }
    }
    ws
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn export_import_is_identity(ops in prop::collection::vec(op(), 0..60), secs in 0..1_000_000i64, nanos in any::<u32>()) {
        let ws = build(&ops);
        let at = moment(secs, nanos);
        let first = export_json(&ws, at).unwrap();
        let imported = import_json(&first).unwrap();
        prop_assert_eq!(&imported.workspace, &ws);
        prop_assert_eq!(imported.exported_at, at);
        prop_assert_eq!(export_json(&imported.workspace, at).unwrap(), first);
        let stored = storage_json(&ws, at).unwrap();
        prop_assert_eq!(import_json(&stored).unwrap().workspace, ws);
    }
}
