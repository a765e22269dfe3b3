//! The same workspace open in several tabs.
//!
//! Each tab remembers the stored workspace its state is based on and the
//! last few stored versions it has seen. Another tab's write arrives as a
//! `storage` event and is merged in at once ([`crate::domain::merge`]),
//! against the version that write was based on. Before every write the tab
//! checks the stored stamp, so it never writes its whole workspace over a
//! newer one it has not merged.

use super::encoder::Encoder;
use super::local::{self, Replaced, SaveError, Stamp};
use crate::domain::merge::{merge, same};
use crate::domain::{StoryId, Workspace};
use chrono::{DateTime, Utc};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// How many stored versions a tab remembers (copies are cheap: stories are shared).
const KNOWN: usize = 8;

/// Runs of stories packed per step ahead of a save: a few milliseconds.
const PREPARE_RUNS: usize = 6;

/// One tab's view of the stored workspace.
pub struct Tab {
    id: String,
    /// The stored version this tab's state is based on ([`Stamp::id`]).
    current: RefCell<String>,
    /// Stored versions seen lately, oldest first; holds `current`.
    known: RefCell<VecDeque<(String, Workspace)>>,
    /// The highest revision seen.
    revision: Cell<u64>,
    /// Other tabs' edits a merge here replaced, told with the next write.
    owed: RefCell<Vec<Replaced>>,
    /// The text of the last write, until it is broadcast.
    written: RefCell<Option<String>>,
    /// Keeps what was packed for the last write, to pack the next faster.
    encoder: RefCell<Encoder>,
}

/// What another tab's write means here.
#[derive(Debug)]
pub struct Received {
    /// This tab's new state: the other tab's workspace with our unsaved
    /// edits laid over it.
    pub workspace: Workspace,
    /// Stories whose edit in this tab lost to a later one, as `IOS-3 “Title”`.
    pub replaced_here: Vec<String>,
}

impl Tab {
    /// A tab whose state is `base`, stored with `stamp`.
    pub fn new(base: Workspace, stamp: &Stamp) -> Tab {
        Tab {
            id: uuid::Uuid::new_v4().to_string(),
            current: RefCell::new(stamp.id()),
            known: RefCell::new(VecDeque::from([(stamp.id(), base)])),
            revision: Cell::new(stamp.revision),
            owed: RefCell::new(Vec::new()),
            written: RefCell::new(None),
            encoder: RefCell::new(Encoder::default()),
        }
    }

    fn known(&self, id: &str) -> Option<Workspace> {
        self.known
            .borrow()
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, w)| w.clone())
    }

    fn remember(&self, id: String, workspace: Workspace) {
        let mut known = self.known.borrow_mut();
        known.retain(|(k, _)| *k != id);
        known.push_back((id.clone(), workspace));
        while known.len() > KNOWN {
            known.pop_front();
        }
        *self.current.borrow_mut() = id;
    }

    fn base(&self) -> Option<Workspace> {
        self.known(&self.current.borrow())
    }

    /// Whether `ours` holds edits not yet stored.
    pub fn has_unsaved(&self, ours: &Workspace) -> bool {
        self.base().is_none_or(|base| !same(ours, &base))
    }

    /// Takes in stored text another tab wrote. `None` when it is nothing new
    /// (or unreadable: a newer build's data is never merged from here, and
    /// the next save refuses to overwrite it).
    pub fn receive(&self, text: &str, ours: &Workspace) -> Option<Received> {
        let (theirs, stamp) = local::parse_stored(text).ok()?;
        if self.known(&stamp.id()).is_some() {
            return None;
        }
        Some(self.take_in(theirs, stamp, ours))
    }

    fn take_in(&self, theirs: Workspace, stamp: Stamp, ours: &Workspace) -> Received {
        // The version their write started from is the right ancestor; when
        // it is unknown here, our own base is the best guess.
        let base = self
            .known(&stamp.parent)
            .or_else(|| self.base())
            .unwrap_or_else(|| theirs.clone());
        let merged = merge(&base, ours, &theirs);
        let mut replaced_here: Vec<StoryId> = merged.ours_replaced.clone();
        replaced_here.extend(
            stamp
                .replaced
                .iter()
                .filter(|r| r.tab == self.id)
                .map(|r| r.story),
        );
        self.owed
            .borrow_mut()
            .extend(merged.theirs_replaced.iter().map(|story| Replaced {
                tab: stamp.tab.clone(),
                story: *story,
            }));
        let ws = &merged.workspace;
        let names = replaced_here
            .iter()
            .filter_map(|id| ws.story(*id))
            .map(|s| format!("{} “{}”", ws.story_key(s), s.title))
            .collect();
        self.revision.set(self.revision.get().max(stamp.revision));
        self.remember(stamp.id(), theirs);
        Received {
            workspace: merged.workspace,
            replaced_here: names,
        }
    }

    /// Stores `ours`. When another tab stored a newer workspace in the
    /// meantime, it is merged first and the merge is what gets stored (and
    /// returned, for this tab to show).
    pub fn save(
        &self,
        ours: &Workspace,
        now: DateTime<Utc>,
    ) -> (Result<(), SaveError>, Option<Received>) {
        let stored = match local::stored_stamp() {
            Ok(stamp) => stamp,
            Err(e) => return (Err(e), None),
        };
        let mut received = None;
        if let Some(stamp) = stored.filter(|s| s.id() != *self.current.borrow()) {
            let text = local::read_text(local::WORKSPACE_KEY).ok().flatten();
            let Some(Ok((theirs, stamp))) = text.as_deref().map(local::parse_stored) else {
                return (
                    Err(SaveError::Other(format!(
                        "another tab stored a workspace this version can't read (write {})",
                        stamp.revision
                    ))),
                    None,
                );
            };
            received = Some(self.take_in(theirs, stamp, ours));
        }
        let to_store = received.as_ref().map_or(ours, |r| &r.workspace);
        if !self.has_unsaved(to_store) {
            return (Ok(()), received);
        }
        let stamp = Stamp {
            revision: self.revision.get() + 1,
            tab: self.id.clone(),
            parent: self.current.borrow().clone(),
            replaced: self.owed.borrow().clone(),
        };
        let result = local::save_stamped(to_store, now, &stamp, &mut self.encoder.borrow_mut());
        if let Ok(text) = &result {
            self.revision.set(stamp.revision);
            self.remember(stamp.id(), to_store.clone());
            self.owed.borrow_mut().clear();
            *self.written.borrow_mut() = Some(text.clone());
        }
        (result.map(|_| ()), received)
    }

    /// Does a little of the packing the next save needs ahead of time (see
    /// [`Encoder::prepare`]); returns whether nothing is left to do.
    pub fn prepare_save(&self, ours: &Workspace) -> bool {
        self.encoder.borrow_mut().prepare(ours, PREPARE_RUNS)
    }

    /// The text of the last write, once (to tell other tabs at once).
    pub fn take_written(&self) -> Option<String> {
        self.written.borrow_mut().take()
    }
}
