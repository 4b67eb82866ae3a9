//! Helpers shared by the topic modules.

use std::sync::OnceLock;

use vrc_engine::{Context, Date, Evaluation, InventoryItem, Jurisdiction, RuleSet, Sector};

pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap_or_else(|e| panic!("{e}")))
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// A context from a jurisdiction, sectors, an optional default classification and a date.
pub fn context(
    jurisdiction: &str,
    sectors: &[&str],
    classification: Option<&str>,
    as_of: &str,
) -> Context {
    let mut c = Context::new(date(as_of));
    c.jurisdictions
        .insert(jurisdiction.parse::<Jurisdiction>().unwrap());
    c.sectors
        .extend(sectors.iter().map(|s| s.parse::<Sector>().unwrap()));
    c.classification = classification.map(str::to_owned);
    c
}

pub fn kaspersky_endpoint() -> InventoryItem {
    InventoryItem::new(
        "AO Kaspersky Lab",
        "Kaspersky Endpoint Security for Windows",
    )
}

pub fn evaluate(context: &Context, item: &InventoryItem) -> Evaluation {
    vrc_engine::evaluate(rules(), context, item)
}

/// A compact, reviewable rendering of an evaluation for snapshots.
pub fn render(e: &Evaluation) -> String {
    let mut out = String::new();
    match &e.matched {
        None => out.push_str("match: none\n"),
        Some(m) => out.push_str(&format!(
            "match: {} by {:?} on {} ({}){}\n",
            m.entity,
            m.method,
            m.field,
            m.confidence,
            m.product
                .as_ref()
                .map(|p| format!(", product {p}"))
                .unwrap_or_default()
        )),
    }
    out.push_str(&format!("verdict: {}\n", e.outcome.verdict_words()));
    if let Some(v) = e.outcome.could_be {
        out.push_str(&format!("could be: {v}\n"));
    }
    for w in &e.outcome.waiting {
        let needs: Vec<String> = w.needs.iter().map(|n| n.field.to_string()).collect();
        out.push_str(&format!(
            "waiting {} [{}] on {}\n",
            w.rule,
            w.verdict,
            needs.join(", ")
        ));
    }
    for f in &e.outcome.findings {
        out.push_str(&format!("finding {} [{}]\n", f.rule, f.verdict));
        for d in &f.deadlines {
            out.push_str(&format!(
                "  deadline {} {}{}\n",
                d.date,
                d.what,
                if d.passed { " (passed)" } else { "" }
            ));
        }
    }
    for n in &e.outcome.not_applied {
        out.push_str(&format!(
            "not applied {} [{}]: {:?}: {}\n",
            n.rule, n.verdict, n.code, n.why
        ));
    }
    for u in &e.outcome.upcoming {
        out.push_str(&format!(
            "upcoming {} [{}] from {}\n",
            u.rule, u.verdict, u.from
        ));
    }
    if let Some(o) = &e.if_confirmed {
        out.push_str(&format!("if confirmed: {}\n", o.verdict));
    }
    out
}
