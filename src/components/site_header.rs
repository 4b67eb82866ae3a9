//! The header bar with the service name.

use yew::prelude::*;

pub fn site_header() -> Html {
    html! {
        <header class="site-header">
            <div class="width-container site-header__inner">
                <a class="site-header__name" href="./">{ "Vendor Risk Checker" }</a>
                <span class="site-header__tag">{ "Prototype" }</span>
            </div>
        </header>
    }
}
