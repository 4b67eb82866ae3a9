//! Which rule pack is loaded: its id, version and date, in full in the rules
//! view and in a line on the checker.

use vrc_engine::pack::PackMeta;
use yew::prelude::*;

use crate::components::parts::{summary_row, time};

fn rules(rule_count: usize) -> String {
    match rule_count {
        1 => "1 rule".to_owned(),
        n => format!("{n} rules"),
    }
}

/// One line for the checker: the pack (or packs) in use, and the link to the rules view.
pub fn pack_line(packs: &[PackMeta], rule_count: usize) -> Html {
    html! {
        <p data-testid="pack-line">
            { format!("The checker uses {} from ", rules(rule_count)) }
            { for packs.iter().enumerate().map(|(i, pack)| html! {
                <>
                    { if i == 0 { "" } else { " and " } }
                    { "the rule pack " }<code>{ pack.id.clone() }</code>
                    { format!(" version {}, checked against its sources on ", pack.version) }
                    { time(pack.date) }
                </>
            }) }
            { ". " }
            <a href="#/rules">{ "Rules the checker uses" }</a>
        </p>
    }
}

pub fn pack_summary(packs: &[PackMeta], rule_count: usize) -> Html {
    let rules = rules(rule_count);
    html! {
        <section class="pack-summary" aria-labelledby="pack-summary-title" data-testid="pack-summary">
            <h2 class="heading-l" id="pack-summary-title">{ "About these rules" }</h2>
            <p>
                { format!("The checker has {rules}, from the rule pack below. ") }
                { "A pack is checked against its sources on the date shown: \
                   guidance published after that date is not in it yet." }
            </p>
            { for packs.iter().map(pack_list) }
        </section>
    }
}

fn pack_list(pack: &PackMeta) -> Html {
    html! {
        <dl class="summary-list" data-testid="pack" data-pack-id={pack.id.clone()}>
            if let Some(title) = &pack.title {
                { summary_row("Pack", html! { { title.clone() } }) }
            }
            { summary_row("Pack id", html! { <code data-testid="pack-id">{ pack.id.clone() }</code> }) }
            <div class="summary-list__row">
                <dt class="summary-list__key">{ "Version" }</dt>
                <dd class="summary-list__value" data-testid="pack-version">{ pack.version.clone() }</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">{ "Checked against sources" }</dt>
                <dd class="summary-list__value" data-testid="pack-date">
                    { time(pack.date) }
                </dd>
            </div>
        </dl>
    }
}
