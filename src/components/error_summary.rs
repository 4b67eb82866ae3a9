//! A GOV.UK-style error summary: what went wrong, in plain words.

use yew::prelude::*;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub title: AttrValue,
    pub message: AttrValue,
}

#[function_component(ErrorSummary)]
pub fn error_summary(props: &Props) -> Html {
    html! {
        <div class="error-summary" role="alert" data-testid="error-summary">
            <h2 class="error-summary__title">{ props.title.clone() }</h2>
            <pre class="error-summary__body">{ props.message.clone() }</pre>
        </div>
    }
}
