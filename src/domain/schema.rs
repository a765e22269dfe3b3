//! The exchange format: what an export file and the stored workspace look
//! like, which schema versions exist, and how older ones are migrated.
//! Documented for people in docs/format.md and as JSON Schema in
//! docs/tandem.schema.json.

use super::constraint::Constraint;
use super::deck::{CustomDeck, TeamDeck};
use super::epic::Epic;
use super::json_path::path_at;
use super::limits::MAX_IMPORT_BYTES;
use super::member::Member;
use super::poker::PokerSession;
use super::release::Release;
use super::sprint::{Cadence, Planning, SprintRecord};
use super::story::{Story, StoryText};
use super::team::Team;
use super::validation::{ImportError, ImportProblem, validate};
use super::workspace::Workspace;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// The schema version this build writes, and the newest it reads.
pub const CURRENT_VERSION: u64 = 8;
/// The value of the `format` field, telling a Tandem file from other JSON.
pub const FORMAT: &str = "tandem-workspace";

/// Steps from one version to the next: `MIGRATIONS[0]` turns version 1 into
/// version 2, and so on. Each step is a pure function on the JSON tree, so
/// every version ever written keeps loading.
const MIGRATIONS: [fn(Value) -> Value; 7] = [
    v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6, v6_to_v7, v7_to_v8,
];

/// Version 2 added epics, constraints, and per story: the sentence parts,
/// acceptance criteria, dependencies, constraint links, the blocked reason
/// and dismissed lint notices. Old files get them empty.
fn v1_to_v2(mut value: Value) -> Value {
    let text = serde_json::to_value(StoryText::default()).unwrap_or(Value::Null);
    if let Value::Object(top) = &mut value {
        top.insert("next_epic_number".into(), Value::from(1));
        top.insert("epics".into(), Value::Array(Vec::new()));
        top.insert("constraints".into(), Value::Array(Vec::new()));
        if let Some(Value::Array(stories)) = top.get_mut("stories") {
            for story in stories {
                if let Value::Object(story) = story {
                    story.insert("blocked_reason".into(), Value::from(""));
                    story.insert("epic".into(), Value::Null);
                    story.insert("text".into(), text.clone());
                    for list in [
                        "acceptance_criteria",
                        "depends_on",
                        "constraints",
                        "dismissed_lints",
                    ] {
                        story.insert(list.into(), Value::Array(Vec::new()));
                    }
                }
            }
        }
    }
    value
}

/// Version 3 added sprints: the shared cadence, members, sprint records and,
/// per story, its sprint, its start and completion times and its status
/// changes. Old files get no cadence and empty lists.
fn v2_to_v3(mut value: Value) -> Value {
    if let Value::Object(top) = &mut value {
        top.insert("cadence".into(), Value::Null);
        top.insert("members".into(), Value::Array(Vec::new()));
        top.insert("sprints".into(), Value::Array(Vec::new()));
        if let Some(Value::Array(stories)) = top.get_mut("stories") {
            for story in stories {
                if let Value::Object(story) = story {
                    for field in ["sprint", "started_at", "done_at"] {
                        story.insert(field.into(), Value::Null);
                    }
                    story.insert("transitions".into(), Value::Array(Vec::new()));
                }
            }
        }
    }
    value
}

/// Version 4 added planning poker: custom decks, each team's deck settings,
/// poker sessions and, per story, its estimate history.
fn v3_to_v4(mut value: Value) -> Value {
    if let Value::Object(top) = &mut value {
        for list in ["custom_decks", "team_decks", "poker_sessions"] {
            top.insert(list.into(), Value::Array(Vec::new()));
        }
        if let Some(Value::Array(stories)) = top.get_mut("stories") {
            for story in stories {
                if let Value::Object(story) = story {
                    story.insert("estimate_history".into(), Value::Array(Vec::new()));
                }
            }
        }
    }
    value
}

/// Version 5 added the release log.
fn v4_to_v5(mut value: Value) -> Value {
    if let Value::Object(top) = &mut value {
        top.insert("releases".into(), Value::Array(Vec::new()));
    }
    value
}

/// Version 6 added, per story, the Jira key it was imported from.
fn v5_to_v6(mut value: Value) -> Value {
    if let Some(Value::Array(stories)) = value.get_mut("stories") {
        for story in stories {
            if let Value::Object(story) = story {
                story.insert("jira_key".into(), Value::Null);
            }
        }
    }
    value
}

/// Version 7 added live poker rooms: per poker session, the code of the live
/// room open for it; per participant, the device they joined from; per
/// accepted estimate, whether its votes came from a live room. Old files
/// get no room, no device and `false`.
fn v6_to_v7(mut value: Value) -> Value {
    if let Some(Value::Array(sessions)) = value.get_mut("poker_sessions") {
        for session in sessions {
            if let Value::Object(session) = session {
                session.insert("live_room".into(), Value::Null);
                if let Some(Value::Array(participants)) = session.get_mut("participants") {
                    for participant in participants {
                        if let Value::Object(participant) = participant {
                            participant.insert("device".into(), Value::Null);
                        }
                    }
                }
            }
        }
    }
    if let Some(Value::Array(stories)) = value.get_mut("stories") {
        for story in stories {
            if let Some(Value::Array(history)) = story.get_mut("estimate_history") {
                for record in history {
                    if let Value::Object(record) = record {
                        record.insert("live".into(), Value::Bool(false));
                    }
                }
            }
        }
    }
    value
}

/// Version 8 added, per team of a sprint record, the estimate of each story
/// it names, so a closed sprint keeps its stories' points when they are
/// re-estimated later. Older files never kept them: each story gets its
/// estimate as it stands in the file (`null` for a story deleted since),
/// the closest to the record there is.
fn v7_to_v8(mut value: Value) -> Value {
    let estimates: std::collections::HashMap<String, Value> = match value.get("stories") {
        Some(Value::Array(stories)) => stories
            .iter()
            .filter_map(|s| {
                let id = s.get("id")?.as_str()?.to_string();
                Some((id, s.get("estimate").cloned().unwrap_or(Value::Null)))
            })
            .collect(),
        _ => Default::default(),
    };
    if let Some(Value::Array(records)) = value.get_mut("sprints") {
        for record in records {
            let Some(Value::Array(teams)) = record.get_mut("teams") else {
                continue;
            };
            for team in teams {
                let Value::Object(team) = team else {
                    continue;
                };
                let mut named: Vec<Value> = Vec::new();
                for list in ["committed", "completed", "carried_over", "returned"] {
                    if let Some(Value::Array(ids)) = team.get(list) {
                        for id in ids {
                            if !named.contains(id) {
                                named.push(id.clone());
                            }
                        }
                    }
                }
                let recorded = named
                    .into_iter()
                    .map(|id| {
                        let points = id
                            .as_str()
                            .and_then(|id| estimates.get(id))
                            .cloned()
                            .unwrap_or(Value::Null);
                        serde_json::json!({ "story": id, "points": points })
                    })
                    .collect();
                team.insert("estimates".into(), Value::Array(recorded));
            }
        }
    }
    value
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    schema_version: u64,
    exported_at: DateTime<Utc>,
    next_epic_number: u32,
    teams: &'a [Team],
    epics: &'a [Epic],
    constraints: &'a [Constraint],
    cadence: Option<&'a Cadence>,
    members: &'a [Member],
    sprints: &'a [SprintRecord],
    custom_decks: &'a [CustomDeck],
    team_decks: &'a [TeamDeck],
    poker_sessions: &'a [PokerSession],
    releases: &'a [Release],
    stories: &'a [std::sync::Arc<Story>],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[allow(dead_code)] // checked before typed parsing
    format: String,
    #[allow(dead_code)] // checked before typed parsing
    schema_version: u64,
    exported_at: DateTime<Utc>,
    next_epic_number: u32,
    teams: Vec<Team>,
    epics: Vec<Epic>,
    constraints: Vec<Constraint>,
    cadence: Option<Cadence>,
    members: Vec<Member>,
    sprints: Vec<SprintRecord>,
    custom_decks: Vec<CustomDeck>,
    team_decks: Vec<TeamDeck>,
    poker_sessions: Vec<PokerSession>,
    releases: Vec<Release>,
    stories: Vec<Story>,
}

/// A workspace read from a file, with what the file said about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub workspace: Workspace,
    pub exported_at: DateTime<Utc>,
    /// The version the file was written in (older ones were migrated).
    pub schema_version: u64,
}

fn file_out(workspace: &Workspace, at: DateTime<Utc>) -> FileOut<'_> {
    FileOut {
        format: FORMAT,
        schema_version: CURRENT_VERSION,
        exported_at: at,
        next_epic_number: workspace.next_epic_number(),
        teams: workspace.teams(),
        epics: workspace.epics(),
        constraints: workspace.constraints(),
        cadence: workspace.cadence(),
        members: workspace.members(),
        sprints: workspace.sprint_records(),
        custom_decks: workspace.custom_decks(),
        team_decks: &workspace.team_decks,
        poker_sessions: workspace.poker_sessions(),
        releases: &workspace.releases,
        stories: workspace.stories(),
    }
}

/// The export file: indented JSON, ending with a newline.
pub fn export_json(workspace: &Workspace, at: DateTime<Utc>) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&file_out(workspace, at))?;
    text.push('\n');
    Ok(text)
}

/// [`storage_json`] without the stories: the text ends `"stories":[]}`
/// (stories are the last field), so a writer can put them in itself.
pub fn storage_json_without_stories(
    workspace: &Workspace,
    at: DateTime<Utc>,
) -> Result<String, serde_json::Error> {
    let mut file = file_out(workspace, at);
    file.stories = &[];
    serde_json::to_string(&file)
}

/// The same content, compact, as kept in the browser's storage.
pub fn storage_json(workspace: &Workspace, at: DateTime<Utc>) -> Result<String, serde_json::Error> {
    serde_json::to_string(&file_out(workspace, at))
}

/// The file name an export gets on a given (local) day: `tandem-2026-11-22.json`.
pub fn export_file_name(day: chrono::NaiveDate) -> String {
    format!("tandem-{}.json", day.format("%Y-%m-%d"))
}

/// Reads an export file (or the stored workspace): checks size, JSON,
/// version, shape and every rule, migrating older versions. On any error
/// nothing is returned but the error, which names where the problem is.
pub fn import_json(text: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::whole(ImportProblem::TooLarge {
            bytes: text.len(),
        }));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        ImportError::whole(ImportProblem::NotJson {
            line: e.line(),
            column: e.column(),
            detail: describe_json_error(&e),
        })
    })?;
    let Value::Object(top) = &value else {
        return Err(ImportError::whole(ImportProblem::NotAnObject));
    };
    match top.get("format") {
        Some(Value::String(format)) if format == FORMAT => {}
        _ => return Err(ImportError::at("format", ImportProblem::NotTandem)),
    }
    let version = match top.get("schema_version") {
        None => {
            return Err(ImportError::at(
                "schema_version",
                ImportProblem::MissingVersion,
            ));
        }
        Some(v) => v
            .as_u64()
            .ok_or_else(|| ImportError::at("schema_version", ImportProblem::VersionNotInteger))?,
    };
    if version > CURRENT_VERSION {
        return Err(ImportError::at(
            "schema_version",
            ImportProblem::NewerVersion { found: version },
        ));
    }
    if version == 0 {
        return Err(ImportError::at(
            "schema_version",
            ImportProblem::UnknownVersion { found: version },
        ));
    }
    // Typed reading goes through text, whose error positions name the path.
    let migrated;
    let typed_text = if version == CURRENT_VERSION {
        drop(value);
        text
    } else {
        migrated = serde_json::to_string(&migrate(value, version))
            .map_err(|e| ImportError::whole(ImportProblem::Shape(describe_json_error(&e))))?;
        migrated.as_str()
    };
    let file: FileIn = serde_json::from_str(typed_text).map_err(|e| {
        let problem = ImportProblem::Shape(describe_json_error(&e));
        match path_at(typed_text, e.line(), e.column()) {
            path if path.is_empty() => ImportError::whole(problem),
            path => ImportError::at(&path, problem),
        }
    })?;
    let workspace = validate(
        file.teams,
        file.epics,
        file.constraints,
        file.stories.into_iter().map(Arc::new).collect(),
        file.next_epic_number,
        Planning {
            cadence: file.cadence,
            members: file.members,
            sprints: file.sprints,
            custom_decks: file.custom_decks,
            team_decks: file.team_decks,
            sessions: file.poker_sessions,
            releases: file.releases,
        },
    )?;
    Ok(Imported {
        workspace,
        exported_at: file.exported_at,
        schema_version: version,
    })
}

/// Runs every migration from `version` up to the current one.
fn migrate(mut value: Value, version: u64) -> Value {
    for step in MIGRATIONS.iter().skip((version - 1) as usize) {
        value = step(value);
    }
    value
}

/// serde_json's message without its own " at line X column Y" suffix.
fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
