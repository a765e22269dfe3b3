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

#[cfg(test)]
mod tests {
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
