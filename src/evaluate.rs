//! The one place the engine runs. It is synchronous for now; a Web Worker can
//! later take over [`check`] and [`check_one`] without the components
//! changing, since they only see the [`Checked`] result.

use std::collections::BTreeMap;
use std::rc::Rc;

use vrc_engine::report::Report;
use vrc_engine::{
    Assessment, Context, Evaluation, ImportReport, InventoryItem, RuleSet, Verdict, assess,
    evaluate,
};

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

/// An assessment with its rows grouped, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub assessment: Assessment,
    pub groups: Vec<Group>,
    pub counts: BTreeMap<Verdict, u64>,
}

impl Checked {
    pub fn evaluation(&self, group: &Group) -> Option<&Evaluation> {
        self.assessment.evaluations.get(group.evaluation)
    }

    pub fn rows(&self) -> usize {
        self.assessment.rows.len()
    }
}

/// Checks the whole inventory in a context.
pub fn check(rules: &RuleSet, context: &Context, items: &[InventoryItem]) -> Checked {
    let assessment = assess(rules, context, items.iter().cloned());
    let groups = group(&assessment);
    let counts = assessment.summary();
    Checked {
        assessment,
        groups,
        counts,
    }
}

/// Checks one product typed into the search box: the text is tried as both
/// publisher and product name.
pub fn check_one(rules: &RuleSet, context: &Context, text: &str) -> Evaluation {
    evaluate(rules, context, &InventoryItem::new(text, text))
}

/// The JSON and CSV exports.
pub fn export(rules: &RuleSet, checked: &Checked, imports: &[ImportReport]) -> (String, String) {
    let report = Report::new(rules, &checked.assessment, imports.to_vec());
    (report.to_json(), report.to_csv())
}

/// Reads an inventory file (or pasted text) into the action that adds it.
pub fn import(file: &str, bytes: &[u8]) -> crate::state::Action {
    use crate::state::{Action, ImportFailure};
    match vrc_import::Importer::new().read(file, bytes) {
        Ok(import) => Action::Imported {
            items: import.items.into_iter().map(|row| row.item).collect(),
            report: import.report,
        },
        Err(err) => Action::ImportFailed(ImportFailure {
            file: file.to_owned(),
            message: err.to_string(),
        }),
    }
}

fn group(assessment: &Assessment) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: BTreeMap<&InventoryItem, usize> = BTreeMap::new();
    for (item, evaluation) in &assessment.rows {
        if let Some(g) = index.get(item).and_then(|i| groups.get_mut(*i)) {
            g.rows += 1;
        } else {
            index.insert(item, groups.len());
            groups.push(Group {
                item: item.clone(),
                rows: 1,
                evaluation: *evaluation,
            });
        }
    }
    groups
}

/// What the live region says: `3 items checked: 1 avoid, 2 clear.`
pub fn announcement(rows: usize, counts: &BTreeMap<Verdict, u64>) -> String {
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
            (n > 0).then(|| {
                format!(
                    "{n} {}",
                    crate::format::verdict_label(v.as_str()).to_lowercase()
                )
            })
        })
        .collect();
    format!("{items} checked: {}.", parts.join(", "))
}

/// Whether any rule left out for this item would be decided by a classification.
pub fn needs_classification(evaluation: &Evaluation) -> bool {
    evaluation
        .outcome
        .not_applied
        .iter()
        .any(|n| n.needs.iter().any(|need| need.field == "classification"))
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
        let checked = check(&rules, &context(), &items);
        assert_eq!(checked.rows(), 3);
        assert_eq!(checked.groups.len(), 2);
        assert_eq!(checked.groups.first().map(|g| g.rows), Some(2));
    }

    #[test]
    fn the_classification_decides_the_seed_case() {
        let rules = RuleSet::builtin().unwrap();
        let mut c = context();
        let unknown = check(&rules, &c, &[kes()]);
        let e = unknown.evaluation(unknown.groups.first().unwrap()).unwrap();
        assert!(needs_classification(e));
        c.classification = Some("SECRET".into());
        let secret = check(&rules, &c, &[kes()]);
        assert_eq!(secret.counts.get(&Verdict::Avoid), Some(&1));
        let (json, csv) = export(&rules, &secret, &[]);
        assert!(json.contains("gb-ncsc-2017-secret"));
        assert!(csv.lines().count() >= 2);
    }

    #[test]
    fn announcements_read_naturally() {
        let mut counts: BTreeMap<Verdict, u64> = Verdict::ALL.iter().map(|v| (*v, 0)).collect();
        assert_eq!(announcement(0, &counts), "");
        counts.insert(Verdict::Avoid, 1);
        counts.insert(Verdict::Clear, 2);
        assert_eq!(
            announcement(3, &counts),
            "3 items checked: 1 avoid, 2 clear."
        );
    }

    #[test]
    fn pasted_rows_import_and_bad_files_fail_plainly() {
        use crate::state::Action;
        let pasted =
            "Publisher\tProduct\tVersion\nAO Kaspersky Lab\tKaspersky Endpoint Security\t12\n";
        match import("pasted rows", pasted.as_bytes()) {
            Action::Imported { items, report } => {
                assert_eq!(items.len(), 1);
                assert_eq!(report.rows_read, 1);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(import("empty.csv", b""), Action::ImportFailed(f) if f.file == "empty.csv")
        );
    }

    #[test]
    fn check_one_finds_kaspersky() {
        let rules = RuleSet::builtin().unwrap();
        let e = check_one(&rules, &context(), "Kaspersky Total Security");
        assert!(e.matched.is_some());
    }
}
