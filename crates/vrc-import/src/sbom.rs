//! What CycloneDX and SPDX share: their fields are fixed by the format, not
//! mapped from headers, so each entry arrives with its values already chosen
//! and goes through the same `Collector` as every other row.

use std::borrow::Cow;

use vrc_engine::{Field, ImportReport, SkippedRow};

use crate::Row;
use crate::rows::Collector;

/// One package or component, its fields already read.
#[derive(Debug, Default)]
pub(crate) struct Entry {
    pub(crate) line: u64,
    pub(crate) product: String,
    /// The publisher and the source key it came from, one of
    /// [`Labels::publisher`].
    pub(crate) publisher: Option<(String, &'static str)>,
    pub(crate) version: Option<String>,
    pub(crate) cpe: Option<String>,
    pub(crate) purl: Option<String>,
}

/// The source keys the report names for each field.
#[derive(Debug)]
pub(crate) struct Labels {
    pub(crate) product: &'static str,
    /// The keys the publisher is taken from, first choice first.
    pub(crate) publisher: &'static [&'static str],
    pub(crate) version: &'static str,
    pub(crate) cpe: &'static str,
    pub(crate) purl: &'static str,
}

/// The entries as rows, with `skipped` (entries left out before this, such
/// as those without a name) merged in by line. Fills the report's columns
/// with the keys that fed at least one row.
pub(crate) fn collect(
    entries: &[Entry],
    mut skipped: Vec<SkippedRow>,
    labels: &Labels,
    report: &mut ImportReport,
) -> Vec<Row> {
    let publisher_label = labels
        .publisher
        .iter()
        .filter(|key| {
            entries
                .iter()
                .any(|e| e.publisher.as_ref().is_some_and(|(_, from)| from == *key))
        })
        .copied()
        .collect::<Vec<_>>()
        .join(", else ");
    let headers: Vec<String> = [
        labels.product,
        publisher_label.as_str(),
        labels.version,
        labels.cpe,
        labels.purl,
    ]
    .map(str::to_owned)
    .to_vec();
    let fields = [
        (Field::Publisher, 1),
        (Field::Product, 0),
        (Field::Version, 2),
        (Field::Cpe, 3),
        (Field::Purl, 4),
    ];
    let mut collector = Collector::new(&headers, &fields);
    for entry in entries {
        collector.push(entry.line, |index| {
            let value = match index {
                0 => Some(&entry.product),
                1 => entry.publisher.as_ref().map(|(p, _)| p),
                2 => entry.version.as_ref(),
                3 => entry.cpe.as_ref(),
                4 => entry.purl.as_ref(),
                _ => None,
            };
            value.map(|v| Cow::Borrowed(v.as_str()))
        });
    }

    for (field, index) in fields {
        let used = collector.items.iter().any(|row| {
            let item = &row.item;
            match field {
                Field::Publisher => item.publisher.is_some(),
                Field::Product => item.product.is_some(),
                Field::Version => item.version.is_some(),
                Field::Cpe => item.cpe.is_some(),
                Field::Purl => item.purl.is_some(),
                _ => false,
            }
        });
        if let Some(header) = headers.get(index).filter(|_| used) {
            report.columns.insert(field, header.clone());
        }
    }
    report.warnings.extend(collector.warnings());
    skipped.append(&mut collector.skipped);
    crate::rows::sort_skipped(&mut skipped);
    report.skipped = skipped;
    report.rows_read = collector.items.len() as u64;
    collector.items
}

/// Why a value that should be text cannot be read: "`name` is a number, not text".
pub(crate) fn not_text(key: &str, value: &serde_json::Value) -> String {
    format!("`{key}` is {}, not text", crate::json::kind(value))
}
