//! A yes/no question of the rule pack as three radios (yes, no, not
//! answered): the same in the context form and next to an item that needs it.

use vrc_engine::normalise::normalise;
use yew::prelude::*;

use crate::state::{Action, StateHandle};

/// Whom an answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerFor<'a> {
    /// The organisation: one answer for every item.
    Organisation,
    /// The items of one name (a product's, or a publisher's where there is
    /// no product): a question about an item.
    Items(&'a str),
}

/// The answer in use for `question`: the items' own, else the organisation's.
pub fn answer_in_use(state: &StateHandle, question: &str, whom: AnswerFor<'_>) -> Option<bool> {
    own_answer(state, question, whom).or_else(|| state.answers.get(question).copied())
}

/// The answer given for these items themselves, not for every item.
pub fn own_answer(state: &StateHandle, question: &str, whom: AnswerFor<'_>) -> Option<bool> {
    match whom {
        AnswerFor::Organisation => state.answers.get(question).copied(),
        AnswerFor::Items(name) => {
            let name = normalise(name);
            (state.item_answers.iter().rev())
                .find(|a| a.question == question && normalise(&a.name) == name)
                .map(|a| a.answer)
        }
    }
}

/// The radios of the question `question`; `name` keeps each group's ids
/// unique on the page.
pub fn yes_no(state: &StateHandle, question: &str, name: &str, whom: AnswerFor<'_>) -> Html {
    let current = answer_in_use(state, question, whom);
    let items = match whom {
        AnswerFor::Organisation => None,
        AnswerFor::Items(items) => Some(items.to_owned()),
    };
    html! {
        <div class="radios radios--inline">
            { for [(Some(true), "Yes", "yes"), (Some(false), "No", "no"), (None, "Not answered", "unanswered")]
                .into_iter()
                .map(|(value, label, slug)| {
                    let id = format!("{name}-{slug}");
                    let onchange = {
                        let state = state.clone();
                        let question = question.to_owned();
                        let items = items.clone();
                        Callback::from(move |_: Event| state.dispatch(match &items {
                            None => Action::SetAnswer(question.clone(), value),
                            Some(items) => Action::SetItemAnswer {
                                name: items.clone(),
                                question: question.clone(),
                                answer: value,
                            },
                        }))
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
