//! What merging several devices' concurrent edits of a shared workspace
//! can leave that the rules refuse, settled before the import's checks
//! read it, the same way on every device (the rules depend only on what
//! all of them hold):
//!
//! - two devices adding a story to one team at once give both the team's
//!   next number, so the workspace holds two `IOS-12`: the later-created
//!   story gets a new number, and the team's next number moves past all of
//!   them. The change is returned, so the page can say `IOS-12 is now
//!   IOS-14`;
//! - two people typing in one title or description: the letters of both
//!   are kept, which can leave spaces at a title's ends, a text longer
//!   than its limit, or (both deleting, neither typing) no title at all.
//!   A title is trimmed and cut to its limit (an empty one reads
//!   [`UNTITLED`]), a description cut to its limit.

use super::limits::{MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The title of a story or epic whose title two devices deleted at once.
pub const UNTITLED: &str = "Untitled";

/// The lists whose records have a title and a description people type.
const TYPED_LISTS: [&str; 2] = ["stories", "epics"];

/// What settling changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    /// Stories and epics given a new number.
    pub renumbered: Vec<Renumbered>,
    /// Titles and descriptions trimmed or cut.
    pub texts: usize,
}

impl Settled {
    /// Whether anything was changed.
    pub fn changed(&self) -> bool {
        !self.renumbered.is_empty() || self.texts > 0
    }
}

/// Settles everything this module knows of in the export file `file`.
pub fn settle(file: &mut Value) -> Settled {
    let texts = settle_texts(file);
    Settled {
        renumbered: settle_numbers(file),
        texts,
    }
}

/// The first `max` characters of `text`.
fn cut(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// Trims titles and cuts titles and descriptions to their limits; returns
/// how many it changed.
pub fn settle_texts(file: &mut Value) -> usize {
    let mut changed = 0;
    for list in TYPED_LISTS {
        let Some(records) = file.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        for record in records {
            if let Some(title) = record.get("title").and_then(Value::as_str) {
                let settled = cut(title.trim(), MAX_TITLE_CHARS).trim();
                let settled = if settled.is_empty() {
                    UNTITLED
                } else {
                    settled
                };
                if settled != title {
                    record["title"] = Value::from(settled);
                    changed += 1;
                }
            }
            if let Some(description) = record.get("description").and_then(Value::as_str) {
                let settled = cut(description, MAX_DESCRIPTION_CHARS);
                if settled.len() != description.len() {
                    record["description"] = Value::from(settled);
                    changed += 1;
                }
            }
        }
    }
    changed
}

/// A story or epic given a new number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renumbered {
    /// Its key before (`IOS-12`, `EP-3`), the same as another's.
    pub was: String,
    /// Its key now (`IOS-14`).
    pub now: String,
}

fn number_of(value: &Value) -> Option<u64> {
    value.as_u64()
}

/// Numbers unique within each scope (a team's stories; all epics): of two
/// records with one number, the one created first (then the smaller id)
/// keeps it, the other gets the scope's next. `next` holds each scope's
/// next number, moved past every number in use; `key` names a record's
/// number for a person (`IOS-12`, `EP-3`).
fn unique_numbers(
    records: &mut [Value],
    scope: impl Fn(&Value) -> Option<String>,
    next: &mut HashMap<String, u64>,
    key: impl Fn(&str, u64) -> String,
) -> Vec<Renumbered> {
    for record in records.iter() {
        if let (Some(scope), Some(number)) =
            (scope(record), record.get("number").and_then(number_of))
            && let Some(next) = next.get_mut(&scope)
        {
            *next = (*next).max(number + 1);
        }
    }
    let mut by_age: Vec<usize> = (0..records.len()).collect();
    let age = |i: &usize| {
        let record = &records[*i];
        (
            record
                .get("created_at")
                .and_then(Value::as_str)
                .unwrap_or(""),
            record.get("id").and_then(Value::as_str).unwrap_or(""),
        )
    };
    by_age.sort_by(|a, b| age(a).cmp(&age(b)));
    let mut taken: HashSet<(String, u64)> = HashSet::new();
    let mut renumbered = Vec::new();
    for i in by_age {
        let record = &mut records[i];
        let (Some(scope), Some(number)) = (scope(record), record.get("number").and_then(number_of))
        else {
            continue;
        };
        let Some(next) = next.get_mut(&scope) else {
            continue;
        };
        if taken.insert((scope.clone(), number)) {
            continue;
        }
        let new = *next;
        *next += 1;
        taken.insert((scope.clone(), new));
        record["number"] = Value::from(new);
        renumbered.push(Renumbered {
            was: key(&scope, number),
            now: key(&scope, new),
        });
    }
    renumbered
}

/// Gives every story a number unique in its team and every epic one
/// unique among epics, and moves the next numbers past those in use.
pub fn settle_numbers(file: &mut Value) -> Vec<Renumbered> {
    // Each team's id → (key, next story number).
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut next: HashMap<String, u64> = HashMap::new();
    if let Some(list) = file.get("teams").and_then(Value::as_array) {
        for team in list {
            if let (Some(id), Some(key)) = (
                team.get("id").and_then(Value::as_str),
                team.get("key").and_then(Value::as_str),
            ) {
                keys.insert(id.to_string(), key.to_string());
                let number = team.get("next_story_number").and_then(number_of);
                next.insert(id.to_string(), number.unwrap_or(1));
            }
        }
    }
    let mut renumbered = Vec::new();
    if let Some(stories) = file.get_mut("stories").and_then(Value::as_array_mut) {
        renumbered.extend(unique_numbers(
            stories,
            |s| s.get("team").and_then(Value::as_str).map(str::to_string),
            &mut next,
            |team, n| format!("{}-{n}", keys.get(team).map_or("?", String::as_str)),
        ));
    }
    if let Some(list) = file.get_mut("teams").and_then(Value::as_array_mut) {
        for team in list {
            let settled = team
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| next.get(id))
                .copied();
            if let Some(settled) = settled
                && team.get("next_story_number").and_then(number_of) != Some(settled)
            {
                team["next_story_number"] = Value::from(settled);
            }
        }
    }
    // Epics: one scope, the workspace's next epic number.
    const ALL: &str = "";
    let mut next_epic: HashMap<String, u64> = HashMap::from([(
        ALL.to_string(),
        file.get("next_epic_number")
            .and_then(number_of)
            .unwrap_or(1),
    )]);
    if let Some(epics) = file.get_mut("epics").and_then(Value::as_array_mut) {
        renumbered.extend(unique_numbers(
            epics,
            |_| Some(ALL.to_string()),
            &mut next_epic,
            |_, n| format!("EP-{n}"),
        ));
    }
    let settled = next_epic[ALL];
    if file.get("next_epic_number").and_then(number_of) != Some(settled)
        && let Some(top) = file.as_object_mut()
    {
        top.insert("next_epic_number".into(), Value::from(settled));
    }
    renumbered
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn story(id: &str, number: u64, created: &str) -> Value {
        json!({ "id": id, "team": "t", "number": number, "created_at": created })
    }

    #[test]
    fn the_later_of_two_stories_with_one_number_gets_the_next_and_the_team_moves_on() {
        let mut file = json!({
            "teams": [{ "id": "t", "key": "IOS", "next_story_number": 13 }],
            "stories": [
                story("b", 12, "2026-12-06T10:00:05Z"),
                story("a", 12, "2026-12-06T10:00:01Z"),
                story("c", 11, "2026-12-01T09:00:00Z"),
            ],
        });
        let renumbered = settle_numbers(&mut file);
        assert_eq!(
            renumbered,
            [Renumbered {
                was: "IOS-12".into(),
                now: "IOS-13".into()
            }]
        );
        assert_eq!(file["stories"][0]["number"], 13, "b, created later");
        assert_eq!(file["stories"][1]["number"], 12, "a keeps it");
        assert_eq!(file["teams"][0]["next_story_number"], 14);
    }

    #[test]
    fn two_epics_of_one_number_are_settled_like_stories() {
        let mut file = json!({
            "next_epic_number": 4,
            "epics": [
                { "id": "y", "number": 3, "created_at": "2026-12-06T10:00:02Z" },
                { "id": "x", "number": 3, "created_at": "2026-12-06T10:00:01Z" },
            ],
        });
        let settled = settle(&mut file);
        assert_eq!(
            settled.renumbered,
            [Renumbered {
                was: "EP-3".into(),
                now: "EP-4".into()
            }]
        );
        assert_eq!(file["epics"][0]["number"], 4);
        assert_eq!(file["next_epic_number"], 5);
    }

    #[test]
    fn merged_titles_are_trimmed_and_cut_and_an_emptied_one_reads_untitled() {
        let long = "x".repeat(MAX_TITLE_CHARS + 5);
        let mut file = json!({
            "stories": [{ "title": " aa" }, { "title": long }, { "title": "  " }],
            "epics": [{ "title": "Fine", "description": "d".repeat(MAX_DESCRIPTION_CHARS + 1) }],
        });
        settle(&mut file);
        assert_eq!(file["stories"][0]["title"], "aa");
        assert_eq!(
            file["stories"][1]["title"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            MAX_TITLE_CHARS
        );
        assert_eq!(file["stories"][2]["title"], UNTITLED);
        assert_eq!(file["epics"][0]["title"], "Fine");
        assert_eq!(
            file["epics"][0]["description"].as_str().unwrap().len(),
            MAX_DESCRIPTION_CHARS
        );
    }

    #[test]
    fn a_next_number_behind_the_stories_moves_past_them_and_unique_numbers_stay() {
        let mut file = json!({
            "teams": [{ "id": "t", "key": "AND", "next_story_number": 2 }],
            "stories": [story("a", 1, "x"), story("b", 5, "y")],
        });
        assert!(settle_numbers(&mut file).is_empty());
        assert_eq!(file["stories"][1]["number"], 5);
        assert_eq!(file["teams"][0]["next_story_number"], 6);
    }
}
