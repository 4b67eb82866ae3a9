//! XML: CycloneDX BOMs (root `bom` in the `http://cyclonedx.org/schema/bom/`
//! namespace), streamed with quick-xml's event reader, into the same
//! components as the JSON reader in `cyclonedx`. Any other XML is refused
//! with a message that names its root element.
//!
//! Components are the `component` elements of the root's `components` and,
//! at any depth, of a component's own `components`; not those under
//! `metadata` (the subject, or the tools that made the BOM). Elements with a
//! prefix other than the root's are extensions, and are not read.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use vrc_engine::sort::sort_with;
use vrc_engine::{Field, ImportReport};

use crate::ImportError;
use crate::cyclonedx::{self, Bom, Component};
use crate::positions::Lines;
use crate::sbom::Entries;

const NAMESPACE: &str = "http://cyclonedx.org/schema/bom/";

/// An open element.
#[derive(Debug)]
struct Open {
    local: String,
    /// In the BOM's namespace (the root's prefix).
    ours: bool,
}

/// A component being read: where its element is in the open elements, and
/// its place in document order (it is done only after the components nested
/// in it).
#[derive(Debug)]
struct Reading {
    depth: usize,
    order: usize,
    component: Component,
    subject: bool,
}

pub(crate) fn read(
    text: &str,
    file: &str,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Entries, ImportError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut lines = Lines::new(text);
    let mut bom = Bom::default();
    let mut open: Vec<Open> = Vec::new();
    let mut reading: Vec<Reading> = Vec::new();
    let mut root_prefix: Option<Option<String>> = None;
    let mut content = String::new();
    let mut property: Option<String> = None;
    let mut done_components: Vec<(usize, Component)> = Vec::new();
    let mut order = 0usize;

    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                let (line, column) = lines.line_column(at);
                return Err(unsupported(
                    file,
                    format!("it is not well-formed XML: {err}, at line {line}, column {column}"),
                ));
            }
        };
        match event {
            Event::Start(start) => {
                let (local, prefix) = names(&start);
                let Some(root) = &root_prefix else {
                    check_root(file, &start, &local, prefix.as_deref())?;
                    report.format = "cyclonedx".to_owned();
                    root_prefix = Some(prefix);
                    open.push(Open { local, ours: true });
                    continue;
                };
                let ours = *root == prefix;
                content.clear();
                if ours && local == "component" && lists_components(&open, &reading) {
                    reading.push(Reading {
                        depth: open.len(),
                        order,
                        component: new_component(&start, lines.line(before)),
                        subject: false,
                    });
                    order += 1;
                } else if ours && local == "component" && is_subject(&open) {
                    reading.push(Reading {
                        depth: open.len(),
                        order,
                        component: new_component(&start, lines.line(before)),
                        subject: true,
                    });
                } else if ours && local == "service" && open.len() == 2 {
                    if open.get(1).is_some_and(|o| o.ours && o.local == "services") {
                        bom.services += 1;
                    }
                } else if ours && local == "property" {
                    property = attribute(&start, "name");
                }
                open.push(Open { local, ours });
            }
            Event::End(_) => {
                let Some(closed) = open.pop() else { continue };
                if let Some(current) = reading.last_mut() {
                    if closed.ours && closed.local == "component" && current.depth == open.len() {
                        if let Some(done) = reading.pop() {
                            if done.subject {
                                bom.subject = Some(done.component);
                            } else {
                                done_components.push((done.order, done.component));
                            }
                        }
                    } else {
                        let path: Vec<&str> = open
                            .get(current.depth + 1..)
                            .unwrap_or_default()
                            .iter()
                            .filter(|o| o.ours)
                            .map(|o| o.local.as_str())
                            .chain(closed.ours.then_some(closed.local.as_str()))
                            .collect();
                        assign(&mut current.component, &path, &content, property.as_deref());
                    }
                }
                content.clear();
            }
            Event::Text(t) => content.push_str(&t.xml10_content()),
            Event::CData(c) => content.push_str(&c.into_inner()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    content.push(c);
                } else if let Some(s) = resolve_predefined_entity(&r) {
                    content.push_str(s);
                } else {
                    content.push('&');
                    content.push_str(&r);
                    content.push(';');
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }

    if let Some(last) = open.last() {
        let line = lines.line(text.len());
        return Err(unsupported(
            file,
            format!(
                "it ends at line {line} before the closing `</{}>`: the file looks cut short",
                last.local
            ),
        ));
    }
    if root_prefix.is_none() {
        return Err(unsupported(
            file,
            "it looks like XML but has no elements".to_owned(),
        ));
    }
    sort_with(&mut done_components, |a, b| a.0.cmp(&b.0));
    bom.components = done_components.into_iter().map(|(_, c)| c).collect();
    Ok(cyclonedx::finish(bom, user, report))
}

fn unsupported(file: &str, reason: String) -> ImportError {
    ImportError::Unsupported {
        file: file.to_owned(),
        reason,
    }
}

/// The element's local name and prefix.
fn names(start: &BytesStart) -> (String, Option<String>) {
    let name = start.name();
    let (local, prefix) = name.decompose();
    (
        local.into_inner().to_owned(),
        prefix.map(|p| p.into_inner().to_owned()),
    )
}

fn attribute(start: &BytesStart, key: &str) -> Option<String> {
    let attr = start.try_get_attribute(key).ok()??;
    attr.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// The root must be CycloneDX's `bom`.
fn check_root(
    file: &str,
    start: &BytesStart,
    local: &str,
    prefix: Option<&str>,
) -> Result<(), ImportError> {
    let xmlns = match prefix {
        Some(p) => format!("xmlns:{p}"),
        None => "xmlns".to_owned(),
    };
    let namespace = attribute(start, &xmlns).unwrap_or_default();
    if local == "bom" && namespace.starts_with(NAMESPACE) {
        return Ok(());
    }
    let qualified = match prefix {
        Some(p) => format!("{p}:{local}"),
        None => local.to_owned(),
    };
    let reason = if local.eq_ignore_ascii_case("html") {
        "it is a web page (HTML), not an inventory; export the inventory as CSV, JSON or an SBOM"
            .to_owned()
    } else if local == "bom" {
        format!(
            "it is XML with a root `<{qualified}>` that is not in CycloneDX's namespace \
             (`{NAMESPACE}1.6` or an earlier version), so it is not a CycloneDX BOM"
        )
    } else if local == "RDF" && attribute(start, "xmlns:spdx").is_some() {
        "this is SPDX in RDF/XML: export it as SPDX JSON or tag-value".to_owned()
    } else if local == "RDF" {
        "it is RDF/XML, which cannot be read; if it is SPDX, export it as SPDX JSON or tag-value"
            .to_owned()
    } else {
        format!(
            "it is XML whose root element is `<{qualified}>`; the only XML that can be read is a \
             CycloneDX BOM (`<bom xmlns=\"{NAMESPACE}1.6\">`). Export the inventory as CSV or JSON"
        )
    };
    Err(unsupported(file, reason))
}

/// Whether a `component` opening now is an item: it is in a `components`
/// list that is the root's or a component's being read.
fn lists_components(open: &[Open], reading: &[Reading]) -> bool {
    let Some(list) = open.last() else {
        return false;
    };
    if !(list.ours && list.local == "components") {
        return false;
    }
    let owner = open.len() - 1;
    owner == 1
        || reading
            .last()
            .is_some_and(|r| r.depth + 1 == owner && !r.subject)
}

/// Whether a `component` opening now is the BOM's subject: `bom/metadata/component`.
fn is_subject(open: &[Open]) -> bool {
    open.len() == 2 && open.get(1).is_some_and(|o| o.ours && o.local == "metadata")
}

fn new_component(start: &BytesStart, line: u64) -> Component {
    Component {
        line,
        kind: attribute(start, "type"),
        ..Component::default()
    }
}

/// Store the text of an element that closed, by its path below the component.
fn assign(c: &mut Component, path: &[&str], content: &str, property: Option<&str>) {
    let value = content.trim();
    if value.is_empty() {
        return;
    }
    let value = value.to_owned();
    let slot = match path {
        ["name"] => &mut c.name,
        ["group"] => &mut c.group,
        ["version"] => &mut c.version,
        ["cpe"] => &mut c.cpe,
        ["purl"] => &mut c.purl,
        ["publisher"] => &mut c.publisher,
        ["author"] => &mut c.author,
        ["supplier", "name"] => &mut c.supplier,
        ["manufacturer", "name"] => &mut c.manufacturer,
        ["authors", "author", "name"] => &mut c.first_author,
        ["properties", "property"] if property == Some("cdx:osquery:category") => &mut c.category,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}
