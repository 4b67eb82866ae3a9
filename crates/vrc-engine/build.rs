//! Embeds the built-in rule pack as JSON, so that builds without the `toml`
//! feature (the web app) carry no TOML parser:
//!
//! - `builtin_json.rs`: each file as JSON, for the loader (without `toml`);
//! - `builtin_pack.json`: the files merged into one pack file, which
//!   `RuleSet::builtin` reads without the loader's checks when built
//!   without `toml`. The checks run on the TOML in the native tests, and a
//!   test there asserts that both give the same rule set;
//! - `builtin_outline.json`: the same pack without what only findings and the
//!   rules view show (the catalogue, each rule's words and sources): what the
//!   web page needs before its worker hands it the whole pack (the country
//!   list, the questions that could apply, scales and devices), in a fifth
//!   of the bytes.

use std::path::Path;

fn main() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    println!("cargo::rerun-if-changed={}", rules.display());
    let mut entries = String::from("&[\n");
    let mut merged = toml::Table::new();
    let mut names: Vec<_> = std::fs::read_dir(&rules)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // A TOML error here is reported, with its position, by the loader's
        // tests and by `vrc rules validate`; the JSON carries what parsed.
        let value: toml::Value =
            toml::from_str(&text).unwrap_or(toml::Value::Table(Default::default()));
        merge(&mut merged, &value);
        let json = serde_json::to_string(&value).unwrap_or_default();
        let name = format!(
            "rules/{}.json",
            path.file_stem().and_then(|s| s.to_str()).unwrap_or("rules")
        );
        entries.push_str(&format!("    ({name:?}, {json:?}),\n"));
    }
    entries.push(']');
    let out = std::env::var("OUT_DIR").unwrap_or_default();
    let _ = std::fs::write(Path::new(&out).join("builtin_json.rs"), entries);
    let outline = serde_json::to_string(&outline(&merged)).unwrap_or_default();
    let _ = std::fs::write(Path::new(&out).join("builtin_outline.json"), outline);
    let merged = serde_json::to_string(&merged).unwrap_or_default();
    let _ = std::fs::write(Path::new(&out).join("builtin_pack.json"), merged);
}

/// The merged pack less its catalogue and the words of its rules. A rule
/// keeps what decides where and when it could apply; its words are empty,
/// since the pack's format requires them.
fn outline(merged: &toml::Table) -> toml::Table {
    const KEPT: [&str; 5] = ["pack", "scale", "device", "question", "rule"];
    const RULE_KEPT: [&str; 6] = [
        "id",
        "jurisdiction",
        "verdict",
        "in_force",
        "supersedes",
        "when",
    ];
    const RULE_EMPTY: [&str; 4] = ["authority", "instrument", "reason", "advice"];
    let mut outline = toml::Table::new();
    for (key, value) in merged.iter().filter(|(k, _)| KEPT.contains(&k.as_str())) {
        let value = match (key.as_str(), value) {
            ("rule", toml::Value::Array(rules)) => toml::Value::Array(
                rules
                    .iter()
                    .filter_map(toml::Value::as_table)
                    .map(|rule| {
                        let mut kept: toml::Table = (rule.iter())
                            .filter(|(k, _)| RULE_KEPT.contains(&k.as_str()))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        for key in RULE_EMPTY {
                            kept.insert(key.to_owned(), toml::Value::String(String::new()));
                        }
                        kept.insert("sources".to_owned(), toml::Value::Array(Vec::new()));
                        toml::Value::Table(kept)
                    })
                    .collect(),
            ),
            _ => value.clone(),
        };
        outline.insert(key.clone(), value);
    }
    outline
}

/// Adds one file's tables to the merged pack file: arrays (`rule`, `entity`,
/// ...) are joined in file order, as the loader joins them; the first
/// `[pack]` header is kept (the loader rejects a second).
fn merge(merged: &mut toml::Table, file: &toml::Value) {
    let Some(file) = file.as_table() else { return };
    for (key, value) in file {
        match (merged.get_mut(key), value) {
            (Some(toml::Value::Array(all)), toml::Value::Array(more)) => {
                all.extend(more.iter().cloned());
            }
            (Some(_), _) => {}
            (None, _) => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
}
