//! "Your inventory": every row read, imported or typed in, with a "Change"
//! and a "Remove" button each (the GOV.UK "add another" pattern, in a
//! table). A change is made in place, in a form that takes the row's place.
//! Long lists show their first [`SHOWN`] rows until the user asks for all,
//! and a very long one (a registry export) [`MORE`] more at a time: a
//! million rows drawn at once would hold the page for minutes.

use vrc_engine::InventoryItem;
use vrc_engine::item::thousands;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::focus::{focus_after_render, use_pending_focus};
use crate::state::{Action, StateHandle};

/// Rows shown before "Show all N rows" (or "Show 1,000 more rows").
pub const SHOWN: usize = 50;

/// Rows added to the list by each "Show more", and the most that "Show
/// all" draws at once.
pub const MORE: usize = 1_000;

/// How a row is named to the user: its product, else its publisher.
pub fn row_name(item: &InventoryItem, index: usize) -> String {
    item.product
        .clone()
        .or_else(|| item.publisher.clone())
        .unwrap_or_else(|| format!("Row {}", index + 1))
}

fn text(node: &NodeRef) -> Option<String> {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value().trim().to_owned())
        .filter(|v| !v.is_empty())
}

#[function_component(InventoryList)]
pub fn inventory_list() -> Html {
    let state = use_context::<StateHandle>();
    let shown = use_state(|| SHOWN);
    let editing = use_state(|| None::<usize>);
    let edit_error = use_state(|| false);
    let message = use_state(String::new);
    let focus = use_pending_focus();
    let (publisher, product, version, system) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let Some(state) = state else {
        return html! {};
    };
    let total = state.rows();
    // Outside the list, so that it is still there to speak when the last row goes.
    let status = html! {
        <div class="visually-hidden" role="status" data-testid="inventory-status">{ (*message).clone() }</div>
    };
    if total == 0 {
        return html! { <>{ status }{ html! {} }</> };
    }
    let (shown, show_more) = (total.min(*shown), shown);
    // All the rest at once only for a list short enough to draw at once; a
    // registry export of a million rows is shown MORE rows at a time.
    let next = if total <= MORE {
        total
    } else {
        shown.saturating_add(MORE).min(total)
    };
    let more_label = if next == total {
        format!("Show all {} rows", thousands(total))
    } else {
        format!("Show {} more rows", thousands(next - shown))
    };

    let on_show_all = {
        let focus = focus.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            focus_after_render(&focus, format!("inventory-change-{shown}"));
            message.set(if next == total {
                format!("Showing all {} rows.", thousands(total))
            } else {
                format!("Showing {} of {} rows.", thousands(next), thousands(total))
            });
            show_more.set(next);
        })
    };

    let row = |(index, item): (usize, &InventoryItem)| -> Html {
        let name = row_name(item, index);
        let number = index + 1;
        if *editing == Some(index) {
            let on_save = {
                let state = state.clone();
                let editing = editing.clone();
                let edit_error = edit_error.clone();
                let message = message.clone();
                let focus = focus.clone();
                let item = item.clone();
                let fields = (
                    publisher.clone(),
                    product.clone(),
                    version.clone(),
                    system.clone(),
                );
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let changed = InventoryItem {
                        publisher: text(&fields.0),
                        product: text(&fields.1),
                        version: text(&fields.2),
                        system: text(&fields.3),
                        ..item.clone()
                    };
                    if changed.publisher.is_none() && changed.product.is_none() {
                        edit_error.set(true);
                        focus_after_render(&focus, "edit-publisher");
                        return;
                    }
                    edit_error.set(false);
                    message.set(format!(
                        "Row {number} changed: {}.",
                        row_name(&changed, index)
                    ));
                    focus_after_render(&focus, format!("inventory-change-{index}"));
                    editing.set(None);
                    state.dispatch(Action::EditItem(index, changed));
                })
            };
            let on_cancel = {
                let editing = editing.clone();
                let edit_error = edit_error.clone();
                let focus = focus.clone();
                Callback::from(move |_: MouseEvent| {
                    focus_after_render(&focus, format!("inventory-change-{index}"));
                    edit_error.set(false);
                    editing.set(None);
                })
            };
            let described = edit_error.then_some("edit-error");
            let value = |v: &Option<String>| v.clone().unwrap_or_default();
            return html! {
                <tr key={format!("edit-{index}")} class="inventory-list__editing">
                    <td colspan="6">
                        <form onsubmit={on_save} data-testid="edit-form" novalidate=true>
                            <fieldset class="fieldset">
                                <legend class="fieldset__legend">{ format!("Change row {number}: {name}") }</legend>
                                if *edit_error {
                                    <p class="error-message" id="edit-error">
                                        <span class="visually-hidden">{ "Error: " }</span>
                                        { "Enter a publisher or a product name." }
                                    </p>
                                }
                                <div class="inline-fields">
                                    <div class="form-group">
                                        <label class="label" for="edit-publisher">{ "Publisher" }</label>
                                        <input class={classes!("input", edit_error.then_some("input--error"))} type="text" id="edit-publisher"
                                            autocomplete="off" aria-describedby={described} value={value(&item.publisher)} ref={publisher.clone()} />
                                    </div>
                                    <div class="form-group">
                                        <label class="label" for="edit-product">{ "Product" }</label>
                                        <input class={classes!("input", edit_error.then_some("input--error"))} type="text" id="edit-product"
                                            autocomplete="off" aria-describedby={described} value={value(&item.product)} ref={product.clone()} />
                                    </div>
                                    <div class="form-group">
                                        <label class="label" for="edit-version">{ "Version" }</label>
                                        <input class="input input--short" type="text" id="edit-version"
                                            autocomplete="off" value={value(&item.version)} ref={version.clone()} />
                                    </div>
                                    <div class="form-group">
                                        <label class="label" for="edit-system">{ "System" }</label>
                                        <input class="input" type="text" id="edit-system"
                                            autocomplete="off" value={value(&item.system)} ref={system.clone()} />
                                    </div>
                                </div>
                                <div class="button-group">
                                    <button type="submit" class="button">{ "Save changes" }</button>
                                    <button type="button" class="button button--secondary" onclick={on_cancel}>{ "Cancel" }</button>
                                </div>
                            </fieldset>
                        </form>
                    </td>
                </tr>
            };
        }
        let on_change = {
            let editing = editing.clone();
            let edit_error = edit_error.clone();
            let focus = focus.clone();
            Callback::from(move |_: MouseEvent| {
                focus_after_render(&focus, "edit-publisher");
                edit_error.set(false);
                editing.set(Some(index));
            })
        };
        let on_remove = {
            let state = state.clone();
            let editing = editing.clone();
            let message = message.clone();
            let focus = focus.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| {
                message.set(format!(
                    "Removed {name} (row {number}) from your inventory."
                ));
                // The list's heading, or the section's when this was the last row.
                let target = if total > 1 {
                    "inventory-list-title"
                } else {
                    "inventory-title"
                };
                focus_after_render(&focus, target);
                editing.set(None);
                state.dispatch(Action::RemoveItem(index));
            })
        };
        let cell = |v: &Option<String>| html! { <td>{ v.clone().unwrap_or_default() }</td> };
        html! {
            <tr key={format!("row-{index}")} data-testid="inventory-row" data-product={item.product.clone().unwrap_or_default()}>
                <td class="numeric">{ number }</td>
                { cell(&item.publisher) }
                { cell(&item.product) }
                { cell(&item.version) }
                { cell(&item.system) }
                <td class="inventory-list__actions">
                    <button type="button" class="button button--secondary button--small" id={format!("inventory-change-{index}")} onclick={on_change}>
                        { "Change" }<span class="visually-hidden">{ format!(" {name}, row {number}") }</span>
                    </button>
                    <button type="button" class="button button--secondary button--small" id={format!("inventory-remove-{index}")} onclick={on_remove}>
                        { "Remove" }<span class="visually-hidden">{ format!(" {name}, row {number}") }</span>
                    </button>
                </td>
            </tr>
        }
    };

    html! {
        <>
        { status }
        <section class="inventory-list" aria-labelledby="inventory-list-title" data-testid="inventory-list">
            <h3 class="heading-m" id="inventory-list-title" tabindex="-1">{ "Your inventory" }</h3>
            <p class="hint" id="inventory-list-hint">
                { if total == 1 { "1 row.".to_owned() } else { format!("{} rows.", thousands(total)) } }
                if shown < total {
                    { format!(" Showing the first {}.", thousands(shown)) }
                }
                { " Change a row to correct it, or remove it to leave it out of the check." }
            </p>
            <div class="table-wrapper">
                <table class="table inventory-list__table" aria-describedby="inventory-list-hint">
                    <caption class="visually-hidden">{ "Your inventory" }</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="numeric">{ "Row" }</th>
                            <th scope="col">{ "Publisher" }</th>
                            <th scope="col">{ "Product" }</th>
                            <th scope="col">{ "Version" }</th>
                            <th scope="col">{ "System" }</th>
                            <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for (state.inventory.row_refs().take(shown).enumerate()).map(|(i, r)| row((i, &r.to_item()))) }
                    </tbody>
                </table>
            </div>
            if shown < total {
                <button type="button" class="button button--secondary" onclick={on_show_all}>
                    { more_label }
                </button>
            }
        </section>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_named_by_product_then_publisher_then_number() {
        assert_eq!(row_name(&InventoryItem::new("P", "Q"), 0), "Q");
        assert_eq!(row_name(&InventoryItem::new("P", ""), 0), "P");
        assert_eq!(row_name(&InventoryItem::default(), 4), "Row 5");
    }
}
