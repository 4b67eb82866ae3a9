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

mod app;
mod bridge;
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

fn main() {
    // Before rendering: a panic anywhere leaves a message and a way out (see `crash`).
    crash::install();
    // A portal's config.json (none on the public page), as static/boot.js
    // had it read: the context the page starts in, and whether it is embedded.
    embed::start();
    yew::Renderer::<app::App>::new().render();
}
