//! Embedding in an organisation's intranet portal (issue 15,
//! `docs/embedding.md`). Only a portal pays for it: with a `config.json`
//! beside `index.html`, `static/boot.js` loads the embedding glue
//! (`static/vrc-embed-glue.js`) before the app starts, which has the
//! embedding worker (`crates/vrc-embed`, its own wasm) read and check the
//! configuration and, later, each host message (with the JSON path of every
//! problem), takes messages only from the parent window at an allowed
//! origin, and tells the host the page's height. The public page loads
//! none of it.
//!
//! Here, the page's side, kept small: the configuration as the glue left it
//! (`window.vrcPortal`), read before the first render ([`start`]); its
//! context as the page's actions, and its locked fields held whatever
//! happens ([`portal`], pure and unit-tested natively); the host's checked
//! requests acted on, and a `result` posted after every evaluation
//! ([`host`]); and what the page shows of it ([`view`]).

pub mod host;
pub mod portal;
pub mod view;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

pub use portal::Portal;
pub use vrc_embed::patch::Lock;

use crate::state::AppState;

thread_local! {
    static PORTAL: RefCell<Rc<Portal>> = RefCell::new(Rc::new(Portal::default()));
}

/// The portal's configuration (the default one on the public page).
pub fn portal() -> Rc<Portal> {
    PORTAL
        .try_with(|p| p.try_borrow().map(|p| Rc::clone(&p)).unwrap_or_default())
        .unwrap_or_default()
}

/// Whether staff may not change this context field.
pub fn locked(lock: Lock) -> bool {
    portal().locked.contains(&lock)
}

/// The state with the organisation's defaults on a fresh page (`fresh`),
/// and its locked fields held to them always: the reducer calls it after
/// every action, so nothing (a reopened assessment, "Forget everything")
/// unsets them.
pub fn settle(state: AppState, fresh: bool) -> AppState {
    portal().settle(state, fresh)
}

/// A field of a JS object.
pub(crate) fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or_default()
}

/// A field of a JS object as text.
pub(crate) fn text(value: &JsValue, key: &str) -> Option<String> {
    field(value, key).as_string()
}

/// The items of a list (none if it is not a list).
fn items(list: &JsValue) -> Vec<JsValue> {
    if Array::is_array(list) {
        Array::from(list).to_vec()
    } else {
        Vec::new()
    }
}

/// A field that is a list of lists of text (`[["sectors", "enterprise"]]`).
pub(crate) fn lists(value: &JsValue, key: &str) -> Vec<Vec<String>> {
    (items(&field(value, key)).iter())
        .map(|list| items(list).iter().filter_map(JsValue::as_string).collect())
        .collect()
}

/// Reads the configuration as the glue left it (`window.vrcPortal`: what
/// the worker made of `config.json`, null when there is none), makes the
/// organisation's preset and applies its look, before the first render.
pub fn start() {
    let Some(window) = crate::browser::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    let query = vrc_embed::config::query_says_embed(&search);
    let found = field(&window, "vrcPortal");
    if !found.is_object() {
        // The public page, or `?embed` alone.
        view::apply_branding(&Portal {
            embed: query,
            ..Portal::default()
        });
        return;
    }
    let pairs = |key: &str| -> Vec<(String, String)> {
        (lists(&found, key).into_iter())
            .filter_map(|pair| match pair.as_slice() {
                [a, b] => Some((a.clone(), b.clone())),
                _ => None,
            })
            .collect()
    };
    let strings = |key: &str| -> Vec<String> {
        items(&field(&found, key))
            .iter()
            .filter_map(JsValue::as_string)
            .collect()
    };
    let mut locked = BTreeSet::new();
    for key in strings("locked") {
        locked.extend(Lock::ALL.iter().find(|l| l.key() == key));
    }
    let mut portal = Portal {
        found: true,
        embed: field(&found, "embed").is_truthy() || query,
        origins: strings("origins"),
        context: lists(&found, "context"),
        locked,
        properties: pairs("properties"),
        name: text(&found, "name"),
        logo: text(&found, "logo"),
        packs: pairs("packs"),
        problems: pairs("problems"),
        preset: None,
    };
    portal.prepare();
    view::apply_branding(&portal);
    let _ = PORTAL.try_with(|p| {
        if let Ok(mut kept) = p.try_borrow_mut() {
            *kept = Rc::new(portal);
        }
    });
}
