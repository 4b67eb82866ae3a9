//! SPDX 2.x JSON: each of `packages[]` is an item.
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

use crate::positions::{array_elements, thousands};
use crate::sbom::{self, Entry, Labels};
use crate::{ImportError, Row};

const LABELS: Labels = Labels {
    product: "name",
    publisher: &["supplier", "originator"],
    version: "versionInfo",
    cpe: "externalRefs cpe23Type",
    purl: "externalRefs purl",
};

/// SPDX's tag-value format, which is not read: the first line that is not
/// blank or a comment says `SPDXVersion:`.
pub(crate) fn looks_like_tag_value(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("SPDXVersion:"))
}

pub(crate) fn read(
    text: &str,
    object: &Map<String, Value>,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Vec<Row>, ImportError> {
    report.format = "spdx".to_owned();
    if !user.is_empty() {
        report.warnings.push(
            "the column mapping was not used: an SPDX document's fields are fixed by the format"
                .to_owned(),
        );
    }
    let packages: &[Value] = match object.get("packages") {
        Some(Value::Array(list)) => list,
        None | Some(Value::Null) => &[],
        Some(other) => {
            report.warnings.push(format!(
                "`packages` is {}, not a list of packages",
                crate::json::kind(other)
            ));
            &[]
        }
    };
    if packages.is_empty() {
        report
            .warnings
            .push("the document lists no packages: there are no rows".to_owned());
    }
    let lines = array_elements(text, &["packages"]);
    let described = described(object);
    let ids: Vec<Option<&str>> = packages
        .iter()
        .map(|p| p.get("SPDXID").and_then(Value::as_str))
        .collect();
    let leave_out_described = ids
        .iter()
        .any(|id| id.is_none_or(|id| !described.contains(id)));

    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    let mut subjects = Vec::new();
    let mut odd: Option<(u64, String)> = None;
    let mut odd_total = 0usize;
    for (i, package) in packages.iter().enumerate() {
        let line = lines.get(&format!("packages/{i}")).copied().unwrap_or(1);
        let place = format!(" (packages[{i}])");
        let Value::Object(package) = package else {
            skipped.push(SkippedRow {
                line,
                reason: format!("not a package but {}{place}", crate::json::kind(package)),
            });
            continue;
        };
        let mut note = |what: String| {
            odd_total += 1;
            odd.get_or_insert((line, what));
        };
        let name = match package.get("name") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim(),
            None | Some(Value::Null | Value::String(_)) => {
                skipped.push(SkippedRow {
                    line,
                    reason: format!("package without a name{place}"),
                });
                continue;
            }
            Some(other) => {
                skipped.push(SkippedRow {
                    line,
                    reason: format!("{}{place}", sbom::not_text("name", other)),
                });
                continue;
            }
        };
        let mut field = |key: &str| match package.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(other) => {
                note(sbom::not_text(key, other));
                None
            }
        };
        let version = field("versionInfo").filter(|v| !is_no_assertion(v));
        let supplier = field("supplier").and_then(|s| party(&s));
        let originator = field("originator").and_then(|s| party(&s));
        if leave_out_described
            && package
                .get("SPDXID")
                .and_then(Value::as_str)
                .is_some_and(|id| described.contains(id))
        {
            subjects.push(match &version {
                Some(v) => format!("`{name}` {v}"),
                None => format!("`{name}`"),
            });
            continue;
        }
        let refs = package.get("externalRefs").and_then(Value::as_array);
        let reference = |kind: &str| {
            refs.into_iter().flatten().find_map(|r| {
                let t = r.get("referenceType").and_then(Value::as_str)?;
                if t.eq_ignore_ascii_case(kind) {
                    r.get("referenceLocator")
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                } else {
                    None
                }
            })
        };
        entries.push(Entry {
            line,
            product: name.to_owned(),
            publisher: supplier
                .map(|s| (s, "supplier"))
                .or(originator.map(|o| (o, "originator"))),
            version,
            cpe: reference("cpe23Type").or_else(|| reference("cpe22Type")),
            purl: reference("purl"),
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
    if let Some((line, what)) = odd {
        let more = if odd_total > 1 {
            format!(" ({} values like this in all)", thousands(odd_total))
        } else {
            String::new()
        };
        report.warnings.push(format!(
            "line {line}: {what}; it was left out{more}, and the rest of the package read"
        ));
    }
    Ok(sbom::collect(&entries, skipped, &LABELS, report))
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

fn is_no_assertion(value: &str) -> bool {
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
    let v = match v.rsplit_once('(') {
        Some((before, email)) if email.contains('@') && email.trim_end().ends_with(')') => {
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

    #[test]
    fn tag_value_is_recognised() {
        assert!(looks_like_tag_value(
            "# made by hand\nSPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"
        ));
        assert!(!looks_like_tag_value("Name,Version\nSPDXVersion: x\n"));
    }
}
