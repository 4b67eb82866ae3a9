//! The dates an instrument sets, each with what must be done by then.

use vrc_engine::eval::DeadlineStatus;
use yew::prelude::*;

use crate::format::long_date;

#[derive(Properties, PartialEq)]
pub struct DeadlineListProps {
    /// `passed` is shown only where it is true: a rule read on its own has no
    /// assessment date to have passed.
    pub deadlines: Vec<DeadlineStatus>,
}

#[function_component(DeadlineList)]
pub fn deadline_list(props: &DeadlineListProps) -> Html {
    html! {
        <ul class="list">
            { for props.deadlines.iter().map(|d| {
                let date = d.date.to_string();
                html! {
                    <li>
                        <time datetime={date.clone()}>{ long_date(&date) }</time>
                        { format!(": {}{}", d.what, if d.passed { " (passed)" } else { "" }) }
                    </li>
                }
            }) }
        </ul>
    }
}
