//! Number formats, from the styles part (`xl/styles.xml`): a cell holds a
//! number as a decimal text, and is shown as Excel would show it in its
//! style's format, so that a version formatted `0.0` reads `11.0`.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::Event;

use super::error::Error;
use super::xml::{attribute, next, xml_reader};

/// How a number is shown: Excel's General, or with fixed decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberFormat {
    General,
    /// At least `min` and at most `max` decimals (`0.0#` is 1 and 2).
    Decimals {
        min: u8,
        max: u8,
    },
}

/// The number format of each cell style (`<cellXfs>` of `xl/styles.xml`).
pub(crate) fn number_formats(part: &str, xml: &str) -> Result<Vec<NumberFormat>, Error> {
    let mut custom: HashMap<u32, NumberFormat> = HashMap::new();
    let mut formats = Vec::new();
    let mut in_cell_xfs = false;
    let mut reader = xml_reader(xml);
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    let id = attribute(&e, "numFmtId").and_then(|id| id.trim().parse().ok());
                    if let (Some(id), Some(code)) = (id, attribute(&e, "formatCode")) {
                        custom.insert(id, parse_format(&code));
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let id: Option<u32> =
                        attribute(&e, "numFmtId").and_then(|id| id.trim().parse().ok());
                    let format = id.map_or(NumberFormat::General, |id| {
                        custom
                            .get(&id)
                            .copied()
                            .unwrap_or_else(|| builtin_format(id))
                    });
                    formats.push(format);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(formats)
}

/// Excel's built-in number formats with fixed decimals: `0`, `0.00`,
/// `#,##0`, `#,##0.00`. The rest (percentages, dates, …) read as General.
fn builtin_format(id: u32) -> NumberFormat {
    match id {
        1 | 3 => NumberFormat::Decimals { min: 0, max: 0 },
        2 | 4 => NumberFormat::Decimals { min: 2, max: 2 },
        _ => NumberFormat::General,
    }
}

/// A custom format code's decimals, when it is plain digits (`0.0`,
/// `#,##0.00`, `0.0#`); anything else (dates, text, currency) reads as General.
fn parse_format(code: &str) -> NumberFormat {
    let section = code.split(';').next().unwrap_or("");
    if section.is_empty()
        || !section.contains('0')
        || !section.chars().all(|c| matches!(c, '0' | '#' | ',' | '.'))
        || section.matches('.').count() > 1
    {
        return NumberFormat::General;
    }
    let decimals = section.split_once('.').map_or("", |(_, d)| d);
    let zeros = decimals.chars().filter(|c| *c == '0').count();
    let hashes = decimals.chars().filter(|c| *c == '#').count();
    let min = u8::try_from(zeros.min(15)).unwrap_or(15);
    let max = u8::try_from((zeros + hashes).min(15)).unwrap_or(15);
    NumberFormat::Decimals { min, max }
}

/// A number as Excel shows it: General rounds to 15 significant digits and
/// drops trailing zeros (so `11.0` reads `11` and `11.5` reads `11.5`); a
/// fixed format keeps its decimals (`0.0` shows `11.0`). Text that is not a
/// number is kept as it is.
///
/// The rounding is done on the cell's decimal text (half away from zero, as
/// Excel shows `2.675` with two decimals as `2.68`), not by printing an
/// `f64`: core's float formatting would be 7 KB gzipped of the web app.
pub(crate) fn number_text(raw: &str, format: NumberFormat) -> Cow<'_, str> {
    let raw = raw.trim();
    let Some(mut number) = Decimal::parse(raw) else {
        return Cow::Borrowed(raw);
    };
    match format {
        NumberFormat::General => {
            number.round_to_digits(15);
            Cow::Owned(number.plain(0))
        }
        NumberFormat::Decimals { min, max } => {
            number.round_to_digits(number.point.saturating_add(i32::from(max)));
            Cow::Owned(number.plain(usize::from(min)))
        }
    }
}

/// A number as written in decimal: `0.DIGITS × 10^point`, negative or not.
#[derive(Debug, PartialEq)]
pub(crate) struct Decimal {
    negative: bool,
    /// ASCII digits, with no leading or trailing zeros: empty for zero.
    digits: Vec<u8>,
    point: i32,
}

impl Decimal {
    /// `[+-]digits[.digits][(e|E)[+-]digits]`, as a cell's value is written
    /// (what `f64`'s `FromStr` reads, but for `inf` and `NaN`); `None` for
    /// anything else, and for a number too large for an `f64`.
    pub(crate) fn parse(text: &str) -> Option<Decimal> {
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => {
                // Far past an f64's range either way, and no overflow below.
                let exponent = exponent.parse::<i64>().ok()?.clamp(-100_000, 100_000);
                (mantissa, i32::try_from(exponent).ok()?)
            }
            None => (text, 0),
        };
        let (int, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && fraction.is_empty()
            || !int
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut point = i32::try_from(int.len()).ok()?.checked_add(exponent)?;
        let mut digits: Vec<u8> = int.bytes().chain(fraction.bytes()).collect();
        let leading = digits.iter().take_while(|&&b| b == b'0').count();
        digits.drain(..leading);
        point = point.checked_sub(i32::try_from(leading).ok()?)?;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.is_empty() || point < -323 {
            // Zero, or too small for an f64 (which reads it as zero).
            return Some(Decimal {
                negative,
                digits: Vec::new(),
                point: 0,
            });
        }
        // Past f64::MAX (1.8e308), which is not a number a cell holds.
        (point < 309).then_some(Decimal {
            negative,
            digits,
            point,
        })
    }

    /// Keeps the first `keep` digits (none when `keep` is not positive),
    /// rounding half away from zero.
    fn round_to_digits(&mut self, keep: i32) {
        let Ok(keep) = usize::try_from(keep) else {
            // Below half of the last digit kept: zero.
            self.digits.clear();
            self.point = 0;
            return;
        };
        let Some(&next) = self.digits.get(keep) else {
            return;
        };
        self.digits.truncate(keep);
        if next >= b'5' {
            while self.digits.last() == Some(&b'9') {
                self.digits.pop();
            }
            match self.digits.last_mut() {
                Some(last) => *last += 1,
                None => {
                    self.digits.push(b'1');
                    self.point = self.point.saturating_add(1);
                }
            }
        }
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.point = 0;
        }
    }

    /// Without an exponent (`1200`, `0.0005`) and with at least `decimals`
    /// decimals; zero has no sign.
    fn plain(&self, decimals: usize) -> String {
        let point = usize::try_from(self.point).unwrap_or(0);
        let zeros = usize::try_from(self.point.saturating_neg()).unwrap_or(0);
        let (int, fraction) = self.digits.split_at(point.min(self.digits.len()));
        let mut out = String::with_capacity(point + zeros + self.digits.len() + decimals + 3);
        if self.negative && !self.digits.is_empty() {
            out.push('-');
        }
        if int.is_empty() {
            out.push('0');
        }
        out.extend(int.iter().map(|&b| char::from(b)));
        out.extend(std::iter::repeat_n('0', point.saturating_sub(int.len())));
        let written = zeros + fraction.len();
        if written.max(decimals) > 0 {
            out.push('.');
            out.extend(std::iter::repeat_n('0', zeros));
            out.extend(fraction.iter().map(|&b| char::from(b)));
            out.extend(std::iter::repeat_n('0', decimals.saturating_sub(written)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        let general = NumberFormat::General;
        let cases = [
            ("11", general, "11"),
            ("11.5", general, "11.5"),
            ("11.0", general, "11"),
            ("0.30000000000000004", general, "0.3"),
            ("11.199999999999999", general, "11.2"),
            ("1.2E+3", general, "1200"),
            ("-0", general, "0"),
            ("not a number", general, "not a number"),
            ("11", NumberFormat::Decimals { min: 1, max: 1 }, "11.0"),
            ("11.25", NumberFormat::Decimals { min: 1, max: 2 }, "11.25"),
            ("11.5", NumberFormat::Decimals { min: 1, max: 2 }, "11.5"),
            ("11", NumberFormat::Decimals { min: 0, max: 0 }, "11"),
            ("-0.001", NumberFormat::Decimals { min: 2, max: 2 }, "0.00"),
            // Rounding on the written decimals, half away from zero.
            ("2.675", NumberFormat::Decimals { min: 2, max: 2 }, "2.68"),
            ("-2.675", NumberFormat::Decimals { min: 2, max: 2 }, "-2.68"),
            ("0.125", NumberFormat::Decimals { min: 0, max: 2 }, "0.13"),
            ("0.004", NumberFormat::Decimals { min: 0, max: 2 }, "0"),
            ("0.006", NumberFormat::Decimals { min: 0, max: 2 }, "0.01"),
            ("9.995", NumberFormat::Decimals { min: 2, max: 2 }, "10.00"),
            ("0.6", NumberFormat::Decimals { min: 0, max: 0 }, "1"),
            ("99.5", NumberFormat::Decimals { min: 0, max: 0 }, "100"),
            (
                "1e20",
                NumberFormat::Decimals { min: 2, max: 2 },
                "100000000000000000000.00",
            ),
            (
                "1.5e-3",
                NumberFormat::Decimals { min: 1, max: 4 },
                "0.0015",
            ),
            ("1.5e-3", NumberFormat::Decimals { min: 1, max: 2 }, "0.0"),
            (".5", NumberFormat::Decimals { min: 1, max: 1 }, "0.5"),
            // General: 15 significant digits, no exponent.
            ("1.2345678901234567E+20", general, "123456789012346000000"),
            ("1.5E-7", general, "0.00000015"),
            ("-0.000", general, "0"),
            ("+12", general, "12"),
            ("007", general, "7"),
            ("999999999999999.9", general, "1000000000000000"),
            ("0.1000000000000000055511151231257827", general, "0.1"),
            ("1e-400", general, "0"),
            ("1e400", general, "1e400"),
            ("-1e-99999999999", general, "0"),
            ("1e99999999999", general, "1e99999999999"),
            ("1.e2", general, "100"),
            ("e2", general, "e2"),
            ("-", general, "-"),
            ("infinity", general, "infinity"),
            (" 12 ", general, "12"),
            ("inf", general, "inf"),
            ("NaN", general, "NaN"),
            ("1.2.3", general, "1.2.3"),
            ("1e", general, "1e"),
            (".", general, "."),
            ("", general, ""),
        ];
        for (raw, format, want) in cases {
            assert_eq!(number_text(raw, format), want, "{raw} {format:?}");
        }
    }

    /// Away from halves, the decimal rounding agrees with printing the `f64`
    /// as the reader used to.
    #[test]
    fn numbers_read_as_f64_formatting_would() {
        let mut x: f64 = 0.000_123_456_789_012_345_67;
        while x < 1e22 {
            for value in [x, -x, x * 1.000_000_1, 1.0 / x] {
                let raw = value.to_string();
                // Whether the written decimals end in a 5 just past the
                // `keep`th: a half, which the `f64` may be either side of.
                let decimal = Decimal::parse(&raw).unwrap();
                let half = |keep: i32| {
                    decimal.digits.last() == Some(&b'5')
                        && i32::try_from(decimal.digits.len()).unwrap() == keep + 1
                };
                let rounded: f64 = format!("{value:.14e}").parse().unwrap();
                let general = if rounded == 0.0 {
                    "0".to_owned()
                } else {
                    rounded.to_string()
                };
                if half(15) {
                    continue;
                }
                assert_eq!(number_text(&raw, NumberFormat::General), general, "{raw}");
                let raw = format!("{value:e}");
                assert_eq!(number_text(&raw, NumberFormat::General), general, "{raw}");
                for max in 0..4_u8 {
                    // Past 15 digits the `f64` prints its binary noise
                    // (`…983.969` for `…983.97`), which Excel never shows.
                    let keep = decimal.point + i32::from(max);
                    if half(keep) || keep > 15 {
                        continue;
                    }
                    let fixed = format!("{value:.prec$}", prec = usize::from(max));
                    let fixed = fixed
                        .strip_prefix('-')
                        .filter(|f| f.trim_matches(['0', '.']).is_empty())
                        .map_or(fixed.clone(), str::to_owned);
                    let format = NumberFormat::Decimals { min: max, max };
                    assert_eq!(number_text(&raw, format), fixed, "{raw} {max}");
                }
            }
            x *= 3.7;
        }
    }

    #[test]
    fn format_codes() {
        let cases = [
            ("0.0", NumberFormat::Decimals { min: 1, max: 1 }),
            (
                "#,##0.00;[Red]-#,##0.00",
                NumberFormat::Decimals { min: 2, max: 2 },
            ),
            ("0.0#", NumberFormat::Decimals { min: 1, max: 2 }),
            ("0", NumberFormat::Decimals { min: 0, max: 0 }),
            ("0.0.0", NumberFormat::General),
            ("yyyy-mm-dd", NumberFormat::General),
            ("@", NumberFormat::General),
            ("", NumberFormat::General),
        ];
        for (code, want) in cases {
            assert_eq!(parse_format(code), want, "{code}");
        }
    }
}
