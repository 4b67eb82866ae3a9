//! A GOV.UK-style error summary: what went wrong, in plain words. A plain
//! function rather than a component (it has no state).

use yew::prelude::*;

pub fn error_summary(title: &str, message: &str) -> Html {
    html! {
        <div class="error-summary" role="alert" data-testid="error-summary">
            <h2 class="error-summary__title">{ title.to_owned() }</h2>
            <pre class="error-summary__body">{ message.to_owned() }</pre>
        </div>
    }
}
