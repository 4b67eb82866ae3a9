//! CycloneDX (JSON and XML) and SPDX JSON: every component or package, the
//! subject and what is not software left out, with the reasons in the report.

use vrc_engine::Field;
use vrc_import::{ImportError, Importer};

use super::common::{fixture, read, rows, skipped};

fn columns(import: &vrc_import::Import) -> Vec<(Field, &str)> {
    import
        .report
        .columns
        .iter()
        .map(|(f, c)| (*f, c.as_str()))
        .collect()
}

#[test]
fn cyclonedx_json_reads_nested_components_in_order() {
    let import = read("cyclonedx-1.6.json");
    let report = &import.report;
    assert_eq!(report.format, "cyclonedx");
    assert_eq!(
        rows(&import),
        vec![
            (
                10,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security"),
                Some("12.3")
            ),
            (18, Some("Kaspersky"), Some("Network Agent"), Some("14")),
            (26, Some("Jane Doe"), Some("Updater"), None),
            (36, Some("Don Ho"), Some("Notepad++"), None),
            (37, Some("org.jq"), Some("jq"), Some("1.7")),
            (38, Some("Acme Ltd"), Some("Tool"), None),
        ]
    );
    let kes = &import.items[0].item;
    assert_eq!(
        kes.cpe.as_deref(),
        Some("cpe:2.3:a:kaspersky:endpoint_security:12.3:*:*:*:*:*:*:*")
    );
    assert_eq!(kes.purl.as_deref(), Some("pkg:generic/kaspersky/kes@12.3"));
    assert_eq!(report.rows_read, 6);
    assert_eq!(
        skipped(&import),
        vec![
            (25, "component without a name (components[0].components[1])"),
            (34, "not a component but a string (components[3])"),
            (35, "`name` is a number, not text (components[4])"),
        ]
    );
    assert_eq!(
        columns(&import),
        vec![
            (
                Field::Publisher,
                "supplier.name, else manufacturer.name, else publisher, else author, else authors[].name, else group"
            ),
            (Field::Product, "name"),
            (Field::Version, "version"),
            (Field::Cpe, "cpe"),
            (Field::Purl, "purl"),
        ]
    );
    assert_eq!(
        report.warnings,
        vec![
            "left out the BOM's subject, `Acme Portal` 2.0 (`metadata.component`): it is what the BOM describes, not a part of it",
            "left out 2 components that are not software: 1 of type `cryptographic-asset`, 1 of type `data`",
            "the BOM also lists 1 service (`services`), which was not read",
            "line 38: `supplier` is a string, not an object; it was left out, and the rest of the component read",
        ]
    );
}

#[test]
fn cyclonedx_xml_reads_like_json() {
    let import = read("cyclonedx-1.4.xml");
    let report = &import.report;
    assert_eq!(report.format, "cyclonedx");
    assert_eq!(report.encoding.as_deref(), Some("utf-8-bom"));
    assert_eq!(
        rows(&import),
        vec![
            (
                15,
                Some("Hangzhou Hikvision Digital Technology"),
                Some("DS-2CD2143G2-I"),
                Some("V5.7.3")
            ),
            (21, Some("Hikvision"), Some("IPC firmware"), Some("5.7.3")),
            (30, Some("AT&T Apps"), Some("AT&T Tool"), None),
        ]
    );
    assert_eq!(
        import.items[0].item.cpe.as_deref(),
        Some("cpe:2.3:h:hikvision:ds-2cd2143g2-i:-:*:*:*:*:*:*:*")
    );
    assert_eq!(
        import.items[2].item.purl.as_deref(),
        Some("pkg:generic/att/tool@1")
    );
    assert_eq!(skipped(&import), vec![(26, "component without a name")]);
    assert_eq!(
        report.columns.get(&Field::Publisher).map(String::as_str),
        Some("supplier.name, else publisher, else author")
    );
    assert_eq!(
        report.warnings,
        vec![
            "left out the BOM's subject, `Reception camera system` 3 (`metadata.component`): it is what the BOM describes, not a part of it",
            "left out 1 component that is not software: 1 of type `data`",
        ]
    );
}

#[test]
fn cdxgen_obom_keeps_installed_software_only() {
    let import = read("cdxgen-obom.json");
    assert_eq!(
        rows(&import),
        vec![
            (
                6,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security for Windows"),
                Some("12.3.0.493")
            ),
            (
                9,
                Some("Microsoft Corporation"),
                Some("Microsoft Visual C++ 2015-2022 Redistributable (x64)"),
                Some("14.38")
            ),
            (12, Some("Notepad++ Team"), Some("Notepad++"), Some("8.6")),
            (15, None, Some("Google Docs Offline"), Some("1.7")),
        ]
    );
    // The package URL is kept as written.
    assert_eq!(
        import.items[0].item.purl.as_deref(),
        Some("pkg:swid/Kaspersky+Endpoint+Security+for+Windows@12.3.0.493")
    );
    assert!(import.report.skipped.is_empty());
    assert_eq!(
        import.report.warnings,
        vec![
            "left out the BOM's subject, `Microsoft Windows 11 Pro` 22H2 (`metadata.component`): it is what the BOM describes, not a part of it",
            "kept 4 installed software entries of 8 components (3 windows_programs, 1 chrome_extensions); left out 4 operational entries, which are not installed software: 2 certificates, 1 processes, 1 windows_drivers",
            "cdxgen wrote 3 names with `+` for spaces, such as `Kaspersky+Endpoint+Security+for+Windows`; they were read with spaces (`Kaspersky Endpoint Security for Windows`)",
        ]
    );
}

#[test]
fn spdx_reads_packages_but_not_the_subject() {
    let import = read("spdx-2.3.json");
    let report = &import.report;
    assert_eq!(report.format, "spdx");
    assert_eq!(
        rows(&import),
        vec![
            (
                11,
                Some("AO Kaspersky Lab"),
                Some("Kaspersky Endpoint Security"),
                Some("12.3")
            ),
            (20, Some("Stephen Dolan"), Some("jq"), None),
            (24, None, Some("log4j-core"), Some("2.17.1")),
            (27, Some("JUnit"), Some("JUnit"), Some("3.8.1")),
        ]
    );
    let kes = &import.items[0].item;
    assert_eq!(
        kes.cpe.as_deref(),
        Some("cpe:2.3:a:kaspersky:endpoint_security:12.3:*:*:*:*:*:*:*")
    );
    assert_eq!(kes.purl.as_deref(), Some("pkg:generic/kaspersky/kes@12.3"));
    assert_eq!(
        skipped(&import),
        vec![
            (25, "package without a name (packages[4])"),
            (26, "`name` is a list, not text (packages[5])"),
        ]
    );
    assert_eq!(
        columns(&import),
        vec![
            (Field::Publisher, "supplier, else originator"),
            (Field::Product, "name"),
            (Field::Version, "versionInfo"),
            (Field::Cpe, "externalRefs cpe23Type"),
            (Field::Purl, "externalRefs purl"),
        ]
    );
    assert_eq!(
        report.warnings,
        vec![
            "left out `acme-portal` 2.0, which the document describes: it is the SBOM's subject, not a part of it"
        ]
    );
}

#[test]
fn spdx_that_describes_every_package_keeps_them_all() {
    let text = r#"{"spdxVersion": "SPDX-2.3", "documentDescribes": ["SPDXRef-a", "SPDXRef-b"],
        "packages": [{"SPDXID": "SPDXRef-a", "name": "A"}, {"SPDXID": "SPDXRef-b", "name": "B"}]}"#;
    let import = Importer::new().read("s.json", text.as_bytes()).unwrap();
    assert_eq!(import.items.len(), 2);
    assert!(
        import.report.warnings.is_empty(),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn truncated_sboms_are_errors_with_their_place() {
    for (name, want) in [
        (
            "cyclonedx-truncated.json",
            "`cyclonedx-truncated.json` is not valid JSON: EOF while parsing a string, at line 13, column 35",
        ),
        (
            "spdx-truncated.json",
            "`spdx-truncated.json` is not valid JSON: EOF while parsing a string, at line 16, column 115",
        ),
        (
            "cyclonedx-truncated.xml",
            "`cyclonedx-truncated.xml` cannot be read: it is not well-formed XML: syntax error: tag not closed: `>` not found before end of input, at line 26, column 9",
        ),
    ] {
        let err = Importer::new().read(name, &fixture(name)).unwrap_err();
        assert_eq!(err.to_string(), want);
        if name.ends_with(".json") {
            assert!(matches!(err, ImportError::Json { .. }), "{err:?}");
        }
    }
}

#[test]
fn xml_that_is_not_cyclonedx_is_refused_clearly() {
    let cases: &[(&str, &str)] = &[
        (
            "<?xml version=\"1.0\"?>\n<inventory><app>7-Zip</app></inventory>",
            "it is XML whose root element is `<inventory>`; the only XML that can be read is a CycloneDX BOM",
        ),
        (
            "<!DOCTYPE html>\n<html><head><title>x</title></head></html>",
            "it is a web page (HTML)",
        ),
        (
            "<bom xmlns=\"urn:other\"><components/></bom>",
            "it is XML with a root `<bom>` that is not in CycloneDX's namespace",
        ),
        (
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>",
            "it is RDF/XML",
        ),
        (
            "<!-- only a comment -->",
            "it looks like XML but has no elements",
        ),
        (
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">\n<components>\n<component><name>a</name></components>\n</bom>",
            "it is not well-formed XML: ill-formed document: expected `</component>`, but `</components>` was found, at line 3, column 26",
        ),
        (
            "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">\n<components>\n<component><name>a</name>",
            "it ends at line 3 before the closing `</component>`: the file looks cut short",
        ),
    ];
    for (text, want) in cases {
        let err = Importer::new().read("a.xml", text.as_bytes()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("`a.xml` cannot be read: {want}")),
            "{text}\n{message}"
        );
    }
}

#[test]
fn cyclonedx_edge_cases() {
    // A prefixed root, an empty BOM, and extensions that are not components.
    let text = "<c:bom xmlns:c=\"http://cyclonedx.org/schema/bom/1.6\"><c:components>\
                <c:component type=\"library\"><c:name>a</c:name><c:version>1</c:version></c:component>\
                <component><name>not ours</name></component>\
                </c:components></c:bom>";
    let import = Importer::new().read("a.xml", text.as_bytes()).unwrap();
    assert_eq!(rows(&import), vec![(1, None, Some("a"), Some("1"))]);

    let empty = Importer::new()
        .read(
            "a.json",
            br#"{"bomFormat": "CycloneDX", "specVersion": "1.6"}"#,
        )
        .unwrap();
    assert!(empty.items.is_empty());
    assert_eq!(
        empty.report.warnings,
        vec!["the BOM lists no components: there are no rows"]
    );

    // Wrong types everywhere: skipped or left out, never a panic.
    let text = br#"{"bomFormat": "CycloneDX", "metadata": 3, "services": {},
        "components": [{"name": "a", "components": "x", "supplier": {"name": 7},
        "authors": "y", "properties": [1, {"name": 2}], "type": []}, null, [], {"name": ""}]}"#;
    let import = Importer::new().read("a.json", text).unwrap();
    assert_eq!(rows(&import), vec![(2, None, Some("a"), None)]);
    assert_eq!(
        skipped(&import),
        vec![
            (3, "not a component but null (components[1])"),
            (3, "not a component but a list (components[2])"),
            (3, "component without a name (components[3])"),
        ]
    );
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w.starts_with("line 2: `type` is a list, not text")),
        "{:?}",
        import.report.warnings
    );

    // The user's column mapping does not apply to a BOM, and is said to.
    let import = Importer::new()
        .column(Field::Product, "Title")
        .read("a.json", &fixture("cyclonedx-1.6.json"))
        .unwrap();
    assert_eq!(import.items.len(), 6);
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w.starts_with("the column mapping was not used")),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn other_json_objects_are_refused_clearly() {
    let cases: &[(&[u8], &str)] = &[
        (
            br#"{"components": []}"#,
            "`x.json` cannot be read: it is a JSON object, but not a CycloneDX BOM (`bomFormat`), an SPDX document (`spdxVersion`), a Microsoft Graph or Intune response (`value`) or an osquery result (`columns` or `snapshot`): its keys are `components`.",
        ),
        (
            br#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}"#,
            "`x.json` cannot be read: it is JSON-LD, such as SPDX 3",
        ),
        (
            b"{\"name\": \"a\"}\n{\"name\": \"b\"}\n",
            "`x.json` is not valid JSON: trailing characters, at line 2, column 1",
        ),
        (
            b"SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n",
            "`x.json` cannot be read: it is an SPDX tag-value document",
        ),
    ];
    for (bytes, want) in cases {
        let err = Importer::new().read("x.json", bytes).unwrap_err();
        assert!(err.to_string().starts_with(want), "{err}");
    }
}
