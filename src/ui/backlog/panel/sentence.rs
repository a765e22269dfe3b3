//! The story's sentence in its kind's form, and the blocked reason.

use super::edit;
use crate::domain::limits::{MAX_TEXT_CHARS, MAX_TIME_BOX_DAYS};
use crate::domain::story::parse_time_box;
use crate::domain::{Preposition, Story, StoryEdit, StoryId, StoryKind, StoryStatus, StoryText};
use crate::ui::state::app_state;
use crate::ui::widgets::ChoiceSelect;
use leptos::prelude::*;

/// Changes one part of the sentence: the UI sends the whole new text.
fn set_part(story: Memo<Option<Story>>, id: StoryId, change: impl FnOnce(&mut StoryText)) {
    if let Some(mut text) = story.with_untracked(|s| s.as_ref().map(|s| s.text.clone())) {
        change(&mut text);
        edit(id, StoryEdit::Text(text));
    }
}

/// A text input bound to one part of the sentence.
fn part_input(
    story: Memo<Option<Story>>,
    id: StoryId,
    label: &'static str,
    placeholder: &'static str,
    get: fn(&StoryText) -> &String,
    set: fn(&mut StoryText, String),
) -> impl IntoView {
    view! {
        <label class="stack">
            {label}
            <input
                type="text"
                maxlength=MAX_TEXT_CHARS
                placeholder=placeholder
                prop:value=move || story.with(|s| s.as_ref().map(|s| get(&s.text).clone()).unwrap_or_default())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    set_part(story, id, |t| set(t, value));
                }
            />
        </label>
    }
}

/// The parts a kind uses, and the sentence they make.
#[component]
pub(super) fn StorySentence(
    /// The story shown.
    story: Memo<Option<Story>>,
    /// Its id.
    id: StoryId,
) -> impl IntoView {
    let kind = Memo::new(move |_| story.with(|s| s.as_ref().map(|s| s.kind).unwrap_or_default()));
    let sentence = move || story.with(|s| s.as_ref().and_then(Story::sentence));
    let fields = move || {
        match kind.get() {
        StoryKind::UserStory | StoryKind::TechnicalStory => {
            let technical = kind.get() == StoryKind::TechnicalStory;
            view! {
                {part_input(story, id, if technical { "As a (stakeholder)" } else { "As a" }, if technical { "backend operator" } else { "mobile user off Wi-Fi" }, |t| &t.as_a, |t, v| t.as_a = v)}
                {part_input(story, id, "I want", if technical { "to serve 10,000 concurrent users on 4 nodes" } else { "to delete my profile" }, |t| &t.i_want, |t, v| t.i_want = v)}
                {part_input(story, id, "So that", if technical { "hardware cost drops by 20 %" } else { "my data is gone" }, |t| &t.so_that, |t, v| t.so_that = v)}
            }
            .into_any()
        }
        StoryKind::Feature => view! {
            {part_input(story, id, "Action", "Calculate", |t| &t.action, |t, v| t.action = v)}
            {part_input(story, id, "Result", "total", |t| &t.result, |t, v| t.result = v)}
            <label class="stack">
                "Preposition"
                <ChoiceSelect
                    value=Signal::derive(move || story.with(|s| s.as_ref().map(|s| s.text.preposition).unwrap_or_default()))
                    on_pick=Callback::new(move |p: Preposition| set_part(story, id, |t| t.preposition = p))
                />
            </label>
            {part_input(story, id, "Object", "sale", |t| &t.object, |t, v| t.object = v)}
        }
        .into_any(),
        StoryKind::Spike => view! {
            {part_input(story, id, "Question to answer", "Can we halve the sync payload?", |t| &t.question, |t, v| t.question = v)}
            <label class="stack">
                "Time box (days)"
                <input
                    type="number"
                    // A browser's min is inclusive: 0 itself is refused by
                    // `parse_time_box`, anything above it is a time box.
                    min="0"
                    max=MAX_TIME_BOX_DAYS.to_string()
                    step="0.5"
                    prop:value=move || story.with(|s| s.as_ref().and_then(|s| s.text.time_box_days).map(|d| d.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        match parse_time_box(&event_target_value(&ev)) {
                            Ok(days) => set_part(story, id, |t| t.time_box_days = days),
                            Err(e) => app_state().alert.set(Some(format!("{e}."))),
                        }
                    }
                />
            </label>
            {part_input(story, id, "Outcome", "what the spike found", |t| &t.outcome, |t, v| t.outcome = v)}
        }
        .into_any(),
        StoryKind::Bug => view! { <p class="hint">"A bug is described by its title and description."</p> }.into_any(),
    }
    };
    view! {
        <fieldset class="sentence">
            <legend>{move || format!("{} sentence", kind.get().label())}</legend>
            {fields}
            {move || sentence().map(|s| view! { <p class="sentence-preview">{s}</p> })}
        </fieldset>
        <Show when=move || story.with(|s| s.as_ref().is_some_and(|s| s.status == StoryStatus::Blocked))>
            <label class="stack">
                "Blocked because"
                <input
                    type="text"
                    maxlength=MAX_TEXT_CHARS
                    placeholder="what it waits for, outside Tandem"
                    prop:value=move || story.with(|s| s.as_ref().map(|s| s.blocked_reason.clone()).unwrap_or_default())
                    on:input=move |ev| {
                        edit(id, StoryEdit::BlockedReason(event_target_value(&ev)));
                    }
                />
            </label>
        </Show>
    }
}
