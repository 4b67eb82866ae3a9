//! The cells of one sheet of an Excel workbook (.xlsx): a zip archive of
//! SpreadsheetML parts.
//!
//! Only what an inventory needs is read: the list of sheets
//! (`xl/workbook.xml` and its relationships), the shared strings, the number
//! formats of `xl/styles.xml` (so that a version formatted `0.0` reads
//! `11.0`), and one sheet's cells, row by row. Formulas are read by their
//! cached value; dates are read as the numbers Excel stores.
//!
//! The archive comes from the user, so nothing in it is trusted: at most
//! [`Limits::entries`] entries; at most [`Limits::inflated`] bytes inflated
//! from all the parts read, counted as they are inflated (the sizes the
//! archive declares are not believed), and each part checked against the
//! size and CRC-32 the archive lists; as much text again, at most, in the
//! cells handed out (a short cell may point at a long shared string); and
//! every index and reference checked.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::ControlFlow;

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use rawzip::{
    CompressionMethod, ErrorKind, ZipArchive, ZipArchiveEntryWayfinder, ZipSliceArchive,
    ZipVerification,
};
use vrc_engine::normalise::lowercase;

/// Excel's widest sheet: cells further right are not read.
const MAX_COLUMNS: u32 = 16_384;
/// A cell holds at most this many characters in Excel; longer text is cut.
const MAX_CELL_CHARS: usize = 32_767;

/// How much of an archive is read, at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Entries the archive may list. Real workbooks have tens.
    pub(crate) entries: usize,
    /// Bytes inflated from all the parts read, and bytes of cell text handed out.
    pub(crate) inflated: u64,
}

impl Default for Limits {
    /// 256 MiB: a sheet of a million short rows fits.
    fn default() -> Limits {
        Limits {
            entries: 10_000,
            inflated: 256 * 1024 * 1024,
        }
    }
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Error {
    /// Not a zip archive that can be opened: what the zip reader says.
    Zip(String),
    /// A zip archive, but not a workbook; what it is instead, as "a Word
    /// document (.docx)".
    NotWorkbook(String),
    /// Too many entries, or parts that inflate too far.
    TooLarge(String),
    /// A part that is broken or not well-formed XML.
    Part { part: String, message: String },
    /// The workbook lists no sheets.
    NoSheets,
    /// No sheet has the name asked for.
    NoSheet { asked: String, sheets: Vec<String> },
    /// The sheet asked for holds a chart or a dialog, not cells.
    NotCells { sheet: String },
}

/// A sheet as the workbook lists it.
#[derive(Debug, Clone)]
pub(crate) struct SheetEntry {
    pub(crate) name: String,
    pub(crate) hidden: bool,
    /// The part that holds it, if the relationships say.
    part: Option<String>,
    /// A worksheet (of cells), rather than a chart or dialog sheet.
    cells: bool,
}

/// An entry of the archive's central directory: what is needed to find,
/// inflate and check it.
#[derive(Debug)]
struct Entry {
    /// Its name as the archive spells it (not necessarily UTF-8).
    name: Vec<u8>,
    wayfinder: ZipArchiveEntryWayfinder,
    method: CompressionMethod,
    encrypted: bool,
}

/// An open workbook: its sheets, in tab order, and the parts they share.
#[derive(Debug)]
pub(crate) struct Workbook<'b> {
    archive: ZipSliceArchive<&'b [u8]>,
    /// The central directory, in its order.
    entries: Vec<Entry>,
    limits: Limits,
    /// Bytes inflated so far, from every part read.
    inflated: u64,
    pub(crate) sheets: Vec<SheetEntry>,
    shared_strings: Option<String>,
    styles: Option<String>,
}

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

/// The shared string table, kept as one text and where each string ends, so
/// that a table of many empty strings takes little more memory than its XML.
#[derive(Debug, Default)]
struct SharedStrings {
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

/// How a number is shown: Excel's General, or with fixed decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberFormat {
    General,
    /// At least `min` and at most `max` decimals (`0.0#` is 1 and 2).
    Decimals {
        min: u8,
        max: u8,
    },
}

/// A cell that could not be read as it says, and was read as empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadCell {
    /// Its reference, such as `B7`.
    pub(crate) reference: String,
    pub(crate) reason: String,
}

/// Open a workbook: check the archive and list its sheets.
pub(crate) fn open(bytes: &[u8], limits: Limits) -> Result<Workbook<'_>, Error> {
    if let Some(entries) = declared_entries(bytes)
        && entries > limits.entries
    {
        return Err(too_many_entries(
            u64::try_from(entries).unwrap_or(u64::MAX),
            limits.entries,
        ));
    }
    let archive = ZipArchive::from_slice(bytes).map_err(|err| Error::Zip(zip_message(&err)))?;
    let entries = directory(&archive, limits.entries)?;
    let mut book = Workbook {
        archive,
        entries,
        limits,
        inflated: 0,
        sheets: Vec::new(),
        shared_strings: None,
        styles: None,
    };

    // The package's relationships name the main part; `xl/workbook.xml` is
    // where every writer puts it.
    let root_rels = match book.part("_rels/.rels")? {
        Some(xml) => relationships("_rels/.rels", &xml, "")?,
        None => HashMap::new(),
    };
    let main = root_rels
        .into_values()
        .find(|r| r.kind == "officeDocument" && !r.external)
        .map_or_else(|| "xl/workbook.xml".to_owned(), |r| r.target);
    // A Word document or a presentation has a main part too: only a
    // workbook's is read.
    if !main.to_ascii_lowercase().ends_with(".xml") {
        return Err(Error::NotWorkbook(book.what_it_is()));
    }
    let Some(workbook_xml) = book.part(&main)? else {
        return Err(Error::NotWorkbook(book.what_it_is()));
    };
    if root_element(&main, &workbook_xml)?.as_deref() != Some("workbook") {
        return Err(Error::NotWorkbook(book.what_it_is()));
    }
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels_part = format!("{}_rels/{file}.rels", with_slash(dir));
    let rels = match book.part(&rels_part)? {
        Some(xml) => relationships(&rels_part, &xml, dir)?,
        None => HashMap::new(),
    };
    let target = |kind: &str| {
        rels.values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
    };
    book.shared_strings = target("sharedStrings");
    book.styles = target("styles");
    if rels.is_empty() {
        // A package without relationships: the conventional names.
        book.shared_strings = Some(format!("{}sharedStrings.xml", with_slash(dir)));
        book.styles = Some(format!("{}styles.xml", with_slash(dir)));
    }
    book.sheets = sheets(&main, &workbook_xml, &rels, dir)?;
    if book.sheets.is_empty() {
        return Err(Error::NoSheets);
    }
    Ok(book)
}

impl Workbook<'_> {
    /// The sheet named `name` (exactly, then ignoring case), or the first
    /// visible sheet of cells.
    pub(crate) fn choose(&self, name: Option<&str>) -> Result<usize, Error> {
        let Some(name) = name else {
            return Ok(self
                .sheets
                .iter()
                .position(|s| s.cells && !s.hidden)
                .or_else(|| self.sheets.iter().position(|s| s.cells))
                .unwrap_or(0));
        };
        self.sheets
            .iter()
            .position(|s| s.name == name)
            .or_else(|| {
                let name = lowercase(name.trim());
                self.sheets
                    .iter()
                    .position(|s| lowercase(s.name.trim()) == name)
            })
            .ok_or_else(|| Error::NoSheet {
                asked: name.to_owned(),
                sheets: self.sheets.iter().map(|s| s.name.clone()).collect(),
            })
    }

    /// Load the sheet at `index` (from [`Workbook::choose`]).
    pub(crate) fn load(&mut self, index: usize) -> Result<Sheet, Error> {
        let Some(entry) = self.sheets.get(index) else {
            return Err(Error::NoSheets);
        };
        if !entry.cells {
            return Err(Error::NotCells {
                sheet: entry.name.clone(),
            });
        }
        let Some(part) = entry.part.clone() else {
            return Err(Error::Part {
                part: "xl/workbook.xml".to_owned(),
                message: format!("does not say which part holds the sheet `{}`", entry.name),
            });
        };
        let Some(xml) = self.part(&part)? else {
            return Err(Error::Part {
                part,
                message: "is missing from the archive".to_owned(),
            });
        };
        let shared = match self.shared_strings.clone() {
            Some(path) => match self.part(&path)? {
                Some(xml) => shared_strings(&path, &xml)?,
                None => SharedStrings::default(),
            },
            None => SharedStrings::default(),
        };
        let formats = match self.styles.clone() {
            Some(path) => match self.part(&path)? {
                Some(xml) => number_formats(&path, &xml)?,
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        Ok(Sheet {
            part,
            xml,
            shared,
            formats,
            text_limit: self.limits.inflated,
        })
    }

    /// The archive's index of a part. Part names are compared ignoring ASCII
    /// case, as the packaging standard says.
    fn find(&self, name: &str) -> Option<&Entry> {
        let name = name.trim_start_matches('/').as_bytes();
        self.entries.iter().find(|e| e.name == name).or_else(|| {
            self.entries
                .iter()
                .find(|e| e.name.eq_ignore_ascii_case(name))
        })
    }

    /// A part's text, or `None` when the archive does not have it. Its
    /// inflated bytes count against the limit as they are inflated, and are
    /// checked against the size and CRC-32 the archive lists.
    fn part(&mut self, name: &str) -> Result<Option<String>, Error> {
        let Some(entry) = self.find(name) else {
            return Ok(None);
        };
        let name = name.trim_start_matches('/');
        let broken = |message: String| Error::Part {
            part: name.to_owned(),
            message,
        };
        if entry.encrypted {
            return Err(broken(
                "is encrypted: save the workbook without a password and read that".to_owned(),
            ));
        }
        let remaining = self.limits.inflated.saturating_sub(self.inflated);
        // The declared size is only a hint: one that is too large ends the
        // reading early, but what is inflated is counted all the same.
        let declared = entry.wayfinder.uncompressed_size_hint();
        if declared > remaining {
            return Err(too_large(name, self.limits.inflated));
        }
        let local = self
            .archive
            .get_entry(entry.wayfinder)
            .map_err(|err| broken(format!("cannot be read: {}", zip_message(&err))))?;
        let data = local.data();
        let bytes = match entry.method {
            CompressionMethod::STORE => {
                if u64::try_from(data.len()).unwrap_or(u64::MAX) > remaining {
                    return Err(too_large(name, self.limits.inflated));
                }
                data.to_vec()
            }
            CompressionMethod::DEFLATE => match inflate(data, declared, remaining) {
                Ok(Some(bytes)) => bytes,
                Ok(None) => return Err(too_large(name, self.limits.inflated)),
                Err(status) => {
                    return Err(broken(format!(
                        "cannot be inflated: {}",
                        inflate_message(status)
                    )));
                }
            },
            method => {
                return Err(broken(format!(
                    "is compressed with method {}, which cannot be read: only stored and \
                     deflated parts can; save the workbook again from Excel",
                    method_text(method)
                )));
            }
        };
        let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        self.inflated = self.inflated.saturating_add(read);
        let got = ZipVerification {
            crc: crc32(&bytes),
            uncompressed_size: read,
        };
        local
            .claim_verifier()
            .valid(got)
            .map_err(|err| broken(format!("is damaged: {}", zip_message(&err))))?;
        let text = String::from_utf8(bytes).map_err(|_| broken("is not UTF-8 text".to_owned()))?;
        Ok(Some(match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }))
    }

    /// What a zip archive that is not a workbook seems to be.
    fn what_it_is(&self) -> String {
        let names: Vec<String> = self
            .entries
            .iter()
            .map(|e| String::from_utf8_lossy(&e.name).into_owned())
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        describe_archive(&names)
    }
}

/// The entries of the central directory: as many as the end of central
/// directory record declares (fewer is an error, further ones are not read),
/// and no more than `limit`.
fn directory(archive: &ZipSliceArchive<&[u8]>, limit: usize) -> Result<Vec<Entry>, Error> {
    let declared = archive.entries_hint();
    if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(too_many_entries(declared, limit));
    }
    let mut entries = Vec::new();
    for record in archive.entries() {
        if u64::try_from(entries.len()).unwrap_or(u64::MAX) >= declared {
            break;
        }
        let record = record.map_err(|err| Error::Zip(zip_message(&err)))?;
        entries.push(Entry {
            name: record.file_path().as_bytes().to_vec(),
            wayfinder: record.wayfinder(),
            method: record.compression_method(),
            encrypted: record.flags().is_encrypted(),
        });
    }
    let found = u64::try_from(entries.len()).unwrap_or(u64::MAX);
    if found < declared {
        return Err(Error::Zip(format!(
            "its end of central directory lists {declared} entries, and only {found} follow: \
             the file may have been cut short"
        )));
    }
    Ok(entries)
}

/// Inflate the raw deflate stream `data` into at most `limit` bytes, counted
/// as they are inflated; `Ok(None)` when it inflates to more. `hint`, the
/// size the archive declares, sizes the first buffer only.
fn inflate(data: &[u8], hint: u64, limit: u64) -> Result<Option<Vec<u8>>, TINFLStatus> {
    /// The smallest step the buffer grows by.
    const STEP: usize = 32 * 1024;
    /// The most the declared size may make the first buffer.
    const FIRST_AT_MOST: u64 = 1 << 24;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let first = usize::try_from(hint.min(FIRST_AT_MOST)).unwrap_or(STEP);
    let mut out = vec![0u8; first.max(STEP).min(limit)];
    let mut decompressor = Box::<DecompressorOxide>::default();
    let mut input = data;
    let mut written = 0usize;
    loop {
        // The whole output so far stays in `out`: later data refers back to it.
        let (status, used, wrote) = decompress(
            &mut decompressor,
            input,
            &mut out,
            written,
            inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        written = written.saturating_add(wrote);
        input = input.get(used..).unwrap_or_default();
        match status {
            TINFLStatus::Done => {
                out.truncate(written);
                return Ok(Some(out));
            }
            TINFLStatus::HasMoreOutput => {
                let room = limit.saturating_sub(out.len());
                if room == 0 {
                    return Ok(None);
                }
                // Double, up to the limit and never past it.
                let grow = out.len().max(STEP).min(room);
                out.try_reserve_exact(grow)
                    .map_err(|_| TINFLStatus::HasMoreOutput)?;
                out.resize(out.len().saturating_add(grow), 0);
            }
            other => return Err(other),
        }
    }
}

/// The CRC-32 (IEEE) of `data`, as zip archives list it: a byte at a time,
/// from a table built for each part. rawzip's own (`rawzip::crc32`, sixteen
/// tables, 16 KiB) would add some 18 KB to the gzipped web app, more than the
/// rest of the reader; this adds 0.2 KB, and still checks a part of some
/// megabytes in milliseconds.
fn crc32(data: &[u8]) -> u32 {
    const POLYNOMIAL: u32 = 0xEDB8_8320;
    let mut table = [0u32; 256];
    for (byte, slot) in (0u32..).zip(table.iter_mut()) {
        *slot = (0..8).fold(byte, |c, _| {
            if c & 1 == 1 {
                (c >> 1) ^ POLYNOMIAL
            } else {
                c >> 1
            }
        });
    }
    !data.iter().fold(!0u32, |crc, &byte| {
        let index = usize::from(crc.to_le_bytes()[0] ^ byte);
        (crc >> 8) ^ table.get(index).copied().unwrap_or(0)
    })
}

/// Why a deflate stream could not be inflated, as the rest of a sentence.
fn inflate_message(status: TINFLStatus) -> &'static str {
    match status {
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            "its compressed data ends early"
        }
        TINFLStatus::HasMoreOutput => "there is not enough memory to inflate it",
        _ => "its compressed data is damaged",
    }
}

/// A compression method for a message: `14 (LZMA)`.
fn method_text(method: CompressionMethod) -> String {
    match method.name() {
        Some(name) => format!("{} ({name})", method.as_u16()),
        None => method.as_u16().to_string(),
    }
}

/// What an archive holding `names` is, for a message.
fn describe_archive(names: &[&str]) -> String {
    let has = |want: &str| names.iter().any(|n| n.eq_ignore_ascii_case(want));
    if has("word/document.xml") {
        return "a Word document (.docx)".to_owned();
    }
    if has("ppt/presentation.xml") {
        return "a PowerPoint presentation (.pptx)".to_owned();
    }
    if has("xl/workbook.bin") {
        return "an Excel binary workbook (.xlsb)".to_owned();
    }
    if has("mimetype") && has("content.xml") {
        return "an OpenDocument file, such as a LibreOffice spreadsheet (.ods)".to_owned();
    }
    let files: Vec<&&str> = names.iter().filter(|n| !n.ends_with('/')).collect();
    match files.as_slice() {
        [] => "an empty zip archive".to_owned(),
        [one] => format!("a zip archive holding `{one}`"),
        [first, second, rest @ ..] => {
            let more = if rest.is_empty() {
                String::new()
            } else {
                format!(" and {} more", rest.len())
            };
            format!("a zip archive holding `{first}`, `{second}`{more}")
        }
    }
}

/// The entry count the end of central directory record gives, when it can
/// be found; `None` for Zip64 (whose count is checked once open) or when
/// there is no such record (the zip reader then says what is wrong).
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    const SIGNATURE: &[u8] = b"PK\x05\x06";
    const RECORD: usize = 22;
    let earliest = bytes.len().saturating_sub(RECORD + usize::from(u16::MAX));
    let tail = bytes.get(earliest..)?;
    let at = tail
        .windows(SIGNATURE.len())
        .rposition(|w| w == SIGNATURE)?;
    let record = tail.get(at..at.checked_add(RECORD)?)?;
    let total = u16::from_le_bytes([*record.get(10)?, *record.get(11)?]);
    (total != u16::MAX).then_some(usize::from(total))
}

fn too_many_entries(entries: u64, limit: usize) -> Error {
    Error::TooLarge(format!(
        "the zip archive lists {entries} entries, more than the {limit} a workbook would have"
    ))
}

fn too_large(part: &str, limit: u64) -> Error {
    Error::TooLarge(format!(
        "its parts inflate to more than {} (at the part `{part}`), far more than an inventory would; it may be a zip bomb",
        bytes_text(limit)
    ))
}

/// A size for a message: `256 MiB`, `64 KiB`, `100 bytes`.
fn bytes_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// What the zip reader says, as the rest of a sentence.
fn zip_message(err: &rawzip::Error) -> String {
    match err.kind() {
        ErrorKind::MissingEndOfCentralDirectory => {
            "its end of central directory record is missing".to_owned()
        }
        ErrorKind::InvalidEndOfCentralDirectory => {
            "its end of central directory record is damaged".to_owned()
        }
        ErrorKind::Eof => "the archive ends early, so the file may have been cut short".to_owned(),
        ErrorKind::InvalidSignature { .. } => "a header of the archive is damaged".to_owned(),
        ErrorKind::InvalidChecksum { .. } => {
            "its CRC-32 checksum is not the one the archive lists".to_owned()
        }
        ErrorKind::InvalidSize { expected, actual } => {
            format!("it inflates to {actual} bytes, and the archive lists {expected}")
        }
        ErrorKind::InvalidUtf8(_) => "a name in the archive is not UTF-8 text".to_owned(),
        _ => lowercase_first(&err.to_string()),
    }
}

fn lowercase_first(text: &str) -> String {
    let first = text.chars().next().map_or(0, char::len_utf8);
    let (head, tail) = text.split_at(first);
    lowercase(head) + tail
}

fn with_slash(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// A relationship: what kind of part, and where.
#[derive(Debug)]
struct Relationship {
    /// The last segment of the type URI, such as `worksheet`.
    kind: String,
    /// The part's name in the archive, resolved against the source's folder.
    target: String,
    external: bool,
}

/// A relationships part, by id. `dir` is the folder of the part they
/// belong to, against which targets resolve.
fn relationships(part: &str, xml: &str, dir: &str) -> Result<HashMap<String, Relationship>, Error> {
    let mut rels = HashMap::new();
    let mut reader = xml_reader(xml);
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(target)) = (attribute(&e, "Id"), attribute(&e, "Target"))
                else {
                    continue;
                };
                let kind = attribute(&e, "Type")
                    .and_then(|t| t.rsplit('/').next().map(str::to_owned))
                    .unwrap_or_default();
                let external = attribute(&e, "TargetMode").is_some_and(|m| m == "External");
                rels.entry(id).or_insert(Relationship {
                    kind,
                    target: resolve(dir, &target),
                    external,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

/// A relationship target as a part name: absolute targets from the root,
/// relative ones from `dir`, with `.` and `..` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let (start, target) = match target.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (dir, target),
    };
    for segment in start.split('/').chain(target.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// The local name of a part's root element.
fn root_element(part: &str, xml: &str) -> Result<Option<String>, Error> {
    let mut reader = xml_reader(xml);
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) => return Ok(Some(e.local_name().as_ref().to_owned())),
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// The sheets of `xl/workbook.xml`, in tab order.
fn sheets(
    part: &str,
    xml: &str,
    rels: &HashMap<String, Relationship>,
    dir: &str,
) -> Result<Vec<SheetEntry>, Error> {
    let mut sheets = Vec::new();
    let mut reader = xml_reader(xml);
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let Some(name) = attribute(&e, "name") else {
                    continue;
                };
                let hidden = attribute(&e, "state").is_some_and(|s| s != "visible");
                let rel = relationship_id(&e).and_then(|id| rels.get(&id));
                let (part, cells) = match rel {
                    Some(rel) => (Some(rel.target.clone()), rel.kind == "worksheet"),
                    None if rels.is_empty() => (
                        Some(format!(
                            "{}worksheets/sheet{}.xml",
                            with_slash(dir),
                            sheets.len() + 1
                        )),
                        true,
                    ),
                    None => (None, true),
                };
                sheets.push(SheetEntry {
                    name,
                    hidden,
                    part,
                    cells,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

/// The `r:id` of a `<sheet>`, whatever the prefix of its namespace.
fn relationship_id(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        (a.key.prefix().is_some() && a.key.local_name().as_ref() == "id")
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(Cow::into_owned)
            })
            .flatten()
    })
}

/// The shared string table: one string per `<si>`, its runs joined, without
/// the phonetic guides (`<rPh>`).
fn shared_strings(part: &str, xml: &str) -> Result<SharedStrings, Error> {
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

/// The number format of each cell style (`<cellXfs>` of `xl/styles.xml`).
fn number_formats(part: &str, xml: &str) -> Result<Vec<NumberFormat>, Error> {
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
fn number_text(raw: &str, format: NumberFormat) -> Cow<'_, str> {
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
struct Decimal {
    negative: bool,
    /// ASCII digits, with no leading or trailing zeros: empty for zero.
    digits: Vec<u8>,
    point: i32,
}

impl Decimal {
    /// `[+-]digits[.digits][(e|E)[+-]digits]`, as a cell's value is written
    /// (what `f64`'s `FromStr` reads, but for `inf` and `NaN`); `None` for
    /// anything else, and for a number too large for an `f64`.
    fn parse(text: &str) -> Option<Decimal> {
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

fn xml_reader(xml: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    reader
}

/// The next event, or the part's name and what is wrong with it.
fn next<'x>(reader: &mut Reader<&'x [u8]>, part: &str) -> Result<Event<'x>, Error> {
    reader.read_event().map_err(|err| Error::Part {
        part: part.to_owned(),
        message: format!(
            "is not well-formed XML: {err}, at byte {}",
            reader.error_position()
        ),
    })
}

/// Add a text event's characters to `text`.
fn push_text(text: &mut String, event: Event<'_>) {
    match event {
        Event::Text(t) => text.push_str(&t.xml10_content()),
        Event::CData(c) => text.push_str(&c.into_inner()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                text.push(c);
            } else if let Some(s) = resolve_predefined_entity(&r) {
                text.push_str(s);
            }
        }
        _ => {}
    }
}

/// An attribute's value, unescaped; `None` if absent or broken.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let attr = e.try_get_attribute(name).ok()??;
    attr.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(Cow::into_owned)
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

    #[test]
    fn references_and_paths() {
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
        let paths = [
            ("xl", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
            (
                "xl",
                "/xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet1.xml",
            ),
            (
                "xl/worksheets",
                "../sharedStrings.xml",
                "xl/sharedStrings.xml",
            ),
            ("", "../../x.xml", "x.xml"),
        ];
        for (dir, target, want) in paths {
            assert_eq!(resolve(dir, target), want, "{dir} {target}");
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

    #[test]
    fn archives_are_described() {
        let cases: &[(&[&str], &str)] = &[
            (&["word/document.xml"], "a Word document (.docx)"),
            (&[], "an empty zip archive"),
            (
                &["export/", "export/inventory.csv"],
                "a zip archive holding `export/inventory.csv`",
            ),
            (
                &["a", "b", "c"],
                "a zip archive holding `a`, `b` and 1 more",
            ),
        ];
        for (names, want) in cases {
            assert_eq!(describe_archive(names), *want, "{names:?}");
        }
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(bytes_text(256 * 1024 * 1024), "256 MiB");
        assert_eq!(bytes_text(64 * 1024), "64 KiB");
        assert_eq!(bytes_text(1000), "1000 bytes");
    }

    /// A zip archive of `parts`, each stored or deflated.
    fn archive(parts: &[(&str, &[u8], zip::CompressionMethod)]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data, method) in parts {
            let options = zip::write::SimpleFileOptions::default().compression_method(*method);
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// An archive opened as a workbook that lists no sheets, to read parts from.
    fn parts(bytes: &[u8], inflated: u64) -> Workbook<'_> {
        let limits = Limits {
            inflated,
            ..Limits::default()
        };
        let archive = ZipArchive::from_slice(bytes).unwrap();
        let entries = directory(&archive, limits.entries).unwrap();
        Workbook {
            archive,
            entries,
            limits,
            inflated: 0,
            sheets: Vec::new(),
            shared_strings: None,
            styles: None,
        }
    }

    /// Every position of `needle` in `bytes`.
    fn positions(bytes: &[u8], needle: &[u8]) -> Vec<usize> {
        (0..bytes.len())
            .filter(|&i| bytes[i..].starts_with(needle))
            .collect()
    }

    #[test]
    fn stored_and_deflated_parts_are_read_and_counted() {
        use zip::CompressionMethod::{Deflated, Stored};
        let text = "<sst>".to_owned() + &"<si><t>Kaspersky</t></si>".repeat(2000) + "</sst>";
        let bytes = archive(&[
            ("a.xml", text.as_bytes(), Stored),
            ("XL/B.xml", text.as_bytes(), Deflated),
            ("empty.xml", b"", Deflated),
        ]);
        let size = text.len() as u64;
        let mut book = parts(&bytes, 2 * size);
        assert_eq!(book.part("a.xml").unwrap().as_deref(), Some(text.as_str()));
        // Names are compared ignoring ASCII case, and a leading slash.
        assert_eq!(
            book.part("/xl/b.xml").unwrap().as_deref(),
            Some(text.as_str())
        );
        assert_eq!(book.part("empty.xml").unwrap().as_deref(), Some(""));
        assert_eq!(book.part("missing.xml").unwrap(), None);
        assert_eq!(book.inflated, 2 * size);
        // The limit is counted across parts: a third read is too many bytes.
        let err = book.part("a.xml").unwrap_err();
        assert!(
            matches!(&err, Error::TooLarge(m) if m.contains("at the part `a.xml`")),
            "{err:?}"
        );
    }

    #[test]
    fn a_part_that_inflates_past_the_limit_stops_there_whatever_it_declares() {
        let zeros = vec![b' '; 4 * 1024 * 1024];
        let mut bytes = archive(&[("big.xml", &zeros, zip::CompressionMethod::Deflated)]);
        // The central directory says it inflates to 10 bytes: a lie.
        let central = positions(&bytes, b"PK\x01\x02")[0];
        bytes[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        let mut book = parts(&bytes, 64 * 1024);
        assert_eq!(book.entries[0].wayfinder.uncompressed_size_hint(), 10);
        let err = book.part("big.xml").unwrap_err();
        assert!(
            matches!(&err, Error::TooLarge(m) if m.contains("more than 64 KiB (at the part `big.xml`)")),
            "{err:?}"
        );
        // Under a large enough limit, the lie is caught by the size check.
        let mut book = parts(&bytes, 8 * 1024 * 1024);
        let err = book.part("big.xml").unwrap_err();
        assert_eq!(
            err,
            Error::Part {
                part: "big.xml".to_owned(),
                message: "is damaged: it inflates to 4194304 bytes, and the archive lists 10"
                    .to_owned()
            }
        );
    }

    #[test]
    fn damaged_and_unreadable_parts_say_why() {
        use zip::CompressionMethod::{Deflated, Stored};
        let part_error = |bytes: &[u8], name: &str| {
            let mut book = parts(bytes, 1024 * 1024);
            match book.part(name).unwrap_err() {
                Error::Part { part, message } => {
                    assert_eq!(part, name);
                    message
                }
                other => panic!("{other:?}"),
            }
        };

        // A byte changed in a stored part: its CRC-32 no longer matches.
        let mut bytes = archive(&[("xl/workbook.xml", b"<workbook/>", Stored)]);
        let at = positions(&bytes, b"<workbook/>")[0];
        bytes[at + 1] = b'W';
        assert_eq!(
            part_error(&bytes, "xl/workbook.xml"),
            "is damaged: its CRC-32 checksum is not the one the archive lists"
        );

        // A compression method other than stored or deflated, in both headers.
        let mut bytes = archive(&[("xl/styles.xml", b"<styleSheet/>", Stored)]);
        for (signature, offset) in [(&b"PK\x03\x04"[..], 8), (&b"PK\x01\x02"[..], 10)] {
            for at in positions(&bytes, signature) {
                bytes[at + offset..at + offset + 2].copy_from_slice(&14u16.to_le_bytes());
            }
        }
        assert_eq!(
            part_error(&bytes, "xl/styles.xml"),
            "is compressed with method 14 (LZMA), which cannot be read: only stored and \
             deflated parts can; save the workbook again from Excel"
        );

        // Deflated data cut short, and deflated data that is not deflate.
        let text = "<sst>".to_owned() + &"<si><t>Kaspersky</t></si>".repeat(200) + "</sst>";
        let bytes = archive(&[("s.xml", text.as_bytes(), Deflated)]);
        let central = positions(&bytes, b"PK\x01\x02")[0];
        let compressed =
            u32::from_le_bytes(bytes[central + 20..central + 24].try_into().unwrap()) as usize;
        let data = positions(&bytes, b"s.xml")[0] + "s.xml".len();
        let mut cut = bytes.clone();
        cut[data + compressed / 2..data + compressed].fill(0);
        let mut garbage = bytes.clone();
        garbage[data..data + compressed].fill(0xFF);
        for damaged in [cut, garbage] {
            let message = part_error(&damaged, "s.xml");
            assert!(message.starts_with("cannot be inflated: "), "{message}");
        }

        // Encrypted (the flag only: the reading stops before the data).
        let mut bytes = archive(&[("x.xml", b"<x/>", Stored)]);
        let central = positions(&bytes, b"PK\x01\x02")[0];
        bytes[central + 8] |= 1;
        assert!(part_error(&bytes, "x.xml").starts_with("is encrypted"));
    }

    #[test]
    fn archives_that_cannot_be_opened_say_why() {
        let bytes = archive(&[
            ("a.xml", b"<a/>", zip::CompressionMethod::Stored),
            ("b.xml", b"<b/>", zip::CompressionMethod::Stored),
        ]);
        let message = |bytes: &[u8]| match open(bytes, Limits::default()).unwrap_err() {
            Error::Zip(message) => message,
            other => panic!("{other:?}"),
        };
        // Cut short: no end of central directory, or only part of it.
        assert_eq!(
            message(&bytes[..bytes.len() - 30]),
            "its end of central directory record is missing"
        );
        assert_eq!(
            message(&bytes[..bytes.len() - 10]),
            "the archive ends early, so the file may have been cut short"
        );
        // The end says 2 entries; the directory is damaged after the first.
        let central = positions(&bytes, b"PK\x01\x02");
        let mut damaged = bytes.clone();
        damaged[central[1]] = b'X';
        assert_eq!(message(&damaged), "a header of the archive is damaged");
        // More entries than a workbook would have.
        let err = open(
            &bytes,
            Limits {
                entries: 1,
                ..Limits::default()
            },
        )
        .unwrap_err();
        assert!(
            matches!(&err, Error::TooLarge(m) if m.contains("lists 2 entries, more than the 1")),
            "{err:?}"
        );
    }

    #[test]
    fn crc32_is_the_one_zip_archives_list() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let text: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(crc32(&text), rawzip::crc32(&text));
    }

    #[test]
    fn entry_counts_are_read_from_the_end() {
        let mut eocd = b"PK\x05\x06".to_vec();
        eocd.extend([0, 0, 0, 0, 7, 0, 7, 0]);
        eocd.extend([0; 10]);
        assert_eq!(declared_entries(&eocd), Some(7));
        assert_eq!(declared_entries(&eocd[..20]), None);
        assert_eq!(declared_entries(b"PK\x03\x04"), None);
    }
}
