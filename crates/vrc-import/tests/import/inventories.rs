//! Inventory tools' JSON: osquery (`osqueryi --json` and osqueryd's result
//! logs) and Intune's discovered apps from Microsoft Graph.

use vrc_engine::Field;
use vrc_import::Importer;

use super::common::{read, rows, skipped};

/// Each item as (line, product, version, system).
fn hosts(import: &vrc_import::Import) -> Vec<(u64, &str, &str, &str)> {
    import
        .items
        .iter()
        .map(|r| {
            (
                r.line,
                r.item.product.as_deref().unwrap_or(""),
                r.item.version.as_deref().unwrap_or(""),
                r.item.system.as_deref().unwrap_or(""),
            )
        })
        .collect()
}

#[test]
fn osqueryi_select_star_from_programs() {
    let import = read("osquery-programs-all.json");
    assert_eq!(import.report.format, "osquery");
    assert_eq!(
        rows(&import),
        vec![
            (
                2,
                Some("Igor Pavlov"),
                Some("7-Zip 23.01 (x64 edition)"),
                Some("23.01.00.0")
            ),
            (
                3,
                Some("Microsoft Corporation"),
                Some("Microsoft Edge"),
                Some("120.0.2210.91")
            ),
        ]
    );
    assert!(
        import
            .report
            .unmapped_columns
            .contains(&"identifying_number".to_owned())
    );
}

#[test]
fn osquery_event_log_nets_added_and_removed() {
    let import = read("osquery-events.log");
    let report = &import.report;
    assert_eq!(report.format, "osquery");
    assert_eq!(
        hosts(&import),
        vec![
            (
                1,
                "Kaspersky Endpoint Security for Windows",
                "12.3.0.493",
                "ws-01"
            ),
            (5, "7-Zip 23.01 (x64)", "23.01", "ws-01"),
            (
                7,
                "Kaspersky Endpoint Security for Windows",
                "12.3.0.493",
                "ws-02"
            ),
        ]
    );
    assert_eq!(
        report.columns.get(&Field::System).map(String::as_str),
        Some("hostIdentifier")
    );
    assert_eq!(
        skipped(&import),
        vec![
            (
                6,
                "the action `changed` is none of `added`, `removed` and `snapshot`"
            ),
            (
                8,
                "not valid JSON: EOF while parsing a string, at column 70 (the line looks cut short)"
            ),
        ]
    );
    assert_eq!(
        report.warnings,
        vec![
            "left out 1 `removed` row (software gone at a later run), and the earlier `added` row it cancels",
            "the log holds the results of 2 queries: read those named like a software inventory (`pack_inventory_programs`), and left out 1 row of the others: `pack_ir_processes` (1)",
        ]
    );
}

#[test]
fn osquery_snapshot_log_reads_the_latest_snapshot() {
    let import = read("osquery-snapshots.log");
    assert_eq!(import.report.format, "osquery");
    assert_eq!(
        hosts(&import),
        vec![
            (
                2,
                "Kaspersky Endpoint Security for Windows",
                "12.3.0.493",
                "ws-01"
            ),
            (2, "7-Zip 23.01 (x64)", "23.01", "ws-01"),
            (3, "7-Zip 23.01 (x64)", "23.01", "ws-02"),
        ]
    );
    assert_eq!(
        import.report.warnings,
        vec![
            "read the latest snapshot of each query and host; left out 1 earlier snapshot (2 rows)"
        ]
    );
}

#[test]
fn osquery_snapshot_events_read_as_the_latest_snapshot() {
    // osqueryd --logger_snapshot_event_type=true: a snapshot a row per line.
    let import = read("osquery-snapshot-events.log");
    assert_eq!(import.report.format, "osquery");
    assert_eq!(
        hosts(&import),
        vec![
            (4, "7-Zip 23.01 (x64)", "23.01", "ws-02"),
            (
                5,
                "Kaspersky Endpoint Security for Windows",
                "12.3.0.493",
                "ws-01"
            ),
            (6, "7-Zip 23.01 (x64)", "23.01", "ws-01"),
        ]
    );
    assert_eq!(import.report.skipped, vec![]);
    assert_eq!(
        import.report.warnings,
        vec![
            "read the latest snapshot of each query and host; left out 1 earlier snapshot (2 rows)",
            "the log holds the results of 2 queries: read those named like a software inventory (`pack_inventory_programs`), and left out 1 row of the others: `pack_ir_processes` (1)",
        ]
    );
}

#[test]
fn osquery_log_edge_cases() {
    // One result, pretty-printed over several lines, in the batch format.
    let text = "{\n  \"name\": \"programs\",\n  \"hostIdentifier\": \"mac-01\",\n  \"diffResults\": {\n    \"added\": [{\"name\": \"Slack\", \"version\": \"4.36\"}, 7],\n    \"removed\": [{\"name\": \"Zoom\"}]\n  }\n}\n";
    let import = Importer::new().read("r.log", text.as_bytes()).unwrap();
    assert_eq!(hosts(&import), vec![(1, "Slack", "4.36", "mac-01")]);
    assert_eq!(skipped(&import), vec![(1, "not an object but a number")]);

    // Lines of the wrong shape are skipped; a user mapping still applies.
    let text = "{\"name\": \"apps\", \"columns\": {\"bundle_name\": \"Slack\", \"host\": \"h\"}}\n\
                [1]\n\
                {\"name\": \"apps\", \"columns\": \"x\"}\n\
                {\"name\": \"apps\", \"snapshot\": 3}\n\
                {\"other\": 1}\n";
    let import = Importer::new()
        .column(Field::Product, "bundle_name")
        .read("r.log", text.as_bytes())
        .unwrap();
    assert_eq!(hosts(&import), vec![(1, "Slack", "", "h")]);
    assert_eq!(
        skipped(&import),
        vec![
            (2, "not an object but a list"),
            (3, "`columns` is a string, not an object"),
            (4, "`snapshot` is a number, not a list"),
            (
                5,
                "not an osquery result: it has no `columns`, `snapshot` or `diffResults`"
            ),
        ]
    );

    // Every row removed: nothing to read, and no error.
    let text = "{\"name\": \"programs\", \"columns\": {\"name\": \"a\"}, \"action\": \"added\"}\n\
                {\"name\": \"programs\", \"columns\": {\"name\": \"a\"}, \"action\": \"removed\"}\n";
    let import = Importer::new().read("r.log", text.as_bytes()).unwrap();
    assert!(import.items.is_empty());
    assert!(
        import
            .report
            .warnings
            .contains(&"the log holds no rows to read".to_owned()),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn intune_detected_apps_from_graph() {
    let import = read("intune-detected-apps.json");
    let report = &import.report;
    assert_eq!(report.format, "intune");
    assert_eq!(
        rows(&import),
        vec![
            (
                4,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security for Windows"),
                Some("12.3.0.493")
            ),
            (
                7,
                Some("Zoom Video Communications, Inc."),
                Some("Zoom Workplace"),
                Some("6.0.2")
            ),
        ]
    );
    let counts: Vec<Option<u64>> = import.items.iter().map(|r| r.item.count).collect();
    assert_eq!(counts, vec![Some(14), Some(37)]);
    assert_eq!(
        report.columns.get(&Field::Count).map(String::as_str),
        Some("deviceCount")
    );
    assert_eq!(
        report.columns.get(&Field::Product).map(String::as_str),
        Some("displayName")
    );
    assert_eq!(skipped(&import), vec![(10, "no product or publisher")]);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("@odata.nextLink")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_file_of_which_every_row_was_skipped_says_so() {
    // Every line skipped for the same reason.
    let text = "{\"name\": \"programs\", \"columns\": {\"name\": \"A\"}, \"action\": \"changed\"}\n\
                {\"name\": \"programs\", \"columns\": {\"name\": \"B\"}, \"action\": \"changed\"}\n";
    let import = Importer::new().read("r.log", text.as_bytes()).unwrap();
    assert!(import.items.is_empty());
    assert!(
        import.report.warnings.iter().any(|w| w
            == "nothing was read: all 2 rows were skipped (the action `changed` is none of `added`, `removed` and `snapshot`)"),
        "{:?}",
        import.report.warnings
    );
    // One row, skipped.
    let text = "{\"name\": \"programs\", \"columns\": {\"name\": \"A\"}, \"action\": \"x\"}\n";
    let import = Importer::new().read("r.log", text.as_bytes()).unwrap();
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w.starts_with("nothing was read: the only row was skipped (")),
        "{:?}",
        import.report.warnings
    );
    // Some rows read: no such warning.
    let import = read("osquery-events.log");
    assert!(
        !import
            .report
            .warnings
            .iter()
            .any(|w| w.starts_with("nothing was read")),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn sqlcmd_output_reads_without_its_dashes_nulls_and_trailer() {
    // sqlcmd -s "," -W -Q "SELECT DisplayName0, Publisher0, Version0, COUNT(*) AS Installs …"
    let import = read("sqlcmd-sccm.csv");
    let products: Vec<(Option<&str>, Option<&str>, Option<u64>)> = import
        .items
        .iter()
        .map(|r| {
            (
                r.item.product.as_deref(),
                r.item.publisher.as_deref(),
                r.item.count,
            )
        })
        .collect();
    assert_eq!(
        products,
        vec![
            (Some("7-Zip 23.01 (x64)"), Some("Igor Pavlov"), Some(12)),
            (
                Some("Kaspersky Endpoint Security for Windows"),
                Some("AO Kaspersky Lab"),
                Some(4)
            ),
            // NULL is an empty field, not a publisher called "NULL".
            (Some("Microsoft Edge"), None, Some(30)),
            // Nothing is quoted: "Cisco Systems, Inc." splits, and says so.
            (
                Some("Cisco AnyConnect Secure Mobility Client"),
                Some("Cisco Systems"),
                None
            ),
        ]
    );
    assert_eq!(skipped(&import), vec![(6, "no product or publisher")]);
    assert_eq!(import.report.rows_read, 4);
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w.starts_with("read as sqlcmd output")),
        "{:?}",
        import.report.warnings
    );
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w.starts_with("1 row has a different number of fields")),
        "{:?}",
        import.report.warnings
    );
    // A file that only looks like it: dashes in a product name, and a
    // product called "(2 rows affected)" in an ordinary CSV, are rows.
    let text = "Publisher,Product\nAcme,-\nAcme,(2 rows affected)\nAcme,NULL\n";
    let import = Importer::new().read("plain.csv", text.as_bytes()).unwrap();
    assert_eq!(import.items.len(), 3, "{:?}", import.report);
}

#[test]
fn counts_are_read_as_spreadsheets_group_their_thousands() {
    for (file, want) in [
        ("excel-fr-counts.csv", vec![Some(1_406), Some(12)]),
        (
            "excel-de-counts.csv",
            vec![Some(1_406), Some(12), Some(2_345_678)],
        ),
    ] {
        let import = read(file);
        let counts: Vec<Option<u64>> = import.items.iter().map(|r| r.item.count).collect();
        assert_eq!(counts, want, "{file}: {:?}", import.report.warnings);
        assert!(
            !import
                .report
                .warnings
                .iter()
                .any(|w| w.contains("not a whole number")),
            "{file}: {:?}",
            import.report.warnings
        );
    }
}
