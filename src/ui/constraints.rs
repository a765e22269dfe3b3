//! Constraints at `#/constraints`: non-functional requirements, the stories
//! that must respect them, and a nudge when a target has no number.

use super::backlog::story_href;
use super::state::app_state;
use super::widgets::ChoiceSelect;
use crate::domain::limits::{MAX_CONSTRAINT_NAME_CHARS, MAX_TEXT_CHARS};
use crate::domain::lint::constraint_lints;
use crate::domain::{Comparison, Constraint, ConstraintFields, ConstraintId};
use chrono::Utc;
use leptos::prelude::*;

/// The fields of a constraint, to edit one of them.
fn fields_of(c: &Constraint) -> ConstraintFields {
    ConstraintFields {
        name: c.name.to_string(),
        statement: c.statement.clone(),
        metric: c.metric.clone(),
        comparison: c.comparison,
        target: c.target.clone(),
        unit: c.unit.clone(),
    }
}

/// The constraints view.
#[component]
pub fn ConstraintsView() -> impl IntoView {
    let state = app_state();
    let ids = move || {
        state
            .workspace
            .with(|w| w.constraints().iter().map(|c| c.id).collect::<Vec<_>>())
    };
    view! {
        <section class="view constraints" aria-labelledby="constraints-heading">
            <h1 id="constraints-heading">"Constraints"</h1>
            <p class="hint">
                "Non-functional requirements many stories must respect, such as “Mobile data per sync ≤ 200 KB”. Link stories to them from a story’s panel."
            </p>
            <ul class="team-list">
                <For each=ids key=|id| *id children=move |id| view! { <ConstraintCard id=id /> } />
            </ul>
            <NewConstraintForm />
        </section>
    }
}

#[component]
fn ConstraintCard(id: ConstraintId) -> impl IntoView {
    let state = app_state();
    let constraint = Memo::new(move |_| state.workspace.with(|w| w.constraint(id).cloned()));
    let get = move |f: fn(&Constraint) -> String| {
        move || constraint.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let name = get(|c| c.name.to_string());
    let edit = move |change: fn(&mut ConstraintFields, String), value: String| {
        if let Some(mut fields) = constraint.with_untracked(|c| c.as_ref().map(fields_of)) {
            change(&mut fields, value);
            state.change(|w| w.edit_constraint(id, &fields, Utc::now()));
        }
    };
    let input = move |label: &'static str,
                      value: fn(&Constraint) -> String,
                      set: fn(&mut ConstraintFields, String)| {
        view! {
            <label>
                {label}
                <input
                    type="text"
                    maxlength=MAX_TEXT_CHARS
                    aria-label=move || format!("{label} of {}", name())
                    prop:value=get(value)
                    on:change=move |ev| edit(set, event_target_value(&ev))
                />
            </label>
        }
    };
    let linked = Memo::new(move |_| {
        state.workspace.with(|w| {
            w.constraint_stories(id)
                .into_iter()
                .map(|s| {
                    let key = w.story_key(s);
                    let team = w
                        .team(s.team)
                        .map(|t| t.key.to_string())
                        .unwrap_or_default();
                    (
                        story_href(&team, &key),
                        key,
                        s.title.to_string(),
                        s.status.label(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let remove = move |_| {
        if let Some(c) = state.change(|w| w.remove_constraint(id)) {
            state.notify(format!("Removed the constraint {}.", c.name), None);
        }
    };
    view! {
        <li class="team-card constraint">
            <h2>{move || constraint.with(|c| c.as_ref().map(|c| format!("{}: {}", c.name, c.summary())).unwrap_or_default())}</h2>
            {move || {
                constraint.with(|c| {
                    c.as_ref()
                        .map(constraint_lints)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|k| view! { <div class="lint" role="status"><p>{k.advice()}</p></div> })
                        .collect_view()
                })
            }}
            <div class="team-fields">
                {input("Name", |c| c.name.to_string(), |f, v| f.name = v)}
                {input("Metric", |c| c.metric.clone(), |f, v| f.metric = v)}
                <label>
                    "Comparison"
                    <ChoiceSelect
                        value=Signal::derive(move || constraint.with(|c| c.as_ref().map(|c| c.comparison).unwrap_or_default()))
                        aria_label=Signal::derive(move || format!("Comparison of {}", name()))
                        on_pick=Callback::new(move |cmp| {
                            if let Some(mut fields) = constraint.with_untracked(|c| c.as_ref().map(fields_of)) {
                                fields.comparison = cmp;
                                state.change(|w| w.edit_constraint(id, &fields, Utc::now()));
                            }
                        })
                    />
                </label>
                {input("Target", |c| c.target.clone(), |f, v| f.target = v)}
                {input("Unit", |c| c.unit.clone(), |f, v| f.unit = v)}
            </div>
            <label class="stack statement">
                "Statement"
                <input
                    type="text"
                    maxlength=MAX_TEXT_CHARS
                    aria-label=move || format!("Statement of {}", name())
                    prop:value=get(|c| c.statement.clone())
                    on:change=move |ev| edit(|f, v| f.statement = v, event_target_value(&ev))
                />
            </label>
            <h3>{move || format!("Stories that must respect it ({})", linked.with(Vec::len))}</h3>
            <ul class="linked-list" aria-label=move || format!("Stories respecting {}", name())>
                {move || {
                    linked
                        .get()
                        .into_iter()
                        .map(|(href, key, title, status)| {
                            view! { <li><a href=href>{key}</a> " " {title} <span class="muted">{format!(" · {status}")}</span></li> }
                        })
                        .collect_view()
                }}
            </ul>
            <button class="danger" aria-label=move || format!("Remove constraint {}", name()) on:click=remove>"Remove"</button>
        </li>
    }
}

#[component]
fn NewConstraintForm() -> impl IntoView {
    let state = app_state();
    let name = RwSignal::new(String::new());
    let metric = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let statement = RwSignal::new(String::new());
    let comparison = RwSignal::new(Comparison::AtMost);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = ConstraintFields {
            name: name.get_untracked(),
            statement: statement.get_untracked(),
            metric: metric.get_untracked(),
            comparison: comparison.get_untracked(),
            target: target.get_untracked(),
            unit: unit.get_untracked(),
        };
        if let Some(id) = state.change(|w| w.add_constraint(&fields, Utc::now())) {
            // The name as the domain stored it (`ConstraintName`'s rule), so
            // the ui does not repeat the rule.
            let stored = state
                .workspace
                .with_untracked(|w| w.constraint(id).map(|c| c.name.to_string()))
                .unwrap_or_default();
            state.notify(format!("Added the constraint {stored}."), None);
            for s in [name, metric, target, unit, statement] {
                s.set(String::new());
            }
        }
    };
    view! {
        <form class="add-team" on:submit=submit aria-labelledby="new-constraint-title">
            <h2 id="new-constraint-title">"New constraint"</h2>
            <label>"Constraint name" <input type="text" required maxlength=MAX_CONSTRAINT_NAME_CHARS.to_string() placeholder="Mobile data per sync" bind:value=name /></label>
            <label>"Constraint metric" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="data sent per sync" bind:value=metric /></label>
            <label>
                "Constraint comparison"
                <ChoiceSelect value=comparison on_pick=Callback::new(move |c| comparison.set(c)) />
            </label>
            <label>"Constraint target" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="200" bind:value=target /></label>
            <label>"Constraint unit" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="KB" bind:value=unit /></label>
            <label class="wide">"Constraint statement" <input type="text" maxlength=MAX_TEXT_CHARS placeholder="As a mobile user off Wi-Fi I want to use little data when I sync" bind:value=statement /></label>
            <button type="submit" class="primary">"Add constraint"</button>
        </form>
    }
}
