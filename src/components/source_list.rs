//! The sources a rule cites: title as a link, publisher's host and date.

use vrc_engine::pack::Source;
use yew::prelude::*;

use crate::components::parts::time;
use crate::format::host_of;

pub fn source_list(sources: &[Source]) -> Html {
    html! {
        <ul class="list" data-testid="sources">
            { for sources.iter().map(|s| {
                html! {
                    <li>
                        <a href={s.url.clone()} rel="noreferrer">{ s.title.clone() }</a>
                        <span class="hint">
                            { " (" }
                            if let Some(host) = host_of(&s.url) {
                                { format!("{host}, ") }
                            }
                            { time(s.date) }
                            { ")" }
                        </span>
                    </li>
                }
            }) }
        </ul>
    }
}
