//! An inventory's rows sorted into distinct items, and the distinct names
//! matched: the part of a check that does not depend on the context.
//!
//! A check is one pipeline on every surface (the CLI, the page and its
//! worker):
//!
//! 1. rows are added to an [`Inventory`] as they are read: a row whose item
//!    has been seen before (the same but for system and count) costs a hash
//!    and a comparison, and adds to that item's [`Tally`];
//! 2. [`Matches`] ties each distinct item to a catalogue entity, matching
//!    each distinct name once, whatever the context;
//! 3. each distinct item is evaluated in a context
//!    ([`evaluate_while`](crate::evaluated::evaluate_while)): a what-if repeats
//!    only this step, on the matches it already has;
//! 4. the report is written from the distinct items and what the caller
//!    kept per row.
//!
//! [`Assessor`](crate::Assessor) runs the steps together a row at a time (the
//! CLI); the page keeps an [`Inventory`] and its [`Matches`] and repeats
//! step 3 when the context changes. Steps 1 and 2 take a `more` callback
//! where they can be long, so that the page can do them in slices.
//!
//! An inventory can also keep its **lines** ([`Inventory::with_lines`]):
//! identical rows, shown once with how many there are, and each row's line,
//! which is what the page's table and a saved assessment need of the rows.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use serde::{Deserialize, Serialize};

use crate::matcher::Match;
use crate::{InventoryItem, RuleSet};

/// At most this many distinct systems are named per distinct item.
pub const SYSTEMS_KEPT: usize = 8;

/// A distinct item of an [`Inventory`]: rows that differ only in system or
/// count have the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ItemId(u32);

impl ItemId {
    /// The item at this position: positions past `u32::MAX` saturate (see
    /// [`count_u32`]).
    pub fn new(index: usize) -> ItemId {
        ItemId(count_u32(index))
    }

    /// Its position among the distinct items, which are numbered from 0 in
    /// the order their first rows came.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What the rows of one distinct item add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// Identical rows: one distinct item on one system with one count, shown
/// once with how many rows there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub item: ItemId,
    pub system: Option<String>,
    pub count: Option<u64>,
    /// The first of its rows, counted from 0 in the order rows were added.
    pub first_row: usize,
    /// How many rows it stands for.
    pub rows: u64,
}

/// Positions found by a hash, those with the same hash chained: a row is
/// found by comparing what is at each position with the same hash.
#[derive(Debug, Clone, Default)]
struct Chains {
    by_hash: HashMap<u64, u32>,
    earlier: Vec<Option<u32>>,
}

impl Chains {
    fn find(&self, hash: u64, mut is: impl FnMut(usize) -> bool) -> Option<u32> {
        let mut at = self.by_hash.get(&hash).copied();
        while let Some(i) = at {
            if is(i as usize) {
                return Some(i);
            }
            at = self.earlier.get(i as usize).copied().flatten();
        }
        None
    }

    /// Records position `at`, which must be the next one.
    fn push(&mut self, hash: u64, at: u32) {
        self.earlier.push(self.by_hash.insert(hash, at));
    }
}

/// The lines of an inventory that keeps them.
#[derive(Debug, Clone, Default)]
struct Lines {
    lines: Vec<Line>,
    /// Each row's line.
    of_row: Vec<u32>,
    chains: Chains,
}

/// An inventory's distinct items, each with a tally of its rows, and
/// optionally its lines. See the [module documentation](self).
///
/// ```
/// use vrc_engine::InventoryItem;
/// use vrc_engine::inventory::Inventory;
///
/// let mut inventory = Inventory::new();
/// for host in ["pc-1", "pc-2", "pc-1"] {
///     inventory.add(&InventoryItem {
///         system: Some(host.to_owned()),
///         ..InventoryItem::new("Mozilla", "Firefox")
///     });
/// }
/// assert_eq!(inventory.len(), 1);
/// assert_eq!(inventory.rows(), 3);
/// assert_eq!(inventory.tallies()[0].systems, ["pc-1", "pc-2"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// The distinct items ([`InventoryItem::evaluation_key`]), in the order
    /// their first rows came.
    items: Vec<InventoryItem>,
    tallies: Vec<Tally>,
    /// Each distinct item's key fields in one piece ([`encode_key`]): a row
    /// is found by comparing one short, contiguous slice, not eight strings
    /// scattered over the heap (which, on a large inventory, costs a cache
    /// miss each).
    keys: Vec<Box<[u8]>>,
    chains: Chains,
    hasher: RandomState,
    /// The key of the row being added, in a buffer kept between rows.
    key: Vec<u8>,
    rows: u64,
    lines: Option<Lines>,
}

/// The fields that decide an evaluation: all but system and count, as
/// [`InventoryItem::evaluation_key`] keeps them. Spelled out so that a new
/// field cannot be forgotten.
fn key_fields(item: &InventoryItem) -> [&Option<String>; 8] {
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
    [
        publisher,
        product,
        version,
        cpe,
        purl,
        category,
        device,
        classification,
    ]
}

/// Writes the key fields into `out`, each as its length and bytes, or one
/// marker byte when absent: two rows have the same encoding exactly when
/// their key fields are equal.
fn encode_key(item: &InventoryItem, out: &mut Vec<u8>) {
    out.clear();
    for field in key_fields(item) {
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

fn line_hash(hasher: &RandomState, item: ItemId, system: Option<&str>, count: Option<u64>) -> u64 {
    hasher.hash_one((item, system, count))
}

impl Inventory {
    /// An inventory of distinct items, keeping nothing per row.
    pub fn new() -> Inventory {
        Inventory::default()
    }

    /// An inventory that also keeps its lines (identical rows) and each
    /// row's line.
    pub fn with_lines() -> Inventory {
        Inventory {
            lines: Some(Lines::default()),
            ..Inventory::default()
        }
    }

    /// Takes one row: finds its distinct item, or adds a new one, and counts
    /// the row. The row itself is not kept.
    pub fn add(&mut self, row: &InventoryItem) -> ItemId {
        self.rows = self.rows.saturating_add(1);
        let mut key = std::mem::take(&mut self.key);
        encode_key(row, &mut key);
        let hash = self.hasher.hash_one(key.as_slice());
        let keys = &self.keys;
        let id = match self
            .chains
            .find(hash, |i| keys.get(i).is_some_and(|k| **k == *key))
        {
            Some(id) => id,
            None => self.push_item(hash, row.evaluation_key(), &key),
        };
        self.key = key;
        if let Some(tally) = self.tallies.get_mut(id as usize) {
            tally.add(row);
        }
        let id = ItemId(id);
        if let Some(lines) = &mut self.lines {
            let row_at = self.rows.saturating_sub(1) as usize;
            let (system, count) = (row.system.as_deref(), row.count);
            let hash = line_hash(&self.hasher, id, system, count);
            let found = lines.chains.find(hash, |i| {
                lines.lines.get(i).is_some_and(|l| {
                    l.item == id && l.system.as_deref() == system && l.count == count
                })
            });
            let at = match found {
                Some(at) => {
                    if let Some(line) = lines.lines.get_mut(at as usize) {
                        line.rows = line.rows.saturating_add(1);
                    }
                    at
                }
                None => {
                    let at = count_u32(lines.lines.len());
                    lines.lines.push(Line {
                        item: id,
                        system: row.system.clone(),
                        count,
                        first_row: row_at,
                        rows: 1,
                    });
                    lines.chains.push(hash, at);
                    at
                }
            };
            lines.of_row.push(at);
        }
        id
    }

    fn push_item(&mut self, hash: u64, item: InventoryItem, key: &[u8]) -> u32 {
        let id = count_u32(self.items.len());
        self.items.push(item);
        self.tallies.push(Tally::default());
        self.keys.push(key.into());
        self.chains.push(hash, id);
        id
    }

    /// Adds rows while `more` says to go on (it is asked before each row
    /// after the first), and says whether all were added: `next` is where
    /// to start, and is moved past the rows added.
    pub fn add_while(
        &mut self,
        rows: &[InventoryItem],
        next: &mut usize,
        mut more: impl FnMut() -> bool,
    ) -> bool {
        let mut first = true;
        while let Some(row) = rows.get(*next) {
            if !first && !more() {
                return false;
            }
            first = false;
            self.add(row);
            *next += 1;
        }
        true
    }

    /// Distinct items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Rows added.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The distinct items, in the order their first rows came, each without
    /// system and count.
    pub fn items(&self) -> &[InventoryItem] {
        &self.items
    }

    /// Each distinct item's tally, in the same order.
    pub fn tallies(&self) -> &[Tally] {
        &self.tallies
    }

    pub fn item(&self, id: ItemId) -> Option<&InventoryItem> {
        self.items.get(id.index())
    }

    pub fn tally(&self, id: ItemId) -> Option<&Tally> {
        self.tallies.get(id.index())
    }

    /// The lines, in the order their first rows came; empty unless the
    /// inventory keeps them.
    pub fn lines(&self) -> &[Line] {
        self.lines.as_ref().map_or(&[], |l| &l.lines)
    }

    /// Each row's distinct item, in the order rows were added; empty unless
    /// the inventory keeps its lines.
    pub fn row_items(&self) -> impl Iterator<Item = ItemId> + '_ {
        let lines = self.lines();
        (self.lines.as_ref().map_or(&[][..], |l| &l.of_row).iter())
            .filter_map(|at| lines.get(*at as usize).map(|l| l.item))
    }
}

/// Positions are `u32`s: an inventory has fewer than four billion distinct
/// items and lines (a browser could not hold more), and saturating keeps a
/// larger one wrong rather than undefined.
fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Matching looks only at names and identifiers, so rows that differ in
/// classification or device share it.
type MatchKey = [Option<String>; 4];

/// Each distinct item's tie to a catalogue entity, or none: matched once
/// per distinct name, for any context. The user's decisions on a name (in
/// the context) are applied afterwards, when the item is evaluated.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    of_item: Vec<Option<Match>>,
    by_name: HashMap<MatchKey, Option<Match>>,
}

impl Matches {
    pub fn new() -> Matches {
        Matches::default()
    }

    /// Matches the inventory's items not yet matched, while `more` says to
    /// go on (asked before each item after the first); says whether all are
    /// matched.
    pub fn match_while(
        &mut self,
        rules: &RuleSet,
        inventory: &Inventory,
        mut more: impl FnMut() -> bool,
    ) -> bool {
        let mut first = true;
        while let Some(item) = inventory.items.get(self.of_item.len()) {
            if !first && !more() {
                return false;
            }
            first = false;
            let key = [
                item.publisher.clone(),
                item.product.clone(),
                item.cpe.clone(),
                item.purl.clone(),
            ];
            let matched = self
                .by_name
                .entry(key)
                .or_insert_with(|| rules.matcher().match_item(rules.entities(), item))
                .clone();
            self.of_item.push(matched);
        }
        true
    }

    /// Matches every item of the inventory not yet matched.
    pub fn match_all(&mut self, rules: &RuleSet, inventory: &Inventory) {
        self.match_while(rules, inventory, || true);
    }

    /// Distinct items matched so far.
    pub fn len(&self) -> usize {
        self.of_item.len()
    }

    pub fn is_empty(&self) -> bool {
        self.of_item.is_empty()
    }

    /// The item's match, if it was matched and ties to an entity.
    pub fn get(&self, id: ItemId) -> Option<&Match> {
        self.of_item.get(id.index()).and_then(Option::as_ref)
    }
}
