//! Calendar dates as the rule pack and the context write them: `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day, with no time of day and no time zone: instruments take
/// effect on a date, and an assessment is "as of" a date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// A date that is not a real `YYYY-MM-DD` day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a date in the form YYYY-MM-DD")]
pub struct DateError {
    input: String,
}

impl Date {
    /// 1970-01-01.
    pub const UNIX_EPOCH: Date = Date(time::macros::date!(1970 - 01 - 01));

    /// Builds a date from its parts, if such a day exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// The day `days` after this one (or before, when negative), if it is
    /// within the calendar the engine supports.
    pub fn add_days(self, days: i64) -> Option<Date> {
        self.0.checked_add(time::Duration::days(days)).map(Date)
    }

    /// The date of a Unix timestamp in UTC. The shells use this for "today";
    /// the engine itself never reads a clock.
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        time::OffsetDateTime::from_unix_timestamp(seconds)
            .ok()
            .map(|t| Date(t.date()))
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Exactly `YYYY-MM-DD` (around spaces), read by hand: the `time`
    /// crate's format-description parser would be 12 KB of the web app.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || DateError {
            input: s.to_owned(),
        };
        let (year, rest) = s.trim().split_once('-').ok_or_else(error)?;
        let (month, day) = rest.split_once('-').ok_or_else(error)?;
        let number = |digits: &str, len: usize| {
            (digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u16>().ok())
                .flatten()
        };
        let (year, month, day) = (number(year, 4), number(month, 2), number(day, 2));
        year.zip(month)
            .zip(day)
            .and_then(|((y, m), d)| {
                Date::from_ymd(i32::from(y), u8::try_from(m).ok()?, u8::try_from(d).ok()?)
            })
            .ok_or_else(error)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A calendar date, YYYY-MM-DD."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for s in [
            "2017-12-01",
            "2024-09-29",
            "2000-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            assert_eq!(s.parse::<Date>().unwrap().to_string(), s);
        }
        assert_eq!(
            " 2024-06-01\n".parse::<Date>().unwrap().to_string(),
            "2024-06-01"
        );
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        for s in [
            "2025-02-30",
            "2023-02-29",
            "2024-13-01",
            "1 Dec 2017",
            "",
            "2024-1-1",
            "+2024-01-01",
            "2024-01-01x",
            "2024-01-0١",
            "02024-01-01",
            "2024--01-01",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
    }

    #[test]
    fn adds_days_across_months() {
        let d: Date = "2022-03-25".parse().unwrap();
        assert_eq!(d.add_days(60).unwrap().to_string(), "2022-05-24");
    }

    #[test]
    fn orders_chronologically() {
        let a: Date = "2017-12-01".parse().unwrap();
        let b: Date = "2022-03-29".parse().unwrap();
        assert!(a < b);
    }
}
