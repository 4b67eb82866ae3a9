//! The answer for a whole inventory in a sentence, and what to do, in the
//! words a board reads: "No rule requires you to remove anything. 6 items,
//! on 4 systems, need your own risk assessment (New Zealand National Cyber
//! Security Centre)." The page puts it above the results and the CLI prints
//! it under the table, so both say the same.
//!
//! Everything is counted one way: an *item* is a row of the inventory (a
//! product on a system), *installations* add up the rows' counts (a row
//! without one counts once), and *systems* are the distinct systems the rows
//! name.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::date::Date;
use crate::eval::{ANSWER_NEEDED, Evaluation, Finding};
use crate::inventory::Tally;
use crate::item::InventoryItem;
use crate::normalise::lowercase;
use crate::sort::sort_with;
use crate::vocab::Verdict;

/// The answer, and the actions behind it, most pressing first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headline {
    /// The most severe verdict of any item.
    pub verdict: Verdict,
    /// One or two sentences.
    pub text: String,
    /// What to do, a line per kind of answer present.
    pub actions: Vec<String>,
}

/// The items of one kind of answer, counted.
#[derive(Debug, Default)]
struct Bucket<'a> {
    rows: u64,
    installations: u64,
    systems: BTreeSet<&'a str>,
    /// Whether some item named more systems than its tally kept.
    more_systems: bool,
    /// The authorities behind the findings, in the order met.
    authorities: Vec<&'a str>,
    /// The findings that carry this answer, for their deadlines.
    findings: Vec<&'a Finding>,
}

impl<'a> Bucket<'a> {
    fn add(&mut self, evaluation: &'a Evaluation, tally: &'a Tally, verdict: Verdict) {
        self.rows = self.rows.saturating_add(tally.rows);
        self.installations = self.installations.saturating_add(tally.installations);
        self.systems
            .extend(tally.systems.iter().map(String::as_str));
        self.more_systems |= tally.more_systems;
        for finding in evaluation.outcome.findings.iter() {
            if finding.verdict == verdict && finding.rule != ANSWER_NEEDED {
                if !self.authorities.contains(&finding.authority.as_str()) {
                    self.authorities.push(&finding.authority);
                }
                self.findings.push(finding);
            }
        }
    }

    /// "6 items, 40 installations, on 4 systems".
    fn counted(&self) -> String {
        counted(
            self.rows,
            self.installations,
            self.systems.len(),
            self.more_systems,
        )
    }

    /// The count as the subject of a sentence: a parenthetical count closes
    /// with a comma before the verb ("2 items, on 2 systems, need").
    fn subject(&self) -> String {
        let counted = self.counted();
        if counted.contains(',') {
            format!("{counted},")
        } else {
            counted
        }
    }

    /// "(NCSC and CISA)", at most two authorities named.
    fn who(&self) -> String {
        match self.authorities.as_slice() {
            [] => String::new(),
            [one] => format!(" ({one})"),
            [one, two] => format!(" ({one}; {two})"),
            [one, two, rest @ ..] => format!(" ({one}; {two}; and {} more)", rest.len()),
        }
    }

    /// The next deadline still to come, or the word that they have passed.
    fn deadline(&self) -> Option<String> {
        let next = self
            .findings
            .iter()
            .flat_map(|f| f.deadlines.iter())
            .filter(|d| !d.passed)
            .min_by_key(|d| d.date);
        if let Some(d) = next {
            return Some(format!(
                "The next deadline is {}: {}.",
                d.date.long(),
                d.what
            ));
        }
        self.findings
            .iter()
            .any(|f| !f.deadlines.is_empty())
            .then(|| "The deadlines the instruments set have passed.".to_owned())
    }
}

/// "6 items, 40 installations, on 4 systems": installations only where they
/// differ from the items, systems only where the rows name any.
fn counted(rows: u64, installations: u64, systems: usize, more_systems: bool) -> String {
    let mut out = plural(rows, "item", "items");
    if installations != rows {
        out.push_str(&format!(
            ", {}",
            plural(installations, "installation", "installations")
        ));
    }
    if systems > 0 {
        let at_least = if more_systems { "at least " } else { "" };
        out.push_str(&format!(
            ", on {at_least}{}",
            plural(systems as u64, "system", "systems")
        ));
    }
    out
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "is" or "are", for a count of items.
fn be(n: u64) -> &'static str {
    if n == 1 { "is" } else { "are" }
}

/// The headline for an inventory: each distinct item's evaluation with the
/// tally of its rows. None for an empty inventory.
pub fn headline<'a>(
    items: impl IntoIterator<Item = (&'a Evaluation, &'a Tally)>,
) -> Option<Headline> {
    let mut prohibited = Bucket::default();
    let mut avoid = Bucket::default();
    let mut review = Bucket::default();
    let mut waiting = Bucket::default();
    let mut no_action = Bucket::default();
    let mut rows = 0u64;
    let mut most = Verdict::Clear;
    let mut accepted = 0u64;
    for (evaluation, tally) in items {
        rows = rows.saturating_add(tally.rows);
        if evaluation.accepted() {
            accepted = accepted.saturating_add(tally.rows);
        }
        let outcome = &evaluation.outcome;
        most = most.max(outcome.verdict);
        match outcome.verdict {
            Verdict::Prohibited => prohibited.add(evaluation, tally, Verdict::Prohibited),
            Verdict::Avoid => avoid.add(evaluation, tally, Verdict::Avoid),
            Verdict::Review if outcome.answer_needed => {
                waiting.add(evaluation, tally, Verdict::Review);
            }
            Verdict::Review => review.add(evaluation, tally, Verdict::Review),
            Verdict::NoAction => no_action.add(evaluation, tally, Verdict::NoAction),
            Verdict::Clear => {}
        }
    }
    if rows == 0 {
        return None;
    }
    let text = if prohibited.rows > 0 {
        let mut text = format!(
            "{} {} prohibited for you{}.",
            prohibited.subject(),
            be(prohibited.rows),
            prohibited.who()
        );
        if let Some(deadline) = prohibited.deadline() {
            text.push(' ');
            text.push_str(&deadline);
        }
        text
    } else if avoid.rows > 0 {
        format!(
            "No rule forbids what you use, but {} {} advised against{}.",
            avoid.subject(),
            be(avoid.rows),
            avoid.who()
        )
    } else if review.rows > 0 {
        format!(
            "No rule requires you to remove anything. {} {} your own risk assessment{}.",
            review.subject(),
            if review.rows == 1 { "needs" } else { "need" },
            review.who()
        )
    } else if waiting.rows > 0 {
        format!(
            "Nothing is known yet to require action, but {} {} on answers that could change that.",
            waiting.subject(),
            if waiting.rows == 1 { "waits" } else { "wait" }
        )
    } else if no_action.rows > 0 {
        format!(
            "No rule requires you to remove anything. The guidance covers {} and says no action is needed{}.",
            no_action.counted(),
            no_action.who()
        )
    } else {
        format!(
            "No rule in the pack concerns any of the {}.",
            plural(rows, "item", "items")
        )
    };
    let mut actions = Vec::new();
    for (bucket, what) in [
        (&prohibited, "Remove, replace or stop acquiring"),
        (&avoid, "Plan to replace"),
        (&review, "Assess the risk of"),
        (&waiting, "Answer the questions asked next to"),
    ] {
        if bucket.rows > 0 {
            actions.push(format!("{what}: {}.", bucket.counted()));
        }
    }
    // An accepted risk leaves its verdict, and the counts above, as they
    // are: the organisation's decision is said beside them.
    if accepted > 0 {
        actions.push(format!(
            "Of these, {} {} covered by risks your organisation accepted, until the dates recorded.",
            plural(accepted, "item", "items"),
            be(accepted)
        ));
    }
    Some(Headline {
        verdict: most,
        text,
        actions,
    })
}

/// One distinct item as a report lists it: what it is, what the rules say,
/// and what its rows add up to.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The item without system and count ([`InventoryItem::evaluation_key`]).
    pub item: &'a InventoryItem,
    pub evaluation: &'a Evaluation,
    pub tally: &'a Tally,
}

impl Entry<'_> {
    /// "3 items, 40 installations, on 2 systems", counted as the headline counts.
    pub fn counted(&self) -> String {
        counted(
            self.tally.rows,
            self.tally.installations,
            self.tally.systems.len(),
            self.tally.more_systems,
        )
    }

    /// The item's name as the inventory gives it: publisher, product and
    /// version, or "Unnamed item".
    pub fn name(&self) -> String {
        self.item.display_name()
    }

    /// The nearest deadline still to come, among the findings that set the verdict.
    pub fn next_deadline(&self) -> Option<Date> {
        let outcome = &self.evaluation.outcome;
        (outcome.findings.iter())
            .filter(|f| f.verdict == outcome.verdict)
            .flat_map(|f| f.deadlines.iter())
            .filter(|d| !d.passed)
            .map(|d| d.date)
            .min()
    }
}

/// The items of an inventory in the order a report lists them: what to act
/// on, what waits on answers, and how much the rules do not concern.
#[derive(Debug, Clone, Default)]
pub struct Listing<'a> {
    /// Items with a verdict from the rules (`prohibited` to `no-action`),
    /// most severe first, then the nearest deadline, then by name.
    pub act: Vec<Entry<'a>>,
    /// Items that read `review` only until questions are answered, by name.
    pub waiting: Vec<Entry<'a>>,
    /// The `clear` items, added up.
    pub clear: Tally,
}

/// How a report orders what to act on: most severe first, then the nearest
/// deadline, then by name.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey {
    verdict: std::cmp::Reverse<Verdict>,
    deadline: (u8, Date),
    name: String,
}

/// Sorts an inventory's distinct items for a report: each with its
/// evaluation and the tally of its rows.
pub fn listing<'a>(
    items: impl IntoIterator<Item = (&'a InventoryItem, &'a Evaluation, &'a Tally)>,
) -> Listing<'a> {
    let mut out = Listing::default();
    for (item, evaluation, tally) in items {
        let entry = Entry {
            item,
            evaluation,
            tally,
        };
        let outcome = &evaluation.outcome;
        if outcome.answer_needed {
            out.waiting.push(entry);
        } else if outcome.verdict == Verdict::Clear {
            out.clear.rows = out.clear.rows.saturating_add(tally.rows);
            out.clear.installations = out.clear.installations.saturating_add(tally.installations);
        } else {
            out.act.push(entry);
        }
    }
    // Each entry's sort key is worked out once, not at every comparison: a
    // large inventory has tens of thousands of entries, sorted on the page.
    let keyed = |entries: Vec<Entry<'a>>| -> Vec<(SortKey, Entry<'a>)> {
        entries
            .into_iter()
            .map(|e| {
                let key = SortKey {
                    verdict: std::cmp::Reverse(e.evaluation.outcome.verdict),
                    // A deadline to come sorts before none.
                    deadline: e.next_deadline().map_or((1, Date::UNIX_EPOCH), |d| (0, d)),
                    name: lowercase(&e.name()),
                };
                (key, e)
            })
            .collect()
    };
    let mut act = keyed(std::mem::take(&mut out.act));
    sort_with(&mut act, |a, b| a.0.cmp(&b.0));
    out.act = act.into_iter().map(|(_, e)| e).collect();
    let mut waiting = keyed(std::mem::take(&mut out.waiting));
    sort_with(&mut waiting, |a, b| a.0.name.cmp(&b.0.name));
    out.waiting = waiting.into_iter().map(|(_, e)| e).collect();
    out
}
