//! The importer's wasm: it reads the page's files (see the library).

/// Talc, as the page allocates (its `src/main.rs` says why).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    vrc_worker::serve(vrc_worker::read_files, Some(vrc_worker::built_in()));
}
