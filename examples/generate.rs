//! Writes an importable Tandem workspace with many stories, to try the app
//! at scale:
//!
//! ```sh
//! cargo run --release --example generate -- --stories 10000 --one-team --out big.json
//! ```
//!
//! Options: `--stories N` (default 10000), `--one-team` (all stories in the
//! iOS backlog; otherwise spread over iOS, Android and Backend, with one
//! split epic per 30 stories), `--seed S`
//! (same seed, same titles), `--sprints N` (that many closed two-week
//! sprints of history, each team completing most of what it planned),
//! `--poker` (a poker session that estimated the first stories, with their
//! estimate history), `--out FILE` (default: standard output).

use chrono::{Duration, TimeZone, Utc};
use std::io::Write;
use tandem::domain::schema::export_json;
use tandem::domain::{
    Comparison, ConstraintFields, EpicFields, Estimate, StoryEdit, StoryKind, StoryStatus,
    StoryText, Workspace, WorkspaceError,
};

const ACTIONS: &[&str] = &[
    "Delete",
    "Edit",
    "Share",
    "Export",
    "Sync",
    "Search",
    "Archive",
    "Restore",
    "Invite to",
    "Mute",
    "Pin",
    "Report",
    "Translate",
    "Schedule",
    "Preview",
];
const OBJECTS: &[&str] = &[
    "my profile",
    "a photo album",
    "the shopping list",
    "a payment method",
    "team settings",
    "the activity feed",
    "a saved search",
    "notifications",
    "a direct message",
    "the avatar",
    "an invoice",
    "offline maps",
    "a playlist",
    "the onboarding checklist",
    "a support ticket",
];
const ROLES: &[&str] = &[
    "a user",
    "a mobile user off Wi-Fi",
    "a backend operator",
    "an admin",
    "a new user",
];
const DECK: &[f64] = &[0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0];

/// A small deterministic generator (xorshift), so a seed gives the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

struct Options {
    stories: usize,
    one_team: bool,
    sprints: u32,
    poker: bool,
    seed: u64,
    out: Option<String>,
}

fn options() -> Result<Options, String> {
    let mut opts = Options {
        stories: 10_000,
        one_team: false,
        sprints: 0,
        poker: false,
        seed: 42,
        out: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--stories" => {
                opts.stories = value("--stories")?
                    .parse()
                    .map_err(|_| "--stories takes a whole number".to_string())?
            }
            "--seed" => {
                opts.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed takes a whole number".to_string())?
            }
            "--out" => opts.out = Some(value("--out")?),
            "--sprints" => {
                opts.sprints = value("--sprints")?
                    .parse()
                    .map_err(|_| "--sprints takes a whole number".to_string())?
            }
            "--poker" => opts.poker = true,
            "--one-team" => opts.one_team = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(opts)
}

fn generate(opts: &Options) -> Result<Workspace, String> {
    let mut rng = Rng(opts.seed.max(1));
    let mut ws = Workspace::with_default_teams();
    let teams: Vec<_> = ws.teams().iter().map(|t| t.id).collect();
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 9, 0, 0)
        .single()
        .ok_or("bad start date")?;
    // Split epics take three stories each (iOS, Android, Backend).
    let epics = if opts.one_team { 0 } else { opts.stories / 30 };
    let plain = opts.stories - 3 * epics;
    let err = |e: WorkspaceError| e.to_string();
    let data = ws
        .add_constraint(
            &ConstraintFields {
                name: "Mobile data per sync".into(),
                statement: "As a mobile user off Wi-Fi I want to use little data when I sync"
                    .into(),
                metric: "data sent per sync".into(),
                comparison: Comparison::AtMost,
                target: "200".into(),
                unit: "KB".into(),
            },
            start,
        )
        .map_err(err)?;
    for e in 0..epics {
        let title = format!(
            "{} {} everywhere (epic {})",
            rng.pick(ACTIONS),
            rng.pick(OBJECTS),
            e + 1
        );
        let text = StoryText {
            as_a: "user".into(),
            i_want: format!(
                "to {} {}",
                rng.pick(ACTIONS).to_lowercase(),
                rng.pick(OBJECTS)
            ),
            so_that: "I stay in control of my data".into(),
            ..StoryText::default()
        };
        let fields = EpicFields {
            title,
            text,
            ..EpicFields::default()
        };
        let epic = ws.add_epic(&fields, start).map_err(err)?;
        let plan = ws
            .plan_split(epic, &teams[..2], Some(teams[2]))
            .map_err(err)?;
        for id in ws.split_epic(epic, &plan, start).map_err(err)? {
            ws.edit_story(id, StoryEdit::AddCriterion("Works offline".into()), start)
                .map_err(err)?;
        }
    }
    for i in 0..plain {
        let team = if opts.one_team {
            teams[0]
        } else {
            teams[i % teams.len()]
        };
        let created = start + Duration::minutes((i as i64) * 47 + (rng.next() % 40) as i64);
        let title = format!("{} {} (#{})", rng.pick(ACTIONS), rng.pick(OBJECTS), i + 1);
        let id = ws
            .add_story(team, &title, created)
            .map_err(|e| e.to_string())?;
        let description = format!(
            "As {}, I want to {} {} so that I stay in control of my data.\nAcceptance: works offline, uses less than {} KB on mobile data.",
            rng.pick(ROLES),
            rng.pick(ACTIONS).to_lowercase(),
            rng.pick(OBJECTS),
            50 + rng.next() % 450
        );
        let updated = created + Duration::hours((rng.next() % 200) as i64);
        let edits = [
            StoryEdit::Description(description),
            StoryEdit::Kind(*rng.pick(&StoryKind::ALL)),
            StoryEdit::Status(*rng.pick(&StoryStatus::ALL)),
            StoryEdit::Estimate(
                (!rng.next().is_multiple_of(4)).then(|| Estimate::known(*rng.pick(DECK))),
            ),
        ];
        for edit in edits {
            ws.edit_story(id, edit, updated).map_err(err)?;
        }
        for c in 0..rng.next() % 3 {
            let text = format!("Criterion {}", c + 1);
            ws.edit_story(id, StoryEdit::AddCriterion(text), updated)
                .map_err(err)?;
        }
        if i % 7 == 0 {
            ws.link_constraint(id, data, true, updated).map_err(err)?;
        }
    }
    history(&mut ws, &mut rng, start, opts.sprints).map_err(err)?;
    if opts.poker {
        poker(&mut ws, start).map_err(err)?;
    }
    Ok(ws)
}

/// Closed sprints: each team plans up to 12 open stories a sprint and
/// finishes most of them; the rest carry over.
fn history(
    ws: &mut Workspace,
    rng: &mut Rng,
    start: chrono::DateTime<Utc>,
    sprints: u32,
) -> Result<(), WorkspaceError> {
    if sprints == 0 {
        return Ok(());
    }
    ws.set_cadence(2, start.date_naive())?;
    let teams: Vec<_> = ws.teams().iter().map(|t| t.id).collect();
    for n in 1..=sprints {
        let begin = start + Duration::days(14 * i64::from(n - 1));
        for team in &teams {
            let open: Vec<_> = ws
                .product_backlog(*team)
                .filter(|s| s.status != StoryStatus::Done)
                .take(12)
                .map(|s| s.id)
                .collect();
            for id in open {
                ws.plan_story(id, Some(n), begin)?;
            }
        }
        ws.start_sprint(n, begin)?;
        let planned: Vec<_> = ws.sprint_stories(n).map(|s| s.id).collect();
        for id in planned {
            if rng.next().is_multiple_of(5) {
                continue;
            }
            let began = begin + Duration::hours((rng.next() % 100) as i64);
            ws.edit_story(id, StoryEdit::Status(StoryStatus::InProgress), began)?;
            let done = began + Duration::hours(8 + (rng.next() % 150) as i64);
            ws.edit_story(id, StoryEdit::Status(StoryStatus::Done), done)?;
        }
        ws.close_sprint(
            n,
            &std::collections::HashMap::new(),
            tandem::domain::Unfinished::CarryOver,
            begin + Duration::days(13),
        )?;
    }
    Ok(())
}

/// One poker session that estimated the first 30 stories in two rounds.
fn poker(ws: &mut Workspace, start: chrono::DateTime<Utc>) -> Result<(), WorkspaceError> {
    let at = start + Duration::days(1);
    ws.start_poker_session(at);
    let people: Vec<_> = ["Anna", "Ben", "Carl", "Dana", "Eve", "Finn"]
        .iter()
        .map(|n| ws.add_guest(n))
        .collect::<Result<_, _>>()?;
    let stories: Vec<_> = ws.stories().iter().take(30).map(|s| s.id).collect();
    ws.queue_stories(&stories)?;
    for id in stories {
        let cards: Vec<String> = ws.cards_for(id).into_iter().map(|c| c.label).collect();
        for round in 0..2 {
            if round == 0 {
                ws.start_round(id, false, at)?;
            } else {
                ws.revote(at)?;
            }
            for (i, p) in people.iter().enumerate() {
                let card = &cards[(3 + i % 3 + round).min(cards.len() - 1)];
                ws.cast_vote(*p, card, at)?;
            }
            ws.reveal(at)?;
        }
        ws.accept_estimate(&cards[5], None, at)?;
    }
    Ok(())
}

fn main() {
    let result = options().and_then(|opts| {
        let ws = generate(&opts)?;
        let text = export_json(&ws, Utc::now()).map_err(|e| e.to_string())?;
        match &opts.out {
            Some(path) => std::fs::write(path, &text).map_err(|e| format!("{path}: {e}")),
            None => std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| e.to_string()),
        }
    });
    if let Err(e) = result {
        eprintln!("generate: {e}");
        std::process::exit(2);
    }
}
