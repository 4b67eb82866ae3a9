//! Who is assessing, and as of when.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::vocab::{Jurisdiction, Sector};

/// The assessing organisation's answers. Item rows override the defaults
/// given here (classification, device).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Where the organisation is; rules apply only in their own jurisdiction.
    #[serde(default)]
    pub jurisdictions: BTreeSet<Jurisdiction>,
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
            sectors: BTreeSet::new(),
            classification: None,
            device: None,
            as_of,
            answers: BTreeMap::new(),
            match_decisions: Vec::new(),
            category_decisions: Vec::new(),
        }
    }
}
