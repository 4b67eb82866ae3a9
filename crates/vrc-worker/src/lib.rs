//! Vendor Risk Checker's Web Worker: reads inventory files and sorts large
//! inventories' rows into distinct items off the page's thread, saying how
//! far it has got as it goes. Evaluating the distinct items stays on the
//! page, where a what-if repeats it.
//!
//! The worker is a wasm of its own (the `vrc-worker` binary, which Trunk
//! builds as a worker beside the page's wasm), so that the importer (the
//! workbook, SBOM and log readers, the CSV reader, encodings) is not in what
//! a visitor downloads before the page is usable: the page starts the worker
//! once it has rendered, and every file, dropped, chosen or pasted, is read
//! here. The page links this library only for the messages and
//! [`distinct_rows`] (which a small what-if runs on the page);
//! **Architecture Invariant:** the page does not depend on `vrc-import`.
//!
//! Messages are JSON (serde_json is in both wasms already); a file's bytes
//! ride beside the JSON as a transferred `Uint8Array`, so they are not
//! copied. A job is cancelled by terminating the worker (the page's
//! `bridge`): the importer's loops are synchronous, and a cancel message
//! would wait behind the very job it means to stop.

use std::collections::HashMap;
use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};
use vrc_engine::assessor::Tally;
use vrc_engine::{Field, ImportReport, InventoryItem};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// How many rows go by between two progress reports.
pub const PROGRESS_EVERY: u64 = 5_000;

/// At most this many rows go in one message either way: a large
/// inventory's rows cross in parts, so that the page reads (or writes) one
/// part per task, each well under the page's bound of 200 ms on a task.
pub const ROWS_PER_MESSAGE: usize = 20_000;

/// A job for the worker. `job` numbers it, so that replies to a job the page
/// no longer waits for can be told apart and dropped.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Read a file (its bytes come beside the message).
    Read {
        job: u32,
        file: String,
        columns: Vec<(Field, String)>,
    },
    /// Rows of the inventory that job `job` will sort, sent ahead of its
    /// `Distinct` in parts of [`ROWS_PER_MESSAGE`].
    Rows { job: u32, items: Vec<InventoryItem> },
    /// Sort rows into distinct items: the rows sent ahead for the job, then
    /// these.
    Distinct { job: u32, items: Vec<InventoryItem> },
}

/// What the worker says back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The worker has started and takes jobs.
    Ready,
    /// `done` rows of `total` (not known while a file is being read).
    Progress {
        job: u32,
        done: u64,
        total: Option<u64>,
    },
    /// Rows of a file being read, ahead of its `Read` (whose rows come
    /// after these), in parts of [`ROWS_PER_MESSAGE`].
    Rows {
        job: u32,
        items: Vec<InventoryItem>,
    },
    Read {
        job: u32,
        read: FileRead,
    },
    Distinct {
        job: u32,
        distinct: Distinct,
    },
    /// The worker could not do what it was asked: a message it could not
    /// read. Says what, for the page to show.
    Failed {
        job: Option<u32>,
        message: String,
    },
}

impl Reply {
    /// The job a reply is about, if any.
    pub fn job(&self) -> Option<u32> {
        match self {
            Reply::Ready => None,
            Reply::Failed { job, .. } => *job,
            Reply::Progress { job, .. }
            | Reply::Rows { job, .. }
            | Reply::Read { job, .. }
            | Reply::Distinct { job, .. } => Some(*job),
        }
    }
}

/// The rows of an inventory by distinct item (rows that differ only in
/// system or count share one evaluation) and by identical rows (one line of
/// the findings table), with each distinct item's rows added up: all that a
/// check needs of the rows, worked out once per inventory, so that the page
/// does nothing per row for a large one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Distinct {
    /// Each row's index into `firsts`.
    pub rows: Vec<usize>,
    /// The first row of each distinct item.
    pub firsts: Vec<usize>,
    /// Identical rows, in the order they first come.
    pub groups: Vec<GroupAt>,
    /// Each distinct item's rows added up (rows, installations, systems).
    pub tallies: Vec<Tally>,
}

/// Identical rows: the first of them, how many there are, and their
/// distinct item (an index into [`Distinct::firsts`]). A tuple on the wire,
/// as it is sent once per line of a large inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAt(pub usize, pub usize, pub usize);

impl GroupAt {
    pub fn row(self) -> usize {
        self.0
    }

    pub fn rows(self) -> usize {
        self.1
    }

    pub fn distinct(self) -> usize {
        self.2
    }
}

/// Sorts rows into distinct items and identical rows, and tallies them: the
/// part of a check that grows with the rows, and does not depend on the
/// context, so the worker does it once per inventory. `progress` hears
/// `(rows done, rows in all)` every [`PROGRESS_EVERY`] rows.
pub fn distinct_rows(items: &[InventoryItem], mut progress: impl FnMut(u64, u64)) -> Distinct {
    let total = items.len() as u64;
    let mut seen: HashMap<InventoryItem, usize> = HashMap::new();
    let mut identical: HashMap<&InventoryItem, usize> = HashMap::new();
    let mut distinct = Distinct {
        rows: Vec::with_capacity(items.len()),
        ..Distinct::default()
    };
    for ((row, item), done) in items.iter().enumerate().zip(1u64..) {
        let next = distinct.firsts.len();
        let at = *seen.entry(item.evaluation_key()).or_insert(next);
        if at == next {
            distinct.firsts.push(row);
            distinct.tallies.push(Tally::default());
        }
        distinct.rows.push(at);
        if let Some(tally) = distinct.tallies.get_mut(at) {
            tally.add(item);
        }
        let line = distinct.groups.len();
        let group = *identical.entry(item).or_insert(line);
        if group == line {
            distinct.groups.push(GroupAt(row, 1, at));
        } else if let Some(g) = distinct.groups.get_mut(group) {
            g.1 += 1;
        }
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(done, total);
        }
    }
    distinct
}

/// What reading a file gave, in a form that can come back from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRead {
    Read {
        items: Vec<InventoryItem>,
        report: ImportReport,
    },
    /// The file could not be read. `headers` are its columns when that is
    /// why (the user can map them), with the importer's `guesses`.
    Failed {
        message: String,
        headers: Vec<String>,
        guesses: Vec<(Field, String)>,
    },
}

/// Reads a file with the user's column mapping (if any). `progress` hears
/// the rows read so far, every [`PROGRESS_EVERY`] rows.
pub fn read_file(
    file: &str,
    bytes: &[u8],
    columns: &[(Field, String)],
    mut progress: impl FnMut(u64),
) -> FileRead {
    let importer = columns
        .iter()
        .fold(vrc_import::Importer::new(), |importer, (field, header)| {
            importer.column(*field, header.clone())
        });
    let mut items = Vec::new();
    let result = importer.for_each_row(file, bytes, |row| {
        items.push(row.item);
        let done = items.len() as u64;
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(done);
        }
        ControlFlow::Continue(())
    });
    match result {
        Ok(report) => FileRead::Read { items, report },
        Err(err) => {
            let message = err.to_string();
            let (headers, guesses) = match err {
                vrc_import::ImportError::NoNameColumn {
                    headers,
                    suggestions,
                    ..
                } => (
                    headers,
                    suggestions
                        .into_iter()
                        .map(|s| (s.field, s.header))
                        .collect(),
                ),
                vrc_import::ImportError::MissingColumn { headers, .. } => (headers, Vec::new()),
                _ => (Vec::new(), Vec::new()),
            };
            FileRead::Failed {
                message,
                headers,
                guesses,
            }
        }
    }
}

/// Serves jobs until the page terminates the worker.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    // The rows sent ahead of a `Distinct`, and its job.
    let mut held: (u32, Vec<InventoryItem>) = (0, Vec::new());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(reply) = handle(&event.data(), &mut held, |reply| post(&replies, reply)) {
            post(&replies, &reply);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&scope, &Reply::Ready);
}

/// One message: `[json, bytes?]`, as the page's bridge sends it. Rows sent
/// ahead of a job are kept in `held` and get no answer.
fn handle(
    data: &JsValue,
    held: &mut (u32, Vec<InventoryItem>),
    mut send: impl FnMut(&Reply),
) -> Option<Reply> {
    let message = js_sys::Array::from(data);
    let Some(json) = message.get(0).as_string() else {
        return Some(failed(None, "the message has no job in it"));
    };
    let request = match serde_json::from_str::<Request>(&json) {
        Ok(request) => request,
        Err(err) => return Some(failed(None, &format!("the job could not be read: {err}"))),
    };
    match request {
        Request::Read { job, file, columns } => {
            let bytes = message
                .get(1)
                .dyn_into::<js_sys::Uint8Array>()
                .map(|b| b.to_vec())
                .unwrap_or_default();
            let read = read_file(&file, &bytes, &columns, |done| {
                send(&Reply::Progress {
                    job,
                    done,
                    total: None,
                });
            });
            let read = match read {
                FileRead::Read { mut items, report } => {
                    // All but the last part ahead; the last in the answer.
                    let last = items.len().saturating_sub(1) / ROWS_PER_MESSAGE * ROWS_PER_MESSAGE;
                    let rest = items.split_off(last);
                    for part in items.chunks(ROWS_PER_MESSAGE) {
                        send(&Reply::Rows {
                            job,
                            items: part.to_vec(),
                        });
                    }
                    FileRead::Read {
                        items: rest,
                        report,
                    }
                }
                failed => failed,
            };
            Some(Reply::Read { job, read })
        }
        Request::Rows { job, items } => {
            if held.0 != job {
                *held = (job, Vec::new());
            }
            held.1.extend(items);
            None
        }
        Request::Distinct { job, items } => {
            let mut rows = if held.0 == job {
                std::mem::take(&mut held.1)
            } else {
                Vec::new()
            };
            *held = (0, Vec::new());
            rows.extend(items);
            let distinct = distinct_rows(&rows, |done, total| {
                send(&Reply::Progress {
                    job,
                    done,
                    total: Some(total),
                });
            });
            Some(Reply::Distinct { job, distinct })
        }
    }
}

fn failed(job: Option<u32>, message: &str) -> Reply {
    Reply::Failed {
        job,
        message: message.to_owned(),
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let json = serde_json::to_string(reply).unwrap_or_else(|err| {
        serde_json::to_string(&failed(
            reply.job(),
            &format!("the answer could not be sent: {err}"),
        ))
        .unwrap_or_default()
    });
    // A page that has gone away cannot be told anything; nothing to do then.
    let _ = scope.post_message(&JsValue::from_str(&json));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_survive_the_trip_as_json() {
        let replies = [
            Reply::Ready,
            Reply::Progress {
                job: 2,
                done: 5,
                total: Some(9),
            },
            Reply::Read {
                job: 3,
                read: read_file(
                    "a.csv",
                    b"Publisher,Product\nMozilla,Firefox\n",
                    &[],
                    |_| {},
                ),
            },
            Reply::Read {
                job: 4,
                read: read_file("empty.csv", b"", &[], |_| {}),
            },
        ];
        for reply in replies {
            let json = serde_json::to_string(&reply).unwrap();
            assert_eq!(serde_json::from_str::<Reply>(&json).unwrap(), reply);
        }
    }
}
