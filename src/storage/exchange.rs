//! Export and import files: downloading a JSON file and reading a chosen one.

use crate::domain::limits::MAX_IMPORT_BYTES;
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a file could not be downloaded or read.
#[derive(Clone, Debug, PartialEq)]
pub enum FileError {
    /// Larger than Tandem imports; not read at all.
    TooLarge { bytes: f64 },
    /// The browser refused (its words are kept).
    Browser(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::TooLarge { bytes } => write!(
                f,
                "the file is {:.1} MB; Tandem imports files of up to {} MB",
                bytes / 1_048_576.0,
                MAX_IMPORT_BYTES / 1_048_576
            ),
            FileError::Browser(detail) => {
                write!(f, "the browser could not handle the file ({detail})")
            }
        }
    }
}

fn browser_error(error: JsValue) -> FileError {
    let text = js_sys::Reflect::get(&error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{error:?}"));
    FileError::Browser(text)
}

/// Offers `text` to the user as a file download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), FileError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| FileError::Browser("no document".into()))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(browser_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(browser_error)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(browser_error)?
        .dyn_into()
        .map_err(|_| FileError::Browser("no link element".into()))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Some browsers read the blob after the click returns: free it later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// Reads a file the user chose, refusing oversized ones before reading.
pub async fn read_text(file: &web_sys::File) -> Result<String, FileError> {
    let bytes = file.size();
    if bytes > MAX_IMPORT_BYTES as f64 {
        return Err(FileError::TooLarge { bytes });
    }
    let text = JsFuture::from(file.text()).await.map_err(browser_error)?;
    text.as_string()
        .ok_or_else(|| FileError::Browser("the file is not text".into()))
}

/// Puts `text` on the clipboard. Browsers allow it only on secure pages
/// (https or localhost); elsewhere this says so and nothing is copied.
pub async fn copy_to_clipboard(text: &str) -> Result<(), FileError> {
    let navigator = web_sys::window()
        .map(|w| w.navigator())
        .ok_or_else(|| FileError::Browser("no window".into()))?;
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .ok_or_else(|| {
            FileError::Browser("this page may not use the clipboard (it needs https)".into())
        })?;
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| FileError::Browser("this browser can't copy text".into()))?;
    let promise = write
        .call1(&clipboard, &JsValue::from_str(text))
        .map_err(browser_error)?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| FileError::Browser("this browser can't copy text".into()))?;
    JsFuture::from(promise).await.map_err(browser_error)?;
    Ok(())
}
