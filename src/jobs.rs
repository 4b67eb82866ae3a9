//! Reading files and checking inventories, on the page or in the worker.
//!
//! Small jobs run on the page, at once: the what-if answer for a few hundred
//! rows should not wait for a message to go round. Large ones (more than
//! [`WORKER_ROWS`] rows, or a file of more than [`WORKER_BYTES`]) go to the
//! Web Worker, so the page stays responsive, shows how far the job has got,
//! and can cancel it. Both run the same functions of [`crate::evaluate`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use vrc_engine::{Context, Field, InventoryItem};
use yew::prelude::*;

use crate::bridge::Bridge;
use crate::evaluate::{self, SharedChecked};
use crate::state::Action;
use crate::worker::{Reply, Request};

/// Inventories with more rows than this are checked in the worker.
pub const WORKER_ROWS: usize = 5_000;
/// Files larger than this are read in the worker.
pub const WORKER_BYTES: usize = 256 * 1024;

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
    /// The last large check, and the job it answered.
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
    Checked(u32, SharedChecked),
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
            WorkAction::Checked(job, checked) => {
                if current(job) {
                    next.checked = Some((job, checked));
                    next.busy = None;
                }
            }
            WorkAction::Finished(job) => {
                if current(job) {
                    next.busy = None;
                }
            }
            WorkAction::Cancelled => {
                next.cancelled = next.busy.take().map(|b| b.task);
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
}

/// A check in the worker: the rows it was given, to pair with the answer.
#[derive(Debug)]
struct PendingCheck {
    job: u32,
    context: Context,
    items: Rc<Vec<InventoryItem>>,
}

#[derive(Debug, Default)]
struct Pending {
    reads: Vec<(u32, PendingRead)>,
    check: Option<PendingCheck>,
    /// The rows the worker holds from the last check it was sent.
    held: Option<Rc<Vec<InventoryItem>>>,
}

/// The handle components use to start and cancel jobs; clones share it.
#[derive(Clone)]
pub struct Jobs {
    bridge: Bridge,
    next_job: Rc<Cell<u32>>,
    pending: Rc<RefCell<Pending>>,
    work: UseReducerDispatcher<Work>,
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
        let on_reply = {
            let (pending, work) = (Rc::clone(&pending), work.clone());
            Callback::from(move |reply: Reply| receive(&pending, &work, reply))
        };
        Jobs {
            bridge: Bridge::new(on_reply),
            next_job: Rc::new(Cell::new(0)),
            pending,
            work,
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
        if bytes.len() <= WORKER_BYTES {
            then.emit(evaluate::import_file(file, bytes, &columns, replace));
            return;
        }
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
            },
        ));
    }

    /// Checks a large inventory in the worker. The rows are sent only when
    /// they changed: a what-if sends just the context. The answer to an
    /// earlier check still running is dropped when it comes.
    pub fn check(&self, context: Context, items: Rc<Vec<InventoryItem>>) {
        let job = self.job();
        self.work.dispatch(WorkAction::Started(Busy {
            job,
            task: Task::Checking,
            done: 0,
            total: Some(items.len() as u64),
        }));
        let mut pending = self.pending.borrow_mut();
        let held = pending.held.as_ref().is_some_and(|h| Rc::ptr_eq(h, &items));
        let request = Request::Check {
            job,
            context: context.clone(),
            items: (!held).then(|| items.to_vec()),
        };
        self.bridge.send(&request, None);
        pending.held = Some(Rc::clone(&items));
        pending.check = Some(PendingCheck {
            job,
            context,
            items,
        });
    }

    /// No large check is wanted any more (the inventory is small now).
    pub fn forget_check(&self) {
        let mut pending = self.pending.borrow_mut();
        pending.check = None;
        pending.held = None;
        drop(pending);
        self.work.dispatch(WorkAction::Forget);
    }

    /// Stops whatever the worker is doing, at once.
    pub fn cancel(&self) {
        self.bridge.cancel();
        *self.pending.borrow_mut() = Pending::default();
        self.work.dispatch(WorkAction::Cancelled);
    }
}

fn receive(pending: &RefCell<Pending>, work: &UseReducerDispatcher<Work>, reply: Reply) {
    match reply {
        Reply::Ready => {}
        Reply::Progress { job, done, total } => {
            work.dispatch(WorkAction::Progress { job, done, total });
        }
        Reply::Read { job, read } => {
            let found = {
                let mut pending = pending.borrow_mut();
                let at = pending.reads.iter().position(|(j, _)| *j == job);
                at.map(|i| pending.reads.remove(i).1)
            };
            if let Some(p) = found {
                work.dispatch(WorkAction::Finished(job));
                p.then.emit(evaluate::file_action(
                    &p.file, p.bytes, &p.columns, p.replace, read,
                ));
            }
        }
        Reply::Checked {
            job,
            evaluations,
            rows,
        } => {
            let found = {
                let mut pending = pending.borrow_mut();
                match &pending.check {
                    Some(check) if check.job == job => pending.check.take(),
                    _ => None,
                }
            };
            if let Some(check) = found {
                let checked = evaluate::checked(&check.context, &check.items, evaluations, &rows);
                work.dispatch(WorkAction::Checked(job, SharedChecked(Rc::new(checked))));
            }
        }
        Reply::Failed { message, .. } => {
            *pending.borrow_mut() = Pending::default();
            work.dispatch(WorkAction::Failed(message));
        }
    }
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
