//! SPDX 2.x JSON: each of `packages[]` is an item; and what the three SPDX
//! readers (this, `spdx_tag` and `spdx3`) share: a [`Package`] as written
//! becomes a row the same way whatever the serialisation.
//!
//! product = `name`; version = `versionInfo`; publisher = `supplier`
//! (`Organization: X` and `Person: X` are read as X, without a trailing
//! `(email)`; `NOASSERTION` and `NONE` as nothing), else `originator`; cpe =
//! the `externalRefs` of type `cpe23Type` (else `cpe22Type`); purl = the
//! `externalRefs` of type `purl`.
//!
//! The packages the document describes (`documentDescribes`, or a
//! `DESCRIBES` relationship from `SPDXRef-DOCUMENT`) are the SBOM's subject,
//! as CycloneDX's `metadata.component` is, and are left out with a warning
//! that names them; except when the document describes every package it
//! has, as inventories of installed packages sometimes do, when all are kept.

use std::collections::HashSet;

use serde_json::{Map, Value};
use vrc_engine::{Field, ImportReport, SkippedRow};

use crate::ImportError;
use crate::positions::{array_elements, thousands};
use crate::sbom::{self, Entries, Entry, Labels};

const LABELS: Labels = Labels {
    product: "name",
    publisher: &["supplier", "originator"],
    version: "versionInfo",
    cpe: "externalRefs cpe23Type",
    purl: "externalRefs purl",
};

pub(crate) fn read(
    text: &str,
    object: &Map<String, Value>,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Entries, ImportError> {
    start(user, report);
    let packages = crate::json::list_at(object, "packages", "packages", &mut report.warnings);
    let lines = array_elements(text, &["packages"]);
    let mut read = Packages::default();
    for (i, package) in packages.iter().enumerate() {
        let line = lines.get(&format!("packages/{i}")).copied().unwrap_or(1);
        let place = format!(" (packages[{i}])");
        let Value::Object(package) = package else {
            read.skip(
                line,
                format!("not a package but {}{place}", crate::json::kind(package)),
            );
            continue;
        };
        let mut field = |key: &str| text_field(package, key, line, &mut read.odd);
        let name = match package.get("name") {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(other) => {
                read.skip(line, format!("{}{place}", sbom::not_text("name", other)));
                continue;
            }
        };
        let version = field("versionInfo");
        let supplier = field("supplier");
        let originator = field("originator");
        let refs = package.get("externalRefs").and_then(Value::as_array);
        let reference = |kind: &str| {
            refs.into_iter().flatten().find_map(|r| {
                let t = r.get("referenceType").and_then(Value::as_str)?;
                t.eq_ignore_ascii_case(kind)
                    .then(|| r.get("referenceLocator").and_then(Value::as_str))
                    .flatten()
                    .map(str::to_owned)
            })
        };
        read.packages.push(Package {
            line,
            place,
            id: package
                .get("SPDXID")
                .and_then(Value::as_str)
                .map(str::to_owned),
            name,
            version,
            supplier,
            originator,
            cpe: reference("cpe23Type").or_else(|| reference("cpe22Type")),
            purl: reference("purl"),
        });
    }
    Ok(read.finish(&described(object), &LABELS, report))
}

/// The start of every SPDX reader: the format, and that a column mapping
/// does not apply.
pub(crate) fn start(user: &[(Field, String)], report: &mut ImportReport) {
    report.format = "spdx".to_owned();
    if !user.is_empty() {
        report.warnings.push(
            "the column mapping was not used: an SPDX document's fields are fixed by the format"
                .to_owned(),
        );
    }
}

/// A string value of a JSON package or element; any other kind is noted
/// (the first one, and a count) and read as nothing.
pub(crate) fn text_field(
    object: &Map<String, Value>,
    key: &str,
    line: u64,
    odd: &mut Odd,
) -> Option<String> {
    match object.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        None | Some(Value::Null) => None,
        Some(other) => {
            odd.note(line, sbom::not_text(key, other));
            None
        }
    }
}

/// Values of the wrong kind: the first, with its line, and how many.
#[derive(Debug, Default)]
pub(crate) struct Odd {
    first: Option<(u64, String)>,
    total: usize,
}

impl Odd {
    pub(crate) fn note(&mut self, line: u64, what: String) {
        self.total += 1;
        self.first.get_or_insert((line, what));
    }
}

/// One package as any SPDX serialisation gives it, its values as written
/// (`NOASSERTION`, `Organization: X (email)`): SPDX 2 JSON, tag-value and
/// SPDX 3 turn it into a row the same way.
#[derive(Debug, Default)]
pub(crate) struct Package {
    pub(crate) line: u64,
    /// Where it is, for the reasons of skipped packages: ` (packages[4])`, or empty.
    pub(crate) place: String,
    pub(crate) id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) supplier: Option<String>,
    pub(crate) originator: Option<String>,
    pub(crate) cpe: Option<String>,
    pub(crate) purl: Option<String>,
}

/// The packages of one document, with those skipped before they were packages.
#[derive(Debug, Default)]
pub(crate) struct Packages {
    pub(crate) packages: Vec<Package>,
    pub(crate) skipped: Vec<SkippedRow>,
    pub(crate) odd: Odd,
}

impl Packages {
    pub(crate) fn skip(&mut self, line: u64, reason: String) {
        self.skipped.push(SkippedRow { line, reason });
    }

    /// The rows. The packages the document describes are left out with a
    /// warning that names them, unless it describes every package it has.
    /// `labels.publisher` names the supplier's key, then the originator's.
    pub(crate) fn finish(
        self,
        described: &HashSet<String>,
        labels: &'static Labels,
        report: &mut ImportReport,
    ) -> Entries {
        let Packages {
            packages,
            mut skipped,
            odd,
        } = self;
        if packages.is_empty() && skipped.is_empty() {
            report
                .warnings
                .push("the document lists no packages: there are no rows".to_owned());
        }
        let leave_out_described = packages
            .iter()
            .any(|p| p.id.as_ref().is_none_or(|id| !described.contains(id)));
        let [supplied, originated] = match labels.publisher {
            [s, o, ..] => [*s, *o],
            _ => ["supplier", "originator"],
        };
        let mut entries = Vec::new();
        let mut subjects = Vec::new();
        for p in packages {
            let Some(name) = p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
                skipped.push(SkippedRow {
                    line: p.line,
                    reason: format!("package without a name{}", p.place),
                });
                continue;
            };
            let version = p.version.filter(|v| !is_no_assertion(v));
            if leave_out_described && p.id.as_ref().is_some_and(|id| described.contains(id)) {
                subjects.push(match &version {
                    Some(v) => format!("`{name}` {v}"),
                    None => format!("`{name}`"),
                });
                continue;
            }
            let present =
                |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
            entries.push(Entry {
                line: p.line,
                product: name.to_owned(),
                publisher: p
                    .supplier
                    .and_then(|s| party(&s))
                    .map(|s| (s, supplied))
                    .or_else(|| {
                        p.originator
                            .and_then(|o| party(&o))
                            .map(|o| (o, originated))
                    }),
                version,
                cpe: present(p.cpe),
                purl: present(p.purl),
            });
        }
        if !subjects.is_empty() {
            report.warnings.push(format!(
                "left out {}, which the document describes: {} the SBOM's subject, not a part of it",
                subjects.join(", "),
                if subjects.len() == 1 {
                    "it is"
                } else {
                    "they are"
                }
            ));
        }
        if let Some((line, what)) = odd.first {
            let more = if odd.total > 1 {
                format!(" ({} values like this in all)", thousands(odd.total))
            } else {
                String::new()
            };
            report.warnings.push(format!(
                "line {line}: {what}; it was left out{more}, and the rest of the package read"
            ));
        }
        Entries::new(entries, skipped, labels)
    }
}

/// The SPDX ids the document describes.
fn described(object: &Map<String, Value>) -> HashSet<String> {
    let mut ids: HashSet<String> = object
        .get("documentDescribes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let document = object
        .get("SPDXID")
        .and_then(Value::as_str)
        .unwrap_or("SPDXRef-DOCUMENT");
    for r in object
        .get("relationships")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let get = |k: &str| r.get(k).and_then(Value::as_str);
        match (
            get("spdxElementId"),
            get("relationshipType"),
            get("relatedSpdxElement"),
        ) {
            (Some(from), Some("DESCRIBES"), Some(to)) if from == document => {
                ids.insert(to.to_owned());
            }
            (Some(from), Some("DESCRIBED_BY"), Some(to)) if to == document => {
                ids.insert(from.to_owned());
            }
            _ => {}
        }
    }
    ids
}

pub(crate) fn is_no_assertion(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.eq_ignore_ascii_case("NOASSERTION") || v.eq_ignore_ascii_case("NONE")
}

/// `Organization: Acme Ltd (legal@acme.example)` as `Acme Ltd`.
fn party(value: &str) -> Option<String> {
    if is_no_assertion(value) {
        return None;
    }
    let v = value.trim();
    let v = ["Organization:", "Person:", "Tool:"]
        .iter()
        .find_map(|p| v.strip_prefix(p))
        .unwrap_or(v)
        .trim();
    // A trailing contact: `(jane@example.com)`, or `<jane@example.com>` as syft writes.
    let v = match v.rsplit_once(['(', '<']) {
        Some((before, email)) if email.contains('@') && email.trim_end().ends_with([')', '>']) => {
            before.trim()
        }
        _ => v,
    };
    (!is_no_assertion(v)).then(|| v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties() {
        let cases = [
            ("Organization: JUnit", Some("JUnit")),
            ("Person: Jane Doe (jane@example.com)", Some("Jane Doe")),
            (
                "Person: Natanael Copa <ncopa@alpinelinux.org>",
                Some("Natanael Copa"),
            ),
            ("Organization: Acme (UK) Ltd", Some("Acme (UK) Ltd")),
            ("NOASSERTION", None),
            ("Organization: NOASSERTION", None),
            ("  ", None),
            ("Acme", Some("Acme")),
        ];
        for (value, want) in cases {
            assert_eq!(party(value).as_deref(), want, "{value}");
        }
    }
}
