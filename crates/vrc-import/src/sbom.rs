//! What CycloneDX and SPDX share: their fields are fixed by the format, not
//! mapped from headers, so each entry arrives with its values already chosen
//! and goes through the same `Collector` as every other row.

use std::borrow::Cow;

use vrc_engine::{Field, ImportReport, SkippedRow};

use crate::ImportError;
use crate::rows::{Collector, Each, Rows};

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

/// The entries of a BOM or an SBOM, read and checked, to be handed on as
/// rows: what the CycloneDX and SPDX readers open a file to.
#[derive(Debug)]
pub(crate) struct Entries {
    entries: Vec<Entry>,
    /// Entries left out before this, such as those without a name.
    skipped: Vec<SkippedRow>,
    labels: &'static Labels,
}

impl Entries {
    pub(crate) fn new(
        entries: Vec<Entry>,
        skipped: Vec<SkippedRow>,
        labels: &'static Labels,
    ) -> Entries {
        Entries {
            entries,
            skipped,
            labels,
        }
    }
}

impl Rows for Entries {
    /// Hands on the entries as rows, with the entries skipped before merged
    /// in by line, and fills the report's columns with the keys that fed at
    /// least one row.
    fn for_each(
        self: Box<Self>,
        _file: &str,
        report: &mut ImportReport,
        each: Each<'_>,
    ) -> Result<(), ImportError> {
        let Entries {
            entries,
            mut skipped,
            labels,
        } = *self;
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
        // Which of `fields` fed a row.
        let mut used = [false; 5];
        let mut rows_read = 0u64;
        for entry in &entries {
            let row = collector.row(entry.line, |index| {
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
            let Some(row) = row else { continue };
            let item = &row.item;
            let has = [
                item.publisher.is_some(),
                item.product.is_some(),
                item.version.is_some(),
                item.cpe.is_some(),
                item.purl.is_some(),
            ];
            for (used, has) in used.iter_mut().zip(has) {
                *used |= has;
            }
            rows_read += 1;
            if each(row).is_break() {
                break;
            }
        }

        for ((field, index), used) in fields.into_iter().zip(used) {
            if let Some(header) = headers.get(index).filter(|_| used) {
                report.columns.insert(field, header.clone());
            }
        }
        report.warnings.extend(collector.warnings());
        skipped.append(&mut collector.skipped);
        crate::rows::sort_skipped(&mut skipped);
        report.skipped = skipped;
        report.rows_read = rows_read;
        Ok(())
    }
}

/// Why a value that should be text cannot be read: "`name` is a number, not text".
pub(crate) fn not_text(key: &str, value: &serde_json::Value) -> String {
    format!("`{key}` is {}, not text", crate::json::kind(value))
}
