//! This browser's share of a live workspace: which room of which sync
//! server its workspace is shared in, and the workspace's document as last
//! held (so a reload, offline too, has it, and offline edits merge on
//! reconnect). Without a share, nothing here is stored.

use super::live::peer::SyncedDoc;
use super::local::{SaveError, read_text, remove, write_text};
use super::workspace_doc::{DocError, WorkspaceDoc};
use crate::domain::room::ShareLink;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The share link (its text after `#/shared/`).
const LINK_KEY: &str = "tandem.shared.link";
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

/// Tabs of this browser with the same shared workspace pass each other
/// their document updates here, at once and without the server. (While
/// shared, this replaces the merge of the workspace other tabs store: a
/// change merged twice, once by each path, would type its letters twice.)
pub struct TabChannel {
    channel: web_sys::BroadcastChannel,
    _handler: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// Listens to the other tabs sharing `link`'s room; `on_update` gets
    /// each update they send (unchecked: the document refuses a bad one).
    pub fn open(link: &ShareLink, on_update: impl Fn(Vec<u8>) + 'static) -> Option<TabChannel> {
        let channel =
            web_sys::BroadcastChannel::new(&format!("tandem.shared.{}", link.code.as_str()))
                .ok()?;
        let handler =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Ok(bytes) = ev.data().dyn_into::<js_sys::Uint8Array>()
                    && bytes.length() as usize <= WorkspaceDoc::MAX_FRAME_BYTES
                {
                    on_update(bytes.to_vec());
                }
            });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _handler: handler,
        })
    }

    /// Sends an update of this tab's to the others.
    pub fn post(&self, update: &[u8]) {
        let _ = self
            .channel
            .post_message(&js_sys::Uint8Array::from(update).into());
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
