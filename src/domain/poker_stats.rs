//! What a revealed round says: min, max, median, mode, the spread across the
//! deck, consensus, who voted lowest and highest, and the suggestion (the
//! consensus, else the median rounded up to the next card). `?` and `☕`
//! are counted apart and left out of the numbers.

use super::deck::{BREAK, Card, UNSURE};

/// Statistics of one round's votes.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundStats {
    /// Card votes (labels), in the order given.
    pub cards: usize,
    pub unsure: usize,
    pub breaks: usize,
    pub min: Option<Card>,
    pub max: Option<Card>,
    /// The median in points (between two cards when the count is even).
    pub median: Option<f64>,
    /// The most voted cards (several on a tie).
    pub modes: Vec<Card>,
    /// How many deck steps lie between the lowest and highest vote.
    pub spread: usize,
    /// Every card vote is the same card (and there is at least one).
    pub consensus: bool,
    /// Voters of the lowest and highest card, when they differ.
    pub lowest: Vec<String>,
    pub highest: Vec<String>,
    /// The card to accept by default.
    pub suggestion: Option<Card>,
    /// Three or more ☕: time for a break.
    pub suggest_break: bool,
}

/// Votes needed to suggest a break.
pub const BREAK_VOTES: usize = 3;

/// The statistics of `votes` (voter name, card label) on `deck`.
pub fn round_stats(deck: &[Card], votes: &[(String, String)]) -> RoundStats {
    let index = |label: &str| deck.iter().position(|c| c.label == label);
    let mut picked: Vec<(usize, &str)> = votes
        .iter()
        .filter_map(|(who, label)| index(label).map(|i| (i, who.as_str())))
        .collect();
    picked.sort_by_key(|(i, _)| *i);
    let unsure = votes.iter().filter(|(_, l)| l == UNSURE).count();
    let breaks = votes.iter().filter(|(_, l)| l == BREAK).count();
    let (first, last) = (picked.first().map(|p| p.0), picked.last().map(|p| p.0));
    let median = (!picked.is_empty()).then(|| {
        let n = picked.len();
        let points = |k: usize| deck[picked[k].0].points.get();
        if n % 2 == 1 {
            points(n / 2)
        } else {
            (points(n / 2 - 1) + points(n / 2)) / 2.0
        }
    });
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for (i, _) in &picked {
        match counts.iter_mut().find(|(c, _)| c == i) {
            Some((_, n)) => *n += 1,
            None => counts.push((*i, 1)),
        }
    }
    let top = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let modes = counts
        .iter()
        .filter(|(_, n)| *n == top && top > 0)
        .map(|(i, _)| deck[*i].clone())
        .collect();
    let consensus = !picked.is_empty() && first == last;
    let names = |at: Option<usize>| -> Vec<String> {
        if consensus {
            return Vec::new();
        }
        picked
            .iter()
            .filter(|(i, _)| Some(*i) == at)
            .map(|(_, who)| (*who).to_string())
            .collect()
    };
    let suggestion = if consensus {
        first.map(|i| deck[i].clone())
    } else {
        median.and_then(|m| deck.iter().find(|c| c.points.get() >= m - 1e-9).cloned())
    };
    RoundStats {
        cards: picked.len(),
        unsure,
        breaks,
        min: first.map(|i| deck[i].clone()),
        max: last.map(|i| deck[i].clone()),
        median,
        modes,
        spread: match (first, last) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        },
        consensus,
        lowest: names(first),
        highest: names(last),
        suggestion,
        suggest_break: breaks >= BREAK_VOTES,
    }
}
