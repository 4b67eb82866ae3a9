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
        // Kaspersky in Ukrainian, Chinese, Japanese and Korean, run together
        // with other words as those scripts write them.
        ("Лабораторія Касперського", "", "kaspersky"),
        ("", "Антивірус Касперського", "kaspersky"),
        ("", "卡巴斯基安全软件", "kaspersky"),
        ("卡巴斯基實驗室", "", "kaspersky"),
        ("", "カスペルスキー セキュリティ", "kaspersky"),
        ("", "カスペルスキーインターネットセキュリティ", "kaspersky"),
        ("", "카스퍼스키 인터넷 시큐리티", "kaspersky"),
        ("카스퍼스키랩", "", "kaspersky"),
        // Azure VM extensions, and Android package ids.
        ("KasperskyLab.SecurityAgent", "KESL", "kaspersky"),
        ("", "com.kms.free", "kaspersky"),
        ("", "com.kaspersky.safekids", "kaspersky"),
        ("", "华为手机助手", "huawei"),
        ("", "海康威视 iVMS-4200", "hikvision"),
        // Holdings: companies and brands bought by an entity.
        ("Sepura", "SC21", "hytera"),
        ("Pyronix Ltd", "Enforcer", "hikvision"),
        ("Lorex Technology Inc.", "Lorex Home", "dahua"),
        ("F.A.C.C.T.", "", "facct"),
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
        // Two edits from `securitygen` (Positive Technologies' successor
        // name), but an ordinary compound, not a near-miss.
        ("Contoso", "SecurityAgent"),
        ("Microsoft Corporation", "Azure Security Agent"),
        // UltraAV took over Kaspersky's US customers; it is not Kaspersky.
        ("Pango Group", "UltraAV"),
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

#[test]
fn a_product_keyword_from_another_publisher_is_only_possible() {
    // Third-party apps named after a product are not that product.
    let cases = [
        ("SnapTube Inc", "TikTok Video Downloader", "bytedance"),
        ("Acme Tools Ltd", "WeChat Exporter", "tencent"),
        ("Some Vendor", "Kaspersky Removal Helper", "kaspersky"),
    ];
    for (publisher, product, entity) in cases {
        let m = matched(publisher, product).unwrap();
        assert_eq!(m.entity, entity, "{product}");
        assert_eq!(m.method, MatchMethod::Uncorroborated, "{product}");
        assert!(!m.certain, "{product}");
    }
    // The publisher bears it out, says nothing, or the whole name is the entity's.
    for (publisher, product) in [
        ("TikTok Pte. Ltd.", "TikTok Video Downloader"),
        ("", "TikTok Video Downloader"),
        ("Unknown", "TikTok Video Downloader"),
        ("N/A", "Kaspersky Endpoint Security"),
        ("Some Vendor", "TikTok"),
    ] {
        let m = matched(publisher, product).unwrap();
        assert!(m.certain, "{publisher:?} / {product:?}: {m:?}");
    }
}

#[test]
fn a_holding_is_the_entitys_only_while_it_owned_it() {
    let item = InventoryItem {
        category: Some("CCTV".to_owned()),
        ..InventoryItem::new("Lorex Technology Inc.", "Lorex Home")
    };
    let mut ctx = vrc_engine::Context::new("2022-06-01".parse().unwrap());
    ctx.jurisdictions.insert("US".parse().unwrap());
    ctx.sectors.insert("government-supplier".parse().unwrap());
    let owned = vrc_engine::evaluate(rules(), &ctx, &item);
    let holding = owned
        .matched
        .as_ref()
        .and_then(|m| m.holding.as_ref())
        .unwrap();
    assert_eq!(holding.until, Some("2022-11-24".parse().unwrap()));
    assert!(
        owned.outcome.verdict >= vrc_engine::Verdict::Review,
        "{:?}",
        owned.outcome
    );
    ctx.as_of = "2022-11-25".parse().unwrap();
    let sold = vrc_engine::evaluate(rules(), &ctx, &item);
    assert_eq!(sold.outcome.verdict, vrc_engine::Verdict::Clear);
    assert!(sold.outcome.findings.is_empty());
    assert!(
        sold.outcome
            .not_applied
            .iter()
            .all(|n| n.code == vrc_engine::eval::WhyCode::NotOwned && n.why.contains("2022-11-24")),
        "{:?}",
        sold.outcome.not_applied
    );
    // Sepura became Hytera's on 24 May 2017.
    let sepura = InventoryItem::new("Sepura PLC", "SC20");
    ctx.as_of = "2017-05-23".parse().unwrap();
    let before = vrc_engine::evaluate(rules(), &ctx, &sepura);
    assert!(
        before
            .outcome
            .not_applied
            .iter()
            .all(|n| n.code == vrc_engine::eval::WhyCode::NotOwned)
    );
}
