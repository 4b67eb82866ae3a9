//! Without the `toml` feature (the web app), embed the built-in rule pack as
//! JSON, so that the wasm carries no TOML parser.

use std::path::Path;

fn main() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    println!("cargo::rerun-if-changed={}", rules.display());
    if std::env::var_os("CARGO_FEATURE_TOML").is_some() {
        return;
    }
    let mut entries = String::from("&[\n");
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
        let json = serde_json::to_string(&value).unwrap_or_default();
        let name = format!(
            "rules/{}.json",
            path.file_stem().and_then(|s| s.to_str()).unwrap_or("rules")
        );
        entries.push_str(&format!("    ({name:?}, {json:?}),\n"));
    }
    entries.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_json.rs");
    let _ = std::fs::write(out, entries);
}
