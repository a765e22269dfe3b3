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
    /// A tab closed (or went to the back/forward cache).
    Bye,
    /// A whole document (Yjs update).
    State(Vec<u8>),
    /// One change (Yjs update).
    Update(Vec<u8>),
    /// A tab of the first page opened (it holds no document): every open
    /// tab answers [`TabMessage::Here`], and it hands over to the whole app.
    Probe,
    /// A tab is open here (the answer to [`TabMessage::Probe`]).
    Here,
    /// A tab of the first page wrote its last change to storage, as the
    /// write of this id ([`crate::storage::local::Stamp::id`]), and is
    /// leaving: a tab that has not changed the workspace since it loaded
    /// takes up that write (it loaded before it).
    Stored(String),
}

impl TabMessage {
    /// The message as tab `from` sends it: its kind, the tab, its update.
    fn frame(&self, from: u64) -> Vec<u8> {
        let (kind, update): (u8, &[u8]) = match self {
            TabMessage::Hello => (0, &[]),
            TabMessage::Bye => (3, &[]),
            TabMessage::Probe => (4, &[]),
            TabMessage::Here => (5, &[]),
            TabMessage::Stored(stamp) => (6, stamp.as_bytes()),
            TabMessage::State(update) => (1, update),
            TabMessage::Update(update) => (2, update),
        };
        let mut frame = Vec::with_capacity(9 + update.len());
        frame.push(kind);
        frame.extend_from_slice(&from.to_le_bytes());
        frame.extend_from_slice(update);
        frame
    }

    /// A message as received, and the tab that sent it, if it is one
    /// (another tab's bytes are checked like any input: the document
    /// refuses a bad update).
    pub fn read(frame: &[u8]) -> Option<(u64, TabMessage)> {
        if frame.len() > WorkspaceDoc::MAX_FRAME_BYTES {
            return None;
        }
        let (kind, rest) = frame.split_first()?;
        let (from, update) = rest.split_at_checked(8)?;
        let from = u64::from_le_bytes(from.try_into().ok()?);
        let message = match kind {
            0 => TabMessage::Hello,
            3 => TabMessage::Bye,
            4 => TabMessage::Probe,
            5 => TabMessage::Here,
            6 => TabMessage::Stored(String::from_utf8(update.to_vec()).ok()?),
            1 => TabMessage::State(update.to_vec()),
            2 => TabMessage::Update(update.to_vec()),
            _ => return None,
        };
        Some((from, message))
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
    /// This tab, as the others know it.
    me: u64,
    _handler: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// Listens to the other tabs on channel `name`; `on_message` gets each
    /// message they send, with the tab that sent it.
    pub fn open(name: &str, on_message: impl Fn(u64, TabMessage) + 'static) -> Option<TabChannel> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        let handler =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Ok(bytes) = ev.data().dyn_into::<js_sys::Uint8Array>()
                    && (bytes.length() as usize) <= WorkspaceDoc::MAX_FRAME_BYTES
                    && let Some((from, message)) = TabMessage::read(&bytes.to_vec())
                {
                    on_message(from, message);
                }
            });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            // Tells tabs apart, nothing more: no need for the crypto source.
            me: (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64,
            _handler: handler,
        })
    }

    /// Sends `message` to the other tabs.
    pub fn post(&self, message: &TabMessage) {
        let _ = self
            .channel
            .post_message(&js_sys::Uint8Array::from(message.frame(self.me).as_slice()).into());
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
            TabMessage::Bye,
            TabMessage::Probe,
            TabMessage::Here,
            TabMessage::Stored("4:a-tab".into()),
            TabMessage::State(vec![1, 2, 3]),
            TabMessage::Update(vec![0, 0]),
        ] {
            assert_eq!(TabMessage::read(&message.frame(42)), Some((42, message)));
        }
        assert_eq!(TabMessage::read(&[]), None);
        assert_eq!(TabMessage::read(&[0, 1, 2]), None, "no whole tab id");
        assert_eq!(TabMessage::read(&[7, 0, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(
            TabMessage::read(&[6, 0, 0, 0, 0, 0, 0, 0, 0, 0xff]),
            None,
            "a stamp that is not text"
        );
        let huge = vec![2; WorkspaceDoc::MAX_FRAME_BYTES + 1];
        assert_eq!(TabMessage::read(&huge), None);
    }
}
