//! App-wide state: the context the user is assessing in and the inventory
//! they gave, changed only through [`Action`]s (Yew's `Reducible` pattern)
//! and shared through a `ContextProvider`.
//!
//! A saved assessment is the engine's report document (the JSON of
//! `vrc check --format json`): it holds the context, the import reports and
//! every row's input, which is all [`AppState::restored`] needs. [`read_saved`]
//! reads back only those parts, so a report from a newer version still opens.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use serde::Deserialize;
use vrc_engine::context::{AcceptedRisk, CategoryDecision, ItemAnswer, MatchDecision};
use vrc_engine::inventory::Inventory;
use vrc_engine::normalise::normalise;
use vrc_engine::pack::PackMeta;
// A saved assessment is the engine's report document, read in any version the engine reads.
use vrc_engine::report::READABLE_SCHEMA_VERSIONS;
use vrc_engine::{Context, Date, Field, ImportReport, InventoryItem, Jurisdiction, Sector};
use yew::prelude::*;

use crate::own_rules::{OwnPack, OwnRules, PacksChecked};

/// Raw bytes kept (for changing a file's column mapping) up to this many in
/// all; older files are let go first.
pub const KEPT_BYTES: usize = 32 * 1024 * 1024;

/// A file (or pasted text) that could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportFailure {
    pub file: String,
    pub message: String,
    /// Where it was given: the file chooser, the paste box or "Open a saved
    /// assessment".
    pub field: FormField,
}

/// The name rows pasted from a spreadsheet are read under.
pub const PASTED_ROWS: &str = "Pasted rows";

/// A field of the page's forms that an error can be about, in the order the
/// fields come on the page (the order the error summary lists them in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FormField {
    AssessmentDate,
    InventoryFile,
    Paste,
    AddProduct,
    OpenSaved,
    RulePack,
}

impl FormField {
    /// The id of the field's element: the error summary links to it.
    pub fn id(self) -> &'static str {
        match self {
            FormField::AssessmentDate => "as-of",
            FormField::InventoryFile => "inventory-file",
            FormField::Paste => "paste",
            FormField::AddProduct => "add-publisher",
            FormField::OpenSaved => "open-saved",
            FormField::RulePack => "rule-pack",
        }
    }

    /// The id of the field's inline error message, for its `aria-describedby`.
    pub fn error_id(self) -> &'static str {
        match self {
            FormField::AssessmentDate => "as-of-error",
            FormField::InventoryFile => "inventory-file-error",
            FormField::Paste => "paste-error",
            FormField::AddProduct => "add-error",
            FormField::OpenSaved => "open-saved-error",
            FormField::RulePack => "rule-pack-error",
        }
    }

    /// Whether the field's input is what a new file or paste replaces: its
    /// error goes once one is read.
    fn is_input(self) -> bool {
        matches!(
            self,
            FormField::InventoryFile | FormField::Paste | FormField::OpenSaved
        )
    }
}

/// A file whose columns the importer could not tell apart, waiting for the
/// user to say which column holds what.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingStep {
    pub file: String,
    /// The file's bytes, read again with the user's mapping. Never stored.
    pub bytes: Rc<[u8]>,
    /// The file's column headers.
    pub headers: Vec<String>,
    /// The mapping to start from: the importer's guesses and the user's last choice.
    pub columns: BTreeMap<Field, String>,
    /// What the importer said.
    pub message: String,
    /// The import this file's rows replace, when its mapping is being changed.
    pub replace: Option<usize>,
}

/// A confirmation shown at the top of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Everything was cleared from the page, and (if `storage_cleared`)
    /// from this browser's storage.
    Forgotten { storage_cleared: bool },
}

/// What a saved assessment gives back.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub context: Context,
    pub items: Vec<InventoryItem>,
    pub imports: Vec<ImportReport>,
    /// The rule packs it was made with (none in a file that does not say).
    pub packs: Vec<PackMeta>,
}

/// What a reopened assessment was made as of, and with which rule packs: the
/// page says which measures are new since.
#[derive(Debug, Clone, PartialEq)]
pub struct Reopened {
    pub as_of: Date,
    pub packs: Vec<PackMeta>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// ISO 3166 code, or empty for "Other".
    pub jurisdiction: String,
    /// Other countries whose guidance applies too (ISO 3166 codes): a UK
    /// firm that supplies the US government is also under US rules.
    pub also: BTreeSet<Jurisdiction>,
    pub sectors: BTreeSet<Sector>,
    pub classification: Option<String>,
    /// The default device type: a device id of the pack.
    pub device: Option<String>,
    pub as_of: Date,
    pub answers: BTreeMap<String, bool>,
    pub match_decisions: Vec<MatchDecision>,
    /// What kind of product a name is, where the inventory does not say.
    pub category_decisions: Vec<CategoryDecision>,
    /// Answers to questions about an item, for the items of one name.
    pub item_answers: Vec<ItemAnswer>,
    /// Risks the organisation accepted, each for the items of one name.
    pub accepted_risks: Vec<AcceptedRisk>,
    /// Every row read so far, in order, as an inventory with lines (the
    /// distinct items, the lines of identical rows, each row's line): the
    /// worker sorts a file's rows so as it reads them, and the page holds
    /// no row as an item of its own (`Inventory::row` gives one back).
    pub inventory: Rc<Inventory>,
    /// Beside each row, the index in `imports` of the file it was read from;
    /// none for a row typed in or reopened from a saved assessment.
    pub origins: Rc<Vec<Option<usize>>>,
    /// How each file or paste was read.
    pub imports: Vec<ImportReport>,
    /// The bytes of files read this session, by index in `imports`, so that
    /// their column mapping can be changed. Kept in memory only.
    pub sources: BTreeMap<usize, Rc<[u8]>>,
    /// What is wrong with what the user gave, by field, until it is put
    /// right: shown in the error summary at the top and at each field.
    pub errors: BTreeMap<FormField, String>,
    /// A file waiting for its columns to be mapped.
    pub mapping: Option<MappingStep>,
    /// The user chose to keep the assessment in this browser's storage.
    pub remember: bool,
    /// Bumped when everything is forgotten, so every component starts afresh.
    pub generation: u32,
    pub notice: Option<Notice>,
    /// Set when a saved assessment is reopened.
    pub reopened: Option<Reopened>,
    /// The organisation's own rule packs, and the rules they make.
    pub own_rules: OwnRules,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetJurisdiction(String),
    /// Another country whose guidance applies too, on or off.
    SetAlso(Jurisdiction, bool),
    SetSector(Sector, bool),
    /// A marking of the jurisdiction's scale, or none for "Not known".
    SetClassification(Option<String>),
    /// A device type of the pack, or none for "Not known".
    SetDevice(Option<String>),
    SetDate(Date),
    /// A question's answer, or none for "Not answered".
    SetAnswer(String, Option<bool>),
    /// A question's answer for the items of one name (`name`), or none to
    /// take it back, so the organisation's answer counts for them again.
    SetItemAnswer {
        name: String,
        question: String,
        answer: Option<bool>,
    },
    /// One answer for every item: the organisation's, with the answers
    /// given for single items taken back.
    AnswerForEveryItem(String, bool),
    /// A risk accepted for the items of one name, in place of any earlier
    /// one for that name.
    AcceptRisk(AcceptedRisk),
    /// The acceptance of the items of this name taken back.
    WithdrawRisk(String),
    DecideMatch(MatchDecision),
    /// What kind of product a name is; a decision with an empty category
    /// takes back an earlier one.
    DecideCategory(CategoryDecision),
    /// A file read, with its bytes kept so that its mapping can be changed;
    /// with `replace`, it takes the place of an earlier reading of the file.
    ImportedFile {
        /// The file's rows, sorted. Shared: the first file's rows become
        /// the inventory as they are.
        rows: Rc<Inventory>,
        report: ImportReport,
        bytes: Rc<[u8]>,
        replace: Option<usize>,
    },
    ImportFailed(ImportFailure),
    /// An error on a field, replacing any it had.
    ShowError(FormField, String),
    /// The field's error is put right.
    ClearError(FormField),
    /// A file whose columns must be mapped by the user.
    NeedsMapping(MappingStep),
    CancelMapping,
    AddItem(InventoryItem),
    /// Changes the row at this index.
    EditItem(usize, InventoryItem),
    /// Removes the row at this index.
    RemoveItem(usize),
    ClearInventory,
    /// Replaces the context and the inventory with a saved assessment's.
    Restore(Box<Saved>),
    SetRemember(bool),
    /// Clears everything, back to an empty page dated this day; the flag
    /// says whether the browser's storage was cleared too.
    ForgetEverything(Date, bool),
    /// Rule packs sent to be checked.
    CheckingRules,
    /// The organisation's packs as checked: `packs` are in use if they
    /// loaded; otherwise nothing changes, and the problems are shown.
    RulesChecked {
        packs: Vec<OwnPack>,
        checked: PacksChecked,
    },
}

impl AppState {
    pub fn new(today: Date) -> AppState {
        AppState {
            jurisdiction: "GB".to_owned(),
            also: BTreeSet::new(),
            sectors: BTreeSet::new(),
            classification: None,
            device: None,
            as_of: today,
            answers: BTreeMap::new(),
            match_decisions: Vec::new(),
            category_decisions: Vec::new(),
            item_answers: Vec::new(),
            accepted_risks: Vec::new(),
            inventory: Rc::new(Inventory::with_lines()),
            origins: Rc::new(Vec::new()),
            imports: Vec::new(),
            sources: BTreeMap::new(),
            errors: BTreeMap::new(),
            mapping: None,
            remember: false,
            generation: 0,
            notice: None,
            reopened: None,
            own_rules: OwnRules::default(),
        }
    }

    /// The engine's context for the current choices.
    pub fn context(&self) -> Context {
        let mut context = Context::new(self.as_of);
        context.main_jurisdiction = self.jurisdiction.parse::<Jurisdiction>().ok();
        context.jurisdictions.extend(context.main_jurisdiction);
        context.jurisdictions.extend(self.also.iter().copied());
        context.sectors = self.sectors.clone();
        context.classification = self.classification.clone();
        context.device = self.device.clone();
        context.answers = self.answers.clone();
        context.match_decisions = self.match_decisions.clone();
        context.category_decisions = self.category_decisions.clone();
        context.item_answers = self.item_answers.clone();
        context.accepted_risks = self.accepted_risks.clone();
        context
    }

    /// Whether the user has entered anything that "Forget everything" would
    /// clear (the date counts only when moved off `today`).
    pub fn has_anything(&self, today: Date) -> bool {
        self.jurisdiction != "GB"
            || !self.also.is_empty()
            || !self.sectors.is_empty()
            || self.classification.is_some()
            || self.device.is_some()
            || self.as_of != today
            || !self.answers.is_empty()
            || !self.match_decisions.is_empty()
            || !self.category_decisions.is_empty()
            || !self.item_answers.is_empty()
            || !self.accepted_risks.is_empty()
            || self.inventory.rows() > 0
            || !self.imports.is_empty()
            || !self.errors.is_empty()
            || self.mapping.is_some()
            || self.remember
    }

    /// This state with the context and inventory of a saved assessment;
    /// the choice to remember stays as it was.
    pub fn restored(&self, saved: Saved) -> AppState {
        let Saved {
            context,
            items,
            imports,
            packs,
        } = saved;
        // The organisation's own country is the one whose scale the
        // classification is on; the others' guidance applies too.
        let first = context.main();
        let mut also = context.jurisdictions;
        if let Some(first) = first {
            also.remove(&first);
        }
        AppState {
            jurisdiction: first.map(|j| j.as_str().to_owned()).unwrap_or_default(),
            also,
            sectors: context.sectors,
            classification: context.classification,
            device: context.device,
            as_of: context.as_of,
            answers: context.answers,
            match_decisions: context.match_decisions,
            category_decisions: context.category_decisions,
            item_answers: context.item_answers,
            accepted_risks: context.accepted_risks,
            origins: Rc::new(vec![None; items.len()]),
            inventory: Rc::new(Inventory::of_rows(&items)),
            imports,
            remember: self.remember,
            generation: self.generation,
            reopened: Some(Reopened {
                as_of: context.as_of,
                packs,
            }),
            ..AppState::new(context.as_of)
        }
    }

    /// The state after one action: a pure function, unit-tested natively.
    pub fn apply(&self, action: Action) -> AppState {
        let mut next = self.clone();
        match action {
            Action::SetJurisdiction(code) => {
                if code != next.jurisdiction {
                    next.classification = None;
                }
                if let Ok(j) = code.parse::<Jurisdiction>() {
                    next.also.remove(&j);
                }
                next.jurisdiction = code;
            }
            Action::SetAlso(j, on) => {
                if on && j.as_str() != next.jurisdiction {
                    next.also.insert(j);
                } else {
                    next.also.remove(&j);
                }
            }
            Action::SetSector(sector, on) => {
                if on {
                    next.sectors.insert(sector);
                } else {
                    next.sectors.remove(&sector);
                }
            }
            Action::SetClassification(marking) => next.classification = marking,
            Action::SetDevice(device) => next.device = device,
            Action::SetDate(date) => next.as_of = date,
            Action::SetAnswer(id, Some(answer)) => {
                next.answers.insert(id, answer);
            }
            Action::SetAnswer(id, None) => {
                next.answers.remove(&id);
            }
            Action::SetItemAnswer {
                name,
                question,
                answer,
            } => {
                let key = normalise(&name);
                next.item_answers
                    .retain(|a| !(a.question == question && normalise(&a.name) == key));
                if let Some(answer) = answer {
                    next.item_answers.push(ItemAnswer {
                        name,
                        question,
                        answer,
                    });
                }
            }
            Action::AcceptRisk(risk) => {
                let key = normalise(&risk.name);
                next.accepted_risks.retain(|a| normalise(&a.name) != key);
                next.accepted_risks.push(risk);
            }
            Action::WithdrawRisk(name) => {
                let key = normalise(&name);
                next.accepted_risks.retain(|a| normalise(&a.name) != key);
            }
            Action::AnswerForEveryItem(question, answer) => {
                next.item_answers.retain(|a| a.question != question);
                next.answers.insert(question, answer);
            }
            Action::DecideMatch(decision) => {
                next.match_decisions.retain(|d| d.name != decision.name);
                next.match_decisions.push(decision);
            }
            Action::DecideCategory(decision) => {
                next.category_decisions.retain(|d| d.name != decision.name);
                if !decision.category.is_empty() {
                    next.category_decisions.push(decision);
                }
            }
            Action::ImportedFile {
                rows,
                report,
                bytes,
                replace,
            } => {
                let index = match replace.filter(|i| *i < next.imports.len()) {
                    Some(index) => {
                        next.replace(index, &rows, report);
                        index
                    }
                    None => next.append(rows, report),
                };
                next.keep_source(index, bytes);
            }
            Action::ImportFailed(failure) => {
                // The message names the file, once.
                let message = if failure.message.contains(&failure.file) {
                    failure.message
                } else {
                    format!("{}: {}", failure.file, failure.message)
                };
                next.errors.insert(failure.field, message);
            }
            Action::ShowError(field, message) => {
                next.errors.insert(field, message);
            }
            Action::ClearError(field) => {
                next.errors.remove(&field);
            }
            Action::NeedsMapping(step) => {
                next.mapping = Some(step);
                next.clear_input_errors();
            }
            Action::CancelMapping => next.mapping = None,
            Action::AddItem(item) => {
                next.push_rows(&Inventory::of_rows([&item]), None);
                next.errors.remove(&FormField::AddProduct);
            }
            Action::EditItem(index, item) => {
                if index < next.rows() {
                    next.inventory = Rc::new(spliced(
                        &next.inventory,
                        index..index + 1,
                        &Inventory::of_rows([&item]),
                    ));
                }
            }
            Action::RemoveItem(index) => {
                if index < next.rows() {
                    let none = Inventory::new();
                    next.inventory = Rc::new(spliced(&next.inventory, index..index + 1, &none));
                    let mut origins = (*next.origins).clone();
                    if index < origins.len() {
                        origins.remove(index);
                    }
                    next.origins = Rc::new(origins);
                }
            }
            Action::ClearInventory => {
                next.inventory = Rc::new(Inventory::with_lines());
                next.origins = Rc::new(Vec::new());
                next.imports.clear();
                next.sources.clear();
                next.clear_input_errors();
                next.mapping = None;
                next.match_decisions.clear();
                next.category_decisions.clear();
                next.item_answers.clear();
                next.accepted_risks.clear();
            }
            Action::Restore(saved) => next = next.restored(*saved),
            Action::SetRemember(on) => next.remember = on,
            Action::ForgetEverything(today, storage_cleared) => {
                next = AppState {
                    generation: self.generation.wrapping_add(1),
                    notice: Some(Notice::Forgotten { storage_cleared }),
                    own_rules: self.own_rules.forgotten(),
                    ..AppState::new(today)
                };
            }
            Action::CheckingRules => next.own_rules.checking = true,
            Action::RulesChecked { packs, checked } => {
                next.own_rules = self.own_rules.checked(packs, checked);
                match next.own_rules.problems.len() {
                    0 => next.errors.remove(&FormField::RulePack),
                    n => next.errors.insert(
                        FormField::RulePack,
                        format!(
                            "The rule pack was not loaded: it has {n} problem{}, listed under the field",
                            if n == 1 { "" } else { "s" }
                        ),
                    ),
                };
            }
        }
        next
    }

    /// Rows in all.
    pub fn rows(&self) -> usize {
        usize::try_from(self.inventory.rows()).unwrap_or(usize::MAX)
    }

    /// Adds a file's rows and report at the end; returns the report's index.
    fn append(&mut self, rows: Rc<Inventory>, report: ImportReport) -> usize {
        let index = self.imports.len();
        if self.rows() == 0 {
            // The first file: its rows are the inventory, the same `Rc`.
            self.origins = Rc::new(vec![Some(index); count(&rows)]);
            self.inventory = rows;
        } else {
            self.push_rows(&rows, Some(index));
        }
        self.imports.push(report);
        self.clear_input_errors();
        self.mapping = None;
        index
    }

    /// A file or paste was read: what was wrong with the last one no longer applies.
    fn clear_input_errors(&mut self) {
        self.errors.retain(|field, _| !field.is_input());
    }

    /// Puts a file's new rows where its old ones began, and its new report
    /// in place of the old.
    fn replace(&mut self, index: usize, rows: &Inventory, report: ImportReport) {
        let old = self.origins.iter().position(|o| *o == Some(index));
        let mut kept = Inventory::with_lines();
        let mut origins: Vec<Option<usize>> = Vec::with_capacity(self.rows());
        let mut at = None;
        // The rows of other files and typed in, in runs, the file's new
        // rows where its old ones began (or at the end).
        let mut run = 0..0;
        for i in 0..self.rows() {
            let origin = self.origins.get(i).copied().flatten();
            if origin == Some(index) {
                kept.extend_from(&self.inventory, run.clone());
                run = i + 1..i + 1;
                if Some(i) == old {
                    at = Some(origins.len());
                    kept.extend_from(rows, 0..count(rows));
                    origins.extend(std::iter::repeat_n(Some(index), count(rows)));
                }
            } else {
                run.end = i + 1;
                origins.push(origin);
            }
        }
        kept.extend_from(&self.inventory, run);
        if at.is_none() {
            kept.extend_from(rows, 0..count(rows));
            origins.extend(std::iter::repeat_n(Some(index), count(rows)));
        }
        self.inventory = Rc::new(kept);
        self.origins = Rc::new(origins);
        if let Some(slot) = self.imports.get_mut(index) {
            *slot = report;
        }
        self.clear_input_errors();
        self.mapping = None;
    }

    fn push_rows(&mut self, rows: &Inventory, origin: Option<usize>) {
        let mut all = (*self.inventory).clone();
        all.extend_from(rows, 0..count(rows));
        let mut origins = (*self.origins).clone();
        // Rows from before origins were tracked (none should be) count as typed in.
        origins.resize(self.rows(), None);
        origins.extend(std::iter::repeat_n(origin, count(rows)));
        self.inventory = Rc::new(all);
        self.origins = Rc::new(origins);
    }

    /// Keeps a file's bytes, letting the oldest go beyond [`KEPT_BYTES`].
    fn keep_source(&mut self, index: usize, bytes: Rc<[u8]>) {
        self.sources.remove(&index);
        if bytes.len() > KEPT_BYTES {
            return;
        }
        self.sources.insert(index, bytes);
        let total = |s: &BTreeMap<usize, Rc<[u8]>>| s.values().map(|b| b.len()).sum::<usize>();
        while total(&self.sources) > KEPT_BYTES {
            let oldest = self.sources.keys().copied().find(|k| *k != index);
            match oldest {
                Some(k) => {
                    self.sources.remove(&k);
                }
                None => break,
            }
        }
    }
}

/// An inventory's rows in all.
fn count(rows: &Inventory) -> usize {
    usize::try_from(rows.rows()).unwrap_or(usize::MAX)
}

/// `inventory`'s rows with those in `cut` replaced by `with`'s.
fn spliced(inventory: &Inventory, cut: std::ops::Range<usize>, with: &Inventory) -> Inventory {
    let mut rows = Inventory::with_lines();
    rows.extend_from(inventory, 0..cut.start);
    rows.extend_from(with, 0..count(with));
    rows.extend_from(inventory, cut.end..count(inventory));
    rows
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // A portal's locked context fields hold whatever the action, and its
        // defaults come back after "Forget everything" (see `crate::embed`).
        let fresh = matches!(action, Action::ForgetEverything(..));
        Rc::new(crate::embed::settle(self.apply(action), fresh))
    }
}

/// What components receive from the `ContextProvider`.
pub type StateHandle = UseReducerHandle<AppState>;

/// The parts of a report document that restore an assessment. Other fields
/// (the verdicts, the summary) are computed again, and ignored here.
#[derive(Deserialize)]
struct SavedReport {
    schema_version: u32,
    context: Context,
    #[serde(default)]
    import: Vec<ImportReport>,
    items: Vec<SavedItem>,
    #[serde(default)]
    rules: Vec<PackMeta>,
}

#[derive(Deserialize)]
struct SavedItem {
    input: InventoryItem,
}

fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Whether these bytes look like a saved assessment (a report document)
/// rather than an inventory: a JSON object with a `schema_version`.
pub fn looks_like_saved(bytes: &[u8]) -> bool {
    let bytes = without_bom(bytes);
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start();
    text.starts_with('{') && text.contains("\"schema_version\"")
}

/// Reads a saved assessment. The error is a sentence naming the file.
pub fn read_saved(file: &str, bytes: &[u8]) -> Result<Saved, String> {
    let text = std::str::from_utf8(without_bom(bytes)).map_err(|_| {
        format!(
            "{file} cannot be opened as a saved assessment: it is not UTF-8 text. \
             Nothing on the page has changed."
        )
    })?;
    // `from_str`, as the engine and importer use: one JSON reader in the wasm.
    let report: SavedReport = serde_json::from_str(text).map_err(|err| {
        let what = if err.is_syntax() || err.is_eof() {
            "it is not valid JSON"
        } else {
            "it is not a Vendor Risk Checker assessment"
        };
        format!(
            "{file} cannot be opened as a saved assessment: {what} ({err}). \
             Nothing on the page has changed."
        )
    })?;
    if !READABLE_SCHEMA_VERSIONS.contains(&report.schema_version) {
        return Err(format!(
            "{file} was saved in version {} of the assessment format, and this page reads \
             versions {} to {}. Nothing on the page has changed.",
            report.schema_version,
            READABLE_SCHEMA_VERSIONS.first().copied().unwrap_or(1),
            READABLE_SCHEMA_VERSIONS.last().copied().unwrap_or(1),
        ));
    }
    Ok(Saved {
        context: report.context,
        items: report.items.into_iter().map(|i| i.input).collect(),
        imports: report.import,
        packs: report.rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> AppState {
        AppState::new(Date::from_ymd(2024, 6, 1).unwrap())
    }

    fn item(product: &str) -> InventoryItem {
        InventoryItem::new("Publisher", product)
    }

    fn report(file: &str) -> ImportReport {
        ImportReport {
            file: file.into(),
            format: "csv".into(),
            ..ImportReport::default()
        }
    }

    fn products(s: &AppState) -> Vec<String> {
        (s.inventory.row_refs())
            .map(|i| i.product.unwrap_or_default().to_owned())
            .collect()
    }

    fn rows(items: &[InventoryItem]) -> Rc<Inventory> {
        Rc::new(Inventory::of_rows(items))
    }

    #[test]
    fn the_default_device_type_goes_into_the_context_and_is_forgotten() {
        let today = Date::from_ymd(2024, 6, 1).unwrap();
        let s = state().apply(Action::SetDevice(Some("mobile".into())));
        assert_eq!(s.context().device.as_deref(), Some("mobile"));
        assert!(s.has_anything(today));
        let s = s.apply(Action::SetDevice(None));
        assert_eq!(s.context().device, None);
        let s = s
            .apply(Action::SetDevice(Some("mobile".into())))
            .apply(Action::ForgetEverything(today, false));
        assert_eq!(s.device, None);
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
    fn a_risk_accepted_again_replaces_the_last_and_is_in_the_context() {
        let risk = |name: &str, until: &str| AcceptedRisk {
            name: name.into(),
            verdict: vrc_engine::Verdict::Avoid,
            approved_by: "CISO".into(),
            until: until.parse().unwrap(),
            reason: None,
        };
        let s = state()
            .apply(Action::AcceptRisk(risk(
                "Kaspersky Anti-Virus",
                "2027-01-01",
            )))
            .apply(Action::AcceptRisk(risk(
                "KASPERSKY anti-virus.",
                "2027-06-01",
            )))
            .apply(Action::AcceptRisk(risk("Other", "2027-06-01")));
        assert_eq!(s.context().accepted_risks.len(), 2);
        assert_eq!(
            s.accepted_risks
                .iter()
                .map(|r| r.until.to_string())
                .collect::<Vec<_>>(),
            ["2027-06-01", "2027-06-01"]
        );
        assert!(s.has_anything(s.as_of));
        let s = s.apply(Action::WithdrawRisk("kaspersky anti virus".into()));
        assert_eq!(
            s.accepted_risks
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["Other"]
        );
        assert!(s.apply(Action::ClearInventory).accepted_risks.is_empty());
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
        assert_eq!(s.rows(), 1);
        assert_eq!(s.match_decisions.len(), 1);
        let s = s.apply(Action::ClearInventory);
        assert_eq!(s.rows(), 0);
        assert!(s.origins.is_empty());
    }

    #[test]
    fn rows_are_edited_and_removed_by_index_and_bad_indexes_change_nothing() {
        let s = state()
            .apply(Action::ImportedFile {
                rows: rows(&[item("a"), item("b"), item("c")]),
                report: report("f.csv"),
                bytes: Rc::from(&b""[..]),
                replace: None,
            })
            .apply(Action::AddItem(item("d")));
        assert_eq!(*s.origins, vec![Some(0), Some(0), Some(0), None]);
        let s = s.apply(Action::EditItem(1, item("B")));
        assert_eq!(products(&s), ["a", "B", "c", "d"]);
        let s = s.apply(Action::RemoveItem(0));
        assert_eq!(products(&s), ["B", "c", "d"]);
        assert_eq!(*s.origins, vec![Some(0), Some(0), None]);
        let same = s
            .apply(Action::RemoveItem(3))
            .apply(Action::EditItem(9, item("x")));
        assert_eq!(same, s);
        // The import report stays: it says how the file was read.
        assert_eq!(s.imports.len(), 1);
    }

    #[test]
    fn a_file_read_again_replaces_its_own_rows_in_place() {
        let bytes: Rc<[u8]> = Rc::from(&b"x"[..]);
        let s = state()
            .apply(Action::AddItem(item("typed")))
            .apply(Action::ImportedFile {
                rows: rows(&[item("a1"), item("a2")]),
                report: report("a.csv"),
                bytes: Rc::clone(&bytes),
                replace: None,
            })
            .apply(Action::ImportedFile {
                rows: rows(&[item("b1")]),
                report: report("b.csv"),
                bytes: Rc::clone(&bytes),
                replace: None,
            });
        assert_eq!(s.sources.len(), 2);
        let mut again = report("a.csv");
        again.rows_read = 3;
        let s = s.apply(Action::ImportedFile {
            rows: rows(&[item("A1"), item("A2"), item("A3")]),
            report: again,
            bytes,
            replace: Some(0),
        });
        assert_eq!(products(&s), ["typed", "A1", "A2", "A3", "b1"]);
        assert_eq!(*s.origins, vec![None, Some(0), Some(0), Some(0), Some(1)]);
        assert_eq!(s.imports.len(), 2);
        assert_eq!(s.imports.first().map(|r| r.rows_read), Some(3));
    }

    #[test]
    fn a_mapping_step_waits_until_the_file_is_read_or_cancelled() {
        let step = MappingStep {
            file: "odd.csv".into(),
            bytes: Rc::from(&b"Thing,Maker\n"[..]),
            headers: vec!["Thing".into(), "Maker".into()],
            columns: BTreeMap::new(),
            message: "no product column".into(),
            replace: None,
        };
        let s = state()
            .apply(Action::ImportFailed(ImportFailure {
                file: "x".into(),
                message: "y".into(),
                field: FormField::InventoryFile,
            }))
            .apply(Action::NeedsMapping(step.clone()));
        assert!(s.errors.is_empty());
        assert_eq!(s.mapping.as_ref(), Some(&step));
        assert_eq!(s.apply(Action::CancelMapping).mapping, None);
        let s = s.apply(Action::ImportedFile {
            rows: rows(&[item("a")]),
            report: report("odd.csv"),
            bytes: step.bytes,
            replace: None,
        });
        assert_eq!(s.mapping, None);
        assert_eq!(s.rows(), 1);
    }

    #[test]
    fn large_files_are_not_kept_and_old_ones_go_first() {
        let big: Rc<[u8]> = Rc::from(vec![0u8; KEPT_BYTES / 2 + 1]);
        let mut s = state();
        for name in ["a", "b", "c"] {
            s = s.apply(Action::ImportedFile {
                rows: rows(&[item(name)]),
                report: report(name),
                bytes: Rc::clone(&big),
                replace: None,
            });
        }
        assert_eq!(s.sources.keys().copied().collect::<Vec<_>>(), [2]);
        let huge: Rc<[u8]> = Rc::from(vec![0u8; KEPT_BYTES + 1]);
        let s = s.apply(Action::ImportedFile {
            rows: rows(&[]),
            report: report("d"),
            bytes: huge,
            replace: None,
        });
        assert!(!s.sources.contains_key(&3));
    }

    #[test]
    fn forgetting_clears_everything_and_starts_afresh() {
        let today = Date::from_ymd(2025, 1, 2).unwrap();
        let s = state()
            .apply(Action::SetRemember(true))
            .apply(Action::SetSector(Sector::Enterprise, true))
            .apply(Action::AddItem(item("a")));
        assert!(s.has_anything(today));
        let s = s.apply(Action::ForgetEverything(today, true));
        assert!(!s.has_anything(today));
        assert_eq!(s.generation, 1);
        assert_eq!(
            s.notice,
            Some(Notice::Forgotten {
                storage_cleared: true
            })
        );
        assert_eq!(s.as_of, today);
        assert_eq!(
            s.apply(Action::ForgetEverything(today, false)).generation,
            2
        );
    }

    #[test]
    fn a_saved_assessment_restores_the_context_and_rows() {
        let mut c = Context::new(Date::from_ymd(2023, 3, 4).unwrap());
        c.jurisdictions.insert("NZ".parse().unwrap());
        c.sectors.insert(Sector::PublicSector);
        c.classification = Some("RESTRICTED".into());
        c.answers.insert("q".into(), false);
        let saved = Saved {
            context: c.clone(),
            items: vec![item("a"), item("b")],
            imports: vec![report("a.csv")],
            packs: vec![],
        };
        let s = state()
            .apply(Action::SetRemember(true))
            .apply(Action::AddItem(item("old")))
            .apply(Action::Restore(Box::new(saved)));
        // A report written before the main country was kept reads as its first.
        c.main_jurisdiction = "NZ".parse().ok();
        assert_eq!(s.context(), c);
        assert_eq!(products(&s), ["a", "b"]);
        assert_eq!(*s.origins, vec![None, None]);
        assert_eq!(s.imports.len(), 1);
        assert!(s.remember, "the choice to remember is kept");
    }

    #[test]
    fn a_category_answer_is_kept_for_its_name_and_can_be_taken_back() {
        let decide = |name: &str, category: &str| {
            Action::DecideCategory(CategoryDecision {
                name: name.to_owned(),
                category: category.to_owned(),
            })
        };
        let s = state()
            .apply(decide("Kaspersky Something New", "antivirus"))
            .apply(decide("Other", "video-surveillance"))
            .apply(decide("Kaspersky Something New", "endpoint-security"));
        assert_eq!(s.context().category_decisions.len(), 2);
        assert_eq!(
            s.context().category_decisions[1].category,
            "endpoint-security"
        );
        let s = s.apply(decide("Other", ""));
        assert_eq!(s.category_decisions.len(), 1);
        assert!(s.has_anything(Date::from_ymd(2024, 6, 1).unwrap()));
        let s = s.apply(Action::ClearInventory);
        assert!(s.category_decisions.is_empty());
    }

    #[test]
    fn bad_saved_files_say_what_is_wrong() {
        assert!(looks_like_saved(b"\xEF\xBB\xBF {\n  \"schema_version\": 1"));
        assert!(!looks_like_saved(b"{\"bomFormat\": \"CycloneDX\"}"));
        assert!(!looks_like_saved(b"DisplayName,Publisher\n"));
        let err = read_saved("a.json", b"{\"schema_version\": 1,").unwrap_err();
        assert!(
            err.contains("a.json") && err.contains("not valid JSON"),
            "{err}"
        );
        let err = read_saved("a.json", b"{\"schema_version\": 1}").unwrap_err();
        assert!(
            err.contains("not a Vendor Risk Checker assessment"),
            "{err}"
        );
        let err = read_saved(
            "a.json",
            br#"{"schema_version": 9, "context": {"as_of": "2024-01-01"}, "items": []}"#,
        )
        .unwrap_err();
        assert!(err.contains("version 9"), "{err}");
        let err = read_saved("a.json", b"{\"schema_version\": \xFF}").unwrap_err();
        assert!(err.contains("not UTF-8"), "{err}");
    }

    #[test]
    fn a_saved_assessment_keeps_every_country_and_the_device_type() {
        let mut c = Context::new(Date::from_ymd(2023, 3, 4).unwrap());
        c.jurisdictions.insert("GB".parse().unwrap());
        c.jurisdictions.insert("US".parse().unwrap());
        c.device = Some("server".into());
        let saved = Saved {
            context: c,
            items: vec![],
            imports: vec![],
            packs: vec![],
        };
        let restored = state().restored(saved);
        assert_eq!(restored.jurisdiction, "GB");
        assert_eq!(restored.also, BTreeSet::from(["US".parse().unwrap()]));
        let context = restored.context();
        assert_eq!(context.jurisdictions.len(), 2);
        assert_eq!(context.device.as_deref(), Some("server"));
    }

    /// A US organisation (marking CUI) that follows UK guidance too reopens
    /// as a US organisation, not as a UK one with a US marking (issue 12).
    #[test]
    fn a_saved_assessment_reopens_with_its_own_country_first() {
        let us: Jurisdiction = "US".parse().unwrap();
        let s = state()
            .apply(Action::SetJurisdiction("US".into()))
            .apply(Action::SetAlso("GB".parse().unwrap(), true))
            .apply(Action::SetClassification(Some("CUI".into())));
        let context = s.context();
        assert_eq!(context.main_jurisdiction, Some(us));
        let saved = Saved {
            context,
            items: vec![],
            imports: vec![],
            packs: vec![],
        };
        let restored = state().restored(saved);
        assert_eq!(restored.jurisdiction, "US");
        assert_eq!(restored.also, BTreeSet::from(["GB".parse().unwrap()]));
        assert_eq!(restored.classification.as_deref(), Some("CUI"));
    }

    #[test]
    fn other_countries_add_to_the_context_and_never_repeat_the_main_one() {
        let country = |code: &str| code.parse::<Jurisdiction>().unwrap();
        let s = state()
            .apply(Action::SetAlso(country("US"), true))
            .apply(Action::SetAlso(country("GB"), true));
        assert_eq!(s.also, BTreeSet::from([country("US")]));
        assert_eq!(s.context().jurisdictions.len(), 2);
        // Choosing an "also" country as the main one takes it off the list.
        let s = s.apply(Action::SetJurisdiction("US".into()));
        assert!(s.also.is_empty());
        assert_eq!(s.context().jurisdictions.len(), 1);
        let s = s
            .apply(Action::SetAlso(country("NZ"), true))
            .apply(Action::SetAlso(country("NZ"), false));
        assert!(s.also.is_empty());
    }
}
