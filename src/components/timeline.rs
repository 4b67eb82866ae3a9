//! A dated timeline of every measure in the rule pack against one entity,
//! across all jurisdictions, oldest first, each marked with whether it
//! applies in the current context and, if not, why. For an item, what
//! applies comes first, then the rest of the user's countries' measures,
//! then other countries', folded.

use vrc_engine::{Date, Outcome};
use yew::prelude::*;

use crate::check::Engine;
use crate::components::parts::{summary_row, time};
use crate::components::rule_card::deadlines_and_sources;
use crate::components::verdict_tag::verdict_tag;
use crate::explain::{Standing, TimelineEntry, timeline};
use crate::format::{jurisdiction_name, standing_words};

/// The timeline of `entity` (a catalogue entity's id). `outcome` is the
/// item's, to say where each measure stands (none to list the measures
/// alone); `if_confirmed` says whether it is what a possible match would get
/// if confirmed; deadlines before `as_of` (the assessment date) are marked
/// passed. A plain function rather than a component (it has no state).
pub fn timeline_view(
    engine: &Engine,
    entity: &str,
    outcome: Option<&Outcome>,
    if_confirmed: bool,
    as_of: Option<Date>,
) -> Html {
    let rules = &engine.0;
    let entries = timeline(rules, entity, outcome);
    if entries.is_empty() {
        return html! {};
    }
    let name = rules
        .entity(entity)
        .map_or_else(|| entity.to_owned(), |e| e.name.clone());
    let applying = entries
        .iter()
        .filter(|e| e.standing == Standing::Applies)
        .count();
    let list = |entries: &[&TimelineEntry<'_>]| {
        html! {
            <ol class="timeline__list">
                { for entries.iter().map(|e| entry(e, as_of)) }
            </ol>
        }
    };
    // Read from the rules alone, with no item: one list, oldest first.
    let Some(_) = outcome else {
        let all: Vec<&TimelineEntry<'_>> = entries.iter().collect();
        return html! {
            <div class="timeline" data-testid="timeline" data-entity={entity.to_owned()}>
                <h4 class="heading-s">{ format!("Timeline of measures against {name}") }</h4>
                <p class="hint">
                    { format!("Every measure in the rules about {name}, in every country, oldest first: {} in all.", entries.len()) }
                </p>
                { list(&all) }
            </div>
        };
    };
    // For an item: what applies first, then the rest of your countries'
    // measures (those waiting on an answer, not yet in force, or for other
    // organisations), then other countries', folded.
    let foreign = |e: &&TimelineEntry<'_>| {
        matches!(
            e.standing,
            Standing::NotApplied {
                code: vrc_engine::eval::WhyCode::Jurisdiction,
                ..
            }
        )
    };
    let applies: Vec<&TimelineEntry<'_>> = entries
        .iter()
        .filter(|e| e.standing == Standing::Applies)
        .collect();
    let yours: Vec<&TimelineEntry<'_>> = entries
        .iter()
        .filter(|e| e.standing != Standing::Applies && !foreign(e))
        .collect();
    let others: Vec<&TimelineEntry<'_>> = entries.iter().filter(foreign).collect();
    html! {
        <div class="timeline" data-testid="timeline" data-entity={entity.to_owned()}>
            <h4 class="heading-s">{ format!("Timeline of measures against {name}") }</h4>
            <p class="hint">
                { format!(
                    "Every measure in the rules about {name}: {} in all, {}. What applies to you comes first, oldest first.",
                    entries.len(),
                    match applying {
                        0 => "none of which applies to you".to_owned(),
                        1 => "1 of which applies to you".to_owned(),
                        n => format!("{n} of which apply to you"),
                    },
                ) }
                if if_confirmed {
                    { " This assumes you confirm the match." }
                }
            </p>
            if !applies.is_empty() {
                <h5 class="heading-s" data-testid="timeline-applies">{ "What applies to you" }</h5>
                { list(&applies) }
            }
            if !yours.is_empty() {
                <h5 class="heading-s" data-testid="timeline-yours">{ "Other measures in your countries" }</h5>
                { list(&yours) }
            }
            if !others.is_empty() {
                <details class="details" data-testid="timeline-others">
                    <summary class="details__summary">
                        { format!("Other countries’ measures ({})", others.len()) }
                    </summary>
                    <div class="details__text">{ list(&others) }</div>
                </details>
            }
        </div>
    }
}

fn entry(e: &TimelineEntry<'_>, as_of: Option<Date>) -> Html {
    let rule = e.rule;
    let code = rule.jurisdiction.to_string();
    let country = jurisdiction_name(&code).unwrap_or(&code).to_owned();
    let (tag, words) = standing_words(&e.standing, rule, &e.superseded_by);
    // Several rules can carry one instrument (one per kind of organisation):
    // it is listed once.
    let mut replaced_by: Vec<&vrc_engine::pack::Rule> = Vec::new();
    for by in &e.superseded_by {
        if !replaced_by
            .iter()
            .any(|r| r.instrument == by.instrument && r.in_force.from == by.in_force.from)
        {
            replaced_by.push(by);
        }
    }
    let why = match &e.standing {
        crate::explain::Standing::NotApplied { code, .. } => why_code(*code),
        _ => "",
    };
    html! {
        <li class={classes!("timeline__entry", format!("timeline__entry--{tag}"))}
            data-testid="timeline-entry" data-rule-id={rule.id.clone()}
            data-standing={tag} data-why={why}>
            <p class="timeline__date">
                { time(rule.in_force.from) }
                { format!(", {country}") }
            </p>
            <h5 class="heading-s timeline__title">{ rule.instrument.clone() }</h5>
            if e.standing != crate::explain::Standing::NotAssessed {
                <p class={classes!("timeline__standing", format!("timeline__standing--{tag}"))} data-testid="standing">
                    <strong>{ words }</strong>
                </p>
            }
            <dl class="summary-list">
                { summary_row("Verdict it gives", verdict_tag(rule.verdict)) }
                { summary_row("Issued by", html! { { rule.authority.clone() } }) }
                if let Some(until) = rule.in_force.until {
                    { summary_row("Ended", time(until)) }
                }
                if !replaced_by.is_empty() {
                    { summary_row("Replaced by", html! {
                        <ul class="list">
                                { for replaced_by.iter().map(|by| {
                                    html! {
                                        <li>
                                            { format!("{}, from ", by.instrument) }
                                            { time(by.in_force.from) }
                                            { " (for the organisations it covers)" }
                                        </li>
                                    }
                                }) }
                            </ul>
                    }) }
                }
                { deadlines_and_sources(rule, as_of) }
            </dl>
        </li>
    }
}

/// The engine's kebab-case name for a why code (`jurisdiction`, `superseded`).
fn why_code(code: vrc_engine::eval::WhyCode) -> &'static str {
    use vrc_engine::eval::WhyCode;
    match code {
        WhyCode::Jurisdiction => "jurisdiction",
        WhyCode::Category => "category",
        WhyCode::Sector => "sector",
        WhyCode::Device => "device",
        WhyCode::ClassificationBelow => "classification-below",
        WhyCode::ClassificationAbove => "classification-above",
        WhyCode::Answer => "answer",
        WhyCode::NotYetInForce => "not-yet-in-force",
        WhyCode::Ended => "ended",
        WhyCode::Superseded => "superseded",
        WhyCode::Unknown => "unknown",
        WhyCode::NotOwned => "not-owned",
    }
}
