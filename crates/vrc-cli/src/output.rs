//! Plain-text output for terminals.

use std::fmt::Write as _;

use vrc_engine::report::Report;

/// Columns padded to their widest cell (cells are cut at 60 characters).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    const MAX: usize = 60;
    let cut = |s: &str| -> String {
        if s.chars().count() > MAX {
            s.chars().take(MAX - 1).chain(['…']).collect()
        } else {
            s.to_owned()
        }
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cut(cell).chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(header.iter().map(|h| (*h).to_owned()).collect());
    for row in rows {
        line(row.iter().map(|c| cut(c)).collect());
    }
    out
}

/// The human report: one line per item, then why for each flagged item, then counts.
pub fn report_table(report: &Report) -> String {
    let rows: Vec<Vec<String>> = report
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let e = &item.evaluation;
            let verdict = match (&e.matched, &e.if_confirmed) {
                (Some(m), Some(o)) if !m.certain => format!(
                    "{} (possible match: {} if confirmed)",
                    e.outcome.verdict, o.verdict
                ),
                _ => e.outcome.verdict.to_string(),
            };
            vec![
                (i + 1).to_string(),
                verdict,
                item.input.publisher.clone().unwrap_or_default(),
                item.input.product.clone().unwrap_or_default(),
                e.matched
                    .as_ref()
                    .map(|m| m.entity.clone())
                    .unwrap_or_default(),
                e.outcome
                    .findings
                    .iter()
                    .map(|f| f.rule.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    let mut out = table(
        &["#", "VERDICT", "PUBLISHER", "PRODUCT", "ENTITY", "RULES"],
        &rows,
    );
    let mut explained = std::collections::BTreeSet::new();
    for item in &report.items {
        for f in &item.evaluation.outcome.findings {
            if explained.insert(f.rule.clone()) {
                let _ = writeln!(out, "\n{} [{}]: {}", f.rule, f.verdict, f.reason);
                let _ = writeln!(out, "  what to do: {}", f.advice);
                for d in &f.deadlines {
                    let _ = writeln!(
                        out,
                        "  deadline {}: {}{}",
                        d.date,
                        d.what,
                        if d.passed { " (passed)" } else { "" }
                    );
                }
                for s in &f.sources {
                    let _ = writeln!(out, "  source: {} ({}) {}", s.title, s.date, s.url);
                }
            }
        }
    }
    let mut announced = std::collections::BTreeSet::new();
    for item in &report.items {
        for u in &item.evaluation.outcome.upcoming {
            if announced.insert(u.rule.clone()) {
                let _ = writeln!(
                    out,
                    "\nupcoming: {} [{}] from {}: {}",
                    u.rule, u.verdict, u.from, u.reason
                );
            }
        }
    }
    let counts: Vec<String> = report
        .summary
        .verdicts
        .iter()
        .rev()
        .map(|(v, n)| format!("{n} {v}"))
        .collect();
    let _ = writeln!(
        out,
        "\n{} items: {}",
        report.summary.items,
        counts.join(", ")
    );
    if report.summary.possible_matches > 0 {
        let _ = writeln!(
            out,
            "{} possible matches need confirming",
            report.summary.possible_matches
        );
    }
    out
}
