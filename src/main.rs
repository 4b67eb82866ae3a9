//! Vendor Risk Checker's web app: the engine compiled to WebAssembly behind a
//! Yew page. Everything runs in the visitor's browser; the page makes no
//! request beyond its own files (the Content-Security-Policy in `index.html`
//! enforces that).
//!
//! Layout, in the style of Yew's examples: [`app`] is the page, the pieces it
//! is made of are in [`components`], and [`format`] holds the pure text
//! helpers they share (unit-tested natively). [`state`] is the app-wide
//! reducer; [`check`] runs the engine's pipeline on the page (a large
//! inventory in slices, driven by [`jobs`]) and [`explain`] explains one
//! item. Files are read in a Web Worker that is a wasm of its own
//! (`crates/vrc-worker`), through [`jobs`] and [`bridge`].

// Natively the app is only rendered ahead of time (see `main`): what only
// the browser runs (the panic page, a portal's start) is unused there.
#![cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "natively the app is only rendered ahead of time")
)]

mod ahead;
mod app;
mod bridge;
mod browser;
mod check;
mod components;
mod crash;
mod download;
mod embed;
mod explain;
mod format;
mod jobs;
mod offline;
mod own_rules;
mod route;
mod state;
mod storage;
#[cfg(test)]
mod test_support;

/// Talc in place of Rust's default wasm allocator (dlmalloc): a few KB
/// smaller in the page's download, and faster at what a large inventory
/// does most, allocating and freeing many small strings.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Natively, the app is only rendered ahead of time: its first view into
/// `index.html`, by Trunk's post-build hook (see [`ahead`]).
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    ahead::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // Before rendering: a panic anywhere leaves a message and a way out (see `crash`).
    crash::install();
    // A portal's config.json (none on the public page), as static/boot.js
    // had it read: the context the page starts in, and whether it is embedded.
    embed::start();
    // What the visitor did with the page rendered ahead of time, before the
    // app replaces it.
    ahead::take();
    yew::Renderer::<app::App>::new().render();
}
