//! Writes the workspace with history that the velocity end-to-end test
//! imports (`tests/fixtures/velocity-history.json`): four closed two-week
//! sprints from 7 Sep 2026, an epic split over iOS and backend, releases.
//!
//! ```sh
//! cargo run --example history -- tests/fixtures/velocity-history.json
//! ```
//!
//! iOS completes 8 points a sprint; backend 10, 0, 20 and 30. Expected, as
//! checked by the test: backend average 16.7 (last 3), range 0–30; the epic
//! lands on iOS in sprint 6 and on backend in sprint 7 (best 6); iOS lead
//! times 3 days each, cycle times 2 days.

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::HashMap;
use tandem::domain::schema::export_json;
use tandem::domain::{EpicFields, StoryEdit, StoryId, StoryStatus, TeamId, Unfinished, Workspace};

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 7, 9, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::days(n)
}

fn story(
    ws: &mut Workspace,
    team: TeamId,
    title: &str,
    points: f64,
    at: DateTime<Utc>,
) -> Option<StoryId> {
    let id = ws.add_story(team, title, at).ok()?;
    ws.edit_story(
        id,
        StoryEdit::Estimate(Some(tandem::domain::Estimate::known(points))),
        at,
    )
    .ok()?;
    Some(id)
}

fn finish(ws: &mut Workspace, id: StoryId, started: DateTime<Utc>, done: DateTime<Utc>) {
    let _ = ws.edit_story(id, StoryEdit::Status(StoryStatus::InProgress), started);
    let _ = ws.edit_story(id, StoryEdit::Status(StoryStatus::Done), done);
}

fn build() -> Option<Workspace> {
    let mut ws = Workspace::with_default_teams();
    let ids: Vec<TeamId> = ws.teams().iter().map(|t| t.id).collect();
    let (ios, be) = (ids[0], ids[2]);
    ws.set_cadence(2, day(0).date_naive()).ok()?;
    for (n, backend) in [(1u32, 10.0), (2, 0.0), (3, 20.0), (4, 30.0)] {
        let start = day(14 * (i64::from(n) - 1));
        let i = story(&mut ws, ios, &format!("iOS work {n}"), 8.0, start)?;
        ws.plan_story(i, Some(n), start).ok()?;
        finish(
            &mut ws,
            i,
            start + Duration::days(1),
            start + Duration::days(3),
        );
        let title = if backend > 0.0 {
            format!("Backend work {n}")
        } else {
            "Stuck".into()
        };
        let b = story(
            &mut ws,
            be,
            &title,
            if backend > 0.0 { backend } else { 5.0 },
            start,
        )?;
        ws.plan_story(b, Some(n), start).ok()?;
        if backend > 0.0 {
            finish(
                &mut ws,
                b,
                start + Duration::days(2),
                start + Duration::days(9),
            );
        }
        ws.start_sprint(n, start).ok()?;
        ws.close_sprint(
            n,
            &HashMap::new(),
            Unfinished::ReturnToBacklog,
            start + Duration::days(13),
        )
        .ok()?;
    }
    let epic = ws
        .add_epic(
            &EpicFields {
                title: "Delete my profile".into(),
                targets: vec![ios, be],
                ..EpicFields::default()
            },
            day(60),
        )
        .ok()?;
    let api = story(&mut ws, be, "Delete API", 35.0, day(60))?;
    story(&mut ws, ios, "Settings", 8.0, day(60))?;
    let screen = story(&mut ws, ios, "Delete screen", 8.0, day(60))?;
    ws.set_story_epic(api, Some(epic), day(60)).ok()?;
    ws.set_story_epic(screen, Some(epic), day(60)).ok()?;
    ws.add_dependency(screen, api, day(60)).ok()?;
    ws.add_release(ios, day(20).date_naive(), "4.1.0", "Dark mode")
        .ok()?;
    ws.add_release(ios, day(33).date_naive(), "4.2.0", "")
        .ok()?;
    Some(ws)
}

fn main() {
    let out = std::env::args().nth(1);
    let Some(ws) = build() else {
        eprintln!("the history could not be built");
        std::process::exit(1);
    };
    let text = match export_json(&ws, day(61)) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let written = match out {
        Some(path) => std::fs::write(&path, text).map_err(|e| e.to_string()),
        None => {
            print!("{text}");
            Ok(())
        }
    };
    if let Err(e) = written {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
