//! The context's choices that are asked in two places, the context form and
//! next to an item whose verdict depends on them: the default
//! classification, the default device type and the kinds of organisation;
//! and, next to an item only, what kind of product it is.
//! One function each, so both places read and change the same state the
//! same way (and the wasm carries one copy).

use std::rc::Rc;

use vrc_engine::context::CategoryDecision;
use vrc_engine::{Jurisdiction, Sector};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::check::Engine;
use crate::components::parts::option;
use crate::components::select::Select;
use crate::format::sector_hint;
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
    // Boxed, not generic: each caller would get its own copy of the markup code.
    choose: Rc<dyn Fn(Option<String>) -> Action>,
) -> Html {
    let id = format!("{}{key}", asked.prefix);
    let hint = format!("{id}-hint");
    // A portal's config.json can set the default classification and device for everyone.
    let lock = match key {
        "classification" => Some(crate::embed::Lock::Classification),
        "device" => Some(crate::embed::Lock::Device),
        _ => None,
    };
    let disabled = lock.is_some_and(crate::embed::locked);
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
            <div class="hint" id={hint.clone()}>
                { asked.hint }
                if disabled {
                    { " " }{ crate::embed::view::LOCKED_NOTE }
                }
            </div>
            <Select id={id} value={AttrValue::from(current.unwrap_or_default().to_owned())}
                described_by={AttrValue::from(hint)} {onchange} {disabled}>
                { option(AttrValue::from(""), current.is_none(), "Not known") }
                { for choices.into_iter().map(|(value, label)| {
                    let selected = current == Some(value.as_str());
                    option(AttrValue::from(value), selected, &label)
                }) }
            </Select>
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
        Rc::new(Action::SetClassification),
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
        Rc::new(Action::SetDevice),
    )
}

/// What kind of product one name is: asked next to an item whose verdict
/// turns on it, and kept for that name alone.
pub fn category_select(
    engine: &Engine,
    state: &StateHandle,
    asked: &Asked<'_>,
    name: &str,
) -> Html {
    let choices = engine
        .0
        .categories()
        .iter()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect();
    let current = state
        .category_decisions
        .iter()
        .find(|d| d.name == name)
        .map(|d| d.category.as_str());
    let name = name.to_owned();
    default_select(
        asked,
        "category",
        current,
        choices,
        state,
        Rc::new(move |category: Option<String>| {
            Action::DecideCategory(CategoryDecision {
                name: name.clone(),
                category: category.unwrap_or_default(),
            })
        }),
    )
}

/// One checkbox of a GOV.UK checkboxes group, with its label and optional
/// hint (its id is `{id}-hint`); ticking or unticking dispatches
/// `action(checked)`.
pub fn checkbox(
    state: &StateHandle,
    id: String,
    label: Html,
    checked: bool,
    hint: Option<&'static str>,
    action: impl Fn(bool) -> Action + 'static,
) -> Html {
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                state.dispatch(action(input.checked()));
            }
        })
    };
    html! {
        <div class="checkboxes__item" key={id.clone()}>
            <input class="checkboxes__input" type="checkbox" id={id.clone()}
                {checked} aria-describedby={hint_id.clone()} {onchange} />
            <label class="label checkboxes__label" for={id}>{ label }</label>
            if let (Some(hint_id), Some(hint)) = (hint_id, hint) {
                <div class="hint checkboxes__hint" id={hint_id}>{ hint }</div>
            }
        </div>
    }
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
            { for sectors.iter().map(|&sector| {
                let label = html! {
                    <>
                        { sector.label() }
                        if !hints {
                            <span class="visually-hidden">{ " (for every item)" }</span>
                        }
                    </>
                };
                checkbox(
                    state,
                    format!("{prefix}sector-{}", sector.as_str()),
                    label,
                    state.sectors.contains(&sector),
                    hints.then(|| sector_hint(sector)),
                    move |on| Action::SetSector(sector, on),
                )
            }) }
        </div>
    }
}

/// In a real browser (`cargo xtask test` runs these in Chromium): each choice
/// rendered by Yew, changed as a user would (the DOM event bubbling to Yew's
/// listener), and read back from the state it dispatched to.
#[cfg(test)]
#[cfg(target_arch = "wasm32")]
mod browser_tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
    use web_sys::{Document, Element, Event, EventInit, HtmlInputElement, HtmlSelectElement};

    use super::*;
    use crate::state::AppState;

    wasm_bindgen_test_configure!(run_in_browser);

    /// The three choices on a state of their own, which is written out in
    /// `#t-state` for the test to read.
    #[function_component(Harness)]
    fn harness() -> Html {
        let engine = use_memo((), |()| {
            vrc_engine::RuleSet::builtin().map(|r| crate::check::Engine(std::rc::Rc::new(r)))
        });
        let state = use_reducer(|| AppState::new(vrc_engine::Date::UNIX_EPOCH));
        let Ok(engine) = &*engine else {
            return html! { "the built-in rules did not load" };
        };
        let asked = |label| Asked {
            prefix: "t-",
            label,
            hint: "A hint.",
        };
        let sectors: Vec<&str> = state.sectors.iter().map(|s| s.as_str()).collect();
        html! {
            <>
                { device_select(engine, &state, &asked("Device")) }
                { classification_select(engine, &state, &asked("Marking")) }
                { sector_checkboxes(&state, "t-", &[Sector::CentralGovernment], false) }
                <output id="t-state">
                    { format!("{:?} {:?} {sectors:?}", state.device, state.classification) }
                </output>
            </>
        }
    }

    fn document() -> Document {
        crate::browser::window().unwrap().document().unwrap()
    }

    fn by_id<T: JsCast>(id: &str) -> T {
        document()
            .get_element_by_id(id)
            .unwrap()
            .dyn_into()
            .unwrap()
    }

    /// Lets Yew's scheduler render (it runs after the current task).
    async fn settle() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            crate::browser::window()
                .unwrap()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    /// A bubbling `change` event, as the browser fires when a user picks.
    fn change(target: &Element) {
        let init = EventInit::new();
        init.set_bubbles(true);
        let event = Event::new_with_event_init_dict("change", &init).unwrap();
        target.dispatch_event(&event).unwrap();
    }

    #[wasm_bindgen_test]
    async fn each_choice_is_labelled_and_changes_the_state() {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<Harness>::with_root(root).render();
        settle().await;
        let state = || by_id::<Element>("t-state").text_content().unwrap();
        assert_eq!(state(), "None None []");

        // The device type: labelled, described by its hint, "Not known" first.
        let device: HtmlSelectElement = by_id("t-device");
        let label = document()
            .query_selector("label[for=t-device]")
            .unwrap()
            .unwrap();
        assert_eq!(label.text_content().unwrap(), "Device");
        assert_eq!(
            device.get_attribute("aria-describedby").as_deref(),
            Some("t-device-hint")
        );
        assert_eq!(device.value(), "");
        let devices = vrc_engine::RuleSet::builtin().unwrap().devices().len();
        assert!(devices > 1);
        assert_eq!(
            device.length() as usize,
            devices + 1,
            "Not known and the pack's device types"
        );
        device.set_value("mobile");
        change(&device);
        settle().await;
        assert_eq!(state(), r#"Some("mobile") None []"#);
        device.set_value("");
        change(&device);
        settle().await;
        assert_eq!(state(), "None None []");

        // The classification, from the United Kingdom's scale.
        let marking: HtmlSelectElement = by_id("t-classification");
        marking.set_value("SECRET");
        assert_eq!(marking.value(), "SECRET", "SECRET is on the UK's scale");
        change(&marking);
        settle().await;
        assert_eq!(state(), r#"None Some("SECRET") []"#);

        // A kind of organisation: a real click, which fires `change` itself.
        let central: HtmlInputElement = by_id("t-sector-central-government");
        central.click();
        settle().await;
        assert_eq!(state(), r#"None Some("SECRET") ["central-government"]"#);
        assert!(central.checked());
        central.click();
        settle().await;
        assert_eq!(state(), r#"None Some("SECRET") []"#);
    }
}
