//! Native tests of velocity, epic forecasts, flow, burndown and releases,
//! on hand-computed fixtures.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use std::collections::HashMap;
use tandem::domain::flow::{MIN_STORIES_FOR_PERCENTILES, percentile};
use tandem::domain::forecast::Landing;
use tandem::domain::{EpicFields, StoryEdit, StoryId, StoryStatus, TeamId, Unfinished, Workspace};

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 7, 9, 0, 0).unwrap() + Duration::days(n)
}

fn date(n: i64) -> NaiveDate {
    day(n).date_naive()
}

fn story(ws: &mut Workspace, team: TeamId, title: &str, points: f64, at: DateTime<Utc>) -> StoryId {
    let id = ws.add_story(team, title, at).unwrap();
    ws.edit_story(
        id,
        StoryEdit::Estimate(Some(tandem::domain::Estimate::known(points))),
        at,
    )
    .unwrap();
    id
}

fn finish(ws: &mut Workspace, id: StoryId, started: DateTime<Utc>, done: DateTime<Utc>) {
    ws.edit_story(id, StoryEdit::Status(StoryStatus::InProgress), started)
        .unwrap();
    ws.edit_story(id, StoryEdit::Status(StoryStatus::Done), done)
        .unwrap();
}

/// Four closed two-week sprints from 7 Sep 2026. iOS completes 8 points in
/// each; backend 10, 0, 20 and 30. Sprint 5 is current.
fn history() -> (Workspace, TeamId, TeamId, TeamId) {
    let mut ws = Workspace::with_default_teams();
    let ids: Vec<TeamId> = ws.teams().iter().map(|t| t.id).collect();
    let (ios, and, be) = (ids[0], ids[1], ids[2]);
    ws.set_cadence(2, date(0)).unwrap();
    for (n, backend) in [(1u32, 10.0), (2, 0.0), (3, 20.0), (4, 30.0)] {
        let start = day(14 * (i64::from(n) - 1));
        let i = story(&mut ws, ios, &format!("iOS work {n}"), 8.0, start);
        ws.plan_story(i, Some(n), start).unwrap();
        finish(
            &mut ws,
            i,
            start + Duration::days(1),
            start + Duration::days(3),
        );
        if backend > 0.0 {
            let b = story(&mut ws, be, &format!("Backend work {n}"), backend, start);
            ws.plan_story(b, Some(n), start).unwrap();
            finish(
                &mut ws,
                b,
                start + Duration::days(2),
                start + Duration::days(9),
            );
        } else {
            // Committed but not finished: a zero-point sprint.
            let b = story(&mut ws, be, "Stuck", 5.0, start);
            ws.plan_story(b, Some(n), start).unwrap();
        }
        ws.start_sprint(n, start).unwrap();
        ws.close_sprint(
            n,
            &HashMap::new(),
            Unfinished::ReturnToBacklog,
            start + Duration::days(13),
        )
        .unwrap();
    }
    (ws, ios, and, be)
}

#[test]
fn velocity_per_team_with_average_of_the_last_three_and_range() {
    let (ws, ios, and, be) = history();
    let v = ws.velocity(be, 10);
    let completed: Vec<f64> = v.sprints.iter().map(|s| s.completed).collect();
    assert_eq!(completed, [10.0, 0.0, 20.0, 30.0]);
    assert_eq!(v.sprints[1].committed, 5.0, "the stuck story was committed");
    assert!((v.average.unwrap() - 50.0 / 3.0).abs() < 1e-9);
    assert_eq!(v.range, Some((0.0, 30.0)));
    // Only the last two shown: the range follows, the average does not.
    let v = ws.velocity(be, 2);
    assert_eq!(v.sprints.len(), 2);
    assert_eq!(v.range, Some((20.0, 30.0)));
    // iOS is its own: never mixed with backend.
    let v = ws.velocity(ios, 10);
    assert_eq!(v.average, Some(8.0));
    // Android never completed anything: zero, but known.
    assert_eq!(ws.velocity(and, 10).average, Some(0.0));
    // Empty history: no velocity at all.
    let empty = Workspace::with_default_teams();
    let v = empty.velocity(empty.teams()[0].id, 5);
    assert!(v.sprints.is_empty() && !v.is_known() && v.range.is_none());
}

#[test]
fn an_epic_forecast_per_platform_names_the_last_and_the_waiting_client() {
    let (mut ws, ios, and, be) = history();
    let epic = ws
        .add_epic(
            &EpicFields {
                title: "Delete my profile".into(),
                targets: vec![ios, be],
                ..EpicFields::default()
            },
            day(60),
        )
        .unwrap();
    // The returned "Stuck" story sits at the top of the backend backlog:
    // it counts before the slice.
    let api = story(&mut ws, be, "Delete API", 35.0, day(60));
    let ahead = story(&mut ws, ios, "Settings", 8.0, day(60));
    let screen = story(&mut ws, ios, "Delete screen", 8.0, day(60));
    for id in [api, screen] {
        ws.set_story_epic(id, Some(epic), day(60)).unwrap();
    }
    ws.add_dependency(screen, api, day(60)).unwrap();
    let _ = ahead;
    assert_eq!(ws.current_sprint(), 5);
    let f = ws.epic_forecast(epic);
    let of = |t| f.teams.iter().find(|x| x.team == t).unwrap().clone();
    // Backend: 5 + 35 = 40 points at 50/3 a sprint → 3 sprints → sprint 7;
    // best 30 → 2 sprints → 6; worst 0 → no figure.
    assert_eq!(of(be).remaining, 40.0);
    assert_eq!(
        of(be).landing,
        Landing::Sprint {
            expected: 7,
            best: 6,
            worst: None
        }
    );
    // iOS: 16 points at 8 → sprint 6, best and worst alike.
    assert_eq!(
        of(ios).landing,
        Landing::Sprint {
            expected: 6,
            best: 6,
            worst: Some(6)
        }
    );
    assert_eq!(f.last, vec![be]);
    assert_eq!(f.waiting, vec![(ios, be)]);
    // Android has no slice: not in the forecast.
    assert!(f.teams.iter().all(|t| t.team != and));
    // Dates come from the cadence: sprint 7 ends on 13 Dec 2026.
    assert_eq!(
        ws.cadence().unwrap().end(7),
        NaiveDate::from_ymd_opt(2026, 12, 13).unwrap()
    );
}

#[test]
fn a_team_without_history_gets_no_forecast_figure() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let epic = ws
        .add_epic(
            &EpicFields {
                title: "New".into(),
                targets: vec![ios],
                ..EpicFields::default()
            },
            day(0),
        )
        .unwrap();
    let s = story(&mut ws, ios, "Slice", 5.0, day(0));
    ws.set_story_epic(s, Some(epic), day(0)).unwrap();
    let f = ws.epic_forecast(epic);
    assert_eq!(f.teams[0].landing, Landing::NoVelocity);
    assert!(f.last.is_empty());
    // Done: it leaves the list of open forecasts.
    ws.edit_story(s, StoryEdit::Status(StoryStatus::Done), day(1))
        .unwrap();
    assert!(ws.epic_forecasts().is_empty());
}

#[test]
fn percentiles_by_nearest_rank() {
    let values: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(percentile(&values, 50.0), Some(5.0));
    assert_eq!(percentile(&values, 85.0), Some(9.0));
    assert_eq!(percentile(&[4.0], 85.0), Some(4.0));
    assert_eq!(percentile(&[], 50.0), None);
}

#[test]
fn lead_and_cycle_time_and_throughput() {
    let mut ws = Workspace::with_default_teams();
    let be = ws.teams()[2].id;
    ws.set_cadence(2, date(0)).unwrap();
    // Created on day 0; started on days 1, 2, 4; done on days 3, 5, 9.
    for (s, d) in [(1, 3), (2, 5), (4, 9)] {
        let id = story(&mut ws, be, "Work", 1.0, day(0));
        ws.plan_story(id, Some(1), day(0)).unwrap();
        finish(&mut ws, id, day(s), day(d));
    }
    // Reopened after done, then done again on day 11: the last done counts.
    let again = story(&mut ws, be, "Reopened", 2.0, day(0));
    ws.plan_story(again, Some(1), day(0)).unwrap();
    finish(&mut ws, again, day(1), day(2));
    ws.edit_story(again, StoryEdit::Status(StoryStatus::InProgress), day(6))
        .unwrap();
    ws.edit_story(again, StoryEdit::Status(StoryStatus::Done), day(11))
        .unwrap();
    ws.close_sprint(1, &HashMap::new(), Unfinished::CarryOver, day(13))
        .unwrap();
    let f = ws.flow(be, 3);
    assert_eq!((f.sprints, f.stories), (1, 4));
    // Lead times 3, 5, 9, 11 → p50 = 2nd = 5, p85 = 4th = 11.
    assert_eq!((f.lead_p50, f.lead_p85), (Some(5.0), Some(11.0)));
    // Cycle times 2, 3, 5 and 10 (first start to last done) → 3 and 10.
    assert_eq!((f.cycle_p50, f.cycle_p85), (Some(3.0), Some(10.0)));
    assert_eq!(f.throughput, vec![(1, 4)]);
    assert!(f.is_telling());
    let few = tandem::domain::flow::Flow {
        stories: MIN_STORIES_FOR_PERCENTILES - 1,
        ..f.clone()
    };
    assert!(!few.is_telling());
    // No closed sprint: nothing to say.
    let fresh = Workspace::with_default_teams();
    let f = fresh.flow(fresh.teams()[0].id, 3);
    assert_eq!((f.lead_p50, f.throughput.len()), (None, 0));
    assert!(!f.is_telling());
}

#[test]
fn burndown_and_burn_up_from_done_times() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    ws.set_cadence(1, date(0)).unwrap();
    let a = story(&mut ws, ios, "A", 3.0, day(0));
    let b = story(&mut ws, ios, "B", 5.0, day(0));
    for id in [a, b] {
        ws.plan_story(id, Some(1), day(0)).unwrap();
    }
    finish(&mut ws, a, day(0), day(2));
    let burn = ws.burndown(ios, 1, date(3), |t| t.date_naive());
    assert_eq!(burn.len(), 7, "a calendar day each");
    let remaining: Vec<Option<f64>> = burn.iter().map(|d| d.remaining()).collect();
    assert_eq!(
        remaining,
        [Some(8.0), Some(8.0), Some(5.0), Some(5.0), None, None, None]
    );
    assert!(burn.iter().all(|d| d.scope == 8.0));
    assert_eq!(burn[2].done, Some(3.0));
}

#[test]
fn deployment_frequency_counts_releases_over_the_last_sprints() {
    let (mut ws, ios, _, be) = history();
    ws.add_release(ios, date(20), "4.1.0", "Dark mode").unwrap();
    ws.add_release(ios, date(33), "4.2.0", "").unwrap();
    ws.add_release(ios, date(50), "4.3.0", "").unwrap();
    ws.add_release(be, date(2), "api-7", "").unwrap();
    assert!(ws.add_release(ios, date(50), "  ", "").is_err());
    let longest = "9".repeat(tandem::domain::limits::MAX_VERSION_CHARS);
    assert!(
        ws.add_release(be, date(2), &format!("{longest}9"), "")
            .is_err()
    );
    let longest = ws.add_release(be, date(2), &longest, "").unwrap();
    ws.remove_release(longest).unwrap();
    // Sprints 3 and 4 run from day 28 to day 55.
    assert_eq!(ws.deployment_frequency(ios, 2), Some((2, 2)));
    assert_eq!(ws.deployment_frequency(ios, 4), Some((3, 4)));
    assert_eq!(ws.deployment_frequency(be, 2), Some((0, 2)));
    assert_eq!(ws.releases()[0].version, "4.3.0", "newest first");
    assert_eq!(
        Workspace::with_default_teams().deployment_frequency(ios, 2),
        None
    );
}

#[test]
fn the_end_to_end_fixture_holds_the_documented_figures() {
    let text = include_str!("fixtures/velocity-history.json");
    let ws = tandem::domain::schema::import_json(text).unwrap().workspace;
    let be = ws.teams()[2].id;
    let ios = ws.teams()[0].id;
    let v = ws.velocity(be, 6);
    assert!((v.average.unwrap() - 50.0 / 3.0).abs() < 1e-9);
    assert_eq!(v.range, Some((0.0, 30.0)));
    let f = &ws.epic_forecasts()[0];
    let landing = |t| f.teams.iter().find(|x| x.team == t).unwrap().landing;
    assert_eq!(
        landing(ios),
        Landing::Sprint {
            expected: 6,
            best: 6,
            worst: Some(6)
        }
    );
    assert_eq!(
        landing(be),
        Landing::Sprint {
            expected: 7,
            best: 6,
            worst: None
        }
    );
    let flow = ws.flow(ios, 6);
    assert_eq!((flow.lead_p50, flow.lead_p85), (Some(3.0), Some(3.0)));
    assert_eq!((flow.cycle_p50, flow.cycle_p85), (Some(2.0), Some(2.0)));
    let flow = ws.flow(be, 6);
    // Backend: lead 9 days, cycle 7, for each of its three done stories.
    assert_eq!((flow.lead_p50, flow.cycle_p85), (Some(9.0), Some(7.0)));
    assert_eq!(ws.deployment_frequency(ios, 6), Some((2, 4)));
}

#[test]
fn a_closed_sprints_velocity_reads_its_record() {
    // Issue 15's steps, then sprint 2 re-estimates IOS-1 and BE-2 and takes
    // AND-2 out (see tests/domain_sprint.rs).
    let ws = tandem::domain::schema::import_json(include_str!("fixtures/closed-sprint.json"))
        .unwrap()
        .workspace;
    // Per team: its key and (sprint, committed, completed) per closed sprint.
    type Figures = Vec<(u32, f64, f64)>;
    let figures: Vec<(String, Figures)> = ws
        .teams()
        .iter()
        .map(|t| {
            let v = ws.velocity(t.id, 6);
            let sprints = v
                .sprints
                .iter()
                .map(|s| (s.sprint, s.committed, s.completed))
                .collect();
            (t.key.to_string(), sprints)
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            ("IOS".to_string(), vec![(1, 3.0, 0.0)]),
            ("AND".to_string(), vec![(1, 5.0, 0.0)]),
            ("BE".to_string(), vec![(1, 2.0, 2.0)]),
        ]
    );
    // Sprint 2's capacity uses sprint 1's completed points as they were.
    let be = ws.teams()[2].id;
    assert_eq!(ws.capacity(be, 2).velocity.map(|v| v.average), Some(2.0));
}

#[test]
fn sprints_shown_is_a_whole_number_from_one_to_the_most_shown() {
    use tandem::domain::velocity::{MAX_SPRINTS_SHOWN, parse_sprints_shown};
    assert_eq!(parse_sprints_shown(" 12 "), Some(12));
    assert_eq!(parse_sprints_shown("0"), Some(1));
    assert_eq!(parse_sprints_shown("500"), Some(MAX_SPRINTS_SHOWN));
    assert_eq!(parse_sprints_shown("six"), None);
    assert_eq!(parse_sprints_shown("2.5"), None);
    assert_eq!(parse_sprints_shown(""), None);
}
