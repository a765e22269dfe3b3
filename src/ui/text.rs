//! Wording shared by the views.

/// A count with its noun: `1 story`, `3 stories`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1 story`, `2 stories`.
pub fn stories(n: usize) -> String {
    count(n, "story", "stories")
}

/// A countdown's words with `seconds` left: `1:05 left`, then `Time is up`.
pub fn countdown(seconds: i64) -> String {
    if seconds <= 0 {
        "Time is up".to_string()
    } else {
        format!("{}:{:02} left", seconds / 60, seconds % 60)
    }
}

/// Items as a sentence lists them: `Ana`, `Ana and Ben`, `Ana, Ben and Cy`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Who else is here, for a status line: the names given, then the devices
/// that gave none (`with Ana and 1 other device`), or `nobody else`.
pub fn who_else(names: &[String], unnamed: usize) -> String {
    let mut items = names.to_vec();
    if unnamed > 0 {
        items.push(count(unnamed, "other device", "other devices"));
    }
    match items.is_empty() {
        true => "nobody else".to_string(),
        false => format!("with {}", and_list(&items)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_read_as_a_sentence_and_name_who_else_is_here() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(super::and_list(&names(&["Ana"])), "Ana");
        assert_eq!(
            super::and_list(&names(&["Ana", "Ben", "Cy"])),
            "Ana, Ben and Cy"
        );
        assert_eq!(super::who_else(&[], 0), "nobody else");
        assert_eq!(super::who_else(&[], 2), "with 2 other devices");
        assert_eq!(
            super::who_else(&names(&["Ana", "Ben"]), 0),
            "with Ana and Ben"
        );
        assert_eq!(
            super::who_else(&names(&["Ana"]), 1),
            "with Ana and 1 other device"
        );
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(super::stories(0), "0 stories");
        assert_eq!(super::stories(1), "1 story");
        assert_eq!(super::count(2, "team", "teams"), "2 teams");
    }

    #[test]
    fn a_countdown_reads_minutes_and_seconds_then_time_is_up() {
        assert_eq!(super::countdown(65), "1:05 left");
        assert_eq!(super::countdown(9), "0:09 left");
        assert_eq!(super::countdown(0), "Time is up");
        assert_eq!(super::countdown(-3), "Time is up");
    }
}
