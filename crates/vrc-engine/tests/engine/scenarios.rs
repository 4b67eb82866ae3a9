//! Whole assessments for the seed scenarios: a verdict asserted for each, and
//! a snapshot of the full reasoning (findings, rules not applied and why,
//! upcoming rules) so that any change to it is reviewed.

use vrc_engine::Verdict;

use super::common::{context, evaluate, kaspersky_endpoint, render};

/// (name, jurisdiction, sectors, classification, as of, expected verdict in words)
const SCENARIOS: &[(&str, &str, &[&str], Option<&str>, &str, &str)] = &[
    (
        "uk_department_secret",
        "UK",
        &["central-government"],
        Some("SECRET"),
        "2024-06-01",
        "avoid",
    ),
    (
        "uk_department_official",
        "UK",
        &["central-government"],
        Some("OFFICIAL"),
        "2024-06-01",
        "review",
    ),
    (
        "uk_national_security_department_official",
        "UK",
        &["central-government", "national-security"],
        Some("OFFICIAL"),
        "2024-06-01",
        "review",
    ),
    (
        "uk_department_before_the_advice",
        "UK",
        &["central-government"],
        Some("SECRET"),
        "2017-11-30",
        "clear",
    ),
    (
        "uk_firm",
        "UK",
        &["enterprise"],
        None,
        "2024-06-01",
        "review: answer needed",
    ),
    (
        "uk_household",
        "UK",
        &["individual"],
        None,
        "2024-06-01",
        "no-action",
    ),
    (
        "uk_council_2018",
        "UK",
        &["public-sector"],
        None,
        "2018-06-01",
        "no-action",
    ),
    (
        "uk_council_after_invasion",
        "UK",
        &["public-sector"],
        None,
        "2022-06-01",
        "review",
    ),
    (
        "nz_health_board",
        "NZ",
        &["public-sector", "critical-infrastructure"],
        None,
        "2022-06-01",
        "review",
    ),
    (
        "us_federal_agency_2018",
        "US",
        &["central-government"],
        None,
        "2018-06-01",
        "prohibited",
    ),
    (
        "us_firm_before_commerce",
        "US",
        &["enterprise"],
        None,
        "2024-06-01",
        "review: answer needed",
    ),
    (
        "us_firm_after_new_agreements_ban",
        "US",
        &["enterprise"],
        None,
        "2024-08-01",
        "prohibited",
    ),
    (
        "us_firm_after_updates_end",
        "US",
        &["enterprise"],
        None,
        "2024-10-01",
        // Keeping an installed copy is not penalised: once updates end it
        // cannot be kept secure (`avoid`), and the ban on new agreements no
        // longer carries it (issue 10, correction 6).
        "avoid",
    ),
    (
        "au_commonwealth_before_direction",
        "AU",
        &["central-government"],
        None,
        "2025-02-20",
        "clear",
    ),
    (
        "au_commonwealth_after_direction",
        "AU",
        &["central-government"],
        None,
        "2025-03-01",
        "prohibited",
    ),
    (
        "au_commonwealth_after_deadline",
        "AU",
        &["central-government"],
        None,
        "2025-06-01",
        "prohibited",
    ),
    (
        "de_enterprise",
        "DE",
        &["enterprise"],
        None,
        "2022-06-01",
        "avoid",
    ),
];

#[test]
fn seed_scenarios() {
    let mut wrong = Vec::new();
    for (name, jurisdiction, sectors, classification, as_of, want) in SCENARIOS {
        let ctx = context(jurisdiction, sectors, *classification, as_of);
        let e = evaluate(&ctx, &kaspersky_endpoint());
        if e.outcome.verdict_words() != *want {
            wrong.push(format!("{name}: want {want}\n{}", render(&e)));
        }
        insta::assert_snapshot!(*name, render(&e));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_unknown_classification_never_triggers_the_secret_rule() {
    let ctx = context("UK", &["central-government"], None, "2024-06-01");
    let e = evaluate(&ctx, &kaspersky_endpoint());
    assert!(e.outcome.verdict < Verdict::Avoid, "{}", render(&e));
    let open = e
        .outcome
        .not_applied
        .iter()
        .find(|n| {
            n.needs
                .iter()
                .any(|x| x.field == vrc_engine::NeededField::Classification)
                && n.verdict == Verdict::Avoid
        })
        .unwrap_or_else(|| panic!("no open classification question:\n{}", render(&e)));
    assert!(open.needs[0].would_apply_if.contains("SECRET"), "{open:?}");
}

#[test]
fn australian_findings_carry_the_removal_deadline() {
    let before = evaluate(
        &context("AU", &["central-government"], None, "2025-03-01"),
        &kaspersky_endpoint(),
    );
    let deadline = before
        .outcome
        .findings
        .iter()
        .flat_map(|f| &f.deadlines)
        .find(|d| d.date.to_string() == "2025-04-01")
        .unwrap();
    assert!(!deadline.passed);
    let after = evaluate(
        &context("AU", &["central-government"], None, "2025-06-01"),
        &kaspersky_endpoint(),
    );
    assert!(
        after
            .outcome
            .findings
            .iter()
            .flat_map(|f| &f.deadlines)
            .any(|d| d.passed)
    );
}

#[test]
fn rules_not_yet_in_force_are_upcoming() {
    let e = evaluate(
        &context("AU", &["central-government"], None, "2025-01-01"),
        &kaspersky_endpoint(),
    );
    let u = e
        .outcome
        .upcoming
        .first()
        .unwrap_or_else(|| panic!("{}", render(&e)));
    assert_eq!(u.from.to_string(), "2025-02-21");
    assert_eq!(u.verdict, Verdict::Prohibited);
}

#[test]
fn the_2022_advice_supersedes_the_2017_reassurance_for_the_public_sector() {
    let e = evaluate(
        &context("UK", &["public-sector"], None, "2022-06-01"),
        &kaspersky_endpoint(),
    );
    assert!(
        e.outcome
            .not_applied
            .iter()
            .any(|n| n.code == vrc_engine::eval::WhyCode::Superseded
                && n.verdict == Verdict::NoAction),
        "{}",
        render(&e)
    );
}

#[test]
fn a_uk_firm_is_told_what_would_change_its_answer() {
    let e = evaluate(
        &context("UK", &["enterprise"], None, "2024-06-01"),
        &kaspersky_endpoint(),
    );
    assert!(
        e.outcome
            .not_applied
            .iter()
            .any(|n| n.needs.iter().any(|x| x.question.is_some())),
        "{}",
        render(&e)
    );
    let mut ctx = context("UK", &["enterprise"], None, "2024-06-01");
    ctx.answers
        .insert("gb-2022-heightened-risk".to_owned(), true);
    assert_eq!(
        evaluate(&ctx, &kaspersky_endpoint()).outcome.verdict,
        Verdict::Review
    );
}

#[test]
fn a_possible_match_sets_no_verdict_until_confirmed() {
    let ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    let item = vrc_engine::InventoryItem {
        category: Some("anti-virus".to_owned()),
        ..vrc_engine::InventoryItem::new("Kaspresky Lab", "Endpoint Agent")
    };
    let e = evaluate(&ctx, &item);
    assert_eq!(e.outcome.verdict, Verdict::Clear);
    assert!(
        e.if_confirmed
            .as_ref()
            .is_some_and(|o| o.verdict >= Verdict::Review),
        "{}",
        render(&e)
    );
}

#[test]
fn confirming_or_rejecting_a_possible_match_decides_it() {
    let item = vrc_engine::InventoryItem {
        category: Some("anti-virus".to_owned()),
        ..vrc_engine::InventoryItem::new("Kaspresky Lab", "Endpoint Agent")
    };
    let mut ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    ctx.match_decisions
        .push(vrc_engine::context::MatchDecision {
            name: "KASPRESKY LAB".to_owned(),
            entity: Some("kaspersky".to_owned()),
        });
    let confirmed = evaluate(&ctx, &item);
    assert_eq!(
        confirmed.outcome.verdict,
        Verdict::Avoid,
        "{}",
        render(&confirmed)
    );
    assert_eq!(
        confirmed.matched.unwrap().method,
        vrc_engine::MatchMethod::Confirmed
    );

    ctx.match_decisions[0].entity = None;
    let rejected = evaluate(&ctx, &item);
    assert!(rejected.matched.is_none());
    assert_eq!(rejected.outcome.verdict, Verdict::Clear);

    // A rejection never overrules a certain match.
    ctx.match_decisions[0].name = "AO Kaspersky Lab".to_owned();
    assert_eq!(
        evaluate(&ctx, &kaspersky_endpoint()).outcome.verdict,
        Verdict::Avoid
    );
}
