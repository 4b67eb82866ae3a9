//! The worker's wasm: it serves the page's jobs (see the library).

fn main() {
    vrc_worker::serve();
}
