//! Every encoding inventories really come in, and the report says which.

use vrc_engine::Field;

use super::common::{fixture, read, rows, skipped};

#[test]
fn powershell_51_utf16_with_type_line() {
    for (name, encoding) in [
        ("powershell51-utf16le.csv", "utf-16le"),
        ("powershell-utf16be.csv", "utf-16be"),
    ] {
        let import = read(name);
        let report = &import.report;
        assert_eq!(report.format, "csv");
        assert_eq!(report.encoding.as_deref(), Some(encoding), "{name}");
        assert_eq!(
            report.delimiter.map(|d| d.to_string()).as_deref(),
            Some(",")
        );
        assert!(
            report
                .warnings
                .contains(&"skipped the PowerShell `#TYPE` line".to_owned()),
            "{:?}",
            report.warnings
        );
        assert_eq!(
            rows(&import),
            vec![
                (
                    3,
                    Some("AO Kaspersky Lab"),
                    Some("Kaspersky Endpoint Security for Windows"),
                    Some("11.11.0.452")
                ),
                (
                    4,
                    Some("Igor Pavlov"),
                    Some("7-Zip 23.01 (x64)"),
                    Some("23.01")
                ),
                (
                    5,
                    Some("Лаборатория Касперского"),
                    Some("Kaspersky Security Center Network Agent"),
                    Some("14.0.0.10902")
                ),
                (
                    7,
                    Some("Mozilla"),
                    Some("Mozilla Firefox (x64 en-GB)"),
                    Some("121.0")
                ),
            ],
            "{name}"
        );
        assert_eq!(skipped(&import), vec![(6, "empty row")]);
        assert_eq!(report.rows_read, 4);
        assert_eq!(report.unmapped_columns, vec!["InstallDate".to_owned()]);
    }
}

#[test]
fn sccm_windows_1252_with_semicolons() {
    let import = read("sccm-windows1252.csv");
    let report = &import.report;
    assert_eq!(report.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(
        report.delimiter.map(|d| d.to_string()).as_deref(),
        Some(";")
    );
    assert_eq!(
        report.columns.get(&Field::System).map(String::as_str),
        Some("Netbios_Name0")
    );
    assert_eq!(
        report.columns.get(&Field::Product).map(String::as_str),
        Some("ARPDisplayName0")
    );
    assert_eq!(
        report.columns.get(&Field::Version).map(String::as_str),
        Some("ProductVersion0")
    );
    assert_eq!(
        rows(&import),
        vec![
            (
                2,
                Some("Société Générale"),
                Some("Logiciel de paie"),
                Some("4,2")
            ),
            (
                3,
                Some("Björn Müller GmbH"),
                Some("Outil de rapprochement"),
                Some("1.0")
            ),
            (
                4,
                Some("Adobe Inc."),
                Some("Adobe Acrobat™ Reader"),
                Some("24.001")
            ),
            (
                5,
                Some("Microsoft Corporation"),
                Some("Microsoft® Office Professionnel Plus 2016"),
                Some("16.0.4266.1001")
            ),
        ]
    );
    assert_eq!(import.items[0].item.system.as_deref(), Some("PC-COMPTA-01"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn intune_utf8_with_bom() {
    let import = read("intune-utf8-bom.csv");
    let report = &import.report;
    assert_eq!(report.encoding.as_deref(), Some("utf-8-bom"));
    // The BOM is not part of the first header.
    assert_eq!(
        report.columns.get(&Field::Product).map(String::as_str),
        Some("displayName")
    );
    assert_eq!(
        report.columns.get(&Field::Count).map(String::as_str),
        Some("deviceCount")
    );
    let got: Vec<(Option<&str>, Option<u64>)> = import
        .items
        .iter()
        .map(|r| (r.item.publisher.as_deref(), r.item.count))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("Лаборатория Касперского"), Some(14)),
            (Some("Microsoft Corporation"), Some(212)),
            (Some("Zoom Video Communications, Inc."), Some(37)),
        ]
    );
}

#[test]
fn plain_utf8_and_bomless_utf16() {
    let text = "Name,Publisher\r\nKaspersky Free,Лаборатория Касперского\r\n";
    let utf8 = vrc_import::Importer::new()
        .read("a.csv", text.as_bytes())
        .unwrap();
    assert_eq!(utf8.report.encoding.as_deref(), Some("utf-8"));

    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let import = vrc_import::Importer::new().read("a.csv", &utf16).unwrap();
    assert_eq!(import.report.encoding.as_deref(), Some("utf-16le"));
    assert_eq!(import.items, utf8.items);
    assert!(
        import.report.warnings[0].contains("no byte-order mark"),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn the_same_rows_whatever_the_encoding() {
    // One table, written in each encoding that can hold it.
    let text = "DisplayName;Publisher0\r\nLogiciel;Société Générale\r\n";
    let mut inputs: Vec<(&str, Vec<u8>)> = vec![
        ("utf-8", text.as_bytes().to_vec()),
        (
            "utf-8-bom",
            [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        ),
        (
            "windows-1252",
            text.chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap())
                .collect(),
        ),
    ];
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    inputs.push(("utf-16le", [&b"\xFF\xFE"[..], &le].concat()));
    inputs.push(("utf-16be", [&b"\xFE\xFF"[..], &be].concat()));
    for (encoding, bytes) in inputs {
        let import = vrc_import::Importer::new().read("t.csv", &bytes).unwrap();
        assert_eq!(import.report.encoding.as_deref(), Some(encoding));
        assert_eq!(import.items.len(), 1, "{encoding}");
        assert_eq!(
            import.items[0].item.publisher.as_deref(),
            Some("Société Générale"),
            "{encoding}"
        );
    }
}

#[test]
fn fixture_bytes_are_what_the_script_says() {
    // Guards against an editor re-encoding a fixture on save.
    assert!(fixture("powershell51-utf16le.csv").starts_with(b"\xFF\xFE#\x00T\x00Y\x00P\x00E\x00"));
    assert!(fixture("powershell-utf16be.csv").starts_with(b"\xFE\xFF\x00#\x00T"));
    assert!(fixture("intune-utf8-bom.csv").starts_with(b"\xEF\xBB\xBFdisplayName"));
    assert!(
        fixture("sccm-windows1252.csv")
            .windows(4)
            .any(|w| w == b"Soci")
    );
    assert!(fixture("sccm-windows1252.csv").contains(&0x99));
}
