//! Small pieces of markup used all over the page: a row of a GOV.UK summary
//! list (`<dt>` and `<dd>`), an `<option>` and a date. Built in one place,
//! each is one piece of code in the wasm rather than a copy per use written
//! out in `html!`.

use vrc_engine::Date;
use yew::prelude::*;

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

/// A date written out (`1 December 2017`), in a `<time>` element that
/// keeps it (`2017-12-01`).
pub fn time(date: Date) -> Html {
    html! {
        <time datetime={date.to_string()}>{ date.long() }</time>
    }
}
