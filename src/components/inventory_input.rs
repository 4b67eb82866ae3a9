//! What the user runs: a file dropped or chosen, rows pasted from a
//! spreadsheet, or a row typed in by hand. Files are read in the browser. A
//! saved assessment dropped or chosen here is opened instead of imported.
//! Rows can then be changed or removed ([`InventoryList`]), and a file whose
//! columns were unclear is read again with the user's mapping.

use std::rc::Rc;

use vrc_engine::{Delimiter, Field, ImportReport, InventoryItem};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::column_mapping::{ColumnMapping, MappingStepView, report_headers};
use crate::components::error_summary::{described_by, group_class, inline_error};
use crate::components::focus::focus_soon;
use crate::components::inventory_list::InventoryList;
use crate::components::parts::summary_row;
use crate::format::import_format_label;
use crate::jobs::Jobs;
use crate::state::{self, Action, FormField, ImportFailure, PASTED_ROWS, StateHandle};

/// Reads each file's bytes and imports it (or opens it, if it is a saved
/// assessment). `say` announces what happened.
fn read_files(files: Option<FileList>, state: &StateHandle, jobs: &Jobs, say: &Callback<String>) {
    let Some(files) = files else { return };
    for i in 0..files.length() {
        if let Some(file) = files.get(i) {
            read_file(file, state.clone(), jobs.clone(), say.clone());
        }
    }
}

fn read_file(file: File, state: StateHandle, jobs: Jobs, say: Callback<String>) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                let then = {
                    let (name, say) = (name.clone(), say.clone());
                    Callback::from(move |action: Action| {
                        if let Action::ImportedFile { rows: read, .. } = &action {
                            say.emit(format!("{name} read: {}.", rows(read.rows())));
                        }
                        state.dispatch(action);
                    })
                };
                read_bytes(&name, bytes, &jobs, &say, then);
            }
            Err(_) => state.dispatch(Action::ImportFailed(ImportFailure {
                file: name,
                message: "The browser could not read this file.".to_owned(),
                field: FormField::InventoryFile,
            })),
        }
    });
}

/// A file's bytes, read as a dropped file is: a saved assessment is opened,
/// anything else read in the worker; `then` gets the action that records it
/// (an embedding host's inventory comes this way too: `crate::embed`).
pub fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    jobs: &Jobs,
    say: &Callback<String>,
    then: Callback<Action>,
) {
    if state::looks_like_saved(&bytes) {
        then.emit(open_saved(name, &bytes, FormField::InventoryFile, say));
        return;
    }
    jobs.read(name, Rc::from(bytes), Vec::new(), None, then);
}

/// A saved assessment: the action that restores it, or the failure that
/// says why it cannot (leaving the page as it is).
pub fn open_saved(name: &str, bytes: &[u8], field: FormField, say: &Callback<String>) -> Action {
    match state::read_saved(name, bytes) {
        Ok(saved) => {
            say.emit(format!(
                "Opened the saved assessment {name}: {} and your answers.",
                rows(saved.items.len() as u64)
            ));
            Action::Restore(Box::new(saved))
        }
        Err(message) => Action::ImportFailed(ImportFailure {
            file: name.to_owned(),
            message,
            field,
        }),
    }
}

fn field_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[function_component(InventoryInput)]
pub fn inventory_input() -> Html {
    let (Some(state), Some(jobs)) = (use_context::<StateHandle>(), use_context::<Jobs>()) else {
        return html! {};
    };
    let dragging = use_state(|| false);
    let paste = use_node_ref();
    let publisher = use_node_ref();
    let product = use_node_ref();
    let version = use_node_ref();
    let message = use_state(String::new);
    let say = {
        let message = message.clone();
        Callback::from(move |m: String| message.set(m))
    };

    let on_choose = {
        let (state, jobs) = (state.clone(), jobs.clone());
        let say = say.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                read_files(input.files(), &state, &jobs, &say);
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
        let (state, jobs) = (state.clone(), jobs.clone());
        let dragging = dragging.clone();
        let say = say.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            read_files(
                e.data_transfer().and_then(|d| d.files()),
                &state,
                &jobs,
                &say,
            );
        })
    };
    let on_paste = {
        let (state, jobs) = (state.clone(), jobs.clone());
        let paste = paste.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(area) = paste.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if text.trim().is_empty() {
                    state.dispatch(Action::ImportFailed(ImportFailure {
                        file: PASTED_ROWS.to_owned(),
                        message: "Paste rows from a spreadsheet, with the header row, before checking them.".to_owned(),
                        field: FormField::Paste,
                    }));
                } else {
                    let state = state.clone();
                    let then = Callback::from(move |action: Action| state.dispatch(action));
                    jobs.read(
                        PASTED_ROWS,
                        Rc::from(text.as_bytes()),
                        Vec::new(),
                        None,
                        then,
                    );
                }
            }
        })
    };
    let on_add = {
        let state = state.clone();
        let (publisher, product, version) = (publisher.clone(), product.clone(), version.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut item = InventoryItem::new(&field_value(&publisher), &field_value(&product));
            let v = field_value(&version);
            item.version = Some(v.trim().to_owned()).filter(|v| !v.is_empty());
            if item.publisher.is_none() && item.product.is_none() {
                state.dispatch(Action::ShowError(
                    FormField::AddProduct,
                    "Enter a publisher or a product name.".to_owned(),
                ));
                return;
            }
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
        Callback::from(move |_: MouseEvent| {
            // The button goes with the list: the focus goes to the section.
            focus_soon("inventory-title");
            state.dispatch(Action::ClearInventory);
        })
    };

    html! {
        <section class="panel" aria-labelledby="inventory-title" data-testid="inventory-input">
            <h2 class="heading-l" id="inventory-title" tabindex="-1">{ "2. What software do you run?" }</h2>
            <div class="visually-hidden" role="status" data-testid="inventory-input-status">{ (*message).clone() }</div>
            if let Some(step) = &state.mapping {
                <MappingStepView step={step.clone()} />
            }
            <div
                class={classes!("drop-zone", dragging.then_some("drop-zone--active"))}
                data-testid="drop-zone"
                ondragover={on_drag_over}
                ondragleave={on_drag_leave}
                ondrop={on_drop}
            >
                <div class={group_class(&state, FormField::InventoryFile, "form-group")}>
                    <label class="label label--bold" for="inventory-file">{ "Upload an inventory file" }</label>
                    <div class="hint" id="inventory-file-hint">
                        { "Drop a file here, or choose one: a CSV export (from PowerShell, SCCM or Intune, say), \
                           a JSON list or an SBOM, or an assessment you saved. The file is read on this device \
                           and sent nowhere." }
                    </div>
                    { inline_error(&state, FormField::InventoryFile) }
                    <input class="file-upload" type="file" id="inventory-file" multiple=true
                        aria-describedby={described_by(&state, FormField::InventoryFile, "inventory-file-hint")}
                        onchange={on_choose} />
                </div>
            </div>
            <form class={group_class(&state, FormField::Paste, "form-group")} onsubmit={on_paste} data-testid="paste-form">
                <label class="label label--bold" for="paste">{ "Paste from a spreadsheet" }</label>
                <div class="hint" id="paste-hint">{ "Copy the rows with their header row (such as Publisher, Product, Version) and paste them here." }</div>
                { inline_error(&state, FormField::Paste) }
                <textarea class="textarea" id="paste" rows="5" ref={paste}
                    aria-describedby={described_by(&state, FormField::Paste, "paste-hint")} />
                <button type="submit" class="button button--secondary">{ "Check pasted rows" }</button>
            </form>
            <form class="form-group" onsubmit={on_add} data-testid="add-form">
                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">{ "Add a product by hand" }</legend>
                    { inline_error(&state, FormField::AddProduct) }
                    <div class="inline-fields">
                        <div class="form-group">
                            <label class="label" for="add-publisher">{ "Publisher" }</label>
                            <input class="input" type="text" id="add-publisher" autocomplete="off" ref={publisher}
                                aria-describedby={state.errors.contains_key(&FormField::AddProduct).then_some(FormField::AddProduct.error_id())} />
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
            { for state.imports.iter().enumerate().map(|(i, r)| {
                let change = state.sources.get(&i).map(|bytes| {
                    change_mapping(i, r, Rc::clone(bytes), &state, &jobs, &say)
                });
                import_report(i, r, change)
            }) }
            <InventoryList />
            if state.rows() > 0 {
                <p>
                    { format!("{} in the list. ", rows(state.inventory.rows())) }
                    <button type="button" class="button button--warning" onclick={on_clear}>{ "Clear the list" }</button>
                </p>
            }
        </section>
    }
}

fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

/// The "Change column mapping" disclosure of a file whose bytes are kept.
fn change_mapping(
    index: usize,
    report: &ImportReport,
    bytes: Rc<[u8]>,
    state: &StateHandle,
    jobs: &Jobs,
    say: &Callback<String>,
) -> Html {
    let on_submit = {
        let state = state.clone();
        let say = say.clone();
        let file = report.file.clone();
        let jobs = jobs.clone();
        Callback::from(move |columns: Vec<(Field, String)>| {
            let then = {
                let (file, state, say) = (file.clone(), state.clone(), say.clone());
                Callback::from(move |action: Action| {
                    if let Action::ImportedFile { rows: read, .. } = &action {
                        say.emit(format!(
                            "{file} read again with the columns you chose: {}.",
                            rows(read.rows())
                        ));
                    }
                    state.dispatch(action);
                })
            };
            jobs.read(&file, Rc::clone(&bytes), columns, Some(index), then);
        })
    };
    html! {
        <details class="details" data-testid="change-mapping">
            <summary class="details__summary">
                { "Change column mapping" }<span class="visually-hidden">{ format!(" for {}", report.file) }</span>
            </summary>
            <div class="details__text">
                <p>{ "Reading the file again replaces its rows, including any you changed or removed." }</p>
                <ColumnMapping id={format!("mapping-{index}")} legend={format!("Columns of {}", report.file)}
                    headers={report_headers(report)}
                    columns={report.columns.clone()} {on_submit} />
            </div>
        </details>
    }
}

fn import_report(index: usize, report: &ImportReport, change: Option<Html>) -> Html {
    let title_id = format!("import-{index}");
    let columns: Vec<String> = report
        .columns
        .iter()
        .map(|(field, header)| format!("{header} → {}", field_name(*field)))
        .collect();
    html! {
        <section class="import-report" aria-labelledby={title_id.clone()} data-testid="import-report">
            <h3 class="heading-m" id={title_id} tabindex="-1">{ format!("How {} was read", report.file) }</h3>
            <dl class="summary-list">
                { summary_row("Format", html! { import_format_label(&report.format).to_owned() }) }
                if let Some(encoding) = &report.encoding {
                    { summary_row("Encoding", html! { encoding.clone() }) }
                }
                if let Some(delimiter) = report.delimiter {
                    { summary_row("Delimiter", html! { delimiter_name(delimiter) }) }
                }
                { summary_row("Columns used", html! {
                    <ul class="list">{ for columns.iter().map(|c| html! { <li>{ c.clone() }</li> }) }</ul>
                }) }
                if !report.unmapped_columns.is_empty() {
                    { summary_row("Columns not used", html! { report.unmapped_columns.join(", ") }) }
                }
                { summary_row("Rows read", html! { report.rows_read.to_string() }) }
                { summary_row("Rows skipped", if report.skipped.is_empty() {
                    html! { "None" }
                } else {
                    html! {
                        <ul class="list">
                            { for report.skipped.iter().map(|s| html! { <li>{ format!("Line {}: {}", s.line, s.reason) }</li> }) }
                        </ul>
                    }
                }) }
                if !report.warnings.is_empty() {
                    { summary_row("Warnings", html! {
                        <ul class="list">{ for report.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                    }) }
                }
            </dl>
            { change.unwrap_or_default() }
        </section>
    }
}

fn field_name(field: vrc_engine::Field) -> &'static str {
    field.as_str()
}

fn delimiter_name(d: Delimiter) -> String {
    match d.byte() {
        b',' => "Comma (,)".to_owned(),
        b';' => "Semicolon (;)".to_owned(),
        b'\t' => "Tab".to_owned(),
        b'|' => "Vertical bar (|)".to_owned(),
        _ => d.to_string(),
    }
}
