//! The assessor: rows one at a time, distinct items kept, the same results
//! as `assess`, and the same documents written from row references.

use proptest::prelude::*;
use vrc_engine::assessor::{Assessor, RowRef, SYSTEMS_KEPT};
use vrc_engine::report::{CsvWriter, Report};
use vrc_engine::{ImportReport, InventoryItem};

use super::common::{context, kaspersky_endpoint, rules};

fn row(publisher: &str, product: &str, system: Option<&str>, count: Option<u64>) -> InventoryItem {
    InventoryItem {
        system: system.map(str::to_owned),
        count,
        ..InventoryItem::new(publisher, product)
    }
}

/// An inventory with repeats, rows differing only in system or count,
/// classification overrides, a possible match and an unknown product.
fn inventory() -> Vec<InventoryItem> {
    let mut rows = Vec::new();
    for i in 0..30u64 {
        let system = format!("pc-{}", i % 12);
        rows.push(InventoryItem {
            system: Some(system.clone()),
            count: (i % 4 != 0).then_some(i % 4),
            ..kaspersky_endpoint()
        });
        rows.push(row("Mozilla", "Firefox", Some(&system), None));
        if i % 3 == 0 {
            rows.push(InventoryItem {
                classification: Some("OFFICIAL".to_owned()),
                ..row(
                    "Huawei Technologies Co., Ltd.",
                    "Huawei router AR650",
                    Some(&system),
                    Some(2),
                )
            });
        }
        if i % 5 == 0 {
            rows.push(row("Kaspresky Lab", "Endpoint Agent", None, None));
            rows.push(row("Acme", &format!("Tool {}", i % 2), None, Some(1)));
        }
    }
    rows
}

#[test]
fn the_assessor_gives_what_assess_gives() {
    let ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    let rows = inventory();
    let assessment = vrc_engine::assess(rules(), &ctx, rows.clone());

    let mut assessor = Assessor::new(rules(), &ctx);
    for (i, item) in rows.iter().enumerate() {
        let id = assessor.add(item);
        assert_eq!(id.index(), assessment.rows[i].1, "row {i}");
        assert_eq!(
            assessor.evaluation(id),
            assessment.evaluations.get(id.index()),
            "row {i}"
        );
        assert_eq!(*assessor.get(id).unwrap().item, item.evaluation_key());
    }
    assert_eq!(assessor.distinct_items(), assessment.evaluations.len());
    assert_eq!(assessor.rows(), rows.len() as u64);
    assert_eq!(assessor.verdicts(), assessment.summary());
    assert_eq!(assessor.possible_matches(), assessment.possible_matches());
    let evaluations: Vec<_> = assessor.items().map(|d| d.evaluation).collect();
    assert_eq!(
        evaluations,
        assessment.evaluations.iter().collect::<Vec<_>>()
    );
}

#[test]
fn distinct_items_tally_their_rows() {
    let ctx = context("UK", &["central-government"], None, "2024-06-01");
    let mut assessor = Assessor::new(rules(), &ctx);
    let mut ids = Vec::new();
    for i in 0..20u64 {
        let system = format!("pc-{}", i % (SYSTEMS_KEPT as u64 + 3));
        ids.push(assessor.add(&row("Mozilla", "Firefox", Some(&system), Some(i % 3))));
    }
    ids.push(assessor.add(&row("Mozilla", "Firefox", None, None)));
    assert!(ids.iter().all(|id| *id == ids[0]), "one distinct item");
    let d = assessor.get(ids[0]).unwrap();
    assert_eq!(d.tally.rows, 21);
    // Counts 0, 1, 2 in turn, and a row without one counts one.
    assert_eq!(
        d.tally.installations,
        (0..20).map(|i| i % 3).sum::<u64>() + 1
    );
    assert_eq!(d.tally.systems.len(), SYSTEMS_KEPT);
    assert_eq!(d.tally.systems[0], "pc-0");
    assert!(d.tally.more_systems);

    // A field that changes a verdict makes another item.
    let official = assessor.add(&InventoryItem {
        classification: Some("OFFICIAL".to_owned()),
        ..row("Mozilla", "Firefox", None, None)
    });
    assert_ne!(official, ids[0]);
    assert_eq!(assessor.distinct_items(), 2);
}

#[test]
fn a_row_ref_gives_the_row_back() {
    let ctx = context("UK", &["central-government"], None, "2024-06-01");
    let mut assessor = Assessor::new(rules(), &ctx);
    for item in inventory() {
        let r: RowRef = assessor.add_row(item.clone());
        assert_eq!(assessor.input(&r), Some(item));
    }
}

#[test]
fn documents_written_from_row_refs_are_the_reports_own() {
    let ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    let rows = inventory();
    let import = vec![ImportReport {
        file: "inventory.csv".to_owned(),
        format: "csv".to_owned(),
        rows_read: rows.len() as u64,
        ..ImportReport::default()
    }];
    let assessment = vrc_engine::assess(rules(), &ctx, rows.clone());
    let report = Report::new(rules(), &assessment, import.clone());

    // CSV: each row written as it is added, nothing kept.
    let mut assessor = Assessor::new(rules(), &ctx);
    let mut csv = CsvWriter::new(Vec::new(), &ctx);
    for item in &rows {
        let id = assessor.add(item);
        csv.write(item, assessor.evaluation(id).unwrap()).unwrap();
    }
    let csv = String::from_utf8(csv.into_inner().unwrap()).unwrap();
    assert_eq!(csv, report.to_csv());

    // JSON: a reference kept per row, the document written at the end.
    let mut assessor = Assessor::new(rules(), &ctx);
    let refs: Vec<RowRef> = rows
        .into_iter()
        .map(|item| assessor.add_row(item))
        .collect();
    let mut json = Vec::new();
    vrc_engine::report::write_json(
        &mut json,
        rules(),
        &ctx,
        &vrc_engine::report::Summary::of(&assessor.evaluated()),
        vrc_engine::report::assessor_rows(&assessor, &refs),
        &import,
    )
    .unwrap();
    assert_eq!(String::from_utf8(json).unwrap(), report.to_json());
    assert_eq!(
        vrc_engine::report::Summary::of(&assessor.evaluated()),
        report.summary
    );
}

#[test]
fn an_empty_inventory_writes_headers_only() {
    let ctx = context("UK", &["central-government"], None, "2024-06-01");
    let assessor = Assessor::new(rules(), &ctx);
    let mut json = Vec::new();
    vrc_engine::report::write_json(
        &mut json,
        rules(),
        &ctx,
        &vrc_engine::report::Summary::of(&assessor.evaluated()),
        vrc_engine::report::assessor_rows(&assessor, &[]),
        &[],
    )
    .unwrap();
    let report = Report::new(rules(), &vrc_engine::assess(rules(), &ctx, []), Vec::new());
    assert_eq!(String::from_utf8(json).unwrap(), report.to_json());
    let csv = CsvWriter::new(Vec::new(), &ctx).into_inner().unwrap();
    assert_eq!(String::from_utf8(csv).unwrap(), report.to_csv());
    assert!(report.to_csv().starts_with("row,publisher,product,"));
}

proptest! {
    /// Long fields too (their lengths take more than a byte in a key):
    /// rows share an item exactly when their fields are equal, however the
    /// same letters are split between publisher, product and version.
    #[test]
    fn long_fields_split_differently_are_other_items(
        lengths in proptest::collection::vec((0usize..400, 0usize..400), 1..12),
    ) {
        use vrc_engine::inventory::Inventory;
        let text = "x".repeat(800);
        let rows: Vec<InventoryItem> = (lengths.iter())
            .map(|(a, b)| InventoryItem {
                version: Some(text[..800 - a - b].to_owned()),
                ..InventoryItem::new(&text[..*a], &text[..*b])
            })
            .collect();
        let mut inventory = Inventory::new();
        let ids: Vec<_> = rows.iter().map(|r| inventory.add(r)).collect();
        for (a, ia) in rows.iter().zip(&ids) {
            for (b, ib) in rows.iter().zip(&ids) {
                prop_assert_eq!(ia == ib, a.evaluation_key() == b.evaluation_key());
            }
        }
    }
}

#[test]
fn fields_about_a_key_bytes_length_are_told_apart() {
    use vrc_engine::inventory::Inventory;
    let text = "y".repeat(600);
    let lengths = [0, 1, 252, 253, 254, 255, 256, 300];
    let mut inventory = Inventory::new();
    let mut seen = std::collections::BTreeMap::new();
    for a in lengths {
        for b in lengths {
            let row = InventoryItem {
                version: Some(text[..600 - a - b].to_owned()),
                ..InventoryItem::new(&text[..a], &text[..b])
            };
            let id = inventory.add(&row);
            assert_eq!(*seen.entry(row.evaluation_key()).or_insert(id), id);
            assert_eq!(inventory.add(&row), id, "the same row, the same item");
        }
    }
    assert_eq!(inventory.len(), seen.len());
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("AO Kaspersky Lab".to_owned()),
        Just("Kaspresky Lab".to_owned()),
        Just("Huawei Technologies Co., Ltd.".to_owned()),
        Just("Mozilla".to_owned()),
        Just(String::new()),
        "[a-c]{0,2}",
    ]
}

fn rows() -> impl Strategy<Value = Vec<InventoryItem>> {
    let item = (
        names(),
        names(),
        proptest::option::of(prop_oneof![Just("OFFICIAL"), Just("SECRET")]),
        proptest::option::of("pc-[0-3]"),
        proptest::option::of(0u64..4),
    )
        .prop_map(
            |(publisher, product, classification, system, count)| InventoryItem {
                classification: classification.map(str::to_owned),
                system,
                count,
                ..InventoryItem::new(&publisher, &product)
            },
        );
    proptest::collection::vec(item, 0..40)
}

proptest! {
    #[test]
    fn rows_share_an_item_exactly_when_their_keys_are_equal(rows in rows()) {
        let ctx = context("UK", &["central-government"], None, "2024-06-01");
        let mut assessor = Assessor::new(rules(), &ctx);
        let ids: Vec<_> = rows.iter().map(|r| assessor.add(r)).collect();
        for (a, ia) in rows.iter().zip(&ids) {
            for (b, ib) in rows.iter().zip(&ids) {
                prop_assert_eq!(ia == ib, a.evaluation_key() == b.evaluation_key());
            }
        }
        let total: u64 = assessor.items().map(|d| d.tally.rows).sum();
        prop_assert_eq!(total, rows.len() as u64);
        // Each distinct item is evaluated once, as `evaluate` would alone.
        for d in assessor.items() {
            prop_assert_eq!(d.evaluation, &vrc_engine::evaluate(rules(), &ctx, d.item));
        }
    }
}

proptest! {
    /// Rows checked together (the CLI, on large inventories) give what they
    /// give one by one: items, tallies, evaluations, lines and the CSV.
    #[test]
    fn rows_checked_together_are_rows_checked_one_by_one(
        rows in rows(),
        sizes in proptest::collection::vec(1usize..9, 1..8),
    ) {
        use vrc_engine::inventory::Inventory;
        let ctx = context("UK", &["central-government"], None, "2024-06-01");
        let mut one = Assessor::new(rules(), &ctx);
        let mut one_csv = CsvWriter::new(Vec::new(), &ctx);
        let mut one_lines = Inventory::with_lines();
        let mut one_ids = Vec::new();
        for row in &rows {
            let id = one.add_ref(&row.borrowed());
            one_csv.write_item(&row.borrowed(), id, one.evaluation(id).unwrap()).unwrap();
            one_lines.add(row);
            one_ids.push(id);
        }
        let mut together = Assessor::new(rules(), &ctx);
        let mut together_csv = CsvWriter::new(Vec::new(), &ctx);
        let mut together_lines = Inventory::with_lines();
        let mut together_ids = Vec::new();
        let refs: Vec<_> = rows.iter().map(InventoryItem::borrowed).collect();
        let (mut next, mut ids, mut line_ids) = (0, Vec::new(), Vec::new());
        // Keyed apart, as the CLI's reader does.
        let mut keyed_apart = Assessor::new(rules(), &ctx);
        let seed = keyed_apart.key_seed();
        let (mut keyed, mut keyed_ids) = (vrc_engine::assessor::Keyed::default(), Vec::new());
        for size in sizes.iter().cycle() {
            let Some(batch) = refs.get(next..(next + size).min(refs.len())).filter(|b| !b.is_empty()) else {
                break;
            };
            together.add_refs(batch, &mut ids);
            together_csv.write_items(batch, &ids, |id| together.evaluation(id)).unwrap();
            together_lines.add_refs(batch, &mut line_ids);
            prop_assert_eq!(&ids, &line_ids);
            keyed.clear();
            for row in batch {
                keyed.push(seed, row);
            }
            keyed_apart.add_keyed(batch, &keyed, &mut keyed_ids);
            prop_assert_eq!(&ids, &keyed_ids);
            together_ids.extend_from_slice(&ids);
            next += batch.len();
        }
        prop_assert_eq!(together_ids, one_ids);
        let tallies = |a: &Assessor<'_>| a.items().map(|d| d.tally.clone()).collect::<Vec<_>>();
        prop_assert_eq!(tallies(&together), tallies(&one));
        prop_assert_eq!(tallies(&keyed_apart), tallies(&one));
        let evaluations = |a: &Assessor<'_>| a.items().map(|d| d.evaluation.clone()).collect::<Vec<_>>();
        prop_assert_eq!(evaluations(&together), evaluations(&one));
        prop_assert_eq!(together_lines.lines(), one_lines.lines());
        prop_assert_eq!(
            together_lines.row_items().collect::<Vec<_>>(),
            one_lines.row_items().collect::<Vec<_>>()
        );
        prop_assert_eq!(together_lines.tallies(), one_lines.tallies());
        prop_assert_eq!(together_csv.into_inner().unwrap(), one_csv.into_inner().unwrap());
    }
}

/// The pipeline in its steps, as the page runs it: an inventory with its
/// lines, matched once, then evaluated in one context after another.
#[test]
fn an_inventory_matched_once_is_evaluated_in_any_context() {
    use vrc_engine::evaluated::{Evaluated, evaluate_while};
    use vrc_engine::inventory::{Inventory, Matches};
    let rows = inventory();
    let inv = Inventory::of_rows(&rows);
    assert_eq!(inv.rows(), rows.len() as u64);
    let mut matches = Matches::new();
    matches.match_all(rules(), &inv);
    for ctx in [
        context("UK", &["central-government"], Some("SECRET"), "2024-06-01"),
        context("UK", &["enterprise"], None, "2018-01-01"),
        context("US", &["central-government"], None, "2025-01-01"),
    ] {
        let assessment = vrc_engine::assess(rules(), &ctx, rows.clone());
        let mut evaluations = Vec::new();
        assert!(evaluate_while(
            rules(),
            &ctx,
            &inv,
            &matches,
            &mut evaluations,
            || true
        ));
        assert_eq!(evaluations, assessment.evaluations);
        let evaluated = Evaluated {
            inventory: &inv,
            evaluations: &evaluations,
        };
        assert_eq!(evaluated.verdicts(), assessment.summary());
        assert_eq!(evaluated.possible_matches(), assessment.possible_matches());
        let report = Report::new(rules(), &assessment, Vec::new());
        assert_eq!(vrc_engine::report::Summary::of(&evaluated), report.summary);
        // Each row's item, from its line, is the assessment's.
        let ids: Vec<usize> = inv.row_items().map(|id| id.index()).collect();
        let want: Vec<usize> = assessment.rows.iter().map(|(_, e)| *e).collect();
        assert_eq!(ids, want);
    }
    // Lines: identical rows once, with how many; they add up to the rows.
    // Each system is kept once.
    let lines = inv.lines();
    let mut systems: Vec<&str> = rows.iter().filter_map(|r| r.system.as_deref()).collect();
    systems.sort_unstable();
    systems.dedup();
    assert_eq!(inv.systems().len(), systems.len());
    assert_eq!(lines.iter().map(|l| l.rows).sum::<u64>(), rows.len() as u64);
    for line in lines {
        let first = &rows[line.first_row];
        assert_eq!(
            (first.system.as_deref(), first.count),
            (inv.system(line), line.count)
        );
        let same = rows.iter().filter(|r| *r == first).count() as u64;
        assert_eq!(line.rows, same, "{first:?}");
    }
}

/// Cells a CSV writer must quote or defuse.
fn awkward() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        Just("=cmd|calc".to_owned()),
        Just("a, b".to_owned()),
        Just("say \"hi\"".to_owned()),
        Just("two\nlines".to_owned()),
        Just("-1".to_owned()),
        Just("@x".to_owned()),
        Just("OFFICIAL".to_owned()),
        "[a-c]{0,2}",
    ])
}

proptest! {
    /// A row written from its parts (`write_parts`, the item's columns
    /// encoded once by `item_head` and `item_tail`: the CLI) is the row
    /// written whole, numbered on from rows written whole before it.
    #[test]
    fn rows_written_in_parts_are_rows_written_whole(
        rows in proptest::collection::vec(
            (names(), awkward(), awkward(), awkward(), awkward(), proptest::option::of(0u64..2_000)),
            0..120,
        ),
        whole_first in 0usize..12,
        default in proptest::option::of(prop_oneof![Just("SECRET"), Just("=x")]),
    ) {
        let ctx = context("UK", &["central-government"], default, "2024-06-01");
        let rows: Vec<InventoryItem> = (rows.into_iter())
            .map(|(publisher, product, version, system, classification, count)| InventoryItem {
                version,
                system,
                classification,
                count,
                product: product.or(Some(publisher.clone())),
                ..InventoryItem::new(&publisher, "")
            })
            .collect();
        let mut assessor = Assessor::new(rules(), &ctx);
        let (mut whole, mut parts) = (CsvWriter::new(Vec::new(), &ctx), CsvWriter::new(Vec::new(), &ctx));
        for (i, row) in rows.iter().enumerate() {
            let id = assessor.add(row);
            let e = assessor.evaluation(id).unwrap();
            whole.write(row, e).unwrap();
            if i < whole_first {
                parts.write(row, e).unwrap();
                continue;
            }
            let (mut head, mut tail) = (String::new(), String::new());
            let item = row.borrowed();
            vrc_engine::report::item_head(&item, &mut head);
            vrc_engine::report::item_tail(
                item.classification.or(ctx.classification.as_deref()),
                &vrc_engine::report::evaluation_columns(e),
                &mut tail,
            );
            parts.write_parts(&head, item.system, item.count, &tail).unwrap();
        }
        prop_assert_eq!(
            String::from_utf8(parts.into_inner().unwrap()).unwrap(),
            String::from_utf8(whole.into_inner().unwrap()).unwrap()
        );
    }
}

proptest! {
    /// Rows taken in by the numbers of their lines and items (the page,
    /// from its worker: `count_line` for a line seen before,
    /// `add_first_of_line` for a new one, by its item's number once that
    /// item is here) give what `add` gives: items, tallies, lines, systems
    /// and rows' lines; and rows added by their content afterwards find the
    /// lines added so (indexed only then).
    #[test]
    fn rows_taken_in_by_number_are_rows_added(rows in rows(), more in rows()) {
        use vrc_engine::inventory::Inventory;
        let mut added = Inventory::with_lines();
        let ids: Vec<_> = rows.iter().map(|r| added.add(r)).collect();
        // Each row's system by its name, then by its id, found once, when
        // first named (the page's decoder, by the worker's numbers).
        for by_id in [false, true] {
            let mut known = Inventory::with_lines();
            let mut system_ids = std::collections::HashMap::new();
            for (at, (row, id)) in rows.iter().zip(&ids).enumerate() {
                let line = added.line_of(at).unwrap();
                if known.count_line(line) {
                    continue;
                }
                let system = row.system.as_deref().and_then(|name| {
                    by_id.then(|| {
                        *system_ids
                            .entry(name.to_owned())
                            .or_insert_with(|| known.system_id(name))
                    })?
                });
                let item = (id.index() < known.len()).then_some(*id);
                prop_assert_eq!(known.add_first_of_line(&row.borrowed(), item, system), *id);
                prop_assert_eq!(known.line_of(at), Some(line));
            }
            prop_assert_eq!(&known, &added);
            for row in &more {
                let id = added.add(row);
                prop_assert_eq!(known.add(row), id);
            }
            prop_assert_eq!(&known, &added);
            added = Inventory::of_rows(&rows);
        }
    }
}

proptest! {
    /// An inventory's rows read back are the rows added; rows copied from
    /// it (`extend_from`, by ranges: a row removed, rows put between) give
    /// what adding those rows one by one gives; and counting a row by its
    /// line is adding it.
    #[test]
    fn rows_copied_from_an_inventory_are_rows_added(
        rows in rows(),
        more in rows(),
        cut in 0usize..40,
    ) {
        use vrc_engine::inventory::Inventory;
        let of = |rows: &[InventoryItem]| {
            let mut inventory = Inventory::with_lines();
            rows.iter().for_each(|r| { inventory.add(r); });
            inventory
        };
        let (all, others) = (of(&rows), of(&more));
        prop_assert!(all.row_refs().map(|r| r.to_item()).eq(rows.iter().cloned()));
        prop_assert_eq!(all.row(rows.len()), None);
        // Row `cut` taken out, and `more`'s rows put in its place.
        let cut = cut.min(rows.len());
        let mut copied = Inventory::with_lines();
        copied.extend_from(&all, 0..cut);
        copied.extend_from(&others, 0..more.len());
        copied.extend_from(&all, cut.saturating_add(1)..rows.len());
        let mut expected: Vec<InventoryItem> = rows.clone();
        expected.splice(cut..(cut + 1).min(rows.len()), more.iter().cloned());
        prop_assert_eq!(&copied, &of(&expected));
        prop_assert!(copied.row_refs().map(|r| r.to_item()).eq(expected.iter().cloned()));
        // Each row again, counted by its line.
        let mut twice = all.clone();
        for row in 0..rows.len() {
            prop_assert!(twice.count_line(all.line_of(row).unwrap()));
        }
        let doubled: Vec<InventoryItem> = rows.iter().chain(&rows).cloned().collect();
        prop_assert_eq!(&twice, &of(&doubled));
        prop_assert!(!twice.count_line(all.lines().len()));
    }
}
