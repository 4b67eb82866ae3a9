//! Nothing a user can upload makes the importer panic.

use proptest::prelude::*;
use vrc_engine::Field;
use vrc_import::Importer;

/// Bytes that look a little like inventory files, so that the property
/// reaches past the header check.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        &b"Name"[..],
        b"Publisher",
        b"Count",
        b"DisplayName0",
        b",",
        b";",
        b"\t",
        b"|",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b"#TYPE x\n",
        b"sep=;\n",
        b"[",
        b"]",
        b"{",
        b"}",
        b":",
        b"12",
        b"??",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xE9",
        b"\x00",
        "Лаборатория".as_bytes(),
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

/// Pieces of SBOMs, osquery logs and Graph responses, so that the property
/// reaches the readers behind `{` and `<`.
fn sbomish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        &b"{"[..],
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"\n",
        b"\"",
        b"\"bomFormat\":\"CycloneDX\"",
        b"\"spdxVersion\":\"SPDX-2.3\"",
        b"\"components\":",
        b"\"packages\":",
        b"\"value\":",
        b"\"columns\":",
        b"\"snapshot\":",
        b"\"diffResults\":",
        b"\"action\":\"removed\"",
        b"\"name\":",
        b"\"name\":\"a+b\"",
        b"\"supplier\":",
        b"\"properties\":[{\"name\":\"cdx:osquery:category\",\"value\":\"certificates\"}]",
        b"\"documentDescribes\":[\"x\"]",
        b"\"SPDXID\":\"x\"",
        b"\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"",
        b"\"@graph\":",
        b"\"type\":\"software_Package\"",
        b"\"@type\":\"SpdxDocument\"",
        b"\"rootElement\":[\"x\"]",
        b"\"suppliedBy\":\"x\"",
        b"\"originatedBy\":",
        b"\"externalIdentifier\":[{\"externalIdentifierType\":\"cpe23\",\"identifier\":",
        b"\"spdxId\":\"x\"",
        b"12",
        b"null",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">",
        b"</bom>",
        b"<components>",
        b"</components>",
        b"<component type=\"data\">",
        b"<component>",
        b"</component>",
        b"<name>",
        b"</name>",
        b"<metadata>",
        b"<property name=\"cdx:osquery:category\">",
        b"&amp;",
        b"&#0;",
        b"&x;",
        b"<![CDATA[",
        b"]]>",
        b"<!--",
        b"/>",
        "Лаборатория".as_bytes(),
    ]);
    let prefix = prop::sample::select(vec![
        &b"{"[..],
        b"[",
        b"<",
        b"{\"bomFormat\":\"CycloneDX\"",
        b"{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":[",
        b"",
    ]);
    (prefix, prop::collection::vec(pieces, 0..60)).prop_map(|(p, v)| [p, &v.concat()].concat())
}

/// Lines of SPDX tag-value, with `<text>` blocks opened and closed
/// anywhere, so that the property reaches the tag-value reader.
fn tag_valueish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        &b"PackageName: "[..],
        b"PackageName:",
        b"SPDXID: x",
        b"SPDXID: SPDXRef-DOCUMENT",
        b"PackageVersion: 1",
        b"PackageSupplier: Organization: A (a@b)",
        b"PackageOriginator: Person: B <b@c>",
        b"PackageSupplier: NOASSERTION",
        b"ExternalRef: SECURITY cpe23Type cpe:2.3:a:x:y:1",
        b"ExternalRef: SECURITY cpe22Type",
        b"ExternalRef: PACKAGE-MANAGER purl",
        b"Relationship: SPDXRef-DOCUMENT DESCRIBES x",
        b"Relationship: x DESCRIBED_BY SPDXRef-DOCUMENT",
        b"FileName: f",
        b"LicenseID: l",
        b"<text>",
        b"</text>",
        b":",
        b"\n",
        b"\r\n",
        b"\r",
        b" ",
        "Лаборатория".as_bytes(),
    ]);
    prop::collection::vec(pieces, 0..60)
        .prop_map(|v| [&b"SPDXVersion: SPDX-2.3\n"[..], &v.concat()].concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Importer::new().read("any", &bytes);
    }

    #[test]
    fn inventory_like_bytes_never_panic(bytes in csvish()) {
        if let Ok(import) = Importer::new().read("any.csv", &bytes) {
            // Every row kept or skipped has a line in the file.
            for row in &import.items {
                prop_assert!(row.line >= 1);
            }
            prop_assert_eq!(import.report.rows_read, import.items.len() as u64);
        }
        let _ = Importer::new().column(Field::Count, "Count").read("any.csv", &bytes);
    }

    #[test]
    fn json_and_xml_prefixes_never_panic(
        prefix in prop::sample::select(vec![&b"{"[..], b"[", b"<", b"{\"bomFormat\":\"CycloneDX\""]),
        rest in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let bytes = [prefix, &rest].concat();
        let _ = Importer::new().read("any", &bytes);
    }

    #[test]
    fn sbom_like_bytes_never_panic(bytes in sbomish()) {
        if let Ok(import) = Importer::new().read("any.json", &bytes) {
            for row in &import.items {
                prop_assert!(row.line >= 1);
                prop_assert!(row.item.product.is_some() || row.item.publisher.is_some());
            }
            prop_assert_eq!(import.report.rows_read, import.items.len() as u64);
        }
    }

    #[test]
    fn tag_value_like_bytes_never_panic(bytes in tag_valueish()) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let import = Importer::new().read("any.spdx", &bytes);
        prop_assert!(import.is_ok(), "{:?}", import);
        if let Ok(import) = import {
            let lines = text.lines().count() as u64;
            for row in &import.items {
                prop_assert!(row.line >= 2 && row.line <= lines.max(2));
                prop_assert!(row.item.product.is_some());
            }
            for skipped in &import.report.skipped {
                prop_assert!(skipped.line >= 2 && skipped.line <= lines.max(2));
            }
            prop_assert_eq!(import.report.rows_read, import.items.len() as u64);
        }
    }

    #[test]
    fn utf16_of_any_text_reads_like_the_text(text in "[A-Za-z ,;\\n\"Лé]{0,60}") {
        let plain = Importer::new().read("a.csv", text.as_bytes());
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let wide = Importer::new().read("a.csv", &utf16);
        match (plain, wide) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.items, b.items),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
    }
}
