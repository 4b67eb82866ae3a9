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
    (0..rows).map(|i| row(i, distinct)).collect()
}

/// Row `i` of an inventory of `distinct` distinct items, each row on its own host.
fn row(i: usize, distinct: usize) -> InventoryItem {
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

/// Rows made one at a time and checked as they come, none kept, as `vrc
/// check --format csv` checks a file it streams: memory is that of the
/// 2,000 distinct items whatever the number of rows (`scripts/scale.sh`
/// measures it end to end).
#[divan::bench(args = [100_000, 1_000_000], sample_count = 3, sample_size = 1)]
fn assessor_streams_rows_of_2000_distinct(bencher: divan::Bencher, rows: usize) {
    let rules = RuleSet::builtin().unwrap();
    let ctx = context();
    bencher
        .counter(divan::counter::ItemsCount::new(rows))
        .bench(|| {
            let mut assessor = vrc_engine::Assessor::new(&rules, &ctx);
            for i in 0..rows {
                assessor.add(&row(i, 2_000));
            }
            assert_eq!(assessor.distinct_items(), 2_000.min(rows));
            assessor.verdicts()
        });
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
