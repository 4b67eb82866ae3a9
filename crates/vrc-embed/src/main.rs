//! The embedding worker's wasm: it reads the portal's `config.json` and the
//! host's messages for the page (see the library).

fn main() {
    #[cfg(target_arch = "wasm32")]
    vrc_embed::worker::serve();
}
