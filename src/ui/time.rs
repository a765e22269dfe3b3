//! Dates as people read them, in the browser's time zone.

use chrono::{DateTime, Local, Utc};

/// `22 Nov 2026, 09:41` in local time.
pub fn local_date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%-d %b %Y, %H:%M")
        .to_string()
}

/// The local calendar day now (export file names use it).
pub fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}
