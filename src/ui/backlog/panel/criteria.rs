//! Acceptance criteria: an ordered checklist.

use super::edit;
use crate::domain::limits::MAX_TEXT_CHARS;
use crate::domain::{Story, StoryEdit, StoryId};
use leptos::prelude::*;

/// The checklist of one story.
#[component]
pub(super) fn Criteria(
    /// The story shown.
    story: Memo<Option<Story>>,
    /// Its id.
    id: StoryId,
) -> impl IntoView {
    let new_text = RwSignal::new(String::new());
    let count = move || story.with(|s| s.as_ref().map_or(0, |s| s.acceptance_criteria.len()));
    let item = move |i: usize| {
        let text = move || {
            story.with(|s| {
                s.as_ref()
                    .and_then(|s| s.acceptance_criteria.get(i))
                    .map(|c| c.text.clone())
                    .unwrap_or_default()
            })
        };
        let done = move || {
            story.with(|s| {
                s.as_ref()
                    .and_then(|s| s.acceptance_criteria.get(i))
                    .is_some_and(|c| c.done)
            })
        };
        view! {
            <li class="criterion">
                <input
                    type="checkbox"
                    aria-label=move || format!("Done: {}", text())
                    prop:checked=done
                    on:change=move |ev| {
                        edit(id, StoryEdit::CheckCriterion(i, event_target_checked(&ev)));
                    }
                />
                <input
                    type="text"
                    maxlength=MAX_TEXT_CHARS
                    aria-label=move || format!("Criterion {}", i + 1)
                    prop:value=text
                    on:change=move |ev| {
                        edit(id, StoryEdit::EditCriterion(i, event_target_value(&ev)));
                    }
                />
                <button class="icon" aria-label=move || format!("Move criterion {} up", i + 1) on:click=move |_| {
                    edit(id, StoryEdit::MoveCriterionUp(i));
                }>"↑"</button>
                <button class="icon danger" aria-label=move || format!("Remove criterion {}", i + 1) on:click=move |_| {
                    edit(id, StoryEdit::RemoveCriterion(i));
                }>"✕"</button>
            </li>
        }
    };
    view! {
        <section class="criteria" aria-labelledby="criteria-title">
            <h3 id="criteria-title">
                {move || {
                    let done = story.with(|s| s.as_ref().map_or(0, |s| s.acceptance_criteria.iter().filter(|c| c.done).count()));
                    format!("Acceptance criteria ({done}/{})", count())
                }}
            </h3>
            <ol>{move || (0..count()).map(item).collect_view()}</ol>
            <form on:submit=move |ev| {
                ev.prevent_default();
                if edit(id, StoryEdit::AddCriterion(new_text.get_untracked())) {
                    new_text.set(String::new());
                }
            }>
                <input type="text" maxlength=MAX_TEXT_CHARS aria-label="New acceptance criterion" placeholder="Add a criterion and press Enter" bind:value=new_text />
            </form>
        </section>
    }
}
