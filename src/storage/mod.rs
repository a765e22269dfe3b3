//! Browser storage and files: the only code that touches localStorage,
//! downloads or reads files.

pub mod autosave;
pub mod codec;
pub mod encoder;
pub mod exchange;
pub mod live;
pub mod local;
pub mod lock;
pub mod shared;
pub mod snapshots;
pub mod sync;
pub mod workspace_doc;
