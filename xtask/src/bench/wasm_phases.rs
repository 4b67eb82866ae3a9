//! The engine's phases natively and as wasm in headless Chromium: the same
//! Rust (bench/phases/src/lib.rs) on the same bytes, in the same run. The
//! crate's binary `vrc-phases` (the `cli` profile, as the CLI and the divan
//! benches are built) times them with `Instant`; its library, built for
//! wasm32 the way the page's wasm is built, times them with
//! `performance.now()` on a page in Chromium (bench/phases.mjs). Both print
//! `phases …` lines, read here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::report::{self, push_line};
use super::verdicts::{self, Counts};
use super::{Input, measure};
use crate::env::{Env, Error};

/// A wasm build of the phases.
#[derive(Debug, Clone, Copy)]
pub struct Build {
    /// Its name in the `phases` lines (`engine=`) and its directory.
    pub name: &'static str,
    /// Its column in the table.
    pub label: &'static str,
    /// The cargo profile.
    profile: &'static str,
    /// wasm-opt's optimisation level (its `-O` flag's suffix).
    opt: &'static str,
    /// Whether wasm-opt runs index.html's passes for the page's wasm after
    /// `-O`, or only its `--enable-…` flags.
    page_passes: bool,
}

/// The page's build (what the measure is about), and the same code built
/// for speed, to tell what is wasm's from what is `opt-level = "z"`'s.
pub const BUILDS: [Build; 2] = [
    Build {
        name: "page",
        label: "wasm as the page",
        profile: "release",
        opt: "z",
        page_passes: true,
    },
    Build {
        name: "o3",
        label: "wasm, opt-level 3",
        profile: "cli",
        opt: "3",
        page_passes: false,
    },
];

/// The phases, in the order of the table (bench/phases/src/lib.rs's).
const PHASES: [&str; 6] = ["import", "sort", "match", "evaluate", "output", "whole"];

/// What the `phases` lines said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Samples in milliseconds by (engine, file, phase).
    pub ms: BTreeMap<(String, String, String), Vec<f64>>,
    /// Distinct items and rows by verdict, by (engine, file).
    pub checks: BTreeMap<(String, String), (u64, Counts)>,
}

impl Results {
    /// Reads the `phases …` lines of `text`; other lines are left alone.
    pub fn read(&mut self, text: &str) -> Result<(), String> {
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("phases ") else {
                continue;
            };
            let value = |key: &str| -> Result<&str, String> {
                rest.split_whitespace()
                    .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
                    .ok_or_else(|| format!("no `{key}=` in `{line}`"))
            };
            let file = value("file")?.to_owned();
            let engine = value("engine")?.to_owned();
            if let Ok(phase) = value("phase") {
                let ms = value("ms")?
                    .split(',')
                    .map(|ms| {
                        ms.parse::<f64>()
                            .map_err(|_| format!("`{ms}` is not a time in `{line}`"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                self.ms
                    .entry((engine, file, phase.to_owned()))
                    .or_default()
                    .extend(ms);
            } else {
                let distinct = value("distinct")?
                    .parse()
                    .map_err(|_| format!("`distinct` is not a number in `{line}`"))?;
                let at = rest
                    .find("verdicts ")
                    .ok_or_else(|| format!("no verdicts in `{line}`"))?;
                let counts = verdicts::of_line(rest.get(at..).unwrap_or_default())?;
                self.checks.insert((engine, file), (distinct, counts));
            }
        }
        Ok(())
    }

    /// The median of a phase, in milliseconds.
    fn median(&self, engine: &str, file: &str, phase: &str) -> Option<f64> {
        let key = (engine.to_owned(), file.to_owned(), phase.to_owned());
        measure::median(self.ms.get(&key)?)
    }
}

/// The `data-wasm-opt-params` of the page's own wasm (the `data-bin`
/// `vendor-risk-checker` link) in index.html, split into flags.
pub fn page_wasm_opt_params(index_html: &str) -> Result<Vec<String>, String> {
    let link = index_html
        .find("data-bin=\"vendor-risk-checker\"")
        .ok_or("index.html has no link for the page's wasm (data-bin=\"vendor-risk-checker\")")?;
    let rest = index_html.get(link..).unwrap_or_default();
    let end = rest.find('>').unwrap_or(rest.len());
    let attribute = "data-wasm-opt-params=\"";
    let at = rest
        .get(..end)
        .and_then(|tag| tag.find(attribute))
        .ok_or("the page's wasm link has no data-wasm-opt-params")?;
    let value = rest.get(at + attribute.len()..).unwrap_or_default();
    let value = value
        .get(..value.find('"').unwrap_or(0))
        .unwrap_or_default();
    Ok(value.split_whitespace().map(str::to_owned).collect())
}

/// Builds `vrc-phases` natively and each of [`BUILDS`] for wasm into
/// `out/NAME/` (wasm-bindgen's `--target web` glue and the wasm, through
/// wasm-opt as index.html has Trunk run it). Returns the native binary.
pub fn build(env: &Env, target: &Path, out: &Path) -> Result<PathBuf, Error> {
    env.run(env.command("cargo").args([
        "build",
        "--profile",
        "cli",
        "-p",
        "vrc-phases",
        "--bin",
        "vrc-phases",
    ]))?;
    let index = std::fs::read_to_string(env.root.join("index.html"))
        .map_err(|err| Error::new(format!("cannot read index.html: {err}")))?;
    let page_params = page_wasm_opt_params(&index).map_err(Error::new)?;
    for build in BUILDS {
        // A cdylib only for wasm: natively the crate is a library and a binary.
        env.run(env.command("cargo").args([
            "rustc",
            "-p",
            "vrc-phases",
            "--lib",
            "--profile",
            build.profile,
            "--target",
            crate::setup::WASM_TARGET,
            "--crate-type",
            "cdylib",
        ]))?;
        let wasm = target
            .join(crate::setup::WASM_TARGET)
            .join(build.profile)
            .join("vrc_phases.wasm");
        let dir = out.join(build.name);
        env.run(
            env.command("wasm-bindgen")
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-name",
                    "vrc_phases",
                ])
                .arg("--out-dir")
                .arg(&dir)
                .arg(&wasm),
        )?;
        let params: Vec<&String> = page_params
            .iter()
            .filter(|p| build.page_passes || p.starts_with("--enable-"))
            .collect();
        let bg = dir.join("vrc_phases_bg.wasm");
        env.run(
            env.command("wasm-opt")
                .arg(format!("-O{}", build.opt))
                .args(params)
                .arg(&bg)
                .arg("-o")
                .arg(&bg),
        )?;
    }
    Ok(target.join("cli").join("vrc-phases"))
}

/// Runs the phases on `file` natively, then in Chromium for each build;
/// what they printed goes into `results`.
pub fn run(
    env: &Env,
    native: &Path,
    wasm: &Path,
    file: &Path,
    samples: u32,
    results: &mut Results,
) -> Result<(), Error> {
    let samples = samples.to_string();
    let mut native_command = env.command(&native.to_string_lossy());
    native_command.arg(&samples).arg(file);
    let mut browser = env.command("node");
    browser.args(["bench/phases.mjs", &samples]);
    for build in BUILDS {
        browser.arg(format!(
            "{}={}",
            build.name,
            wasm.join(build.name).display()
        ));
    }
    browser.arg("--").arg(file);
    for mut command in [native_command, browser] {
        let shown = crate::env::show(&command);
        println!("$ {shown}");
        let output = command
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|err| Error::new(format!("cannot run {shown}: {err}")))?;
        let text = String::from_utf8_lossy(&output.stdout);
        print!("{text}");
        if !output.status.success() {
            return Err(Error::new(format!("{shown} failed ({})", output.status)));
        }
        results
            .read(&text)
            .map_err(|err| Error::new(format!("{shown}: {err}")))?;
    }
    Ok(())
}

/// Fails unless every engine found `input`'s distinct items and gave its
/// rows `vrc check`'s verdicts.
pub fn check(results: &Results, input: &Input) -> Result<(), Error> {
    let file = file_name(input);
    let mut distinct = None;
    for engine in std::iter::once("native").chain(BUILDS.iter().map(|b| b.name)) {
        let (items, counts) = results
            .checks
            .get(&(engine.to_owned(), file.clone()))
            .ok_or_else(|| Error::new(format!("the phases ({engine}) said nothing of {file}")))?;
        if counts != &input.reference {
            return Err(Error::new(format!(
                "the phases ({engine}) on {file} gave other verdicts than vrc check:\n  {engine}: {}\n  vrc: {}",
                verdicts::show(counts),
                verdicts::show(&input.reference)
            )));
        }
        if distinct.is_some_and(|d| d != *items) {
            return Err(Error::new(format!(
                "the phases ({engine}) on {file} found {items} distinct items, native {}",
                distinct.unwrap_or_default()
            )));
        }
        distinct = Some(*items);
    }
    Ok(())
}

fn file_name(input: &Input) -> String {
    input
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The table: for each input and phase, the native median, each build's
/// median and its ratio to native.
pub fn render(out: &mut String, inputs: &[&Input], results: &Results, runs: u32, chromium: &str) {
    push_line(
        out,
        format!(
            "\nWasm in Chromium against native, by phase (`bench/phases`: the same Rust on the same bytes, in the same run; \
             medians of {runs} samples each, the first included). Native: `vrc-phases` (`cli` profile), timed with `Instant`. \
             Wasm: the same library built for wasm32, with the page's features (the engine without `nfkc-tables`: \
             NFKC and lower case of non-ASCII text from the browser through js-sys) and allocator (talc), run on the main thread \
             of a cross-origin isolated page in {chromium} and timed with `performance.now()`; \
             \"as the page\" is the page's release profile (`opt-level = \"z\"`) and wasm-opt passes (index.html), \
             \"opt-level 3\" the `cli` profile and `wasm-opt -O3`:\n",
        ),
    );
    let mut header = vec![
        "rows × distinct asked".to_owned(),
        "phase".to_owned(),
        "native".to_owned(),
    ];
    for build in BUILDS {
        header.push(build.label.to_owned());
        header.push("÷ native".to_owned());
    }
    let mut rows = Vec::new();
    for input in inputs {
        let file = file_name(input);
        for phase in PHASES {
            let native = results.median("native", &file, phase);
            let mut row = vec![super::describe(input), phase.to_owned(), ms(native)];
            for build in BUILDS {
                let wasm = results.median(build.name, &file, phase);
                row.push(ms(wasm));
                row.push(match (wasm, native) {
                    (Some(w), Some(n)) => report::ratio(w, n),
                    _ => "–".to_owned(),
                });
            }
            rows.push(row);
        }
    }
    out.push_str(&report::table(&header, &rows));
}

fn ms(value: Option<f64>) -> String {
    value.map_or_else(
        || "–".to_owned(),
        |ms| report::time(Duration::from_secs_f64(ms / 1e3)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_lines_are_read() {
        let text = "\
$ something else
phases file=inv-100-10.csv engine=native phase=import ms=1.500,2.250,1.750
phases file=inv-100-10.csv engine=page phase=import ms=3.000,4.000
phases file=inv-100-10.csv engine=page phase=import ms=5.000
phases file=inv-100-10.csv engine=native distinct=7 verdicts clear=90 no-action=0 review=0 avoid=0 prohibited=10
";
        let mut results = Results::default();
        results.read(text).unwrap();
        assert_eq!(
            results.median("native", "inv-100-10.csv", "import"),
            Some(1.75)
        );
        // Lines of one phase add up.
        assert_eq!(
            results.median("page", "inv-100-10.csv", "import"),
            Some(4.0)
        );
        assert_eq!(results.median("page", "inv-100-10.csv", "sort"), None);
        let (distinct, counts) = results
            .checks
            .get(&("native".to_owned(), "inv-100-10.csv".to_owned()))
            .unwrap();
        assert_eq!(*distinct, 7);
        assert_eq!(counts.get("prohibited"), Some(&10));
        assert_eq!(counts.get("clear"), Some(&90));

        let bad = "phases file=a.csv engine=native phase=import ms=1.0,soon";
        assert!(
            Results::default()
                .read(bad)
                .is_err_and(|e| e.contains("soon"))
        );
        let no_engine = "phases file=a.csv phase=import ms=1.0";
        assert!(
            Results::default()
                .read(no_engine)
                .is_err_and(|e| e.contains("engine"))
        );
    }

    #[test]
    fn the_page_wasm_opt_params_come_from_its_own_link() {
        let html = r#"
<link data-trunk rel="rust" data-bin="vendor-risk-checker" data-wasm-opt="z"
  data-wasm-opt-params="--enable-bulk-memory --low-memory-unused --flatten -Oz" />
<link data-trunk rel="rust" data-bin="vrc-worker" data-wasm-opt-params="--other" />"#;
        assert_eq!(
            page_wasm_opt_params(html).unwrap(),
            [
                "--enable-bulk-memory",
                "--low-memory-unused",
                "--flatten",
                "-Oz"
            ]
        );
        assert!(page_wasm_opt_params("<link data-bin=\"vrc-worker\">").is_err());
        // Not another link's.
        let bare = "<link data-bin=\"vendor-risk-checker\">\n<link data-wasm-opt-params=\"--x\">";
        assert!(page_wasm_opt_params(bare).is_err());
    }

    #[test]
    fn index_html_names_the_page_wasm_opt_params() {
        let html =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../index.html")).unwrap();
        let params = page_wasm_opt_params(&html).unwrap();
        assert!(params.iter().any(|p| p == "-Oz"));
        assert!(params.iter().any(|p| p.starts_with("--enable-")));
    }
}
