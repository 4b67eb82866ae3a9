//! The dates an instrument sets, each with what must be done by then.

use vrc_engine::eval::DeadlineStatus;
use yew::prelude::*;

use crate::components::parts::time;

/// `passed` is shown only where it is true: a rule read on its own has no
/// assessment date to have passed.
pub fn deadline_list(deadlines: &[DeadlineStatus]) -> Html {
    html! {
        <ul class="list">
            { for deadlines.iter().map(|d| {
                html! {
                    <li>
                        { time(d.date) }
                        { format!(": {}{}", d.what, if d.passed { " (passed)" } else { "" }) }
                    </li>
                }
            }) }
        </ul>
    }
}
