//! What changed in the rules: since a date, by the rules' own dates, or
//! between two versions of a pack.
//!
//! Rules are dated (`in_force.from`, `in_force.until`, deadlines), so a user
//! who comes back can be told what started, ended or fell due since they last
//! looked ([`since`]); and a pack can be compared with an older one, rule by
//! rule ([`between`]). Both return data, most recent first; the shells word it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::pack::Rule;
use crate::{RuleSet, Verdict};

/// What happened to a rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The rule came into force.
    Started,
    /// The rule ended.
    Ended,
    /// A deadline the instrument sets fell due.
    Deadline,
    /// The rule is in this pack and not in the older one.
    Added,
    /// The rule was in the older pack and is not in this one.
    Removed,
    /// The rule is in both, and differs.
    Changed,
}

/// One change to one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    pub rule: String,
    pub kind: ChangeKind,
    /// When, for a change the rule's dates give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The rule's verdict (the newer one, for a changed rule).
    pub verdict: Verdict,
    /// The instrument, and what changed or fell due, in words.
    pub what: String,
}

/// The rules that started, ended or had a deadline after `after` and on or
/// before `until` (the assessment date): what is new for someone who last
/// looked on `after`. Most recent first.
pub fn since(rules: &RuleSet, after: Date, until: Date) -> Vec<Change> {
    let within = |d: Date| after < d && d <= until;
    let mut out = Vec::new();
    for r in rules.rules() {
        if within(r.in_force.from) {
            out.push(change(
                r,
                ChangeKind::Started,
                Some(r.in_force.from),
                r.instrument.clone(),
            ));
        }
        if let Some(end) = r.in_force.until.filter(|d| within(*d)) {
            out.push(change(
                r,
                ChangeKind::Ended,
                Some(end),
                r.instrument.clone(),
            ));
        }
        for d in r.deadlines.iter().filter(|d| within(d.date)) {
            out.push(change(
                r,
                ChangeKind::Deadline,
                Some(d.date),
                d.what.clone(),
            ));
        }
    }
    crate::sort::sort_with(&mut out, |a, b| {
        b.date.cmp(&a.date).then(a.rule.cmp(&b.rule))
    });
    out
}

/// The rules added, removed or changed from `older` to `newer`, with the
/// fields that changed. Added and changed first, in `newer`'s order; then
/// removed, in `older`'s.
pub fn between(older: &RuleSet, newer: &RuleSet) -> Vec<Change> {
    let mut out = Vec::new();
    for r in newer.rules() {
        match older.rule(&r.id) {
            None => out.push(change(
                r,
                ChangeKind::Added,
                Some(r.in_force.from),
                r.instrument.clone(),
            )),
            Some(old) if old != r => {
                out.push(change(
                    r,
                    ChangeKind::Changed,
                    None,
                    differences(old, r).join(", "),
                ));
            }
            Some(_) => {}
        }
    }
    for r in older.rules().filter(|r| newer.rule(&r.id).is_none()) {
        out.push(change(r, ChangeKind::Removed, None, r.instrument.clone()));
    }
    out
}

fn change(r: &Rule, kind: ChangeKind, date: Option<Date>, what: String) -> Change {
    Change {
        rule: r.id.clone(),
        kind,
        date,
        verdict: r.verdict,
        what,
    }
}

/// The fields that differ, in words: "verdict prohibited → avoid", "in force".
fn differences(old: &Rule, new: &Rule) -> Vec<String> {
    let mut out = Vec::new();
    if old.verdict != new.verdict {
        out.push(format!("verdict {} → {}", old.verdict, new.verdict));
    }
    if old.in_force != new.in_force {
        let until = |r: &Rule| {
            r.in_force
                .until
                .map(|u| format!(" until {u}"))
                .unwrap_or_default()
        };
        out.push(format!(
            "in force from {}{} → from {}{}",
            old.in_force.from,
            until(old),
            new.in_force.from,
            until(new)
        ));
    }
    let fields = [
        ("who it applies to", old.when != new.when),
        ("deadlines", old.deadlines != new.deadlines),
        ("reason", old.reason != new.reason),
        ("advice", old.advice != new.advice),
        ("sources", old.sources != new.sources),
        ("supersedes", old.supersedes != new.supersedes),
        (
            "instrument",
            old.instrument != new.instrument || old.authority != new.authority,
        ),
        ("jurisdiction", old.jurisdiction != new.jurisdiction),
    ];
    out.extend(
        fields
            .iter()
            .filter(|(_, d)| *d)
            .map(|(w, _)| (*w).to_owned()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(rules: &str) -> RuleSet {
        let pack = format!(
            r#"{{"pack": {{"id": "t", "version": "1", "date": "2024-01-01"}},
               "entity": [{{"id": "e", "name": "E", "country": "RU"}}],
               "rule": [{rules}]}}"#
        );
        crate::RuleSetBuilder::new()
            .pack(vec![("t.json".to_owned(), pack)])
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn rule(id: &str, verdict: &str, from: &str, extra: &str) -> String {
        format!(
            r#"{{"id": "{id}", "authority": "A", "instrument": "I {id}", "jurisdiction": "GB",
                "verdict": "{verdict}", "reason": "r", "advice": "a", "in_force": {{"from": "{from}"{extra}}},
                "when": {{"entities": ["e"]}},
                "sources": [{{"title": "t", "url": "https://example.org/{id}", "date": "{from}"}}]}}"#
        )
    }

    #[test]
    fn since_lists_what_started_ended_or_fell_due() {
        let rules = set(&[
            rule("old", "review", "2020-01-01", ""),
            rule("new", "avoid", "2024-03-01", ""),
            rule("gone", "review", "2019-01-01", r#", "until": "2024-02-01""#),
            rule("later", "avoid", "2030-01-01", ""),
        ]
        .join(","));
        let got: Vec<(String, ChangeKind)> = since(
            &rules,
            "2024-01-01".parse().unwrap(),
            "2026-12-06".parse().unwrap(),
        )
        .into_iter()
        .map(|c| (c.rule, c.kind))
        .collect();
        assert_eq!(
            got,
            [
                ("new".to_owned(), ChangeKind::Started),
                ("gone".to_owned(), ChangeKind::Ended)
            ]
        );
    }

    #[test]
    fn between_lists_added_removed_and_changed_fields() {
        let older = set(&[
            rule("kept", "review", "2020-01-01", ""),
            rule("dropped", "review", "2020-01-01", ""),
            rule("same", "review", "2020-01-01", ""),
        ]
        .join(","));
        let newer = set(&[
            rule("kept", "avoid", "2020-01-01", ""),
            rule("added", "avoid", "2024-01-01", ""),
            rule("same", "review", "2020-01-01", ""),
        ]
        .join(","));
        let got: Vec<(String, ChangeKind, String)> = between(&older, &newer)
            .into_iter()
            .map(|c| (c.rule, c.kind, c.what))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "kept".to_owned(),
                    ChangeKind::Changed,
                    "verdict review → avoid".to_owned()
                ),
                ("added".to_owned(), ChangeKind::Added, "I added".to_owned()),
                (
                    "dropped".to_owned(),
                    ChangeKind::Removed,
                    "I dropped".to_owned()
                ),
            ]
        );
    }
}
