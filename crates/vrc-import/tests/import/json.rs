//! JSON arrays of objects, mapped like CSV headers.

use vrc_engine::Field;
use vrc_import::{ImportError, Importer};

use super::common::{read, rows, skipped};

#[test]
fn osquery_programs() {
    let import = read("osquery-programs.json");
    let report = &import.report;
    assert_eq!(report.format, "json");
    assert_eq!(report.encoding.as_deref(), Some("utf-8"));
    assert_eq!(report.delimiter, None);
    assert_eq!(
        report.columns.get(&Field::Product).map(String::as_str),
        Some("name")
    );
    assert_eq!(report.unmapped_columns, vec!["install_location"]);
    assert_eq!(
        rows(&import),
        vec![
            (
                2,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security for Windows"),
                Some("11.11.0.452")
            ),
            (
                3,
                Some("Igor Pavlov"),
                Some("7-Zip 23.01 (x64)"),
                Some("23.01")
            ),
            (7, Some("Acme"), Some("Old Tool"), Some("2")),
        ]
    );
    assert_eq!(import.items[2].item.count, Some(3));
    assert_eq!(
        skipped(&import),
        vec![(5, "empty row"), (6, "not an object but a string")]
    );
}

#[test]
fn json_with_a_user_mapping_and_a_bom() {
    let text = "\u{FEFF}[{\"App\": \"7-Zip\", \"Maker\": \"Igor Pavlov\", \"Installs\": 4}]";
    let import = Importer::new()
        .column(Field::Product, "App")
        .column(Field::Publisher, "Maker")
        .read("apps.json", text.as_bytes())
        .unwrap();
    assert_eq!(import.report.encoding.as_deref(), Some("utf-8-bom"));
    assert_eq!(import.items[0].item.product.as_deref(), Some("7-Zip"));
    assert_eq!(import.items[0].item.count, Some(4));
}

#[test]
fn bad_json_is_an_error_with_its_place() {
    let err = Importer::new()
        .read("apps.json", b"[\n  {\"name\": \"a\"},\n  {\"name\": }\n]")
        .unwrap_err();
    let ImportError::Json { line, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*line, 3);
    let message = err.to_string();
    assert!(
        message.starts_with("`apps.json` is not valid JSON: "),
        "{message}"
    );
    assert!(message.ends_with("at line 3, column 12"), "{message}");
}

#[test]
fn json_edge_cases() {
    let empty = Importer::new().read("a.json", b"[]").unwrap();
    assert!(empty.items.is_empty());
    assert_eq!(empty.report.format, "json");
    assert_eq!(empty.report.warnings.len(), 1);

    let err = Importer::new()
        .read("a.json", b"[{\"host\": \"a\"}]")
        .unwrap_err();
    assert!(matches!(err, ImportError::NoNameColumn { .. }), "{err}");

    let nested = Importer::new()
        .read(
            "a.json",
            b"[{\"name\": \"a\", \"publisher\": {\"n\": 1}, \"version\": [1]}]",
        )
        .unwrap();
    assert_eq!(nested.items[0].item.publisher, None);
    assert!(
        nested
            .report
            .warnings
            .iter()
            .any(|w| w.contains("list or an object")),
        "{:?}",
        nested.report.warnings
    );
}
