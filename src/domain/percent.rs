//! A member's share of time on one team, in whole percent: the one rule the
//! members view, `set_allocation` and an imported file share.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A share of someone's time: 1 to 100 percent. No share is no allocation
/// (`None` where a share is optional), never `Percent(0)`. Files hold it as
/// a plain integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Percent(u8);

/// Why a number or a text is not a share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PercentError;

impl fmt::Display for PercentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a share is a whole number of percent from 1 to {} (0 for none)",
            Percent::FULL.0
        )
    }
}

impl std::error::Error for PercentError {}

impl Percent {
    /// All of someone's time: a new member's share of their home team, and
    /// the most their shares add up to.
    pub const FULL: Percent = Percent(100);

    /// Reads a share typed by a person: `0` means no share.
    pub fn parse(text: &str) -> Result<Option<Percent>, PercentError> {
        let percent: u8 = text.trim().parse().map_err(|_| PercentError)?;
        if percent == 0 {
            return Ok(None);
        }
        Percent::try_from(percent).map(Some)
    }

    /// The share as a whole number of percent.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The share as a fraction, from 0.01 to 1.
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// The share as a form field shows it: its percent, or 0 for none.
    pub fn field_text(share: Option<Percent>) -> String {
        share.map_or(0, Percent::get).to_string()
    }
}

impl TryFrom<u8> for Percent {
    type Error = PercentError;
    fn try_from(percent: u8) -> Result<Self, Self::Error> {
        if (1..=Percent::FULL.0).contains(&percent) {
            Ok(Percent(percent))
        } else {
            Err(PercentError)
        }
    }
}

impl From<Percent> for u8 {
    fn from(percent: Percent) -> u8 {
        percent.0
    }
}

impl From<Percent> for u32 {
    fn from(percent: Percent) -> u32 {
        u32::from(percent.0)
    }
}

/// `80%`.
impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_whole_percents_and_zero_is_none() {
        let parse = |t: &str| Percent::parse(t).map(|p| p.map(Percent::get));
        assert_eq!(parse(" 80 "), Ok(Some(80)));
        assert_eq!(parse("1"), Ok(Some(1)));
        assert_eq!(parse("100"), Ok(Some(100)));
        assert_eq!(parse("0"), Ok(None));
        for bad in ["", "101", "255", "256", "-5", "12.5", "half"] {
            assert_eq!(parse(bad), Err(PercentError), "{bad}");
        }
    }

    #[test]
    fn shares_show_as_percent_and_as_a_field() {
        let p = |n: u8| Percent::try_from(n).ok();
        assert_eq!(p(80).map(|p| p.to_string()).as_deref(), Some("80%"));
        assert_eq!(Percent::field_text(p(35)), "35");
        assert_eq!(Percent::field_text(None), "0");
        assert_eq!(p(25).map(Percent::fraction), Some(0.25));
        assert_eq!(Percent::FULL.fraction(), 1.0);
        assert!(
            PercentError
                .to_string()
                .contains("from 1 to 100 (0 for none)")
        );
    }

    #[test]
    fn files_hold_shares_as_integers_in_range() {
        let read = |json: &str| serde_json::from_str::<Percent>(json).map(Percent::get);
        assert_eq!(read("40").ok(), Some(40));
        assert_eq!(read("100").ok(), Some(100));
        for bad in ["0", "101", "-1", "50.5", "\"50\""] {
            assert!(read(bad).is_err(), "{bad}");
        }
        let share = Percent::try_from(60).ok();
        assert_eq!(serde_json::to_string(&share).ok().as_deref(), Some("60"));
    }
}
