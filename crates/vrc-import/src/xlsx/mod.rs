//! Excel workbooks (.xlsx): one sheet's rows, read like delimited text.
//!
//! `workbook` opens the archive and gives a sheet's rows as cells, from the
//! layers below it (`zip`, `relationships`, `sheet`, `number_format`); this
//! module finds the header with the same code as CSV
//! ([`columns::HeaderSearch`]: title rows and blank rows above it are
//! skipped), and hands each row after it to the same [`Collector`]. A row's
//! "line" is its row number in the sheet.
//!
//! [`open`] reads the sheet through once, to find the header and any error
//! further down; [`SheetRows`] reads it again to hand the rows on.

mod error;
mod number_format;
mod relationships;
mod sheet;
mod workbook;
mod xml;
mod zip;

use std::borrow::Cow;
use std::ops::ControlFlow;

use vrc_engine::normalise::lowercase;
use vrc_engine::{Field, ImportReport};

use error::Error;
use sheet::{BadCell, Cells, Sheet};
pub(crate) use zip::Limits;

use crate::ImportError;
use crate::columns::{self, Header, Mapping};
use crate::rows::{Collector, Each, Rows};

/// How many unreadable cells are named one by one before they are only counted.
const NAMED_BAD_CELLS: usize = 5;

pub(crate) fn open(
    bytes: &[u8],
    file: &str,
    user: &[(Field, String)],
    sheet: Option<&str>,
    limits: Limits,
    report: &mut ImportReport,
) -> Result<SheetRows, ImportError> {
    report.format = "xlsx".to_owned();
    report.encoding = None;
    report.delimiter = None;
    let fail = |err: Error| to_import_error(file, err);
    let mut book = workbook::open(bytes, limits).map_err(fail)?;
    // The SPDX 2 spreadsheet: its sheets are the document's sections.
    let spdx = ["Document Info", "Package Info"]
        .iter()
        .all(|want| book.sheets.iter().any(|s| s.name == *want));
    if spdx {
        return Err(ImportError::Unsupported {
            file: file.to_owned(),
            reason: "this is an SPDX spreadsheet (sheets `Document Info`, `Package Info`): export \
                     it as SPDX JSON or tag-value"
                .to_owned(),
        });
    }
    let index = book.choose(sheet).map_err(fail)?;
    let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    let name = names.get(index).cloned().unwrap_or_default();
    let hidden = book.sheets.get(index).is_some_and(|s| s.hidden);
    let sheet = book.load(index).map_err(fail)?;

    // The header, with the code CSV uses; empty rows never reach it. The
    // sheet is read to its end, so that one that breaks further down is an
    // error before any row is handed on, as with every format.
    let mut search = columns::HeaderSearch::new(user, "row");
    let mut found: Option<Result<Header, ImportError>> = None;
    let mut rows_to_header = 0usize;
    sheet
        .rows(|row, cells| {
            if found.is_some() {
                return ControlFlow::Continue(());
            }
            rows_to_header += 1;
            match search.offer(file, row, dense(cells)) {
                Ok(None) => ControlFlow::Continue(()),
                Ok(Some(header)) => {
                    found = Some(Ok(header));
                    ControlFlow::Continue(())
                }
                Err(err) => {
                    found = Some(Err(err));
                    ControlFlow::Break(())
                }
            }
        })
        .map_err(fail)?;
    let header = match found {
        Some(found) => found?,
        None => {
            return Err(search.end(file).unwrap_or_else(|| {
                let others = names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != index)
                    .map(|(_, n)| n.clone())
                    .collect::<Vec<_>>();
                let reason = if others.is_empty() {
                    format!("its sheet `{name}` is empty")
                } else {
                    format!(
                        "the sheet `{name}` is empty; the workbook also has {}",
                        crate::list_headers(&others)
                    )
                };
                ImportError::Workbook {
                    file: file.to_owned(),
                    reason,
                }
            }));
        }
    };

    report
        .warnings
        .push(sheet_note(&name, hidden, &names, index));
    report.warnings.extend(header.warning.clone());
    crate::csv::fill_columns(report, &header.cells, &header.mapping);
    Ok(SheetRows {
        sheet,
        name,
        headers: header.cells,
        mapping: header.mapping,
        rows_to_header,
    })
}

/// A sheet read through once, its header found; its rows still to come.
#[derive(Debug)]
pub(crate) struct SheetRows {
    sheet: Sheet,
    /// The sheet's name, for messages.
    name: String,
    headers: Vec<String>,
    mapping: Mapping,
    /// The rows up to and with the header.
    rows_to_header: usize,
}

impl Rows for SheetRows {
    fn for_each(
        self: Box<Self>,
        file: &str,
        report: &mut ImportReport,
        each: Each<'_>,
    ) -> Result<(), ImportError> {
        let SheetRows {
            sheet,
            name,
            headers,
            mapping,
            rows_to_header,
        } = *self;
        // The rows after the header, each handed on as soon as it is read.
        let mut collector = Collector::new(&headers, &mapping.fields);
        let mut seen = 0usize;
        let mut rows = 0u64;
        let mut rows_read = 0u64;
        let bad = sheet
            .rows(|row, cells| {
                seen += 1;
                if seen <= rows_to_header {
                    return ControlFlow::Continue(());
                }
                rows += 1;
                if is_repeated_header(cells, &headers) {
                    collector.skip(row, "repeated header row");
                    return ControlFlow::Continue(());
                }
                let read = collector.row(row, |i| {
                    cells
                        .iter()
                        .find(|(column, _)| usize::try_from(*column).is_ok_and(|c| c == i))
                        .map(|(_, text)| Cow::Borrowed(text.as_ref()))
                });
                match read {
                    Some(read) => {
                        rows_read += 1;
                        each(read)
                    }
                    None => ControlFlow::Continue(()),
                }
            })
            // The sheet read through without an error when it was opened.
            .map_err(|err| to_import_error(file, err))?;

        if rows == 0 {
            report
                .warnings
                .push(format!("the sheet `{name}` has a header but no rows"));
        }
        report.warnings.extend(bad_cells(&name, &bad));
        report.warnings.extend(collector.warnings());
        crate::rows::sort_skipped(&mut collector.skipped);
        report.rows_read = rows_read;
        report.skipped = std::mem::take(&mut collector.skipped);
        Ok(())
    }
}

/// A row's cells, trimmed, one per column from the first: what the header
/// search reads.
fn dense(cells: &Cells<'_>) -> Vec<String> {
    let width = cells
        .iter()
        .map(|(column, _)| usize::try_from(*column).unwrap_or(0).saturating_add(1))
        .max()
        .unwrap_or(0);
    let mut row = vec![String::new(); width];
    for (column, text) in cells {
        if let Some(slot) = usize::try_from(*column).ok().and_then(|c| row.get_mut(c)) {
            text.trim().clone_into(slot);
        }
    }
    row
}

/// A row that is the header again: every value under the header it repeats,
/// and every header repeated.
fn is_repeated_header(cells: &Cells<'_>, headers: &[String]) -> bool {
    let filled = headers.iter().filter(|h| !h.is_empty()).count();
    cells.len() == filled
        && cells.iter().all(|(column, text)| {
            usize::try_from(*column)
                .ok()
                .and_then(|c| headers.get(c))
                .is_some_and(|h| h == text.trim())
        })
}

/// Which sheet was read, for the report: the import report has no field for
/// it, so it goes with the notes.
fn sheet_note(name: &str, hidden: bool, names: &[String], index: usize) -> String {
    let mut note = format!("read the sheet `{name}`");
    if hidden {
        note.push_str(", which is hidden");
    }
    let others: Vec<String> = names
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, n)| n.clone())
        .collect();
    if !others.is_empty() {
        note.push_str(&format!(
            "; the workbook also has {}",
            crate::list_headers(&others)
        ));
    }
    note
}

/// Warnings for the cells read as empty because they said what cannot be.
fn bad_cells(sheet: &str, bad: &[BadCell]) -> Vec<String> {
    let mut warnings: Vec<String> = bad
        .iter()
        .take(NAMED_BAD_CELLS)
        .map(|b| {
            format!(
                "sheet `{sheet}`, cell {}: {}; it was read as empty",
                b.reference, b.reason
            )
        })
        .collect();
    let unnamed = bad.len().saturating_sub(NAMED_BAD_CELLS);
    if unnamed > 0 {
        warnings.push(format!(
            "{unnamed} more cells of the sheet `{sheet}` could not be read and were read as empty"
        ));
    }
    warnings
}

/// What the zip reader says of an archive it cannot open, for a user.
fn broken_archive(message: &str) -> String {
    let lower = lowercase(message);
    if lower.contains("eocd")
        || lower.contains("end of central directory")
        || lower.contains("cut short")
    {
        return "it starts like a zip archive, but the end of the archive, which lists its \
                files, is missing or damaged: the file may have been cut short"
            .to_owned();
    }
    format!("it starts like a zip archive, but the archive is broken: {message}")
}

fn to_import_error(file: &str, err: Error) -> ImportError {
    let file = file.to_owned();
    match err {
        Error::Zip(message) => ImportError::Workbook {
            file,
            reason: broken_archive(&message),
        },
        Error::NotWorkbook(what) => ImportError::Unsupported {
            file,
            reason: format!(
                "it is {what}, not an Excel workbook; save the inventory as .xlsx or CSV (UTF-8) and read that"
            ),
        },
        Error::TooLarge(reason) => ImportError::Workbook { file, reason },
        Error::Part { part, message } => ImportError::Workbook {
            file,
            reason: format!("the part `{part}` {message}"),
        },
        Error::NoSheets => ImportError::Workbook {
            file,
            reason: "it lists no sheets".to_owned(),
        },
        Error::NoSheet { asked, sheets } => ImportError::NoSheet {
            file,
            did_you_mean: columns::closest(&asked, sheets.iter().map(String::as_str))
                .map(str::to_owned),
            sheet: asked,
            sheets,
        },
        Error::NotCells { sheet } => ImportError::Workbook {
            file,
            reason: format!("the sheet `{sheet}` is a chart or dialog sheet, not a sheet of cells"),
        },
    }
}
