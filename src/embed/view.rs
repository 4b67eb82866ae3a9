//! What the page shows of the portal's configuration: its colours and
//! spacing (CSS custom properties on the root element, set through the
//! CSSOM, which the page's policy allows where a `style` attribute would
//! be refused), embed mode (a class on the root element), the organisation's
//! name and logo in the header, the note on a locked field, and what is
//! wrong in `config.json`.

use yew::prelude::*;

use super::{Lock, Portal, locked, portal};

/// Sets the portal's colours and spacing on the page's root element, and
/// marks it embedded.
pub fn apply_branding(portal: &Portal) {
    let Some(root) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    if portal.embed {
        let _ = root.class_list().add_1("embed");
    }
    if let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) {
        let style = root.style();
        for (name, value) in &portal.properties {
            let _ = style.set_property(name, value);
        }
    }
}

/// The words after a locked field's hint.
pub const LOCKED_NOTE: &str = "Set by your organisation.";

/// A hint's text, with the note when the field is locked.
pub fn hint(text: &str, lock: Lock) -> String {
    if locked(lock) {
        format!("{text} {LOCKED_NOTE}")
    } else {
        text.to_owned()
    }
}

/// The organisation's name and logo, for the header.
pub fn organisation() -> Html {
    let portal = portal();
    match (&portal.name, &portal.logo) {
        (None, None) => html! {},
        (name, Some(logo)) => html! {
            <img class="site-header__logo" src={logo.clone()} data-testid="organisation"
                alt={name.clone().unwrap_or_else(|| "Your organisation".to_owned())} />
        },
        (Some(name), None) => html! {
            <span class="site-header__organisation" data-testid="organisation">{ name.clone() }</span>
        },
    }
}

/// What is wrong in `config.json`, each with its JSON path: for whoever
/// looks after the portal. Nothing when it is fine or absent.
pub fn problems() -> Html {
    let portal = portal();
    if portal.problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="error-summary" role="alert" aria-labelledby="config-problems-title" data-testid="config-problems">
            <h2 class="error-summary__title" id="config-problems-title">
                { "There is a problem with this portal's configuration" }
            </h2>
            <p>{ "The page works without what is wrong in config.json, which the portal's administrator can put right:" }</p>
            <ul class="list error-summary__list">
                { for portal.problems.iter().map(|(path, message)| html! {
                    <li><code>{ path.clone() }</code>{ ": " }{ message.clone() }</li>
                }) }
            </ul>
        </div>
    }
}
