//! A sortable column header: a button inside `<th aria-sort>`, as in the
//! GOV.UK / MOJ sortable table. The arrow is decoration; `aria-sort` and the
//! table's status message say the order in words.

use yew::prelude::*;

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Verdict,
    Product,
    Publisher,
    Supplier,
    Rows,
}

impl SortKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Verdict => "verdict",
            SortKey::Product => "product",
            SortKey::Publisher => "publisher",
            SortKey::Supplier => "supplier",
            SortKey::Rows => "rows",
        }
    }

    /// The direction a first press sorts in: the most severe verdict and the
    /// most rows first, names from A to Z.
    fn first_direction(self) -> Direction {
        match self {
            SortKey::Verdict | SortKey::Rows => Direction::Descending,
            SortKey::Product | SortKey::Publisher | SortKey::Supplier => Direction::Ascending,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

/// The table's order: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub direction: Direction,
}

impl Default for Sort {
    /// The most severe verdict first.
    fn default() -> Sort {
        Sort {
            key: SortKey::Verdict,
            direction: Direction::Descending,
        }
    }
}

impl Sort {
    /// The order after pressing a column's header: the same column turns
    /// round, another starts in its own first direction.
    pub fn pressed(self, key: SortKey) -> Sort {
        if key == self.key {
            let direction = match self.direction {
                Direction::Ascending => Direction::Descending,
                Direction::Descending => Direction::Ascending,
            };
            Sort { key, direction }
        } else {
            Sort {
                key,
                direction: key.first_direction(),
            }
        }
    }

    /// The `aria-sort` value of a column's header.
    pub fn aria(self, key: SortKey) -> &'static str {
        match (key == self.key, self.direction) {
            (false, _) => "none",
            (true, Direction::Ascending) => "ascending",
            (true, Direction::Descending) => "descending",
        }
    }

    /// `verdict, most severe first`.
    pub fn words(self) -> String {
        let (name, ascending, descending) = match self.key {
            SortKey::Verdict => ("verdict", "least severe first", "most severe first"),
            SortKey::Rows => ("items", "fewest first", "most first"),
            SortKey::Product => ("product", "A to Z", "Z to A"),
            SortKey::Publisher => ("publisher", "A to Z", "Z to A"),
            SortKey::Supplier => ("supplier", "A to Z", "Z to A"),
        };
        let way = match self.direction {
            Direction::Ascending => ascending,
            Direction::Descending => descending,
        };
        format!("{name}, {way}")
    }
}

/// The header of the `key` column. A plain function rather than a component
/// (it has no state).
pub fn sort_header(
    label: &'static str,
    key: SortKey,
    sort: Sort,
    on_sort: &Callback<SortKey>,
    numeric: bool,
) -> Html {
    let aria = sort.aria(key);
    let onclick = on_sort.reform(move |_: MouseEvent| key);
    // Up, down, or both for a column not sorted on.
    let arrow = match aria {
        "ascending" => "M5 1 L9 7 L1 7 Z",
        "descending" => "M1 9 L9 9 L5 15 Z",
        _ => "M5 1 L9 6 L1 6 Z M1 10 L9 10 L5 15 Z",
    };
    html! {
        <th scope="col" aria-sort={aria} class={classes!(numeric.then_some("numeric"))}>
            <button type="button" class="sort-button" data-sort-key={key.as_str()} {onclick}>
                { label }
                <svg class="sort-button__icon" viewBox="0 0 10 16" width="10" height="16"
                    aria-hidden="true" focusable="false">
                    <path d={arrow} fill="currentColor" />
                </svg>
            </button>
        </th>
    }
}
