//! The app's side of the embedding protocol (`docs/embedding.md`). The
//! glue (`static/vrc-embed-glue.js`) takes a host's messages, has the
//! embedding worker check them, answers what is wrong, and hands each
//! checked request here as a `vrc-embed` event: its `type`, `id`, the
//! context's commands and an inventory's `name` and content. Here the page
//! changes as its own form or a dropped file would change it, and after
//! every evaluation a `result` (the report of "Save assessment") goes to
//! the host's origin only, with `replyTo` when it answers a request.
//!
//! The page's current state, rules and checked inventory are kept here on
//! every render ([`use_host`]), for the listener, which outlives renders.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{JSON, Object, Uint8Array};
use vrc_embed::protocol::{self, ErrorCode, Refusal};
use vrc_engine::{Context, RuleSet};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Window;
use yew::prelude::*;

use super::portal::{self, Command};
use super::{field, text};
use crate::check::{self, Checked, Engine};
use crate::components::inventory_input::read_bytes;
use crate::jobs::Jobs;
use crate::own_rules::{Given, OwnPack, PacksChecked};
use crate::state::{Action, AppState, StateHandle};

/// What the page is now: kept on every render.
#[derive(Clone)]
struct Current {
    state: StateHandle,
    rules: Rc<RuleSet>,
    checked: Option<Rc<Checked>>,
    jobs: Jobs,
}

#[derive(Default)]
struct Host {
    current: Option<Current>,
    /// Requests waiting for the `result` that answers them; `true` once
    /// their change is in the page's state (an inventory first waits for
    /// the worker that reads it).
    pending: Vec<(String, bool)>,
    sent: u32,
    listening: Option<EventListener>,
    /// What the last `result` was for.
    posted: Option<Rc<Checked>>,
    posted_rules: Option<Rc<RuleSet>>,
    posted_context: Option<Context>,
}

thread_local! {
    static HOST: RefCell<Host> = RefCell::new(Host::default());
}

/// Runs `f` on what is kept (no borrow outlives these calls).
fn with<R>(f: impl FnOnce(&mut Host) -> R) -> Option<R> {
    HOST.try_with(|h| h.try_borrow_mut().ok().map(|mut h| f(&mut h)))
        .ok()
        .flatten()
}

/// Keeps the page's state for the listener, starts listening on the first
/// render, and posts a `result` after every evaluation: a new answer, or
/// (with no rows, so nothing to check) a new context. No effect hooks: none
/// of this needs the page drawn.
#[hook]
pub fn use_host(
    engine: Option<Engine>,
    state: &StateHandle,
    jobs: &Jobs,
    checked: Option<Rc<Checked>>,
) {
    let (Some(engine), Some(window)) = (engine, crate::browser::window()) else {
        return;
    };
    if super::portal().origins.is_empty() {
        return;
    }
    // The worker checks a marking against the page's country.
    let _ = js_sys::Reflect::set(
        &window,
        &"vrcCountry".into(),
        &state.jurisdiction.as_str().into(),
    );
    let context = (state.rows() == 0).then(|| state.context());
    let rules = Rc::clone(&engine.0);
    let current = Current {
        state: state.clone(),
        rules: engine.0,
        checked: checked.clone(),
        jobs: jobs.clone(),
    };
    let (first, new) = with(|h| {
        let first = h.current.is_none();
        h.current = Some(current);
        let new = match (&h.posted, &checked) {
            (Some(a), Some(b)) => !Rc::ptr_eq(a, b),
            // No rows: a new context, or new rules, is a new answer.
            (None, None) => {
                h.posted_context != context
                    || h.posted_rules
                        .as_ref()
                        .is_some_and(|r| !Rc::ptr_eq(r, &rules))
            }
            _ => true,
        };
        h.posted = checked;
        h.posted_context = context;
        h.posted_rules = Some(rules);
        (first, new)
    })
    .unwrap_or_default();
    if first {
        let listener = EventListener::new(&window, "vrc-embed", |event| {
            request(&field(event, "detail"))
        });
        with(|h| h.listening = Some(listener));
        // The glue says `ready` now.
        if let Ok(start) = field(&window, "vrcEmbedStart").dyn_into::<js_sys::Function>() {
            let _ = start.call0(&JsValue::NULL);
        }
    } else if new {
        evaluated();
    }
}

/// The parent window, when the page is in a frame.
fn parent() -> Option<Window> {
    let window = crate::browser::window()?;
    let parent = window.parent().ok().flatten()?;
    (!Object::is(&parent, &window)).then_some(parent)
}

/// Posts to the host, once it has sent `init` (the glue keeps its origin).
fn post(message: &str) {
    let origin = crate::browser::window().and_then(|w| text(&w, "vrcEmbedHost"));
    if let (Some(origin), Some(parent), Ok(value)) = (origin, parent(), JSON::parse(message)) {
        let _ = parent.post_message(&value, &origin);
    }
}

fn next_id() -> String {
    let n = with(|h| {
        h.sent = h.sent.wrapping_add(1);
        h.sent
    });
    format!("vrc-{}", n.unwrap_or_default())
}

/// A request the worker has checked: change the page, then answer.
fn request(detail: &JsValue) {
    let Some(current) = with(|h| h.current.clone()).flatten() else {
        return;
    };
    let id = text(detail, "id");
    let commands = super::lists(detail, "context");
    match text(detail, "type").as_deref() {
        // A `result` follows `initialized`: after the evaluation the
        // context brings, or at once if it changes nothing.
        Some("init") => change_context(&current, &commands, None),
        Some("set-context") => change_context(&current, &commands, id),
        Some("load-inventory") => {
            let content = field(detail, "content");
            let bytes = match content.as_string() {
                Some(text) => text.into_bytes(),
                None => Uint8Array::new(&content).to_vec(),
            };
            let state = current.state.clone();
            wait(id.clone(), false);
            let then = Callback::from(move |action: Action| read(&state, id.clone(), action));
            let name = text(detail, "name").unwrap_or_default();
            read_bytes(&name, bytes, &current.jobs, &Callback::noop(), then);
        }
        Some("load-rules") => {
            let pack = OwnPack {
                files: vec![(
                    text(detail, "name").unwrap_or_default(),
                    field(detail, "content").as_string().unwrap_or_default(),
                )],
                given: Given::Portal,
            };
            wait(id.clone(), false);
            let mut packs = current.jobs.rules_to_come(&current.state.own_rules.packs);
            packs.push(pack);
            let then =
                Callback::from(move |checked: PacksChecked| rules_checked(id.clone(), &checked));
            current
                .jobs
                .use_rules(current.state.dispatcher(), packs, then);
        }
        _ => match report(&current) {
            Some(report) => post(&protocol::result(&next_id(), id.as_deref(), &report)),
            None => wait(id, true),
        },
    }
}

fn wait(id: Option<String>, ready: bool) {
    if let Some(id) = id {
        with(|h| h.pending.push((id, ready)));
    }
}

/// Applies a context change as the form would; the `result` that follows
/// answers `id`. A change that changes nothing is answered at once.
fn change_context(current: &Current, commands: &[Command], id: Option<String>) {
    let state: &AppState = &current.state;
    let next = super::settle(portal::apply(commands, state), false);
    if next.context() == state.context()
        && let Some(report) = report(current)
    {
        return post(&protocol::result(&next_id(), id.as_deref(), &report));
    }
    wait(id, true);
    for action in portal::actions(commands, state) {
        current.state.dispatch(action);
    }
}

/// What reading an inventory gave: the page changes as for a dropped file;
/// a file that gave no rows is answered with `error`.
fn read(state: &StateHandle, id: Option<String>, action: Action) {
    let message = match &action {
        Action::ImportFailed(failure) => Some(failure.message.clone()),
        Action::NeedsMapping(step) => Some(format!(
            "the columns of `{}` could not be told apart ({}): the page asks which column holds what",
            step.file, step.message
        )),
        Action::ImportedFile { rows, report, .. } if rows.rows() == 0 => Some(format!(
            "no rows could be read from `{}`: the page says why",
            report.file
        )),
        _ => None,
    };
    with(|h| h.pending.retain(|(p, _)| Some(p) != id.as_ref()));
    match message {
        Some(message) => {
            let refusal = Refusal::new(ErrorCode::Unreadable, None, message);
            post(&protocol::error(&next_id(), id.as_deref(), &refusal));
        }
        None => wait(id, true),
    }
    state.dispatch(action);
}

/// What checking a host's rule pack gave: the `result` of the evaluation
/// with its rules answers it, or an `error` lists every problem.
fn rules_checked(id: Option<String>, checked: &PacksChecked) {
    with(|h| h.pending.retain(|(p, _)| Some(p) != id.as_ref()));
    match checked {
        Ok(_) => wait(id, true),
        Err(problems) => {
            let message = format!(
                "the rule pack was not loaded, and nothing changed: {}",
                problems.join("\n")
            );
            let refusal = Refusal::new(ErrorCode::InvalidRules, Some("$.payload.text"), message);
            post(&protocol::error(&next_id(), id.as_deref(), &refusal));
        }
    }
}

/// The assessment as "Save assessment" writes it, if the page's results
/// are for its state (a large inventory may still be being checked).
fn report(current: &Current) -> Option<String> {
    let state: &AppState = &current.state;
    let context = state.context();
    let checked = match &current.checked {
        Some(c) if c.context == context && Rc::ptr_eq(&c.prepared.inventory, &state.inventory) => {
            Some(&**c)
        }
        None if state.rows() == 0 => None,
        _ => return None,
    };
    Some(check::report_json(
        &current.rules,
        checked,
        &context,
        &state.imports,
    ))
}

/// After every evaluation: a `result` for each request it answers, or one
/// of its own.
fn evaluated() {
    let Some(report) = with(|h| h.current.clone())
        .flatten()
        .as_ref()
        .and_then(report)
    else {
        return;
    };
    let answered: Vec<String> = with(|h| {
        let ready = h
            .pending
            .iter()
            .filter(|(_, r)| *r)
            .map(|(id, _)| id.clone())
            .collect();
        h.pending.retain(|(_, r)| !r);
        ready
    })
    .unwrap_or_default();
    if answered.is_empty() {
        post(&protocol::result(&next_id(), None, &report));
    }
    for id in answered {
        post(&protocol::result(&next_id(), Some(&id), &report));
    }
}
