//! Checking an inventory one row at a time, keeping only the distinct items.
//!
//! An [`Assessor`] takes rows as they are read. A row whose item has been
//! seen before (the same but for system and count) costs a hash and a
//! comparison; a new one is matched and evaluated once, and kept with a tally
//! of its rows. Nothing is kept per row: the caller gets the row's [`ItemId`]
//! back, and keeps that if it wants the rows again. So a million-row
//! inventory of two thousand products is held as two thousand evaluations.
//!
//! [`assess`](crate::assess) is this with every row kept, in an
//! [`Assessment`].

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use crate::eval::{Assessment, Evaluation, evaluate_matched};
use crate::matcher::Match;
use crate::{Context, InventoryItem, RuleSet, Verdict};

/// At most this many distinct systems are named per distinct item.
pub const SYSTEMS_KEPT: usize = 8;

/// A distinct item of an [`Assessor`]: rows that differ only in system or
/// count have the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(usize);

impl ItemId {
    /// Its position among the distinct items, which are numbered from 0 in
    /// the order their first rows came; also its index in
    /// [`Assessment::evaluations`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// What the rows of one distinct item add up to. Serialisable, so that the
/// web app's worker can hand a large inventory's tallies to the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    /// How many rows are this item.
    pub rows: u64,
    /// How many installations: the rows' counts, a row without one counting one.
    pub installations: u64,
    /// The first few distinct systems the rows name (at most [`SYSTEMS_KEPT`]),
    /// in the order they came.
    pub systems: Vec<String>,
    /// Whether rows named more systems than are kept.
    pub more_systems: bool,
}

impl Tally {
    /// Counts one more row of the item.
    pub fn add(&mut self, item: &InventoryItem) {
        self.rows = self.rows.saturating_add(1);
        self.installations = self.installations.saturating_add(item.count.unwrap_or(1));
        // Once more systems than are kept have been seen, nothing changes.
        if let Some(system) = &item.system
            && !self.more_systems
            && !self.systems.contains(system)
        {
            if self.systems.len() < SYSTEMS_KEPT {
                self.systems.push(system.clone());
            } else {
                self.more_systems = true;
            }
        }
    }
}

/// One distinct item, its evaluation and its rows' tally.
#[derive(Debug, Clone, PartialEq)]
pub struct DistinctItem {
    /// The item without system and count ([`InventoryItem::evaluation_key`]).
    pub item: InventoryItem,
    pub evaluation: Evaluation,
    pub tally: Tally,
}

/// A row as the assessor gives it back: its distinct item, and the fields
/// that do not change a verdict, moved out of the row rather than copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub item: ItemId,
    pub system: Option<String>,
    pub count: Option<u64>,
}

/// Matching looks only at names and identifiers, so rows that differ in
/// classification or device share it.
type MatchKey = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

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
    hasher: RandomState,
    /// The last distinct item with each key hash; earlier ones with the same
    /// hash are chained through `same_hash`.
    by_hash: HashMap<u64, usize>,
    same_hash: Vec<Option<usize>>,
    items: Vec<DistinctItem>,
    /// Each distinct item's key fields in one piece ([`encode_key`]): a row
    /// is found by comparing one short, contiguous slice, not eight strings
    /// scattered over the heap (which, on a large inventory, costs a cache
    /// miss each).
    keys: Vec<Box<[u8]>>,
    /// The key of the row being added, in a buffer kept between rows.
    key: Vec<u8>,
    matches: HashMap<MatchKey, Option<Match>>,
    rows: u64,
}

/// The fields that decide an evaluation: all but system and count, as
/// [`InventoryItem::evaluation_key`] keeps them. Spelled out so that a new
/// field cannot be forgotten.
type KeyFields<'i> = (
    &'i Option<String>,
    &'i Option<String>,
    &'i Option<String>,
    &'i Option<String>,
    &'i Option<String>,
    &'i Option<String>,
    &'i Option<String>,
    &'i Option<String>,
);

/// Writes the key fields into `out`, each as its length and bytes, or one
/// marker byte when absent: two rows have the same encoding exactly when
/// their key fields are equal.
fn encode_key(item: &InventoryItem, out: &mut Vec<u8>) {
    let (a, b, c, d, e, f, g, h) = key_fields(item);
    out.clear();
    for field in [a, b, c, d, e, f, g, h] {
        match field {
            None => out.push(0),
            Some(s) => {
                out.push(1);
                out.extend_from_slice(&(s.len() as u64).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        }
    }
}

fn key_fields(item: &InventoryItem) -> KeyFields<'_> {
    let InventoryItem {
        publisher,
        product,
        version,
        cpe,
        purl,
        category,
        system: _,
        device,
        classification,
        count: _,
    } = item;
    (
        publisher,
        product,
        version,
        cpe,
        purl,
        category,
        device,
        classification,
    )
}

impl<'a> Assessor<'a> {
    pub fn new(rules: &'a RuleSet, context: &'a Context) -> Assessor<'a> {
        Assessor {
            rules,
            context,
            hasher: RandomState::new(),
            by_hash: HashMap::new(),
            same_hash: Vec::new(),
            items: Vec::new(),
            keys: Vec::new(),
            key: Vec::new(),
            matches: HashMap::new(),
            rows: 0,
        }
    }

    /// Takes one row: finds its distinct item, or matches and evaluates a new
    /// one, and counts the row. The row itself is not kept.
    pub fn add(&mut self, row: &InventoryItem) -> ItemId {
        self.rows = self.rows.saturating_add(1);
        let mut key = std::mem::take(&mut self.key);
        encode_key(row, &mut key);
        let hash = self.hasher.hash_one(key.as_slice());
        let id = match self.find(hash, &key) {
            Some(id) => id,
            None => self.insert(hash, row, &key),
        };
        self.key = key;
        if let Some(d) = self.items.get_mut(id) {
            d.tally.add(row);
        }
        ItemId(id)
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

    fn find(&self, hash: u64, key: &[u8]) -> Option<usize> {
        let mut at = self.by_hash.get(&hash).copied();
        while let Some(i) = at {
            if self.keys.get(i).is_some_and(|k| **k == *key) {
                return Some(i);
            }
            at = self.same_hash.get(i).copied().flatten();
        }
        None
    }

    fn insert(&mut self, hash: u64, row: &InventoryItem, encoded: &[u8]) -> usize {
        let key = row.evaluation_key();
        let match_key = (
            key.publisher.clone(),
            key.product.clone(),
            key.cpe.clone(),
            key.purl.clone(),
        );
        let rules = self.rules;
        let matched = self
            .matches
            .entry(match_key)
            .or_insert_with(|| rules.matcher().match_item(rules.entities(), &key))
            .clone();
        let evaluation = evaluate_matched(rules, self.context, &key, matched);
        let id = self.items.len();
        self.items.push(DistinctItem {
            item: key,
            evaluation,
            tally: Tally::default(),
        });
        self.keys.push(encoded.into());
        self.same_hash.push(self.by_hash.insert(hash, id));
        id
    }

    /// The distinct item, its evaluation and tally.
    pub fn get(&self, id: ItemId) -> Option<&DistinctItem> {
        self.items.get(id.0)
    }

    pub fn evaluation(&self, id: ItemId) -> Option<&Evaluation> {
        self.get(id).map(|d| &d.evaluation)
    }

    /// The distinct items, in the order their first rows came.
    pub fn items(&self) -> &[DistinctItem] {
        &self.items
    }

    /// The row a [`RowRef`] stands for, as it was read.
    pub fn input(&self, row: &RowRef) -> Option<InventoryItem> {
        self.get(row.item).map(|d| InventoryItem {
            system: row.system.clone(),
            count: row.count,
            ..d.item.clone()
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
        self.rows
    }

    /// Distinct items evaluated.
    pub fn distinct_items(&self) -> usize {
        self.items.len()
    }

    /// How many rows have each verdict, every verdict present (zero or not).
    pub fn verdicts(&self) -> BTreeMap<Verdict, u64> {
        let mut counts: BTreeMap<Verdict, u64> = Verdict::ALL.iter().map(|v| (*v, 0)).collect();
        for d in &self.items {
            let n = counts.entry(d.evaluation.outcome.verdict).or_default();
            *n = n.saturating_add(d.tally.rows);
        }
        counts
    }

    /// How many rows have an outcome for which `which` holds.
    pub fn count_rows(&self, which: impl Fn(&crate::Outcome) -> bool) -> u64 {
        self.items
            .iter()
            .filter(|d| which(&d.evaluation.outcome))
            .map(|d| d.tally.rows)
            .fold(0, u64::saturating_add)
    }

    /// How many rows have a possible match awaiting confirmation.
    pub fn possible_matches(&self) -> u64 {
        self.items
            .iter()
            .filter(|d| d.evaluation.matched.as_ref().is_some_and(|m| !m.certain))
            .map(|d| d.tally.rows)
            .fold(0, u64::saturating_add)
    }

    /// The assessment of `rows`, each with the index of its evaluation as
    /// [`add`](Assessor::add) gave it.
    pub(crate) fn into_assessment(self, rows: Vec<(InventoryItem, usize)>) -> Assessment {
        Assessment {
            context: self.context.clone(),
            evaluations: self.items.into_iter().map(|d| d.evaluation).collect(),
            rows,
        }
    }
}
