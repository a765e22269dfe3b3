//! One epic: its fields, progress per team, stories grouped by team with
//! what they wait on, and the split.

use super::LagNote;
use super::split::SplitEpic;
use crate::domain::limits::{MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use crate::domain::{Epic, EpicFields, EpicId, StoryText};
use crate::domain::{Estimate, Points};
use crate::ui::backlog::story_href;
use crate::ui::route::{Route, navigate};
use crate::ui::state::app_state;
use crate::ui::text::stories;
use chrono::Utc;
use leptos::prelude::*;

/// The epic named in the URL.
#[component]
pub fn EpicView(
    /// Its key, e.g. `EP-3` (any case).
    epic_key: String,
) -> impl IntoView {
    let state = app_state();
    let lookup = epic_key.clone();
    let id = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.epic_by_key(&lookup).map(|e| e.id))
    });
    let missing = epic_key.to_uppercase();
    move || {
        match id.get() {
        Some(id) => view! { <EpicDetail id=id /> }.into_any(),
        None => view! {
            <section class="view">
                <h1>"No such epic"</h1>
                <p>{format!("There is no epic {missing}. ")} <a href=Route::Epics { epic: None }.href()>"See all epics"</a> "."</p>
            </section>
        }
        .into_any(),
    }
    }
}

/// Changes one field of an epic, keeping the others.
fn edit_epic(id: EpicId, change: impl FnOnce(&mut EpicFields)) {
    let state = app_state();
    let Some(epic) = state.workspace.with_untracked(|w| w.epic(id).cloned()) else {
        return;
    };
    let mut fields = EpicFields {
        title: epic.title.into(),
        goal: epic.goal,
        description: epic.description.into(),
        text: epic.text,
        targets: epic.targets,
    };
    change(&mut fields);
    state.change(|w| w.edit_epic(id, &fields, Utc::now()));
}

#[component]
fn EpicDetail(id: EpicId) -> impl IntoView {
    let state = app_state();
    let epic = Memo::new(move |_| state.workspace.with(|w| w.epic(id).cloned()));
    let get =
        move |f: fn(&Epic) -> String| move || epic.with(|e| e.as_ref().map(f).unwrap_or_default());
    let key = get(Epic::key);
    let title = get(|e| e.title.to_string());
    let progress = Memo::new(move |_| state.workspace.with(|w| w.epic_progress(id)));
    let text_input = |label: &'static str,
                      value: fn(&StoryText) -> String,
                      set: fn(&mut StoryText, String)| {
        view! {
            <label class="stack">
                {label}
                <input
                    type="text"
                    maxlength=MAX_TEXT_CHARS
                    prop:value=move || epic.with(|e| e.as_ref().map(|e| value(&e.text)).unwrap_or_default())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        edit_epic(id, |f| set(&mut f.text, v));
                    }
                />
            </label>
        }
    };
    let groups = Memo::new(move |_| {
        state.workspace.with(|w| {
            progress
                .get()
                .0
                .iter()
                .map(|(team, p)| {
                    let t = w.team(*team);
                    let rows = w
                        .epic_stories(id)
                        .into_iter()
                        .filter(|s| s.team == *team)
                        .map(|s| {
                            let key = w.story_key(s);
                            let href = story_href(t.map_or("", |t| t.key.as_str()), &key);
                            let waiting: Vec<String> =
                                w.waiting_on(s).iter().map(|d| w.story_key(d)).collect();
                            (
                                key,
                                href,
                                s.title.to_string(),
                                s.status.label(),
                                Estimate::field_text(s.estimate),
                                waiting,
                            )
                        })
                        .collect::<Vec<_>>();
                    (t.map(|t| t.name.to_string()).unwrap_or_default(), *p, rows)
                })
                .collect::<Vec<_>>()
        })
    });
    let confirm_delete = RwSignal::new(false);
    let delete = move |_| {
        if let Some(epic) = state.change(|w| w.remove_epic(id)) {
            state.notify(
                format!(
                    "Deleted epic {} “{}”; its stories stay in their backlogs.",
                    epic.key(),
                    epic.title
                ),
                None,
            );
            navigate(&Route::Epics { epic: None });
        }
    };

    view! {
        <section class="view epic" aria-labelledby="epic-heading">
            <p><a href=Route::Epics { epic: None }.href()>"← All epics"</a></p>
            <h1 id="epic-heading">{move || format!("{} {}", key(), title())}</h1>
            <p class="summary">
                {move || {
                    let (_, overall, status) = progress.get();
                    format!(
                        "{} · {} of {} done · {} of {} points done",
                        status.label(),
                        overall.done,
                        stories(overall.stories),
                        Points(overall.points_done),
                        Points(overall.points),
                    )
                }}
            </p>
            <LagNote epic=id />
            <div class="epic-layout">
                <div class="card">
                    <h2>"Stories by team"</h2>
                    {move || {
                        let groups = groups.get();
                        if groups.is_empty() {
                            return view! { <p>"No stories yet: split the epic to create them."</p> }.into_any();
                        }
                        groups
                            .into_iter()
                            .map(|(team, p, rows)| {
                                view! {
                                    <section class="epic-team" aria-label=format!("{team} stories")>
                                        <h3>
                                            {format!("{team}: {} of {} done · {} of {} points", p.done, stories(p.stories), Points(p.points_done), Points(p.points))}
                                        </h3>
                                        <progress max=p.stories.max(1) value=p.done aria-label=format!("{team} progress")></progress>
                                        <ul class="linked-list">
                                            {rows
                                                .into_iter()
                                                .map(|(key, href, title, status, estimate, waiting)| {
                                                    view! {
                                                        <li>
                                                            <a href=href>{key}</a>
                                                            " " {title}
                                                            <span class="muted">{format!(" · {status}")}{(!estimate.is_empty()).then(|| format!(" · {estimate} points"))}</span>
                                                            {(!waiting.is_empty()).then(|| view! { <span class="badge waiting">{format!("waiting on {}", waiting.join(", "))}</span> })}
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    </section>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                    <SplitEpic id=id />
                </div>
                <div class="card epic-fields">
                    <h2>"Details"</h2>
                    <label class="stack">
                        "Epic title"
                        <input type="text" maxlength=MAX_TITLE_CHARS prop:value=title on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit_epic(id, |f| f.title = v);
                        } />
                    </label>
                    <label class="stack">
                        "Goal"
                        <input type="text" maxlength=MAX_TEXT_CHARS prop:value=get(|e| e.goal.clone()) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit_epic(id, |f| f.goal = v);
                        } />
                    </label>
                    {text_input("As a", |t| t.as_a.clone(), |t, v| t.as_a = v)}
                    {text_input("I want", |t| t.i_want.clone(), |t, v| t.i_want = v)}
                    {text_input("So that", |t| t.so_that.clone(), |t, v| t.so_that = v)}
                    <label class="stack">
                        "Description"
                        <textarea rows="4" prop:value=get(|e| e.description.to_string()) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit_epic(id, |f| f.description = v);
                        }></textarea>
                    </label>
                    <p class="hint">"Changes here are not copied to stories already split."</p>
                    <Show
                        when=move || confirm_delete.get()
                        fallback=move || view! { <button class="danger" on:click=move |_| confirm_delete.set(true)>"Delete epic"</button> }
                    >
                        <div class="confirm" role="alertdialog" aria-label="Delete this epic?">
                            <p>"Delete this epic? Its stories stay in their backlogs, without the epic."</p>
                            <button class="danger" on:click=delete>"Delete the epic"</button>
                            <button on:click=move |_| confirm_delete.set(false)>"Keep it"</button>
                        </div>
                    </Show>
                </div>
            </div>
        </section>
    }
}
