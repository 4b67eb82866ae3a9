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
            "it is RDF/XML, which cannot be read; if it is SPDX, export it as SPDX JSON or tag-value",
        ),
        (
            // The spec's own example's root (SPDXRdfExample-v2.2.spdx.rdf.xml).
            "<rdf:RDF\n    xmlns:spdx=\"http://spdx.org/rdf/terms#\"\n    xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n</rdf:RDF>",
            "this is SPDX in RDF/XML: export it as SPDX JSON or tag-value",
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
            br#"{"@context": "https://schema.org/", "@graph": []}"#,
            "`x.json` cannot be read: it is JSON-LD, but not SPDX 3",
        ),
        (
            b"{\"name\": \"a\"}\n{\"name\": \"b\"}\n",
            "`x.json` is not valid JSON: trailing characters, at line 2, column 1",
        ),
    ];
    for (bytes, want) in cases {
        let err = Importer::new().read("x.json", bytes).unwrap_err();
        assert!(err.to_string().starts_with(want), "{err}");
    }
}

/// SPDX tag-value, SPDX 3 and SPDX 2 JSON give their packages as rows the
/// same way: (file, rows as (line, publisher, product, version), (cpe,
/// purl) of the first row, skipped, columns, warnings).
#[test]
fn spdx_tag_value_and_spdx3_read_like_spdx_json() {
    let cases: &[(
        &str,
        &[(u64, Option<&str>, Option<&str>, Option<&str>)],
        (Option<&str>, Option<&str>),
        &[(u64, &str)],
        &[(Field, &str)],
        &[&str],
    )] = &[
        (
            "syft.spdx",
            &[
                (
                    28,
                    Some("Natanael Copa"),
                    Some("busybox"),
                    Some("1.36.1-r15"),
                ),
                (
                    45,
                    Some("Debian OpenSSL Team"),
                    Some("libssl3"),
                    Some("3.0.11-1~deb12u2"),
                ),
                (61, None, Some("requests"), Some("2.31.0")),
            ],
            (
                Some("cpe:2.3:a:busybox:busybox:1.36.1-r15:*:*:*:*:*:*:*"),
                Some("pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1"),
            ),
            &[],
            &[
                (Field::Publisher, "PackageSupplier, else PackageOriginator"),
                (Field::Product, "PackageName"),
                (Field::Version, "PackageVersion"),
                (Field::Cpe, "ExternalRef cpe23Type"),
                (Field::Purl, "ExternalRef purl"),
            ],
            &[
                "left out `registry.example/payroll` sha256:2731251dc34951c0e50fcc643b4c5f74922dad1a5d98f302b504cf46cd5d9368, which the document describes: it is the SBOM's subject, not a part of it",
            ],
        ),
        (
            "spdx-tools.spdx",
            &[
                (34, None, Some("Apache Commons Lang"), None),
                (40, None, Some("Jena"), Some("3.12.0")),
            ],
            (None, None),
            &[],
            &[
                (Field::Product, "PackageName"),
                (Field::Version, "PackageVersion"),
                (Field::Purl, "ExternalRef purl"),
            ],
            &[
                "left out `glibc` 2.11.1, which the document describes: it is the SBOM's subject, not a part of it",
            ],
        ),
        (
            "spdx-3.0.1.json",
            &[
                (65, None, Some("hyper"), Some("0.14")),
                (74, Some("SPDX"), Some("examplemaven"), Some("0.0.1")),
                (83, Some("JUnit"), Some("JUnit"), Some("3.8.1")),
            ],
            (None, Some("pkg:cargo/hyper@0.14")),
            &[(95, "package without a name (@graph[11])")],
            &[
                (Field::Publisher, "suppliedBy, else originatedBy"),
                (Field::Product, "name"),
                (Field::Version, "software_packageVersion"),
                (Field::Cpe, "externalIdentifier cpe23"),
                (Field::Purl, "software_packageUrl"),
            ],
            &[
                "left out `my-package` 1.0.0, which the document describes: it is the SBOM's subject, not a part of it",
            ],
        ),
    ];
    for (name, want_rows, first_refs, want_skipped, want_columns, want_warnings) in cases {
        let import = read(name);
        assert_eq!(import.report.format, "spdx", "{name}");
        assert_eq!(rows(&import), *want_rows, "{name}");
        let first = &import.items[0].item;
        assert_eq!(
            (first.cpe.as_deref(), first.purl.as_deref()),
            *first_refs,
            "{name}"
        );
        assert_eq!(skipped(&import), *want_skipped, "{name}");
        assert_eq!(columns(&import), *want_columns, "{name}");
        assert_eq!(import.report.warnings, *want_warnings, "{name}");
    }
    // JUnit's identifiers in SPDX 3.
    let junit = &read("spdx-3.0.1.json").items[2].item;
    assert_eq!(
        junit.cpe.as_deref(),
        Some("cpe:2.3:a:junit:junit:3.8.1:*:*:*:*:*:*:*")
    );
    assert_eq!(junit.purl.as_deref(), Some("pkg:maven/junit/junit@3.8.1"));
}

#[test]
fn spdx_tag_value_edge_cases() {
    // (text, rows as (line, publisher, product, version), skipped, warnings)
    let cases: &[(
        &str,
        &[(u64, Option<&str>, Option<&str>, Option<&str>)],
        &[(u64, &str)],
        &[&str],
    )] = &[
        // A package without a name, skipped on its own line; a cpe22Type
        // when there is no cpe23Type; a `<text>` name on one line.
        (
            "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n\nPackageName:\nPackageVersion: 1\n\nPackageName: <text>Acme Tool</text>\nPackageSupplier: Organization: Acme\nExternalRef: SECURITY cpe22Type cpe:/a:acme:tool:2\n",
            &[(7, Some("Acme"), Some("Acme Tool"), None)],
            &[(4, "package without a name")],
            &[],
        ),
        // A `<text>` left open: what came before is kept, and the line it
        // opened on is named.
        (
            "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageComment: <text>never\nclosed\nPackageName: b\n",
            &[(2, None, Some("a"), None)],
            &[],
            &[
                "line 3: a `<text>` value is never closed by `</text>`, so the rest of the file was not read: it looks cut short",
            ],
        ),
        // No packages at all.
        (
            "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n",
            &[],
            &[],
            &["the document lists no packages: there are no rows"],
        ),
        // A document that describes every package keeps them all.
        (
            "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nPackageName: a\nSPDXID: SPDXRef-a\nRelationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-a\n",
            &[(3, None, Some("a"), None)],
            &[],
            &[],
        ),
    ];
    for (text, want_rows, want_skipped, want_warnings) in cases {
        let import = Importer::new().read("a.spdx", text.as_bytes()).unwrap();
        assert_eq!(rows(&import), *want_rows, "{text}");
        assert_eq!(skipped(&import), *want_skipped, "{text}");
        assert_eq!(import.report.warnings, *want_warnings, "{text}");
    }
}

#[test]
fn spdx3_edge_cases() {
    // `@type`, an inline supplier, a full IRI for the type, a `describes`
    // relationship from the document, a name that is not text.
    let text = r#"{"@context": ["https://spdx.org/rdf/3.0.1/spdx-context.jsonld"], "@graph": [
        {"type": "SpdxDocument", "spdxId": "urn:doc"},
        {"type": "Relationship", "from": "urn:doc", "relationshipType": "describes", "to": ["urn:app"]},
        {"@type": "software_Package", "spdxId": "urn:app", "name": "app"},
        {"@type": "software_Package", "spdxId": "urn:lib", "name": "lib", "suppliedBy": {"type": "Organization", "name": "Lib Co"}},
        {"type": "https://spdx.org/rdf/3.0.1/terms/Software/Package", "name": "iri", "software_packageVersion": 2},
        {"type": "software_Package", "name": ["a"]},
        "not an element"
    ]}"#;
    let import = Importer::new().read("a.json", text.as_bytes()).unwrap();
    assert_eq!(
        rows(&import),
        vec![
            (5, Some("Lib Co"), Some("lib"), None),
            (6, None, Some("iri"), None)
        ]
    );
    assert_eq!(
        skipped(&import),
        vec![(7, "`name` is a list, not text (@graph[5])")]
    );
    assert_eq!(
        import.report.warnings,
        vec![
            "left out `app`, which the document describes: it is the SBOM's subject, not a part of it",
            "line 6: `software_packageVersion` is a number, not text; it was left out, and the rest of the package read",
        ]
    );
    let empty = Importer::new()
        .read(
            "a.json",
            br#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}"#,
        )
        .unwrap();
    assert_eq!(
        empty.report.warnings,
        vec!["the document lists no packages: there are no rows"]
    );
}

/// The SPDX serialisations that are not read say which they are and what to
/// export instead.
#[test]
fn other_spdx_serialisations_are_refused_by_name() {
    let export = "export it as SPDX JSON or tag-value";
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            // As the spec's example (SPDXYAMLExample-2.2.spdx.yaml) starts.
            "sbom.spdx.yaml",
            b"---\nSPDXID: \"SPDXRef-DOCUMENT\"\nspdxVersion: \"SPDX-2.2\"\ncreationInfo:\n  created: \"2010-01-29T18:30:22Z\"\n".to_vec(),
            format!("`sbom.spdx.yaml` cannot be read: this is SPDX in YAML: {export}"),
        ),
        (
            "sbom.spdx.yml",
            b"spdxVersion: SPDX-2.3\ndataLicense: CC0-1.0\n".to_vec(),
            format!("`sbom.spdx.yml` cannot be read: this is SPDX in YAML: {export}"),
        ),
        (
            "xlsx/spdx-spreadsheet.xlsx",
            fixture("xlsx/spdx-spreadsheet.xlsx"),
            format!("`xlsx/spdx-spreadsheet.xlsx` cannot be read: this is an SPDX spreadsheet (sheets `Document Info`, `Package Info`): {export}"),
        ),
    ];
    for (name, bytes, want) in cases {
        let err = Importer::new().read(name, &bytes).unwrap_err();
        assert!(matches!(err, ImportError::Unsupported { .. }), "{err:?}");
        assert_eq!(err.to_string(), want);
    }
}
