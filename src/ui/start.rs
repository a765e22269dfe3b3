//! First run: choose how to start.

use super::route::{Route, navigate};
use super::state::app_state;
use crate::domain::Workspace;
use leptos::prelude::*;

/// Offered until the user has a workspace.
#[component]
pub fn StartView() -> impl IntoView {
    let state = app_state();
    let start = move |workspace: Workspace| {
        let first = workspace.teams().first().map(|t| t.key.to_string());
        state.replace(workspace);
        match first {
            Some(key) => navigate(&Route::backlog(&key)),
            None => navigate(&Route::Teams),
        }
    };
    view! {
        <section class="view start" aria-labelledby="start-title">
            <h1 id="start-title">"Welcome to Tandem"</h1>
            <p>
                "Plan iOS, Android and the backend they share in one place. Everything stays in this browser; export a JSON file to move it elsewhere."
            </p>
            <div class="start-choices">
                <div class="choice">
                    <h2>"iOS, Android and Backend"</h2>
                    <p>
                        "Two client platform teams (IOS, AND) and a Backend service team (BE), each with an empty backlog."
                    </p>
                    <button class="primary" on:click=move |_| start(Workspace::with_default_teams())>
                        "Start with iOS, Android and Backend"
                    </button>
                </div>
                <div class="choice">
                    <h2>"Your own teams"</h2>
                    <p>"No teams yet: you add them yourself."</p>
                    <button on:click=move |_| start(Workspace::new())>"Start empty"</button>
                </div>
                <div class="choice">
                    <h2>"From a file"</h2>
                    <p>"Continue with a workspace exported from Tandem elsewhere."</p>
                    <a class="button" href=Route::Data.href()>"Import a JSON file"</a>
                </div>
            </div>
        </section>
    }
}
