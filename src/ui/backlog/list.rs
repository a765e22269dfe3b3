//! The story list. Only the rows in view are in the page (fixed row height),
//! so a backlog of 10,000 stories stays quick.

use super::row::StoryRow;
use crate::domain::lint::story_lints;
use crate::domain::story::filter_query;
use crate::domain::{Move, Story, StoryId, TeamId};
use crate::ui::keyed::{ForStory, KeyedRows, RowCells};
use crate::ui::state::{Undo, app_state};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Height of one row in CSS pixels until the style sheet's `--row-height`
/// is read (style/tokens.css; taller on touch phones, where a row holds two
/// lines of 44-pixel controls).
const DEFAULT_ROW_HEIGHT: f64 = 60.0;
/// Rows rendered above and below the visible ones, so fast scrolling and
/// keyboard moves find them already there.
const OVERSCAN: usize = 6;

/// What a row shows.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RowData {
    pub story: Story,
    pub key: String,
    pub team_key: String,
    /// The story's sentence in its kind's form, if written.
    pub sentence: Option<String>,
    /// Keys of the unfinished stories it waits on.
    pub waiting: Vec<String>,
    /// How many lint notices it shows.
    pub notices: usize,
}

impl ForStory for RowData {
    fn story_id(&self) -> StoryId {
        self.story.id
    }
}

/// A keyboard or button move of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RowMove {
    Up,
    Down,
    Top,
}

impl RowMove {
    /// In the order the row's buttons show them.
    pub const ALL: [RowMove; 3] = [RowMove::Up, RowMove::Down, RowMove::Top];

    /// Ends the button's name: "Move IOS-3 up".
    pub fn words(self) -> &'static str {
        match self {
            RowMove::Up => "up",
            RowMove::Down => "down",
            RowMove::Top => "to top",
        }
    }

    /// The button's face.
    pub fn symbol(self) -> &'static str {
        match self {
            RowMove::Up => "↑",
            RowMove::Down => "↓",
            RowMove::Top => "⤒",
        }
    }

    /// The tooltip, with the keyboard shortcut.
    pub fn hint(self) -> &'static str {
        match self {
            RowMove::Up => "Move up (Alt+↑)",
            RowMove::Down => "Move down (Alt+↓)",
            RowMove::Top => "Move to top (Alt+Home)",
        }
    }

    /// The move an Alt+key does, by `KeyboardEvent.key`.
    pub fn for_key(key: &str) -> Option<RowMove> {
        match key {
            "ArrowUp" => Some(RowMove::Up),
            "ArrowDown" => Some(RowMove::Down),
            "Home" => Some(RowMove::Top),
            _ => None,
        }
    }
}

/// What rows need from their list. Copy: signals only.
#[derive(Clone, Copy)]
pub(super) struct ListCtx {
    filtered: Memo<Vec<usize>>,
    container: NodeRef<Div>,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
    /// One row's height in CSS pixels, as the style sheet sets it.
    row_height: RwSignal<f64>,
    /// The story being dragged with the mouse.
    pub dragging: RwSignal<Option<StoryId>>,
    /// Where a drop would land: before (false) or after (true) a story.
    pub drop_hint: RwSignal<Option<(StoryId, bool)>>,
}

impl ListCtx {
    /// Position in the shown (filtered) list.
    fn position(&self, id: StoryId) -> Option<usize> {
        let state = app_state();
        state.workspace.with_untracked(|w| {
            self.filtered.with_untracked(|f| {
                f.iter()
                    .position(|&i| w.stories().get(i).is_some_and(|s| s.id == id))
            })
        })
    }

    fn id_at(&self, position: usize) -> Option<StoryId> {
        let state = app_state();
        let index = self.filtered.with_untracked(|f| f.get(position).copied())?;
        state
            .workspace
            .with_untracked(|w| w.stories().get(index).map(|s| s.id))
    }

    /// Moves a story one place among the stories shown, or to the top.
    pub fn move_story(&self, id: StoryId, how: RowMove) {
        let Some(position) = self.position(id) else {
            return;
        };
        let to = match how {
            RowMove::Top => Some(Move::Top),
            RowMove::Up => position
                .checked_sub(1)
                .and_then(|p| self.id_at(p))
                .map(Move::Before),
            RowMove::Down => self.id_at(position + 1).map(Move::After),
        };
        let Some(to) = to else {
            return;
        };
        // Moving a row re-places its element, which loses focus: remember
        // where the user was (a move button, or a field for Alt+arrows).
        let focused = document()
            .active_element()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        let state = app_state();
        if state.change(|w| w.move_story(id, to)) == Some(true) {
            self.reveal(id, focused.map(Focus::Element));
        }
    }

    /// Drops a dragged story before or after another.
    pub fn drop_on(&self, dragged: StoryId, target: StoryId, after: bool) {
        let to = if after {
            Move::After(target)
        } else {
            Move::Before(target)
        };
        app_state().change(|w| w.move_story(dragged, to));
        self.dragging.set(None);
        self.drop_hint.set(None);
    }

    /// Deletes a story and offers to undo it.
    pub fn delete(&self, id: StoryId) {
        let state = app_state();
        let key = state
            .workspace
            .with_untracked(|w| w.story(id).map(|s| w.story_key(s)))
            .unwrap_or_default();
        let next = self.position(id).and_then(|p| self.id_at(p + 1));
        if let Some(removed) = state.change(|w| w.remove_story(id)) {
            let text = format!("Deleted {key} “{}”.", removed.story.title);
            state.notify(text, Some(Undo::Story(Box::new(removed))));
            // Keep keyboard users in the list: focus the next row's delete.
            if let Some(next) = next {
                self.reveal(next, Some(Focus::Id(format!("delete-{next}"))));
            }
        }
    }

    /// Scrolls a story into view and then focuses an element of its row.
    fn reveal(&self, id: StoryId, focus: Option<Focus>) {
        if let (Some(position), Some(container)) =
            (self.position(id), self.container.get_untracked())
        {
            let row = self.row_height.get_untracked();
            let top = position as f64 * row;
            let view = self.viewport.get_untracked();
            let current = container.scroll_top() as f64;
            let wanted = if top < current {
                top
            } else if top + row > current + view {
                top + row - view
            } else {
                current
            };
            if wanted != current {
                container.set_scroll_top(wanted as i32);
                self.scroll_top.set(wanted);
            }
        }
        if let Some(focus) = focus {
            // The row is re-placed by the render that this change scheduled:
            // focus after it (a microtask), and once more after the next
            // frame in case the row was rendered only then (it scrolled in).
            let again = focus.clone();
            queue_microtask(move || focus.apply());
            request_animation_frame(move || again.apply());
        }
    }
}

/// What gets the focus back after a row moved.
#[derive(Clone)]
enum Focus {
    /// The element that had it (rows are moved, not re-created).
    Element(web_sys::HtmlElement),
    /// An element found by id (another row's button).
    Id(String),
}

impl Focus {
    fn apply(&self) {
        let element = match self {
            Focus::Element(el) => Some(el.clone()),
            Focus::Id(id) => document()
                .get_element_by_id(id)
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()),
        };
        let Some(element) = element else { return };
        let focused = document()
            .active_element()
            .is_some_and(|active| &active == element.unchecked_ref::<web_sys::Element>());
        if !focused && element.is_connected() {
            let _ = element.focus();
        }
    }
}

/// The rows of one backlog, filtered by `query`.
#[component]
pub(super) fn StoryList(
    /// Whose backlog.
    team_id: TeamId,
    /// The filter text.
    query: RwSignal<String>,
    /// Bumped when a story was added at the bottom, to scroll there.
    scroll_to_end: RwSignal<u32>,
) -> impl IntoView {
    let state = app_state();
    let filtered = Memo::new(move |_| {
        let query = query.get();
        state.workspace.with(|w| w.filter_backlog(team_id, &query))
    });
    let total = Memo::new(move |_| state.workspace.with(|w| w.team_story_count(team_id)));
    let container = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(600.0);
    let row_height = RwSignal::new(DEFAULT_ROW_HEIGHT);
    let ctx = ListCtx {
        filtered,
        container,
        scroll_top,
        viewport,
        row_height,
        dragging: RwSignal::new(None),
        drop_hint: RwSignal::new(None),
    };
    provide_context(ctx);

    let measure = move || {
        if let Some(el) = container.get_untracked() {
            viewport.set(el.client_height().max(1) as f64);
            scroll_top.set(el.scroll_top() as f64);
            let height = css_row_height(&el);
            if row_height.get_untracked() != height {
                row_height.set(height);
            }
        }
    };
    Effect::new(move |_| {
        if container.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // A filter change shows the list from its top.
    Effect::new(move |previous: Option<()>| {
        query.track();
        if previous.is_some()
            && let Some(el) = container.get_untracked()
        {
            el.set_scroll_top(0);
            scroll_top.set(0.0);
        }
    });
    Effect::new(move |previous: Option<()>| {
        scroll_to_end.track();
        if previous.is_some() {
            request_animation_frame(move || {
                // The list may be gone by the next frame.
                if let Some(el) = container.try_get_untracked().flatten() {
                    el.set_scroll_top(el.scroll_height());
                    measure();
                }
            });
        }
    });

    let window = Memo::new(move |_| {
        let count = filtered.with(Vec::len);
        let row = row_height.get();
        let first = (scroll_top.get() / row).floor() as usize;
        let shown = (viewport.get() / row).ceil() as usize + 1;
        let start = first.saturating_sub(OVERSCAN).min(count);
        let end = (first + shown + OVERSCAN).min(count);
        (start, end)
    });
    let rows = Memo::new(move |_| {
        let (start, end) = window.get();
        filtered.with(|f| {
            state.workspace.with(|w| {
                f[start..end]
                    .iter()
                    .filter_map(|&i| w.stories().get(i))
                    .map(|s| RowData {
                        story: (**s).clone(),
                        key: w.story_key(s),
                        team_key: w
                            .team(s.team)
                            .map(|t| t.key.to_string())
                            .unwrap_or_default(),
                        sentence: s.sentence(),
                        waiting: w.waiting_on(s).iter().map(|d| w.story_key(d)).collect(),
                        notices: story_lints(s).len(),
                    })
                    .collect::<KeyedRows<_>>()
            })
        })
    });
    // The rows follow only which stories are in the window; each row
    // follows its own data.
    let ids = Memo::new(move |_| rows.with(KeyedRows::ids));
    let cells = RowCells::new(rows, |rows: &KeyedRows<RowData>| rows);

    let shown_text = move || {
        let shown = filtered.with(Vec::len);
        let all = total.get();
        if query.with(|q| filter_query(q).is_empty()) {
            String::new()
        } else if shown == 0 {
            format!("No story matches “{}”.", query.get().trim())
        } else {
            format!("Showing {shown} of {all} stories.")
        }
    };

    view! {
        <p class="filter-result" aria-live="polite">{shown_text}</p>
        <div class="story-columns" aria-hidden="true">
            <span></span>
            <span>"Key"</span>
            <span>"Title"</span>
            <span>"Kind"</span>
            <span>"Status"</span>
            <span>"Points"</span>
            <span></span>
        </div>
        <div
            class="story-scroll"
            node_ref=container
            on:scroll=move |_| {
                if let Some(el) = container.get_untracked() {
                    scroll_top.set(el.scroll_top() as f64);
                }
            }
        >
            <Show when=move || total.get() == 0>
                <p class="empty">"No stories yet. Type a title above and press Enter."</p>
            </Show>
            <div
                class="story-spacer"
                style=move || format!("height:{}px", filtered.with(Vec::len) as f64 * row_height.get())
            >
                <div
                    class="story-rows"
                    role="list"
                    aria-label="Stories"
                    style=move || format!("transform:translateY({}px)", window.get().0 as f64 * row_height.get())
                >
                    <For
                        each=move || ids.get()
                        key=|id| *id
                        children=move |id| view! { <StoryRow id=id data=cells.cell(id) /> }
                    />
                </div>
            </div>
        </div>
    }
}

/// The `--row-height` the style sheet gives the list (`60px`), or the
/// default when it is missing or not in pixels.
fn css_row_height(list: &web_sys::HtmlDivElement) -> f64 {
    web_sys::window()
        .and_then(|w| w.get_computed_style(list).ok().flatten())
        .and_then(|style| style.get_property_value("--row-height").ok())
        .and_then(|value| value.trim().strip_suffix("px")?.trim().parse::<f64>().ok())
        .filter(|h| h.is_finite() && *h >= 20.0)
        .unwrap_or(DEFAULT_ROW_HEIGHT)
}
