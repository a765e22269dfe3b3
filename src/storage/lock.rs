//! The browser's cross-tab lock (the Web Locks API, `navigator.locks`).
//!
//! localStorage has no compare-and-swap: two tabs that each read the stored
//! workspace, merge and write can interleave, and the second write then
//! replaces the first unmerged. A lock held by one tab at a time across
//! every tab of the origin closes that window. Browsers offer it only on
//! secure pages (https, localhost); on a plain-http intranet page there is
//! none, and the caller's work runs at once, without it.
//!
//! web-sys has `LockManager` only behind `--cfg web_sys_unstable_apis`, so
//! the API is reached through `js_sys::Reflect`: one method, one callback.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// `navigator.locks`, when this page has one.
fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Whether this page can take the cross-tab lock (secure pages only).
pub fn available() -> bool {
    lock_manager().is_some()
}

/// How [`run_locked`] went about the work.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Locking {
    /// The lock was requested; the work runs once it is granted.
    Requested,
    /// There is no lock here (or the browser refused the request): the work
    /// already ran, without it.
    RanUnlocked,
}

/// Runs `work` while holding the lock `name` across this origin's tabs.
///
/// The lock is granted later, in a task of its own; `work` runs then and
/// must be synchronous: the lock is released as soon as it returns. Where
/// the page has no lock manager the work runs at once, before this returns.
/// A request the browser turns down later (an opaque origin, a sandboxed
/// frame) still runs the work, unlocked: a save without the lock is better
/// than none.
pub fn run_locked(name: &str, work: impl FnOnce() + 'static) -> Locking {
    let Some(locks) = lock_manager() else {
        work();
        return Locking::RanUnlocked;
    };
    let request = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(request) = request else {
        work();
        return Locking::RanUnlocked;
    };
    // Shared by the lock's callback and the refusal, whichever comes first.
    // (A refused request never calls the callback, which then stays in
    // memory: a few bytes, once per refused save.)
    let work = Rc::new(Pending::new(work));
    let granted = {
        let work = work.clone();
        Closure::once_into_js(move |_lock: JsValue| {
            work.run();
            // Not a promise: the lock goes as soon as this returns.
            JsValue::UNDEFINED
        })
    };
    match request.call2(&locks, &JsValue::from_str(name), &granted) {
        Ok(promise) => {
            // `request` returns a promise; `resolve` takes it as it is.
            let promise = js_sys::Promise::resolve(&promise);
            wasm_bindgen_futures::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
                    work.run();
                }
            });
            Locking::Requested
        }
        Err(_) => {
            work.run();
            Locking::RanUnlocked
        }
    }
}

/// Work that runs at most once, by whichever path gets to it first.
struct Pending(RefCell<Option<Box<dyn FnOnce()>>>);

impl Pending {
    fn new(work: impl FnOnce() + 'static) -> Pending {
        Pending(RefCell::new(Some(Box::new(work))))
    }

    fn run(&self) {
        // Taken out before it runs: the work may start another request.
        let work = self.0.borrow_mut().take();
        if let Some(work) = work {
            work();
        }
    }
}
