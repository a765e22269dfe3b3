//! Lists of story rows keyed by story id. A list follows only which stories
//! it holds and in what order; each row follows its own data, found by id
//! in O(1), so an edit of one story updates that row in place and the other
//! rows do nothing. (Keying a list on a row's whole content instead would
//! re-create an edited row's element, losing its focus and state.)

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

/// One row's data, as `find` reads it from its list (tracked). A story that
/// left the list keeps its last data: its row is about to be dropped, and
/// blanking it first would only be wasted work on the page.
pub fn follow<R>(find: impl Fn() -> Option<R> + Send + Sync + 'static) -> Memo<Option<R>>
where
    R: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |last: Option<&Option<R>>| find().or_else(|| last.cloned().flatten()))
}

/// A value read from a row's data, the type's default until it has data.
pub fn field<R, T>(
    row: Memo<Option<R>>,
    f: impl Fn(&R) -> T + Copy + Send + Sync + 'static,
) -> impl Fn() -> T + Copy + Send + Sync + 'static
where
    R: Send + Sync + 'static,
    T: Default,
{
    move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
}
