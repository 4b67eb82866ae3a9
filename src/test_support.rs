//! What the page's native tests share.

use vrc_engine::{Context, Date, Jurisdiction, Sector};

/// A UK organisation in these sectors, with this classification, assessing
/// on 1 June 2024.
pub fn uk(sectors: &[Sector], classification: Option<&str>) -> Context {
    let mut c = Context::new(Date::from_ymd(2024, 6, 1).unwrap());
    c.jurisdictions
        .insert("GB".parse::<Jurisdiction>().unwrap());
    c.sectors.extend(sectors.iter().copied());
    c.classification = classification.map(str::to_owned);
    c
}
