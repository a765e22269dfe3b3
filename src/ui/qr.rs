//! A QR code drawn in the page as SVG (no image service: nothing may be
//! loaded from elsewhere).

use leptos::prelude::*;
use qrcode::render::svg;

/// The SVG markup of a QR code for `text`, or `None` when it is too long
/// for one.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The XML declaration means nothing inside an HTML page.
    Some(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}

/// A QR code of `text` with an accessible name.
#[component]
pub fn QrCode(
    /// What the code encodes (a join link).
    text: String,
    /// The accessible name of the picture.
    label: String,
) -> impl IntoView {
    // Our own markup from the qrcode crate, made from a validated link.
    let svg = qr_svg(&text).unwrap_or_default();
    view! { <div class="qr" role="img" aria-label=label inner_html=svg></div> }
}
