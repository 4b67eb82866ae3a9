//! The page's side of the engine's pipeline (`vrc_engine::inventory`): the
//! rows sorted into distinct items and lines, each distinct name matched,
//! each distinct item evaluated in the context, and the answer counted and
//! written by the engine.
//!
//! The worker reads files and sorts their rows into distinct items and
//! lines; the state holds that inventory (`AppState::inventory`). Matching
//! depends on the rows and the rules, not the context, so it is done once
//! per inventory ([`Prepared`]); a what-if repeats only the evaluations. A large
//! inventory is done in slices ([`Checking::step`]), so that the page never
//! stops for long (issue 13: no task over 200 ms) and Cancel works between
//! slices.

use std::collections::BTreeMap;
use std::rc::Rc;

use vrc_engine::evaluated::{Evaluated, evaluate_while};
use vrc_engine::headline::Headline;
use vrc_engine::inventory::{Inventory, ItemId, Line, Matches};
use vrc_engine::normalise::lowercase;
use vrc_engine::report::{CsvWriter, Summary, write_json};
use vrc_engine::{Context, Evaluation, ImportReport, InventoryItem, ItemRef, RuleSet, Verdict};

/// The built-in rule set, compared by identity so it can sit in props.
#[derive(Debug, Clone)]
pub struct Engine(pub Rc<RuleSet>);

impl PartialEq for Engine {
    fn eq(&self, other: &Engine) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// An inventory made ready to check: its rows, sorted into distinct items
/// and lines (identical rows, each a line of the findings table) as the
/// state holds them, and each distinct name matched. What a check needs of
/// the rows, worked out once per inventory (and per rule set). Always
/// shared, and compared by identity.
#[derive(Debug)]
pub struct Prepared {
    /// The state's inventory itself (`AppState::inventory`), compared by
    /// identity to tell whether the rows have changed.
    pub inventory: Rc<Inventory>,
    pub matches: Matches,
}

/// A check under way, a slice at a time: each distinct item matched
/// (unless a [`Prepared`] inventory is being checked again) and evaluated.
#[derive(Debug)]
pub struct Checking {
    context: Context,
    stage: Stage,
    evaluations: Vec<Evaluation>,
    /// Rows of the distinct items evaluated so far, for the progress bar.
    rows_done: u64,
}

#[derive(Debug)]
enum Stage {
    /// Distinct items being matched as they are evaluated.
    Matching {
        inventory: Rc<Inventory>,
        matches: Matches,
    },
    /// A prepared inventory, being evaluated.
    Evaluating(Rc<Prepared>),
}

/// Where a check has got: rows whose distinct items are checked, out of
/// all the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

impl Checking {
    /// Checks an inventory from the start: matching, then evaluating.
    pub fn new(context: &Context, inventory: &Rc<Inventory>) -> Checking {
        let stage = Stage::Matching {
            inventory: Rc::clone(inventory),
            matches: Matches::new(),
        };
        Checking::at(context, stage)
    }

    /// Checks a prepared inventory again, in another context: the what-if.
    pub fn again(context: &Context, prepared: &Rc<Prepared>) -> Checking {
        Checking::at(context, Stage::Evaluating(Rc::clone(prepared)))
    }

    fn at(context: &Context, stage: Stage) -> Checking {
        Checking {
            context: context.clone(),
            stage,
            evaluations: Vec::new(),
            rows_done: 0,
        }
    }

    /// Works while `more` says to go on (it is asked before each step
    /// after the first), and says whether the check is done.
    pub fn step(&mut self, rules: &RuleSet, mut more: impl FnMut() -> bool) -> bool {
        let Checking {
            context,
            stage,
            evaluations,
            rows_done,
        } = self;
        match stage {
            Stage::Matching { inventory, matches } => {
                // One item matched, then evaluated, at a time, so that the
                // progress bar moves as the items are checked.
                let mut first = true;
                while matches.len() < inventory.len() {
                    if !first && !more() {
                        return false;
                    }
                    first = false;
                    matches.match_while(rules, inventory, || false);
                    let from = evaluations.len();
                    evaluate_while(rules, context, inventory, matches, evaluations, || true);
                    *rows_done =
                        rows_done.saturating_add(rows_of(inventory, from, evaluations.len()));
                }
                let prepared = Prepared {
                    inventory: Rc::clone(inventory),
                    matches: std::mem::take(matches),
                };
                *stage = Stage::Evaluating(Rc::new(prepared));
                // What is left (counting, the headline, drawing the
                // answer) takes a slice of its own when time is up.
                more()
            }
            Stage::Evaluating(prepared) => {
                let from = evaluations.len();
                let (inventory, matches) = (&prepared.inventory, &prepared.matches);
                let done =
                    evaluate_while(rules, context, inventory, matches, evaluations, &mut more);
                *rows_done = rows_done.saturating_add(rows_of(inventory, from, evaluations.len()));
                done
            }
        }
    }

    pub fn progress(&self) -> Progress {
        let inventory = match &self.stage {
            Stage::Matching { inventory, .. } => inventory,
            Stage::Evaluating(prepared) => &prepared.inventory,
        };
        Progress {
            done: self.rows_done,
            total: inventory.rows(),
        }
    }

    /// The checked inventory, once [`step`](Checking::step) has said it is
    /// done; none before.
    pub fn finish(self) -> Option<Checked> {
        let Stage::Evaluating(prepared) = self.stage else {
            return None;
        };
        let evaluated = Evaluated {
            inventory: &prepared.inventory,
            evaluations: &self.evaluations,
        };
        let summary = Summary::of(&evaluated);
        let headline = evaluated.headline();
        Some(Checked {
            context: self.context,
            prepared,
            evaluations: self.evaluations,
            summary,
            headline,
        })
    }
}

impl PartialEq for Prepared {
    fn eq(&self, other: &Prepared) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Rows of the distinct items `from..to`.
fn rows_of(inventory: &Inventory, from: usize, to: usize) -> u64 {
    (inventory.tallies().get(from..to).unwrap_or_default().iter())
        .map(|t| t.rows)
        .fold(0, u64::saturating_add)
}

/// A checked inventory, its rows grouped, ready to show.
#[derive(Debug, PartialEq)]
pub struct Checked {
    pub context: Context,
    pub prepared: Rc<Prepared>,
    /// One per distinct item.
    pub evaluations: Vec<Evaluation>,
    /// The rows counted by verdict, as the report counts them.
    pub summary: Summary,
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
    /// The evaluation of a line's distinct item.
    pub fn evaluation(&self, line: &Line) -> Option<&Evaluation> {
        self.evaluations.get(line.item.index())
    }

    /// The lines: identical rows, shown once with how many.
    pub fn lines(&self) -> &[Line] {
        self.prepared.inventory.lines()
    }

    /// A line's distinct item (its fields but system and count are the
    /// line's).
    pub fn item(&self, line: &Line) -> Option<&InventoryItem> {
        self.prepared.inventory.item(line.item)
    }

    /// Rows in all.
    pub fn rows(&self) -> u64 {
        self.prepared.inventory.rows()
    }

    /// The distinct items with their evaluations, for the engine's listing.
    pub fn evaluated(&self) -> Evaluated<'_> {
        Evaluated {
            inventory: &self.prepared.inventory,
            evaluations: &self.evaluations,
        }
    }

    /// Every row, in order, with its distinct item and that item's
    /// evaluation.
    fn rows_evaluated(&self) -> impl Iterator<Item = (ItemRef<'_>, ItemId, &Evaluation)> {
        let inventory = &self.prepared.inventory;
        (inventory.row_refs().zip(inventory.row_items()))
            .filter_map(|(row, id)| Some((row, id, self.evaluations.get(id.index())?)))
    }
}

/// Prepares a whole inventory at once (matched): for a small one, during
/// the render.
pub fn prepare(rules: &RuleSet, inventory: &Rc<Inventory>) -> Rc<Prepared> {
    let mut matches = Matches::new();
    matches.match_all(rules, inventory);
    Rc::new(Prepared {
        inventory: Rc::clone(inventory),
        matches,
    })
}

/// Checks a whole inventory at once.
#[cfg(test)]
pub fn check(rules: &RuleSet, context: &Context, inventory: &Rc<Inventory>) -> Option<Checked> {
    let mut checking = Checking::new(context, inventory);
    while !checking.step(rules, || true) {}
    checking.finish()
}

/// Checks a prepared inventory again, at once, in another context.
pub fn check_again(rules: &RuleSet, context: &Context, prepared: &Rc<Prepared>) -> Option<Checked> {
    let mut checking = Checking::again(context, prepared);
    while !checking.step(rules, || true) {}
    checking.finish()
}

/// The assessment as the engine's report document (the same as `vrc check
/// --format json`): what "Save assessment" writes and what this browser
/// stores. With no rows checked, the document has the context and no items.
pub fn report_json(
    rules: &RuleSet,
    checked: Option<&Checked>,
    context: &Context,
    imports: &[ImportReport],
) -> String {
    let mut out = Vec::new();
    let written = match checked {
        Some(checked) => write_json(
            &mut out,
            rules,
            &checked.context,
            &checked.summary,
            (checked.rows_evaluated()).map(|(row, _, evaluation)| (row.to_item(), evaluation)),
            imports,
        ),
        None => {
            let empty = Inventory::new();
            let evaluated = Evaluated {
                inventory: &empty,
                evaluations: &[],
            };
            let none: [(&InventoryItem, &Evaluation); 0] = [];
            write_json(
                &mut out,
                rules,
                context,
                &Summary::of(&evaluated),
                none,
                imports,
            )
        }
    };
    // Writing to memory fails only if serialising does, which these types cannot.
    let _ = written;
    String::from_utf8(out).unwrap_or_default()
}

/// The CSV export: one row per item, safe to open in a spreadsheet.
pub fn report_csv(checked: &Checked) -> String {
    let mut out = CsvWriter::new(Vec::new(), &checked.context);
    for (row, item, evaluation) in checked.rows_evaluated() {
        let _ = out.write_item(&row, item, evaluation);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// What the live region says: `3 items checked: 1 avoid, 2 clear.`, and how
/// many wait on an answer.
pub fn announcement(summary: &Summary) -> String {
    let rows = summary.items;
    if rows == 0 {
        return String::new();
    }
    let items = if rows == 1 {
        "1 item".to_owned()
    } else {
        format!("{rows} items")
    };
    let counts: &BTreeMap<Verdict, u64> = &summary.verdicts;
    let parts: Vec<String> = Verdict::ALL
        .iter()
        .rev()
        .filter_map(|v| {
            let n = counts.get(v).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {}", lowercase(v.label())))
        })
        .collect();
    let waiting = match summary.answer_needed {
        0 => String::new(),
        1 => " 1 item needs an answer.".to_owned(),
        n => format!(" {n} items need an answer."),
    };
    format!("{items} checked: {}.{waiting}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::needs_classification;
    use crate::test_support::uk;
    use vrc_engine::Sector;

    fn context() -> Context {
        uk(&[Sector::CentralGovernment], None)
    }

    fn kes() -> InventoryItem {
        InventoryItem::new(
            "AO Kaspersky Lab",
            "Kaspersky Endpoint Security for Windows",
        )
    }

    fn check_rows(rules: &RuleSet, context: &Context, rows: Vec<InventoryItem>) -> Checked {
        check(rules, context, &Rc::new(Inventory::of_rows(&rows))).unwrap()
    }

    #[test]
    fn identical_rows_are_grouped_and_counted() {
        let rules = RuleSet::builtin().unwrap();
        let items = vec![kes(), InventoryItem::new("Mozilla", "Firefox"), kes()];
        let checked = check_rows(&rules, &context(), items);
        assert_eq!(checked.rows(), 3);
        assert_eq!(checked.lines().len(), 2);
        assert_eq!(checked.lines().first().map(|l| l.rows), Some(2));
    }

    #[test]
    fn the_classification_decides_the_seed_case() {
        let rules = RuleSet::builtin().unwrap();
        let mut c = context();
        let unknown = check_rows(&rules, &c, vec![kes()]);
        let e = unknown
            .evaluation(unknown.lines().first().unwrap())
            .unwrap();
        assert!(needs_classification(e));
        c.classification = Some("SECRET".into());
        // The what-if: the same prepared inventory, evaluated again.
        let secret = check_again(&rules, &c, &unknown.prepared).unwrap();
        assert!(Rc::ptr_eq(&secret.prepared, &unknown.prepared));
        assert_eq!(secret.summary.verdicts.get(&Verdict::Avoid), Some(&1));
        let json = report_json(&rules, Some(&secret), &c, &[]);
        assert!(json.contains("gb-ncsc-2017-secret"));
        assert!(report_csv(&secret).lines().count() >= 2);
    }

    /// However the work is sliced, and however often the context changes,
    /// the page's documents are the engine's.
    #[test]
    fn a_check_in_slices_writes_the_engines_report() {
        let rules = RuleSet::builtin().unwrap();
        let on_host = InventoryItem {
            system: Some("pc-2".into()),
            count: Some(3),
            ..kes()
        };
        let items = vec![
            kes(),
            InventoryItem::new("Mozilla", "Firefox"),
            on_host,
            kes(),
            InventoryItem::new("Kaspresky Lab", "Endpoint Agent"),
            InventoryItem::new("Hikvision", "iVMS-4200"),
        ];
        let rows = Rc::new(Inventory::of_rows(&items));
        let secret = uk(&[Sector::CentralGovernment], Some("SECRET"));
        let want = vrc_engine::report::Report::new(
            &rules,
            &vrc_engine::assess(&rules, &secret, items.iter().cloned()),
            Vec::new(),
        );
        let mut checking = Checking::new(&context(), &rows);
        // One step per slice: never more than asked.
        let mut slices = 0;
        while !checking.step(&rules, || false) {
            slices += 1;
            let p = checking.progress();
            assert!(p.done <= p.total);
        }
        assert!(slices >= 3, "{slices}");
        let first = checking.finish().unwrap();
        let again = check_again(&rules, &secret, &first.prepared).unwrap();
        assert_eq!(again.summary, want.summary);
        assert_eq!(
            report_json(&rules, Some(&again), &secret, &[]),
            want.to_json()
        );
        assert_eq!(report_csv(&again), want.to_csv());
    }

    #[test]
    fn announcements_read_naturally() {
        let rules = RuleSet::builtin().unwrap();
        let empty = check_rows(&rules, &context(), Vec::new());
        assert_eq!(announcement(&empty.summary), "");
        let mut summary = empty.summary.clone();
        summary.items = 3;
        summary.verdicts.insert(Verdict::Avoid, 1);
        summary.verdicts.insert(Verdict::Clear, 2);
        assert_eq!(announcement(&summary), "3 items checked: 1 avoid, 2 clear.");
        summary.items = 5;
        summary.verdicts.insert(Verdict::Review, 2);
        summary.answer_needed = 2;
        assert_eq!(
            announcement(&summary),
            "5 items checked: 1 avoid, 2 review the risk, 2 clear. 2 items need an answer."
        );
    }
}
