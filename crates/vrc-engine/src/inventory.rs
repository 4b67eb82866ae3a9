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
//! Each system such an inventory names is kept once
//! ([`Inventory::systems`]): a fleet's export names each of its machines on
//! hundreds of lines.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::matcher::{Match, Publishers};
use crate::{InventoryItem, ItemRef, RuleSet};

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

/// A system named by the lines of an [`Inventory`] that keeps them: its
/// place in [`Inventory::systems`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SystemId(u32);

impl SystemId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What the rows of one distinct item add up to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// A hash of each of the first `prints.len` systems, compared before
    /// their text: a row's system is looked for among the kept ones, and
    /// each kept one's text is elsewhere on the heap (a cache miss each,
    /// on a large inventory). Not part of the value: it is rebuilt as rows
    /// are added, and a tally read back has none (its systems are then
    /// compared by their text).
    #[serde(skip)]
    prints: Prints,
}

#[derive(Debug, Clone, Copy, Default)]
struct Prints {
    of: [u32; SYSTEMS_KEPT],
    len: u8,
}

impl PartialEq for Tally {
    fn eq(&self, other: &Tally) -> bool {
        self.rows == other.rows
            && self.installations == other.installations
            && self.systems == other.systems
            && self.more_systems == other.more_systems
    }
}

impl Eq for Tally {}

impl Tally {
    /// Counts one more row of the item.
    pub fn add(&mut self, item: &InventoryItem) {
        self.add_ref(&item.borrowed());
    }

    /// [`add`](Tally::add), the row's text borrowed.
    pub fn add_ref(&mut self, item: &ItemRef<'_>) {
        self.rows = self.rows.saturating_add(1);
        self.installations = self.installations.saturating_add(item.count.unwrap_or(1));
        // Once more systems than are kept have been seen, nothing changes.
        let Some(system) = item.system.filter(|_| !self.more_systems) else {
            return;
        };
        let print = hash_bytes(0, system.as_bytes()) as u32;
        let printed = usize::from(self.prints.len);
        let seen = (self.prints.of.iter().zip(&self.systems).take(printed))
            .any(|(p, s)| *p == print && s == system)
            || self.systems.iter().skip(printed).any(|s| s == system);
        if seen {
            return;
        }
        if self.systems.len() < SYSTEMS_KEPT {
            if printed == self.systems.len()
                && let Some(p) = self.prints.of.get_mut(printed)
            {
                *p = print;
                self.prints.len += 1;
            }
            self.systems.push(system.to_owned());
        } else {
            self.more_systems = true;
        }
    }
}

/// A fast hash of bytes, eight at a time, each step a folded multiply (as
/// foldhash and wyhash do): an inventory's keys are hashed once a row, and
/// SipHash, std's default, cost several times as much on them.
fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    hash_bytes_with(fold, seed, bytes)
}

fn hash_bytes_with(fold: fn(u64, u64) -> u64, seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = seed ^ (bytes.len() as u64);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = fold(h ^ u64::from_le_bytes(w), K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        for (to, from) in w.iter_mut().zip(rest) {
            *to = *from;
        }
        h = fold(h ^ u64::from_le_bytes(w), K);
    }
    fold(h, K ^ seed)
}

/// The folded multiply: the two halves of the 128-bit product, xored. One
/// instruction on 64-bit machines; WebAssembly has no 128-bit product, and
/// there it is three calls to a helper (`__multi3`, a quarter of sorting
/// rows in the browser), so wasm folds two 32 × 32-bit products instead,
/// as foldhash does where the wide product is slow. A hash only ever
/// meets hashes made by the same build.
#[cfg(not(target_arch = "wasm32"))]
fn fold(a: u64, b: u64) -> u64 {
    fold_wide(a, b)
}

#[cfg(target_arch = "wasm32")]
fn fold(a: u64, b: u64) -> u64 {
    fold_narrow(a, b)
}

#[cfg(any(not(target_arch = "wasm32"), test))]
fn fold_wide(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

#[cfg(any(target_arch = "wasm32", test))]
fn fold_narrow(a: u64, b: u64) -> u64 {
    let (low_a, high_a) = (a & 0xffff_ffff, a >> 32);
    let (low_b, high_b) = (b & 0xffff_ffff, b >> 32);
    (low_a * high_b) ^ (high_a * low_b).rotate_right(32)
}

/// A hasher for keys that are already hashes.
#[derive(Debug, Clone, Copy, Default)]
struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Identical rows: one distinct item on one system with one count, shown
/// once with how many rows there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub item: ItemId,
    pub system: Option<SystemId>,
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
    /// As a `u64`: the same table type as [`Keys`]' (each type of table is
    /// its own copy of the code in the web page's wasm).
    by_hash: HashMap<u64, u64, BuildHasherDefault<Hashed>>,
    earlier: Vec<Option<u32>>,
}

impl Chains {
    fn find(&self, hash: u64, mut is: impl FnMut(usize) -> bool) -> Option<u32> {
        let mut at = self.by_hash.get(&hash).map(|at| *at as u32);
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
        let earlier = self.by_hash.insert(hash, u64::from(at));
        self.earlier.push(earlier.map(|at| at as u32));
    }

    /// Positions recorded.
    fn len(&self) -> usize {
        self.earlier.len()
    }
}

/// The distinct items' keys ([`encode_key`]), found by their hash.
///
/// Each key is kept in one buffer, after its length, and the table of
/// hashes gives the item and where its key starts:
/// finding a row's item reads the table, then one place in the buffer (on a
/// large inventory, a cache miss each), and no index of positions besides;
/// and the item's tally can be read while its key is compared.
#[derive(Debug, Clone, Default)]
struct Keys {
    /// Each key: its length (`u64`), then its bytes.
    bytes: Vec<u8>,
    /// Where each item's key starts in `bytes`.
    starts: Vec<usize>,
    /// The last item with each hash (the low 32 bits), and where its key
    /// starts (the high 32 bits; `u32::MAX` past 4 GiB of keys: see
    /// `starts`).
    by_hash: HashMap<u64, u64, BuildHasherDefault<Hashed>>,
    /// Each item's previous item with the same hash.
    earlier: Vec<Option<u32>>,
}

/// The bytes of a key's length.
const KEY_HEADER: usize = 8;

impl Keys {
    /// The key that starts at `at` in `bytes`.
    fn at(&self, at: usize) -> Option<&[u8]> {
        let header = self.bytes.get(at..at.checked_add(KEY_HEADER)?)?;
        let len = usize::try_from(u64::from_le_bytes(<[u8; 8]>::try_from(header).ok()?)).ok()?;
        let start = at + KEY_HEADER;
        self.bytes.get(start..start.checked_add(len)?)
    }

    /// The last item with this hash, and where its key starts.
    fn candidate(&self, hash: u64) -> Option<(u32, usize)> {
        let found = *self.by_hash.get(&hash)?;
        let (id, at) = (found as u32, (found >> 32) as u32);
        match at {
            u32::MAX => Some((id, *self.starts.get(id as usize)?)),
            at => Some((id, at as usize)),
        }
    }

    /// The item whose key is `key`, `hash` being its hash. The item found
    /// is the table's (not read from beside its key), so that the caller's
    /// next step on it need not wait for the key to be read.
    fn find(&self, hash: u64, key: &[u8]) -> Option<u32> {
        let (mut id, mut at) = self.candidate(hash)?;
        loop {
            if self.at(at) == Some(key) {
                return Some(id);
            }
            id = self.earlier.get(id as usize).copied().flatten()?;
            at = *self.starts.get(id as usize)?;
        }
    }

    /// Adds the key of item `id`, which must be the next one.
    fn push(&mut self, hash: u64, id: u32, key: &[u8]) {
        let at = self.bytes.len();
        self.bytes
            .extend_from_slice(&(key.len() as u64).to_le_bytes());
        self.bytes.extend_from_slice(key);
        self.starts.push(at);
        let short = u32::try_from(at).unwrap_or(u32::MAX);
        let earlier = self
            .by_hash
            .insert(hash, (u64::from(short) << 32) | u64::from(id));
        self.earlier.push(earlier.map(|found| found as u32));
    }
}

/// The rows of [`Inventory::add_refs`]: their keys, and the item found
/// for each.
#[derive(Debug, Clone, Default)]
struct Batch {
    keyed: Keyed,
    found: Vec<Option<(u32, usize)>>,
}

/// The keys of rows as an [`Inventory`] finds them (encoded, and hashed
/// with its seed), made apart from it: the CLI keys a batch on the thread
/// that reads while the inventory counts the batch before
/// ([`Inventory::add_keyed`]).
#[derive(Debug, Clone, Default)]
pub struct Keyed {
    /// The seed of every key's hash, if they all have the same.
    seed: Option<u64>,
    /// The keys, one after the other.
    keys: Vec<u8>,
    /// Each one's start, end and hash.
    spans: Vec<(usize, usize, u64)>,
}

/// The seed of an inventory's key hash ([`Inventory::key_seed`]).
#[derive(Debug, Clone, Copy)]
pub struct KeySeed(u64);

impl Keyed {
    pub fn clear(&mut self) {
        self.keys.clear();
        self.spans.clear();
    }

    /// Keys one more row.
    pub fn push(&mut self, seed: KeySeed, row: &ItemRef<'_>) {
        if self.spans.is_empty() {
            self.seed = Some(seed.0);
        } else if self.seed != Some(seed.0) {
            self.seed = None;
        }
        let start = self.keys.len();
        encode_key_onto(row, &mut self.keys);
        let hash = hash_bytes(seed.0, self.keys.get(start..).unwrap_or_default());
        self.spans.push((start, self.keys.len(), hash));
    }
}

/// The lines of an inventory that keeps them.
#[derive(Debug, Clone, Default)]
struct Lines {
    lines: Vec<Line>,
    /// Each row's line.
    of_row: Vec<u32>,
    chains: Chains,
    /// Each system named, once, in the order first named.
    systems: Vec<String>,
    system_chains: Chains,
}

impl Lines {
    /// Hashes the lines not yet found by their hash (those added by
    /// [`Inventory::add_first_of_line`]), so that every line can be.
    fn index(&mut self, seed: u64) {
        while let Some(l) = self.lines.get(self.chains.len()) {
            let at = count_u32(self.chains.len());
            self.chains
                .push(line_hash(seed, l.item, l.system, l.count), at);
        }
    }

    /// The system named `name`, added if it is new.
    fn system(&mut self, seed: u64, name: &str) -> SystemId {
        let hash = hash_bytes(seed, name.as_bytes());
        let systems = &self.systems;
        let found = (self.system_chains).find(hash, |i| systems.get(i).is_some_and(|s| s == name));
        SystemId(found.unwrap_or_else(|| {
            let at = count_u32(self.systems.len());
            self.systems.push(name.to_owned());
            self.system_chains.push(hash, at);
            at
        }))
    }
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
    keys: Keys,
    hasher: RandomState,
    /// The seed of the keys' hash ([`hash_bytes`]), drawn once per
    /// inventory, before its first row.
    seed: Option<u64>,
    /// The key of the row being added, in a buffer kept between rows.
    key: Vec<u8>,
    /// What [`add_refs`](Inventory::add_refs) works in, kept between calls.
    batch: Batch,
    rows: u64,
    lines: Option<Lines>,
}

/// The fields that decide an evaluation: all but system and count, as
/// [`InventoryItem::evaluation_key`] keeps them. Spelled out so that a new
/// field cannot be forgotten.
fn key_fields<'a>(item: &ItemRef<'a>) -> [Option<&'a str>; 8] {
    let ItemRef {
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
        *publisher,
        *product,
        *version,
        *cpe,
        *purl,
        *category,
        *device,
        *classification,
    ]
}

/// Writes the key fields into `out`, each as its length and bytes, or one
/// marker byte when absent: two rows have the same encoding exactly when
/// their key fields are equal.
fn encode_key(item: &ItemRef<'_>, out: &mut Vec<u8>) {
    out.clear();
    encode_key_onto(item, out);
}

/// [`encode_key`], after what `out` holds.
fn encode_key_onto(item: &ItemRef<'_>, out: &mut Vec<u8>) {
    for field in key_fields(item) {
        // The marker byte is the length too, for most fields (one byte, not
        // nine: keys a third shorter to hash, compare and hold): 0 for no
        // field, 1 to 254 for a length of 0 to 253, and 255 before a
        // length of eight bytes.
        match field.map(|s| (s, u8::try_from(s.len()))) {
            None => out.push(0),
            Some((s, Ok(len @ 0..254))) => {
                out.push(len + 1);
                out.extend_from_slice(s.as_bytes());
            }
            Some((s, _)) => {
                out.push(u8::MAX);
                out.extend_from_slice(&(s.len() as u64).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        }
    }
}

/// A line's hash, from its item, system and count, by the keys' fold and
/// seed (SipHash, through `RandomState`, was a fifth of the page's time
/// counting a million rows). Lines with the same hash are told apart by
/// comparing them ([`Chains::find`]).
fn line_hash(seed: u64, item: ItemId, system: Option<SystemId>, count: Option<u64>) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let system = system.map_or(0, |s| u64::from(s.0) + 1);
    let count = count.map_or(0, |c| c.wrapping_add(1));
    let h = fold(seed ^ u64::from(item.0) ^ (system << 32), K);
    fold(h ^ count, K ^ seed)
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

    /// An inventory with lines of these rows, added in order.
    pub fn of_rows<'a>(rows: impl IntoIterator<Item = &'a InventoryItem>) -> Inventory {
        let mut inventory = Inventory::with_lines();
        for row in rows {
            inventory.add(row);
        }
        inventory
    }

    /// Takes one row: finds its distinct item, or adds a new one, and counts
    /// the row. The row itself is not kept.
    pub fn add(&mut self, row: &InventoryItem) -> ItemId {
        self.add_ref(&row.borrowed())
    }

    /// Counts the first row of a line that the caller knows is not here yet
    /// (the page's decoder: the worker that read the file numbered the line
    /// as new), so that the line is added without being looked for. Its item
    /// is `item` when that is here, and nothing of the row's key is then
    /// encoded, hashed or compared; otherwise the item is found, or added,
    /// by the row's key, as by [`add_ref`](Inventory::add_ref). The system
    /// can come with its [`SystemId`], from
    /// [`system_id`](Inventory::system_id) earlier, so that it is not looked
    /// up again (on a large inventory, a cache miss or two a row).
    ///
    /// Lines added so are indexed (hashed, to be found by their content)
    /// only when a row is next added by its content, and then once: a page
    /// that takes in a fleet's export, nearly a line a row, and counts the
    /// rest into lines by number ([`count_line`](Inventory::count_line)),
    /// never pays for it. A caller wrong about a line being new gets two
    /// lines of the same rows, each counted right.
    pub fn add_first_of_line(
        &mut self,
        row: &ItemRef<'_>,
        item: Option<ItemId>,
        system: Option<SystemId>,
    ) -> ItemId {
        match item.filter(|i| i.index() < self.items.len()) {
            Some(item) => self.count_with(row, Some(item.0), &[], 0, system, true),
            None => self.add_by_key(row, system, true),
        }
    }

    /// The system named `name` among [`systems`](Inventory::systems), added
    /// if it is new; none for an inventory that keeps no lines.
    pub fn system_id(&mut self, name: &str) -> Option<SystemId> {
        let seed = self.seed_once();
        Some(self.lines.as_mut()?.system(seed, name))
    }

    /// [`add`](Inventory::add), the row's text borrowed: a row whose item
    /// was seen before is counted without any of it being copied.
    pub fn add_ref(&mut self, row: &ItemRef<'_>) -> ItemId {
        self.add_by_key(row, None, false)
    }

    /// Finds or adds the row's item by its key, and counts the row.
    fn add_by_key(
        &mut self,
        row: &ItemRef<'_>,
        system: Option<SystemId>,
        first_of_line: bool,
    ) -> ItemId {
        let seed = self.seed_once();
        let mut key = std::mem::take(&mut self.key);
        encode_key(row, &mut key);
        let hash = hash_bytes(seed, &key);
        let found = self.keys.find(hash, &key);
        let id = self.count_with(row, found, &key, hash, system, first_of_line);
        self.key = key;
        id
    }

    /// [`add_ref`](Inventory::add_ref) for each of `rows` in turn, their
    /// items put in `ids`. The same as one by one, but the rows' items are
    /// looked up together first: on a large inventory each lookup is a
    /// cache miss or two, which a row at a time waits for in turn, and
    /// several rows' lookups wait for theirs at once.
    pub fn add_refs(&mut self, rows: &[ItemRef<'_>], ids: &mut Vec<ItemId>) {
        let seed = KeySeed(self.seed_once());
        let mut batch = std::mem::take(&mut self.batch);
        batch.keyed.clear();
        for row in rows {
            batch.keyed.push(seed, row);
        }
        self.count_keyed(rows, &batch.keyed, &mut batch.found, ids);
        self.batch = batch;
    }

    /// The seed of this inventory's key hash, for [`Keyed::push`].
    pub fn key_seed(&mut self) -> KeySeed {
        KeySeed(self.seed_once())
    }

    /// [`add_refs`](Inventory::add_refs), the rows' keys already made
    /// ([`Keyed`], with this inventory's [`key_seed`](Inventory::key_seed)).
    /// Keys of other rows, or with another seed, are made again.
    pub fn add_keyed(&mut self, rows: &[ItemRef<'_>], keyed: &Keyed, ids: &mut Vec<ItemId>) {
        if keyed.seed != Some(self.seed_once()) || keyed.spans.len() != rows.len() {
            return self.add_refs(rows, ids);
        }
        let mut batch = std::mem::take(&mut self.batch);
        self.count_keyed(rows, keyed, &mut batch.found, ids);
        self.batch = batch;
    }

    /// [`add_refs`](Inventory::add_refs) with the rows keyed.
    fn count_keyed(
        &mut self,
        rows: &[ItemRef<'_>],
        keyed: &Keyed,
        found: &mut Vec<Option<(u32, usize)>>,
        ids: &mut Vec<ItemId>,
    ) {
        ids.clear();
        found.clear();
        // Each row's place in the table, then each one's key: so that
        // neither step waits on the other's memory from row to row.
        found.extend((keyed.spans.iter()).map(|(_, _, hash)| self.keys.candidate(*hash)));
        for (found, (start, end, _)) in found.iter_mut().zip(&keyed.spans) {
            let key = keyed.keys.get(*start..*end);
            *found = found.filter(|(_, at)| self.keys.at(*at) == key);
        }
        // And each found item's tally, read here for all of them (what is
        // read is of no use but to have it in the cache for the counting).
        let tallies = (found.iter().flatten())
            .filter_map(|(id, _)| self.tallies.get(*id as usize))
            .fold(0u64, |n, t| {
                n.wrapping_add(t.rows)
                    .wrapping_add(t.systems.last().map_or(0, |s| s.len() as u64))
            });
        std::hint::black_box(tallies);
        for ((row, found), (start, end, hash)) in rows.iter().zip(found.iter()).zip(&keyed.spans) {
            let key = keyed.keys.get(*start..*end).unwrap_or_default();
            // Not found: a new item, perhaps added by an earlier row of
            // these, or one whose hash another item has too.
            let found = found
                .map(|(id, _)| id)
                .or_else(|| self.keys.find(*hash, key));
            ids.push(self.count(row, found, key, *hash));
        }
    }

    /// The seed of the keys' hash, drawn the first time.
    fn seed_once(&mut self) -> u64 {
        let hasher = &self.hasher;
        *self.seed.get_or_insert_with(|| hasher.hash_one(0x5eed_u64))
    }

    /// Counts `row`, whose key is `key` and its hash `hash`, in its item,
    /// `found` or else a new one.
    fn count(&mut self, row: &ItemRef<'_>, found: Option<u32>, key: &[u8], hash: u64) -> ItemId {
        self.count_with(row, found, key, hash, None, false)
    }

    /// [`count`](Inventory::count), the row's system's id given if `system`
    /// is some (which must be the row's system's), its line not looked for
    /// if `first_of_line` ([`add_first_of_line`](Inventory::add_first_of_line)).
    fn count_with(
        &mut self,
        row: &ItemRef<'_>,
        found: Option<u32>,
        key: &[u8],
        hash: u64,
        system: Option<SystemId>,
        first_of_line: bool,
    ) -> ItemId {
        self.rows = self.rows.saturating_add(1);
        let id = match found {
            Some(id) => id,
            None => {
                let item = ItemRef {
                    system: None,
                    count: None,
                    ..*row
                };
                self.push_item(hash, item.to_item(), key)
            }
        };
        if let Some(tally) = self.tallies.get_mut(id as usize) {
            tally.add_ref(row);
        }
        let id = ItemId(id);
        if let Some(lines) = &mut self.lines {
            let row_at = self.rows.saturating_sub(1) as usize;
            let seed = self.seed.unwrap_or_default();
            let system = system.or_else(|| row.system.map(|s| lines.system(seed, s)));
            let count = row.count;
            // A line added as the first of its own is not indexed, nor
            // any after it, until a row is looked for.
            let hash = (!first_of_line).then(|| line_hash(seed, id, system, count));
            let found = match hash {
                None => None,
                Some(hash) => {
                    lines.index(seed);
                    lines.chains.find(hash, |i| {
                        (lines.lines.get(i))
                            .is_some_and(|l| l.item == id && l.system == system && l.count == count)
                    })
                }
            };
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
                        system,
                        count,
                        first_row: row_at,
                        rows: 1,
                    });
                    if let Some(hash) = hash {
                        lines.chains.push(hash, at);
                    }
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
        self.keys.push(hash, id, key);
        id
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

    /// The systems the lines name, each once, in the order first named;
    /// empty unless the inventory keeps its lines.
    pub fn systems(&self) -> &[String] {
        self.lines.as_ref().map_or(&[], |l| &l.systems)
    }

    /// The system a line names, if any.
    pub fn system(&self, line: &Line) -> Option<&str> {
        self.systems().get(line.system?.index()).map(String::as_str)
    }

    /// Each row's distinct item, in the order rows were added; empty unless
    /// the inventory keeps its lines.
    pub fn row_items(&self) -> impl Iterator<Item = ItemId> + '_ {
        let lines = self.lines();
        (self.lines.as_ref().map_or(&[][..], |l| &l.of_row).iter())
            .filter_map(|at| lines.get(*at as usize).map(|l| l.item))
    }

    /// The line of row `row` (counted from 0 in the order rows were
    /// added); none past the last row, or for an inventory without lines.
    pub fn line_of(&self, row: usize) -> Option<usize> {
        Some(*self.lines.as_ref()?.of_row.get(row)? as usize)
    }

    /// Row `row` as it was added, its text borrowed from its distinct item
    /// and its line; none past the last row, or without lines.
    pub fn row(&self, row: usize) -> Option<ItemRef<'_>> {
        self.line_row(self.lines().get(self.line_of(row)?)?)
    }

    /// A line's rows, each the same: its item's fields, its system and its
    /// count.
    pub fn line_row(&self, line: &Line) -> Option<ItemRef<'_>> {
        Some(ItemRef {
            system: self.system(line),
            count: line.count,
            ..self.item(line.item)?.borrowed()
        })
    }

    /// Every row, in the order they were added; none without lines.
    pub fn row_refs(&self) -> impl Iterator<Item = ItemRef<'_>> + '_ {
        let lines = self.lines();
        (self.lines.as_ref().map_or(&[][..], |l| &l.of_row).iter())
            .filter_map(|at| self.line_row(lines.get(*at as usize)?))
    }

    /// Counts one more row of line `line` (its place in
    /// [`lines`](Inventory::lines)), a row like its others: nothing of it
    /// is hashed, looked up or compared. For a caller that knows the line,
    /// such as the page's decoder, numbered by the worker that read the
    /// file. False, and nothing counted, for a line that is not here.
    pub fn count_line(&mut self, line: usize) -> bool {
        let Some(lines) = &mut self.lines else {
            return false;
        };
        let Some(found) = lines.lines.get_mut(line) else {
            return false;
        };
        found.rows = found.rows.saturating_add(1);
        // The line's system has been in its item's tally since its first
        // row: counting the row is all `Tally::add` would do.
        if let Some(tally) = self.tallies.get_mut(found.item.index()) {
            tally.rows = tally.rows.saturating_add(1);
            tally.installations = (tally.installations).saturating_add(found.count.unwrap_or(1));
        }
        lines.of_row.push(count_u32(line));
        self.rows = self.rows.saturating_add(1);
        true
    }

    /// Adds `rows` of `from`, in order, as [`add`](Inventory::add) would
    /// one by one; each of `from`'s lines is looked up once, its other
    /// rows only counted ([`count_line`](Inventory::count_line)). How the
    /// page changes an inventory it holds as rows: a row edited or
    /// removed, a file read again or added to another's rows.
    pub fn extend_from(&mut self, from: &Inventory, rows: std::ops::Range<usize>) {
        const NONE: u32 = u32::MAX;
        // Each of `from`'s lines as one of ours, once its first row is here.
        let mut ours = vec![NONE; from.lines().len()];
        for at in rows {
            let Some(theirs) = from.line_of(at) else {
                break;
            };
            if let Some(line) = ours.get(theirs).filter(|l| **l != NONE)
                && self.count_line(*line as usize)
            {
                continue;
            }
            let Some(row) = from.row(at) else {
                continue;
            };
            self.add_ref(&row);
            let added = self.line_of(self.rows.saturating_sub(1) as usize);
            if let (Some(line), Some(slot)) = (added, ours.get_mut(theirs)) {
                *slot = count_u32(line);
            }
        }
    }
}

/// Two inventories are equal when their rows are sorted alike: the same
/// distinct items and tallies, and the same lines, systems and rows' lines
/// (not their tables, which are how rows are found).
impl PartialEq for Inventory {
    fn eq(&self, other: &Inventory) -> bool {
        fn lines(i: &Inventory) -> Option<(&[Line], &[u32], &[String])> {
            i.lines
                .as_ref()
                .map(|l| (&l.lines[..], &l.of_row[..], &l.systems[..]))
        }
        self.rows == other.rows
            && self.items == other.items
            && self.tallies == other.tallies
            && lines(self) == lines(other)
    }
}

impl Eq for Inventory {}

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
        more: impl FnMut() -> bool,
    ) -> bool {
        let matcher = rules.matcher();
        self.match_with(inventory, more, |item| {
            matcher.match_item(rules.entities(), item)
        })
    }

    /// Matches every item of the inventory not yet matched.
    pub fn match_all(&mut self, rules: &RuleSet, inventory: &Inventory) {
        self.match_while(rules, inventory, || true);
    }

    /// [`match_all`](Matches::match_all), what publishers' names alone
    /// decide kept in `publishers` ([`Matcher::match_item_in`]), which must
    /// be used with `rules` only.
    ///
    /// [`Matcher::match_item_in`]: crate::matcher::Matcher::match_item_in
    pub fn match_all_in(
        &mut self,
        rules: &RuleSet,
        inventory: &Inventory,
        publishers: &mut Publishers,
    ) {
        let matcher = rules.matcher();
        self.match_with(
            inventory,
            || true,
            |item| matcher.match_item_in(rules.entities(), item, publishers),
        );
    }

    /// [`match_while`](Matches::match_while), each distinct name matched
    /// by `match_item`.
    fn match_with(
        &mut self,
        inventory: &Inventory,
        mut more: impl FnMut() -> bool,
        mut match_item: impl FnMut(&InventoryItem) -> Option<Match>,
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
                .or_insert_with(|| match_item(item))
                .clone();
            self.of_item.push(matched);
        }
        true
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Both folds, native and wasm, spread keys like an inventory's (the
    /// same prefix, a number at the end, short and long) over the table.
    #[test]
    fn both_folds_spread_keys() {
        for fold in [fold_wide as fn(u64, u64) -> u64, fold_narrow] {
            let mut seen = std::collections::HashSet::new();
            // The table takes its place from the low bits, its tag from the high.
            let (mut high, mut low) = (vec![0u32; 1 << 12], vec![0u32; 1 << 12]);
            let n = 200_000;
            for i in 0..n {
                let key = format!("\x08PC-{i:06}\x10Mozilla Firefox{}", "x".repeat(i % 40));
                let hash = hash_bytes_with(fold, 0x5eed, key.as_bytes());
                seen.insert(hash);
                high[(hash >> 52) as usize] += 1;
                low[(hash & 0xfff) as usize] += 1;
            }
            assert_eq!(seen.len(), n, "no two of these keys share a hash");
            // 49 a bucket on average: no bucket near twice that.
            for buckets in [&high, &low] {
                let most = buckets.iter().max().copied().unwrap_or_default();
                assert!(most < 90, "a bucket of {most}");
            }
        }
    }
}
