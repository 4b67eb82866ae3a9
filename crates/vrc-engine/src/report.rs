//! The assessment as a document: the JSON that `vrc check --format json` prints
//! and the web app exports, and the CSV both write.
//!
//! The JSON shape is versioned by [`SCHEMA_VERSION`] and documented in
//! `docs/report.md`, with a JSON Schema generated from these types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::eval::{Assessment, Evaluation};
use crate::pack::PackMeta;
use crate::{Context, Date, ImportReport, InventoryItem, RuleSet, Verdict};

/// Bumped whenever a field is removed or changes meaning; adding fields does not.
pub const SCHEMA_VERSION: u32 = 1;

/// One assessment, self-contained: it can be saved and reopened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Vendor Risk Checker assessment")]
pub struct Report {
    pub schema_version: u32,
    /// The date the assessment is made as of.
    pub as_of: Date,
    /// Each rule pack used: id, version and date.
    pub rules: Vec<PackMeta>,
    pub context: Context,
    /// Per file: what was read and what was skipped, and why.
    pub import: Vec<ImportReport>,
    pub summary: Summary,
    /// Things the reader should know about the assessment as a whole.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// One entry per input row, in input order.
    pub items: Vec<ReportItem>,
}

/// Row counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Rows per verdict; every verdict is present.
    pub verdicts: BTreeMap<Verdict, u64>,
    /// Rows in all.
    pub items: u64,
    /// Distinct items evaluated.
    pub distinct_items: u64,
    /// Rows whose match is only possible and awaits confirmation.
    pub possible_matches: u64,
}

/// One input row and what the rules say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportItem {
    /// The fields read from the row.
    pub input: InventoryItem,
    #[serde(flatten)]
    pub evaluation: Evaluation,
}

/// Warnings about the rule set itself for this assessment date.
pub fn rule_warnings(rules: &RuleSet, as_of: Date) -> Vec<String> {
    match rules.date() {
        Some(date) if as_of > date => vec![format!(
            "the assessment date {as_of} is after the rule pack's date {date}: newer guidance may exist"
        )],
        _ => Vec::new(),
    }
}

impl Report {
    pub fn new(rules: &RuleSet, assessment: &Assessment, import: Vec<ImportReport>) -> Report {
        let Assessment { context, .. } = assessment;
        let Context { as_of, .. } = context;
        Report {
            schema_version: SCHEMA_VERSION,
            as_of: *as_of,
            rules: rules.packs().to_vec(),
            context: context.clone(),
            import,
            summary: Summary {
                verdicts: assessment.summary(),
                items: assessment.rows.len() as u64,
                distinct_items: assessment.evaluations.len() as u64,
                possible_matches: assessment.possible_matches(),
            },
            warnings: rule_warnings(rules, *as_of),
            items: assessment
                .items()
                .map(|(item, evaluation)| ReportItem {
                    input: item.clone(),
                    evaluation: evaluation.clone(),
                })
                .collect(),
        }
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The report as CSV, one row per item, safe to open in a spreadsheet.
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        let header = [
            "row",
            "publisher",
            "product",
            "version",
            "system",
            "classification",
            "verdict",
            "entity",
            "match_method",
            "match_confidence",
            "match_certain",
            "verdict_if_confirmed",
            "rules",
            "reasons",
            "advice",
            "deadlines",
            "sources",
        ];
        let _ = out.write_record(header);
        for (row, item) in self.items.iter().enumerate() {
            let e = &item.evaluation;
            let findings = &e.outcome.findings;
            let join = |f: &dyn Fn(&crate::Finding) -> String| {
                findings.iter().map(f).collect::<Vec<_>>().join(" | ")
            };
            let m = e.matched.as_ref();
            let record = [
                (row + 1).to_string(),
                item.input.publisher.clone().unwrap_or_default(),
                item.input.product.clone().unwrap_or_default(),
                item.input.version.clone().unwrap_or_default(),
                item.input.system.clone().unwrap_or_default(),
                item.input
                    .classification
                    .clone()
                    .or_else(|| self.context.classification.clone())
                    .unwrap_or_default(),
                e.outcome.verdict.to_string(),
                m.map(|m| m.entity.clone()).unwrap_or_default(),
                m.map(|m| {
                    serde_json::to_value(m.method)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                })
                .unwrap_or_default(),
                m.map(|m| m.confidence.to_string()).unwrap_or_default(),
                m.map(|m| m.certain.to_string()).unwrap_or_default(),
                e.if_confirmed
                    .as_ref()
                    .map(|o| o.verdict.to_string())
                    .unwrap_or_default(),
                join(&|f| f.rule.clone()),
                join(&|f| f.reason.clone()),
                join(&|f| f.advice.clone()),
                findings
                    .iter()
                    .flat_map(|f| {
                        f.deadlines
                            .iter()
                            .map(|d| format!("{}: {}", d.date, d.what))
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
                findings
                    .iter()
                    .flat_map(|f| {
                        f.sources
                            .iter()
                            .map(|s| format!("{} ({}) {}", s.title, s.date, s.url))
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
            ];
            let _ = out.write_record(record.iter().map(|c| defuse_formula(c).into_owned()));
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// A cell that a spreadsheet would run as a formula gets a leading `'`, as
/// OWASP advises for CSV injection: `=`, `+`, `-`, `@`, tab and carriage return.
pub fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}',
        ) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_every_formula_prefix() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "＝1"] {
            assert!(defuse_formula(cell).starts_with('\''), "{cell:?}");
        }
        for cell in ["Kaspersky", "1.2.3", "", "a=b"] {
            assert_eq!(defuse_formula(cell), cell);
        }
    }
}
