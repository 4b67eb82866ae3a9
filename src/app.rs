//! The page: the context, the inventory, the answers, and the rules the
//! checker uses. App-wide state lives in a reducer ([`crate::state`]) shared
//! through a `ContextProvider`; the engine runs in [`crate::evaluate`].

use std::rc::Rc;

use vrc_engine::pack::{PackMeta, Rule};
use vrc_engine::{Date, RuleSet};
use yew::prelude::*;

use crate::components::check_one::CheckOne;
use crate::components::context_form::ContextForm;
use crate::components::error_summary::ErrorSummary;
use crate::components::inventory_input::InventoryInput;
use crate::components::pack_summary::PackSummary;
use crate::components::privacy_note::PrivacyNote;
use crate::components::results::Results;
use crate::components::rule_list::RuleList;
use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;
use crate::evaluate::{self, Engine, announcement};
use crate::state::{AppState, StateHandle};

/// What the rules section shows once the built-in pack is loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub engine: Engine,
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
        engine: Engine(Rc::new(set)),
    })
}

/// Today in the browser's time zone.
fn today() -> Date {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).ok();
    let month = u8::try_from(now.get_month().saturating_add(1)).ok();
    let day = u8::try_from(now.get_date()).ok();
    year.zip(month)
        .zip(day)
        .and_then(|((y, m), d)| Date::from_ymd(y, m, d))
        .unwrap_or(Date::UNIX_EPOCH)
}

#[function_component(App)]
pub fn app() -> Html {
    let loaded = use_memo((), |()| load());
    let state = use_reducer(|| AppState::new(today()));
    let engine = (*loaded).as_ref().ok().map(|l| l.engine.clone());
    let checked = use_memo(
        (engine.clone(), state.context(), Rc::clone(&state.items)),
        |(engine, context, items)| {
            engine
                .as_ref()
                .filter(|_| !items.is_empty())
                .map(|engine| Rc::new(evaluate::check(&engine.0, context, items)))
        },
    );
    let live = checked
        .as_ref()
        .as_ref()
        .map(|c| announcement(c.rows(), &c.counts))
        .unwrap_or_default();

    let content = match &*loaded {
        Ok(loaded) => html! {
            <>
                <ContextForm engine={loaded.engine.clone()} />
                <InventoryInput />
                if let Some(checked) = &*checked {
                    <Results engine={loaded.engine.clone()} checked={Rc::clone(checked)} />
                }
                <CheckOne engine={loaded.engine.clone()} />
                <section class="rules-section" aria-labelledby="rules">
                    <h2 class="heading-xl" id="rules" tabindex="-1">{ "Rules the checker uses" }</h2>
                    <PackSummary packs={loaded.packs.clone()} rule_count={loaded.rules.len()} />
                    <RuleList rules={Rc::clone(&loaded.rules)} />
                </section>
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
        <ContextProvider<StateHandle> context={state}>
            <a class="skip-link" href="#main-content">{ "Skip to main content" }</a>
            <SiteHeader />
            <div class="width-container">
                <main class="main-wrapper" id="main-content" tabindex="-1">
                    <h1 class="heading-xl">{ "Check your software against government guidance" }</h1>
                    <p class="lead">
                        { "Vendor Risk Checker tells you whether guidance from governments \
                           says to stop using a supplier's software, for your country, sector \
                           and the data your systems hold, with the published sources behind \
                           every answer." }
                    </p>
                    <p class="no-print"><a href="#rules">{ "Rules the checker uses" }</a></p>
                    <PrivacyNote />
                    <div class="visually-hidden" role="status" aria-live="polite" data-testid="live-region">{ live }</div>
                    { content }
                </main>
            </div>
            <SiteFooter />
        </ContextProvider<StateHandle>>
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
