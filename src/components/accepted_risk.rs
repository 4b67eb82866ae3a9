//! An accepted risk next to an item: the organisation's decision to live
//! with its verdict for a time, on someone's authority
//! (`Context::accepted_risks`). The verdict stands; this says who accepted
//! it and until when, and whether that still covers the verdict, and lets
//! the user record or withdraw one for the items of this name.

use vrc_engine::context::AcceptedRisk;
use vrc_engine::eval::Standing;
use vrc_engine::normalise::lowercase;
use vrc_engine::{Date, Evaluation, Verdict};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::focus::{PendingFocus, focus_after_render, use_pending_focus};
use crate::components::parts::time;
use crate::state::{Action, StateHandle};

/// What is wrong with the form, by field.
#[derive(Debug, Clone, Default, PartialEq)]
struct Problems {
    approved_by: Option<&'static str>,
    until: Option<String>,
}

fn value(node: &NodeRef) -> String {
    (node.cast::<HtmlInputElement>())
        .map(|i| i.value().trim().to_owned())
        .unwrap_or_default()
}

/// What the form keeps between renders: a hook of the item's detail, not
/// a component of its own (each component type costs the page's wasm its
/// own copy of Yew's lifecycle code).
#[derive(Clone)]
pub struct AcceptForm {
    problems: UseStateHandle<Problems>,
    focus: PendingFocus,
    approved_by: NodeRef,
    until: NodeRef,
    reason: NodeRef,
}

#[hook]
pub fn use_accept_form() -> AcceptForm {
    AcceptForm {
        problems: use_state(Problems::default),
        focus: use_pending_focus(),
        approved_by: use_node_ref(),
        until: use_node_ref(),
        reason: use_node_ref(),
    }
}

/// The acceptance of the items called `name` (the product's name, or the
/// publisher's where there is none), and the form to record one; `prefix`
/// makes the ids unique on the page.
pub fn accepted_risk(
    form: &AcceptForm,
    state: &StateHandle,
    e: &Evaluation,
    name: &str,
    prefix: &str,
) -> Html {
    let AcceptForm {
        problems,
        focus,
        approved_by,
        until,
        reason,
    } = form.clone();
    let verdict = e.outcome.verdict;
    // Nothing to accept in a verdict below review, nor in a possible match.
    if e.acceptance.is_none() && verdict < Verdict::Review {
        return html! {};
    }
    let id = |part: &str| format!("{prefix}-accept-{part}");
    let panel_id = id("panel");

    let on_submit = {
        let (state, problems, focus) = (state.clone(), problems.clone(), focus.clone());
        let (approved_by, until, reason) = (approved_by.clone(), until.clone(), reason.clone());
        let name = name.to_owned();
        let (panel_id, first_error) = (panel_id.clone(), (id("by"), id("until")));
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let who = value(&approved_by);
            let day = value(&until);
            let as_of = state.as_of;
            let parsed = day.parse::<Date>();
            let found = Problems {
                approved_by: who.is_empty().then_some("Enter who accepted the risk"),
                until: match &parsed {
                    _ if day.is_empty() => {
                        Some("Enter the last day the acceptance covers".to_owned())
                    }
                    Err(_) => Some("Enter a real date, such as 31 March 2027".to_owned()),
                    Ok(d) if *d < as_of => Some(format!(
                        "The last day must be on or after the assessment date, {}",
                        as_of.long()
                    )),
                    Ok(_) => None,
                },
            };
            match (&found.approved_by, &found.until, parsed) {
                (None, None, Ok(day)) => {
                    let reason = value(&reason);
                    problems.set(Problems::default());
                    focus_after_render(&focus, panel_id.clone());
                    state.dispatch(Action::AcceptRisk(AcceptedRisk {
                        name: name.clone(),
                        verdict,
                        approved_by: who,
                        until: day,
                        reason: (!reason.is_empty()).then_some(reason),
                    }));
                }
                _ => {
                    let field = if found.approved_by.is_some() {
                        &first_error.0
                    } else {
                        &first_error.1
                    };
                    focus_after_render(&focus, field.clone());
                    problems.set(found);
                }
            }
        })
    };
    let on_withdraw = {
        let (state, focus) = (state.clone(), focus.clone());
        let name = name.to_owned();
        let summary = id("summary");
        Callback::from(move |_: MouseEvent| {
            focus_after_render(&focus, summary.clone());
            state.dispatch(Action::WithdrawRisk(name.clone()));
        })
    };

    let shown = e.acceptance.as_ref().map(|a| {
        let risk = &a.risk;
        let (class, heading, detail) = match a.standing {
            Standing::InForce => (
                "inset-text",
                "Risk accepted",
                html! { <>{ format!("{} accepted this risk, up to {}, until ", risk.approved_by, verdict_words(risk.verdict)) }{ time(risk.until) }{ ". The verdict stands: this records your organisation's decision to live with it until then." }</> },
            ),
            Standing::Lapsed => (
                "warning-text",
                "The acceptance has lapsed",
                html! { <>{ format!("{} accepted this risk until ", risk.approved_by) }{ time(risk.until) }{ ", before the assessment date. Act on the verdict, or accept the risk again." }</> },
            ),
            Standing::Exceeded => (
                "warning-text",
                "The acceptance does not cover this verdict",
                html! { { format!("{} accepted this risk up to {}, and the verdict is now {}. Act on it, or accept the risk again.", risk.approved_by, verdict_words(risk.verdict), verdict_words(verdict)) } },
            ),
        };
        html! {
            <div class={class} id={panel_id.clone()} tabindex="-1" data-testid="acceptance"
                data-standing={a.standing.as_str()}>
                <p><strong>{ heading }</strong>{ ": " }{ detail }</p>
                if let Some(reason) = &risk.reason {
                    <p>{ format!("Reason: {reason}") }</p>
                }
                <button type="button" class="button button--secondary button--small no-print" onclick={on_withdraw}>
                    { "Withdraw the acceptance" }
                </button>
            </div>
        }
    });
    let offer = e.acceptance.as_ref().is_none_or(|a| !a.covers()) && verdict >= Verdict::Review;
    let error = |field: &str, message: Option<String>| {
        message.map(|m| {
            html! {
                <p class="error-message" id={id(&format!("{field}-error"))}>
                    <span class="visually-hidden">{ "Error: " }</span>{ m }
                </p>
            }
        })
    };
    let described = |field: &str, has: bool| has.then(|| id(&format!("{field}-error")));
    let p = &*problems;
    html! {
        <div class="accepted-risk">
            { for shown }
            if offer {
                <details class="details no-print" data-testid="accept-risk" open={p.approved_by.is_some() || p.until.is_some()}>
                    <summary class="details__summary" id={id("summary")}>{ "Accept this risk" }</summary>
                    <div class="details__text">
                        <p class="hint">{ format!(
                            "For every item called {}: record who accepted its verdict ({}) and until when. The verdict does not change; the items are marked as accepted until then, in the results, the saved assessment and its exports.",
                            name, verdict_words(verdict)
                        ) }</p>
                        <form onsubmit={on_submit} novalidate=true>
                            <div class={classes!("form-group", p.approved_by.map(|_| "form-group--error"))}>
                                <label class="label" for={id("by")}>{ "Accepted by" }</label>
                                <div class="hint" id={id("by-hint")}>{ "A person or role, such as the CISO, and where the decision is recorded" }</div>
                                { error("by", p.approved_by.map(str::to_owned)) }
                                <input class={classes!("input", p.approved_by.map(|_| "input--error"))} type="text" id={id("by")}
                                    autocomplete="off" ref={approved_by}
                                    aria-describedby={[Some(id("by-hint")), described("by", p.approved_by.is_some())].into_iter().flatten().collect::<Vec<_>>().join(" ")} />
                            </div>
                            <div class={classes!("form-group", p.until.as_ref().map(|_| "form-group--error"))}>
                                <label class="label" for={id("until")}>{ "Until" }</label>
                                <div class="hint" id={id("until-hint")}>{ "The last day the acceptance covers" }</div>
                                { error("until", p.until.clone()) }
                                <input class={classes!("input", "input--short", p.until.as_ref().map(|_| "input--error"))} type="date" id={id("until")}
                                    ref={until}
                                    aria-describedby={[Some(id("until-hint")), described("until", p.until.is_some())].into_iter().flatten().collect::<Vec<_>>().join(" ")} />
                            </div>
                            <div class="form-group">
                                <label class="label" for={id("reason")}>{ "Reason (optional)" }</label>
                                <input class="input" type="text" id={id("reason")} autocomplete="off" ref={reason} />
                            </div>
                            <button type="submit" class="button">{ "Accept the risk" }</button>
                        </form>
                    </div>
                </details>
            }
        </div>
    }
}

fn verdict_words(verdict: Verdict) -> String {
    lowercase(verdict.label())
}
