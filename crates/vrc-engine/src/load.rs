//! Loading and validating rule packs.
//!
//! Loading never stops at the first problem: it collects every diagnostic,
//! each with the file, line, column and field, and a "did you mean" where a
//! name is close to a known one. A [`RuleSet`] exists only when there are none.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::RuleSet;
use crate::normalise::fold_marking;
use crate::pack::{Entity, PackFile, PackMeta, Question, Rule, Scale, Term};
use crate::suggest::did_you_mean;
use crate::vocab::Jurisdiction;

/// The built-in pack, compiled in. Its files are TOML under `rules/`; without
/// the `toml` feature (the web app) the build script embeds them as JSON, so
/// the TOML parser is not shipped to every visitor.
#[cfg(feature = "toml")]
const BUILTIN: &[(&str, &str)] = &[
    ("rules/pack.toml", include_str!("../../../rules/pack.toml")),
    (
        "rules/catalogue.toml",
        include_str!("../../../rules/catalogue.toml"),
    ),
    (
        "rules/kaspersky.toml",
        include_str!("../../../rules/kaspersky.toml"),
    ),
    (
        "rules/telecoms-surveillance-apps.toml",
        include_str!("../../../rules/telecoms-surveillance-apps.toml"),
    ),
];
#[cfg(not(feature = "toml"))]
const BUILTIN: &[(&str, &str)] = BUILTIN_JSON;
/// The built-in pack's files as JSON, in file-name order (see `build.rs`).
#[cfg(any(test, not(feature = "toml")))]
const BUILTIN_JSON: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_json.rs"));
/// The same files merged into one pack file.
#[cfg(any(test, not(feature = "toml")))]
const BUILTIN_MERGED: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_pack.json"));

/// The built-in pack read without the loader's checks, for builds that ship
/// it to every visitor (the web app): the checks, their messages and their
/// "did you mean"s are most of the loader's code. They run on the same
/// files in the native tests, which assert that this gives the same rules.
#[cfg(any(test, not(feature = "toml")))]
pub(crate) fn builtin_unchecked() -> Result<RuleSet, PackError> {
    const NAME: &str = "rules (built in)";
    let file: PackFile = parse(&format!("{NAME}.json"), BUILTIN_MERGED).map_err(|d| PackError {
        diagnostics: vec![*d],
    })?;
    Ok(RuleSet::new(
        file.pack.into_iter().collect(),
        file.scale
            .into_iter()
            .map(|s| (s.jurisdiction, s.markings))
            .collect(),
        file.category,
        file.device,
        file.question,
        file.entity,
        file.rule,
    ))
}

/// One problem found in a rule pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Where in the data: `rule gb-ncsc-2017-secret: when.entities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A rule pack that did not load, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct PackError {
    pub diagnostics: Vec<Diagnostic>,
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = format!(
        "the rule pack has {} error{}:",
        diagnostics.len(),
        if diagnostics.len() == 1 { "" } else { "s" }
    );
    for d in diagnostics {
        out.push_str("\n  ");
        out.push_str(&d.to_string().replace('\n', "\n  "));
    }
    out
}

/// Builds a [`RuleSet`] from the built-in pack and any number of packs of
/// the user's own.
#[derive(Debug, Default, Clone)]
pub struct RuleSetBuilder {
    packs: Vec<Vec<(String, String)>>,
}

impl RuleSetBuilder {
    pub fn new() -> RuleSetBuilder {
        RuleSetBuilder::default()
    }

    /// Adds the built-in pack.
    pub fn builtin(mut self) -> RuleSetBuilder {
        self.packs.push(
            BUILTIN
                .iter()
                .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
                .collect(),
        );
        self
    }

    /// Adds a pack made of the given files, each a name (for diagnostics) and
    /// its TOML text. Exactly one file must carry the `[pack]` header.
    pub fn pack(mut self, files: impl IntoIterator<Item = (String, String)>) -> RuleSetBuilder {
        self.packs.push(files.into_iter().collect());
        self
    }

    /// Parses and validates everything added, returning every problem found.
    ///
    /// A pack added again under the same id replaces the earlier one, so a
    /// newer copy of the built-in pack on disk replaces the compiled-in one.
    pub fn build(self) -> Result<RuleSet, PackError> {
        let ids: Vec<Option<String>> = self.packs.iter().map(|files| pack_id(files)).collect();
        let mut loader = Loader::default();
        for (i, files) in self.packs.iter().enumerate() {
            let replaced = ids
                .iter()
                .skip(i + 1)
                .any(|later| later.is_some() && *later == ids.get(i).cloned().flatten());
            if !replaced {
                loader.load_pack(files);
            }
        }
        loader.finish()
    }
}

/// The id in a pack's `[pack]` header, read leniently (the full parse reports errors).
fn pack_id(files: &[(String, String)]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        pack: Option<Id>,
    }
    #[derive(serde::Deserialize)]
    struct Id {
        id: String,
    }
    files
        .iter()
        .find_map(|(name, text)| parse::<Head>(name, text).ok()?.pack.map(|p| p.id))
}

/// The built-in pack's file names and texts, for `vrc rules validate` and the schema test.
pub fn builtin_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTIN.iter().copied()
}

/// Something parsed, remembered with where it came from.
struct Located<T> {
    file: usize,
    /// Where the item starts, when the file format gives positions.
    span: Option<Range<usize>>,
    value: T,
}

/// Parses one file: JSON when it looks like JSON, TOML otherwise.
fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, Box<Diagnostic>> {
    let diagnostic = |line, column, message: String| {
        Box::new(Diagnostic {
            file: name.to_owned(),
            line,
            column,
            field: None,
            message,
            help: None,
        })
    };
    if name.ends_with(".json") || text.trim_start().starts_with('{') {
        return serde_json::from_str(text)
            .map_err(|e| diagnostic(Some(e.line()), Some(e.column()), e.to_string()));
    }
    #[cfg(feature = "toml")]
    {
        toml::from_str(text).map_err(|err| {
            let (line, column) = err
                .span()
                .map(|s| line_col(text, s.start))
                .map_or((None, None), |(l, c)| (Some(l), Some(c)));
            diagnostic(line, column, err.message().trim().to_owned())
        })
    }
    #[cfg(not(feature = "toml"))]
    Err(diagnostic(
        None,
        None,
        "this build reads rule packs in JSON only".to_owned(),
    ))
}

/// Each item of an array of tables, with where it is in the text: the n-th
/// `[[kind]]` header starts the n-th item. JSON packs have no such headers, and
/// their items get no position.
fn locate<T>(file: usize, text: &str, kind: &str, items: Vec<T>) -> Vec<Located<T>> {
    let header = format!("[[{kind}]]");
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == header {
            starts.push(offset);
        }
        offset += line.len();
    }
    let starts = if starts.len() == items.len() {
        starts
    } else {
        Vec::new()
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, value)| Located {
            file,
            span: starts.get(i).map(|s| *s..*s),
            value,
        })
        .collect()
}

#[derive(Default)]
struct Loader {
    files: Vec<(String, String)>,
    diagnostics: Vec<Diagnostic>,
    packs: Vec<PackMeta>,
    scales: Vec<Located<Scale>>,
    categories: Vec<Located<Term>>,
    devices: Vec<Located<Term>>,
    questions: Vec<Located<Question>>,
    entities: Vec<Located<Entity>>,
    rules: Vec<Located<Rule>>,
}

impl Loader {
    fn load_pack(&mut self, files: &[(String, String)]) {
        let mut headers = Vec::new();
        let mut unreadable = false;
        for (name, text) in files {
            let file = self.files.len();
            self.files.push((name.clone(), text.clone()));
            let parsed: PackFile = match parse(name, text) {
                Ok(parsed) => parsed,
                Err(diagnostic) => {
                    self.diagnostics.push(*diagnostic);
                    unreadable = true;
                    continue;
                }
            };
            if let Some(meta) = parsed.pack {
                headers.push((file, meta));
            }
            self.scales
                .extend(locate(file, text, "scale", parsed.scale));
            self.categories
                .extend(locate(file, text, "category", parsed.category));
            self.devices
                .extend(locate(file, text, "device", parsed.device));
            self.questions
                .extend(locate(file, text, "question", parsed.question));
            self.entities
                .extend(locate(file, text, "entity", parsed.entity));
            self.rules.extend(locate(file, text, "rule", parsed.rule));
        }
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        match headers.len() {
            1 => self.packs.extend(headers.into_iter().map(|(_, m)| m)),
            0 if !files.is_empty() && !unreadable => self.diagnostics.push(Diagnostic {
                file: names.join(", "),
                line: None,
                column: None,
                field: Some("pack".to_owned()),
                message: "no file of this pack has a `[pack]` header".to_owned(),
                help: Some("add `[pack]` with `id`, `version` and `date` to one file".to_owned()),
            }),
            _ => {
                for (file, meta) in headers.iter().skip(1) {
                    self.diagnostics.push(Diagnostic {
                        file: self.file_name(*file),
                        line: None,
                        column: None,
                        field: Some("pack".to_owned()),
                        message: format!("a second `[pack]` header (`{}`) in one pack", meta.id),
                        help: None,
                    });
                }
            }
        }
    }

    fn file_name(&self, file: usize) -> String {
        self.files
            .get(file)
            .map(|(n, _)| n.clone())
            .unwrap_or_default()
    }

    /// A diagnostic pointing at `key` inside the item spanned by `span`.
    fn at(
        &self,
        file: usize,
        span: &Option<Range<usize>>,
        what: &str,
        key: &str,
        message: String,
    ) -> Diagnostic {
        let text = self.files.get(file).map(|(_, t)| t.as_str()).unwrap_or("");
        let leaf = key.rsplit('.').next().unwrap_or(key);
        let position = span.as_ref().map(|span| {
            line_col(
                text,
                key_offset(text, span.start, leaf).unwrap_or(span.start),
            )
        });
        Diagnostic {
            file: self.file_name(file),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
            field: Some(if key.is_empty() {
                what.to_owned()
            } else {
                format!("{what}: {key}")
            }),
            message,
            help: None,
        }
    }

    fn finish(mut self) -> Result<RuleSet, PackError> {
        self.check_packs();
        let scales = self.check_scales();
        let categories = self.check_terms(|l| &l.categories, "category");
        let devices = self.check_terms(|l| &l.devices, "device");
        let questions: BTreeSet<String> =
            self.questions.iter().map(|q| q.value.id.clone()).collect();
        let entity_ids: Vec<String> = self.entities.iter().map(|e| e.value.id.clone()).collect();
        let question_ids = spans(&self.questions, |q| &q.id);
        let entity_spans = spans(&self.entities, |e| &e.id);
        let rule_spans = spans(&self.rules, |r| &r.id);
        self.check_unique(&question_ids, "question");
        self.check_unique(&entity_spans, "entity");
        self.check_unique(&rule_spans, "rule");
        self.check_entities(&categories);
        let rule_ids: Vec<String> = self.rules.iter().map(|r| r.value.id.clone()).collect();
        for index in 0..self.rules.len() {
            self.check_rule(
                index,
                &entity_ids,
                &rule_ids,
                &categories,
                &devices,
                &questions,
                &scales,
            );
        }
        if !self.diagnostics.is_empty() {
            return Err(PackError {
                diagnostics: self.diagnostics,
            });
        }
        Ok(RuleSet::new(
            self.packs,
            scales,
            self.categories.into_iter().map(|l| l.value).collect(),
            self.devices.into_iter().map(|l| l.value).collect(),
            self.questions.into_iter().map(|l| l.value).collect(),
            self.entities.into_iter().map(|l| l.value).collect(),
            self.rules.into_iter().map(|l| l.value).collect(),
        ))
    }

    fn check_packs(&mut self) {
        let mut seen = BTreeSet::new();
        for meta in &self.packs {
            if !seen.insert(meta.id.clone()) {
                self.diagnostics.push(Diagnostic {
                    file: String::new(),
                    line: None,
                    column: None,
                    field: Some("pack.id".to_owned()),
                    message: format!("the pack `{}` is loaded twice", meta.id),
                    help: None,
                });
            }
            if meta.id.trim().is_empty() || meta.version.trim().is_empty() {
                self.diagnostics.push(Diagnostic {
                    file: String::new(),
                    line: None,
                    column: None,
                    field: Some("pack".to_owned()),
                    message: "a pack needs a non-empty `id` and `version`".to_owned(),
                    help: None,
                });
            }
        }
    }

    fn check_unique(&mut self, items: &[(usize, Option<Range<usize>>, String)], what: &str) {
        let mut seen = HashMap::new();
        let mut found = Vec::new();
        for (file, span, id) in items {
            let (file, id) = (*file, id.as_str());
            if !is_kebab(id) {
                found.push(self.at(
                    file,
                    span,
                    &format!("{what} `{id}`"),
                    "id",
                    format!("`{id}` is not a lower-case kebab-case id"),
                ));
            }
            if seen.insert(id.to_owned(), ()).is_some() {
                found.push(self.at(
                    file,
                    span,
                    &format!("{what} `{id}`"),
                    "id",
                    format!("the {what} id `{id}` is used twice"),
                ));
            }
        }
        self.diagnostics.extend(found);
    }

    fn check_scales(&mut self) -> BTreeMap<Jurisdiction, Vec<String>> {
        let mut scales = BTreeMap::new();
        let mut found = Vec::new();
        for s in &self.scales {
            let what = format!("scale {}", s.value.jurisdiction);
            if s.value.markings.is_empty() {
                found.push(self.at(
                    s.file,
                    &s.span,
                    &what,
                    "markings",
                    "a scale needs at least one marking".to_owned(),
                ));
            }
            if scales
                .insert(s.value.jurisdiction, s.value.markings.clone())
                .is_some()
            {
                found.push(self.at(
                    s.file,
                    &s.span,
                    &what,
                    "jurisdiction",
                    format!("a second scale for `{}`", s.value.jurisdiction),
                ));
            }
        }
        self.diagnostics.extend(found);
        scales
    }

    fn check_terms(
        &mut self,
        terms: fn(&Loader) -> &Vec<Located<Term>>,
        what: &str,
    ) -> Vec<String> {
        let items = spans(terms(self), |t| &t.id);
        self.check_unique(&items, what);
        items.into_iter().map(|(_, _, id)| id).collect()
    }

    fn check_entities(&mut self, categories: &[String]) {
        let mut found = Vec::new();
        for e in &self.entities {
            let what = format!("entity `{}`", e.value.id);
            if e.value.name.trim().is_empty() {
                found.push(self.at(
                    e.file,
                    &e.span,
                    &what,
                    "name",
                    "an entity needs a name".to_owned(),
                ));
            }
            for p in &e.value.products {
                if !categories.contains(&p.category) {
                    let mut d = self.at(
                        e.file,
                        &e.span,
                        &what,
                        "product.category",
                        format!("unknown category `{}` for product `{}`", p.category, p.name),
                    );
                    d.help = suggestion(&p.category, categories);
                    found.push(d);
                }
            }
            for s in &e.value.sources {
                if let Some(d) = self.check_source(e.file, &e.span, &what, s) {
                    found.push(d);
                }
            }
            for h in &e.value.holdings {
                let holding = format!("{what}, holding `{}`", h.name);
                if h.sources.is_empty() {
                    found.push(
                        self.at(
                            e.file,
                            &e.span,
                            &holding,
                            "holding.sources",
                            "a holding needs at least one source for its ownership and dates"
                                .to_owned(),
                        ),
                    );
                }
                if let (Some(from), Some(until)) = (h.from, h.until)
                    && until < from
                {
                    found.push(self.at(
                        e.file,
                        &e.span,
                        &holding,
                        "holding.until",
                        format!("`until` ({until}) is before `from` ({from})"),
                    ));
                }
                for s in &h.sources {
                    if let Some(d) = self.check_source(e.file, &e.span, &holding, s) {
                        found.push(d);
                    }
                }
            }
        }
        self.diagnostics.extend(found);
    }

    fn check_source(
        &self,
        file: usize,
        span: &Option<Range<usize>>,
        what: &str,
        s: &crate::pack::Source,
    ) -> Option<Diagnostic> {
        if s.title.trim().is_empty() {
            return Some(self.at(
                file,
                span,
                what,
                "sources.title",
                "a source needs a title".to_owned(),
            ));
        }
        if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
            return Some(self.at(
                file,
                span,
                what,
                "sources.url",
                format!("`{}` is not an http(s) address", s.url),
            ));
        }
        None
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the vocabularies a rule is checked against"
    )]
    fn check_rule(
        &mut self,
        index: usize,
        entity_ids: &[String],
        rule_ids: &[String],
        categories: &[String],
        devices: &[String],
        questions: &BTreeSet<String>,
        scales: &BTreeMap<Jurisdiction, Vec<String>>,
    ) {
        let Some(r) = self.rules.get(index) else {
            return;
        };
        let (file, span, rule) = (r.file, r.span.clone(), &r.value);
        let what = format!("rule `{}`", rule.id);
        let mut found = Vec::new();
        let mut unknown = |key: &str, value: &str, known: &[String], kind: &str| {
            if !known.iter().any(|k| k == value) {
                let mut d = self.at(file, &span, &what, key, format!("unknown {kind} `{value}`"));
                d.help = suggestion(value, known);
                found.push(d);
            }
        };
        for e in &rule.when.entities {
            unknown("when.entities", e, entity_ids, "entity");
        }
        for c in &rule.when.categories {
            unknown("when.categories", c, categories, "category");
        }
        for d in &rule.when.devices {
            unknown("when.devices", d, devices, "device type");
        }
        for s in &rule.supersedes {
            unknown("supersedes", s, rule_ids, "rule");
        }
        let questions: Vec<String> = questions.iter().cloned().collect();
        for q in rule.when.answers.keys() {
            unknown("when.answers", q, &questions, "question");
        }
        if rule.id == crate::eval::ANSWER_NEEDED {
            found.push(self.at(
                file,
                &span,
                &what,
                "id",
                format!("`{}` is the id of the engine's own finding for rules waiting on answers: choose another", rule.id),
            ));
        }
        if rule.when.entities.is_empty()
            && rule.when.entity_countries.is_empty()
            && rule.when.produced_outside.is_empty()
        {
            found.push(self.at(file, &span, &what, "when", "a rule must name `entities`, `entity_countries` or `produced_outside`, or it would apply to everything".to_owned()));
        }
        if let Some(bound) = &rule.when.classification {
            // A state marks as its country does, unless it has a scale of its own.
            let scale = scales
                .get(&rule.jurisdiction)
                .or_else(|| scales.get(&rule.jurisdiction.country()));
            for (key, marking) in [("at_least", &bound.at_least), ("at_most", &bound.at_most)] {
                let Some(marking) = marking else { continue };
                match scale {
                    None => found.push(self.at(
                        file,
                        &span,
                        &what,
                        key,
                        format!(
                            "there is no classification scale for `{}`",
                            rule.jurisdiction
                        ),
                    )),
                    Some(markings)
                        if !markings
                            .iter()
                            .any(|m| fold_marking(m) == fold_marking(marking)) =>
                    {
                        let mut d = self.at(
                            file,
                            &span,
                            &what,
                            key,
                            format!(
                                "`{marking}` is not a marking on the {} scale",
                                rule.jurisdiction
                            ),
                        );
                        d.help = suggestion(marking, markings);
                        found.push(d);
                    }
                    Some(_) => {}
                }
            }
            if bound.at_least.is_none() && bound.at_most.is_none() {
                found.push(self.at(
                    file,
                    &span,
                    &what,
                    "classification",
                    "give `at_least`, `at_most` or both".to_owned(),
                ));
            }
        }
        if let Some(until) = rule.in_force.until
            && until < rule.in_force.from
        {
            found.push(self.at(
                file,
                &span,
                &what,
                "until",
                format!(
                    "ends on {until}, before it starts on {}",
                    rule.in_force.from
                ),
            ));
        }
        if rule.sources.is_empty() {
            found.push(self.at(
                file,
                &span,
                &what,
                "sources",
                "every rule must cite at least one source".to_owned(),
            ));
        }
        for s in &rule.sources {
            if let Some(d) = self.check_source(file, &span, &what, s) {
                found.push(d);
            }
        }
        for (key, text) in [
            ("reason", &rule.reason),
            ("advice", &rule.advice),
            ("authority", &rule.authority),
            ("instrument", &rule.instrument),
        ] {
            if text.trim().is_empty() {
                found.push(self.at(
                    file,
                    &span,
                    &what,
                    key,
                    format!("`{key}` must not be empty"),
                ));
            }
        }
        self.diagnostics.extend(found);
    }
}

fn spans<T>(
    items: &[Located<T>],
    id: fn(&T) -> &String,
) -> Vec<(usize, Option<Range<usize>>, String)> {
    items
        .iter()
        .map(|l| (l.file, l.span.clone(), id(&l.value).clone()))
        .collect()
}

fn suggestion(input: &str, known: &[String]) -> Option<String> {
    did_you_mean(input, known.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"))
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The offset of the line that assigns `key` in the item that starts at
/// `start`, sub-tables such as `[rule.when]` included: the item runs to the
/// next top-level `[[...]]` or `[...]` header.
fn key_offset(text: &str, start: usize, key: &str) -> Option<usize> {
    let body = text.get(start..)?;
    let mut offset = start;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if n > 0 && is_top_level_header(trimmed) {
            return None;
        }
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

fn is_top_level_header(line: &str) -> bool {
    let name = line.trim_start_matches('[');
    line.starts_with('[') && name.split(']').next().is_some_and(|n| !n.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, PackError> {
        RuleSetBuilder::new()
            .builtin()
            .pack([("mine.toml".to_owned(), text.to_owned())])
            .build()
    }

    const HEADER: &str = "[pack]\nid = \"mine\"\nversion = \"1\"\ndate = \"2026-01-01\"\n";

    #[test]
    fn the_builtin_pack_loads() {
        let rules = RuleSetBuilder::new().builtin().build().unwrap();
        assert!(rules.rules().count() > 10);
    }

    /// The web app reads the merged pack unchecked: it must be exactly what
    /// the checked loader makes of the same JSON files, in the same order.
    #[test]
    fn the_unchecked_builtin_pack_is_the_checked_one() {
        let files = BUILTIN_JSON
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()));
        let checked = RuleSetBuilder::new().pack(files).build().unwrap();
        let unchecked = builtin_unchecked().unwrap();
        assert_eq!(unchecked.packs, checked.packs);
        assert_eq!(unchecked.scales, checked.scales);
        assert_eq!(unchecked.categories, checked.categories);
        assert_eq!(unchecked.devices, checked.devices);
        assert_eq!(unchecked.questions, checked.questions);
        assert_eq!(unchecked.entities, checked.entities);
        assert_eq!(unchecked.rules, checked.rules);
        assert_eq!(unchecked.rules_by_entity, checked.rules_by_entity);
        // And the JSON files hold what the TOML files do (in file-name order).
        let from_toml = RuleSet::builtin().unwrap();
        let by_id = |rules: &[Rule]| {
            let mut rules = rules.to_vec();
            rules.sort_by(|a, b| a.id.cmp(&b.id));
            rules
        };
        assert_eq!(by_id(&unchecked.rules), by_id(&from_toml.rules));
        let mut entities = from_toml.entities.clone();
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        let mut unchecked_entities = unchecked.entities.clone();
        unchecked_entities.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(unchecked_entities, entities);
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let err = load(&format!("{HEADER}[[rule]]\nid = \"x\nverdict = 1\n")).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.file, "mine.toml");
        assert_eq!(d.line, Some(6));
    }

    #[test]
    fn unknown_fields_are_named_with_their_line() {
        let err = load(&format!(
            "{HEADER}\n[[question]]\nid = \"q\"\ntext = \"?\"\ntxet = \"?\"\n"
        ))
        .unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.line, Some(9), "{d}");
        assert!(d.message.contains("txet"), "{d}");
    }

    const RULE: &str = r#"
[[rule]]
id = "mine-1"
authority = "Us"
instrument = "Our policy"
jurisdiction = "GB"
verdict = "avoid"
reason = "Because."
advice = "Don't."
in_force = { from = "2020-01-01" }
[rule.when]
entities = ["kaspersky"]
[[rule.sources]]
title = "Our policy"
url = "https://intranet.example/policy"
date = "2020-01-01"
"#;

    #[test]
    fn a_valid_custom_pack_loads_beside_the_builtin_one() {
        let rules = load(&format!("{HEADER}{RULE}")).unwrap();
        assert_eq!(rules.packs().len(), 2);
        assert!(rules.rule("mine-1").is_some());
    }

    #[test]
    fn semantic_errors_are_all_reported_with_did_you_mean() {
        let bad = RULE.replace("[\"kaspersky\"]", "[\"kaspersy\"]").replace(
            "url = \"https://intranet.example/policy\"",
            "url = \"intranet\"",
        );
        let text = format!("{HEADER}{bad}").replace(
            "entities = [\"kaspersy\"]",
            "entities = [\"kaspersy\"]\nclassification = { at_least = \"SECRT\" }",
        );
        let err = load(&text).unwrap_err();
        let all = err.to_string();
        assert!(all.contains("unknown entity `kaspersy`"), "{all}");
        assert!(all.contains("did you mean `kaspersky`?"), "{all}");
        assert!(
            all.contains("`SECRT` is not a marking on the GB scale"),
            "{all}"
        );
        assert!(all.contains("did you mean `SECRET`?"), "{all}");
        assert!(
            all.contains("`intranet` is not an http(s) address"),
            "{all}"
        );
        let entity = err
            .diagnostics
            .iter()
            .find(|d| d.message.contains("kaspersy"))
            .unwrap();
        assert_eq!(entity.line, Some(16), "{entity}");
        assert_eq!(
            entity.field.as_deref(),
            Some("rule `mine-1`: when.entities")
        );
    }

    #[test]
    fn a_pack_needs_exactly_one_header() {
        let err = RuleSetBuilder::new()
            .pack([("a.toml".to_owned(), RULE.to_owned())])
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("`[pack]` header"), "{err}");
    }

    #[test]
    fn a_pack_with_the_same_id_replaces_the_earlier_one() {
        let copy: Vec<(String, String)> = builtin_files()
            .map(|(n, t)| {
                (
                    format!("copy/{n}"),
                    t.replace("version = ", "version = \"copy\"\n#"),
                )
            })
            .collect();
        let rules = RuleSetBuilder::new().builtin().pack(copy).build().unwrap();
        assert_eq!(rules.packs().len(), 1);
        assert_eq!(rules.packs()[0].version, "copy");
    }

    #[test]
    fn the_builtin_pack_loads_the_same_from_json() {
        // What build.rs embeds in the web app, made the same way.
        let json: Vec<(String, String)> = builtin_files()
            .map(|(name, text)| {
                let value: toml::Value = toml::from_str(text).unwrap();
                (
                    name.replace(".toml", ".json"),
                    serde_json::to_string(&value).unwrap(),
                )
            })
            .collect();
        let from_json = RuleSetBuilder::new().pack(json).build().unwrap();
        let from_toml = RuleSetBuilder::new().builtin().build().unwrap();
        assert_eq!(
            from_json.rules().collect::<Vec<_>>(),
            from_toml.rules().collect::<Vec<_>>()
        );
        assert_eq!(from_json.entities(), from_toml.entities());
    }

    #[test]
    fn json_errors_name_the_line() {
        let err = RuleSetBuilder::new()
            .pack([(
                "mine.json".to_owned(),
                "{\n  \"pack\": {\"id\": 1}\n}".to_owned(),
            )])
            .build()
            .unwrap_err();
        assert_eq!(err.diagnostics[0].line, Some(2), "{err}");
    }

    #[test]
    fn duplicate_ids_are_reported() {
        let err = load(&format!("{HEADER}{RULE}{RULE}")).unwrap_err();
        assert!(
            err.to_string()
                .contains("the rule id `mine-1` is used twice"),
            "{err}"
        );
    }
}
