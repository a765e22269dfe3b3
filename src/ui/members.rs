//! Members at `#/members`: who is on which team, and how much of their time
//! each team gets (a backend engineer split between teams, a client
//! engineer lending 20% to backend).

use super::state::app_state;
use crate::domain::limits::MAX_PERSON_NAME_CHARS;
use crate::domain::{MemberId, Percent, TeamId};
use leptos::prelude::*;

/// The members view.
#[component]
pub fn MembersView() -> impl IntoView {
    let state = app_state();
    let ids = move || {
        state
            .workspace
            .with(|w| w.members().iter().map(|m| m.id).collect::<Vec<_>>())
    };
    view! {
        <section class="view members" aria-labelledby="members-heading">
            <h1 id="members-heading">"Members"</h1>
            <p class="hint">
                {format!("Each member has a home team and a share of their time per team ({} in total at most). People-based capacity counts these shares; days off are entered per sprint in sprint planning.", Percent::FULL)}
            </p>
            <Show when=move || state.workspace.with(|w| w.members().is_empty())>
                <p>"No members yet. Add the people of your teams to see people-based capacity."</p>
            </Show>
            <ul class="member-list">
                <For each=ids key=|id| *id children=move |id| view! { <MemberCard id=id /> } />
            </ul>
            <NewMemberForm />
        </section>
    }
}

/// Options of a team `<select>`.
fn team_options() -> Vec<(TeamId, String)> {
    app_state().workspace.with_untracked(|w| {
        w.teams()
            .iter()
            .map(|t| (t.id, t.name.to_string()))
            .collect()
    })
}

fn team_by_value(value: &str) -> Option<TeamId> {
    app_state().workspace.with_untracked(|w| {
        w.teams()
            .iter()
            .find(|t| t.id.to_string() == value)
            .map(|t| t.id)
    })
}

#[component]
fn MemberCard(id: MemberId) -> impl IntoView {
    let state = app_state();
    let member = Memo::new(move |_| state.workspace.with(|w| w.member(id).cloned()));
    let name = move || member.with(|m| m.as_ref().map(|m| m.name.to_string()).unwrap_or_default());
    let home = move || {
        member.with(|m| {
            m.as_ref()
                .map(|m| m.home_team.to_string())
                .unwrap_or_default()
        })
    };
    let total = move || member.with(|m| m.as_ref().map_or(0, |m| m.allocated_percent()));
    let teams = move || state.team_names();
    view! {
        <li class="member-card">
            <label>
                "Name"
                <input
                    type="text"
                    maxlength=MAX_PERSON_NAME_CHARS.to_string()
                    prop:value=name
                    aria-label=move || format!("Name of {}", name())
                    on:change=move |ev| {
                        state.change(|w| w.rename_member(id, &event_target_value(&ev)));
                    }
                />
            </label>
            <label>
                "Home team"
                <select
                    aria-label=move || format!("Home team of {}", name())
                    prop:value=home
                    on:change=move |ev| {
                        if let Some(team) = team_by_value(&event_target_value(&ev)) {
                            state.change(|w| w.set_home_team(id, team));
                        }
                    }
                >
                    {team_options()
                        .into_iter()
                        .map(|(team, label)| {
                            view! {
                                <option value=team.to_string() selected=move || home() == team.to_string()>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <fieldset class="allocations">
                <legend>{move || format!("Time per team ({}% allocated)", total())}</legend>
                <For
                    each=teams
                    key=|t| t.clone()
                    children=move |(team, team_name)| {
                        let percent = move || member.with(|m| Percent::field_text(m.as_ref().and_then(|m| m.percent_of(team))));
                        view! {
                            <label class="allocation">
                                {team_name.clone()}
                                <input
                                    type="number"
                                    min="0"
                                    max=Percent::FULL.get().to_string()
                                    step="5"
                                    prop:value=percent
                                    aria-label=move || format!("{}’s share of {team_name} in percent", name())
                                    on:change=move |ev| {
                                        match Percent::parse(&event_target_value(&ev)) {
                                            Ok(share) => {
                                                state.change(|w| w.set_allocation(id, team, share));
                                            }
                                            Err(e) => state.alert.set(Some(format!("{}: {e}.", name()))),
                                        }
                                    }
                                />
                                "%"
                            </label>
                        }
                    }
                />
            </fieldset>
            <button
                class="link danger"
                aria-label=move || format!("Remove {}", name())
                on:click=move |_| {
                    let gone = name();
                    if state.change(|w| w.remove_member(id)).is_some() {
                        state.notify(format!("Removed {gone}."), None);
                    }
                }
            >
                "Remove"
            </button>
        </li>
    }
}

#[component]
fn NewMemberForm() -> impl IntoView {
    let state = app_state();
    let name = RwSignal::new(String::new());
    let home = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let team = team_by_value(&home.get_untracked()).or_else(|| {
            state
                .workspace
                .with_untracked(|w| w.teams().first().map(|t| t.id))
        });
        let Some(team) = team else {
            state.alert.set(Some(
                "Add a team first: every member has a home team.".into(),
            ));
            return;
        };
        if state
            .change(|w| w.add_member(&name.get_untracked(), team))
            .is_some()
        {
            name.set(String::new());
        }
    };
    view! {
        <form class="new-member" on:submit=submit>
            <h2>"Add a member"</h2>
            <label>
                "Name"
                <input
                    type="text"
                    maxlength=MAX_PERSON_NAME_CHARS.to_string()
                    aria-label="New member name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <label>
                "Home team"
                <select aria-label="New member home team" on:change=move |ev| home.set(event_target_value(&ev))>
                    {team_options()
                        .into_iter()
                        .map(|(team, label)| view! { <option value=team.to_string()>{label}</option> })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="primary">"Add member"</button>
        </form>
    }
}
