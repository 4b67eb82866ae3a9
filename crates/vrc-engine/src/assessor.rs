//! Checking an inventory one row at a time, keeping only the distinct items.
//!
//! An [`Assessor`] is the [pipeline](crate::inventory) run a row at a time:
//! each row goes into an [`Inventory`]; a new distinct item is matched (each
//! distinct name once) and evaluated there and then. Nothing is kept per
//! row: the caller gets the row's [`ItemId`] back, and keeps that if it
//! wants the rows again. So a million-row inventory of two thousand
//! products is held as two thousand evaluations.
//!
//! [`assess`](crate::assess) is this with every row kept, in an
//! [`Assessment`].

use std::collections::BTreeMap;

use crate::eval::{Evaluation, evaluate_matched};
pub use crate::evaluated::Distinct;
use crate::evaluated::{Evaluated, count_rows, possible_matches, verdict_counts};
use crate::inventory::{Inventory, Matches};
pub use crate::inventory::{ItemId, KeySeed, Keyed, SYSTEMS_KEPT, Tally};
use crate::matcher::Publishers;
use crate::{Context, InventoryItem, ItemRef, RuleSet, Verdict};

/// A row as the assessor gives it back: its distinct item, and the fields
/// that do not change a verdict, moved out of the row rather than copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub item: ItemId,
    pub system: Option<String>,
    pub count: Option<u64>,
}

/// Checks an inventory row by row, evaluating each distinct item once.
///
/// ```
/// use vrc_engine::{Context, InventoryItem, RuleSet, Verdict, assessor::Assessor};
///
/// let rules = RuleSet::builtin()?;
/// let mut context = Context::new("2024-06-01".parse()?);
/// context.jurisdictions.insert("GB".parse()?);
/// context.sectors.insert("central-government".parse()?);
/// context.classification = Some("SECRET".to_owned());
/// let mut assessor = Assessor::new(&rules, &context);
/// for host in ["pc-1", "pc-2", "pc-3"] {
///     let row = InventoryItem {
///         system: Some(host.to_owned()),
///         ..InventoryItem::new("AO Kaspersky Lab", "Kaspersky Endpoint Security for Windows")
///     };
///     let id = assessor.add(&row);
///     assert_eq!(assessor.evaluation(id).map(|e| e.outcome.verdict), Some(Verdict::Avoid));
/// }
/// assert_eq!(assessor.distinct_items(), 1);
/// assert_eq!(assessor.rows(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Assessor<'a> {
    rules: &'a RuleSet,
    context: &'a Context,
    inventory: Inventory,
    matches: Matches,
    /// What publishers' names alone match, found once per publisher.
    publishers: Publishers,
    evaluations: Vec<Evaluation>,
}

impl<'a> Assessor<'a> {
    pub fn new(rules: &'a RuleSet, context: &'a Context) -> Assessor<'a> {
        Assessor {
            rules,
            context,
            inventory: Inventory::new(),
            matches: Matches::new(),
            publishers: Publishers::default(),
            evaluations: Vec::new(),
        }
    }

    /// Takes one row: finds its distinct item, or matches and evaluates a new
    /// one, and counts the row. The row itself is not kept.
    pub fn add(&mut self, row: &InventoryItem) -> ItemId {
        self.add_ref(&row.borrowed())
    }

    /// [`add`](Assessor::add), the row's text borrowed: a row whose item was
    /// seen before is counted without any of it being copied.
    pub fn add_ref(&mut self, row: &ItemRef<'_>) -> ItemId {
        let id = self.inventory.add_ref(row);
        self.evaluate_new();
        id
    }

    /// [`add_ref`](Assessor::add_ref) for each of `rows` in turn, their
    /// items put in `ids`: the same as one by one, but faster on a large
    /// inventory ([`Inventory::add_refs`]).
    pub fn add_refs(&mut self, rows: &[ItemRef<'_>], ids: &mut Vec<ItemId>) {
        self.inventory.add_refs(rows, ids);
        self.evaluate_new();
    }

    /// The seed the rows' keys are hashed with, for [`Keyed::push`].
    pub fn key_seed(&mut self) -> KeySeed {
        self.inventory.key_seed()
    }

    /// [`add_refs`](Assessor::add_refs), the rows' keys already made
    /// ([`Inventory::add_keyed`]): on another thread, say.
    pub fn add_keyed(&mut self, rows: &[ItemRef<'_>], keyed: &Keyed, ids: &mut Vec<ItemId>) {
        self.inventory.add_keyed(rows, keyed, ids);
        self.evaluate_new();
    }

    /// Matches and evaluates the items not evaluated yet.
    fn evaluate_new(&mut self) {
        if self.evaluations.len() == self.inventory.len() {
            return;
        }
        (self.matches).match_all_in(self.rules, &self.inventory, &mut self.publishers);
        while let Some(item) = self.inventory.items().get(self.evaluations.len()) {
            let matched = self
                .matches
                .get(ItemId::new(self.evaluations.len()))
                .cloned();
            self.evaluations
                .push(evaluate_matched(self.rules, self.context, item, matched));
        }
    }

    /// [`add`](Assessor::add), taking the row by value and giving back what
    /// of it a per-row output needs beside the distinct item.
    pub fn add_row(&mut self, mut row: InventoryItem) -> RowRef {
        let item = self.add(&row);
        RowRef {
            item,
            system: row.system.take(),
            count: row.count.take(),
        }
    }

    /// The distinct items with their evaluations: counts, the headline and
    /// the report's listing come from here.
    pub fn evaluated(&self) -> Evaluated<'_> {
        Evaluated {
            inventory: &self.inventory,
            evaluations: &self.evaluations,
        }
    }

    /// The distinct item, its evaluation and tally.
    pub fn get(&self, id: ItemId) -> Option<Distinct<'_>> {
        self.evaluated().get(id)
    }

    pub fn evaluation(&self, id: ItemId) -> Option<&Evaluation> {
        self.evaluations.get(id.index())
    }

    /// The distinct items, in the order their first rows came.
    pub fn items(&self) -> impl Iterator<Item = Distinct<'_>> {
        self.evaluated().distinct()
    }

    /// The row a [`RowRef`] stands for, as it was read.
    pub fn input(&self, row: &RowRef) -> Option<InventoryItem> {
        self.inventory.item(row.item).map(|item| InventoryItem {
            system: row.system.clone(),
            count: row.count,
            ..item.clone()
        })
    }

    pub fn context(&self) -> &Context {
        self.context
    }

    pub fn rules(&self) -> &RuleSet {
        self.rules
    }

    /// Rows taken.
    pub fn rows(&self) -> u64 {
        self.inventory.rows()
    }

    /// Distinct items evaluated.
    pub fn distinct_items(&self) -> usize {
        self.evaluations.len()
    }

    /// How many rows have each verdict, every verdict present (zero or not).
    pub fn verdicts(&self) -> BTreeMap<Verdict, u64> {
        self.evaluated().verdicts()
    }

    /// How many rows have an outcome for which `which` holds.
    pub fn count_rows(&self, which: impl Fn(&Evaluation) -> bool) -> u64 {
        self.evaluated().count_rows(which)
    }

    /// How many rows have a possible match awaiting confirmation.
    pub fn possible_matches(&self) -> u64 {
        self.evaluated().possible_matches()
    }

    /// The assessment of `rows`, each with the index of its evaluation as
    /// [`add`](Assessor::add) gave it.
    pub(crate) fn into_assessment(self, rows: Vec<(InventoryItem, usize)>) -> Assessment {
        Assessment {
            context: self.context.clone(),
            evaluations: self.evaluations,
            rows,
        }
    }
}

/// The result of checking an inventory: each row points at its distinct item's evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub context: Context,
    /// One evaluation per distinct item.
    pub evaluations: Vec<Evaluation>,
    /// Each input row, in input order, with the index of its evaluation.
    pub rows: Vec<(InventoryItem, usize)>,
}

impl Assessment {
    /// The rows in input order, each with its evaluation.
    pub fn items(&self) -> impl Iterator<Item = (&InventoryItem, &Evaluation)> {
        self.rows
            .iter()
            .filter_map(|(item, e)| self.evaluations.get(*e).map(|e| (item, e)))
    }

    /// How many rows have each verdict, every verdict present (zero or not).
    pub fn summary(&self) -> BTreeMap<Verdict, u64> {
        verdict_counts(self.items().map(|(_, e)| (e, 1)))
    }

    /// How many rows have an outcome for which `which` holds.
    pub fn count_rows(&self, which: impl Fn(&Evaluation) -> bool) -> u64 {
        count_rows(self.items().map(|(_, e)| (e, 1)), which)
    }

    /// How many rows have a possible match awaiting confirmation.
    pub fn possible_matches(&self) -> u64 {
        possible_matches(self.items().map(|(_, e)| (e, 1)))
    }
}

/// Checks an inventory against the rule set in a context, keeping every row.
///
/// This is an [`Assessor`] fed every row; use one
/// directly to check rows as they are read without keeping them.
pub fn assess(
    rules: &RuleSet,
    context: &Context,
    items: impl IntoIterator<Item = InventoryItem>,
) -> Assessment {
    let mut assessor = Assessor::new(rules, context);
    let rows = items
        .into_iter()
        .map(|item| {
            let id = assessor.add(&item);
            (item, id.index())
        })
        .collect();
    assessor.into_assessment(rows)
}
