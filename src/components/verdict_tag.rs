//! A verdict as a coloured tag that also says it in words.

use vrc_engine::Verdict;
use yew::prelude::*;

use crate::format::verdict_label;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub verdict: Verdict,
}

#[function_component(VerdictTag)]
pub fn verdict_tag(props: &Props) -> Html {
    let id = props.verdict.as_str();
    html! {
        <strong class={classes!("tag", format!("tag--{id}"))} data-testid="verdict" data-verdict={id}>
            { verdict_label(id) }
        </strong>
    }
}
