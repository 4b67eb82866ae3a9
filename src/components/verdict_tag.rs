//! A verdict as a coloured tag that also says it in words. A plain function
//! rather than a component: it has no state, and each component type costs
//! the wasm its own copy of Yew's lifecycle code.

use vrc_engine::Verdict;
use yew::prelude::*;

use crate::format::verdict_label;

pub fn verdict_tag(verdict: Verdict) -> Html {
    let id = verdict.as_str();
    html! {
        <strong class={classes!("tag", format!("tag--{id}"))} data-testid="verdict" data-verdict={id}>
            { verdict_label(id) }
        </strong>
    }
}
