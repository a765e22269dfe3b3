//! Packs the workspace for storage without redoing the work for what did
//! not change. Packing 10,000 stories from scratch (JSON, then deflate)
//! held the page for well over 100 ms on every autosave; an edit touches a
//! story or two. Stories are shared (`Arc`) and copied on write, so a story
//! at the same address is unchanged: stories are grouped in runs, each run
//! deflated apart and kept until one of its stories changes.
//!
//! Runs end after a story whose id hashes to a boundary, so adding, moving or
//! deleting a story changes the runs around it and no others. The result is
//! exactly [`crate::domain::schema::storage_json`], packed.

use super::codec::{deflate_piece, finish_pieces, pack};
use crate::domain::schema::{storage_json, storage_json_without_stories};
use crate::domain::{Story, Workspace};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// On average a run ends after this many stories.
const RUN_BOUNDARY: u64 = 64;
/// A run never grows past this many stories.
const RUN_MAX: usize = 256;

/// Which stories a run holds (by address) and whether it opens the list.
type RunKey = (bool, Vec<usize>);

/// A deflated run. Holding its stories keeps the key sound: their addresses
/// cannot be reused while the run is remembered, and since they are shared,
/// an edit (`Arc::make_mut`) copies a story instead of changing it in place.
struct Run {
    _stories: Vec<Arc<Story>>,
    deflated: Vec<u8>,
}

/// Remembers the deflated runs of the last write.
#[derive(Default)]
pub struct Encoder {
    runs: HashMap<RunKey, Run>,
}

impl Encoder {
    /// The packed storage text of `workspace`, as of `at`.
    pub fn pack(
        &mut self,
        workspace: &Workspace,
        at: DateTime<Utc>,
    ) -> Result<String, serde_json::Error> {
        let head = storage_json_without_stories(workspace, at)?;
        // Stories are the last field, so the text ends `[]}`.
        let Some(open) = head.strip_suffix("]}") else {
            return Ok(pack(&storage_json(workspace, at)?));
        };
        let open = deflate_piece(open.as_bytes());
        let mut keys = Vec::new();
        for (i, run) in runs(workspace.stories()).into_iter().enumerate() {
            keys.push(self.deflate_run(i, run)?);
        }
        let close = deflate_piece(b"]}");
        let packed = finish_pieces(
            std::iter::once(open.as_slice())
                .chain(
                    keys.iter()
                        .filter_map(|k| self.runs.get(k))
                        .map(|run| run.deflated.as_slice()),
                )
                .chain(std::iter::once(close.as_slice())),
        );
        // Only this write's runs can be reused by the next.
        let keep: std::collections::HashSet<&RunKey> = keys.iter().collect();
        self.runs.retain(|k, _| keep.contains(k));
        Ok(packed)
    }

    /// Deflates up to `most` runs of `workspace` not deflated yet, so that
    /// the first save after the page opens need not pack everything at once.
    /// Returns whether every run is ready.
    pub fn prepare(&mut self, workspace: &Workspace, most: usize) -> bool {
        let mut done = 0;
        for (i, run) in runs(workspace.stories()).into_iter().enumerate() {
            if self.runs.contains_key(&run_key(i, run)) {
                continue;
            }
            if done == most || self.deflate_run(i, run).is_err() {
                return false;
            }
            done += 1;
        }
        true
    }

    /// The key of run number `i`, deflated now unless it already is.
    fn deflate_run(&mut self, i: usize, run: &[Arc<Story>]) -> Result<RunKey, serde_json::Error> {
        let key = run_key(i, run);
        if !self.runs.contains_key(&key) {
            let mut text = Vec::with_capacity(run.len() * 1024);
            for (j, story) in run.iter().enumerate() {
                if i > 0 || j > 0 {
                    text.push(b',');
                }
                serde_json::to_writer(&mut text, &**story)?;
            }
            let deflated = deflate_piece(&text);
            let run = Run {
                _stories: run.to_vec(),
                deflated,
            };
            self.runs.insert(key.clone(), run);
        }
        Ok(key)
    }
}

fn run_key(i: usize, run: &[Arc<Story>]) -> RunKey {
    (i == 0, run.iter().map(address).collect())
}

fn address(story: &Arc<Story>) -> usize {
    Arc::as_ptr(story) as usize
}

/// The stories cut into runs at their boundaries.
fn runs(stories: &[Arc<Story>]) -> Vec<&[Arc<Story>]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, story) in stories.iter().enumerate() {
        let mut hasher = DefaultHasher::new();
        story.id.hash(&mut hasher);
        if hasher.finish().is_multiple_of(RUN_BOUNDARY) || i + 1 - start == RUN_MAX {
            out.push(&stories[start..=i]);
            start = i + 1;
        }
    }
    if start < stories.len() {
        out.push(&stories[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Move, StoryEdit};
    use crate::storage::codec::unpack;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, minute, 0)
            .single()
            .unwrap_or_default()
    }

    fn workspace(stories: usize) -> Workspace {
        let mut ws = Workspace::with_default_teams();
        let teams: Vec<_> = ws.teams().iter().map(|t| t.id).collect();
        for i in 0..stories {
            ws.add_story(
                teams[i % 3],
                &format!("Story “{i}”, with \"quotes\""),
                at(0),
            )
            .expect("a story");
        }
        ws
    }

    fn assert_stores_exactly(encoder: &mut Encoder, ws: &Workspace, minute: u32) {
        let packed = encoder.pack(ws, at(minute)).expect("packed");
        let expected = storage_json(ws, at(minute)).expect("json");
        assert_eq!(unpack(&packed).as_deref(), Ok(expected.as_str()));
    }

    #[test]
    fn stores_exactly_the_storage_json_through_every_kind_of_change() {
        let mut encoder = Encoder::default();
        let mut ws = Workspace::with_default_teams();
        assert_stores_exactly(&mut encoder, &ws, 0);
        ws = workspace(1);
        assert_stores_exactly(&mut encoder, &ws, 1);
        ws = workspace(700);
        assert_stores_exactly(&mut encoder, &ws, 2);
        let ids: Vec<_> = ws.stories().iter().map(|s| s.id).collect();
        ws.edit_story(ids[350], StoryEdit::Title("Changed".into()), at(3))
            .expect("edit");
        assert_stores_exactly(&mut encoder, &ws, 3);
        ws.move_story(ids[600], Move::Top).expect("move");
        assert_stores_exactly(&mut encoder, &ws, 4);
        ws.remove_story(ids[0]).expect("remove");
        assert_stores_exactly(&mut encoder, &ws, 5);
        let team = ws.teams()[1].id;
        ws.add_story(team, "New at the bottom", at(6)).expect("add");
        assert_stores_exactly(&mut encoder, &ws, 6);
        for id in &ids[1..] {
            ws.remove_story(*id).expect("remove");
        }
        assert_stores_exactly(&mut encoder, &ws, 7);
    }

    #[test]
    fn an_edit_deflates_one_run_again_and_keeps_the_others() {
        let mut encoder = Encoder::default();
        let mut ws = workspace(4000);
        encoder.pack(&ws, at(0)).expect("packed");
        let before: Vec<RunKey> = encoder.runs.keys().cloned().collect();
        assert!(before.len() > 10, "{} runs", before.len());
        let id = ws.stories()[1000].id;
        ws.edit_story(id, StoryEdit::Title("Changed".into()), at(1))
            .expect("edit");
        encoder.pack(&ws, at(1)).expect("packed");
        let new = encoder.runs.keys().filter(|k| !before.contains(k)).count();
        assert_eq!(new, 1);
        assert_eq!(encoder.runs.len(), before.len());
    }

    #[test]
    fn prepared_runs_are_the_ones_a_save_uses() {
        let mut encoder = Encoder::default();
        let ws = workspace(3000);
        let mut steps = 0;
        while !encoder.prepare(&ws, 5) {
            steps += 1;
            assert!(encoder.runs.len() == steps * 5, "{steps}");
        }
        let prepared: Vec<RunKey> = encoder.runs.keys().cloned().collect();
        assert!(steps > 1 && prepared.len() > 5);
        assert_stores_exactly(&mut encoder, &ws, 0);
        assert_eq!(encoder.runs.len(), prepared.len());
        assert!(prepared.iter().all(|k| encoder.runs.contains_key(k)));
    }

    #[test]
    fn runs_cover_every_story_once_and_stay_short() {
        let ws = workspace(3000);
        let runs = runs(ws.stories());
        assert_eq!(runs.iter().map(|r| r.len()).sum::<usize>(), 3000);
        assert!(runs.iter().all(|r| !r.is_empty() && r.len() <= RUN_MAX));
        let joined: Vec<_> = runs.iter().flat_map(|r| r.iter().map(|s| s.id)).collect();
        let all: Vec<_> = ws.stories().iter().map(|s| s.id).collect();
        assert_eq!(joined, all);
    }
}
