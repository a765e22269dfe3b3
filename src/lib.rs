//! Tandem: planning for Scrum teams that plan together, in the browser.
//!
//! - [`domain`]: the rules, pure Rust.
//! - [`storage`]: localStorage and export/import files; the only place that
//!   touches browser storage.
//! - [`ui`]: Leptos components, one module per view.

pub mod domain;
pub mod storage;
pub mod ui;
