//! One rule as a GOV.UK-style summary card: what it says, who said it, when it
//! applies and where to read it.

use vrc_engine::Date;
use vrc_engine::eval::DeadlineStatus;
use vrc_engine::pack::Rule;
use yew::prelude::*;

use crate::components::deadline_list::deadline_list;
use crate::components::parts::summary_row;
use crate::components::source_list::source_list;

use crate::format::in_force;

/// A plain function rather than a component (it has no state); the card is
/// keyed by the rule's id.
pub fn rule_card(rule: &Rule) -> Html {
    let title_id = format!("rule-{}", rule.id);
    let verdict = rule.verdict.to_string();
    html! {
        <article
            key={rule.id.clone()}
            class="summary-card"
            aria-labelledby={title_id.clone()}
            data-testid="rule-card"
            data-rule-id={rule.id.clone()}
        >
            <div class="summary-card__title-wrapper">
                <h3 class="summary-card__title" id={title_id} tabindex="-1">{ rule.instrument.clone() }</h3>
                <strong class={classes!("tag", format!("tag--{verdict}"))} data-testid="verdict">
                    { rule.verdict.label() }
                </strong>
            </div>
            <dl class="summary-list summary-card__content">
                { summary_row("Rule id", html! { <code>{ rule.id.clone() }</code> }) }
                { summary_row("Issued by", html! { { rule.authority.clone() } }) }
                { summary_row("In force", html! { { in_force(rule.in_force.from, rule.in_force.until) } }) }
                { summary_row("Why it applies", html! { { rule.reason.clone() } }) }
                { summary_row("What to do", html! { { rule.advice.clone() } }) }
                { deadlines_and_sources(rule, None) }
            </dl>
        </article>
    }
}

/// A rule's deadlines (if it has any) and sources, as rows of a summary list:
/// the same in the rules list and in an entity's timeline. With `as_of` (the
/// assessment date), deadlines before it are marked passed.
pub fn deadlines_and_sources(rule: &Rule, as_of: Option<Date>) -> Html {
    let deadlines: Vec<DeadlineStatus> = rule.deadlines.iter().map(|d| d.status(as_of)).collect();
    html! {
        <>
            if !deadlines.is_empty() {
                { summary_row("Deadlines", deadline_list(&deadlines)) }
            }
            { summary_row("Sources", source_list(&rule.sources)) }
        </>
    }
}
