//! CycloneDX 1.0–1.6 BOMs: every component, nested `components` included,
//! read from JSON here and from XML in `cyclonedx_xml`; both build the same
//! [`Component`]s and [`finish`] turns them into rows.
//!
//! # What becomes an item
//!
//! - **Every component, at any depth**, in document order (a component, then
//!   the components nested in it).
//! - **Not the BOM's subject** (`metadata.component`): it is what the BOM
//!   describes, not a part of it. A warning names it.
//! - **Not what is not software.** Components of type `data` and
//!   `cryptographic-asset` are left out and counted in a warning; every other
//!   type is kept (`device-driver`, `firmware`, `file`, `device`,
//!   `machine-learning-model` all come from a vendor).
//! - **Operations BOMs made by cdxgen from osquery** mark each component with
//!   a `cdx:osquery:category` property. There the category decides, whatever
//!   the type: installed software (programs, apps, packages, browser and
//!   editor extensions, see [`SOFTWARE_CATEGORIES`]) is kept; everything
//!   else (certificates, services, processes, ports, routes, pipes, patches,
//!   drivers, kernel and system information, and categories not known here)
//!   is left out and counted by category in one warning. Drivers are left
//!   out because osquery's `drivers` table has one row per device, named by
//!   device ID, mostly "(Standard system devices)" from Microsoft; the
//!   vendor's software shows in the programs.
//! - cdxgen writes those components' names with `+` for spaces
//!   (`Docker+Desktop`); they are read with spaces, keeping the `+` of names
//!   such as `Notepad++` (see [`cdxgen_spaces`]).
//!
//! # Fields
//!
//! product = `name` (the group is not prefixed); publisher = `supplier.name`,
//! else `manufacturer.name` (1.6), else `publisher`, else `author`, else the
//! first of `authors[].name` (1.6), else `group`; `version`; `cpe`; `purl`.
//! A component without a name is skipped with its line (and, in JSON, its
//! path); a value of the wrong type is left out with a warning.

use std::collections::{BTreeMap, HashMap};

use vrc_engine::sort::sort_with;

use serde_json::{Map, Value};
use vrc_engine::{Field, ImportReport, SkippedRow};

use crate::ImportError;
use crate::positions::{array_elements, thousands};
use crate::sbom::{self, Entries, Entry, Labels};

/// The `cdx:osquery:category` values that are installed software. Names from
/// cdxgen's `queries.json`, `queries-win.json` and `queries-darwin.json`.
pub(crate) const SOFTWARE_CATEGORIES: &[&str] = &[
    "windows_programs",
    "programs",
    "installed_applications",
    "apps",
    "chrome_extensions",
    "firefox_addons",
    "ie_extensions",
    "opera_extensions",
    "safari_extensions",
    "browser_plugins",
    "vscode_extensions",
    "chocolatey_packages",
    "deb_packages",
    "rpm_packages",
    "portage_packages",
    "homebrew_packages",
    "python_packages",
    "npm_packages",
    "atom_packages",
];

/// Component types that are not software, left out.
const NOT_SOFTWARE: &[&str] = &["data", "cryptographic-asset"];

const CATEGORY_PROPERTY: &str = "cdx:osquery:category";

const LABELS: Labels = Labels {
    product: "name",
    publisher: &[
        "supplier.name",
        "manufacturer.name",
        "publisher",
        "author",
        "authors[].name",
        "group",
    ],
    version: "version",
    cpe: "cpe",
    purl: "purl",
};

/// One component as found, before deciding whether it is an item.
#[derive(Debug, Default)]
pub(crate) struct Component {
    pub(crate) line: u64,
    /// Where it is, for messages: ` (components[3].components[0])`, or empty.
    pub(crate) place: String,
    pub(crate) kind: Option<String>,
    pub(crate) name: Option<String>,
    /// Why the name cannot be read, when it is there but not text.
    pub(crate) bad_name: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) cpe: Option<String>,
    pub(crate) purl: Option<String>,
    pub(crate) supplier: Option<String>,
    pub(crate) manufacturer: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) first_author: Option<String>,
    /// cdxgen's `cdx:osquery:category` property.
    pub(crate) category: Option<String>,
}

/// Values of the wrong type: the first, and how many.
#[derive(Debug, Default)]
pub(crate) struct Odd {
    first: Option<(u64, String)>,
    count: usize,
}

impl Odd {
    pub(crate) fn note(&mut self, line: u64, what: impl FnOnce() -> String) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((line, what()));
        }
    }

    fn warning(&self) -> Option<String> {
        let (line, what) = self.first.as_ref()?;
        let more = match self.count {
            0 | 1 => String::new(),
            n => format!(" ({} values like this in all)", thousands(n)),
        };
        Some(format!(
            "line {line}: {what}; it was left out{more}, and the rest of the component read"
        ))
    }
}

/// A BOM read, before its components become rows.
#[derive(Debug, Default)]
pub(crate) struct Bom {
    pub(crate) components: Vec<Component>,
    pub(crate) skipped: Vec<SkippedRow>,
    pub(crate) subject: Option<Component>,
    pub(crate) services: usize,
    pub(crate) odd: Odd,
}

/// A CycloneDX JSON BOM, already parsed (`object` is its top level).
pub(crate) fn read_json(
    text: &str,
    object: &Map<String, Value>,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Entries, ImportError> {
    report.format = "cyclonedx".to_owned();
    let lines = array_elements(text, &["components"]);
    let mut bom = Bom::default();
    match object.get("components") {
        Some(Value::Array(list)) => walk(list, "components", &lines, &mut bom),
        None | Some(Value::Null) => {}
        Some(other) => bom.odd.note(1, || {
            format!(
                "`components` is {}, not a list of components",
                crate::json::kind(other)
            )
        }),
    }
    if let Some(Value::Object(subject)) = object.get("metadata").and_then(|m| m.get("component")) {
        bom.subject = Some(component(subject, 1, String::new(), &mut Odd::default()));
    }
    if let Some(Value::Array(services)) = object.get("services") {
        bom.services = services.len();
    }
    Ok(finish(bom, user, report))
}

fn walk(list: &[Value], path: &str, lines: &HashMap<String, u64>, bom: &mut Bom) {
    for (i, value) in list.iter().enumerate() {
        let here = format!("{path}/{i}");
        let line = lines.get(&here).copied().unwrap_or(1);
        let place = format!(" ({})", display_path(&here));
        let Value::Object(object) = value else {
            bom.skipped.push(SkippedRow {
                line,
                reason: format!("not a component but {}{place}", crate::json::kind(value)),
            });
            continue;
        };
        bom.components
            .push(component(object, line, place, &mut bom.odd));
        match object.get("components") {
            Some(Value::Array(nested)) => walk(nested, &format!("{here}/components"), lines, bom),
            None | Some(Value::Null) => {}
            Some(other) => bom.odd.note(line, || {
                format!(
                    "the nested `components` of {} is {}, not a list",
                    display_path(&here),
                    crate::json::kind(other)
                )
            }),
        }
    }
}

/// `components/3/components/0` as `components[3].components[0]`.
fn display_path(path: &str) -> String {
    let mut out = String::new();
    for segment in path.split('/') {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    out
}

/// A text field: a string, or a number for the version; anything else is
/// noted and left out.
fn text(
    object: &Map<String, Value>,
    key: &str,
    shown: &str,
    line: u64,
    odd: &mut Odd,
) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        Value::Number(n) if key == "version" => Some(n.to_string()),
        other => {
            odd.note(line, || sbom::not_text(shown, other));
            None
        }
    }
}

fn component(object: &Map<String, Value>, line: u64, place: String, odd: &mut Odd) -> Component {
    let mut field = |key: &str| text(object, key, key, line, odd);
    let mut c = Component {
        line,
        place,
        kind: field("type"),
        group: field("group"),
        version: field("version"),
        cpe: field("cpe"),
        purl: field("purl"),
        publisher: field("publisher"),
        author: field("author"),
        ..Component::default()
    };
    match object.get("name") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => c.name = Some(s.clone()),
        Some(other) => c.bad_name = Some(sbom::not_text("name", other)),
    }
    for (key, slot) in [
        ("supplier", &mut c.supplier),
        ("manufacturer", &mut c.manufacturer),
    ] {
        match object.get(key) {
            Some(Value::Object(entity)) => {
                *slot = text(entity, "name", &format!("{key}.name"), line, odd);
            }
            None | Some(Value::Null) => {}
            Some(other) => odd.note(line, || {
                format!("`{key}` is {}, not an object", crate::json::kind(other))
            }),
        }
    }
    if let Some(Value::Array(authors)) = object.get("authors") {
        c.first_author = authors.iter().find_map(|a| match a.get("name") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        });
    }
    if let Some(Value::Array(properties)) = object.get("properties") {
        c.category = properties.iter().find_map(|p| {
            if p.get("name").and_then(Value::as_str) == Some(CATEGORY_PROPERTY) {
                p.get("value").and_then(Value::as_str).map(str::to_owned)
            } else {
                None
            }
        });
    }
    c
}

/// The components that are items, as rows; the rest counted in warnings.
pub(crate) fn finish(bom: Bom, user: &[(Field, String)], report: &mut ImportReport) -> Entries {
    if !user.is_empty() {
        report.warnings.push(
            "the column mapping was not used: a CycloneDX BOM's fields are fixed by the format"
                .to_owned(),
        );
    }
    let total = bom.components.len();
    let mut skipped = bom.skipped;
    let mut entries = Vec::new();
    let mut kept_by_category: BTreeMap<&str, usize> = BTreeMap::new();
    let mut left_by_category: BTreeMap<&str, usize> = BTreeMap::new();
    let mut left_by_type: BTreeMap<&str, usize> = BTreeMap::new();
    let mut respaced: Option<(String, String)> = None;
    let mut respaced_total = 0usize;
    for c in &bom.components {
        if let Some(category) = c.category.as_deref() {
            if SOFTWARE_CATEGORIES.contains(&category) {
                *kept_by_category.entry(category).or_default() += 1;
            } else {
                *left_by_category.entry(category).or_default() += 1;
                continue;
            }
        } else if let Some(kind) = c.kind.as_deref().filter(|k| NOT_SOFTWARE.contains(k)) {
            *left_by_type.entry(kind).or_default() += 1;
            continue;
        }
        let name = match (&c.name, &c.bad_name) {
            (_, Some(bad)) => {
                skipped.push(SkippedRow {
                    line: c.line,
                    reason: format!("{bad}{}", c.place),
                });
                continue;
            }
            (Some(name), None) if !name.trim().is_empty() => name.trim(),
            _ => {
                skipped.push(SkippedRow {
                    line: c.line,
                    reason: format!("component without a name{}", c.place),
                });
                continue;
            }
        };
        let mut product = name.to_owned();
        if c.category.is_some()
            && let Some(spaced) = cdxgen_spaces(name)
        {
            respaced_total += 1;
            respaced.get_or_insert_with(|| (name.to_owned(), spaced.clone()));
            product = spaced;
        }
        let candidates = [
            &c.supplier,
            &c.manufacturer,
            &c.publisher,
            &c.author,
            &c.first_author,
            &c.group,
        ];
        let publisher = candidates
            .iter()
            .zip(LABELS.publisher)
            .find_map(|(value, from)| {
                let value = value.as_deref()?.trim();
                (!value.is_empty()).then(|| (value.to_owned(), *from))
            });
        entries.push(Entry {
            line: c.line,
            product,
            publisher,
            version: c.version.clone(),
            cpe: c.cpe.clone(),
            purl: c.purl.clone(),
        });
    }

    if let Some(subject) = &bom.subject {
        let name = subject
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| match subject.category {
                Some(_) => cdxgen_spaces(n).unwrap_or_else(|| n.to_owned()),
                None => n.to_owned(),
            });
        let what = match (name, subject.version.as_deref()) {
            (Some(n), Some(v)) if !v.trim().is_empty() => format!("`{n}` {}", v.trim()),
            (Some(n), _) => format!("`{n}`"),
            (None, _) => "the unnamed component".to_owned(),
        };
        report.warnings.push(format!(
            "left out the BOM's subject, {what} (`metadata.component`): it is what the BOM describes, not a part of it"
        ));
    }
    if !left_by_category.is_empty() {
        let kept: usize = kept_by_category.values().sum();
        let left: usize = left_by_category.values().sum();
        report.warnings.push(format!(
            "kept {} installed software {} of {} components{}; left out {} operational {}, which are not installed software: {}",
            thousands(kept),
            plural(kept, "entry", "entries"),
            thousands(total),
            if kept_by_category.is_empty() {
                String::new()
            } else {
                format!(" ({})", by_count(&kept_by_category))
            },
            thousands(left),
            plural(left, "entry", "entries"),
            by_count(&left_by_category),
        ));
    }
    if !left_by_type.is_empty() {
        let left: usize = left_by_type.values().sum();
        let list: Vec<String> = sorted(&left_by_type)
            .into_iter()
            .map(|(kind, n)| format!("{} of type `{kind}`", thousands(n)))
            .collect();
        report.warnings.push(format!(
            "left out {} {} that {} not software: {}",
            thousands(left),
            plural(left, "component", "components"),
            plural(left, "is", "are"),
            list.join(", ")
        ));
    }
    if let Some((from, to)) = respaced {
        report.warnings.push(format!(
            "cdxgen wrote {} with `+` for spaces, such as `{from}`; {} read with spaces (`{to}`)",
            plural(
                respaced_total,
                "a name",
                &format!("{} names", thousands(respaced_total))
            ),
            plural(respaced_total, "it was", "they were"),
        ));
    }
    if bom.services > 0 {
        report.warnings.push(format!(
            "the BOM also lists {} {} (`services`), which {} not read",
            thousands(bom.services),
            plural(bom.services, "service", "services"),
            plural(bom.services, "was", "were"),
        ));
    }
    if let Some(warning) = bom.odd.warning() {
        report.warnings.push(warning);
    }
    if total == 0 {
        report
            .warnings
            .push("the BOM lists no components: there are no rows".to_owned());
    }
    Entries::new(entries, skipped, &LABELS)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn sorted<'a>(counts: &BTreeMap<&'a str, usize>) -> Vec<(&'a str, usize)> {
    let mut list: Vec<(&str, usize)> = counts.iter().map(|(k, n)| (*k, *n)).collect();
    sort_with(&mut list, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list
}

/// `629 certificates, 271 services_snapshot`, most first.
fn by_count(counts: &BTreeMap<&str, usize>) -> String {
    sorted(counts)
        .into_iter()
        .map(|(name, n)| format!("{} {name}", thousands(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A name cdxgen wrote with `+` for spaces, with its spaces back; `None` when
/// it has spaces already or no `+`. In a run of `+` before more text the last
/// is the space and the others are the name's own (`C+++2015` is `C++ 2015`);
/// a run at the start or the end is the name's own (`Notepad++`).
pub(crate) fn cdxgen_spaces(name: &str) -> Option<String> {
    if name.contains(' ') || !name.contains('+') {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    let mut run = 0usize;
    for c in name.chars() {
        if c == '+' {
            run += 1;
            continue;
        }
        if run > 0 {
            if out.is_empty() {
                out.extend(std::iter::repeat_n('+', run));
            } else {
                out.extend(std::iter::repeat_n('+', run - 1));
                out.push(' ');
            }
            run = 0;
        }
        out.push(c);
    }
    out.extend(std::iter::repeat_n('+', run));
    (out != name).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdxgen_names_get_their_spaces_back() {
        let cases = [
            ("Docker+Desktop", Some("Docker Desktop")),
            (
                "Microsoft+Visual+C+++2015-2022+Redistributable+(x64)",
                Some("Microsoft Visual C++ 2015-2022 Redistributable (x64)"),
            ),
            ("Notepad++", None),
            ("+Notepad", None),
            (
                "Microsoft.NET.Sdk.Android.Manifest-7.0.100+(x64)",
                Some("Microsoft.NET.Sdk.Android.Manifest-7.0.100 (x64)"),
            ),
            ("Docker Inc.+", None),
            ("Git", None),
            ("a+++", None),
        ];
        for (name, want) in cases {
            assert_eq!(cdxgen_spaces(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn paths_read_well() {
        assert_eq!(
            display_path("components/3/components/0"),
            "components[3].components[0]"
        );
        assert_eq!(display_path("components/12"), "components[12]");
    }
}
