//! The embedding worker's wasm: it reads the portal's `config.json` and the
//! host's messages for the page (see the library).

/// Talc, as the page allocates (its `src/main.rs` says why).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    vrc_embed::worker::serve();
}
