//! One test per rule family beyond the seed scenarios, and checks on the pack as a whole.

use vrc_engine::{InventoryItem, Verdict};

use super::common::{context, evaluate, kaspersky_endpoint, render, rules};

fn item(publisher: &str, product: &str) -> InventoryItem {
    InventoryItem::new(publisher, product)
}

/// (what, jurisdiction, sectors, as of, item, expected verdict)
#[test]
fn each_instrument_gives_its_verdict() {
    let cases: Vec<(&str, &str, &[&str], &str, InventoryItem, &str)> = vec![
        (
            "BOD 17-01 before day 1",
            "US",
            &["central-government"],
            "2017-09-01",
            kaspersky_endpoint(),
            "clear",
        ),
        (
            "BOD 17-01",
            "US",
            &["central-government"],
            "2017-10-01",
            kaspersky_endpoint(),
            "prohibited",
        ),
        (
            "FAR 52.204-23 contractors",
            "US",
            &["government-supplier"],
            "2019-01-01",
            kaspersky_endpoint(),
            "prohibited",
        ),
        (
            "BSI warning",
            "DE",
            &["critical-infrastructure"],
            "2022-03-16",
            kaspersky_endpoint(),
            "avoid",
        ),
        (
            "BSI before the warning",
            "DE",
            &["enterprise"],
            "2022-03-14",
            kaspersky_endpoint(),
            "clear",
        ),
        (
            "Canada mobile, device unknown",
            "CA",
            &["central-government"],
            "2024-01-01",
            kaspersky_endpoint(),
            "review: answer needed",
        ),
        (
            "Italy public administrations",
            "IT",
            &["public-sector"],
            "2023-01-01",
            kaspersky_endpoint(),
            "prohibited",
        ),
        (
            "Netherlands central government",
            "NL",
            &["central-government"],
            "2019-01-01",
            kaspersky_endpoint(),
            "prohibited",
        ),
        (
            "Lithuania",
            "LT",
            &["central-government"],
            "2018-06-01",
            kaspersky_endpoint(),
            "prohibited",
        ),
        (
            "US 889 Huawei for agencies",
            "US",
            &["central-government"],
            "2020-01-01",
            item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
            "prohibited",
        ),
        (
            "UK TikTok on government devices",
            "UK",
            &["central-government"],
            "2023-06-01",
            InventoryItem {
                device: Some("mobile".to_owned()),
                ..item("TikTok Pte. Ltd.", "TikTok")
            },
            "prohibited",
        ),
        (
            "UK Huawei for a telecoms provider",
            "UK",
            &["telecoms-provider"],
            "2023-06-01",
            item("Huawei Technologies Co., Ltd.", "Huawei 5G radio"),
            "prohibited",
        ),
        (
            "Kaspersky in a country with no rule",
            "FR",
            &["enterprise"],
            "2024-06-01",
            kaspersky_endpoint(),
            "clear",
        ),
    ];
    let wrong: Vec<String> = cases
        .into_iter()
        .filter_map(|(what, j, sectors, as_of, item, want)| {
            let e = evaluate(&context(j, sectors, None, as_of), &item);
            (e.outcome.verdict_words() != want)
                .then(|| format!("{what}: want {want}\n{}", render(&e)))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn canada_applies_to_mobile_devices() {
    let mut ctx = context("CA", &["central-government"], None, "2024-01-01");
    ctx.device = Some("mobile".to_owned());
    assert_eq!(
        evaluate(&ctx, &kaspersky_endpoint()).outcome.verdict,
        Verdict::Prohibited
    );
}

#[test]
fn every_rule_cites_a_dated_source() {
    for rule in rules().rules() {
        assert!(!rule.sources.is_empty(), "{}", rule.id);
        for s in &rule.sources {
            assert!(
                s.url.starts_with("https://") || s.url.starts_with("http://"),
                "{}: {}",
                rule.id,
                s.url
            );
        }
    }
}

#[test]
fn every_fact_row_is_encoded() {
    // One jurisdiction per FACTS.md instrument family.
    for j in ["GB", "US", "NZ", "DE", "AU", "CA", "IT", "NL", "LT"] {
        assert!(
            rules().rules().any(|r| r.jurisdiction.as_str() == j),
            "no rule for {j}"
        );
    }
    let ids: Vec<&str> = rules().entities().iter().map(|e| e.id.as_str()).collect();
    for e in [
        "kaspersky",
        "huawei",
        "zte",
        "hytera",
        "hikvision",
        "dahua",
        "china-mobile",
        "china-telecom",
        "china-unicom",
        "group-ib",
        "dji",
        "autel",
        "bytedance",
        "tencent",
    ] {
        assert!(ids.contains(&e), "no entity {e}: {ids:?}");
    }
}

#[test]
fn the_committed_schemas_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    for (file, schema) in [
        ("rule-pack.schema.json", vrc_engine::schema::rule_pack()),
        ("report.schema.json", vrc_engine::schema::report()),
    ] {
        let want = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = root.join(file);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if std::env::var_os("VRC_BLESS").is_some() {
                std::fs::write(&path, want).unwrap();
            } else {
                panic!(
                    "{} is out of date: run `VRC_BLESS=1 cargo test -p vrc-engine` and commit it",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_builtin_pack_validates_against_its_json_schema() {
    let schema = vrc_engine::schema::rule_pack();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (name, text) in vrc_engine::load::builtin_files() {
        let value: toml::Value = toml::from_str(text).unwrap();
        let json = serde_json::to_value(&value).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    }
    // And the schema is not vacuous: a verdict outside the scale fails it.
    let bad = serde_json::json!({ "rule": [{ "id": "x", "verdict": "maybe" }] });
    assert!(!validator.is_valid(&bad));
}

#[test]
fn a_report_validates_against_its_json_schema() {
    let schema = vrc_engine::schema::report();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    let items = vec![
        kaspersky_endpoint(),
        item("Kaspresky Lab", "Endpoint Agent"),
        item("Mozilla", "Firefox"),
        item("Huawei Technologies Co., Ltd.", "Huawei router AR650"),
    ];
    let assessment = vrc_engine::assess(rules(), &ctx, items);
    let report = vrc_engine::report::Report::new(rules(), &assessment, Vec::new());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
