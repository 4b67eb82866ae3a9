//! The findings table: one row per distinct item (identical rows grouped),
//! filtered by verdict, supplier and system, searched, and sorted by its
//! column headers (the GOV.UK / MOJ sortable table pattern: a button in each
//! sortable header, `aria-sort` on the header). How many rows are shown is
//! announced in a polite status region.
//!
//! A line is one distinct item on one system ([`Checked::lines`]): a fleet's
//! export has hundreds of thousands. What the table filters and sorts on is
//! worked out once per check ([`Lines`]), its text once per distinct item
//! and system, and the lines are ordered by a radix sort on a number per
//! line, so that a filter or a sort on 200,000 lines stays well under the
//! page's bound of 200 ms on a task. The filtering and sorting are plain
//! functions, tested natively.

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

/// What the table filters and sorts on about one distinct item, shared by
/// all its lines (a registry export of a fleet has a line per item per
/// system: a million lines of 70,000 items). Its text is lower-cased once
/// per check, so that a keystroke in the search or a sort does no case
/// folding.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFacts {
    pub verdict: Verdict,
    /// The matched entity's id and name.
    pub entity: Option<(String, String)>,
    /// Sort keys: trimmed and lower-cased, none for a blank.
    publisher_key: Option<String>,
    product_key: Option<String>,
    supplier_key: Option<String>,
    /// The text the search looks in (publisher, product, version,
    /// supplier), lower-cased, each apart from the next by a character no
    /// search holds.
    text: String,
}

/// Between the fields of [`ItemFacts::text`]: a search never spans two.
const APART: char = '\u{1f}';

impl ItemFacts {
    pub fn new(
        item: &InventoryItem,
        verdict: Verdict,
        entity: Option<(String, String)>,
    ) -> ItemFacts {
        let key = |text: Option<&str>| text.map(str::trim).filter(|s| !s.is_empty()).map(lowercase);
        let mut text = String::new();
        for field in [&item.publisher, &item.product, &item.version]
            .into_iter()
            .flatten()
        {
            text.push_str(field);
            text.push(APART);
        }
        if let Some((_, name)) = &entity {
            text.push_str(name);
        }
        ItemFacts {
            verdict,
            publisher_key: key(item.publisher.as_deref()),
            product_key: key(item.product.as_deref()),
            supplier_key: key(entity.as_ref().map(|(_, n)| n.as_str())),
            text: lowercase(&text),
            entity,
        }
    }

    /// The key an item is sorted by under `key`, for a text column.
    fn text_key(&self, key: SortKey) -> Option<&str> {
        match key {
            SortKey::Product => self.product_key.as_deref(),
            SortKey::Publisher => self.publisher_key.as_deref(),
            SortKey::Supplier => self.supplier_key.as_deref(),
            SortKey::Verdict | SortKey::Rows => None,
        }
    }
}

/// A line with no system given, in [`LineFacts::system`].
const NO_SYSTEM: u32 = u32::MAX;

/// One line of the table: its item's facts, its system, how many rows.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LineFacts {
    /// Into [`Lines::items`].
    item: u32,
    /// Into [`Lines::systems`], or [`NO_SYSTEM`].
    system: u32,
    rows: u64,
}

/// What the table needs of a check, worked out once per check rather than
/// on every render (a filter change, a page turned). Lines are numbered as
/// [`Checked::lines`] numbers them.
#[derive(Debug, PartialEq)]
pub struct Lines {
    items: Vec<ItemFacts>,
    lines: Vec<LineFacts>,
    /// Every system named, once, in the order first seen, and lower-cased
    /// for the search.
    systems: Vec<String>,
    system_keys: Vec<String>,
    /// The filters' choices: suppliers by name, systems sorted (none when
    /// there are more than [`SYSTEM_CHOICES`]).
    entities: Vec<(String, String)>,
    system_options: Vec<String>,
    unmatched: bool,
    systemless: bool,
    rows: u64,
}

impl Lines {
    /// The lines of a check.
    pub fn of(checked: &Checked, rules: &RuleSet) -> Lines {
        let evaluations = &checked.evaluations;
        let items = (checked.prepared.inventory.items().iter().zip(evaluations))
            .map(|(item, e)| {
                let entity = e.matched.as_ref().map(|m| {
                    let name = rules
                        .entity(&m.entity)
                        .map_or_else(|| m.entity.clone(), |en| en.name.clone());
                    (m.entity.clone(), name)
                });
                ItemFacts::new(item, e.outcome.verdict, entity)
            })
            .collect();
        let inventory = &checked.prepared.inventory;
        let lines =
            (checked.lines().iter()).map(|l| (l.item.index(), l.system.map(|s| s.index()), l.rows));
        Lines::new(items, inventory.systems().to_vec(), lines)
    }

    /// Lines of `items` on `systems`, each given as its item's index, its
    /// system's and its rows.
    pub fn new(
        items: Vec<ItemFacts>,
        systems: Vec<String>,
        lines: impl Iterator<Item = (usize, Option<usize>, u64)>,
    ) -> Lines {
        let lines: Vec<LineFacts> = lines
            .map(|(item, system, rows)| LineFacts {
                item: u32::try_from(item).unwrap_or(u32::MAX),
                system: system
                    .filter(|s| systems.get(*s).is_some_and(|s| !s.trim().is_empty()))
                    .and_then(|s| u32::try_from(s).ok())
                    .unwrap_or(NO_SYSTEM),
                rows,
            })
            .collect();
        let mut system_options = Vec::new();
        if systems.len() <= SYSTEM_CHOICES {
            system_options.clone_from(&systems);
            sort_with(&mut system_options, |a, b| lowercase_cmp(a, b));
        }
        let mut entities: Vec<(String, String)> = Vec::new();
        for (id, name) in items.iter().filter_map(|f| f.entity.as_ref()) {
            if !entities.iter().any(|(i, _)| i == id) {
                entities.push((id.clone(), name.clone()));
            }
        }
        sort_with(&mut entities, |a, b| {
            lowercase_cmp(&a.1, &b.1).then_with(|| a.0.cmp(&b.0))
        });
        let item_of = |l: &LineFacts| items.get(l.item as usize);
        Lines {
            unmatched: lines
                .iter()
                .any(|l| item_of(l).is_some_and(|f| f.entity.is_none())),
            systemless: lines.iter().any(|l| l.system == NO_SYSTEM),
            rows: lines.iter().map(|l| l.rows).fold(0, u64::saturating_add),
            system_keys: systems.iter().map(|s| lowercase(s)).collect(),
            systems,
            system_options,
            entities,
            items,
            lines,
        }
    }

    /// A line's system, if it names one.
    pub fn system(&self, line: usize) -> Option<&str> {
        let system = self.lines.get(line)?.system;
        self.systems.get(system as usize).map(String::as_str)
    }

    /// A line's item's facts.
    pub fn item(&self, line: usize) -> Option<&ItemFacts> {
        self.items.get(self.lines.get(line)?.item as usize)
    }

    /// Each item's place in the order of a text column (equal keys, equal
    /// places; a blank [`BLANK`], last either way): the lines are then
    /// ordered by their item's place, in linear time however many there
    /// are, and only the distinct items are compared. None for a column
    /// that is not text. Worked out once per column, not per search typed
    /// (a sort of 72,000 names is 50 ms in the page).
    pub fn places(&self, key: SortKey) -> Vec<u32> {
        if matches!(key, SortKey::Verdict | SortKey::Rows) {
            return Vec::new();
        }
        let mut by_key: Vec<(usize, &str)> = (self.items.iter().enumerate())
            .filter_map(|(i, f)| Some((i, f.text_key(key)?)))
            .collect();
        sort_with(&mut by_key, |a, b| a.1.cmp(b.1));
        let mut places = vec![BLANK; self.items.len()];
        let (mut place, mut before) = (0_u32, None);
        for (i, key) in by_key {
            if before.is_some_and(|b| b != key) {
                place = place.saturating_add(1);
            }
            before = Some(key);
            if let Some(p) = places.get_mut(i) {
                *p = place;
            }
        }
        places
    }

    /// The lines to show, filtered then sorted, by their numbers, with the
    /// sort column's [`places`](Lines::places). The sort is stable: lines
    /// that tie keep the inventory's order, whichever the direction.
    pub fn shown(&self, filters: &Filters, sort: Sort, places: &[u32]) -> Vec<u32> {
        let needle = lowercase(filters.search.trim());
        let found = |texts: &mut dyn Iterator<Item = &String>| -> Vec<bool> {
            texts.map(|t| t.contains(&needle)).collect()
        };
        let (items_found, systems_found) = if needle.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            (
                found(&mut self.items.iter().map(|f| &f.text)),
                found(&mut self.system_keys.iter()),
            )
        };
        let system = match &filters.system {
            None => None,
            Some(Choice::Without) => Some(NO_SYSTEM),
            Some(Choice::Is(want)) => Some(
                (self.systems.iter().position(|s| s == want))
                    .and_then(|at| u32::try_from(at).ok())
                    .unwrap_or(NO_SYSTEM.saturating_sub(1)),
            ),
        };
        let flag = |of: &[bool], at: u32| of.get(at as usize).copied().unwrap_or(false);
        let kept = (self.lines.iter().zip(0_u32..)).filter(|(l, _)| {
            let Some(item) = self.items.get(l.item as usize) else {
                return false;
            };
            filters.verdict.is_none_or(|v| item.verdict == v)
                && Choice::admits(
                    filters.entity.as_ref(),
                    item.entity.as_ref().map(|(id, _)| id.as_str()),
                )
                && system.is_none_or(|s| l.system == s)
                && (needle.is_empty()
                    || flag(&items_found, l.item)
                    || flag(&systems_found, l.system))
        });
        let item_key = |l: &LineFacts, of: &dyn Fn(&ItemFacts) -> u32| {
            self.items.get(l.item as usize).map_or(BLANK, of)
        };
        let descending = sort.direction == Direction::Descending;
        // Keys ascending: a descending order turns each key round, but a
        // blank stays last.
        let turn = |k: u32| {
            if descending && k != BLANK {
                BLANK.saturating_sub(1).saturating_sub(k)
            } else {
                k
            }
        };
        let keyed: Vec<(u32, u32)> = kept
            .map(|(l, n)| {
                let key = match sort.key {
                    SortKey::Verdict => item_key(l, &|f| f.verdict as u32),
                    SortKey::Rows => u32::try_from(l.rows).unwrap_or(u32::MAX.saturating_sub(1)),
                    SortKey::Product | SortKey::Publisher | SortKey::Supplier => {
                        places.get(l.item as usize).copied().unwrap_or(BLANK)
                    }
                };
                (turn(key), n)
            })
            .collect();
        sort_by_key(keyed)
    }

    /// What the status region says: `Showing 4 of 12 items in 3 lines,
    /// sorted by verdict, most severe first.` Items are rows, as the
    /// headline counts them; a line of the table stands for identical rows,
    /// with their count. When the lines take more than a page, it says
    /// which are on this one: `Showing lines 51–100 of 2,000 (2,400 of
    /// 3,000 items), sorted by …`.
    pub fn showing(&self, shown: &[u32], sort: Sort, page: usize) -> String {
        let shown_rows = (shown.iter())
            .filter_map(|l| self.lines.get(*l as usize))
            .map(|l| l.rows)
            .fold(0, u64::saturating_add);
        let total_rows = self.rows;
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
                thousands(shown_rows),
                thousands(total_rows),
                sort.words()
            );
        }
        let lines = if shown_rows == shown.len() as u64 {
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
}

/// The key of a blank: last in either direction.
const BLANK: u32 = u32::MAX;

/// Lines (each with its key) in the order of their keys, ties in the order
/// given: a stable radix sort, two passes of 16 bits, so that ordering a
/// million lines costs two passes over them (comparing them took seconds).
fn sort_by_key(keyed: Vec<(u32, u32)>) -> Vec<u32> {
    let high = keyed.iter().any(|(k, _)| *k > 0xFFFF);
    let low = radix_pass(&keyed, 0);
    let sorted = if high { radix_pass(&low, 16) } else { low };
    sorted.into_iter().map(|(_, line)| line).collect()
}

/// One pass of [`sort_by_key`]: a stable counting sort on 16 bits of the key.
fn radix_pass(from: &[(u32, u32)], shift: u32) -> Vec<(u32, u32)> {
    let digit = |k: u32| ((k >> shift) & 0xFFFF) as usize;
    let mut starts = vec![0_usize; 1 << 16];
    for (k, _) in from {
        if let Some(n) = starts.get_mut(digit(*k)) {
            *n = n.saturating_add(1);
        }
    }
    let mut sum = 0_usize;
    for n in &mut starts {
        let count = *n;
        *n = sum;
        sum = sum.saturating_add(count);
    }
    let mut to = vec![(0, 0); from.len()];
    for (k, line) in from {
        if let Some(at) = starts.get_mut(digit(*k)) {
            if let Some(slot) = to.get_mut(*at) {
                *slot = (*k, *line);
            }
            *at = at.saturating_add(1);
        }
    }
    to
}

/// Systems the system filter offers at most: a fleet's export names tens
/// of thousands, too many to choose from (or to draw) in a list; the
/// search finds one by its name.
const SYSTEM_CHOICES: usize = 1_000;

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

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub engine: Engine,
    pub checked: SharedChecked,
    /// Opens a line's detail, by its index in [`Checked::lines`].
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
        |(engine, checked)| Lines::of(checked, &engine.0),
    );
    // The filtered, sorted lines, by number: worked out again only when
    // the filters, the order or the check change, never for a page turned.
    let places = use_memo((sort.key, Rc::clone(&lines)), |(key, lines)| {
        lines.places(*key)
    });
    let order = use_memo(
        ((*filters).clone(), *sort, Rc::clone(&lines), places),
        |(filters, sort, lines, places)| lines.shown(filters, *sort, places),
    );
    let page_count = pages(order.len());
    let current = (*page).min(page_count.saturating_sub(1));
    let page_lines = order
        .iter()
        .skip(current.saturating_mul(PAGE_LINES))
        .take(PAGE_LINES);
    let (entities, systems) = (&lines.entities, &lines.system_options);
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
            <p class="hint" role="status" data-testid="shown-count">{ lines.showing(&order, *sort, current) }</p>
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
                        { for page_lines.map(|n| row(rules, checked, &lines, *n as usize, &props.on_view)) }
                    </tbody>
                </table>
            </div>
            if page_count > 1 {
                { pagination(current, page_count, &on_page) }
            }
            if order.is_empty() {
                <p data-testid="no-rows">{ "No items match. Choose other filters or change the search." }</p>
            }
        </>
    }
}

fn row(
    rules: &RuleSet,
    checked: &Checked,
    lines: &Lines,
    index: usize,
    on_view: &Callback<usize>,
) -> Html {
    let Some((line, facts)) = checked.lines().get(index).zip(lines.item(index)) else {
        return html! {};
    };
    let Some(item) = checked.item(line) else {
        return html! {};
    };
    let evaluation = checked.evaluation(line);
    let system = lines.system(index).unwrap_or_default().to_owned();
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
            data-system={system.clone()}
            data-entity={facts.entity.as_ref().map(|(id, _)| id.clone()).unwrap_or_default()}>
            <td data-label="Publisher">{ item.publisher.clone().unwrap_or_default() }</td>
            <td data-label="Product" class="table__product">{ item.product.clone().unwrap_or_default() }</td>
            <td data-label="Version">{ item.version.clone().unwrap_or_default() }</td>
            <td data-label="System">{ system }</td>
            <td data-label="Verdict" class="table__verdict">
                if let Some(e) = evaluation {
                    { outcome_tag(&e.outcome) }
                    if let Some(a) = e.acceptance.as_ref().filter(|_| e.accepted()) {
                        <span class="hint" data-testid="row-accepted">
                            { format!(" Risk accepted until {}.", a.risk.until.long()) }
                        </span>
                    }
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
            <td data-label="Supplier">{ facts.entity.as_ref().map(|(_, n)| n.clone()).unwrap_or_default() }</td>
            <td data-label="Guidance from">{ evaluation.map(|e| guidance_from(rules, e)).unwrap_or_default() }</td>
            <td data-label="Items" class="numeric">{ line.rows.to_string() }</td>
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

    /// Six lines of five items: Kaspersky on two systems.
    fn fixture() -> Lines {
        let facts = |publisher: &str, product: &str, verdict, entity: Option<(&str, &str)>| {
            let entity = entity.map(|(id, name)| (id.to_owned(), name.to_owned()));
            ItemFacts::new(&InventoryItem::new(publisher, product), verdict, entity)
        };
        let items = vec![
            facts(
                "AO Kaspersky Lab",
                "Kaspersky Endpoint Security",
                Verdict::Avoid,
                Some(("kaspersky", "Kaspersky")),
            ),
            facts("Mozilla", "Firefox", Verdict::Clear, None),
            facts(
                "HiSilicon",
                "HiSuite",
                Verdict::Clear,
                Some(("huawei", "Huawei")),
            ),
            facts("", "zz unnamed publisher", Verdict::Clear, None),
            facts(
                "Hikvision",
                "iVMS-4200",
                Verdict::Review,
                Some(("hikvision", "Hikvision")),
            ),
        ];
        let systems = ["web-01", "hr-02", "cctv"].map(str::to_owned).to_vec();
        let lines = [
            (0, Some(0), 2),
            (1, Some(0), 3),
            (2, None, 1),
            (0, Some(1), 1),
            (3, Some(1), 1),
            (4, Some(2), 1),
        ];
        Lines::new(items, systems, lines.into_iter())
    }

    fn shown(lines: &Lines, filters: &Filters, sort: Sort) -> Vec<u32> {
        lines.shown(filters, sort, &lines.places(sort.key))
    }

    #[test]
    fn sorting_is_stable_in_both_directions() {
        let lines = fixture();
        let all = Filters::default();
        let sort = |key, direction| Sort { key, direction };
        use Direction::{Ascending as Up, Descending as Down};
        let cases: &[(Sort, &[u32])] = &[
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
            assert_eq!(shown(&lines, &all, *s), *want, "{s:?}");
        }
    }

    #[test]
    fn filters_combine() {
        let lines = fixture();
        let by = |entity: Option<Choice>, system: Option<Choice>, verdict, search: &str| Filters {
            verdict,
            entity,
            system,
            search: search.to_owned(),
        };
        let is = |s: &str| Some(Choice::Is(s.to_owned()));
        let cases: &[(Filters, &[u32])] = &[
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
            let mut got = shown(&lines, filters, Sort::default());
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
        let lines = fixture();
        let names: Vec<&str> = (lines.entities.iter()).map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["Hikvision", "Huawei", "Kaspersky"]);
        assert_eq!(lines.system_options, ["cctv", "hr-02", "web-01"]);
        assert!(lines.unmatched && lines.systemless);
        let filters = Filters {
            entity: Some(Choice::Is("kaspersky".into())),
            ..Filters::default()
        };
        let kaspersky = shown(&lines, &filters, Sort::default());
        assert_eq!(
            lines.showing(&kaspersky, Sort::default(), 0),
            "Showing 3 of 9 items in 2 lines, sorted by verdict, most severe first."
        );
        let product = Sort {
            key: SortKey::Product,
            direction: Direction::Descending,
        };
        assert_eq!(
            lines.showing(&[0], product, 0),
            "Showing 2 of 9 items in 1 line, sorted by product, Z to A."
        );
        assert_eq!(
            lines.showing(&[2, 3, 4, 5], Sort::default(), 0),
            "Showing 4 of 9 items, sorted by verdict, most severe first."
        );
    }

    #[test]
    fn more_lines_than_a_page_say_which_are_shown() {
        let item = ItemFacts::new(&InventoryItem::new("Example", "App"), Verdict::Clear, None);
        let many = Lines::new(vec![item], Vec::new(), (0..2_345).map(|_| (0, None, 2)));
        let all = shown(&many, &Filters::default(), Sort::default());
        assert_eq!(pages(all.len()), 47);
        assert_eq!(pages(0), 1);
        assert_eq!(
            many.showing(&all, Sort::default(), 1),
            "Showing lines 51–100 of 2,345 (4,690 of 4,690 items), sorted by verdict, most severe first."
        );
        assert_eq!(
            many.showing(&all, Sort::default(), 46),
            "Showing lines 2,301–2,345 of 2,345 (4,690 of 4,690 items), sorted by verdict, most severe first."
        );
    }

    /// The radix sort against a comparison sort, on keys that need both
    /// passes and on many ties.
    #[test]
    fn lines_sort_by_key_stably() {
        let keys: Vec<u32> = (0..5_000_u32)
            .map(|i| i.wrapping_mul(2_654_435_761) % if i % 2 == 0 { 7 } else { 200_000 })
            .collect();
        let keyed: Vec<(u32, u32)> = keys.iter().copied().zip(0..).collect();
        let mut want: Vec<(u32, u32)> = keyed.clone();
        want.sort_by_key(|(k, _)| *k);
        let want: Vec<u32> = want.into_iter().map(|(_, l)| l).collect();
        assert_eq!(sort_by_key(keyed), want);
        assert_eq!(sort_by_key(Vec::new()), Vec::<u32>::new());
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
