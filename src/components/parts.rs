//! Small pieces of markup used all over the page: a row of a GOV.UK summary
//! list (`<dt>` and `<dd>`), an `<option>` and a date. Built in one place,
//! each is one piece of code in the wasm rather than a copy per use written
//! out in `html!`.

use yew::prelude::*;

use crate::format::long_date;

pub fn summary_row(key: &'static str, value: Html) -> Html {
    html! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{ key }</dt>
            <dd class="summary-list__value">{ value }</dd>
        </div>
    }
}

/// An `<option>` of a `<select>`.
pub fn option(value: AttrValue, selected: bool, label: &str) -> Html {
    html! {
        <option {value} {selected}>{ label.to_owned() }</option>
    }
}

/// A date (`2017-12-01`) written out, in a `<time>` element that keeps it.
pub fn time(date: String) -> Html {
    let words = long_date(&date);
    html! {
        <time datetime={date}>{ words }</time>
    }
}
