//! The organisation's own rule packs: a file input to load one (its files
//! together), the packs in use, and every problem of one that did not load,
//! as `vrc rules validate` words it (see [`crate::own_rules`]).

use vrc_engine::pack::PackMeta;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::error_summary::{described_by, group_class};
use crate::components::parts::time;
use crate::jobs::Jobs;
use crate::own_rules::{Given, OwnPack};
use crate::state::{Action, FormField, StateHandle};

#[function_component(OwnPacks)]
pub fn own_packs() -> Html {
    let (Some(state), Some(jobs)) = (use_context::<StateHandle>(), use_context::<Jobs>()) else {
        return html! {};
    };
    let own = &state.own_rules;
    let input = use_node_ref();
    // Open while the user works in it: removing the last pack leaves it open,
    // with the focus on the file input rather than lost with the button.
    let kept_open = use_state(|| false);
    let on_change = {
        let (state, jobs) = (state.clone(), jobs.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let files: Vec<web_sys::File> = (0..input.files().map_or(0, |f| f.length()))
                .filter_map(|i| input.files()?.get(i))
                .collect();
            input.set_value("");
            if files.is_empty() {
                return;
            }
            let (state, jobs) = (state.clone(), jobs.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut texts = Vec::new();
                for file in files {
                    let name = file.name();
                    // Its size is capped by the worker's loader, with the CLI's words.
                    let text = JsFuture::from(file.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string())
                        .ok_or_else(|| format!("the browser could not read {name}"));
                    match text {
                        Ok(text) => texts.push((name, text)),
                        Err(message) => {
                            return state.dispatch(Action::RulesChecked {
                                packs: Vec::new(),
                                checked: Err(vec![message]),
                            });
                        }
                    }
                }
                let more = OwnPack {
                    files: texts,
                    given: Given::User,
                };
                let mut packs = jobs.rules_to_come(&state.own_rules.packs);
                packs.push(more);
                jobs.use_rules(state.dispatcher(), packs, Callback::noop());
            });
        })
    };
    // The organisation's packs come after the built-in one.
    let metas: Vec<PackMeta> = own
        .engine
        .as_ref()
        .map(|e| {
            let all = e.0.packs();
            all.iter()
                .skip(all.len().saturating_sub(own.packs.len()))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let has_error = state.errors.contains_key(&FormField::RulePack);
    html! {
        <details class="details own-packs" open={!own.packs.is_empty() || has_error || *kept_open} data-testid="own-packs">
            <summary class="details__summary">{ "Add your organisation's own rules" }</summary>
            <div class="details__text">
                <p>
                    { "A rule pack of your organisation's, written as the built-in one is (TOML or \
                       JSON). Its rules apply beside the built-in ones, and each of its findings \
                       names its pack. It is checked as " }<code>{ "vrc rules validate" }</code>
                    { " checks it, on this device: nothing is sent anywhere." }
                </p>
                if !metas.is_empty() {
                    <ul class="list" data-testid="own-pack-list">
                        { for own.packs.iter().zip(&metas).enumerate().map(|(i, (pack, meta))| {
                            let remove = (pack.given == Given::User).then(|| {
                                let (state, jobs) = (state.clone(), jobs.clone());
                                let (input, kept_open) = (input.clone(), kept_open.clone());
                                Callback::from(move |_: MouseEvent| {
                                    let gone = state.own_rules.packs.get(i);
                                    let packs = (jobs.rules_to_come(&state.own_rules.packs).into_iter())
                                        .filter(|p| Some(p) != gone)
                                        .collect();
                                    jobs.use_rules(state.dispatcher(), packs, Callback::noop());
                                    kept_open.set(true);
                                    if let Some(input) = input.cast::<web_sys::HtmlElement>() {
                                        let _ = input.focus();
                                    }
                                })
                            });
                            pack_item(meta, pack, remove)
                        }) }
                    </ul>
                }
                <div class={group_class(&state, FormField::RulePack, "form-group")}>
                    <label class="label label--bold" for="rule-pack">{ "Rule pack" }</label>
                    <div class="hint" id="rule-pack-hint">
                        { "Choose all of one pack's files together (one of them with the [pack] header)." }
                    </div>
                    if has_error {
                        <div class="error-message" id={FormField::RulePack.error_id()} data-testid="rule-pack-problems">
                            <p>
                                <span class="visually-hidden">{ "Error: " }</span>
                                { "The pack was not loaded, and the rules in use have not changed:" }
                            </p>
                            <ul class="list">
                                { for own.problems.iter().map(|p| html! { <li><pre class="diagnostic">{ p.clone() }</pre></li> }) }
                            </ul>
                        </div>
                    }
                    <input class="file-upload" type="file" id="rule-pack" multiple=true
                        accept=".toml,.json,application/toml,application/json"
                        aria-describedby={described_by(&state, FormField::RulePack, "rule-pack-hint")}
                        onchange={on_change} ref={input} />
                </div>
                <p role="status" data-testid="own-packs-status">
                    { if own.checking { "Checking the rule pack…" } else { "" } }
                </p>
            </div>
        </details>
    }
}

fn pack_item(meta: &PackMeta, pack: &OwnPack, remove: Option<Callback<MouseEvent>>) -> Html {
    let name = meta.title.clone().unwrap_or_else(|| meta.id.clone());
    html! {
        <li data-testid="own-pack" data-pack-id={meta.id.clone()}>
            <strong>{ name.clone() }</strong>
            { " (" }<code>{ meta.id.clone() }</code>
            { format!(" version {}, dated ", meta.version) }{ time(meta.date) }
            { if pack.given == Given::Portal { "; set by your organisation)" } else { ")" } }
            if let Some(remove) = remove {
                { " " }
                <button type="button" class="button button--secondary button--small" onclick={remove}>
                    { "Remove" }<span class="visually-hidden">{ format!(" {name}") }</span>
                </button>
            }
        </li>
    }
}
