//! Tandem: planning for Scrum teams that plan together, in the browser.
//!
//! - [`domain`]: the rules, pure Rust.
//! - [`storage`]: localStorage and export/import files; the only place that
//!   touches browser storage.
//! - [`ui`]: Leptos components, one module per view.

pub mod domain;
pub mod storage;
pub mod ui;

/// Bytes of wasm linear memory in use, for the benchmark (read from the
/// page as `wasmBindings.wasm_memory_bytes()`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |b| f64::from(b.byte_length()))
        })
        .unwrap_or(0.0)
}
