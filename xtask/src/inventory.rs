//! `cargo xtask gen-inventory`: a registry export as a large fleet's would
//! be, for benchmarks and for trying the page with big files. Deterministic:
//! the same arguments give the same bytes, so a benchmark can be rerun.
//!
//! Rows are `Hostname,DisplayName,DisplayVersion,Publisher,InstallDate`, as
//! PowerShell's `Get-ItemProperty` export of the Uninstall keys gives them.
//! Each host has a few dozen products; products are shared across hosts the
//! way real fleets share them (a few on every machine, most on few), and each
//! product comes in a handful of versions, most hosts on the newest. About one
//! row in 2,000 is a product the rule pack names (Kaspersky, Hikvision,
//! Huawei, TikTok), so the results have something to show.

use std::fmt::Write as _;

/// Publishers of the everyday products, as registry exports spell them.
const PUBLISHERS: [&str; 24] = [
    "Microsoft Corporation",
    "Google LLC",
    "Mozilla",
    "Adobe Inc.",
    "Oracle Corporation",
    "Igor Pavlov",
    "Notepad++ Team",
    "VideoLAN",
    "Zoom Video Communications, Inc.",
    "Cisco Systems, Inc.",
    "Citrix Systems, Inc.",
    "Dell Inc.",
    "HP Inc.",
    "Lenovo Group Limited",
    "Intel Corporation",
    "NVIDIA Corporation",
    "Python Software Foundation",
    "The Git Development Community",
    "Docker Inc.",
    "JetBrains s.r.o.",
    "Slack Technologies",
    "Atlassian",
    "SAP SE",
    "Autodesk, Inc.",
];

/// The listed suppliers' products, one of which comes up about once in 2,000 rows.
const LISTED: [(&str, &str); 4] = [
    (
        "AO Kaspersky Lab",
        "Kaspersky Endpoint Security for Windows",
    ),
    (
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "iVMS-4200",
    ),
    ("Huawei Technologies Co., Ltd.", "HiSuite"),
    ("ByteDance Ltd.", "TikTok"),
];

const WORDS: [&str; 32] = [
    "Office",
    "Studio",
    "Runtime",
    "Tools",
    "Client",
    "Agent",
    "Viewer",
    "Manager",
    "Driver",
    "Update",
    "Reader",
    "Connect",
    "Suite",
    "Desktop",
    "Server",
    "Service",
    "Helper",
    "Workspace",
    "Player",
    "Assistant",
    "Console",
    "Toolkit",
    "Framework",
    "Explorer",
    "Monitor",
    "Backup",
    "Sync",
    "Capture",
    "Editor",
    "Launcher",
    "Designer",
    "Analyzer",
];

/// A small, fast, seeded generator (SplitMix64): enough for test data, and
/// the same on every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number below `n`, small ones far likelier (a Zipf-like skew): a
    /// few products are on every host, most on few.
    fn skewed(&mut self, n: u64) -> u64 {
        let a = self.below(n);
        let b = self.below(n);
        let c = self.below(n);
        a.min(b).min(c)
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub rows: u64,
    /// About how many distinct (publisher, product, version) items.
    pub distinct: u64,
}

/// The product a number names: publisher and name, from the lists above.
fn product(n: u64) -> (String, String) {
    let words = WORDS.len() as u64;
    let publisher = PUBLISHERS
        .get((n % PUBLISHERS.len() as u64) as usize)
        .copied()
        .unwrap_or("Example Ltd");
    let first = WORDS
        .get((n / 7 % words) as usize)
        .copied()
        .unwrap_or("App");
    let second = WORDS
        .get((n / 7 / words % words) as usize)
        .copied()
        .unwrap_or("Tool");
    let edition = n / (7 * words * words);
    let vendor = publisher.split([' ', ',']).next().unwrap_or(publisher);
    let name = if edition == 0 {
        format!("{vendor} {first} {second}")
    } else {
        format!("{vendor} {first} {second} {edition}")
    };
    (publisher.to_owned(), name)
}

/// Writes the inventory as CSV text (CRLF line ends, as Windows writes them).
pub fn generate(spec: Spec) -> String {
    // Each product comes in up to four versions: distinct items ≈ products × versions.
    const VERSIONS: u64 = 4;
    let products = (spec.distinct / VERSIONS).max(1);
    let per_host = 40;
    let mut rng = SplitMix(0x5652_4320_696E_7631 ^ spec.rows ^ (spec.distinct << 32));
    let mut out = String::with_capacity((spec.rows as usize).saturating_mul(90));
    out.push_str("Hostname,DisplayName,DisplayVersion,Publisher,InstallDate\r\n");
    for row in 0..spec.rows {
        let host = row / per_host;
        let (publisher, name) = if rng.below(2_000) == 0 {
            let (p, n) = LISTED
                .get(rng.below(LISTED.len() as u64) as usize)
                .copied()
                .unwrap_or((
                    "AO Kaspersky Lab",
                    "Kaspersky Endpoint Security for Windows",
                ));
            (p.to_owned(), n.to_owned())
        } else {
            product(rng.skewed(products))
        };
        // Most hosts run the newest version; a tail lags behind.
        let major = 1 + name.len() as u64 % 20;
        let lag = rng.skewed(VERSIONS);
        let version = format!(
            "{major}.{}.{}",
            9 - lag.min(9),
            (name.len() as u64 * 7) % 100
        );
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let quote = |s: &str| {
            if s.contains(',') {
                format!("\"{s}\"")
            } else {
                s.to_owned()
            }
        };
        let _ = write!(
            out,
            "PC-{host:06},{},{version},{},2025{month:02}{day:02}\r\n",
            quote(&name),
            quote(&publisher)
        );
    }
    out
}

/// Parses `--rows N --distinct M`.
pub fn parse(args: &[String]) -> Result<(Spec, Option<String>), String> {
    let mut spec = Spec {
        rows: 1_000_000,
        distinct: 100_000,
    };
    let mut out = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("`{arg}` needs a value"))
        };
        let number = |v: String| -> Result<u64, String> {
            v.replace('_', "")
                .parse()
                .map_err(|_| format!("`{v}` is not a whole number"))
        };
        match arg.as_str() {
            "--rows" => spec.rows = number(value()?)?,
            "--distinct" => spec.distinct = number(value()?)?,
            "--out" | "-o" => out = Some(value()?),
            other => return Err(format!("`gen-inventory` does not understand `{other}`")),
        }
    }
    if spec.distinct == 0 {
        return Err("`--distinct` must be at least 1".to_owned());
    }
    Ok((spec, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_arguments_give_the_same_bytes() {
        let spec = Spec {
            rows: 5_000,
            distinct: 800,
        };
        assert_eq!(generate(spec), generate(spec));
    }

    #[test]
    fn rows_and_distinct_items_are_about_what_was_asked() {
        let spec = Spec {
            rows: 50_000,
            distinct: 2_000,
        };
        let text = generate(spec);
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(lines.len(), 50_000);
        let distinct: std::collections::HashSet<String> = lines
            .iter()
            .map(|l| l.split(',').skip(1).take(3).collect::<Vec<_>>().join(","))
            .collect();
        assert!(
            (1_000..=2_600).contains(&distinct.len()),
            "{} distinct items",
            distinct.len()
        );
        assert!(text.contains("Kaspersky Endpoint Security for Windows"));
    }

    #[test]
    fn arguments_are_parsed_and_bad_ones_named() {
        let args = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(
            parse(&args("--rows 1_000 --distinct 10 --out x.csv")),
            Ok((
                Spec {
                    rows: 1_000,
                    distinct: 10
                },
                Some("x.csv".to_owned())
            ))
        );
        assert!(parse(&args("--rows many")).is_err_and(|e| e.contains("many")));
        assert!(parse(&args("--distinct 0")).is_err());
        assert!(parse(&args("--fast")).is_err_and(|e| e.contains("--fast")));
    }
}
