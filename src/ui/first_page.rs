//! The first page (`index.html`): the overview and the team backlogs, and
//! nothing else, so a phone's first visit downloads less than half of the
//! app.
//! Everything else is the whole app's (`app.html`), which the first page
//! hands over to, keeping the address's route:
//!
//! - a route it has no view for (a link followed, a deep link);
//! - a workspace shared live, or a live poker room open (their
//!   connections are the whole app's);
//! - another tab of Tandem in this browser: tabs pass their changes as
//!   document updates, which the first page does not hold. It asks on
//!   opening ([`TabMessage::Probe`]) and hands over when any tab answers or
//!   opens later; a change it had not saved yet is saved first, and the
//!   tab that opened told to take it up ([`TabMessage::Stored`]).
//!
//! `index.html`'s start-up script hands the routes it knows are not here
//! over before the wasm loads (the same rule, kept in step by the e2e test
//! `first-page.test.mjs`); this module decides the rest.

use super::app::Pages;
use super::backlog::BacklogView;
use super::home::HomeView;
use super::route::Route;
use super::state::AppState;
use crate::storage::autosave::Autosave;
use crate::storage::local;
use crate::storage::shared::{self, LOCAL_CHANNEL, TabChannel, TabMessage};
use leptos::prelude::*;

/// The whole app, next to the first page (a relative address, so it works
/// under any sub-path). `index.html`'s start-up script names it too.
pub const WHOLE_APP: &str = "app.html";

/// The first page's views.
pub fn pages() -> Pages {
    Pages {
        install,
        view: first_view,
        // Never shared here (that is the whole app's).
        badge: || ().into_any(),
    }
}

/// The view of a route the first page has, or the hand-over to the whole
/// app: the one list of what is here.
fn first_view(page: Route, story: Memo<Option<String>>) -> AnyView {
    match page {
        Route::Home => view! { <HomeView /> }.into_any(),
        Route::Backlog { team, .. } => {
            view! { <BacklogView team_key=team story_key=story /> }.into_any()
        }
        _ => {
            expect_context::<FirstPage>().hand_over();
            ().into_any()
        }
    }
}

/// The first page's link to the other tabs and to its autosave.
#[derive(Clone, Copy)]
struct FirstPage {
    autosave: StoredValue<Autosave, LocalStorage>,
    tabs: StoredValue<Option<TabChannel>, LocalStorage>,
    /// The last write of this page the other tabs know of (or the stored
    /// version it loaded).
    told: StoredValue<String, LocalStorage>,
    /// Handed over: the page is going, nothing more is done here.
    leaving: StoredValue<bool, LocalStorage>,
}

fn install(state: AppState, _route: Memo<Route>, autosave: Autosave) {
    let page = FirstPage {
        told: StoredValue::new_local(autosave.last_write()),
        autosave: StoredValue::new_local(autosave),
        tabs: StoredValue::new_local(None),
        leaving: StoredValue::new_local(false),
    };
    provide_context(page);
    // A change made while the page goes (after the hand-over began) is
    // saved as it goes, by the autosave, whose listener ran first.
    std::mem::forget(window_event_listener(leptos::ev::pagehide, move |_| {
        page.tell_saved()
    }));
    let shared = matches!(local::read_text(shared::LINK_KEY), Ok(Some(_)));
    let live_room = state.workspace.with_untracked(|w| w.live_room().is_some());
    if shared || live_room {
        page.hand_over();
        return;
    }
    // Any word from another tab means it is open: a tab of the whole app
    // answering or saying hello, or another first page asking.
    let tabs = TabChannel::open(LOCAL_CHANNEL, move |_, message| {
        if message != TabMessage::Bye {
            page.hand_over();
        }
    });
    if let Some(tabs) = &tabs {
        tabs.post(&TabMessage::Probe);
    }
    page.tabs.set_value(tabs);
}

impl FirstPage {
    /// Saves what waits to be saved (telling the other tabs), answers a
    /// first page that asked, and opens the whole app at this route.
    fn hand_over(self) {
        if self.leaving.get_value() {
            return;
        }
        self.leaving.set_value(true);
        // Only a write from now on can be one a tab that just opened did
        // not load.
        self.told
            .set_value(self.autosave.with_value(Autosave::last_write));
        self.autosave.with_value(Autosave::save_now);
        self.tell_saved();
        self.post(&TabMessage::Here);
        let location = window().location();
        let hash = location.hash().unwrap_or_default();
        if location.replace(&format!("{WHOLE_APP}{hash}")).is_err() {
            self.leaving.set_value(false);
        }
    }

    /// Tells the other tabs if this page wrote the workspace since it last
    /// did (they may have loaded it before).
    fn tell_saved(self) {
        let stamp = self.autosave.with_value(Autosave::last_write);
        if self.told.with_value(|told| *told != stamp) {
            self.told.set_value(stamp.clone());
            self.post(&TabMessage::Stored(stamp));
        }
    }

    fn post(self, message: &TabMessage) {
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.post(message);
            }
        });
    }
}
