//! Rule pack diagnostics: each names its file, and the line, column and
//! field of the value it is about.

use vrc_engine::{Diagnostic, RuleSetBuilder};

const HEADER: &str = "[pack]\nid = \"acme\"\nversion = \"1\"\ndate = \"2026-01-01\"\n";

/// A valid rule, `id` on line 2 of it (with `[[rule]]` on line 1), its
/// `when` table on line 11 and its two sources from line 13.
fn rule(id: &str) -> String {
    format!(
        r#"[[rule]]
id = "{id}"
authority = "Acme security"
instrument = "Supplier policy"
jurisdiction = "GB"
verdict = "avoid"
reason = "Acme's own assessment."
advice = "Replace it."
in_force = {{ from = "2020-01-01" }}
[rule.when]
entities = ["kaspersky"]
[[rule.sources]]
title = "Supplier policy"
url = "https://intranet.example/policy"
date = "2020-01-01"
[[rule.sources]]
title = "Supplier policy, annex"
url = "https://intranet.example/annex"
date = "2020-01-01"
"#
    )
}

/// The built-in pack, and a pack of the given files.
fn diagnostics(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let files = files
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()));
    match RuleSetBuilder::new().builtin().pack(files).build() {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics,
    }
}

/// What one diagnostic must say: file, line, column, field, a part of the
/// message, and the help.
type Expected<'a> = (
    &'a str,
    Option<usize>,
    Option<usize>,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
);

#[test]
fn each_diagnostic_names_its_file_line_column_and_field() {
    let rule_1 = rule("acme-1");
    let with_header = |text: &str| format!("{HEADER}{text}");
    let second_url = with_header(&rule_1.replace(
        "url = \"https://intranet.example/annex\"",
        "url = \"intranet/annex\"",
    ));
    let verdict = with_header(&rule_1.replace("\"avoid\"", "\"avod\""));
    let misspelt = with_header(&rule_1.replace("advice =", "advise ="));
    let sources_left_out = with_header(rule_1.split("[[rule.sources]]").next().unwrap_or_default());
    let no_sources = sources_left_out.replace("[rule.when]", "sources = []\n[rule.when]");
    let entity = with_header(&rule_1.replace("[\"kaspersky\"]", "[\"kaspersky\", \"huawey\"]"));
    let answers = with_header(&rule_1.replace(
        "entities = [\"kaspersky\"]",
        "entities = [\"kaspersky\"]\nanswers = { handles-secrets = true }",
    ));
    let empty_version = with_header(&rule_1).replace("version = \"1\"", "version = \"\"");
    let no_date = with_header(&rule_1).replace("date = \"2026-01-01\"\n", "");
    let header_2 = HEADER.replace("acme", "acme-2");
    let syntax = with_header(&rule_1.replace("\"avoid\"", "\"avoid"));
    let whole = with_header(&rule_1);
    let second_pack = format!("{header_2}{rule_1}");
    let json = serde_json::to_string(&toml::from_str::<toml::Value>(&entity).unwrap()).unwrap();

    let cases: Vec<(&str, Vec<(&str, &str)>, Vec<Expected>)> = vec![
        (
            "a bad address in a rule's second source",
            vec![("acme.toml", &second_url)],
            vec![(
                "acme.toml",
                Some(22),
                Some(7),
                Some("rule `acme-1`: sources.url"),
                "`intranet/annex` is not an http(s) address",
                None,
            )],
        ),
        (
            "an unknown verdict",
            vec![("acme.toml", &verdict)],
            vec![(
                "acme.toml",
                Some(10),
                Some(11),
                Some("rule `acme-1`: verdict"),
                "unknown value `avod`, expected one of",
                Some("did you mean `avoid`?"),
            )],
        ),
        (
            "a misspelt field",
            vec![("acme.toml", &misspelt)],
            vec![(
                "acme.toml",
                Some(12),
                Some(1),
                Some("rule `acme-1`: advise"),
                "unknown field `advise`, expected one of",
                Some("did you mean `advice`?"),
            )],
        ),
        (
            "a rule citing no source",
            vec![("acme.toml", &no_sources)],
            vec![(
                "acme.toml",
                Some(14),
                Some(11),
                Some("rule `acme-1`: sources"),
                "every rule must cite at least one source",
                None,
            )],
        ),
        (
            "a rule without `sources`",
            vec![("acme.toml", &sources_left_out)],
            vec![(
                "acme.toml",
                Some(5),
                Some(1),
                Some("rule `acme-1`"),
                "missing field `sources`",
                None,
            )],
        ),
        (
            "an unknown entity, close to a known one",
            vec![("acme.toml", &entity)],
            vec![(
                "acme.toml",
                Some(15),
                Some(26),
                Some("rule `acme-1`: when.entities"),
                "unknown entity `huawey`",
                Some("did you mean `huawei`?"),
            )],
        ),
        (
            "an unknown question, at its key",
            vec![("acme.toml", &answers)],
            vec![(
                "acme.toml",
                Some(16),
                Some(13),
                Some("rule `acme-1`: when.answers"),
                "unknown question `handles-secrets`",
                None,
            )],
        ),
        (
            "a rule id used in two files of a pack",
            vec![("a.toml", &whole), ("b.toml", &rule_1)],
            vec![(
                "b.toml",
                Some(2),
                Some(6),
                Some("rule `acme-1`: id"),
                "the rule id `acme-1` is used twice",
                Some("first used at `a.toml:6:6`"),
            )],
        ),
        (
            "an empty version",
            vec![("acme.toml", &empty_version)],
            vec![(
                "acme.toml",
                Some(3),
                Some(11),
                Some("pack.version"),
                "a pack needs a non-empty `version`",
                None,
            )],
        ),
        (
            "a header without a date",
            vec![("acme.toml", &no_date)],
            vec![(
                "acme.toml",
                Some(1),
                Some(1),
                Some("pack"),
                "missing field `date`",
                None,
            )],
        ),
        (
            "a second header in another file of the pack",
            vec![("a.toml", HEADER), ("b.toml", &second_pack)],
            vec![(
                "b.toml",
                Some(1),
                Some(1),
                Some("pack"),
                "a second `[pack]` header (`acme-2`) in one pack",
                Some("the first is at `a.toml:1:1`"),
            )],
        ),
        (
            "a pack without a header",
            vec![("a.toml", &rule_1), ("b.toml", "")],
            vec![(
                "a.toml, b.toml",
                None,
                None,
                Some("pack"),
                "no file of this pack has a `[pack]` header",
                Some("add `[pack]` with `id`, `version` and `date` to one file"),
            )],
        ),
        (
            "a TOML syntax error",
            vec![("acme.toml", &syntax)],
            vec![(
                "acme.toml",
                Some(10),
                Some(17),
                None,
                "invalid basic string",
                None,
            )],
        ),
        (
            "a JSON syntax error",
            vec![("acme.json", "{\n  \"pack\": {\"id\": 1}\n}")],
            vec![(
                "acme.json",
                Some(2),
                Some(18),
                None,
                "invalid type: integer `1`, expected a string",
                None,
            )],
        ),
        (
            "a JSON pack's unknown entity, by file and field",
            vec![("acme.json", &json)],
            vec![(
                "acme.json",
                None,
                None,
                Some("rule `acme-1`: when.entities"),
                "unknown entity `huawey`",
                Some("did you mean `huawei`?"),
            )],
        ),
    ];
    for (what, files, expected) in cases {
        let found = diagnostics(&files);
        let got: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    d.file.as_str(),
                    d.line,
                    d.column,
                    d.field.as_deref(),
                    d.help.as_deref(),
                )
            })
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|(file, line, column, field, _, help)| (*file, *line, *column, *field, *help))
            .collect();
        assert_eq!(got, want, "{what}: {found:#?}");
        for (d, (.., message, _)) in found.iter().zip(&expected) {
            assert!(d.message.contains(message), "{what}: {d}");
        }
    }
}

#[test]
fn a_diagnostic_reads_as_file_line_column_field_and_message() {
    let text = format!(
        "{HEADER}{}",
        rule("acme-1").replace("[\"kaspersky\"]", "[\"huawey\"]")
    );
    let found = diagnostics(&[("acme.toml", &text)]);
    let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "acme.toml:15:13: rule `acme-1`: when.entities: unknown entity `huawey`\n  help: did you mean `huawei`?"
        ]
    );
}
