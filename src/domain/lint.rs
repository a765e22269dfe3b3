//! Story lint: the nudge towards numbers. Each rule names what is missing
//! and what to do; a team may dismiss a notice for one story.

use super::constraint::Constraint;
use super::limits::LARGE_ESTIMATE;
use super::story::{Story, StoryKind};
use serde::{Deserialize, Serialize};

/// The rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LintKind {
    MissingSoThat,
    NoAcceptanceCriteria,
    LargeEstimate,
    SpikeWithoutTimeBox,
    NoMeasurableTarget,
}

impl LintKind {
    /// Every rule.
    pub const ALL: [LintKind; 5] = [
        LintKind::MissingSoThat,
        LintKind::NoAcceptanceCriteria,
        LintKind::LargeEstimate,
        LintKind::SpikeWithoutTimeBox,
        LintKind::NoMeasurableTarget,
    ];

    /// What is wrong and what to do, in a sentence.
    pub fn advice(self) -> &'static str {
        match self {
            LintKind::MissingSoThat => {
                "This user story has no “so that”: add the benefit, so the team can weigh trade-offs."
            }
            LintKind::NoAcceptanceCriteria => {
                "No acceptance criteria yet: add at least one, so everyone knows when it is done."
            }
            LintKind::LargeEstimate => {
                "Estimated above 13 points: consider splitting it into smaller stories."
            }
            LintKind::SpikeWithoutTimeBox => {
                "This spike has no time box: give it a number of days, so it cannot run on forever."
            }
            LintKind::NoMeasurableTarget => {
                "Needs a measurable target: say how much, with a number (e.g. “serve 10,000 concurrent users on 4 nodes”)."
            }
        }
    }
}

/// Whether a text states a number ("200 KB", "4 nodes").
pub fn has_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

/// The rules a story breaks, whether dismissed or not.
pub fn story_lints_all(story: &Story) -> Vec<LintKind> {
    let t = &story.text;
    let mut found = Vec::new();
    if story.kind == StoryKind::UserStory && t.so_that.trim().is_empty() {
        found.push(LintKind::MissingSoThat);
    }
    if story.kind != StoryKind::Spike && story.acceptance_criteria.is_empty() {
        found.push(LintKind::NoAcceptanceCriteria);
    }
    if story.estimate.is_some_and(|p| p.get() > LARGE_ESTIMATE) {
        found.push(LintKind::LargeEstimate);
    }
    if story.kind == StoryKind::Spike && t.time_box_days.is_none() {
        found.push(LintKind::SpikeWithoutTimeBox);
    }
    if story.kind == StoryKind::TechnicalStory && !has_number(&t.i_want) && !has_number(&t.so_that)
    {
        found.push(LintKind::NoMeasurableTarget);
    }
    found
}

/// The notices to show on a story: the rules it breaks, less the dismissed ones.
pub fn story_lints(story: &Story) -> Vec<LintKind> {
    story_lints_all(story)
        .into_iter()
        .filter(|k| !story.dismissed_lints.contains(k))
        .collect()
}

/// The notices to show on a constraint.
pub fn constraint_lints(constraint: &Constraint) -> Vec<LintKind> {
    if has_number(&constraint.target) {
        Vec::new()
    } else {
        vec![LintKind::NoMeasurableTarget]
    }
}
