//! Which reader a text goes to: its format is chosen from the content, and
//! that format's reader opens it to [`Rows`].

use std::borrow::Cow;

use vrc_engine::{Field, ImportReport};

use crate::rows::Rows;
use crate::{ImportError, csv, cyclonedx_xml, json, object, spdx_tag};

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
