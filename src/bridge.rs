//! The page's side of a Web Worker (the `vrc-worker` crate's wasms: the
//! importer, `vrc-worker`, and the rule packs' loader, `vrc-packs`): starts
//! it, sends it jobs, hands its replies to a callback, and cancels a job by
//! terminating the worker; the next job starts a fresh one.
//!
//! gloo-worker would do the plumbing, but its bridge cannot terminate a
//! worker that is busy (its stop message waits behind the job), and it
//! brings a bincode codec; this is the plain `Worker` API in a page of code.

use std::cell::RefCell;
use std::rc::Rc;

use vrc_worker::{Reply, Request};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

/// The worker, once started, and the jobs waiting for it to be ready.
#[derive(Default)]
struct Running {
    worker: Option<Worker>,
    ready: bool,
    waiting: Vec<js_sys::Array>,
    /// Kept alive as long as the worker it listens to.
    on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
}

/// A handle on the worker; clones share it.
#[derive(Clone)]
pub struct Bridge {
    /// The worker's name, as Trunk writes its files (`vrc-worker`).
    script: &'static str,
    running: Rc<RefCell<Running>>,
    on_reply: Callback<Reply>,
}

impl std::fmt::Debug for Bridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Bridge")
    }
}

impl PartialEq for Bridge {
    fn eq(&self, other: &Bridge) -> bool {
        Rc::ptr_eq(&self.running, &other.running)
    }
}

impl Bridge {
    pub fn new(script: &'static str, on_reply: Callback<Reply>) -> Bridge {
        Bridge {
            script,
            running: Rc::default(),
            on_reply,
        }
    }

    /// Sends a job, starting the worker if it is not running.
    pub fn send(&self, request: &Request, bytes: Option<&[u8]>) {
        let message = js_sys::Array::new();
        let json = serde_json::to_string(request).unwrap_or_default();
        message.push(&JsValue::from_str(&json));
        if let Some(bytes) = bytes {
            message.push(&js_sys::Uint8Array::from(bytes));
        }
        let ready = self.running.borrow().ready;
        if ready {
            self.post(&message);
        } else {
            self.running.borrow_mut().waiting.push(message);
            self.start();
        }
    }

    /// Stops whatever the worker is doing, at once.
    pub fn cancel(&self) {
        let mut running = self.running.borrow_mut();
        if let Some(worker) = running.worker.take() {
            worker.terminate();
        }
        *running = Running::default();
    }

    fn post(&self, message: &js_sys::Array) {
        let running = self.running.borrow();
        let Some(worker) = &running.worker else {
            return;
        };
        // Transfer the bytes rather than copy them.
        let transfer = js_sys::Array::new();
        if let Ok(bytes) = message.get(1).dyn_into::<js_sys::Uint8Array>() {
            transfer.push(&bytes.buffer());
        }
        if let Err(err) = worker.post_message_with_transfer(message, &transfer) {
            self.on_reply.emit(failed(&format!(
                "the checker could not be given the job: {}",
                describe(&err)
            )));
        }
    }

    /// Starts the worker if it is not running: on the first job, or ahead
    /// of it (see `Jobs::warm_up`).
    pub fn start(&self) {
        if self.running.borrow().worker.is_some() {
            return;
        }
        let url = match worker_url(self.script) {
            Ok(url) => url,
            Err(message) => return self.on_reply.emit(failed(&message)),
        };
        let worker = match Worker::new(&url) {
            Ok(worker) => worker,
            Err(err) => {
                return self.on_reply.emit(failed(&format!(
                    "the checker could not start: {}",
                    describe(&err)
                )));
            }
        };
        let bridge = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let reply = read_reply(&event.data())
                .unwrap_or_else(|| failed("the checker sent an answer that could not be read"));
            bridge.receive(reply);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let mut running = self.running.borrow_mut();
        running.worker = Some(worker);
        running.on_message = Some(on_message);
    }

    fn receive(&self, reply: Reply) {
        if reply == Reply::Ready {
            let waiting = {
                let mut running = self.running.borrow_mut();
                running.ready = true;
                std::mem::take(&mut running.waiting)
            };
            for message in &waiting {
                self.post(message);
            }
            return;
        }
        self.on_reply.emit(reply);
    }
}

/// A worker's script, which Trunk writes beside the page's files under a
/// fixed name (`data-type="worker"` in index.html): the directory the
/// page's own glue was loaded from, as its loader tag says. The offline
/// file (`cargo xtask offline`) has no files beside it: its loader names a
/// `blob:` URL in `data-vrc-worker-url` (`data-vrc-packs-url`) instead.
fn worker_url(script: &str) -> Result<String, String> {
    let document = crate::browser::window().and_then(|w| w.document());
    let attribute = format!("data-{script}-url");
    if let Some(url) = document
        .as_ref()
        .and_then(|d| {
            d.query_selector(&format!("script[{attribute}]"))
                .ok()
                .flatten()
        })
        .and_then(|tag| tag.get_attribute(&attribute))
        .filter(|url| !url.is_empty())
    {
        return Ok(url);
    }
    let tag = document
        .and_then(|d| d.query_selector("script[data-app-js]").ok().flatten())
        .ok_or("the page's loader is missing, so the checker cannot start")?;
    let js = tag.get_attribute("data-app-js").unwrap_or_default();
    let base = js.rsplit_once('/').map_or("", |(dir, _)| dir);
    Ok(format!("{base}/{script}_loader.js"))
}

/// A reply: its JSON, or for a part of a file's rows an array of its JSON
/// and its rows' numbers as two `Uint32Array`s (`vrc_worker::RowsPart`).
fn read_reply(data: &JsValue) -> Option<Reply> {
    if let Some(json) = data.as_string() {
        return serde_json::from_str(&json).ok();
    }
    let message = data.dyn_ref::<js_sys::Array>()?;
    let reply = serde_json::from_str(&message.get(0).as_string()?).ok()?;
    let numbers = |at| {
        (message.get(at))
            .dyn_into::<js_sys::Uint32Array>()
            .ok()
            .map(|list| list.to_vec())
    };
    match reply {
        Reply::Rows { job, part } => Some(Reply::Rows {
            job,
            part: part.with_numbers(numbers(1)?, numbers(2)?),
        }),
        _ => None,
    }
}

fn failed(message: &str) -> Reply {
    Reply::Failed {
        job: None,
        message: message.to_owned(),
    }
}

fn describe(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
