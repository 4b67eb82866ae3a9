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
//! The text comes as a head, holding at least what the sniffer and the
//! dropped lines need, and a reader for the rest: all of a file read into
//! memory is a head with nothing after it, and a file streamed from disk is
//! its first part and the rest of the file, read once, as the rows are. The
//! `csv` crate reads records one at a time from the two: [`open`] reads up to
//! the header (every error a file can have is found by then), and
//! [`Delimited`] hands on each row after it as it is read.

use std::borrow::Cow;
use std::io::{Chain, Cursor, Read};

use vrc_engine::{Delimiter, Field, ImportReport};

use crate::ImportError;
use crate::columns::{self, Mapping};
use crate::decode;
use crate::rows::{Collector, Each, EachRef, Rows};
use crate::{BorrowedRow, Row};

/// The delimiters recognised, preferred in this order when the evidence ties.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records the sniffer looks at, and how much text at most.
const SNIFF_RECORDS: usize = 20;
const SNIFF_BYTES: usize = 64 * 1024;

/// Whether `head`, the first part of a longer text ending with a line end,
/// is enough for [`open`] to take the rest from a reader: the lines it may
/// drop and all that [`sniff`] looks at lie within it.
pub(crate) fn head_is_enough(head: &str) -> bool {
    let dropped: usize = head.split_inclusive('\n').take(2).map(str::len).sum();
    head.ends_with('\n') && head.len().saturating_sub(dropped) > SNIFF_BYTES + 4
}

/// What follows the head: nothing for text already in memory, or the rest
/// of a file as it is read, whose bytes are not known to be UTF-8.
pub(crate) enum Rest<'a> {
    Nothing,
    Bytes(Box<dyn Read + 'a>),
}

/// The bytes the `csv` reader reads: the head, then the rest.
type Source<'a> = Chain<Cursor<Cow<'a, [u8]>>, Box<dyn Read + 'a>>;

/// Delimited text read up to its header, the rows after it still to come.
pub(crate) struct Delimited<'a> {
    reader: ::csv::Reader<Window<Source<'a>>>,
    records: Records,
    lines: Lines,
    headers: Vec<String>,
    mapping: Mapping,
    delimiter: u8,
    /// Records before the header that could not be read: line and why.
    unreadable: Vec<(u64, String)>,
}

/// Reads delimited text, `head` followed by `rest`, up to its header. `rest`
/// is [`Rest::Nothing`] unless [`head_is_enough`].
pub(crate) fn open<'a>(
    head: Cow<'a, str>,
    rest: Rest<'a>,
    file: &str,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Delimited<'a>, ImportError> {
    report.format = "csv".to_owned();
    let mut body: &str = &head;
    let mut lines_dropped = 0u64;
    // Lines with text that is not ASCII, among those dropped: the decoder
    // counts them when it says a file mixes encodings.
    let mut dropped_non_ascii = 0usize;

    if first_line(body)
        .trim_start()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("#TYPE"))
    {
        dropped_non_ascii += usize::from(!first_line(body).is_ascii());
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
        report
            .warnings
            .push(format!("read the delimiter {d} from the `sep=` line"));
    }
    let delimiter = delimiter.map_or_else(|| sniff(body), Delimiter::byte);
    report.delimiter = Delimiter::new(delimiter);

    let skip = head.len().saturating_sub(body.len()) as u64;
    let (rest, check): (Box<dyn Read + 'a>, _) = match rest {
        Rest::Nothing => (Box::new(std::io::empty()), None),
        Rest::Bytes(bytes) => (
            bytes,
            Some(Encodings {
                utf8_lines: dropped_non_ascii,
                ..Encodings::default()
            }),
        ),
    };
    let head = match head {
        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
    };
    let mut head = Cursor::new(head);
    head.set_position(skip);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Window::new(head.chain(rest)));
    let mut lines = Lines::new(lines_dropped);
    let mut records = Records {
        delimiter,
        check,
        ..Records::default()
    };

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
    Ok(Delimited {
        reader,
        records,
        lines,
        headers,
        mapping,
        delimiter,
        unreadable,
    })
}

impl Rows for Delimited<'_> {
    fn for_each(
        self: Box<Self>,
        file: &str,
        report: &mut ImportReport,
        each: Each<'_>,
    ) -> Result<(), ImportError> {
        self.for_each_ref(file, report, &mut |row| {
            each(Row {
                line: row.line,
                item: row.item.to_item(),
            })
        })
    }

    fn for_each_ref(
        self: Box<Self>,
        file: &str,
        report: &mut ImportReport,
        each: EachRef<'_>,
    ) -> Result<(), ImportError> {
        let Delimited {
            mut reader,
            mut records,
            mut lines,
            headers,
            mapping,
            delimiter,
            unreadable,
        } = *self;
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
        // tables are usually pulled) has a line of dashes under the header,
        // `NULL` for SQL nulls and a `(N rows affected)` line at the end:
        // none is data.
        let mut sqlcmd = false;
        let mut first = true;
        // Each row is handed on as soon as it is read: records are read one at
        // a time into one buffer, and nothing per row is kept here.
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
                    .map(|c| if sqlcmd && c.trim() == "NULL" { "" } else { c })
            };
            // Text flattened to `?` is looked for in the fields only when
            // the record has a `?` at all (almost none has): every byte
            // looked at without stopping, which the compiler vectorises
            // (core's `memchr` goes a word at a time).
            let question =
                (record.as_byte_record().as_slice().iter()).fold(false, |q, b| q | (*b == b'?'));
            if let Some(item) = collector.row_ref(line, cell, question) {
                rows_read += 1;
                if each(BorrowedRow { line, item }).is_break() {
                    break;
                }
            }
        }

        // Streamed bytes that were not all UTF-8: `decode` would have read
        // the file as Windows-1252 but for its UTF-8 lines, and so it was.
        if let Some(check) = &records.check
            && check.mixed
        {
            report.encoding = Some(decode::Encoding::Windows1252.as_str().to_owned());
            if let Some(warning) = decode::mixed_warning(check.utf8_lines) {
                report.warnings.insert(0, warning);
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
    delimiter: u8,
    /// For bytes streamed from a file, which may not all be UTF-8: what the
    /// decoder would make of them, checked a record at a time.
    check: Option<Encodings>,
}

impl Records {
    fn next<'r, R: Read>(
        &'r mut self,
        reader: &mut ::csv::Reader<Window<R>>,
        lines: &mut Lines,
    ) -> Next<'r> {
        let before = reader.position().byte();
        match reader.read_record(&mut self.record) {
            Ok(false) => {
                if let Some(check) = &mut self.check {
                    check.note(reader.get_ref().span(before, reader.position().byte()));
                    check.end_line();
                }
                Next::End
            }
            Ok(true) => {
                let start = self.record.position().map_or(before, ::csv::Position::byte);
                if let Some(check) = &mut self.check {
                    let span = reader.get_ref().span(before, reader.position().byte());
                    if check.open_invalid && !span.is_ascii() {
                        // More of a line that is not UTF-8, after a record
                        // ended by a lone `\r`: `decode` reads the whole
                        // line as Windows-1252.
                        let text = check.decode(span);
                        self.read_again(text);
                    } else {
                        check.note(span);
                    }
                }
                Next::Record(lines.line_of(start, reader.get_mut()), &self.record)
            }
            Err(err) => {
                if let ::csv::ErrorKind::Io(io) = err.kind() {
                    return Next::Failed(io.to_string());
                }
                let start = err.position().map_or(before, ::csv::Position::byte);
                let after = reader.position().byte();
                // A record that is not UTF-8, in a file streamed as it is read:
                // decoded as the whole file would have been (its lines that
                // are not UTF-8 as Windows-1252), then read again as text.
                if let (::csv::ErrorKind::Utf8 { .. }, Some(check)) = (err.kind(), &mut self.check)
                {
                    let text = check.decode(reader.get_ref().span(before, after));
                    if self.read_again(text) {
                        return Next::Record(lines.line_of(start, reader.get_mut()), &self.record);
                    }
                }
                if self.last_error_at == Some(after) || after == before {
                    return Next::End;
                }
                self.last_error_at = Some(after);
                Next::Unreadable(lines.line_of(start, reader.get_mut()), err.to_string())
            }
        }
    }
}

impl Records {
    /// Reads the record again from `text`, its bytes decoded: the same
    /// record, since decoding changes no byte that is ASCII, and so none
    /// that the `csv` reader looks at.
    fn read_again(&mut self, text: String) -> bool {
        // A reader of the same type as the file's, not one of its own: each
        // type of `csv` reader is its own copy of the parser in the wasm.
        let nothing: Box<dyn Read> = Box::new(std::io::empty());
        let source: Source<'_> = Cursor::new(Cow::Owned(text.into_bytes())).chain(nothing);
        ::csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(Window::new(source))
            .read_record(&mut self.record)
            .unwrap_or(false)
    }
}

/// What [`decode::decode`] would make of bytes that were not read whole:
/// valid UTF-8 is UTF-8; anything else is Windows-1252 but for the lines
/// (to a `\n`) that are valid UTF-8 with text that is not ASCII, which it
/// counts in a warning. Fed the bytes of each record as it is read, in
/// order: a record ends at a line end, so no character is cut between two.
///
/// A record is handed on once read, so one thing cannot be done as
/// `decode` does: where records end with a lone `\r` (old Mac text), many
/// share a `\n` line, and those handed on before a byte that is not UTF-8
/// was met on that line keep their UTF-8.
#[derive(Debug, Default)]
struct Encodings {
    /// The line being read has bytes that are not ASCII.
    open_non_ascii: bool,
    /// The line being read is not UTF-8.
    open_invalid: bool,
    /// Lines ended so far that are UTF-8 and not ASCII.
    utf8_lines: usize,
    /// A line that is not UTF-8 was seen: the file is not.
    mixed: bool,
}

impl Encodings {
    /// Notes the next bytes, a record the `csv` reader found to be UTF-8.
    fn note(&mut self, bytes: &[u8]) {
        // Most text is ASCII, most of the time: nothing to count.
        if !self.open_non_ascii && bytes.is_ascii() {
            return;
        }
        for piece in bytes.split_inclusive(|b| *b == b'\n') {
            self.open_non_ascii |= !piece.is_ascii();
            if piece.ends_with(b"\n") {
                self.end_line();
            }
        }
    }

    /// Notes the next bytes, some not UTF-8, and decodes them line by line
    /// as `decode` would.
    fn decode(&mut self, bytes: &[u8]) -> String {
        let mut text = String::with_capacity(bytes.len());
        for piece in bytes.split_inclusive(|b| *b == b'\n') {
            let utf8 = std::str::from_utf8(piece);
            if !piece.is_ascii() {
                self.open_non_ascii = true;
                self.open_invalid |= utf8.is_err();
            }
            match utf8 {
                Ok(piece) if !self.open_invalid => text.push_str(piece),
                _ => text.push_str(&decode::windows_1252(piece)),
            }
            if piece.ends_with(b"\n") {
                self.end_line();
            }
        }
        text
    }

    /// The line being read ends.
    fn end_line(&mut self) {
        if self.open_invalid {
            self.mixed = true;
        } else if self.open_non_ascii {
            self.utf8_lines += 1;
        }
        self.open_non_ascii = false;
        self.open_invalid = false;
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
            self.line += line_ends(text.span(self.byte, at));
            self.byte = at;
            text.forget_before(at);
        }
        self.line
    }
}

/// How many lines end in `span`: at each `\n`, and at each `\r` not
/// followed by one (the last byte has none after it). Each byte is looked at
/// with the next, without branches, and counted in a byte a lane up to 255
/// at a time: a loop the compiler vectorises 16 or 32 bytes a step.
fn line_ends(span: &[u8]) -> u64 {
    const CHUNK: usize = 255;
    let next = span.get(1..).unwrap_or_default();
    let last = u64::from(matches!(span.last(), Some(b'\n' | b'\r')));
    (span.chunks(CHUNK).zip(next.chunks(CHUNK)))
        .map(|(bytes, next)| {
            let ends = (bytes.iter().zip(next)).fold(0u8, |n, (b, next)| {
                let cr_alone = u8::from(*b == b'\r') & u8::from(*next != b'\n');
                n.wrapping_add(u8::from(*b == b'\n') | cr_alone)
            });
            u64::from(ends)
        })
        .sum::<u64>()
        + last
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
fn sep_line(line: &str) -> Option<Delimiter> {
    let rest = line.trim_end_matches(['\r', '\n']).strip_prefix("sep=")?;
    match rest.as_bytes() {
        [d] => Delimiter::new(*d),
        _ => None,
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

    /// Line ends counted at once are those counted a byte pair at a time.
    #[test]
    fn line_ends_are_counted_as_pairs() {
        let by_pairs = |span: &[u8]| -> u64 {
            let next = span.get(1..).unwrap_or_default();
            let within: u64 = (span.iter().zip(next))
                .map(|(b, n)| u64::from(*b == b'\n' || (*b == b'\r' && *n != b'\n')))
                .sum();
            within + u64::from(matches!(span.last(), Some(b'\n' | b'\r')))
        };
        let spans: &[&[u8]] = &[
            b"",
            b"a,b",
            b"a\nb\n",
            b"a\r\nb\r\n",
            b"a\rb\r",
            b"\r",
            b"\n\r",
            b"\r\r\n\n\r",
            b"\"x\r\ny\",z\r\n\r\n",
        ];
        for span in spans {
            assert_eq!(line_ends(span), by_pairs(span), "{span:?}");
        }
        // Line ends on either side of the 255-byte steps, and across them.
        let ends: [&[u8]; 4] = [b"\r\n", b"\n", b"\r", b"\n\r"];
        for len in [253, 254, 255, 256, 509, 510, 511] {
            for end in ends {
                let mut span = vec![b'a'; len];
                span.extend_from_slice(end);
                span.extend(std::iter::repeat_n(b'b', 300));
                span.extend_from_slice(end);
                assert_eq!(line_ends(&span), by_pairs(&span), "{len} {end:?}");
            }
        }
    }

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line("sep=;").map(Delimiter::byte), Some(b';'));
        assert_eq!(sep_line("sep=|\r").map(Delimiter::byte), Some(b'|'));
        assert_eq!(sep_line("sep=\t").map(Delimiter::byte), Some(b'\t'));
        assert_eq!(sep_line("sep=ab").map(Delimiter::byte), None);
        assert_eq!(sep_line("sep=a").map(Delimiter::byte), None);
        assert_eq!(sep_line("Name;sep=;").map(Delimiter::byte), None);
    }
}
