//! Rows, the same for every format: the one interface every format's reader
//! implements ([`Rows`]), and rows to items ([`Collector`]): trim, drop empty
//! values, skip rows with nothing to check, read counts, and notice text
//! that an ASCII export flattened to `?`.

use std::borrow::Cow;
use std::ops::ControlFlow;

use vrc_engine::sort::sort_with;
use vrc_engine::{Field, ImportReport, ItemRef, SkippedRow};

use crate::{BorrowedRow, ImportError, Row};

/// Where the rows go: each is handed on as it is read, and the reading stops
/// when this breaks.
pub(crate) type Each<'e> = &'e mut dyn FnMut(Row) -> ControlFlow<()>;

/// [`Each`] for rows whose text is borrowed from the reader.
pub(crate) type EachRef<'e> = &'e mut dyn FnMut(BorrowedRow<'_>) -> ControlFlow<()>;

/// The rows of a file that a format's reader has opened.
///
/// Reading a file is two steps. Each format's `open` (or `read`) reads as
/// far as it must to find every error the file can have (the format, the
/// header and its columns, JSON or XML that does not parse, a broken
/// workbook), and gives back what is left to read as a `Rows`; `for_each`
/// then hands the rows on one at a time. Delimited text is read as it is
/// handed on, from memory or from the file itself; the other formats are
/// parsed whole when opened (their parsers want the whole text) and build
/// each row only as it is handed on. Because the errors are all found by
/// the first step, an error comes before any row, and a caller can open
/// several files before handing on the rows of any (the CLI does, so that
/// an unreadable file stops a run before anything is printed).
pub(crate) trait Rows {
    /// Hands each row to `each`, in file order, until there are no more or
    /// `each` breaks, and fills in what the report says of the rows: how
    /// many were read, those skipped and why, and the warnings about them.
    /// When `each` breaks, the report covers the rows read so far.
    ///
    /// The only error here is a reader under the text that fails
    /// ([`ImportError::Read`]): a file that cannot be read is an error when
    /// it is opened. `file` is its name, for that message.
    fn for_each(
        self: Box<Self>,
        file: &str,
        report: &mut ImportReport,
        each: Each<'_>,
    ) -> Result<(), ImportError>;

    /// [`for_each`](Rows::for_each), each row's text borrowed: delimited
    /// text hands on its rows without copying their text, the other
    /// formats hand on what `for_each` gives.
    fn for_each_ref(
        self: Box<Self>,
        file: &str,
        report: &mut ImportReport,
        each: EachRef<'_>,
    ) -> Result<(), ImportError> {
        self.for_each(file, report, &mut |row| {
            each(BorrowedRow {
                line: row.line,
                item: row.item.borrowed(),
            })
        })
    }
}

/// How many bad counts are named one by one before they are only counted.
const NAMED_BAD_COUNTS: usize = 5;

/// Puts skipped rows in line order.
pub(crate) fn sort_skipped(skipped: &mut [SkippedRow]) {
    sort_with(skipped, |a, b| a.line.cmp(&b.line));
}

/// Turns the rows of one file into items, and collects the rows skipped.
#[derive(Debug)]
pub(crate) struct Collector<'h> {
    headers: &'h [String],
    fields: &'h [(Field, usize)],
    pub(crate) skipped: Vec<SkippedRow>,
    bad_counts: Vec<String>,
    bad_count_total: usize,
    /// How the file groups thousands in its counts.
    pub(crate) grouping: Grouping,
    /// The first value seen flattened to `?`: line, column, value.
    flattened: Option<(u64, String, String)>,
    flattened_total: usize,
}

impl<'h> Collector<'h> {
    pub(crate) fn new(headers: &'h [String], fields: &'h [(Field, usize)]) -> Collector<'h> {
        Collector {
            headers,
            fields,
            skipped: Vec::new(),
            bad_counts: Vec::new(),
            bad_count_total: 0,
            grouping: Grouping::default(),
            flattened: None,
            flattened_total: 0,
        }
    }

    /// Read one row starting at `line`; `cell` gives the raw value of the
    /// column with that index, if the row has one. The row is given back
    /// to be handed on, or `None` when it was skipped.
    pub(crate) fn row<'a>(
        &mut self,
        line: u64,
        mut cell: impl FnMut(usize) -> Option<Cow<'a, str>>,
    ) -> Option<Row> {
        let cells: Vec<Option<Cow<'a, str>>> =
            self.fields.iter().map(|&(_, index)| cell(index)).collect();
        let mut cells = cells.iter();
        let item = self.row_ref(line, |_| cells.next().and_then(|c| c.as_deref()), true)?;
        Some(Row {
            line,
            item: item.to_item(),
        })
    }

    /// [`row`](Collector::row), the row's text borrowed from its cells:
    /// `cell` is asked for the columns of the fields in their order.
    /// `question` is false when the caller knows that no cell has a `?`
    /// (delimited text looks at the whole record at once), and then no
    /// field is looked at for text flattened to `?`.
    pub(crate) fn row_ref<'a>(
        &mut self,
        line: u64,
        mut cell: impl FnMut(usize) -> Option<&'a str>,
        question: bool,
    ) -> Option<ItemRef<'a>> {
        let mut item = ItemRef::default();
        let mut count: Option<(usize, &str)> = None;
        for &(field, index) in self.fields {
            let Some(raw) = cell(index) else { continue };
            let value = trim(raw);
            if value.is_empty() {
                continue;
            }
            match field {
                Field::Publisher => item.publisher = Some(value),
                Field::Product => item.product = Some(value),
                Field::Version => item.version = Some(value),
                Field::Cpe => item.cpe = Some(value),
                Field::Purl => item.purl = Some(value),
                Field::Category => item.category = Some(value),
                Field::System => item.system = Some(value),
                Field::Device => item.device = Some(value),
                Field::Classification => item.classification = Some(value),
                Field::Count => count = Some((index, value)),
            }
        }

        if item == ItemRef::default() && count.is_none() {
            self.skip(line, "empty row");
            return None;
        }
        if item.product.is_none() && item.publisher.is_none() {
            self.skip(line, "no product or publisher");
            return None;
        }

        if let Some((index, raw)) = count {
            match parse_count(raw, self.grouping) {
                Some(n) => item.count = Some(n),
                None => {
                    self.bad_count_total += 1;
                    if self.bad_counts.len() < NAMED_BAD_COUNTS {
                        let column = self.header(index);
                        self.bad_counts.push(format!(
                            "line {line}: the count `{raw}` in column `{column}` is not a whole number; the row was read without a count"
                        ));
                    }
                }
            }
        }

        if question {
            self.note_flattened(line, &item);
        }
        Some(item)
    }

    /// Record a row left out.
    pub(crate) fn skip(&mut self, line: u64, reason: impl Into<String>) {
        self.skipped.push(SkippedRow {
            line,
            reason: reason.into(),
        });
    }

    fn header(&self, index: usize) -> &str {
        self.headers.get(index).map_or("", String::as_str)
    }

    fn note_flattened(&mut self, line: u64, item: &ItemRef<'_>) {
        // Not the version, CPE or package URL: `?` is ordinary there.
        let text_fields = [
            (Field::Product, item.product),
            (Field::Publisher, item.publisher),
            (Field::Category, item.category),
            (Field::System, item.system),
            (Field::Device, item.device),
            (Field::Classification, item.classification),
        ];
        let mut seen = false;
        for (field, value) in text_fields {
            let Some(value) = value else { continue };
            if !looks_flattened(value) {
                continue;
            }
            seen = true;
            if self.flattened.is_none() {
                let column = self
                    .fields
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map_or("", |(_, i)| self.header(*i))
                    .to_owned();
                self.flattened = Some((line, column, value.to_owned()));
            }
        }
        self.flattened_total += usize::from(seen);
    }

    /// The warnings gathered while reading rows.
    pub(crate) fn warnings(&self) -> Vec<String> {
        let mut warnings = self.bad_counts.clone();
        let unnamed = self.bad_count_total.saturating_sub(self.bad_counts.len());
        match unnamed {
            0 => {}
            1 => warnings.push(
                "1 more row has a count that is not a whole number; it was read without a count"
                    .to_owned(),
            ),
            n => warnings.push(format!(
                "{n} more rows have a count that is not a whole number; they were read without a count"
            )),
        }
        if let Some((line, column, value)) = &self.flattened {
            let rows = match self.flattened_total {
                1 => "1 row looks like this".to_owned(),
                n => format!("{n} rows look like this"),
            };
            warnings.push(format!(
                "line {line}, column `{column}`: `{value}` looks like text whose non-ASCII letters were replaced by `?`, \
                 as Windows PowerShell 5.1 does when it writes ASCII by default; {rows}. \
                 Names such as Cyrillic ones cannot be matched like this: export again with `-Encoding UTF8`"
            ));
        }
        warnings
    }
}

/// `str::trim`, settled by a byte at each end for most cells: a printable
/// ASCII character is no white space, so there is nothing to trim, and the
/// characters need not be decoded.
fn trim(cell: &str) -> &str {
    let graphic = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if graphic(cell.as_bytes().first()) && graphic(cell.as_bytes().last()) {
        cell
    } else {
        cell.trim()
    }
}

/// A whole, non-negative number: `12`, ` 12 `, `+12`, and `12.0` as spreadsheets write it.
pub(crate) fn parse_count(raw: &str, grouping: Grouping) -> Option<u64> {
    let raw = raw.trim();
    if let Ok(n) = raw.parse::<u64>() {
        return Some(n);
    }
    let (decimal, thousands) = match grouping {
        Grouping::Comma => ('.', ','),
        Grouping::Dot => (',', '.'),
    };
    // A spreadsheet's float (`12.0`, or `12,0` where the comma is decimal).
    let zeros = |f: &str| !f.is_empty() && f.bytes().all(|b| b == b'0');
    let whole = match raw.split_once(decimal) {
        Some((whole, fraction)) if zeros(fraction) => whole,
        Some(_) => return None,
        // A tool that writes `12.0` whatever the locale, in a file delimited
        // by `;`: a dot then zeros is still a float, unless they are three,
        // a group of thousands (`12.000`).
        None if grouping == Grouping::Dot => match raw.split_once('.') {
            Some((whole, fraction)) if zeros(fraction) && fraction.len() != 3 => whole,
            _ => raw,
        },
        None => raw,
    };
    // Thousands grouped by the locale's separator or a (no-break, thin) space:
    // `1 406`, `1 406`, `1,406`; groups of three after the first.
    let separators = [thousands, ' ', '\u{a0}', '\u{202f}', '\u{2009}'];
    let mut groups = whole.split(|c| separators.contains(&c));
    let first = groups.next()?;
    let ok = |g: &str, most: usize| {
        !g.is_empty() && g.len() <= most && g.bytes().all(|b| b.is_ascii_digit())
    };
    // The first group has one to three digits, or (ungrouped) is the whole number.
    let first_ok = ok(first.trim_start_matches('+'), 3) || (whole == first && ok(first, 20));
    if !first_ok {
        return None;
    }
    let mut digits = first.trim_start_matches('+').to_owned();
    for g in groups {
        if g.len() != 3 || !ok(g, 3) {
            return None;
        }
        digits.push_str(g);
    }
    digits.parse::<u64>().ok()
}

/// Which separator groups thousands in a file's numbers: `1,406` and `12.0`
/// usually; `1.406` and `12,0` in files delimited by `;`, as Excel writes
/// them where the comma is the decimal sign.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Grouping {
    #[default]
    Comma,
    Dot,
}

/// Text an ASCII export flattened: two `?` in a row, or a `?` between letters.
pub(crate) fn looks_flattened(value: &str) -> bool {
    // Almost every cell has no `?` at all: a byte scan settles it, once a row
    // for each field, before anything looks at characters.
    if !value.as_bytes().contains(&b'?') {
        return false;
    }
    if value.contains("??") {
        return true;
    }
    let mut chars = value.chars();
    let (mut a, mut b) = (chars.next(), chars.next());
    for c in chars {
        if b == Some('?') && a.is_some_and(char::is_alphabetic) && c.is_alphabetic() {
            return true;
        }
        (a, b) = (b, Some(c));
    }
    false
}

#[cfg(test)]
#[allow(clippy::type_complexity, reason = "test tables are read as tables")]
mod tests {
    use super::*;

    #[test]
    fn cells_are_trimmed_as_str_trims_them() {
        for cell in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r",
            "a b",
            "\u{a0}a",
            "a\u{3000}",
            "é",
            " é ",
            "\u{85}x",
        ] {
            assert_eq!(trim(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn counts() {
        let cases = [
            ("12", Some(12)),
            (" 7 ", Some(7)),
            ("+3", Some(3)),
            ("12.0", Some(12)),
            ("12.00", Some(12)),
            ("0", Some(0)),
            ("12.5", None),
            ("12.", None),
            ("-1", None),
            ("many", None),
            ("", None),
            ("99999999999999999999999", None),
            // Thousands as spreadsheets group them.
            ("1,234", Some(1234)),
            ("1,234,567", Some(1_234_567)),
            ("1 406", Some(1406)),
            ("1\u{a0}406", Some(1406)),
            ("1\u{202f}406", Some(1406)),
            ("1,406.0", Some(1406)),
            ("1,2345", None),
            ("12,34", None),
            (",123", None),
            ("1.406", None),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_count(raw, Grouping::Comma), want, "{raw:?}");
        }
        // Where the comma is the decimal sign (files delimited by `;`).
        let dot = [
            ("1.406", Some(1406)),
            ("12.000", Some(12_000)),
            ("1 406", Some(1406)),
            ("12,0", Some(12)),
            ("1,406", None),
            ("7", Some(7)),
            ("12.0", Some(12)),
            ("12.00", Some(12)),
            ("12.5", None),
        ];
        for (raw, want) in dot {
            assert_eq!(parse_count(raw, Grouping::Dot), want, "{raw:?}");
        }
    }

    #[test]
    fn flattened_text() {
        let cases = [
            ("??????????? ???????????", true),
            ("Bj?rn M?ller GmbH", true),
            ("Kaspersky?Lab", true),
            ("What?", false),
            ("Is it? Yes", false),
            ("7-Zip", false),
            ("?", false),
            ("Лаборатория Касперского", false),
        ];
        for (value, want) in cases {
            assert_eq!(looks_flattened(value), want, "{value:?}");
        }
    }

    fn collect(rows: &[&[&str]]) -> (Vec<Row>, Vec<SkippedRow>, Vec<String>) {
        let headers: Vec<String> = ["Name", "Publisher", "Count", "Notes"]
            .map(str::to_owned)
            .to_vec();
        let fields = [
            (Field::Publisher, 1),
            (Field::Product, 0),
            (Field::Count, 2),
        ];
        let mut c = Collector::new(&headers, &fields);
        let items = rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| c.row(i as u64 + 2, |i| row.get(i).map(|s| Cow::Borrowed(*s))))
            .collect();
        let warnings = c.warnings();
        (items, c.skipped, warnings)
    }

    #[test]
    fn rows_are_kept_or_skipped() {
        let (items, skipped, warnings) = collect(&[
            &["  7-Zip ", " Igor Pavlov", "3"],
            &["", "", "", "a note"],
            &["", "", "2"],
            &["", ""],
            &["Foo", "", "lots"],
            &["", "Acme"],
        ]);
        let got: Vec<(u64, Option<&str>, Option<&str>, Option<u64>)> = items
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.item.product.as_deref(),
                    r.item.publisher.as_deref(),
                    r.item.count,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (2, Some("7-Zip"), Some("Igor Pavlov"), Some(3)),
                (6, Some("Foo"), None, None),
                (7, None, Some("Acme"), None),
            ]
        );
        let skipped: Vec<(u64, &str)> = skipped
            .iter()
            .map(|s| (s.line, s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            vec![
                (3, "empty row"),
                (4, "no product or publisher"),
                (5, "empty row")
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("line 6: the count `lots` in column `Count`"),
            "{warnings:?}"
        );
    }

    #[test]
    fn bad_counts_are_named_then_counted() {
        let rows: Vec<[&str; 3]> = (0..8).map(|_| ["X", "Y", "n/a"]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
        let (items, _, warnings) = collect(&rows);
        assert_eq!(items.len(), 8);
        assert_eq!(warnings.len(), NAMED_BAD_COUNTS + 1);
        assert_eq!(
            warnings.last().unwrap(),
            "3 more rows have a count that is not a whole number; they were read without a count"
        );
    }

    #[test]
    fn flattened_names_are_warned_once() {
        let (items, _, warnings) = collect(&[
            &["Anti-Virus", "Good Corp"],
            &["??????? ??????", "??????????? ???????????"],
            &["Endpoint", "??????????? ???????????"],
        ]);
        assert_eq!(items.len(), 3);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("line 3, column `Name`: `??????? ??????`"),
            "{warnings:?}"
        );
        assert!(
            warnings[0].contains("2 rows look like this"),
            "{warnings:?}"
        );
    }
}
