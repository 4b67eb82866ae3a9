//! Vendor Risk Checker's web app: the engine compiled to WebAssembly behind a
//! Yew page. Everything runs in the visitor's browser; the page makes no
//! request beyond its own files (the Content-Security-Policy in `index.html`
//! enforces that).
//!
//! Layout, in the style of Yew's examples: [`app`] is the page, the pieces it
//! is made of are in [`components`], and [`format`] holds the pure text
//! helpers they share (unit-tested natively). [`state`] is the app-wide
//! reducer, and [`evaluate`] the one place the engine runs: on the page for
//! small jobs, in a Web Worker ([`worker`], driven through [`jobs`] and
//! [`bridge`]) for large ones. The worker is a wasm of its own
//! (`crates/vrc-worker`), which reads every file.

mod app;
mod bridge;
mod components;
mod download;
mod evaluate;
mod format;
mod jobs;
mod state;
mod storage;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
