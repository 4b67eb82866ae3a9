//! The rule packs' wasm: it checks an organisation's packs with the engine's
//! full loader (see the library). A wasm of its own, started only when a
//! pack is loaded: the loader, its TOML reader and its messages would
//! otherwise weigh on every visit.

/// Talc, as the page allocates (its `src/main.rs` says why).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    vrc_worker::serve(vrc_worker::check_rule_packs, None);
}
