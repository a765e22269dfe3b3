//! The same workspace open in several tabs: each tab stores its own state.
//!
//! Tabs pass each other their changes as document updates (`ui::shared`,
//! over a `BroadcastChannel`), so every tab holds the same workspace and
//! each store is of that. Before every write the tab checks the stored
//! stamp: another tab's write is simply written over (it holds nothing
//! this tab has not been sent), unless it is one this version can't read
//! (a newer Tandem's), which is never written over.

use super::encoder::Encoder;
use super::local::{self, SaveError, Stamp};
use crate::domain::Workspace;
use chrono::{DateTime, Utc};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;

/// Runs of stories packed per step ahead of a save: a few milliseconds.
const PREPARE_RUNS: usize = 6;

/// One tab's view of the stored workspace.
pub struct Tab {
    id: String,
    /// The stored version this tab wrote or loaded last ([`Stamp::id`]).
    current: RefCell<String>,
    /// What that version holds.
    stored: RefCell<Workspace>,
    /// The highest revision seen.
    revision: Cell<u64>,
    /// Tabs ([`Stamp::tab`]) whose store this version has read: a tab's
    /// build does not change while it is open, so each is read once, not
    /// at every save (a whole workspace to unpack and check).
    readable: RefCell<HashSet<String>>,
    /// Keeps what was packed for the last write, to pack the next faster.
    encoder: RefCell<Encoder>,
}

impl Tab {
    /// A tab whose state is `base`, stored with `stamp`.
    pub fn new(base: Workspace, stamp: &Stamp) -> Tab {
        Tab {
            id: uuid::Uuid::new_v4().to_string(),
            current: RefCell::new(stamp.id()),
            stored: RefCell::new(base),
            revision: Cell::new(stamp.revision),
            readable: RefCell::new(HashSet::new()),
            encoder: RefCell::new(Encoder::default()),
        }
    }

    /// The stored version this tab wrote or loaded last ([`Stamp::id`]).
    pub fn current(&self) -> String {
        self.current.borrow().clone()
    }

    /// Whether `ours` holds edits this tab has not stored.
    pub fn has_unsaved(&self, ours: &Workspace) -> bool {
        !ours.same_as(&self.stored.borrow())
    }

    /// Stores `ours`, unless the stored workspace is another tab's that
    /// this version can't read.
    pub fn save(&self, ours: &Workspace, now: DateTime<Utc>) -> Result<(), SaveError> {
        let stored = local::stored_stamp()?;
        // An empty store is written even with nothing changed: a workspace
        // started empty is the same as none, and must still be kept.
        let nothing_stored = stored.is_none();
        if let Some(stamp) = stored.filter(|s| s.id() != *self.current.borrow()) {
            if !self.readable.borrow().contains(&stamp.tab) {
                let text = local::read_text(local::WORKSPACE_KEY).ok().flatten();
                if text
                    .as_deref()
                    .is_none_or(|t| local::parse_stored(t).is_err())
                {
                    return Err(SaveError::Other(format!(
                        "another tab stored a workspace this version can't read (write {})",
                        stamp.revision
                    )));
                }
                self.readable.borrow_mut().insert(stamp.tab.clone());
            }
            self.revision.set(self.revision.get().max(stamp.revision));
        } else if !nothing_stored && !self.has_unsaved(ours) {
            return Ok(());
        }
        let stamp = Stamp {
            revision: self.revision.get() + 1,
            tab: self.id.clone(),
            parent: self.current.borrow().clone(),
            replaced: Vec::new(),
        };
        local::save_stamped(ours, now, &stamp, &mut self.encoder.borrow_mut())?;
        self.revision.set(stamp.revision);
        *self.current.borrow_mut() = stamp.id();
        *self.stored.borrow_mut() = ours.clone();
        Ok(())
    }

    /// Does a little of the packing the next save needs ahead of time (see
    /// [`Encoder::prepare`]); returns whether nothing is left to do.
    pub fn prepare_save(&self, ours: &Workspace) -> bool {
        self.encoder.borrow_mut().prepare(ours, PREPARE_RUNS)
    }
}
