//! Components mounted alone in headless Chromium, each on a state of its
//! own (as Leptos's counters example does): clicks and keys on the real DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::WithUntracked;
use std::cell::Cell;
use std::rc::Rc;
use tandem::domain::Workspace;
use tandem::ui::app::Alerts;
use tandem::ui::backlog::BacklogView;
use tandem::ui::state::AppState;
use tandem::ui::teams::TeamsView;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::clear_storage;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the effects a click or a keystroke started run (as in Leptos's
/// counters example: no clock involved).
async fn settle() {
    leptos::task::tick().await;
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn by_label(label: &str) -> web_sys::HtmlElement {
    document()
        .query_selector(&format!("[aria-label=\"{label}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("nothing labelled {label}"))
        .dyn_into()
        .unwrap()
}

fn exists_label(label: &str) -> bool {
    document()
        .query_selector(&format!("[aria-label=\"{label}\"]"))
        .unwrap()
        .is_some()
}

fn button(text: &str) -> web_sys::HtmlElement {
    let buttons = document().query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text}"))
}

fn text_of(selector: &str) -> String {
    document()
        .query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn type_into(label: &str, value: &str, event: &str) {
    let input: web_sys::HtmlInputElement = by_label(label).dyn_into().unwrap();
    input.set_value(value);
    input
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict(event, &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
}

/// A view mounted alone with the error and notice regions beside it, on
/// a fresh state around `workspace` (no storage, no router): the returned
/// state is the one the view changes. Dropping the handle unmounts it.
fn mount_view<V: leptos::IntoView + 'static>(
    workspace: Workspace,
    view: impl FnOnce() -> V + 'static,
) -> (AppState, impl Drop) {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let made = Rc::new(Cell::new(None::<AppState>));
    let out = made.clone();
    let handle = leptos::mount::mount_to(host.unchecked_into(), move || {
        let state = AppState::new(workspace, true);
        leptos::prelude::provide_context(state);
        out.set(Some(state));
        leptos::view! { <Alerts /> {view()} }
    });
    (made.get().expect("the view was mounted"), handle)
}

/// A workspace with the three default teams and these iOS stories.
fn ios_backlog(titles: &[&str]) -> Workspace {
    let mut ws = Workspace::with_default_teams();
    let ios = ws.teams()[0].id;
    for title in titles {
        ws.add_story(ios, title, chrono::Utc::now()).unwrap();
    }
    ws
}

#[wasm_bindgen_test]
async fn the_backlog_adds_reorders_estimates_deletes_undoes_and_filters() {
    clear_storage();
    let (state, view) = mount_view(Workspace::with_default_teams(), || {
        let story = leptos::prelude::Memo::new(|_| None::<String>);
        leptos::view! { <BacklogView team_key="ios".to_string() story_key=story /> }
    });
    settle().await;
    assert!(text_of("h1").contains("iOS backlog"), "{}", text_of("body"));

    // Add two stories with Enter (a form submit).
    for title in ["Delete my profile", "Edit avatar"] {
        type_into("New story title", title, "input");
        let form: web_sys::HtmlFormElement = document()
            .query_selector("form.add-story")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        form.request_submit().unwrap();
        settle().await;
    }
    assert!(exists_label("IOS-1 Delete my profile"));
    assert!(exists_label("IOS-2 Edit avatar"));
    assert!(text_of(".summary").starts_with("2 stories"));
    assert_eq!(state.workspace.with_untracked(|w| w.stories().len()), 2);

    // Keyboard reorder: move IOS-2 up.
    by_label("Move IOS-2 up").click();
    settle().await;
    let rows = document().query_selector_all("[role=listitem]").unwrap();
    let first: web_sys::Element = rows.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        first.get_attribute("aria-label").unwrap(),
        "IOS-2 Edit avatar"
    );

    // An estimate edited in place.
    type_into("Estimate of IOS-1 in points", "5", "change");
    settle().await;
    assert!(text_of(".summary").contains("1 estimated · 5 points"));

    // A bad estimate is refused with an alert and the field is put back.
    type_into("Estimate of IOS-1 in points", "lots", "change");
    settle().await;
    assert!(text_of("[role=alert]").contains("an estimate is a number of points"));
    let estimate: web_sys::HtmlInputElement =
        by_label("Estimate of IOS-1 in points").dyn_into().unwrap();
    assert_eq!(estimate.value(), "5");

    // Delete, then undo from the notice.
    by_label("Delete IOS-1").click();
    settle().await;
    assert!(!exists_label("IOS-1 Delete my profile"));
    assert!(text_of("[role=status]").contains("Deleted IOS-1"));
    button("Undo").click();
    settle().await;
    assert!(exists_label("IOS-1 Delete my profile"));

    // Filter as you type.
    type_into("Filter stories", "avatar", "input");
    settle().await;
    assert!(exists_label("IOS-2 Edit avatar"));
    assert!(!exists_label("IOS-1 Delete my profile"));
    assert!(text_of(".filter-result").contains("Showing 1 of 2"));
    drop(view);
}

#[wasm_bindgen_test]
async fn the_teams_view_refuses_a_taken_key_and_asks_before_removing_stories() {
    clear_storage();
    let (state, view) = mount_view(ios_backlog(&["Delete my profile", "Edit avatar"]), || {
        leptos::view! { <TeamsView /> }
    });
    settle().await;

    // A duplicate key is refused with an alert naming the other team.
    type_into("Key of team iOS", "AND", "change");
    settle().await;
    assert!(text_of("[role=alert]").contains("already used by Android"));
    let key: web_sys::HtmlInputElement = by_label("Key of team iOS").dyn_into().unwrap();
    assert_eq!(key.value(), "IOS");

    // Removing a team with stories asks first and says how many.
    by_label("Remove team iOS").click();
    settle().await;
    assert!(text_of("[role=alertdialog]").contains("the 2 stories"));
    button("Remove iOS and 2 stories").click();
    settle().await;
    assert!(!exists_label("Key of team iOS"));
    assert!(text_of("[role=status]").contains("Removed team iOS and its 2 stories"));
    assert_eq!(state.workspace.with_untracked(|w| w.teams().len()), 2);
    drop(view);
}

/// Mounts the participant page alone in a fresh element; dropping the
/// handle unmounts it (and closes its connection).
fn mount_join(link: &str) -> impl Drop {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let link = link.to_string();
    leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        leptos::view! { <tandem::ui::join::JoinView link=link.clone() /> }
    })
}

#[wasm_bindgen_test]
async fn the_participant_page_asks_a_name_once_and_shows_it_as_text() {
    use tandem::domain::room::{JoinLink, RoomCode, ServerAddress};
    use tandem::domain::seal::RoomSigner;
    clear_storage();
    // A bad link says what is wrong instead of joining.
    let page = mount_join("abc");
    settle().await;
    assert!(text_of("[role=alert]").contains("no valid room code"));
    drop(page);

    // Port 9 on loopback: nothing listens, so the page keeps reconnecting.
    let link = JoinLink {
        code: RoomCode::from_random([5; 16]),
        server: Some(ServerAddress::parse("ws://127.0.0.1:9").unwrap()),
        facilitator: RoomSigner::from_random([1; 32]).public_hex(),
    };
    let rest = link.rest();
    let page = mount_join(&rest);
    settle().await;
    let input: web_sys::HtmlInputElement = document()
        .query_selector("#join-name-input")
        .unwrap()
        .expect("the name field")
        .dyn_into()
        .unwrap();
    input.set_value("<img src=x onerror=alert(1)>");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    button("Join").click();
    settle().await;
    assert!(text_of(".join-me").contains("You are <img src=x onerror=alert(1)>."));
    assert!(
        document()
            .query_selector(".join-page img")
            .unwrap()
            .is_none()
    );
    assert!(text_of(".join-page").contains("Waiting for the facilitator"));
    drop(page);

    // The next visit on this device remembers the name: no form.
    let page = mount_join(&rest);
    settle().await;
    assert!(
        document()
            .query_selector("#join-name-input")
            .unwrap()
            .is_none()
    );
    assert!(text_of(".join-me").contains("You are <img"));
    drop(page);
}

/// A test row: a story and the text its row shows.
#[derive(Clone, Debug, PartialEq)]
struct TextRow(tandem::domain::StoryId, String);

impl tandem::ui::keyed::ForStory for TextRow {
    fn story_id(&self) -> tandem::domain::StoryId {
        self.0
    }
}

#[wasm_bindgen_test]
async fn a_changed_list_wakes_only_the_rows_whose_data_changed() {
    use leptos::prelude::*;
    use tandem::domain::StoryId;
    use tandem::ui::keyed::{KeyedRows, RowCells};

    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let ids: Vec<StoryId> = (1..=3).map(StoryId::from_u128).collect();
    let source = RwSignal::new(vec![
        (ids[0], "IOS-1 Delete my profile".to_string()),
        (ids[1], "IOS-2 Edit avatar".to_string()),
        (ids[2], "IOS-3 Log out".to_string()),
    ]);
    let list = Memo::new(move |_| {
        source.with(|rows| {
            rows.iter()
                .map(|(id, text)| TextRow(*id, text.clone()))
                .collect::<KeyedRows<TextRow>>()
        })
    });
    let cells = RowCells::new(list, |l: &KeyedRows<TextRow>| l);
    // Each row's effect counts its runs, as a row's text node would update.
    let runs: Vec<Rc<Cell<u32>>> = ids.iter().map(|_| Rc::new(Cell::new(0))).collect();
    let rows: Vec<ReadSignal<Option<TextRow>>> = ids.iter().map(|id| cells.cell(*id)).collect();
    for (row, count) in rows.iter().zip(&runs) {
        let (row, count) = (*row, count.clone());
        Effect::new(move |_| {
            row.track();
            count.set(count.get() + 1);
        });
    }
    settle().await;
    let counts = || runs.iter().map(|c| c.get()).collect::<Vec<_>>();
    assert_eq!(counts(), [1, 1, 1]);

    // One story's text changes: only its row wakes.
    source.update(|rows| rows[1].1 = "IOS-2 Change avatar".to_string());
    settle().await;
    settle().await;
    assert_eq!(counts(), [1, 2, 1]);
    assert_eq!(
        rows[1].get_untracked().map(|r| r.1),
        Some("IOS-2 Change avatar".to_string())
    );

    // A reorder changes no row's data: nothing wakes.
    source.update(|rows| rows.swap(0, 2));
    settle().await;
    settle().await;
    assert_eq!(counts(), [1, 2, 1]);

    // A story that leaves the list keeps its last data; one that comes
    // back starts from the list as it is then.
    source.update(|rows| _ = rows.remove(0));
    settle().await;
    assert_eq!(
        rows[2].get_untracked().map(|r| r.1),
        Some("IOS-3 Log out".to_string())
    );
    source.update(|rows| rows.push((ids[2], "IOS-3 Sign out".to_string())));
    settle().await;
    assert_eq!(
        cells.cell(ids[2]).get_untracked().map(|r| r.1),
        Some("IOS-3 Sign out".to_string())
    );
    drop(owner);
}

/// The participant page's parts (ui::dom::Slot): a part whose key is
/// unchanged keeps its very nodes, so a name being typed or a focused card
/// is left alone by room updates; a new key replaces them in place.
#[wasm_bindgen_test]
fn a_slot_rebuilds_only_when_its_key_changes_and_keeps_its_place() {
    use tandem::ui::dom::{Slot, el, text_el};
    let parent = el("section", &[]).unwrap();
    let mut first: Slot<Option<String>> = Slot::new(&parent).unwrap();
    let mut second: Slot<u32> = Slot::new(&parent).unwrap();
    let builds = Cell::new(0);
    let build = |text: &Option<String>| {
        builds.set(builds.get() + 1);
        text.iter().map(|t| text_el("p", &[], t)).collect()
    };
    assert!(first.show(Some("a".into()), build).unwrap());
    assert!(
        second
            .show(2, |n| Ok(vec![text_el("b", &[], &n.to_string())?]))
            .unwrap()
    );
    let shown = first.nodes()[0].clone();
    // The same key: not rebuilt, the same node.
    assert!(!first.show(Some("a".into()), build).unwrap());
    assert_eq!(builds.get(), 1);
    assert!(first.nodes()[0].is_same_node(Some(&shown)));
    // A new key: rebuilt, still before the second slot's nodes.
    assert!(first.show(Some("b".into()), build).unwrap());
    assert_eq!(parent.text_content().unwrap(), "b2");
    assert!(shown.parent_node().is_none(), "the old node is gone");
    // Nothing to show, then something again.
    assert!(first.show(None, build).unwrap());
    assert_eq!(parent.text_content().unwrap(), "2");
    assert!(first.show(Some("c".into()), build).unwrap());
    assert_eq!(parent.text_content().unwrap(), "c2");
}
