//! What is new since a reopened assessment was made: the measures of its
//! countries against its suppliers that started, ended or fell due after its
//! assessment date, and
//! whether the rule pack has been updated since. A plain function: no state.

use vrc_engine::Date;
use vrc_engine::changes::{ChangeKind, since};
use yew::prelude::*;

use crate::check::{Checked, Engine};
use crate::components::parts::time;
use crate::components::verdict_tag::verdict_tag;
use crate::route::rules_href;
use crate::state::Reopened;

/// The notice, or nothing when nothing is new.
pub fn whats_new(engine: &Engine, reopened: &Reopened, checked: &Checked, today: Date) -> Html {
    let rules = &engine.0;
    // Only measures against the suppliers this assessment's items matched.
    // (Vectors, not sets: a few dozen entries, and no set code in the wasm.)
    let mut entities: Vec<&str> = Vec::new();
    for m in checked
        .evaluations
        .iter()
        .filter_map(|e| e.matched.as_ref())
    {
        if m.certain && !entities.contains(&m.entity.as_str()) {
            entities.push(&m.entity);
        }
    }
    // And only the assessment's own countries' (all, when it names none).
    let countries = &checked.context.jurisdictions;
    let concerned: Vec<&str> = entities
        .iter()
        .flat_map(|e| rules.rules_about(e))
        .filter(|r| countries.is_empty() || countries.contains(&r.jurisdiction))
        .map(|r| r.id.as_str())
        .collect();
    let changes: Vec<_> = since(rules, reopened.as_of, today)
        .into_iter()
        .filter(|c| concerned.contains(&c.rule.as_str()))
        .collect();
    let saved_pack = reopened.packs.iter().map(|p| p.date).max();
    let newer_pack = saved_pack
        .zip(rules.date())
        .filter(|(saved, now)| saved < now);
    if changes.is_empty() && newer_pack.is_none() {
        return html! {};
    }
    let kind = |k: ChangeKind| match k {
        ChangeKind::Started => "came into force",
        ChangeKind::Ended => "ended",
        ChangeKind::Deadline => "deadline",
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    };
    let instrument = |id: &str| {
        rules
            .rule(id)
            .map_or_else(|| id.to_owned(), |r| r.instrument.clone())
    };
    html! {
        <div class="inset-text whats-new" data-testid="whats-new">
            <h3 class="heading-s">{ "What is new since this assessment" }</h3>
            if let Some((saved, now)) = newer_pack {
                <p>
                    { format!(
                        "It was made with rules checked against their sources on {}; this page uses rules checked on {}. Its verdicts here are worked out again with the newer rules.",
                        saved.long(),
                        now.long()
                    ) }
                </p>
            }
            if !changes.is_empty() {
                <p>
                    { format!("Since its assessment date, {}, these measures against its suppliers came into force, ended or fell due. ", reopened.as_of.long()) }
                    { "The verdicts shown are as of that date: change the assessment date to today to apply them." }
                </p>
                <ul class="list" data-testid="whats-new-list">
                    { for changes.iter().map(|c| html! {
                        <li data-rule-id={c.rule.clone()}>
                            { c.date.map(time).unwrap_or_default() }
                            { format!(" — {}: ", kind(c.kind)) }
                            <a href={rules_href(&c.rule)}>{ instrument(&c.rule) }</a>
                            { " " }{ verdict_tag(c.verdict) }
                            if c.kind == ChangeKind::Deadline {
                                { format!(" ({})", c.what) }
                            }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
