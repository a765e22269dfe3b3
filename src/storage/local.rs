//! The workspace in localStorage: the same JSON as an export (so that
//! migrations and validation apply to both), packed by [`super::codec`].

use super::codec::{pack, unpack};
use super::encoder::Encoder;
use crate::domain::schema::{import_json, storage_json};
use crate::domain::validation::{ImportError, ImportProblem};
use crate::domain::{StoryId, Workspace};
use chrono::{DateTime, Utc};
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use wasm_bindgen::JsValue;

/// Where the current workspace is kept.
pub const WORKSPACE_KEY: &str = "tandem.workspace";
/// The workspace an import replaced, so it can be restored.
pub const BACKUP_KEY: &str = "tandem.backup";
/// Stored text that could not be read, kept untouched for the user.
pub const UNREADABLE_KEY: &str = "tandem.workspace.unreadable";

/// What was found in storage when the app started.
#[derive(Debug)]
pub enum LoadOutcome {
    /// Nothing stored yet: first run.
    Empty,
    /// A workspace was read, with the stamp of the write that stored it.
    Loaded(Box<Workspace>, Stamp),
    /// Something was stored but it can't be read; the text was copied to
    /// [`UNREADABLE_KEY`] when `kept` is true.
    Unreadable { error: ImportError, kept: bool },
    /// This browser gives no localStorage (disabled, or blocked).
    Unavailable,
}

/// Why a write to storage failed.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// The browser's storage quota is used up.
    Full,
    /// There is no localStorage in this browser.
    Unavailable,
    /// The workspace could not be turned into JSON, or the browser refused
    /// for another reason (its words are kept).
    Other(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Full => write!(
                f,
                "The browser's storage is full, so your latest changes are kept in this tab only. Use Export JSON to save them to a file."
            ),
            SaveError::Unavailable => write!(
                f,
                "This browser does not let Tandem store data, so your work lasts only while this tab is open. Use Export JSON to keep it."
            ),
            SaveError::Other(detail) => write!(
                f,
                "Your changes could not be saved ({detail}). They are kept in this tab only; use Export JSON to keep them."
            ),
        }
    }
}

/// Which write of the workspace this is. Every tab stamps what it stores,
/// so another tab can tell whether the stored workspace moved on since it
/// last wrote it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    /// Counts up with every write, by any tab.
    pub revision: u64,
    /// The tab that wrote it.
    pub tab: String,
    /// The write this one was based on ([`Stamp::id`]).
    #[serde(default)]
    pub parent: String,
    /// Written by Tandem before tabs passed document updates, whose merge
    /// named the edits of other tabs a write replaced; now always empty,
    /// kept so stores of either version read.
    #[serde(default)]
    pub replaced: Vec<Replaced>,
}

impl Stamp {
    /// Names this write among all writes by all tabs.
    pub fn id(&self) -> String {
        format!("{}:{}", self.revision, self.tab)
    }
}

/// A story whose edit in `tab` lost to a later edit of the same story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Replaced {
    pub tab: String,
    pub story: StoryId,
}

/// Marks stamped text: the stamp as one line of JSON, then the packed workspace.
const STAMP_PREFIX: &str = "tandem-stamp:";

/// Splits stored text into its stamp (unstamped text, from earlier builds,
/// counts as revision 0) and the packed workspace.
fn split_stamp(text: &str) -> (Stamp, &str) {
    let Some(rest) = text.strip_prefix(STAMP_PREFIX) else {
        return (Stamp::default(), text);
    };
    let Some((line, packed)) = rest.split_once('\n') else {
        return (Stamp::default(), text);
    };
    match serde_json::from_str(line) {
        Ok(stamp) => (stamp, packed),
        Err(_) => (Stamp::default(), text),
    }
}

/// The packed workspace of stored text, without its stamp.
pub fn unstamp(text: &str) -> &str {
    split_stamp(text).1
}

/// Reads stored text (from storage, or from another tab's storage event).
pub fn parse_stored(text: &str) -> Result<(Workspace, Stamp), ImportError> {
    let (stamp, packed) = split_stamp(text);
    let json =
        unpack(packed).map_err(|e| ImportError::whole(ImportProblem::Shape(e.to_string())))?;
    Ok((import_json(&json)?.workspace, stamp))
}

/// The stamp of the stored workspace, `None` when nothing is stored.
pub fn stored_stamp() -> Result<Option<Stamp>, SaveError> {
    Ok(read_text(WORKSPACE_KEY)?.map(|text| split_stamp(&text).0))
}

/// A workspace kept aside by an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub workspace: Workspace,
    pub saved_at: DateTime<Utc>,
}

/// The browser's localStorage, if it offers one. Never panics: gloo-storage's
/// [`LocalStorage::raw`] throws when there is none (a disabled storage
/// throws a SecurityError), so it is only called once the browser has
/// shown it has one.
fn storage() -> Option<web_sys::Storage> {
    is_available().then(LocalStorage::raw)
}

/// Whether this browser gives Tandem a localStorage.
pub fn is_available() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

/// Names the browser's error: quota errors are told apart (Chromium and
/// Safari say `QuotaExceededError`, Firefox `NS_ERROR_DOM_QUOTA_REACHED`).
fn classify(error: JsValue) -> SaveError {
    let name = js_sys::Reflect::get(&error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match classify_name(&name) {
        SaveError::Other(_) if name.is_empty() => SaveError::Other(format!("{error:?}")),
        other => other,
    }
}

/// The error a browser's exception name stands for.
fn classify_name(name: &str) -> SaveError {
    match name {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => SaveError::Full,
        other => SaveError::Other(other.to_string()),
    }
}

/// gloo-storage's error kinds as Tandem's: the browser's exception keeps
/// its quota meaning, a value that is not the expected JSON says so.
fn from_gloo(error: StorageError) -> SaveError {
    match error {
        StorageError::JsError(e) => classify_name(&e.name),
        StorageError::SerdeError(e) => SaveError::Other(e.to_string()),
        StorageError::KeyNotFound(key) => SaveError::Other(format!("nothing stored under {key}")),
    }
}

/// Reads a stored value as text. Stored text is not JSON (the workspace is
/// packed), so this is the raw side of gloo-storage, not its typed `get`.
pub fn read_text(key: &str) -> Result<Option<String>, SaveError> {
    let store = storage().ok_or(SaveError::Unavailable)?;
    store.get_item(key).map_err(classify)
}

/// Writes text under a key.
pub fn write_text(key: &str, text: &str) -> Result<(), SaveError> {
    let store = storage().ok_or(SaveError::Unavailable)?;
    store.set_item(key, text).map_err(classify)
}

/// Reads a small value stored as JSON (a setting, a key pair): `Ok(None)`
/// when nothing is stored, an error when what is stored is not a `T`.
pub fn read_value<T: DeserializeOwned>(key: &str) -> Result<Option<T>, SaveError> {
    if !is_available() {
        return Err(SaveError::Unavailable);
    }
    match LocalStorage::get(key) {
        Ok(value) => Ok(Some(value)),
        Err(StorageError::KeyNotFound(_)) => Ok(None),
        Err(e) => Err(from_gloo(e)),
    }
}

/// Stores a small value as JSON.
pub fn write_value<T: Serialize>(key: &str, value: &T) -> Result<(), SaveError> {
    if !is_available() {
        return Err(SaveError::Unavailable);
    }
    LocalStorage::set(key, value).map_err(from_gloo)
}

/// Removes a key (missing keys are fine).
pub fn remove(key: &str) -> Result<(), SaveError> {
    if !is_available() {
        return Err(SaveError::Unavailable);
    }
    LocalStorage::delete(key);
    Ok(())
}

/// Every key stored by this origin (empty without storage).
pub fn keys() -> Vec<String> {
    let Some(store) = storage() else {
        return Vec::new();
    };
    (0..LocalStorage::length())
        .filter_map(|i| store.key(i).ok().flatten())
        .collect()
}

/// Reads the stored workspace. Unreadable text is copied aside before
/// anything else can overwrite it.
pub fn load() -> LoadOutcome {
    let text = match read_text(WORKSPACE_KEY) {
        Err(_) => return LoadOutcome::Unavailable,
        Ok(None) => return LoadOutcome::Empty,
        Ok(Some(text)) => text,
    };
    match parse_stored(&text) {
        Ok((workspace, stamp)) => LoadOutcome::Loaded(Box::new(workspace), stamp),
        Err(error) => {
            // Keep the first unreadable text: a second bad load must not
            // replace the one the user may still want.
            let kept = match read_text(UNREADABLE_KEY) {
                Ok(Some(_)) => true,
                _ => write_text(UNREADABLE_KEY, &text).is_ok(),
            };
            LoadOutcome::Unreadable { error, kept }
        }
    }
}

/// Writes the workspace, unstamped (as a first write).
pub fn save(workspace: &Workspace, now: DateTime<Utc>) -> Result<(), SaveError> {
    save_stamped(workspace, now, &Stamp::default(), &mut Encoder::default()).map(|_| ())
}

/// Writes the workspace with its stamp; returns the text stored. `encoder`
/// reuses what it packed for the last write of the same tab.
pub fn save_stamped(
    workspace: &Workspace,
    now: DateTime<Utc>,
    stamp: &Stamp,
    encoder: &mut Encoder,
) -> Result<String, SaveError> {
    let packed = encoder
        .pack(workspace, now)
        .map_err(|e| SaveError::Other(e.to_string()))?;
    let line = serde_json::to_string(stamp).map_err(|e| SaveError::Other(e.to_string()))?;
    let mut stored = String::with_capacity(STAMP_PREFIX.len() + line.len() + 1 + packed.len());
    stored.push_str(STAMP_PREFIX);
    stored.push_str(&line);
    stored.push('\n');
    stored.push_str(&packed);
    write_text(WORKSPACE_KEY, &stored)?;
    Ok(stored)
}

/// Keeps a workspace aside (before an import replaces it).
pub fn save_backup(workspace: &Workspace, now: DateTime<Utc>) -> Result<(), SaveError> {
    let text = storage_json(workspace, now).map_err(|e| SaveError::Other(e.to_string()))?;
    write_text(BACKUP_KEY, &pack(&text))
}

/// The workspace kept aside by the last import, if there is a readable one.
pub fn load_backup() -> Option<Backup> {
    let text = read_text(BACKUP_KEY).ok().flatten()?;
    let imported = import_json(&unpack(&text).ok()?).ok()?;
    Some(Backup {
        workspace: imported.workspace,
        saved_at: imported.exported_at,
    })
}

/// Characters an origin may keep in localStorage. Browsers do not say; the
/// common figure (Chromium, Firefox, Safari) is about five million.
pub const QUOTA_CHARS: usize = 5_000_000;
/// From this share of the quota on, Tandem warns.
pub const WARN_PERCENT: usize = 80;

/// How much of the origin's storage quota is taken (by every key: the quota
/// is shared by everything served from the same address).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usage {
    pub used_chars: usize,
    pub quota_chars: usize,
}

impl Usage {
    /// Share of the quota used, in whole percent.
    pub fn percent(&self) -> usize {
        self.used_chars * 100 / self.quota_chars.max(1)
    }

    /// Whether it is time to warn.
    pub fn is_high(&self) -> bool {
        self.percent() >= WARN_PERCENT
    }
}

/// The characters all keys and values take, or `None` without storage.
pub fn usage() -> Option<Usage> {
    let store = storage()?;
    let used = keys()
        .iter()
        .map(|key| key.encode_utf16().count() + stored_length(&store, key))
        .sum();
    Some(Usage {
        used_chars: used,
        quota_chars: QUOTA_CHARS,
    })
}

/// The length in UTF-16 units of the value under `key`, measured in the
/// browser: copying a packed workspace into wasm just to count it took
/// milliseconds after every save.
fn stored_length(store: &web_sys::Storage, key: &str) -> usize {
    // A key named like one of Storage's own members reads as that member.
    match js_sys::Reflect::get(store, &JsValue::from_str(key)) {
        Ok(value) if value.is_string() => js_sys::JsString::from(value).length() as usize,
        _ => store
            .get_item(key)
            .ok()
            .flatten()
            .map_or(0, |v| v.encode_utf16().count()),
    }
}

/// The stored text that could not be read (unpacked when it was packed), for
/// the user to download.
pub fn unreadable_text() -> Option<String> {
    let text = read_text(UNREADABLE_KEY).ok().flatten()?;
    let unpacked = unpack(split_stamp(&text).1).ok();
    Some(unpacked.unwrap_or(text))
}

/// Forgets the unreadable text, once the user has decided.
pub fn discard_unreadable() -> Result<(), SaveError> {
    remove(UNREADABLE_KEY)
}
