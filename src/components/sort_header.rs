//! A sortable column header: a button inside `<th aria-sort>`, as in the
//! GOV.UK / MOJ sortable table. The arrow is decoration; `aria-sort` and the
//! table's status message say the order in words.

use yew::prelude::*;

use crate::components::findings_table::{Sort, SortKey};

/// The header of the `key` column. A plain function rather than a component
/// (it has no state).
pub fn sort_header(
    label: &'static str,
    key: SortKey,
    sort: Sort,
    on_sort: &Callback<SortKey>,
    numeric: bool,
) -> Html {
    let aria = sort.aria(key);
    let onclick = on_sort.reform(move |_: MouseEvent| key);
    // Up, down, or both for a column not sorted on.
    let arrow = match aria {
        "ascending" => "M5 1 L9 7 L1 7 Z",
        "descending" => "M1 9 L9 9 L5 15 Z",
        _ => "M5 1 L9 6 L1 6 Z M1 10 L9 10 L5 15 Z",
    };
    html! {
        <th scope="col" aria-sort={aria} class={classes!(numeric.then_some("numeric"))}>
            <button type="button" class="sort-button" data-sort-key={key.as_str()} {onclick}>
                { label }
                <svg class="sort-button__icon" viewBox="0 0 10 16" width="10" height="16"
                    aria-hidden="true" focusable="false">
                    <path d={arrow} fill="currentColor" />
                </svg>
            </button>
        </th>
    }
}
