//! Intune's discovered apps as Microsoft Graph returns them
//! (`GET /deviceManagement/detectedApps`): `{"@odata.context": …, "value":
//! [{"displayName", "version", "publisher", "deviceCount", "platform", …}]}`.
//! The rows are the objects of `value`, mapped like any JSON rows:
//! `displayName` is the product, `deviceCount` the count. Any other object
//! whose rows are in a `value` list is read the same way.

use serde_json::{Map, Value};
use vrc_engine::{Field, ImportReport};

use crate::ImportError;
use crate::json::Objects;
use crate::positions::array_elements;

/// A Graph collection response: a `value` list.
pub(crate) fn is_graph_response(object: &Map<String, Value>) -> bool {
    matches!(object.get("value"), Some(Value::Array(_)))
}

pub(crate) fn read(
    text: &str,
    file: &str,
    mut object: Map<String, Value>,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Objects, ImportError> {
    // Taken, not removed: a map's `remove` is 4 KB of the worker's wasm.
    let Some(Value::Array(values)) = object.get_mut("value").map(std::mem::take) else {
        return Ok(Objects::none(Vec::new()));
    };
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
        return Ok(Objects::none(Vec::new()));
    }
    let lines = array_elements(text, &["value"]);
    let rows: Vec<(u64, Value)> = values
        .into_iter()
        .enumerate()
        .map(|(i, v)| (lines.get(&format!("value/{i}")).copied().unwrap_or(1), v))
        .collect();
    Objects::open(rows, file, user, &[], Vec::new(), report)
}
