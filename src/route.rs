//! The page's two views, named by the URL's fragment: the checker (`#/`, or
//! none) and the rules it uses (`#/rules`, or `#/rules/ID` for one rule, or
//! a section, of that view). A fragment needs no server routing, so the page
//! still works as one static file, offline and inside portals, and the
//! browser's Back and Forward move between the views.

use gloo_events::EventListener;
use yew::prelude::*;

use crate::components::focus::focus_id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Checker,
    /// With the id of a rule (or an element) of the view to go to.
    Rules(Option<String>),
}

impl View {
    /// The page's title in this view.
    pub fn title(&self) -> &'static str {
        match self {
            View::Checker => {
                "Check your software against government guidance – Vendor Risk Checker"
            }
            View::Rules(_) => "Rules the checker uses – Vendor Risk Checker",
        }
    }
}

/// The link to a rule (by its id), or to a section (by its element id), in the rules view.
pub fn rules_href(id: &str) -> String {
    format!("#/rules/{id}")
}

/// The view a fragment names; none for any other fragment (`#main-content`,
/// the skip link's), which leaves the view as it is.
pub fn parse(hash: &str) -> Option<View> {
    let path = hash.strip_prefix('#').unwrap_or(hash);
    match path {
        "" | "/" => Some(View::Checker),
        // The old in-page anchor of the rules section.
        "rules" | "/rules" | "/rules/" => Some(View::Rules(None)),
        _ => path
            .strip_prefix("/rules/")
            .map(|id| View::Rules(Some(id.to_owned()))),
    }
}

fn current_hash() -> String {
    crate::browser::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The view the URL names, followed as the fragment changes.
#[hook]
pub fn use_view() -> View {
    let view = use_state_eq(|| parse(&current_hash()).unwrap_or(View::Checker));
    {
        let view = view.clone();
        use_effect_with((), move |()| {
            let listener = crate::browser::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    if let Some(next) = parse(&current_hash()) {
                        view.set(next);
                    }
                })
            });
            move || drop(listener)
        });
    }
    (*view).clone()
}

/// After the view changed: the title, and the focus on the view's heading
/// (or on the rule asked for). On the first render the focus is left where
/// the browser put it, unless a rule was asked for.
pub fn arrived(view: &View, first: bool) {
    if let Some(document) = crate::browser::window().and_then(|w| w.document()) {
        document.set_title(view.title());
    }
    match view {
        View::Checker if !first => focus_id("checker-title"),
        View::Checker => {}
        View::Rules(target) => {
            let found = target.as_deref().is_some_and(focus_target);
            if !found && !first {
                focus_id("rules-title");
            }
        }
    }
}

/// Once the whole pack is here, after the view it was asked for: the rule
/// or section asked for, which was not there to focus before.
pub fn rules_arrived(view: &View) {
    if let View::Rules(Some(target)) = view {
        focus_target(target);
    }
}

/// A rule's id, or the id of an element of the rules view (a
/// jurisdiction's section), focused if it is there.
fn focus_target(id: &str) -> bool {
    focus_existing(&format!("rule-{id}")) || focus_existing(id)
}

fn focus_existing(id: &str) -> bool {
    let exists = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .is_some();
    if exists {
        focus_id(id);
    }
    exists
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_views() {
        assert_eq!(parse(""), Some(View::Checker));
        assert_eq!(parse("#/"), Some(View::Checker));
        assert_eq!(parse("#/rules"), Some(View::Rules(None)));
        assert_eq!(parse("#rules"), Some(View::Rules(None)));
        assert_eq!(
            parse("#/rules/gb-ncsc-2017-secret"),
            Some(View::Rules(Some("gb-ncsc-2017-secret".to_owned())))
        );
        assert_eq!(
            parse(&rules_href("x")),
            Some(View::Rules(Some("x".to_owned())))
        );
        // The skip link's target leaves the view as it is.
        assert_eq!(parse("#main-content"), None);
    }
}
