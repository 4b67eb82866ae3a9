//! The context's choices that are asked in two places, the context form and
//! next to an item whose verdict depends on them: the default
//! classification, the default device type and the kinds of organisation.
//! One function each, so both places read and change the same state the
//! same way (and the wasm carries one copy).

use vrc_engine::{Jurisdiction, Sector};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::parts::option;
use crate::evaluate::Engine;
use crate::format::{sector_hint, sector_label};
use crate::state::{Action, StateHandle};

/// Where a choice is asked: its ids start with `prefix`, and its label and
/// hint are worded for the place.
pub struct Asked<'a> {
    pub prefix: &'a str,
    pub label: &'static str,
    pub hint: &'static str,
}

/// A select of "Not known" and `choices` (value, label); `choose` makes the
/// action for a value (none for "Not known").
fn default_select(
    asked: &Asked<'_>,
    key: &'static str,
    current: Option<&str>,
    choices: Vec<(String, String)>,
    state: &StateHandle,
    choose: fn(Option<String>) -> Action,
) -> Html {
    let id = format!("{}{key}", asked.prefix);
    let hint = format!("{id}-hint");
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let value = select.value();
                state.dispatch(choose((!value.is_empty()).then_some(value)));
            }
        })
    };
    html! {
        <div class="form-group" {key}>
            <label class="label" for={id.clone()}>{ asked.label }</label>
            <div class="hint" id={hint.clone()}>{ asked.hint }</div>
            <select class="select" id={id} aria-describedby={hint} {onchange}>
                { option(AttrValue::from(""), current.is_none(), "Not known") }
                { for choices.into_iter().map(|(value, label)| {
                    let selected = current == Some(value.as_str());
                    option(AttrValue::from(value), selected, &label)
                }) }
            </select>
        </div>
    }
}

/// The highest classification the organisation's systems handle, from the
/// country's scale.
pub fn classification_select(engine: &Engine, state: &StateHandle, asked: &Asked<'_>) -> Html {
    let scale = state
        .jurisdiction
        .parse::<Jurisdiction>()
        .ok()
        .and_then(|j| engine.0.scale(j))
        .unwrap_or_default();
    let choices = scale.iter().map(|m| (m.clone(), m.clone())).collect();
    default_select(
        asked,
        "classification",
        state.classification.as_deref(),
        choices,
        state,
        Action::SetClassification,
    )
}

/// The type of device the organisation's systems run on, from the pack's
/// device types.
pub fn device_select(engine: &Engine, state: &StateHandle, asked: &Asked<'_>) -> Html {
    let choices = engine
        .0
        .devices()
        .iter()
        .map(|d| (d.id.clone(), d.label.clone()))
        .collect();
    default_select(
        asked,
        "device",
        state.device.as_deref(),
        choices,
        state,
        Action::SetDevice,
    )
}

/// Checkboxes for the kinds of organisation in `sectors`, with each one's
/// hint when `hints` (the context form has room for them).
pub fn sector_checkboxes(
    state: &StateHandle,
    prefix: &str,
    sectors: &[Sector],
    hints: bool,
) -> Html {
    html! {
        <div class="checkboxes">
            { for sectors.iter().map(|sector| {
                let sector = *sector;
                let id = format!("{prefix}sector-{}", sector.as_str());
                let hint_id = hints.then(|| format!("{id}-hint"));
                let onchange = {
                    let state = state.clone();
                    Callback::from(move |e: Event| {
                        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                            state.dispatch(Action::SetSector(sector, input.checked()));
                        }
                    })
                };
                html! {
                    <div class="checkboxes__item">
                        <input class="checkboxes__input" type="checkbox" id={id.clone()}
                            value={sector.as_str()} checked={state.sectors.contains(&sector)}
                            aria-describedby={hint_id.clone()} {onchange} />
                        <label class="label checkboxes__label" for={id}>
                            { sector_label(sector) }
                            if !hints {
                                <span class="visually-hidden">{ " (for every item)" }</span>
                            }
                        </label>
                        if let Some(hint_id) = hint_id {
                            <div class="hint checkboxes__hint" id={hint_id}>{ sector_hint(sector) }</div>
                        }
                    </div>
                }
            }) }
        </div>
    }
}
