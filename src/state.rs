//! App-wide state: the context the user is assessing in and the inventory
//! they gave, changed only through [`Action`]s (Yew's `Reducible` pattern)
//! and shared through a `ContextProvider`.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use vrc_engine::context::MatchDecision;
use vrc_engine::{Context, Date, ImportReport, InventoryItem, Jurisdiction, Sector};
use yew::prelude::*;

/// A file (or pasted text) that could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportFailure {
    pub file: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// ISO 3166 code, or empty for "Other".
    pub jurisdiction: String,
    pub sectors: BTreeSet<Sector>,
    pub classification: Option<String>,
    pub as_of: Date,
    pub answers: BTreeMap<String, bool>,
    pub match_decisions: Vec<MatchDecision>,
    /// Every row read so far, in order.
    pub items: Rc<Vec<InventoryItem>>,
    /// How each file or paste was read.
    pub imports: Vec<ImportReport>,
    pub failure: Option<ImportFailure>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetJurisdiction(String),
    SetSector(Sector, bool),
    /// A marking of the jurisdiction's scale, or none for "Not known".
    SetClassification(Option<String>),
    SetDate(Date),
    /// A question's answer, or none for "Not answered".
    SetAnswer(String, Option<bool>),
    DecideMatch(MatchDecision),
    Imported {
        items: Vec<InventoryItem>,
        report: ImportReport,
    },
    ImportFailed(ImportFailure),
    AddItem(InventoryItem),
    ClearInventory,
}

impl AppState {
    pub fn new(today: Date) -> AppState {
        AppState {
            jurisdiction: "GB".to_owned(),
            sectors: BTreeSet::new(),
            classification: None,
            as_of: today,
            answers: BTreeMap::new(),
            match_decisions: Vec::new(),
            items: Rc::new(Vec::new()),
            imports: Vec::new(),
            failure: None,
        }
    }

    /// The engine's context for the current choices.
    pub fn context(&self) -> Context {
        let mut context = Context::new(self.as_of);
        if let Ok(j) = self.jurisdiction.parse::<Jurisdiction>() {
            context.jurisdictions.insert(j);
        }
        context.sectors = self.sectors.clone();
        context.classification = self.classification.clone();
        context.answers = self.answers.clone();
        context.match_decisions = self.match_decisions.clone();
        context
    }

    /// The state after one action: a pure function, unit-tested natively.
    pub fn apply(&self, action: Action) -> AppState {
        let mut next = self.clone();
        match action {
            Action::SetJurisdiction(code) => {
                if code != next.jurisdiction {
                    next.classification = None;
                }
                next.jurisdiction = code;
            }
            Action::SetSector(sector, on) => {
                if on {
                    next.sectors.insert(sector);
                } else {
                    next.sectors.remove(&sector);
                }
            }
            Action::SetClassification(marking) => next.classification = marking,
            Action::SetDate(date) => next.as_of = date,
            Action::SetAnswer(id, Some(answer)) => {
                next.answers.insert(id, answer);
            }
            Action::SetAnswer(id, None) => {
                next.answers.remove(&id);
            }
            Action::DecideMatch(decision) => {
                next.match_decisions.retain(|d| d.name != decision.name);
                next.match_decisions.push(decision);
            }
            Action::Imported { items, report } => {
                let mut all = (*next.items).clone();
                all.extend(items);
                next.items = Rc::new(all);
                next.imports.push(report);
                next.failure = None;
            }
            Action::ImportFailed(failure) => next.failure = Some(failure),
            Action::AddItem(item) => {
                let mut all = (*next.items).clone();
                all.push(item);
                next.items = Rc::new(all);
            }
            Action::ClearInventory => {
                next.items = Rc::new(Vec::new());
                next.imports.clear();
                next.failure = None;
                next.match_decisions.clear();
            }
        }
        next
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// What components receive from the `ContextProvider`.
pub type StateHandle = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> AppState {
        AppState::new(Date::from_ymd(2024, 6, 1).unwrap())
    }

    #[test]
    fn the_context_follows_the_choices() {
        let s = state()
            .apply(Action::SetSector(Sector::CentralGovernment, true))
            .apply(Action::SetClassification(Some("SECRET".into())))
            .apply(Action::SetAnswer("q".into(), Some(true)));
        let c = s.context();
        assert_eq!(c.jurisdictions.len(), 1);
        assert!(c.sectors.contains(&Sector::CentralGovernment));
        assert_eq!(c.classification.as_deref(), Some("SECRET"));
        assert_eq!(c.answers.get("q"), Some(&true));
        let s = s
            .apply(Action::SetSector(Sector::CentralGovernment, false))
            .apply(Action::SetAnswer("q".into(), None));
        assert!(s.context().sectors.is_empty());
        assert!(s.context().answers.is_empty());
    }

    #[test]
    fn other_means_no_jurisdiction_and_a_new_country_forgets_the_marking() {
        let s = state()
            .apply(Action::SetClassification(Some("SECRET".into())))
            .apply(Action::SetJurisdiction(String::new()));
        assert!(s.context().jurisdictions.is_empty());
        assert_eq!(s.classification, None);
    }

    #[test]
    fn imports_add_rows_and_clear_forgets_them() {
        let s = state()
            .apply(Action::AddItem(InventoryItem::new(
                "AO Kaspersky Lab",
                "KES",
            )))
            .apply(Action::DecideMatch(MatchDecision {
                name: "x".into(),
                entity: None,
            }))
            .apply(Action::DecideMatch(MatchDecision {
                name: "x".into(),
                entity: Some("kaspersky".into()),
            }));
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.match_decisions.len(), 1);
        let s = s.apply(Action::ClearInventory);
        assert!(s.items.is_empty());
    }
}
