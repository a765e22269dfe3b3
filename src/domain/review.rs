//! The sprint review summary: what each team completed, grouped by epic,
//! with points, and what carried over, as Markdown to paste anywhere.

use super::ids::{EpicId, StoryId, TeamId};
use super::planning_warning::trim;
use super::story::{Story, StoryStatus};
use super::workspace::Workspace;

/// One team's part of the review.
struct TeamReview<'a> {
    completed: Vec<&'a Story>,
    committed_points: f64,
    carried_over: Vec<&'a Story>,
    returned: Vec<&'a Story>,
}

impl Workspace {
    fn team_review(&self, team: TeamId, n: u32) -> TeamReview<'_> {
        let found = |ids: &[StoryId]| -> Vec<&Story> {
            ids.iter().filter_map(|id| self.story(*id)).collect()
        };
        let record = self
            .sprint_record(n)
            .filter(|r| r.closed_at.is_some())
            .and_then(|r| r.teams.iter().find(|t| t.team == team));
        match record {
            Some(t) => TeamReview {
                completed: found(&t.completed),
                committed_points: t.committed_points,
                carried_over: found(&t.carried_over),
                returned: found(&t.returned),
            },
            // Not closed yet: what stands now.
            None => {
                let planned: Vec<&Story> = self.sprint_backlog(team, n).collect();
                let committed = self
                    .sprint_record(n)
                    .and_then(|r| r.teams.iter().find(|t| t.team == team))
                    .map_or_else(
                        || super::sprint::points(planned.iter().copied()),
                        |t| t.committed_points,
                    );
                let (done, open) = planned
                    .into_iter()
                    .partition(|s| s.status == StoryStatus::Done);
                TeamReview {
                    completed: done,
                    committed_points: committed,
                    carried_over: open,
                    returned: Vec::new(),
                }
            }
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
            let done = super::sprint::points(review.completed.iter().copied());
            out.push_str(&format!(
                "\n## {}\n\nCompleted {} of {} committed points ({} {}).\n",
                team.name,
                trim(done),
                trim(review.committed_points),
                review.completed.len(),
                if review.completed.len() == 1 {
                    "story"
                } else {
                    "stories"
                }
            ));
            let mut epics: Vec<Option<EpicId>> = Vec::new();
            for s in &review.completed {
                if !epics.contains(&s.epic) {
                    epics.push(s.epic);
                }
            }
            // Stories without an epic come last.
            epics.sort_by_key(|e| e.is_none());
            for epic in epics {
                let heading = epic
                    .and_then(|e| self.epic(e))
                    .map_or("No epic".into(), |e| format!("EP-{} {}", e.number, e.title));
                out.push_str(&format!("\n### {heading}\n\n"));
                for s in review.completed.iter().filter(|s| s.epic == epic) {
                    out.push_str(&self.review_line(s));
                }
            }
            if !review.carried_over.is_empty() {
                let title = if self.is_closed(n) {
                    format!("Carried over to sprint {}", n + 1)
                } else {
                    "Not finished yet".to_string()
                };
                out.push_str(&format!("\n### {title}\n\n"));
                for s in &review.carried_over {
                    out.push_str(&self.review_line(s));
                }
            }
            if !review.returned.is_empty() {
                out.push_str("\n### Back to the backlog\n\n");
                for s in &review.returned {
                    out.push_str(&self.review_line(s));
                }
            }
        }
        out
    }

    fn review_line(&self, s: &Story) -> String {
        let points = s.estimate.map_or("not estimated".into(), |p| {
            format!("{} {}", trim(p), if p == 1.0 { "point" } else { "points" })
        });
        format!("- {} {} ({points})\n", self.story_key(s), escape(&s.title))
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
