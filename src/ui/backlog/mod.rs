//! A team's product backlog at `#/backlog/<team-key>`: add, filter, edit in
//! place, reorder (drag and drop or keyboard), delete with undo, and a side
//! panel for one story.

mod list;
mod panel;
mod print;
mod row;

use super::csv::CsvExportButton;
use super::route::Route;
use super::state::app_state;
use super::text::stories;
use super::widgets::PrintButton;
use crate::domain::Points;
use crate::domain::csv_export::CsvScope;
use crate::domain::limits::MAX_TITLE_CHARS;
use chrono::Utc;
use leptos::prelude::*;
use list::StoryList;
use panel::StoryPanel;
use print::PrintedBacklog;

/// The backlog of the team whose key is in the URL, with a story open if
/// one is named.
#[component]
pub fn BacklogView(
    /// The team key from the URL (any case).
    team_key: String,
    /// The story key from the URL, when a story is open.
    story_key: Memo<Option<String>>,
) -> impl IntoView {
    let state = app_state();
    let lookup_key = team_key.clone();
    // Only the team's id: renaming it or adding a story must not rebuild the view.
    let team_id = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.team_by_key(&lookup_key).map(|t| t.id))
    });
    let missing_key = team_key.to_uppercase();
    move || match team_id.get() {
        Some(id) => view! { <Backlog team_id=id story_key=story_key /> }.into_any(),
        None => view! {
            <section class="view">
                <h1>"No such team"</h1>
                <p>
                    {format!("There is no team with the key {missing_key}. ")}
                    <a href=Route::Teams.href()>"See all teams"</a>
                    "."
                </p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Backlog(team_id: crate::domain::TeamId, story_key: Memo<Option<String>>) -> impl IntoView {
    let state = app_state();
    let team = Memo::new(move |_| state.workspace.with(|w| w.team(team_id).cloned()));
    let name = move || team.with(|t| t.as_ref().map(|t| t.name.to_string()).unwrap_or_default());
    let summary = Memo::new(move |_| state.workspace.with(|w| w.backlog_summary(team_id)));
    let query = RwSignal::new(String::new());
    let new_title = RwSignal::new(String::new());
    let scroll_to_end = RwSignal::new(0u32);

    let add_story = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let title = new_title.get_untracked();
        if state
            .change(|w| w.add_story(team_id, &title, Utc::now()))
            .is_some()
        {
            new_title.set(String::new());
            // Show the new story even when a filter would hide it.
            query.set(String::new());
            scroll_to_end.update(|n| *n += 1);
        }
    };

    view! {
        <div class="backlog-layout" class:with-panel=move || story_key.with(Option::is_some)>
            <section
                class="view backlog"
                aria-labelledby="backlog-title"
                style=move || {
                    format!(
                        "--team-colour:{}",
                        team.with(|t| t.as_ref().map(|t| t.colour.to_string()).unwrap_or_default()),
                    )
                }
            >
                <header class="backlog-head">
                    <h1 id="backlog-title">
                        <span class="team-dot" aria-hidden="true"></span>
                        {move || format!("{} backlog", name())}
                    </h1>
                    <p class="summary">
                        {move || {
                            let s = summary.get();
                            format!(
                                "{} · {} estimated · {} points{}",
                                stories(s.stories),
                                s.estimated,
                                Points(s.points),
                                if s.with_notices > 0 {
                                    format!(" · {} with notices", stories(s.with_notices))
                                } else {
                                    String::new()
                                },
                            )
                        }}
                    </p>
                    <div class="backlog-actions no-print">
                        <CsvExportButton scope=CsvScope::Team(team_id) />
                        <PrintButton />
                    </div>
                </header>
                <form class="add-story" on:submit=add_story>
                    <input
                        type="text"
                        aria-label="New story title"
                        placeholder="Add a story: type its title and press Enter"
                        maxlength=MAX_TITLE_CHARS
                        bind:value=new_title
                    />
                    <button type="submit">"Add story"</button>
                </form>
                <div class="filter">
                    <input
                        type="search"
                        aria-label="Filter stories"
                        placeholder="Filter by key, title or description"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </div>
                <StoryList team_id=team_id query=query scroll_to_end=scroll_to_end />
                <PrintedBacklog team_id=team_id />
                <p class="hint keyboard-hint">
                    "Keyboard: Alt+↑ / Alt+↓ move the story you are in, Alt+Home moves it to the top. Drag ⠿ to reorder with a mouse."
                </p>
            </section>
            {move || {
                story_key
                    .get()
                    .map(|key| view! { <StoryPanel team_id=team_id story_key=key /> })
            }}
        </div>
    }
}

/// The href of a story's side panel.
pub(crate) fn story_href(team_key: &str, story_key: &str) -> String {
    Route::story(team_key, story_key).href()
}
