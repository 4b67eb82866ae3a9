//! A verdict as a coloured tag that also says it in words. A plain function
//! rather than a component: it has no state, and each component type costs
//! the wasm its own copy of Yew's lifecycle code.

use vrc_engine::{Outcome, Verdict};
use yew::prelude::*;

pub fn verdict_tag(verdict: Verdict) -> Html {
    let id = verdict.as_str();
    html! {
        <strong class={classes!("tag", format!("tag--{id}"))} data-testid="verdict" data-verdict={id}>
            { verdict.label() }
        </strong>
    }
}

/// An item's verdict as a tag: "Review: answer needed", distinct from a plain
/// review, when the item reads `review` only because answers are missing.
pub fn outcome_tag(outcome: &Outcome) -> Html {
    if !outcome.answer_needed {
        return verdict_tag(outcome.verdict);
    }
    html! {
        <strong class="tag tag--review tag--answer-needed" data-testid="verdict" data-verdict="review" data-answer-needed="true">
            { "Review: answer needed" }
        </strong>
    }
}
