//! `vrc rules`: list, show, validate and describe rule packs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vrc_engine::{RuleSet, RuleSetBuilder};

use crate::CliError;
use crate::args::{ListFormat, RulesCommand};

/// The files of a pack: a `.toml` file, or every `.toml` file in a folder.
pub fn pack_files(path: &Path) -> Result<Vec<(String, String)>, CliError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .map(|text| (p.display().to_string(), text))
            .map_err(|source| CliError::Read {
                path: p.display().to_string(),
                source,
            })
    };
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| CliError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(CliError::Usage(format!(
                "`{}` has no .toml files",
                path.display()
            )));
        }
        files.iter().map(|p| read(p)).collect()
    } else {
        Ok(vec![read(path)?])
    }
}

/// The built-in pack plus the packs at `paths`.
pub fn load(paths: &[PathBuf]) -> Result<RuleSet, CliError> {
    let mut builder = RuleSetBuilder::new().builtin();
    for path in paths {
        builder = builder.pack(pack_files(path)?);
    }
    Ok(builder.build()?)
}

pub fn run(command: &RulesCommand) -> Result<ExitCode, CliError> {
    match command {
        RulesCommand::List { rules, format } => {
            let set = load(rules)?;
            match format {
                ListFormat::Json => {
                    let list: Vec<_> = set.rules().collect();
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&list).unwrap_or_default()
                    );
                }
                ListFormat::Table => {
                    let rows: Vec<Vec<String>> = set
                        .rules()
                        .map(|r| {
                            vec![
                                r.id.clone(),
                                r.jurisdiction.to_string(),
                                r.verdict.to_string(),
                                r.in_force.from.to_string(),
                                r.in_force.until.map(|d| d.to_string()).unwrap_or_default(),
                                r.instrument.clone(),
                            ]
                        })
                        .collect();
                    print!(
                        "{}",
                        crate::output::table(
                            &["RULE", "JUR", "VERDICT", "FROM", "UNTIL", "INSTRUMENT"],
                            &rows
                        )
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Show { id, rules } => {
            let set = load(rules)?;
            let Some(rule) = set.rule(id) else {
                let hint = set
                    .suggest_rule(id)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(CliError::Usage(format!("no rule `{id}`{hint}")));
            };
            print!("{}", toml::to_string_pretty(rule).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Validate { packs } => {
            let mut builder = RuleSetBuilder::new().builtin();
            for path in packs {
                builder = builder.pack(pack_files(path)?);
            }
            let set = builder.build()?;
            let rules = set.rules().count();
            let entities = set.entities().len();
            for pack in set.packs() {
                println!(
                    "ok: pack `{}` version {} ({})",
                    pack.id, pack.version, pack.date
                );
            }
            println!("{rules} rules, {entities} entities");
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Changes {
            since,
            from_pack,
            rules,
            as_of,
            format,
        } => changes(
            since.as_deref(),
            from_pack.as_deref(),
            rules,
            as_of.as_deref(),
            *format,
        ),
        RulesCommand::Schema { report } => {
            let schema = if *report {
                vrc_engine::schema::report()
            } else {
                vrc_engine::schema::rule_pack()
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `vrc rules changes`: what started, ended or fell due since a date, and
/// what an older pack had otherwise.
fn changes(
    since: Option<&str>,
    from_pack: Option<&Path>,
    rules: &[PathBuf],
    as_of: Option<&str>,
    format: ListFormat,
) -> Result<ExitCode, CliError> {
    let date = |flag: &str, text: &str| {
        text.parse::<vrc_engine::Date>()
            .map_err(|e| CliError::Usage(format!("{flag}: {e}")))
    };
    let set = load(rules)?;
    let until = match as_of {
        Some(text) => date("--as-of", text)?,
        None => crate::check::today(),
    };
    let mut found = Vec::new();
    if let Some(text) = since {
        found.extend(vrc_engine::changes::since(
            &set,
            date("--since", text)?,
            until,
        ));
    }
    if let Some(path) = from_pack {
        let older = RuleSetBuilder::new().pack(pack_files(path)?).build()?;
        found.extend(vrc_engine::changes::between(&older, &set));
    }
    match format {
        ListFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&found).unwrap_or_default()
        ),
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|c| {
                    vec![
                        c.date.map(|d| d.to_string()).unwrap_or_default(),
                        serde_json::to_value(c.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default(),
                        c.rule.clone(),
                        c.verdict.to_string(),
                        c.what.clone(),
                    ]
                })
                .collect();
            print!(
                "{}",
                crate::output::table(&["DATE", "CHANGE", "RULE", "VERDICT", "WHAT"], &rows)
            );
            if found.is_empty() {
                println!("no changes");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
