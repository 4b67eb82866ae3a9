//! `vrc` as other tools script it: arguments in, JSON/CSV/table and exit status out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn vrc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vrc"))
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = vrc(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const UK_SECRET: &[&str] = &[
    "--jurisdiction",
    "UK",
    "--sector",
    "central-government",
    "--classification",
    "SECRET",
    "--as-of",
    "2024-06-01",
];

#[test]
fn json_output_has_the_documented_shape() {
    let registry = fixture("registry.csv");
    let mut args = vec!["check", registry.as_str()];
    args.extend(UK_SECRET);
    let doc = json(&args);
    assert_eq!(doc["schema_version"], 2);
    assert_eq!(doc["as_of"], "2024-06-01");
    assert_eq!(doc["rules"][0]["id"], "vrc-builtin");
    assert_eq!(doc["context"]["jurisdictions"][0], "GB");
    assert_eq!(doc["import"][0]["rows_read"], 5);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 5, "one entry per input row");
    assert_eq!(
        items[0]["input"]["product"],
        "Kaspersky Endpoint Security for Windows"
    );
    assert_eq!(items[0]["match"]["entity"], "kaspersky");
    assert_eq!(items[0]["verdict"], "avoid");
    let finding = &items[0]["findings"][0];
    for key in ["rule", "verdict", "reason", "advice"] {
        assert!(finding[key].is_string(), "{key}: {finding}");
    }
    let source = &finding["sources"][0];
    assert!(
        source["title"].is_string() && source["url"].is_string() && source["date"].is_string(),
        "{source}"
    );
    assert!(
        items[0]["not_applied"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["rule"].is_string() && n["why"].is_string())
    );
    assert!(items[1]["match"].is_null());
    assert_eq!(items[1]["verdict"], "clear");
    assert_eq!(doc["summary"]["verdicts"]["avoid"], 2);
    assert_eq!(doc["summary"]["items"], 5);
    assert_eq!(doc["summary"]["distinct_items"], 4);
}

#[test]
fn the_json_validates_against_the_committed_schema_shape() {
    // Round-trip through the engine's own types: what vrc prints, the app can reopen.
    let registry = fixture("registry.csv");
    let mut args = vec!["check", registry.as_str()];
    args.extend(UK_SECRET);
    let doc = json(&args);
    let report: vrc_engine::report::Report = serde_json::from_value(doc).unwrap();
    assert_eq!(report.items.len(), 5);
}

#[test]
fn row_values_override_the_context_default() {
    let vendor = fixture("vendor.csv");
    let doc = json(&[
        "check",
        &vendor,
        "--jurisdiction",
        "UK",
        "--sector",
        "central-government",
        "--classification",
        "TOP SECRET",
        "--as-of",
        "2024-06-01",
    ]);
    assert_eq!(doc["items"][0]["verdict"], "avoid");
    assert_eq!(
        doc["items"][1]["verdict"], "review",
        "the OFFICIAL row is below SECRET"
    );
    assert_eq!(
        doc["items"][2]["verdict"], "clear",
        "a possible match sets no verdict"
    );
    assert_eq!(doc["items"][2]["match"]["method"], "fuzzy");
    assert_eq!(doc["items"][2]["if_confirmed"]["verdict"], "avoid");
    assert_eq!(doc["summary"]["possible_matches"], 1);
}

#[test]
fn the_context_file_is_read_and_flags_override_it() {
    let (vendor, context) = (fixture("vendor.csv"), fixture("context.toml"));
    let doc = json(&["check", &vendor, "--context", &context]);
    assert_eq!(doc["context"]["sectors"][0], "central-government");
    assert_eq!(doc["as_of"], "2024-06-01");
    let doc = json(&[
        "check",
        &vendor,
        "--context",
        &context,
        "--sector",
        "enterprise",
    ]);
    assert_eq!(doc["context"]["sectors"][0], "enterprise");
    // The 2017 "no action" stands for an enterprise, but the 2022 advice for
    // organisations at heightened risk waits on the answer.
    assert_eq!(doc["items"][0]["verdict"], "review");
    assert_eq!(doc["items"][0]["answer_needed"], true);
    assert_eq!(
        doc["items"][0]["waiting"][0]["rule"],
        "gb-ncsc-2022-reconsider-heightened-risk"
    );
    // Both Kaspersky rows; the third is a possible match, which sets no verdict.
    assert_eq!(doc["summary"]["answer_needed"], 2);
    let doc = json(&[
        "check",
        &vendor,
        "--context",
        &context,
        "--sector",
        "enterprise",
        "--answer",
        "gb-2022-heightened-risk=no",
    ]);
    assert_eq!(doc["items"][0]["verdict"], "no-action");
    assert!(doc["items"][0].get("answer_needed").is_none());
}

#[test]
fn confirm_and_reject_decide_possible_matches() {
    let vendor = fixture("vendor.csv");
    let base = [
        "check",
        vendor.as_str(),
        "--jurisdiction",
        "UK",
        "--sector",
        "central-government",
        "--as-of",
        "2024-06-01",
    ];
    let mut args = base.to_vec();
    args.extend(["--confirm", "Kaspresky Lab=kaspersky"]);
    let doc = json(&args);
    assert_eq!(doc["items"][2]["match"]["method"], "confirmed");
    assert_eq!(doc["items"][2]["verdict"], "avoid");
    let mut args = base.to_vec();
    args.extend(["--reject", "Kaspresky Lab"]);
    let doc = json(&args);
    assert!(doc["items"][2]["match"].is_null());
    let mut args = base.to_vec();
    args.extend(["--confirm", "Kaspresky Lab=kasperski"]);
    let out = vrc(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `kaspersky`?"));
}

#[test]
fn fail_on_sets_exit_status_one() {
    let registry = fixture("registry.csv");
    let mut args = vec!["check", registry.as_str(), "--fail-on", "avoid"];
    args.extend(UK_SECRET);
    assert_eq!(vrc(&args).status.code(), Some(1));
    let mut args = vec!["check", registry.as_str(), "--fail-on", "prohibited"];
    args.extend(UK_SECRET);
    assert_eq!(vrc(&args).status.code(), Some(0));
}

#[test]
fn usage_errors_exit_two_with_nothing_on_stdout() {
    let registry = fixture("registry.csv");
    for args in [
        vec!["check", "no-such-file.csv", "--jurisdiction", "UK"],
        vec!["check", registry.as_str(), "--jurisdiction", "USA"],
        vec!["check", registry.as_str(), "--sector", "enterprize"],
        vec!["check", registry.as_str(), "--as-of", "2024-02-30"],
        vec!["check", registry.as_str(), "--fail-on", "bad"],
        vec!["check", registry.as_str(), "--answer", "nope=yes"],
        vec!["check"],
        vec!["rules", "show", "gb-ncsc-2017-secrt"],
    ] {
        let out = vrc(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            out.stdout.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = vrc(&["check", "no-such-file.csv"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.csv"));
    let out = vrc(&["check", &registry, "--jurisdiction", "USA"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `US`"));
    let out = vrc(&["rules", "show", "gb-ncsc-2017-secrt"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `gb-ncsc-2017-secret`"));
}

#[test]
fn csv_output_cannot_run_formulas() {
    let registry = fixture("registry.csv");
    let mut args = vec!["check", registry.as_str(), "--format", "csv"];
    args.extend(UK_SECRET);
    let out = vrc(&args);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    assert!(rows[4].get(2).unwrap().starts_with("'=HYPERLINK"));
}

#[test]
fn a_later_as_of_than_the_pack_warns() {
    let registry = fixture("registry.csv");
    let out = vrc(&[
        "check",
        &registry,
        "--jurisdiction",
        "UK",
        "--as-of",
        "2099-01-01",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer guidance may exist"));
}

#[test]
fn the_table_names_rules_and_sources() {
    let registry = fixture("registry.csv");
    let mut args = vec!["check", registry.as_str()];
    args.extend(UK_SECRET);
    let out = vrc(&args);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("gb-ncsc-2017-secret"), "{text}");
    assert!(text.contains("source: "), "{text}");
    assert!(text.contains("5 items"), "{text}");
}

#[test]
fn rules_subcommands_work() {
    let out = vrc(&["rules", "list"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("gb-ncsc-2017-secret"));

    let out = vrc(&["rules", "show", "gb-ncsc-2017-secret"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("[[sources]]"));

    let out = vrc(&["rules", "schema"]);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "Vendor Risk Checker rule pack file");

    let rules_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../rules")
        .display()
        .to_string();
    let out = vrc(&["rules", "validate", &rules_dir]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn validate_reports_every_problem_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("vrc-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(
        &path,
        "[pack]\nid = \"bad\"\nversion = \"1\"\ndate = \"2026-01-01\"\n\n[[rule]]\nid = \"bad-1\"\nauthority = \"A\"\ninstrument = \"I\"\njurisdiction = \"GB\"\nverdict = \"avoid\"\nreason = \"r\"\nadvice = \"a\"\nin_force = { from = \"2020-01-01\" }\nsources = []\n[rule.when]\nentities = [\"huawey\"]\n",
    )
    .unwrap();
    let out = vrc(&["rules", "validate", &path.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "bad.toml:15:11: rule `bad-1`: sources: every rule must cite at least one source"
        ),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:17:13: rule `bad-1`: when.entities: unknown entity `huawey`\n    help: did you mean `huawei`?"),
        "{err}"
    );
}

/// A workbook from the importer's fixtures (`make_fixtures.py` writes them).
fn workbook(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vrc-import/tests/fixtures/xlsx")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn workbooks_are_read_below_their_title_rows() {
    let book = workbook("title-rows.xlsx");
    let mut args = vec!["check", book.as_str()];
    args.extend(UK_SECRET);
    let doc = json(&args);
    assert_eq!(doc["import"][0]["format"], "xlsx");
    assert_eq!(doc["import"][0]["rows_read"], 3);
    assert_eq!(doc["import"][0]["columns"]["product"], "Software Title");
    let items = doc["items"].as_array().unwrap();
    assert_eq!(
        items[0]["input"]["product"],
        "Kaspersky Endpoint Security for Windows"
    );
    assert_eq!(items[0]["input"]["system"], "PC-FIN-01");
    assert_eq!(items[0]["match"]["entity"], "kaspersky");
    assert_eq!(items[0]["verdict"], "avoid");
}

#[test]
fn sheet_chooses_a_sheet_and_an_unknown_one_is_a_usage_error() {
    let book = workbook("two-sheets.xlsx");
    let first = json(&["check", &book, "--jurisdiction", "UK"]);
    assert_eq!(first["items"][0]["input"]["product"], "Microsoft Edge");
    let servers = json(&["check", &book, "--sheet", "Servers", "--jurisdiction", "UK"]);
    let items = servers["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["input"]["product"],
        "Kaspersky Security for Windows Server"
    );

    let out = vrc(&["check", &book, "--sheet", "Server", "--jurisdiction", "UK"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for want in [
        "no sheet `Server`",
        "did you mean `Servers`?",
        "`Old list`, `Desktops`, `Servers`, `Chart1`",
    ] {
        assert!(stderr.contains(want), "{want}: {stderr}");
    }
}

/// What `vrc check --format csv|json` printed before it streamed: the
/// engine's whole-report documents, from the importer's collected rows.
fn report_of(files: &[&str]) -> vrc_engine::report::Report {
    let rules = vrc_engine::RuleSet::builtin().unwrap();
    let mut context = vrc_engine::Context::new("2024-06-01".parse().unwrap());
    context.jurisdictions.insert("GB".parse().unwrap());
    context.main_jurisdiction = Some("GB".parse().unwrap());
    context
        .sectors
        .insert("central-government".parse().unwrap());
    context.classification = Some("SECRET".to_owned());
    let mut items = Vec::new();
    let mut reports = Vec::new();
    for file in files {
        let bytes = std::fs::read(file).unwrap();
        let import = vrc_import::Importer::new().read(file, &bytes).unwrap();
        items.extend(import.items.into_iter().map(|row| row.item));
        reports.push(import.report);
    }
    let assessment = vrc_engine::assess(&rules, &context, items);
    vrc_engine::report::Report::new(&rules, &assessment, reports)
}

fn stdout_of(args: &[&str]) -> String {
    let out = vrc(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A CSV inventory larger than the importer reads before it streams, of a
/// few products repeated on many machines.
fn large_inventory() -> PathBuf {
    // One file per call: tests run in parallel, and one must not read a file
    // another is still writing.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("vrc-large-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("estate.csv");
    let products = [
        (
            "AO Kaspersky Lab",
            "Kaspersky Endpoint Security for Windows",
        ),
        ("Mozilla", "Mozilla Firefox (x64 en-GB)"),
        ("Huawei Technologies Co., Ltd.", "HUAWEI PC Manager"),
        ("Kaspresky Lab", "Kaspresky Anti-Virus"),
        ("=cmd|' /C calc'!A0", "Evil"),
    ];
    let mut text = String::from("Hostname,DisplayName,DisplayVersion,Publisher,Classification\r\n");
    let mut i = 0usize;
    while text.len() < vrc_import::STREAM_HEAD + 100_000 {
        let (publisher, product) = products[i % products.len()];
        let classification = if i.is_multiple_of(7) { "OFFICIAL" } else { "" };
        text.push_str(&format!(
            "pc-{i:05},{product},{}.0,\"{publisher}\",{classification}\r\n",
            i % 3
        ));
        i += 1;
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn streamed_output_is_the_whole_reports_output() {
    let large = large_inventory().display().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec![fixture("registry.csv")],
        vec![fixture("vendor.csv")],
        vec![fixture("registry.csv"), fixture("vendor.csv")],
        vec![large.clone()],
    ];
    for files in cases {
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        let report = report_of(&files);
        for (format, want) in [("csv", report.to_csv()), ("json", report.to_json() + "\n")] {
            let mut args = vec!["check"];
            args.extend(&files);
            args.extend(UK_SECRET);
            args.extend(["--format", format]);
            assert_eq!(stdout_of(&args), want, "{files:?} as {format}");
        }
    }
}

#[test]
fn standard_input_gives_what_the_file_gives() {
    let large = large_inventory();
    for format in ["csv", "table"] {
        let mut args = vec!["check", "-"];
        args.extend(UK_SECRET);
        args.extend(["--format", format]);
        let out = Command::new(env!("CARGO_BIN_EXE_vrc"))
            .args(&args)
            .stdin(std::fs::File::open(&large).unwrap())
            .output()
            .unwrap();
        let path = large.display().to_string();
        args[1] = &path;
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            stdout_of(&args),
            "{format}"
        );
    }
}

#[test]
fn a_bad_later_file_prints_nothing_in_any_format() {
    let dir = std::env::temp_dir().join(format!("vrc-bad-later-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("no-names.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let (registry, bad) = (fixture("registry.csv"), bad.display().to_string());
    for format in ["csv", "json", "table"] {
        let mut args = vec!["check", registry.as_str(), bad.as_str()];
        args.extend(UK_SECRET);
        args.extend(["--format", format]);
        let out = vrc(&args);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty(), "{format}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no-names.csv"));
    }
}

/// The real SBOMs in shared/real-world (see its README), read as other
/// tools wrote them.
fn real_world(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/real-world")
        .join(name)
}

#[test]
fn real_sboms_flag_only_the_kaspersky_components_added_to_them() {
    // Nothing in these 1,800 real components is any supplier the pack names.
    for name in [
        "cyclonedx-1.5-windows-obom-cdxgen.json",
        "cyclonedx-keycloak-10.0.2.json",
        "cyclonedx-juice-shop-11.1.2.xml",
        "spdx-2.3-examplemaven.spdx.json",
        "spdx-2.3-hello-server.spdx.json",
    ] {
        let path = real_world(name).display().to_string();
        let mut args = vec!["check", path.as_str()];
        args.extend(UK_SECRET);
        let doc = json(&args);
        let items = doc["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{name}");
        for item in items {
            assert_eq!(item["verdict"], "clear", "{name}: {item}");
            assert!(item["match"].is_null(), "{name}: {item}");
        }
    }
    // The cdxgen OBOM of a Windows machine, with Kaspersky installed the way
    // cdxgen writes an installed program, and one known only by its CPE.
    let mut bom: Value = serde_json::from_slice(
        &std::fs::read(real_world("cyclonedx-1.5-windows-obom-cdxgen.json")).unwrap(),
    )
    .unwrap();
    let components = bom["components"].as_array_mut().unwrap();
    components.push(serde_json::json!({
        "publisher": "AO Kaspersky Lab",
        "name": "Endpoint Security for Windows",
        "version": "12.3.0.493",
        "purl": "pkg:swid/Endpoint%20Security%20for%20Windows@12.3.0.493",
        "type": "library",
        "properties": [{"name": "cdx:osquery:category", "value": "windows_programs"}]
    }));
    components.push(serde_json::json!({
        "name": "anti-virus",
        "version": "21.3",
        "cpe": "cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*",
        "type": "application"
    }));
    let dir = std::env::temp_dir().join(format!("vrc-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let with = dir.join("obom-with-kaspersky.cdx.json");
    std::fs::write(&with, serde_json::to_vec(&bom).unwrap()).unwrap();
    let path = with.display().to_string();
    let mut args = vec!["check", path.as_str()];
    args.extend(UK_SECRET);
    let doc = json(&args);
    let flagged: Vec<&Value> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["verdict"] != "clear")
        .collect();
    assert_eq!(flagged.len(), 2, "{flagged:#?}");
    for item in flagged {
        assert_eq!(item["verdict"], "avoid", "{item}");
        assert_eq!(item["match"]["entity"], "kaspersky", "{item}");
        assert_eq!(item["findings"][0]["rule"], "gb-ncsc-2017-secret", "{item}");
    }
    assert_eq!(
        doc["summary"]["verdicts"]["clear"].as_u64(),
        Some(doc["summary"]["items"].as_u64().unwrap() - 2)
    );
    // Every component read before is read again, and the two added.
    let plain = real_world("cyclonedx-1.5-windows-obom-cdxgen.json")
        .display()
        .to_string();
    let mut args = vec!["check", plain.as_str()];
    args.extend(UK_SECRET);
    assert_eq!(
        json(&args)["summary"]["items"].as_u64().unwrap() + 2,
        doc["summary"]["items"].as_u64().unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_russian_language_registry_export_flags_kaspersky() {
    // PowerShell 5.1's Export-Csv -Encoding Unicode (UTF-16 LE, `#TYPE` line)
    // on Russian-language Windows: publisher and name in Cyrillic.
    let file = fixture("registry-ru.csv");
    let mut args = vec!["check", file.as_str()];
    args.extend(UK_SECRET);
    let doc = json(&args);
    let verdicts: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["avoid", "avoid", "clear", "clear"]);
    assert!(
        doc["items"][0]["findings"][0]["because"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b
                .as_str()
                .unwrap()
                .contains("`антивирус` in the product name")),
        "{}",
        doc["items"][0]
    );
}

#[test]
fn answers_needed_show_in_the_table_and_the_csv() {
    let registry = fixture("registry-ru.csv");
    let base = [
        "check",
        registry.as_str(),
        "--jurisdiction",
        "UK",
        "--sector",
        "central-government",
        "--as-of",
        "2024-06-01",
    ];
    let out = vrc(&base);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("review: answer needed"), "{table}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--classification MARKING"), "{stderr}");
    let mut csv_args = base.to_vec();
    csv_args.extend(["--format", "csv"]);
    let out = vrc(&csv_args);
    let csv = String::from_utf8(out.stdout).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains(",verdict,answer_needed,could_be,questions,waits_on,"),
        "{header}"
    );
    let first = csv.lines().nth(1).unwrap();
    assert!(first.contains(",review,yes,avoid,"), "{first}");
    // --fail-on review counts an answer needed as review.
    let mut fail = base.to_vec();
    fail.extend(["--fail-on", "review"]);
    assert_eq!(vrc(&fail).status.code(), Some(1));
    let mut fail = base.to_vec();
    fail.extend(["--fail-on", "avoid"]);
    assert_eq!(vrc(&fail).status.code(), Some(0));
}

#[test]
fn rules_changes_lists_what_is_new_since_a_date_or_an_older_pack() {
    let out = vrc(&[
        "rules",
        "changes",
        "--since",
        "2022-03-01",
        "--as-of",
        "2022-12-31",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changes: Value = serde_json::from_slice(&out.stdout).unwrap();
    let has = |rule: &str, kind: &str| {
        changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == rule && c["kind"] == kind)
    };
    assert!(
        has("gb-ncsc-2022-reconsider-public-sector", "started"),
        "{changes:#}"
    );
    assert!(
        has("de-bsi-2022-kaspersky-warning", "started"),
        "{changes:#}"
    );
    assert!(
        !has("gb-ncsc-2017-secret", "started"),
        "a 2017 measure is not new since 2022"
    );
    assert!(
        !has("us-commerce-icts-2024-no-updates", "started"),
        "a 2024 measure is after the window"
    );

    let old = fixture("old-pack.toml");
    let out = vrc(&["rules", "changes", "--from-pack", &old, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changes: Value = serde_json::from_slice(&out.stdout).unwrap();
    let find = |rule: &str| {
        changes
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == rule)
            .cloned()
    };
    let secret = find("gb-ncsc-2017-secret").unwrap();
    assert_eq!(secret["kind"], "changed");
    assert!(
        secret["what"]
            .as_str()
            .unwrap()
            .contains("verdict review → avoid"),
        "{secret}"
    );
    assert_eq!(
        find("gb-old-rule-since-removed").unwrap()["kind"],
        "removed"
    );
    assert_eq!(find("us-bod-17-01").unwrap()["kind"], "added");

    let table = vrc(&["rules", "changes", "--since", "2099-01-01"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("no changes"));
    let bad = vrc(&["rules", "changes", "--since", "yesterday"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--since"));
}

#[test]
fn every_file_that_cannot_be_read_is_named_and_skipped_rows_are_summed_up() {
    let dir = std::env::temp_dir().join(format!("vrc-cli-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad_columns = dir.join("only-an-id.csv");
    std::fs::write(&bad_columns, "Id\n1\n").unwrap();
    let binary = dir.join("binary.csv");
    std::fs::write(&binary, [0u8, 1, 2, 3]).unwrap();
    let good = fixture("vendor.csv");
    let (a, b) = (
        bad_columns.display().to_string(),
        binary.display().to_string(),
    );
    let out = vrc(&["check", &a, &good, &b, "--jurisdiction", "UK"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 files cannot be read"), "{stderr}");
    assert!(
        stderr.contains("only-an-id.csv") && stderr.contains("binary.csv"),
        "{stderr}"
    );

    // 5,000 rows of which 1,667 have neither product nor publisher: the
    // first ten are listed, then one line counts the rest by reason.
    let many = dir.join("many.csv");
    let mut text = String::from("Publisher,DisplayName\n");
    for i in 0..5_000 {
        text.push_str(&if i % 3 == 0 {
            ",\n".to_owned()
        } else {
            format!("Acme,Product {i}\n")
        });
    }
    std::fs::write(&many, text).unwrap();
    let m = many.display().to_string();
    let out = vrc(&["check", &m, "--jurisdiction", "UK", "--format", "csv"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let listed = stderr.lines().filter(|l| l.contains(": skipped: ")).count();
    assert_eq!(listed, 10, "{stderr}");
    assert!(
        stderr.contains("skipped 1657 more rows (1657 empty row)"),
        "{stderr}"
    );
    let json = json(&["check", &m, "--jurisdiction", "UK"]);
    assert_eq!(
        json["import"][0]["skipped"].as_array().unwrap().len(),
        1_667
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_item_answer_decides_one_cameras_verdict_and_is_saved_in_the_report() {
    let cameras = fixture("cameras.csv");
    let base = [
        "check",
        "--jurisdiction",
        "GB",
        "--sector",
        "central-government",
        "--as-of",
        "2025-06-01",
        "--item-answer",
        "DS-2CD2143G2-I=sensitive-site=yes",
        cameras.as_str(),
    ];
    let report = json(&base);
    let verdicts: Vec<&str> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["prohibited", "review"], "{report}");
    assert_eq!(
        report["context"]["item_answers"][0]["name"], "DS-2CD2143G2-I",
        "{report}"
    );
    // The note says how to answer for an item.
    let mut open = base.to_vec();
    open.retain(|a| !a.starts_with("DS-") && *a != "--item-answer");
    let out = vrc(&open);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("--item-answer \"NAME=sensitive-site=yes|no\""),
        "{stderr}"
    );
    // A malformed or unknown answer is a usage error that says what to write.
    let mut bad = base.to_vec();
    bad[8] = "DS-2CD2143G2-I=yes";
    let out = vrc(&bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NAME=QUESTION=yes"));
}

/// A context file's accepted risk keeps its item's verdict, marks it, and
/// lets `--fail-on` pass over it while it covers the verdict: a pipeline
/// fails on what is new, and again once the acceptance lapses.
#[test]
fn an_accepted_risk_passes_fail_on_while_it_covers_the_verdict() {
    let registry = fixture("registry.csv");
    let dir = std::env::temp_dir().join(format!("vrc-accepted-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let context = |until: &str, approved_by: &str| {
        let path = dir.join(format!("context-{until}-{}.json", approved_by.len()));
        let text = serde_json::json!({
            "jurisdictions": ["UK"],
            "sectors": ["central-government"],
            "classification": "SECRET",
            "as_of": "2024-06-01",
            "accepted_risks": [{
                "name": "kaspersky endpoint security for windows",
                "verdict": "avoid",
                "approved_by": approved_by,
                "until": until,
                "reason": "replaced in the Q3 refresh",
            }],
        });
        std::fs::write(&path, text.to_string()).unwrap();
        path.display().to_string()
    };
    let in_force = context("2024-09-30", "CISO");
    let run = |ctx: &str, more: &[&str]| {
        let mut args = vec!["check", registry.as_str(), "--context", ctx];
        args.extend(more);
        vrc(&args)
    };
    assert_eq!(
        run(&in_force, &["--fail-on", "avoid"]).status.code(),
        Some(0)
    );
    let doc = json(&["check", &registry, "--context", &in_force]);
    let kes = &doc["items"][0];
    assert_eq!(kes["verdict"], "avoid");
    assert_eq!(kes["acceptance"]["standing"], "in-force");
    assert_eq!(kes["acceptance"]["approved_by"], "CISO");
    assert_eq!(doc["summary"]["accepted"], 2);
    let csv = String::from_utf8(run(&in_force, &["--format", "csv"]).stdout).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",acceptance,accepted_by,accepted_until")
    );
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .ends_with(",in-force,CISO,2024-09-30"),
        "{csv}"
    );
    let table = String::from_utf8(run(&in_force, &[]).stdout).unwrap();
    assert!(
        table.contains("avoid (accepted until 2024-09-30)"),
        "{table}"
    );
    assert!(
        table.contains("2 items are covered by risks the organisation accepted"),
        "{table}"
    );
    assert!(
        table.contains("Of these, 2 items are covered by risks your organisation accepted"),
        "{table}"
    );
    // In TOML, its date written bare.
    let toml = dir.join("context.toml");
    std::fs::write(
        &toml,
        "jurisdictions = [\"UK\"]\nsectors = [\"central-government\"]\nclassification = \"SECRET\"\nas_of = 2024-06-01\n\n[[accepted_risks]]\nname = \"Kaspersky Endpoint Security for Windows\"\nverdict = \"avoid\"\napproved_by = \"CISO\"\nuntil = 2024-09-30\n",
    )
    .unwrap();
    let toml = toml.display().to_string();
    assert_eq!(run(&toml, &["--fail-on", "avoid"]).status.code(), Some(0));
    // Lapsed before the assessment date: the run fails again.
    let lapsed = context("2024-05-31", "CISO");
    assert_eq!(run(&lapsed, &["--fail-on", "avoid"]).status.code(), Some(1));
    // No one's word: a usage error, naming the field.
    let nobody = context("2024-09-30", " ");
    let out = run(&nobody, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("accepted_risks[0]: `approved_by` is empty")
    );
    std::fs::remove_dir_all(&dir).ok();
}
