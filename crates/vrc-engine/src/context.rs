//! Who is assessing, and as of when.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::vocab::{Jurisdiction, Sector, Verdict};

/// The assessing organisation's answers. Item rows override the defaults
/// given here (classification, device).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Where the organisation is; rules apply only in their own jurisdiction.
    #[serde(default)]
    pub jurisdictions: BTreeSet<Jurisdiction>,
    /// The organisation's own jurisdiction among `jurisdictions`, whose
    /// markings its classification is written in; the others are those whose
    /// guidance applies too (a UK firm supplying the US government). Reports
    /// written before it was kept read as their first jurisdiction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_jurisdiction: Option<Jurisdiction>,
    #[serde(default)]
    pub sectors: BTreeSet<Sector>,
    /// The default highest classification of the systems assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    /// The default device type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The date the assessment is made as of.
    pub as_of: Date,
    /// Answers to the pack's yes/no questions, by question id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, bool>,
    /// The user's word on names the matcher was unsure of, or missed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_decisions: Vec<MatchDecision>,
    /// The user's word on what kind of product a name is, where the
    /// inventory does not say and the name does not tell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_decisions: Vec<CategoryDecision>,
    /// Answers given for one product name rather than the whole
    /// organisation (a question `about = "item"`): they come before
    /// `answers` for the items of that name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item_answers: Vec<ItemAnswer>,
    /// Risks the organisation has accepted, each for the items of one name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_risks: Vec<AcceptedRisk>,
}

/// A risk the organisation has accepted for the items of one name: a
/// verdict it has decided to live with, on someone's authority, until a
/// date. The verdict still stands (the guidance says what it says): the
/// item is marked as accepted (`Evaluation::acceptance`), and `vrc check
/// --fail-on` passes over it while the acceptance covers its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptedRisk {
    /// The item's name: its product, or its publisher where it has no
    /// product, compared as category decisions are (normalised).
    pub name: String,
    /// The most severe verdict accepted: a more severe one (a new measure,
    /// another context) is not covered.
    pub verdict: Verdict,
    /// Who accepted it: a person or a role.
    pub approved_by: String,
    /// The last day it covers: on a later assessment date it has lapsed.
    pub until: Date,
    /// Why, or where the decision is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A yes/no answer for the items of one name: "this camera is on a
/// sensitive site" for the cameras called `DS-2CD2143G2-I`, not for every camera.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemAnswer {
    /// The item's name: its product, or its publisher where it has no
    /// product, compared as category decisions are (normalised).
    pub name: String,
    /// The question's id.
    pub question: String,
    pub answer: bool,
}

/// A user's answer to "what kind of product is this?" for a product name
/// (or, for a row with no product name, a publisher name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryDecision {
    /// The name as the inventory writes it; compared after normalisation.
    pub name: String,
    /// A category id of the pack's vocabulary.
    pub category: String,
}

impl AcceptedRisk {
    /// Whether it has lapsed on the assessment date `as_of`: after its last day.
    pub fn lapsed(&self, as_of: Date) -> bool {
        as_of > self.until
    }
}

/// A user's decision about a publisher or product name: it is this entity, or
/// (with no entity) it is not the entity a near-miss suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchDecision {
    /// The publisher or product name as the inventory writes it; compared after normalisation.
    pub name: String,
    /// The entity id it is, or none to reject a possible match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

impl Context {
    /// A context with nothing known but the date.
    pub fn new(as_of: Date) -> Context {
        Context {
            jurisdictions: BTreeSet::new(),
            main_jurisdiction: None,
            sectors: BTreeSet::new(),
            classification: None,
            device: None,
            as_of,
            answers: BTreeMap::new(),
            match_decisions: Vec::new(),
            category_decisions: Vec::new(),
            item_answers: Vec::new(),
            accepted_risks: Vec::new(),
        }
    }

    /// The organisation's own jurisdiction: the one it said was its own, or
    /// else the first.
    pub fn main(&self) -> Option<Jurisdiction> {
        self.main_jurisdiction
            .filter(|j| self.jurisdictions.contains(j))
            .or_else(|| self.jurisdictions.first().copied())
    }

    /// The answer to a question for an item of this name (normalised, see
    /// [`crate::normalise::normalise`]): the item's own, the last given,
    /// else the organisation's.
    pub fn answer(&self, name: Option<&str>, question: &str) -> Option<bool> {
        let own = name.and_then(|name| {
            (self.item_answers.iter().rev())
                .find(|a| a.question == question && crate::normalise::normalise(&a.name) == name)
        });
        own.map(|a| a.answer)
            .or_else(|| self.answers.get(question).copied())
    }

    /// The risk accepted for items of this name (normalised), the last
    /// given.
    pub fn accepted_risk(&self, name: &str) -> Option<&AcceptedRisk> {
        (self.accepted_risks.iter().rev()).find(|a| crate::normalise::normalise(&a.name) == name)
    }
}
