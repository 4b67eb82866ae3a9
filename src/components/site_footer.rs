//! The footer.

use yew::prelude::*;

pub fn site_footer() -> Html {
    html! {
        <footer class="site-footer">
            <div class="width-container">
                <p>
                    { "Vendor Risk Checker runs entirely in your browser. It is not legal \
                       advice: read the sources, and check with your security team." }
                </p>
                <p>{ "Licensed under Apache-2.0." }</p>
            </div>
        </footer>
    }
}
