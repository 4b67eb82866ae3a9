//! A dated timeline of every measure in the rule pack against one entity,
//! across all jurisdictions, oldest first, each marked with whether it
//! applies in the current context and, if not, why.

use vrc_engine::Outcome;
use yew::prelude::*;

use crate::components::rule_card::deadlines_and_sources;
use crate::components::verdict_tag::VerdictTag;
use crate::evaluate::{Engine, TimelineEntry, timeline};
use crate::format::{jurisdiction_name, long_date, standing_words};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    /// The catalogue entity's id.
    pub entity: AttrValue,
    /// The item's outcome, to say where each measure stands; none to list
    /// the measures alone.
    #[prop_or_default]
    pub outcome: Option<Outcome>,
    /// Whether the outcome is what a possible match would get if confirmed.
    #[prop_or_default]
    pub if_confirmed: bool,
}

#[function_component(Timeline)]
pub fn timeline_view(props: &Props) -> Html {
    let rules = &props.engine.0;
    let entries = timeline(rules, &props.entity, props.outcome.as_ref());
    if entries.is_empty() {
        return html! {};
    }
    let name = rules
        .entity(&props.entity)
        .map_or_else(|| props.entity.to_string(), |e| e.name.clone());
    let applying = entries
        .iter()
        .filter(|e| e.standing == crate::evaluate::Standing::Applies)
        .count();
    html! {
        <div class="timeline" data-testid="timeline" data-entity={props.entity.clone()}>
            <h4 class="heading-s">{ format!("Timeline of measures against {name}") }</h4>
            <p class="hint">
                { format!(
                    "Every measure in the rules about {name}, in every country, oldest first: {} in all, of which {}.",
                    entries.len(),
                    match applying {
                        0 => "none applies to you".to_owned(),
                        1 => "1 applies to you".to_owned(),
                        n => format!("{n} apply to you"),
                    },
                ) }
                if props.if_confirmed {
                    { " This assumes you confirm the match." }
                }
            </p>
            <ol class="timeline__list">
                { for entries.iter().map(entry) }
            </ol>
        </div>
    }
}

fn entry(e: &TimelineEntry<'_>) -> Html {
    let rule = e.rule;
    let from = rule.in_force.from.to_string();
    let code = rule.jurisdiction.to_string();
    let country = jurisdiction_name(&code).unwrap_or(&code).to_owned();
    let (tag, words) = standing_words(&e.standing, rule, &e.superseded_by);
    let why = match &e.standing {
        crate::evaluate::Standing::NotApplied { code, .. } => why_code(*code),
        _ => "",
    };
    html! {
        <li class={classes!("timeline__entry", format!("timeline__entry--{tag}"))}
            data-testid="timeline-entry" data-rule-id={rule.id.clone()}
            data-standing={tag} data-why={why}>
            <p class="timeline__date">
                <time datetime={from.clone()}>{ long_date(&from) }</time>
                { format!(", {country}") }
            </p>
            <h5 class="heading-s timeline__title">{ rule.instrument.clone() }</h5>
            <p class={classes!("timeline__standing", format!("timeline__standing--{tag}"))} data-testid="standing">
                <strong>{ words }</strong>
            </p>
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "Verdict it gives" }</dt>
                    <dd class="summary-list__value"><VerdictTag verdict={rule.verdict} /></dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "Issued by" }</dt>
                    <dd class="summary-list__value">{ rule.authority.clone() }</dd>
                </div>
                if let Some(until) = rule.in_force.until {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{ "Ended" }</dt>
                        <dd class="summary-list__value">
                            <time datetime={until.to_string()}>{ long_date(&until.to_string()) }</time>
                        </dd>
                    </div>
                }
                if !e.superseded_by.is_empty() {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{ "Replaced by" }</dt>
                        <dd class="summary-list__value">
                            <ul class="list">
                                { for e.superseded_by.iter().map(|by| {
                                    let date = by.in_force.from.to_string();
                                    html! {
                                        <li>
                                            { format!("{}, from ", by.instrument) }
                                            <time datetime={date.clone()}>{ long_date(&date) }</time>
                                            { " (for the organisations it covers)" }
                                        </li>
                                    }
                                }) }
                            </ul>
                        </dd>
                    </div>
                }
                { deadlines_and_sources(rule) }
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
    }
}
