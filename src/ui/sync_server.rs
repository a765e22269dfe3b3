//! The sync server setting on the Import & export page: the address of the
//! y-websocket server that live poker rooms run through. A setting of this
//! browser, not of the workspace; with none, Tandem never opens a socket.

use crate::domain::room::MAX_SERVER_ADDRESS_CHARS;
use crate::storage::live::settings;
use leptos::prelude::*;

/// Set, change or clear the sync server address.
#[component]
pub fn SyncServerSettings() -> impl IntoView {
    let saved = RwSignal::new(settings::server().map(|a| a.as_str().to_string()));
    let text = RwSignal::new(saved.get_untracked().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match settings::set_server(&text.get_untracked()) {
            Ok(address) => {
                error.set(None);
                let shown = address.map(|a| a.as_str().to_string());
                text.set(shown.clone().unwrap_or_default());
                done.set(Some(match &shown {
                    Some(a) => format!("Saved. Live rooms run through {a}."),
                    None => "Cleared. Poker runs on this screen only.".to_string(),
                }));
                saved.set(shown);
            }
            Err(e) => {
                done.set(None);
                error.set(Some(e));
            }
        }
    };
    view! {
        <section class="card" aria-labelledby="sync-title">
            <h2 id="sync-title">"Sync server"</h2>
            <p>
                "A live poker room lets everyone vote from their own phone or laptop. It runs through a y-websocket sync server on your intranet (see the README). Leave the address empty to keep poker on one screen."
            </p>
            <form class="inline" on:submit=save>
                <label for="sync-server-input">"Sync server address"</label>
                <input id="sync-server-input" type="text" inputmode="url" placeholder="ws://intranet:1234"
                    maxlength=MAX_SERVER_ADDRESS_CHARS.to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
                <button type="submit">"Save server address"</button>
            </form>
            {move || error.get().map(|e| view! { <p class="alert" role="alert">{e}</p> })}
            {move || done.get().map(|d| view! { <p role="status">{d}</p> })}
        </section>
    }
}
