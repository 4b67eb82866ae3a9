//! JSON Schemas generated from the types, committed under `docs/` and
//! printed by `vrc rules schema`. A test keeps the committed copies current.

use crate::pack::PackFile;
use crate::report::Report;

/// The JSON Schema of a rule pack file.
pub fn rule_pack() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PackFile)).unwrap_or_default()
}

/// The JSON Schema of an assessment report.
pub fn report() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}
