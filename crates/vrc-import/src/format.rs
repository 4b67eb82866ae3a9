//! The one interface every format's reader implements, and which reader a
//! text goes to.
//!
//! Reading a file is two steps. Each format's `open` reads as far as it
//! must to find every error the file can have (the format, the header and
//! its columns, JSON or XML that does not parse, a broken workbook), and
//! gives back what is left to read as [`Rows`]; [`Rows::for_each`] then
//! hands the rows on one at a time, until they end or the callback says
//! stop. Delimited text is read as it is handed on, from memory or from
//! the file itself; the other formats are parsed whole when opened (their
//! parsers want the whole text) and build each row only as it is handed on.
//! Because the errors are all found by the first step, an error comes before
//! any row, and a caller can open several files before handing on the rows
//! of any (the CLI does, so that an unreadable file stops a run before
//! anything is printed).

use std::borrow::Cow;
use std::ops::ControlFlow;

use vrc_engine::{Field, ImportReport};

use crate::{ImportError, Row, csv, cyclonedx_xml, json, object, spdx_tag};

/// Where the rows go: each is handed on as it is read, and the reading stops
/// when this breaks.
pub(crate) type Each<'e> = &'e mut dyn FnMut(Row) -> ControlFlow<()>;

/// The rows of a file that a format's reader has opened.
pub(crate) trait Rows {
    /// Hands each row to `each`, in file order, until there are no more or
    /// `each` breaks, and fills in what the report says of the rows: how
    /// many were read, those skipped and why, and the warnings about them.
    /// When `each` breaks, the report covers the rows read so far.
    ///
    /// The only error here is a reader under the text that fails
    /// ([`ImportError::Read`]): a file that cannot be read is an error when
    /// it is opened. `file` is its name, for that message.
    fn for_each(
        self: Box<Self>,
        file: &str,
        report: &mut ImportReport,
        each: Each<'_>,
    ) -> Result<(), ImportError>;
}

/// The format of a text, chosen from the content, not the name: `<` is XML
/// (a CycloneDX BOM, or refused), `[` a JSON array of rows, `{` a JSON object
/// (CycloneDX, SPDX 2 and 3, Intune, osquery logs), `SPDXVersion:` SPDX
/// tag-value, `spdxVersion:` SPDX in YAML (refused), and the rest delimited
/// text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFormat {
    Xml,
    JsonArray,
    JsonObject,
    SpdxTagValue,
    SpdxYaml,
    Delimited,
}

impl TextFormat {
    pub(crate) fn of(text: &str) -> TextFormat {
        let start = text.trim_start();
        if start.starts_with('<') {
            TextFormat::Xml
        } else if json::looks_like_json(text) {
            TextFormat::JsonArray
        } else if start.starts_with('{') {
            TextFormat::JsonObject
        } else if spdx_tag::looks_like_tag_value(text) {
            TextFormat::SpdxTagValue
        } else if looks_like_spdx_yaml(text) {
            TextFormat::SpdxYaml
        } else {
            TextFormat::Delimited
        }
    }
}

/// SPDX in YAML: a top-level `spdxVersion:` key (the JSON key, where
/// tag-value says `SPDXVersion:`) among the first lines, after the `---`
/// and the `SPDXID:` the SPDX tools write before it.
fn looks_like_spdx_yaml(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .take(10)
        .any(|l| l.starts_with("spdxVersion:"))
}

/// Opens a whole text with the reader of its format.
pub(crate) fn open_text<'a>(
    text: Cow<'a, str>,
    file: &str,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Box<dyn Rows + 'a>, ImportError> {
    Ok(match TextFormat::of(&text) {
        TextFormat::Xml => Box::new(cyclonedx_xml::read(&text, file, user, report)?),
        TextFormat::JsonArray => Box::new(json::read(&text, file, user, report)?),
        TextFormat::JsonObject => object::read(&text, file, user, report)?,
        TextFormat::SpdxTagValue => Box::new(spdx_tag::read(&text, user, report)),
        TextFormat::SpdxYaml => {
            return Err(ImportError::Unsupported {
                file: file.to_owned(),
                reason: "this is SPDX in YAML: export it as SPDX JSON or tag-value".to_owned(),
            });
        }
        TextFormat::Delimited => Box::new(csv::open(text, csv::Rest::Nothing, file, user, report)?),
    })
}
