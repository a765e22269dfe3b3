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
//! - a link to a record deleted elsewhere at the same time (a dependency
//!   on a story, a story's epic or constraint): the link is dropped, as
//!   Tandem drops the links of a record it deletes;
//! - two devices each adding one dependency of a cycle (IOS-1 on IOS-2,
//!   IOS-2 on IOS-1): of the dependencies in the cycle, the one of the
//!   story changed last is dropped, so the earlier one stays.

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
    /// Links dropped: to deleted records, or closing a cycle.
    pub links: usize,
    /// A next number (a team's next story number, the next epic number)
    /// moved past one in use, though nothing was renumbered: two devices
    /// each wrote one, and the lower won.
    pub next_moved: bool,
}

impl Settled {
    /// Whether anything was changed.
    pub fn changed(&self) -> bool {
        !self.renumbered.is_empty() || self.texts > 0 || self.links > 0 || self.next_moved
    }
}

/// Settles everything this module knows of in the export file `file`.
pub fn settle(file: &mut Value) -> Settled {
    let texts = settle_texts(file);
    let links = settle_links(file) + settle_cycles(file);
    let next = next_numbers(file);
    let renumbered = settle_numbers(file);
    Settled {
        renumbered,
        texts,
        links,
        next_moved: next_numbers(file) != next,
    }
}

/// The next numbers `file` holds: the next epic number, then each team's
/// next story number.
fn next_numbers(file: &Value) -> Vec<Option<u64>> {
    let teams = file.get("teams").and_then(Value::as_array);
    std::iter::once(file.get("next_epic_number").and_then(number_of))
        .chain(
            teams
                .into_iter()
                .flatten()
                .map(|team| team.get("next_story_number").and_then(number_of)),
        )
        .collect()
}

/// The ids of a list's records, as the file writes them.
fn ids_of(file: &Value, list: &str) -> HashSet<String> {
    file.get(list)
        .and_then(Value::as_array)
        .map(|records| {
            records
                .iter()
                .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Keeps in `record[field]` (a list of ids) only those in `known`; how
/// many it dropped.
fn keep_known(record: &mut Value, field: &str, known: &HashSet<String>) -> usize {
    let Some(ids) = record.get_mut(field).and_then(Value::as_array_mut) else {
        return 0;
    };
    let before = ids.len();
    ids.retain(|id| id.as_str().is_some_and(|id| known.contains(id)));
    before - ids.len()
}

/// Drops the links of stories to stories, epics and constraints the file
/// doesn't hold; returns how many.
pub fn settle_links(file: &mut Value) -> usize {
    let stories = ids_of(file, "stories");
    let epics = ids_of(file, "epics");
    let constraints = ids_of(file, "constraints");
    let Some(records) = file.get_mut("stories").and_then(Value::as_array_mut) else {
        return 0;
    };
    let mut dropped = 0;
    for story in records {
        dropped += keep_known(story, "depends_on", &stories);
        dropped += keep_known(story, "constraints", &constraints);
        let gone = story
            .get("epic")
            .and_then(Value::as_str)
            .is_some_and(|epic| !epics.contains(epic));
        if gone {
            story["epic"] = Value::Null;
            dropped += 1;
        }
    }
    dropped
}

/// A cycle in the dependencies `on` (story → the stories it depends on),
/// as the stories in it, if there is one.
fn find_cycle(on: &HashMap<String, Vec<String>>) -> Option<Vec<String>> {
    // Depth first, iteratively: 0 unseen, 1 on the path, 2 done.
    let mut mark: HashMap<&str, u8> = HashMap::new();
    let mut starts: Vec<&String> = on.keys().collect();
    starts.sort();
    for start in starts {
        if mark.contains_key(start.as_str()) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        mark.insert(start, 1);
        while let Some((story, next)) = path.last_mut() {
            let deps = on.get(*story).map(Vec::as_slice).unwrap_or_default();
            let Some(dep) = deps.get(*next) else {
                mark.insert(story, 2);
                path.pop();
                continue;
            };
            *next += 1;
            match mark.get(dep.as_str()) {
                Some(1) => {
                    let from = path.iter().position(|(s, _)| *s == dep)?;
                    return Some(path[from..].iter().map(|(s, _)| s.to_string()).collect());
                }
                Some(_) => {}
                None => {
                    mark.insert(dep, 1);
                    path.push((dep.as_str(), 0));
                }
            }
        }
    }
    None
}

/// Breaks every dependency cycle: in each, the story changed last (then
/// the larger id) loses its dependency on the next story of the cycle.
/// Returns how many dependencies it dropped.
pub fn settle_cycles(file: &mut Value) -> usize {
    let Some(records) = file.get_mut("stories").and_then(Value::as_array_mut) else {
        return 0;
    };
    let id = |r: &Value| r.get("id").and_then(Value::as_str).map(str::to_string);
    let mut on: HashMap<String, Vec<String>> = records
        .iter()
        .filter_map(|r| {
            let deps = r.get("depends_on")?.as_array()?;
            Some((
                id(r)?,
                deps.iter()
                    .filter_map(|d| d.as_str().map(str::to_string))
                    .collect(),
            ))
        })
        .collect();
    let changed: HashMap<String, (String, String)> = records
        .iter()
        .filter_map(|r| {
            let at = r.get("updated_at").and_then(Value::as_str).unwrap_or("");
            Some((id(r)?, (at.to_string(), id(r)?)))
        })
        .collect();
    let mut dropped = 0;
    while let Some(cycle) = find_cycle(&on) {
        let Some((at, story)) = cycle
            .iter()
            .enumerate()
            .max_by_key(|(_, s)| changed.get(*s))
        else {
            break;
        };
        let next = &cycle[(at + 1) % cycle.len()];
        if let Some(deps) = on.get_mut(story) {
            deps.retain(|d| d != next);
        }
        for record in records.iter_mut() {
            if id(record).as_ref() == Some(story)
                && let Some(deps) = record.get_mut("depends_on").and_then(Value::as_array_mut)
            {
                deps.retain(|d| d.as_str() != Some(next));
            }
        }
        dropped += 1;
    }
    dropped
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

    #[test]
    fn a_next_number_moved_past_one_in_use_counts_as_settled() {
        // Two devices each wrote the team's next number; the lower won.
        let mut file = json!({
            "teams": [{ "id": "t", "key": "IOS", "next_story_number": 7 }],
            "stories": [{ "id": "s", "team": "t", "number": 7, "created_at": "" }],
        });
        let settled = settle(&mut file);
        assert!(settled.renumbered.is_empty());
        assert!(settled.next_moved && settled.changed());
        assert_eq!(file["teams"][0]["next_story_number"], json!(8));
        assert!(!settle(&mut file).changed());
    }

    #[test]
    fn links_to_records_the_file_lacks_are_dropped() {
        let mut file = json!({
            "epics": [{ "id": "e1" }],
            "constraints": [{ "id": "c1" }],
            "stories": [
                { "id": "s1", "depends_on": ["s2", "gone"], "epic": "gone", "constraints": ["c1", "gone"] },
                { "id": "s2", "depends_on": [], "epic": "e1", "constraints": [] },
            ],
        });
        assert_eq!(settle_links(&mut file), 3);
        assert_eq!(file["stories"][0]["depends_on"], json!(["s2"]));
        assert_eq!(file["stories"][0]["epic"], Value::Null);
        assert_eq!(file["stories"][0]["constraints"], json!(["c1"]));
        assert_eq!(file["stories"][1]["epic"], json!("e1"));
        assert_eq!(settle_links(&mut file), 0);
    }

    #[test]
    fn a_cycle_loses_the_dependency_of_the_story_changed_last() {
        let story = |id: &str, on: &[&str], at: &str| json!({ "id": id, "depends_on": on, "updated_at": at });
        let mut file = json!({ "stories": [
            story("a", &["b"], "2026-01-01T09:00:02Z"),
            story("b", &["c"], "2026-01-01T09:00:05Z"),
            story("c", &["a"], "2026-01-01T09:00:03Z"),
            story("d", &["a", "d2"], "2026-01-01T09:00:09Z"),
            story("d2", &["d"], "2026-01-01T09:00:01Z"),
        ]});
        assert_eq!(settle_cycles(&mut file), 2);
        let deps = |i: usize| file["stories"][i]["depends_on"].clone();
        assert_eq!(deps(0), json!(["b"]));
        assert_eq!(deps(1), json!([]), "b changed last of a, b, c");
        assert_eq!(deps(2), json!(["a"]));
        assert_eq!(deps(3), json!(["a"]), "d changed last of d, d2");
        assert_eq!(settle_cycles(&mut file), 0);
    }

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
