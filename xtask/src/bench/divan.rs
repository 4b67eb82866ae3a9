//! Reading divan's table (the phase benches, crates/vrc-import/benches/
//! pipeline.rs): each benchmark's median by its argument. divan 0.1 has no
//! machine-readable output, so its tree is read:
//!
//! ```text
//! pipeline              fastest  │ slowest  │ median   │ mean     │ samples │ iters
//! ├─ evaluate_phase              │          │          │          │         │
//! │  ╰─ inv-10000-1000  46.76 µs │ 94.83 µs │ 57.7 µs  │ 63.83 µs │ 5       │ 5
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

/// Medians by (benchmark, argument).
pub type Medians = BTreeMap<(String, String), Duration>;

/// Every benchmark's median in divan's output.
pub fn medians(output: &str) -> Result<Medians, String> {
    let mut medians = Medians::new();
    let mut bench = None;
    for line in output.lines() {
        // An argument under a benchmark that is not the last starts with
        // the tree's bar: it is not a column.
        let body = line.trim_start();
        let body = body.strip_prefix('│').unwrap_or(body);
        let cells: Vec<&str> = body.split('│').collect();
        let Some(first) = cells.first() else { continue };
        let name_at = first.find("─ ").map(|i| i + "─ ".len());
        let Some(name_at) = name_at else { continue };
        let rest = first.get(name_at..).unwrap_or_default().trim();
        // A benchmark's line has only its name before the first bar; an
        // argument's has its name and the fastest time.
        let mut words = rest.split_whitespace();
        let Some(name) = words.next() else { continue };
        if words.next().is_none() {
            bench = Some(name.to_owned());
            continue;
        }
        let bench = bench
            .clone()
            .ok_or_else(|| format!("an argument before any benchmark: `{line}`"))?;
        let median = cells
            .get(2)
            .ok_or_else(|| format!("no median in `{line}`"))?;
        medians.insert((bench, name.to_owned()), duration(median)?);
    }
    if medians.is_empty() {
        return Err(format!("no benchmark results in divan's output:\n{output}"));
    }
    Ok(medians)
}

/// `57.7 µs`, `3.291 ms`, `1.2 s`, `20 ns`.
fn duration(text: &str) -> Result<Duration, String> {
    let mut words = text.split_whitespace();
    let (Some(value), Some(unit)) = (words.next(), words.next()) else {
        return Err(format!("`{}` is not a time", text.trim()));
    };
    let value: f64 = value
        .parse()
        .map_err(|_| format!("`{}` is not a time", text.trim()))?;
    let nanos = match unit {
        "ns" => value,
        "µs" | "us" => value * 1e3,
        "ms" => value * 1e6,
        "s" => value * 1e9,
        other => return Err(format!("`{other}` is not a unit of time")),
    };
    // Rounded to whole nanoseconds: `57.7 µs` is 57,700 ns, not 57,699.
    Ok(Duration::from_nanos(nanos.round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_are_read_from_the_tree() {
        let out = "\
Timer precision: 20 ns
pipeline              fastest       │ slowest       │ median        │ mean          │ samples │ iters
├─ evaluate_phase                   │               │               │               │         │
│  ├─ inv-10000-1000  46.76 µs      │ 94.83 µs      │ 57.7 µs       │ 63.83 µs      │ 5       │ 5
│  ╰─ inv-1000000-100000  1.2 s     │ 1.5 s         │ 1.3 s         │ 1.3 s         │ 5       │ 5
╰─ whole                            │               │               │               │         │
   ╰─ inv-10000-1000  4.95 ms       │ 5.549 ms      │ 4.979 ms      │ 5.137 ms      │ 5       │ 5
";
        let m = medians(out).unwrap();
        let get = |b: &str, a: &str| m.get(&(b.to_owned(), a.to_owned())).copied();
        assert_eq!(
            get("evaluate_phase", "inv-10000-1000"),
            Some(Duration::from_nanos(57_700))
        );
        assert_eq!(
            get("evaluate_phase", "inv-1000000-100000"),
            Some(Duration::from_millis(1_300))
        );
        assert_eq!(
            get("whole", "inv-10000-1000"),
            Some(Duration::from_micros(4_979))
        );
        assert_eq!(m.len(), 3);
        assert!(medians("nothing").is_err());
    }
}
