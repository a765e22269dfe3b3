//! Story points: a story's estimate (one field rule) and amounts of points
//! (sums, averages, capacities), with the one way the app writes them.

use super::limits::MAX_ESTIMATE;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of points as people read it: at most one decimal, no trailing
/// zeros ("8", "2.5", "6.7"). Sums and averages of estimates, capacities
/// and loads are shown through it, and so is each estimate.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Points(pub f64);

impl Points {
    /// With its unit: "1 point", "2.5 points".
    pub fn words(self) -> String {
        with_unit(self.to_string(), "point", "points")
    }
}

/// An amount as written, with its unit: singular only for exactly "1" (so
/// 1.04, written "1", reads "1 point").
pub fn with_unit(amount: String, one: &str, many: &str) -> String {
    let unit = if amount == "1" { one } else { many };
    format!("{amount} {unit}")
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_one_decimal(f, self.0)
    }
}

/// Writes a number to one decimal without trailing zeros. Days (days off,
/// person-days) read the same way as points.
pub fn write_one_decimal(f: &mut fmt::Formatter<'_>, value: f64) -> fmt::Result {
    // Adding 0 turns a negative zero (an empty sum) into 0.
    let rounded = (value * 10.0).round() / 10.0 + 0.0;
    if rounded.fract() == 0.0 {
        write!(f, "{rounded:.0}")
    } else {
        write!(f, "{rounded:.1}")
    }
}

/// Reads a decimal number typed by a person: spaces around it are dropped
/// and a decimal comma reads as a point (`2,5`). `None` for anything that
/// is not a finite number. Estimates, time boxes and days off read through it.
pub fn parse_decimal(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// A story's estimate, or a card's value: a finite number of points from 0
/// to [`MAX_ESTIMATE`]. Files hold it as a plain number.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Estimate(f64);

/// Why a number or a text is not an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EstimateError;

impl fmt::Display for EstimateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an estimate is a number of points from 0 to {MAX_ESTIMATE}"
        )
    }
}

impl std::error::Error for EstimateError {}

impl Estimate {
    /// An estimate known when the program is written (a built-in deck);
    /// out of range, the build fails.
    pub const fn known(points: f64) -> Estimate {
        assert!(points >= 0.0 && points <= MAX_ESTIMATE);
        Estimate(points)
    }

    /// The points as a number, for sums and comparisons.
    pub fn get(self) -> f64 {
        self.0
    }

    /// Reads an estimate typed by a person: blank means "not estimated";
    /// `½` and `0,5` are accepted for half a point.
    pub fn parse(text: &str) -> Result<Option<Estimate>, EstimateError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let points = if text == "½" {
            Some(0.5)
        } else {
            parse_decimal(text)
        };
        Estimate::try_from(points.ok_or(EstimateError)?).map(Some)
    }

    /// The estimate as a form field shows it: its points, or nothing.
    pub fn field_text(estimate: Option<Estimate>) -> String {
        estimate.map(|e| e.to_string()).unwrap_or_default()
    }
}

impl TryFrom<f64> for Estimate {
    type Error = EstimateError;
    fn try_from(points: f64) -> Result<Self, Self::Error> {
        if points.is_finite() && (0.0..=MAX_ESTIMATE).contains(&points) {
            // -0.0 is in range; keep files and sums free of it.
            Ok(Estimate(points + 0.0))
        } else {
            Err(EstimateError)
        }
    }
}

impl From<Estimate> for f64 {
    fn from(estimate: Estimate) -> f64 {
        estimate.0
    }
}

impl From<Estimate> for Points {
    fn from(estimate: Estimate) -> Points {
        Points(estimate.0)
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Points(self.0).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_accept_common_notations() {
        let parse = |t: &str| Estimate::parse(t).map(|e| e.map(Estimate::get));
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse(" 3 "), Ok(Some(3.0)));
        assert_eq!(parse("½"), Ok(Some(0.5)));
        assert_eq!(parse("0,5"), Ok(Some(0.5)));
        for bad in ["-1", "1001", "NaN", "inf", "lots"] {
            assert_eq!(parse(bad), Err(EstimateError), "{bad}");
        }
    }

    #[test]
    fn decimals_accept_a_comma_and_refuse_what_is_not_a_number() {
        assert_eq!(parse_decimal(" 2,5 "), Some(2.5));
        assert_eq!(parse_decimal("0.5"), Some(0.5));
        assert_eq!(parse_decimal("-1"), Some(-1.0));
        for bad in ["", " ", "NaN", "inf", "-infinity", "2 days", "1e400"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn files_hold_estimates_as_numbers_in_range() {
        let read = |json: &str| serde_json::from_str::<Estimate>(json).map(Estimate::get);
        assert_eq!(read("5").ok(), Some(5.0));
        assert_eq!(read("0.5").ok(), Some(0.5));
        assert!(read("1000.5").is_err());
        assert!(read("-2").is_err());
        let five = Estimate::try_from(5.0).ok();
        assert_eq!(serde_json::to_string(&five).ok().as_deref(), Some("5.0"));
    }

    #[test]
    fn points_are_written_to_one_decimal_without_trailing_zeros() {
        for (points, text) in [
            (8.0, "8"),
            (2.5, "2.5"),
            (6.66, "6.7"),
            (0.5, "0.5"),
            (0.04, "0"),
            (-0.0, "0"),
            (-1.5, "-1.5"),
            (1234.96, "1235"),
            (13.0, "13"),
            (100.0, "100"),
        ] {
            assert_eq!(Points(points).to_string(), text, "{points}");
        }
        assert_eq!(Points(1.0).words(), "1 point");
        assert_eq!(Points(0.5).words(), "0.5 points");
        assert_eq!(Estimate::field_text(None), "");
        assert_eq!(Estimate::field_text(Estimate::try_from(0.5).ok()), "0.5");
    }
}
