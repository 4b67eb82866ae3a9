//! `,` `;` tab and `|`, sniffed from the header and the lines after it.

use super::common::{read, read_text, rows};

#[test]
fn pipe_delimited_with_every_field() {
    let import = read("pipe.csv");
    assert_eq!(
        import.report.delimiter.map(|d| d.to_string()).as_deref(),
        Some("|")
    );
    let first = &import.items[0].item;
    assert_eq!(first.system.as_deref(), Some("fw-edge-01"));
    assert_eq!(first.publisher.as_deref(), Some("Hikvision"));
    assert_eq!(first.product.as_deref(), Some("DS-2CD2143G2-I"));
    assert_eq!(first.version.as_deref(), Some("V5.7.3"));
    assert_eq!(first.device.as_deref(), Some("camera"));
    assert_eq!(first.classification.as_deref(), Some("OFFICIAL"));
    assert_eq!(
        import.items[1].item.classification.as_deref(),
        Some("OFFICIAL-SENSITIVE")
    );
    assert!(import.report.unmapped_columns.is_empty());
    assert_eq!(import.report.columns.len(), 6);
}

#[test]
fn pasted_from_a_spreadsheet() {
    let import = read("pasted.tsv");
    assert_eq!(
        import.report.delimiter.map(|d| d.to_string()).as_deref(),
        Some("tab")
    );
    assert_eq!(
        rows(&import),
        vec![
            (
                2,
                Some("Microsoft"),
                Some("Office, Professional Plus"),
                Some("16.0")
            ),
            (
                3,
                Some("Kaspersky Lab"),
                Some("Kaspersky Endpoint Security"),
                Some("11.11")
            ),
        ]
    );
    assert_eq!(
        import.items[1].item.system.as_deref(),
        Some("Branch, North")
    );
    assert!(
        import.report.warnings.is_empty(),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn delimiters_table() {
    let cases: &[(&str, &str, &[(&str, &str)])] = &[
        ("Name,Publisher\nA,B\n", ",", &[("A", "B")]),
        ("Name;Publisher\nA;B, Inc.\n", ";", &[("A", "B, Inc.")]),
        ("Name\tPublisher\nA\tB;C\n", "tab", &[("A", "B;C")]),
        ("Name|Publisher\nA|B\n", "|", &[("A", "B")]),
        (
            "\"Product; name\",Publisher\n\"A;1\",B\n",
            ",",
            &[("A;1", "B")],
        ),
        // Excel's `sep=` hint wins over sniffing.
        // Without it, `,` would win the tie.
        ("sep=;\nSoftware,x;Publisher\nA,1;B\n", ";", &[("", "B")]),
        ("Software,x;Publisher\nA,1;B\n", ",", &[("A", "")]),
        // One column: a list of product names.
        (
            "Product\n7-Zip\nNotepad++\n",
            ",",
            &[("7-Zip", ""), ("Notepad++", "")],
        ),
    ];
    for (text, delimiter, want) in cases {
        let import = read_text(text).unwrap();
        assert_eq!(
            import.report.delimiter.map(|d| d.to_string()).as_deref(),
            Some(*delimiter),
            "{text:?}"
        );
        let got: Vec<(&str, &str)> = import
            .items
            .iter()
            .map(|r| {
                (
                    r.item.product.as_deref().unwrap_or(""),
                    r.item.publisher.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got, *want, "{text:?}");
    }
}

#[test]
fn sep_line_counts_as_a_line() {
    let import = read_text("sep=|\nName|Publisher\nA|B\n").unwrap();
    assert_eq!(import.items[0].line, 3);
    assert!(
        import.report.warnings.iter().any(|w| w.contains("`sep=`")),
        "{:?}",
        import.report.warnings
    );
}
