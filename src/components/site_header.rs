//! The header bar with the service name and the links to the page's two
//! views (see [`crate::route`]).

use yew::prelude::*;

use crate::route::View;

pub fn site_header(view: &View) -> Html {
    let checker = matches!(view, View::Checker);
    let current = |yes: bool| yes.then_some("page");
    html! {
        <header class="site-header">
            <div class="width-container site-header__inner">
                <a class="site-header__name" href="#/">{ "Vendor Risk Checker" }</a>
                <span class="site-header__tag">{ "Prototype" }</span>
                { crate::embed::view::organisation() }
                <nav class="site-header__nav" aria-label="Menu">
                    <ul class="site-header__list">
                        <li>
                            <a class="site-header__link" href="#/" aria-current={current(checker)}>
                                { "Check your software" }
                            </a>
                        </li>
                        <li>
                            <a class="site-header__link" href="#/rules" aria-current={current(!checker)}>
                                { "Rules the checker uses" }
                            </a>
                        </li>
                    </ul>
                </nav>
            </div>
        </header>
    }
}
