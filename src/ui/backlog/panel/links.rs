//! What a story is tied to: its epic and sibling stories on the other
//! platforms, its dependencies, the constraints it must respect.

use super::edit_with;
use crate::domain::{Story, StoryId, StoryStatus};
use crate::ui::epics::LagNote;
use crate::ui::route::Route;
use crate::ui::state::app_state;
use chrono::Utc;
use leptos::prelude::*;

/// A linked story as a row: key (a link), title, team, status.
#[derive(Clone, Debug, PartialEq)]
struct Linked {
    id: StoryId,
    key: String,
    href: String,
    title: String,
    team: String,
    status: StoryStatus,
}

fn linked(w: &crate::domain::Workspace, s: &Story) -> Linked {
    let key = w.story_key(s);
    let team = w.team(s.team);
    Linked {
        id: s.id,
        href: Route::story(team.map_or("", |t| t.key.as_str()), &key).href(),
        key,
        title: s.title.to_string(),
        team: team.map(|t| t.name.to_string()).unwrap_or_default(),
        status: s.status,
    }
}

/// The epic select, siblings, dependencies and constraints of one story.
#[component]
pub(super) fn StoryLinks(
    /// The story shown.
    story: Memo<Option<Story>>,
    /// Its id.
    id: StoryId,
) -> impl IntoView {
    let state = app_state();
    let epics = move || {
        state.workspace.with(|w| {
            w.epics()
                .iter()
                .map(|e| (e.id, e.key(), e.title.to_string()))
                .collect::<Vec<_>>()
        })
    };
    let epic = move || story.with(|s| s.as_ref().and_then(|s| s.epic));
    let epic_key =
        move || epic().and_then(|e| state.workspace.with(|w| w.epic(e).map(|e| e.key())));
    let siblings = Memo::new(move |_| {
        story.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                state.workspace.with(|w| {
                    w.siblings(s)
                        .into_iter()
                        .map(|x| linked(w, x))
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let depends = Memo::new(move |_| {
        story.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                state.workspace.with(|w| {
                    s.depends_on
                        .iter()
                        .filter_map(|d| w.story(*d))
                        .map(|x| linked(w, x))
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let needed_by = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.dependents(id)
                .into_iter()
                .map(|x| linked(w, x))
                .collect::<Vec<_>>()
        })
    });
    let waiting = move || {
        story.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                state.workspace.with(|w| {
                    w.waiting_on(s)
                        .into_iter()
                        .map(|x| w.story_key(x))
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    let new_dependency = RwSignal::new(String::new());
    let add_dependency = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = new_dependency.get_untracked();
        let target = state
            .workspace
            .with_untracked(|w| w.story_by_key(key.trim()).map(|s| s.id));
        match target {
            Some(on) => {
                if edit_with(|w| w.add_dependency(id, on, Utc::now())) {
                    new_dependency.set(String::new());
                }
            }
            None => state.alert.set(Some(format!(
                "There is no story “{}”. Type a story key such as BE-7.",
                key.trim()
            ))),
        }
    };
    let constraints = move || {
        state.workspace.with(|w| {
            w.constraints()
                .iter()
                .map(|c| (c.id, c.name.to_string(), c.summary()))
                .collect::<Vec<_>>()
        })
    };
    let row = |l: Linked, extra: Option<AnyView>| {
        view! {
            <li class=format!("linked status-{}", l.status.as_str())>
                <a href=l.href>{l.key}</a>
                " " {l.title}
                <span class="muted">{format!(" · {} · {}", l.team, l.status.label())}</span>
                {extra}
            </li>
        }
    };

    view! {
        <section class="links" aria-labelledby="epic-title">
            <h3 id="epic-title">"Epic"</h3>
            <div class="inline">
                <select aria-label="Epic" on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    let epic = state.workspace.with_untracked(|w| w.epics().iter().find(|e| e.id.to_string() == picked).map(|e| e.id));
                    edit_with(|w| w.set_story_epic(id, epic, Utc::now()));
                }>
                    <option value="" prop:selected=move || epic().is_none()>"No epic"</option>
                    {move || {
                        epics()
                            .into_iter()
                            .map(|(eid, key, title)| {
                                view! { <option value=eid.to_string() prop:selected=move || epic() == Some(eid)>{format!("{key} {title}")}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                {move || epic_key().map(|k| view! { <a href=Route::Epics { epic: Some(k.clone()) }.href()>{format!("Open {k}")}</a> })}
            </div>
            <Show when=move || siblings.with(|s| !s.is_empty())>
                <h4>"On the other platforms"</h4>
                {move || epic().map(|e| view! { <LagNote epic=e /> })}
                <ul class="linked-list" aria-label="Sibling stories">
                    {move || siblings.get().into_iter().map(|l| row(l, None)).collect_view()}
                </ul>
            </Show>
        </section>
        <section class="links" aria-labelledby="deps-title">
            <h3 id="deps-title">"Dependencies"</h3>
            {move || {
                let w = waiting();
                (!w.is_empty()).then(|| view! { <p class="waiting">{format!("Waiting on {}", w.join(", "))}</p> })
            }}
            <ul class="linked-list" aria-label="Depends on">
                {move || {
                    depends
                        .get()
                        .into_iter()
                        .map(|l| {
                            let on = l.id;
                            let key = l.key.clone();
                            let remove = view! {
                                <button class="icon danger" aria-label=format!("Remove dependency on {key}") on:click=move |_| {
                                    edit_with(|w| w.remove_dependency(id, on, Utc::now()));
                                }>"✕"</button>
                            }
                            .into_any();
                            row(l, Some(remove))
                        })
                        .collect_view()
                }}
            </ul>
            <form class="inline" on:submit=add_dependency>
                <input type="text" aria-label="Depends on story" placeholder="Story key, e.g. BE-7" bind:value=new_dependency />
                <button type="submit">"Add dependency"</button>
            </form>
            <Show when=move || needed_by.with(|s| !s.is_empty())>
                <h4>"Needed by"</h4>
                <ul class="linked-list" aria-label="Needed by">
                    {move || needed_by.get().into_iter().map(|l| row(l, None)).collect_view()}
                </ul>
            </Show>
        </section>
        <section class="links" aria-labelledby="constraints-title">
            <h3 id="constraints-title">"Constraints to respect"</h3>
            <Show
                when=move || state.workspace.with(|w| !w.constraints().is_empty())
                fallback=|| view! { <p class="hint">"No constraints yet. " <a href=Route::Constraints.href()>"Add one"</a> "."</p> }
            >
                <ul class="constraint-checks">
                    {move || {
                        constraints()
                            .into_iter()
                            .map(|(cid, name, summary)| {
                                let linked = move || story.with(|s| s.as_ref().is_some_and(|s| s.constraints.contains(&cid)));
                                view! {
                                    <li>
                                        <label>
                                            <input type="checkbox" prop:checked=linked on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                edit_with(|w| w.link_constraint(id, cid, on, Utc::now()));
                                            } />
                                            {format!("{name} ({summary})")}
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}
