//! "Check one product": a search box that answers for a single product, with
//! its verdict and reasons, in the current context.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::check::Engine;
use crate::components::item_detail::OutcomeDetail;
use crate::components::verdict_tag::outcome_tag;
use crate::explain;
use crate::state::StateHandle;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
}

#[function_component(CheckOne)]
pub fn check_one(props: &Props) -> Html {
    let Some(state) = use_context::<StateHandle>() else {
        return html! {};
    };
    let input = use_node_ref();
    let query = use_state(String::new);
    let context = state.context();
    let on_submit = {
        let input = input.clone();
        let query = query.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            crate::crash::panic_if_a_test_asks();
            if let Some(i) = input.cast::<HtmlInputElement>() {
                query.set(i.value().trim().to_owned());
            }
        })
    };
    let evaluation =
        (!query.is_empty()).then(|| explain::check_one(&props.engine.0, &context, &query));
    let status = evaluation
        .as_ref()
        .map(|e| {
            let label = if e.outcome.answer_needed {
                "Review: answer needed"
            } else {
                e.outcome.verdict.label()
            };
            format!("{}: {label}", *query)
        })
        .unwrap_or_default();
    html! {
        <section class="panel" aria-labelledby="check-one-title" data-testid="check-one">
            <h2 class="heading-l" id="check-one-title">{ "Check one product" }</h2>
            <form class="search" role="search" aria-label="Check one product" onsubmit={on_submit}>
                <label class="label" for="check-one-input">{ "Publisher or product name" }</label>
                <div class="hint" id="check-one-hint">{ "For example, Kaspersky Total Security. Uses the answers above." }</div>
                <div class="search__row">
                    <input class="input" type="search" id="check-one-input" autocomplete="off"
                        aria-describedby="check-one-hint" ref={input} />
                    <button type="submit" class="button">{ "Check" }</button>
                </div>
            </form>
            <p class="visually-hidden" role="status" aria-live="polite">{ status }</p>
            if let Some(evaluation) = evaluation {
                // Keyed by the name checked: a new name gets a new answer,
                // mounted afresh, rather than the last one's markup patched
                // into it (its open "Rules that did not apply", the answers
                // it asked for, its nodes that are there or not).
                <div class="check-one__result" data-testid="check-one-result" key={(*query).clone()}>
                    <h3 class="heading-m">
                        { format!("{}: ", *query) }
                        { outcome_tag(&evaluation.outcome) }
                    </h3>
                    <OutcomeDetail engine={props.engine.clone()} evaluation={evaluation} name={(*query).clone()} product={(*query).clone()} />
                </div>
            }
        </section>
    }
}
