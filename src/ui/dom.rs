//! Building DOM nodes straight through web-sys, for the participant page
//! alone: a phone downloads it before its deck shows, and Leptos's view
//! layer and reactive graph were a fifth of its wasm. Everything else in
//! the ui is Leptos.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

/// What building a node can fail with: the browser's own error.
pub type Built<T = Element> = Result<T, JsValue>;

/// The page's document.
pub fn document() -> Built<Document> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// A new `tag` element with `attrs`.
pub fn el(tag: &str, attrs: &[(&str, &str)]) -> Built {
    let element = document()?.create_element(tag)?;
    for (name, value) in attrs {
        element.set_attribute(name, value)?;
    }
    Ok(element)
}

/// A new `tag` element with `attrs` holding `text` (as text, never markup).
pub fn text_el(tag: &str, attrs: &[(&str, &str)], text: &str) -> Built {
    let element = el(tag, attrs)?;
    element.set_text_content(Some(text));
    Ok(element)
}

/// Appends `children` to `parent`, in order.
pub fn append(parent: &Element, children: &[&Element]) -> Built<()> {
    for child in children {
        parent.append_child(child)?;
    }
    Ok(())
}

/// A place among a parent's children whose nodes are replaced as a whole
/// when what they show changes: `key` is what they were built from, so an
/// unchanged key leaves them (and the focus inside them) alone.
pub struct Slot<K> {
    /// An empty text node the slot's nodes stand before.
    anchor: Node,
    nodes: Vec<Element>,
    key: Option<K>,
}

impl<K: PartialEq> Slot<K> {
    /// An empty slot at the end of `parent`.
    pub fn new(parent: &Element) -> Built<Slot<K>> {
        let anchor: Node = document()?.create_text_node("").into();
        parent.append_child(&anchor)?;
        Ok(Slot {
            anchor,
            nodes: Vec::new(),
            key: None,
        })
    }

    /// Shows what `build` makes of `key`, unless the slot already shows
    /// that key. Returns whether it rebuilt.
    pub fn show(&mut self, key: K, build: impl FnOnce(&K) -> Built<Vec<Element>>) -> Built<bool> {
        if self.key.as_ref() == Some(&key) {
            return Ok(false);
        }
        let nodes = build(&key)?;
        self.clear();
        if let Some(parent) = self.anchor.parent_node() {
            for node in &nodes {
                parent.insert_before(node, Some(&self.anchor))?;
            }
        }
        self.nodes = nodes;
        self.key = Some(key);
        Ok(true)
    }

    /// The nodes the slot shows now.
    pub fn nodes(&self) -> &[Element] {
        &self.nodes
    }

    fn clear(&mut self) {
        for node in self.nodes.drain(..) {
            node.remove();
        }
    }
}
