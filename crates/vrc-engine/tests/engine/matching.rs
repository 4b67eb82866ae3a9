//! Matching inventory strings to catalogue entities.

use vrc_engine::{InventoryItem, MatchMethod};

use super::common::rules;

fn matched(publisher: &str, product: &str) -> Option<vrc_engine::Match> {
    vrc_engine::evaluate(
        rules(),
        &vrc_engine::Context::new("2026-01-01".parse().unwrap()),
        &InventoryItem::new(publisher, product),
    )
    .matched
}

#[test]
fn real_publisher_strings_match_their_entity() {
    let cases = [
        ("AO Kaspersky Lab", "", "kaspersky"),
        ("Kaspersky Lab", "", "kaspersky"),
        (
            "Kaspersky",
            "Kaspersky Endpoint Security for Windows",
            "kaspersky",
        ),
        ("KASPERSKY LAB ZAO", "", "kaspersky"),
        ("Лаборатория Касперского", "", "kaspersky"),
        ("", "Kaspersky Total Security", "kaspersky"),
        ("Huawei Technologies Co., Ltd.", "", "huawei"),
        (
            "Hangzhou Hikvision Digital Technology Co., Ltd.",
            "",
            "hikvision",
        ),
        ("Zhejiang Dahua Technology Co., Ltd.", "", "dahua"),
        ("ZTE Corporation", "", "zte"),
        ("", "TikTok", "bytedance"),
        ("Tencent", "WeChat", "tencent"),
    ];
    for (publisher, product, entity) in cases {
        let m = matched(publisher, product)
            .unwrap_or_else(|| panic!("no match for {publisher:?} / {product:?}"));
        assert_eq!(m.entity, entity, "{publisher:?} / {product:?}");
        assert!(m.certain, "{publisher:?}");
    }
}

#[test]
fn exact_aliases_are_reported_as_exact() {
    let m = matched("Kaspersky Lab", "").unwrap();
    assert_eq!(m.method, MatchMethod::ExactAlias);
    assert_eq!(m.confidence, 1.0);
}

#[test]
fn unrelated_and_look_alike_names_do_not_match() {
    for (publisher, product) in [
        ("Microsoft Corporation", "Microsoft Defender"),
        ("Aztec Software", "Aztec Reader"),
        ("Mozilla", "Firefox"),
        ("", ""),
        ("Ltd", ""),
    ] {
        assert!(
            matched(publisher, product).is_none(),
            "{publisher:?} / {product:?}"
        );
    }
}

#[test]
fn a_near_miss_is_only_a_possible_match() {
    let m = matched("Kaspresky Lab", "").unwrap();
    assert_eq!(m.entity, "kaspersky");
    assert_eq!(m.method, MatchMethod::Fuzzy);
    assert!(!m.certain);
    assert!(m.confidence < 0.9);
}

#[test]
fn cpe_and_purl_match_by_vendor_and_namespace() {
    let item = InventoryItem {
        cpe: Some("cpe:2.3:a:kaspersky:anti-virus:2020:*:*:*:*:*:*:*".to_owned()),
        ..InventoryItem::default()
    };
    let e = vrc_engine::evaluate(
        rules(),
        &vrc_engine::Context::new("2026-01-01".parse().unwrap()),
        &item,
    );
    let m = e.matched.unwrap();
    assert_eq!(
        (m.entity.as_str(), m.method),
        ("kaspersky", MatchMethod::CpeVendor)
    );

    for bad in [
        "cpe:2.3",
        "cpe:/",
        "not a cpe",
        "pkg:",
        "pkg:maven",
        "pkg:/x/y",
    ] {
        let item = InventoryItem {
            cpe: Some(bad.to_owned()),
            purl: Some(bad.to_owned()),
            ..InventoryItem::default()
        };
        let _ = vrc_engine::evaluate(
            rules(),
            &vrc_engine::Context::new("2026-01-01".parse().unwrap()),
            &item,
        );
    }
}

#[test]
fn the_product_line_sets_the_category() {
    let m = matched(
        "AO Kaspersky Lab",
        "Kaspersky Endpoint Security for Windows",
    )
    .unwrap();
    assert_eq!(m.product.as_deref(), Some("Kaspersky Endpoint Security"));
}
