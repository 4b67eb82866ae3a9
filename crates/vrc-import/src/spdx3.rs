//! SPDX 3 JSON-LD: an `@graph` of elements, of which each `software_Package`
//! is an item.
//!
//! product = `name`; version = `software_packageVersion`; publisher = the
//! name of the agent `suppliedBy` refers to (by its `spdxId`), else of the
//! first of `originatedBy`; cpe = the `externalIdentifier` of type `cpe23`
//! (else `cpe22`); purl = `software_packageUrl`, else the `externalIdentifier`
//! of type `packageUrl`. The `rootElement`s of the `SpdxDocument` and of any
//! `software_Sbom`, and what a `describes` relationship from the document
//! points to, are the subject and left out, as in SPDX 2 (`spdx`, which
//! turns the packages into rows).

use std::collections::HashSet;

use serde_json::{Map, Value};
use vrc_engine::{Field, ImportReport};

use crate::ImportError;
use crate::positions::array_elements;
use crate::sbom::{self, Entries, Labels};
use crate::spdx::{self, Package, Packages};

const LABELS: Labels = Labels {
    product: "name",
    publisher: &["suppliedBy", "originatedBy"],
    version: "software_packageVersion",
    cpe: "externalIdentifier cpe23",
    purl: "software_packageUrl",
};

/// Whether a JSON object is SPDX 3 JSON-LD: an `@context` that names SPDX's.
pub(crate) fn is_spdx3(object: &Map<String, Value>) -> bool {
    let spdx = |v: &Value| v.as_str().is_some_and(|c| c.contains("spdx.org/rdf/3"));
    match object.get("@context") {
        Some(Value::Array(list)) => list.iter().any(spdx),
        Some(context) => spdx(context),
        None => false,
    }
}

/// An element's type without its prefix: `software_Package`, or the end of a
/// full IRI such as `…/Software/Package`.
fn kind(element: &Map<String, Value>) -> &str {
    element
        .get("type")
        .or_else(|| element.get("@type"))
        .and_then(Value::as_str)
        .map_or("", |t| t.rsplit(['/', '_', '#']).next().unwrap_or(t))
}

/// An element's id: `spdxId`, or `@id` (blank nodes and older drafts).
fn id(element: &Map<String, Value>) -> Option<&str> {
    element
        .get("spdxId")
        .or_else(|| element.get("@id"))
        .and_then(Value::as_str)
}

/// One reference or a list of them, as strings or inline elements.
fn references(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

pub(crate) fn read(
    text: &str,
    object: &Map<String, Value>,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Entries, ImportError> {
    spdx::start(user, report);
    let graph = crate::json::list_at(object, "@graph", "elements", &mut report.warnings);
    let elements: Vec<&Map<String, Value>> = graph.iter().filter_map(Value::as_object).collect();
    // Agents by id, for `suppliedBy` and `originatedBy`. A document has few,
    // so a list does (a map type of its own would cost the page's wasm more).
    let agents: Vec<(&str, &str)> = elements
        .iter()
        .filter(|e| {
            matches!(
                kind(e),
                "Agent" | "Organization" | "Person" | "SoftwareAgent" | "Tool"
            )
        })
        .filter_map(|e| Some((id(e)?, e.get("name")?.as_str()?)))
        .collect();
    let agent = |reference: &Value| match reference {
        Value::String(to) => agents
            .iter()
            .find(|(id, _)| id == to)
            .map(|(_, n)| (*n).to_owned()),
        Value::Object(inline) => inline
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    };
    let mut described = HashSet::new();
    let mut documents: Vec<&str> = Vec::new();
    for e in &elements {
        if matches!(kind(e), "SpdxDocument" | "Sbom" | "Bom") {
            documents.extend(id(e));
            let roots = references(e.get("rootElement"));
            described.extend(
                roots
                    .into_iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned),
            );
        }
    }
    for e in &elements {
        let from = e.get("from").and_then(Value::as_str);
        if kind(e) == "Relationship"
            && e.get("relationshipType").and_then(Value::as_str) == Some("describes")
            && from.is_some_and(|f| documents.contains(&f))
        {
            let to = references(e.get("to"));
            described.extend(to.into_iter().filter_map(Value::as_str).map(str::to_owned));
        }
    }

    let lines = array_elements(text, &["@graph"]);
    let mut read = Packages::default();
    for (i, element) in graph.iter().enumerate() {
        let Value::Object(element) = element else {
            continue;
        };
        if kind(element) != "Package" {
            continue;
        }
        let line = lines.get(&format!("@graph/{i}")).copied().unwrap_or(1);
        let place = format!(" (@graph[{i}])");
        let name = match element.get("name") {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(other) => {
                read.skip(line, format!("{}{place}", sbom::not_text("name", other)));
                continue;
            }
        };
        let version = spdx::text_field(element, "software_packageVersion", line, &mut read.odd);
        let purl = spdx::text_field(element, "software_packageUrl", line, &mut read.odd);
        let identifiers = references(element.get("externalIdentifier"));
        let identifier = |kind: &str| {
            identifiers.iter().find_map(|x| {
                (x.get("externalIdentifierType")?.as_str()? == kind)
                    .then(|| x.get("identifier")?.as_str().map(str::to_owned))
                    .flatten()
            })
        };
        read.packages.push(Package {
            line,
            place,
            id: id(element).map(str::to_owned),
            name,
            version,
            supplier: references(element.get("suppliedBy"))
                .into_iter()
                .find_map(agent),
            originator: references(element.get("originatedBy"))
                .into_iter()
                .find_map(agent),
            cpe: identifier("cpe23").or_else(|| identifier("cpe22")),
            purl: purl.or_else(|| identifier("packageUrl")),
        });
    }
    Ok(read.finish(&described, &LABELS, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_with_and_without_prefixes() {
        for (element, want) in [
            (r#"{"type": "software_Package"}"#, "Package"),
            (r#"{"@type": "software_Package"}"#, "Package"),
            (
                r#"{"type": "https://spdx.org/rdf/3.0.1/terms/Software/Package"}"#,
                "Package",
            ),
            (r#"{"type": "SpdxDocument"}"#, "SpdxDocument"),
            (r#"{"type": 3}"#, ""),
        ] {
            let value: Value = serde_json::from_str(element).unwrap();
            assert_eq!(kind(value.as_object().unwrap()), want, "{element}");
        }
    }
}
