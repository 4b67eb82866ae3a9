//! Who is assessing: jurisdiction, sectors, default classification, date,
//! and (folded away) the default device type and the pack's yes/no questions. Every change re-checks the inventory at once.

use vrc_engine::pack::{Question, QuestionAbout};
use vrc_engine::{Date, Jurisdiction, Sector};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::check::Engine;
use crate::components::choices::{
    Asked, checkbox, classification_select, device_select, sector_checkboxes,
};
use crate::components::error_summary::{described_by, group_class, inline_error};
use crate::components::parts::option;
use crate::components::select::Select;
use crate::components::yes_no::{AnswerFor, yes_no};
use crate::embed::view::hint;
use crate::embed::{Lock, locked};
use crate::format::{jurisdiction_name, jurisdictions_ruled};
use crate::state::{Action, FormField, StateHandle};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
}

#[function_component(ContextForm)]
pub fn context_form(props: &Props) -> Html {
    let Some(state) = use_context::<StateHandle>() else {
        return html! {};
    };
    let rules = &props.engine.0;

    let on_jurisdiction = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                state.dispatch(Action::SetJurisdiction(select.value()));
            }
        })
    };
    // A date that cannot be read is an error on the field; the last good
    // date stays in use until it is put right.
    let as_of = state.as_of.to_string();
    let on_date = {
        let state = state.clone();
        let in_use = state.as_of.long();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                match input.value().parse::<Date>() {
                    Ok(date) => {
                        state.dispatch(Action::ClearError(FormField::AssessmentDate));
                        state.dispatch(Action::SetDate(date));
                    }
                    Err(_) => state.dispatch(Action::ShowError(
                        FormField::AssessmentDate,
                        format!("Enter a whole assessment date, such as 1 December 2017. The results are for {in_use} until then."),
                    )),
                }
            }
        })
    };
    let date_error = state.errors.contains_key(&FormField::AssessmentDate);
    // The questions about the organisation that rules could turn on here (a
    // New Zealand board is not asked about FCC money), and any already
    // answered; questions about an item are asked next to the item.
    let context = state.context();
    let relevant = rules.questions_for(&context);
    let asked: Vec<&Question> = (rules.questions().iter())
        .filter(|q| q.about == QuestionAbout::Organisation)
        .filter(|q| relevant.contains(q) || state.answers.contains_key(&q.id))
        .collect();

    // The jurisdictions the pack has rules for; "Other" means none of them.
    let offered = jurisdictions_ruled(rules.rules());
    let listed = offered.iter().any(|j| j.as_str() == state.jurisdiction);

    html! {
        <section class="panel" aria-labelledby="context-title" data-testid="context-form">
            <h2 class="heading-l" id="context-title">{ "1. About your organisation" }</h2>
            <div class="form-group">
                <label class="label" for="jurisdiction">{ "Country" }</label>
                <div class="hint" id="jurisdiction-hint">{ hint("Whose guidance applies to you.", Lock::Jurisdiction) }</div>
                <Select id="jurisdiction" value={AttrValue::from(state.jurisdiction.clone())}
                    described_by="jurisdiction-hint" onchange={on_jurisdiction} disabled={locked(Lock::Jurisdiction)}>
                    { for offered.iter().map(|j| {
                        let code = j.as_str();
                        option(AttrValue::from(code.to_owned()), state.jurisdiction == code, jurisdiction_name(code).unwrap_or(code))
                    }) }
                    // A country a reopened assessment brought, which the list does not offer.
                    if !state.jurisdiction.is_empty() && !listed {
                        { option(AttrValue::from(state.jurisdiction.clone()), true, jurisdiction_name(&state.jurisdiction).unwrap_or(&state.jurisdiction)) }
                    }
                    { option(AttrValue::from(""), state.jurisdiction.is_empty(), "Other") }
                </Select>
                { other_countries(&state, offered) }
            </div>
            <div class="form-group">
                <fieldset class="fieldset" aria-describedby="sectors-hint" disabled={locked(Lock::Sectors)}>
                    <legend class="fieldset__legend">{ "What kind of organisation are you?" }</legend>
                    <div class="hint" id="sectors-hint">{ hint("Select all that apply.", Lock::Sectors) }</div>
                    { sector_checkboxes(&state, "", &Sector::ALL, true) }
                </fieldset>
            </div>
            { classification_select(&props.engine, &state, &Asked {
                prefix: "",
                label: "Highest classification your systems handle",
                hint: "Used for every item unless your list gives its own. Some guidance applies only above a marking.",
            }) }
            <div class={group_class(&state, FormField::AssessmentDate, "form-group")}>
                <label class="label" for="as-of">{ "Assessment date" }</label>
                <div class="hint" id="as-of-hint">{ "Today, or another date to see what applied then or will apply." }</div>
                { inline_error(&state, FormField::AssessmentDate) }
                <input class={classes!("input", "input--date", date_error.then_some("input--error"))} type="date" id="as-of"
                    aria-describedby={described_by(&state, FormField::AssessmentDate, "as-of-hint")}
                    aria-invalid={date_error.then_some("true")}
                    value={as_of} onchange={on_date} />
            </div>
            if !asked.is_empty() || !rules.devices().is_empty() {
                <details class="details" open={state.device.is_some()}>
                    <summary class="details__summary">{ "More questions that can change the answer" }</summary>
                    <div class="details__text">
                        if !rules.devices().is_empty() {
                            { device_select(&props.engine, &state, &Asked {
                                prefix: "",
                                label: "Type of device your systems run on",
                                hint: "Used for every item unless your list gives its own. Some guidance applies only to some devices, such as mobile phones.",
                            }) }
                        }
                        { for asked.iter().map(|q| {
                            let name = format!("question-{}", q.id);
                            let legend_id = format!("{name}-legend");
                            html! {
                                <fieldset class="fieldset" aria-labelledby={legend_id.clone()}>
                                    <legend class="fieldset__legend fieldset__legend--s" id={legend_id}>{ q.text.clone() }</legend>
                                    { yes_no(&state, &q.id, &name, AnswerFor::Organisation) }
                                </fieldset>
                            }
                        }) }
                    </div>
                </details>
            }
        </section>
    }
}

/// Other countries whose guidance applies too, folded away: most
/// organisations answer to one country.
fn other_countries(state: &StateHandle, mut offered: Vec<Jurisdiction>) -> Html {
    // The countries offered, and any other a reopened assessment brought.
    let reopened: Vec<Jurisdiction> = state
        .also
        .iter()
        .filter(|j| !offered.contains(j))
        .copied()
        .collect();
    offered.extend(reopened);
    html! {
        <details class="details" open={!state.also.is_empty()}>
            <summary class="details__summary">{ "Guidance from other countries applies to you too" }</summary>
            <div class="details__text">
                <fieldset class="fieldset" aria-describedby="also-hint" disabled={locked(Lock::AlsoJurisdictions)}>
                    <legend class="fieldset__legend fieldset__legend--s">{ "Other countries whose guidance applies to you" }</legend>
                    <div class="hint" id="also-hint">
                        { hint("For example, a UK company that supplies the US government is also under US rules. Their measures are checked as well as your country's.", Lock::AlsoJurisdictions) }
                    </div>
                    <div class="checkboxes">
                        { for offered.into_iter().filter(|j| j.as_str() != state.jurisdiction).map(|j| {
                            let code = j.as_str();
                            checkbox(
                                state,
                                format!("also-{}", code.to_ascii_lowercase()),
                                html! { jurisdiction_name(code).unwrap_or(code).to_owned() },
                                state.also.contains(&j),
                                None,
                                move |on| Action::SetAlso(j, on),
                            )
                        }) }
                    </div>
                </fieldset>
            </div>
        </details>
    }
}
