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
//! assert_eq!(import.report.delimiter.as_deref(), Some(";"));
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
//! - **Bad rows are data, not errors.** A row with nothing to check is skipped
//!   with its line and the reason; a bad count is dropped with a warning; the
//!   rest of the file is kept. [`ImportError`] is only for a file that cannot
//!   be read at all: empty, not text, no product or publisher column, a column
//!   the user named that is not there, or JSON that does not parse.
//! - **A pipeline of small modules.** `decode` turns bytes into text (UTF-8
//!   with or without a BOM, UTF-16 LE/BE, Windows-1252; by hand, to stay small
//!   in WebAssembly). The format is then chosen from the content, not the
//!   file name: `<` is XML (`cyclonedx_xml`), `{` a JSON object (`object`
//!   routes it to `cyclonedx`, `spdx`, `intune` or `osquery` logs), `[` a
//!   JSON array (`json`, or osquery's `programs` table), and anything else
//!   `csv` (it sniffs the delimiter and skips PowerShell's `#TYPE` line). Each format finds its columns, which
//!   `columns` maps to fields (the user's mapping first, then synonyms such as
//!   `DisplayName0` or `Publisher`), and hands each row to `rows`, which trims,
//!   skips and warns the same way for every format. A new format
//!   (workbooks next) is one more module beside these.
//! - **Never panics on input.** Indexing, `unwrap` and `expect` are denied by
//!   the workspace lints; a property test feeds arbitrary bytes.

mod columns;
mod csv;
mod cyclonedx;
mod cyclonedx_xml;
mod decode;
mod intune;
mod json;
mod object;
mod osquery;
mod positions;
mod rows;
mod sbom;
mod spdx;

use vrc_engine::{Field, ImportReport, InventoryItem};

/// Reads inventory files. Build one, map any columns the synonyms do not
/// catch, and read as many files as you like with it.
#[derive(Debug, Clone, Default)]
pub struct Importer {
    columns: Vec<(Field, String)>,
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
    /// JSON that does not parse.
    #[error("`{file}` is not valid JSON: {message}, at line {line}, column {column}")]
    Json {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
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
    if let Some(near) = did_you_mean {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    if headers.iter().all(String::is_empty) {
        message.push_str(" It has no column names.");
    } else {
        message.push_str(&format!(" Its columns are {}", list_headers(headers)));
    }
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

    /// Read one file. `file` is its name, used in the report and in messages.
    pub fn read(&self, file: &str, bytes: &[u8]) -> Result<Import, ImportError> {
        if let Some(reason) = not_text(bytes) {
            return Err(ImportError::Unsupported {
                file: file.to_owned(),
                reason: reason.to_owned(),
            });
        }
        let decoded = decode::decode(bytes);
        if decoded.text.trim().is_empty() {
            return Err(ImportError::Empty {
                file: file.to_owned(),
            });
        }
        if looks_binary(&decoded.text) {
            return Err(ImportError::Unsupported {
                file: file.to_owned(),
                reason: "it is not text (it has control characters where text would be)".to_owned(),
            });
        }
        let mut report = ImportReport {
            file: file.to_owned(),
            encoding: Some(decoded.encoding.as_str().to_owned()),
            warnings: decoded.warnings,
            ..ImportReport::default()
        };
        let text = decoded.text.as_str();
        // Chosen from the content, not the name: `<` is XML (a CycloneDX
        // BOM, or refused), `[` a JSON array of rows, `{` a JSON object
        // (CycloneDX, SPDX, Intune, osquery logs), and the rest delimited text.
        let start = text.trim_start();
        let items = if start.starts_with('<') {
            cyclonedx_xml::read(text, file, &self.columns, &mut report)?
        } else if json::looks_like_json(text) {
            json::read(text, file, &self.columns, &mut report)?
        } else if start.starts_with('{') {
            object::read(text, file, &self.columns, &mut report)?
        } else if spdx::looks_like_tag_value(text) {
            return Err(ImportError::Unsupported {
                file: file.to_owned(),
                reason: "it is an SPDX tag-value document, which cannot be read; use SPDX JSON"
                    .to_owned(),
            });
        } else {
            csv::read(text, file, &self.columns, &mut report)?
        };
        Ok(Import { items, report })
    }
}

/// Files people upload by mistake, known by their first bytes.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04",
            "it is a zip archive, such as an Excel workbook (.xlsx), which cannot be read yet; save the sheet as CSV (UTF-8) and read that",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "it is an Excel 97-2003 workbook (.xls) or another old Office file; save the sheet as CSV (UTF-8) and read that",
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
    fn binary_is_refused() {
        for bytes in [
            &b"PK\x03\x04rest"[..],
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
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
