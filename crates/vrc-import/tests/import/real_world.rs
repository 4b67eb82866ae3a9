//! The real SBOMs in `shared/real-world/` (see its README), made by other
//! people's tools: each is read whole, and its count of items checked.
//!
//! The files live outside the repository, beside it (`../shared`, as CI
//! clones them). A missing file fails the test with a message that says so,
//! rather than passing silently.

use std::path::Path;

use vrc_engine::Field;
use vrc_import::{Import, Importer};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/real-world");

fn read_real(name: &str) -> Import {
    let path = Path::new(DIR).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}. These tests read the real files in shared/real-world/, \
             which must sit beside the repository (../shared, as CI clones it)",
            path.display()
        )
    });
    Importer::new()
        .read(name, &bytes)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn has_warning(import: &Import, text: &str) -> bool {
    import.report.warnings.iter().any(|w| w.contains(text))
}

/// 903 components, all at the top level (none nested), all `library` with a
/// name: 903 items. `metadata.component` (keycloak-parent) is the subject.
#[test]
fn cyclonedx_keycloak_json() {
    let import = read_real("cyclonedx-keycloak-10.0.2.json");
    let report = &import.report;
    assert_eq!(report.format, "cyclonedx");
    assert_eq!(import.items.len(), 903);
    assert_eq!(report.rows_read, 903);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let first = &import.items[0];
    assert_eq!(first.line, 58);
    assert_eq!(first.item.product.as_deref(), Some("bcprov-jdk15on"));
    // No publisher in this component: the group stands in.
    assert_eq!(first.item.publisher.as_deref(), Some("org.bouncycastle"));
    assert_eq!(
        first.item.purl.as_deref(),
        Some("pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar")
    );
    assert_eq!(
        report.columns.get(&Field::Publisher).map(String::as_str),
        Some("publisher, else group")
    );
    assert_eq!(
        report.warnings,
        vec![
            "left out the BOM's subject, `keycloak-parent` 10.0.2 (`metadata.component`): it is what the BOM describes, not a part of it"
        ]
    );
}

/// CycloneDX 1.2 XML: 841 `component` elements, one of them the subject
/// under `metadata`: 840 items.
#[test]
fn cyclonedx_juice_shop_xml() {
    let import = read_real("cyclonedx-juice-shop-11.1.2.xml");
    let report = &import.report;
    assert_eq!(report.format, "cyclonedx");
    assert_eq!(import.items.len(), 840);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let first = &import.items[0];
    assert_eq!(first.line, 38);
    assert_eq!(first.item.product.as_deref(), Some("body-parser"));
    assert_eq!(first.item.version.as_deref(), Some("1.19.0"));
    assert_eq!(
        first.item.purl.as_deref(),
        Some("pkg:npm/body-parser@1.19.0")
    );
    assert!(
        has_warning(&import, "`juice-shop` 11.1.2 (`metadata.component`)"),
        "{:?}",
        report.warnings
    );
}

/// cdxgen's operations BOM of a Windows 11 machine: 1,276 components. The 53
/// installed programs are kept, and so are 2 Python packages, 1 npm package
/// and 1 Chrome extension (installed software too): 57 items. The other
/// 1,219 (certificates, services, processes, drivers, ports…) are left out
/// and counted.
#[test]
fn cyclonedx_windows_obom() {
    let import = read_real("cyclonedx-1.5-windows-obom-cdxgen.json");
    let report = &import.report;
    assert_eq!(report.format, "cyclonedx");
    assert_eq!(import.items.len(), 57);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(
        has_warning(
            &import,
            "kept 57 installed software entries of 1,276 components (53 windows_programs, 2 python_packages, 1 chrome_extensions, 1 npm_packages); \
             left out 1,219 operational entries, which are not installed software: 629 certificates, 271 services_snapshot, 144 processes, \
             101 windows_drivers, 27 listening_ports, 23 pipes_snapshot, 17 process_open_sockets, 3 windows_patches, 2 routes, 1 kernel_info, \
             1 system_info_snapshot"
        ),
        "{:?}",
        report.warnings
    );
    let products: Vec<&str> = import
        .items
        .iter()
        .filter_map(|r| r.item.product.as_deref())
        .collect();
    for name in [
        "Docker Desktop",
        "Microsoft Edge",
        "Python 3.11.4 (64-bit)",
        "pip",
    ] {
        assert!(products.contains(&name), "{name} not in {products:?}");
    }
    assert!(
        has_warning(&import, "`Microsoft Windows 11 Pro` 22H2"),
        "{:?}",
        report.warnings
    );
}

/// 6 packages; `examplemaven` is the one the document describes: 5 items.
#[test]
fn spdx_examplemaven() {
    let import = read_real("spdx-2.3-examplemaven.spdx.json");
    assert_eq!(import.report.format, "spdx");
    assert_eq!(import.items.len(), 5);
    let junit = import
        .items
        .iter()
        .find(|r| r.item.product.as_deref() == Some("JUnit"))
        .expect("JUnit");
    assert_eq!(junit.item.publisher.as_deref(), Some("JUnit"));
    assert_eq!(junit.item.version.as_deref(), Some("3.8.1"));
    assert!(
        has_warning(&import, "left out `examplemaven` 0.0.1"),
        "{:?}",
        import.report.warnings
    );
}

/// 4 packages; `hello-server-src` is the one the document describes: 3
/// items, each with its package URL.
#[test]
fn spdx_hello_server() {
    let import = read_real("spdx-2.3-hello-server.spdx.json");
    assert_eq!(import.report.format, "spdx");
    let purls: Vec<&str> = import
        .items
        .iter()
        .filter_map(|r| r.item.purl.as_deref())
        .collect();
    assert_eq!(
        purls,
        vec![
            "pkg:cargo/hyper@0.14",
            "pkg:cargo/tokio@1.19.2",
            "pkg:cargo/pretty_env_logger@0.4.0"
        ]
    );
}
