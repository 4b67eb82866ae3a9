//! The results as Markdown, written into BENCHMARKS.md between two markers
//! (the section is replaced whole on every run; the rest of the file is
//! left as it is).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::env::{Env, Error};

pub const START: &str = "<!-- bench:start -->";
pub const END: &str = "<!-- bench:end -->";

/// Where and when the figures were taken.
#[derive(Debug, Clone)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub date: String,
    pub commit: String,
    pub load_before: String,
    /// `Node v20.19.2, Chromium 156.0.…`: what ran the peers and the page.
    pub runtimes: String,
}

impl Machine {
    pub fn now(env: &Env) -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
                    .map(|(_, model)| model.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown CPU".to_owned());
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let date = env
            .capture("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
            .map_or_else(|| "unknown date".to_owned(), |d| d.trim().to_owned());
        let commit = env
            .capture("git", &["rev-parse", "--short=12", "HEAD"])
            .map_or_else(|| "unknown".to_owned(), |c| c.trim().to_owned());
        let dirty = env
            .capture("git", &["status", "--porcelain", "--untracked-files=no"])
            .is_some_and(|s| !s.trim().is_empty());
        let version = |program: &str| {
            // Debian's chromium adds "built on Debian …" to its version.
            env.capture(program, &["--version"])
                .and_then(|v| v.split(" built").next().map(|v| v.trim().to_owned()))
                .unwrap_or_else(|| format!("{program}: unknown version"))
        };
        let runtimes = format!("Node {}, {}", version("node"), version("chromium"));
        Machine {
            runtimes,
            cpu,
            cores,
            date,
            commit: if dirty {
                format!("{commit}-modified")
            } else {
                commit
            },
            load_before: load(),
        }
    }
}

/// The load averages over 1, 5 and 15 minutes.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `812 µs`, `57.3 ms`, `1.63 s`: three significant figures or so.
pub fn time(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 10.0 {
        format!("{s:.1} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 0.1 {
        format!("{:.0} ms", s * 1e3)
    } else if s >= 0.001 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// `1.72×` of the reference; empty when there is none.
pub fn ratio(value: f64, reference: f64) -> String {
    if reference > 0.0 {
        format!("{:.2}×", value / reference)
    } else {
        String::new()
    }
}

/// `1,000,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A Markdown table.
pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(header));
    let rule: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, _)| if i == 0 { "---" } else { "---:" }.to_owned())
        .collect();
    out.push_str(&line(&rule));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// Puts `section` between the markers in `path`, replacing what was there;
/// a file without the markers gets them, with the section, before its
/// first `## ` heading.
pub fn rewrite(path: &Path, section: &str) -> Result<(), Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| Error::new(format!("cannot read {}: {err}", path.display())))?;
    let block = format!("{START}\n{}\n{END}", section.trim_end());
    let updated = match (text.find(START), text.find(END)) {
        (Some(start), Some(end)) if start < end => {
            let (before, _) = text.split_at(start);
            let (_, after) = text.split_at(end + END.len());
            format!("{before}{block}{after}")
        }
        (None, None) => match text.find("\n## ") {
            Some(at) => {
                let (before, after) = text.split_at(at + 1);
                format!("{before}{block}\n\n{after}")
            }
            None => format!("{}\n\n{block}\n", text.trim_end()),
        },
        _ => {
            return Err(Error::new(format!(
                "{} has one of `{START}` and `{END}` without the other, or out of order: fix it by hand",
                path.display()
            )));
        }
    };
    std::fs::write(path, updated)
        .map_err(|err| Error::new(format!("cannot write {}: {err}", path.display())))
}

/// Appends a line to a String (writing to a String cannot fail).
pub fn push_line(out: &mut String, line: impl std::fmt::Display) {
    let _ = writeln!(out, "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_ratios_and_numbers_read_well() {
        assert_eq!(time(Duration::from_micros(812)), "812 µs");
        assert_eq!(time(Duration::from_micros(57_340)), "57.3 ms");
        assert_eq!(time(Duration::from_millis(163)), "163 ms");
        assert_eq!(time(Duration::from_millis(1_634)), "1.63 s");
        assert_eq!(time(Duration::from_millis(12_340)), "12.3 s");
        assert_eq!(ratio(2.8, 1.6), "1.75×");
        assert_eq!(ratio(1.0, 0.0), "");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn the_section_goes_between_the_markers() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("B.md");
        std::fs::write(&path, "# B\n\nintro\n\n## Old\n\nold\n").unwrap();
        rewrite(&path, "one\n").unwrap();
        let first = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            first,
            format!("# B\n\nintro\n\n{START}\none\n{END}\n\n## Old\n\nold\n")
        );
        rewrite(&path, "two").unwrap();
        let second = std::fs::read_to_string(&path).unwrap();
        assert_eq!(second, first.replace("one", "two"));
        std::fs::write(&path, format!("x {END} y {START}")).unwrap();
        assert!(rewrite(&path, "z").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_table_has_a_rule_under_its_header() {
        let t = table(
            &["a".to_owned(), "b".to_owned()],
            &[vec!["1".to_owned(), "2".to_owned()]],
        );
        assert_eq!(t, "| a | b |\n| --- | ---: |\n| 1 | 2 |\n");
    }
}
