//! Native tests of epics, splitting, dependencies, constraints and lint.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{TimeZone, Utc};
use tandem::domain::epic::{SplitChoice, stories_created};
use tandem::domain::lint::{constraint_lints, story_lints};
use tandem::domain::{
    ConstraintFields, EpicFields, EpicStatus, LintKind, StoryEdit, StoryKind, StoryStatus,
    StoryText, TeamKind, Workspace, WorkspaceError,
};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn delete_profile(ws: &mut Workspace) -> tandem::domain::EpicId {
    ws.add_epic(
        &EpicFields {
            title: "Delete my profile".into(),
            goal: "GDPR erasure on every platform".into(),
            description: "Removes the account and its data.".into(),
            text: StoryText {
                as_a: "user".into(),
                i_want: "to delete my profile".into(),
                so_that: "my data is gone".into(),
                ..StoryText::default()
            },
            targets: vec![],
        },
        now(),
    )
    .unwrap()
}

#[test]
fn split_creates_one_story_per_team_with_backend_dependencies() {
    let mut ws = Workspace::with_default_teams();
    let [ios, and, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let epic = delete_profile(&mut ws);
    assert_eq!(ws.epic(epic).unwrap().key(), "EP-1");
    assert_eq!(ws.epic_progress(epic).2, EpicStatus::NotSplit);

    let plan = ws.plan_split(epic, &[ios, and], Some(be)).unwrap();
    let titles: Vec<_> = plan.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Delete my profile (iOS)",
            "Delete my profile (Android)",
            "Delete my profile (Backend)"
        ]
    );
    let mut plan = plan;
    plan[2].title = "Profile deletion API".into();
    let created = ws.split_epic(epic, &plan, now()).unwrap();
    assert_eq!(created.len(), 3);

    let keys = |team| -> Vec<String> { ws.backlog(team).map(|s| ws.story_key(s)).collect() };
    assert_eq!(
        (keys(ios), keys(and), keys(be)),
        (
            vec!["IOS-1".to_string()],
            vec!["AND-1".to_string()],
            vec!["BE-1".to_string()]
        )
    );
    let backend = ws.story_by_key("BE-1").unwrap().clone();
    assert_eq!(backend.title, "Profile deletion API");
    assert!(backend.depends_on.is_empty());
    for key in ["IOS-1", "AND-1"] {
        let s = ws.story_by_key(key).unwrap();
        assert_eq!(s.depends_on, vec![backend.id], "{key}");
        assert_eq!(s.epic, Some(epic));
        assert_eq!(
            s.text.so_that, "my data is gone",
            "user-story text carried over"
        );
        assert_eq!(s.description, "Removes the account and its data.");
        let waiting: Vec<_> = ws.waiting_on(s).iter().map(|w| ws.story_key(w)).collect();
        assert_eq!(waiting, ["BE-1"]);
    }
    assert_eq!(ws.epic(epic).unwrap().targets, vec![ios, and, be]);
    assert_eq!(ws.epic_progress(epic).2, EpicStatus::NotStarted);

    assert_eq!(
        ws.lagging_platform(epic),
        None,
        "level while nothing is done"
    );
    ws.edit_story(
        ws.story_by_key("IOS-1").unwrap().id,
        StoryEdit::Status(StoryStatus::Done),
        now(),
    )
    .unwrap();
    let lag = ws.lagging_platform(epic).unwrap();
    assert_eq!((lag.behind, lag.ahead), (and, ios));
    ws.edit_story(
        ws.story_by_key("IOS-1").unwrap().id,
        StoryEdit::Status(StoryStatus::ToDo),
        now(),
    )
    .unwrap();

    // Backend done: the client stories stop waiting.
    ws.edit_story(backend.id, StoryEdit::Status(StoryStatus::Done), now())
        .unwrap();
    assert!(ws.waiting_on(ws.story_by_key("IOS-1").unwrap()).is_empty());
    let (per_team, overall, status) = ws.epic_progress(epic);
    assert_eq!(status, EpicStatus::InProgress);
    assert_eq!((overall.stories, overall.done), (3, 1));
    assert_eq!(per_team.len(), 3);
    let siblings: Vec<_> = ws
        .siblings(ws.story_by_key("IOS-1").unwrap())
        .iter()
        .map(|s| ws.story_key(s))
        .collect();
    assert_eq!(siblings, ["AND-1", "BE-1"]);
}

#[test]
fn a_split_starts_from_the_epics_client_targets_and_the_first_service_team() {
    let mut ws = Workspace::with_default_teams();
    let [ios, and, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let web = ws
        .add_team("Web", "WEB", TeamKind::ClientPlatform, "#123456")
        .unwrap();
    ws.add_team("Data", "DATA", TeamKind::Service, "#654321")
        .unwrap();
    let epic = delete_profile(&mut ws);
    assert_eq!(
        ws.default_split(epic),
        SplitChoice {
            clients: vec![ios, and, web],
            backend: Some(be),
        },
        "no targets: every client team"
    );
    let mut fields = EpicFields {
        title: "Dark mode".into(),
        ..EpicFields::default()
    };
    // A service team among the targets is no client slice.
    fields.targets = vec![web, be, and];
    let targeted = ws.add_epic(&fields, now()).unwrap();
    assert_eq!(
        ws.default_split(targeted),
        SplitChoice {
            clients: vec![and, web],
            backend: Some(be),
        }
    );
    let plan = ws
        .plan_split(targeted, &ws.default_split(targeted).clients, Some(be))
        .unwrap();
    assert_eq!(stories_created(&plan), 3);

    let mut clients_only = Workspace::with_default_teams();
    clients_only
        .remove_team(clients_only.teams()[2].id)
        .unwrap();
    let epic = delete_profile(&mut clients_only);
    assert_eq!(clients_only.default_split(epic).backend, None);
}

#[test]
fn splitting_again_for_a_new_team_adds_only_its_story() {
    let mut ws = Workspace::with_default_teams();
    let [ios, and, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let web = ws
        .add_team("Web", "WEB", TeamKind::ClientPlatform, "#123456")
        .unwrap();
    let epic = delete_profile(&mut ws);
    let plan = ws.plan_split(epic, &[ios, and], Some(be)).unwrap();
    ws.split_epic(epic, &plan, now()).unwrap();

    let plan = ws.plan_split(epic, &[ios, and, web], Some(be)).unwrap();
    assert_eq!(plan.iter().filter(|p| p.existing.is_some()).count(), 3);
    assert_eq!(stories_created(&plan), 1);
    let created = ws.split_epic(epic, &plan, now()).unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!(ws.stories().len(), 4);
    let backend = ws.story_by_key("BE-1").unwrap().id;
    assert_eq!(ws.story_by_key("WEB-1").unwrap().depends_on, vec![backend]);
    assert_eq!(
        ws.story_by_key("IOS-1").unwrap().depends_on,
        vec![backend],
        "not linked twice"
    );
}

#[test]
fn a_split_with_a_bad_title_changes_nothing() {
    let mut ws = Workspace::with_default_teams();
    let [ios, _, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let epic = delete_profile(&mut ws);
    let mut plan = ws.plan_split(epic, &[ios], Some(be)).unwrap();
    plan[1].title = "  ".into();
    let before = ws.clone();
    assert!(ws.split_epic(epic, &plan, now()).is_err());
    assert_eq!(ws, before);
}

#[test]
fn cycles_are_refused_and_named() {
    let mut ws = Workspace::with_default_teams();
    let [ios, _, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let a = ws.add_story(ios, "A", now()).unwrap();
    let b = ws.add_story(be, "B", now()).unwrap();
    let c = ws.add_story(be, "C", now()).unwrap();
    assert_eq!(ws.add_dependency(a, b, now()), Ok(true));
    assert_eq!(ws.add_dependency(a, b, now()), Ok(false));
    assert_eq!(ws.add_dependency(b, c, now()), Ok(true));
    let err = ws.add_dependency(c, a, now()).unwrap_err();
    assert_eq!(
        err,
        WorkspaceError::DependencyCycle(vec![
            "BE-2".into(),
            "IOS-1".into(),
            "BE-1".into(),
            "BE-2".into()
        ])
    );
    assert!(err.to_string().contains("BE-2 → IOS-1 → BE-1 → BE-2"));
    assert_eq!(
        ws.add_dependency(a, a, now()),
        Err(WorkspaceError::SelfDependency)
    );
    assert_eq!(ws.remove_dependency(a, b, now()), Ok(true));
    assert_eq!(ws.add_dependency(c, a, now()), Ok(true));
}

#[test]
fn deleting_a_story_unlinks_it_and_undo_relinks_it() {
    let mut ws = Workspace::with_default_teams();
    let [ios, _, be] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let a = ws.add_story(ios, "A", now()).unwrap();
    let b = ws.add_story(be, "B", now()).unwrap();
    ws.add_dependency(a, b, now()).unwrap();
    let before = ws.clone();
    let removed = ws.remove_story(b).unwrap();
    assert!(ws.story(a).unwrap().depends_on.is_empty());
    ws.restore_story(removed).unwrap();
    assert_eq!(ws, before);

    let removed = ws.remove_team(be).unwrap();
    assert!(ws.story(a).unwrap().depends_on.is_empty());
    ws.restore_team(removed).unwrap();
    assert_eq!(ws, before);
}

#[test]
fn constraints_link_to_many_stories() {
    let mut ws = Workspace::with_default_teams();
    let [ios, and, _] = [0, 1, 2].map(|i| ws.teams()[i].id);
    let a = ws.add_story(ios, "Sync photos", now()).unwrap();
    let b = ws.add_story(and, "Sync photos", now()).unwrap();
    let fields = ConstraintFields {
        name: "Mobile data per sync".into(),
        metric: "data sent per sync".into(),
        target: "200".into(),
        unit: "KB".into(),
        ..ConstraintFields::default()
    };
    let c = ws.add_constraint(&fields, now()).unwrap();
    assert_eq!(
        ws.constraint(c).unwrap().summary(),
        "data sent per sync ≤ 200 KB"
    );
    assert!(constraint_lints(ws.constraint(c).unwrap()).is_empty());
    ws.link_constraint(a, c, true, now()).unwrap();
    ws.link_constraint(b, c, true, now()).unwrap();
    assert_eq!(ws.constraint_stories(c).len(), 2);
    ws.link_constraint(b, c, false, now()).unwrap();
    assert_eq!(ws.constraint_stories(c).len(), 1);

    let vague = ConstraintFields {
        name: "Cheap backend".into(),
        target: "as little hardware as possible".into(),
        ..ConstraintFields::default()
    };
    let v = ws.add_constraint(&vague, now()).unwrap();
    assert_eq!(
        constraint_lints(ws.constraint(v).unwrap()),
        vec![LintKind::NoMeasurableTarget]
    );
    ws.remove_constraint(c).unwrap();
    assert!(ws.story(a).unwrap().constraints.is_empty());
}

#[test]
fn lint_nudges_towards_numbers_and_can_be_dismissed() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let id = ws.add_story(ios, "Delete my profile", now()).unwrap();
    let lints = |ws: &Workspace| story_lints(ws.story(id).unwrap());
    assert_eq!(
        lints(&ws),
        vec![LintKind::MissingSoThat, LintKind::NoAcceptanceCriteria]
    );

    let mut text = StoryText {
        as_a: "user".into(),
        i_want: "to delete".into(),
        so_that: "my data is gone".into(),
        ..StoryText::default()
    };
    ws.edit_story(id, StoryEdit::Text(text.clone()), now())
        .unwrap();
    ws.edit_story(id, StoryEdit::AddCriterion("Account is gone".into()), now())
        .unwrap();
    assert!(lints(&ws).is_empty());
    ws.edit_story(
        id,
        StoryEdit::Estimate(Some(tandem::domain::Estimate::known(20.0))),
        now(),
    )
    .unwrap();
    assert_eq!(lints(&ws), vec![LintKind::LargeEstimate]);
    ws.edit_story(id, StoryEdit::DismissLint(LintKind::LargeEstimate), now())
        .unwrap();
    assert!(lints(&ws).is_empty());

    ws.edit_story(id, StoryEdit::Kind(StoryKind::TechnicalStory), now())
        .unwrap();
    text.as_a = "backend operator".into();
    text.i_want = "to run on as little hardware as possible".into();
    text.so_that = "cost drops".into();
    ws.edit_story(id, StoryEdit::Text(text.clone()), now())
        .unwrap();
    assert_eq!(lints(&ws), vec![LintKind::NoMeasurableTarget]);
    text.i_want = "to serve 10000 concurrent users on 4 nodes".into();
    ws.edit_story(id, StoryEdit::Text(text.clone()), now())
        .unwrap();
    assert!(lints(&ws).is_empty());
    assert_eq!(
        ws.story(id).unwrap().sentence().as_deref(),
        Some(
            "As a backend operator, I want to serve 10000 concurrent users on 4 nodes so that cost drops"
        )
    );

    ws.edit_story(id, StoryEdit::Kind(StoryKind::Spike), now())
        .unwrap();
    text.question = "Can we compress sync payloads?".into();
    ws.edit_story(id, StoryEdit::Text(text.clone()), now())
        .unwrap();
    assert_eq!(lints(&ws), vec![LintKind::SpikeWithoutTimeBox]);
    text.time_box_days = Some(2.0);
    ws.edit_story(id, StoryEdit::Text(text.clone()), now())
        .unwrap();
    assert!(lints(&ws).is_empty());
    assert_eq!(
        ws.story(id).unwrap().sentence().as_deref(),
        Some("Spike: Can we compress sync payloads? (time box 2 days)")
    );
    text.time_box_days = Some(0.0);
    assert!(
        ws.edit_story(id, StoryEdit::Text(text.clone()), now())
            .is_err()
    );
    text.time_box_days = Some(2.0);

    ws.edit_story(id, StoryEdit::Kind(StoryKind::Feature), now())
        .unwrap();
    text.action = "Calculate".into();
    text.result = "size".into();
    text.preposition = tandem::domain::Preposition::Of;
    text.object = "upload".into();
    ws.edit_story(id, StoryEdit::Text(text), now()).unwrap();
    assert_eq!(
        ws.story(id).unwrap().sentence().as_deref(),
        Some("Calculate the size of an upload")
    );
}

#[test]
fn acceptance_criteria_are_an_ordered_checklist() {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    let id = ws.add_story(ios, "Delete my profile", now()).unwrap();
    for text in ["Confirm first", "Data erased", "Email sent"] {
        ws.edit_story(id, StoryEdit::AddCriterion(text.into()), now())
            .unwrap();
    }
    ws.edit_story(id, StoryEdit::CheckCriterion(1, true), now())
        .unwrap();
    ws.edit_story(id, StoryEdit::MoveCriterionUp(2), now())
        .unwrap();
    ws.edit_story(id, StoryEdit::RemoveCriterion(0), now())
        .unwrap();
    ws.edit_story(
        id,
        StoryEdit::EditCriterion(0, "Email sent at once".into()),
        now(),
    )
    .unwrap();
    let c: Vec<_> = ws
        .story(id)
        .unwrap()
        .acceptance_criteria
        .iter()
        .map(|c| (c.text.as_str(), c.done))
        .collect();
    assert_eq!(c, [("Email sent at once", false), ("Data erased", true)]);
    assert!(
        ws.edit_story(id, StoryEdit::AddCriterion("  ".into()), now())
            .is_err()
    );
    assert!(
        ws.edit_story(id, StoryEdit::CheckCriterion(9, true), now())
            .is_err()
    );
}

#[test]
fn a_typed_time_box_is_read_by_the_time_box_rule() {
    use tandem::domain::limits::MAX_TIME_BOX_DAYS;
    use tandem::domain::story::{StoryFieldError, parse_time_box};
    assert_eq!(parse_time_box("  "), Ok(None));
    assert_eq!(parse_time_box(" 2 "), Ok(Some(2.0)));
    assert_eq!(parse_time_box("1,5"), Ok(Some(1.5)));
    // Any length above 0 is a time box, not only whole or half days.
    assert_eq!(parse_time_box("0.25"), Ok(Some(0.25)));
    assert_eq!(
        parse_time_box(&MAX_TIME_BOX_DAYS.to_string()),
        Ok(Some(MAX_TIME_BOX_DAYS))
    );
    for bad in ["0", "-1", "30.5", "NaN", "inf", "two"] {
        assert_eq!(
            parse_time_box(bad),
            Err(StoryFieldError::TimeBoxOutOfRange),
            "{bad}"
        );
    }
}
