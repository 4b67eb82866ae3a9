//! The check pipeline phase by phase, on generated registry exports:
//! `cargo bench -p vrc-import --bench pipeline` (here, not in vrc-engine,
//! because the first phase is the importer, which depends on the engine).
//!
//! `cargo xtask bench` generates the inventories (`cargo xtask
//! gen-inventory`) and names them in `VRC_BENCH_INVENTORIES`, comma
//! separated; each file's stem (`inv-1000000-100000`: rows, then distinct
//! items) is the benchmark's argument. Without it a small inventory is made
//! here, so that the bench runs on its own.
//!
//! The phases are those of `vrc_engine::inventory`, each timed on the output
//! of the one before, made outside the timing:
//!
//! - `import`: the file's bytes to rows (`Importer::for_each_row`), each
//!   dropped as it comes;
//! - `sort`: rows into distinct items (`Inventory::add`);
//! - `match`: each distinct name to an entity (`Matches::match_all`);
//! - `evaluate`: each distinct item in the context (`evaluate_while`);
//! - `output`: every row as `vrc check --format csv` writes it
//!   (`CsvWriter::write_item`, into a sink);
//! - `whole`: the bytes to the CSV, a row at a time, as the CLI does it
//!   (`Assessor::add` and `write_item`).
//!
//! The context is the one every peer in `bench/peers/` is checked against:
//! a US government supplier on 2026-12-01 that answered the pack's
//! questions (`bench/peers/rules.mjs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "benchmarks fail loudly"
)]

use std::ops::ControlFlow;
use std::sync::OnceLock;

use vrc_engine::inventory::{Inventory, ItemId, Matches};
use vrc_engine::report::CsvWriter;
use vrc_engine::{Context, InventoryItem, RuleSet};
use vrc_import::Importer;

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
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap())
}

/// The benchmark's context, as `vrc check -j US -s government-supplier
/// --as-of 2026-12-01 --answer …` builds it.
fn context() -> Context {
    let mut c = Context::new("2026-12-01".parse().unwrap());
    let us = "US".parse().unwrap();
    c.jurisdictions.insert(us);
    c.main_jurisdiction = Some(us);
    c.sectors.insert("government-supplier".parse().unwrap());
    for (question, answer) in [
        ("surveillance-purpose", true),
        ("fcc-subsidy", false),
        ("us-federal-grant-funds", false),
        ("us-dod-contract", false),
    ] {
        c.answers.insert(question.to_owned(), answer);
    }
    c
}

fn import(bytes: &[u8]) -> Vec<InventoryItem> {
    let mut rows = Vec::new();
    Importer::new()
        .for_each_row("inventory.csv", bytes, |row| {
            rows.push(row.item);
            ControlFlow::Continue(())
        })
        .unwrap();
    rows
}

fn sort(rows: &[InventoryItem]) -> (Inventory, Vec<ItemId>) {
    let mut inventory = Inventory::new();
    let ids = rows.iter().map(|row| inventory.add(row)).collect();
    (inventory, ids)
}

fn matched(inventory: &Inventory) -> Matches {
    let mut matches = Matches::new();
    matches.match_all(rules(), inventory);
    matches
}

fn evaluate(
    context: &Context,
    inventory: &Inventory,
    matches: &Matches,
) -> Vec<vrc_engine::Evaluation> {
    let mut evaluations = Vec::new();
    assert!(vrc_engine::evaluated::evaluate_while(
        rules(),
        context,
        inventory,
        matches,
        &mut evaluations,
        || true,
    ));
    evaluations
}

// Few samples: a million rows take a second or more a phase on the 2-core
// machine, and `cargo xtask bench` takes the median.
const SAMPLES: u32 = 5;

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn import_phase(bencher: divan::Bencher, name: &str) {
    let bytes = &input(name).bytes;
    // Each row is dropped as it comes, as the CLI drops it: keeping a
    // million of them in a vector (as the later phases' set-up does) would
    // time their allocation too.
    bencher.bench(|| {
        let mut products = 0usize;
        Importer::new()
            .for_each_row("inventory.csv", bytes, |row| {
                products += usize::from(row.item.product.is_some());
                ControlFlow::Continue(())
            })
            .unwrap();
        products
    });
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn sort_phase(bencher: divan::Bencher, name: &str) {
    let rows = import(&input(name).bytes);
    bencher.bench(|| sort(&rows).0.len());
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn match_phase(bencher: divan::Bencher, name: &str) {
    let (inventory, _) = sort(&import(&input(name).bytes));
    bencher.bench(|| matched(&inventory).len());
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn evaluate_phase(bencher: divan::Bencher, name: &str) {
    let context = context();
    let (inventory, _) = sort(&import(&input(name).bytes));
    let matches = matched(&inventory);
    bencher.bench(|| evaluate(&context, &inventory, &matches).len());
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn output_phase(bencher: divan::Bencher, name: &str) {
    let context = context();
    let rows = import(&input(name).bytes);
    let (inventory, ids) = sort(&rows);
    let matches = matched(&inventory);
    let evaluations = evaluate(&context, &inventory, &matches);
    bencher.bench(|| {
        let mut csv = CsvWriter::new(std::io::sink(), &context);
        for (row, id) in rows.iter().zip(&ids) {
            csv.write_item(&row.borrowed(), *id, &evaluations[id.index()])
                .unwrap();
        }
        csv.into_inner().unwrap()
    });
}

#[divan::bench(args = names(), sample_count = SAMPLES, sample_size = 1)]
fn whole(bencher: divan::Bencher, name: &str) {
    let context = context();
    let bytes = &input(name).bytes;
    bencher.bench(|| {
        let mut assessor = vrc_engine::Assessor::new(rules(), &context);
        let mut csv = CsvWriter::new(std::io::sink(), &context);
        Importer::new()
            .for_each_row("inventory.csv", bytes, |row| {
                let id = assessor.add(&row.item);
                if let Some(e) = assessor.evaluation(id) {
                    csv.write_item(&row.item.borrowed(), id, e).unwrap();
                }
                ControlFlow::Continue(())
            })
            .unwrap();
        csv.into_inner().unwrap();
        assessor.distinct_items()
    });
}
