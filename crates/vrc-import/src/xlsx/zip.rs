//! The zip archive a workbook is, read from memory with caps, since it comes
//! from the user and nothing in it is trusted: at most [`Limits::entries`]
//! entries; at most [`Limits::inflated`] bytes inflated from all the parts
//! read, counted as they are inflated (the sizes the archive declares are
//! not believed); each part checked against the size and CRC-32 the archive
//! lists.
//!
//! rawzip finds the central directory and each part's bytes; miniz_oxide's
//! inflate core inflates them. Only stored and deflated parts are read.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
use rawzip::{
    CompressionMethod, ErrorKind, ZipArchive, ZipArchiveEntryWayfinder, ZipSliceArchive,
    ZipVerification,
};
use vrc_engine::normalise::lowercase;

use super::error::{Error, bytes_text};

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

/// An archive opened: its central directory, and what has been inflated
/// from it so far.
#[derive(Debug)]
pub(crate) struct Archive<'b> {
    archive: ZipSliceArchive<&'b [u8]>,
    /// The central directory, in its order.
    entries: Vec<Entry>,
    limits: Limits,
    /// Bytes inflated so far, from every part read.
    inflated: u64,
}

impl<'b> Archive<'b> {
    /// Open an archive: find its central directory, and check it against
    /// the entries cap.
    pub(crate) fn open(bytes: &'b [u8], limits: Limits) -> Result<Archive<'b>, Error> {
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
        Ok(Archive {
            archive,
            entries,
            limits,
            inflated: 0,
        })
    }

    /// The caps the archive is read with.
    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// The names of the archive's entries, as well as they read as UTF-8.
    pub(crate) fn names(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|e| String::from_utf8_lossy(&e.name).into_owned())
            .collect()
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

    /// A part's bytes, or `None` when the archive does not have it. They
    /// count against the limit as they are inflated, and are checked
    /// against the size and CRC-32 the archive lists.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Error> {
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
        Ok(Some(bytes))
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// An archive opened with a cap on the bytes inflated, to read parts from.
    fn parts(bytes: &[u8], inflated: u64) -> Archive<'_> {
        let limits = Limits {
            inflated,
            ..Limits::default()
        };
        Archive::open(bytes, limits).unwrap()
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
        assert_eq!(
            book.read("a.xml").unwrap().as_deref(),
            Some(text.as_bytes())
        );
        // Names are compared ignoring ASCII case, and a leading slash.
        assert_eq!(
            book.read("/xl/b.xml").unwrap().as_deref(),
            Some(text.as_bytes())
        );
        assert_eq!(book.read("empty.xml").unwrap().as_deref(), Some(&b""[..]));
        assert_eq!(book.read("missing.xml").unwrap(), None);
        assert_eq!(book.inflated, 2 * size);
        // The limit is counted across parts: a third read is too many bytes.
        let err = book.read("a.xml").unwrap_err();
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
        let err = book.read("big.xml").unwrap_err();
        assert!(
            matches!(&err, Error::TooLarge(m) if m.contains("more than 64 KiB (at the part `big.xml`)")),
            "{err:?}"
        );
        // Under a large enough limit, the lie is caught by the size check.
        let mut book = parts(&bytes, 8 * 1024 * 1024);
        let err = book.read("big.xml").unwrap_err();
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
            match book.read(name).unwrap_err() {
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
        let message = |bytes: &[u8]| match Archive::open(bytes, Limits::default()).unwrap_err() {
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
        let err = Archive::open(
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
