//! The workbook of an Excel file (.xlsx): which sheets it has, and one of
//! them loaded with the parts its cells refer to, from the layers below:
//! `zip` (the archive, read with caps and checked with its CRC-32),
//! `relationships` (which part is where), `sheet` (SpreadsheetML: the cells,
//! row by row, and the shared strings) and `number_format` (the styles'
//! number formats).
//!
//! Only what an inventory needs is read: the list of sheets
//! (`xl/workbook.xml` and its relationships), the shared strings, the number
//! formats of `xl/styles.xml`, and one sheet's cells.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use vrc_engine::normalise::lowercase;

use super::error::Error;
use super::number_format::number_formats;
use super::relationships::{Relationship, relationships, with_slash};
use super::sheet::{SharedStrings, Sheet, shared_strings};
use super::xml::{attribute, next, xml_reader};
use super::zip::{Archive, Limits};

/// A sheet as the workbook lists it.
#[derive(Debug, Clone)]
pub(crate) struct SheetEntry {
    pub(crate) name: String,
    pub(crate) hidden: bool,
    /// The part that holds it, if the relationships say.
    part: Option<String>,
    /// A worksheet (of cells), rather than a chart or dialog sheet.
    cells: bool,
}

/// An open workbook: its sheets, in tab order, and the parts they share.
#[derive(Debug)]
pub(crate) struct Workbook<'b> {
    archive: Archive<'b>,
    pub(crate) sheets: Vec<SheetEntry>,
    shared_strings: Option<String>,
    styles: Option<String>,
}

/// Open a workbook: check the archive and list its sheets.
pub(crate) fn open(bytes: &[u8], limits: Limits) -> Result<Workbook<'_>, Error> {
    let mut book = Workbook {
        archive: Archive::open(bytes, limits)?,
        sheets: Vec::new(),
        shared_strings: None,
        styles: None,
    };

    // The package's relationships name the main part; `xl/workbook.xml` is
    // where every writer puts it.
    let root_rels = match book.part("_rels/.rels")? {
        Some(xml) => relationships("_rels/.rels", &xml, "")?,
        None => HashMap::new(),
    };
    let main = root_rels
        .into_values()
        .find(|r| r.kind == "officeDocument" && !r.external)
        .map_or_else(|| "xl/workbook.xml".to_owned(), |r| r.target);
    // A Word document or a presentation has a main part too: only a
    // workbook's is read.
    if !main.to_ascii_lowercase().ends_with(".xml") {
        return Err(Error::NotWorkbook(book.what_it_is()));
    }
    let Some(workbook_xml) = book.part(&main)? else {
        return Err(Error::NotWorkbook(book.what_it_is()));
    };
    if root_element(&main, &workbook_xml)?.as_deref() != Some("workbook") {
        return Err(Error::NotWorkbook(book.what_it_is()));
    }
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels_part = format!("{}_rels/{file}.rels", with_slash(dir));
    let rels = match book.part(&rels_part)? {
        Some(xml) => relationships(&rels_part, &xml, dir)?,
        None => HashMap::new(),
    };
    let target = |kind: &str| {
        rels.values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
    };
    book.shared_strings = target("sharedStrings");
    book.styles = target("styles");
    if rels.is_empty() {
        // A package without relationships: the conventional names.
        book.shared_strings = Some(format!("{}sharedStrings.xml", with_slash(dir)));
        book.styles = Some(format!("{}styles.xml", with_slash(dir)));
    }
    book.sheets = sheets(&main, &workbook_xml, &rels, dir)?;
    if book.sheets.is_empty() {
        return Err(Error::NoSheets);
    }
    Ok(book)
}

impl Workbook<'_> {
    /// The sheet named `name` (exactly, then ignoring case), or the first
    /// visible sheet of cells.
    pub(crate) fn choose(&self, name: Option<&str>) -> Result<usize, Error> {
        let Some(name) = name else {
            return Ok(self
                .sheets
                .iter()
                .position(|s| s.cells && !s.hidden)
                .or_else(|| self.sheets.iter().position(|s| s.cells))
                .unwrap_or(0));
        };
        self.sheets
            .iter()
            .position(|s| s.name == name)
            .or_else(|| {
                let name = lowercase(name.trim());
                self.sheets
                    .iter()
                    .position(|s| lowercase(s.name.trim()) == name)
            })
            .ok_or_else(|| Error::NoSheet {
                asked: name.to_owned(),
                sheets: self.sheets.iter().map(|s| s.name.clone()).collect(),
            })
    }

    /// Load the sheet at `index` (from [`Workbook::choose`]).
    pub(crate) fn load(&mut self, index: usize) -> Result<Sheet, Error> {
        let Some(entry) = self.sheets.get(index) else {
            return Err(Error::NoSheets);
        };
        if !entry.cells {
            return Err(Error::NotCells {
                sheet: entry.name.clone(),
            });
        }
        let Some(part) = entry.part.clone() else {
            return Err(Error::Part {
                part: "xl/workbook.xml".to_owned(),
                message: format!("does not say which part holds the sheet `{}`", entry.name),
            });
        };
        let Some(xml) = self.part(&part)? else {
            return Err(Error::Part {
                part,
                message: "is missing from the archive".to_owned(),
            });
        };
        let shared = match self.shared_strings.clone() {
            Some(path) => match self.part(&path)? {
                Some(xml) => shared_strings(&path, &xml)?,
                None => SharedStrings::default(),
            },
            None => SharedStrings::default(),
        };
        let formats = match self.styles.clone() {
            Some(path) => match self.part(&path)? {
                Some(xml) => number_formats(&path, &xml)?,
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        Ok(Sheet::new(
            part,
            xml,
            shared,
            formats,
            self.archive.limits().inflated,
        ))
    }

    /// A part's text, or `None` when the archive does not have it.
    fn part(&mut self, name: &str) -> Result<Option<String>, Error> {
        let Some(bytes) = self.archive.read(name)? else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes).map_err(|_| Error::Part {
            part: name.trim_start_matches('/').to_owned(),
            message: "is not UTF-8 text".to_owned(),
        })?;
        Ok(Some(match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }))
    }

    /// What a zip archive that is not a workbook seems to be.
    fn what_it_is(&self) -> String {
        let names = self.archive.names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        describe_archive(&names)
    }
}

/// What an archive holding `names` is, for a message.
fn describe_archive(names: &[&str]) -> String {
    let has = |want: &str| names.iter().any(|n| n.eq_ignore_ascii_case(want));
    if has("word/document.xml") {
        return "a Word document (.docx)".to_owned();
    }
    if has("ppt/presentation.xml") {
        return "a PowerPoint presentation (.pptx)".to_owned();
    }
    if has("xl/workbook.bin") {
        return "an Excel binary workbook (.xlsb)".to_owned();
    }
    if has("mimetype") && has("content.xml") {
        return "an OpenDocument file, such as a LibreOffice spreadsheet (.ods)".to_owned();
    }
    let files: Vec<&&str> = names.iter().filter(|n| !n.ends_with('/')).collect();
    match files.as_slice() {
        [] => "an empty zip archive".to_owned(),
        [one] => format!("a zip archive holding `{one}`"),
        [first, second, rest @ ..] => {
            let more = if rest.is_empty() {
                String::new()
            } else {
                format!(" and {} more", rest.len())
            };
            format!("a zip archive holding `{first}`, `{second}`{more}")
        }
    }
}

/// The local name of a part's root element.
fn root_element(part: &str, xml: &str) -> Result<Option<String>, Error> {
    let mut reader = xml_reader(xml);
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) => return Ok(Some(e.local_name().as_ref().to_owned())),
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// The sheets of `xl/workbook.xml`, in tab order.
fn sheets(
    part: &str,
    xml: &str,
    rels: &HashMap<String, Relationship>,
    dir: &str,
) -> Result<Vec<SheetEntry>, Error> {
    let mut sheets = Vec::new();
    let mut reader = xml_reader(xml);
    loop {
        match next(&mut reader, part)? {
            Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                let Some(name) = attribute(&e, "name") else {
                    continue;
                };
                let hidden = attribute(&e, "state").is_some_and(|s| s != "visible");
                let rel = relationship_id(&e).and_then(|id| rels.get(&id));
                let (part, cells) = match rel {
                    Some(rel) => (Some(rel.target.clone()), rel.kind == "worksheet"),
                    None if rels.is_empty() => (
                        Some(format!(
                            "{}worksheets/sheet{}.xml",
                            with_slash(dir),
                            sheets.len() + 1
                        )),
                        true,
                    ),
                    None => (None, true),
                };
                sheets.push(SheetEntry {
                    name,
                    hidden,
                    part,
                    cells,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

/// The `r:id` of a `<sheet>`, whatever the prefix of its namespace.
fn relationship_id(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        (a.key.prefix().is_some() && a.key.local_name().as_ref() == "id")
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(Cow::into_owned)
            })
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_are_described() {
        let cases: &[(&[&str], &str)] = &[
            (&["word/document.xml"], "a Word document (.docx)"),
            (&[], "an empty zip archive"),
            (
                &["export/", "export/inventory.csv"],
                "a zip archive holding `export/inventory.csv`",
            ),
            (
                &["a", "b", "c"],
                "a zip archive holding `a`, `b` and 1 more",
            ),
        ];
        for (names, want) in cases {
            assert_eq!(describe_archive(names), *want, "{names:?}");
        }
    }
}
