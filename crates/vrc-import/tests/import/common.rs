//! Helpers shared by the topic modules.

use std::path::PathBuf;

use vrc_import::{Import, ImportError, Importer};

pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Read a fixture with no user mapping.
pub fn read(name: &str) -> Import {
    Importer::new()
        .read(name, &fixture(name))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Read text with no user mapping.
pub fn read_text(text: &str) -> Result<Import, ImportError> {
    Importer::new().read("test.csv", text.as_bytes())
}

/// Each item as (line, publisher, product, version).
pub fn rows(import: &Import) -> Vec<(u64, Option<&str>, Option<&str>, Option<&str>)> {
    import
        .items
        .iter()
        .map(|r| {
            (
                r.line,
                r.item.publisher.as_deref(),
                r.item.product.as_deref(),
                r.item.version.as_deref(),
            )
        })
        .collect()
}

/// The skipped rows as (line, reason).
pub fn skipped(import: &Import) -> Vec<(u64, &str)> {
    import
        .report
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect()
}
