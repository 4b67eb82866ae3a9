//! Errors, the GOV.UK way: a summary at the top of the page, focused when a
//! new error comes, with a link to each field that is wrong; and each
//! field's own message next to it. Both read [`AppState::errors`], so an
//! error goes from both once it is put right.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::components::focus::focus_id;
use crate::state::{AppState, FormField, StateHandle};

/// A plain summary for an error that is not about a field (the built-in
/// rules failing to load).
pub fn error_summary(title: &str, message: &str) -> Html {
    html! {
        <div class="error-summary" role="alert" data-testid="error-summary">
            <h2 class="error-summary__title">{ title.to_owned() }</h2>
            <pre class="error-summary__body">{ message.to_owned() }</pre>
        </div>
    }
}

/// The summary of every field's error, at the top of the page.
#[function_component(ErrorSummary)]
pub fn error_summary_view() -> Html {
    let state = use_context::<StateHandle>();
    let summary = use_node_ref();
    let errors = state.as_ref().map(|s| s.errors.clone()).unwrap_or_default();
    // Focus goes to the summary when a field gains an error it did not have
    // (a file refused, an empty paste), as GOV.UK's does on submit; not for
    // the date, which is checked as it is typed and keeps the focus.
    let seen = use_mut_ref(BTreeSet::<FormField>::new);
    {
        let summary = summary.clone();
        // Inserted, not collected (which would bring in the standard sort).
        let mut fields = BTreeSet::new();
        fields.extend(errors.keys().copied());
        use_effect_with(errors.clone(), move |_| {
            let new = fields
                .iter()
                .any(|f| *f != FormField::AssessmentDate && !seen.borrow().contains(f));
            *seen.borrow_mut() = fields;
            if new && let Some(element) = summary.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        });
    }
    if errors.is_empty() {
        return html! {};
    }
    html! {
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1"
            data-testid="error-summary" ref={summary}>
            <h2 class="error-summary__title" id="error-summary-title">{ "There is a problem" }</h2>
            <ul class="list error-summary__list">
                { for errors.iter().map(|(field, message)| {
                    let id = field.id();
                    // The link moves the focus to the field itself, not only
                    // the view to it, as GOV.UK's script does.
                    let onclick = Callback::from(move |e: MouseEvent| {
                        e.prevent_default();
                        focus_id(id);
                    });
                    html! {
                        <li><a href={format!("#{id}")} {onclick}>{ message.clone() }</a></li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// A field's own error message, when it has one.
pub fn inline_error(state: &AppState, field: FormField) -> Html {
    match state.errors.get(&field) {
        None => html! {},
        Some(message) => html! {
            <p class="error-message" id={field.error_id()}>
                <span class="visually-hidden">{ "Error: " }</span>{ message.clone() }
            </p>
        },
    }
}

/// The field's `aria-describedby`: its hint, and its error when it has one.
pub fn described_by(state: &AppState, field: FormField, hint: &str) -> String {
    if state.errors.contains_key(&field) {
        format!("{hint} {}", field.error_id())
    } else {
        hint.to_owned()
    }
}

/// The class of the field's group: marked as in error while it has one.
pub fn group_class(state: &AppState, field: FormField, base: &'static str) -> Classes {
    classes!(
        base,
        state
            .errors
            .contains_key(&field)
            .then_some("form-group--error")
    )
}
