//! `cargo xtask bench`: the native engine, the engine as wasm in Chromium
//! and three JavaScript peers on the same generated inventories and the
//! same rules, side by side in one run, written into BENCHMARKS.md.
//!
//! What runs, in this order:
//!
//! 1. the inventories, generated into a temporary directory
//!    (`crate::inventory`, as `cargo xtask gen-inventory` writes them);
//! 2. the builds: `vrc` with the `cli` profile, the page (`tasks::build`),
//!    and the phases natively and for wasm ([`wasm_phases::build`]);
//! 3. `vrc check --format csv` once on each inventory, its rows counted by
//!    verdict: the reference every other figure's verdicts must equal;
//! 4. whole processes, timed with their peak memory: `vrc` and each peer in
//!    `bench/peers/` (Node), in turns (each run of each on each input,
//!    then the next run), so that a change in the machine's load falls on
//!    all of them alike; each peer's verdict counts are checked on its first
//!    run, and any difference stops the bench;
//! 5. the engine's phases (divan: `bench/phases/benches/pipeline.rs`,
//!    built with the `cli` profile, as the CLI is), then the same phases'
//!    code natively and as wasm in Chromium side by side (`bench/phases`,
//!    [`wasm_phases`]) at 100,000 rows and more;
//! 6. the page in headless Chromium (`bench/browser.mjs`): choosing the
//!    file to the summary, the longest main-thread task, peak memory, and
//!    its counts checked too; then the same for the fastest peer as a page
//!    (`bench/peer-page.html`);
//! 7. the tables, printed and written into BENCHMARKS.md between
//!    `<!-- bench:start -->` and `<!-- bench:end -->`.
//!
//! It is not part of `cargo xtask test`: a full run takes many minutes.
//! `--quick` runs fewer sizes, three times each, to try it.

mod divan;
mod measure;
mod report;
mod verdicts;
mod wasm_phases;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::env::{Env, Error};
use crate::inventory::Spec;
use report::push_line;
use verdicts::Counts;

/// What `cargo xtask bench` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Fewer sizes and runs: to try the bench, not to publish it.
    pub quick: bool,
}

/// Parses the arguments after `bench`.
pub fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    for arg in args {
        match arg.as_str() {
            "--quick" => options.quick = true,
            other => return Err(format!("`bench` does not understand `{other}`")),
        }
    }
    Ok(options)
}

/// The benchmark's context as `vrc check` flags: a US government supplier
/// on 2026-12-01 with every question its rules ask answered. The same
/// context is in bench/peers/rules.mjs, bench/browser.mjs and
/// bench/phases/src/lib.rs.
const CONTEXT: [&str; 14] = [
    "--jurisdiction",
    "US",
    "--sector",
    "government-supplier",
    "--as-of",
    "2026-12-01",
    "--answer",
    "surveillance-purpose=yes",
    "--answer",
    "fcc-subsidy=no",
    "--answer",
    "us-federal-grant-funds=no",
    "--answer",
    "us-dod-contract=no",
];

/// A peer: its name in the table and its script in bench/peers/.
struct Peer {
    name: &'static str,
    script: &'static str,
}

const PEERS: [Peer; 3] = [
    Peer {
        name: "PapaParse + json-rules-engine",
        script: "bench/peers/papaparse-json-rules-engine.mjs",
    },
    Peer {
        name: "uDSV + plain JavaScript",
        script: "bench/peers/udsv-plain.mjs",
    },
    Peer {
        name: "Cedar (cedar-wasm)",
        script: "bench/peers/cedar.mjs",
    },
];

/// The sizes and runs of one bench.
#[derive(Debug, Clone)]
struct Plan {
    sizes: Vec<Spec>,
    /// The sizes the page is timed at: each run starts a browser and reads
    /// the file through the page, so fewer.
    browser: Vec<Spec>,
    /// The sizes the phases are timed at natively and as wasm, side by side.
    wasm: Vec<Spec>,
    runs: u32,
}

impl Plan {
    fn new(options: Options) -> Plan {
        let spec = |rows, distinct| Spec { rows, distinct };
        let plan = if options.quick {
            Plan {
                sizes: vec![
                    spec(10_000, 1_000),
                    spec(100_000, 1_000),
                    spec(100_000, 100_000),
                ],
                browser: vec![spec(100_000, 100_000)],
                wasm: Vec::new(),
                runs: 3,
            }
        } else {
            let mut sizes = Vec::new();
            for rows in [10_000, 100_000, 1_000_000] {
                for distinct in [1_000, 100_000] {
                    sizes.push(spec(rows, distinct));
                }
            }
            Plan {
                browser: vec![spec(100_000, 100_000), spec(1_000_000, 100_000)],
                wasm: Vec::new(),
                sizes,
                runs: 5,
            }
        };
        // The phases of 10,000 rows take a few milliseconds, too few for
        // the browser's clock to say much.
        let wasm = plan
            .sizes
            .iter()
            .filter(|s| s.rows >= 100_000)
            .copied()
            .collect();
        Plan { wasm, ..plan }
    }
}

/// A generated inventory and what `vrc` made of it.
#[derive(Debug, Clone)]
struct Input {
    spec: Spec,
    path: PathBuf,
    /// `inv-ROWS-DISTINCT`: divan's argument, and the file's stem.
    name: String,
    bytes: u64,
    /// Rows by verdict, from `vrc check`.
    reference: Counts,
    /// Distinct items as the peers count them (publisher, product, version).
    distinct: Option<u64>,
}

/// Whole-process figures of one program on one input.
#[derive(Debug, Clone, Default)]
struct Whole {
    walls: Vec<f64>,
    peaks_kib: Vec<u64>,
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, Error> {
        let path = std::env::temp_dir().join(format!("vrc-bench-{}", std::process::id()));
        std::fs::create_dir_all(&path)
            .map_err(|err| Error::new(format!("cannot create {}: {err}", path.display())))?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR`, else `target/`.
fn target_dir(env: &Env) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                env.root.join(dir)
            }
        })
        .unwrap_or_else(|| env.root.join("target"))
}

pub fn run(env: &Env, options: Options) -> Result<(), Error> {
    let plan = Plan::new(options);
    let machine = report::Machine::now(env);
    let temp = TempDir::new()?;

    println!("== inventories in {}", temp.0.display());
    let mut inputs = Vec::new();
    for spec in &plan.sizes {
        let name = format!("inv-{}-{}", spec.rows, spec.distinct);
        let path = temp.0.join(format!("{name}.csv"));
        let text = crate::inventory::generate(*spec);
        std::fs::write(&path, &text)
            .map_err(|err| Error::new(format!("cannot write {}: {err}", path.display())))?;
        println!("{name}: {} bytes", text.len());
        inputs.push(Input {
            spec: *spec,
            path,
            name,
            bytes: text.len() as u64,
            reference: Counts::new(),
            distinct: None,
        });
    }

    println!("== builds");
    env.run(
        env.command("cargo")
            .args(["build", "--profile", "cli", "-p", "vrc-cli"]),
    )?;
    crate::tasks::build(env)?;
    let vrc = target_dir(env).join("cli").join("vrc");
    let wasm_dir = temp.0.join("wasm");
    let phases_native = wasm_phases::build(env, &target_dir(env), &wasm_dir)?;

    println!("== vrc's verdicts, the reference");
    for input in &mut inputs {
        input.reference = reference(env, &vrc, &input.path)?;
        println!("{}: {}", input.name, verdicts::show(&input.reference));
    }

    println!("== whole processes, {} runs each, in turns", plan.runs);
    let scratch = temp.0.join("time.txt");
    let programs = programs(&vrc);
    // whole[program][input]
    let mut whole = vec![vec![Whole::default(); inputs.len()]; programs.len()];
    for run in 0..plan.runs {
        for (i, input) in inputs.iter_mut().enumerate() {
            for (p, (name, argv)) in programs.iter().enumerate() {
                let mut argv = argv.clone();
                argv.push(input.path.clone().into_os_string());
                let sample = measure::run(env, &argv, &scratch)?;
                if run == 0 && p > 0 {
                    check_counts(name, &input.name, &input.reference, &sample.stderr)?;
                    input.distinct = input
                        .distinct
                        .or_else(|| verdicts::field_of_line(&sample.stderr, "distinct"));
                }
                println!(
                    "run {}: {} on {}: {}",
                    run + 1,
                    name,
                    input.name,
                    report::time(sample.wall)
                );
                if let Some(figures) = whole.get_mut(p).and_then(|w| w.get_mut(i)) {
                    figures.walls.push(sample.wall.as_secs_f64());
                    figures.peaks_kib.extend(sample.peak_kib);
                }
            }
        }
    }

    println!("== the engine's phases (divan)");
    let phases = phases(env, &inputs, plan.runs)?;

    println!("== the phases natively and as wasm in Chromium, in turns");
    let wasm_inputs: Vec<&Input> = inputs
        .iter()
        .filter(|i| plan.wasm.contains(&i.spec))
        .collect();
    let mut crossed = wasm_phases::Results::default();
    for input in &wasm_inputs {
        wasm_phases::run(
            env,
            &phases_native,
            &wasm_dir,
            &input.path,
            plan.runs,
            &mut crossed,
        )?;
        wasm_phases::check(&crossed, input)?;
    }

    println!("== the page in headless Chromium");
    let browser_inputs: Vec<&Input> = inputs
        .iter()
        .filter(|i| plan.browser.contains(&i.spec))
        .collect();
    let browser = browser(env, &browser_inputs, plan.runs)?;

    let section = render(&RenderArgs {
        machine: &machine,
        plan: &plan,
        inputs: &inputs,
        programs: &programs,
        whole: &whole,
        phases: &phases,
        wasm_inputs: &wasm_inputs,
        crossed: &crossed,
        browser: &browser,
    });
    println!("\n{section}");
    report::rewrite(&env.root.join("BENCHMARKS.md"), &section)?;
    println!(
        "== BENCHMARKS.md rewritten between {} and {}",
        report::START,
        report::END
    );
    Ok(())
}

/// The programs timed whole, by name: `vrc` first (the reference of every
/// ratio), then each peer; each takes the inventory as its last argument.
fn programs(vrc: &Path) -> Vec<(String, Vec<OsString>)> {
    let mut vrc_argv: Vec<OsString> = vec![vrc.into(), "check".into()];
    vrc_argv.extend(CONTEXT.iter().map(OsString::from));
    vrc_argv.extend(["--format".into(), "csv".into()]);
    let mut programs = vec![("vrc (cli profile)".to_owned(), vrc_argv)];
    for peer in &PEERS {
        programs.push((
            peer.name.to_owned(),
            vec!["node".into(), peer.script.into()],
        ));
    }
    programs
}

/// Rows by verdict as `vrc check --format csv` gives them for `file`.
fn reference(env: &Env, vrc: &Path, file: &Path) -> Result<Counts, Error> {
    let output = env
        .command(&vrc.to_string_lossy())
        .arg("check")
        .args(CONTEXT)
        .args(["--format", "csv"])
        .arg(file)
        .output()
        .map_err(|err| Error::new(format!("cannot run {}: {err}", vrc.display())))?;
    if !output.status.success() {
        return Err(Error::new(format!(
            "`vrc check` failed on {} ({}):\n{}",
            file.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|err| Error::new(format!("`vrc check` wrote text that is not UTF-8: {err}")))?;
    verdicts::of_csv(&text).map_err(|err| Error::new(format!("`vrc check`'s CSV: {err}")))
}

/// Fails loudly when a program's verdict counts are not `vrc`'s.
fn check_counts(program: &str, input: &str, reference: &Counts, output: &str) -> Result<(), Error> {
    let counts = verdicts::of_line(output)
        .map_err(|err| Error::new(format!("{program} on {input}: {err}")))?;
    if &counts == reference {
        return Ok(());
    }
    Err(Error::new(format!(
        "{program} on {input} gave other verdicts than vrc check:\n  {program}: {}\n  vrc:  {}\n\
         The comparison would be meaningless: fix the peer (bench/peers/rules.mjs) first.",
        verdicts::show(&counts),
        verdicts::show(reference)
    )))
}

/// The phase benches' medians, run on the inputs with `runs` samples each.
fn phases(env: &Env, inputs: &[Input], runs: u32) -> Result<divan::Medians, Error> {
    let paths = inputs
        .iter()
        .map(|i| i.path.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(",");
    let samples = runs.to_string();
    let mut command = env.command("cargo");
    command
        .args([
            "bench",
            "--profile",
            "cli",
            "-p",
            "vrc-phases",
            "--bench",
            "pipeline",
        ])
        .args(["--", "--sample-count", &samples])
        .env("VRC_BENCH_INVENTORIES", paths)
        .stderr(std::process::Stdio::inherit());
    println!(
        "$ cargo bench --profile cli -p vrc-phases --bench pipeline -- --sample-count {samples}"
    );
    let output = command
        .output()
        .map_err(|err| Error::new(format!("cannot run cargo bench: {err}")))?;
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    if !output.status.success() {
        return Err(Error::new(format!(
            "cargo bench failed ({})",
            output.status
        )));
    }
    divan::medians(&text).map_err(|err| Error::new(format!("divan's output: {err}")))
}

/// The page's figures on one input: per run, the time from choosing the
/// file to the summary, the longest main-thread task and the renderer's
/// peak memory.
#[derive(Debug, Clone, Default)]
struct Page {
    ms: Vec<f64>,
    longest_ms: Vec<f64>,
    peak_mib: Vec<f64>,
}

/// What bench/browser.mjs times: the app, then the fastest peer as a page;
/// its lines start with these words.
const PAGES: [(&str, &str); 2] = [
    ("run", "the app (wasm engine, worker)"),
    ("peer", "peer page: uDSV + plain JavaScript"),
];

/// Runs bench/browser.mjs on the inputs, checking its counts against
/// `vrc`'s; the figures by (page, input).
fn browser(
    env: &Env,
    inputs: &[&Input],
    runs: u32,
) -> Result<BTreeMap<(String, String), Page>, Error> {
    let mut pages = BTreeMap::new();
    if inputs.is_empty() {
        return Ok(pages);
    }
    let mut command = env.command("node");
    command
        .args(["bench/browser.mjs", "dist", &runs.to_string()])
        .args(inputs.iter().map(|i| &i.path))
        .stderr(std::process::Stdio::inherit());
    println!("$ node bench/browser.mjs dist {runs} FILE...");
    let output = command
        .output()
        .map_err(|err| Error::new(format!("cannot run node bench/browser.mjs: {err}")))?;
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    if !output.status.success() {
        return Err(Error::new(format!(
            "bench/browser.mjs failed ({})",
            output.status
        )));
    }
    for line in text.lines() {
        let Some((_, page_name)) = PAGES
            .iter()
            .find(|(word, _)| line.strip_prefix(word).is_some_and(|r| r.starts_with(' ')))
        else {
            continue;
        };
        let value = |key: &str| -> Result<&str, Error> {
            line.split_whitespace()
                .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
                .ok_or_else(|| Error::new(format!("no `{key}=` in bench/browser.mjs's `{line}`")))
        };
        let number = |key: &str| -> Result<f64, Error> {
            value(key)?
                .parse()
                .map_err(|_| Error::new(format!("`{key}` is not a number in `{line}`")))
        };
        let file = value("file")?;
        let input = inputs
            .iter()
            .find(|i| {
                i.path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy() == file)
            })
            .ok_or_else(|| {
                Error::new(format!("bench/browser.mjs named an unknown file `{file}`"))
            })?;
        let verdicts_at = line
            .find("verdicts ")
            .ok_or_else(|| Error::new(format!("no verdicts in `{line}`")))?;
        check_counts(
            page_name,
            &input.name,
            &input.reference,
            line.get(verdicts_at..).unwrap_or_default(),
        )?;
        let page: &mut Page = pages
            .entry(((*page_name).to_owned(), input.name.clone()))
            .or_default();
        page.ms.push(number("ms")?);
        page.longest_ms.push(number("longest_task_ms")?);
        page.peak_mib.push(number("renderer_peak_mib")?);
    }
    Ok(pages)
}

struct RenderArgs<'a> {
    machine: &'a report::Machine,
    plan: &'a Plan,
    inputs: &'a [Input],
    programs: &'a [(String, Vec<OsString>)],
    whole: &'a [Vec<Whole>],
    phases: &'a divan::Medians,
    wasm_inputs: &'a [&'a Input],
    crossed: &'a wasm_phases::Results,
    browser: &'a BTreeMap<(String, String), Page>,
}

/// The section of BENCHMARKS.md.
fn render(a: &RenderArgs<'_>) -> String {
    let m = a.machine;
    let mut out = String::new();
    push_line(&mut out, "## Side by side (`cargo xtask bench`)\n");
    push_line(
        &mut out,
        format!(
            "Written by `cargo xtask bench{}` on {}: {} cores ({}), {}, commit {}, load average {} before and {} after. \
             Each figure is the median of {} runs; a ratio is to `vrc`'s whole-process median on the same input, \
             in the same run. Every program's verdict counts were checked against `vrc check`'s.\n",
            if a.plan.runs < 5 { " --quick" } else { "" },
            m.date,
            m.cores,
            m.cpu,
            m.runtimes,
            m.commit,
            m.load_before,
            report::load(),
            a.plan.runs
        ),
    );
    push_line(&mut out, "```sh");
    push_line(
        &mut out,
        "cargo xtask gen-inventory --rows ROWS --distinct DISTINCT --out inv-ROWS-DISTINCT.csv",
    );
    push_line(
        &mut out,
        format!(
            "vrc check {} --format csv inv.csv > /dev/null   # target/cli/vrc",
            CONTEXT.join(" ")
        ),
    );
    for peer in &PEERS {
        push_line(
            &mut out,
            format!("node {} inv.csv > /dev/null", peer.script),
        );
    }
    push_line(
        &mut out,
        "VRC_BENCH_INVENTORIES=inv.csv,… cargo bench --profile cli -p vrc-phases --bench pipeline",
    );
    push_line(
        &mut out,
        format!(
            "target/cli/vrc-phases {runs} inv.csv   # cargo build --profile cli -p vrc-phases --bin vrc-phases",
            runs = a.plan.runs
        ),
    );
    push_line(
        &mut out,
        format!(
            "node bench/phases.mjs {runs} page=DIR o3=DIR -- inv.csv   # each DIR: cargo rustc -p vrc-phases --lib --crate-type cdylib --target wasm32-unknown-unknown --profile release|cli, wasm-bindgen --target web, wasm-opt",
            runs = a.plan.runs
        ),
    );
    push_line(
        &mut out,
        "node bench/browser.mjs dist RUNS inv.csv …   # after cargo xtask build",
    );
    push_line(&mut out, "```\n");

    // Whole processes.
    push_line(
        &mut out,
        "Whole processes, wall time (ratio to `vrc`) and peak memory (`/usr/bin/time`'s maximum resident set):\n",
    );
    let mut header = vec!["rows × distinct asked (distinct items; size)".to_owned()];
    header.extend(a.programs.iter().map(|(name, _)| name.clone()));
    let mut rows = Vec::new();
    for (i, input) in a.inputs.iter().enumerate() {
        let vrc_wall = a
            .whole
            .first()
            .and_then(|w| w.get(i))
            .and_then(|w| measure::median(&w.walls))
            .unwrap_or(0.0);
        let mut row = vec![describe(input)];
        for (p, figures) in a.whole.iter().filter_map(|w| w.get(i)).enumerate() {
            let wall = measure::median(&figures.walls).unwrap_or(0.0);
            // `vrc` is the reference: no ratio of its own.
            let ratio = if p == 0 {
                String::new()
            } else {
                format!(" ({})", report::ratio(wall, vrc_wall))
            };
            let peak = measure::median(
                &figures
                    .peaks_kib
                    .iter()
                    .map(|k| *k as f64)
                    .collect::<Vec<_>>(),
            )
            .map(|kib| format!(", {:.0} MiB", kib / 1024.0))
            .unwrap_or_default();
            row.push(format!(
                "{}{ratio}{peak}",
                report::time(Duration::from_secs_f64(wall))
            ));
        }
        rows.push(row);
    }
    out.push_str(&report::table(&header, &rows));

    // Phases.
    push_line(
        &mut out,
        "\nThe native engine by phase (divan, `cli` profile, in memory, no process start; medians):\n",
    );
    let names = [
        "import_phase",
        "sort_phase",
        "match_phase",
        "evaluate_phase",
        "output_phase",
        "whole",
    ];
    let mut header = vec!["rows × distinct asked".to_owned()];
    header.extend(
        [
            "import",
            "sort",
            "match",
            "evaluate",
            "output",
            "all in one pass",
        ]
        .map(str::to_owned),
    );
    let rows: Vec<Vec<String>> = a
        .inputs
        .iter()
        .map(|input| {
            let mut row = vec![describe(input)];
            for bench in names {
                row.push(
                    a.phases
                        .get(&(bench.to_owned(), input.name.clone()))
                        .map(|d| report::time(*d))
                        .unwrap_or_else(|| "–".to_owned()),
                );
            }
            row
        })
        .collect();
    out.push_str(&report::table(&header, &rows));

    if !a.wasm_inputs.is_empty() {
        let chromium = m
            .runtimes
            .split(", ")
            .find(|r| r.starts_with("Chromium"))
            .unwrap_or("Chromium");
        wasm_phases::render(&mut out, a.wasm_inputs, a.crossed, a.plan.runs, chromium);
    }

    // The page.
    if !a.browser.is_empty() {
        push_line(
            &mut out,
            "\nIn headless Chromium (`bench/browser.mjs`): the app (its worker reads the file and sorts the rows as it reads; the page takes the sorted inventory in as it comes, then matches and checks its distinct items in slices) and the fastest peer as a page (bench/peer-page.html: the same code as the Node peer, on the main thread), each from choosing the file to the summary shown (ratio to `vrc`'s whole process), the longest main-thread task in that time, and the renderer's peak memory (VmHWM: the page and its worker):\n",
        );
        let header = [
            "rows × distinct asked",
            "page",
            "file chosen to summary",
            "longest task",
            "peak memory",
        ]
        .map(str::to_owned);
        let mut rows = Vec::new();
        let pages = a.inputs.iter().enumerate().flat_map(|(i, input)| {
            PAGES.iter().filter_map(move |(_, name)| {
                let page = a.browser.get(&((*name).to_owned(), input.name.clone()))?;
                Some((i, input, *name, page))
            })
        });
        for (i, input, name, page) in pages {
            let vrc_wall = a
                .whole
                .first()
                .and_then(|w| w.get(i))
                .and_then(|w| measure::median(&w.walls))
                .unwrap_or(0.0);
            let ms = measure::median(&page.ms).unwrap_or(0.0);
            rows.push(vec![
                describe(input),
                name.to_owned(),
                format!(
                    "{} ({})",
                    report::time(Duration::from_secs_f64(ms / 1e3)),
                    report::ratio(ms / 1e3, vrc_wall)
                ),
                format!("{:.0} ms", measure::median(&page.longest_ms).unwrap_or(0.0)),
                format!("{:.0} MiB", measure::median(&page.peak_mib).unwrap_or(0.0)),
            ]);
        }
        out.push_str(&report::table(&header, &rows));
    }
    out
}

/// `1,000,000 × 100,000 (72,303; 66.7 MB)`: rows, distinct items asked for
/// (and as the peers counted them), and the file's size.
fn describe(input: &Input) -> String {
    let distinct = input
        .distinct
        .map(|d| format!("{}; ", report::thousands(d)))
        .unwrap_or_default();
    format!(
        "{} × {} ({distinct}{:.1} MB)",
        report::thousands(input.spec.rows),
        report::thousands(input.spec.distinct),
        input.bytes as f64 / 1e6
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_parsed() {
        assert_eq!(parse(&[]), Ok(Options { quick: false }));
        assert_eq!(parse(&["--quick".to_owned()]), Ok(Options { quick: true }));
        assert!(parse(&["--slow".to_owned()]).is_err_and(|e| e.contains("--slow")));
    }

    #[test]
    fn a_full_bench_runs_five_times_at_every_size() {
        let plan = Plan::new(Options { quick: false });
        assert!(plan.runs >= 5);
        assert_eq!(plan.sizes.len(), 6);
        assert!(plan.browser.iter().all(|b| plan.sizes.contains(b)));
        assert!(plan.browser.iter().any(|b| b.rows == 1_000_000));
    }

    #[test]
    fn the_phases_are_timed_as_wasm_at_a_hundred_thousand_rows_and_a_million() {
        for quick in [false, true] {
            let plan = Plan::new(Options { quick });
            assert!(plan.wasm.iter().all(|w| plan.sizes.contains(w)));
            assert!(plan.wasm.iter().any(|w| w.rows == 100_000));
            assert!(plan.wasm.iter().all(|w| w.rows >= 100_000));
        }
        let full = Plan::new(Options { quick: false });
        assert!(full.wasm.iter().any(|w| w.rows == 1_000_000));
        assert_eq!(full.wasm.len(), 4);
    }
}
