//! Teams: add, rename, re-key, recolour, change kind, remove.

use super::route::Route;
use super::state::{Undo, app_state};
use super::text::stories;
use super::widgets::ChoiceSelect;
use crate::domain::limits::{MAX_TEAM_KEY_CHARS, MAX_TEAM_NAME_CHARS};
use crate::domain::{TeamId, TeamKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The team management view at `#/teams`.
#[component]
pub fn TeamsView() -> impl IntoView {
    let state = app_state();
    let ids = move || {
        state
            .workspace
            .with(|w| w.teams().iter().map(|t| t.id).collect::<Vec<_>>())
    };
    let confirming = RwSignal::new(None::<TeamId>);
    view! {
        <section class="view teams" aria-labelledby="teams-title">
            <h1 id="teams-title">"Teams"</h1>
            <p class="hint">
                "Client platform teams build an app (iOS, Android); service teams build what the apps share (Backend). Changes are saved as you make them."
            </p>
            <ul class="team-list">
                <For each=ids key=|id| *id children=move |id| view! { <TeamCard id=id confirming=confirming /> } />
            </ul>
            <AddTeamForm />
        </section>
    }
}

/// The value of the input or select an event came from.
fn target_value(ev: &leptos::ev::Event) -> String {
    event_target_value(ev)
}

/// Puts an input back to the stored value after a refused change.
fn reset_input(ev: &leptos::ev::Event, value: &str) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value(value);
    }
}

/// One team, editable in place.
#[component]
fn TeamCard(id: TeamId, confirming: RwSignal<Option<TeamId>>) -> impl IntoView {
    let state = app_state();
    let team = Memo::new(move |_| state.workspace.with(|w| w.team(id).cloned()));
    let count = Memo::new(move |_| state.workspace.with(|w| w.team_story_count(id)));
    let name = move || team.with(|t| t.as_ref().map(|t| t.name.to_string()).unwrap_or_default());
    let key = move || team.with(|t| t.as_ref().map(|t| t.key.to_string()).unwrap_or_default());
    let colour =
        move || team.with(|t| t.as_ref().map(|t| t.colour.to_string()).unwrap_or_default());
    let kind = move || {
        team.with(|t| {
            t.as_ref()
                .map(|t| t.kind)
                .unwrap_or(TeamKind::ClientPlatform)
        })
    };

    let remove_now = move || {
        if let Some(removed) = state.change(|w| w.remove_team(id)) {
            let text = format!(
                "Removed team {} and its {}.",
                removed.team.name,
                stories(removed.story_count())
            );
            state.notify(text, Some(Undo::Team(Box::new(removed))));
        }
        confirming.set(None);
    };
    let ask_remove = move |_| {
        if count.get_untracked() == 0 {
            remove_now();
        } else {
            confirming.set(Some(id));
        }
    };

    view! {
        <li class="team-card" style=move || format!("--team-colour:{}", colour())>
            <div class="team-fields">
                <label>
                    "Name"
                    <input
                        type="text"
                        aria-label=move || format!("Name of team {}", name())
                        prop:value=name
                        maxlength=MAX_TEAM_NAME_CHARS.to_string()
                        on:change=move |ev| {
                            if state.change(|w| w.rename_team(id, &target_value(&ev))).is_none() {
                                reset_input(&ev, &name());
                            }
                        }
                    />
                </label>
                <label>
                    "Key"
                    <input
                        type="text"
                        class="key-input"
                        aria-label=move || format!("Key of team {}", name())
                        prop:value=key
                        maxlength=MAX_TEAM_KEY_CHARS.to_string()
                        on:change=move |ev| {
                            if state.change(|w| w.rekey_team(id, &target_value(&ev))).is_none() {
                                reset_input(&ev, &key());
                            }
                        }
                    />
                </label>
                <label>
                    "Kind"
                    <ChoiceSelect
                        value=Signal::derive(kind)
                        aria_label=Signal::derive(move || format!("Kind of team {}", name()))
                        on_pick=Callback::new(move |kind| {
                            state.change(|w| w.set_team_kind(id, kind));
                        })
                    />
                </label>
                <label>
                    "Colour"
                    <input
                        type="color"
                        aria-label=move || format!("Colour of team {}", name())
                        prop:value=colour
                        on:change=move |ev| {
                            state.change(|w| w.recolour_team(id, &target_value(&ev)));
                        }
                    />
                </label>
            </div>
            <div class="team-actions">
                <a href=move || Route::backlog(&key()).href()>
                    {move || format!("Open backlog ({})", stories(count.get()))}
                </a>
                <button class="danger" on:click=ask_remove aria-label=move || format!("Remove team {}", name())>
                    "Remove"
                </button>
            </div>
            <Show when=move || confirming.get() == Some(id)>
                <div class="confirm" role="alertdialog" aria-label=move || format!("Remove team {}?", name())>
                    <p>
                        {move || {
                            format!(
                                "Remove {} and the {} in its backlog? You can undo this right after.",
                                name(),
                                stories(count.get()),
                            )
                        }}
                    </p>
                    <button class="danger" on:click=move |_| remove_now()>
                        {move || format!("Remove {} and {}", name(), stories(count.get()))}
                    </button>
                    <button on:click=move |_| confirming.set(None)>"Keep the team"</button>
                </div>
            </Show>
        </li>
    }
}

/// The form that adds a team.
#[component]
fn AddTeamForm() -> impl IntoView {
    let state = app_state();
    let name = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let kind = RwSignal::new(TeamKind::ClientPlatform);
    let colour = RwSignal::new("#e07a1f".to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let added = state.change(|w| {
            w.add_team(
                &name.get_untracked(),
                &key.get_untracked(),
                kind.get_untracked(),
                &colour.get_untracked(),
            )
        });
        if let Some(id) = added {
            // The name as the domain stored it (trimmed by `TeamName`), so the
            // ui does not repeat the rule.
            let stored = state
                .workspace
                .with_untracked(|w| w.team(id).map(|t| t.name.to_string()))
                .unwrap_or_default();
            state.notify(format!("Added team {stored}."), None);
            name.set(String::new());
            key.set(String::new());
        }
    };
    view! {
        <form class="add-team" on:submit=submit aria-labelledby="add-team-title">
            <h2 id="add-team-title">"Add a team"</h2>
            <label>
                "Team name"
                <input type="text" required maxlength=MAX_TEAM_NAME_CHARS.to_string() placeholder="Web" bind:value=name />
            </label>
            <label>
                "Team key"
                <input type="text" required maxlength=MAX_TEAM_KEY_CHARS.to_string() placeholder="WEB" class="key-input" bind:value=key />
            </label>
            <label>
                "Team kind"
                <ChoiceSelect value=kind on_pick=Callback::new(move |k| kind.set(k)) />
            </label>
            <label>
                "Team colour"
                <input type="color" bind:value=colour />
            </label>
            <button type="submit" class="primary">"Add team"</button>
        </form>
    }
}
