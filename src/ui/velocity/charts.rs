//! Small SVG charts. Each is an image with a summary for screen readers;
//! the views put a data table beside every chart.

use leptos::prelude::*;

/// Bars in pairs (e.g. committed and completed) per label.
#[component]
pub fn PairedBars(
    /// The chart's accessible summary.
    summary: String,
    /// (label, first value, second value).
    rows: Vec<(String, f64, f64)>,
    /// Names of the two series, for the legend.
    names: (&'static str, &'static str),
) -> impl IntoView {
    let (w, h, pad) = (560.0, 180.0, 24.0);
    let max = rows.iter().flat_map(|r| [r.1, r.2]).fold(1.0_f64, f64::max);
    let slot = (w - pad) / rows.len().max(1) as f64;
    let bar = (slot / 3.0).max(2.0);
    let height = move |v: f64| (v / max) * (h - 2.0 * pad);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=summary>
                <line x1=pad y1=h - pad x2=w y2=h - pad class="axis" />
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, a, b))| {
                        let x = pad + i as f64 * slot + slot / 6.0;
                        view! {
                            <rect class="series-a" x=x y=h - pad - height(a) width=bar height=height(a) />
                            <rect class="series-b" x=x + bar y=h - pad - height(b) width=bar height=height(b) />
                            <text x=x + bar y=h - 6.0 text-anchor="middle">{label}</text>
                        }
                    })
                    .collect_view()}
            </svg>
            <figcaption>
                <span class="key-a">"■ "{names.0}</span>
                " "
                <span class="key-b">"■ "{names.1}</span>
            </figcaption>
        </figure>
    }
}

/// Burndown and burn-up over days: remaining and done points, the scope
/// and the ideal line.
#[component]
pub fn BurnLine(
    /// The chart's accessible summary.
    summary: String,
    /// Scope in points (where the ideal line starts).
    scope: f64,
    /// Remaining points per day; `None` for days to come.
    points: Vec<Option<f64>>,
    /// Points done by each day (the burn-up).
    done: Vec<Option<f64>>,
) -> impl IntoView {
    let (w, h, pad) = (560.0, 160.0, 16.0);
    let n = points.len().max(2) as f64 - 1.0;
    let max = scope.max(1.0);
    let x = move |i: usize| pad + i as f64 / n * (w - 2.0 * pad);
    let y = move |v: f64| h - pad - v / max * (h - 2.0 * pad);
    let actual = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
        .collect::<Vec<_>>()
        .join(" ");
    let up = done
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
        .collect::<Vec<_>>()
        .join(" ");
    let last = points.len().saturating_sub(1);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=summary>
                <line x1=pad y1=h - pad x2=w - pad y2=h - pad class="axis" />
                <line x1=x(0) y1=y(scope) x2=x(last) y2=y(0.0) class="ideal" />
                <line x1=x(0) y1=y(scope) x2=x(last) y2=y(scope) class="scope" />
                <polyline points=actual class="series-b" fill="none" />
                <polyline points=up class="series-up" fill="none" />
            </svg>
            <figcaption>
                <span class="key-b">"— remaining (burndown)"</span>
                " "
                <span class="key-up">"— done (burn-up)"</span>
                " "
                <span class="key-ideal">"- - ideal"</span>
            </figcaption>
        </figure>
    }
}
