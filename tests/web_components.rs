//! Components mounted in headless Chromium: clicks and keys on the real DOM.
#![cfg(target_arch = "wasm32")]

use tandem::ui::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;
use common::{clear_storage, sleep};

wasm_bindgen_test_configure!(run_in_browser);

/// Lets effects, hash changes and timers run.
async fn settle() {
    leptos::task::tick().await;
    sleep(30).await;
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

fn mount_fresh() {
    clear_storage();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/")
        .unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.unchecked_into(), App);
    handle.forget();
}

#[wasm_bindgen_test]
async fn first_run_backlog_add_delete_undo_and_team_rules() {
    mount_fresh();
    settle().await;
    assert!(text_of("main").contains("Welcome to Tandem"));

    button("Start with iOS, Android and Backend").click();
    settle().await;
    assert!(
        text_of("main h1").contains("iOS backlog"),
        "{}",
        text_of("main")
    );
    assert_eq!(
        web_sys::window().unwrap().location().hash().unwrap(),
        "#/backlog/ios"
    );

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

    // Teams: a duplicate key is refused with an alert naming the other team.
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/teams")
        .unwrap();
    settle().await;
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
