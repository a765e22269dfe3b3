//! Import from Jira on the Import & export page: read a Jira CSV export,
//! choose the team for each Jira project, see what would change (new and
//! updated stories, epics, what was read loosely, rows that can't be
//! imported) and only then import. Undo takes it back.

use super::state::app_state;
use super::text::{count, stories};
use super::widgets::chosen_file;
use crate::domain::TeamId;
use crate::domain::jira::{JiraFile, JiraMapping, JiraOutcome, read_jira_csv};
use crate::storage::exchange;
use chrono::Utc;
use leptos::prelude::*;

/// A file read and waiting for the user's go.
#[derive(Clone, Debug, PartialEq)]
struct PendingJira {
    file_name: String,
    file: JiraFile,
}

/// The "Import from Jira" card.
#[component]
pub fn JiraImport() -> impl IntoView {
    let state = app_state();
    let pending = RwSignal::new(None::<PendingJira>);
    let error = RwSignal::new(None::<String>);
    let mapping = RwSignal::new(JiraMapping::default());
    let skip_broken = RwSignal::new(false);

    // The preview is the import itself, run on a copy of the workspace, so
    // it can't promise anything the import won't do.
    let preview = Memo::new(move |_| {
        pending.with(|p| {
            p.as_ref().map(|p| {
                let mut copy = state.workspace.get();
                let result = copy.import_jira(&p.file, &mapping.get(), Utc::now());
                result.map_err(|e| e.to_string())
            })
        })
    });

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        pending.set(None);
        error.set(None);
        skip_broken.set(false);
        let file_name = file.name();
        leptos::task::spawn_local(async move {
            let read = match exchange::read_text(&file).await {
                Ok(text) => read_jira_csv(&text).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            let fallback = state
                .workspace
                .with_untracked(|w| w.teams().first().map(|t| t.id));
            match (read, fallback) {
                (Ok(file), Some(team)) => {
                    mapping.set(
                        state
                            .workspace
                            .with_untracked(|w| JiraMapping::by_project_key(w, &file, team)),
                    );
                    pending.set(Some(PendingJira { file_name, file }));
                }
                (Ok(_), None) => error.set(Some(
                    "There is no team to import into yet: add a team first.".into(),
                )),
                (Err(e), _) => error.set(Some(format!(
                    "{file_name} can’t be imported: {e}. Your workspace has not changed."
                ))),
            }
        });
    };

    let confirm = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        let map = mapping.get_untracked();
        if let Some(out) = state.change(|w| w.import_jira(&p.file, &map, Utc::now())) {
            pending.set(None);
            state.notify(
                format!("Imported {}: {}.", p.file_name, outcome_words(&out)),
                None,
            );
        }
    };

    let broken_count = move || pending.with(|p| p.as_ref().map_or(0, |p| p.file.broken.len()));
    let blocked =
        move || (broken_count() > 0 && !skip_broken.get()) || !matches!(preview.get(), Some(Ok(_)));

    view! {
        <section class="card" aria-labelledby="jira-title">
            <h2 id="jira-title">"Import from Jira"</h2>
            <p>
                "Bring a Jira backlog in: in Jira, export the issues as CSV (Export → Export Excel CSV, all fields). Issue types become story kinds, statuses Tandem's, Jira epics epics. You see what would change before anything does, and importing the same file again updates its stories instead of adding copies."
            </p>
            <label class="file-label">
                "Import Jira CSV"
                <input type="file" accept=".csv,text/csv" on:change=on_file />
            </label>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            {move || {
                pending
                    .get()
                    .map(|p| {
                        let epics = p.file.issues.iter().filter(|i| i.is_epic()).count();
                        let issues = p.file.issues.len() - epics;
                        view! {
                            <div class="preview" role="region" aria-label="Jira import preview">
                                <p>
                                    <strong>{p.file_name.clone()}</strong>
                                    {format!(
                                        " holds {} and {}.",
                                        stories(issues),
                                        count(epics, "epic", "epics"),
                                    )}
                                </p>
                                <ProjectTeams projects=p.file.projects() mapping=mapping />
                                <Preview preview=preview />
                                <BrokenRows file=p.file.clone() skip=skip_broken />
                                <div class="actions">
                                    <button class="primary" on:click=confirm disabled=blocked>
                                        "Import from Jira"
                                    </button>
                                    <button on:click=move |_| pending.set(None)>"Cancel"</button>
                                </div>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// One menu per Jira project: the team its stories go to.
#[component]
fn ProjectTeams(
    /// The file's project keys.
    projects: Vec<String>,
    /// The choice per project.
    mapping: RwSignal<JiraMapping>,
) -> impl IntoView {
    let state = app_state();
    let teams = move || state.team_names();
    projects
        .into_iter()
        .map(|project| {
            let for_select = project.clone();
            let chosen = {
                let project = project.clone();
                move || mapping.with(|m| m.teams.get(&project).copied())
            };
            view! {
                <label class="jira-project">
                    {format!("Stories of Jira project {project} go to")}
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let team = state
                            .workspace
                            .with_untracked(|w| w.teams().iter().find(|t| t.id.to_string() == value).map(|t| t.id));
                        if let Some(team) = team {
                            mapping.update(|m| {
                                m.teams.insert(for_select.clone(), team);
                            });
                        }
                    }>
                        {move || {
                            let chosen: Option<TeamId> = chosen();
                            teams()
                                .into_iter()
                                .map(|(id, name)| {
                                    view! {
                                        <option value=id.to_string() selected=chosen == Some(id)>
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            }
        })
        .collect_view()
}

/// What the import would do.
#[component]
fn Preview(
    /// The import run on a copy.
    preview: Memo<Option<Result<JiraOutcome, String>>>,
) -> impl IntoView {
    let state = app_state();
    move || {
        match preview.get() {
        None => ().into_any(),
        Some(Err(e)) => {
            view! { <p class="alert" role="alert">{format!("This file can’t be imported: {e}.")}</p> }
                .into_any()
        }
        Some(Ok(out)) => {
            let mut lines: Vec<String> = state.workspace.with_untracked(|w| {
                out.added
                    .iter()
                    .map(|(team, n)| {
                        let name = w.team(*team).map(|t| t.name.to_string()).unwrap_or_default();
                        format!("{} new in {name}", stories(*n))
                    })
                    .collect()
            });
            if out.added.is_empty() {
                lines.push("No new stories".into());
            }
            lines.push(format!("{} updated", stories(out.updated)));
            lines.push(format!("{} already up to date", stories(out.unchanged)));
            lines.push(count(out.new_epics, "new epic", "new epics"));
            let notes = out.notes.clone();
            view! {
                <ul aria-label="What the import does">
                    {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                </ul>
                {(!notes.is_empty())
                    .then(|| {
                        view! {
                            <ul aria-label="Read loosely" class="notes">
                                {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                            </ul>
                        }
                    })}
            }
            .into_any()
        }
    }
    }
}

/// The rows that can't be imported, by line, and the user's consent to
/// leave them out.
#[component]
fn BrokenRows(
    /// The file read.
    file: JiraFile,
    /// Whether the user agreed to skip them.
    skip: RwSignal<bool>,
) -> impl IntoView {
    let n = file.broken.len();
    (n > 0).then(|| {
        view! {
            <h3>{format!("{} can’t be imported", count(n, "row", "rows"))}</h3>
            <ul aria-label="Rows that can’t be imported" class="broken-rows">
                {file
                    .broken
                    .into_iter()
                    .map(|b| {
                        let key = b.key.map(|k| format!(" ({k})")).unwrap_or_default();
                        view! { <li>{format!("Line {}{key}: {}", b.line, b.reason)}</li> }
                    })
                    .collect_view()}
            </ul>
            <label class="check">
                <input type="checkbox" prop:checked=move || skip.get() on:change=move |ev| skip.set(event_target_checked(&ev)) />
                {format!("Skip {} and import the rest", if n == 1 { "this row".to_string() } else { format!("these {n} rows") })}
            </label>
        }
    })
}

/// "3 new stories, 1 updated, 1 new epic".
fn outcome_words(out: &JiraOutcome) -> String {
    let mut parts = vec![format!("{} new", stories(out.added_total()))];
    parts.push(format!("{} updated", out.updated));
    if out.new_epics > 0 {
        parts.push(count(out.new_epics, "new epic", "new epics"));
    }
    if out.skipped > 0 {
        parts.push(format!("{} skipped", count(out.skipped, "row", "rows")));
    }
    parts.join(", ")
}
