//! Saying which column of a file holds what: a `<select>` of the file's
//! headers per field. Shown as a step of its own when a file's product or
//! publisher column could not be found ([`MappingStepView`]), and inside a
//! "Change column mapping" disclosure beside each file's import report.

use std::collections::BTreeMap;

use vrc_engine::{Field, ImportReport};
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::focus::{focus_id, focus_soon};
use crate::components::parts::option;
use crate::jobs::Jobs;
use crate::state::{Action, MappingStep, StateHandle};

/// The fields the user can map, with their labels.
pub const FIELDS: [(Field, &str); 7] = [
    (Field::Product, "Product column"),
    (Field::Publisher, "Publisher column"),
    (Field::Version, "Version column"),
    (Field::System, "System or host column"),
    (Field::Classification, "Classification column"),
    (Field::Device, "Device type column"),
    (Field::Count, "Number of installations column"),
];

/// The headers of a file that was read: the columns used, then the rest.
pub fn report_headers(report: &ImportReport) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    for header in report.columns.values().chain(&report.unmapped_columns) {
        if !header.is_empty() && !headers.contains(header) {
            headers.push(header.clone());
        }
    }
    headers
}

/// The user's choices, or a sentence saying what is missing.
pub fn chosen(values: &[(Field, String)]) -> Result<Vec<(Field, String)>, &'static str> {
    let chosen: Vec<(Field, String)> = values
        .iter()
        .filter(|(_, header)| !header.is_empty())
        .cloned()
        .collect();
    if chosen
        .iter()
        .any(|(f, _)| matches!(f, Field::Product | Field::Publisher))
    {
        Ok(chosen)
    } else {
        Err("Choose the column that holds the product or the publisher.")
    }
}

fn select_id(prefix: &str, field: Field) -> String {
    format!("{prefix}-{}", field.as_str())
}

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    /// Prefix of the select ids, unique on the page.
    pub id: AttrValue,
    /// Names the group of selects, e.g. "Columns of inventory.csv".
    pub legend: AttrValue,
    pub headers: Vec<String>,
    pub columns: BTreeMap<Field, String>,
    pub on_submit: Callback<Vec<(Field, String)>>,
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

#[function_component(ColumnMapping)]
pub fn column_mapping(props: &Props) -> Html {
    let error = use_state(|| None::<&'static str>);
    let prefix = props.id.to_string();
    let error_id = format!("{prefix}-error");
    let hint_id = format!("{prefix}-hint");

    let on_submit = {
        let prefix = prefix.clone();
        let error = error.clone();
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let document = crate::browser::window().and_then(|w| w.document());
            let values: Vec<(Field, String)> = FIELDS
                .iter()
                .map(|(field, _)| {
                    let value = document
                        .as_ref()
                        .and_then(|d| d.get_element_by_id(&select_id(&prefix, *field)))
                        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
                        .map(|s| s.value())
                        .unwrap_or_default();
                    (*field, value)
                })
                .collect();
            match chosen(&values) {
                Ok(columns) => {
                    error.set(None);
                    on_submit.emit(columns);
                }
                Err(message) => {
                    error.set(Some(message));
                    focus_id(&select_id(&prefix, Field::Product));
                }
            }
        })
    };
    let on_cancel = props
        .on_cancel
        .clone()
        .map(|cancel| Callback::from(move |_: MouseEvent| cancel.emit(())));

    html! {
        <form class="column-mapping" onsubmit={on_submit} data-testid="column-mapping" novalidate=true>
            <fieldset class="fieldset" aria-describedby={hint_id.clone()}>
                <legend class="fieldset__legend">{ props.legend.clone() }</legend>
                <div class="hint" id={hint_id}>
                    { "Choose the column of the file that holds each detail. The product or the \
                       publisher is needed; the rest help where the file has them." }
                </div>
                if let Some(message) = *error {
                    <p class="error-message" id={error_id.clone()}>
                        <span class="visually-hidden">{ "Error: " }</span>{ message }
                    </p>
                }
                <div class="column-mapping__fields">
                    { for FIELDS.iter().map(|(field, label)| {
                        let id = select_id(&prefix, *field);
                        let current = props.columns.get(field);
                        let names_product = matches!(field, Field::Product | Field::Publisher);
                        let described = (error.is_some() && names_product).then(|| error_id.clone());
                        html! {
                            <div class="form-group">
                                <label class="label" for={id.clone()}>{ *label }</label>
                                <select class={classes!("select", (error.is_some() && names_product).then_some("select--error"))}
                                    id={id} aria-describedby={described}>
                                    { option(AttrValue::from(""), current.is_none_or(|c| !props.headers.contains(c)), "Not in this file") }
                                    { for props.headers.iter().map(|header| html! {
                                        { option(AttrValue::from(header.clone()), current == Some(header), header) }
                                    }) }
                                </select>
                            </div>
                        }
                    }) }
                </div>
                <div class="button-group">
                    <button type="submit" class="button">{ "Read the file again with these columns" }</button>
                    if let Some(on_cancel) = on_cancel {
                        <button type="button" class="button button--secondary" onclick={on_cancel}>{ "Cancel" }</button>
                    }
                </div>
            </fieldset>
        </form>
    }
}

/// A file that could not be read until its columns are mapped.
#[derive(Debug, Properties, PartialEq)]
pub struct StepProps {
    pub step: MappingStep,
}

#[function_component(MappingStepView)]
pub fn mapping_step_view(props: &StepProps) -> Html {
    let state = use_context::<StateHandle>();
    let jobs = use_context::<Jobs>();
    let step = &props.step;
    // Focus the step's heading when it appears (and for each new file).
    {
        let key = (step.file.clone(), step.message.clone());
        use_effect_with(key, |_| focus_id("mapping-title"));
    }
    let (Some(state), Some(jobs)) = (state, jobs) else {
        return html! {};
    };
    let on_submit = {
        let state = state.clone();
        let (file, bytes, replace) = (step.file.clone(), step.bytes.clone(), step.replace);
        Callback::from(move |columns: Vec<(Field, String)>| {
            let then = {
                let state = state.clone();
                Callback::from(move |action: Action| {
                    if matches!(action, Action::ImportedFile { .. }) {
                        // This step is gone once the file is read: on to how it was read.
                        let index = replace.unwrap_or(state.imports.len());
                        focus_soon(format!("import-{index}"));
                    }
                    state.dispatch(action);
                })
            };
            jobs.read(&file, bytes.clone(), columns, replace, then);
        })
    };
    let on_cancel = Callback::from(move |()| {
        focus_soon("inventory-title");
        state.dispatch(Action::CancelMapping);
    });
    let mut message = step.message.replace('`', "");
    if !message.ends_with('.') {
        message.push('.');
    }
    html! {
        <div class="mapping-step" data-testid="mapping-step">
            // A question to answer, not an error: it sits with the step.
            <div class="inset-text" data-testid="mapping-message">
                <p>{ format!("{message} Choose the columns below, then read the file again.") }</p>
            </div>
            <h3 class="heading-m" id="mapping-title" tabindex="-1">
                { format!("Which columns of {} hold what?", step.file) }
            </h3>
            <ColumnMapping id="mapping" legend={format!("Columns of {}", step.file)}
                headers={step.headers.clone()} columns={step.columns.clone()}
                {on_submit} on_cancel={Some(on_cancel)} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_or_publisher_column_is_needed() {
        let none = vec![
            (Field::Product, String::new()),
            (Field::Version, "V".into()),
        ];
        assert!(chosen(&none).is_err());
        let some = vec![
            (Field::Product, String::new()),
            (Field::Publisher, "Maker".into()),
            (Field::Version, "V".into()),
        ];
        assert_eq!(
            chosen(&some).unwrap(),
            [
                (Field::Publisher, "Maker".into()),
                (Field::Version, "V".into())
            ]
        );
    }

    #[test]
    fn a_reports_headers_are_its_columns_then_the_rest() {
        let mut report = ImportReport::default();
        report.columns.insert(Field::Product, "Name".into());
        report.columns.insert(Field::Publisher, "Vendor".into());
        report.unmapped_columns = vec!["Host".into(), "Name".into()];
        assert_eq!(report_headers(&report), ["Vendor", "Name", "Host"]);
    }
}
