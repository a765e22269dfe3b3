//! The workspace as a Yjs document, so one workspace can be shared between
//! devices and merged without losing anyone's typing.
//!
//! The document mirrors the exchange format (`domain::schema`), list by
//! list, so every field the format has is shared without code of its own,
//! and the JSON that comes out is the format's exactly:
//!
//! - one root map per list (`teams`, `stories`, …: [`LISTS`]), record key
//!   (its `id`; a sprint's `number`; a team deck's `team`) → a map of the
//!   record's fields;
//! - root map `meta` for the format's single fields ([`META`]);
//! - each field holds its JSON text and is replaced whole when it changes
//!   (a nested value such as a story's `text` is one field), except the
//!   fields people type into ([`TEXT_FIELDS`]), which are `Y.Text`: two
//!   people typing in one title both keep their letters;
//! - `_order`, a record's position in its list: a number between its
//!   neighbours'. A move writes only the moved records' positions, so two
//!   devices reordering at once never lose or duplicate a story; where they
//!   move the same one, one position wins.
//! - what a merge can leave that the rules refuse (two `IOS-12`; a title
//!   two people typed into, with a space at its end; a dependency on a
//!   story deleted elsewhere; a cycle of two devices' dependencies) is
//!   settled on reading (`domain::settle`), the same way on every device,
//!   and the story renumbered is named. A team deleted on one device while
//!   a story of it was edited on another stands again, with the story.
//! - `_rev` and `_deleted`: every write to a record sets a new `_rev`; a
//!   delete sets `_deleted` to the `_rev` it saw. A record is gone only if
//!   nobody wrote to it since: an edit made at the same time as a delete
//!   keeps the record, as an edit beats a delete in Tandem's own merge.
//!
//! A write sends only what this device changed since it last wrote or read
//! (stories are compared by pointer, so an edit costs its story); Undo and
//! Redo take back this device's own transactions only (yrs's undo manager,
//! which skips what arrived from elsewhere); the document is packed for the
//! browser's storage like the workspace (`storage::codec`).
//!
//! What the document holds is untrusted (any device can write anything):
//! it becomes a workspace only through the import's checks
//! ([`WorkspaceDoc::workspace`]), and a record those checks refuse is set
//! aside, named, while the rest is kept.

use crate::domain::Workspace;
use crate::domain::limits::MAX_IMPORT_BYTES;
use crate::domain::schema;
use crate::domain::settle::{Renumbered, settle, settle_texts};
use crate::domain::story::Story;
use crate::domain::validation::ImportError;
use crate::storage::codec;
use crate::storage::live::peer::SyncedDoc;
use chrono::{DateTime, Utc};
use serde_json::{Map as JsonMap, Value};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use yrs::types::text::TextPrelim;
use yrs::types::{DeepObservable, Event, PathSegment};
use yrs::undo::{Options as UndoOptions, UndoManager};
use yrs::updates::decoder::Decode;
use yrs::{
    Any, Doc, GetString, Map, MapPrelim, MapRef, OffsetKind, Options, Out, ReadTxn, Text, TextRef,
    Transact, TransactionMut, Update,
};

/// A list of the exchange format, and the field its records are keyed by.
#[derive(Clone, Copy, Debug)]
pub struct List {
    pub name: &'static str,
    pub key: &'static str,
}

/// The format's lists, in the format's order.
pub const LISTS: [List; 9] = [
    List {
        name: "teams",
        key: "id",
    },
    List {
        name: "epics",
        key: "id",
    },
    List {
        name: "constraints",
        key: "id",
    },
    List {
        name: "members",
        key: "id",
    },
    List {
        name: "sprints",
        key: "number",
    },
    List {
        name: "custom_decks",
        key: "id",
    },
    List {
        name: "team_decks",
        key: "team",
    },
    List {
        name: "poker_sessions",
        key: "id",
    },
    List {
        name: "releases",
        key: "id",
    },
];

/// The stories, the list that matters most, kept apart for the order of
/// the format (stories come last).
pub const STORIES: List = List {
    name: "stories",
    key: "id",
};

/// The format's single fields, kept in the root map `meta`.
pub const META: [&str; 2] = ["next_epic_number", "cadence"];

/// Fields people type into: merged letter by letter (what a merge leaves
/// is settled by `domain::settle`). Other text fields are replaced whole.
pub const TEXT_FIELDS: [&str; 2] = ["title", "description"];

/// A v1 update with no items and no deletions.
const EMPTY_UPDATE: [u8; 2] = [0, 0];

const ORDER: &str = "_order";
const REV: &str = "_rev";
const DELETED: &str = "_deleted";

/// Why a document could not be read or written.
#[derive(Debug, Clone, PartialEq)]
pub enum DocError {
    /// An update from elsewhere that isn't a Yjs update.
    BadUpdate(String),
    /// The workspace could not be written as JSON (never expected).
    Json(String),
    /// Even without the records set aside, the workspace isn't valid.
    Invalid(ImportError),
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocError::BadUpdate(why) => {
                write!(f, "A change from another device could not be read ({why}).")
            }
            DocError::Json(why) => write!(f, "The workspace could not be written ({why})."),
            DocError::Invalid(e) => write!(f, "The shared workspace is not valid: {e}"),
        }
    }
}

/// A record the document holds but the workspace can't take, left out of
/// what is shown (and kept in the document, for whoever can mend it).
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// Its list (`stories`).
    pub list: &'static str,
    /// Its key (a story's id).
    pub key: String,
    /// What is wrong, as the import says it.
    pub problem: String,
}

/// The workspace read out of the document.
#[derive(Debug, Clone)]
pub struct Materialised {
    pub workspace: Workspace,
    /// Records left out, with why; empty when all is well.
    pub set_aside: Vec<SetAside>,
    /// Stories and epics given a new number, as two devices added some at
    /// once (until this device writes the workspace back).
    pub renumbered: Vec<Renumbered>,
}

/// A workspace's Yjs document and its root maps.
#[derive(Clone)]
pub struct WorkspaceDoc {
    doc: Doc,
    meta: MapRef,
    /// One per list of [`LISTS`], then the stories.
    lists: Vec<(List, MapRef)>,
    /// Records set aside when last read: the workspace lacks them, but a
    /// write must not take that for a deletion.
    set_aside: Rc<RefCell<Vec<SetAside>>>,
    /// The workspace this device last wrote or read here: a write sends
    /// only what differs from it.
    base: Rc<RefCell<Option<Base>>>,
    /// This device's own changes, for Undo and Redo: yrs's undo manager
    /// tracks the transactions without an origin (ours) and skips those
    /// applying what came from elsewhere ([`REMOTE`]), so an undo never
    /// takes back someone else's edit.
    history: Rc<RefCell<UndoManager<()>>>,
    /// What changed in the document since the workspace was last read or
    /// written here, so a read after a small change costs the change.
    touched: Rc<RefCell<Touched>>,
}

/// What changed in the document since it was last read or written here.
#[derive(Debug, Default)]
struct Touched {
    /// The stories whose record changed (a field, its position, added or
    /// deleted), by key.
    stories: HashSet<String>,
    /// Anything else changed (another list, `meta`, a story record in a
    /// shape no device writes), or too many stories to read one by one.
    rest: bool,
}

/// More changed stories than this are read with everything else (a whole
/// workspace arriving): one by one they would cost more.
const MANY_TOUCHED: usize = 256;

impl Touched {
    fn note(&mut self, txn: &TransactionMut, events: &yrs::types::Events) {
        for event in events.iter() {
            if self.rest {
                return;
            }
            match (event.path().front(), event) {
                // A change inside a record (a field; the letters of a title).
                (Some(PathSegment::Key(key)), _) => {
                    self.stories.insert(key.to_string());
                }
                // Records added, replaced or removed.
                (None, Event::Map(map)) => {
                    self.stories
                        .extend(map.keys(txn).keys().map(|key| key.to_string()));
                }
                _ => self.rest = true,
            }
            if self.stories.len() > MANY_TOUCHED {
                self.rest = true;
            }
        }
    }
}

/// Changes made within this long of each other are undone as one step
/// (typing a word), unless [`WorkspaceDoc::end_step`] ends the step.
const UNDO_STEP_MS: u64 = 500;

fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }
}

/// A workspace as this device last knew the document to hold it.
struct Base {
    /// Its stories are compared by pointer: an unchanged story is the
    /// same `Arc`, so an edit costs its story, not all 10,000.
    workspace: Workspace,
    /// Everything but the stories, as the format writes it.
    rest: Value,
}

impl Default for WorkspaceDoc {
    fn default() -> Self {
        WorkspaceDoc::new()
    }
}

/// Text offsets count UTF-16 units, as Yjs in JavaScript does.
fn options() -> Options {
    Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::default()
    }
}

fn all_lists() -> impl Iterator<Item = List> {
    LISTS.into_iter().chain(std::iter::once(STORIES))
}

impl WorkspaceDoc {
    /// An empty document (a new device, before the first sync).
    pub fn new() -> WorkspaceDoc {
        WorkspaceDoc::with_doc(Doc::with_options(options()))
    }

    /// An empty document whose own changes carry `client_id` (tests give
    /// each replica its own).
    pub fn with_client_id(client_id: u64) -> WorkspaceDoc {
        WorkspaceDoc::with_doc(Doc::with_options(Options {
            client_id: yrs::block::ClientID::new(client_id),
            ..options()
        }))
    }

    fn with_doc(doc: Doc) -> WorkspaceDoc {
        // Root types are looked up once, here: yrs must not open them
        // while a transaction is under way.
        let meta = doc.get_or_insert_map("meta");
        let lists: Vec<(List, MapRef)> = all_lists()
            .map(|list| (list, doc.get_or_insert_map(list.name)))
            .collect();
        let mut history = UndoManager::with_options(UndoOptions {
            capture_timeout_millis: UNDO_STEP_MS,
            tracked_origins: Default::default(),
            capture_transaction: None,
            timestamp: std::sync::Arc::new(now_ms),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        });
        history.expand_scope(&doc, &meta);
        for (_, map) in &lists {
            history.expand_scope(&doc, map);
        }
        // The observers only note keys: yrs must not open a transaction
        // inside one.
        let touched: Rc<RefCell<Touched>> = Default::default();
        for (list, map) in &lists {
            let touched = touched.clone();
            if list.name == STORIES.name {
                map.observe_deep("touched", move |txn, events| {
                    touched.borrow_mut().note(txn, events)
                });
            } else {
                map.observe_deep("touched", move |_, _| touched.borrow_mut().rest = true);
            }
        }
        {
            let touched = touched.clone();
            meta.observe_deep("touched", move |_, _| touched.borrow_mut().rest = true);
        }
        WorkspaceDoc {
            doc,
            meta,
            lists,
            set_aside: Default::default(),
            base: Default::default(),
            history: Rc::new(RefCell::new(history)),
            touched,
        }
    }

    /// The underlying document (for a protocol peer).
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// Everything the document holds, as one update (for storage, or a
    /// device that has nothing yet).
    pub fn state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&yrs::StateVector::default())
    }

    /// The document packed for this browser's storage (a Yjs update,
    /// deflated; see `storage::codec`), so a reload, offline too, has it
    /// whole and offline edits merge on reconnect. Updates still waiting
    /// for an earlier one are left out: yrs 0.28 writes them so that they
    /// read back into the wrong record, and they are not in the document's
    /// state vector, so the sync server sends them again on reconnect.
    pub fn packed(&self) -> String {
        let state = self
            .doc
            .transact()
            .encode_diff_v1(&yrs::StateVector::default());
        codec::pack_bytes(&state)
    }

    /// A document from what [`WorkspaceDoc::packed`] stored.
    pub fn unpacked(stored: &str) -> Result<WorkspaceDoc, DocError> {
        let state = codec::unpack_bytes(stored).map_err(|e| DocError::BadUpdate(e.to_string()))?;
        // Stored by an earlier Tandem in Yjs's v2 format, which starts with
        // a zero (v1 starts with its number of clients: zero only for an
        // empty document, `[0, 0]`). yrs 0.28 writes some states in v2
        // that it then cannot read (the property test finds them), so v1
        // is stored now.
        let update = match state.first() {
            Some(0) if state.len() > EMPTY_UPDATE.len() => Update::decode_v2(&state),
            _ => Update::decode_v1(&state),
        }
        .map_err(|e| DocError::BadUpdate(e.to_string()))?;
        let doc = WorkspaceDoc::new();
        doc.doc
            .transact_mut_with(REMOTE)
            .apply_update(update)
            .map_err(|e| DocError::BadUpdate(e.to_string()))?;
        Ok(doc)
    }

    /// Applies an update from elsewhere (another device, another tab, the
    /// stored state). A malformed one is refused whole.
    pub fn apply(&self, update: &[u8]) -> Result<(), DocError> {
        let update = Update::decode_v1(update).map_err(|e| DocError::BadUpdate(e.to_string()))?;
        self.doc
            .transact_mut_with(REMOTE)
            .apply_update(update)
            .map_err(|e| DocError::BadUpdate(e.to_string()))
    }

    /// Writes what this device changed: the difference between
    /// `workspace` and the workspace it last wrote or read here (a field, a
    /// position, a deletion), in one transaction, so a change that arrived
    /// from elsewhere meanwhile is not undone. The first write (nothing
    /// known yet) makes the document hold `workspace` as a whole. Returns
    /// the transaction's update, to send; empty when nothing changed.
    pub fn write(&self, workspace: &Workspace) -> Result<Vec<u8>, DocError> {
        let rest = rest_of(workspace)?;
        let base = self.base.borrow_mut().take();
        let set_aside = self.set_aside.borrow().clone();
        let unread = self.touched.take();
        let mut txn = self.doc.transact_mut();
        let rev = {
            let clock = txn.state_vector().get(&self.doc.client_id());
            Value::from(format!("{}.{clock}", self.doc.client_id())).to_string()
        };
        for field in META {
            let now = rest.get(field).cloned().unwrap_or(Value::Null);
            let before = base
                .as_ref()
                .map(|b| b.rest.get(field).cloned().unwrap_or(Value::Null));
            if before.as_ref() != Some(&now) {
                write_field(&self.meta, &mut txn, field, before.as_ref(), &now);
            }
        }
        for (list, map) in &self.lists {
            let kept: Vec<&str> = set_aside
                .iter()
                .filter(|s| s.list == list.name)
                .map(|s| s.key.as_str())
                .collect();
            let change = if list.name == STORIES.name {
                story_change(base.as_ref().map(|b| &b.workspace), workspace)?
            } else {
                list_change(*list, base.as_ref().map(|b| &b.rest), &rest)
            };
            write_list(map, &mut txn, change, &kept, &rev);
        }
        // Nothing changed (no new items, nothing deleted): nothing to send.
        let mut update = txn.encode_update_v1();
        if update == EMPTY_UPDATE {
            update.clear();
        }
        drop(txn);
        // What this write touched, the workspace shows already; what came
        // from elsewhere since the last read, it may not (a page writes
        // from its own view), and is read next time.
        self.touched.replace(unread);
        self.base.replace(Some(Base {
            workspace: workspace.clone(),
            rest,
        }));
        Ok(update)
    }

    /// Takes `workspace` as what this device last knew the document to
    /// hold, writing nothing: the next write sends only what changed since
    /// (a tab's own changes, made while another tab's document was on its
    /// way).
    pub fn assume(&self, workspace: &Workspace) -> Result<(), DocError> {
        self.base.replace(Some(Base {
            workspace: workspace.clone(),
            rest: rest_of(workspace)?,
        }));
        Ok(())
    }

    /// Ends the current undo step: the next change is undone on its own.
    pub fn end_step(&self) {
        self.history.borrow_mut().reset();
    }

    /// Forgets this device's undo steps (after the workspace was first
    /// put in, which is nothing to undo).
    pub fn forget_steps(&self) {
        self.history.borrow_mut().clear_all();
    }

    /// Whether there is a change of this device's to undo, or to redo.
    pub fn can_undo(&self) -> bool {
        self.history.borrow().can_undo()
    }

    /// See [`WorkspaceDoc::can_undo`].
    pub fn can_redo(&self) -> bool {
        self.history.borrow().can_redo()
    }

    /// Undoes this device's last step (someone else's edits stay); the
    /// update to send, `None` when there was nothing to undo. Read the
    /// workspace again afterwards.
    pub fn undo(&self) -> Option<Vec<u8>> {
        self.step(true)
    }

    /// Redoes the last undone step; see [`WorkspaceDoc::undo`].
    pub fn redo(&self) -> Option<Vec<u8>> {
        self.step(false)
    }

    fn step(&self, back: bool) -> Option<Vec<u8>> {
        let before = self.doc.transact().state_vector();
        let done = {
            let mut history = self.history.borrow_mut();
            if back {
                history.undo_blocking()
            } else {
                history.redo_blocking()
            }
        };
        if !done {
            return None;
        }
        // What this device knew is no longer what the document holds.
        self.base.replace(None);
        Some(self.doc.transact().encode_diff_v1(&before))
    }

    /// The export file the document holds (the format's JSON, every record
    /// as written, none checked yet).
    pub fn file(&self) -> Value {
        let txn = self.doc.transact();
        let mut top = JsonMap::new();
        top.insert("format".into(), Value::from(schema::FORMAT));
        top.insert(
            "schema_version".into(),
            Value::from(schema::CURRENT_VERSION),
        );
        top.insert("exported_at".into(), Value::from("1970-01-01T00:00:00Z"));
        for field in META {
            if let Some(value) = read_field(&self.meta, &txn, field) {
                top.insert(field.into(), value);
            }
        }
        // An edit beats a delete: a team deleted on one device while a
        // story of it was edited on another stands again, with the story.
        let (_, stories) = &self.lists[self.lists.len() - 1];
        let stories = read_list(stories, &txn, &HashSet::new());
        let teams: HashSet<String> = stories
            .iter()
            .filter_map(|s| s.get("team").and_then(Value::as_str).map(str::to_string))
            .collect();
        let none = HashSet::new();
        for (list, map) in &self.lists[..self.lists.len() - 1] {
            let revive = if list.name == "teams" { &teams } else { &none };
            top.insert(list.name.into(), Value::Array(read_list(map, &txn, revive)));
        }
        top.insert(STORIES.name.into(), Value::Array(stories));
        Value::Object(top)
    }

    /// The workspace the document holds, through the import's checks. A
    /// record they refuse is set aside (named in the result) and the rest
    /// read again, so one bad record costs only itself.
    pub fn workspace(&self) -> Result<Materialised, DocError> {
        let touched = self.touched.take();
        if let Some(read) = self.read_touched(&touched) {
            return Ok(read);
        }
        self.read_all()
    }

    /// The workspace last read or written here with the stories that
    /// changed since read again, when only stories changed and each is
    /// valid as it stands (else `None`: read the whole). What it gives is
    /// what [`WorkspaceDoc::read_all`] would: a changed story that needs
    /// settling, or breaks a rule, sends the read to the whole, which
    /// settles it or sets it aside.
    fn read_touched(&self, touched: &Touched) -> Option<Materialised> {
        if touched.rest || !self.set_aside.borrow().is_empty() {
            return None;
        }
        let held = self.base.borrow();
        let base = held.as_ref()?;
        let (_, stories) = self.lists.last()?;
        let txn = self.doc.transact();
        let mut fresh: HashMap<&str, Arc<Story>> = HashMap::new();
        let mut probe = Vec::new();
        for key in &touched.stories {
            let record = match stories.get(&txn, key) {
                Some(Out::YMap(record)) if alive(&record, &txn) => record,
                _ => continue,
            };
            probe.push(record_value(&record, &txn));
        }
        let mut probe = Value::Object(JsonMap::from_iter([(
            STORIES.name.to_string(),
            Value::Array(probe),
        )]));
        if settle_texts(&mut probe) > 0 {
            return None;
        }
        let Value::Object(mut probe) = probe else {
            return None;
        };
        let Some(Value::Array(records)) = probe.remove(STORIES.name) else {
            return None;
        };
        for record in records {
            let key = record_key(&record, STORIES)?;
            let key = touched.stories.get(&key)?;
            let story: Story = serde_json::from_value(record).ok()?;
            fresh.insert(key.as_str(), Arc::new(story));
        }
        let known: HashMap<String, &Arc<Story>> = base
            .workspace
            .stories()
            .iter()
            .map(|s| (story_key(s.id), s))
            .collect();
        let mut list = Vec::with_capacity(known.len() + fresh.len());
        for (key, _, _) in standing(stories, &txn, &HashSet::new()) {
            let story = match fresh.remove(key.as_str()) {
                Some(story) => story,
                None => Arc::clone(known.get(&key)?),
            };
            list.push(story);
        }
        let workspace = base.workspace.with_stories(list).ok()?;
        let rest = base.rest.clone();
        drop(txn);
        drop(held);
        self.base.replace(Some(Base {
            workspace: workspace.clone(),
            rest,
        }));
        Some(Materialised {
            workspace,
            set_aside: Vec::new(),
            renumbered: Vec::new(),
        })
    }

    /// The workspace the document holds, every record read again; see
    /// [`WorkspaceDoc::workspace`].
    pub fn read_all(&self) -> Result<Materialised, DocError> {
        let mut file = self.file();
        let settled = settle(&mut file);
        let mut set_aside = Vec::new();
        loop {
            let text = serde_json::to_string(&file).map_err(|e| DocError::Json(e.to_string()))?;
            match schema::import_json(&text) {
                Ok(imported) => {
                    self.set_aside.replace(set_aside.clone());
                    // What was settled is not in the document yet: the
                    // next write compares with the document, and so writes
                    // it.
                    let base = match !settled.changed() {
                        true => Some(Base {
                            workspace: imported.workspace.clone(),
                            rest: rest_of(&imported.workspace)?,
                        }),
                        false => None,
                    };
                    self.base.replace(base);
                    return Ok(Materialised {
                        workspace: imported.workspace,
                        set_aside,
                        renumbered: settled.renumbered,
                    });
                }
                Err(e) => match take_record(&mut file, &e) {
                    Some((list, key)) => set_aside.push(SetAside {
                        list,
                        key,
                        problem: e.to_string(),
                    }),
                    None => return Err(DocError::Invalid(e)),
                },
            }
        }
    }
}

/// The origin of transactions that apply what came from elsewhere.
pub const REMOTE: &str = "remote";

impl SyncedDoc for WorkspaceDoc {
    /// A whole workspace at once, as a new device's first sync brings it:
    /// the document of the largest importable file, with room to spare.
    const MAX_FRAME_BYTES: usize = 2 * MAX_IMPORT_BYTES;

    fn doc(&self) -> &Doc {
        &self.doc
    }

    fn apply_remote(&self, update: &[u8]) -> Result<(), String> {
        self.apply(update).map_err(|e| e.to_string())
    }
}

/// Removes from `file` the record `error` is about, if it is about one;
/// returns its list and key.
fn take_record(file: &mut Value, error: &ImportError) -> Option<(&'static str, String)> {
    let path = error.path.as_deref()?;
    let (list, rest) = path.split_once('[')?;
    let index: usize = rest.split(']').next()?.parse().ok()?;
    let list = all_lists().find(|l| l.name == list)?;
    let records = file.get_mut(list.name)?.as_array_mut()?;
    if index >= records.len() {
        return None;
    }
    let record = records.remove(index);
    Some((list.name, record_key(&record, list).unwrap_or_default()))
}

/// A record's key as the document keys it.
fn record_key(record: &Value, list: List) -> Option<String> {
    match record.get(list.key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn is_text_field(field: &str) -> bool {
    TEXT_FIELDS.contains(&field)
}

/// The JSON value of `field` in `map`, whatever a device put there: a text
/// as its string, JSON text parsed, anything else as null.
fn read_field<T: ReadTxn>(map: &MapRef, txn: &T, field: &str) -> Option<Value> {
    match map.get(txn, field)? {
        Out::YText(text) => Some(Value::String(text.get_string(txn))),
        Out::Any(Any::String(json)) => Some(serde_json::from_str(&json).unwrap_or(Value::Null)),
        _ => Some(Value::Null),
    }
}

/// Sets `field` of `map` to `now`, unless it holds that already. A text
/// field is changed by the letters that differ: from `before` (what this
/// device last knew) when the document still holds that, so letters others
/// typed elsewhere in it stay; otherwise from what the document holds.
fn write_field(
    map: &MapRef,
    txn: &mut TransactionMut,
    field: &str,
    before: Option<&Value>,
    now: &Value,
) -> bool {
    if let (true, Value::String(new)) = (is_text_field(field), now) {
        if let Some(Out::YText(text)) = map.get(txn, field) {
            let current = text.get_string(txn);
            if current == *new {
                return false;
            }
            let from = match before {
                Some(Value::String(old)) if *old == current => old.as_str(),
                _ => current.as_str(),
            };
            splice(&text, txn, from, new);
            return true;
        }
        map.insert(txn, field, TextPrelim::new(new.as_str()));
        return true;
    }
    if read_field(map, txn, field).as_ref() == Some(now) {
        return false;
    }
    map.insert(txn, field, now.to_string());
    true
}

/// Changes `text` from `old` to `new` by deleting and inserting only the
/// middle that differs, so others' letters elsewhere in it stay.
fn splice(text: &TextRef, txn: &mut TransactionMut, old: &str, new: &str) {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let utf16 = |s: &str| s.encode_utf16().count() as u32;
    let at = utf16(&old[..prefix]);
    let removed = &old[prefix..old.len() - suffix];
    let inserted = &new[prefix..new.len() - suffix];
    if !removed.is_empty() {
        text.remove_range(txn, at, utf16(removed));
    }
    if !inserted.is_empty() {
        text.insert(txn, at, inserted);
    }
}

/// A record's position, if it has a usable one.
fn order_of<T: ReadTxn>(record: &MapRef, txn: &T) -> Option<f64> {
    read_field(record, txn, ORDER)?
        .as_f64()
        .filter(|o| o.is_finite())
}

/// Whether a record stands (written to since any delete that saw it).
fn alive<T: ReadTxn>(record: &MapRef, txn: &T) -> bool {
    match read_field(record, txn, DELETED) {
        None => true,
        Some(deleted) => read_field(record, txn, REV).unwrap_or(Value::Null) != deleted,
    }
}

/// The records standing in `map`, in order: by position, then key (two
/// devices may have given two records one position). A deleted record
/// whose key is in `revive` stands too.
fn standing<T: ReadTxn>(
    map: &MapRef,
    txn: &T,
    revive: &HashSet<String>,
) -> Vec<(String, MapRef, f64)> {
    let mut records: Vec<(String, MapRef, f64)> = map
        .iter(txn)
        .filter_map(|(key, out)| match out {
            Out::YMap(record) if alive(&record, txn) || revive.contains(key) => {
                let order = order_of(&record, txn).unwrap_or(f64::MAX);
                Some((key.to_string(), record, order))
            }
            _ => None,
        })
        .collect();
    records.sort_by(|a, b| a.2.total_cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    records
}

/// A list's records as the format writes them, in order (with those of
/// `revive`, deleted or not).
fn read_list<T: ReadTxn>(map: &MapRef, txn: &T, revive: &HashSet<String>) -> Vec<Value> {
    standing(map, txn, revive)
        .into_iter()
        .map(|(_, record, _)| record_value(&record, txn))
        .collect()
}

/// A record as the format writes it (its fields, not the document's own).
fn record_value<T: ReadTxn>(record: &MapRef, txn: &T) -> Value {
    let mut fields = JsonMap::new();
    for (field, _) in record.iter(txn) {
        if field.starts_with('_') {
            continue;
        }
        if let Some(value) = read_field(record, txn, field) {
            fields.insert(field.to_string(), value);
        }
    }
    Value::Object(fields)
}

/// What a write does to one list.
struct ListChange {
    /// Every record's key, in the workspace's order now.
    keys: Vec<String>,
    /// The records to write: key, its fields as this device last knew them
    /// (`None`: not known, compare with the document), its fields now.
    changed: Vec<(String, Option<Value>, Value)>,
    /// The keys this device last knew, in their order; `None` on a first
    /// write, which compares with the document instead.
    before: Option<Vec<String>>,
}

/// Everything but the stories, as the format writes it.
fn rest_of(workspace: &Workspace) -> Result<Value, DocError> {
    let text = schema::storage_json_without_stories(workspace, DateTime::<Utc>::UNIX_EPOCH)
        .map_err(|e| DocError::Json(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| DocError::Json(e.to_string()))
}

fn records_of(rest: &Value, list: List) -> Vec<(String, Value)> {
    rest.get(list.name)
        .and_then(Value::as_array)
        .map(|records| {
            records
                .iter()
                .filter_map(|r| Some((record_key(r, list)?, r.clone())))
                .collect()
        })
        .unwrap_or_default()
}

/// A small list's change: records compared as values.
fn list_change(list: List, before: Option<&Value>, now: &Value) -> ListChange {
    let now = records_of(now, list);
    let before = before.map(|b| records_of(b, list));
    let known: HashMap<&str, &Value> = before
        .iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let changed = now
        .iter()
        .filter(|(key, value)| known.get(key.as_str()) != Some(&value))
        .map(|(key, value)| {
            (
                key.clone(),
                known.get(key.as_str()).map(|v| (*v).clone()),
                value.clone(),
            )
        })
        .collect();
    ListChange {
        keys: now.iter().map(|(k, _)| k.clone()).collect(),
        changed,
        before: before.map(|b| b.into_iter().map(|(k, _)| k).collect()),
    }
}

fn story_value(story: &crate::domain::story::Story) -> Result<Value, DocError> {
    serde_json::to_value(story).map_err(|e| DocError::Json(e.to_string()))
}

/// The stories' change: a story whose `Arc` is the one last known is
/// unchanged and costs nothing.
fn story_change(before: Option<&Workspace>, now: &Workspace) -> Result<ListChange, DocError> {
    let known: HashMap<_, _> = before
        .map(|b| b.stories().iter().map(|s| (s.id, s)).collect())
        .unwrap_or_default();
    let mut changed = Vec::new();
    for story in now.stories() {
        let old = known.get(&story.id);
        if old.is_some_and(|old| std::sync::Arc::ptr_eq(old, story)) {
            continue;
        }
        let old = old.map(|old| story_value(old)).transpose()?;
        changed.push((story_key(story.id), old, story_value(story)?));
    }
    Ok(ListChange {
        keys: now.stories().iter().map(|s| story_key(s.id)).collect(),
        changed,
        before: before.map(|b| b.stories().iter().map(|s| story_key(s.id)).collect()),
    })
}

/// A story's key in the document: its id as the format writes it (a
/// UUID's text, as its Display writes it).
fn story_key(id: crate::domain::StoryId) -> String {
    id.to_string()
}

/// Writes one list's change into `map`.
fn write_list(
    map: &MapRef,
    txn: &mut TransactionMut,
    change: ListChange,
    set_aside: &[&str],
    rev: &str,
) {
    let wanted: HashSet<&str> = change.keys.iter().map(String::as_str).collect();
    // What this device knew, in order: its last workspace, or on a first
    // write what the document holds.
    let before: Vec<String> = match &change.before {
        Some(before) => before.clone(),
        None => standing(map, txn, &HashSet::new())
            .into_iter()
            .map(|(key, _, _)| key)
            .collect(),
    };
    // Deleted here: known before, not in the workspace now.
    for key in &before {
        if wanted.contains(key.as_str()) || set_aside.contains(&key.as_str()) {
            continue;
        }
        if let Some(Out::YMap(record)) = map.get(txn, key)
            && alive(&record, txn)
        {
            let seen = read_field(&record, txn, REV)
                .unwrap_or(Value::Null)
                .to_string();
            record.insert(txn, DELETED, seen);
        }
    }
    let mut touched: HashSet<String> = HashSet::new();
    for (key, old, now) in &change.changed {
        let Some(fields) = now.as_object() else {
            continue;
        };
        let record = match map.get(txn, key) {
            Some(Out::YMap(record)) => record,
            _ => map.insert(txn, key.as_str(), MapPrelim::default()),
        };
        let old_fields = old.as_ref().and_then(Value::as_object);
        // Written again after a delete (an undo): it stands again.
        let mut changed = !alive(&record, txn);
        for (field, value) in fields {
            let was = old_fields.map(|o| o.get(field).unwrap_or(&Value::Null));
            if was == Some(value) {
                continue;
            }
            changed |= write_field(&record, txn, field, was, value);
        }
        // Fields the record no longer has: those this device knew, or on a
        // first write all the document holds.
        let gone: Vec<String> = match old_fields {
            Some(old) => old
                .keys()
                .filter(|f| !fields.contains_key(*f))
                .cloned()
                .collect(),
            None => record
                .iter(txn)
                .map(|(field, _)| field.to_string())
                .filter(|field| !field.starts_with('_') && !fields.contains_key(field))
                .collect(),
        };
        for field in gone {
            changed |= record.remove(txn, &field).is_some();
        }
        if changed {
            touched.insert(key.clone());
            record.insert(txn, REV, rev);
        }
    }
    for (key, position) in new_positions(map, txn, &before, &change.keys) {
        if let Some(Out::YMap(record)) = map.get(txn, &key) {
            record.insert(txn, ORDER, Value::from(position).to_string());
            if !touched.contains(&key) {
                record.insert(txn, REV, rev);
            }
        }
    }
}

/// The positions to write so the records of `keys` stand in that order:
/// only for records new here or moved since `before`. The records that keep
/// their positions are the longest run of `before` still in order, so a
/// move writes only the moved. A record placed between two others takes a
/// position between theirs as the document holds them now.
fn new_positions<T: ReadTxn>(
    map: &MapRef,
    txn: &T,
    before: &[String],
    keys: &[String],
) -> Vec<(String, f64)> {
    let rank: HashMap<&str, usize> = before
        .iter()
        .enumerate()
        .map(|(i, key)| (key.as_str(), i))
        .collect();
    let ranks: Vec<Option<usize>> = keys.iter().map(|k| rank.get(k.as_str()).copied()).collect();
    let keep = longest_increasing(&ranks);
    if keep.iter().all(|k| *k) {
        return Vec::new();
    }
    let order_at = |i: usize| match map.get(txn, &keys[i]) {
        Some(Out::YMap(record)) => order_of(&record, txn),
        _ => None,
    };
    let mut positions = Vec::new();
    let mut i = 0;
    let mut previous: Option<f64> = None;
    while i < keys.len() {
        if keep[i] {
            previous = order_at(i).or(previous);
            i += 1;
            continue;
        }
        // A run of records to place, up to the next kept one.
        let end = (i..keys.len()).find(|&j| keep[j]).unwrap_or(keys.len());
        let count = (end - i) as f64;
        let next = if end < keys.len() {
            order_at(end)
        } else {
            None
        };
        let low = previous.unwrap_or_else(|| next.map_or(0.0, |n| n - count - 1.0));
        let high = next.filter(|n| *n > low).unwrap_or(low + count + 1.0);
        let step = (high - low) / (count + 1.0);
        for (k, key) in keys[i..end].iter().enumerate() {
            let at = low + step * (k + 1) as f64;
            if at <= low || at >= high {
                // Halved so often that no number fits between two: the
                // whole list anew (rare; one write per record).
                return keys.iter().cloned().zip((0..).map(f64::from)).collect();
            }
            positions.push((key.clone(), at));
        }
        previous = positions.last().map(|(_, at)| *at);
        i = end;
    }
    positions
}

/// Marks the longest strictly increasing run of `ranks` (records without a
/// rank, new ones, are never in it).
fn longest_increasing(ranks: &[Option<usize>]) -> Vec<bool> {
    // Patience sorting: tails[k] is the index ending the best run of k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut parent = vec![None; ranks.len()];
    for (i, rank) in ranks.iter().enumerate() {
        let Some(rank) = rank else { continue };
        let at = tails.partition_point(|&t| ranks[t].is_some_and(|r| r < *rank));
        if at > 0 {
            parent[i] = Some(tails[at - 1]);
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut keep = vec![false; ranks.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = parent[i];
    }
    keep
}
