//! Vendor Risk Checker in an organisation's intranet portal (issue 15,
//! `docs/embedding.md`): the portal's `config.json` ([`config`]) and the
//! postMessage protocol ([`protocol`]) between a host page and the app in
//! its iframe, read and checked with the JSON path of every problem
//! ([`json`]), and the context either can set ([`patch`]), checked against
//! the built-in rule pack's words and the portal's locked fields; and the
//! Web Worker that does this for the page ([`worker`], wasm only).
//!
//! The worker is its own wasm, which the page's glue
//! (`static/vrc-embed-glue.js`) starts only when a `config.json` is beside
//! `index.html`, so a visitor of the public page never downloads it. The
//! page links this crate only for what it writes itself: the protocol's
//! `result` and `error` messages.

pub mod config;
pub mod json;
pub mod patch;
pub mod protocol;
#[cfg(target_arch = "wasm32")]
pub mod worker;
