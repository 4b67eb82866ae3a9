//! Delimited text: CSV with `,` `;` tab or `|`, as exported by PowerShell,
//! SCCM, Excel in any locale, or pasted from a spreadsheet.
//!
//! Before the `csv` crate reads the text, this module drops the lines that are
//! not data: Windows PowerShell 5.1's `#TYPE ...` line and Excel's `sep=;`
//! hint, and sniffs the delimiter. The header is the first record that has a
//! product or publisher column; a few one-cell title lines above it are
//! skipped. Line numbers are the file's own, from the `csv` crate's positions
//! plus the lines dropped.
//!
//! The text comes as a head, a `&str` holding at least what the sniffer and
//! the dropped lines need, and a reader for the rest: all of a file read
//! into memory is a head with nothing after it, and a file streamed from disk
//! is its first part and the rest of the file. The `csv` crate reads records
//! one at a time from the two, and rows are handed on as they are read.

use std::borrow::Cow;
use std::io::Read;
use std::ops::ControlFlow;

use vrc_engine::{Field, ImportReport};

use crate::columns::{self, Mapping};
use crate::rows::Collector;
use crate::{ImportError, Row};

/// The delimiters recognised, preferred in this order when the evidence ties.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records the sniffer looks at, and how much text at most.
const SNIFF_RECORDS: usize = 20;
const SNIFF_BYTES: usize = 64 * 1024;

/// Whether `head`, the first part of a longer text ending with a line end,
/// is enough for [`read`] to take the rest from a reader: the lines it may
/// drop and all that [`sniff`] looks at lie within it.
pub(crate) fn head_is_enough(head: &str) -> bool {
    let dropped: usize = head.split_inclusive('\n').take(2).map(str::len).sum();
    head.ends_with('\n') && head.len().saturating_sub(dropped) > SNIFF_BYTES + 4
}

/// Reads the delimited text that is `head` followed by what `rest` gives,
/// handing each row to `each` as it is read. `rest` is empty unless
/// [`head_is_enough`]; it must give UTF-8, or the records that are not are
/// skipped as unreadable.
pub(crate) fn read(
    head: &str,
    rest: &mut dyn Read,
    file: &str,
    user: &[(Field, String)],
    report: &mut ImportReport,
    each: &mut dyn FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ImportError> {
    report.format = "csv".to_owned();
    let mut body = head;
    let mut lines_dropped = 0u64;

    if first_line(body)
        .trim_start()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("#TYPE"))
    {
        body = after_first_line(body);
        lines_dropped += 1;
        report
            .warnings
            .push("skipped the PowerShell `#TYPE` line".to_owned());
    }
    let mut delimiter = None;
    if let Some(d) = sep_line(first_line(body)) {
        body = after_first_line(body);
        lines_dropped += 1;
        delimiter = Some(d);
        report.warnings.push(format!(
            "read the delimiter {} from the `sep=` line",
            delimiter_name(d)
        ));
    }
    let delimiter = delimiter.unwrap_or_else(|| sniff(body));
    report.delimiter = Some(delimiter_name(delimiter));

    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Window::new(body.as_bytes().chain(rest)));
    let mut lines = Lines::new(lines_dropped);
    let mut records = Records::default();

    // The header: the first record with a product or publisher column, after
    // at most a few one-cell title lines.
    let mut search = columns::HeaderSearch::new(user, "line");
    let mut unreadable: Vec<(u64, String)> = Vec::new();
    let (headers, mapping) = loop {
        let (line, record) = match records.next(&mut reader, &mut lines) {
            Next::End => {
                return Err(search.end(file).unwrap_or_else(|| ImportError::Empty {
                    file: file.to_owned(),
                }));
            }
            Next::Unreadable(line, reason) => {
                unreadable.push((line, reason));
                continue;
            }
            Next::Failed(reason) => return Err(failed(file, reason)),
            Next::Record(line, record) => (line, record),
        };
        let cells: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c = if i == 0 {
                    c.trim_start_matches('\u{FEFF}')
                } else {
                    c
                };
                c.trim().to_owned()
            })
            .collect();
        if let Some(header) = search.offer(file, line, cells)? {
            report.warnings.extend(header.warning);
            break (header.cells, header.mapping);
        }
    };

    fill_columns(report, &headers, &mapping);
    let mut collector = Collector::new(&headers, &mapping.fields);
    if delimiter == b';' {
        collector.grouping = crate::rows::Grouping::Dot;
    }
    for (line, reason) in unreadable {
        collector.skip(line, format!("cannot be read: {reason}"));
    }
    let mut rows = 0u64;
    let mut rows_read = 0u64;
    let mut ragged = 0u64;
    let mut first_ragged: Option<(u64, usize)> = None;
    // sqlcmd's output (`sqlcmd -s "," -W -Q "SELECT …"`, how ConfigMgr's
    // tables are usually pulled) has a line of dashes under the header, `NULL`
    // for SQL nulls and a `(N rows affected)` line at the end: none is data.
    let mut sqlcmd = false;
    let mut first = true;
    // Each row is handed on as soon as it is read: records are read one at a
    // time into one buffer, and nothing per row is kept here.
    loop {
        let (line, record) = match records.next(&mut reader, &mut lines) {
            Next::End => break,
            Next::Unreadable(line, reason) => {
                collector.skip(line, format!("cannot be read: {reason}"));
                continue;
            }
            Next::Failed(reason) => return Err(failed(file, reason)),
            Next::Record(line, record) => (line, record),
        };
        if std::mem::take(&mut first) && is_dash_row(record) {
            sqlcmd = true;
            report.warnings.push(
                "read as sqlcmd output: the dashes under the header and the `(N rows affected)` line are not rows, and `NULL` is an empty field"
                    .to_owned(),
            );
            continue;
        }
        if sqlcmd && is_rows_affected(record) {
            continue;
        }
        rows += 1;
        if record.len() != headers.len() {
            ragged += 1;
            first_ragged.get_or_insert((line, record.len()));
        }
        if is_repeated_header(record, &headers) {
            collector.skip(line, "repeated header row");
            continue;
        }
        let cell = |i| {
            record
                .get(i)
                .map(|c| Cow::Borrowed(if sqlcmd && c.trim() == "NULL" { "" } else { c }))
        };
        if let Some(row) = collector.row(line, cell) {
            rows_read += 1;
            if each(row).is_break() {
                break;
            }
        }
    }

    if let Some((line, fields)) = first_ragged {
        let rows = if ragged == 1 {
            "1 row has".to_owned()
        } else {
            format!("{ragged} rows have")
        };
        report.warnings.push(format!(
            "{rows} a different number of fields from the header's {} (the first on line {line}, with {fields}); what was there was read",
            headers.len()
        ));
    }
    if rows == 0 {
        report
            .warnings
            .push("the file has a header but no rows".to_owned());
    }
    report.warnings.extend(collector.warnings());
    crate::rows::sort_skipped(&mut collector.skipped);
    report.rows_read = rows_read;
    report.skipped = std::mem::take(&mut collector.skipped);
    Ok(())
}

/// Whether every field of a row is dashes (or empty), and one is not empty:
/// the line sqlcmd writes under its header.
fn is_dash_row(record: &::csv::StringRecord) -> bool {
    record.iter().any(|c| !c.trim().is_empty())
        && record.iter().all(|c| c.trim().chars().all(|ch| ch == '-'))
}

/// Whether a row is sqlcmd's closing `(12 rows affected)` (or `(1 row affected)`).
fn is_rows_affected(record: &::csv::StringRecord) -> bool {
    let mut cells = record.iter().map(str::trim).filter(|c| !c.is_empty());
    let (Some(first), None) = (cells.next(), cells.next()) else {
        return false;
    };
    first
        .strip_prefix('(')
        .and_then(|r| {
            r.strip_suffix(" rows affected)")
                .or_else(|| r.strip_suffix(" row affected)"))
        })
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == ','))
}

/// What the next read gave.
enum Next<'r> {
    Record(u64, &'r ::csv::StringRecord),
    Unreadable(u64, String),
    /// The reader under the text failed.
    Failed(String),
    End,
}

fn failed(file: &str, reason: String) -> ImportError {
    ImportError::Read {
        file: file.to_owned(),
        reason,
    }
}

/// Reads records, giving each the line it starts on.
#[derive(Debug, Default)]
struct Records {
    record: ::csv::StringRecord,
    /// The byte offset of the last error, to stop if reading makes no progress.
    last_error_at: Option<u64>,
}

impl Records {
    fn next<'r, R: Read>(
        &'r mut self,
        reader: &mut ::csv::Reader<Window<R>>,
        lines: &mut Lines,
    ) -> Next<'r> {
        let before = reader.position().byte();
        match reader.read_record(&mut self.record) {
            Ok(false) => Next::End,
            Ok(true) => {
                let start = self.record.position().map_or(before, ::csv::Position::byte);
                Next::Record(lines.line_of(start, reader.get_mut()), &self.record)
            }
            Err(err) => {
                if let ::csv::ErrorKind::Io(io) = err.kind() {
                    return Next::Failed(io.to_string());
                }
                let start = err.position().map_or(before, ::csv::Position::byte);
                let after = reader.position().byte();
                if self.last_error_at == Some(after) || after == before {
                    return Next::End;
                }
                self.last_error_at = Some(after);
                Next::Unreadable(lines.line_of(start, reader.get_mut()), err.to_string())
            }
        }
    }
}

/// The reader under the `csv` reader. It keeps the bytes read from the first
/// one [`Lines`] may still look at, so that lines are counted in the text
/// itself without holding all of it: a record and what the `csv` reader has
/// read ahead of it.
#[derive(Debug)]
struct Window<R> {
    inner: R,
    kept: Vec<u8>,
    /// The offset in the text of the first byte kept.
    start: u64,
}

/// Bytes no longer needed are let go once there are this many of them.
const WINDOW_SLACK: usize = 64 * 1024;

impl<R: Read> Window<R> {
    fn new(inner: R) -> Window<R> {
        Window {
            inner,
            kept: Vec::new(),
            start: 0,
        }
    }
}

impl<R> Window<R> {
    /// The offset just past the last byte read.
    fn end(&self) -> u64 {
        self.start + self.kept.len() as u64
    }

    fn get(&self, at: u64) -> Option<u8> {
        let i = usize::try_from(at.checked_sub(self.start)?).ok()?;
        self.kept.get(i).copied()
    }

    /// The bytes from `from` to `to`, as far as they are kept.
    fn span(&self, from: u64, to: u64) -> &[u8] {
        let index = |at: u64| {
            usize::try_from(at.saturating_sub(self.start))
                .unwrap_or(usize::MAX)
                .min(self.kept.len())
        };
        self.kept.get(index(from)..index(to)).unwrap_or(&[])
    }

    /// Lets go of the bytes before `at`, once there are enough of them to be
    /// worth moving the rest.
    fn forget_before(&mut self, at: u64) {
        let n = usize::try_from(at.saturating_sub(self.start))
            .unwrap_or(usize::MAX)
            .min(self.kept.len());
        if n >= WINDOW_SLACK {
            self.kept.drain(..n);
            self.start += n as u64;
        }
    }
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(buf.get(..n).unwrap_or(&[]));
        Ok(n)
    }
}

/// Line numbers from byte offsets. The `csv` crate gives a record the offset
/// where reading it began, which may be before blank lines it skipped; this
/// skips them too, and counts `\n`, `\r\n` and a lone `\r` as one line end.
#[derive(Debug)]
struct Lines {
    byte: u64,
    line: u64,
}

impl Lines {
    fn new(lines_before: u64) -> Lines {
        Lines {
            byte: 0,
            line: 1 + lines_before,
        }
    }

    /// The line of the first non-blank-line byte at or after `byte`, which
    /// `text` has read. Offsets must not go backwards; one that does gets
    /// the line last given.
    fn line_of<R>(&mut self, byte: u64, text: &mut Window<R>) -> u64 {
        let mut at = byte.min(text.end());
        while matches!(text.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        if at > self.byte {
            let span = text.span(self.byte, at);
            let mut ends = 0u64;
            let mut iter = span.iter().peekable();
            while let Some(b) = iter.next() {
                match b {
                    b'\n' => ends += 1,
                    b'\r' if iter.peek() != Some(&&b'\n') => ends += 1,
                    _ => {}
                }
            }
            self.line += ends;
            self.byte = at;
            text.forget_before(at);
        }
        self.line
    }
}

/// Record the column mapping in the report.
pub(crate) fn fill_columns(report: &mut ImportReport, headers: &[String], mapping: &Mapping) {
    for (field, index) in &mapping.fields {
        if let Some(h) = headers.get(*index) {
            report.columns.insert(*field, h.clone());
        }
    }
    report.unmapped_columns = mapping
        .unmapped
        .iter()
        .filter_map(|i| headers.get(*i).cloned())
        .collect();
    report.warnings.extend(mapping.warnings.iter().cloned());
}

fn is_repeated_header(record: &::csv::StringRecord, headers: &[String]) -> bool {
    record.len() == headers.len() && record.iter().zip(headers).all(|(cell, h)| cell.trim() == h)
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("")
}

fn after_first_line(text: &str) -> &str {
    text.split_once('\n').map_or("", |(_, rest)| rest)
}

/// Excel's `sep=;` first line, which names the delimiter.
fn sep_line(line: &str) -> Option<u8> {
    let rest = line.trim_end_matches(['\r', '\n']).strip_prefix("sep=")?;
    match rest.as_bytes() {
        [d] if d.is_ascii() && *d != b'"' && !d.is_ascii_alphanumeric() => Some(*d),
        _ => None,
    }
}

/// How a delimiter is named in the report.
fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_owned(),
        other => char::from(other).to_string(),
    }
}

/// The delimiter of `text`: the candidate found in the header that splits the
/// most of the following records into as many fields, then the one splitting
/// the header most. Delimiters inside quotes do not count.
pub(crate) fn sniff(text: &str) -> u8 {
    let counts: Vec<Vec<usize>> = DELIMITERS
        .iter()
        .map(|d| count_per_record(text, *d))
        .collect();
    // The header is the first record in which any candidate appears.
    let records = counts.iter().map(Vec::len).max().unwrap_or(0);
    let Some(start) =
        (0..records).find(|r| counts.iter().any(|c| c.get(*r).copied().unwrap_or(0) > 0))
    else {
        return b',';
    };
    DELIMITERS
        .iter()
        .zip(&counts)
        .enumerate()
        .filter_map(|(order, (d, per_record))| {
            let in_header = per_record.get(start).copied().unwrap_or(0);
            if in_header == 0 {
                return None;
            }
            let agreeing = per_record
                .iter()
                .skip(start + 1)
                .filter(|n| **n == in_header)
                .count();
            Some(((agreeing, in_header, std::cmp::Reverse(order)), *d))
        })
        .max_by_key(|(key, _)| *key)
        .map_or(b',', |(_, d)| d)
}

/// How many times `delimiter` separates fields in each of the first records,
/// reading quotes as the `csv` crate does (a quote opens a quoted field only
/// at the start of a field; `""` inside one is a quote).
fn count_per_record(text: &str, delimiter: u8) -> Vec<usize> {
    let delimiter = char::from(delimiter);
    let mut counts = Vec::new();
    let mut count = 0usize;
    let mut field_start = true;
    let mut in_quotes = false;
    let mut chars = text.char_indices().peekable();
    let mut truncated = false;
    while let Some((i, c)) = chars.next() {
        if i > SNIFF_BYTES {
            truncated = true;
            break;
        }
        if in_quotes {
            if c == '"' {
                if chars.peek().is_some_and(|(_, n)| *n == '"') {
                    chars.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        match c {
            '"' if field_start => {
                in_quotes = true;
                field_start = false;
            }
            '\n' | '\r' => {
                if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                counts.push(count);
                count = 0;
                field_start = true;
                if counts.len() >= SNIFF_RECORDS {
                    return counts;
                }
            }
            c if c == delimiter => {
                count += 1;
                field_start = true;
            }
            _ => field_start = false,
        }
    }
    if !truncated && count > 0 {
        counts.push(count);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_sniffed() {
        let cases: &[(&str, u8)] = &[
            ("Name,Publisher\nA,B\n", b','),
            ("Name;Publisher;Version\nA;B;1,5\n", b';'),
            ("Name\tPublisher\nOffice, 2016\tMicrosoft\n", b'\t'),
            ("Name|Publisher\nA|B", b'|'),
            // Delimiters inside quotes do not count.
            ("\"Name;x\",\"Publisher;y\",Version\n\"a;b\",c,d\n", b','),
            // The header decides; consistency breaks ties.
            ("Name,Publisher;Version\nA,B;C\nD,E;F\n", b','),
            (
                "Name\tVersion, build\tPublisher\nA\t1, 2\tB\nC\t3\tD\n",
                b'\t',
            ),
            // One column: no delimiter at all.
            ("Product\n7-Zip\n", b','),
            ("", b','),
            // A title line above the header.
            ("Installed software\nName;Publisher\nA;B\n", b';'),
            // Embedded newlines inside quotes do not end a record.
            ("Name;Publisher\n\"Two\nlines, here\";B\nC;D\n", b';'),
            ("Name,Publisher\r\nA,B\r\n", b','),
        ];
        for (text, want) in cases {
            assert_eq!(char::from(sniff(text)), char::from(*want), "{text:?}");
        }
    }

    #[test]
    fn records_are_counted_with_quotes() {
        assert_eq!(
            count_per_record("a,b\n\"x,\"\"y\"\"\",z\n", b','),
            vec![1, 1]
        );
        assert_eq!(count_per_record("a,b", b','), vec![1]);
        assert_eq!(count_per_record("5\" disk,b\n", b','), vec![1]);
    }

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line("sep=;"), Some(b';'));
        assert_eq!(sep_line("sep=|\r"), Some(b'|'));
        assert_eq!(sep_line("sep=\t"), Some(b'\t'));
        assert_eq!(sep_line("sep=ab"), None);
        assert_eq!(sep_line("sep=a"), None);
        assert_eq!(sep_line("Name;sep=;"), None);
    }
}
