//! Excel workbooks (.xlsx): sheets, title rows, cell types, and archives
//! that are broken, hostile or not workbooks at all. The fixtures are
//! written by `fixtures/xlsx/make_fixtures.py`.

use std::ops::ControlFlow;

use proptest::prelude::*;
use vrc_engine::Field;
use vrc_import::{ImportError, Importer};

use super::common::{fixture, rows, skipped};

fn book(name: &str) -> Vec<u8> {
    fixture(&format!("xlsx/{name}"))
}

type Expected = &'static [(
    u64,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
)];

#[test]
fn sheets_read_like_delimited_text() {
    let cases: &[(&str, Option<&str>, Expected, &[(u64, &str)])] = &[
        (
            "inventory.xlsx",
            None,
            &[
                (
                    2,
                    Some("AO Kaspersky Lab"),
                    Some("Kaspersky Endpoint Security for Windows"),
                    Some("11.11.0.452"),
                ),
                (
                    3,
                    Some("Igor Pavlov"),
                    Some("7-Zip 23.01 (x64)"),
                    Some("23.01"),
                ),
                (
                    4,
                    Some("Mozilla"),
                    Some("Mozilla Firefox (x64 en-GB)"),
                    Some("121.0"),
                ),
                (5, Some("AT&T Ltd"), Some("Teams"), Some("1.6")),
            ],
            &[(6, "no product or publisher")],
        ),
        // A title, a note and blank rows above the header, and a blank row
        // between rows: lines are the sheet's row numbers.
        (
            "title-rows.xlsx",
            None,
            &[
                (
                    6,
                    Some("AO Kaspersky Lab"),
                    Some("Kaspersky Endpoint Security for Windows"),
                    Some("11.11.0.452"),
                ),
                (
                    7,
                    Some("Microsoft Corporation"),
                    Some("Microsoft Edge"),
                    Some("124.0.2478.80"),
                ),
                (9, Some("Notepad++ Team"), Some("Notepad++"), Some("8.6.4")),
            ],
            &[],
        ),
        // The first visible sheet: the hidden one before it is not read.
        (
            "two-sheets.xlsx",
            None,
            &[
                (
                    2,
                    Some("Microsoft Corporation"),
                    Some("Microsoft Edge"),
                    None,
                ),
                (3, Some("Mozilla"), Some("Mozilla Firefox"), None),
            ],
            &[],
        ),
        (
            "two-sheets.xlsx",
            Some("Servers"),
            &[(
                2,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Security for Windows Server"),
                Some("11.0.1.897"),
            )],
            &[],
        ),
        // Case is forgiven; a hidden sheet is read when asked for.
        (
            "two-sheets.xlsx",
            Some("SERVERS"),
            &[(
                2,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Security for Windows Server"),
                Some("11.0.1.897"),
            )],
            &[],
        ),
        (
            "two-sheets.xlsx",
            Some("Old list"),
            &[(2, Some("Nobody"), Some("Hidden Product"), None)],
            &[],
        ),
        // Inline strings: rich-text runs joined without the phonetic guide,
        // Excel's `_x000D_` escape, an XML entity, cells without references.
        (
            "inline-strings.xlsx",
            None,
            &[
                (
                    2,
                    Some("Лаборатория Касперского"),
                    Some("Kaspersky Endpoint Security"),
                    Some("12.3.0.493"),
                ),
                (3, Some("Acme & Co"), Some("Line\rBreak"), Some("1.0")),
            ],
            &[],
        ),
        // Numbers read as the cell's format shows them.
        (
            "number-formats.xlsx",
            None,
            &[
                (
                    2,
                    Some("AO Kaspersky Lab"),
                    Some("Kaspersky Endpoint Security"),
                    Some("11.0"),
                ),
                (3, Some("Microsoft"), Some("Office"), Some("2016")),
                (4, Some("Adobe"), Some("Acrobat Reader"), Some("24.25")),
                (5, Some("Example Ltd"), Some("Sample Tool"), Some("0.3")),
                (6, Some("Example Ltd"), Some("Legacy App"), Some("7.50")),
                (7, Some("Example Ltd"), Some("Formula App"), Some("1.5")),
            ],
            &[],
        ),
    ];
    for (name, sheet, want, want_skipped) in cases {
        let mut importer = Importer::new();
        if let Some(sheet) = sheet {
            importer = importer.sheet(*sheet);
        }
        let import = importer
            .read(name, &book(name))
            .unwrap_or_else(|e| panic!("{name} {sheet:?}: {e}"));
        assert_eq!(rows(&import), *want, "{name} {sheet:?}");
        assert_eq!(skipped(&import), *want_skipped, "{name} {sheet:?}");
        assert_eq!(import.report.format, "xlsx");
        assert_eq!(import.report.encoding, None);
        assert_eq!(import.report.rows_read, want.len() as u64);
    }
}

#[test]
fn the_report_says_which_sheet_and_how_the_columns_map() {
    let import = Importer::new()
        .read("inventory.xlsx", &book("inventory.xlsx"))
        .unwrap();
    let report = &import.report;
    let columns: Vec<(Field, &str)> = report
        .columns
        .iter()
        .map(|(f, h)| (*f, h.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            (Field::Publisher, "Publisher"),
            (Field::Product, "Software Title"),
            (Field::Version, "Version"),
            (Field::Count, "Installs"),
        ]
    );
    assert_eq!(report.unmapped_columns, ["Managed"]);
    assert_eq!(report.warnings, ["read the sheet `Inventory`"]);
    // Counts: a number, and a formula by its cached value.
    let counts: Vec<Option<u64>> = import.items.iter().map(|r| r.item.count).collect();
    assert_eq!(counts, [Some(14), Some(3), Some(212), Some(5)]);

    let import = Importer::new()
        .read("title-rows.xlsx", &book("title-rows.xlsx"))
        .unwrap();
    assert_eq!(
        import.report.warnings,
        [
            "read the sheet `Software`",
            "skipped 2 rows above the header, which is on row 5",
        ]
    );
    assert_eq!(
        import
            .report
            .columns
            .get(&Field::System)
            .map(String::as_str),
        Some("Computer")
    );

    let import = Importer::new()
        .sheet("old list")
        .read("two-sheets.xlsx", &book("two-sheets.xlsx"))
        .unwrap();
    assert_eq!(
        import.report.warnings,
        [
            "read the sheet `Old list`, which is hidden; the workbook also has `Desktops`, `Servers`, `Chart1`"
        ]
    );
}

#[test]
fn the_users_mapping_applies_to_workbooks() {
    let import = Importer::new()
        .column(Field::System, "computer")
        .column(Field::Product, "Publisher")
        .read("title-rows.xlsx", &book("title-rows.xlsx"))
        .unwrap();
    let first = &import.items[0].item;
    assert_eq!(first.system.as_deref(), Some("PC-FIN-01"));
    assert_eq!(first.product.as_deref(), Some("AO Kaspersky Lab"));

    let err = Importer::new()
        .column(Field::Product, "Software Titel")
        .read("title-rows.xlsx", &book("title-rows.xlsx"))
        .unwrap_err();
    assert!(
        matches!(&err, ImportError::MissingColumn { did_you_mean: Some(near), .. } if near == "Software Title"),
        "{err}"
    );
}

#[test]
fn rows_are_handed_on_one_at_a_time() {
    let mut names = Vec::new();
    let report = Importer::new()
        .for_each_row("inventory.xlsx", &book("inventory.xlsx"), |row| {
            names.push(row.item.product.unwrap_or_default());
            if names.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    assert_eq!(
        names,
        [
            "Kaspersky Endpoint Security for Windows",
            "7-Zip 23.01 (x64)"
        ]
    );
    assert_eq!(report.rows_read, 2);
}

/// An end of central directory record that lists `entries` entries.
fn many_entries(entries: u16) -> Vec<u8> {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend(b"PK\x05\x06\0\0\0\0");
    bytes.extend(entries.to_le_bytes());
    bytes.extend(entries.to_le_bytes());
    bytes.extend([0; 10]);
    bytes
}

#[test]
fn archives_that_cannot_be_read_say_why() {
    let bomb = book("bomb.xlsx");
    let cases: Vec<(&str, Vec<u8>, Importer, &[&str])> = vec![
        (
            "truncated.xlsx",
            book("truncated.xlsx"),
            Importer::new(),
            &[
                "`truncated.xlsx` cannot be read as a workbook:",
                "the file may have been cut short",
            ],
        ),
        (
            "document.docx",
            book("document.docx"),
            Importer::new(),
            &[
                "`document.docx` cannot be read: it is a Word document (.docx), not an Excel workbook",
                "save the inventory as .xlsx or CSV",
            ],
        ),
        (
            "bomb.xlsx",
            bomb.clone(),
            Importer::new().max_inflated(1024 * 1024),
            &[
                "`bomb.xlsx` cannot be read as a workbook:",
                "inflate to more than 1 MiB (at the part `xl/worksheets/sheet1.xml`)",
                "zip bomb",
            ],
        ),
        (
            "two-sheets.xlsx",
            book("two-sheets.xlsx"),
            Importer::new().sheet("Server"),
            &[
                "`two-sheets.xlsx` has no sheet `Server`; did you mean `Servers`? \
                 Its sheets are `Old list`, `Desktops`, `Servers`, `Chart1`",
            ],
        ),
        (
            "two-sheets.xlsx",
            book("two-sheets.xlsx"),
            Importer::new().sheet("Chart1"),
            &["the sheet `Chart1` is a chart or dialog sheet, not a sheet of cells"],
        ),
        (
            "many.xlsx",
            many_entries(60_000),
            Importer::new(),
            &["lists 60000 entries, more than the 10000 a workbook would have"],
        ),
        (
            "empty.zip",
            b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
            Importer::new(),
            &["it is an empty zip archive, not an Excel workbook"],
        ),
        (
            "old.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            Importer::new(),
            &["Excel 97-2003 workbook (.xls)", "save the sheet as .xlsx"],
        ),
        (
            "title-rows.xlsx",
            book("title-rows.xlsx"),
            Importer::new().column(Field::Product, "Nope"),
            &["`title-rows.xlsx` has no column `Nope` to read as the product"],
        ),
    ];
    for (name, bytes, importer, want) in cases {
        let err = importer.read(name, &bytes).unwrap_err().to_string();
        for part in want {
            assert!(err.contains(part), "{name}: {err}\nwants: {part}");
        }
    }
    // The same bomb is read with the default cap: the padding is harmless.
    let import = Importer::new().read("bomb.xlsx", &bomb).unwrap();
    assert_eq!(import.items.len(), 1);
}

#[test]
fn a_sheet_asked_of_a_csv_file_is_a_warning() {
    let import = Importer::new()
        .sheet("Servers")
        .read("a.csv", b"Name,Publisher\n7-Zip,Igor Pavlov\n")
        .unwrap();
    assert_eq!(import.items.len(), 1);
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w == "the sheet `Servers` was not looked for: the file is not a workbook"),
        "{:?}",
        import.report.warnings
    );
}

/// Ways to damage a workbook: overwrite, cut or insert bytes.
#[derive(Debug, Clone)]
enum Damage {
    Set(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Damage::Set(at, b)),
        any::<usize>().prop_map(Damage::Cut),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Damage::Insert(at, b)),
    ]
}

fn damaged(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for d in damages {
        let len = bytes.len().max(1);
        match d {
            Damage::Set(at, b) => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte = *b;
                }
            }
            Damage::Cut(at) => bytes.truncate(at % len),
            Damage::Insert(at, b) => {
                let at = at % len;
                bytes.splice(at..at, b.iter().copied());
            }
        }
    }
    bytes
}

/// The workbook `name` written again, uncompressed, with each part's bytes
/// as `change` makes them from its index, name and bytes.
fn rewritten(name: &str, change: impl Fn(usize, &str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let bytes = book(name);
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        writer.start_file(entry_name.as_str(), stored).unwrap();
        writer.write_all(&change(i, &entry_name, data)).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The workbook `name` with its part number `part` damaged, uncompressed, so
/// that the damage reaches the XML reader.
fn with_damaged_part(name: &str, part: usize, damages: &[Damage]) -> Vec<u8> {
    let parts = zip::ZipArchive::new(std::io::Cursor::new(book(name)))
        .unwrap()
        .len();
    rewritten(name, |i, _, data| {
        if i == part % parts {
            damaged(data, damages)
        } else {
            data
        }
    })
}

#[test]
fn a_sheet_that_breaks_further_down_gives_no_rows() {
    let bytes = rewritten("inventory.xlsx", |_, name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            String::from_utf8(data)
                .unwrap()
                .replace("</row><row r=\"5\">", "</rows><row r=\"5\">")
                .into_bytes()
        } else {
            data
        }
    });
    let mut rows = 0;
    let err = Importer::new()
        .for_each_row("inventory.xlsx", &bytes, |_| {
            rows += 1;
            ControlFlow::Continue(())
        })
        .unwrap_err();
    assert_eq!(rows, 0);
    assert!(
        err.to_string().starts_with(
            "`inventory.xlsx` cannot be read as a workbook: the part `xl/worksheets/sheet1.xml` is not well-formed XML"
        ),
        "{err}"
    );
    // Unbroken and uncompressed, it reads as the original does.
    let stored = rewritten("inventory.xlsx", |_, _, data| data);
    let original = Importer::new()
        .read("a.xlsx", &book("inventory.xlsx"))
        .unwrap();
    assert_eq!(Importer::new().read("a.xlsx", &stored).unwrap(), original);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn zip_like_bytes_never_panic(rest in prop::collection::vec(any::<u8>(), 0..1024)) {
        let bytes = [&b"PK\x03\x04"[..], &rest].concat();
        let _ = Importer::new().read("any.xlsx", &bytes);
    }

    #[test]
    fn damaged_workbooks_never_panic(
        name in prop::sample::select(vec![
            "inventory.xlsx", "title-rows.xlsx", "two-sheets.xlsx",
            "inline-strings.xlsx", "number-formats.xlsx",
        ]),
        damages in prop::collection::vec(damage(), 1..6),
    ) {
        let bytes = damaged(book(name), &damages);
        if let Ok(import) = Importer::new().read(name, &bytes) {
            for row in &import.items {
                prop_assert!(row.item.product.is_some() || row.item.publisher.is_some());
            }
            prop_assert_eq!(import.report.rows_read, import.items.len() as u64);
        }
        let _ = Importer::new().sheet("Servers").max_inflated(4096).read(name, &bytes);
    }

    #[test]
    fn damaged_parts_never_panic(
        name in prop::sample::select(vec![
            "inventory.xlsx", "title-rows.xlsx", "two-sheets.xlsx",
            "inline-strings.xlsx", "number-formats.xlsx",
        ]),
        part in any::<usize>(),
        damages in prop::collection::vec(damage(), 1..6),
    ) {
        let bytes = with_damaged_part(name, part, &damages);
        if let Ok(import) = Importer::new().read(name, &bytes) {
            for row in &import.items {
                prop_assert!(row.line >= 1);
                prop_assert!(row.item.product.is_some() || row.item.publisher.is_some());
            }
            prop_assert_eq!(import.report.rows_read, import.items.len() as u64);
        }
        // An error comes before any row.
        let mut rows = 0;
        let result = Importer::new().for_each_row(name, &bytes, |_| {
            rows += 1;
            ControlFlow::Continue(())
        });
        prop_assert!(result.is_ok() || rows == 0, "{} rows before {:?}", rows, result);
    }
}
