//! Setting up a poker session: the queue (by search, by epic, or every
//! unestimated story of a sprint), the participants (members as voters or
//! observers, guests in one step) and the options (deck, countdown,
//! auto-reveal).

use crate::domain::deck::DeckRef;
use crate::domain::limits::MAX_PERSON_NAME_CHARS;
use crate::domain::poker::{Discipline, MAX_TIMER_SECONDS, MIN_TIMER_SECONDS, Role};
use crate::domain::{EpicId, MemberId, ParticipantId, StoryId};
use crate::ui::state::app_state;
use leptos::prelude::*;

/// Most search results listed.
const RESULTS: usize = 12;

/// The session's queue and how to fill it.
#[component]
pub fn Queue() -> impl IntoView {
    let state = app_state();
    let query = RwSignal::new(String::new());
    let results = move || {
        query.with(|q| {
            state.workspace.with(|w| {
                w.find_stories(q, RESULTS)
                    .into_iter()
                    .map(|s| (s.id, w.story_key(s), s.title.to_string()))
                    .collect::<Vec<_>>()
            })
        })
    };
    let queue = move || {
        state.workspace.with(|w| {
            let Some(session) = w.poker_session() else {
                return Vec::new();
            };
            session
                .queue
                .iter()
                .filter_map(|id| w.story(*id))
                .map(|s| {
                    let done = session.is_estimated(s.id);
                    (s.id, w.story_key(s), s.title.to_string(), s.estimate, done)
                })
                .collect::<Vec<_>>()
        })
    };
    let queue_ids = move |ids: Vec<StoryId>| {
        if let Some(added) = state.change(|w| w.queue_stories(&ids)) {
            state.notify(format!("Queued {}.", crate::ui::text::stories(added)), None);
        }
    };
    let epics = move || {
        state.workspace.with(|w| {
            w.epics()
                .iter()
                .map(|e| (e.id, format!("{} {}", e.key(), e.title)))
                .collect::<Vec<_>>()
        })
    };
    // The option's value is the epic's id as text; it is read back by the
    // epic it names, so an unknown value picks none.
    let epic_pick = RwSignal::new(None::<EpicId>);
    let sprint_pick = RwSignal::new(String::new());
    let queue_epic = move |_| {
        let Some(epic) = epic_pick.get_untracked() else {
            return;
        };
        let ids = state.workspace.with_untracked(|w| {
            w.epic_stories(epic)
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        });
        queue_ids(ids);
    };
    let queue_sprint = move |_| {
        let n = sprint_pick
            .get_untracked()
            .parse::<u32>()
            .unwrap_or_else(|_| state.workspace.with_untracked(|w| w.current_sprint()));
        let ids = state
            .workspace
            .with_untracked(|w| w.unestimated_in_sprint(n).map(|s| s.id).collect::<Vec<_>>());
        queue_ids(ids);
    };
    view! {
        <section class="poker-queue" aria-labelledby="queue-heading">
            <h2 id="queue-heading">"Queue"</h2>
            <ol aria-label="Queued stories">
                {move || {
                    queue()
                        .into_iter()
                        .map(|(id, key, title, estimate, done)| {
                            let k = key.clone();
                            view! {
                                <li class:done=done>
                                    <span class="key">{key.clone()}</span>
                                    " "
                                    {title}
                                    {estimate.map(|p| format!(" · {}", crate::domain::Points::from(p).words()))}
                                    <span class="row-actions">
                                        <button class="primary small" aria-label=format!("Estimate {k} now") on:click=move |_| {
                                            state.change(|w| w.start_round(id, false, chrono::Utc::now()));
                                        }>"Estimate"</button>
                                        <button class="icon" aria-label=format!("Move {key} up in the queue") on:click=move |_| {
                                            state.change(|w| w.move_in_queue(id, true));
                                        }>"↑"</button>
                                        <button class="icon" aria-label=format!("Move {key} down in the queue") on:click=move |_| {
                                            state.change(|w| w.move_in_queue(id, false));
                                        }>"↓"</button>
                                        <button class="icon" aria-label=format!("Take {key} off the queue") on:click=move |_| {
                                            state.change(|w| w.unqueue_story(id));
                                        }>"✕"</button>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <label class="stack">
                "Find stories to queue"
                <input type="search" placeholder="Key or words of the title" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            </label>
            <ul aria-label="Search results">
                {move || {
                    results()
                        .into_iter()
                        .map(|(id, key, title)| {
                            view! {
                                <li>
                                    <button class="link" aria-label=format!("Queue {key}") on:click=move |_| queue_ids(vec![id])>
                                        {format!("＋ {key} {title}")}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="inline">
                <select
                    aria-label="Epic to queue"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        epic_pick.set(epics().into_iter().map(|e| e.0).find(|id| id.to_string() == value));
                    }
                >
                    <option value="">"Pick an epic"</option>
                    {move || epics().into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                </select>
                <button on:click=queue_epic>"Queue its stories"</button>
            </div>
            <div class="inline">
                <label>
                    "Sprint"
                    <input
                        type="number"
                        min="1"
                        aria-label="Sprint to queue from"
                        prop:value=move || state.workspace.with(|w| w.current_sprint()).to_string()
                        on:change=move |ev| sprint_pick.set(event_target_value(&ev))
                    />
                </label>
                <button on:click=queue_sprint>"Queue all unestimated in this sprint"</button>
            </div>
        </section>
    }
}

/// The participants and how to add them.
#[component]
pub fn Participants() -> impl IntoView {
    let state = app_state();
    let people = move || {
        state.workspace.with(|w| {
            w.poker_session()
                .map(|s| {
                    s.participants
                        .iter()
                        .map(|p| (p.id, p.name.to_string(), p.role, p.discipline))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let members = move || {
        state.workspace.with(|w| {
            w.members()
                .iter()
                .map(|m| {
                    let team = w
                        .team(m.home_team)
                        .map(|t| t.name.to_string())
                        .unwrap_or_default();
                    (m.id, format!("{} ({team})", m.name))
                })
                .collect::<Vec<_>>()
        })
    };
    let member_pick = RwSignal::new(None::<MemberId>);
    let guest = RwSignal::new(String::new());
    let add_member = move |role: Role| {
        let pick = member_pick
            .get_untracked()
            .or_else(|| members().first().map(|m| m.0));
        if let Some(m) = pick {
            state.change(|w| w.add_participant(m, role));
        }
    };
    let add_all = move |_| {
        let ids: Vec<MemberId> = members().into_iter().map(|m| m.0).collect();
        state.change(|w| {
            for id in ids {
                w.add_participant(id, Role::Voter)?;
            }
            Ok(())
        });
    };
    let add_guest = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state
            .change(|w| w.add_guest(&guest.get_untracked()))
            .is_some()
        {
            guest.set(String::new());
        }
    };
    view! {
        <section class="poker-people" aria-labelledby="people-heading">
            <h2 id="people-heading">"Participants"</h2>
            <ul aria-label="Participants">
                {move || people().into_iter().map(|(id, name, role, discipline)| view! { <Person id=id name=name role=role discipline=discipline /> }).collect_view()}
            </ul>
            <div class="inline">
                <select
                    aria-label="Member to add"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        member_pick.set(members().into_iter().find(|m| m.0.to_string() == value).map(|m| m.0));
                    }
                >
                    {move || members().into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                </select>
                <button on:click=move |_| add_member(Role::Voter)>"Add as voter"</button>
                <button on:click=move |_| add_member(Role::Observer)>"Add as observer"</button>
                <button on:click=add_all>"Add every member"</button>
            </div>
            <form class="inline" on:submit=add_guest>
                <input type="text" maxlength=MAX_PERSON_NAME_CHARS.to_string() aria-label="Guest name" placeholder="Guest name" prop:value=move || guest.get() on:input=move |ev| guest.set(event_target_value(&ev)) />
                <button type="submit">"Add guest"</button>
            </form>
        </section>
    }
}

#[component]
fn Person(id: ParticipantId, name: String, role: Role, discipline: Discipline) -> impl IntoView {
    let state = app_state();
    let set = move |role: Role, discipline: Discipline| {
        state.change(|w| w.set_participant(id, role, discipline));
    };
    let n1 = name.clone();
    let n2 = name.clone();
    view! {
        <li class="person">
            <span>{name.clone()}</span>
            <select
                aria-label=format!("Role of {name}")
                on:change=move |ev| {
                    let r = if event_target_value(&ev) == "observer" { Role::Observer } else { Role::Voter };
                    set(r, discipline);
                }
            >
                <option value="voter" selected=role == Role::Voter>"Voter"</option>
                <option value="observer" selected=role == Role::Observer>"Observer"</option>
            </select>
            <select
                aria-label=format!("Discipline of {n1}")
                on:change=move |ev| {
                    let d = if event_target_value(&ev) == "backend" { Discipline::Backend } else { Discipline::Client };
                    set(role, d);
                }
            >
                <option value="client" selected=discipline == Discipline::Client>"Client"</option>
                <option value="backend" selected=discipline == Discipline::Backend>"Backend"</option>
            </select>
            <button class="icon" aria-label=format!("Remove {n2} from the session") on:click=move |_| {
                state.change(|w| w.remove_participant(id));
            }>"✕"</button>
        </li>
    }
}

/// The session's deck override, countdown and auto-reveal.
#[component]
pub fn Options() -> impl IntoView {
    let state = app_state();
    let current = move || {
        state.workspace.with(|w| {
            w.poker_session()
                .map(|s| (s.deck, s.timer_seconds, s.auto_reveal))
                .unwrap_or((None, None, false))
        })
    };
    let decks = move || {
        state.workspace.with(|w| {
            w.decks()
                .into_iter()
                .map(|d| (d, w.deck_name(d)))
                .collect::<Vec<_>>()
        })
    };
    let apply = move |deck: Option<DeckRef>, timer: Option<u32>, auto: bool| {
        state.change(|w| w.set_session_options(deck, timer, auto));
    };
    view! {
        <section class="poker-options" aria-labelledby="options-heading">
            <h2 id="options-heading">"Options"</h2>
            // Named by a label of its own: a select inside its label would
            // take the chosen option's text into its name.
            <label for="poker-deck">"Deck"</label>
            <select id="poker-deck" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let deck = decks().into_iter().map(|d| d.0).find(|d| format!("{d:?}") == value);
                    let (_, t, a) = current();
                    apply(deck, t, a);
                }>
                    <option value="" selected=move || current().0.is_none()>"Each team’s default"</option>
                    {move || {
                        decks()
                            .into_iter()
                            .map(|(d, name)| view! { <option value=format!("{d:?}") selected=move || current().0 == Some(d)>{name}</option> })
                            .collect_view()
                    }}
            </select>
            <label>
                "Countdown (seconds, empty for none)"
                <input
                    type="number"
                    min=MIN_TIMER_SECONDS.to_string()
                    max=MAX_TIMER_SECONDS.to_string()
                    prop:value=move || current().1.map(|s| s.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let timer = value.trim().parse::<u32>().ok();
                        let (d, _, a) = current();
                        apply(d, timer, a);
                    }
                />
            </label>
            <label class="inline">
                <input
                    type="checkbox"
                    prop:checked=move || current().2
                    on:change=move |ev| {
                        let (d, t, _) = current();
                        apply(d, t, event_target_checked(&ev));
                    }
                />
                "Reveal when every voter has voted"
            </label>
        </section>
    }
}
