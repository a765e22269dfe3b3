//! Story numbers after two devices added stories to one team at once:
//! each gave its new story the team's next number, so the shared workspace
//! holds two `IOS-12`. Before it is read, the later-created story gets a
//! new number, the same on every device (the rule depends only on what
//! all of them hold), and the team's next number moves past all of them.
//! The change is returned, so the page can say `IOS-12 is now IOS-14`.

use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// A story given a new number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renumbered {
    /// Its key before (`IOS-12`), the same as another story's.
    pub was: String,
    /// Its key now (`IOS-14`).
    pub now: String,
}

fn number_of(value: &Value) -> Option<u64> {
    value.as_u64()
}

/// Gives every story of the export file `file` a number unique in its team
/// and moves each team's `next_story_number` past its stories' numbers.
/// Of two stories with one number, the one created first (then the smaller
/// id) keeps it. Leaves anything it doesn't understand to the import's
/// checks.
pub fn settle_story_numbers(file: &mut Value) -> Vec<Renumbered> {
    let mut teams: HashMap<String, (String, u64)> = HashMap::new();
    if let Some(list) = file.get("teams").and_then(Value::as_array) {
        for team in list {
            if let (Some(id), Some(key)) = (
                team.get("id").and_then(Value::as_str),
                team.get("key").and_then(Value::as_str),
            ) {
                let next = team
                    .get("next_story_number")
                    .and_then(number_of)
                    .unwrap_or(1);
                teams.insert(id.to_string(), (key.to_string(), next));
            }
        }
    }
    let mut renumbered = Vec::new();
    if let Some(stories) = file.get_mut("stories").and_then(Value::as_array_mut) {
        // Per team, the highest number in use.
        for story in stories.iter() {
            if let (Some(team), Some(number)) = (
                story.get("team").and_then(Value::as_str),
                story.get("number").and_then(number_of),
            ) && let Some((_, next)) = teams.get_mut(team)
            {
                *next = (*next).max(number + 1);
            }
        }
        // Who keeps a number: the first created, then the smaller id.
        let mut by_age: Vec<usize> = (0..stories.len()).collect();
        let age = |i: &usize| {
            let story = &stories[*i];
            (
                story
                    .get("created_at")
                    .and_then(Value::as_str)
                    .unwrap_or(""),
                story.get("id").and_then(Value::as_str).unwrap_or(""),
            )
        };
        by_age.sort_by(|a, b| age(a).cmp(&age(b)));
        let mut taken: HashSet<(String, u64)> = HashSet::new();
        for i in by_age {
            let story = &mut stories[i];
            let (Some(team), Some(number)) = (
                story
                    .get("team")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                story.get("number").and_then(number_of),
            ) else {
                continue;
            };
            let Some((key, next)) = teams.get_mut(&team) else {
                continue;
            };
            if taken.insert((team.clone(), number)) {
                continue;
            }
            let new = *next;
            *next += 1;
            taken.insert((team, new));
            story["number"] = Value::from(new);
            renumbered.push(Renumbered {
                was: format!("{key}-{number}"),
                now: format!("{key}-{new}"),
            });
        }
    }
    if let Some(list) = file.get_mut("teams").and_then(Value::as_array_mut) {
        for team in list {
            let next = team
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| teams.get(id))
                .map(|(_, next)| *next);
            if let Some(next) = next
                && team.get("next_story_number").and_then(number_of) != Some(next)
            {
                team["next_story_number"] = Value::from(next);
            }
        }
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
        let renumbered = settle_story_numbers(&mut file);
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
    fn a_next_number_behind_the_stories_moves_past_them_and_unique_numbers_stay() {
        let mut file = json!({
            "teams": [{ "id": "t", "key": "AND", "next_story_number": 2 }],
            "stories": [story("a", 1, "x"), story("b", 5, "y")],
        });
        assert!(settle_story_numbers(&mut file).is_empty());
        assert_eq!(file["stories"][1]["number"], 5);
        assert_eq!(file["teams"][0]["next_story_number"], 6);
    }
}
