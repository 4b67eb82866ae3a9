//! Header synonyms, the user's mapping, and files whose header cannot be used.

use vrc_engine::Field;
use vrc_import::{ImportError, Importer, Suggestion};

use super::common::{fixture, read_text};

#[test]
fn headers_map_to_fields() {
    use Field::*;
    let cases: &[(&str, &[(Field, &str)], &[&str])] = &[
        (
            "DisplayName,DisplayVersion,Publisher,InstallDate",
            &[
                (Publisher, "Publisher"),
                (Product, "DisplayName"),
                (Version, "DisplayVersion"),
            ],
            &["InstallDate"],
        ),
        (
            "Netbios_Name0,DisplayName0,Publisher0,Version0",
            &[
                (Publisher, "Publisher0"),
                (Product, "DisplayName0"),
                (Version, "Version0"),
                (System, "Netbios_Name0"),
            ],
            &[],
        ),
        (
            "DisplayName,DisplayVersion,Publisher,PSComputerName,RunspaceId",
            &[
                (Publisher, "Publisher"),
                (Product, "DisplayName"),
                (Version, "DisplayVersion"),
                (System, "PSComputerName"),
            ],
            &["RunspaceId"],
        ),
        (
            "Package Name,Version,Vendor,Installs",
            &[
                (Publisher, "Vendor"),
                (Product, "Package Name"),
                (Version, "Version"),
                (Count, "Installs"),
            ],
            &[],
        ),
        (
            "displayName,version,publisher",
            &[
                (Publisher, "publisher"),
                (Product, "displayName"),
                (Version, "version"),
            ],
            &[],
        ),
        (
            "\"Product Name\",\"SUPPLIER\",\"package_url\",\"CPE 2.3\",\"form factor\",\"security classification\",\"Quantity\",Notes",
            &[
                (Publisher, "SUPPLIER"),
                (Product, "Product Name"),
                (Cpe, "CPE 2.3"),
                (Purl, "package_url"),
                (Device, "form factor"),
                (Classification, "security classification"),
                (Count, "Quantity"),
            ],
            &["Notes"],
        ),
        (
            "[DisplayName0],[Publisher0]",
            &[(Publisher, "[Publisher0]"), (Product, "[DisplayName0]")],
            &[],
        ),
    ];
    for (header, want, unmapped) in cases {
        let import = read_text(&format!("{header}\nx,y\n")).unwrap();
        let got: Vec<(Field, &str)> = import
            .report
            .columns
            .iter()
            .map(|(f, h)| (*f, h.as_str()))
            .collect();
        assert_eq!(got, *want, "{header}");
        assert_eq!(import.report.unmapped_columns, *unmapped, "{header}");
    }
}

#[test]
fn user_mapping_overrides_synonyms() {
    let text = "Name,Software Title,Vendor\nhost-1,7-Zip,Igor Pavlov\n";
    let import = Importer::new()
        .column(Field::Product, "Software Title")
        .column(Field::System, "name")
        .read("inv.csv", text.as_bytes())
        .unwrap();
    let item = &import.items[0].item;
    assert_eq!(item.product.as_deref(), Some("7-Zip"));
    assert_eq!(item.system.as_deref(), Some("host-1"));
    assert_eq!(item.publisher.as_deref(), Some("Igor Pavlov"));
    assert!(import.report.unmapped_columns.is_empty());
}

#[test]
fn user_mapping_makes_an_unknown_header_usable() {
    let text = "Prog,Maker\n7-Zip,Igor Pavlov\n";
    assert!(matches!(
        read_text(text),
        Err(ImportError::NoNameColumn { .. })
    ));
    let import = Importer::new()
        .column(Field::Product, "Prog")
        .column(Field::Publisher, "Maker")
        .read("inv.csv", text.as_bytes())
        .unwrap();
    assert_eq!(import.items[0].item.product.as_deref(), Some("7-Zip"));
}

#[test]
fn no_product_or_publisher_column_is_an_error_that_helps() {
    let err = Importer::new()
        .read("no-product.csv", &fixture("no-product.csv"))
        .unwrap_err();
    let ImportError::NoNameColumn {
        file,
        headers,
        suggestions,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(file, "no-product.csv");
    assert_eq!(headers, &["Host", "Prodcut", "Ver"]);
    assert_eq!(
        suggestions,
        &[Suggestion {
            header: "Prodcut".into(),
            field: Field::Product,
            name: "Product".into()
        }]
    );
    let message = err.to_string();
    for part in [
        "`no-product.csv` has no product or publisher column",
        "its columns are `Host`, `Prodcut`, `Ver`",
        "DisplayName",
        "Publisher0",
        "`Ver`. Did you mean `Prodcut` for the product (`Product`)? A product column",
    ] {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
    assert!(message.starts_with('`'));
    assert!(
        !message.contains("ImportError") && !message.contains("Field::"),
        "{message}"
    );
}

#[test]
fn a_mapped_column_that_is_not_there_is_an_error() {
    let err = Importer::new()
        .column(Field::Product, "Software Titel")
        .read("inv.csv", b"Software Title,Vendor\n7-Zip,Igor Pavlov\n")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "`inv.csv` has no column `Software Titel` to read as the product; did you mean `Software Title`? \
         Its columns are `Software Title`, `Vendor`"
    );
}

#[test]
fn title_lines_above_the_header_are_skipped() {
    let text = "Installed software report\nGenerated 2024-01-15\n\nDisplayName,Publisher\n7-Zip,Igor Pavlov\n";
    let import = read_text(text).unwrap();
    assert_eq!(import.items.len(), 1);
    assert_eq!(import.items[0].line, 5);
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w == "skipped 2 lines above the header, which is on line 4"),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn near_miss_and_duplicate_headers_are_warned() {
    let import = read_text("Name,Publisher,Vesion,Name\n7-Zip,Igor Pavlov,23.01,other\n").unwrap();
    assert_eq!(import.report.unmapped_columns, vec!["Vesion", "Name"]);
    let warnings = &import.report.warnings;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`Vesion`") && w.contains("version")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`Name` appears more than once")),
        "{warnings:?}"
    );
    assert_eq!(import.items[0].item.product.as_deref(), Some("7-Zip"));
}

#[test]
fn files_with_nothing_to_read_are_errors() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "`x.csv` is empty"),
        (b"  \r\n\n ", "`x.csv` is empty"),
        (b"\xEF\xBB\xBF", "`x.csv` is empty"),
        (b"\xFF\xFE", "`x.csv` is empty"),
        (
            b"#TYPE System.Management.Automation.PSCustomObject\r\n",
            "`x.csv` is empty",
        ),
        (
            b"{\"components\": []}",
            "`x.csv` cannot be read: it is a JSON object",
        ),
        (
            b"PK\x03\x04\x14\x00",
            "`x.csv` cannot be read as a workbook: it starts like a zip archive",
        ),
    ];
    for (bytes, want) in cases {
        let err = Importer::new().read("x.csv", bytes).unwrap_err();
        assert!(err.to_string().starts_with(want), "{bytes:?}: {err}");
    }
}

#[test]
fn get_item_property_without_select_object_says_how_to_export_again() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/powershell-no-select.csv"
    ))
    .unwrap();
    let err = Importer::new()
        .read("powershell-no-select.csv", &bytes)
        .unwrap_err();
    let message = err.to_string();
    for part in [
        "`powershell-no-select.csv` has no product or publisher column",
        "`SystemComponent`, `PSPath`",
        "Get-ItemProperty … | Export-Csv` without `Select-Object`",
        "the first registry key, and that one had no DisplayName",
        "Select-Object DisplayName, DisplayVersion, Publisher",
    ] {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
}

/// The asset tools' own exports (fixtures written the way each tool writes
/// them; the names' sources are next to the synonyms in src/columns.rs):
/// (file, columns read, columns not read, the first row as (system,
/// publisher, product, version, count)).
#[test]
fn asset_tools_exports_map() {
    use Field::*;
    type FirstRow<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<u64>,
    );
    let cases: &[(&str, &[(Field, &str)], &[&str], usize, FirstRow)] = &[
        (
            "lansweeper-software.csv",
            &[
                (Publisher, "Publisher"),
                (Product, "Software"),
                (Version, "Version"),
                (Count, "Total"),
            ],
            &[],
            3,
            (
                None,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security for Windows"),
                Some("12.3.0.493"),
                Some(214),
            ),
        ),
        (
            "pdq-inventory-applications.csv",
            &[
                (Product, "Application Name"),
                (Version, "Application Version"),
                (System, "Computer Name"),
            ],
            &[],
            3,
            (
                Some("PC-FIN-012"),
                None,
                Some("Kaspersky Endpoint Security for Windows"),
                Some("12.3.0.493"),
                None,
            ),
        ),
        (
            "manageengine-software.json",
            &[
                (Publisher, "manufacturer_name"),
                (Product, "software_name"),
                (Version, "software_version"),
                (Count, "managed_installations"),
            ],
            &["network_installations", "software_id", "sw_type"],
            2,
            (
                None,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security for Windows"),
                Some("12.3.0.493"),
                Some(214),
            ),
        ),
        (
            "snipe-it-licenses.csv",
            &[
                (Publisher, "Manufacturer"),
                (Product, "Name"),
                (Count, "Total"),
            ],
            &["Product Key", "Avail"],
            2,
            (
                None,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security"),
                None,
                Some(250),
            ),
        ),
    ];
    for (name, columns, unmapped, rows, first) in cases {
        let import = Importer::new().read(name, &fixture(name)).unwrap();
        let report = &import.report;
        let got: Vec<(Field, &str)> = report
            .columns
            .iter()
            .map(|(f, h)| (*f, h.as_str()))
            .collect();
        assert_eq!(got, *columns, "{name}");
        assert_eq!(report.unmapped_columns, *unmapped, "{name}");
        assert_eq!(import.items.len(), *rows, "{name}");
        assert!(report.skipped.is_empty(), "{name}: {:?}", report.skipped);
        assert!(report.warnings.is_empty(), "{name}: {:?}", report.warnings);
        let item = &import.items[0].item;
        assert_eq!(
            (
                item.system.as_deref(),
                item.publisher.as_deref(),
                item.product.as_deref(),
                item.version.as_deref(),
                item.count,
            ),
            *first,
            "{name}"
        );
    }
}
