//! The package's relationships (Open Packaging Conventions): the parts
//! named by a `.rels` part, by id, and where they are.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::error::Error;
use super::xml::{attribute, next, xml_reader};

pub(crate) fn with_slash(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// A relationship: what kind of part, and where.
#[derive(Debug)]
pub(crate) struct Relationship {
    /// The last segment of the type URI, such as `worksheet`.
    pub(crate) kind: String,
    /// The part's name in the archive, resolved against the source's folder.
    pub(crate) target: String,
    pub(crate) external: bool,
}

/// A relationships part, by id. `dir` is the folder of the part they
/// belong to, against which targets resolve.
pub(crate) fn relationships(
    part: &str,
    xml: &str,
    dir: &str,
) -> Result<HashMap<String, Relationship>, Error> {
    let mut rels = HashMap::new();
    let mut reader = xml_reader(xml);
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(target)) = (attribute(&e, "Id"), attribute(&e, "Target"))
                else {
                    continue;
                };
                let kind = attribute(&e, "Type")
                    .and_then(|t| t.rsplit('/').next().map(str::to_owned))
                    .unwrap_or_default();
                let external = attribute(&e, "TargetMode").is_some_and(|m| m == "External");
                rels.entry(id).or_insert(Relationship {
                    kind,
                    target: resolve(dir, &target),
                    external,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

/// A relationship target as a part name: absolute targets from the root,
/// relative ones from `dir`, with `.` and `..` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let (start, target) = match target.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (dir, target),
    };
    for segment in start.split('/').chain(target.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let paths = [
            ("xl", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
            (
                "xl",
                "/xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet1.xml",
            ),
            (
                "xl/worksheets",
                "../sharedStrings.xml",
                "xl/sharedStrings.xml",
            ),
            ("", "../../x.xml", "x.xml"),
        ];
        for (dir, target, want) in paths {
            assert_eq!(resolve(dir, target), want, "{dir} {target}");
        }
    }
}
