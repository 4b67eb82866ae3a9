//! The engine of Vendor Risk Checker: given who is assessing and what they
//! run, say for each item whether it is `prohibited`, to `avoid`, to `review`,
//! explicitly `no-action`, or `clear`, why, and according to which instrument.
//!
//! # Design
//!
//! - **Rules are data.** A rule pack is a set of TOML files ([`pack`]) holding
//!   classification scales, vocabularies, a vendor catalogue and rules. A
//!   [`RuleSetBuilder`] parses and validates packs, reporting every problem
//!   with its file, line and field ([`PackError`]); a [`RuleSet`] exists only
//!   when there are none. The built-in pack under `rules/` is compiled in.
//! - **Matching before rules.** Each item is tied to a catalogue entity by the
//!   most certain method that works ([`matcher`]). A fuzzy near-miss is a
//!   possible match only, and sets no verdict until confirmed.
//! - **Evaluation returns data.** [`assess`] never fails: each item gets its
//!   findings, the rules considered that did not apply and why, and the rules
//!   still to come. An unknown answer never triggers a rule; it is reported with
//!   the answer that would. Each distinct item is evaluated once: an
//!   [`Assessor`] takes rows one at a time and keeps only the distinct items
//!   and a tally of their rows, so an inventory of a million rows costs what
//!   its few thousand products cost; [`assess`] is one that keeps the rows too.
//! - **No I/O, no clock.** The engine reads no files and no time: the shells
//!   (the `vrc` CLI and the web app) pass in text and the assessment date, so the
//!   same code runs natively and in WebAssembly.

pub mod assessor;
mod category;
pub mod changes;
pub mod context;
pub mod date;
pub mod eval;
pub mod evaluated;
pub mod headline;
pub mod inventory;
pub mod item;
pub mod load;
pub mod matcher;
pub mod normalise;
pub mod pack;
pub mod report;
pub mod schema;
pub mod sort;
mod suggest;
pub mod vocab;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use assessor::{Assessment, Assessor, ItemId, assess};
pub use context::Context;
pub use date::Date;
pub use eval::{Evaluation, Finding, Needed, NeededField, NotApplied, Outcome, Waiting, evaluate};
pub use item::{Delimiter, Field, ImportReport, InventoryItem, ItemRef, SkippedRow};
pub use load::{Diagnostic, PackError, RuleSetBuilder};
pub use matcher::{Match, MatchMethod};
pub use vocab::{Jurisdiction, Sector, Verdict};

use normalise::fold_marking;
use pack::{Entity, PackMeta, Question, Rule, Term};

/// Validated rule packs, indexed for evaluation.
#[derive(Debug, Clone)]
pub struct RuleSet {
    packs: Vec<PackMeta>,
    /// For each rule, its pack's index in `packs`.
    rule_packs: Vec<usize>,
    scales: BTreeMap<Jurisdiction, Vec<String>>,
    categories: Vec<Term>,
    devices: Vec<Term>,
    questions: Vec<Question>,
    entities: Vec<Entity>,
    rules: Vec<Rule>,
    matcher: matcher::Matcher,
    name_words: category::NameWords,
    entity_index: HashMap<String, usize>,
    rule_index: HashMap<String, usize>,
    /// For each entity, the rules whose entity conditions it meets.
    rules_by_entity: Vec<Vec<usize>>,
}

/// What a [`RuleSet`] is made of, once read (and, by the loader, checked).
#[derive(Debug, Default)]
struct Parts {
    packs: Vec<PackMeta>,
    scales: BTreeMap<Jurisdiction, Vec<String>>,
    categories: Vec<Term>,
    devices: Vec<Term>,
    questions: Vec<Question>,
    entities: Vec<Entity>,
    /// More names for the entities, from any pack: added to their aliases.
    aliases: Vec<pack::Alias>,
    rules: Vec<Rule>,
    /// For each rule, its pack's index in `packs`.
    rule_packs: Vec<usize>,
}

impl RuleSet {
    /// The built-in pack alone. Without the `toml` feature (the web app) it
    /// is read without the loader's checks, which the native tests run.
    pub fn builtin() -> Result<RuleSet, PackError> {
        #[cfg(feature = "toml")]
        return RuleSetBuilder::new().builtin().build();
        #[cfg(not(feature = "toml"))]
        return load::builtin_unchecked();
    }

    pub fn builder() -> RuleSetBuilder {
        RuleSetBuilder::new()
    }

    fn new(parts: Parts) -> RuleSet {
        let Parts {
            packs,
            scales,
            categories,
            devices,
            questions,
            mut entities,
            aliases,
            rules,
            rule_packs,
        } = parts;
        for alias in aliases {
            if let Some(entity) = entities.iter_mut().find(|e| e.id == alias.entity) {
                entity.aliases.extend(alias.names);
            }
        }
        let matcher = matcher::Matcher::new(&entities);
        let name_words = category::NameWords::new(&categories);
        let entity_index = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let rule_index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let rules_by_entity = entities
            .iter()
            .map(|e| {
                rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        let when = &r.when;
                        (when.entities.is_empty() || when.entities.contains(&e.id))
                            && (when.entity_countries.is_empty()
                                || when.entity_countries.contains(&e.country))
                            && (when.produced_outside.is_empty()
                                || e.produced_in
                                    .iter()
                                    .any(|c| !when.produced_outside.contains(c)))
                    })
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        RuleSet {
            packs,
            rule_packs,
            scales,
            categories,
            devices,
            questions,
            entities,
            rules,
            matcher,
            name_words,
            entity_index,
            rule_index,
            rules_by_entity,
        }
    }

    /// The packs loaded, in load order.
    pub fn packs(&self) -> &[PackMeta] {
        &self.packs
    }

    /// The pack a rule comes from.
    pub fn pack_of(&self, rule: &str) -> Option<&PackMeta> {
        let index = self.rule_index.get(rule)?;
        self.packs.get(*self.rule_packs.get(*index)?)
    }

    /// The latest date of any pack loaded: guidance newer than this may exist.
    pub fn date(&self) -> Option<Date> {
        self.packs.iter().map(|p| p.date).max()
    }

    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter()
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rule_index.get(id).and_then(|i| self.rules.get(*i))
    }

    /// A rule id close to `id`, for "did you mean".
    pub fn suggest_rule(&self, id: &str) -> Option<&str> {
        suggest::did_you_mean(id, self.rules.iter().map(|r| r.id.as_str()))
    }

    /// An entity id close to `id`, for "did you mean".
    pub fn suggest_entity(&self, id: &str) -> Option<&str> {
        suggest::did_you_mean(id, self.entities.iter().map(|e| e.id.as_str()))
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_index(id).and_then(|i| self.entities.get(i))
    }

    pub fn categories(&self) -> &[Term] {
        &self.categories
    }

    pub fn devices(&self) -> &[Term] {
        &self.devices
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// What a question is about (the organisation when the pack has no
    /// such question).
    pub fn question_about(&self, id: &str) -> pack::QuestionAbout {
        (self.questions.iter())
            .find(|q| q.id == id)
            .map(|q| q.about)
            .unwrap_or_default()
    }

    /// The questions worth asking in this context: those of rules that could
    /// apply to an organisation in its jurisdictions and sectors on its date
    /// (a New Zealand board is not asked about FCC subsidies), in the pack's
    /// order. A context that does not say its jurisdiction or sectors yet is
    /// asked everything that could depend on them.
    pub fn questions_for(&self, context: &Context) -> Vec<&Question> {
        let could_apply = |rule: &Rule| {
            let ruled = rule.jurisdiction;
            let place = context.jurisdictions.is_empty()
                || context
                    .jurisdictions
                    .iter()
                    .any(|j| *j == ruled || j.country() == ruled || ruled.country() == *j);
            let sector = rule.when.sectors.is_empty()
                || context.sectors.is_empty()
                || rule
                    .when
                    .sectors
                    .iter()
                    .any(|s| context.sectors.contains(s));
            let when = rule.in_force.from <= context.as_of
                && rule
                    .in_force
                    .until
                    .is_none_or(|until| context.as_of <= until);
            place && sector && when
        };
        // Inserted, not collected: collecting a set sorts it first, with the
        // standard sort (4 KB of the page's wasm).
        let mut asked = BTreeSet::new();
        for rule in self.rules.iter().filter(|rule| could_apply(rule)) {
            asked.extend(rule.when.answers.keys().map(String::as_str));
        }
        (self.questions.iter())
            .filter(|q| asked.contains(q.id.as_str()))
            .collect()
    }

    /// The classification markings of a jurisdiction, lowest first: a
    /// subdivision without a scale of its own marks as its country does.
    pub fn scale(&self, jurisdiction: Jurisdiction) -> Option<&[String]> {
        self.scales
            .get(&jurisdiction)
            .or_else(|| self.scales.get(&jurisdiction.country()))
            .map(Vec::as_slice)
    }

    /// Every rule that names this entity, by id or by country.
    pub fn rules_about(&self, entity: &str) -> impl Iterator<Item = &Rule> {
        self.entity_index(entity)
            .map(|i| self.rules_for_entity(i))
            .unwrap_or(&[])
            .iter()
            .filter_map(|i| self.rules.get(*i))
    }

    pub(crate) fn matcher(&self) -> &matcher::Matcher {
        &self.matcher
    }

    pub(crate) fn name_words(&self) -> &category::NameWords {
        &self.name_words
    }

    pub(crate) fn entity_index(&self, id: &str) -> Option<usize> {
        self.entity_index.get(id).copied()
    }

    pub(crate) fn rules_for_entity(&self, entity: usize) -> &[usize] {
        self.rules_by_entity.get(entity).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn rule_at(&self, index: usize) -> Option<&Rule> {
        self.rules.get(index)
    }

    /// The position of a marking on a jurisdiction's scale, compared without
    /// regard to case or punctuation.
    pub fn marking_rank(&self, jurisdiction: Jurisdiction, marking: &str) -> Option<usize> {
        let folded = fold_marking(marking);
        self.scale(jurisdiction)?
            .iter()
            .position(|m| fold_marking(m) == folded)
    }

    /// The category id a row's word stands for: its id, label or a synonym.
    pub fn category_id(&self, word: &str) -> Option<String> {
        term_id(&self.categories, word)
    }

    /// The device id a row's word stands for.
    pub fn device_id(&self, word: &str) -> Option<String> {
        term_id(&self.devices, word)
    }

    pub(crate) fn category_label(&self, id: &str) -> String {
        self.categories
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_owned(), |t| t.label.clone())
    }

    pub(crate) fn question_text(&self, id: &str) -> String {
        self.questions
            .iter()
            .find(|q| q.id == id)
            .map_or_else(|| id.to_owned(), |q| q.text.clone())
    }
}

fn term_id(terms: &[Term], word: &str) -> Option<String> {
    let folded = eval::fold(word);
    terms
        .iter()
        .find(|t| {
            eval::fold(&t.id) == folded
                || eval::fold(&t.label) == folded
                || t.synonyms.iter().any(|s| eval::fold(s) == folded)
        })
        .map(|t| t.id.clone())
}
