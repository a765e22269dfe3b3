//! Lists of story rows keyed by story id. A list follows only which stories
//! it holds and in what order; each row follows its own data, a signal set
//! only when that story's row changes ([`RowCells`]), so an edit of one
//! story updates that row in place and the other rows do nothing. (Keying a
//! list on a row's whole content instead would re-create an edited row's
//! element, losing its focus and state.)

use crate::domain::StoryId;
use leptos::prelude::*;
use std::collections::HashMap;

/// A row type that belongs to one story.
pub trait ForStory {
    /// The story the row shows.
    fn story_id(&self) -> StoryId;
}

/// A list's rows in order, with each story's place among them.
#[derive(Clone, Debug)]
pub struct KeyedRows<R> {
    rows: Vec<R>,
    at: HashMap<StoryId, usize>,
}

impl<R> Default for KeyedRows<R> {
    fn default() -> Self {
        KeyedRows {
            rows: Vec::new(),
            at: HashMap::new(),
        }
    }
}

// `at` follows from `rows`: comparing it as well would only cost time.
impl<R: PartialEq> PartialEq for KeyedRows<R> {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
    }
}

impl<R: ForStory> FromIterator<R> for KeyedRows<R> {
    fn from_iter<I: IntoIterator<Item = R>>(rows: I) -> Self {
        let rows: Vec<R> = rows.into_iter().collect();
        let at = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.story_id(), i))
            .collect();
        KeyedRows { rows, at }
    }
}

impl<R: ForStory> KeyedRows<R> {
    /// The stories listed, in order: what a `<For>` over the list is keyed on.
    pub fn ids(&self) -> Vec<StoryId> {
        self.rows.iter().map(ForStory::story_id).collect()
    }

    /// The row of a story, if listed.
    pub fn get(&self, id: StoryId) -> Option<&R> {
        self.at.get(&id).and_then(|&i| self.rows.get(i))
    }

    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Each listed story's row data as a signal of its own. When the list
/// changes, one effect compares each row with what its signal holds and
/// sets only the rows that differ: an edit of one story wakes one row,
/// and the other rows cost a comparison in Rust rather than a reactive
/// update each (a memo per row re-ran for every row after every change).
pub struct RowCells<L: Send + Sync + 'static, R: Send + Sync + 'static> {
    list: Memo<L>,
    rows: fn(&L) -> &KeyedRows<R>,
    cells: StoredValue<HashMap<StoryId, ArcRwSignal<Option<R>>>>,
}

impl<L: Send + Sync + 'static, R: Send + Sync + 'static> Clone for RowCells<L, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L: Send + Sync + 'static, R: Send + Sync + 'static> Copy for RowCells<L, R> {}

impl<L, R> RowCells<L, R>
where
    L: PartialEq + Send + Sync + 'static,
    R: Clone + PartialEq + ForStory + Send + Sync + 'static,
{
    /// Cells fed by `list`, whose rows `rows` reads. A story that left the
    /// list keeps its last data: its row is about to be dropped, and
    /// blanking it first would only be wasted work on the page.
    pub fn new(list: Memo<L>, rows: fn(&L) -> &KeyedRows<R>) -> Self {
        let cells = StoredValue::new(HashMap::<StoryId, ArcRwSignal<Option<R>>>::new());
        Effect::new(move |_| {
            let changed = list.with(|l| {
                let listed = rows(l);
                let mut changed = Vec::new();
                cells.update_value(|cells| {
                    cells.retain(|id, cell| match listed.get(*id) {
                        Some(row) => {
                            if cell.with_untracked(|now| now.as_ref() != Some(row)) {
                                changed.push((cell.clone(), row.clone()));
                            }
                            true
                        }
                        None => false,
                    });
                });
                changed
            });
            // Set outside the map's lock: a row woken here may ask for a cell.
            for (cell, row) in changed {
                cell.set(Some(row));
            }
        });
        RowCells { list, rows, cells }
    }

    /// The data of a listed story's row, from the list as it is now, then
    /// following its changes.
    pub fn cell(&self, id: StoryId) -> ReadSignal<Option<R>> {
        let rows = self.rows;
        let now = self.list.with_untracked(|l| rows(l).get(id).cloned());
        let cell = self.cells.with_value(|cells| cells.get(&id).cloned());
        let cell = match cell {
            Some(cell) => {
                if now.is_some() && cell.with_untracked(|c| *c != now) {
                    cell.set(now);
                }
                cell
            }
            None => {
                let cell = ArcRwSignal::new(now);
                self.cells
                    .update_value(|cells| _ = cells.insert(id, cell.clone()));
                cell
            }
        };
        RwSignal::from(cell).read_only()
    }
}

/// A value read from a row's data, the type's default until it has data.
pub fn field<R, T>(
    row: ReadSignal<Option<R>>,
    f: impl Fn(&R) -> T + Copy + Send + Sync + 'static,
) -> impl Fn() -> T + Copy + Send + Sync + 'static
where
    R: Send + Sync + 'static,
    T: Default,
{
    move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
}
