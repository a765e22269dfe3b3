//! CSV export of stories (a team backlog, a sprint, or all of them) for
//! spreadsheets: RFC 4180 quoting, UTF-8 with a byte-order mark so
//! spreadsheet programs read accents. Columns are documented in
//! docs/format.md.

use super::ids::TeamId;
use super::story::Story;
use super::workspace::Workspace;
use chrono::NaiveDate;

/// Which stories a CSV file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvScope {
    /// One team's backlog, in backlog order.
    Team(TeamId),
    /// Every team's stories planned in one sprint, team by team; a closed
    /// sprint's stories are those its record keeps.
    Sprint(u32),
    /// Every story of the workspace, team by team.
    All,
}

impl CsvScope {
    /// The rows in scope, in the order of [`COLUMNS`].
    pub fn rows(&self, ws: &Workspace) -> Vec<[String; 13]> {
        if let CsvScope::Sprint(n) = *self
            && let Some(rows) = closed_sprint_rows(ws, n)
        {
            return rows;
        }
        self.stories(ws)
            .into_iter()
            .map(|s| story_fields(ws, s))
            .collect()
    }

    /// The stories in scope as they stand today, team by team in the
    /// workspace's team order, each team's in backlog order. For a closed
    /// sprint, [`CsvScope::rows`] reads its record instead.
    pub fn stories<'a>(&self, ws: &'a Workspace) -> Vec<&'a Story> {
        let teams: Vec<TeamId> = match self {
            CsvScope::Team(team) => vec![*team],
            _ => ws.teams().iter().map(|t| t.id).collect(),
        };
        teams
            .into_iter()
            .flat_map(|team| ws.backlog(team))
            .filter(|s| match self {
                CsvScope::Sprint(n) => s.sprint == Some(*n),
                _ => true,
            })
            .collect()
    }

    /// The download's file name, e.g. `tandem-ios-backlog-2026-11-22.csv`.
    pub fn file_name(&self, ws: &Workspace, day: NaiveDate) -> String {
        let what = match self {
            CsvScope::Team(team) => {
                let key = ws
                    .team(*team)
                    .map(|t| t.key.as_str().to_lowercase())
                    .unwrap_or_else(|| "team".into());
                format!("{key}-backlog")
            }
            CsvScope::Sprint(n) => format!("sprint-{n}"),
            CsvScope::All => "stories".into(),
        };
        format!("tandem-{what}-{}.csv", day.format("%Y-%m-%d"))
    }

    /// The CSV text of the rows in scope.
    pub fn csv(&self, ws: &Workspace) -> Result<String, CsvError> {
        rows_csv(self.rows(ws))
    }
}

/// A closed sprint's rows, read from its record (`None` while the sprint is
/// not closed): every story it held, wherever the story is today, with the
/// points the record keeps, the sprint's number, and what became of it in
/// the Status column. Stories deleted since are left out: a row is a
/// story's, and the record keeps no key or title (the lanes and the review
/// list them, as a story deleted since).
fn closed_sprint_rows(ws: &Workspace, n: u32) -> Option<Vec<[String; 13]>> {
    if !ws.is_closed(n) {
        return None;
    }
    let mut rows = Vec::new();
    for lane in ws.teams().iter().filter_map(|t| ws.closed_lane(t.id, n)) {
        for s in lane.stories {
            let Some(story) = s.story else {
                continue;
            };
            let [
                key,
                team,
                title,
                kind,
                _,
                _,
                _,
                epic,
                depends,
                description,
                created,
                started,
                done,
            ] = story_fields(ws, story);
            let points = s.points.map(|p| p.to_string()).unwrap_or_default();
            rows.push([
                key,
                team,
                title,
                kind,
                s.outcome.label(n),
                points,
                n.to_string(),
                epic,
                depends,
                description,
                created,
                started,
                done,
            ]);
        }
    }
    Some(rows)
}

/// The header row.
pub const COLUMNS: [&str; 13] = [
    "Key",
    "Team",
    "Title",
    "Kind",
    "Status",
    "Estimate",
    "Sprint",
    "Epic",
    "Depends on",
    "Description",
    "Created",
    "Started",
    "Done",
];

/// Why the CSV could not be written.
#[derive(Debug)]
pub struct CsvError(String);

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the CSV could not be written ({})", self.0)
    }
}

/// The stories as CSV text, starting with a byte-order mark.
pub fn stories_csv<'a>(
    ws: &Workspace,
    stories: impl IntoIterator<Item = &'a Story>,
) -> Result<String, CsvError> {
    rows_csv(stories.into_iter().map(|s| story_fields(ws, s)))
}

/// Rows as CSV text under the header row, starting with a byte-order mark.
fn rows_csv(rows: impl IntoIterator<Item = [String; 13]>) -> Result<String, CsvError> {
    let err = |e: csv::Error| CsvError(e.to_string());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS).map_err(err)?;
    for row in rows {
        writer.write_record(row).map_err(err)?;
    }
    let bytes = writer.into_inner().map_err(|e| CsvError(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| CsvError(e.to_string()))?;
    Ok(format!("\u{feff}{text}"))
}

/// One story's values, in the order of [`COLUMNS`]; the printed backlog
/// shows the same words.
pub fn story_fields(ws: &Workspace, s: &Story) -> [String; 13] {
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    let team = ws
        .team(s.team)
        .map(|t| t.name.to_string())
        .unwrap_or_default();
    let epic = s
        .epic
        .and_then(|e| ws.epic(e))
        .map(|e| format!("{} {}", e.key(), e.title))
        .unwrap_or_default();
    let depends = s
        .depends_on
        .iter()
        .filter_map(|d| ws.story(*d))
        .map(|d| ws.story_key(d))
        .collect::<Vec<_>>()
        .join(" ");
    [
        ws.story_key(s),
        team,
        s.title.to_string(),
        s.kind.label().to_string(),
        s.status.label().to_string(),
        s.estimate.map(|p| p.to_string()).unwrap_or_default(),
        s.sprint.map(|n| n.to_string()).unwrap_or_default(),
        epic,
        depends,
        s.description.to_string(),
        time(Some(s.created_at)),
        time(s.started_at),
        time(s.done_at),
    ]
}
