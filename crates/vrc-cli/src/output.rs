//! Plain-text output for terminals.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;

use vrc_engine::eval::Standing;
use vrc_engine::{Assessor, Evaluation, InventoryItem, ItemId, Verdict};

/// Cells are cut at this many characters.
const MAX: usize = 60;

fn cut(s: &str) -> Cow<'_, str> {
    if s.chars().count() > MAX {
        s.chars()
            .take(MAX - 1)
            .chain(['…'])
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// The widths of a table's columns: each its widest cell, once cut.
struct Widths(Vec<usize>);

impl Widths {
    fn new(header: &[&str]) -> Widths {
        Widths(header.iter().map(|h| h.chars().count()).collect())
    }

    fn fit(&mut self, row: &[String]) {
        for (w, cell) in self.0.iter_mut().zip(row) {
            *w = (*w).max(cut(cell).chars().count());
        }
    }

    /// One line of the table, cells padded to their column's width.
    fn line<S: AsRef<str>>(&self, cells: impl IntoIterator<Item = S>) -> String {
        let padded: Vec<String> = cells
            .into_iter()
            .zip(&self.0)
            .map(|(c, w)| format!("{:<w$}", c.as_ref()))
            .collect();
        let mut line = padded.join("  ").trim_end().to_owned();
        line.push('\n');
        line
    }

    fn row(&self, row: &[String]) -> String {
        self.line(row.iter().map(|c| cut(c)))
    }
}

/// Columns padded to their widest cell (cells are cut at 60 characters).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths = Widths::new(header);
    for row in rows {
        widths.fit(row);
    }
    let mut out = widths.line(header);
    for row in rows {
        out.push_str(&widths.row(row));
    }
    out
}

const REPORT_HEADER: [&str; 6] = ["#", "VERDICT", "PUBLISHER", "PRODUCT", "ENTITY", "RULES"];

/// One row of the human report.
fn report_row(n: usize, input: &InventoryItem, e: &Evaluation) -> Vec<String> {
    let verdict = match (&e.matched, &e.if_confirmed) {
        (Some(m), Some(o)) if !m.certain => format!(
            "{} (possible match: {} if confirmed)",
            e.outcome.verdict_words(),
            o.verdict_words()
        ),
        _ => e.outcome.verdict_words().to_owned(),
    };
    let verdict = match &e.acceptance {
        Some(a) if a.covers() => format!("{verdict} (accepted until {})", a.risk.until),
        Some(a) if a.standing == Standing::Lapsed => {
            format!("{verdict} (acceptance lapsed {})", a.risk.until)
        }
        Some(a) => format!(
            "{verdict} (more severe than the {} accepted)",
            a.risk.verdict
        ),
        None => verdict,
    };
    vec![
        n.to_string(),
        verdict,
        input.publisher.clone().unwrap_or_default(),
        input.product.clone().unwrap_or_default(),
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
}

/// The counts at the foot of the human report.
struct Counts<'a> {
    verdicts: &'a BTreeMap<Verdict, u64>,
    items: u64,
    possible_matches: u64,
    answer_needed: u64,
    waiting_on_answers: u64,
    accepted: u64,
    /// The answer in a sentence, and what to do (as the page puts it).
    headline: Option<vrc_engine::headline::Headline>,
}

/// The human report: one line per row, then why for each rule that applied,
/// then counts. `rows` gives the rows in order (it is walked twice: once for
/// the widths, once to print); `evaluations` every evaluation at least once,
/// in the order of the rows that first have it.
fn write_report<'a, I>(
    out: &mut impl Write,
    rows: impl Fn() -> I,
    evaluations: impl Iterator<Item = &'a Evaluation> + Clone,
    counts: &Counts<'_>,
) -> std::io::Result<()>
where
    I: Iterator<Item = (&'a InventoryItem, &'a Evaluation)>,
{
    let mut widths = Widths::new(&REPORT_HEADER);
    for (i, (input, e)) in rows().enumerate() {
        widths.fit(&report_row(i + 1, input, e));
    }
    out.write_all(widths.line(REPORT_HEADER).as_bytes())?;
    for (i, (input, e)) in rows().enumerate() {
        out.write_all(widths.row(&report_row(i + 1, input, e)).as_bytes())?;
    }

    let mut tail = String::new();
    let mut explained = BTreeSet::new();
    for e in evaluations.clone() {
        for f in &e.outcome.findings {
            if explained.insert(f.rule.as_str()) {
                let _ = writeln!(tail, "\n{} [{}]: {}", f.rule, f.verdict, f.reason);
                let _ = writeln!(tail, "  what to do: {}", f.advice);
                for d in &f.deadlines {
                    let _ = writeln!(
                        tail,
                        "  deadline {}: {}{}",
                        d.date,
                        d.what,
                        if d.passed { " (passed)" } else { "" }
                    );
                }
                for s in &f.sources {
                    let _ = writeln!(tail, "  source: {} ({}) {}", s.title, s.date, s.url);
                }
            }
        }
    }
    let mut announced = BTreeSet::new();
    for e in evaluations {
        for u in &e.outcome.upcoming {
            if announced.insert(u.rule.as_str()) {
                let _ = writeln!(
                    tail,
                    "\nupcoming: {} [{}] from {}: {}",
                    u.rule, u.verdict, u.from, u.reason
                );
            }
        }
    }
    let verdicts: Vec<String> = counts
        .verdicts
        .iter()
        .rev()
        .map(|(v, n)| format!("{n} {v}"))
        .collect();
    let _ = writeln!(tail, "\n{} items: {}", counts.items, verdicts.join(", "));
    if counts.answer_needed > 0 {
        let _ = writeln!(
            tail,
            "{} of the review items read review only because answers are missing (review: answer needed)",
            counts.answer_needed
        );
    }
    if counts.waiting_on_answers > counts.answer_needed {
        let _ = writeln!(
            tail,
            "{} could become more severe once answers are given",
            if counts.waiting_on_answers == 1 {
                "1 item".to_owned()
            } else {
                format!("{} items", counts.waiting_on_answers)
            }
        );
    }
    if counts.accepted > 0 {
        let _ = writeln!(
            tail,
            "{} covered by risks the organisation accepted (their verdicts stand; --fail-on passes over them)",
            if counts.accepted == 1 {
                "1 item is".to_owned()
            } else {
                format!("{} items are", counts.accepted)
            }
        );
    }
    if counts.possible_matches > 0 {
        let _ = writeln!(
            tail,
            "{} possible matches need confirming",
            counts.possible_matches
        );
    }
    if let Some(headline) = &counts.headline {
        let _ = writeln!(tail, "\nIn short: {}", headline.text);
        for action in &headline.actions {
            let _ = writeln!(tail, "  - {action}");
        }
    }
    out.write_all(tail.as_bytes())
}

/// The human report of the rows an assessor took, given as their distinct
/// items: each line is made as it is printed, from the distinct item.
pub fn write_report_table(
    out: &mut impl Write,
    assessor: &Assessor<'_>,
    rows: &[ItemId],
) -> std::io::Result<()> {
    let evaluated = assessor.evaluated();
    let verdicts = evaluated.verdicts();
    write_report(
        out,
        || {
            rows.iter()
                .filter_map(|id| evaluated.get(*id))
                .map(|d| (d.item, d.evaluation))
        },
        evaluated.distinct().map(|d| d.evaluation),
        &Counts {
            verdicts: &verdicts,
            items: assessor.rows(),
            possible_matches: evaluated.possible_matches(),
            answer_needed: evaluated.count_rows(|e| e.outcome.answer_needed),
            waiting_on_answers: evaluated.count_rows(|e| !e.outcome.waiting.is_empty()),
            accepted: evaluated.count_rows(Evaluation::accepted),
            headline: evaluated.headline(),
        },
    )
}

/// The human report of a whole [`Report`](vrc_engine::report::Report): what
/// [`write_report_table`] prints, from the report's rows.
#[cfg(test)]
pub fn report_table(report: &vrc_engine::report::Report) -> String {
    // Each row its own tally: the headline adds them up the same way.
    let tallies: Vec<vrc_engine::assessor::Tally> = report
        .items
        .iter()
        .map(|i| {
            let mut tally = vrc_engine::assessor::Tally::default();
            tally.add(&i.input);
            tally
        })
        .collect();
    let mut out = Vec::new();
    let _ = write_report(
        &mut out,
        || report.items.iter().map(|i| (&i.input, &i.evaluation)),
        report.items.iter().map(|i| &i.evaluation),
        &Counts {
            verdicts: &report.summary.verdicts,
            items: report.summary.items,
            possible_matches: report.summary.possible_matches,
            answer_needed: report.summary.answer_needed,
            waiting_on_answers: report.summary.waiting_on_answers,
            accepted: report.summary.accepted,
            headline: vrc_engine::headline::headline(
                report.items.iter().map(|i| &i.evaluation).zip(&tallies),
            ),
        },
    );
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use vrc_engine::{Context, RuleSet};

    use super::*;

    #[test]
    fn the_table_from_distinct_items_is_the_whole_reports_table() {
        let rules = RuleSet::builtin().unwrap();
        for (jurisdiction, as_of) in [
            ("GB", "2024-06-01"),
            ("US", "2018-06-01"),
            ("AU", "2025-01-01"),
        ] {
            let mut context = Context::new(as_of.parse().unwrap());
            context.jurisdictions.insert(jurisdiction.parse().unwrap());
            context
                .sectors
                .insert("central-government".parse().unwrap());
            let rows: Vec<InventoryItem> = (0..40)
                .map(|i| {
                    let (publisher, product) = [
                        ("Mozilla", "Firefox"),
                        (
                            "AO Kaspersky Lab",
                            "Kaspersky Endpoint Security for Windows",
                        ),
                        ("Kaspresky Lab", "Endpoint Agent"),
                        ("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
                        (
                            "Hangzhou Hikvision Digital Technology Co., Ltd.",
                            "iVMS-4200",
                        ),
                        (
                            "A publisher with a name far longer than sixty characters, to be cut",
                            "X",
                        ),
                    ][i % 6];
                    InventoryItem {
                        system: Some(format!("pc-{i}")),
                        classification: (i % 4 == 0).then(|| "SECRET".to_owned()),
                        ..InventoryItem::new(publisher, product)
                    }
                })
                .collect();
            let assessment = vrc_engine::assess(&rules, &context, rows.clone());
            let report = vrc_engine::report::Report::new(&rules, &assessment, Vec::new());
            let mut assessor = Assessor::new(&rules, &context);
            let ids: Vec<ItemId> = rows.iter().map(|r| assessor.add(r)).collect();
            let mut out = Vec::new();
            write_report_table(&mut out, &assessor, &ids).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                report_table(&report),
                "{jurisdiction}"
            );
        }
    }

    #[test]
    fn tables_pad_and_cut() {
        let long = "x".repeat(70);
        let text = table(
            &["A", "BB"],
            &[vec!["1".into(), long], vec!["22".into(), "y".into()]],
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "A   BB");
        assert_eq!(lines[1], format!("1   {}…", "x".repeat(59)));
        assert_eq!(lines[2], "22  y");
    }
}
