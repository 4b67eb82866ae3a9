//! "Save assessment" and "Open a saved assessment". The file is the engine's
//! report document (the same JSON as `vrc check --format json`), which holds
//! the context, the import reports and every row: all that is needed to come
//! back to the same page. It is made and read on this device.

use vrc_engine::Date;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::check::{self, Engine, SharedChecked};
use crate::components::error_summary::{described_by, group_class, inline_error};
use crate::components::inventory_input::open_saved;
use crate::download;
use crate::state::{Action, FormField, StateHandle};

/// The name a saved assessment is offered under.
pub fn file_name(as_of: Date) -> String {
    format!("vendor-risk-assessment-{as_of}.json")
}

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    /// The inventory's verdicts as the page shows them; none while a large
    /// inventory is still being checked in the worker (or when it is empty).
    pub checked: Option<SharedChecked>,
}

#[function_component(SavedAssessment)]
pub fn saved_assessment(props: &Props) -> Html {
    let state = use_context::<StateHandle>();
    let error = use_state(|| None::<String>);
    let message = use_state(String::new);
    let Some(state) = state else {
        return html! {};
    };

    let on_save = {
        let state = state.clone();
        let engine = props.engine.clone();
        let checked = props.checked.clone();
        let error = error.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            // The verdicts on the page are saved as they are, not checked again:
            // for a large inventory that would hold up the page.
            if checked.is_none() && state.rows() > 0 {
                error.set(Some(
                    "Your inventory is still being checked. Save it when the results are shown."
                        .to_owned(),
                ));
                return;
            }
            let rules = &engine.0;
            let context = state.context();
            let json = check::report_json(rules, checked.as_deref(), &context, &state.imports);
            let name = file_name(state.as_of);
            match download::save(&name, "application/json", &json) {
                Ok(()) => {
                    error.set(None);
                    message.set(format!(
                        "Saved {name}, with your answers, {} and the results.",
                        rows(state.rows())
                    ));
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let on_open = {
        let state = state.clone();
        let message = message.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let file = input.files().and_then(|f| f.get(0));
            input.set_value("");
            let Some(file) = file else { return };
            let (state, message) = (state.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let Ok(buffer) = JsFuture::from(file.array_buffer()).await else {
                    state.dispatch(Action::ShowError(
                        FormField::OpenSaved,
                        format!(
                            "The browser could not read {name}. Nothing on the page has changed."
                        ),
                    ));
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                let say = {
                    let message = message.clone();
                    Callback::from(move |m: String| message.set(m))
                };
                let action = open_saved(&name, &bytes, FormField::OpenSaved, &say);
                if matches!(action, Action::ImportFailed(_)) {
                    message.set(String::new());
                }
                state.dispatch(action);
            });
        })
    };

    html! {
        <div class="saved-assessment" data-testid="saved-assessment">
            <p>
                { "Save your answers, your inventory and the results in one file, to open here \
                   again later. It is the same JSON report as the command line's " }
                <code>{ "vrc check --format json" }</code>
                { ". The file is made on this device." }
            </p>
            <button type="button" class="button" onclick={on_save}>{ "Save assessment" }</button>
            if let Some(e) = &*error {
                <p class="error-message" role="alert" data-testid="save-error">{ e.clone() }</p>
            }
            <div class={group_class(&state, FormField::OpenSaved, "form-group")}>
                <label class="label label--bold" for="open-saved">{ "Open a saved assessment" }</label>
                <div class="hint" id="open-saved-hint">
                    { "A file saved here (or by vrc check --format json). It replaces the answers and \
                       inventory on this page. You can also drop it on the upload area above." }
                </div>
                { inline_error(&state, FormField::OpenSaved) }
                <input class="file-upload" type="file" id="open-saved" accept=".json,application/json"
                    aria-describedby={described_by(&state, FormField::OpenSaved, "open-saved-hint")}
                    onchange={on_open} />
            </div>
            <p class="saved-assessment__status" role="status" data-testid="saved-status">{ (*message).clone() }</p>
        </div>
    }
}

fn rows(n: usize) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_by_the_assessment_date() {
        let date = Date::from_ymd(2024, 6, 1).unwrap();
        assert_eq!(file_name(date), "vendor-risk-assessment-2024-06-01.json");
    }
}
