//! Wording shared by the views.

/// A count with its noun: `1 story`, `3 stories`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1 story`, `2 stories`.
pub fn stories(n: usize) -> String {
    count(n, "story", "stories")
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(super::stories(0), "0 stories");
        assert_eq!(super::stories(1), "1 story");
        assert_eq!(super::count(2, "team", "teams"), "2 teams");
    }
}
