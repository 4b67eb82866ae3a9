//! A yes/no question of the rule pack as three radios (yes, no, not
//! answered): the same in the context form and next to an item that needs it.

use yew::prelude::*;

use crate::state::{Action, StateHandle};

/// The radios of the question `question`; `name` keeps each group's ids
/// unique on the page.
pub fn yes_no(state: &StateHandle, question: &str, name: &str) -> Html {
    let current = state.answers.get(question).copied();
    html! {
        <div class="radios radios--inline">
            { for [(Some(true), "Yes", "yes"), (Some(false), "No", "no"), (None, "Not answered", "unanswered")]
                .into_iter()
                .map(|(value, label, slug)| {
                    let id = format!("{name}-{slug}");
                    let onchange = {
                        let state = state.clone();
                        let question = question.to_owned();
                        Callback::from(move |_: Event| state.dispatch(Action::SetAnswer(question.clone(), value)))
                    };
                    html! {
                        <div class="radios__item">
                            <input class="radios__input" type="radio" id={id.clone()} name={name.to_owned()}
                                checked={current == value} {onchange} />
                            <label class="label radios__label" for={id}>{ label }</label>
                        </div>
                    }
                }) }
        </div>
    }
}
