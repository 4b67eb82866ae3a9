//! The embedding worker: the page hands it the text of `config.json` and
//! each host message it takes from an allowed origin, and it answers with
//! what they say, read and checked ([`crate::config::Config::to_json`],
//! [`crate::protocol::Received::to_json`]). It keeps the configuration and
//! whether the host has sent `init`.
//!
//! A message from the page's glue (`static/vrc-embed-glue.js`) is a JSON
//! string: first `{"config": TEXT}`, then for each host message
//! `{"message": TEXT, "taken": [TEXT_LENGTH, BYTES_LENGTH], "country":
//! CODE}` (a length null when nothing was taken out; the page's country
//! now). The answers come in the same order. `{"ready": true}` says the
//! worker is listening. It checks values against the built-in rule pack's
//! words ([`crate::patch::Vocabulary`]), which it carries as the page does.

use std::cell::RefCell;

use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::config::Config;
use crate::patch::Vocabulary;
use crate::protocol::{self, Session, Taken};

/// What the worker keeps between messages.
#[derive(Debug, Default)]
pub struct State {
    config: Config,
    vocabulary: Vocabulary,
    initialized: bool,
    /// Numbers the app's messages written here (`vrc-e1`…).
    written: u32,
}

impl State {
    /// One message from the page, and the answer.
    pub fn answer(&mut self, text: &str) -> String {
        let request: Value = serde_json::from_str(text).unwrap_or_default();
        if let Some(config) = request.get("config") {
            // The built-in pack's words: the worker has the pack as the page does.
            if let Ok(rules) = vrc_engine::RuleSet::builtin() {
                self.vocabulary = Vocabulary::of(&rules);
            }
            self.config = Config::read(config.as_str(), &self.vocabulary);
            return self.config.to_json();
        }
        let length = |i: usize| {
            (request.get("taken").and_then(|t| t.get(i)))
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
        };
        let message = request
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let session = Session {
            config: &self.config,
            vocabulary: &self.vocabulary,
            country: request
                .get("country")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            initialized: self.initialized,
        };
        let taken = Taken {
            text: length(0),
            bytes: length(1),
        };
        let received = protocol::read(message, taken, session);
        if matches!(received.request, Ok(protocol::Request::Init(_))) {
            self.initialized = true;
        }
        self.written = self.written.wrapping_add(1);
        received.to_json(&format!("vrc-e{}", self.written), &self.config.locked)
    }
}

/// Serves the page until it goes.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let state = RefCell::new(State::default());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        let answer = state.borrow_mut().answer(&text);
        let _ = replies.post_message(&JsValue::from_str(&answer));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("{\"ready\":true}"));
}
