//! The answer for the whole inventory: counts by verdict with a chart, the
//! findings table ([`FindingsTable`]: filter, sort, search, identical rows
//! grouped), one item's detail, and the exports.

use vrc_engine::Verdict;
use vrc_engine::report::rule_warnings;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::check::{Engine, SharedChecked, report_csv, report_json};
use crate::components::board_report::{headline_body, report_context};
use crate::components::findings_table::FindingsTable;
use crate::components::item_detail::OutcomeDetail;
use crate::components::verdict_tag::outcome_tag;
use crate::components::whats_new::whats_new;
use crate::download;
use crate::state::StateHandle;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    pub checked: SharedChecked,
    /// Today in the browser, for what is new since a reopened assessment.
    pub today: vrc_engine::Date,
}

#[function_component(Results)]
pub fn results(props: &Props) -> Html {
    let Some(state) = use_context::<StateHandle>() else {
        return html! {};
    };
    let selected = use_state(|| None::<usize>);
    let save_error = use_state(|| None::<String>);
    let detail_heading = use_node_ref();
    {
        let heading = detail_heading.clone();
        use_effect_with(*selected, move |selected| {
            if selected.is_some()
                && let Some(h) = heading.cast::<web_sys::HtmlElement>()
            {
                let _ = h.focus();
            }
        });
    }
    // After an upload (or a paste, or a reopened file), focus goes to the
    // answer, not back to the page's top: a screen-reader user hears it.
    let headline_ref = use_node_ref();
    {
        let headline_ref = headline_ref.clone();
        use_effect_with(state.imports.len(), move |imports| {
            if *imports > 0
                && let Some(h) = headline_ref.cast::<web_sys::HtmlElement>()
            {
                let _ = h.focus();
            }
        });
    }
    let checked = &props.checked;
    let rules = &props.engine.0;

    let on_view = {
        let selected = selected.clone();
        Callback::from(move |index: usize| selected.set(Some(index)))
    };
    let date = state.as_of.to_string();
    let save = |kind: &'static str| {
        let engine = props.engine.clone();
        let checked = props.checked.clone();
        let imports = state.imports.clone();
        let save_error = save_error.clone();
        let date = date.clone();
        Callback::from(move |_: MouseEvent| {
            let (json, csv) = (
                report_json(&engine.0, Some(&checked), &checked.context, &imports),
                report_csv(&checked),
            );
            let result = if kind == "json" {
                download::save(
                    &format!("vendor-risk-assessment-{date}.json"),
                    "application/json",
                    &json,
                )
            } else {
                download::save(
                    &format!("vendor-risk-assessment-{date}.csv"),
                    "text/csv;charset=utf-8",
                    &csv,
                )
            };
            save_error.set(result.err());
        })
    };
    let on_print = Callback::from(|_: MouseEvent| download::print());

    let max = checked
        .summary
        .verdicts
        .values()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    html! {
        <section class="panel results" aria-labelledby="results-title" data-testid="results">
            <h2 class="heading-l" id="results-title">{ "3. Results" }</h2>
            if let Some(headline) = &checked.headline {
                <div class={classes!("headline", format!("headline--{}", headline.verdict.as_str()))} data-testid="headline"
                    tabindex="-1" ref={headline_ref.clone()}>
                    { headline_body(headline, "headline__text") }
                </div>
            }
            { report_context(rules, &state) }
            <p class="not-advice"><strong>{ "This report is not legal advice." }</strong>{ " Read the sources, and check with your security team." }</p>
            if let (Some(date), false) = (rules.date(), rule_warnings(rules, state.as_of).is_empty()) {
                <div class="warning-text" data-testid="pack-warning">
                    <p>
                        <strong>{ "Newer guidance may exist." }</strong>
                        { format!(
                            " These rules were last checked against their sources on {}, before your assessment date. Check the sources for anything published since.",
                            date.long()
                        ) }
                        { crate::offline::newer_file().unwrap_or_default() }
                    </p>
                </div>
            }

            if let Some(reopened) = &state.reopened {
                { whats_new(&props.engine, reopened, checked, props.today) }
            }

            <figure class="chart" data-testid="chart">
                <figcaption class="heading-m" id="chart-caption">
                    { format!("Items by verdict ({} checked)", checked.rows()) }
                </figcaption>
                <svg role="img" aria-labelledby="chart-caption" viewBox="0 0 400 150" class="chart__svg" focusable="false">
                    { for Verdict::ALL.iter().rev().enumerate().map(|(i, v)| {
                        let n = checked.summary.verdicts.get(v).copied().unwrap_or(0);
                        let y = u64::try_from(i).unwrap_or(0) * 30;
                        let width = n * 250 / max;
                        html! {
                            <g>
                                <text x="0" y={(y + 19).to_string()} class="chart__label">{ v.label() }</text>
                                <rect x="130" y={(y + 4).to_string()} height="22" width={width.to_string()} class={format!("chart__bar chart__bar--{}", v.as_str())} />
                                <text x={(135 + width).to_string()} y={(y + 19).to_string()} class="chart__label">{ n.to_string() }</text>
                            </g>
                        }
                    }) }
                </svg>
                <table class="table table--counts" data-testid="counts">
                    <caption class="visually-hidden">{ "Items by verdict" }</caption>
                    <thead><tr><th scope="col">{ "Verdict" }</th><th scope="col" class="numeric">{ "Items" }</th></tr></thead>
                    <tbody>
                        { for Verdict::ALL.iter().rev().map(|v| html! {
                            <>
                                <tr data-verdict={v.as_str()}>
                                    <th scope="row">{ v.label() }</th>
                                    <td class="numeric">{ checked.summary.verdicts.get(v).copied().unwrap_or(0).to_string() }</td>
                                </tr>
                                if *v == Verdict::Review && checked.summary.answer_needed > 0 {
                                    <tr data-verdict="answer-needed" class="table__sub-row">
                                        <th scope="row">{ "of which: answer needed" }</th>
                                        <td class="numeric">{ checked.summary.answer_needed.to_string() }</td>
                                    </tr>
                                }
                            </>
                        }) }
                    </tbody>
                </table>
            </figure>
            if checked.summary.answer_needed > 0 {
                <div class="inset-text" data-testid="answers-needed">
                    <p>
                        <strong>{ if checked.summary.answer_needed == 1 {
                            "1 item needs an answer before it has a definite verdict.".to_owned()
                        } else {
                            format!("{} items need an answer before they have a definite verdict.", checked.summary.answer_needed)
                        } }</strong>
                        { " Guidance covers their suppliers, but whether it applies turns on something this page does not know yet. They read “Review: answer needed” until then, never “Clear”. Open an item to answer its questions." }
                    </p>
                </div>
            }

            { accepted_risks(&state, checked.summary.accepted) }

            <div class="button-group no-print" data-testid="exports">
                <button type="button" class="button button--secondary" onclick={save("json")}>{ "Download JSON" }</button>
                <button type="button" class="button button--secondary" onclick={save("csv")}>{ "Download CSV" }</button>
                <button type="button" class="button button--secondary" onclick={on_print}>{ "Print" }</button>
            </div>
            if let Some(message) = &*save_error {
                <p class="error-message" role="alert">{ message.clone() }</p>
            }

            <h3 class="heading-m" id="findings-title">{ "Findings" }</h3>
            <FindingsTable engine={props.engine.clone()} checked={props.checked.clone()} {on_view} />
            if let Some(line) = selected.and_then(|i| checked.lines().get(i)) {
                if let (Some(item), Some(e)) = (checked.item(line), checked.evaluation(line)) {
                    <section class="item-detail" aria-labelledby="item-detail-title" data-testid="item-detail">
                        <h3 class="heading-m" id="item-detail-title" tabindex="-1" ref={detail_heading.clone()}>
                            { item.display_name() }{ " " }{ outcome_tag(&e.outcome) }
                        </h3>
                        <OutcomeDetail engine={props.engine.clone()} evaluation={e.clone()} name={matched_name(item, e)} id_prefix="detail"
                            product={AttrValue::from(item.product.clone().or_else(|| item.publisher.clone()).unwrap_or_default())} />
                        <button type="button" class="button button--secondary no-print"
                            onclick={close_detail(&selected)}>
                            { "Close the details" }
                        </button>
                    </section>
                }
            }
        </section>
    }
}

/// The name a decision about this item's match is recorded under: the text
/// that matched, from the field it matched on.
fn matched_name(item: &vrc_engine::InventoryItem, e: &vrc_engine::Evaluation) -> AttrValue {
    let field = e.matched.as_ref().map(|m| m.field);
    let text = match field {
        Some(vrc_engine::Field::Publisher) => item.publisher.clone(),
        _ => item.product.clone().or_else(|| item.publisher.clone()),
    };
    AttrValue::from(text.unwrap_or_default())
}

/// Closes the item's detail, and puts focus back on the "View" button that
/// opened it, so a keyboard user goes on from where they were.
fn close_detail(selected: &UseStateHandle<Option<usize>>) -> Callback<MouseEvent> {
    let selected = selected.clone();
    Callback::from(move |_: MouseEvent| {
        let opened = *selected;
        selected.set(None);
        let button = opened.and_then(|index| {
            crate::browser::window()?
                .document()?
                .query_selector(&format!("[data-view-index=\"{index}\"]"))
                .ok()
                .flatten()
        });
        if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = button.focus();
        }
    })
}

/// Every risk the organisation accepted, in one list: whose, up to what,
/// by whom, until when (and whether that has passed), each one to take
/// back. `covered` is the rows they cover now.
fn accepted_risks(state: &crate::state::StateHandle, covered: u64) -> Html {
    if state.accepted_risks.is_empty() {
        return html! {};
    }
    let withdraw = |name: &str| {
        let (state, name) = (state.clone(), name.to_owned());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(crate::state::Action::WithdrawRisk(name.clone()))
        })
    };
    html! {
        <details class="details" data-testid="accepted-risks">
            <summary class="details__summary">{ format!(
                "Risks your organisation accepted ({}; {} now covered)",
                state.accepted_risks.len(),
                if covered == 1 { "1 item".to_owned() } else { format!("{covered} items") }
            ) }</summary>
            <div class="details__text">
                <p class="hint">{ "The verdicts stand: these record your organisation's decisions to live with them for a time. Each is kept with the assessment when it is saved." }</p>
                <div class="table-wrapper">
                <table class="table">
                    <caption class="visually-hidden">{ "Risks your organisation accepted" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Items called" }</th>
                        <th scope="col">{ "Up to" }</th>
                        <th scope="col">{ "Accepted by" }</th>
                        <th scope="col">{ "Until" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for state.accepted_risks.iter().map(|r| html! {
                            <tr data-testid="accepted-risk" data-name={r.name.clone()}>
                                <td data-label="Items called">{ r.name.clone() }</td>
                                <td data-label="Up to">{ r.verdict.label() }</td>
                                <td data-label="Accepted by">{ r.approved_by.clone() }
                                    if let Some(reason) = &r.reason {
                                        <span class="hint">{ format!(" ({reason})") }</span>
                                    }
                                </td>
                                <td data-label="Until">{ r.until.long() }
                                    if r.lapsed(state.as_of) {
                                        <strong class="tag tag--review">{ "Lapsed" }</strong>
                                    }
                                </td>
                                <td class="no-print">
                                    <button type="button" class="button button--secondary button--small" onclick={withdraw(&r.name)}>
                                        { "Withdraw" }<span class="visually-hidden">{ format!(" the acceptance of {}", r.name) }</span>
                                    </button>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
            </div>
        </details>
    }
}
