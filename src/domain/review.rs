//! The sprint review summary: what each team completed, grouped by epic,
//! with points, and what carried over, as Markdown to paste anywhere.

use super::ids::{EpicId, TeamId};
use super::points::{Estimate, Points};
use super::sprint::{DELETED_STORY, Outcome};
use super::story::{Story, StoryStatus};
use super::workspace::Workspace;

/// One team's part of the review: each story with the points it counts.
/// (A closed sprint's record also lists stories deleted since: `None`.)
struct TeamReview<'a> {
    completed: Vec<(Option<&'a Story>, Option<Estimate>)>,
    completed_points: f64,
    committed_points: f64,
    carried_over: Vec<(Option<&'a Story>, Option<Estimate>)>,
    returned: Vec<(Option<&'a Story>, Option<Estimate>)>,
}

impl Workspace {
    fn team_review(&self, team: TeamId, n: u32) -> TeamReview<'_> {
        // A closed sprint is read from its record alone.
        if let Some(lane) = self.closed_lane(team, n) {
            let listed = |outcome: Outcome| {
                lane.with_outcome(outcome)
                    .map(|s| (s.story, s.points))
                    .collect::<Vec<_>>()
            };
            return TeamReview {
                completed: listed(Outcome::Completed),
                completed_points: lane.completed_points,
                committed_points: lane.committed_points,
                carried_over: listed(Outcome::CarriedOver),
                returned: listed(Outcome::Returned),
            };
        }
        // Not closed yet: what stands now.
        let planned: Vec<&Story> = self.sprint_backlog(team, n).collect();
        let committed = self
            .sprint_record(n)
            .and_then(|r| r.teams.iter().find(|t| t.team == team))
            .map_or_else(
                || super::sprint::points(planned.iter().copied()),
                |t| t.committed_points,
            );
        let (done, open): (Vec<&Story>, Vec<&Story>) = planned
            .into_iter()
            .partition(|s| s.status == StoryStatus::Done);
        TeamReview {
            completed_points: super::sprint::points(done.iter().copied()),
            completed: done.into_iter().map(|s| (Some(s), s.estimate)).collect(),
            committed_points: committed,
            carried_over: open.into_iter().map(|s| (Some(s), s.estimate)).collect(),
            returned: Vec::new(),
        }
    }

    /// The review of sprint `n` as Markdown.
    pub fn review_markdown(&self, n: u32) -> String {
        let mut out = format!("# Sprint {n} review");
        if let Some(c) = self.cadence() {
            out.push_str(&format!(" ({})", c.dates(n)));
        }
        out.push('\n');
        if !self.is_closed(n) {
            out.push_str("\n_The sprint is not closed yet: this is how it stands._\n");
        }
        for team in &self.teams {
            let review = self.team_review(team.id, n);
            if review.completed.is_empty()
                && review.carried_over.is_empty()
                && review.returned.is_empty()
                && review.committed_points == 0.0
            {
                continue;
            }
            out.push_str(&format!(
                "\n## {}\n\nCompleted {} of {} committed points ({} {}).\n",
                team.name,
                Points(review.completed_points),
                Points(review.committed_points),
                review.completed.len(),
                if review.completed.len() == 1 {
                    "story"
                } else {
                    "stories"
                }
            ));
            let mut epics: Vec<Option<EpicId>> = Vec::new();
            let epic_of = |s: &Option<&Story>| s.and_then(|s| s.epic);
            for (s, _) in &review.completed {
                if !epics.contains(&epic_of(s)) {
                    epics.push(epic_of(s));
                }
            }
            // Stories without an epic come last.
            epics.sort_by_key(|e| e.is_none());
            for epic in epics {
                let heading = epic
                    .and_then(|e| self.epic(e))
                    .map_or("No epic".into(), |e| format!("{} {}", e.key(), e.title));
                out.push_str(&format!("\n### {heading}\n\n"));
                for (s, points) in review.completed.iter().filter(|(s, _)| epic_of(s) == epic) {
                    out.push_str(&self.review_line(*s, *points));
                }
            }
            if !review.carried_over.is_empty() {
                let title = if self.is_closed(n) {
                    format!(
                        "Carried over to sprint {}",
                        super::sprint::carried_over_to(n)
                    )
                } else {
                    "Not finished yet".to_string()
                };
                out.push_str(&format!("\n### {title}\n\n"));
                for (s, points) in &review.carried_over {
                    out.push_str(&self.review_line(*s, *points));
                }
            }
            if !review.returned.is_empty() {
                out.push_str("\n### Back to the backlog\n\n");
                for (s, points) in &review.returned {
                    out.push_str(&self.review_line(*s, *points));
                }
            }
        }
        out
    }

    /// One story's line, with the points it counts (for a closed sprint,
    /// the estimate its record keeps).
    fn review_line(&self, s: Option<&Story>, points: Option<Estimate>) -> String {
        let points = points.map_or("not estimated".into(), |p| Points::from(p).words());
        match s {
            Some(s) => format!("- {} {} ({points})\n", self.story_key(s), escape(&s.title)),
            None => format!("- {DELETED_STORY} ({points})\n"),
        }
    }
}

/// Keeps a title from being read as Markdown markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
