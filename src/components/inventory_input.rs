//! What the user runs: a file dropped or chosen, rows pasted from a
//! spreadsheet, or a row typed in by hand. Files are read in the browser.

use vrc_engine::{ImportReport, InventoryItem};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::error_summary::ErrorSummary;
use crate::evaluate;
use crate::state::{Action, ImportFailure, StateHandle};

/// Reads each file's bytes and imports it.
fn read_files(files: Option<FileList>, state: &StateHandle) {
    let Some(files) = files else { return };
    for i in 0..files.length() {
        if let Some(file) = files.get(i) {
            read_file(file, state.clone());
        }
    }
}

fn read_file(file: File, state: StateHandle) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                state.dispatch(evaluate::import(&name, &bytes));
            }
            Err(_) => state.dispatch(Action::ImportFailed(ImportFailure {
                file: name,
                message: "The browser could not read this file.".to_owned(),
            })),
        }
    });
}

fn field_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[function_component(InventoryInput)]
pub fn inventory_input() -> Html {
    let Some(state) = use_context::<StateHandle>() else {
        return html! {};
    };
    let dragging = use_state(|| false);
    let paste = use_node_ref();
    let publisher = use_node_ref();
    let product = use_node_ref();
    let version = use_node_ref();
    let add_error = use_state(|| false);

    let on_choose = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                read_files(input.files(), &state);
                // Lets the same file be chosen again after it changes.
                input.set_value("");
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let state = state.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            read_files(e.data_transfer().and_then(|d| d.files()), &state);
        })
    };
    let on_paste = {
        let state = state.clone();
        let paste = paste.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(area) = paste.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if text.trim().is_empty() {
                    state.dispatch(Action::ImportFailed(ImportFailure {
                        file: "Pasted rows".to_owned(),
                        message: "Paste rows from a spreadsheet, with the header row, before checking them.".to_owned(),
                    }));
                } else {
                    state.dispatch(evaluate::import("Pasted rows", text.as_bytes()));
                }
            }
        })
    };
    let on_add = {
        let state = state.clone();
        let (publisher, product, version) = (publisher.clone(), product.clone(), version.clone());
        let add_error = add_error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut item = InventoryItem::new(&field_value(&publisher), &field_value(&product));
            let v = field_value(&version);
            item.version = Some(v.trim().to_owned()).filter(|v| !v.is_empty());
            if item.publisher.is_none() && item.product.is_none() {
                add_error.set(true);
                return;
            }
            add_error.set(false);
            state.dispatch(Action::AddItem(item));
            for node in [&publisher, &product, &version] {
                if let Some(input) = node.cast::<HtmlInputElement>() {
                    input.set_value("");
                }
            }
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ClearInventory))
    };

    html! {
        <section class="panel" aria-labelledby="inventory-title" data-testid="inventory-input">
            <h2 class="heading-l" id="inventory-title">{ "2. What software do you run?" }</h2>
            if let Some(failure) = &state.failure {
                <ErrorSummary
                    title="There is a problem"
                    message={if failure.message.contains(&failure.file) {
                        failure.message.clone()
                    } else {
                        format!("{}: {}", failure.file, failure.message)
                    }}
                />
            }
            <div
                class={classes!("drop-zone", dragging.then_some("drop-zone--active"))}
                data-testid="drop-zone"
                ondragover={on_drag_over}
                ondragleave={on_drag_leave}
                ondrop={on_drop}
            >
                <label class="label label--bold" for="inventory-file">{ "Upload an inventory file" }</label>
                <div class="hint" id="inventory-file-hint">
                    { "Drop a file here, or choose one: a CSV export (from PowerShell, SCCM or Intune, say), \
                       a JSON list or an SBOM. The file is read on this device and sent nowhere." }
                </div>
                <input class="file-upload" type="file" id="inventory-file" multiple=true
                    aria-describedby="inventory-file-hint" onchange={on_choose} />
            </div>
            <form class="form-group" onsubmit={on_paste} data-testid="paste-form">
                <label class="label label--bold" for="paste">{ "Paste from a spreadsheet" }</label>
                <div class="hint" id="paste-hint">{ "Copy the rows with their header row (such as Publisher, Product, Version) and paste them here." }</div>
                <textarea class="textarea" id="paste" rows="5" aria-describedby="paste-hint" ref={paste} />
                <button type="submit" class="button button--secondary">{ "Check pasted rows" }</button>
            </form>
            <form class="form-group" onsubmit={on_add} data-testid="add-form">
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">{ "Add a product by hand" }</legend>
                    if *add_error {
                        <p class="error-message" id="add-error" role="alert">{ "Enter a publisher or a product name." }</p>
                    }
                    <div class="inline-fields">
                        <div class="form-group">
                            <label class="label" for="add-publisher">{ "Publisher" }</label>
                            <input class="input" type="text" id="add-publisher" autocomplete="off" ref={publisher} />
                        </div>
                        <div class="form-group">
                            <label class="label" for="add-product">{ "Product" }</label>
                            <input class="input" type="text" id="add-product" autocomplete="off" ref={product} />
                        </div>
                        <div class="form-group">
                            <label class="label" for="add-version">{ "Version" }</label>
                            <input class="input input--short" type="text" id="add-version" autocomplete="off" ref={version} />
                        </div>
                    </div>
                    <button type="submit" class="button button--secondary">{ "Add to the list" }</button>
                </fieldset>
            </form>
            { for state.imports.iter().enumerate().map(|(i, r)| import_report(i, r)) }
            if !state.items.is_empty() {
                <p>
                    { format!("{} in the list. ", rows(state.items.len())) }
                    <button type="button" class="button button--warning" onclick={on_clear}>{ "Clear the list" }</button>
                </p>
            }
        </section>
    }
}

fn rows(n: usize) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

fn row(key: &str, value: Html) -> Html {
    html! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{ key.to_owned() }</dt>
            <dd class="summary-list__value">{ value }</dd>
        </div>
    }
}

fn import_report(index: usize, report: &ImportReport) -> Html {
    let title_id = format!("import-{index}");
    let columns: Vec<String> = report
        .columns
        .iter()
        .map(|(field, header)| format!("{header} → {}", field_name(*field)))
        .collect();
    html! {
        <section class="import-report" aria-labelledby={title_id.clone()} data-testid="import-report">
            <h3 class="heading-m" id={title_id}>{ format!("How {} was read", report.file) }</h3>
            <dl class="summary-list">
                { row("Format", html! { report.format.clone() }) }
                if let Some(encoding) = &report.encoding {
                    { row("Encoding", html! { encoding.clone() }) }
                }
                if let Some(delimiter) = &report.delimiter {
                    { row("Delimiter", html! { delimiter_name(delimiter) }) }
                }
                { row("Columns used", html! {
                    <ul class="list">{ for columns.iter().map(|c| html! { <li>{ c.clone() }</li> }) }</ul>
                }) }
                if !report.unmapped_columns.is_empty() {
                    { row("Columns not used", html! { report.unmapped_columns.join(", ") }) }
                }
                { row("Rows read", html! { report.rows_read.to_string() }) }
                { row("Rows skipped", if report.skipped.is_empty() {
                    html! { "None" }
                } else {
                    html! {
                        <ul class="list">
                            { for report.skipped.iter().map(|s| html! { <li>{ format!("Line {}: {}", s.line, s.reason) }</li> }) }
                        </ul>
                    }
                }) }
                if !report.warnings.is_empty() {
                    { row("Warnings", html! {
                        <ul class="list">{ for report.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                    }) }
                }
            </dl>
        </section>
    }
}

fn field_name(field: vrc_engine::Field) -> &'static str {
    field.as_str()
}

fn delimiter_name(d: &str) -> String {
    match d {
        "," => "Comma (,)".to_owned(),
        ";" => "Semicolon (;)".to_owned(),
        "\t" | "tab" | "\\t" => "Tab".to_owned(),
        "|" => "Vertical bar (|)".to_owned(),
        other => other.to_owned(),
    }
}
