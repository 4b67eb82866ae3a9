//! Which rule pack is loaded: its id, version and date.

use vrc_engine::pack::PackMeta;
use yew::prelude::*;

use crate::components::parts::{summary_row, time};

pub fn pack_summary(packs: &[PackMeta], rule_count: usize) -> Html {
    let rules = match rule_count {
        1 => "1 rule".to_owned(),
        n => format!("{n} rules"),
    };
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
    let date = pack.date.to_string();
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
                    { time(date.clone()) }
                </dd>
            </div>
        </dl>
    }
}
