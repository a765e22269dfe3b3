//! Daily snapshots: before the first save of a day, the stored workspace (as
//! it stood at the end of the last day it changed) is copied aside. The last
//! few are kept, within the quota, and can be restored.

use super::codec::unpack;
use super::local::{self, SaveError, WORKSPACE_KEY};
use crate::domain::Workspace;
use crate::domain::schema::import_json;
use chrono::{DateTime, NaiveDate, Utc};

/// Keys are this prefix and the day, e.g. `tandem.snapshot.2026-11-22`.
const PREFIX: &str = "tandem.snapshot.";
/// How many daily snapshots are kept.
pub const KEEP: usize = 3;

/// A snapshot that can be restored.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub key: String,
    /// The day it was taken.
    pub day: NaiveDate,
    /// When the workspace in it was saved.
    pub saved_at: DateTime<Utc>,
    pub workspace: Workspace,
}

fn key_for(day: NaiveDate) -> String {
    format!("{PREFIX}{}", day.format("%Y-%m-%d"))
}

/// The days with a snapshot, oldest first.
fn days() -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = local::keys()
        .into_iter()
        .filter_map(|k| {
            k.strip_prefix(PREFIX)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        })
        .collect();
    days.sort();
    days
}

/// Called before the workspace is written on `today`: copies the stored
/// workspace aside if today has no snapshot yet, then keeps the last
/// [`KEEP`]. Best effort: when the quota has no room, old snapshots go
/// first, and the save itself always comes before a snapshot.
pub fn before_save(today: NaiveDate) {
    let key = key_for(today);
    if matches!(local::read_text(&key), Ok(Some(_))) {
        return;
    }
    let Ok(Some(stored)) = local::read_text(WORKSPACE_KEY) else {
        return;
    };
    let mut result = local::write_text(&key, &stored);
    while result == Err(SaveError::Full) {
        let older: Vec<NaiveDate> = days().into_iter().filter(|d| *d < today).collect();
        let Some(oldest) = older.first() else { break };
        let _ = local::remove(&key_for(*oldest));
        result = local::write_text(&key, &stored);
    }
    let all = days();
    for day in all.iter().take(all.len().saturating_sub(KEEP)) {
        let _ = local::remove(&key_for(*day));
    }
}

/// The readable snapshots, newest first.
pub fn list() -> Vec<Snapshot> {
    days()
        .into_iter()
        .rev()
        .filter_map(|day| {
            let key = key_for(day);
            let text = local::read_text(&key).ok().flatten()?;
            let imported = import_json(&unpack(local::unstamp(&text)).ok()?).ok()?;
            Some(Snapshot {
                key,
                day,
                saved_at: imported.exported_at,
                workspace: imported.workspace,
            })
        })
        .collect()
}

/// Removes every snapshot, to make room for the workspace itself.
pub fn drop_all() {
    for day in days() {
        let _ = local::remove(&key_for(day));
    }
}
