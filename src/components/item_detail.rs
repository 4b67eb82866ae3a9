//! Why an item has its verdict: the match, the findings with their facts,
//! advice, deadlines and sources, the rules that did not apply and why, and
//! the rules still to come.

use vrc_engine::context::MatchDecision;
use vrc_engine::eval::WhyCode;
use vrc_engine::{Evaluation, Finding, Outcome};
use yew::prelude::*;

use crate::components::accepted_risk::{accepted_risk, use_accept_form};
use crate::components::deadline_list::deadline_list;
use crate::components::missing_answers::MissingAnswers;
use crate::components::parts::{summary_row, time};
use crate::components::source_list::source_list;
use crate::components::timeline::timeline_view;

use crate::check::Engine;
use crate::components::verdict_tag::{outcome_tag, verdict_tag};
use crate::format::{method_label, percent};
use crate::state::{Action, StateHandle};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    pub evaluation: Evaluation,
    /// The name a confirmed or rejected match is recorded under.
    pub name: AttrValue,
    /// Makes the ids of the questions asked here unique on the page.
    #[prop_or(AttrValue::Static("outcome"))]
    pub id_prefix: AttrValue,
    /// The name a category answer is kept under: the product name, or the
    /// publisher's where there is none.
    #[prop_or_default]
    pub product: AttrValue,
}

#[function_component(OutcomeDetail)]
pub fn outcome_detail(props: &Props) -> Html {
    let state = use_context::<StateHandle>();
    let accept = use_accept_form();
    let rules = &props.engine.0;
    let e = &props.evaluation;
    let entity_name = |id: &str| {
        rules
            .entity(id)
            .map_or_else(|| id.to_owned(), |en| en.name.clone())
    };
    let matched = match &e.matched {
        None => html! {
            <p data-testid="no-match">{ "This does not match any supplier the rules are about, so no rule applies." }</p>
        },
        Some(m) => {
            let decide = |entity: Option<String>| {
                let state = state.clone();
                let name = props.name.to_string();
                Callback::from(move |_: MouseEvent| {
                    if let Some(state) = &state {
                        state.dispatch(Action::DecideMatch(MatchDecision {
                            name: name.clone(),
                            entity: entity.clone(),
                        }));
                    }
                })
            };
            html! {
                <>
                    <dl class="summary-list" data-testid="match">
                        { summary_row("Supplier", html! { { entity_name(&m.entity) } }) }
                        { summary_row("Matched on", html! { { format!("{} “{}” ({})", m.field, m.matched, method_label(m.method)) } }) }
                        { summary_row("Confidence", html! { { percent(m.confidence) } }) }
                    </dl>
                    if !m.certain {
                        <div class="warning-text" data-testid="possible-match">
                            <p>
                                <strong>{ "Possible match: confirm?" }</strong>
                                { format!(" This may be {}. A possible match does not change the verdict until you confirm it.", entity_name(&m.entity)) }
                            </p>
                            if let Some(would) = &e.if_confirmed {
                                <p>{ "If confirmed, the verdict would be: " }{ outcome_tag(would) }</p>
                            }
                            <div class="button-group">
                                <button type="button" class="button" onclick={decide(Some(m.entity.clone()))}>{ "Confirm" }</button>
                                <button type="button" class="button button--secondary" onclick={decide(None)}>{ "Not this" }</button>
                            </div>
                        </div>
                    }
                </>
            }
        }
    };
    html! {
        <div class="outcome" data-testid="outcome">
            { matched }
            // In an element of its own, which is always there. MissingAnswers
            // often renders nothing, and Yew 0.23 tells the nodes before a
            // component that renders nothing to go before the node that came
            // after it at its last render, even when this render removes that
            // node: inserting one (the match, when it changes) then panics
            // with "failed to insert node before next sibling"
            // (yewstack/yew#4092). Here the node after it is always this one.
            <div>
                <MissingAnswers engine={props.engine.clone()} evaluation={e.clone()}
                    id_prefix={props.id_prefix.clone()} name={props.name.clone()}
                    product={props.product.clone()} />
            </div>
            // In an element that is always there: it often renders nothing.
            <div>
                if let Some(state) = state.as_ref().filter(|_| !props.product.is_empty()) {
                    { accepted_risk(&accept, state, e, &props.product, &props.id_prefix) }
                }
            </div>
            { outcome(rules, &e.outcome) }
            if let Some(m) = &e.matched {
                { timeline_view(
                    &props.engine,
                    &m.entity,
                    if m.certain { Some(&e.outcome) } else { e.if_confirmed.as_ref() },
                    !m.certain,
                    state.as_ref().map(|s| s.as_of),
                ) }
            }
        </div>
    }
}

fn outcome(rules: &vrc_engine::RuleSet, o: &Outcome) -> Html {
    html! {
        <>
            if !o.findings.is_empty() {
                <h4 class="heading-s">{ "Why" }</h4>
                { for o.findings.iter().map(|f| finding(rules, f)) }
            }
            if !o.not_applied.is_empty() {
                <details class="details" data-testid="not-applied">
                    <summary class="details__summary">{ format!("Rules that did not apply ({})", o.not_applied.len()) }</summary>
                    <div class="details__text">
                        <ul class="list">
                            { for o.not_applied.iter().map(|n| html! {
                                <li>
                                    <code>{ n.rule.clone() }</code>
                                    { format!(" ({}): {}", n.verdict.label(), n.why) }
                                    if n.code == WhyCode::Unknown {
                                        { for n.needs.iter().map(|need| html! {
                                            <span class="hint">{ format!(" It would apply if {}.", need.would_apply_if) }</span>
                                        }) }
                                    }
                                </li>
                            }) }
                        </ul>
                    </div>
                </details>
            }
            if !o.upcoming.is_empty() {
                <h4 class="heading-s">{ "Rules to come" }</h4>
                <ul class="list" data-testid="upcoming">
                    { for o.upcoming.iter().map(|u| {
                        let title = rules.rule(&u.rule).map(|r| r.instrument.clone()).unwrap_or_else(|| u.rule.clone());
                        html! {
                            <li>
                                { format!("{title}: {} from ", u.verdict.label()) }
                                { time(u.from) }
                                { format!(". {}", u.reason) }
                            </li>
                        }
                    }) }
                </ul>
            }
        </>
    }
}

fn finding(rules: &vrc_engine::RuleSet, f: &Finding) -> Html {
    // With an organisation's pack beside the built-in one, every finding
    // says which pack it came from.
    let pack = rules.pack_of(&f.rule).filter(|_| rules.packs().len() > 1);
    html! {
        <div class="finding" data-testid="finding" data-rule-id={f.rule.clone()}>
            <h5 class="heading-s">
                { format!("{} ", f.instrument) }{ verdict_tag(f.verdict) }
            </h5>
            <dl class="summary-list">
                { summary_row("Rule", html! { <><code>{ f.rule.clone() }</code>{ format!(", issued by {}", f.authority) }</> }) }
                if let Some(pack) = pack {
                    { summary_row("Rule pack", html! {
                        <span data-testid="finding-pack">
                            { pack.title.clone().unwrap_or_else(|| pack.id.clone()) }{ " (" }<code>{ pack.id.clone() }</code>{ format!(" version {})", pack.version) }
                        </span>
                    }) }
                }
                { summary_row("Why it applies", html! {
                    <>
                        <p>{ f.reason.clone() }</p>
                        if !f.because.is_empty() {
                            <ul class="list">{ for f.because.iter().map(|b| html! { <li>{ b.clone() }</li> }) }</ul>
                        }
                    </>
                }) }
                { summary_row("What to do", html! { { f.advice.clone() } }) }
                if !f.deadlines.is_empty() {
                    { summary_row("Deadlines", deadline_list(&f.deadlines)) }
                }
                { summary_row("Sources", source_list(&f.sources)) }
            </dl>
        </div>
    }
}
