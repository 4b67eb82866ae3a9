//! Text that starts with `{`: a JSON object, or several (JSON Lines). What it
//! holds says what it is:
//!
//! - `"bomFormat": "CycloneDX"`: a CycloneDX BOM (`cyclonedx`);
//! - `"spdxVersion"`: an SPDX 2 document (`spdx`);
//! - an `@context` of SPDX 3: an SPDX 3 JSON-LD document (`spdx3`);
//! - a `value` list: a Microsoft Graph response such as Intune's discovered
//!   apps (`intune`);
//! - `columns`, `snapshot` or `diffResults`, in one object or on every line:
//!   an osquery result log (`osquery`).
//!
//! Anything else is refused with its keys named.

use serde_json::{Deserializer, Map, Value};
use vrc_engine::{Field, ImportReport};

use crate::json::parse_error;
use crate::rows::Rows;
use crate::{ImportError, cyclonedx, intune, osquery, spdx, spdx3};

pub(crate) fn read(
    text: &str,
    file: &str,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Box<dyn Rows>, ImportError> {
    let mut stream = Deserializer::from_str(text).into_iter::<Value>();
    let first = match stream.next() {
        Some(Ok(value)) => value,
        Some(Err(err)) => return Err(parse_error(file, &err)),
        None => {
            return Err(ImportError::Empty {
                file: file.to_owned(),
            });
        }
    };
    let more = text
        .get(stream.byte_offset()..)
        .is_some_and(|rest| !rest.trim().is_empty());
    if osquery::is_result(&first) {
        return Ok(Box::new(osquery::read(text, file, user, report)?));
    }
    if more {
        // Not a log of osquery results: the error is what follows the object.
        return Err(match serde_json::from_str::<Value>(text) {
            Err(err) => parse_error(file, &err),
            Ok(_) => unsupported(file, "it holds several JSON values".to_owned()),
        });
    }
    let Value::Object(object) = first else {
        return Err(unsupported(file, "it is JSON but not an object".to_owned()));
    };
    if object
        .get("bomFormat")
        .and_then(Value::as_str)
        .is_some_and(|f| f.eq_ignore_ascii_case("CycloneDX"))
    {
        return Ok(Box::new(cyclonedx::read_json(text, &object, user, report)?));
    }
    if object.contains_key("spdxVersion") {
        return Ok(Box::new(spdx::read(text, &object, user, report)?));
    }
    if spdx3::is_spdx3(&object) {
        return Ok(Box::new(spdx3::read(text, &object, user, report)?));
    }
    if intune::is_graph_response(&object) {
        return Ok(Box::new(intune::read(text, file, object, user, report)?));
    }
    Err(unsupported(file, unknown(&object)))
}

fn unsupported(file: &str, reason: String) -> ImportError {
    ImportError::Unsupported {
        file: file.to_owned(),
        reason,
    }
}

/// What to say about an object that is none of the known formats.
fn unknown(object: &Map<String, Value>) -> String {
    let keys: Vec<String> = object.keys().cloned().collect();
    if object.contains_key("@graph") || object.contains_key("@context") {
        return "it is JSON-LD, but not SPDX 3 (its `@context` is not SPDX's), which cannot be read; \
                use SPDX or CycloneDX"
            .to_owned();
    }
    let found = if keys.is_empty() {
        "it has no keys".to_owned()
    } else {
        format!("its keys are {}", crate::list_headers(&keys))
    };
    format!(
        "it is a JSON object, but not a CycloneDX BOM (`bomFormat`), an SPDX document \
         (`spdxVersion`), a Microsoft Graph or Intune response (`value`) or an osquery result \
         (`columns` or `snapshot`): {found}. A JSON array of objects, one per row, can also be read"
    )
}
