//! What can be wrong with a workbook, at any of its layers, and how sizes
//! are written in the messages.

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

/// A size for a message: `256 MiB`, `64 KiB`, `100 bytes`.
pub(crate) fn bytes_text(bytes: u64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(bytes_text(256 * 1024 * 1024), "256 MiB");
        assert_eq!(bytes_text(64 * 1024), "64 KiB");
        assert_eq!(bytes_text(1000), "1000 bytes");
    }
}
