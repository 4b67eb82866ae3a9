//! The rules read by supplier: every supplier the rules name, each with a
//! button that shows its dated timeline of measures (the same timeline as an
//! item's detail, without an item to say where each measure stands). One is
//! shown at a time, and only when asked for: drawn up front, the timelines
//! would double the rules section. A plain function, drawn by the rule list
//! (which keeps which one is open): a component of its own would cost the
//! wasm another copy of Yew's lifecycle.

use vrc_engine::sort::sort_with;
use yew::prelude::*;

use crate::check::Engine;
use crate::components::timeline::timeline_view;
use crate::format::lowercase_cmp;

/// Every supplier the rules name; `open` is the one whose timeline is shown.
pub fn supplier_timelines(engine: &Engine, open: &UseStateHandle<Option<String>>) -> Html {
    let rules = &engine.0;
    let mut suppliers: Vec<(&str, &str, usize)> = rules
        .entities()
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.name.as_str(),
                rules.rules_about(&e.id).count(),
            )
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    sort_with(&mut suppliers, |a, b| lowercase_cmp(a.1, b.1));
    html! {
        <section class="supplier-timelines" aria-labelledby="suppliers-title" data-testid="supplier-timelines">
            <h2 class="heading-l" id="suppliers-title">{ "Measures by supplier" }</h2>
            <p class="hint">{ "Every measure against a supplier, in every country, oldest first." }</p>
            <ul class="list supplier-timelines__list">
                { for suppliers.iter().map(|&(id, name, n)| {
                    let shown = open.as_deref() == Some(id);
                    let panel = format!("supplier-timeline-{id}");
                    let onclick = {
                        let open = open.clone();
                        let id = id.to_owned();
                        Callback::from(move |_: MouseEvent| {
                            open.set((open.as_deref() != Some(id.as_str())).then(|| id.clone()));
                        })
                    };
                    html! {
                        <li key={id}>
                            // A heading holding the button, as in GOV.UK's accordion: the
                            // timeline's own headings sit below it.
                            <h3 class="heading-s supplier-timelines__heading">
                                <button type="button" class="button button--small button--secondary"
                                    aria-expanded={shown.to_string()} aria-controls={panel.clone()} {onclick}>
                                    { format!("{name} ({n} measure{})", if n == 1 { "" } else { "s" }) }
                                </button>
                            </h3>
                            <div id={panel}>
                                if shown {
                                    { timeline_view(engine, id, None, false, None) }
                                }
                            </div>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
