//! The side panel: every field of one story, its sentence, acceptance
//! criteria, links and lint notices; moving it to another team, deleting it.

mod criteria;
mod links;
mod sentence;

use crate::domain::Estimate;
use crate::domain::limits::MAX_TITLE_CHARS;
use crate::domain::lint::story_lints;
use crate::domain::{
    LintKind, Story, StoryEdit, StoryId, TeamId, Title, Workspace, WorkspaceError,
};
use crate::ui::route::{Route, navigate};
use crate::ui::state::{Undo, app_state};
use crate::ui::time::local_date_time;
use crate::ui::widgets::ChoiceSelect;
use chrono::Utc;
use criteria::Criteria;
use leptos::html::Input;
use leptos::prelude::*;
use links::StoryLinks;
use sentence::StorySentence;
use wasm_bindgen::JsCast;

/// Applies an edit to a story; false (and an alert saying why) when refused.
fn edit(id: StoryId, edit: StoryEdit) -> bool {
    // Typing in one text field is undone as one step.
    let merge = match &edit {
        StoryEdit::Title(_) => Some("title"),
        StoryEdit::Description(_) => Some("description"),
        StoryEdit::Text(_) => Some("text"),
        StoryEdit::BlockedReason(_) => Some("blocked"),
        _ => None,
    }
    .map(|field| format!("{id}:{field}"));
    app_state()
        .change_merging(merge, |w| w.edit_story(id, edit, Utc::now()))
        .is_some()
}

/// Applies any workspace change; false (and an alert saying why) when refused.
fn edit_with<T>(f: impl FnOnce(&mut Workspace) -> Result<T, WorkspaceError>) -> bool {
    app_state().change(f).is_some()
}

/// The lint notices of a story, each with a Dismiss button.
#[component]
fn LintNotices(story: Memo<Option<Story>>, id: StoryId) -> impl IntoView {
    let lints = Memo::new(move |_| story.with(|s| s.as_ref().map(story_lints).unwrap_or_default()));
    let short = |k: LintKind| match k {
        LintKind::MissingSoThat => "missing so that",
        LintKind::NoAcceptanceCriteria => "no acceptance criteria",
        LintKind::LargeEstimate => "large estimate",
        LintKind::SpikeWithoutTimeBox => "no time box",
        LintKind::NoMeasurableTarget => "no measurable target",
    };
    view! {
        <For
            each=move || lints.get()
            key=|k| *k
            children=move |k| {
                view! {
                    <div class="lint" role="status">
                        <p>{k.advice()}</p>
                        <button class="link" aria-label=format!("Dismiss notice: {}", short(k)) on:click=move |_| {
                            edit(id, StoryEdit::DismissLint(k));
                        }>"Dismiss"</button>
                    </div>
                }
            }
        />
    }
}

/// The story named by `story_key`, opened beside the backlog of `team_id`.
#[component]
pub(super) fn StoryPanel(
    /// The backlog the panel was opened from (Close returns there).
    team_id: TeamId,
    /// The story's human key, e.g. `IOS-12`.
    story_key: String,
) -> impl IntoView {
    let state = app_state();
    let lookup = story_key.clone();
    let story = Memo::new(move |_| state.workspace.with(|w| w.story_by_key(&lookup).cloned()));
    let id = story.get_untracked().map(|s| s.id);
    let team_key = move || {
        state
            .workspace
            .with(|w| w.team(team_id).map(|t| t.key.to_string()))
            .unwrap_or_default()
    };
    let close = move || navigate(&Route::backlog(&team_key()));
    let title_error = RwSignal::new(None::<String>);
    let title_input = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(input) = title_input.get() {
            let _ = input.focus();
        }
    });

    let field = move |f: fn(&crate::domain::Story) -> String| {
        move || story.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let title = field(|s| s.title.to_string());
    let description = field(|s| s.description.to_string());
    let estimate = field(|s| Estimate::field_text(s.estimate));
    let created = field(|s| local_date_time(s.created_at));
    let updated = field(|s| local_date_time(s.updated_at));
    let team_value = field(|s| s.team.to_string());

    let edit = move |change: StoryEdit| id.is_some_and(|id| edit(id, change));
    let teams = move || {
        state.workspace.with(|w| {
            w.teams()
                .iter()
                .map(|t| (t.id, format!("{} ({})", t.name, t.key)))
                .collect::<Vec<_>>()
        })
    };
    let move_to_team = move |value: String| {
        let Some(id) = id else { return };
        let Some(team) = state.workspace.with_untracked(|w| {
            w.teams()
                .iter()
                .find(|t| t.id.to_string() == value)
                .map(|t| (t.id, t.key.to_string(), t.name.to_string()))
        }) else {
            return;
        };
        if let Some(new_key) = state.change(|w| w.move_story_to_team(id, team.0, Utc::now())) {
            state.notify(format!("Moved to {} as {new_key}.", team.2), None);
            navigate(&Route::story(&team.1, &new_key));
        }
    };
    let delete = move |_| {
        let Some(id) = id else { return };
        let key = story_key_now(story);
        if let Some(removed) = state.change(|w| w.remove_story(id)) {
            state.notify(
                format!("Deleted {key} “{}”.", removed.story.title),
                Some(Undo::Story(Box::new(removed))),
            );
            close();
        }
    };

    let missing_key = story_key.clone();
    view! {
        <aside
            class="story-panel"
            aria-labelledby="panel-title"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    close();
                }
            }
        >
            <header class="panel-head">
                <h2 id="panel-title">{story_key.clone()}</h2>
                <button class="link" on:click=move |_| close() aria-label="Close story">
                    "Close ✕"
                </button>
            </header>
            <Show
                when=move || story.with(Option::is_some)
                fallback=move || {
                    view! {
                        <p>
                            {format!(
                                "There is no story {missing_key} in this workspace. It may have been deleted or moved to another team.",
                            )}
                        </p>
                    }
                }
            >
                {move || id.map(|id| view! { <LintNotices story=story id=id /> })}
                <label class="stack">
                    "Title"
                    <input
                        type="text"
                        node_ref=title_input
                        maxlength=MAX_TITLE_CHARS
                        prop:value=title
                        aria-invalid=move || title_error.get().is_some().then_some("true")
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            match Title::parse(&text) {
                                Ok(_) => {
                                    title_error.set(None);
                                    edit(StoryEdit::Title(text));
                                }
                                Err(e) => title_error.set(Some(e.to_string())),
                            }
                        }
                        on:change=move |ev| {
                            // Leaving an invalid title puts the saved one back.
                            // A focused field removed with its panel still reports a change.
                            if title_error.try_get_untracked().flatten().is_some() {
                                title_error.set(None);
                                if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    input.set_value(&title());
                                }
                            }
                        }
                    />
                </label>
                {move || title_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                <label class="stack">
                    "Description"
                    <textarea
                        rows="8"
                        prop:value=description
                        on:input=move |ev| {
                            edit(StoryEdit::Description(event_target_value(&ev)));
                        }
                    ></textarea>
                </label>
                <div class="panel-grid">
                    <label class="stack">
                        "Kind"
                        <ChoiceSelect
                            value=Signal::derive(move || story.with(|s| s.as_ref().map(|s| s.kind).unwrap_or_default()))
                            on_pick=Callback::new(move |k| {
                                edit(StoryEdit::Kind(k));
                            })
                        />
                    </label>
                    <label class="stack">
                        "Status"
                        <ChoiceSelect
                            value=Signal::derive(move || story.with(|s| s.as_ref().map(|s| s.status).unwrap_or_default()))
                            on_pick=Callback::new(move |s| {
                                edit(StoryEdit::Status(s));
                            })
                        />
                    </label>
                    <label class="stack">
                        "Estimate (points)"
                        <input
                            type="text"
                            inputmode="decimal"
                            placeholder="not estimated"
                            prop:value=estimate
                            on:change=move |ev| {
                                let ok = match Estimate::parse(&event_target_value(&ev)) {
                                    Ok(points) => edit(StoryEdit::Estimate(points)),
                                    Err(e) => {
                                        state.alert.set(Some(format!("{e}.")));
                                        false
                                    }
                                };
                                if !ok && let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    input.set_value(&estimate());
                                }
                            }
                        />
                    </label>
                    <label class="stack">
                        "Team"
                        <select on:change=move |ev| move_to_team(event_target_value(&ev))>
                            {move || {
                                teams()
                                    .into_iter()
                                    .map(|(id, label)| {
                                        let value = id.to_string();
                                        let current = value.clone();
                                        view! { <option value=value prop:selected=move || team_value() == current>{label}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                </div>
                {move || {
                    id.map(|id| {
                        view! {
                            <StorySentence story=story id=id />
                            <Criteria story=story id=id />
                            <StoryLinks story=story id=id />
                        }
                    })
                }}
                <EstimateHistory story=story />
                <p class="meta">"Created " {created} " · updated " {updated}</p>
                <button class="danger" on:click=delete>"Delete story"</button>
            </Show>
        </aside>
    }
}

fn story_key_now(story: Memo<Option<crate::domain::Story>>) -> String {
    let state = app_state();
    story
        .get_untracked()
        .map(|s| state.workspace.with_untracked(|w| w.story_key(&s)))
        .unwrap_or_default()
}

/// Estimates accepted in planning poker, with where they came from.
#[component]
fn EstimateHistory(story: Memo<Option<crate::domain::Story>>) -> impl IntoView {
    let state = app_state();
    let lines = move || {
        story.with(|s| {
            let Some(s) = s else { return Vec::new() };
            state.workspace.with(|w| {
                s.estimate_history
                    .iter()
                    .rev()
                    .map(|e| {
                        let session = e
                            .session
                            .and_then(|id| w.poker_sessions().iter().find(|x| x.id == id))
                            .map_or("planning poker".to_string(), |x| x.name.to_string());
                        let votes = e
                            .votes
                            .iter()
                            .map(|(who, card)| format!("{who} {card}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        format!(
                            "{} ({} points) on {} · {}{} · {} · votes: {}",
                            e.card,
                            e.points,
                            local_date_time(e.at),
                            session,
                            if e.live { " · live room" } else { "" },
                            crate::ui::text::count(e.rounds as usize, "round", "rounds"),
                            if votes.is_empty() {
                                "none".to_string()
                            } else {
                                votes
                            }
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <Show when=move || !lines().is_empty()>
            <section class="estimate-history" aria-labelledby="estimate-history-heading">
                <h3 id="estimate-history-heading">"Estimate history"</h3>
                <ul>{move || lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </section>
        </Show>
    }
}
