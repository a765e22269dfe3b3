//! The app shell: state, autosave, routes, header, alerts and notices.

use super::backlog::BacklogView;
use super::board::BoardView;
use super::constraints::ConstraintsView;
use super::data::{DataView, export_workspace};
use super::epics::{EpicView, EpicsView};
use super::home::HomeView;
use super::join::JoinView;
use super::members::MembersView;
use super::poker::{PokerView, PresenterView};
use super::route::{Route, track_route};
use super::shared::{SharedBadge, SharedView};
use super::sprint::{ReviewView, SprintView};
use super::start::StartView;
use super::state::{AppState, app_state};
use super::teams::TeamsView;
use super::velocity::VelocityView;
use crate::domain::Workspace;
use crate::storage::autosave::{self, SaveState};
use crate::storage::local::{self, LoadOutcome, Stamp};
use crate::storage::sync::Tab;
use leptos::prelude::*;
use std::rc::Rc;

/// What a page of the app carries beside the shell (state, autosave,
/// header, alerts): the whole app (`app.html`, `tandem.html`) or the first
/// page (`index.html`, [`super::first_page`]), which holds only what a
/// first visit shows and so downloads less than half of the code.
#[derive(Clone, Copy)]
pub struct Pages {
    /// Starts what lives as long as the page beside the views.
    pub install: fn(AppState, Memo<Route>, autosave::Autosave),
    /// The view of a route (a started workspace, or a route a workspace
    /// that is not started may show: import, a share or join link).
    pub view: fn(Route, Memo<Option<String>>) -> AnyView,
    /// What the header shows after the save state.
    pub badge: fn() -> AnyView,
}

/// Every view, the live workspace and the live poker room.
pub fn whole_app() -> Pages {
    Pages {
        install: |state, route, _| {
            super::shared::SharedHost::install(state);
            // The presenter window and a participant's page never host the room.
            let hosting =
                Memo::new(move |_| !matches!(route.get(), Route::Present | Route::Join(_)));
            super::poker::live::LiveHost::install(state, hosting);
        },
        view: every_view,
        badge: || view! { <SharedBadge /> }.into_any(),
    }
}

fn every_view(page: Route, story: Memo<Option<String>>) -> AnyView {
    match page {
        Route::Home => view! { <HomeView /> }.into_any(),
        Route::Teams => view! { <TeamsView /> }.into_any(),
        Route::Data => view! { <DataView /> }.into_any(),
        Route::Epics { epic: None } => view! { <EpicsView /> }.into_any(),
        Route::Epics { epic: Some(key) } => view! { <EpicView epic_key=key /> }.into_any(),
        Route::Constraints => view! { <ConstraintsView /> }.into_any(),
        Route::Sprint { number } => view! { <SprintView number=number /> }.into_any(),
        Route::Review { number } => view! { <ReviewView number=number /> }.into_any(),
        Route::Board => view! { <BoardView /> }.into_any(),
        Route::Members => view! { <MembersView /> }.into_any(),
        Route::Poker => view! { <PokerView /> }.into_any(),
        Route::Velocity => view! { <VelocityView /> }.into_any(),
        Route::Present => view! { <PresenterView /> }.into_any(),
        Route::Join(rest) => view! { <JoinView link=rest /> }.into_any(),
        Route::Shared(link) => view! { <SharedView link=link /> }.into_any(),
        Route::Backlog { team, .. } => {
            view! { <BacklogView team_key=team story_key=story /> }.into_any()
        }
        Route::NotFound(path) => view! { <NotFound path=path /> }.into_any(),
    }
}

/// The app, with the views of `pages`.
#[component]
pub fn App(
    /// The whole app or the first page.
    pages: Pages,
) -> impl IntoView {
    let (state, startup_alert, stamp) = initial_state();
    provide_context(state);
    state.alert.set(startup_alert);
    let tab = Rc::new(Tab::new(state.workspace.get_untracked(), &stamp));
    let autosave = autosave::install(
        state.workspace,
        Signal::derive(move || state.started.get() && state.saving_allowed.get()),
        state.save_state,
        tab,
    );
    let route = track_route();
    provide_context(route);
    (pages.install)(state, route, autosave);
    install_history_keys(state);
    // The page changes only when the view does: opening a story keeps the
    // backlog (its filter and scroll position) in place.
    let page = Memo::new(move |_| match route.get() {
        Route::Backlog { team, .. } => Route::backlog(&team.to_lowercase()),
        other => other,
    });
    let story = Memo::new(move |_| match route.get() {
        Route::Backlog { story, .. } => story,
        _ => None,
    });

    view! {
        // The projector window shows nothing but the session.
        <Show when=move || !matches!(route.get(), Route::Present | Route::Join(_))>
            <Header route=route badge=pages.badge />
        </Show>
        <Alerts />
        <main id="main" tabindex="-1">
            {move || {
                let page = page.get();
                // Import, a share link and a participant's page (the room
                // only) need no workspace to be started.
                let without_workspace = matches!(page, Route::Data | Route::Shared(_) | Route::Join(_));
                if !state.started.get() && !without_workspace {
                    return view! { <StartView /> }.into_any();
                }
                (pages.view)(page, story)
            }}
        </main>
    }
}

/// Ctrl/Cmd+Z undoes and Ctrl/Cmd+Shift+Z (or Ctrl+Y) redoes workspace
/// changes, except in a text field, where they keep undoing typing. Leaving
/// a field ends its merged undo step.
fn install_history_keys(state: AppState) {
    use wasm_bindgen::JsCast;
    // The app lives as long as the page: the listeners are never removed.
    std::mem::forget(window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let in_text = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                    && el.get_attribute("type").as_deref() != Some("checkbox")
            });
        if in_text {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => state.undo_change(),
            ("z", true) | ("y", false) => state.redo_change(),
            _ => return,
        }
        ev.prevent_default();
    }));
    std::mem::forget(window_event_listener(leptos::ev::change, move |_| {
        state.seal_history()
    }));
}

/// Reads storage once at start; says what went wrong, if anything, and
/// which stored write the state comes from.
fn initial_state() -> (AppState, Option<String>, Stamp) {
    let (state, alert) = match local::load() {
        LoadOutcome::Loaded(workspace, stamp) => {
            let state = AppState::new(*workspace, true);
            if matches!(local::read_text(local::UNREADABLE_KEY), Ok(Some(_))) {
                state.unreadable.set(Some(
                    "Data this browser could not read earlier is still kept aside. Download it to keep it, or discard it to free the space.".into(),
                ));
            }
            return (state, None, stamp);
        }
        LoadOutcome::Empty => (AppState::new(Workspace::new(), false), None),
        LoadOutcome::Unavailable => (
            AppState::new(Workspace::new(), false),
            Some(local::SaveError::Unavailable.to_string()),
        ),
        LoadOutcome::Unreadable { error, kept } => {
            let state = AppState::new(Workspace::new(), false);
            if kept {
                state.unreadable.set(Some(format!(
                    "The workspace stored in this browser can't be read ({error}). Nothing was changed: its text is kept untouched until you discard it. Download it to keep it, then start again or import an export file."
                )));
                (state, None)
            } else {
                // Saving would overwrite the only copy: don't.
                state.saving_allowed.set(false);
                let message = format!(
                    "The workspace stored in this browser can't be read ({error}), and there was no room to keep a copy. Tandem will not save over it; export your work as JSON before closing this tab."
                );
                (state, Some(message))
            }
        }
    };
    // Unreadable text was kept aside (or is never written over), so this
    // tab's first save may replace it: it counts as the version we are on.
    let stamp = local::stored_stamp().ok().flatten().unwrap_or_default();
    (state, alert, stamp)
}

#[component]
fn Header(
    /// The current route, for the link marked as the current page.
    route: Memo<Route>,
    /// What follows the save state ([`Pages::badge`]).
    badge: fn() -> AnyView,
) -> impl IntoView {
    let state = app_state();
    let teams = move || {
        state.workspace.with(|w| {
            w.teams()
                .iter()
                .zip(w.team_story_counts())
                .map(|(t, count)| {
                    (
                        t.key.to_string(),
                        t.name.to_string(),
                        t.colour.to_string(),
                        count,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let current = move |href: String| {
        let here = route.get();
        let here = match here {
            Route::Backlog { team, .. } => Route::backlog(&team).href(),
            Route::Epics { .. } => Route::Epics { epic: None }.href(),
            Route::Sprint { .. } | Route::Review { .. } => Route::Sprint { number: None }.href(),
            other => other.href(),
        };
        (here == href).then_some("page")
    };
    let save_text = move || match state.save_state.get() {
        SaveState::Saved => "All changes saved",
        SaveState::Pending => "Saving…",
        SaveState::Failed(_) => "Not saved",
    };
    // On a narrow screen the links fold away behind the Menu button
    // (style/app.css shows the button only there); wider, the list is
    // always shown and the button hidden.
    let menu_open = RwSignal::new(false);
    let menu_button = NodeRef::<leptos::html::Button>::new();
    // Back and forward are navigation too: the menu should not stay open
    // over the new view.
    Effect::new(move |_| {
        route.track();
        menu_open.set(false);
    });
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    // A followed link closes the menu even when it is the current view's,
    // which changes no route.
    let close_on_link = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a").ok().flatten())
            .is_some();
        if on_link {
            menu_open.set(false);
        }
    };
    view! {
        <header class="topbar">
            <a class="brand" href=Route::Home.href()>"Tandem"</a>
            <nav aria-label="Main" class:open=move || menu_open.get() on:keydown=close_on_escape>
                <button
                    type="button"
                    class="menu-toggle"
                    node_ref=menu_button
                    aria-controls="main-menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <span aria-hidden="true">"☰ "</span>
                    "Menu"
                </button>
                <ul id="main-menu" on:click=close_on_link>
                    <Show when=move || state.started.get()>
                        <For
                            each=teams
                            key=|t| t.clone()
                            children=move |(key, name, colour, count)| {
                                let href = Route::backlog(&key).href();
                                let href_for_current = href.clone();
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            aria-current=move || current(href_for_current.clone())
                                            class="team-link"
                                        >
                                            <span class="team-dot" style=format!("background:{colour}") aria-hidden="true"></span>
                                            {name}
                                            <span class="count" aria-label=format!("{count} stories")>{count}</span>
                                        </a>
                                    </li>
                                }
                            }
                        />
                        {[
                            (Route::Sprint { number: None }, "Sprint planning"),
                            (Route::Board, "Board"),
                            (Route::Poker, "Poker"),
                            (Route::Velocity, "Velocity"),
                            (Route::Epics { epic: None }, "Epics"),
                            (Route::Constraints, "Constraints"),
                            (Route::Teams, "Teams"),
                            (Route::Members, "Members"),
                        ]
                            .into_iter()
                            .map(|(route, label)| {
                                let href = route.href();
                                let here = href.clone();
                                view! {
                                    <li>
                                        <a href=href aria-current=move || current(here.clone())>{label}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </Show>
                    <li>
                        <a href=Route::Data.href() aria-current=move || current(Route::Data.href())>"Import & export"</a>
                    </li>
                </ul>
            </nav>
            <span class="history-buttons">
                <button
                    class="icon"
                    title="Undo (Ctrl+Z)"
                    aria-label="Undo last change"
                    disabled=move || !state.can_undo.get()
                    on:click=move |_| state.undo_change()
                >
                    "↶"
                </button>
                <button
                    class="icon"
                    title="Redo (Ctrl+Shift+Z)"
                    aria-label="Redo"
                    disabled=move || !state.can_redo.get()
                    on:click=move |_| state.redo_change()
                >
                    "↷"
                </button>
            </span>
            <span class="save-state" class:failed=move || autosave::failure(&state.save_state.get()).is_some()>
                {save_text}
            </span>
            {(badge)()}
        </header>
    }
}

/// The error and notice regions. They are always in the page, so screen
/// readers announce what appears in them.
#[component]
pub fn Alerts() -> impl IntoView {
    let state = app_state();
    let save_error = move || {
        state
            .save_state
            .with(|s| autosave::failure(s).map(ToString::to_string))
    };
    view! {
        <div class="alerts" role="alert">
            {move || {
                save_error()
                    .map(|text| {
                        view! {
                            <p class="alert">
                                {text}
                                <button on:click=move |_| export_workspace(state)>"Export JSON"</button>
                            </p>
                        }
                    })
            }}
            {move || {
                // Re-read after each save (save_error tracks save_state):
                // the workspace may have grown.
                // The "full" alert above already says it all.
                if save_error().is_some() {
                    return None;
                }
                local::usage()
                    .filter(|u| u.is_high())
                    .map(|u| {
                        view! {
                            <p class="alert warning">
                                {format!(
                                    "The browser's storage is {}% full. Export JSON to keep a copy, and delete finished stories or old backups to make room.",
                                    u.percent(),
                                )}
                                <button on:click=move |_| export_workspace(state)>"Export JSON"</button>
                            </p>
                        }
                    })
            }}
            {move || {
                state
                    .unreadable
                    .get()
                    .map(|text| {
                        view! {
                            <p class="alert">
                                {text}
                                <button on:click=move |_| download_unreadable(state)>"Download the unreadable data"</button>
                                <button class="link" on:click=move |_| {
                                    match local::discard_unreadable() {
                                        Ok(()) => state.unreadable.set(None),
                                        Err(e) => state.alert.set(Some(e.to_string())),
                                    }
                                }>"Discard it"</button>
                            </p>
                        }
                    })
            }}
            {move || {
                state
                    .alert
                    .get()
                    .map(|text| {
                        view! {
                            <p class="alert">
                                {text}
                                <button class="link" on:click=move |_| state.alert.set(None)>
                                    "Dismiss"
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
        <div class="notices" role="status">
            {move || {
                state
                    .notice
                    .get()
                    .map(|notice| {
                        let has_undo = notice.undo.is_some();
                        view! {
                            <p class="notice">
                                {notice.text}
                                <Show when=move || has_undo>
                                    <button on:click=move |_| state.undo_notice()>"Undo"</button>
                                </Show>
                                <button class="link" on:click=move |_| state.notice.set(None)>
                                    "Dismiss"
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// Offers the kept unreadable text as a file.
fn download_unreadable(state: AppState) {
    let Some(text) = local::unreadable_text() else {
        state
            .alert
            .set(Some("The unreadable data is no longer stored.".into()));
        return;
    };
    let name = format!(
        "tandem-unreadable-{}.json",
        super::time::today().format("%Y-%m-%d")
    );
    if let Err(e) = crate::storage::exchange::download(&name, &text, "application/json") {
        state.alert.set(Some(format!("The download failed: {e}.")));
    }
}

#[component]
fn NotFound(path: String) -> impl IntoView {
    view! {
        <section class="view">
            <h1>"Nothing here"</h1>
            <p>"There is no view at “" {Route::NotFound(path).href()} "”. " <a href=Route::Home.href()>"Go to the overview"</a> "."</p>
        </section>
    }
}
