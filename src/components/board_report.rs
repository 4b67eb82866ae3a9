//! The report for a board: what printing the page (or saving it as a PDF)
//! gives. It is its own document, not the screen restyled: a title, the
//! context, the headline, then each item to act on with its reason, what to
//! do, its deadlines and sources, then the items waiting on answers, and
//! the statement that it is not legal advice. The screen's controls, an open
//! item's detail and the timeline are never in it.
//!
//! It is in the page at all times but shown only in print (`@media print`
//! in style.css hides everything else), so the browser's own Print command
//! gives it too, not only the page's button. Built from the same
//! [`vrc_engine::headline::listing`] as the CLI's order, so both list the
//! same items in the same order.

use vrc_engine::eval::ANSWER_NEEDED;
use vrc_engine::headline::{Entry, Headline};
use vrc_engine::{Finding, RuleSet};
use yew::prelude::*;

use crate::check::{Engine, SharedChecked};
use crate::components::deadline_list::deadline_list;
use crate::components::parts::{summary_row, time};
use crate::components::source_list::source_list;
use crate::format::{join_and, jurisdiction_name};
use crate::state::{AppState, StateHandle};

/// Items listed in full, at most, in each part of the report; a board
/// report of thousands of entries is read by no one, and the CSV has them
/// all.
pub const LISTED: usize = 200;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    pub checked: SharedChecked,
}

#[function_component(BoardReport)]
pub fn board_report(props: &Props) -> Html {
    let Some(state) = use_context::<StateHandle>() else {
        return html! {};
    };
    let rules = &props.engine.0;
    let checked = &props.checked;
    let list = checked.evaluated().listing();
    html! {
        <article class="board-report" aria-labelledby="board-report-title" data-testid="board-report">
            <h1 class="heading-l" id="board-report-title">{ "Vendor risk assessment" }</h1>
            <p class="lead">
                { "Your organisation's software, checked against government guidance on its suppliers as the guidance stood on " }
                { time(state.as_of) }{ "." }
            </p>
            { report_context(rules, &state) }
            if let Some(headline) = &checked.headline {
                <h2 class="heading-m">{ "The answer" }</h2>
                { headline_body(headline, "board-report__headline") }
            }
            if !list.act.is_empty() {
                <h2 class="heading-m">{ "What the guidance says, item by item" }</h2>
                { for list.act.iter().take(LISTED).map(|entry| act_entry(rules, entry)) }
                { left_off(list.act.len()) }
            }
            if !list.waiting.is_empty() {
                <h2 class="heading-m">{ "Waiting on your answers" }</h2>
                <p>{ "Guidance covers these suppliers, but whether it applies turns on something not yet answered. Until then they read “Review: answer needed”, never “Clear”." }</p>
                { for list.waiting.iter().take(LISTED).map(|entry| waiting_entry(rules, entry)) }
                { left_off(list.waiting.len()) }
            }
            if list.clear.rows > 0 {
                <h2 class="heading-m">{ "Everything else" }</h2>
                <p>{ format!(
                    "No rule in the pack concerns the other {}.",
                    if list.clear.rows == 1 { "item".to_owned() } else { format!("{} items", list.clear.rows) }
                ) }</p>
            }
            <p class="board-report__not-advice">
                <strong>{ "This report is not legal advice." }</strong>
                { " It applies published guidance to the inventory given, as the rule pack records it. Read the sources, and check with your security team." }
            </p>
        </article>
    }
}

/// The headline's sentence, its actions, and how it counts: above the
/// results on the screen and under "The answer" in print.
pub fn headline_body(headline: &Headline, class: &'static str) -> Html {
    html! {
        <>
            <p class={class}>{ headline.text.clone() }</p>
            if !headline.actions.is_empty() {
                <ul class="list">
                    { for headline.actions.iter().map(|a| html! { <li>{ a.clone() }</li> }) }
                </ul>
            }
            <p class="hint">{ "Items are the rows of your list; installations add up their counts; systems are the systems they name." }</p>
        </>
    }
}

/// The context the inventory was checked in: shown above the results on the
/// screen and at the top of the printed report.
pub fn report_context(rules: &RuleSet, state: &AppState) -> Html {
    let country =
        |code: &str| jurisdiction_name(code).map_or_else(|| code.to_owned(), str::to_owned);
    let mut jurisdiction = if state.jurisdiction.is_empty() {
        "Other".to_owned()
    } else {
        country(&state.jurisdiction)
    };
    if !state.also.is_empty() {
        let also: Vec<String> = state.also.iter().map(|j| country(j.as_str())).collect();
        jurisdiction = format!("{jurisdiction}, and the guidance of {}", join_and(&also));
    }
    let device = state.device.as_ref().map(|id| {
        rules
            .devices()
            .iter()
            .find(|d| d.id == *id)
            .map_or_else(|| id.clone(), |d| d.label.clone())
    });
    let sectors = if state.sectors.is_empty() {
        "None chosen".to_owned()
    } else {
        state
            .sectors
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let question = |id: &str| {
        (rules.questions().iter())
            .find(|q| q.id == id)
            .map_or_else(|| id.to_owned(), |q| q.text.clone())
    };
    let yes_no = |yes: bool| if yes { "Yes" } else { "No" };
    // The organisation's answers, then those given for one product's items.
    let answers: Vec<String> = (state.answers.iter())
        .map(|(id, yes)| format!("{} {}.", question(id), yes_no(*yes)))
        .chain(state.item_answers.iter().map(|a| {
            format!(
                "{} {}, for “{}”.",
                question(&a.question),
                yes_no(a.answer),
                a.name
            )
        }))
        .collect();
    let pack = rules.packs().first();
    html! {
        <dl class="summary-list report-context" data-testid="report-context">
            { summary_row("Country", html! { { jurisdiction } }) }
            { summary_row("Organisation", html! { { sectors } }) }
            { summary_row("Classification", html! { { state.classification.clone().unwrap_or_else(|| "Not known".to_owned()) } }) }
            if let Some(device) = device {
                { summary_row("Device type", html! { { device } }) }
            }
            if !answers.is_empty() {
                { summary_row("Answers given", html! {
                    <ul class="list">
                        { for answers.into_iter().map(|a| html! { <li>{ a }</li> }) }
                    </ul>
                }) }
            }
            { summary_row("Assessment date", time(state.as_of)) }
            if let Some(pack) = pack {
                { summary_row("Rule pack", html! {
                    <>
                        <code>{ pack.id.clone() }</code>
                        { format!(" version {}, checked against sources on {}", pack.version, pack.date.long()) }
                    </>
                }) }
            }
        </dl>
    }
}

/// One item with a verdict: what it is, how much of it, and each finding.
fn act_entry(rules: &RuleSet, entry: &Entry<'_>) -> Html {
    let outcome = &entry.evaluation.outcome;
    let verdict = outcome.verdict;
    html! {
        <section class="board-entry" data-testid="board-entry" data-verdict={verdict.as_str()}>
            <h3 class="heading-s">
                { format!("{}: ", entry.name()) }
                <span class={classes!("board-entry__verdict", format!("board-entry__verdict--{}", verdict.as_str()))}>
                    { verdict.label() }
                </span>
            </h3>
            { systems(entry) }
            if let Some(a) = entry.evaluation.acceptance.as_ref().filter(|_| entry.evaluation.accepted()) {
                <p data-testid="board-accepted"><strong>{ "Risk accepted: " }</strong>{ format!(
                    "by {}, until {}{}",
                    a.risk.approved_by,
                    a.risk.until.long(),
                    a.risk.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default()
                ) }</p>
            }
            { for outcome.findings.iter().filter(|f| f.verdict == verdict && f.rule != ANSWER_NEEDED).map(finding) }
            if outcome.findings.iter().any(|f| f.verdict != verdict) {
                <p class="hint">{ "Other guidance on this item is less severe; the item's detail on the page lists it." }</p>
            }
            if !outcome.waiting.is_empty() {
                <p><strong>{ "Could be more severe:" }</strong></p>
                { waits(rules, entry) }
            }
        </section>
    }
}

/// An item whose verdict waits on answers: what it could become, and on what.
fn waiting_entry(rules: &RuleSet, entry: &Entry<'_>) -> Html {
    html! {
        <section class="board-entry" data-testid="board-waiting" data-verdict="answer-needed">
            <h3 class="heading-s">{ format!("{}: Review, answer needed", entry.name()) }</h3>
            { systems(entry) }
            { waits(rules, entry) }
        </section>
    }
}

/// The rules an item waits on: what each would make it, and on what answer.
fn waits(rules: &RuleSet, entry: &Entry<'_>) -> Html {
    html! {
        <ul class="list">
            { for entry.evaluation.outcome.waiting.iter().map(|w| {
                let rule = rules.rule(&w.rule);
                let instrument = rule.map_or_else(|| w.rule.clone(), |r| format!("{} ({})", r.instrument, r.authority));
                let conditions: Vec<String> = w.needs.iter().map(|n| n.would_apply_if.clone()).collect();
                html! {
                    <li>
                        { format!("{instrument} would make it {} if {}.", w.verdict.label().to_lowercase(), join_and(&conditions)) }
                        if let Some(rule) = rule {
                            { source_list(&rule.sources) }
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

/// "3 items, 40 installations, on 2 systems: app01, app02."
fn systems(entry: &Entry<'_>) -> Html {
    let tally = entry.tally;
    let mut text = entry.counted();
    if !tally.systems.is_empty() {
        text.push_str(": ");
        text.push_str(&tally.systems.join(", "));
        if tally.more_systems {
            text.push_str(" and others");
        }
    }
    text.push('.');
    html! { <p class="board-entry__count">{ text }</p> }
}

fn finding(f: &Finding) -> Html {
    html! {
        <div class="board-finding">
            <p><strong>{ f.instrument.clone() }</strong>{ format!(" ({}). ", f.authority) }{ f.reason.clone() }</p>
            <p><strong>{ "What to do: " }</strong>{ f.advice.clone() }</p>
            if !f.deadlines.is_empty() {
                <div><strong>{ "Deadlines:" }</strong>{ deadline_list(&f.deadlines) }</div>
            }
            <div><strong>{ "Sources:" }</strong>{ source_list(&f.sources) }</div>
        </div>
    }
}

/// "And 1,234 more: the CSV lists every item."
fn left_off(listed: usize) -> Html {
    let more = listed.saturating_sub(LISTED);
    if more == 0 {
        return html! {};
    }
    html! {
        <p class="board-report__more">
            { format!("And {} more, not listed here: the CSV download lists every item.", vrc_engine::item::thousands(more)) }
        </p>
    }
}
