//! The rule pack format: what the TOML files under `rules/` say.
//!
//! These types are the format. They are deserialised with serde, and the
//! committed JSON Schema (`docs/rule-pack.schema.json`) is generated from them.
//! Semantic checks that serde cannot express (ids that must exist, markings that
//! must be on a scale, dates in order) live in [`crate::load`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::vocab::{Jurisdiction, Sector, Verdict};

/// One file of a rule pack, in TOML or JSON. A pack is one or more files,
/// exactly one of which has the `[pack]` header; each file may add scales,
/// vocabulary, questions, entities and rules.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Vendor Risk Checker rule pack file")]
pub struct PackFile {
    /// The pack's identity. Exactly one file of a pack carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackMeta>,
    /// Classification scales, one per jurisdiction, lowest marking first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<Scale>,
    /// Product categories that entities and rules may name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<Term>,
    /// Device types that items and rules may name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub device: Vec<Term>,
    /// Yes/no questions about the organisation that rules may depend on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub question: Vec<Question>,
    /// Vendor catalogue entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity: Vec<Entity>,
    /// More names for entities of any pack loaded (an organisation's own
    /// name for a product of a supplier the built-in pack names).
    // Read by the loader (the `toml` feature): the packs it hands to a
    // build without it (the page) have them in the entities' own `aliases`
    // already (`RuleSetBuilder::build_portable`), so the page carries no
    // reader for them.
    #[cfg(feature = "toml")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alias: Vec<Alias>,
    /// Rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule: Vec<Rule>,
}

impl PackFile {
    /// Adds another file's contents to this one's (a pack of several files
    /// as one).
    pub fn extend(&mut self, other: PackFile) {
        if self.pack.is_none() {
            self.pack = other.pack;
        }
        self.scale.extend(other.scale);
        self.category.extend(other.category);
        self.device.extend(other.device);
        self.question.extend(other.question);
        self.entity.extend(other.entity);
        #[cfg(feature = "toml")]
        self.alias.extend(other.alias);
        self.rule.extend(other.rule);
    }
}

/// A pack's identity, as reported with every assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// A stable id, such as `vrc-builtin`.
    pub id: String,
    /// The pack's version; bump it whenever a rule changes.
    pub version: String,
    /// The date the pack was last checked against its sources. Guidance newer
    /// than this may exist.
    pub date: Date,
    /// A human title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A jurisdiction's classification markings, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub jurisdiction: Jurisdiction,
    /// Markings from lowest to highest, as the jurisdiction writes them.
    pub markings: Vec<String>,
}

/// An entry of a controlled vocabulary (a product category or a device type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The kebab-case id used in rules and inventories.
    pub id: String,
    /// How people say it.
    pub label: String,
    /// Other words inventories use for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
    /// Words that, in a product's name, say it is of this kind, in the
    /// languages inventories come in (`antivirus`, `Антивирус`, `Virenschutz`,
    /// `ウイルス対策`). Each matches at the start of a word of the name, so
    /// inflections and compounds that begin with it match too; one of fewer
    /// than five letters must be a whole word. Text in scripts written
    /// without spaces (Chinese, Japanese) matches anywhere. The longest
    /// word found decides. Only for categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name_words: Vec<String>,
    /// Package URL types (`npm`, `maven`) whose packages are of this kind.
    /// Only for categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purl_types: Vec<String>,
}

/// A yes/no question, asked when a rule depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The question as the user reads it.
    pub text: String,
    /// What the question is about: the organisation (answered once, for
    /// every item) or an item (answered for each product, such as whether a
    /// camera watches a sensitive site). `organisation` when not given.
    #[serde(default, skip_serializing_if = "QuestionAbout::is_organisation")]
    pub about: QuestionAbout,
}

/// What a question is about, and so how often it is answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionAbout {
    /// The organisation: one answer for every item.
    #[default]
    Organisation,
    /// Each item: answered for a product name, or for every item at once.
    Item,
}

impl QuestionAbout {
    fn is_organisation(&self) -> bool {
        *self == QuestionAbout::Organisation
    }
}

/// More names an entity is known by, added by a pack other than its own:
/// matched as the entity's own `aliases` are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The entity's id, in any pack loaded.
    pub entity: String,
    /// The names, as items name the supplier or its product.
    pub names: Vec<String>,
}

/// A supplier that rules are about: its names, owner country and products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// A stable kebab-case id, such as `kaspersky`.
    pub id: String,
    /// The name people know it by.
    pub name: String,
    /// The country it is controlled from.
    pub country: Jurisdiction,
    /// Countries its products are made in (manufactured, assembled, designed
    /// or developed), where a source says so; empty when not known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub produced_in: Vec<Jurisdiction>,
    /// Registered legal names of the group's companies.
    #[serde(default)]
    pub legal_names: Vec<String>,
    /// Subsidiaries and brands, which match as the entity itself.
    #[serde(default)]
    pub subsidiaries: Vec<String>,
    /// Other names seen in inventories: registry Publisher values, local-language
    /// names, SBOM supplier names. Matched whole, after normalisation.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Distinctive words or phrases that identify the entity wherever they appear
    /// as whole words in a publisher or product name.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// CPE vendor names (the fourth field of a CPE 2.3 name).
    #[serde(default)]
    pub cpe_vendors: Vec<String>,
    /// Package URL namespaces (`pkg:type/namespace/name`), compared without regard to case.
    #[serde(default)]
    pub purl_namespaces: Vec<String>,
    /// Names that look like this entity's but are someone else's, and must not match.
    #[serde(default)]
    pub look_alikes: Vec<String>,
    /// Product lines.
    #[serde(default, rename = "product")]
    pub products: Vec<Product>,
    /// Companies and brands the entity owned, or owns, only for a time:
    /// they match as the entity only on assessment dates within it.
    #[serde(default, rename = "holding", skip_serializing_if = "Vec::is_empty")]
    pub holdings: Vec<Holding>,
    /// Where the ownership and names can be checked.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A company or brand an entity owned for a time (bought, or sold on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holding {
    /// The name people know it by.
    pub name: String,
    /// Its other names, matched whole, like an entity's aliases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Distinctive words that identify it wherever they appear as whole words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The first day the entity owned it; absent when it owned it from before any rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// The last day the entity owned it; absent while it still does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Where the ownership and its dates can be checked. At least one.
    pub sources: Vec<Source>,
}

/// One product line of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: String,
    /// A category id from the pack's vocabulary.
    pub category: String,
    /// Names this product appears under (the product name itself is always one).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A public document a rule rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
    /// The document's date.
    pub date: Date,
}

/// One statement of one instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A stable kebab-case id, such as `gb-ncsc-2017-secret`.
    pub id: String,
    /// Who issued the instrument.
    pub authority: String,
    /// The instrument: law, direction, letter, statement.
    pub instrument: String,
    /// The jurisdiction whose organisations the instrument addresses.
    pub jurisdiction: Jurisdiction,
    /// What the instrument means for an item it applies to.
    pub verdict: Verdict,
    /// Why the rule applies, in plain words.
    pub reason: String,
    /// What to do.
    pub advice: String,
    /// When the rule is in force.
    pub in_force: InForce,
    /// Earlier rules for the same group that this one replaces while it applies.
    #[serde(default)]
    pub supersedes: Vec<String>,
    /// Dates the instrument sets for doing something.
    #[serde(default)]
    pub deadlines: Vec<Deadline>,
    /// Which items and organisations the rule applies to.
    pub when: Conditions,
    /// Where to read the instrument. At least one.
    pub sources: Vec<Source>,
}

/// The dates a rule is in force: from `from`, up to and including `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InForce {
    pub from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

/// A date an instrument sets, and what must be done by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub date: Date,
    pub what: String,
}

impl Deadline {
    /// This deadline seen on `as_of`: passed when its date is before it.
    /// With no date (a rule read on its own), nothing has passed.
    pub fn status(&self, as_of: Option<Date>) -> DeadlineStatus {
        DeadlineStatus {
            date: self.date,
            what: self.what.clone(),
            passed: as_of.is_some_and(|as_of| self.date < as_of),
        }
    }
}

/// A rule's conditions. Every condition given must hold; a list holds when any
/// of its values matches. An unanswered condition never holds: the rule is then
/// reported as not applied, with the answer that would make it apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// Entity ids from the catalogue.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<String>,
    /// Countries the entity is controlled from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_countries: Vec<Jurisdiction>,
    /// Holds for an entity whose products are made, at least in part, in a
    /// country other than these (the FCC's "produced in a foreign country"),
    /// by its `produced_in`. An entity whose production is not known is not
    /// concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub produced_outside: Vec<Jurisdiction>,
    /// Product category ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Sectors of the organisation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    /// Device type ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<String>,
    /// Bounds on the highest classification the system handles, as markings on
    /// the rule's jurisdiction's scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<ClassificationBound>,
    /// Required answers to the pack's questions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, bool>,
}

/// A classification range, inclusive at both ends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassificationBound {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_has_passed_only_after_its_day_and_only_with_a_date() {
        let d = Deadline {
            date: Date::from_ymd(2017, 12, 12).unwrap(),
            what: "remove".into(),
        };
        assert!(!d.status(None).passed);
        assert!(!d.status(Date::from_ymd(2017, 12, 12)).passed);
        assert!(d.status(Date::from_ymd(2017, 12, 13)).passed);
        assert!(!d.status(Date::from_ymd(2017, 1, 1)).passed);
    }
}

/// A deadline as seen from the assessment date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeadlineStatus {
    pub date: Date,
    pub what: String,
    /// Whether the date is before the assessment date.
    pub passed: bool,
}
