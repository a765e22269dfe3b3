//! This browser's share of a live workspace: which room of which sync
//! server its workspace is shared in, and the workspace's document as last
//! held (so a reload, offline too, has it, and offline edits merge on
//! reconnect). Without a share, nothing here is stored.

use super::local::{SaveError, read_text, remove, write_text};
use super::workspace_doc::{DocError, WorkspaceDoc};
use crate::domain::room::ShareLink;

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
