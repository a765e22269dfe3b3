//! Helpers shared by the test crates. Each crate that says `mod common;`
//! compiles this module on its own, so a helper one crate never calls is
//! not dead code for the others.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

pub mod relay;

/// The day the domain tests happen on.
pub const TEST_DAY: (i32, u32, u32) = (2026, 11, 22);

/// [`TEST_DAY`] at `hour:minute:second` UTC. Tests write their times as a
/// clock on one day, so an order of events reads off the call sites.
pub fn at(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    let (y, m, d) = TEST_DAY;
    on(day(y, m, d), hour, minute, second)
}

/// `date` at `hour:minute:second` UTC, for tests that need another day.
pub fn on(date: NaiveDate, hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    let time = date
        .and_hms_opt(hour, minute, second)
        .expect("a test names a valid time of day");
    Utc.from_utc_datetime(&time)
}

/// A calendar day.
pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a test names a valid date")
}

/// Waits `ms` milliseconds on the browser's clock (the storage tests wait
/// for autosave's timer).
#[cfg(target_arch = "wasm32")]
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Empties this origin's localStorage.
#[cfg(target_arch = "wasm32")]
pub fn clear_storage() {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("the test browser has localStorage")
        .clear()
        .expect("localStorage can be cleared");
}
