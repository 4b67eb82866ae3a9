//! Bad rows are reported with their line and reason; good rows are kept.

use super::common::{read, read_text, rows, skipped};

#[test]
fn a_broken_file_keeps_its_good_rows() {
    let import = read("broken.csv");
    let report = &import.report;
    assert_eq!(
        rows(&import),
        vec![
            (
                2,
                Some("Kaspersky"),
                Some("Kaspersky Anti-Virus"),
                Some("21.3")
            ),
            (5, Some("Mozilla"), Some("Firefox"), Some("121.0")),
            (6, Some("Google"), Some("Chrome"), None),
            (9, Some("Zoom"), Some("Zoom"), Some("6.0")),
            (10, Some("Slack Technologies"), Some("Slack"), Some("4.36")),
        ]
    );
    let counts: Vec<Option<u64>> = import.items.iter().map(|r| r.item.count).collect();
    assert_eq!(counts, vec![Some(12), None, None, Some(3), Some(7)]);
    assert_eq!(
        skipped(&import),
        vec![
            (3, "empty row"),
            (4, "no product or publisher"),
            (8, "repeated header row"),
            (11, "empty row"),
        ]
    );
    assert_eq!(report.rows_read, 5);
    assert_eq!(report.unmapped_columns, vec!["Comment"]);
    assert_eq!(
        report.warnings,
        vec![
            "2 rows have a different number of fields from the header's 5 (the first on line 6, with 2); what was there was read",
            "line 5: the count `lots` in column `Installs` is not a whole number; the row was read without a count",
        ]
    );
}

#[test]
fn embedded_newlines_keep_line_numbers() {
    let import = read("embedded-newlines.csv");
    let lines: Vec<u64> = import.items.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 6, 8]);
    assert_eq!(import.items[2].item.product.as_deref(), Some("Notepad++"));
    assert_eq!(import.items[3].item.publisher.as_deref(), Some("VideoLAN"));
    assert!(
        import.report.warnings.is_empty(),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn line_numbers_survive_blank_lines_and_line_ends() {
    let cases: &[(&str, &[u64])] = &[
        ("Name,Publisher\nA,B\nC,D\n", &[2, 3]),
        ("Name,Publisher\r\nA,B\r\n\r\n\r\nC,D\r\n", &[2, 5]),
        ("Name,Publisher\rA,B\r\rC,D", &[2, 4]),
        ("\n\nName,Publisher\n\nA,B\n", &[5]),
        (
            "Name,Publisher\n\"A\r\nA\",B\n\"C\",\"D\nD\"\nE,F\n",
            &[2, 4, 6],
        ),
    ];
    for (text, want) in cases {
        let import = read_text(text).unwrap();
        let lines: Vec<u64> = import.items.iter().map(|r| r.line).collect();
        assert_eq!(lines, *want, "{text:?}");
    }
}

#[test]
fn flattened_cyrillic_is_warned_once() {
    let import = read("flattened-ascii.csv");
    assert_eq!(import.report.encoding.as_deref(), Some("utf-8"));
    assert_eq!(import.items.len(), 3);
    let flattened: Vec<&String> = import
        .report
        .warnings
        .iter()
        .filter(|w| w.contains("replaced by `?`"))
        .collect();
    assert_eq!(flattened.len(), 1, "{:?}", import.report.warnings);
    let warning = flattened[0];
    assert!(
        warning.starts_with("line 4, column `Publisher`: `??????????? ???????????`"),
        "{warning}"
    );
    assert!(warning.contains("2 rows look like this"), "{warning}");
    assert!(warning.contains("PowerShell 5.1"), "{warning}");
}

#[test]
fn values_are_trimmed_and_kept_as_written() {
    let import = read_text("Name,Publisher,Version\n  =cmd|' /C calc'!A0 , '+Acme ,\t\n").unwrap();
    let item = &import.items[0].item;
    assert_eq!(item.product.as_deref(), Some("=cmd|' /C calc'!A0"));
    assert_eq!(item.publisher.as_deref(), Some("'+Acme"));
    assert_eq!(item.version, None);
}

#[test]
fn a_header_without_rows_is_read_with_a_warning() {
    let import = read_text("Name,Publisher\n").unwrap();
    assert!(import.items.is_empty());
    assert_eq!(
        import.report.warnings,
        vec!["the file has a header but no rows"]
    );
}

#[test]
fn counts_table() {
    let cases: &[(&str, Option<u64>, bool)] = &[
        ("3", Some(3), false),
        (" 12 ", Some(12), false),
        ("4.0", Some(4), false),
        ("", None, false),
        ("n/a", None, true),
        ("-2", None, true),
        ("1.5", None, true),
    ];
    for (raw, want, warned) in cases {
        let import = read_text(&format!("Name,Count\nA,\"{raw}\"\n")).unwrap();
        assert_eq!(import.items[0].item.count, *want, "{raw:?}");
        assert_eq!(
            !import.report.warnings.is_empty(),
            *warned,
            "{raw:?}: {:?}",
            import.report.warnings
        );
    }
}
