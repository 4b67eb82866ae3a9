//! An inventory's distinct items evaluated in a context: step 3 of the
//! [pipeline](crate::inventory), and the one way rows are counted from it.

use std::collections::BTreeMap;

use crate::eval::{Evaluation, evaluate_matched};
use crate::headline::{Headline, Listing, headline, listing};
use crate::inventory::{Inventory, ItemId, Matches, Tally};
use crate::{Context, InventoryItem, RuleSet, Verdict};

/// Evaluates the inventory's distinct items in a context, on their matches,
/// from the first not yet in `evaluations`, while `more` says to go on
/// (asked before each item after the first); says whether every matched
/// item is evaluated. A what-if is this alone, on the matches kept.
pub fn evaluate_while(
    rules: &RuleSet,
    context: &Context,
    inventory: &Inventory,
    matches: &Matches,
    evaluations: &mut Vec<Evaluation>,
    mut more: impl FnMut() -> bool,
) -> bool {
    let mut first = true;
    while evaluations.len() < matches.len() {
        let Some(item) = inventory.items().get(evaluations.len()) else {
            break;
        };
        if !first && !more() {
            return false;
        }
        first = false;
        let matched = matches.get(ItemId::new(evaluations.len())).cloned();
        evaluations.push(evaluate_matched(rules, context, item, matched));
    }
    true
}

/// One distinct item, its evaluation and its rows' tally.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distinct<'a> {
    pub id: ItemId,
    /// The item without system and count ([`InventoryItem::evaluation_key`]).
    pub item: &'a InventoryItem,
    pub evaluation: &'a Evaluation,
    pub tally: &'a Tally,
}

/// An inventory's distinct items with their evaluations in one context:
/// what every surface counts, sums up and reports from, so that rows are
/// counted one way everywhere (each distinct item's verdict, as many times
/// as it has rows).
#[derive(Debug, Clone, Copy)]
pub struct Evaluated<'a> {
    pub inventory: &'a Inventory,
    /// One per distinct item, in the inventory's order.
    pub evaluations: &'a [Evaluation],
}

impl<'a> Evaluated<'a> {
    /// The distinct items evaluated, in the order their first rows came.
    pub fn distinct(self) -> impl Iterator<Item = Distinct<'a>> + Clone + 'a {
        let Evaluated {
            inventory,
            evaluations,
        } = self;
        (0..)
            .zip(evaluations)
            .zip(inventory.items().iter().zip(inventory.tallies()))
            .map(|((id, evaluation), (item, tally))| Distinct {
                id: ItemId::new(id),
                item,
                evaluation,
                tally,
            })
    }

    pub fn get(self, id: ItemId) -> Option<Distinct<'a>> {
        Some(Distinct {
            id,
            item: self.inventory.item(id)?,
            evaluation: self.evaluations.get(id.index())?,
            tally: self.inventory.tally(id)?,
        })
    }

    /// How many rows have each verdict, every verdict present (zero or not).
    pub fn verdicts(&self) -> BTreeMap<Verdict, u64> {
        verdict_counts(self.distinct().map(|d| (d.evaluation, d.tally.rows)))
    }

    /// How many rows have an outcome for which `which` holds.
    pub fn count_rows(&self, which: impl Fn(&Evaluation) -> bool) -> u64 {
        count_rows(self.distinct().map(|d| (d.evaluation, d.tally.rows)), which)
    }

    /// How many rows have a possible match awaiting confirmation.
    pub fn possible_matches(&self) -> u64 {
        possible_matches(self.distinct().map(|d| (d.evaluation, d.tally.rows)))
    }

    /// The answer in a sentence, and what to do.
    pub fn headline(&self) -> Option<Headline> {
        headline(self.distinct().map(|d| (d.evaluation, d.tally)))
    }

    /// The distinct items in the order a report lists them.
    pub fn listing(self) -> Listing<'a> {
        listing(self.distinct().map(|d| (d.item, d.evaluation, d.tally)))
    }
}

/// Rows per verdict, every verdict present, from evaluations and how many
/// rows each stands for: the one way rows are counted.
pub fn verdict_counts<'a>(
    evaluations: impl IntoIterator<Item = (&'a Evaluation, u64)>,
) -> BTreeMap<Verdict, u64> {
    // Inserted, not collected: collecting a map sorts its entries first,
    // and the standard sort is 4 KB of wasm the page otherwise avoids.
    let mut counts = BTreeMap::new();
    for v in Verdict::ALL {
        counts.insert(v, 0u64);
    }
    for (e, rows) in evaluations {
        let n = counts.entry(e.outcome.verdict).or_default();
        *n = n.saturating_add(rows);
    }
    counts
}

/// Rows whose outcome `which` holds for.
pub fn count_rows<'a>(
    evaluations: impl IntoIterator<Item = (&'a Evaluation, u64)>,
    which: impl Fn(&Evaluation) -> bool,
) -> u64 {
    evaluations
        .into_iter()
        .filter(|(e, _)| which(e))
        .map(|(_, rows)| rows)
        .fold(0, u64::saturating_add)
}

/// Rows whose match is only possible and awaits confirmation.
pub fn possible_matches<'a>(evaluations: impl IntoIterator<Item = (&'a Evaluation, u64)>) -> u64 {
    evaluations
        .into_iter()
        .filter(|(e, _)| e.matched.as_ref().is_some_and(|m| !m.certain))
        .map(|(_, rows)| rows)
        .fold(0, u64::saturating_add)
}
