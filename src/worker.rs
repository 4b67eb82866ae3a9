//! The worker's side of the Web Worker: reads inventory files and sorts
//! large inventories' rows into distinct items off the page's thread, saying
//! how far it has got as it goes. (Evaluating the distinct items stays on
//! the page: see [`crate::evaluate`].)
//!
//! The worker runs the page's own wasm (see `static/worker.js`): `main` sees
//! no `window` and calls [`serve`] instead of rendering. One module for both
//! keeps the site to one wasm file, so the worker costs no extra download.
//!
//! Messages are JSON (serde_json is in the app already); a file's bytes ride
//! beside the JSON as a transferred `Uint8Array`, so they are not copied.
//! A job is cancelled by terminating the worker (see [`crate::bridge`]): the
//! engine's loops are synchronous, and a cancel message would wait behind
//! the very job it means to stop.

use serde::{Deserialize, Serialize};
use vrc_engine::{Field, InventoryItem};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::evaluate::{Distinct, FileRead, distinct_rows, read_file};

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
    /// Sort rows into distinct items.
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
            Reply::Progress { job, .. } | Reply::Read { job, .. } | Reply::Distinct { job, .. } => {
                Some(*job)
            }
        }
    }
}

/// Serves jobs until the page terminates the worker.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = handle(&event.data(), |reply| post(&replies, reply));
        post(&replies, &reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&scope, &Reply::Ready);
}

/// One message: `[json, bytes?]` as [`crate::bridge`] sends it.
fn handle(data: &JsValue, mut send: impl FnMut(&Reply)) -> Reply {
    let message = js_sys::Array::from(data);
    let Some(json) = message.get(0).as_string() else {
        return failed(None, "the message has no job in it");
    };
    let request = match serde_json::from_str::<Request>(&json) {
        Ok(request) => request,
        Err(err) => return failed(None, &format!("the job could not be read: {err}")),
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
            Reply::Read { job, read }
        }
        Request::Distinct { job, items } => {
            let distinct = distinct_rows(&items, |done, total| {
                send(&Reply::Progress {
                    job,
                    done,
                    total: Some(total),
                });
            });
            Reply::Distinct { job, distinct }
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
