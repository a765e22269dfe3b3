//! Overview: every team with its backlog size.

use super::route::Route;
use super::state::app_state;
use crate::domain::Points;
use leptos::prelude::*;

/// The landing view once a workspace exists.
#[component]
pub fn HomeView() -> impl IntoView {
    let state = app_state();
    let rows = move || {
        state.workspace.with(|w| {
            w.teams()
                .iter()
                .map(|t| (t.clone(), w.backlog_summary(t.id)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="view" aria-labelledby="home-title">
            <h1 id="home-title">"Overview"</h1>
            <Show
                when=move || state.workspace.with(|w| !w.teams().is_empty())
                fallback=|| {
                    view! {
                        <p>
                            "There are no teams yet. " <a href=Route::Teams.href()>"Add a team"</a>
                            " to get a backlog."
                        </p>
                    }
                }
            >
                <table class="overview">
                    <thead>
                        <tr>
                            <th scope="col">"Team"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Stories"</th>
                            <th scope="col">"Estimated"</th>
                            <th scope="col">"Points"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows()
                                .into_iter()
                                .map(|(team, sum)| {
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                <span class="team-dot" style=format!("background:{}", team.colour) aria-hidden="true"></span>
                                                <a href=Route::backlog(team.key.as_str()).href()>
                                                    {format!("{} ({})", team.name, team.key)}
                                                </a>
                                            </th>
                                            <td>{team.kind.label()}</td>
                                            <td>{sum.stories}</td>
                                            <td>{sum.estimated}</td>
                                            <td>{Points(sum.points).to_string()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
