//! One small stable sort for the engine, the importer and the web app.
//!
//! Each `slice::sort_by` call with its own closure or element type
//! instantiates the standard library's whole sort again, several KB of wasm
//! each. [`sort_with`] is a few bytes per use around one merge sort over
//! positions, which is plenty for the lists sorted here (rules, findings,
//! columns, skipped rows); the rows of an inventory are never sorted.

use std::cmp::Ordering;

/// Sorts stably by one comparator, like `slice::sort_by`.
pub fn sort_with<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = items;
        merge_order(items.len(), &|a, b| match (items.get(a), items.get(b)) {
            (Some(a), Some(b)) => compare(a, b),
            _ => Ordering::Equal,
        })
    };
    permute(items, &order);
}

/// Puts `items[order[i]]` at `i`, following each cycle of the permutation.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        loop {
            match placed.get_mut(at) {
                Some(placed) if !*placed => *placed = true,
                _ => break,
            }
            let Some(&from) = order.get(at) else { break };
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// The positions `0..len` in stable sorted order: a bottom-up merge sort.
fn merge_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged: Vec<usize> = Vec::with_capacity(len);
    let mut width = 1;
    while width < len {
        merged.clear();
        for run in order.chunks(width.saturating_mul(2)) {
            let (left, right) = run.split_at(width.min(run.len()));
            let mut left = left.iter().copied().peekable();
            let mut right = right.iter().copied().peekable();
            loop {
                let next = match (left.peek(), right.peek()) {
                    // Ties go to the left run, which keeps the sort stable.
                    (Some(&l), Some(&r)) if compare(r, l) == Ordering::Less => right.next(),
                    (Some(_), _) => left.next(),
                    (None, Some(_)) => right.next(),
                    (None, None) => break,
                };
                merged.extend(next);
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width = width.saturating_mul(2);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_with_is_a_stable_sort() {
        // A simple generator, so that the test needs no crate.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for len in 0..70 {
            for modulus in [1_u64, 3, 1000] {
                let items: Vec<(u64, usize)> = (0..len)
                    .map(|i| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        (seed % modulus, i)
                    })
                    .collect();
                let mut ours = items.clone();
                sort_with(&mut ours, |a, b| a.0.cmp(&b.0));
                let mut expected = items.clone();
                expected.sort_by_key(|a| a.0);
                assert_eq!(ours, expected, "len {len}, modulus {modulus}");
                let mut ours = items.clone();
                sort_with(&mut ours, |a, b| b.0.cmp(&a.0));
                let mut expected = items;
                expected.sort_by_key(|a| std::cmp::Reverse(a.0));
                assert_eq!(ours, expected, "reversed, len {len}, modulus {modulus}");
            }
        }
    }
}
