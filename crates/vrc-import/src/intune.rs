//! Intune's discovered apps as Microsoft Graph returns them
//! (`GET /deviceManagement/detectedApps`): `{"@odata.context": …, "value":
//! [{"displayName", "version", "publisher", "deviceCount", "platform", …}]}`.
//! The rows are the objects of `value`, mapped like any JSON rows:
//! `displayName` is the product, `deviceCount` the count. Any other object
//! whose rows are in a `value` list is read the same way.

use serde_json::{Map, Value};
use vrc_engine::{Field, ImportReport};

use crate::positions::array_elements;
use crate::{ImportError, Row};

/// A Graph collection response: a `value` list.
pub(crate) fn is_graph_response(object: &Map<String, Value>) -> bool {
    matches!(object.get("value"), Some(Value::Array(_)))
}

pub(crate) fn read(
    text: &str,
    file: &str,
    object: &Map<String, Value>,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Vec<Row>, ImportError> {
    let Some(Value::Array(values)) = object.get("value") else {
        return Ok(Vec::new());
    };
    // Graph says so with `@odata.context`; Intune's rows with their keys.
    // Other `{"value": [...]}` wrappers (PowerShell writes some) are read
    // the same way, as plain JSON.
    let intune = object.contains_key("@odata.context")
        || values
            .iter()
            .take(20)
            .any(|v| v.get("displayName").is_some() && v.get("deviceCount").is_some());
    report.format = if intune { "intune" } else { "json" }.to_owned();
    if object
        .get("@odata.nextLink")
        .is_some_and(|link| !link.is_null())
    {
        report.warnings.push(
            "the response has more pages (`@odata.nextLink`): only this page was read; \
             fetch every page and read them all"
                .to_owned(),
        );
    }
    if values.is_empty() {
        report
            .warnings
            .push("`value` is an empty list: there are no rows".to_owned());
        return Ok(Vec::new());
    }
    let lines = array_elements(text, &["value"]);
    let rows: Vec<(u64, &Value)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (lines.get(&format!("value/{i}")).copied().unwrap_or(1), v))
        .collect();
    crate::json::read_rows(&rows, file, user, &[], report)
}
