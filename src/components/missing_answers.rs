//! Asks, next to an item, for the answers its verdict depends on and the user
//! has not given: the classification, the device type, a yes/no question,
//! the kind of organisation, the country. An answer about the organisation
//! dispatches the same action as the context form, and is used for every
//! item; a question about the item (`about = "item"` in the pack) is
//! answered for the items of its name, as a category is.
//!
//! A question stays on screen once answered (showing the answer, which can
//! be changed), so that answering does not take away the control that has
//! focus.

use vrc_engine::pack::QuestionAbout;
use vrc_engine::sort::sort_with;
use vrc_engine::{Evaluation, Sector};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::check::Engine;
use crate::components::choices::{
    Asked, category_select, classification_select, device_select, sector_checkboxes,
};
use crate::components::parts::option;
use crate::components::select::Select;
use crate::components::yes_no::{AnswerFor, own_answer, yes_no};
use crate::explain::{Ask, Missing, missing_answers};
use crate::format::{depends_on, join_and, jurisdiction_name, jurisdictions_ruled};
use crate::state::{Action, AppState, StateHandle};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    pub evaluation: Evaluation,
    /// Makes the controls' ids unique on the page (`detail`, `check-one`).
    pub id_prefix: AttrValue,
    /// The item's name: the questions asked are forgotten when it changes.
    pub name: AttrValue,
    /// The name a category answer is kept under: the product name, or the
    /// publisher's where there is none. Empty: the category is not asked.
    #[prop_or_default]
    pub product: AttrValue,
}

#[function_component(MissingAnswers)]
pub fn missing_answers_view(props: &Props) -> Html {
    let asked = use_mut_ref(|| (String::new(), Vec::<Missing>::new()));
    let Some(state) = use_context::<StateHandle>() else {
        return html! {};
    };
    let current = missing_answers(&props.engine.0, &props.evaluation);
    let identity = format!(
        "{}\u{1f}{}",
        props.name,
        props
            .evaluation
            .matched
            .as_ref()
            .map(|m| m.entity.as_str())
            .unwrap_or_default()
    );
    let shown = {
        let mut asked = asked.borrow_mut();
        if asked.0 != identity {
            *asked = (identity, Vec::new());
        }
        for m in &current {
            match asked.1.iter_mut().find(|a| a.ask == m.ask) {
                Some(a) => *a = m.clone(),
                None => asked.1.push(m.clone()),
            }
        }
        sort_with(&mut asked.1, |a, b| a.ask.cmp(&b.ask));
        asked.1.clone()
    };
    if shown.is_empty() {
        return html! {};
    }
    let asks: Vec<Ask> = current.iter().map(|m| m.ask.clone()).collect();
    let prefix = props.id_prefix.to_string();
    html! {
        <div class="inset-text missing-answers" data-testid="missing-answers">
            if asks.is_empty() {
                <p data-testid="depends-on">
                    { "The verdict now uses your answers. You can change them here or under “About your organisation”." }
                </p>
            } else {
                <p data-testid="depends-on">
                    <strong>{ format!("This depends on {}.", depends_on(&asks)) }</strong>
                    { " Answer here for a definite verdict. An answer about your organisation is used for every item; one about this item, for the items of its name." }
                </p>
            }
            { for shown.iter().map(|m| ask(&props.engine, &state, &prefix, &props.product, m)) }
        </div>
    }
}

fn ask(engine: &Engine, state: &StateHandle, prefix: &str, product: &str, m: &Missing) -> Html {
    let prefix = format!("{prefix}-");
    match &m.ask {
        Ask::Classification => classification_select(
            engine,
            state,
            &Asked {
                prefix: &prefix,
                label: "Classification of your systems",
                hint: "The highest marking they handle. It is used for every item that does not give its own.",
            },
        ),
        Ask::Device => device_select(
            engine,
            state,
            &Asked {
                prefix: &prefix,
                label: "Type of device your systems run on",
                hint: "It is used for every item that does not give its own. A Device column in your inventory file can give each item's.",
            },
        ),
        Ask::Answer(question) => answer(engine, state, &prefix, product, question),
        Ask::Sector => sectors(state, &prefix, &m.sectors),
        Ask::Jurisdiction => jurisdiction(engine, state, &prefix),
        Ask::Category if !product.is_empty() => category_select(
            engine,
            state,
            &Asked {
                prefix: &prefix,
                label: "What kind of product this is",
                hint: "Kept for this product name only. A Category column in your inventory file can give each item's.",
            },
            product,
        ),
        Ask::Category => not_askable(
            m,
            "The checker cannot tell what kind of product this is: add a Category column to your inventory file.",
        ),
    }
}

/// A yes/no question. One about the item is answered for the items of its
/// name (with a way to use that answer for every item); one about the
/// organisation, for every item at once.
fn answer(
    engine: &Engine,
    state: &StateHandle,
    prefix: &str,
    product: &str,
    question: &str,
) -> Html {
    let found = engine.0.questions().iter().find(|q| q.id == question);
    let text = found.map_or_else(|| question.to_owned(), |q| q.text.clone());
    let about_item = found.is_some_and(|q| q.about == QuestionAbout::Item) && !product.is_empty();
    let name = format!("{prefix}question-{question}");
    let hint = format!("{name}-hint");
    if !about_item {
        return html! {
            <fieldset class="fieldset" key={format!("answer-{question}")} aria-describedby={hint.clone()}>
                <legend class="fieldset__legend fieldset__legend--s">{ text }</legend>
                <div class="hint" id={hint}>{ "About your organisation: the answer is used for every item." }</div>
                { yes_no(state, question, &name, AnswerFor::Organisation) }
            </fieldset>
        };
    }
    let whom = AnswerFor::Items(product);
    let own = own_answer(state, question, whom);
    let everyone = state.answers.get(question).copied();
    let kept = match (own, everyone) {
        (None, Some(answer)) => format!(
            "Answered “{}” for every item. An answer here is kept for “{product}” only.",
            if answer { "Yes" } else { "No" }
        ),
        _ => format!("About this item: the answer is kept for “{product}” only."),
    };
    let for_every_item = own.map(|answer| {
        let state = state.clone();
        let question = question.to_owned();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::AnswerForEveryItem(question.clone(), answer));
        })
    });
    html! {
        <fieldset class="fieldset" key={format!("answer-{question}")} aria-describedby={hint.clone()}>
            <legend class="fieldset__legend fieldset__legend--s">{ text }</legend>
            <div class="hint" id={hint}>{ kept }</div>
            { yes_no(state, question, &name, whom) }
            if let Some(onclick) = for_every_item {
                <button type="button" class="button button--secondary button--small" {onclick}>
                    { "Use this answer for every item" }
                </button>
            }
        </fieldset>
    }
}

fn sectors(state: &StateHandle, prefix: &str, sectors: &[Sector]) -> Html {
    let hint = format!("{prefix}sectors-hint");
    html! {
        <fieldset class="fieldset" aria-describedby={hint.clone()} key="sector" disabled={crate::embed::locked(crate::embed::Lock::Sectors)}>
            <legend class="fieldset__legend fieldset__legend--s">{ "What kind of organisation are you?" }</legend>
            <div class="hint" id={hint}>{ crate::embed::view::hint("Select all that apply. The measures that depend on it address these.", crate::embed::Lock::Sectors) }</div>
            { sector_checkboxes(state, prefix, sectors, false) }
        </fieldset>
    }
}

fn jurisdiction(engine: &Engine, state: &StateHandle, prefix: &str) -> Html {
    let id = format!("{prefix}jurisdiction");
    let current: &AppState = state;
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                state.dispatch(Action::SetJurisdiction(select.value()));
            }
        })
    };
    html! {
        <div class="form-group" key="jurisdiction">
            <label class="label" for={id.clone()}>{ "Your country" }</label>
            <Select id={id} value={AttrValue::from(current.jurisdiction.clone())} {onchange}
                disabled={crate::embed::locked(crate::embed::Lock::Jurisdiction)}>
                { for jurisdictions_ruled(engine.0.rules()).iter().map(|j| {
                    let code = j.as_str();
                    option(AttrValue::from(code.to_owned()), current.jurisdiction == code, jurisdiction_name(code).unwrap_or(code))
                }) }
                { option(AttrValue::from(""), current.jurisdiction.is_empty(), "Other") }
            </Select>
        </div>
    }
}

/// An answer no control here can give (it belongs to the inventory's rows).
fn not_askable(m: &Missing, what_to_do: &str) -> Html {
    html! {
        <p key={format!("{:?}", m.ask)}>
            { format!("It would apply if {}. {what_to_do}", join_and(&m.would_apply_if)) }
        </p>
    }
}
