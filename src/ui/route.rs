//! Views have addresses in the URL fragment (`#/backlog/ios`), so reload,
//! back/forward and bookmarks work on any static server and sub-path.

use leptos::prelude::*;

/// A view of the app, as named by the URL fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/`: overview of the teams.
    Home,
    /// `#/teams`: add, rename, re-key, recolour, remove teams.
    Teams,
    /// `#/backlog/<team-key>` and `#/backlog/<team-key>/<story-key>`.
    Backlog { team: String, story: Option<String> },
    /// `#/data`: export, import, backup.
    Data,
    /// `#/epics` and `#/epics/<epic-key>`.
    Epics { epic: Option<String> },
    /// `#/constraints`.
    Constraints,
    /// `#/sprint` (the current sprint) and `#/sprint/<n>`: sprint planning.
    Sprint { number: Option<u32> },
    /// `#/sprint/<n>/review`: the review summary.
    Review { number: u32 },
    /// `#/board`: the board of the current sprint.
    Board,
    /// `#/members`: team members and their allocations.
    Members,
    /// `#/velocity`: velocity, forecasts and flow.
    Velocity,
    /// `#/poker`: the facilitator's planning poker.
    Poker,
    /// `#/poker/present`: the projector window.
    Present,
    /// `#/join/<code>?server=…&key=…`: a participant's page in a live room
    /// (the text after `#/join/`, read by [`crate::domain::room::JoinLink`]).
    Join(String),
    /// `#/shared/<code>?server=…`: opens a shared workspace here (the text
    /// after `#/shared/`, read by [`crate::domain::room::ShareLink`]).
    Shared(String),
    /// Anything else.
    NotFound(String),
}

impl Route {
    /// Reads a fragment such as `#/backlog/ios/IOS-3`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_matches('/');
        // A join link's rest is read whole by JoinLink::parse, slashes and all.
        if let Some(rest) = path.strip_prefix("join/") {
            return Route::Join(rest.to_string());
        }
        if let Some(rest) = path.strip_prefix("shared/") {
            return Route::Shared(rest.to_string());
        }
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["teams"] => Route::Teams,
            ["data"] => Route::Data,
            ["epics"] => Route::Epics { epic: None },
            ["epics", epic] => Route::Epics {
                epic: Some(epic.to_string()),
            },
            ["constraints"] => Route::Constraints,
            ["sprint"] => Route::Sprint { number: None },
            ["sprint", n] if sprint_number(n).is_some() => Route::Sprint {
                number: sprint_number(n),
            },
            ["sprint", n, "review"] if sprint_number(n).is_some() => Route::Review {
                number: sprint_number(n).unwrap_or(1),
            },
            ["board"] => Route::Board,
            ["members"] => Route::Members,
            ["poker"] => Route::Poker,
            ["velocity"] => Route::Velocity,
            ["poker", "present"] => Route::Present,
            ["backlog", team] => Route::Backlog {
                team: team.to_string(),
                story: None,
            },
            ["backlog", team, story] => Route::Backlog {
                team: team.to_string(),
                story: Some(story.to_string()),
            },
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The fragment for this view, starting with `#`.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Teams => "#/teams".into(),
            Route::Data => "#/data".into(),
            Route::Epics { epic: None } => "#/epics".into(),
            Route::Epics { epic: Some(key) } => format!("#/epics/{key}"),
            Route::Constraints => "#/constraints".into(),
            Route::Sprint { number: None } => "#/sprint".into(),
            Route::Sprint { number: Some(n) } => format!("#/sprint/{n}"),
            Route::Review { number } => format!("#/sprint/{number}/review"),
            Route::Board => "#/board".into(),
            Route::Members => "#/members".into(),
            Route::Poker => "#/poker".into(),
            Route::Velocity => "#/velocity".into(),
            Route::Present => "#/poker/present".into(),
            Route::Join(rest) => format!("#/join/{rest}"),
            Route::Shared(rest) => format!("#/shared/{rest}"),
            Route::Backlog { team, story: None } => format!("#/backlog/{}", team.to_lowercase()),
            Route::Backlog {
                team,
                story: Some(story),
            } => format!("#/backlog/{}/{}", team.to_lowercase(), story),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }

    /// A team's backlog.
    pub fn backlog(team_key: &str) -> Route {
        Route::Backlog {
            team: team_key.to_string(),
            story: None,
        }
    }

    /// A story opened in its team's backlog.
    pub fn story(team_key: &str, story_key: &str) -> Route {
        Route::Backlog {
            team: team_key.to_string(),
            story: Some(story_key.to_string()),
        }
    }
}

/// A sprint number in an address: 1 or more.
fn sprint_number(text: &str) -> Option<u32> {
    text.parse().ok().filter(|n| *n >= 1)
}

/// The current route, following `hashchange`. Call once at the top.
pub fn track_route() -> Memo<Route> {
    let hash = RwSignal::new(current_hash());
    // The app lives as long as the page, so the listener is never removed.
    std::mem::forget(window_event_listener(leptos::ev::hashchange, move |_| {
        hash.set(current_hash())
    }));
    Memo::new(move |_| Route::parse(&hash.get()))
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Goes to a view, adding a history entry (so Back returns).
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.href());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_parse_and_print() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/teams"), Route::Teams);
        assert_eq!(Route::parse("#/data/"), Route::Data);
        assert_eq!(Route::parse("#/backlog/ios"), Route::backlog("ios"));
        assert_eq!(
            Route::parse("#/backlog/ios/IOS-3"),
            Route::story("ios", "IOS-3")
        );
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound("nowhere".into()));
        assert_eq!(
            Route::parse("#/sprint/4"),
            Route::Sprint { number: Some(4) }
        );
        assert_eq!(
            Route::parse("#/sprint/0"),
            Route::NotFound("sprint/0".into())
        );
        assert_eq!(
            Route::parse("#/sprint/2/review"),
            Route::Review { number: 2 }
        );
        assert_eq!(Route::parse("#/board"), Route::Board);
        assert_eq!(Route::story("IOS", "IOS-3").href(), "#/backlog/ios/IOS-3");
        for route in [
            Route::Home,
            Route::Teams,
            Route::Data,
            Route::backlog("be"),
            Route::Sprint { number: None },
            Route::Sprint { number: Some(3) },
            Route::Review { number: 3 },
            Route::Board,
            Route::Members,
            Route::Poker,
            Route::Present,
            Route::Velocity,
            Route::Join("abcdefghjk?key=00".into()),
            Route::Join("abcdefghjk?server=wss://h/sync&key=00".into()),
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }
}
