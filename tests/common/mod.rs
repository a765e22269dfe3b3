//! Helpers shared by the in-browser tests.
#![cfg(target_arch = "wasm32")]

/// Waits `ms` milliseconds on the browser's clock (the storage tests wait
/// for autosave's timer; each test crate compiles this module on its own,
/// and the component tests need no clock).
#[allow(dead_code)]
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Empties this origin's localStorage.
pub fn clear_storage() {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("the test browser has localStorage")
        .clear()
        .expect("localStorage can be cleared");
}
