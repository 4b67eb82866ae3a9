//! The check pipeline phase by phase, one body of Rust for every way it is
//! timed: natively by this crate's binary (`vrc-phases`, `src/main.rs`) and
//! its divan benches (`benches/pipeline.rs`), and as wasm in headless
//! Chromium (`bench/phases.mjs` loads this library built for wasm32).
//! `cargo xtask bench` runs the binary and the wasm on the same files in the
//! same run and sets their medians side by side.
//!
//! The phases are those of `vrc_engine::inventory`, each timed on the output
//! of the one before, made outside the timing:
//!
//! - `import`: the file's bytes to rows (`Importer::for_each_row`), each
//!   dropped as it comes;
//! - `sort`: rows into distinct items (`Inventory::add`);
//! - `match`: each distinct name to an entity (`Matches::match_all`);
//! - `evaluate`: each distinct item in the context (`evaluate_while`);
//! - `output`: every row as `vrc check --format csv` writes it
//!   (`CsvWriter::write_item`, into a sink);
//! - `whole`: the bytes to the CSV, a row at a time, as the CLI does it
//!   (`Assessor::add` and `write_item`).
//!
//! The clock is the caller's ([`measure`] takes it: `Instant` natively,
//! `performance.now()` in the browser), since the engine reads none.
//!
//! The context is the one every peer in `bench/peers/` is checked against:
//! a US government supplier on 2026-12-01 that answered the pack's
//! questions (`bench/peers/rules.mjs`). The rules are the built-in pack.
//!
//! The engine is built as the page builds it, without its default
//! features: in wasm, NFKC and lower case of non-ASCII text come from the
//! browser through js-sys, as on the page; natively, from the tables.

use std::fmt::Write as _;
use std::hint::black_box;
use std::ops::ControlFlow;
use std::str::FromStr;
use std::sync::OnceLock;

use vrc_engine::inventory::{Inventory, ItemId, Matches};
use vrc_engine::report::CsvWriter;
use vrc_engine::{Context, Evaluation, InventoryItem, RuleSet, Verdict};
use vrc_import::Importer;

/// Talc, as every wasm of ours allocates (the page's `src/main.rs` says
/// why), so that the wasm's allocations cost what the page's do.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The phases, in the order they are timed.
pub const PHASES: [&str; 6] = ["import", "sort", "match", "evaluate", "output", "whole"];

/// The file name the importer is given: it picks the format from the bytes.
const FILE: &str = "inventory.csv";

/// The built-in pack, read once.
pub fn rules() -> Result<&'static RuleSet, String> {
    static RULES: OnceLock<Result<RuleSet, String>> = OnceLock::new();
    RULES
        .get_or_init(|| RuleSet::builtin().map_err(|err| format!("the built-in pack: {err}")))
        .as_ref()
        .map_err(Clone::clone)
}

fn parsed<T: FromStr>(text: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("`{text}` does not parse"))
}

/// The benchmark's context, as `vrc check -j US -s government-supplier
/// --as-of 2026-12-01 --answer …` builds it.
pub fn context() -> Result<Context, String> {
    let mut c = Context::new(parsed("2026-12-01")?);
    let us = parsed("US")?;
    c.jurisdictions.insert(us);
    c.main_jurisdiction = Some(us);
    c.sectors.insert(parsed("government-supplier")?);
    for (question, answer) in [
        ("surveillance-purpose", true),
        ("fcc-subsidy", false),
        ("us-federal-grant-funds", false),
        ("us-dod-contract", false),
    ] {
        c.answers.insert(question.to_owned(), answer);
    }
    Ok(c)
}

/// The `import` phase: every row read and dropped as it comes, as the CLI
/// drops it (keeping a million of them, as [`import`] does for the later
/// phases, would time their allocation too). Returns the rows with a
/// product, so that nothing is optimised away.
pub fn import_phase(bytes: &[u8]) -> Result<usize, String> {
    let mut products = 0usize;
    Importer::new()
        .for_each_row(FILE, bytes, |row| {
            products += usize::from(row.item.product.is_some());
            ControlFlow::Continue(())
        })
        .map_err(|err| err.to_string())?;
    Ok(products)
}

/// Every row, kept: the input of `sort` and `output`.
pub fn import(bytes: &[u8]) -> Result<Vec<InventoryItem>, String> {
    let mut rows = Vec::new();
    Importer::new()
        .for_each_row(FILE, bytes, |row| {
            rows.push(row.item);
            ControlFlow::Continue(())
        })
        .map_err(|err| err.to_string())?;
    Ok(rows)
}

/// The `sort` phase.
pub fn sort(rows: &[InventoryItem]) -> (Inventory, Vec<ItemId>) {
    let mut inventory = Inventory::new();
    let ids = rows.iter().map(|row| inventory.add(row)).collect();
    (inventory, ids)
}

/// The `match` phase.
pub fn matched(rules: &RuleSet, inventory: &Inventory) -> Matches {
    let mut matches = Matches::new();
    matches.match_all(rules, inventory);
    matches
}

/// The `evaluate` phase.
pub fn evaluate(
    rules: &RuleSet,
    context: &Context,
    inventory: &Inventory,
    matches: &Matches,
) -> Result<Vec<Evaluation>, String> {
    let mut evaluations = Vec::new();
    if vrc_engine::evaluated::evaluate_while(
        rules,
        context,
        inventory,
        matches,
        &mut evaluations,
        || true,
    ) {
        Ok(evaluations)
    } else {
        Err("evaluate_while stopped before the end".to_owned())
    }
}

/// The `output` phase.
pub fn output(
    context: &Context,
    rows: &[InventoryItem],
    ids: &[ItemId],
    evaluations: &[Evaluation],
) -> Result<(), String> {
    let mut csv = CsvWriter::new(std::io::sink(), context);
    for (row, id) in rows.iter().zip(ids) {
        let evaluation = evaluations
            .get(id.index())
            .ok_or("a row whose item has no evaluation")?;
        csv.write_item(&row.borrowed(), *id, evaluation)
            .map_err(|err| err.to_string())?;
    }
    csv.into_inner().map_err(|err| err.to_string())?;
    Ok(())
}

/// The `whole` phase: the bytes to the CSV in one pass, as `vrc check`.
/// Returns the distinct items.
pub fn whole(rules: &RuleSet, context: &Context, bytes: &[u8]) -> Result<usize, String> {
    let mut assessor = vrc_engine::Assessor::new(rules, context);
    let mut csv = CsvWriter::new(std::io::sink(), context);
    let mut failed = None;
    Importer::new()
        .for_each_row(FILE, bytes, |row| {
            let id = assessor.add(&row.item);
            if let Some(e) = assessor.evaluation(id)
                && let Err(err) = csv.write_item(&row.item.borrowed(), id, e)
            {
                failed = Some(err.to_string());
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        })
        .map_err(|err| err.to_string())?;
    if let Some(err) = failed {
        return Err(err);
    }
    csv.into_inner().map_err(|err| err.to_string())?;
    Ok(assessor.distinct_items())
}

/// What [`measure`] found on one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// Each phase of [`PHASES`] with its samples, in milliseconds.
    pub phases: Vec<(&'static str, Vec<f64>)>,
    /// Distinct items.
    pub distinct: usize,
    /// Rows by verdict, for the bench to check against `vrc check`'s.
    pub verdicts: Vec<(&'static str, u64)>,
}

/// Runs `f` `samples` times, timing each with `now` (milliseconds); each
/// result is dropped after its time is taken.
fn time<T>(
    samples: u32,
    now: &mut dyn FnMut() -> f64,
    mut f: impl FnMut() -> Result<T, String>,
) -> Result<Vec<f64>, String> {
    let mut ms = Vec::new();
    for _ in 0..samples {
        let start = now();
        let out = black_box(f()?);
        ms.push(now() - start);
        drop(out);
    }
    Ok(ms)
}

/// Every phase of [`PHASES`] on `bytes`, `samples` times each, timed by
/// `now`, a clock in milliseconds.
pub fn measure(
    bytes: &[u8],
    samples: u32,
    now: &mut dyn FnMut() -> f64,
) -> Result<Measured, String> {
    let rules = rules()?;
    let context = context()?;
    let mut phases = Vec::new();

    phases.push(("import", time(samples, now, || import_phase(bytes))?));
    let rows = import(bytes)?;
    phases.push(("sort", time(samples, now, || Ok(sort(&rows)))?));
    let (inventory, ids) = sort(&rows);
    phases.push((
        "match",
        time(samples, now, || Ok(matched(rules, &inventory)))?,
    ));
    let matches = matched(rules, &inventory);
    phases.push((
        "evaluate",
        time(samples, now, || {
            evaluate(rules, &context, &inventory, &matches)
        })?,
    ));
    let evaluations = evaluate(rules, &context, &inventory, &matches)?;
    phases.push((
        "output",
        time(samples, now, || output(&context, &rows, &ids, &evaluations))?,
    ));

    let mut verdicts: Vec<(&'static str, u64)> = [
        Verdict::Clear,
        Verdict::NoAction,
        Verdict::Review,
        Verdict::Avoid,
        Verdict::Prohibited,
    ]
    .iter()
    .map(|v| (v.as_str(), 0))
    .collect();
    for id in &ids {
        let verdict = evaluations
            .get(id.index())
            .ok_or("a row whose item has no evaluation")?
            .outcome
            .verdict;
        if let Some((_, n)) = verdicts.iter_mut().find(|(v, _)| *v == verdict.as_str()) {
            *n += 1;
        }
    }
    let distinct = inventory.len();
    // The whole pass starts from nothing: what the phases kept goes first.
    drop((rows, inventory, ids, matches, evaluations));
    phases.push((
        "whole",
        time(samples, now, || whole(rules, &context, bytes))?,
    ));
    Ok(Measured {
        phases,
        distinct,
        verdicts,
    })
}

/// The lines `cargo xtask bench` reads, for the file named `file` timed by
/// `engine` (`native`, or a wasm build's name):
///
/// ```text
/// phases file=inv-100000-1000.csv engine=native phase=import ms=20.512,20.733,…
/// phases file=inv-100000-1000.csv engine=native distinct=923 verdicts clear=99890 no-action=0 …
/// ```
pub fn report(file: &str, engine: &str, measured: &Measured) -> String {
    let mut out = String::new();
    for (phase, samples) in &measured.phases {
        let ms: Vec<String> = samples.iter().map(|ms| format!("{ms:.3}")).collect();
        let _ = writeln!(
            out,
            "phases file={file} engine={engine} phase={phase} ms={}",
            ms.join(",")
        );
    }
    let verdicts: Vec<String> = measured
        .verdicts
        .iter()
        .map(|(v, n)| format!("{v}={n}"))
        .collect();
    let _ = writeln!(
        out,
        "phases file={file} engine={engine} distinct={} verdicts {}",
        measured.distinct,
        verdicts.join(" ")
    );
    out
}

/// The wasm's entry, for bench/phases.mjs.
#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        /// The clock of the page or worker, in milliseconds.
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    /// [`super::measure`] on `bytes` (the file named `file`), with
    /// `performance.now()` as the clock; [`super::report`]'s lines.
    #[wasm_bindgen]
    pub fn phases(file: &str, engine: &str, bytes: &[u8], samples: u32) -> Result<String, String> {
        let measured = super::measure(bytes, samples, &mut now)?;
        Ok(super::report(file, engine, &measured))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock that moves one millisecond each time it is read.
    fn ticks() -> impl FnMut() -> f64 {
        let mut t = 0.0;
        move || {
            t += 1.0;
            t
        }
    }

    #[test]
    fn every_phase_is_timed_and_the_rows_counted() {
        let mut text = String::from("Hostname,DisplayName,DisplayVersion,Publisher\r\n");
        for i in 0..40 {
            let (publisher, product) = if i % 10 == 0 {
                (
                    "AO Kaspersky Lab",
                    "Kaspersky Endpoint Security for Windows",
                )
            } else {
                ("Example Software Ltd", "Line of business app")
            };
            text.push_str(&format!("PC-{i},{product},1.{},{publisher}\r\n", i % 3));
        }
        let measured = measure(text.as_bytes(), 2, &mut ticks()).unwrap();
        let phases: Vec<&str> = measured.phases.iter().map(|(p, _)| *p).collect();
        assert_eq!(phases, PHASES);
        // Each sample reads the clock twice, a millisecond apart.
        assert!(measured.phases.iter().all(|(_, ms)| ms == &[1.0, 1.0]));
        assert_eq!(measured.distinct, 6);
        let rows: u64 = measured.verdicts.iter().map(|(_, n)| n).sum();
        assert_eq!(rows, 40);
        assert!(
            measured
                .verdicts
                .iter()
                .any(|(v, n)| *v == "prohibited" && *n == 4)
        );

        let report = report("inv.csv", "native", &measured);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 7);
        assert_eq!(
            lines[0],
            "phases file=inv.csv engine=native phase=import ms=1.000,1.000"
        );
        assert!(
            lines[6].starts_with("phases file=inv.csv engine=native distinct=6 verdicts clear=36 ")
        );
    }
}
