//! Inventory files to inventory items, for Vendor Risk Checker.
//!
//! ```
//! use vrc_engine::Field;
//!
//! let bytes = b"Software Title;Vendor;Version\nKaspersky Endpoint Security;AO Kaspersky Lab;11.11\n";
//! let import = vrc_import::Importer::new()
//!     .column(Field::Product, "Software Title")
//!     .read("inventory.csv", bytes)?;
//! assert_eq!(import.items.len(), 1);
//! assert_eq!(import.items[0].line, 2);
//! assert_eq!(import.items[0].item.publisher.as_deref(), Some("AO Kaspersky Lab"));
//! assert_eq!(import.report.delimiter.map(|d| d.to_string()).as_deref(), Some(";"));
//! # Ok::<(), vrc_import::ImportError>(())
//! ```
//!
//! # Design
//!
//! - **Bytes in, data out, no I/O.** [`Importer::read`] takes a file's name
//!   (for messages only) and its bytes, and returns the items with the line
//!   each starts on, plus a [`vrc_engine::ImportReport`] that says how the
//!   file was read: format, encoding, delimiter, which column fed which field,
//!   the columns not used, the rows skipped and why, and warnings. The `vrc`
//!   CLI and the web app (WebAssembly) call the same code.
//! - **Rows as they are read.** [`Importer::for_each_row`] hands each row to
//!   a callback instead of collecting them (`read` is it collecting them),
//!   and [`Importer::for_each_row_in`] takes the file from a reader the caller
//!   opened, and reads it once: delimited text in UTF-8 is then streamed, so
//!   that a million-row export is read in a few megabytes. Either way the
//!   rows, lines and report are those `read` gives. Each is two steps,
//!   [`Importer::open`] (or [`Importer::open_in`]), which finds any error the
//!   file has, and [`Opened::for_each_row`], which hands the rows on: every
//!   format's reader is opened to the one interface that does the second
//!   (`rows::Rows`).
//! - **Bad rows are data, not errors.** A row with nothing to check is skipped
//!   with its line and the reason; a bad count is dropped with a warning; the
//!   rest of the file is kept. [`ImportError`] is only for a file that cannot
//!   be read at all: empty, not text, no product or publisher column, a column
//!   or sheet the user named that is not there, JSON that does not parse, or a
//!   broken workbook.
//! - **A pipeline of small modules.** `decode` turns bytes into text (UTF-8
//!   with or without a BOM, UTF-16 LE/BE, Windows-1252; by hand, to stay small
//!   in WebAssembly). The format is then chosen from the content, not the
//!   file name: `<` is XML (`cyclonedx_xml`), `{` a JSON object (`object`
//!   routes it to `cyclonedx`, `spdx` for SPDX 2, `spdx3` for SPDX 3
//!   JSON-LD, `intune` or `osquery` logs), `[` a JSON array (`json`, or
//!   osquery's `programs` table), a first line `SPDXVersion:` SPDX tag-value
//!   (`spdx_tag`), and anything else `csv` (it sniffs the delimiter and skips
//!   PowerShell's `#TYPE` line). The three SPDX readers turn a package into a
//!   row with the same code (`spdx::Package`); SPDX in YAML, in RDF/XML and
//!   the SPDX spreadsheet are refused with a message naming the format.
//!   Before any of that, a zip archive is read as an Excel workbook (`xlsx`:
//!   the first visible sheet, or the one [`Importer::sheet`] names); other
//!   zip archives (.docx, .ods) and old binary Excel files (.xls) are refused
//!   with what to save them as. Each format finds its columns, which
//!   `columns` maps to fields (the user's mapping first, then synonyms such as
//!   `DisplayName0` or `Publisher`; in delimited text and workbooks, after
//!   skipping a title above the header, with the same code), and hands each
//!   row to `rows`, which trims, skips and warns the same way for every
//!   format. A new format is one more module beside these.
//! - **Never panics on input.** Indexing, `unwrap` and `expect` are denied by
//!   the workspace lints; property tests feed arbitrary bytes, and broken
//!   and mutated workbooks. A workbook is a zip archive, so it is read with
//!   caps: on its entries, and on the bytes inflated from it, counted as
//!   they are inflated ([`Importer::max_inflated`]).

mod columns;
mod csv;
mod cyclonedx;
mod cyclonedx_xml;
mod decode;
mod format;
mod intune;
mod json;
mod object;
mod osquery;
mod positions;
mod rows;
mod sbom;
mod spdx;
mod spdx3;
mod spdx_tag;
mod xlsx;

pub use positions::thousands;

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::ops::ControlFlow;

use vrc_engine::{Field, ImportReport, InventoryItem, ItemRef};

/// Reads inventory files. Build one, map any columns the synonyms do not
/// catch, and read as many files as you like with it.
#[derive(Debug, Clone, Default)]
pub struct Importer {
    columns: Vec<(Field, String)>,
    sheet: Option<String>,
    limits: xlsx::Limits,
}

/// One file read: the items, in file order, and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub items: Vec<Row>,
    pub report: ImportReport,
}

/// One item and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 1-based line of the file on which the row starts.
    pub line: u64,
    pub item: InventoryItem,
}

/// A [`Row`] whose text is borrowed from the reader, handed on by
/// [`Opened::for_each_row_ref`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BorrowedRow<'a> {
    /// The 1-based line of the file on which the row starts.
    pub line: u64,
    pub item: ItemRef<'a>,
}

/// A header that looks like a misspelling of a known column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The header as found in the file.
    pub header: String,
    /// The field it would feed.
    pub field: Field,
    /// The known name it resembles.
    pub name: String,
}

/// A file that cannot be read at all. A file with some bad rows is not an
/// error: see [`vrc_engine::ImportReport::skipped`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Nothing in it, or nothing but whitespace and a `#TYPE` line.
    #[error("`{file}` is empty")]
    Empty { file: String },
    /// Not text, or a format that cannot be read (yet).
    #[error("`{file}` cannot be read: {reason}")]
    Unsupported { file: String, reason: String },
    /// No column holds the product or the publisher.
    #[error("{}", no_name_column(file, headers, suggestions))]
    NoNameColumn {
        file: String,
        /// The headers found.
        headers: Vec<String>,
        suggestions: Vec<Suggestion>,
    },
    /// The user mapped a field to a column the file does not have.
    #[error("{}", missing_column(file, *field, column, headers, did_you_mean.as_deref()))]
    MissingColumn {
        file: String,
        field: Field,
        column: String,
        headers: Vec<String>,
        did_you_mean: Option<String>,
    },
    /// A workbook (.xlsx) that is broken, or too large to read.
    #[error("`{file}` cannot be read as a workbook: {reason}")]
    Workbook { file: String, reason: String },
    /// The user named a sheet the workbook does not have.
    #[error("{}", missing_sheet(file, sheet, sheets, did_you_mean.as_deref()))]
    NoSheet {
        file: String,
        sheet: String,
        /// The workbook's sheets, in tab order.
        sheets: Vec<String>,
        did_you_mean: Option<String>,
    },
    /// JSON that does not parse.
    #[error("`{file}` is not valid JSON: {message}, at line {line}, column {column}")]
    Json {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
    /// The reader a file was streamed from failed
    /// ([`Importer::for_each_row_in`]).
    #[error("cannot read `{file}`: {reason}")]
    Read { file: String, reason: String },
}

impl ImportError {
    fn from_columns(file: &str, headers: Vec<String>, err: columns::ColumnError) -> ImportError {
        let file = file.to_owned();
        match err {
            columns::ColumnError::NoNameColumn { suggestions } => ImportError::NoNameColumn {
                file,
                headers,
                suggestions: suggestions
                    .into_iter()
                    .map(|(header, field, name)| Suggestion {
                        header,
                        field,
                        name,
                    })
                    .collect(),
            },
            columns::ColumnError::Missing {
                field,
                column,
                did_you_mean,
            } => ImportError::MissingColumn {
                file,
                field,
                column,
                headers,
                did_you_mean,
            },
        }
    }
}

/// At most this many headers are listed in a message.
const LISTED_HEADERS: usize = 20;

fn list_headers(headers: &[String]) -> String {
    let shown: Vec<String> = headers
        .iter()
        .filter(|h| !h.is_empty())
        .take(LISTED_HEADERS)
        .map(|h| format!("`{h}`"))
        .collect();
    let total = headers.iter().filter(|h| !h.is_empty()).count();
    let mut list = shown.join(", ");
    if total > shown.len() {
        list.push_str(&format!(" and {} more", total - shown.len()));
    }
    list
}

fn no_name_column(file: &str, headers: &[String], suggestions: &[Suggestion]) -> String {
    let found = if headers.iter().all(String::is_empty) {
        "it has no column names".to_owned()
    } else {
        format!("its columns are {}", list_headers(headers))
    };
    let mut message = format!("`{file}` has no product or publisher column: {found}.");
    // `Get-ItemProperty …\Uninstall\* | Export-Csv` without `Select-Object`:
    // Export-Csv takes its columns from the first object, and when the first
    // registry key has no DisplayName the file has only its values and the
    // PS* properties PowerShell adds.
    let powershell = headers.iter().any(|h| {
        ["pspath", "psparentpath", "pschildname", "psprovider"]
            .contains(&vrc_engine::normalise::lowercase(h.trim()).as_str())
    });
    if powershell {
        message.push_str(
            " It looks like PowerShell's `Get-ItemProperty … | Export-Csv` without `Select-Object`: \
             Export-Csv takes its columns from the first registry key, and that one had no DisplayName. \
             Export again with `Select-Object DisplayName, DisplayVersion, Publisher` before `Export-Csv`, such as \
             `Get-ItemProperty HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\* | \
             Select-Object DisplayName, DisplayVersion, Publisher | Export-Csv -NoTypeInformation -Encoding UTF8 programs.csv`",
        );
        return message;
    }
    let guesses: Vec<String> = suggestions
        .iter()
        .map(|s| format!("`{}` for the {} (`{}`)", s.header, s.field, s.name))
        .collect();
    if !guesses.is_empty() {
        message.push_str(&format!(" Did you mean {}?", guesses.join(" or ")));
    }
    message.push_str(&format!(
        " A product column is recognised by names such as {}; a publisher column by {} \
         (ignoring case, spaces and punctuation). Otherwise, say which column holds the product or the publisher",
        columns::PRODUCT_EXAMPLES.join(", "),
        columns::PUBLISHER_EXAMPLES.join(", "),
    ));
    message
}

fn missing_column(
    file: &str,
    field: Field,
    column: &str,
    headers: &[String],
    did_you_mean: Option<&str>,
) -> String {
    let mut message = format!("`{file}` has no column `{column}` to read as the {field}");
    match did_you_mean {
        Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
        None => message.push('.'),
    }
    if headers.iter().all(String::is_empty) {
        message.push_str(" It has no column names.");
    } else {
        message.push_str(&format!(" Its columns are {}", list_headers(headers)));
    }
    message
}

fn missing_sheet(file: &str, sheet: &str, sheets: &[String], did_you_mean: Option<&str>) -> String {
    let mut message = format!("`{file}` has no sheet `{sheet}`");
    match did_you_mean {
        Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
        None => message.push('.'),
    }
    message.push_str(&format!(" Its sheets are {}", list_headers(sheets)));
    message
}

impl Importer {
    pub fn new() -> Importer {
        Importer::default()
    }

    /// Read `field` from the column headed `header`, whatever the synonyms
    /// say. The header is matched exactly, then ignoring case, then ignoring
    /// spaces and punctuation; a file without it cannot be read.
    #[must_use]
    pub fn column(mut self, field: Field, header: impl Into<String>) -> Importer {
        self.columns.push((field, header.into()));
        self
    }

    /// Read the sheet named `name` of a workbook (exactly, then ignoring
    /// case), rather than the first visible one. A workbook without it
    /// cannot be read; for a file that is not a workbook, a warning says the
    /// sheet was not looked for.
    #[must_use]
    pub fn sheet(mut self, name: impl Into<String>) -> Importer {
        self.sheet = Some(name.into());
        self
    }

    /// The most bytes a workbook may inflate to, all the parts read
    /// together, counted as they are inflated (whatever the archive says);
    /// the text handed out from its cells is held to the same. 256 MiB by
    /// default; a caller with less memory to spare may want less. A zip
    /// bomb stops here, with an error.
    #[must_use]
    pub fn max_inflated(mut self, bytes: u64) -> Importer {
        self.limits.inflated = bytes;
        self
    }

    /// Read one file. `file` is its name, used in the report and in messages.
    ///
    /// This is [`for_each_row`](Importer::for_each_row) keeping every row.
    pub fn read(&self, file: &str, bytes: &[u8]) -> Result<Import, ImportError> {
        let mut items = Vec::new();
        let report = self.for_each_row(file, bytes, |row| {
            items.push(row);
            ControlFlow::Continue(())
        })?;
        Ok(Import { items, report })
    }

    /// Read one file, handing each row to `each` as it is read instead of
    /// collecting them, and return the report when the file is done or
    /// `each` breaks. An error always comes before the first row: a file
    /// that cannot be read gives no rows at all.
    ///
    /// This is [`open`](Importer::open) and then
    /// [`Opened::for_each_row`]. Every format hands its rows on one at a
    /// time, and stops when `each` breaks; the report then covers the rows
    /// read so far. Delimited text, the format of large inventories, is
    /// also read one record at a time, so memory does not grow with the rows
    /// (except the skipped ones, which the report lists). UTF-8 without a
    /// byte-order mark, what most tools write, is read in place from
    /// `bytes`; other encodings (UTF-16, Windows-1252, a UTF-8 byte-order
    /// mark) are first decoded into one string, a copy the size of the file.
    /// The other formats (JSON, XML, workbooks) are parsed whole when the
    /// file is opened, and each row is built as it is handed on.
    ///
    /// ```
    /// use std::ops::ControlFlow;
    ///
    /// let bytes = b"Name,Publisher\n7-Zip,Igor Pavlov\nFirefox,Mozilla\nEdge,Microsoft\n";
    /// let mut names = Vec::new();
    /// let report = vrc_import::Importer::new().for_each_row("inventory.csv", bytes, |row| {
    ///     names.push(row.item.product.unwrap_or_default());
    ///     if names.len() == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    /// })?;
    /// assert_eq!(names, ["7-Zip", "Firefox"]);
    /// assert_eq!(report.rows_read, 2);
    /// # Ok::<(), vrc_import::ImportError>(())
    /// ```
    pub fn for_each_row(
        &self,
        file: &str,
        bytes: &[u8],
        each: impl FnMut(Row) -> ControlFlow<()>,
    ) -> Result<ImportReport, ImportError> {
        self.open(file, bytes)?.for_each_row(each)
    }

    /// Open one file: read as far as needed to know that it can be read
    /// (its format, its header and columns; all of it, for the formats that
    /// are parsed whole), and give back its rows still to be handed on. Any
    /// error the file has is found here.
    pub fn open<'a>(&self, file: &str, bytes: &'a [u8]) -> Result<Opened<'a>, ImportError> {
        self.open_whole(file, Cow::Borrowed(bytes))
    }

    /// [`for_each_row`](Importer::for_each_row) reading the file from
    /// `input` as it goes, rather than from bytes in memory: the rows, the
    /// report and the errors are the same.
    ///
    /// This is [`open_in`](Importer::open_in) and then
    /// [`Opened::for_each_row`]; `input` is read once, from where it is.
    pub fn for_each_row_in(
        &self,
        file: &str,
        input: impl Read,
        each: impl FnMut(Row) -> ControlFlow<()>,
    ) -> Result<ImportReport, ImportError> {
        self.open_in(file, input)?.for_each_row(each)
    }

    /// [`open`](Importer::open) reading the file from `input`, once, from
    /// where it is.
    ///
    /// Delimited text in UTF-8 without a byte-order mark (what most tools
    /// write, and the format of large inventories) is streamed: its first
    /// [`STREAM_HEAD`] bytes choose the format and the delimiter, the header
    /// is read, and the rest is read a piece at a time while the rows are
    /// handed on, so that memory stays small whatever the size of the file.
    /// Each record is checked to be UTF-8 as it is read; a file that turns
    /// out not to be is read as it would be whole (as Windows-1252, but for
    /// its lines of UTF-8), and the report says so. Any other file (another
    /// encoding or format, or a small one) is read into memory whole and
    /// opened as [`open`](Importer::open) would.
    ///
    /// An error from `input` is [`ImportError::Read`], and the one error
    /// that can come after rows have been handed on: when `input` fails in
    /// the middle of a streamed file.
    pub fn open_in<'a>(
        &self,
        file: &str,
        input: impl Read + 'a,
    ) -> Result<Opened<'a>, ImportError> {
        let failed = |err: std::io::Error| ImportError::Read {
            file: file.to_owned(),
            reason: err.to_string(),
        };
        let mut input = input;
        let mut bytes = Vec::new();
        (&mut input)
            .take(STREAM_HEAD as u64)
            .read_to_end(&mut bytes)
            .map_err(failed)?;
        let end = (bytes.len() == STREAM_HEAD)
            .then(|| streamable_head(&bytes))
            .flatten();
        let Some(end) = end else {
            input.read_to_end(&mut bytes).map_err(failed)?;
            return self.open_whole(file, Cow::Owned(bytes));
        };
        let tail = bytes.split_off(end);
        let head = match String::from_utf8(bytes) {
            Ok(head) => head,
            // `streamable_head` found it to be UTF-8: this does not happen.
            Err(err) => {
                let mut bytes = err.into_bytes();
                bytes.extend(tail);
                input.read_to_end(&mut bytes).map_err(failed)?;
                return self.open_whole(file, Cow::Owned(bytes));
            }
        };
        // What `open` gives plain UTF-8 text, which this is as far as read.
        let mut report = self.text_report(file, decode::Encoding::Utf8, Vec::new());
        let rest = csv::Rest::Bytes(Box::new(Cursor::new(tail).chain(input)));
        let rows = csv::open(Cow::Owned(head), rest, file, &self.columns, &mut report)?;
        Ok(Opened {
            report,
            rows: Box::new(rows),
        })
    }

    /// [`open`](Importer::open), of bytes borrowed or owned.
    fn open_whole<'a>(&self, file: &str, bytes: Cow<'a, [u8]>) -> Result<Opened<'a>, ImportError> {
        if is_zip(&bytes) {
            let mut report = ImportReport {
                file: file.to_owned(),
                ..ImportReport::default()
            };
            let sheet = self.sheet.as_deref();
            let rows = xlsx::open(&bytes, file, &self.columns, sheet, self.limits, &mut report)?;
            return Ok(Opened {
                report,
                rows: Box::new(rows),
            });
        }
        if let Some(reason) = not_text(&bytes) {
            return Err(ImportError::Unsupported {
                file: file.to_owned(),
                reason: reason.to_owned(),
            });
        }
        let (text, encoding, warnings) = text_of(bytes);
        if text.trim().is_empty() {
            return Err(ImportError::Empty {
                file: file.to_owned(),
            });
        }
        if looks_binary(&text) {
            return Err(ImportError::Unsupported {
                file: file.to_owned(),
                reason: "it is not text (it has control characters where text would be)".to_owned(),
            });
        }
        let mut report = self.text_report(file, encoding, warnings);
        let rows = format::open_text(text, file, &self.columns, &mut report)?;
        Ok(Opened { report, rows })
    }

    /// The report of a text file, before its format is read.
    fn text_report(
        &self,
        file: &str,
        encoding: decode::Encoding,
        warnings: Vec<String>,
    ) -> ImportReport {
        let mut report = ImportReport {
            file: file.to_owned(),
            encoding: Some(encoding.as_str().to_owned()),
            warnings,
            ..ImportReport::default()
        };
        if let Some(sheet) = &self.sheet {
            report.warnings.push(format!(
                "the sheet `{sheet}` was not looked for: the file is not a workbook"
            ));
        }
        report
    }
}

/// A file opened ([`Importer::open`], [`Importer::open_in`]): it can be
/// read, and its rows are still to come. A streamed file is left where its
/// header ends, and the rest is read only by
/// [`for_each_row`](Opened::for_each_row).
pub struct Opened<'a> {
    report: ImportReport,
    rows: Box<dyn rows::Rows + 'a>,
}

impl std::fmt::Debug for Opened<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("report", &self.report)
            .finish_non_exhaustive()
    }
}

impl Opened<'_> {
    /// Hands each row to `each` as it is read, and returns the report when
    /// the file is done or `each` breaks; see [`Importer::for_each_row`].
    /// The only error is a reader that fails ([`ImportError::Read`]).
    pub fn for_each_row(
        self,
        mut each: impl FnMut(Row) -> ControlFlow<()>,
    ) -> Result<ImportReport, ImportError> {
        let Opened { mut report, rows } = self;
        let file = report.file.clone();
        rows.for_each(&file, &mut report, &mut each)?;
        nothing_read(&mut report);
        Ok(report)
    }

    /// [`for_each_row`](Opened::for_each_row), each row's text borrowed
    /// from the reader rather than copied: delimited text is read a record
    /// at a time into one buffer, and a row handed on is valid until the
    /// next is read. The rows, the report and the errors are the same.
    pub fn for_each_row_ref(
        self,
        mut each: impl FnMut(BorrowedRow<'_>) -> ControlFlow<()>,
    ) -> Result<ImportReport, ImportError> {
        let Opened { mut report, rows } = self;
        let file = report.file.clone();
        rows.for_each_ref(&file, &mut report, &mut each)?;
        nothing_read(&mut report);
        Ok(report)
    }
}

/// The text of a file that is not a workbook, with its encoding and what
/// decoding it had to say. Plain UTF-8 is kept where it is, borrowed or owned.
fn text_of(bytes: Cow<'_, [u8]>) -> (Cow<'_, str>, decode::Encoding, Vec<String>) {
    let decoded = |bytes: &[u8]| {
        let decoded = decode::decode(bytes);
        (Cow::Owned(decoded.text), decoded.encoding, decoded.warnings)
    };
    match bytes {
        Cow::Borrowed(bytes) => match plain_utf8(bytes) {
            Some(text) => (Cow::Borrowed(text), decode::Encoding::Utf8, Vec::new()),
            None => decoded(bytes),
        },
        Cow::Owned(bytes) => match String::from_utf8(bytes) {
            Ok(text) if is_plain(&text) => (Cow::Owned(text), decode::Encoding::Utf8, Vec::new()),
            Ok(text) => decoded(text.as_bytes()),
            Err(err) => decoded(err.as_bytes()),
        },
    }
}

/// A file of which every row was skipped reads as no items at all, which a
/// reader could take for "nothing of concern": say so plainly, with the
/// commonest reason.
fn nothing_read(report: &mut ImportReport) {
    if report.rows_read > 0 || report.skipped.is_empty() {
        return;
    }
    let reasons = vrc_engine::item::skipped_by_reason(&report.skipped);
    // The first of the commonest, in file order.
    let commonest = reasons
        .iter()
        .fold(None::<&(&str, usize)>, |best, r| match best {
            Some(b) if b.1 >= r.1 => Some(b),
            _ => Some(r),
        });
    let warning = match (report.skipped.len(), commonest) {
        (1, Some((reason, _))) => {
            format!("nothing was read: the only row was skipped ({reason})")
        }
        (n, Some((reason, count))) if *count == n => format!(
            "nothing was read: all {} rows were skipped ({reason})",
            positions::thousands(n)
        ),
        (n, Some((reason, count))) => format!(
            "nothing was read: all {} rows were skipped, {} of them because {reason}",
            positions::thousands(n),
            positions::thousands(*count)
        ),
        (_, None) => return,
    };
    report.warnings.push(warning);
}

/// How much of a file [`Importer::for_each_row_in`] reads before it streams
/// the rest: enough to choose the format, sniff the delimiter and usually find
/// the header.
pub const STREAM_HEAD: usize = 1024 * 1024;

/// Where the first [`STREAM_HEAD`] bytes of a file should be cut, after
/// their last line end, for the rest to be streamed: when the file is
/// delimited text in plain UTF-8 as far as this goes, and everything
/// [`Importer::open`] would decide from the whole file it decides the same
/// from the bytes before the cut. `None` sends the file to be read whole,
/// which is always right, only not small.
fn streamable_head(bytes: &[u8]) -> Option<usize> {
    // Not a workbook or a known binary file, no UTF-8 byte-order mark, and
    // no zero bytes, which can make `decode` take a text for UTF-16; after
    // these, `decode` reads a file as UTF-8 if it is, and a record that is
    // not is read as it would have decoded it.
    if is_zip(bytes) || not_text(bytes).is_some() {
        return None;
    }
    let end = bytes.iter().rposition(|b| *b == b'\n')? + 1;
    let head = std::str::from_utf8(bytes.get(..end)?).ok()?;
    // These look only at the start of the text: the first 4096 characters,
    // the first character that is not white space and what follows it, the
    // first line that is not blank or a comment, all complete within a head
    // that ends at a line end and has such a line.
    let has_a_line = head
        .lines()
        .map(str::trim)
        .any(|l| !l.is_empty() && !l.starts_with('#'));
    let fits = is_plain(head)
        && has_a_line
        && head.chars().nth(4096).is_some()
        && !looks_binary(head)
        && format::TextFormat::of(head) == format::TextFormat::Delimited
        && csv::head_is_enough(head);
    fits.then_some(end)
}

/// Most inventories are UTF-8 without a byte-order mark, and such a file is
/// read where it lies instead of being copied by `decode`. This is exactly
/// the case in which `decode` gives the text unchanged, as UTF-8, without
/// warnings: no UTF-8 byte-order mark, and no zero bytes, without which it
/// cannot take the text for UTF-16 (a test checks the two agree).
fn plain_utf8(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes)
        .ok()
        .filter(|text| is_plain(text))
}

/// UTF-8 that `decode` gives back unchanged: no byte-order mark, no zero
/// bytes.
fn is_plain(text: &str) -> bool {
    !text.starts_with('\u{FEFF}') && !text.as_bytes().contains(&0)
}

/// A zip archive (an .xlsx workbook, a .docx, an empty archive), known by its
/// first bytes.
fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Files people upload by mistake, known by their first bytes.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "it is an Excel 97-2003 workbook (.xls), another old Office file, or a workbook with a password; \
             save the sheet as .xlsx (without a password) or as CSV (UTF-8) and read that",
        ),
        (b"%PDF-", "it is a PDF; export the inventory as CSV instead"),
        (b"\x1F\x8B", "it is compressed (gzip); decompress it first"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, reason)| *reason)
}

/// Binary data decoded as text: NULs and other C0 controls are rare in
/// inventories, so more than a few in the first part means it is not text.
fn looks_binary(text: &str) -> bool {
    let sample = text.chars().take(4096);
    let (mut controls, mut total) = (0usize, 0usize);
    for c in sample {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') && u32::from(c) < 0x20 {
            controls += 1;
        }
    }
    total > 0 && controls * 10 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_read_well() {
        let cases: Vec<(ImportError, &str)> = vec![
            (
                ImportError::Empty {
                    file: "a.csv".into(),
                },
                "`a.csv` is empty",
            ),
            (
                ImportError::Json {
                    file: "a.json".into(),
                    line: 3,
                    column: 1,
                    message: "trailing comma".into(),
                },
                "`a.json` is not valid JSON: trailing comma, at line 3, column 1",
            ),
            (
                ImportError::MissingColumn {
                    file: "a.csv".into(),
                    field: Field::Product,
                    column: "Titel".into(),
                    headers: vec!["Title".into(), "Vendor".into()],
                    did_you_mean: Some("Title".into()),
                },
                "`a.csv` has no column `Titel` to read as the product; did you mean `Title`? Its columns are `Title`, `Vendor`",
            ),
            (
                ImportError::NoSheet {
                    file: "a.xlsx".into(),
                    sheet: "Sofware".into(),
                    sheets: vec!["Summary".into(), "Software".into()],
                    did_you_mean: Some("Software".into()),
                },
                "`a.xlsx` has no sheet `Sofware`; did you mean `Software`? Its sheets are `Summary`, `Software`",
            ),
            (
                ImportError::Workbook {
                    file: "a.xlsx".into(),
                    reason: "it lists no sheets".into(),
                },
                "`a.xlsx` cannot be read as a workbook: it lists no sheets",
            ),
        ];
        for (err, want) in cases {
            assert_eq!(err.to_string(), want);
        }
    }

    #[test]
    fn long_header_lists_are_cut() {
        let headers: Vec<String> = (0..25).map(|i| format!("h{i}")).collect();
        let list = list_headers(&headers);
        assert!(list.ends_with("`h19` and 5 more"), "{list}");
    }

    #[test]
    fn plain_utf8_is_what_decode_would_give_unchanged() {
        let cases: [&[u8]; 10] = [
            b"Name,Publisher\n7-Zip,Igor Pavlov\n",
            "Продукт;Издатель\nАнтивирус;Лаборатория Касперского\n".as_bytes(),
            b"\xEF\xBB\xBFName\nx\n",
            b"\xFF\xFEN\x00a\x00",
            b"N\x00a\x00m\x00e\x00\n\x00",
            b"Name\x00,Publisher\n",
            b"Caf\xE9,Acme\n",
            b"",
            b"   ",
            "\u{FEFF}".as_bytes(),
        ];
        for bytes in cases {
            let decoded = decode::decode(bytes);
            match plain_utf8(bytes) {
                Some(text) => {
                    assert_eq!(text, decoded.text, "{bytes:?}");
                    assert_eq!(decoded.encoding, decode::Encoding::Utf8, "{bytes:?}");
                    assert!(decoded.warnings.is_empty(), "{bytes:?}");
                }
                None => assert!(
                    decoded.encoding != decode::Encoding::Utf8
                        || !decoded.warnings.is_empty()
                        || bytes.contains(&0),
                    "{bytes:?} could have been read in place"
                ),
            }
        }
        assert!(plain_utf8(b"Name,Publisher\n").is_some());
        assert!(plain_utf8(b"\xEF\xBB\xBFName\n").is_none());
    }

    #[test]
    fn binary_is_refused() {
        let err = Importer::new().read("x", b"PK\x03\x04rest").unwrap_err();
        assert!(matches!(err, ImportError::Workbook { .. }), "{err}");
        for bytes in [
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..],
            b"%PDF-1.7",
            b"\x1F\x8B\x08",
        ] {
            let err = Importer::new().read("x", bytes).unwrap_err();
            assert!(
                matches!(err, ImportError::Unsupported { .. }),
                "{bytes:?}: {err}"
            );
        }
        let err = Importer::new()
            .read("x", b"\x01\x02\x03\x04\x05Name")
            .unwrap_err();
        assert!(matches!(err, ImportError::Unsupported { .. }), "{err}");
    }
}
