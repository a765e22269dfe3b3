//! One story row: fields editable in place, move and delete buttons, drag
//! and drop, Alt+arrow keys.

use super::list::{ListCtx, RowData, RowMove};
use super::story_href;
use crate::domain::Estimate;
use crate::domain::limits::MAX_TITLE_CHARS;
use crate::domain::{StoryEdit, StoryId};
use crate::ui::state::app_state;
use crate::ui::widgets::ChoiceSelect;
use chrono::Utc;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A row of the backlog list.
#[component]
pub(super) fn StoryRow(
    /// The story shown.
    id: StoryId,
    /// Its current data (the last it had once it left the window, as the
    /// row is then dropped).
    data: ReadSignal<Option<RowData>>,
) -> impl IntoView {
    let state = app_state();
    let ctx = expect_context::<ListCtx>();
    let row = NodeRef::<Div>::new();
    let field = move |f: fn(&RowData) -> String| {
        move || data.with(|d| d.as_ref().map(f).unwrap_or_default())
    };
    let key = field(|d| d.key.clone());
    let title = field(|d| d.story.title.to_string());
    let status = move || data.with(|d| d.as_ref().map(|d| d.story.status).unwrap_or_default());
    let estimate = field(|d| Estimate::field_text(d.story.estimate));
    let href = field(|d| story_href(&d.team_key, &d.key));

    let edit = move |edit: StoryEdit| {
        state
            .change(|w| w.edit_story(id, edit, Utc::now()))
            .is_some()
    };
    let reset = |ev: &leptos::ev::Event, value: String| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_value(&value);
        }
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !ev.alt_key() {
            return;
        }
        let Some(how) = RowMove::for_key(&ev.key()) else {
            return;
        };
        ev.prevent_default();
        ctx.move_story(id, how);
    };

    let on_dragover = move |ev: leptos::ev::DragEvent| {
        let Some(dragged) = ctx.dragging.get_untracked() else {
            return;
        };
        if dragged == id {
            return;
        }
        ev.prevent_default();
        let after = row.get_untracked().is_some_and(|el| {
            let rect = el.get_bounding_client_rect();
            f64::from(ev.client_y()) > rect.top() + rect.height() / 2.0
        });
        if ctx.drop_hint.get_untracked() != Some((id, after)) {
            ctx.drop_hint.set(Some((id, after)));
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let (Some(dragged), Some((target, after))) =
            (ctx.dragging.get_untracked(), ctx.drop_hint.get_untracked())
            && target == id
        {
            ctx.drop_on(dragged, target, after);
        }
    };

    view! {
        <div
            class="story-row"
            role="listitem"
            node_ref=row
            aria-label=move || format!("{} {}", key(), title())
            class:dragging=move || ctx.dragging.get() == Some(id)
            class:drop-before=move || ctx.drop_hint.get() == Some((id, false))
            class:drop-after=move || ctx.drop_hint.get() == Some((id, true))
            on:keydown=on_keydown
            on:dragover=on_dragover
            on:drop=on_drop
        >
            <span
                class="handle"
                draggable="true"
                title="Drag to reorder"
                data-testid=move || format!("drag-{}", key())
                on:dragstart=move |ev: leptos::ev::DragEvent| {
                    if let Some(dt) = ev.data_transfer() {
                        let _ = dt.set_data("text/plain", &key());
                        dt.set_effect_allowed("move");
                        if let Some(el) = row.get_untracked() {
                            dt.set_drag_image(&el, 16, 16);
                        }
                    }
                    ctx.dragging.set(Some(id));
                }
                on:dragend=move |_| {
                    ctx.dragging.set(None);
                    ctx.drop_hint.set(None);
                }
            >
                "⠿"
            </span>
            <a class="story-key" href=href aria-label=move || format!("Open {}", key())>
                {key}
            </a>
            <div class="title-cell">
            <input
                    type="text"
                    class="title-input"
                    maxlength=MAX_TITLE_CHARS
                    aria-label=move || format!("Title of {}", key())
                    prop:value=title
                    on:change=move |ev| {
                        if !edit(StoryEdit::Title(event_target_value(&ev))) {
                            reset(&ev, title());
                        }
                    }
                />
                <span class="row-extra">
                    {move || {
                        data.with(|d| {
                            d.as_ref().map(|d| {
                                let waiting = (!d.waiting.is_empty())
                                    .then(|| format!("waiting on {}", d.waiting.join(", ")));
                                let notices = (d.notices > 0).then(|| {
                                    format!("⚠ {} {}", d.notices, if d.notices == 1 { "notice" } else { "notices" })
                                });
                                view! {
                                    {waiting.map(|w| view! { <span class="badge waiting">{w}</span> })}
                                    {notices.map(|n| view! { <span class="badge notice">{n}</span> })}
                                    {d.sentence.clone().map(|s| view! { <span class="row-sentence">{s}</span> })}
                                }
                            })
                        })
                    }}
                </span>
            </div>
            <ChoiceSelect
                value=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.story.kind).unwrap_or_default()))
                aria_label=Signal::derive(move || format!("Kind of {}", key()))
                on_pick=Callback::new(move |k| {
                    edit(StoryEdit::Kind(k));
                })
            />
            <ChoiceSelect
                value=Signal::derive(status)
                aria_label=Signal::derive(move || format!("Status of {}", key()))
                class=Signal::derive(move || format!("status status-{}", status().as_str()))
                on_pick=Callback::new(move |s| {
                    edit(StoryEdit::Status(s));
                })
            />
            <input
                type="text"
                class="estimate-input"
                inputmode="decimal"
                placeholder="–"
                aria-label=move || format!("Estimate of {} in points", key())
                prop:value=estimate
                on:change=move |ev| {
                    let ok = match Estimate::parse(&event_target_value(&ev)) {
                        Ok(points) => edit(StoryEdit::Estimate(points)),
                        Err(e) => {
                            state.alert.set(Some(format!("{}: {e}.", key())));
                            false
                        }
                    };
                    if !ok {
                        reset(&ev, estimate());
                    }
                }
            />
            <span class="row-actions">
                {RowMove::ALL
                    .into_iter()
                    .map(|how| {
                        view! {
                            <button
                                class="icon"
                                aria-label=move || format!("Move {} {}", key(), how.words())
                                title=how.hint()
                                on:click=move |_| ctx.move_story(id, how)
                            >
                                {how.symbol()}
                            </button>
                        }
                    })
                    .collect_view()}
                <button
                    id=move || format!("delete-{id}")
                    class="icon danger"
                    aria-label=move || format!("Delete {}", key())
                    title="Delete"
                    on:click=move |_| ctx.delete(id)
                >
                    "✕"
                </button>
            </span>
        </div>
    }
}
