//! The one place the engine runs on the page. Files are read in the Web
//! Worker, a wasm of its own (`vrc_worker`), which hands back a [`FileRead`];
//! sorting rows into distinct items ([`distinct_rows`]) runs here for small
//! inventories and there for large ones. Evaluating the distinct items
//! ([`check_sorted`]) always runs here: it is what a what-if repeats, and it
//! grows only with the distinct items.

use std::collections::BTreeMap;
use std::rc::Rc;

use vrc_engine::assessor::Tally;
use vrc_engine::eval::{Needed, NeededField, WhyCode};
use vrc_engine::headline::{Headline, headline};
use vrc_engine::normalise::lowercase;
use vrc_engine::pack::Rule;
use vrc_engine::report::Report;
use vrc_engine::sort::sort_with;
use vrc_engine::{
    Assessment, Context, Evaluation, Field, ImportReport, InventoryItem, Outcome, RuleSet, Sector,
    Verdict, evaluate,
};
use vrc_worker::{Distinct, FileRead, distinct_rows};

/// The built-in rule set, compared by identity so it can sit in props.
#[derive(Debug, Clone)]
pub struct Engine(pub Rc<RuleSet>);

impl PartialEq for Engine {
    fn eq(&self, other: &Engine) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Identical rows, shown once with how many there are.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub item: InventoryItem,
    pub rows: usize,
    /// Index into [`Assessment::evaluations`].
    pub evaluation: usize,
}

/// An inventory sorted into distinct items, with its identical rows grouped:
/// what a check needs of the rows, worked out once per inventory, so that a
/// what-if costs the distinct items and not the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sorted {
    pub items: Rc<Vec<InventoryItem>>,
    pub distinct: Distinct,
    pub groups: Vec<Group>,
    /// Each distinct item's rows added up (rows, installations, systems),
    /// for the headline.
    pub tallies: Vec<Tally>,
}

impl Sorted {
    /// The rows as [`distinct_rows`] sorted them (here or in the worker):
    /// nothing is done per row, only per line of the table.
    pub fn new(items: Rc<Vec<InventoryItem>>, mut distinct: Distinct) -> Sorted {
        let groups = (distinct.groups.iter())
            .filter_map(|g| {
                Some(Group {
                    item: items.get(g.row())?.clone(),
                    rows: g.rows(),
                    evaluation: g.distinct(),
                })
            })
            .collect();
        let tallies = std::mem::take(&mut distinct.tallies);
        Sorted {
            items,
            distinct,
            groups,
            tallies,
        }
    }
}

/// A checked inventory, its rows grouped, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub context: Context,
    pub sorted: Rc<Sorted>,
    /// One per distinct item.
    pub evaluations: Vec<Evaluation>,
    pub counts: BTreeMap<Verdict, u64>,
    /// Rows that read `review` only because answers are missing (counted
    /// under `review` too).
    pub answer_needed: u64,
    /// The answer in a sentence, and what to do.
    pub headline: Option<Headline>,
}

/// A [`Checked`] handed to components, compared by identity: comparing a
/// large inventory's answer field by field on every render would cost more
/// than the render.
#[derive(Debug, Clone)]
pub struct SharedChecked(pub Rc<Checked>);

impl PartialEq for SharedChecked {
    fn eq(&self, other: &SharedChecked) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedChecked {
    type Target = Checked;

    fn deref(&self) -> &Checked {
        &self.0
    }
}

impl Checked {
    pub fn evaluation(&self, group: &Group) -> Option<&Evaluation> {
        self.evaluations.get(group.evaluation)
    }

    pub fn groups(&self) -> &[Group] {
        &self.sorted.groups
    }

    pub fn rows(&self) -> usize {
        self.sorted.items.len()
    }

    /// The engine's assessment, every row with its evaluation: for the
    /// exports, built when one is asked for.
    pub fn assessment(&self) -> Assessment {
        Assessment {
            context: self.context.clone(),
            evaluations: self.evaluations.clone(),
            rows: (self.sorted.items.iter().cloned())
                .zip(self.sorted.distinct.rows.iter().copied())
                .collect(),
        }
    }
}

/// Checks the whole inventory in a context.
pub fn check(rules: &RuleSet, context: &Context, items: &Rc<Vec<InventoryItem>>) -> Checked {
    let distinct = distinct_rows(items, |_, _| {});
    check_sorted(
        rules,
        context,
        &Rc::new(Sorted::new(Rc::clone(items), distinct)),
    )
}

/// Evaluates each distinct item once in a context: the part of a check that
/// a what-if repeats, on the page.
pub fn check_sorted(rules: &RuleSet, context: &Context, sorted: &Rc<Sorted>) -> Checked {
    let mut checking = Checking::new(context, sorted);
    while !checking.step(rules, || true) {}
    checking.finish()
}

/// A check under way, a slice at a time: a large inventory's distinct items
/// take longer to evaluate than the page may stop for (issue 13: no task
/// over 200 ms), so the page evaluates them in slices between which it
/// draws, answers input, and can cancel.
#[derive(Debug)]
pub struct Checking {
    context: Context,
    sorted: Rc<Sorted>,
    evaluations: Vec<Evaluation>,
    /// Rows of the distinct items evaluated so far, for the progress bar.
    rows_done: u64,
}

impl Checking {
    pub fn new(context: &Context, sorted: &Rc<Sorted>) -> Checking {
        Checking {
            context: context.clone(),
            sorted: Rc::clone(sorted),
            evaluations: Vec::with_capacity(sorted.distinct.firsts.len()),
            rows_done: 0,
        }
    }

    /// Evaluates distinct items while `more` says to go on (it is asked
    /// before each item after the first), and says whether all are done.
    pub fn step(&mut self, rules: &RuleSet, mut more: impl FnMut() -> bool) -> bool {
        let mut first = true;
        while let Some(row) = self.sorted.distinct.firsts.get(self.evaluations.len()) {
            if !first && !more() {
                return false;
            }
            first = false;
            let at = self.evaluations.len();
            let Some(item) = self.sorted.items.get(*row) else {
                // Unreachable: the worker's rows index these items.
                return true;
            };
            self.evaluations
                .push(evaluate(rules, &self.context, &item.evaluation_key()));
            let rows = self.sorted.tallies.get(at).map_or(1, |t| t.rows);
            self.rows_done = self.rows_done.saturating_add(rows);
        }
        true
    }

    /// Rows whose distinct items are evaluated, and rows in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.rows_done, self.sorted.items.len() as u64)
    }

    /// The checked inventory: counts and the headline from the evaluations.
    pub fn finish(self) -> Checked {
        let Checking {
            context,
            sorted,
            evaluations,
            ..
        } = self;
        let mut counts: BTreeMap<Verdict, u64> = Verdict::ALL.iter().map(|v| (*v, 0)).collect();
        let mut answer_needed = 0_u64;
        for g in &sorted.groups {
            if let Some(e) = evaluations.get(g.evaluation) {
                let n = counts.entry(e.outcome.verdict).or_default();
                *n = n.saturating_add(g.rows as u64);
                if e.outcome.answer_needed {
                    answer_needed = answer_needed.saturating_add(g.rows as u64);
                }
            }
        }
        let headline = headline(evaluations.iter().zip(&sorted.tallies));
        Checked {
            context,
            sorted,
            evaluations,
            counts,
            answer_needed,
            headline,
        }
    }
}

/// Checks one product typed into the search box: the text is tried as both
/// publisher and product name.
pub fn check_one(rules: &RuleSet, context: &Context, text: &str) -> Evaluation {
    evaluate(rules, context, &InventoryItem::new(text, text))
}

/// The JSON and CSV exports.
pub fn export(rules: &RuleSet, checked: &Checked, imports: &[ImportReport]) -> (String, String) {
    let report = Report::new(rules, &checked.assessment(), imports.to_vec());
    (report.to_json(), report.to_csv())
}

/// The action for what reading a file gave, keeping its bytes so the
/// mapping can be changed later. A file whose product or publisher column
/// cannot be found, or whose mapped column is not there, asks the user to
/// map its columns; `replace` is the import it is read again for.
pub fn file_action(
    file: &str,
    bytes: Rc<[u8]>,
    columns: &[(Field, String)],
    replace: Option<usize>,
    read: FileRead,
) -> crate::state::Action {
    use crate::state::{Action, FormField, ImportFailure, MappingStep, PASTED_ROWS};
    match read {
        FileRead::Read { items, report } => Action::ImportedFile {
            items,
            report,
            bytes,
            replace,
        },
        FileRead::Failed {
            message,
            headers,
            guesses,
        } => {
            let headers: Vec<String> = headers.into_iter().filter(|h| !h.is_empty()).collect();
            if headers.is_empty() {
                return Action::ImportFailed(ImportFailure {
                    file: file.to_owned(),
                    message,
                    field: if file == PASTED_ROWS {
                        FormField::Paste
                    } else {
                        FormField::InventoryFile
                    },
                });
            }
            let mut mapped: BTreeMap<Field, String> = BTreeMap::new();
            for (field, header) in guesses {
                mapped.entry(field).or_insert(header);
            }
            for (field, header) in columns {
                mapped.insert(*field, header.clone());
            }
            Action::NeedsMapping(MappingStep {
                file: file.to_owned(),
                bytes,
                headers,
                columns: mapped,
                message,
                replace,
            })
        }
    }
}

/// The assessment as the engine's report document: what "Save assessment"
/// writes and what this browser stores. With no rows there is nothing
/// checked yet, so the (empty) inventory is checked here.
pub fn report(
    rules: &RuleSet,
    checked: Option<&Checked>,
    context: &Context,
    imports: &[ImportReport],
) -> Report {
    match checked {
        Some(checked) => Report::new(rules, &checked.assessment(), imports.to_vec()),
        None => Report::new(
            rules,
            &check(rules, context, &Rc::default()).assessment(),
            imports.to_vec(),
        ),
    }
}

/// What the live region says: `3 items checked: 1 avoid, 2 clear.`, and how
/// many wait on an answer.
pub fn announcement(rows: usize, counts: &BTreeMap<Verdict, u64>, answer_needed: u64) -> String {
    if rows == 0 {
        return String::new();
    }
    let items = if rows == 1 {
        "1 item".to_owned()
    } else {
        format!("{rows} items")
    };
    let parts: Vec<String> = Verdict::ALL
        .iter()
        .rev()
        .filter_map(|v| {
            let n = counts.get(v).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {}", lowercase(v.label())))
        })
        .collect();
    let waiting = match answer_needed {
        0 => String::new(),
        1 => " 1 item needs an answer.".to_owned(),
        n => format!(" {n} items need an answer."),
    };
    format!("{items} checked: {}.{waiting}", parts.join(", "))
}

/// Whether any rule left out for this item would be decided by a classification.
pub fn needs_classification(evaluation: &Evaluation) -> bool {
    evaluation.outcome.not_applied.iter().any(|n| {
        n.needs
            .iter()
            .any(|need| need.field == NeededField::Classification)
    })
}

/// Where one rule stands for one item in the current context.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// The rule applies: it is one of the item's findings.
    Applies,
    /// The rule is announced but starts after the assessment date.
    NotYetInForce,
    /// The rule was considered and did not apply, with the engine's code and
    /// reason, and (for an unknown) the answers that would make it apply.
    NotApplied {
        code: WhyCode,
        why: String,
        needs: Vec<Needed>,
    },
    /// The evaluation says nothing about this rule.
    NotAssessed,
}

/// One measure on an entity's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry<'a> {
    pub rule: &'a Rule,
    /// The rules that name this one in `supersedes`, oldest first.
    pub superseded_by: Vec<&'a Rule>,
    pub standing: Standing,
}

/// Every rule in the loaded packs that concerns an entity, across all
/// jurisdictions, oldest first (then by jurisdiction and id), each with where
/// it stands in `outcome`. An unknown entity has an empty timeline.
pub fn timeline<'a>(
    rules: &'a RuleSet,
    entity: &str,
    outcome: Option<&Outcome>,
) -> Vec<TimelineEntry<'a>> {
    let mut about: Vec<&Rule> = rules.rules_about(entity).collect();
    sort_with(&mut about, |a, b| {
        a.in_force
            .from
            .cmp(&b.in_force.from)
            .then_with(|| a.jurisdiction.cmp(&b.jurisdiction))
            .then_with(|| a.id.cmp(&b.id))
    });
    about
        .into_iter()
        .map(|rule| {
            let mut superseded_by: Vec<&Rule> = rules
                .rules()
                .filter(|r| r.supersedes.contains(&rule.id))
                .collect();
            sort_with(&mut superseded_by, |a, b| {
                a.in_force
                    .from
                    .cmp(&b.in_force.from)
                    .then_with(|| a.id.cmp(&b.id))
            });
            TimelineEntry {
                rule,
                superseded_by,
                standing: outcome.map_or(Standing::NotAssessed, |o| standing(o, &rule.id)),
            }
        })
        .collect()
}

/// Where a rule stands in an outcome: a finding, a rule not applied (a rule
/// not yet in force counts as upcoming), or not considered at all.
pub fn standing(outcome: &Outcome, rule: &str) -> Standing {
    if outcome.findings.iter().any(|f| f.rule == rule) {
        return Standing::Applies;
    }
    if let Some(n) = outcome.not_applied.iter().find(|n| n.rule == rule) {
        return if n.code == WhyCode::NotYetInForce {
            Standing::NotYetInForce
        } else {
            Standing::NotApplied {
                code: n.code,
                why: n.why.clone(),
                needs: n.needs.clone(),
            }
        };
    }
    if outcome.upcoming.iter().any(|u| u.rule == rule) {
        return Standing::NotYetInForce;
    }
    Standing::NotAssessed
}

/// An answer the page can ask for next to an item. The order is the order
/// they are asked in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ask {
    Classification,
    /// One of the pack's yes/no questions, by id.
    Answer(String),
    Sector,
    Jurisdiction,
    Device,
    Category,
}

/// An answer not given that would decide one or more rules for an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub ask: Ask,
    /// What would make each rule apply, in the engine's words, without repeats.
    pub would_apply_if: Vec<String>,
    /// For [`Ask::Sector`]: the sectors the undecided rules address.
    pub sectors: Vec<Sector>,
}

/// The answers not given that could still change this item's verdict, in
/// the order to ask them: those of the rules waiting on answers
/// ([`vrc_engine::eval::Waiting`], each more severe than what the item
/// already has). A `prohibited` item is asked nothing, and a possible match
/// nothing until it is confirmed.
pub fn missing_answers(rules: &RuleSet, evaluation: &Evaluation) -> Vec<Missing> {
    let mut missing: BTreeMap<Ask, Missing> = BTreeMap::new();
    for n in &evaluation.outcome.waiting {
        for need in &n.needs {
            let ask = match (need.field, &need.question) {
                (NeededField::Classification, _) => Ask::Classification,
                (NeededField::Answer, Some(q)) => Ask::Answer(q.clone()),
                (NeededField::Sector, _) => Ask::Sector,
                (NeededField::Jurisdiction, _) => Ask::Jurisdiction,
                (NeededField::Device, _) => Ask::Device,
                (NeededField::Category, _) => Ask::Category,
                (NeededField::Answer, None) => continue,
            };
            let entry = missing.entry(ask.clone()).or_insert_with(|| Missing {
                ask,
                would_apply_if: Vec::new(),
                sectors: Vec::new(),
            });
            if !entry.would_apply_if.contains(&need.would_apply_if) {
                entry.would_apply_if.push(need.would_apply_if.clone());
            }
            if entry.ask == Ask::Sector
                && let Some(rule) = rules.rule(&n.rule)
            {
                for s in &rule.when.sectors {
                    if !entry.sectors.contains(s) {
                        entry.sectors.push(*s);
                    }
                }
            }
        }
    }
    missing
        .into_values()
        .map(|mut m| {
            sort_with(&mut m.sectors, Ord::cmp);
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vrc_engine::{Date, Jurisdiction, Sector};

    fn context() -> Context {
        let mut c = Context::new(Date::from_ymd(2024, 6, 1).unwrap());
        c.jurisdictions
            .insert("GB".parse::<Jurisdiction>().unwrap());
        c.sectors.insert(Sector::CentralGovernment);
        c
    }

    fn kes() -> InventoryItem {
        InventoryItem::new(
            "AO Kaspersky Lab",
            "Kaspersky Endpoint Security for Windows",
        )
    }

    #[test]
    fn identical_rows_are_grouped_and_counted() {
        let rules = RuleSet::builtin().unwrap();
        let items = vec![kes(), InventoryItem::new("Mozilla", "Firefox"), kes()];
        let checked = check(&rules, &context(), &Rc::new(items.clone()));
        assert_eq!(checked.rows(), 3);
        assert_eq!(checked.groups().len(), 2);
        assert_eq!(checked.groups().first().map(|g| g.rows), Some(2));
    }

    #[test]
    fn the_classification_decides_the_seed_case() {
        let rules = RuleSet::builtin().unwrap();
        let mut c = context();
        let unknown = check(&rules, &c, &Rc::new(vec![kes()]));
        let e = unknown
            .evaluation(unknown.groups().first().unwrap())
            .unwrap();
        assert!(needs_classification(e));
        c.classification = Some("SECRET".into());
        let secret = check(&rules, &c, &Rc::new(vec![kes()]));
        assert_eq!(secret.counts.get(&Verdict::Avoid), Some(&1));
        let (json, csv) = export(&rules, &secret, &[]);
        assert!(json.contains("gb-ncsc-2017-secret"));
        assert!(csv.lines().count() >= 2);
    }

    #[test]
    fn a_check_in_parts_is_the_engines_assessment() {
        let rules = RuleSet::builtin().unwrap();
        let firefox = InventoryItem::new("Mozilla", "Firefox");
        let on_host = InventoryItem {
            system: Some("pc-2".into()),
            count: Some(3),
            ..kes()
        };
        let items = vec![kes(), firefox, on_host, kes()];
        let distinct = distinct_rows(&items, |_, _| {});
        assert_eq!(distinct.rows, [0, 1, 0, 0]);
        assert_eq!(distinct.firsts, [0, 1]);
        let sorted = Rc::new(Sorted::new(Rc::new(items.clone()), distinct));
        let checked = check_sorted(&rules, &context(), &sorted);
        let engine = vrc_engine::assess(&rules, &context(), items.iter().cloned());
        assert_eq!(checked.assessment(), engine);
        assert_eq!(checked.counts, engine.summary());
    }

    /// A file read as the worker reads it, and what the page makes of it.
    fn import_file(
        file: &str,
        bytes: Rc<[u8]>,
        columns: &[(vrc_engine::Field, String)],
        replace: Option<usize>,
    ) -> crate::state::Action {
        let read = vrc_worker::read_file(file, &bytes, columns, |_| {});
        file_action(file, bytes, columns, replace, read)
    }

    #[test]
    fn progress_is_reported_as_rows_go_by() {
        let items = vec![InventoryItem::new("Mozilla", "Firefox"); 12_000];
        let mut seen = Vec::new();
        distinct_rows(&items, |done, total| seen.push((done, total)));
        assert_eq!(seen, [(5_000, 12_000), (10_000, 12_000)]);
        let csv: String = std::iter::once("Publisher,Product\n")
            .chain(std::iter::repeat_n("Mozilla,Firefox\n", 12_000))
            .collect();
        let mut read = Vec::new();
        vrc_worker::read_file("big.csv", csv.as_bytes(), &[], |done| read.push(done));
        assert_eq!(read, [5_000, 10_000]);
    }

    #[test]
    fn announcements_read_naturally() {
        let mut counts: BTreeMap<Verdict, u64> = Verdict::ALL.iter().map(|v| (*v, 0)).collect();
        assert_eq!(announcement(0, &counts, 0), "");
        counts.insert(Verdict::Avoid, 1);
        counts.insert(Verdict::Clear, 2);
        assert_eq!(
            announcement(3, &counts, 0),
            "3 items checked: 1 avoid, 2 clear."
        );
        counts.insert(Verdict::Review, 2);
        assert_eq!(
            announcement(5, &counts, 2),
            "5 items checked: 1 avoid, 2 review the risk, 2 clear. 2 items need an answer."
        );
    }

    #[test]
    fn pasted_rows_import_and_bad_files_fail_plainly() {
        use crate::state::Action;
        let pasted =
            "Publisher\tProduct\tVersion\nAO Kaspersky Lab\tKaspersky Endpoint Security\t12\n";
        match import_file("pasted rows", Rc::from(pasted.as_bytes()), &[], None) {
            Action::ImportedFile { items, report, .. } => {
                assert_eq!(items.len(), 1);
                assert_eq!(report.rows_read, 1);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(import_file("empty.csv", Rc::from(&b""[..]), &[], None), Action::ImportFailed(f) if f.file == "empty.csv")
        );
    }

    #[test]
    fn a_saved_assessment_reads_back_into_the_same_state() {
        use crate::state::{Action, AppState, read_saved};
        let rules = RuleSet::builtin().unwrap();
        let csv = "DisplayName,Publisher,DisplayVersion\nKaspersky Endpoint Security for Windows,AO Kaspersky Lab,11\nFirefox,Mozilla,120\n";
        let mut s = AppState::new(Date::from_ymd(2024, 6, 1).unwrap())
            .apply(Action::SetSector(Sector::CentralGovernment, true))
            .apply(Action::SetClassification(Some("SECRET".into())))
            .apply(Action::SetAnswer("q".into(), Some(true)))
            .apply(Action::DecideMatch(vrc_engine::context::MatchDecision {
                name: "Kasperky".into(),
                entity: Some("kaspersky".into()),
            }))
            .apply(import_file("inv.csv", Rc::from(csv.as_bytes()), &[], None));
        let mut typed = kes();
        typed.system = Some("host-1".into());
        typed.count = Some(3);
        s = s.apply(Action::AddItem(typed));
        let checked = check(&rules, &s.context(), &s.items);
        let json = report(&rules, Some(&checked), &s.context(), &s.imports).to_json();
        let back = AppState::new(Date::from_ymd(2020, 1, 1).unwrap()).apply(Action::Restore(
            Box::new(read_saved("saved.json", json.as_bytes()).unwrap()),
        ));
        assert_eq!(back.context(), s.context());
        assert_eq!(back.items, s.items);
        assert_eq!(back.imports, s.imports);
        assert_eq!(back.jurisdiction, "GB");
        // An empty page saves and reopens too.
        let empty = AppState::new(Date::from_ymd(2024, 6, 1).unwrap());
        let json = report(&rules, None, &empty.context(), &[]).to_json();
        let back = empty.apply(Action::Restore(Box::new(
            read_saved("e.json", json.as_bytes()).unwrap(),
        )));
        assert_eq!(back.reopened.as_ref().map(|r| r.as_of), Some(empty.as_of));
        assert_eq!(
            AppState {
                reopened: None,
                ..back
            },
            empty
        );
    }

    #[test]
    fn unclear_columns_ask_for_a_mapping_and_the_mapping_reads_the_file() {
        use crate::state::Action;
        use vrc_engine::Field;
        let csv: Rc<[u8]> = Rc::from(
            &b"Installed thing,Maker,Build\nKaspersky Endpoint Security,AO Kaspersky Lab,11\n"[..],
        );
        let Action::NeedsMapping(step) = import_file("odd.csv", Rc::clone(&csv), &[], None) else {
            panic!("no mapping step");
        };
        assert_eq!(step.headers, ["Installed thing", "Maker", "Build"]);
        assert!(step.message.contains("odd.csv"));
        let columns = vec![
            (Field::Product, "Installed thing".to_owned()),
            (Field::Publisher, "Maker".to_owned()),
            (Field::Version, "Build".to_owned()),
        ];
        match import_file("odd.csv", Rc::clone(&csv), &columns, Some(0)) {
            Action::ImportedFile {
                items,
                report,
                replace,
                ..
            } => {
                assert_eq!(items.first().and_then(|i| i.version.as_deref()), Some("11"));
                assert_eq!(
                    report.columns.get(&Field::Product).map(String::as_str),
                    Some("Installed thing")
                );
                assert_eq!(replace, Some(0));
            }
            other => panic!("{other:?}"),
        }
        let wrong = vec![(Field::Product, "Nope".to_owned())];
        assert!(
            matches!(import_file("odd.csv", csv, &wrong, None), Action::NeedsMapping(s) if s.columns.get(&Field::Product).map(String::as_str) == Some("Nope"))
        );
        assert!(matches!(
            import_file("e.csv", Rc::from(&b""[..]), &[], None),
            Action::ImportFailed(_)
        ));
    }

    #[test]
    fn check_one_finds_kaspersky() {
        let rules = RuleSet::builtin().unwrap();
        let e = check_one(&rules, &context(), "Kaspersky Total Security");
        assert!(e.matched.is_some());
    }

    type IsStanding = fn(&Standing) -> bool;

    const ESTATE: &str = include_str!("../tests/e2e/fixtures/estate-with-systems.csv");

    fn uk(sectors: &[Sector], classification: Option<&str>) -> Context {
        let mut c = Context::new(Date::from_ymd(2024, 6, 1).unwrap());
        c.jurisdictions
            .insert("GB".parse::<Jurisdiction>().unwrap());
        c.sectors.extend(sectors.iter().copied());
        c.classification = classification.map(str::to_owned);
        c
    }

    #[test]
    fn the_estate_fixture_has_systems_and_several_suppliers() {
        let rules = RuleSet::builtin().unwrap();
        let crate::state::Action::ImportedFile { items, .. } =
            import_file("estate.csv", Rc::from(ESTATE.as_bytes()), &[], None)
        else {
            panic!("the fixture does not import");
        };
        let checked = check(
            &rules,
            &uk(&[Sector::CentralGovernment], None),
            &Rc::new(items.clone()),
        );
        assert_eq!(checked.rows(), 12);
        assert_eq!(checked.groups().len(), 10);
        let entities: std::collections::BTreeSet<String> = checked
            .groups()
            .iter()
            .filter_map(|g| checked.evaluation(g)?.matched.as_ref())
            .map(|m| m.entity.clone())
            .collect();
        let want: std::collections::BTreeSet<String> =
            ["doctor-web", "hikvision", "huawei", "kaspersky"]
                .into_iter()
                .map(str::to_owned)
                .collect();
        assert_eq!(entities, want);
        assert!(checked.groups().iter().all(|g| g.item.system.is_some()));
        assert_eq!(checked.groups().iter().map(|g| g.rows).max(), Some(2));
    }

    #[test]
    fn a_timeline_lists_every_measure_in_date_order_with_where_it_stands() {
        let rules = RuleSet::builtin().unwrap();
        let c = uk(&[Sector::CentralGovernment], Some("SECRET"));
        let e = check_one(&rules, &c, "Kaspersky Endpoint Security");
        let entries = timeline(&rules, "kaspersky", Some(&e.outcome));
        assert_eq!(entries.len(), rules.rules_about("kaspersky").count());
        assert!(entries.windows(2).all(|w| {
            w.first().map(|x| x.rule.in_force.from) <= w.get(1).map(|x| x.rule.in_force.from)
        }));
        let by_id = |id: &str| entries.iter().find(|x| x.rule.id == id).unwrap();
        let cases: &[(&str, IsStanding)] = &[
            ("gb-ncsc-2017-secret", |s| *s == Standing::Applies),
            ("us-bod-17-01", |s| {
                matches!(
                    s,
                    Standing::NotApplied {
                        code: WhyCode::Jurisdiction,
                        ..
                    }
                )
            }),
            ("gb-ncsc-2017-wider-no-action", |s| {
                matches!(
                    s,
                    Standing::NotApplied {
                        code: WhyCode::Sector,
                        ..
                    }
                )
            }),
        ];
        for (id, ok) in cases {
            assert!(ok(&by_id(id).standing), "{id}: {:?}", by_id(id).standing);
        }
        let replaced = by_id("gb-ncsc-2017-wider-no-action");
        assert!(
            replaced
                .superseded_by
                .iter()
                .any(|r| r.id == "gb-ncsc-2022-reconsider-public-sector")
        );
        // Ties on the date are broken by jurisdiction, then id.
        assert!(entries.windows(2).all(|w| match (w.first(), w.get(1)) {
            (Some(a), Some(b)) if a.rule.in_force.from == b.rule.in_force.from => {
                (a.rule.jurisdiction, &a.rule.id) <= (b.rule.jurisdiction, &b.rule.id)
            }
            _ => true,
        }));
    }

    #[test]
    fn a_timeline_without_an_outcome_or_for_no_entity() {
        let rules = RuleSet::builtin().unwrap();
        let entries = timeline(&rules, "kaspersky", None);
        assert!(!entries.is_empty());
        assert!(entries.iter().all(|x| x.standing == Standing::NotAssessed));
        assert!(timeline(&rules, "no-such-entity", None).is_empty());
    }

    #[test]
    fn standing_reads_findings_not_applied_and_upcoming() {
        let rules = RuleSet::builtin().unwrap();
        // As of 2017-10-01 the NCSC's December 2017 letter is still to come.
        let mut c = uk(&[Sector::CentralGovernment], Some("SECRET"));
        c.as_of = Date::from_ymd(2017, 10, 1).unwrap();
        let early = check_one(&rules, &c, "Kaspersky Endpoint Security").outcome;
        let late = check_one(
            &rules,
            &uk(&[Sector::CentralGovernment], Some("SECRET")),
            "Kaspersky Endpoint Security",
        )
        .outcome;
        let table: &[(&Outcome, &str, IsStanding)] = &[
            (&early, "gb-ncsc-2017-secret", |s| {
                *s == Standing::NotYetInForce
            }),
            (&late, "gb-ncsc-2017-secret", |s| *s == Standing::Applies),
            (&late, "no-such-rule", |s| *s == Standing::NotAssessed),
        ];
        for (outcome, rule, ok) in table {
            let got = standing(outcome, rule);
            assert!(ok(&got), "{rule}: {got:?}");
        }
    }

    #[test]
    fn missing_answers_are_asked_in_order() {
        let rules = RuleSet::builtin().unwrap();
        let kes = "Kaspersky Endpoint Security";
        let cases: &[(Context, &str, Vec<Ask>)] = &[
            (
                uk(&[Sector::CentralGovernment], None),
                kes,
                vec![Ask::Classification],
            ),
            (
                uk(&[Sector::CentralGovernment], Some("SECRET")),
                kes,
                vec![],
            ),
            (
                uk(&[Sector::Enterprise], None),
                kes,
                vec![Ask::Answer("gb-2022-heightened-risk".into())],
            ),
            (
                uk(&[Sector::CentralGovernment], None),
                "Hikvision iVMS-4200",
                vec![Ask::Answer("sensitive-site".into())],
            ),
            (uk(&[], None), "Kasperky Lab", vec![]),
        ];
        for (context, text, want) in cases {
            let e = check_one(&rules, context, text);
            let got: Vec<Ask> = missing_answers(&rules, &e)
                .into_iter()
                .map(|m| m.ask)
                .collect();
            assert_eq!(&got, want, "{text}");
        }
        // Once an item is prohibited no answer can change that: nothing is
        // asked, though rules of lesser verdicts still wait on answers.
        let mut us = uk(&[Sector::CentralGovernment], None);
        us.jurisdictions = ["US".parse::<Jurisdiction>().unwrap()].into();
        let prohibited = check_one(&rules, &us, kes);
        assert_eq!(prohibited.outcome.verdict, vrc_engine::Verdict::Prohibited);
        assert!(missing_answers(&rules, &prohibited).is_empty());
        let nobody = check_one(&rules, &uk(&[], None), kes);
        let asked = missing_answers(&rules, &nobody);
        let sector = asked.iter().find(|m| m.ask == Ask::Sector).unwrap();
        assert!(sector.sectors.contains(&Sector::CentralGovernment));
        assert!(sector.sectors.windows(2).all(|w| w.first() < w.get(1)));
        assert!(!sector.would_apply_if.is_empty());
        assert!(
            asked
                .windows(2)
                .all(|w| w.first().map(|m| &m.ask) < w.get(1).map(|m| &m.ask))
        );
    }
}
