//! The words of a round's statistics, shared by the facilitator's and
//! presenter's figures (Leptos) and the participant page (plain DOM), so
//! all three read the same.

use crate::domain::Points;
use crate::domain::deck::Card;
use crate::domain::poker_stats::{BREAK_VOTES, RoundStats};

/// A round's statistics as text: the figures, then the notes below them.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureText {
    /// `(term, value)` pairs, in the order they are shown.
    pub rows: Vec<(&'static str, String)>,
    /// Asks the lowest and highest voters to explain, without a consensus.
    pub explain: Option<String>,
    /// Suggests a break when enough ☕ were played.
    pub break_notice: Option<String>,
}

const NONE: &str = "–";

fn label(card: &Option<Card>) -> String {
    card.as_ref().map_or(NONE.to_string(), |c| c.label.clone())
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        NONE.to_string()
    } else {
        list.join(", ")
    }
}

impl FigureText {
    /// The text of `stats`.
    pub fn of(stats: &RoundStats) -> FigureText {
        let modes = if stats.modes.is_empty() {
            NONE.to_string()
        } else {
            stats
                .modes
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let rows = vec![
            (
                "Consensus",
                if stats.consensus { "Yes" } else { "No" }.to_string(),
            ),
            ("Min", label(&stats.min)),
            ("Max", label(&stats.max)),
            (
                "Median",
                stats
                    .median
                    .map_or(NONE.to_string(), |m| Points(m).to_string()),
            ),
            ("Mode", modes),
            (
                "Spread",
                crate::ui::text::count(stats.spread, "card", "cards"),
            ),
            ("Lowest", names(&stats.lowest)),
            ("Highest", names(&stats.highest)),
            ("Unsure (?)", stats.unsure.to_string()),
            ("Break (☕)", stats.breaks.to_string()),
            ("Suggestion", label(&stats.suggestion)),
        ];
        let explain = (!stats.consensus && !stats.lowest.is_empty()).then(|| {
            format!(
                "{} (lowest) and {} (highest): please explain your cards.",
                names(&stats.lowest),
                names(&stats.highest)
            )
        });
        let break_notice = stats
            .suggest_break
            .then(|| format!("{BREAK_VOTES} or more ☕: time for a break."));
        FigureText {
            rows,
            explain,
            break_notice,
        }
    }

    /// The figures' accessible name, for the story keyed `title`.
    pub fn label(title: &str) -> String {
        format!("Statistics for {title}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::points::Estimate;

    fn card(label: &str, points: f64) -> Option<Card> {
        Some(Card {
            label: label.into(),
            points: Estimate::known(points),
        })
    }

    #[test]
    fn a_split_vote_asks_the_extremes_to_explain_and_enough_coffee_asks_for_a_break() {
        let stats = RoundStats {
            cards: 4,
            consensus: false,
            min: card("2", 2.0),
            max: card("8", 8.0),
            median: Some(5.0),
            modes: vec![],
            spread: 3,
            lowest: vec!["Ana".into()],
            highest: vec!["Ben".into(), "Cy".into()],
            unsure: 1,
            breaks: BREAK_VOTES,
            suggestion: card("5", 5.0),
            suggest_break: true,
        };
        let text = FigureText::of(&stats);
        let row = |term| {
            text.rows
                .iter()
                .find(|(t, _)| *t == term)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(row("Consensus"), Some("No"));
        assert_eq!(row("Median"), Some("5"));
        assert_eq!(row("Mode"), Some("–"));
        assert_eq!(row("Spread"), Some("3 cards"));
        assert_eq!(row("Highest"), Some("Ben, Cy"));
        assert_eq!(
            text.explain.as_deref(),
            Some("Ana (lowest) and Ben, Cy (highest): please explain your cards.")
        );
        assert_eq!(
            text.break_notice.as_deref(),
            Some("3 or more ☕: time for a break.")
        );
        assert_eq!(FigureText::label("IOS-1"), "Statistics for IOS-1");
    }
}
