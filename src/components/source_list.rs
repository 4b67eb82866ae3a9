//! The sources a rule cites: title as a link, publisher's host and date.

use vrc_engine::pack::Source;
use yew::prelude::*;

use crate::format::{host_of, long_date};

#[derive(Properties, PartialEq)]
pub struct SourceListProps {
    pub sources: Vec<Source>,
}

#[function_component(SourceList)]
pub fn source_list(props: &SourceListProps) -> Html {
    html! {
        <ul class="list" data-testid="sources">
            { for props.sources.iter().map(|s| {
                let date = s.date.to_string();
                html! {
                    <li>
                        <a href={s.url.clone()} rel="noreferrer">{ s.title.clone() }</a>
                        <span class="hint">
                            { " (" }
                            if let Some(host) = host_of(&s.url) {
                                { format!("{host}, ") }
                            }
                            <time datetime={date.clone()}>{ long_date(&date) }</time>
                            { ")" }
                        </span>
                    </li>
                }
            }) }
        </ul>
    }
}
