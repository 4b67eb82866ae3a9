//! How fast the engine checks inventories: `cargo bench -p vrc-engine`.
//!
//! Real inventories repeat a few hundred distinct products across thousands
//! of machines, so the inventories here do too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmarks fail loudly"
)]

use vrc_engine::{Context, InventoryItem, RuleSet};

fn main() {
    divan::main();
}

const PUBLISHERS: &[&str] = &[
    "AO Kaspersky Lab",
    "Microsoft Corporation",
    "Mozilla",
    "Google LLC",
    "Huawei Technologies Co., Ltd.",
    "Adobe Inc.",
    "Hangzhou Hikvision Digital Technology Co., Ltd.",
    "Oracle Corporation",
    "Kaspresky Lab",
    "ByteDance Pte. Ltd.",
];

/// `rows` rows drawn from `distinct` distinct items.
fn inventory(rows: usize, distinct: usize) -> Vec<InventoryItem> {
    (0..rows)
        .map(|i| {
            let d = i % distinct;
            let publisher = PUBLISHERS[d % PUBLISHERS.len()];
            InventoryItem {
                version: Some(format!("{}.{}", d / PUBLISHERS.len(), d % 7)),
                system: Some(format!("host-{i}")),
                ..InventoryItem::new(
                    publisher,
                    &format!("{publisher} product {}", d / PUBLISHERS.len()),
                )
            }
        })
        .collect()
}

fn context() -> Context {
    let mut c = Context::new("2024-06-01".parse().unwrap());
    c.jurisdictions.insert("GB".parse().unwrap());
    c.sectors.insert("central-government".parse().unwrap());
    c.classification = Some("SECRET".to_owned());
    c
}

#[divan::bench]
fn load_builtin_pack() -> RuleSet {
    RuleSet::builtin().unwrap()
}

#[divan::bench(args = [1_000, 100_000])]
fn assess_rows_of_500_distinct(bencher: divan::Bencher, rows: usize) {
    let rules = RuleSet::builtin().unwrap();
    let ctx = context();
    let items = inventory(rows, 500);
    bencher
        .counter(divan::counter::ItemsCount::new(rows))
        .with_inputs(|| items.clone())
        .bench_values(|items| vrc_engine::assess(&rules, &ctx, items));
}

#[divan::bench]
fn evaluate_one_product(bencher: divan::Bencher) {
    let rules = RuleSet::builtin().unwrap();
    let ctx = context();
    let item = InventoryItem::new(
        "AO Kaspersky Lab",
        "Kaspersky Endpoint Security for Windows",
    );
    bencher.bench(|| vrc_engine::evaluate(&rules, &ctx, &item));
}
