//! Reading files in the worker, and checking inventories on the page.
//!
//! Every file is read in the Web Worker, whose wasm holds the importer (the
//! page's does not), so the page stays responsive, shows how far a large
//! file has got, and can cancel it. A small
//! inventory is checked during the render, at once: the what-if answer for
//! a few hundred rows should not wait. A large one (more than
//! [`WORKER_ROWS`] rows) is checked here in slices of [`SLICE_MS`]
//! ([`check::Checking`]), so that the page never stops for long (issue 13:
//! no main-thread task over 200 ms) and Cancel works at every stage; its
//! prepared inventory (sorted and matched) is kept, so that a what-if on the
//! same rows costs only the evaluations.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use vrc_engine::inventory::Inventory;
use vrc_engine::{Context, Field, RuleSet};
use yew::prelude::*;

use crate::bridge::Bridge;
use crate::check::{Checking, Engine, Prepared, SharedChecked};
use crate::own_rules::{OwnPack, PacksChecked};
use crate::state::{Action, AppState};
use vrc_worker::{FileRead, Reply, Request, RowsDecoder};

/// Inventories with more rows than this are checked in slices.
pub const WORKER_ROWS: usize = 5_000;

/// How long one slice of evaluation may run before the page gets a turn:
/// well under the 200 ms bound, on a slow machine too.
const SLICE_MS: f64 = 40.0;

/// What a job is doing, in the user's words.
#[derive(Debug, Clone, PartialEq)]
pub enum Task {
    /// Reading the named file.
    Reading(String),
    Checking,
}

/// A job the page is waiting for.
#[derive(Debug, Clone, PartialEq)]
pub struct Busy {
    pub job: u32,
    pub task: Task,
    /// Rows done so far, and in all when that is known.
    pub done: u64,
    pub total: Option<u64>,
}

/// The worker's part of the page's state: what it is doing, what it last
/// said, and the last check it finished.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Work {
    pub busy: Option<Busy>,
    /// The last large check, numbered so that a new answer can be told
    /// from the last.
    pub checked: Option<(u32, SharedChecked)>,
    /// What the user cancelled, until the next job starts.
    pub cancelled: Option<Task>,
    /// What went wrong in the worker, in a sentence.
    pub failed: Option<String>,
    /// The built-in rule pack, whole, once the importer's worker has handed
    /// it over (`Reply::BuiltIn`), or why it could not be read. Until then
    /// the page has the pack's outline, which nothing is checked against.
    pub built_in: Option<Result<Engine, String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WorkAction {
    Started(Busy),
    Progress {
        job: u32,
        done: u64,
        total: Option<u64>,
    },
    Checked(SharedChecked),
    Finished(u32),
    Cancelled,
    Failed(String),
    /// The inventory became small, or empty: a large check no longer shows.
    Forget,
    /// The built-in pack, read from what the worker handed over.
    BuiltIn(Result<Engine, String>),
}

impl Reducible for Work {
    type Action = WorkAction;

    fn reduce(self: Rc<Self>, action: WorkAction) -> Rc<Work> {
        Rc::new(self.apply(action))
    }
}

impl Work {
    /// The state after one action: pure, and unit-tested natively.
    pub fn apply(&self, action: WorkAction) -> Work {
        let mut next = self.clone();
        let current = |job: u32| next.busy.as_ref().is_some_and(|b| b.job == job);
        match action {
            WorkAction::Started(busy) => {
                next.busy = Some(busy);
                next.cancelled = None;
                next.failed = None;
            }
            WorkAction::Progress { job, done, total } => {
                if let Some(busy) = next.busy.as_mut().filter(|b| b.job == job) {
                    busy.done = done;
                    busy.total = total.or(busy.total);
                }
            }
            WorkAction::Checked(checked) => {
                let number = next.checked.as_ref().map_or(0, |(n, _)| n.wrapping_add(1));
                next.checked = Some((number, checked));
            }
            WorkAction::Finished(job) => {
                if current(job) {
                    next.busy = None;
                }
            }
            WorkAction::Cancelled => {
                next.cancelled = next.busy.take().map(|b| b.task);
                // The answer shown would be for another context or inventory.
                if next.cancelled == Some(Task::Checking) {
                    next.checked = None;
                }
            }
            WorkAction::Failed(message) => {
                next.busy = None;
                next.failed = Some(message);
            }
            WorkAction::Forget => {
                next.checked = None;
                if next.busy.as_ref().is_some_and(|b| b.task == Task::Checking) {
                    next.busy = None;
                }
                next.cancelled = None;
            }
            // A worker started again (after Cancel) hands the pack over
            // again: the one in use stays, and with it every check made.
            WorkAction::BuiltIn(read) => {
                if !matches!(next.built_in, Some(Ok(_))) {
                    next.built_in = Some(read);
                }
            }
        }
        next
    }
}

/// A file being read in the worker: what is needed to act on the answer.
#[derive(Debug)]
struct PendingRead {
    file: String,
    bytes: Rc<[u8]>,
    columns: Vec<(Field, String)>,
    replace: Option<usize>,
    then: Callback<Action>,
    /// The rows that came ahead of the answer, a part at a time, taken
    /// into an inventory as they come.
    decoder: RowsDecoder,
}

#[derive(Debug, Default)]
struct Pending {
    reads: Vec<(u32, PendingRead)>,
    packs: Vec<(u32, Callback<PacksChecked>)>,
    /// The packs of the last check of packs asked for: those in use once
    /// the checks in `packs` are answered.
    rules: Vec<OwnPack>,
    /// The last large inventory prepared (matched) with its rules: a
    /// what-if on it needs only its distinct items evaluated again.
    prepared: Option<(Rc<RuleSet>, Rc<Prepared>)>,
    /// Whether the built-in pack has been handed over and read.
    built_in: bool,
}

/// The handle components use to start and cancel jobs; clones share it.
#[derive(Clone)]
pub struct Jobs {
    /// The importer's worker.
    bridge: Bridge,
    /// The rule packs' worker, started only when a pack is loaded.
    packs: Bridge,
    next_job: Rc<Cell<u32>>,
    pending: Rc<RefCell<Pending>>,
    work: UseReducerDispatcher<Work>,
    /// Bumped to stop the evaluation under way (see [`evaluate_in_slices`]).
    evaluating: Rc<Cell<u32>>,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jobs")
    }
}

impl PartialEq for Jobs {
    fn eq(&self, other: &Jobs) -> bool {
        Rc::ptr_eq(&self.pending, &other.pending)
    }
}

impl Jobs {
    pub fn new(work: UseReducerDispatcher<Work>) -> Jobs {
        let pending: Rc<RefCell<Pending>> = Rc::default();
        let evaluating: Rc<Cell<u32>> = Rc::default();
        let on_reply = {
            let (pending, work) = (Rc::clone(&pending), work.clone());
            Callback::from(move |reply: Reply| receive(&pending, &work, reply))
        };
        let on_packs = {
            let pending = Rc::clone(&pending);
            Callback::from(move |reply: Reply| receive_packs(&pending, reply))
        };
        Jobs {
            bridge: Bridge::new("vrc-worker", on_reply),
            packs: Bridge::new("vrc-packs", on_packs),
            next_job: Rc::new(Cell::new(0)),
            pending,
            work,
            evaluating,
        }
    }

    fn job(&self) -> u32 {
        let job = self.next_job.get().wrapping_add(1);
        self.next_job.set(job);
        job
    }

    /// Reads a file, or reads it again with other columns in place of the
    /// import at `replace`, and hands `then` the action that records it.
    pub fn read(
        &self,
        file: &str,
        bytes: Rc<[u8]>,
        columns: Vec<(Field, String)>,
        replace: Option<usize>,
        then: Callback<Action>,
    ) {
        let job = self.job();
        self.work.dispatch(WorkAction::Started(Busy {
            job,
            task: Task::Reading(file.to_owned()),
            done: 0,
            total: None,
        }));
        let request = Request::Read {
            job,
            file: file.to_owned(),
            columns: columns.clone(),
        };
        self.bridge.send(&request, Some(&bytes));
        self.pending.borrow_mut().reads.push((
            job,
            PendingRead {
                file: file.to_owned(),
                bytes,
                columns,
                replace,
                then,
                decoder: RowsDecoder::default(),
            },
        ));
    }

    /// Checks a large inventory here, in slices: matched once, then
    /// evaluated; the same rows again, only evaluated.
    pub fn check(&self, rules: &Rc<RuleSet>, context: Context, inventory: Rc<Inventory>) {
        let prepared = (self.pending.borrow().prepared.as_ref())
            .filter(|(r, p)| Rc::ptr_eq(r, rules) && Rc::ptr_eq(&p.inventory, &inventory))
            .map(|(_, p)| Rc::clone(p));
        let checking = match &prepared {
            Some(prepared) => Checking::again(&context, prepared),
            None => {
                self.pending.borrow_mut().prepared = None;
                Checking::new(&context, &inventory)
            }
        };
        let job = self.job();
        self.work.dispatch(WorkAction::Started(Busy {
            job,
            task: Task::Checking,
            done: 0,
            total: Some(inventory.rows()),
        }));
        check_in_slices(
            Rc::clone(rules),
            checking,
            job,
            Rc::clone(&self.pending),
            self.work.clone(),
            &self.evaluating,
        );
    }

    /// Puts these packs of the organisation's in use, once the rule packs'
    /// worker has checked them beside the built-in pack (all of them: a
    /// pack may use another's entities); the state hears what that gave,
    /// then `then` (a portal's host waiting for its answer).
    pub fn use_rules(
        &self,
        state: UseReducerDispatcher<AppState>,
        packs: Vec<OwnPack>,
        then: Callback<PacksChecked>,
    ) {
        let files: Vec<_> = packs.iter().map(|p| p.files.clone()).collect();
        self.pending.borrow_mut().rules.clone_from(&packs);
        let checking = state.clone();
        let done = Callback::from(move |checked: PacksChecked| {
            state.dispatch(Action::RulesChecked {
                packs: packs.clone(),
                checked: checked.clone(),
            });
            then.emit(checked);
        });
        if files.is_empty() {
            return done.emit(Ok(Vec::new()));
        }
        checking.dispatch(Action::CheckingRules);
        self.check_packs(files, done);
    }

    /// The packs in use once the checks under way are answered: those of
    /// the last check asked for, or `current` (the state's) when none is
    /// under way. A pack given while another is being checked is checked
    /// with it, rather than in place of it.
    pub fn rules_to_come(&self, current: &[OwnPack]) -> Vec<OwnPack> {
        let pending = self.pending.borrow();
        if pending.packs.is_empty() {
            current.to_vec()
        } else {
            pending.rules.clone()
        }
    }

    fn check_packs(&self, packs: Vec<Vec<(String, String)>>, then: Callback<PacksChecked>) {
        let job = self.job();
        let request = Request::Packs { job, packs };
        self.pending.borrow_mut().packs.push((job, then));
        self.packs.send(&request, None);
    }

    /// No large check is wanted any more (the inventory is small now).
    pub fn forget_check(&self) {
        let mut pending = self.pending.borrow_mut();
        pending.prepared = None;
        drop(pending);
        stop(&self.evaluating);
        self.work.dispatch(WorkAction::Forget);
    }

    /// Starts the worker, so that its wasm is loaded and compiled before the
    /// first file comes: called once the page has rendered and is usable.
    pub fn warm_up(&self) {
        self.bridge.start();
    }

    /// Stops whatever job is under way, at once: reading in the worker
    /// (which is terminated), or checking here (at the next slice).
    pub fn cancel(&self) {
        let mut pending = self.pending.borrow_mut();
        if !pending.reads.is_empty() {
            self.bridge.cancel();
        }
        pending.reads.clear();
        drop(pending);
        stop(&self.evaluating);
        self.work.dispatch(WorkAction::Cancelled);
    }
}

/// What the rule packs' worker says: an answer, or that it could not work.
fn receive_packs(pending: &RefCell<Pending>, reply: Reply) {
    let mut pending = pending.borrow_mut();
    match reply {
        Reply::Packs { job, checked } => {
            if let Some(at) = pending.packs.iter().position(|(j, _)| *j == job) {
                let (_, then) = pending.packs.remove(at);
                drop(pending);
                then.emit(checked);
            }
        }
        Reply::Failed { message, .. } => {
            let waiting = std::mem::take(&mut pending.packs);
            drop(pending);
            for (_, then) in waiting {
                then.emit(Err(vec![format!(
                    "the rules could not be checked: {message}"
                )]));
            }
        }
        _ => {}
    }
}

fn receive(pending: &RefCell<Pending>, work: &UseReducerDispatcher<Work>, reply: Reply) {
    match reply {
        Reply::Ready | Reply::Packs { .. } => {}
        Reply::BuiltIn { pack } => {
            if !std::mem::replace(&mut pending.borrow_mut().built_in, true) {
                let read = vrc_engine::load::unchecked_json([pack.as_str()])
                    .map(|rules| Engine(Rc::new(rules)))
                    .map_err(|err| err.to_string());
                work.dispatch(WorkAction::BuiltIn(read));
            }
        }
        Reply::Progress { job, done, total } => {
            work.dispatch(WorkAction::Progress { job, done, total });
        }
        Reply::Rows { job, part } => {
            let mut pending = pending.borrow_mut();
            if let Some((_, p)) = pending.reads.iter_mut().find(|(j, _)| *j == job) {
                p.decoder.decode(part);
            }
        }
        Reply::Read { job, read } => {
            let found = {
                let mut pending = pending.borrow_mut();
                let at = pending.reads.iter().position(|(j, _)| *j == job);
                at.map(|i| pending.reads.remove(i).1)
            };
            if let Some(p) = found {
                work.dispatch(WorkAction::Finished(job));
                let rows = p.decoder.into_inventory();
                let action = file_action(&p.file, p.bytes, &p.columns, p.replace, *read, rows);
                p.then.emit(action);
            }
        }
        Reply::Failed { message, .. } => {
            pending.borrow_mut().reads.clear();
            work.dispatch(WorkAction::Failed(message));
        }
    }
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
    mut rows: Inventory,
) -> crate::state::Action {
    use crate::state::{Action, FormField, ImportFailure, MappingStep, PASTED_ROWS};
    match read {
        FileRead::Read { items, report } => Action::ImportedFile {
            rows: Rc::new({
                // Rows in the answer itself: none from the worker, which
                // sends every row ahead as numbers.
                rows.extend_from(&Inventory::of_rows(&items), 0..items.len());
                rows
            }),
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

/// Stops the evaluation under way, if any, before its next slice.
fn stop(evaluating: &Cell<u32>) {
    evaluating.set(evaluating.get().wrapping_add(1));
}

/// Runs a check in slices of about [`SLICE_MS`], giving the page a turn
/// between them, and hands over the answer as job `job`, keeping its
/// prepared inventory for the next what-if; stopped by [`stop`] (a cancel,
/// another check, a new inventory), after which nothing more is said.
fn check_in_slices(
    rules: Rc<RuleSet>,
    mut checking: Checking,
    job: u32,
    pending: Rc<RefCell<Pending>>,
    work: UseReducerDispatcher<Work>,
    evaluating: &Rc<Cell<u32>>,
) {
    stop(evaluating);
    let (evaluating, mine) = (Rc::clone(evaluating), evaluating.get());
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            // Stopped before this slice: a cancel can come between two
            // slices, or before the first.
            if evaluating.get() != mine {
                return;
            }
            let deadline = now() + SLICE_MS;
            if checking.step(&rules, || now() < deadline) {
                break;
            }
            let progress = checking.progress();
            work.dispatch(WorkAction::Progress {
                job,
                done: progress.done,
                total: Some(progress.total),
            });
            crate::browser::next_turn().await;
        }
        // The answer is counted and drawn on a turn of its own: drawing a
        // large inventory's table takes about a slice.
        crate::browser::next_turn().await;
        if evaluating.get() != mine {
            return;
        }
        let Some(checked) = checking.finish() else {
            return;
        };
        pending.borrow_mut().prepared = Some((Rc::clone(&rules), Rc::clone(&checked.prepared)));
        work.dispatch(WorkAction::Finished(job));
        work.dispatch(WorkAction::Checked(SharedChecked(Rc::new(checked))));
    });
}

/// Milliseconds, for timing slices.
fn now() -> f64 {
    js_sys::Date::now()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vrc_engine::{Date, Sector};

    /// A file read as the worker reads it, and what the page makes of it.
    fn import_file(
        file: &str,
        bytes: Rc<[u8]>,
        columns: &[(vrc_engine::Field, String)],
        replace: Option<usize>,
    ) -> crate::state::Action {
        let read = vrc_worker::read_file(file, &bytes, columns, |_| {});
        file_action(file, bytes, columns, replace, read, Inventory::with_lines())
    }

    #[test]
    fn progress_is_reported_as_rows_go_by() {
        let csv: String = std::iter::once("Publisher,Product\n")
            .chain(std::iter::repeat_n("Mozilla,Firefox\n", 12_000))
            .collect();
        let mut read = Vec::new();
        vrc_worker::read_file("big.csv", csv.as_bytes(), &[], |done| read.push(done));
        assert_eq!(read, [5_000, 10_000]);
    }

    #[test]
    fn pasted_rows_import_and_bad_files_fail_plainly() {
        use crate::state::Action;
        let pasted =
            "Publisher\tProduct\tVersion\nAO Kaspersky Lab\tKaspersky Endpoint Security\t12\n";
        match import_file("pasted rows", Rc::from(pasted.as_bytes()), &[], None) {
            Action::ImportedFile { rows, report, .. } => {
                assert_eq!(rows.rows(), 1);
                assert_eq!(report.rows_read, 1);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(import_file("empty.csv", Rc::from(&b""[..]), &[], None), Action::ImportFailed(f) if f.file == "empty.csv")
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
                rows,
                report,
                replace,
                ..
            } => {
                assert_eq!(rows.row(0).and_then(|i| i.version), Some("11"));
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

    fn busy(job: u32, task: Task) -> Busy {
        Busy {
            job,
            task,
            done: 0,
            total: None,
        }
    }

    #[test]
    fn progress_and_answers_for_another_job_are_dropped() {
        let w = Work::default().apply(WorkAction::Started(busy(2, Task::Checking)));
        let same = w.apply(WorkAction::Progress {
            job: 1,
            done: 10,
            total: Some(20),
        });
        assert_eq!(same, w);
        let w = w.apply(WorkAction::Progress {
            job: 2,
            done: 10,
            total: Some(20),
        });
        assert_eq!(
            w.busy.as_ref().map(|b| (b.done, b.total)),
            Some((10, Some(20)))
        );
        assert_eq!(w.apply(WorkAction::Finished(1)), w);
        assert_eq!(w.apply(WorkAction::Finished(2)).busy, None);
    }

    #[test]
    fn the_pack_handed_over_first_stays_when_a_restarted_worker_hands_it_again() {
        let engine = || Engine(Rc::new(RuleSet::builtin().unwrap()));
        let first = engine();
        let w = Work::default()
            .apply(WorkAction::BuiltIn(Err("unreadable".into())))
            .apply(WorkAction::BuiltIn(Ok(first.clone())))
            .apply(WorkAction::BuiltIn(Ok(engine())));
        // The same rules, by identity: nothing checked with them is redone.
        assert_eq!(w.built_in, Some(Ok(first)));
    }

    #[test]
    fn a_cancelled_job_says_what_was_cancelled_until_the_next_starts() {
        let w = Work::default()
            .apply(WorkAction::Started(busy(
                1,
                Task::Reading("big.csv".into()),
            )))
            .apply(WorkAction::Cancelled);
        assert_eq!(w.busy, None);
        assert_eq!(w.cancelled, Some(Task::Reading("big.csv".into())));
        let w = w.apply(WorkAction::Started(busy(2, Task::Checking)));
        assert_eq!(w.cancelled, None);
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
        let mut typed = vrc_engine::InventoryItem::new(
            "AO Kaspersky Lab",
            "Kaspersky Endpoint Security for Windows",
        );
        typed.system = Some("host-1".into());
        typed.count = Some(3);
        s = s.apply(Action::AddItem(typed));
        let checked = crate::check::check(&rules, &s.context(), &s.inventory).unwrap();
        let json = crate::check::report_json(&rules, Some(&checked), &s.context(), &s.imports);
        let back = AppState::new(Date::from_ymd(2020, 1, 1).unwrap()).apply(Action::Restore(
            Box::new(read_saved("saved.json", json.as_bytes()).unwrap()),
        ));
        assert_eq!(back.context(), s.context());
        assert_eq!(back.inventory, s.inventory);
        assert_eq!(back.imports, s.imports);
        assert_eq!(back.jurisdiction, "GB");
        // An empty page saves and reopens too.
        let empty = AppState::new(Date::from_ymd(2024, 6, 1).unwrap());
        let json = crate::check::report_json(&rules, None, &empty.context(), &[]);
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

    const ESTATE: &str = include_str!("../tests/e2e/fixtures/estate-with-systems.csv");

    #[test]
    fn the_estate_fixture_has_systems_and_several_suppliers() {
        let rules = RuleSet::builtin().unwrap();
        let crate::state::Action::ImportedFile { rows, .. } =
            import_file("estate.csv", Rc::from(ESTATE.as_bytes()), &[], None)
        else {
            panic!("the fixture does not import");
        };
        let checked = crate::check::check(
            &rules,
            &crate::test_support::uk(&[Sector::CentralGovernment], None),
            &rows,
        )
        .unwrap();
        assert_eq!(checked.rows(), 12);
        assert_eq!(checked.lines().len(), 10);
        let entities: std::collections::BTreeSet<String> = checked
            .lines()
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
        assert!(checked.lines().iter().all(|l| l.system.is_some()));
        assert_eq!(checked.lines().iter().map(|l| l.rows).max(), Some(2));
    }
}
