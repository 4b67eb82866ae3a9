//! The answer in a sentence for a whole inventory, for the contexts of
//! issue 13's users: a New Zealand health board in 2022, a UK department, an
//! Australian Commonwealth entity, a household with nothing listed.

use vrc_engine::assessor::Assessor;
use vrc_engine::headline::headline;
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
    headline(assessor.items().iter().map(|d| (&d.evaluation, &d.tally)))
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
