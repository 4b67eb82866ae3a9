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

/// Any context: some countries (or none), some sectors (or none), any
/// classification, device, answers and date.
fn contexts() -> impl Strategy<Value = vrc_engine::Context> {
    let jurisdictions = proptest::sample::subsequence(
        vec!["GB", "US", "AU", "NZ", "CA", "DE", "IT", "NL", "LT", "FR"],
        0..3,
    );
    let sectors = proptest::sample::subsequence(
        vrc_engine::Sector::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        0..3,
    );
    let classification = proptest::option::of(prop_oneof![
        Just("OFFICIAL"),
        Just("SECRET"),
        Just("TOP SECRET"),
        Just("PROTECTED"),
        Just("bogus"),
    ]);
    let device = proptest::option::of(prop_oneof![Just("mobile"), Just("server"), Just("camera")]);
    let questions: Vec<String> = rules().questions().iter().map(|q| q.id.clone()).collect();
    let answers =
        proptest::collection::btree_map(proptest::sample::select(questions), any::<bool>(), 0..4);
    (
        jurisdictions,
        sectors,
        classification,
        device,
        answers,
        2016i32..2028,
    )
        .prop_map(|(js, ss, classification, device, answers, year)| {
            let mut c = vrc_engine::Context::new(super::common::date(&format!("{year}-06-01")));
            c.jurisdictions.extend(
                js.iter()
                    .map(|j| j.parse::<vrc_engine::Jurisdiction>().unwrap()),
            );
            c.sectors
                .extend(ss.iter().map(|s| s.parse::<vrc_engine::Sector>().unwrap()));
            c.classification = classification.map(str::to_owned);
            c.device = device.map(str::to_owned);
            c.answers = answers;
            c
        })
}

fn catalogue_items() -> impl Strategy<Value = InventoryItem> {
    let publisher = prop_oneof![
        Just("AO Kaspersky Lab"),
        Just("Лаборатория Касперского"),
        Just("Huawei Technologies Co., Ltd."),
        Just("Hikvision"),
        Just("Dahua Technology"),
        Just("Hytera"),
        Just("ZTE Corporation"),
        Just("DJI"),
        Just("TikTok Pte. Ltd."),
        Just("Tencent"),
        Just("Group-IB"),
        Just(""),
    ];
    let product = prop_oneof![
        Just("Endpoint Security for Windows"),
        Just("Антивирус Касперского"),
        Just("AR6120 Enterprise Router"),
        Just("iVMS-4200"),
        Just("TikTok"),
        Just("WeChat"),
        Just("Some Product"),
        Just(""),
    ];
    let category = proptest::option::of(prop_oneof![
        Just("antivirus"),
        Just("router"),
        Just("CCTV"),
        Just("gibberish")
    ]);
    (publisher, product, category).prop_map(|(publisher, product, category)| InventoryItem {
        category: category.map(str::to_owned),
        ..InventoryItem::new(publisher, product)
    })
}

proptest! {
    /// The issue this guards: a supplier the pack names reading `clear`
    /// (or `no-action`) while a rule of `review` or stronger waits on an answer.
    #[test]
    fn a_certain_match_is_never_clear_while_a_rule_waits_on_an_answer(item in catalogue_items(), ctx in contexts()) {
        let e = vrc_engine::evaluate(rules(), &ctx, &item);
        let Some(m) = &e.matched else { return Ok(()) };
        if !m.certain {
            prop_assert_eq!(e.outcome.verdict, Verdict::Clear, "a possible match sets no verdict");
            return Ok(());
        }
        let found = e.outcome.findings.iter().filter(|f| f.rule != vrc_engine::eval::ANSWER_NEEDED).map(|f| f.verdict).max().unwrap_or(Verdict::Clear);
        let open = e.outcome.not_applied.iter().filter(|n| {
            n.code == vrc_engine::eval::WhyCode::Unknown && n.verdict >= Verdict::Review && n.verdict > found
        });
        for n in open {
            prop_assert!(e.outcome.verdict >= Verdict::Review, "{} waits on {:?} but the item reads {}", n.rule, n.needs, e.outcome.verdict);
            prop_assert!(e.outcome.waiting.iter().any(|w| w.rule == n.rule), "{} is not listed as waiting", n.rule);
            prop_assert!(e.outcome.could_be >= Some(n.verdict));
        }
        // And the other way: nothing waits that could not change the verdict.
        prop_assert!(e.outcome.waiting.iter().all(|w| w.verdict > found && w.verdict >= Verdict::Review));
        prop_assert_eq!(e.outcome.answer_needed, !e.outcome.waiting.is_empty() && found < Verdict::Review);
    }
}
