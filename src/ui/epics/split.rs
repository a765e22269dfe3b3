//! Splitting an epic: pick the client teams and whether backend work is
//! needed, preview the stories (titles editable), create them in one step.

use crate::domain::epic::stories_created;
use crate::domain::limits::MAX_TITLE_CHARS;
use crate::domain::{EpicId, PlannedStory, TeamId, TeamKind};
use crate::ui::state::app_state;
use chrono::Utc;
use leptos::prelude::*;

/// The split form of one epic.
#[component]
pub(super) fn SplitEpic(
    /// The epic to split.
    id: EpicId,
) -> impl IntoView {
    let state = app_state();
    let teams_of = move |kind: TeamKind| {
        state.workspace.with(|w| {
            w.teams()
                .iter()
                .filter(|t| t.kind == kind)
                .map(|t| (t.id, t.name.to_string()))
                .collect::<Vec<_>>()
        })
    };
    let initial = state.workspace.with_untracked(|w| w.default_split(id));
    let clients = RwSignal::new(initial.clients);
    let backend_needed = RwSignal::new(initial.backend.is_some());
    let backend_team = RwSignal::new(initial.backend);
    let plan = RwSignal::new(None::<Vec<PlannedStory>>);

    let preview = move |_| {
        let backend = backend_needed
            .get_untracked()
            .then(|| backend_team.get_untracked())
            .flatten();
        let result = state
            .workspace
            .with_untracked(|w| w.plan_split(id, &clients.get_untracked(), backend));
        match result {
            Ok(p) => plan.set(Some(p)),
            Err(e) => state.alert.set(Some(e.to_string())),
        }
    };
    let create = move |_| {
        let Some(p) = plan.get_untracked() else {
            return;
        };
        if let Some(created) = state.change(|w| w.split_epic(id, &p, Utc::now())) {
            let keys = state
                .workspace
                .with_untracked(|w| created.iter().map(|s| w.key_of(*s)).collect::<Vec<_>>());
            let text = if keys.is_empty() {
                "Nothing to create: every chosen team already has its story.".to_string()
            } else {
                format!("Created {}.", keys.join(", "))
            };
            state.notify(text, None);
            plan.set(None);
        }
    };
    let new_count = move || plan.with(|p| p.as_deref().map_or(0, stories_created));
    let team_name = move |t: TeamId| {
        state
            .workspace
            .with(|w| w.team(t).map(|t| t.name.to_string()).unwrap_or_default())
    };

    view! {
        <section class="split" aria-labelledby="split-title">
            <h2 id="split-title">"Split into stories"</h2>
            <fieldset>
                <legend>"Client teams (one vertical slice each)"</legend>
                {move || {
                    teams_of(TeamKind::ClientPlatform)
                        .into_iter()
                        .map(|(t, name)| {
                            view! {
                                <label>
                                    <input type="checkbox" prop:checked=move || clients.with(|c| c.contains(&t)) on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        clients.update(|c| {
                                            c.retain(|x| *x != t);
                                            if on {
                                                c.push(t);
                                            }
                                        });
                                        plan.set(None);
                                    } />
                                    {name}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <Show
                when=move || !teams_of(TeamKind::Service).is_empty()
                fallback=|| view! { <p class="hint">"There is no service team, so no backend story. Add one on the Teams page."</p> }
            >
                <div class="inline">
                    <label>
                        <input type="checkbox" prop:checked=move || backend_needed.get() on:change=move |ev| {
                            backend_needed.set(event_target_checked(&ev));
                            plan.set(None);
                        } />
                        "Backend work needed"
                    </label>
                    <select aria-label="Service team" on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        backend_team.set(teams_of(TeamKind::Service).into_iter().find(|(t, _)| t.to_string() == picked).map(|(t, _)| t));
                        plan.set(None);
                    }>
                        {move || {
                            teams_of(TeamKind::Service)
                                .into_iter()
                                .map(|(t, name)| view! { <option value=t.to_string() prop:selected=move || backend_team.get() == Some(t)>{name}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
            </Show>
            <button on:click=preview>"Preview split"</button>
            {move || {
                plan.get()
                    .map(|p| {
                        view! {
                            <div class="preview" role="region" aria-label="Split preview">
                                <ul>
                                    {p
                                        .iter()
                                        .enumerate()
                                        .map(|(i, s)| {
                                            let name = team_name(s.team);
                                            match s.existing {
                                                Some(existing) => {
                                                    let key = state.workspace.with(|w| w.key_of(existing));
                                                    view! { <li>{format!("{name}: already has {key} “{}”", s.title)}</li> }.into_any()
                                                }
                                                None => view! {
                                                    <li>
                                                        <label class="stack">
                                                            {format!("New {name} story")}
                                                            <input type="text" maxlength=MAX_TITLE_CHARS prop:value=s.title.to_string() on:input=move |ev| {
                                                                let v = event_target_value(&ev);
                                                                plan.update(|p| {
                                                                    if let Some(s) = p.as_mut().and_then(|p| p.get_mut(i)) {
                                                                        s.title = v;
                                                                    }
                                                                });
                                                            } />
                                                        </label>
                                                    </li>
                                                }
                                                .into_any(),
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <p class="hint">"Each new story gets the epic’s user story and description; every client story depends on the backend story."</p>
                                <button class="primary" on:click=create>
                                    {move || match new_count() {
                                        0 => "Link the existing stories".to_string(),
                                        1 => "Create 1 story".to_string(),
                                        n => format!("Create {n} stories"),
                                    }}
                                </button>
                                <button on:click=move |_| plan.set(None)>"Cancel split"</button>
                            </div>
                        }
                    })
            }}
        </section>
    }
}
