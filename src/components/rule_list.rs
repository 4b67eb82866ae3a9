//! All rules, grouped under a heading per jurisdiction, then the measures
//! against each supplier.

use std::rc::Rc;

use vrc_engine::pack::Rule;
use yew::prelude::*;

use crate::check::Engine;
use crate::components::rule_card::rule_card;
use crate::components::supplier_timelines::supplier_timelines;
use crate::format::{Group, group_by_jurisdiction};
use crate::route::rules_href;

#[derive(Debug, Properties)]
pub struct Props {
    pub rules: Rc<Vec<Rule>>,
    pub engine: Engine,
}

/// The same list: the rules are loaded once and never change, so comparing
/// the pointer spares the wasm a deep comparison of every rule.
impl PartialEq for Props {
    fn eq(&self, other: &Props) -> bool {
        Rc::ptr_eq(&self.rules, &other.rules) && self.engine == other.engine
    }
}

/// The rules by jurisdiction, then by supplier (see [`supplier_timelines`]).
#[function_component(RuleList)]
pub fn rule_list(props: &Props) -> Html {
    let open_supplier = use_state(|| None::<String>);
    let groups = group_by_jurisdiction(&props.rules);
    html! {
        <>
            <nav class="contents-list" aria-labelledby="contents-title">
                <h2 class="heading-s" id="contents-title">{ "Jurisdictions" }</h2>
                <ul class="list">
                    { for groups.iter().map(|g| html! {
                        <li>
                            <a href={rules_href(&g.anchor())}>{ g.heading() }</a>
                            { format!(" ({})", count(g.rules.len())) }
                        </li>
                    }) }
                </ul>
            </nav>
            { for groups.iter().map(group) }
            { supplier_timelines(&props.engine, &open_supplier) }
        </>
    }
}

fn group(group: &Group<'_>) -> Html {
    let anchor = group.anchor();
    html! {
        <section
            class="jurisdiction"
            aria-labelledby={anchor.clone()}
            data-testid="jurisdiction"
            data-jurisdiction={group.code.clone()}
        >
            <h2 class="heading-l" id={anchor} tabindex="-1">{ group.heading() }</h2>
            { for group.rules.iter().map(|rule| rule_card(rule)) }
        </section>
    }
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 rule".to_owned()
    } else {
        format!("{n} rules")
    }
}
