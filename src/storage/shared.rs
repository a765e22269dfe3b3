//! This browser's share of a live workspace: which room of which sync
//! server its workspace is shared in, and the workspace's document as last
//! held (so a reload, offline too, has it, and offline edits merge on
//! reconnect). Without a share, nothing here is stored. And the channel
//! the tabs of this browser pass their changes on, shared or not.

use super::live::peer::SyncedDoc;
use super::local::{SaveError, read_text, remove, write_text};
use super::workspace_doc::{DocError, WorkspaceDoc};
use crate::domain::room::ShareLink;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The share link (its text after `#/shared/`).
pub const LINK_KEY: &str = "tandem.shared.link";
/// The packed document.
const DOC_KEY: &str = "tandem.shared.doc";

/// The room this browser's workspace is shared in, if any (a stored link
/// that no longer reads is taken as none).
pub fn link() -> Option<ShareLink> {
    read_text(LINK_KEY)
        .ok()
        .flatten()
        .and_then(|text| ShareLink::parse(&text))
}

/// Remembers that this browser's workspace is shared through `link`.
pub fn set_link(link: &ShareLink) -> Result<(), SaveError> {
    write_text(LINK_KEY, &link.rest())
}

/// The document as last stored: `None` when none is, an error when what is
/// stored can't be read.
pub fn load_doc() -> Option<Result<WorkspaceDoc, DocError>> {
    let text = read_text(DOC_KEY).ok().flatten()?;
    Some(WorkspaceDoc::unpacked(&text))
}

/// Stores the document.
pub fn save_doc(doc: &WorkspaceDoc) -> Result<(), SaveError> {
    write_text(DOC_KEY, &doc.packed())
}

/// Stops sharing in this browser: the link and the document go, the
/// workspace (kept apart, as always) stays.
pub fn forget() -> Result<(), SaveError> {
    remove(LINK_KEY)?;
    remove(DOC_KEY)
}

/// What a tab tells the other tabs of this browser that hold the same
/// workspace.
#[derive(Debug, PartialEq)]
pub enum TabMessage {
    /// A tab opened: whoever holds the workspace's document answers with
    /// its [`TabMessage::State`].
    Hello,
    /// A whole document (Yjs update).
    State(Vec<u8>),
    /// One change (Yjs update).
    Update(Vec<u8>),
}

impl TabMessage {
    /// The message as sent: its kind, then its update.
    fn frame(&self) -> Vec<u8> {
        let (kind, update): (u8, &[u8]) = match self {
            TabMessage::Hello => (0, &[]),
            TabMessage::State(update) => (1, update),
            TabMessage::Update(update) => (2, update),
        };
        let mut frame = Vec::with_capacity(1 + update.len());
        frame.push(kind);
        frame.extend_from_slice(update);
        frame
    }

    /// A message as received, if it is one (another tab's bytes are
    /// checked like any input: the document refuses a bad update).
    pub fn read(frame: &[u8]) -> Option<TabMessage> {
        if frame.len() > WorkspaceDoc::MAX_FRAME_BYTES {
            return None;
        }
        let (kind, update) = frame.split_first()?;
        match kind {
            0 => Some(TabMessage::Hello),
            1 => Some(TabMessage::State(update.to_vec())),
            2 => Some(TabMessage::Update(update.to_vec())),
            _ => None,
        }
    }
}

/// The channel of the tabs of a workspace shared in `link`'s room.
pub fn room_channel(link: &ShareLink) -> String {
    format!("tandem.shared.{}", link.code.as_str())
}

/// The channel of the tabs of a workspace that is not shared.
pub const LOCAL_CHANNEL: &str = "tandem.tabs";

/// Tabs of this browser with the same workspace pass each other their
/// document updates here, at once (and, while shared, without the
/// server). This replaces merging the workspace other tabs store: a change
/// merged twice, once by each path, would type its letters twice.
pub struct TabChannel {
    channel: web_sys::BroadcastChannel,
    _handler: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// Listens to the other tabs on channel `name`; `on_message` gets each
    /// message they send.
    pub fn open(name: &str, on_message: impl Fn(TabMessage) + 'static) -> Option<TabChannel> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        let handler =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Ok(bytes) = ev.data().dyn_into::<js_sys::Uint8Array>()
                    && (bytes.length() as usize) <= WorkspaceDoc::MAX_FRAME_BYTES
                    && let Some(message) = TabMessage::read(&bytes.to_vec())
                {
                    on_message(message);
                }
            });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _handler: handler,
        })
    }

    /// Sends `message` to the other tabs.
    pub fn post(&self, message: &TabMessage) {
        let _ = self
            .channel
            .post_message(&js_sys::Uint8Array::from(message.frame().as_slice()).into());
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_messages_read_back_as_sent_and_anything_else_is_refused() {
        for message in [
            TabMessage::Hello,
            TabMessage::State(vec![1, 2, 3]),
            TabMessage::Update(vec![0, 0]),
        ] {
            assert_eq!(TabMessage::read(&message.frame()), Some(message));
        }
        assert_eq!(TabMessage::read(&[]), None);
        assert_eq!(TabMessage::read(&[7, 1]), None);
        let huge = vec![2; WorkspaceDoc::MAX_FRAME_BYTES + 1];
        assert_eq!(TabMessage::read(&huge), None);
    }
}
