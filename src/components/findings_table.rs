//! The findings table: one row per distinct item (identical rows grouped),
//! filtered by verdict, supplier and system, searched, and sorted by its
//! column headers (the GOV.UK / MOJ sortable table pattern: a button in each
//! sortable header, `aria-sort` on the header). How many rows are shown is
//! announced in a polite status region.
//!
//! The filtering and sorting are plain functions over [`RowFacts`], tested
//! natively.

use std::cmp::Ordering;
use std::rc::Rc;

use vrc_engine::eval::ANSWER_NEEDED;
use vrc_engine::item::thousands;
use vrc_engine::normalise::lowercase;
use vrc_engine::sort::sort_with;
use vrc_engine::{InventoryItem, RuleSet, Verdict};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::check::{Checked, Engine, SharedChecked};
use crate::components::parts::option;
use crate::components::sort_header::{Direction, Sort, SortKey, sort_header};
use crate::components::verdict_tag::outcome_tag;
use crate::explain::{missing_answers, needs_classification};
use crate::format::{depends_on, lowercase_cmp};

/// A filter on a value an item may lack (its supplier or its system).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Items with this value.
    Is(String),
    /// Items without one.
    Without,
}

impl Choice {
    /// The `<option>` value: `is:` and the value, or `none`.
    pub fn value(&self) -> String {
        match self {
            Choice::Is(v) => format!("is:{v}"),
            Choice::Without => "none".to_owned(),
        }
    }

    /// The choice an `<option>` value stands for; the empty value is "all".
    pub fn parse(value: &str) -> Option<Choice> {
        if value == "none" {
            Some(Choice::Without)
        } else {
            value.strip_prefix("is:").map(|v| Choice::Is(v.to_owned()))
        }
    }

    fn admits(choice: Option<&Choice>, value: Option<&str>) -> bool {
        match (choice, value) {
            (None, _) => true,
            (Some(Choice::Is(want)), Some(got)) => want == got,
            (Some(Choice::Without), None) => true,
            _ => false,
        }
    }
}

/// What the user narrowed the table to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub verdict: Option<Verdict>,
    /// By catalogue entity id.
    pub entity: Option<Choice>,
    pub system: Option<Choice>,
    pub search: String,
}

/// The facts about one group of identical rows that the table filters and
/// sorts on. Its text is lower-cased once per check, so that a keystroke in
/// the search or a sort on 20,000 lines does no case folding (which goes
/// through the browser, a call per string).
#[derive(Debug, Clone, PartialEq)]
pub struct RowFacts {
    /// The group's index in [`Checked::groups`].
    pub index: usize,
    pub verdict: Verdict,
    /// The matched entity's id and name.
    pub entity: Option<(String, String)>,
    pub rows: usize,
    system: Option<String>,
    /// Sort keys: trimmed and lower-cased, none for a blank.
    publisher_key: Option<String>,
    product_key: Option<String>,
    supplier_key: Option<String>,
    /// The text the search looks in (publisher, product, version, system,
    /// supplier), lower-cased, each apart from the next by a character no
    /// search holds.
    text: String,
}

/// Between the fields of [`RowFacts::text`]: a search never spans two.
const APART: char = '\u{1f}';

impl RowFacts {
    pub fn new(
        index: usize,
        item: &InventoryItem,
        verdict: Verdict,
        entity: Option<(String, String)>,
        rows: usize,
    ) -> RowFacts {
        let key = |text: Option<&str>| text.map(str::trim).filter(|s| !s.is_empty()).map(lowercase);
        let mut text = String::new();
        let fields = [&item.publisher, &item.product, &item.version, &item.system];
        for field in fields.into_iter().flatten() {
            text.push_str(field);
            text.push(APART);
        }
        if let Some((_, name)) = &entity {
            text.push_str(name);
        }
        RowFacts {
            index,
            verdict,
            rows,
            system: item
                .system
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned),
            publisher_key: key(item.publisher.as_deref()),
            product_key: key(item.product.as_deref()),
            supplier_key: key(entity.as_ref().map(|(_, n)| n.as_str())),
            text: lowercase(&text),
            entity,
        }
    }

    fn system(&self) -> Option<&str> {
        self.system.as_deref()
    }

    /// The key a row is sorted by under `key`, for a text column.
    fn text_key(&self, key: SortKey) -> Option<&str> {
        match key {
            SortKey::Product => self.product_key.as_deref(),
            SortKey::Publisher => self.publisher_key.as_deref(),
            SortKey::Supplier => self.supplier_key.as_deref(),
            SortKey::Verdict | SortKey::Rows => None,
        }
    }
}

/// The facts for every group, in the order the inventory gave them.
pub fn row_facts(checked: &Checked, rules: &RuleSet) -> Vec<RowFacts> {
    checked
        .groups()
        .iter()
        .enumerate()
        .map(|(index, g)| {
            let evaluation = checked.evaluation(g);
            RowFacts::new(
                index,
                &g.item,
                evaluation.map_or(Verdict::Clear, |e| e.outcome.verdict),
                evaluation.and_then(|e| e.matched.as_ref()).map(|m| {
                    let name = rules
                        .entity(&m.entity)
                        .map_or_else(|| m.entity.clone(), |en| en.name.clone());
                    (m.entity.clone(), name)
                }),
                g.rows,
            )
        })
        .collect()
}

/// The groups to show, filtered then sorted. The sort is stable: rows that
/// tie keep the inventory's order, whichever the direction.
pub fn shown<'a>(rows: &'a [RowFacts], filters: &Filters, sort: Sort) -> Vec<&'a RowFacts> {
    let needle = lowercase(filters.search.trim());
    let mut shown: Vec<&RowFacts> = rows
        .iter()
        .filter(|r| filters.verdict.is_none_or(|v| r.verdict == v))
        .filter(|r| {
            Choice::admits(
                filters.entity.as_ref(),
                r.entity.as_ref().map(|(id, _)| id.as_str()),
            )
        })
        .filter(|r| Choice::admits(filters.system.as_ref(), r.system()))
        .filter(|r| r.text.contains(&needle))
        .collect();
    sort_with(&mut shown, |a, b| compare(a, b, sort));
    shown
}

fn compare(a: &RowFacts, b: &RowFacts, sort: Sort) -> Ordering {
    let directed = |o: Ordering| match sort.direction {
        Direction::Ascending => o,
        Direction::Descending => o.reverse(),
    };
    match sort.key {
        SortKey::Verdict => directed(a.verdict.cmp(&b.verdict)),
        SortKey::Rows => directed(a.rows.cmp(&b.rows)),
        SortKey::Product | SortKey::Publisher | SortKey::Supplier => {
            text_order(a.text_key(sort.key), b.text_key(sort.key), directed)
        }
    }
}

/// Keys of text compared; a blank sorts last either way.
fn text_order(
    a: Option<&str>,
    b: Option<&str>,
    directed: impl Fn(Ordering) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The suppliers matched in the table, by name: `(id, name)`.
pub fn entity_options(rows: &[RowFacts]) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = Vec::new();
    for (id, name) in rows.iter().filter_map(|r| r.entity.as_ref()) {
        if !options.iter().any(|(i, _)| i == id) {
            options.push((id.clone(), name.clone()));
        }
    }
    sort_with(&mut options, |a, b| {
        lowercase_cmp(&a.1, &b.1).then_with(|| a.0.cmp(&b.0))
    });
    options
}

/// The systems named in the table, sorted.
pub fn system_options(rows: &[RowFacts]) -> Vec<String> {
    let mut options: Vec<String> = rows
        .iter()
        .filter_map(|r| r.system().map(str::to_owned))
        .collect();
    // Distinct first: a large inventory names the same few systems on
    // thousands of lines, and each comparison below folds case.
    sort_with(&mut options, |a, b| a.cmp(b));
    options.dedup();
    sort_with(&mut options, |a, b| lowercase_cmp(a, b));
    options
}

/// Lines of the table on one page: a page of them is drawn, never all (a
/// large inventory has tens of thousands).
pub const PAGE_LINES: usize = 50;

/// How many pages `lines` lines take (one, when there are none).
pub fn pages(lines: usize) -> usize {
    lines.div_ceil(PAGE_LINES).max(1)
}

/// The pages the pagination offers, numbered from 0, `None` for an
/// ellipsis: the first and last, and the current one with its neighbours,
/// as in the GOV.UK pagination component; a gap of one page shows the page.
pub fn page_numbers(current: usize, pages: usize) -> Vec<Option<usize>> {
    let last = pages.saturating_sub(1);
    let mut wanted = vec![
        0,
        current.saturating_sub(1),
        current,
        current.saturating_add(1),
        last,
    ];
    wanted.retain(|p| *p <= last);
    sort_with(&mut wanted, Ord::cmp);
    wanted.dedup();
    let mut numbers: Vec<Option<usize>> = Vec::new();
    let mut before: Option<usize> = None;
    for page in wanted {
        match before.map(|b| page.saturating_sub(b)) {
            Some(2) => numbers.push(Some(page.saturating_sub(1))),
            Some(gap) if gap > 2 => numbers.push(None),
            _ => {}
        }
        numbers.push(Some(page));
        before = Some(page);
    }
    numbers
}

/// What the status region says: `Showing 4 of 12 items in 3 lines, sorted
/// by verdict, most severe first.` Items are rows, as the headline counts
/// them; a line of the table stands for identical rows, with their count.
/// When the lines take more than a page, it says which are on this one:
/// `Showing lines 51–100 of 2,000 (2,400 of 3,000 items), sorted by …`.
pub fn showing(shown: &[&RowFacts], all: &[RowFacts], sort: Sort, page: usize) -> String {
    let shown_rows = shown.iter().map(|x| x.rows).sum::<usize>();
    let total_rows = all.iter().map(|x| x.rows).sum::<usize>();
    let items = if total_rows == 1 { "item" } else { "items" };
    if shown.len() > PAGE_LINES {
        let first = page.saturating_mul(PAGE_LINES).min(shown.len());
        let last = first.saturating_add(PAGE_LINES).min(shown.len());
        let n = |x: usize| thousands(x as u64);
        return format!(
            "Showing lines {}–{} of {} ({} of {} {items}), sorted by {}.",
            n(first.saturating_add(1)),
            n(last),
            n(shown.len()),
            n(shown_rows),
            n(total_rows),
            sort.words()
        );
    }
    let lines = if shown_rows == shown.len() {
        String::new()
    } else if shown.len() == 1 {
        " in 1 line".to_owned()
    } else {
        format!(" in {} lines", shown.len())
    };
    format!(
        "Showing {shown_rows} of {total_rows} {items}{lines}, sorted by {}.",
        sort.words()
    )
}

/// What the table needs of a check, worked out once per check rather than
/// on every render (a filter change, a page turned).
#[derive(Debug, PartialEq)]
struct Lines {
    facts: Vec<RowFacts>,
    entities: Vec<(String, String)>,
    systems: Vec<String>,
    unmatched: bool,
    systemless: bool,
}

impl Lines {
    fn new(checked: &Checked, rules: &RuleSet) -> Lines {
        let facts = row_facts(checked, rules);
        Lines {
            entities: entity_options(&facts),
            systems: system_options(&facts),
            unmatched: facts.iter().any(|r| r.entity.is_none()),
            systemless: facts.iter().any(|r| r.system().is_none()),
            facts,
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    pub checked: SharedChecked,
    /// Opens a group's detail, by its index in [`Checked::groups`].
    pub on_view: Callback<usize>,
}

#[function_component(FindingsTable)]
pub fn findings_table(props: &Props) -> Html {
    let filters = use_state(Filters::default);
    let sort = use_state(Sort::default);
    // Numbered from 0; back to the first whenever the filters or the order change.
    let page = use_state(|| 0_usize);
    let table_ref = use_node_ref();
    let rules = &props.engine.0;
    let checked = &props.checked;
    let lines = use_memo(
        (props.engine.clone(), checked.clone()),
        |(engine, checked)| Lines::new(checked, &engine.0),
    );
    // The filtered, sorted order, as indices into `lines.facts` (a line's
    // index is its place there): worked out
    // again only when the filters, the order or the check change, never
    // for a page turned.
    let order = use_memo(
        (
            checked.clone(),
            (*filters).clone(),
            *sort,
            Rc::clone(&lines),
        ),
        |(_, filters, sort, lines)| {
            (shown(&lines.facts, filters, *sort).into_iter())
                .map(|r| r.index)
                .collect::<Vec<usize>>()
        },
    );
    let rows: Vec<&RowFacts> = order.iter().filter_map(|i| lines.facts.get(*i)).collect();
    let page_count = pages(rows.len());
    let current = (*page).min(page_count.saturating_sub(1));
    let page_lines = rows
        .iter()
        .skip(current.saturating_mul(PAGE_LINES))
        .take(PAGE_LINES);
    let (entities, systems) = (&lines.entities, &lines.systems);
    let (unmatched, systemless) = (lines.unmatched, lines.systemless);

    let set = |change: fn(&mut Filters, String)| {
        let filters = filters.clone();
        let page = page.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .or_else(|| e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()));
            if let Some(value) = value {
                let mut next = (*filters).clone();
                change(&mut next, value);
                filters.set(next);
                page.set(0);
            }
        })
    };
    let on_verdict = set(|f, v| f.verdict = Verdict::ALL.into_iter().find(|x| x.as_str() == v));
    let on_entity = set(|f, v| f.entity = Choice::parse(&v));
    let on_system = set(|f, v| f.system = Choice::parse(&v));
    let on_search = {
        let filters = filters.clone();
        let page = page.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let mut next = (*filters).clone();
                next.search = input.value();
                filters.set(next);
                page.set(0);
            }
        })
    };
    let on_sort = {
        let sort = sort.clone();
        let page = page.clone();
        Callback::from(move |key: SortKey| {
            sort.set(sort.pressed(key));
            page.set(0);
        })
    };
    // A page turned: the table is focused, so that a screen reader (and the
    // view) goes to the new lines, as a new page would.
    let on_page = {
        let page = page.clone();
        let table_ref = table_ref.clone();
        Callback::from(move |to: usize| {
            page.set(to);
            if let Some(table) = table_ref.cast::<web_sys::HtmlElement>() {
                let _ = table.focus();
            }
        })
    };
    let header = |label: &'static str, key: SortKey, numeric: bool| {
        sort_header(label, key, *sort, &on_sort, numeric)
    };
    let selected_entity = filters
        .entity
        .as_ref()
        .map(Choice::value)
        .unwrap_or_default();
    let selected_system = filters
        .system
        .as_ref()
        .map(Choice::value)
        .unwrap_or_default();

    html! {
        <>
            <div class="filters no-print" data-testid="findings-filters">
                <div class="form-group">
                    <label class="label" for="verdict-filter">{ "Show" }</label>
                    <select class="select" id="verdict-filter" onchange={on_verdict}>
                        { option(AttrValue::from(""), filters.verdict.is_none(), "All verdicts") }
                        { for Verdict::ALL.iter().rev().map(|v| html! {
                            { option(AttrValue::from(v.as_str()), filters.verdict == Some(*v), v.label()) }
                        }) }
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="entity-filter">{ "Supplier" }</label>
                    <select class="select" id="entity-filter" onchange={on_entity}>
                        { option(AttrValue::from(""), selected_entity.is_empty(), "All suppliers") }
                        { for entities.iter().map(|(id, name)| {
                            let value = Choice::Is(id.clone()).value();
                            option(AttrValue::from(value.clone()), selected_entity == value, name)
                        }) }
                        if unmatched {
                            { option(AttrValue::from("none"), selected_entity == "none", "No supplier matched") }
                        }
                    </select>
                </div>
                if !systems.is_empty() {
                    <div class="form-group">
                        <label class="label" for="system-filter">{ "System" }</label>
                        <select class="select" id="system-filter" onchange={on_system}>
                            { option(AttrValue::from(""), selected_system.is_empty(), "All systems") }
                            { for systems.iter().map(|s| {
                                let value = Choice::Is(s.clone()).value();
                                option(AttrValue::from(value.clone()), selected_system == value, s)
                            }) }
                            if systemless {
                                { option(AttrValue::from("none"), selected_system == "none", "No system given") }
                            }
                        </select>
                    </div>
                }
                <div class="form-group">
                    <label class="label" for="findings-search">{ "Search the findings" }</label>
                    <input class="input" type="search" id="findings-search" autocomplete="off" value={filters.search.clone()} oninput={on_search} />
                </div>
            </div>
            <p class="hint" role="status" data-testid="shown-count">{ showing(&rows, &lines.facts, *sort, current) }</p>
            <div class="table-wrapper">
                <table class="table table--sortable table--findings" aria-labelledby="findings-title" data-testid="findings"
                    tabindex="-1" ref={table_ref}>
                    <thead>
                        <tr>
                            { header("Publisher", SortKey::Publisher, false) }
                            { header("Product", SortKey::Product, false) }
                            <th scope="col">{ "Version" }</th>
                            <th scope="col">{ "System" }</th>
                            { header("Verdict", SortKey::Verdict, false) }
                            { header("Supplier", SortKey::Supplier, false) }
                            <th scope="col">{ "Guidance from" }</th>
                            { header("Items", SortKey::Rows, true) }
                            <th scope="col" class="no-print"><span class="visually-hidden">{ "Details" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for page_lines.map(|r| row(rules, checked, r, &props.on_view)) }
                    </tbody>
                </table>
            </div>
            if page_count > 1 {
                { pagination(current, page_count, &on_page) }
            }
            if rows.is_empty() {
                <p data-testid="no-rows">{ "No items match. Choose other filters or change the search." }</p>
            }
        </>
    }
}

fn row(rules: &RuleSet, checked: &Checked, r: &RowFacts, on_view: &Callback<usize>) -> Html {
    let index = r.index;
    let Some(group) = checked.groups().get(index) else {
        return html! {};
    };
    let item = &group.item;
    let evaluation = checked.evaluation(group);
    let name = item
        .product
        .clone()
        .or_else(|| item.publisher.clone())
        .unwrap_or_default();
    let onclick = on_view.reform(move |_: MouseEvent| index);
    let asks: Vec<_> = evaluation
        .map(|e| {
            missing_answers(rules, e)
                .into_iter()
                .map(|m| m.ask)
                .collect()
        })
        .unwrap_or_default();
    html! {
        <tr key={index} data-testid="finding-row" data-product={name.clone()}
            data-system={r.system().unwrap_or_default().to_owned()}
            data-entity={r.entity.as_ref().map(|(id, _)| id.clone()).unwrap_or_default()}>
            <td data-label="Publisher">{ item.publisher.clone().unwrap_or_default() }</td>
            <td data-label="Product" class="table__product">{ item.product.clone().unwrap_or_default() }</td>
            <td data-label="Version">{ item.version.clone().unwrap_or_default() }</td>
            <td data-label="System">{ r.system().unwrap_or_default().to_owned() }</td>
            <td data-label="Verdict" class="table__verdict">
                if let Some(e) = evaluation {
                    { outcome_tag(&e.outcome) }
                    if e.matched.as_ref().is_some_and(|m| !m.certain) {
                        <span class="hint">{ " Possible match: confirm?" }</span>
                    }
                    if !asks.is_empty() {
                        <span class="hint" data-testid="row-needs"
                            data-needs-classification={needs_classification(e).to_string()}>
                            { format!(" Depends on {}: view it to answer.", depends_on(&asks)) }
                        </span>
                    }
                }
            </td>
            <td data-label="Supplier">{ r.entity.as_ref().map(|(_, n)| n.clone()).unwrap_or_default() }</td>
            <td data-label="Guidance from">{ evaluation.map(|e| guidance_from(rules, e)).unwrap_or_default() }</td>
            <td data-label="Items" class="numeric">{ r.rows.to_string() }</td>
            <td class="no-print">
                <button type="button" class="button button--small button--secondary" {onclick}
                    data-view-index={index.to_string()}>
                    { "View" }<span class="visually-hidden">{ format!(" {name}") }</span>
                </button>
            </td>
        </tr>
    }
}

/// The GOV.UK pagination component: Previous and Next, and the page
/// numbers with ellipses between, the current one marked. Buttons, not
/// links: the pages are not addresses (the fragment names the view).
fn pagination(current: usize, count: usize, on_page: &Callback<usize>) -> Html {
    let go = |to: usize| on_page.reform(move |_: MouseEvent| to);
    html! {
        <nav class="pagination no-print" aria-label="Pagination" data-testid="pagination">
            if current > 0 {
                <div class="pagination__prev">
                    <button type="button" class="pagination__link" onclick={go(current.saturating_sub(1))}>
                        { "Previous" }<span class="visually-hidden">{ " page" }</span>
                    </button>
                </div>
            }
            <ul class="pagination__list">
                { for page_numbers(current, count).into_iter().map(|number| match number {
                    Some(p) if p == current => html! {
                        <li class="pagination__item pagination__item--current">
                            <button type="button" class="pagination__link" aria-current="page"
                                aria-label={format!("Page {}", p.saturating_add(1))} onclick={go(p)}>
                                { p.saturating_add(1).to_string() }
                            </button>
                        </li>
                    },
                    Some(p) => html! {
                        <li class="pagination__item">
                            <button type="button" class="pagination__link"
                                aria-label={format!("Page {}", p.saturating_add(1))} onclick={go(p)}>
                                { p.saturating_add(1).to_string() }
                            </button>
                        </li>
                    },
                    None => html! { <li class="pagination__item pagination__item--ellipses">{ "⋯" }</li> },
                }) }
            </ul>
            if current.saturating_add(1) < count {
                <div class="pagination__next">
                    <button type="button" class="pagination__link" onclick={go(current.saturating_add(1))}>
                        { "Next" }<span class="visually-hidden">{ " page" }</span>
                    </button>
                </div>
            }
        </nav>
    }
}

/// Who the guidance behind an item's verdict comes from, in their own
/// names: the authorities of the findings that set it, or, while it waits
/// on answers, of the rules waiting. Rule ids are for the detail.
fn guidance_from(rules: &RuleSet, e: &vrc_engine::Evaluation) -> String {
    let outcome = &e.outcome;
    let mut authorities: Vec<&str> = Vec::new();
    let found = (outcome.findings.iter())
        .filter(|f| f.verdict == outcome.verdict && f.rule != ANSWER_NEEDED)
        .map(|f| f.authority.as_str());
    let waiting = (outcome.waiting.iter())
        .filter(|_| outcome.answer_needed)
        .filter_map(|w| rules.rule(&w.rule))
        .map(|r| r.authority.as_str());
    for authority in found.chain(waiting) {
        if !authorities.contains(&authority) {
            authorities.push(authority);
        }
    }
    authorities.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(publisher: &str, product: &str, system: Option<&str>) -> InventoryItem {
        let mut item = InventoryItem::new(publisher, product);
        item.system = system.map(str::to_owned);
        item
    }

    fn fixture() -> Vec<InventoryItem> {
        vec![
            item(
                "AO Kaspersky Lab",
                "Kaspersky Endpoint Security",
                Some("web-01"),
            ),
            item("Mozilla", "Firefox", Some("web-01")),
            item("HiSilicon", "HiSuite", None),
            item(
                "AO Kaspersky Lab",
                "Kaspersky Endpoint Security",
                Some("hr-02"),
            ),
            item("", "zz unnamed publisher", Some("hr-02")),
            item("Hikvision", "iVMS-4200", Some("cctv")),
        ]
    }

    fn facts(items: &[InventoryItem]) -> Vec<RowFacts> {
        let spec: [(Verdict, Option<&str>, usize); 6] = [
            (Verdict::Avoid, Some("kaspersky"), 2),
            (Verdict::Clear, None, 3),
            (Verdict::Clear, Some("huawei"), 1),
            (Verdict::Avoid, Some("kaspersky"), 1),
            (Verdict::Clear, None, 1),
            (Verdict::Review, Some("hikvision"), 1),
        ];
        items
            .iter()
            .zip(spec)
            .enumerate()
            .map(|(index, (item, (verdict, entity, rows)))| {
                let entity = entity.map(|id| {
                    let name = match id {
                        "kaspersky" => "Kaspersky",
                        "huawei" => "Huawei",
                        _ => "Hikvision",
                    };
                    (id.to_owned(), name.to_owned())
                });
                RowFacts::new(index, item, verdict, entity, rows)
            })
            .collect()
    }

    fn order(rows: &[&RowFacts]) -> Vec<usize> {
        rows.iter().map(|r| r.index).collect()
    }

    #[test]
    fn sorting_is_stable_in_both_directions() {
        let items = fixture();
        let facts = facts(&items);
        let all = Filters::default();
        let sort = |key, direction| Sort { key, direction };
        use Direction::{Ascending as Up, Descending as Down};
        let cases: &[(Sort, &[usize])] = &[
            // Ties keep the inventory's order whichever the direction.
            (Sort::default(), &[0, 3, 5, 1, 2, 4]),
            (sort(SortKey::Verdict, Up), &[1, 2, 4, 5, 0, 3]),
            (sort(SortKey::Product, Up), &[1, 2, 5, 0, 3, 4]),
            (sort(SortKey::Product, Down), &[4, 0, 3, 5, 2, 1]),
            // A blank publisher sorts last both ways.
            (sort(SortKey::Publisher, Up), &[0, 3, 5, 2, 1, 4]),
            (sort(SortKey::Publisher, Down), &[1, 2, 5, 0, 3, 4]),
            (sort(SortKey::Supplier, Up), &[5, 2, 0, 3, 1, 4]),
            (sort(SortKey::Supplier, Down), &[0, 3, 2, 5, 1, 4]),
            (sort(SortKey::Rows, Down), &[1, 0, 2, 3, 4, 5]),
            (sort(SortKey::Rows, Up), &[2, 3, 4, 5, 0, 1]),
        ];
        for (s, want) in cases {
            assert_eq!(order(&shown(&facts, &all, *s)), *want, "{s:?}");
        }
    }

    #[test]
    fn filters_combine() {
        let items = fixture();
        let facts = facts(&items);
        let by = |entity: Option<Choice>, system: Option<Choice>, verdict, search: &str| Filters {
            verdict,
            entity,
            system,
            search: search.to_owned(),
        };
        let is = |s: &str| Some(Choice::Is(s.to_owned()));
        let cases: &[(Filters, &[usize])] = &[
            (by(is("kaspersky"), None, None, ""), &[0, 3]),
            (by(Some(Choice::Without), None, None, ""), &[1, 4]),
            (by(None, is("hr-02"), None, ""), &[3, 4]),
            (by(None, Some(Choice::Without), None, ""), &[2]),
            (by(is("kaspersky"), is("web-01"), None, ""), &[0]),
            (by(None, None, Some(Verdict::Review), ""), &[5]),
            (by(None, None, None, "FIREFOX"), &[1]),
            // The search also finds the supplier's name.
            (by(None, None, None, "huawei"), &[2]),
            (by(is("huawei"), is("web-01"), None, ""), &[]),
        ];
        for (filters, want) in cases {
            let mut got = order(&shown(&facts, filters, Sort::default()));
            got.sort_unstable();
            assert_eq!(got, *want, "{filters:?}");
        }
    }

    #[test]
    fn pressing_a_header_turns_the_order_round() {
        let cases: &[(Sort, SortKey, SortKey, Direction)] = &[
            (
                Sort::default(),
                SortKey::Verdict,
                SortKey::Verdict,
                Direction::Ascending,
            ),
            (
                Sort::default(),
                SortKey::Product,
                SortKey::Product,
                Direction::Ascending,
            ),
            (
                Sort::default(),
                SortKey::Rows,
                SortKey::Rows,
                Direction::Descending,
            ),
            (
                Sort {
                    key: SortKey::Product,
                    direction: Direction::Ascending,
                },
                SortKey::Product,
                SortKey::Product,
                Direction::Descending,
            ),
        ];
        for (from, press, key, direction) in cases {
            assert_eq!(
                from.pressed(*press),
                Sort {
                    key: *key,
                    direction: *direction
                }
            );
        }
        let s = Sort::default();
        assert_eq!(s.aria(SortKey::Verdict), "descending");
        assert_eq!(s.aria(SortKey::Product), "none");
        assert_eq!(
            s.pressed(SortKey::Verdict).aria(SortKey::Verdict),
            "ascending"
        );
    }

    #[test]
    fn choices_round_trip_through_option_values() {
        let cases: &[(&str, Option<Choice>)] = &[
            ("", None),
            ("none", Some(Choice::Without)),
            ("is:web-01", Some(Choice::Is("web-01".into()))),
            ("is:none", Some(Choice::Is("none".into()))),
            ("is:", Some(Choice::Is(String::new()))),
        ];
        for (value, want) in cases {
            let got = Choice::parse(value);
            assert_eq!(&got, want, "{value}");
            if let Some(c) = got {
                assert_eq!(c.value(), *value);
            }
        }
    }

    #[test]
    fn options_and_the_count_read_naturally() {
        let items = fixture();
        let facts = facts(&items);
        let names: Vec<String> = entity_options(&facts).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["Hikvision", "Huawei", "Kaspersky"]);
        assert_eq!(system_options(&facts), ["cctv", "hr-02", "web-01"]);
        let filters = Filters {
            entity: Some(Choice::Is("kaspersky".into())),
            ..Filters::default()
        };
        let rows = shown(&facts, &filters, Sort::default());
        assert_eq!(
            showing(&rows, &facts, Sort::default(), 0),
            "Showing 3 of 9 items in 2 lines, sorted by verdict, most severe first."
        );
        let single = &facts[..1];
        let one: Vec<&RowFacts> = single.iter().collect();
        let product = Sort {
            key: SortKey::Product,
            direction: Direction::Descending,
        };
        assert_eq!(
            showing(&one, single, product, 0),
            "Showing 2 of 2 items in 1 line, sorted by product, Z to A."
        );
        let ones: Vec<RowFacts> = facts.iter().filter(|r| r.rows == 1).cloned().collect();
        let all: Vec<&RowFacts> = ones.iter().collect();
        assert_eq!(
            showing(&all, &ones, Sort::default(), 0),
            "Showing 4 of 4 items, sorted by verdict, most severe first."
        );
    }

    #[test]
    fn more_lines_than_a_page_say_which_are_shown() {
        let item = InventoryItem::new("Example", "App");
        let many: Vec<RowFacts> = (0..2_345)
            .map(|i| RowFacts::new(i, &item, Verdict::Clear, None, 2))
            .collect();
        let all: Vec<&RowFacts> = many.iter().collect();
        assert_eq!(pages(all.len()), 47);
        assert_eq!(pages(0), 1);
        assert_eq!(
            showing(&all, &many, Sort::default(), 1),
            "Showing lines 51–100 of 2,345 (4,690 of 4,690 items), sorted by verdict, most severe first."
        );
        assert_eq!(
            showing(&all, &many, Sort::default(), 46),
            "Showing lines 2,301–2,345 of 2,345 (4,690 of 4,690 items), sorted by verdict, most severe first."
        );
    }

    #[test]
    fn page_numbers_show_the_ends_and_the_neighbours_with_ellipses() {
        let show = |current, count| -> String {
            page_numbers(current, count)
                .into_iter()
                .map(|p| p.map_or("…".to_owned(), |p| (p + 1).to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(0, 1), "1");
        assert_eq!(show(0, 2), "1 2");
        assert_eq!(show(0, 10), "1 2 … 10");
        assert_eq!(show(4, 10), "1 … 4 5 6 … 10");
        // A gap of one page shows that page, not an ellipsis.
        assert_eq!(show(2, 10), "1 2 3 4 … 10");
        assert_eq!(show(9, 10), "1 … 9 10");
        assert_eq!(show(7, 10), "1 … 7 8 9 10");
    }
}
