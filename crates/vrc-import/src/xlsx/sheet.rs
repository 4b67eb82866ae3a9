//! SpreadsheetML: one sheet's cells, row by row, with the shared strings
//! they refer to. Formulas are read by their cached value; dates are read as
//! the numbers Excel stores. As much text as the archive may inflate to, at
//! most, is handed out from the cells (a short cell may point at a long
//! shared string), and every index and reference is checked.

use std::borrow::Cow;
use std::ops::ControlFlow;

use quick_xml::events::Event;

use super::error::{Error, bytes_text};
use super::number_format::{Decimal, NumberFormat, number_text};
use super::xml::{attribute, next, push_text, xml_reader};

/// Excel's widest sheet: cells further right are not read.
const MAX_COLUMNS: u32 = 16_384;
/// A cell holds at most this many characters in Excel; longer text is cut.
const MAX_CELL_CHARS: usize = 32_767;

/// One sheet's XML with what its cells refer to.
#[derive(Debug)]
pub(crate) struct Sheet {
    part: String,
    xml: String,
    shared: SharedStrings,
    /// The number format of each cell style (`s`), by index.
    formats: Vec<NumberFormat>,
    /// The most cell text to hand out.
    text_limit: u64,
}

impl Sheet {
    /// A sheet's XML, with the shared strings and number formats its cells
    /// refer to, handing out at most `text_limit` bytes of cell text.
    pub(crate) fn new(
        part: String,
        xml: String,
        shared: SharedStrings,
        formats: Vec<NumberFormat>,
        text_limit: u64,
    ) -> Sheet {
        Sheet {
            part,
            xml,
            shared,
            formats,
            text_limit,
        }
    }
}

/// The shared string table, kept as one text and where each string ends, so
/// that a table of many empty strings takes little more memory than its XML.
#[derive(Debug, Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    fn get(&self, index: usize) -> Option<&str> {
        let start = match index.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        let end = *self.ends.get(index)?;
        self.text.get(start..end)
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// A cell that could not be read as it says, and was read as empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadCell {
    /// Its reference, such as `B7`.
    pub(crate) reference: String,
    pub(crate) reason: String,
}

/// The shared string table: one string per `<si>`, its runs joined, without
/// the phonetic guides (`<rPh>`).
pub(crate) fn shared_strings(part: &str, xml: &str) -> Result<SharedStrings, Error> {
    let mut strings = SharedStrings::default();
    let mut reader = xml_reader(xml);
    let mut text = String::new();
    let mut in_item = false;
    let mut in_text = false;
    let mut phonetic = 0usize;
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => {
                    in_item = true;
                    text.clear();
                }
                "rPh" => phonetic += 1,
                "t" => in_text = in_item && phonetic == 0,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "si" if in_item => {
                    in_item = false;
                    strings.text.push_str(&cell_text(&text));
                    strings.ends.push(strings.text.len());
                }
                "rPh" => phonetic = phonetic.saturating_sub(1),
                "t" => in_text = false,
                _ => {}
            },
            event @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) if in_text => {
                push_text(&mut text, event);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(strings)
}

/// A cell's text as Excel shows it: its escapes for characters XML cannot
/// hold undone (`_x000D_` is a carriage return, `_x005F_` an underscore),
/// and cut at Excel's limit of 32,767 characters.
fn cell_text(text: &str) -> Cow<'_, str> {
    let text = match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => text.get(..at).unwrap_or(text),
        None => text,
    };
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let decoded = from
            .get(2..6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| from.get(6..7) == Some("_"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = from.get(7..).unwrap_or("");
            }
            None => {
                out.push_str("_x");
                rest = from.get(2..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The 0-based column of a cell reference such as `B7`, if it has one
/// within Excel's columns.
fn column_of(reference: &str) -> Option<u32> {
    let mut column = 0u32;
    let mut any = false;
    for b in reference.bytes().take_while(u8::is_ascii_alphabetic) {
        any = true;
        let digit = u32::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1;
        column = column.checked_mul(26)?.checked_add(digit)?;
        if column > MAX_COLUMNS {
            return None;
        }
    }
    if any { column.checked_sub(1) } else { None }
}

/// A cell's reference from its 0-based column and 1-based row: `B7`.
pub(crate) fn reference(column: u32, row: u64) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

/// One cell's value as it is being read.
#[derive(Debug, Default)]
struct Cell {
    column: u32,
    kind: String,
    style: usize,
    value: String,
    inline: String,
}

/// A row's cells as (0-based column, text), in the order of the file.
pub(crate) type Cells<'s> = [(u32, Cow<'s, str>)];

impl Sheet {
    /// Give each row with at least one value to `each`, with the sheet's
    /// 1-based row number and its cells. `each` may stop the reading early.
    /// Returns the cells that could not be read as they say.
    pub(crate) fn rows(
        &self,
        mut each: impl FnMut(u64, &Cells<'_>) -> ControlFlow<()>,
    ) -> Result<Vec<BadCell>, Error> {
        let mut reader = xml_reader(&self.xml);
        let mut in_data = false;
        let mut row_number = 0u64;
        let mut cells: Vec<(u32, Cow<'_, str>)> = Vec::new();
        let mut next_column = 0u32;
        let mut cell: Option<Cell> = None;
        // Where text goes: the value `<v>`, or an inline string's `<t>`.
        let mut in_value = false;
        let mut in_inline_text = false;
        let mut phonetic = 0usize;
        let mut handed_out = 0u64;
        let mut bad = Vec::new();
        loop {
            match next(&mut reader, &self.part)? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "sheetData" => in_data = true,
                    "row" if in_data => {
                        row_number = attribute(&e, "r")
                            .and_then(|r| r.trim().parse().ok())
                            .filter(|r| *r > 0)
                            .unwrap_or(row_number.saturating_add(1));
                        next_column = 0;
                        cells.clear();
                    }
                    "c" if in_data => {
                        let column = attribute(&e, "r")
                            .and_then(|r| column_of(&r))
                            .unwrap_or(next_column);
                        next_column = column.saturating_add(1);
                        cell = Some(Cell {
                            column,
                            kind: attribute(&e, "t").unwrap_or_default(),
                            style: attribute(&e, "s")
                                .and_then(|s| s.trim().parse().ok())
                                .unwrap_or(0),
                            ..Cell::default()
                        });
                    }
                    "v" => in_value = cell.is_some(),
                    "rPh" => phonetic += 1,
                    "t" => in_inline_text = cell.is_some() && phonetic == 0,
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "sheetData" => break,
                    "row" if in_data => {
                        if !cells.is_empty() && each(row_number, &cells).is_break() {
                            return Ok(bad);
                        }
                        cells.clear();
                    }
                    "c" => {
                        let Some(done) = cell.take() else { continue };
                        if done.column >= MAX_COLUMNS {
                            continue;
                        }
                        match self.value(&done) {
                            Ok(Some(text)) if !text.trim().is_empty() => {
                                handed_out = handed_out
                                    .saturating_add(u64::try_from(text.len()).unwrap_or(u64::MAX));
                                if handed_out > self.text_limit {
                                    return Err(Error::TooLarge(format!(
                                        "the cells of the part `{}` hold more than {} of text, far more than an inventory would",
                                        self.part,
                                        bytes_text(self.text_limit)
                                    )));
                                }
                                cells.push((done.column, text));
                            }
                            Ok(_) => {}
                            Err(reason) => bad.push(BadCell {
                                reference: reference(done.column, row_number),
                                reason,
                            }),
                        }
                    }
                    "v" => in_value = false,
                    "rPh" => phonetic = phonetic.saturating_sub(1),
                    "t" => in_inline_text = false,
                    _ => {}
                },
                event @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                    if let Some(current) = cell.as_mut() {
                        if in_value {
                            push_text(&mut current.value, event);
                        } else if in_inline_text {
                            push_text(&mut current.inline, event);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(bad)
    }

    /// A finished cell's text: `None` for an empty cell or an error value
    /// (`#N/A`), and why for a cell that says what cannot be.
    fn value<'s>(&'s self, cell: &Cell) -> Result<Option<Cow<'s, str>>, String> {
        match cell.kind.as_str() {
            "s" => {
                let raw = cell.value.trim();
                let index: usize = raw
                    .parse()
                    .map_err(|_| format!("the shared string index `{raw}` is not a number"))?;
                self.shared
                    .get(index)
                    .map(|s| Some(Cow::Borrowed(s)))
                    .ok_or_else(|| {
                        format!(
                            "it refers to shared string {index}, and the workbook has {}",
                            self.shared.len()
                        )
                    })
            }
            "inlineStr" => Ok(Some(Cow::Owned(cell_text(&cell.inline).into_owned()))),
            "str" | "d" => Ok(Some(Cow::Owned(cell_text(&cell.value).into_owned()))),
            "b" => match cell.value.trim() {
                "1" => Ok(Some(Cow::Borrowed("TRUE"))),
                "0" => Ok(Some(Cow::Borrowed("FALSE"))),
                "" => Ok(None),
                other => Err(format!("the boolean `{other}` is neither 0 nor 1")),
            },
            "e" => Ok(None),
            "" | "n" if cell.value.trim().is_empty() => {
                // Some writers put an inline string in a cell with no type.
                Ok((!cell.inline.is_empty())
                    .then(|| Cow::Owned(cell_text(&cell.inline).into_owned())))
            }
            "" | "n" => {
                let format = self
                    .formats
                    .get(cell.style)
                    .copied()
                    .unwrap_or(NumberFormat::General);
                let raw = cell.value.trim();
                // Checked with `Decimal::parse`, not `f64`'s `FromStr`: that
                // parser and its tables are 8 KB of the web app's wasm, gzipped.
                if Decimal::parse(raw).is_some() {
                    Ok(Some(Cow::Owned(number_text(raw, format).into_owned())))
                } else {
                    Err(format!("the number `{}` is not a number", cut(raw)))
                }
            }
            other => Err(format!(
                "the cell type `{}` is not one Excel writes",
                cut(other)
            )),
        }
    }
}

/// At most a few dozen characters of something quoted in a message.
fn cut(text: &str) -> Cow<'_, str> {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => Cow::Owned(format!("{}…", text.get(..at).unwrap_or(""))),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let columns = [
            ("A1", Some(0)),
            ("AB12", Some(27)),
            ("XFD1", Some(16_383)),
            ("XFE1", None),
            ("ZZZZZZZZZZ1", None),
            ("12", None),
            ("", None),
        ];
        for (reference, want) in columns {
            assert_eq!(column_of(reference), want, "{reference}");
        }
        for (column, row, want) in [(0, 1, "A1"), (27, 12, "AB12"), (16_383, 7, "XFD7")] {
            assert_eq!(reference(column, row), want);
        }
    }

    #[test]
    fn excel_escapes_and_long_cells() {
        assert_eq!(cell_text("a_x000D_b"), "a\rb");
        assert_eq!(cell_text("_x005F_x000D_"), "_x000D_");
        assert_eq!(cell_text("my_xyz_"), "my_xyz_");
        assert_eq!(cell_text("_x00"), "_x00");
        assert_eq!(cell_text("_xD800_"), "_xD800_");
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);
    }

    #[test]
    fn shared_strings_are_kept_compactly() {
        let xml = r#"<sst><si><t>Kaspersky</t></si><si/><si><r><t>Lab</t></r><r><t xml:space="preserve"> AO</t></r><rPh><t>ラボ</t></rPh></si></sst>"#;
        let strings = shared_strings("sst.xml", xml).unwrap();
        let got: Vec<Option<&str>> = (0..4).map(|i| strings.get(i)).collect();
        assert_eq!(got, [Some("Kaspersky"), Some(""), Some("Lab AO"), None]);
    }
}
