//! Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 LE/BE and
//! Windows-1252, decoded by hand so that the crate stays small in WebAssembly.
//!
//! The order of the checks matters:
//! 1. a byte-order mark decides outright;
//! 2. UTF-16 without a mark is recognised by its zero bytes (ASCII text in
//!    UTF-16 is also valid UTF-8, so this comes before the UTF-8 check);
//! 3. valid UTF-8 is UTF-8;
//! 4. anything else is Windows-1252, which can decode every byte.

/// The text encodings the importer recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    /// The name used in import reports.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// Decoded text, without its byte-order mark.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) encoding: Encoding,
    /// Things the user should know about the decoding, such as replaced bytes.
    pub(crate) warnings: Vec<String>,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// Decode a file's bytes. Never fails: undecodable sequences become U+FFFD
/// and are counted in a warning.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return utf8_lossy(rest, Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return utf16(rest, Endian::Little, Vec::new());
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return utf16(rest, Endian::Big, Vec::new());
    }
    if let Some(endian) = sniff_utf16(bytes) {
        let name = match endian {
            Endian::Little => "UTF-16LE",
            Endian::Big => "UTF-16BE",
        };
        let warning =
            format!("the file has no byte-order mark; read it as {name} because of its zero bytes");
        return utf16(bytes, endian, vec![warning]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_owned(),
            encoding: Encoding::Utf8,
            warnings: Vec::new(),
        },
        Err(_) => mixed(bytes),
    }
}

/// Not UTF-8 as a whole: Windows-1252, except for lines that are valid UTF-8
/// with non-ASCII text in them, which come from a UTF-8 file pasted onto a
/// Windows-1252 one (Windows-1252 text is almost never valid UTF-8 by chance).
fn mixed(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut utf8_lines = 0usize;
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => {
                utf8_lines += usize::from(!s.is_ascii());
                text.push_str(s);
            }
            Err(_) => text.push_str(&windows_1252(line)),
        }
    }
    Decoded {
        text,
        encoding: Encoding::Windows1252,
        warnings: mixed_warning(utf8_lines).into_iter().collect(),
    }
}

/// What the report says of a file read as Windows-1252 but for
/// `utf8_lines` lines of UTF-8 that are not ASCII; nothing when there are
/// none. The `csv` module says it too, of a file it streams.
pub(crate) fn mixed_warning(utf8_lines: usize) -> Option<String> {
    (utf8_lines > 0).then(|| {
        format!(
            "the file mixes encodings: read it as Windows-1252, except {utf8_lines} lines that were UTF-8"
        )
    })
}

fn utf8_lossy(bytes: &[u8], encoding: Encoding) -> Decoded {
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text
                .chars()
                .filter(|c| *c == char::REPLACEMENT_CHARACTER)
                .count();
            warnings.push(format!(
                "the file starts with a UTF-8 byte-order mark but {replaced} byte sequences were not UTF-8; they were replaced with `\u{FFFD}`"
            ));
            text
        }
    };
    Decoded {
        text,
        encoding,
        warnings,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endian {
    Little,
    Big,
}

fn utf16(bytes: &[u8], endian: Endian, mut warnings: Vec<String>) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| match (endian, pair) {
        (Endian::Little, [lo, hi]) | (Endian::Big, [hi, lo]) => u16::from_le_bytes([*lo, *hi]),
        // chunks_exact(2) yields only pairs.
        _ => 0xFFFD,
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut bad = 0usize;
    for c in char::decode_utf16(units) {
        text.push(c.unwrap_or_else(|_| {
            bad += 1;
            char::REPLACEMENT_CHARACTER
        }));
    }
    if bytes.len() % 2 == 1 {
        bad += 1;
        text.push(char::REPLACEMENT_CHARACTER);
    }
    if bad > 0 {
        warnings.push(format!(
            "{bad} parts of the file were not valid UTF-16 (a lone surrogate or an odd last byte); they were replaced with `\u{FFFD}`"
        ));
    }
    let encoding = match endian {
        Endian::Little => Encoding::Utf16Le,
        Endian::Big => Encoding::Utf16Be,
    };
    Decoded {
        text,
        encoding,
        warnings,
    }
}

/// UTF-16 without a byte-order mark: text files have no zero bytes, but ASCII
/// in UTF-16 has one in every pair, on the high side.
fn sniff_utf16(bytes: &[u8]) -> Option<Endian> {
    let sample = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = pair {
            even_zero += usize::from(*a == 0);
            odd_zero += usize::from(*b == 0);
        }
    }
    // Most pairs zero on one side, almost none on the other.
    let most = pairs * 2 / 5;
    let few = pairs / 10;
    if odd_zero >= most.max(1) && even_zero <= few {
        Some(Endian::Little)
    } else if even_zero >= most.max(1) && odd_zero <= few {
        Some(Endian::Big)
    } else {
        None
    }
}

/// Windows-1252's 0x80-0x9F; the rest of the bytes are Latin-1. The five
/// bytes Windows-1252 leaves undefined map to the C1 controls, as browsers do.
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
    '\u{2021}', // 80-87
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}',
    '\u{008F}', // 88-8F
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
    '\u{2014}', // 90-97
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}',
    '\u{0178}', // 98-9F
];

pub(crate) fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => WINDOWS_1252_HIGH
                .get(usize::from(b - 0x80))
                .copied()
                .unwrap_or(char::REPLACEMENT_CHARACTER),
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let cases: &[(&[u8], Encoding, &str)] = &[
            (b"Name,Publisher", Encoding::Utf8, "Name,Publisher"),
            (b"\xEF\xBB\xBFName", Encoding::Utf8Bom, "Name"),
            (
                "Soci\u{e9}t\u{e9}".as_bytes(),
                Encoding::Utf8,
                "Soci\u{e9}t\u{e9}",
            ),
            (
                b"Soci\xe9t\xe9 G\xe9n\xe9rale",
                Encoding::Windows1252,
                "Soci\u{e9}t\u{e9} G\u{e9}n\u{e9}rale",
            ),
            (
                b"\x80 \x85 \x99 \x9f \xff",
                Encoding::Windows1252,
                "\u{20AC} \u{2026} \u{2122} \u{0178} \u{ff}",
            ),
            (
                b"\x81\x8d\x8f\x90\x9d",
                Encoding::Windows1252,
                "\u{81}\u{8d}\u{8f}\u{90}\u{9d}",
            ),
            (b"\xFF\xFEN\x00a\x00", Encoding::Utf16Le, "Na"),
            (b"\xFE\xFF\x00N\x00a", Encoding::Utf16Be, "Na"),
            (
                b"\xFF\xFE\x1b\x04\x30\x04",
                Encoding::Utf16Le,
                "\u{41b}\u{430}",
            ),
            (b"\xFF\xFE=\xD8\x00\xDE", Encoding::Utf16Le, "\u{1F600}"),
            (b"N\x00a\x00m\x00e\x00", Encoding::Utf16Le, "Name"),
            (b"\x00N\x00a\x00m\x00e", Encoding::Utf16Be, "Name"),
            (b"", Encoding::Utf8, ""),
        ];
        for (bytes, encoding, text) in cases {
            let decoded = decode(bytes);
            assert_eq!(decoded.encoding, *encoding, "{bytes:?}");
            assert_eq!(decoded.text, *text, "{bytes:?}");
        }
    }

    #[test]
    fn broken_sequences_are_replaced_and_reported() {
        let cases: &[(&[u8], &str)] = &[
            (b"\xFF\xFEN\x00a", "N\u{FFFD}"),
            (b"\xFF\xFE\x00\xD8N\x00", "\u{FFFD}N"),
            (b"\xEF\xBB\xBFa\xffb", "a\u{FFFD}b"),
        ];
        for (bytes, text) in cases {
            let decoded = decode(bytes);
            assert_eq!(decoded.text, *text, "{bytes:?}");
            assert_eq!(decoded.warnings.len(), 1, "{bytes:?}");
        }
    }

    #[test]
    fn mixed_files_read_each_line_in_its_encoding() {
        let bytes = [
            &b"Name;Publisher\r\nA;Soci\xe9t\xe9\r\n"[..],
            "B;Лаборатория\r\n".as_bytes(),
        ]
        .concat();
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, Encoding::Windows1252);
        assert_eq!(
            decoded.text,
            "Name;Publisher\r\nA;Soci\u{e9}t\u{e9}\r\nB;Лаборатория\r\n"
        );
        assert_eq!(decoded.warnings.len(), 1);
        assert!(decode(b"caf\xe9\n").warnings.is_empty());
    }

    #[test]
    fn windows_1252_table_matches_the_code_page() {
        // Spot checks against the published code page.
        let expect = [
            (0x80u8, '\u{20AC}'),
            (0x8A, '\u{0160}'),
            (0x96, '\u{2013}'),
            (0x9C, '\u{0153}'),
        ];
        for (byte, c) in expect {
            assert_eq!(windows_1252(&[byte]), c.to_string());
        }
        for byte in 0xA0..=0xFFu8 {
            assert_eq!(windows_1252(&[byte]), char::from(byte).to_string());
        }
    }
}
