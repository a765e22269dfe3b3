//! Import & export at `#/data`: download the workspace as JSON, import a
//! file after a preview, restore the workspace an import replaced.

use super::csv::CsvExportButton;
use super::jira_import::JiraImport;
use super::route::{Route, navigate};
use super::shared::{SharePanel, shared_host};
use super::state::{AppState, app_state};
use super::sync_server::SyncServerSettings;
use super::text::{count, stories};
use super::time::{local_date_time, today};
use super::widgets::chosen_file;
use crate::domain::Workspace;
use crate::domain::csv_export::CsvScope;
use crate::domain::schema::{Imported, export_file_name, export_json, import_json};
use crate::storage::local::{self, Backup, SaveError};
use crate::storage::{exchange, snapshots};
use chrono::Utc;
use leptos::prelude::*;

/// A checked file waiting for the user's confirmation.
#[derive(Clone, Debug, PartialEq)]
struct PendingImport {
    file_name: String,
    imported: Imported,
}

/// One line per team: name, key and story count.
fn team_lines(workspace: &Workspace) -> Vec<String> {
    workspace
        .teams()
        .iter()
        .map(|t| {
            format!(
                "{} ({}): {}",
                t.name,
                t.key,
                stories(workspace.team_story_count(t.id))
            )
        })
        .collect()
}

/// Characters as a person reads storage sizes (two bytes each, as browsers count).
fn megabytes(chars: usize) -> String {
    format!("{:.1} MB", chars as f64 * 2.0 / 1_000_000.0)
}

fn counts(workspace: &Workspace) -> String {
    format!(
        "{} and {}",
        count(workspace.teams().len(), "team", "teams"),
        stories(workspace.stories().len())
    )
}

/// Replaces the workspace after keeping the current one (if the user had
/// one) as the backup; refuses when the backup can't be written, so nothing
/// is ever lost. Returns the new workspace's counts.
fn replace_keeping_backup(
    state: AppState,
    workspace: Workspace,
) -> Result<(String, bool), SaveError> {
    // Before the first start there is no workspace to keep.
    let kept = state.started.get_untracked();
    if kept {
        state
            .workspace
            .with_untracked(|w| local::save_backup(w, Utc::now()))?;
    }
    let summary = counts(&workspace);
    state.replace(workspace);
    Ok((summary, kept))
}

/// Downloads the whole workspace as `tandem-YYYY-MM-DD.json` and says so.
pub fn export_workspace(state: AppState) {
    let text = state
        .workspace
        .with_untracked(|w| export_json(w, Utc::now()));
    let result = match text {
        Ok(text) => exchange::download(&export_file_name(today()), &text, "application/json")
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match result {
        Ok(()) => state.notify(format!("Exported {}.", export_file_name(today())), None),
        Err(e) => state.alert.set(Some(format!("The export failed: {e}."))),
    }
}

/// The import & export view.
#[component]
pub fn DataView() -> impl IntoView {
    let state = app_state();
    let pending = RwSignal::new(None::<PendingImport>);
    let import_error = RwSignal::new(None::<String>);
    let backup = RwSignal::new(local::load_backup());
    let snapshot_list = RwSignal::new(snapshots::list());

    let export = move |_| export_workspace(state);

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        pending.set(None);
        import_error.set(None);
        let file_name = file.name();
        leptos::task::spawn_local(async move {
            let result = match exchange::read_text(&file).await {
                Ok(text) => import_json(&text).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            match result {
                Ok(imported) => pending.set(Some(PendingImport {
                    file_name,
                    imported,
                })),
                Err(e) => import_error.set(Some(format!(
                    "{file_name} can’t be imported: {e}. Your workspace has not changed."
                ))),
            }
        });
    };

    let confirm = move |_| {
        let Some(PendingImport {
            file_name,
            imported,
        }) = pending.get_untracked()
        else {
            return;
        };
        match replace_keeping_backup(state, imported.workspace) {
            Ok((summary, kept)) => {
                pending.set(None);
                backup.set(local::load_backup());
                let backup_note = if kept {
                    " The workspace it replaced is kept as a backup below."
                } else {
                    ""
                };
                state.notify(
                    format!("Imported {file_name}: {summary}.{backup_note}"),
                    None,
                );
            }
            Err(e) => import_error.set(Some(format!(
                "The import was not done, because your current workspace could not be kept as a backup. {e}"
            ))),
        }
    };

    let restore = move |_| {
        let Some(Backup { workspace, .. }) = backup.get_untracked() else {
            return;
        };
        // A swap, so that restoring can itself be undone by restoring again.
        match replace_keeping_backup(state, workspace) {
            Ok((summary, kept)) => {
                backup.set(local::load_backup());
                let note = if kept {
                    " The workspace it replaced is now the backup."
                } else {
                    ""
                };
                state.notify(format!("Restored the backup: {summary}.{note}"), None);
            }
            Err(e) => state
                .alert
                .set(Some(format!("The backup was not restored. {e}"))),
        }
    };

    view! {
        <section class="view data" aria-labelledby="data-title">
            <h1 id="data-title">"Import & export"</h1>

            <section class="card" aria-labelledby="export-title">
                <h2 id="export-title">"Export"</h2>
                <p>
                    "Download the whole workspace (" {move || state.workspace.with(counts)}
                    ") as a JSON file, to keep it or to open it in Tandem on another machine."
                </p>
                <button class="primary" on:click=export>"Export JSON"</button>
                <p>
                    "Or take every story out to a spreadsheet as CSV (UTF-8, one row per story: key, team, title, kind, status, estimate, sprint, epic, dependencies, description and dates)."
                </p>
                <CsvExportButton scope=CsvScope::All label="Export CSV of all stories" />
            </section>

            <section class="card" aria-labelledby="import-title">
                <h2 id="import-title">"Import"</h2>
                <p>
                    "Replace this workspace with one from a Tandem JSON file. You see what the file holds before anything changes, and the current workspace is kept as a backup."
                </p>
                <label class="file-label">
                    "Import JSON"
                    <input type="file" accept=".json,application/json" on:change=on_file />
                </label>
                {move || import_error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
                {move || {
                    pending
                        .get()
                        .map(|p| {
                            let lines = team_lines(&p.imported.workspace);
                            view! {
                                <div class="preview" role="region" aria-label="Import preview">
                                    <p>
                                        <strong>{p.file_name.clone()}</strong>
                                        {format!(
                                            " was exported on {} and holds {}:",
                                            local_date_time(p.imported.exported_at),
                                            counts(&p.imported.workspace),
                                        )}
                                    </p>
                                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                                    <p>
                                        {move || {
                                            if shared_host().link.with(Option::is_some) {
                                                format!(
                                                    "This workspace is shared live: importing replaces it ({}) for everyone in it, not only here. This browser's copy is kept as a backup you can restore.",
                                                    state.workspace.with(counts),
                                                )
                                            } else if state.started.get() {
                                                format!(
                                                    "Importing replaces your current workspace ({}), which is kept as a backup you can restore.",
                                                    state.workspace.with(counts),
                                                )
                                            } else {
                                                "This becomes your workspace.".to_string()
                                            }
                                        }}
                                    </p>
                                    <button class="primary" on:click=confirm>"Replace workspace"</button>
                                    <button on:click=move |_| pending.set(None)>"Cancel import"</button>
                                </div>
                            }
                        })
                }}
            </section>

            <JiraImport />

            <SharePanel state=state />

            <SyncServerSettings />

            <section class="card" aria-labelledby="backup-title">
                <h2 id="backup-title">"Backup"</h2>
                <SharedRestoreNote />
                {move || match backup.get() {
                    None => view! { <p>"There is no backup yet. Importing a file keeps the workspace it replaces here."</p> }.into_any(),
                    Some(b) => view! {
                        <p>
                            {format!(
                                "Kept on {}: {}.",
                                local_date_time(b.saved_at),
                                counts(&b.workspace),
                            )}
                        </p>
                        <button on:click=restore>"Restore backup"</button>
                    }.into_any(),
                }}
            </section>

            <section class="card" aria-labelledby="snapshots-title">
                <h2 id="snapshots-title">"Daily snapshots"</h2>
                <SharedRestoreNote />
                <p class="hint">
                    {format!(
                        "Before the first change of each day, Tandem keeps the workspace as it was. The last {} are kept.",
                        snapshots::KEEP,
                    )}
                </p>
                {move || {
                    let list = snapshot_list.get();
                    if list.is_empty() {
                        return view! { <p>"No snapshots yet: the first is taken with tomorrow's first change."</p> }.into_any();
                    }
                    view! {
                        <ul class="snapshots">
                            {list
                                .into_iter()
                                .map(|snap| {
                                    let label = local_date_time(snap.saved_at);
                                    let summary = counts(&snap.workspace);
                                    let day = snap.day.format("%Y-%m-%d").to_string();
                                    let workspace = snap.workspace.clone();
                                    view! {
                                        <li>
                                            {format!("{label}: {summary} ")}
                                            <button aria-label=format!("Restore the snapshot of {day}") on:click=move |_| {
                                                match replace_keeping_backup(state, workspace.clone()) {
                                                    Ok((summary, kept)) => {
                                                        backup.set(local::load_backup());
                                                        let note = if kept { " The workspace it replaced is kept as the backup." } else { "" };
                                                        state.notify(
                                                            format!("Restored the snapshot of {day}: {summary}.{note}"),
                                                            None,
                                                        );
                                                    }
                                                    Err(e) => state.alert.set(Some(format!("The snapshot was not restored. {e}"))),
                                                }
                                            }>"Restore"</button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>

            <section class="card" aria-labelledby="where-title">
                <h2 id="where-title">"Where your work is"</h2>
                <p>
                    {move || {
                        state.save_state.track();
                        match local::usage() {
                            Some(u) => format!(
                                "This site's storage in this browser holds {}, about {}% of the {} browsers allow.",
                                megabytes(u.used_chars),
                                u.percent(),
                                megabytes(u.quota_chars),
                            ),
                            None => "This browser gives Tandem no storage: work lasts only while the tab is open.".to_string(),
                        }
                    }}
                </p>
                <p>
                    "Tandem keeps everything in this browser's storage, on this machine only. "
                    <a href=Route::Home.href() on:click=move |_| navigate(&Route::Home)>"Back to the overview"</a>
                    "."
                </p>
            </section>
        </section>
    }
}

/// While the workspace is shared live, says that restoring a backup or a
/// snapshot replaces it for everyone in it, as an import does.
#[component]
fn SharedRestoreNote() -> impl IntoView {
    let host = shared_host();
    move || {
        host.link.with(Option::is_some).then(|| {
            view! {
                <p class="notice">
                    "This workspace is shared live: restoring replaces it for everyone in it, not only here."
                </p>
            }
        })
    }
}
