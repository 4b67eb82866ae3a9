//! Invariants that must hold for any inventory.

use proptest::prelude::*;
use vrc_engine::{InventoryItem, Verdict};

use super::common::{context, rules};

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("AO Kaspersky Lab".to_owned()),
        Just("Huawei Technologies Co., Ltd.".to_owned()),
        Just("Hangzhou Hikvision Digital Technology Co., Ltd.".to_owned()),
        Just("Microsoft Corporation".to_owned()),
        Just("ByteDance Pte. Ltd.".to_owned()),
        Just(String::new()),
        "\\PC{0,24}",
    ]
}

fn items() -> impl Strategy<Value = InventoryItem> {
    (
        names(),
        names(),
        proptest::option::of(prop_oneof![
            Just("OFFICIAL"),
            Just("SECRET"),
            Just("TOP SECRET"),
            Just("bogus")
        ]),
    )
        .prop_map(|(publisher, product, classification)| InventoryItem {
            classification: classification.map(str::to_owned),
            ..InventoryItem::new(&publisher, &product)
        })
}

const CONTEXTS: &[(&str, &[&str], &str)] = &[
    ("UK", &["central-government"], "2024-01-01"),
    (
        "UK",
        &["central-government", "national-security"],
        "2024-01-01",
    ),
    ("UK", &["enterprise"], "2023-01-01"),
    (
        "US",
        &["central-government", "government-supplier"],
        "2025-01-01",
    ),
    ("AU", &["central-government"], "2025-06-01"),
    ("NZ", &["public-sector"], "2023-01-01"),
];

proptest! {
    #[test]
    fn an_unrelated_row_never_changes_another_rows_verdict(a in items(), others in proptest::collection::vec(items(), 0..6), c in 0..CONTEXTS.len()) {
        let (j, s, d) = CONTEXTS[c];
        let ctx = context(j, s, None, d);
        let alone = vrc_engine::assess(rules(), &ctx, [a.clone()]);
        let mut inventory = others.clone();
        inventory.push(a);
        let together = vrc_engine::assess(rules(), &ctx, inventory);
        let (_, alone) = alone.items().next().unwrap();
        let (_, last) = together.items().last().unwrap();
        prop_assert_eq!(alone, last);
    }

    #[test]
    fn raising_the_classification_never_lowers_a_verdict(publisher in names(), c in 0..CONTEXTS.len()) {
        let (j, s, d) = CONTEXTS[c];
        let jurisdiction = j.parse().unwrap();
        let Some(scale) = rules().scale(jurisdiction) else { return Ok(()) };
        let mut previous = Verdict::Clear;
        for marking in scale {
            let ctx = context(j, s, Some(marking), d);
            let v = vrc_engine::evaluate(rules(), &ctx, &InventoryItem::new(&publisher, "Kaspersky Endpoint Security")).outcome.verdict;
            prop_assert!(v >= previous, "{} at {} gave {} after {}", publisher, marking, v, previous);
            previous = v;
        }
    }

    #[test]
    fn repeated_rows_are_evaluated_once(item in items(), n in 1usize..50) {
        let ctx = context("UK", &["central-government"], None, "2024-01-01");
        let a = vrc_engine::assess(rules(), &ctx, std::iter::repeat_n(item, n));
        prop_assert_eq!(a.evaluations.len(), 1);
        prop_assert_eq!(a.rows.len(), n);
    }

    #[test]
    fn rows_differing_only_in_system_and_count_are_evaluated_once(item in items(), systems in proptest::collection::vec(proptest::option::of("[a-z]{1,8}"), 1..50)) {
        let ctx = context("UK", &["central-government"], None, "2024-01-01");
        let rows: Vec<InventoryItem> = systems
            .iter()
            .enumerate()
            .map(|(i, system)| InventoryItem { system: system.clone(), count: (i % 3 != 0).then_some(i as u64), ..item.clone() })
            .collect();
        let a = vrc_engine::assess(rules(), &ctx, rows.clone());
        prop_assert_eq!(a.evaluations.len(), 1);
        prop_assert!(a.rows.iter().all(|(_, e)| *e == 0));
        // Each row is kept as it was read, system and count included.
        prop_assert_eq!(a.rows.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(), rows);
    }

    #[test]
    fn any_strings_evaluate_without_panicking(publisher in "\\PC{0,64}", product in "\\PC{0,64}", cpe in "\\PC{0,40}", purl in "\\PC{0,40}", marking in "\\PC{0,12}") {
        let ctx = context("UK", &["central-government"], Some(&marking), "2024-01-01");
        let item = InventoryItem { cpe: Some(format!("cpe:2.3:{cpe}")), purl: Some(format!("pkg:{purl}")), ..InventoryItem::new(&publisher, &product) };
        let _ = vrc_engine::evaluate(rules(), &ctx, &item);
    }
}
