//! Items whose rules wait on answers: never `clear`, always "review: answer
//! needed" (or more) with the question asked, and categories inferred from
//! what real inventories carry.

use vrc_engine::{InventoryItem, NeededField, Verdict};

use super::common::{context, date, evaluate, kaspersky_endpoint, render};

fn item(publisher: &str, product: &str) -> InventoryItem {
    InventoryItem::new(publisher, product)
}

fn cpe(cpe: &str) -> InventoryItem {
    InventoryItem {
        cpe: Some(cpe.to_owned()),
        ..InventoryItem::new("", "anti-virus")
    }
}

/// The issue's own scenarios: (what, jurisdiction, sectors, classification,
/// as of, item, verdict in words).
#[test]
fn real_inventories_read_as_the_guidance_says() {
    let cases: Vec<(&str, &str, &[&str], Option<&str>, &str, InventoryItem, &str)> = vec![
        (
            "SBOM component named by its supplier, SECRET",
            "UK",
            &["central-government"],
            Some("SECRET"),
            "2024-06-01",
            item("AO Kaspersky Lab", "Endpoint Security for Windows"),
            "avoid",
        ),
        (
            "SBOM component known only by its CPE, SECRET",
            "UK",
            &["central-government"],
            Some("SECRET"),
            "2024-06-01",
            cpe("cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*"),
            "avoid",
        ),
        (
            "Russian-language registry row, SECRET",
            "UK",
            &["central-government"],
            Some("SECRET"),
            "2024-06-01",
            item("Лаборатория Касперского", "Антивирус Касперского"),
            "avoid",
        ),
        (
            "German product name, BSI warning",
            "DE",
            &["critical-infrastructure"],
            None,
            "2022-06-01",
            item("Kaspersky Labs GmbH", "Kaspersky Virenschutz 2022"),
            "avoid",
        ),
        (
            "Japanese product name, SECRET",
            "UK",
            &["central-government"],
            Some("SECRET"),
            "2024-06-01",
            item("", "カスペルスキー セキュリティ"),
            "avoid",
        ),
        (
            "Kaspersky product of no known kind, SECRET: the category is asked",
            "UK",
            &["central-government"],
            Some("SECRET"),
            "2024-06-01",
            item("AO Kaspersky Lab", "Kaspersky Something New"),
            "review: answer needed",
        ),
        (
            "Hikvision camera for a UK department, sensitive site not said",
            "UK",
            &["central-government"],
            None,
            "2024-06-01",
            item("Hikvision", "DS-2CD2143G2-I"),
            "review: answer needed",
        ),
        (
            "Huawei router for a US telecoms carrier, FCC subsidy not said",
            "US",
            &["telecoms-provider"],
            None,
            "2024-06-01",
            item("Huawei", "AR6120 Enterprise Router"),
            "review: answer needed",
        ),
        (
            "Kaspersky for the United Kingdom with no sector ticked",
            "UK",
            &[],
            None,
            "2024-06-01",
            item(
                "AO Kaspersky Lab",
                "Kaspersky Endpoint Security for Windows",
            ),
            "review: answer needed",
        ),
        (
            "a VPN is outside the anti-virus rules: what applies is the answer-free advice",
            "UK",
            &["enterprise"],
            None,
            "2024-06-01",
            item("AO Kaspersky Lab", "Kaspersky VPN Secure Connection"),
            "review: answer needed",
        ),
        (
            "an answered question settles it",
            "US",
            &["enterprise"],
            None,
            "2024-06-01",
            item("AO Kaspersky Lab", "Kaspersky Anti-Virus"),
            "review: answer needed",
        ),
        (
            "a household: no-action, with nothing to ask",
            "UK",
            &["individual"],
            None,
            "2024-06-01",
            item("AO Kaspersky Lab", "Kaspersky Total Security"),
            "no-action",
        ),
        (
            "a country with no rule stays clear",
            "FR",
            &["enterprise"],
            None,
            "2024-06-01",
            item("AO Kaspersky Lab", "Kaspersky Total Security"),
            "clear",
        ),
        (
            "a supplier no rule names stays clear",
            "UK",
            &[],
            None,
            "2024-06-01",
            item("Microsoft Corporation", "Microsoft Defender Antivirus"),
            "clear",
        ),
        (
            "Group-IB is Singapore-based: the UK's Russia rules do not reach it",
            "UK",
            &["central-government"],
            Some("SECRET"),
            "2024-06-01",
            item("Group-IB", "Group-IB Managed XDR"),
            "clear",
        ),
        (
            "F.A.C.C.T. is Russia-based",
            "UK",
            &["central-government"],
            Some("SECRET"),
            "2024-06-01",
            item("F.A.C.C.T.", "F.A.C.C.T. XDR"),
            "avoid",
        ),
    ];
    let wrong: Vec<String> = cases
        .into_iter()
        .filter_map(|(what, j, sectors, classification, as_of, item, want)| {
            let e = evaluate(&context(j, sectors, classification, as_of), &item);
            (e.outcome.verdict_words() != want)
                .then(|| format!("{what}: want {want}\n{}", render(&e)))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_answer_needed_finding_names_each_answer_and_where_it_leads() {
    let ctx = context("UK", &["central-government"], None, "2024-06-01");
    let e = evaluate(&ctx, &item("Hikvision", "DS-2CD2143G2-I"));
    assert!(e.outcome.answer_needed);
    assert_eq!(e.outcome.could_be, Some(Verdict::Prohibited));
    let f = e
        .outcome
        .findings
        .iter()
        .find(|f| f.rule == vrc_engine::eval::ANSWER_NEEDED)
        .unwrap();
    assert_eq!(f.verdict, Verdict::Review);
    assert!(
        f.reason.contains("If the answer is yes: prohibited"),
        "{}",
        f.reason
    );
    assert!(
        f.reason.contains("If the answer is no: review"),
        "{}",
        f.reason
    );
    assert!(!f.sources.is_empty(), "it cites the waiting rules' sources");
    let questions = e.outcome.questions();
    assert_eq!(questions.len(), 1, "{questions:?}");
    assert_eq!(questions[0].question.as_deref(), Some("sensitive-site"));
    // The category was inferred from the entity, and the finding says so.
    assert!(
        f.because
            .iter()
            .any(|b| b.contains("Video surveillance")
                && b.contains("every product line of Hikvision")),
        "{:?}",
        f.because
    );
    // Answered, it is settled and the question goes.
    let mut ctx = ctx;
    ctx.answers.insert("sensitive-site".to_owned(), true);
    let e = evaluate(&ctx, &item("Hikvision", "DS-2CD2143G2-I"));
    assert_eq!(e.outcome.verdict_words(), "prohibited");
    assert!(e.outcome.waiting.is_empty() && !e.outcome.answer_needed);
}

#[test]
fn an_item_already_as_severe_as_any_waiting_rule_asks_nothing() {
    // A US federal agency: BOD 17-01 already prohibits; nothing more severe waits.
    let ctx = context("US", &["central-government"], None, "2020-06-01");
    let e = evaluate(
        &ctx,
        &item("AO Kaspersky Lab", "Kaspersky Endpoint Security"),
    );
    assert_eq!(e.outcome.verdict, Verdict::Prohibited);
    assert!(e.outcome.waiting.is_empty(), "{:?}", e.outcome.waiting);
    assert!(e.outcome.could_be.is_none());
}

/// (product name, CPE, package URL, the category inferred, how, in part)
#[test]
fn categories_are_inferred_from_what_the_item_carries() {
    let cases: &[(&str, Option<&str>, Option<&str>, &str, &str)] = &[
        (
            "Kaspersky Endpoint Security for Windows",
            None,
            None,
            "Endpoint security",
            "product line",
        ),
        (
            "Антивирус Касперского",
            None,
            None,
            "Anti-virus",
            "`антивирус` in the product name",
        ),
        (
            "Антивірус Касперського",
            None,
            None,
            "Anti-virus",
            "`антивірус`",
        ),
        (
            "Kaspersky Virenschutz",
            None,
            None,
            "Anti-virus",
            "`virenschutz`",
        ),
        (
            "Kaspersky Protección Antivirus",
            None,
            None,
            "Anti-virus",
            "`antivirus` in the product name",
        ),
        ("卡巴斯基杀毒软件", None, None, "Anti-virus", "`杀毒`"),
        (
            "カスペルスキー エンドポイントセキュリティ",
            None,
            None,
            "Endpoint security",
            "`エンドポイント`",
        ),
        ("카스퍼스키 백신", None, None, "Anti-virus", "`백신`"),
        (
            "Kaspersky Passwort-Manager",
            None,
            None,
            "Other security software",
            "product name",
        ),
        (
            "anything",
            Some("cpe:2.3:a:kaspersky:endpoint_security:11:*:*:*:*:*:*:*"),
            None,
            "Endpoint security",
            "the CPE product `endpoint_security`",
        ),
        (
            "Hikvision DS-2CD2143G2-I",
            None,
            None,
            "Video surveillance",
            "every product line of Hikvision",
        ),
    ];
    let ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    for (product, cpe, purl, label, how) in cases {
        let item = InventoryItem {
            cpe: cpe.map(str::to_owned),
            purl: purl.map(str::to_owned),
            ..InventoryItem::new("", product)
        };
        let item = if item.cpe.is_some() {
            InventoryItem {
                product: None,
                ..item
            }
        } else {
            item
        };
        let e = evaluate(&ctx, &item);
        let facts: Vec<&String> = e
            .outcome
            .findings
            .iter()
            .flat_map(|f| &f.because)
            .chain(e.outcome.not_applied.iter().map(|n| &n.why))
            .collect();
        assert!(
            facts.iter().any(|f| f.contains(label) && f.contains(how)),
            "{product}: want {label} by {how}; got {facts:#?}"
        );
    }
}

#[test]
fn the_page_and_cli_can_ask_for_a_missing_category() {
    let ctx = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
    let e = evaluate(&ctx, &item("AO Kaspersky Lab", "Kaspersky Something New"));
    assert!(e.outcome.answer_needed);
    assert!(
        e.outcome
            .questions()
            .iter()
            .any(|n| n.field == NeededField::Category),
        "{:?}",
        e.outcome.questions()
    );
    // Once the row says what it is, the verdict follows.
    let said = InventoryItem {
        category: Some("anti-virus".to_owned()),
        ..item("AO Kaspersky Lab", "Kaspersky Something New")
    };
    assert_eq!(evaluate(&ctx, &said).outcome.verdict_words(), "avoid");
    // Or the user says so, for that product name alone (the page asks next
    // to the item; the CLI takes --category NAME=CATEGORY).
    let mut told = ctx.clone();
    told.category_decisions
        .push(vrc_engine::context::CategoryDecision {
            name: "kaspersky something new".to_owned(),
            category: "Anti-virus".to_owned(),
        });
    let e = evaluate(&told, &item("AO Kaspersky Lab", "Kaspersky Something New"));
    assert_eq!(e.outcome.verdict_words(), "avoid");
    assert!(
        e.outcome.findings[0]
            .because
            .iter()
            .any(|b| b == "category Anti-virus (as you said)"),
        "{:?}",
        e.outcome.findings[0].because
    );
    let other = evaluate(&told, &item("AO Kaspersky Lab", "Kaspersky Something Else"));
    assert_eq!(other.outcome.verdict_words(), "review: answer needed");
}

/// Two Hikvision cameras, by model, on UK central-government sites.
fn cameras() -> (InventoryItem, InventoryItem) {
    let mut lobby = item(
        "Hangzhou Hikvision Digital Technology Co. Ltd.",
        "DS-2CD2143G2-I",
    );
    lobby.category = Some("video-surveillance".to_owned());
    let mut car_park = item(
        "Hangzhou Hikvision Digital Technology Co. Ltd.",
        "DS-2CD1043G0-I",
    );
    car_park.category = Some("video-surveillance".to_owned());
    (lobby, car_park)
}

fn answer_for(name: &str, question: &str, answer: bool) -> vrc_engine::context::ItemAnswer {
    vrc_engine::context::ItemAnswer {
        name: name.to_owned(),
        question: question.to_owned(),
        answer,
    }
}

/// An answer about one camera is that camera's, not every camera's (issue 13).
#[test]
fn an_item_answer_decides_the_items_of_that_name_only() {
    let (lobby, car_park) = cameras();
    let mut c = context("UK", &["central-government"], None, "2025-06-01");
    c.item_answers
        .push(answer_for("ds-2cd2143g2-i", "sensitive-site", true));
    let e = evaluate(&c, &lobby);
    assert_eq!(e.outcome.verdict, Verdict::Prohibited, "{}", render(&e));
    let other = evaluate(&c, &car_park);
    assert_eq!(other.outcome.verdict, Verdict::Review, "{}", render(&other));
    assert!(other.outcome.answer_needed, "{}", render(&other));

    // An answer for the whole organisation covers every camera, and an
    // item's own answer still comes first.
    c.answers.insert("sensitive-site".to_owned(), false);
    assert_eq!(evaluate(&c, &lobby).outcome.verdict, Verdict::Prohibited);
    let other = evaluate(&c, &car_park);
    assert!(!other.outcome.answer_needed, "{}", render(&other));
    assert!(
        other.outcome.verdict < Verdict::Prohibited,
        "{}",
        render(&other)
    );

    // The last answer given for a name wins; names compare normalised.
    c.item_answers
        .push(answer_for("  DS-2CD2143G2-I ", "sensitive-site", false));
    assert!(evaluate(&c, &lobby).outcome.verdict < Verdict::Prohibited);
}

/// Only the questions whose rules could apply in the context are asked.
#[test]
fn questions_are_asked_only_where_their_rules_could_apply() {
    let rules = super::common::rules();
    let asked = |jurisdiction: &str, sectors: &[&str], as_of: &str| -> Vec<String> {
        (rules
            .questions_for(&context(jurisdiction, sectors, None, as_of))
            .iter())
        .map(|q| q.id.clone())
        .collect()
    };
    let nz = asked("NZ", &["public-sector"], "2022-04-01");
    assert!(!nz.contains(&"fcc-subsidy".to_owned()), "{nz:?}");
    assert!(!nz.contains(&"sensitive-site".to_owned()), "{nz:?}");
    let us = asked("US", &[], "2026-06-01");
    assert!(us.contains(&"fcc-subsidy".to_owned()), "{us:?}");
    // A US organisation not yet saying its state is asked the Texas question.
    assert!(us.contains(&"us-tx-state-agency".to_owned()), "{us:?}");
    let uk_department = asked("GB", &["central-government"], "2025-06-01");
    assert!(
        uk_department.contains(&"sensitive-site".to_owned()),
        "{uk_department:?}"
    );
    assert!(
        !uk_department.contains(&"fcc-subsidy".to_owned()),
        "{uk_department:?}"
    );
    // Before the 2022 statement there was nothing to ask about sites.
    let uk_2018 = asked("GB", &["central-government"], "2018-06-01");
    assert!(
        !uk_2018.contains(&"sensitive-site".to_owned()),
        "{uk_2018:?}"
    );
}

/// The pack says which questions are about an item.
#[test]
fn questions_about_an_item_are_marked_so() {
    use vrc_engine::pack::QuestionAbout;
    let about = |id: &str| {
        super::common::rules()
            .questions()
            .iter()
            .find(|q| q.id == id)
            .map(|q| q.about)
    };
    assert_eq!(about("sensitive-site"), Some(QuestionAbout::Item));
    assert_eq!(about("surveillance-purpose"), Some(QuestionAbout::Item));
    assert_eq!(about("fcc-subsidy"), Some(QuestionAbout::Organisation));
    assert_eq!(
        about("us-federal-grant-funds"),
        Some(QuestionAbout::Organisation)
    );
}

/// An accepted risk marks the items of its name, by its standing on the
/// assessment date, and never changes a verdict.
#[test]
fn an_accepted_risk_marks_its_items_and_never_changes_a_verdict() {
    use vrc_engine::Verdict;
    use vrc_engine::context::AcceptedRisk;
    use vrc_engine::eval::Standing;
    let accepted = |name: &str, verdict: Verdict, until: &str| AcceptedRisk {
        name: name.to_owned(),
        verdict,
        approved_by: "CISO".to_owned(),
        until: date(until),
        reason: None,
    };
    let kes = kaspersky_endpoint();
    let firefox = InventoryItem::new("Mozilla", "Firefox");
    // UK, SECRET: Kaspersky reads `avoid` (NCSC 2017).
    let table: [(&str, Vec<AcceptedRisk>, &InventoryItem, Option<Standing>); 8] = [
        ("none", vec![], &kes, None),
        (
            "in force, the name written otherwise",
            vec![accepted(
                "KASPERSKY endpoint security for Windows.",
                Verdict::Avoid,
                "2024-12-31",
            )],
            &kes,
            Some(Standing::InForce),
        ),
        (
            "in force on its last day",
            vec![accepted(
                "Kaspersky Endpoint Security for Windows",
                Verdict::Prohibited,
                "2024-06-01",
            )],
            &kes,
            Some(Standing::InForce),
        ),
        (
            "lapsed",
            vec![accepted(
                "Kaspersky Endpoint Security for Windows",
                Verdict::Avoid,
                "2024-05-31",
            )],
            &kes,
            Some(Standing::Lapsed),
        ),
        (
            "exceeded: only review was accepted",
            vec![accepted(
                "Kaspersky Endpoint Security for Windows",
                Verdict::Review,
                "2025-01-01",
            )],
            &kes,
            Some(Standing::Exceeded),
        ),
        (
            "the last given of a name counts",
            vec![
                accepted(
                    "Kaspersky Endpoint Security for Windows",
                    Verdict::Avoid,
                    "2025-01-01",
                ),
                accepted(
                    "Kaspersky Endpoint Security for Windows",
                    Verdict::Avoid,
                    "2024-01-01",
                ),
            ],
            &kes,
            Some(Standing::Lapsed),
        ),
        (
            "a clear item's stands in force, and counts as nothing accepted",
            vec![accepted("Firefox", Verdict::Avoid, "2025-01-01")],
            &firefox,
            Some(Standing::InForce),
        ),
        (
            "another name's is not this item's",
            vec![accepted(
                "Kaspersky Endpoint Security for Windows",
                Verdict::Avoid,
                "2025-01-01",
            )],
            &firefox,
            None,
        ),
    ];
    for (what, risks, item, want) in table {
        let plain = context("UK", &["central-government"], Some("SECRET"), "2024-06-01");
        let mut ctx = plain.clone();
        ctx.accepted_risks = risks;
        let e = evaluate(&ctx, item);
        assert_eq!(e.acceptance.as_ref().map(|a| a.standing), want, "{what}");
        let something = e.outcome.verdict >= Verdict::Review;
        assert_eq!(
            e.accepted(),
            want == Some(Standing::InForce) && something,
            "{what}"
        );
        let without = evaluate(&plain, item);
        assert_eq!(e.outcome, without.outcome, "{what}: the verdict changed");
    }
}

/// A standing's words are its JSON's.
#[test]
fn a_standing_is_written_as_its_json() {
    use vrc_engine::eval::Standing;
    for s in [Standing::InForce, Standing::Lapsed, Standing::Exceeded] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}
