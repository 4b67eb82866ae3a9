//! The answer in a sentence for a whole inventory, for the contexts of
//! issue 13's users: a New Zealand health board in 2022, a UK department, an
//! Australian Commonwealth entity, a household with nothing listed.

use vrc_engine::assessor::Assessor;
use vrc_engine::headline::{headline, listing};
use vrc_engine::{InventoryItem, Verdict};

use super::common::{context, kaspersky_endpoint, rules};

fn on(system: &str, count: Option<u64>, item: InventoryItem) -> InventoryItem {
    InventoryItem {
        system: Some(system.to_owned()),
        count,
        ..item
    }
}

fn firefox() -> InventoryItem {
    InventoryItem::new("Mozilla", "Firefox")
}

/// The headline of these rows in this context, through the assessor as the CLI does.
fn answer(
    jurisdiction: &str,
    sectors: &[&str],
    classification: Option<&str>,
    as_of: &str,
    rows: &[InventoryItem],
) -> Option<vrc_engine::headline::Headline> {
    let context = context(jurisdiction, sectors, classification, as_of);
    let mut assessor = Assessor::new(rules(), &context);
    for row in rows {
        assessor.add(row);
    }
    headline(assessor.items().map(|d| (d.evaluation, d.tally)))
}

#[test]
fn a_new_zealand_health_board_is_told_nothing_must_go_and_what_to_assess() {
    let rows = [
        on("ward-pc-1", None, kaspersky_endpoint()),
        on("ward-pc-2", None, kaspersky_endpoint()),
        on("ward-pc-2", Some(3), firefox()),
    ];
    let h = answer("NZ", &["public-sector"], None, "2022-04-30", &rows).unwrap();
    assert_eq!(h.verdict, Verdict::Review);
    assert!(
        h.text.starts_with(
            "No rule requires you to remove anything. 2 items, on 2 systems, need your own risk assessment ("
        ),
        "{}",
        h.text
    );
    assert!(
        h.text.contains("National Cyber Security Centre"),
        "{}",
        h.text
    );
    assert_eq!(h.actions, ["Assess the risk of: 2 items, on 2 systems."]);
}

#[test]
fn an_australian_entity_is_told_what_is_prohibited_and_by_when() {
    let rows = [on("desk-1", Some(40), kaspersky_endpoint())];
    let h = answer("AU", &["central-government"], None, "2025-03-01", &rows).unwrap();
    assert_eq!(h.verdict, Verdict::Prohibited);
    assert!(
        h.text
            .starts_with("1 item, 40 installations, on 1 system, is prohibited for you ("),
        "{}",
        h.text
    );
    assert!(
        h.text.contains("The next deadline is 1 April 2025"),
        "{}",
        h.text
    );
    // A month later the deadline has passed, and it says so.
    let h = answer("AU", &["central-government"], None, "2025-05-01", &rows).unwrap();
    assert!(
        h.text
            .ends_with("The deadlines the instruments set have passed."),
        "{}",
        h.text
    );
}

#[test]
fn waiting_answers_and_nothing_named_read_plainly() {
    // No sector: Kaspersky waits on the answer.
    let h = answer(
        "GB",
        &[],
        None,
        "2024-01-01",
        &[kaspersky_endpoint(), firefox()],
    )
    .unwrap();
    assert!(
        h.text
            .starts_with("Nothing is known yet to require action, but 1 item waits on answers"),
        "{}",
        h.text
    );
    assert_eq!(h.actions, ["Answer the questions asked next to: 1 item."]);
    let h = answer(
        "GB",
        &["enterprise"],
        None,
        "2024-01-01",
        &[firefox(), firefox()],
    )
    .unwrap();
    assert_eq!(h.verdict, Verdict::Clear);
    assert_eq!(h.text, "No rule in the pack concerns any of the 2 items.");
    assert!(h.actions.is_empty());
    assert_eq!(answer("GB", &["enterprise"], None, "2024-01-01", &[]), None);
}

/// The items of these rows as a report lists them, in this context.
fn listed(
    jurisdiction: &str,
    sectors: &[&str],
    as_of: &str,
    rows: &[InventoryItem],
) -> (Vec<(String, Verdict, String)>, Vec<String>, u64) {
    let context = context(jurisdiction, sectors, None, as_of);
    let mut assessor = Assessor::new(rules(), &context);
    for row in rows {
        assessor.add(row);
    }
    let list = listing((assessor.items()).map(|d| (d.item, d.evaluation, d.tally)));
    let act = (list.act.iter())
        .map(|e| (e.name(), e.evaluation.outcome.verdict, e.counted()))
        .collect();
    let waiting = list.waiting.iter().map(|e| e.name()).collect();
    (act, waiting, list.clear.rows)
}

#[test]
fn a_report_lists_what_to_act_on_most_severe_first_then_what_waits_then_counts_the_rest() {
    let camera = InventoryItem::new(
        "Hangzhou Hikvision Digital Technology Co. Ltd.",
        "iVMS-4200",
    );
    let tiktok = InventoryItem::new("ByteDance", "TikTok");
    let rows = [
        on("hr-02", Some(3), firefox()),
        on("cctv-03", None, camera),
        on("phones", Some(25), tiktok),
        on("finance-01", Some(40), kaspersky_endpoint()),
        on("hr-02", Some(12), kaspersky_endpoint()),
    ];
    let (act, waiting, clear) = listed("US", &["central-government"], "2025-01-01", &rows);
    let verdicts: Vec<Verdict> = act.iter().map(|(_, v, _)| *v).collect();
    assert!(
        verdicts.windows(2).all(|w| w[0] >= w[1]),
        "not most severe first: {act:?}"
    );
    let kaspersky = act
        .iter()
        .find(|(name, _, _)| name.contains("Kaspersky"))
        .unwrap();
    assert_eq!(kaspersky.1, Verdict::Prohibited);
    // Both rows of one product are one entry, counted as the headline counts.
    assert_eq!(kaspersky.2, "2 items, 52 installations, on 2 systems");
    assert!(
        waiting.iter().any(|n| n.contains("iVMS-4200")),
        "{waiting:?}"
    );
    assert!(act.iter().all(|(n, _, _)| !n.contains("iVMS-4200")));
    assert_eq!(clear, 1, "Firefox is the one clear row");
}

#[test]
fn an_item_without_a_name_is_called_unnamed() {
    assert_eq!(InventoryItem::default().display_name(), "Unnamed item");
    assert_eq!(
        InventoryItem::new(" Mozilla ", "Firefox").display_name(),
        "Mozilla Firefox"
    );
}
