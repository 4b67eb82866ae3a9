//! Calendar dates as the rule pack and the context write them: `YYYY-MM-DD`.
//!
//! A date is a count of days since 1970-01-01, converted to and from year,
//! month and day with Howard Hinnant's `days_from_civil` and
//! `civil_from_days` (proleptic Gregorian calendar). This is all the calendar
//! the engine needs; the `time` crate it replaces was 7 KB of the web app.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day, with no time of day and no time zone: instruments take
/// effect on a date, and an assessment is "as of" a date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01 (negative before it), from `MIN_DAYS` to
    /// `MAX_DAYS`. Ordering by it is ordering by date.
    days: i32,
}

/// The supported calendar: years -9999 to 9999, as the `time` crate had it.
const MIN_YEAR: i32 = -9999;
const MAX_YEAR: i32 = 9999;
/// -9999-01-01 and 9999-12-31 as days since 1970-01-01 (checked by a test).
const MIN_DAYS: i32 = -4_371_587;
const MAX_DAYS: i32 = 2_932_896;
const SECONDS_PER_DAY: i64 = 86_400;

/// A date that is not a real `YYYY-MM-DD` day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a date in the form YYYY-MM-DD")]
pub struct DateError {
    input: String,
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a valid date (Hinnant's `days_from_civil`).
fn days_from_civil(year: i32, month: u8, day: u8) -> i32 {
    let (month, day) = (i32::from(month), i32::from(day));
    // The year counted from March, so that February 29th is its last day.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400); // 0..=399
    let month_from_march = (month + 9) % 12; // March is 0
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Year, month and day of a count of days since 1970-01-01 (Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i32) -> (i32, u8, u8) {
    let days = days + 719_468; // days since 0000-03-01
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097); // 0..=146096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // March is 0
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1; // 1..=31
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + i32::from(month <= 2);
    // Both are in range by construction; 0 would only show a bug.
    (
        year,
        u8::try_from(month).unwrap_or(0),
        u8::try_from(day).unwrap_or(0),
    )
}

impl Date {
    /// 1970-01-01.
    pub const UNIX_EPOCH: Date = Date { days: 0 };

    /// Builds a date from its parts, if such a day exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        ((MIN_YEAR..=MAX_YEAR).contains(&year) && (1..=days_in_month(year, month)).contains(&day))
            .then(|| Date {
                days: days_from_civil(year, month, day),
            })
    }

    fn from_days(days: i64) -> Option<Date> {
        i32::try_from(days)
            .ok()
            .filter(|days| (MIN_DAYS..=MAX_DAYS).contains(days))
            .map(|days| Date { days })
    }

    /// The day `days` after this one (or before, when negative), if it is
    /// within the calendar the engine supports.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(i64::from(self.days).checked_add(days)?)
    }

    /// The date of a Unix timestamp in UTC. The shells use this for "today";
    /// the engine itself never reads a clock.
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        Date::from_days(seconds.div_euclid(SECONDS_PER_DAY))
    }

    pub fn year(self) -> i32 {
        civil_from_days(self.days).0
    }

    /// The date as people write it: `1 December 2017`.
    pub fn long(self) -> String {
        let (year, month, day) = civil_from_days(self.days);
        let name = usize::from(month)
            .checked_sub(1)
            .and_then(|m| MONTHS.get(m))
            .copied()
            .unwrap_or("");
        format!("{day} {name} {year}")
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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
        let (year, month, day) = civil_from_days(self.days);
        write!(f, "{year:04}-{month:02}-{day:02}")
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

    /// Days since 1970-01-01 of known dates (from Python's `datetime`),
    /// around leap days, century years and month ends.
    const KNOWN: [(&str, i32); 19] = [
        ("1970-01-01", 0),
        ("1969-12-31", -1),
        ("1900-02-28", -25_509),
        ("1900-03-01", -25_508), // 1900 is not a leap year
        ("2000-02-29", 11_016),  // 2000 is
        ("2000-03-01", 11_017),
        ("2004-02-29", 12_477),
        ("2023-02-28", 19_416),
        ("2023-03-01", 19_417),
        ("2024-02-29", 19_782),
        ("2024-12-31", 20_088),
        ("2025-01-01", 20_089),
        ("2017-12-01", 17_501),
        ("2038-01-19", 24_855),
        ("0001-01-01", -719_162),
        ("9999-12-31", MAX_DAYS),
        ("-9999-01-01", MIN_DAYS),
        ("0000-02-29", -719_469), // year 0 (1 BC) is a leap year
        ("0000-03-01", -719_468),
    ];

    #[test]
    fn known_dates_count_the_right_days() {
        for (text, days) in KNOWN {
            let (year, rest) = text.rsplit_once('-').unwrap().0.rsplit_once('-').unwrap();
            let month: u8 = rest.parse().unwrap();
            let day: u8 = text.rsplit_once('-').unwrap().1.parse().unwrap();
            let year: i32 = year.parse().unwrap();
            let date = Date::from_ymd(year, month, day).unwrap();
            assert_eq!(date.days, days, "{text}");
            assert_eq!(civil_from_days(days), (year, month, day), "{text}");
            assert_eq!(date.to_string(), text);
            assert_eq!(date.year(), year);
        }
    }

    #[test]
    fn month_lengths() {
        for (year, month, last) in [
            (2023, 1, 31),
            (2023, 2, 28),
            (2024, 2, 29),
            (1900, 2, 28),
            (2000, 2, 29),
            (2100, 2, 28),
            (2400, 2, 29),
            (-4, 2, 29),
            (-100, 2, 28),
            (2023, 4, 30),
            (2023, 6, 30),
            (2023, 9, 30),
            (2023, 11, 30),
            (2023, 12, 31),
        ] {
            assert!(
                Date::from_ymd(year, month, last).is_some(),
                "{year}-{month}-{last}"
            );
            assert!(
                Date::from_ymd(year, month, last + 1).is_none(),
                "{year}-{month}-{}",
                last + 1
            );
        }
        for (year, month, day) in [
            (2024, 0, 1),
            (2024, 13, 1),
            (2024, 1, 0),
            (10_000, 1, 1),
            (-10_000, 12, 31),
        ] {
            assert!(
                Date::from_ymd(year, month, day).is_none(),
                "{year}-{month}-{day}"
            );
        }
    }

    /// Every day of the calendar: the next day is the next count, and the
    /// conversion goes both ways.
    #[test]
    fn every_day_follows_the_one_before() {
        let (mut year, mut month, mut day) = (MIN_YEAR, 1, 1);
        for days in MIN_DAYS..=MAX_DAYS {
            assert_eq!(civil_from_days(days), (year, month, day), "{days}");
            assert_eq!(days_from_civil(year, month, day), days);
            day += 1;
            if day > days_in_month(year, month) {
                (month, day) = (month + 1, 1);
                if month > 12 {
                    (year, month) = (year + 1, 1);
                }
            }
        }
        assert_eq!((year, month, day), (MAX_YEAR + 1, 1, 1));
    }

    #[test]
    fn adds_days_within_the_calendar() {
        let d: Date = "2024-02-28".parse().unwrap();
        assert_eq!(d.add_days(1).unwrap().to_string(), "2024-02-29");
        assert_eq!(d.add_days(2).unwrap().to_string(), "2024-03-01");
        assert_eq!(d.add_days(-59).unwrap().to_string(), "2023-12-31");
        assert_eq!(d.add_days(366).unwrap().to_string(), "2025-02-28");
        assert_eq!(d.add_days(0), Some(d));
        let max: Date = "9999-12-31".parse().unwrap();
        assert_eq!(max.add_days(1), None);
        assert_eq!(max.add_days(i64::MAX), None);
        assert_eq!(d.add_days(i64::MIN), None);
        let min = Date::from_ymd(-9999, 1, 1).unwrap();
        assert_eq!(min.add_days(-1), None);
        assert_eq!(min.add_days(i64::from(MAX_DAYS - MIN_DAYS)), Some(max));
    }

    #[test]
    fn unix_seconds_read_as_utc_days() {
        for (seconds, text) in [
            (0, "1970-01-01"),
            (86_399, "1970-01-01"),
            (86_400, "1970-01-02"),
            (-1, "1969-12-31"),
            (-86_400, "1969-12-31"),
            (-86_401, "1969-12-30"),
            (1_709_164_800, "2024-02-29"),
            (253_402_300_799, "9999-12-31"),
        ] {
            assert_eq!(
                Date::from_unix_seconds(seconds).unwrap().to_string(),
                text,
                "{seconds}"
            );
        }
        assert_eq!(Date::from_unix_seconds(253_402_300_800), None);
        assert_eq!(Date::from_unix_seconds(i64::MAX), None);
        assert_eq!(Date::from_unix_seconds(i64::MIN), None);
    }

    #[test]
    fn orders_chronologically() {
        let a: Date = "2017-12-01".parse().unwrap();
        let b: Date = "2022-03-29".parse().unwrap();
        assert!(a < b);
    }
}
