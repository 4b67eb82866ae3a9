//! The check pipeline phase by phase with divan, on generated registry
//! exports: `cargo bench -p vrc-phases --bench pipeline`. The phases'
//! bodies are the library's (`src/lib.rs` says what each is), the same code
//! the wasm runs in Chromium.
//!
//! `cargo xtask bench` generates the inventories (`cargo xtask
//! gen-inventory`) and names them in `VRC_BENCH_INVENTORIES`, comma
//! separated; each file's stem (`inv-1000000-100000`: rows, then distinct
//! items) is the benchmark's argument. Without it a small inventory is made
//! here, so that the bench runs on its own.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks fail loudly"
)]

use std::sync::OnceLock;

use vrc_engine::{Context, RuleSet};
use vrc_phases as phases;

fn main() {
    divan::main();
}

/// One inventory: its name (the argument divan shows) and its bytes.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

fn inputs() -> &'static [Input] {
    static INPUTS: OnceLock<Vec<Input>> = OnceLock::new();
    INPUTS.get_or_init(|| match std::env::var("VRC_BENCH_INVENTORIES") {
        Ok(paths) => paths
            .split(',')
            .filter(|p| !p.is_empty())
            .map(|path| {
                let name = std::path::Path::new(path)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or(path)
                    .to_owned();
                let bytes =
                    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read `{path}`: {e}"));
                Input { name, bytes }
            })
            .collect(),
        Err(_) => vec![small()],
    })
}

/// 10,000 rows of 100 products in 10 versions, Kaspersky and Hikvision
/// among them, when no inventories were named.
fn small() -> Input {
    let mut text = String::from("Hostname,DisplayName,DisplayVersion,Publisher,InstallDate\r\n");
    for i in 0..10_000 {
        let (publisher, product) = match i % 500 {
            7 => (
                "AO Kaspersky Lab",
                "Kaspersky Endpoint Security for Windows".to_owned(),
            ),
            8 => (
                "Hangzhou Hikvision Digital Technology Co., Ltd.",
                "iVMS-4200".to_owned(),
            ),
            _ => (
                "Example Software Ltd",
                format!("Line of business app {}", i % 100),
            ),
        };
        text.push_str(&format!(
            "PC-{:06},{product},{}.0,{publisher},20250101\r\n",
            i / 40,
            i % 10
        ));
    }
    Input {
        name: "inv-10000-1000".to_owned(),
        bytes: text.into_bytes(),
    }
}

fn names() -> Vec<String> {
    inputs().iter().map(|i| i.name.clone()).collect()
}

fn input(name: &str) -> &'static Input {
    inputs().iter().find(|i| i.name == name).unwrap()
}

fn rules() -> &'static RuleSet {
    phases::rules().unwrap()
}

fn context() -> Context {
    phases::context().unwrap()
}

// Few samples: a million rows take a second or more a phase on the 2-core
// machine, and `cargo xtask bench` takes the median.
const SAMPLES: u32 = 5;

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn import_phase(bencher: divan::Bencher, name: &str) {
    let bytes = &input(name).bytes;
    bencher.bench(|| phases::import_phase(bytes).unwrap());
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn sort_phase(bencher: divan::Bencher, name: &str) {
    let rows = phases::import(&input(name).bytes).unwrap();
    bencher.bench(|| phases::sort(&rows).0.len());
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn match_phase(bencher: divan::Bencher, name: &str) {
    let (inventory, _) = phases::sort(&phases::import(&input(name).bytes).unwrap());
    bencher.bench(|| phases::matched(rules(), &inventory).len());
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn evaluate_phase(bencher: divan::Bencher, name: &str) {
    let context = context();
    let (inventory, _) = phases::sort(&phases::import(&input(name).bytes).unwrap());
    let matches = phases::matched(rules(), &inventory);
    bencher.bench(|| {
        phases::evaluate(rules(), &context, &inventory, &matches)
            .unwrap()
            .len()
    });
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn output_phase(bencher: divan::Bencher, name: &str) {
    let context = context();
    let rows = phases::import(&input(name).bytes).unwrap();
    let (inventory, ids) = phases::sort(&rows);
    let matches = phases::matched(rules(), &inventory);
    let evaluations = phases::evaluate(rules(), &context, &inventory, &matches).unwrap();
    bencher.bench(|| phases::output(&context, &rows, &ids, &evaluations).unwrap());
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn whole(bencher: divan::Bencher, name: &str) {
    let context = context();
    let bytes = &input(name).bytes;
    bencher.bench(|| phases::whole(rules(), &context, bytes).unwrap());
}
