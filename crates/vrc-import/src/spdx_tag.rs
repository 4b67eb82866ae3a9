//! SPDX 2 tag-value (`.spdx`), the format syft and the SPDX tools write by
//! default: `Tag: value` lines, a package starting at each `PackageName:`.
//!
//! product = `PackageName`; version = `PackageVersion`; publisher =
//! `PackageSupplier`, else `PackageOriginator`; cpe = `ExternalRef: SECURITY
//! cpe23Type …` (else `cpe22Type`); purl = `ExternalRef: PACKAGE-MANAGER purl
//! …`. The packages named by `Relationship: SPDXRef-DOCUMENT DESCRIBES …`
//! are the subject and left out, as in SPDX JSON (`spdx`, which turns the
//! packages into rows for all three SPDX readers). A value in `<text>` …
//! `</text>` may run over many lines, which are skipped whatever they hold.

use std::collections::HashSet;

use vrc_engine::{Field, ImportReport};

use crate::sbom::{Entries, Labels};
use crate::spdx::{self, Package, Packages};

const LABELS: Labels = Labels {
    product: "PackageName",
    publisher: &["PackageSupplier", "PackageOriginator"],
    version: "PackageVersion",
    cpe: "ExternalRef cpe23Type",
    purl: "ExternalRef purl",
};

/// Whether the first line that is not blank or a comment says `SPDXVersion:`.
pub(crate) fn looks_like_tag_value(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with("SPDXVersion:"))
}

pub(crate) fn read(text: &str, user: &[(Field, String)], report: &mut ImportReport) -> Entries {
    spdx::start(user, report);
    let mut read = Packages::default();
    let mut described = HashSet::new();
    let mut document = "SPDXRef-DOCUMENT".to_owned();
    // The package whose tags these are; `None` once a file, snippet or
    // licence starts, whose `SPDXID` and other tags are not the package's.
    let mut package: Option<Package> = None;
    // Before the first package, file, snippet or licence: the document's own tags.
    let mut header = true;
    // The line a `<text>` value opened on, until its `</text>`.
    let mut open_text: Option<u64> = None;
    let mut number = 0u64;
    for line in text.lines() {
        number += 1;
        if open_text.is_some() {
            if line.contains("</text>") {
                open_text = None;
            }
            continue;
        }
        let Some((tag, value)) = line.split_once(':') else {
            continue;
        };
        let tag = tag.trim();
        let mut value = value.trim();
        if let Some(rest) = value.strip_prefix("<text>") {
            match rest.split_once("</text>") {
                Some((inner, _)) => value = inner.trim(),
                None => {
                    open_text = Some(number);
                    continue;
                }
            }
        }
        let owned = || Some(value.to_owned());
        match (tag, package.as_mut()) {
            ("PackageName", _) => {
                header = false;
                read.packages.extend(package.take());
                package = Some(Package {
                    line: number,
                    name: owned(),
                    ..Package::default()
                });
            }
            ("FileName" | "SnippetSPDXID" | "LicenseID", _) => {
                header = false;
                read.packages.extend(package.take());
            }
            ("SPDXID", None) if header => document = value.to_owned(),
            ("SPDXID", Some(p)) if p.id.is_none() => p.id = owned(),
            ("PackageVersion", Some(p)) => p.version = owned(),
            ("PackageSupplier", Some(p)) => p.supplier = owned(),
            ("PackageOriginator", Some(p)) => p.originator = owned(),
            ("ExternalRef", Some(p)) => {
                // `ExternalRef: CATEGORY TYPE LOCATOR`; the first of each
                // kind, a CPE 2.3 before a 2.2.
                let mut words = value.split_whitespace().skip(1);
                let (kind, locator) = (words.next(), words.next().map(str::to_owned));
                match kind {
                    Some("cpe23Type")
                        if p.cpe.as_deref().is_none_or(|c| !c.starts_with("cpe:2.3")) =>
                    {
                        p.cpe = locator;
                    }
                    Some("cpe22Type") if p.cpe.is_none() => p.cpe = locator,
                    Some("purl") if p.purl.is_none() => p.purl = locator,
                    _ => {}
                }
            }
            ("Relationship", _) => {
                let words: Vec<&str> = value.split_whitespace().collect();
                match words.as_slice() {
                    [from, "DESCRIBES", to, ..] if *from == document => {
                        described.insert((*to).to_owned());
                    }
                    [from, "DESCRIBED_BY", to, ..] if *to == document => {
                        described.insert((*from).to_owned());
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    read.packages.extend(package);
    if let Some(line) = open_text {
        report.warnings.push(format!(
            "line {line}: a `<text>` value is never closed by `</text>`, so the rest of the file \
             was not read: it looks cut short"
        ));
    }
    read.finish(&described, &LABELS, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_value_is_recognised() {
        assert!(looks_like_tag_value(
            "# made by hand\nSPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"
        ));
        assert!(!looks_like_tag_value("Name,Version\nSPDXVersion: x\n"));
    }
}
