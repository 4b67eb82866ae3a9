//! The importer's wasm: it reads the page's files (see the library).

fn main() {
    vrc_worker::serve(vrc_worker::read_files);
}
