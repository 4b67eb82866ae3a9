//! The page: the built-in rule pack's rules, grouped by jurisdiction.

use std::rc::Rc;

use vrc_engine::RuleSet;
use vrc_engine::pack::{PackMeta, Rule};
use yew::prelude::*;

use crate::components::error_summary::ErrorSummary;
use crate::components::pack_summary::PackSummary;
use crate::components::privacy_note::PrivacyNote;
use crate::components::rule_list::RuleList;
use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;

/// What the page shows once the built-in pack is loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub packs: Vec<PackMeta>,
    pub rules: Rc<Vec<Rule>>,
}

/// Loads the compiled-in pack. A pack that fails validation is a build
/// defect, but the page still says so plainly instead of going blank.
pub fn load() -> Result<Loaded, String> {
    let set = RuleSet::builtin().map_err(|err| err.to_string())?;
    Ok(Loaded {
        packs: set.packs().to_vec(),
        rules: Rc::new(set.rules().cloned().collect()),
    })
}

#[function_component(App)]
pub fn app() -> Html {
    let loaded = use_memo((), |()| load());
    let content = match &*loaded {
        Ok(loaded) => html! {
            <>
                <PackSummary packs={loaded.packs.clone()} rule_count={loaded.rules.len()} />
                <RuleList rules={Rc::clone(&loaded.rules)} />
            </>
        },
        Err(message) => html! {
            <ErrorSummary
                title="The built-in rules could not be loaded"
                message={message.clone()}
            />
        },
    };
    html! {
        <>
            <a class="skip-link" href="#main-content">{ "Skip to main content" }</a>
            <SiteHeader />
            <div class="width-container">
                <main class="main-wrapper" id="main-content" tabindex="-1">
                    <h1 class="heading-xl">{ "Rules the checker uses" }</h1>
                    <p class="lead">
                        { "Vendor Risk Checker tells you whether guidance from governments \
                           says to stop using a supplier's software, for your country, sector \
                           and the data your systems hold. These are the rules it applies, \
                           with the published sources each one rests on." }
                    </p>
                    <PrivacyNote />
                    { content }
                </main>
            </div>
            <SiteFooter />
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_pack_loads_with_rules_and_sources() {
        let loaded = load().unwrap();
        assert!(!loaded.packs.is_empty());
        assert!(!loaded.rules.is_empty());
        assert!(loaded.rules.iter().all(|r| !r.sources.is_empty()));
    }
}
