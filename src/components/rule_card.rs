//! One rule as a GOV.UK-style summary card: what it says, who said it, when it
//! applies and where to read it.

use vrc_engine::eval::DeadlineStatus;
use vrc_engine::pack::Rule;
use yew::prelude::*;

use crate::components::deadline_list::DeadlineList;
use crate::components::source_list::SourceList;

use crate::format::{in_force, verdict_label};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub rule: Rule,
}

#[function_component(RuleCard)]
pub fn rule_card(props: &Props) -> Html {
    let rule = &props.rule;
    let title_id = format!("rule-{}", rule.id);
    let verdict = rule.verdict.to_string();
    let from = rule.in_force.from.to_string();
    let until = rule.in_force.until.map(|d| d.to_string());
    html! {
        <article
            class="summary-card"
            aria-labelledby={title_id.clone()}
            data-testid="rule-card"
            data-rule-id={rule.id.clone()}
        >
            <div class="summary-card__title-wrapper">
                <h3 class="summary-card__title" id={title_id}>{ rule.instrument.clone() }</h3>
                <strong class={classes!("tag", format!("tag--{verdict}"))} data-testid="verdict">
                    { verdict_label(&verdict) }
                </strong>
            </div>
            <dl class="summary-list summary-card__content">
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "Rule id" }</dt>
                    <dd class="summary-list__value"><code>{ rule.id.clone() }</code></dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "Issued by" }</dt>
                    <dd class="summary-list__value">{ rule.authority.clone() }</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "In force" }</dt>
                    <dd class="summary-list__value">{ in_force(&from, until.as_deref()) }</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "Why it applies" }</dt>
                    <dd class="summary-list__value">{ rule.reason.clone() }</dd>
                </div>
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "What to do" }</dt>
                    <dd class="summary-list__value">{ rule.advice.clone() }</dd>
                </div>
                { deadlines_and_sources(rule) }
            </dl>
        </article>
    }
}

/// A rule's deadlines (if it has any) and sources, as rows of a summary list:
/// the same in the rules list and in an entity's timeline.
pub fn deadlines_and_sources(rule: &Rule) -> Html {
    let deadlines: Vec<DeadlineStatus> = rule
        .deadlines
        .iter()
        .map(|d| DeadlineStatus {
            date: d.date,
            what: d.what.clone(),
            passed: false,
        })
        .collect();
    html! {
        <>
            if !deadlines.is_empty() {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{ "Deadlines" }</dt>
                    <dd class="summary-list__value"><DeadlineList {deadlines} /></dd>
                </div>
            }
            <div class="summary-list__row">
                <dt class="summary-list__key">{ "Sources" }</dt>
                <dd class="summary-list__value">
                    <SourceList sources={rule.sources.clone()} />
                </dd>
            </div>
        </>
    }
}
