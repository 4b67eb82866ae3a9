//! Tying inventory items to catalogue entities.
//!
//! Methods are tried from the most to the least certain, and the first that
//! finds an entity wins: an exact alias, a normalised alias (whole string, or a
//! distinctive keyword as whole words), a CPE vendor, a package URL namespace,
//! and last a fuzzy near-miss. A near-miss is only ever a *possible* match: it
//! does not set a verdict until someone confirms it.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::normalise::{contains_words, normalise, words};
use crate::pack::Entity;
use crate::{Date, InventoryItem};

/// How an item was tied to an entity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMethod {
    ExactAlias,
    NormalisedAlias,
    /// A distinctive keyword of the entity's, as whole words in the name.
    Keyword,
    /// A keyword in the product name from a publisher that is someone else:
    /// a possible match only ("TikTok Video Downloader" by another company).
    Uncorroborated,
    CpeVendor,
    PackageUrl,
    Fuzzy,
    /// The user said which entity this is.
    Confirmed,
}

/// A tie between an item and an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Match {
    /// The entity's id.
    pub entity: String,
    pub method: MatchMethod,
    /// From 0 to 1. Only fuzzy matches are below 0.9.
    pub confidence: f64,
    /// Whether the match is certain. A possible (fuzzy) match sets no verdict
    /// until the user confirms it.
    pub certain: bool,
    /// The item field the match was made on.
    pub field: crate::Field,
    /// The catalogue name that matched.
    pub matched: String,
    /// The product line identified, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// When the name is a company or brand the entity owned only for a time:
    /// which, and when. Rules apply only on assessment dates within it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holding: Option<HoldingMatch>,
}

/// A holding an item matched, with the dates the entity owned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HoldingMatch {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl HoldingMatch {
    /// Whether the entity owned it on `date`.
    pub fn owned_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// Lowest similarity for a near-miss to be reported at all.
const FUZZY_THRESHOLD: f64 = 0.8;
/// Words shorter than this are never fuzzily matched: too many short words
/// are a letter away from each other.
const FUZZY_MIN_CHARS: usize = 6;
/// A near-miss is at most one edit (a letter added, dropped, changed or two
/// swapped) from a keyword, or two from a keyword at least this long. Two
/// edits from a short keyword reach ordinary words: `securityagent` is two
/// from `securitygen`.
const FUZZY_TWO_EDITS_MIN_CHARS: usize = 12;
/// A product-name keyword that the publisher does not bear out is a
/// possible match at this confidence.
const UNCORROBORATED_CONFIDENCE: f64 = 0.6;
/// Publisher values that say nothing about who published a product.
const NO_PUBLISHER: &[&str] = &[
    "",
    "unknown",
    "n a",
    "na",
    "none",
    "null",
    "not available",
    "unknown publisher",
    "various",
    "other",
];

/// Where a catalogue name leads: an entity, or one of its holdings.
#[derive(Debug, Clone)]
struct Target {
    entity: usize,
    holding: Option<usize>,
    name: String,
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    target: Target,
}

/// An index over the catalogue, built once per rule set.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    exact: HashMap<String, Target>,
    normalised: HashMap<String, Target>,
    keywords: Vec<Phrase>,
    look_alikes: Vec<Phrase>,
    cpe: HashMap<String, usize>,
    purl: HashMap<String, usize>,
    /// (entity, product index, phrase) for identifying product lines.
    products: Vec<(usize, usize, Vec<String>)>,
    /// The one-word keywords long enough to be near-missed, with what the
    /// fuzzy pass checks first: index into `keywords`, length in chars, and
    /// letter counts.
    fuzzy: Vec<(usize, usize, Letters)>,
}

/// What matching found in publishers' names, for
/// [`Matcher::match_item_in`]: each distinct name's words, and what its
/// alias or keyword and its near miss match.
#[derive(Debug, Clone, Default)]
pub struct Publishers {
    /// Each name's place in `found`.
    at: HashMap<String, usize>,
    found: Vec<Publisher>,
}

#[derive(Debug, Clone)]
struct Publisher {
    words: Vec<String>,
    by_name: Option<(Target, Match)>,
    fuzzy: Option<(Target, Match)>,
}

/// How many of each letter a word has, folded into 64 buckets: for a quick
/// lower bound on the edit distance between two words (see [`Letters::apart`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Letters([u8; 64]);

impl Letters {
    fn of(word: &str) -> Letters {
        let mut counts = [0u8; 64];
        for c in word.chars() {
            // `% 64` keeps the index in range; the slot exists.
            if let Some(n) = counts.get_mut(c as usize % 64) {
                *n = n.saturating_add(1);
            }
        }
        Letters(counts)
    }

    /// The bag distance: the larger of the letters one word has more of and
    /// the letters the other has more of. Each insertion, deletion or
    /// substitution changes it by at most one and a transposition not at
    /// all, so it never exceeds the Damerau-Levenshtein distance (folding
    /// letters into buckets only lowers it): a word further apart than this
    /// cannot be a near miss, and most are ruled out without the full
    /// distance, which allocates.
    ///
    /// Asked of every keyword for every word of a new name: the buckets are
    /// summed without branches, which the compiler vectorises natively. The
    /// page's wasm is built for size, which vectorises no loop, so there the
    /// buckets go eight to a `u64` instead ([`Letters::apart_in_words`]).
    #[cfg(not(target_arch = "wasm32"))]
    fn apart(&self, other: &Letters) -> usize {
        self.apart_by_bytes(other)
    }

    #[cfg(target_arch = "wasm32")]
    fn apart(&self, other: &Letters) -> usize {
        self.apart_in_words(other)
            .unwrap_or_else(|| self.apart_by_bytes(other))
    }

    fn apart_by_bytes(&self, other: &Letters) -> usize {
        // In `u16`s (64 buckets of at most 255 fit): narrow lanes, many a step.
        let pairs = || self.0.iter().zip(&other.0);
        let sum = |n: u16, d: u8| n.wrapping_add(u16::from(d));
        let more = pairs().fold(0, |n, (a, b)| sum(n, a.saturating_sub(*b)));
        let fewer = pairs().fold(0, |n, (a, b)| sum(n, b.saturating_sub(*a)));
        usize::from(more.max(fewer))
    }

    /// [`apart_by_bytes`](Letters::apart_by_bytes) eight buckets at a time,
    /// a bucket a byte of a `u64`: exact while every count is below 128
    /// (a word's letters, in the buckets near misses are looked for in),
    /// so that a byte's difference never borrows from the next; `None`
    /// otherwise.
    #[cfg(any(target_arch = "wasm32", test))]
    fn apart_in_words(&self, other: &Letters) -> Option<usize> {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const EVEN: u64 = 0x00ff_00ff_00ff_00ff;
        fn words(l: &Letters) -> impl Iterator<Item = u64> + '_ {
            (l.0.chunks_exact(8)).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
        }
        // Each byte `a - b` where `a >= b`, else 0: `128 + a - b` is in
        // 1..=255, its top bit set exactly when `a >= b`.
        let over = |a: u64, b: u64| {
            // Wrapping: with a count of 128 or more (then `None`) it may borrow.
            let t = (a | HIGH).wrapping_sub(b);
            let keep = ((t & HIGH) >> 7) * 0xff;
            t & !HIGH & keep
        };
        // Bytes summed in 16-bit lanes, which 64 buckets cannot fill.
        let widen = |x: u64| (x & EVEN) + ((x >> 8) & EVEN);
        let (mut all, mut more, mut fewer) = (0u64, 0u64, 0u64);
        for (a, b) in words(self).zip(words(other)) {
            all |= a | b;
            more = more.wrapping_add(widen(over(a, b)));
            fewer = fewer.wrapping_add(widen(over(b, a)));
        }
        let total = |lanes: u64| (lanes.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
        (all & HIGH == 0).then(|| total(more).max(total(fewer)))
    }
}

impl Matcher {
    pub fn new(entities: &[Entity]) -> Matcher {
        let mut m = Matcher::default();
        for (i, e) in entities.iter().enumerate() {
            let names = std::iter::once(&e.name)
                .chain(&e.legal_names)
                .chain(&e.subsidiaries)
                .chain(&e.aliases)
                .map(|n| (None, n));
            let held = e.holdings.iter().enumerate().flat_map(|(h, holding)| {
                std::iter::once(&holding.name)
                    .chain(&holding.aliases)
                    .map(move |n| (Some(h), n))
            });
            for (holding, name) in names.chain(held) {
                let target = Target {
                    entity: i,
                    holding,
                    name: name.clone(),
                };
                m.exact
                    .entry(name.trim().to_owned())
                    .or_insert_with(|| target.clone());
                let n = normalise(name);
                if !n.is_empty() {
                    m.normalised.entry(n).or_insert(target);
                }
            }
            let keywords = e.keywords.iter().map(|k| (None, k));
            let held = e
                .holdings
                .iter()
                .enumerate()
                .flat_map(|(h, holding)| holding.keywords.iter().map(move |k| (Some(h), k)));
            for (holding, k) in keywords.chain(held) {
                m.keywords.push(Phrase {
                    words: words(k),
                    target: Target {
                        entity: i,
                        holding,
                        name: k.clone(),
                    },
                });
            }
            for l in &e.look_alikes {
                m.look_alikes.push(Phrase {
                    words: words(l),
                    target: Target {
                        entity: i,
                        holding: None,
                        name: l.clone(),
                    },
                });
            }
            for v in &e.cpe_vendors {
                m.cpe.insert(v.to_ascii_lowercase(), i);
            }
            for ns in &e.purl_namespaces {
                m.purl.insert(ns.to_ascii_lowercase(), i);
            }
            for (p, product) in e.products.iter().enumerate() {
                for alias in std::iter::once(&product.name).chain(&product.aliases) {
                    let w = words(alias);
                    if !w.is_empty() {
                        m.products.push((i, p, w));
                    }
                }
            }
        }
        // Longest phrases first, so the most specific product line wins.
        crate::sort::sort_with(&mut m.products, |a, b| b.2.len().cmp(&a.2.len()));
        m.fuzzy = (m.keywords.iter().enumerate())
            .filter_map(|(i, k)| {
                let [keyword] = k.words.as_slice() else {
                    return None;
                };
                let length = keyword.chars().count();
                (length >= FUZZY_MIN_CHARS).then(|| (i, length, Letters::of(keyword)))
            })
            .collect();
        m
    }

    /// Ties an item to an entity, if any method can. `entities` must be the
    /// slice the matcher was built from.
    pub fn match_item(&self, entities: &[Entity], item: &InventoryItem) -> Option<Match> {
        let publisher = item.publisher.as_deref().unwrap_or("").trim();
        let publisher_words = words(publisher);
        self.match_item_after(
            entities,
            item,
            &publisher_words,
            || self.by_name(crate::Field::Publisher, publisher, &publisher_words),
            || self.fuzzy(crate::Field::Publisher, &publisher_words),
        )
    }

    /// [`match_item`](Matcher::match_item), what the publisher's name alone
    /// decides kept in `publishers` for the next item of the same publisher
    /// (an inventory has many products of few publishers). `publishers`
    /// must have been filled by this matcher only.
    pub fn match_item_in(
        &self,
        entities: &[Entity],
        item: &InventoryItem,
        publishers: &mut Publishers,
    ) -> Option<Match> {
        let publisher = item.publisher.as_deref().unwrap_or("").trim();
        let at = match publishers.at.get(publisher) {
            Some(at) => *at,
            None => {
                let words = words(publisher);
                publishers.found.push(Publisher {
                    by_name: self.by_name(crate::Field::Publisher, publisher, &words),
                    fuzzy: self.fuzzy(crate::Field::Publisher, &words),
                    words,
                });
                let at = publishers.found.len() - 1;
                publishers.at.insert(publisher.to_owned(), at);
                at
            }
        };
        let known = publishers.found.get(at)?;
        self.match_item_after(
            entities,
            item,
            &known.words,
            || known.by_name.clone(),
            || known.fuzzy.clone(),
        )
    }

    /// [`match_item`](Matcher::match_item), given the publisher's words and
    /// what its name matches by alias or keyword (asked first) and as a near
    /// miss (asked last).
    fn match_item_after(
        &self,
        entities: &[Entity],
        item: &InventoryItem,
        publisher_words: &[String],
        by_publisher: impl FnOnce() -> Option<(Target, Match)>,
        publisher_near_miss: impl FnOnce() -> Option<(Target, Match)>,
    ) -> Option<Match> {
        let product = item.product.as_deref().unwrap_or("").trim();
        let product_words = words(product);
        let found = by_publisher()
            .or_else(|| {
                self.by_name(crate::Field::Product, product, &product_words)
                    .map(|found| corroborate(found, publisher_words))
            })
            .or_else(|| item.cpe.as_deref().and_then(|c| self.by_cpe(c)))
            .or_else(|| item.purl.as_deref().and_then(|p| self.by_purl(p)))
            .or_else(|| {
                publisher_near_miss().or_else(|| self.fuzzy(crate::Field::Product, &product_words))
            });
        let (target, mut m) = found?;
        let entity = target.entity;
        let e = entities.get(entity)?;
        m.entity = e.id.clone();
        m.holding = target
            .holding
            .and_then(|h| e.holdings.get(h))
            .map(|h| HoldingMatch {
                name: h.name.clone(),
                from: h.from,
                until: h.until,
            });
        m.product = self
            .products
            .iter()
            .find(|(i, _, phrase)| {
                *i == entity
                    && (contains_words(&product_words, phrase)
                        || contains_words(publisher_words, phrase))
            })
            .and_then(|(_, p, _)| e.products.get(*p))
            .map(|p| p.name.clone());
        Some(m)
    }

    fn is_look_alike(&self, entity: usize, text: &[String]) -> bool {
        self.look_alikes
            .iter()
            .any(|l| l.target.entity == entity && contains_words(text, &l.words))
    }

    fn by_name(&self, field: crate::Field, raw: &str, text: &[String]) -> Option<(Target, Match)> {
        if raw.is_empty() {
            return None;
        }
        let make = |target: &Target, method, confidence| {
            (
                target.clone(),
                Match {
                    entity: String::new(),
                    method,
                    confidence,
                    certain: true,
                    field,
                    matched: target.name.clone(),
                    product: None,
                    holding: None,
                },
            )
        };
        if let Some(target) = self.exact.get(raw)
            && !self.is_look_alike(target.entity, text)
        {
            return Some(make(target, MatchMethod::ExactAlias, 1.0));
        }
        if let Some(target) = self.normalised.get(&text.join(" "))
            && !self.is_look_alike(target.entity, text)
        {
            return Some(make(target, MatchMethod::NormalisedAlias, 1.0));
        }
        // The longest keyword found, so "china mobile" beats a shorter one.
        self.keywords
            .iter()
            .filter(|k| {
                contains_words(text, &k.words) && !self.is_look_alike(k.target.entity, text)
            })
            .max_by_key(|k| k.words.len())
            .map(|k| make(&k.target, MatchMethod::Keyword, 0.95))
    }

    fn by_cpe(&self, cpe: &str) -> Option<(Target, Match)> {
        // cpe:2.3:part:vendor:product:... ; CPE 2.2 URIs are cpe:/part:vendor:product.
        let lower = cpe.trim().to_ascii_lowercase();
        let vendor = if let Some(rest) = lower.strip_prefix("cpe:2.3:") {
            rest.split(':').nth(1)
        } else if let Some(rest) = lower.strip_prefix("cpe:/") {
            rest.split(':').nth(1)
        } else {
            None
        }?;
        let entity = *self.cpe.get(vendor)?;
        Some((
            Target {
                entity,
                holding: None,
                name: vendor.to_owned(),
            },
            Match {
                entity: String::new(),
                method: MatchMethod::CpeVendor,
                confidence: 1.0,
                certain: true,
                field: crate::Field::Cpe,
                matched: vendor.to_owned(),
                product: None,
                holding: None,
            },
        ))
    }

    fn by_purl(&self, purl: &str) -> Option<(Target, Match)> {
        // pkg:type/namespace/name@version?qualifiers#subpath
        let rest = purl.trim().strip_prefix("pkg:")?;
        let path = rest.split(['@', '?', '#']).next()?;
        let mut parts: Vec<&str> = path.split('/').collect();
        parts.pop(); // the name
        if parts.len() < 2 {
            return None;
        }
        let namespace = parts
            .get(1..)?
            .join("/")
            .to_ascii_lowercase()
            .replace("%40", "@");
        // A namespace matches itself and anything below it (com.huawei matches com.huawei.hms).
        let entity = self
            .purl
            .iter()
            .filter(|(ns, _)| {
                namespace == **ns
                    || namespace.starts_with(&format!("{ns}."))
                    || namespace.starts_with(&format!("{ns}/"))
            })
            .max_by_key(|(ns, _)| ns.len())
            .map(|(_, e)| *e)?;
        Some((
            Target {
                entity,
                holding: None,
                name: namespace.clone(),
            },
            Match {
                entity: String::new(),
                method: MatchMethod::PackageUrl,
                confidence: 0.9,
                certain: true,
                field: crate::Field::Purl,
                matched: namespace,
                product: None,
                holding: None,
            },
        ))
    }

    fn fuzzy(&self, field: crate::Field, text: &[String]) -> Option<(Target, Match)> {
        let words: Vec<(&String, usize, Letters)> = (text.iter())
            .map(|w| (w, w.chars().count(), Letters::of(w)))
            .filter(|(_, chars, _)| *chars >= FUZZY_MIN_CHARS)
            .collect();
        if words.is_empty() {
            return None;
        }
        let mut best: Option<(f64, &Target)> = None;
        for (index, length, letters) in &self.fuzzy {
            let Some(k) = self.keywords.get(*index) else {
                continue;
            };
            let Some(keyword) = k.words.first() else {
                continue;
            };
            let length = *length;
            let most = if length >= FUZZY_TWO_EDITS_MIN_CHARS {
                2
            } else {
                1
            };
            let mut look_alike = None;
            for (word, chars, word_letters) in &words {
                let chars = *chars;
                // The distance is at least the difference in length, and at
                // least the bag distance: most pairs are ruled out before it
                // is computed.
                if chars.abs_diff(length) > most
                    || *word == keyword
                    || letters.apart(word_letters) > most
                {
                    continue;
                }
                let edits = strsim::damerau_levenshtein(word, keyword);
                if edits > most {
                    continue;
                }
                // Asked once per keyword, and only of a near miss.
                if *look_alike.get_or_insert_with(|| self.is_look_alike(k.target.entity, text)) {
                    break;
                }
                // As strsim's normalized_damerau_levenshtein, without computing the distance twice.
                let score = 1.0 - edits as f64 / chars.max(length) as f64;
                if score >= FUZZY_THRESHOLD && best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, &k.target));
                }
            }
        }
        best.map(|(score, target)| {
            (
                target.clone(),
                Match {
                    entity: String::new(),
                    method: MatchMethod::Fuzzy,
                    confidence: (score * 100.0).round() / 100.0,
                    certain: false,
                    field,
                    matched: target.name.clone(),
                    product: None,
                    holding: None,
                },
            )
        })
    }
}

/// A keyword found in the product name is certain only when the publisher
/// bears it out, or says nothing: "TikTok Video Downloader" from another
/// publisher is not ByteDance's TikTok. (A publisher that names the entity
/// has matched before the product name is tried.) The whole product name
/// being one of the entity's names stays certain.
fn corroborate((target, mut m): (Target, Match), publisher: &[String]) -> (Target, Match) {
    if m.method == MatchMethod::Keyword && !NO_PUBLISHER.contains(&publisher.join(" ").as_str()) {
        m.method = MatchMethod::Uncorroborated;
        m.certain = false;
        m.confidence = UNCORROBORATED_CONFIDENCE;
    }
    (target, m)
}

#[cfg(test)]
mod tests {
    use super::Letters;
    use proptest::prelude::*;

    proptest! {
        /// The quick bound never rules out a true near miss: it is never
        /// more than the Damerau-Levenshtein distance.
        #[test]
        fn letters_apart_is_a_lower_bound_of_the_edit_distance(
            a in "[a-zà-ÿ0-9а-я]{0,16}",
            b in "[a-zà-ÿ0-9а-я]{0,16}",
        ) {
            let bound = Letters::of(&a).apart(&Letters::of(&b));
            prop_assert!(bound <= strsim::damerau_levenshtein(&a, &b));
        }
    }

    proptest! {
        /// Eight buckets to a word give what a bucket at a time gives,
        /// whenever they give anything (every count below 128).
        #[test]
        fn letters_apart_in_words_is_apart_by_bytes(
            a in "[a-zà-ÿ0-9а-я]{0,40}|a{100,140}|\\?{120,140}",
            b in "[a-zà-ÿ0-9а-я]{0,40}|[ab?]{100,300}",
        ) {
            let (a, b) = (Letters::of(&a), Letters::of(&b));
            let words = a.apart_in_words(&b);
            if let Some(words) = words {
                prop_assert_eq!(words, a.apart_by_bytes(&b));
            }
            prop_assert_eq!(words.is_some(), a.0.iter().chain(&b.0).all(|n| *n < 128));
        }
    }

    #[test]
    fn letters_apart_counts_what_differs() {
        let apart = |a: &str, b: &str| Letters::of(a).apart(&Letters::of(b));
        assert_eq!(apart("kaspersky", "kaspersky"), 0);
        assert_eq!(apart("kaspersky", "kasperksy"), 0, "a transposition");
        assert_eq!(apart("kaspersky", "kasperky"), 1);
        assert_eq!(apart("hikvision", "microsoft"), 6);
    }
}
