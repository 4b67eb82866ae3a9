//! Reading files and checking inventories, in the worker or on the page.
//!
//! Every file is read in the Web Worker, whose wasm holds the importer (the
//! page's does not), so the page stays responsive, shows how far a large
//! file has got, and can cancel it. A small check runs on the page, at once:
//! the what-if answer for a few hundred rows should not wait for a message
//! to go round; a large one (more than [`WORKER_ROWS`] rows) has its rows
//! sorted into distinct items in the worker, with the same
//! `vrc_worker::distinct_rows`, and its distinct items evaluated here in
//! slices of [`SLICE_MS`], so that the page never stops for long (issue 13:
//! no main-thread task over 200 ms) and Cancel works at every stage.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use vrc_engine::{Context, Field, InventoryItem, RuleSet};
use yew::prelude::*;

use crate::bridge::Bridge;
use crate::evaluate::{self, Checking, SharedChecked, Sorted};
use crate::state::Action;
use vrc_worker::{FileRead, ROWS_PER_MESSAGE, Reply, Request};

/// Inventories with more rows than this are checked in the worker.
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
    /// A check whose rows are sorted, and whose distinct items are being
    /// evaluated: progress counts rows checked, no longer rows sorted.
    pub sorted: bool,
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
    /// The job's rows are sorted; its distinct items are evaluated next.
    Sorted(u32),
    Finished(u32),
    Cancelled,
    Failed(String),
    /// The inventory became small, or empty: a large check no longer shows.
    Forget,
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
            WorkAction::Sorted(job) => {
                if let Some(busy) = next.busy.as_mut().filter(|b| b.job == job) {
                    busy.sorted = true;
                    busy.done = 0;
                }
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
    /// The rows that came ahead of the answer, a part at a time.
    rows: Vec<InventoryItem>,
}

#[derive(Debug, Default)]
struct Pending {
    reads: Vec<(u32, PendingRead)>,
    /// The inventory the worker is sorting into distinct items, and the job.
    sorting: Option<(u32, Rc<Vec<InventoryItem>>)>,
    /// The last inventory sorted: a what-if on it needs only its distinct
    /// items evaluated again.
    sorted: Option<Rc<Sorted>>,
    /// The context of the latest check asked for.
    context: Option<Context>,
}

/// The handle components use to start and cancel jobs; clones share it.
#[derive(Clone)]
pub struct Jobs {
    /// None when the built-in rules failed to load (the page says so, and
    /// offers nothing to check).
    rules: Option<Rc<RuleSet>>,
    bridge: Bridge,
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
    pub fn new(rules: Option<Rc<RuleSet>>, work: UseReducerDispatcher<Work>) -> Jobs {
        let pending: Rc<RefCell<Pending>> = Rc::default();
        let evaluating: Rc<Cell<u32>> = Rc::default();
        let on_reply = {
            let (rules, pending, work) = (rules.clone(), Rc::clone(&pending), work.clone());
            let evaluating = Rc::clone(&evaluating);
            Callback::from(move |reply: Reply| {
                receive(rules.as_ref(), &pending, &work, &evaluating, reply);
            })
        };
        Jobs {
            rules,
            bridge: Bridge::new(on_reply),
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
            sorted: false,
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
                rows: Vec::new(),
            },
        ));
    }

    /// Checks a large inventory: its rows are sorted into distinct items in
    /// the worker, once, and the distinct items evaluated here, in slices,
    /// so that a what-if on the same rows costs only the evaluations.
    pub fn check(&self, context: Context, items: Rc<Vec<InventoryItem>>) {
        let Some(rules) = &self.rules else { return };
        let mut pending = self.pending.borrow_mut();
        pending.context = Some(context.clone());
        if let Some(sorted) = pending
            .sorted
            .as_ref()
            .filter(|s| Rc::ptr_eq(&s.items, &items))
            .cloned()
        {
            drop(pending);
            let job = self.job();
            self.work.dispatch(WorkAction::Started(Busy {
                job,
                task: Task::Checking,
                done: 0,
                total: Some(items.len() as u64),
                sorted: true,
            }));
            evaluate_in_slices(
                Rc::clone(rules),
                context,
                sorted,
                job,
                self.work.clone(),
                &self.evaluating,
            );
            return;
        }
        if pending
            .sorting
            .as_ref()
            .is_some_and(|(_, s)| Rc::ptr_eq(s, &items))
        {
            // Being sorted: the answer will be checked in the latest context.
            return;
        }
        let job = self.job();
        let total = items.len() as u64;
        pending.sorting = Some((job, Rc::clone(&items)));
        pending.sorted = None;
        drop(pending);
        stop(&self.evaluating);
        self.work.dispatch(WorkAction::Started(Busy {
            job,
            task: Task::Checking,
            done: 0,
            total: Some(total),
            sorted: false,
        }));
        send_rows(self.bridge.clone(), Rc::clone(&self.pending), job, items);
    }

    /// No large check is wanted any more (the inventory is small now).
    pub fn forget_check(&self) {
        let mut pending = self.pending.borrow_mut();
        pending.sorting = None;
        pending.sorted = None;
        drop(pending);
        stop(&self.evaluating);
        self.work.dispatch(WorkAction::Forget);
    }

    /// Starts the worker, so that its wasm is loaded and compiled before the
    /// first file comes: called once the page has rendered and is usable.
    pub fn warm_up(&self) {
        self.bridge.start();
    }

    /// Stops whatever job is under way, at once: reading or sorting in the
    /// worker (which is terminated), or evaluating here (at the next slice).
    pub fn cancel(&self) {
        let mut pending = self.pending.borrow_mut();
        if !pending.reads.is_empty() || pending.sorting.is_some() {
            self.bridge.cancel();
        }
        pending.reads.clear();
        pending.sorting = None;
        drop(pending);
        stop(&self.evaluating);
        self.work.dispatch(WorkAction::Cancelled);
    }
}

/// Sends a large inventory's rows to the worker to be sorted, a part per
/// task (each part is written as JSON here), then the job; stops if the
/// job is cancelled or replaced on the way.
fn send_rows(
    bridge: Bridge,
    pending: Rc<RefCell<Pending>>,
    job: u32,
    items: Rc<Vec<InventoryItem>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut start = 0_usize;
        loop {
            let wanted = pending
                .borrow()
                .sorting
                .as_ref()
                .is_some_and(|(j, _)| *j == job);
            if !wanted {
                return;
            }
            let end = start.saturating_add(ROWS_PER_MESSAGE).min(items.len());
            let part = items.get(start..end).unwrap_or_default().to_vec();
            if end >= items.len() {
                bridge.send(&Request::Distinct { job, items: part }, None);
                return;
            }
            bridge.send(&Request::Rows { job, items: part }, None);
            start = end;
            next_turn().await;
        }
    });
}

fn receive(
    rules: Option<&Rc<RuleSet>>,
    pending: &RefCell<Pending>,
    work: &UseReducerDispatcher<Work>,
    evaluating: &Rc<Cell<u32>>,
    reply: Reply,
) {
    match reply {
        Reply::Ready => {}
        Reply::Progress { job, done, total } => {
            work.dispatch(WorkAction::Progress { job, done, total });
        }
        Reply::Rows { job, items } => {
            let mut pending = pending.borrow_mut();
            if let Some((_, p)) = pending.reads.iter_mut().find(|(j, _)| *j == job) {
                p.rows.extend(items);
            }
        }
        Reply::Read { job, read } => {
            let found = {
                let mut pending = pending.borrow_mut();
                let at = pending.reads.iter().position(|(j, _)| *j == job);
                at.map(|i| pending.reads.remove(i).1)
            };
            if let Some(mut p) = found {
                let read = match read {
                    FileRead::Read { items, report } if !p.rows.is_empty() => {
                        let mut rows = std::mem::take(&mut p.rows);
                        rows.extend(items);
                        FileRead::Read {
                            items: rows,
                            report,
                        }
                    }
                    read => read,
                };
                work.dispatch(WorkAction::Finished(job));
                p.then.emit(evaluate::file_action(
                    &p.file, p.bytes, &p.columns, p.replace, read,
                ));
            }
        }
        Reply::Distinct { job, distinct } => {
            let next = {
                let mut pending = pending.borrow_mut();
                match pending.sorting.take() {
                    Some((j, items)) if j == job => {
                        let sorted = Rc::new(Sorted::new(items, distinct));
                        pending.sorted = Some(Rc::clone(&sorted));
                        rules
                            .zip(pending.context.clone())
                            .map(|(r, c)| (Rc::clone(r), c, sorted))
                    }
                    other => {
                        pending.sorting = other;
                        None
                    }
                }
            };
            if let Some((rules, context, sorted)) = next {
                work.dispatch(WorkAction::Sorted(job));
                evaluate_in_slices(rules, context, sorted, job, work.clone(), evaluating);
            }
        }
        Reply::Failed { message, .. } => {
            let mut p = pending.borrow_mut();
            p.reads.clear();
            p.sorting = None;
            drop(p);
            work.dispatch(WorkAction::Failed(message));
        }
    }
}

/// Stops the evaluation under way, if any, before its next slice.
fn stop(evaluating: &Cell<u32>) {
    evaluating.set(evaluating.get().wrapping_add(1));
}

/// Evaluates a sorted inventory's distinct items in slices of about
/// [`SLICE_MS`], giving the page a turn between them, and hands over the
/// answer as job `job`; stopped by [`stop`] (a cancel, another check, a
/// new inventory), after which nothing more is said.
fn evaluate_in_slices(
    rules: Rc<RuleSet>,
    context: Context,
    sorted: Rc<Sorted>,
    job: u32,
    work: UseReducerDispatcher<Work>,
    evaluating: &Rc<Cell<u32>>,
) {
    stop(evaluating);
    let (evaluating, mine) = (Rc::clone(evaluating), evaluating.get());
    wasm_bindgen_futures::spawn_local(async move {
        let mut checking = Checking::new(&context, &sorted);
        loop {
            let deadline = now() + SLICE_MS;
            if checking.step(&rules, || now() < deadline) {
                break;
            }
            let (done, total) = checking.progress();
            work.dispatch(WorkAction::Progress {
                job,
                done,
                total: Some(total),
            });
            next_turn().await;
            if evaluating.get() != mine {
                return;
            }
        }
        let checked = checking.finish();
        work.dispatch(WorkAction::Finished(job));
        work.dispatch(WorkAction::Checked(SharedChecked(Rc::new(checked))));
    });
}

/// Milliseconds, for timing slices.
fn now() -> f64 {
    js_sys::Date::now()
}

/// Resolves on a later task (a zero timeout), so that the page can draw
/// and take input in between.
async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy(job: u32, task: Task) -> Busy {
        Busy {
            job,
            task,
            done: 0,
            total: None,
            sorted: false,
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
}
