//! The live poker room's transport and document: a Yjs document (yrs)
//! per room, synced over a binary websocket with a stock y-websocket server.
//!
//! - [`room_doc`]: where each record lives in the document, read back
//!   through the domain's checks (pure, tested natively).
//! - [`peer`]: the y-websocket protocol for one connection — sync steps,
//!   updates and presence (pure, tested natively).
//! - [`socket`] (browser only): the websocket itself, with reconnection.
//! - [`settings`] (browser only): the server address and this device's keys.

pub mod peer;
pub mod room_doc;
pub mod settings;
pub mod socket;
