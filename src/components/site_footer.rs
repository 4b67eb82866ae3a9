//! The footer.

use yew::prelude::*;

use crate::offline;

pub fn site_footer() -> Html {
    html! {
        <footer class="site-footer">
            <div class="width-container">
                <p>
                    { "Vendor Risk Checker runs entirely in your browser. It is not legal \
                       advice: read the sources, and check with your security team." }
                </p>
                <p>{ "Licensed under Apache-2.0." }</p>
                // The offline file names its own build, for the assessor who carried it in.
                if let (Some(version), Some(pack)) = (offline::meta("vrc-version"), offline::meta("vrc-pack")) {
                    <p data-testid="build-version">
                        { format!("This copy: Vendor Risk Checker {version}, with the rule pack {pack}.") }
                    </p>
                }
            </div>
        </footer>
    }
}
