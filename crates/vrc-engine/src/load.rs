//! Loading and validating rule packs.
//!
//! Loading never stops at the first problem: it collects every diagnostic,
//! each with the file, line, column and field, and a "did you mean" where a
//! name is close to a known one. A [`RuleSet`] exists only when there are none.

mod place;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::Serialize;

use crate::RuleSet;
use crate::normalise::fold_marking;
use crate::pack::{Entity, PackFile, PackMeta, Question, Rule, Scale, Term};
use crate::suggest::did_you_mean;
use crate::vocab::Jurisdiction;
use place::{Place, Positions, Step, key};

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

/// Where an item was read: its file, and its place there (`rule` 3 is the
/// fourth `[[rule]]`; `pack` is the `[pack]` table).
#[derive(Debug, Clone, Copy)]
struct Origin {
    file: usize,
    kind: &'static str,
    index: Option<usize>,
}

impl Origin {
    /// The place of a value inside the item.
    fn place(self, steps: Vec<Step>) -> Place {
        let mut all = vec![key(self.kind)];
        all.extend(self.index.map(Step::Index));
        all.extend(steps);
        Place {
            file: self.file,
            steps: all,
        }
    }
}

/// Something parsed, remembered with where it came from.
struct Located<T> {
    origin: Origin,
    value: T,
}

/// The items of one array of tables (`[[rule]]`), each with its place.
fn located<T>(file: usize, kind: &'static str, items: Vec<T>) -> impl Iterator<Item = Located<T>> {
    items
        .into_iter()
        .enumerate()
        .map(move |(index, value)| Located {
            origin: Origin {
                file,
                kind,
                index: Some(index),
            },
            value,
        })
}

/// A diagnostic, before its place is turned into a line and column.
struct Finding {
    diagnostic: Diagnostic,
    /// The file it is in, for the order diagnostics are given in; `None` for
    /// one about a whole pack.
    file: Option<usize>,
    place: Option<Place>,
    /// Another place the help names, after these words: where a repeated
    /// id was first used.
    first: Option<(&'static str, Place)>,
}

impl Finding {
    /// A diagnostic already positioned (a parse error), or about a whole pack.
    fn positioned(file: Option<usize>, diagnostic: Diagnostic) -> Finding {
        Finding {
            diagnostic,
            file,
            place: None,
            first: None,
        }
    }

    fn help(mut self, help: Option<String>) -> Finding {
        self.diagnostic.help = help;
        self
    }

    fn first(mut self, words: &'static str, place: Place) -> Finding {
        self.first = Some((words, place));
        self
    }
}

/// Parses one file: JSON when it looks like JSON, TOML otherwise.
fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, Box<Diagnostic>> {
    let diagnostic = |position: Option<(usize, usize)>, field: Option<String>, message: &str| {
        let (message, help) = plain(message);
        Box::new(Diagnostic {
            file: name.to_owned(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            field,
            message,
            help,
        })
    };
    if place::is_json(name, text) {
        return serde_json::from_str(text).map_err(|e| {
            // The position is the diagnostic's own, not part of its message.
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message);
            diagnostic(Some((e.line(), e.column())), None, message)
        });
    }
    #[cfg(feature = "toml")]
    {
        toml::from_str(text).map_err(|err| {
            let start = err.span().map(|span| span.start);
            diagnostic(
                start.map(|s| place::line_col(text, s)),
                start.and_then(|s| place::field_at(text, s)),
                err.message(),
            )
        })
    }
    #[cfg(not(feature = "toml"))]
    Err(diagnostic(
        None,
        None,
        "this build reads rule packs in JSON only",
    ))
}

/// A parser's message, trimmed, with serde's word for a misspelt value
/// ("variant") made plain and a "did you mean" for it or a misspelt field:
/// ``unknown variant `avod`, expected one of `clear`, ...``.
fn plain(message: &str) -> (String, Option<String>) {
    let message = message.trim();
    let unknown = message
        .strip_prefix("unknown variant ")
        .map(|rest| ("unknown value ", rest))
        .or_else(|| {
            message
                .strip_prefix("unknown field ")
                .map(|rest| ("unknown field ", rest))
        });
    let Some((words, rest)) = unknown else {
        return (message.to_owned(), None);
    };
    // The words in backticks: what was written, then what is known.
    let mut quoted = rest.split('`').skip(1).step_by(2);
    let help = quoted.next().and_then(|input| {
        did_you_mean(input, quoted).map(|known| format!("did you mean `{known}`?"))
    });
    (format!("{words}{rest}"), help)
}

#[derive(Default)]
struct Loader {
    files: Vec<(String, String)>,
    findings: Vec<Finding>,
    packs: Vec<Located<PackMeta>>,
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
                    self.findings
                        .push(Finding::positioned(Some(file), *diagnostic));
                    unreadable = true;
                    continue;
                }
            };
            if let Some(meta) = parsed.pack {
                let origin = Origin {
                    file,
                    kind: "pack",
                    index: None,
                };
                headers.push(Located {
                    origin,
                    value: meta,
                });
            }
            self.scales.extend(located(file, "scale", parsed.scale));
            self.categories
                .extend(located(file, "category", parsed.category));
            self.devices.extend(located(file, "device", parsed.device));
            self.questions
                .extend(located(file, "question", parsed.question));
            self.entities.extend(located(file, "entity", parsed.entity));
            self.rules.extend(located(file, "rule", parsed.rule));
        }
        match headers.as_slice() {
            [_] => self.packs.extend(headers),
            [] if !files.is_empty() && !unreadable => {
                let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
                self.findings.push(Finding::positioned(
                    None,
                    Diagnostic {
                        file: names.join(", "),
                        line: None,
                        column: None,
                        field: Some("pack".to_owned()),
                        message: "no file of this pack has a `[pack]` header".to_owned(),
                        help: Some(
                            "add `[pack]` with `id`, `version` and `date` to one file".to_owned(),
                        ),
                    },
                ));
            }
            [] => {}
            [first, more @ ..] => {
                for header in more {
                    let finding = self
                        .pack_at(
                            header.origin,
                            None,
                            format!(
                                "a second `[pack]` header (`{}`) in one pack",
                                header.value.id
                            ),
                        )
                        .first("the first is at", first.origin.place(Vec::new()));
                    self.findings.push(finding);
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

    /// A diagnostic about the value at `steps` in the item read at `origin`.
    fn at(&self, origin: Origin, what: &str, steps: Vec<Step>, message: String) -> Finding {
        let field = place::field(what, &steps);
        self.finding(origin, field, steps, message)
    }

    /// A diagnostic about a pack's header, or one of its fields: `pack.id`.
    fn pack_at(&self, origin: Origin, field: Option<&'static str>, message: String) -> Finding {
        match field {
            Some(field) => self.finding(origin, format!("pack.{field}"), vec![key(field)], message),
            None => self.finding(origin, "pack".to_owned(), Vec::new(), message),
        }
    }

    fn finding(&self, origin: Origin, field: String, steps: Vec<Step>, message: String) -> Finding {
        Finding {
            diagnostic: Diagnostic {
                file: self.file_name(origin.file),
                line: None,
                column: None,
                field: Some(field),
                message,
                help: None,
            },
            file: Some(origin.file),
            place: Some(origin.place(steps)),
            first: None,
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
        let question_ids = ids(&self.questions, |q| &q.id);
        let entity_origins = ids(&self.entities, |e| &e.id);
        let rule_origins = ids(&self.rules, |r| &r.id);
        self.check_unique(&question_ids, "question");
        self.check_unique(&entity_origins, "entity");
        self.check_unique(&rule_origins, "rule");
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
        if !self.findings.is_empty() {
            return Err(PackError {
                diagnostics: resolve(&self.files, self.findings),
            });
        }
        Ok(RuleSet::new(
            self.packs.into_iter().map(|l| l.value).collect(),
            scales,
            self.categories.into_iter().map(|l| l.value).collect(),
            self.devices.into_iter().map(|l| l.value).collect(),
            self.questions.into_iter().map(|l| l.value).collect(),
            self.entities.into_iter().map(|l| l.value).collect(),
            self.rules.into_iter().map(|l| l.value).collect(),
        ))
    }

    fn check_packs(&mut self) {
        let mut seen: HashMap<&str, Origin> = HashMap::new();
        let mut found = Vec::new();
        for pack in &self.packs {
            let meta = &pack.value;
            if let Some(first) = seen.get(meta.id.as_str()) {
                found.push(
                    self.pack_at(
                        pack.origin,
                        Some("id"),
                        format!("the pack `{}` is loaded twice", meta.id),
                    )
                    .first("first loaded from", first.place(vec![key("id")])),
                );
            } else {
                seen.insert(&meta.id, pack.origin);
            }
            for (field, value) in [("id", &meta.id), ("version", &meta.version)] {
                if value.trim().is_empty() {
                    found.push(self.pack_at(
                        pack.origin,
                        Some(field),
                        format!("a pack needs a non-empty `{field}`"),
                    ));
                }
            }
        }
        self.findings.extend(found);
    }

    fn check_unique(&mut self, items: &[(Origin, String)], what: &str) {
        let mut seen: HashMap<&str, Origin> = HashMap::new();
        let mut found = Vec::new();
        for (origin, id) in items {
            let (origin, id) = (*origin, id.as_str());
            let item = format!("{what} `{id}`");
            if !is_kebab(id) {
                found.push(self.at(
                    origin,
                    &item,
                    vec![key("id")],
                    format!("`{id}` is not a lower-case kebab-case id"),
                ));
            }
            if let Some(first) = seen.get(id) {
                found.push(
                    self.at(
                        origin,
                        &item,
                        vec![key("id")],
                        format!("the {what} id `{id}` is used twice"),
                    )
                    .first("first used at", first.place(vec![key("id")])),
                );
            } else {
                seen.insert(id, origin);
            }
        }
        self.findings.extend(found);
    }

    fn check_scales(&mut self) -> BTreeMap<Jurisdiction, Vec<String>> {
        let mut scales = BTreeMap::new();
        let mut first = HashMap::new();
        let mut found = Vec::new();
        for s in &self.scales {
            let what = format!("scale {}", s.value.jurisdiction);
            if s.value.markings.is_empty() {
                found.push(self.at(
                    s.origin,
                    &what,
                    vec![key("markings")],
                    "a scale needs at least one marking".to_owned(),
                ));
            }
            if let Some(earlier) = first.get(&s.value.jurisdiction) {
                found.push(
                    self.at(
                        s.origin,
                        &what,
                        vec![key("jurisdiction")],
                        format!("a second scale for `{}`", s.value.jurisdiction),
                    )
                    .first(
                        "the first is at",
                        Origin::place(*earlier, vec![key("jurisdiction")]),
                    ),
                );
            } else {
                first.insert(s.value.jurisdiction, s.origin);
                scales.insert(s.value.jurisdiction, s.value.markings.clone());
            }
        }
        self.findings.extend(found);
        scales
    }

    fn check_terms(
        &mut self,
        terms: fn(&Loader) -> &Vec<Located<Term>>,
        what: &str,
    ) -> Vec<String> {
        let items = ids(terms(self), |t| &t.id);
        self.check_unique(&items, what);
        items.into_iter().map(|(_, id)| id).collect()
    }

    fn check_entities(&mut self, categories: &[String]) {
        let mut found = Vec::new();
        for e in &self.entities {
            let what = format!("entity `{}`", e.value.id);
            if e.value.name.trim().is_empty() {
                found.push(self.at(
                    e.origin,
                    &what,
                    vec![key("name")],
                    "an entity needs a name".to_owned(),
                ));
            }
            for (i, p) in e.value.products.iter().enumerate() {
                if !categories.contains(&p.category) {
                    found.push(
                        self.at(
                            e.origin,
                            &what,
                            vec![key("product"), Step::Index(i), key("category")],
                            format!("unknown category `{}` for product `{}`", p.category, p.name),
                        )
                        .help(suggestion(&p.category, categories)),
                    );
                }
            }
            for (i, s) in e.value.sources.iter().enumerate() {
                let steps = vec![key("sources"), Step::Index(i)];
                found.extend(self.check_source(e.origin, &what, steps, s));
            }
            for (i, h) in e.value.holdings.iter().enumerate() {
                let holding = format!("{what}, holding `{}`", h.name);
                let steps = |more: &[Step]| {
                    let mut steps = vec![key("holding"), Step::Index(i)];
                    steps.extend_from_slice(more);
                    steps
                };
                if h.sources.is_empty() {
                    found.push(
                        self.at(
                            e.origin,
                            &holding,
                            steps(&[key("sources")]),
                            "a holding needs at least one source for its ownership and dates"
                                .to_owned(),
                        ),
                    );
                }
                if let (Some(from), Some(until)) = (h.from, h.until)
                    && until < from
                {
                    found.push(self.at(
                        e.origin,
                        &holding,
                        steps(&[key("until")]),
                        format!("`until` ({until}) is before `from` ({from})"),
                    ));
                }
                for (j, s) in h.sources.iter().enumerate() {
                    let source = steps(&[key("sources"), Step::Index(j)]);
                    found.extend(self.check_source(e.origin, &holding, source, s));
                }
            }
        }
        self.findings.extend(found);
    }

    /// Checks one source, at `steps` in its item.
    fn check_source(
        &self,
        origin: Origin,
        what: &str,
        steps: Vec<Step>,
        s: &crate::pack::Source,
    ) -> Option<Finding> {
        let at = |field, message| {
            let mut steps = steps.clone();
            steps.push(key(field));
            self.at(origin, what, steps, message)
        };
        if s.title.trim().is_empty() {
            return Some(at("title", "a source needs a title".to_owned()));
        }
        if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
            return Some(at("url", format!("`{}` is not an http(s) address", s.url)));
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
        let (origin, rule) = (r.origin, &r.value);
        let what = format!("rule `{}`", rule.id);
        let mut found = Vec::new();
        let mut unknown = |steps: Vec<Step>, value: &str, known: &[String], kind: &str| {
            if !known.iter().any(|k| k == value) {
                found.push(
                    self.at(origin, &what, steps, format!("unknown {kind} `{value}`"))
                        .help(suggestion(value, known)),
                );
            }
        };
        let when = |field, i| vec![key("when"), key(field), Step::Index(i)];
        for (i, e) in rule.when.entities.iter().enumerate() {
            unknown(when("entities", i), e, entity_ids, "entity");
        }
        for (i, c) in rule.when.categories.iter().enumerate() {
            unknown(when("categories", i), c, categories, "category");
        }
        for (i, d) in rule.when.devices.iter().enumerate() {
            unknown(when("devices", i), d, devices, "device type");
        }
        for (i, s) in rule.supersedes.iter().enumerate() {
            unknown(vec![key("supersedes"), Step::Index(i)], s, rule_ids, "rule");
        }
        let questions: Vec<String> = questions.iter().cloned().collect();
        for q in rule.when.answers.keys() {
            let steps = vec![key("when"), key("answers"), Step::Entry(q.clone())];
            unknown(steps, q, &questions, "question");
        }
        if rule.id == crate::eval::ANSWER_NEEDED {
            found.push(self.at(
                origin,
                &what,
                vec![key("id")],
                format!("`{}` is the id of the engine's own finding for rules waiting on answers: choose another", rule.id),
            ));
        }
        if rule.when.entities.is_empty()
            && rule.when.entity_countries.is_empty()
            && rule.when.produced_outside.is_empty()
        {
            found.push(self.at(origin, &what, vec![key("when")], "a rule must name `entities`, `entity_countries` or `produced_outside`, or it would apply to everything".to_owned()));
        }
        if let Some(bound) = &rule.when.classification {
            let classification = |field: Option<&'static str>| {
                let mut steps = vec![key("when"), key("classification")];
                steps.extend(field.map(key));
                steps
            };
            // A state marks as its country does, unless it has a scale of its own.
            let scale = scales
                .get(&rule.jurisdiction)
                .or_else(|| scales.get(&rule.jurisdiction.country()));
            for (field, marking) in [("at_least", &bound.at_least), ("at_most", &bound.at_most)] {
                let Some(marking) = marking else { continue };
                match scale {
                    None => found.push(self.at(
                        origin,
                        &what,
                        classification(Some(field)),
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
                        found.push(
                            self.at(
                                origin,
                                &what,
                                classification(Some(field)),
                                format!(
                                    "`{marking}` is not a marking on the {} scale",
                                    rule.jurisdiction
                                ),
                            )
                            .help(suggestion(marking, markings)),
                        );
                    }
                    Some(_) => {}
                }
            }
            if bound.at_least.is_none() && bound.at_most.is_none() {
                found.push(self.at(
                    origin,
                    &what,
                    classification(None),
                    "give `at_least`, `at_most` or both".to_owned(),
                ));
            }
        }
        if let Some(until) = rule.in_force.until
            && until < rule.in_force.from
        {
            found.push(self.at(
                origin,
                &what,
                vec![key("in_force"), key("until")],
                format!(
                    "ends on {until}, before it starts on {}",
                    rule.in_force.from
                ),
            ));
        }
        if rule.sources.is_empty() {
            found.push(self.at(
                origin,
                &what,
                vec![key("sources")],
                "every rule must cite at least one source".to_owned(),
            ));
        }
        for (i, s) in rule.sources.iter().enumerate() {
            let steps = vec![key("sources"), Step::Index(i)];
            found.extend(self.check_source(origin, &what, steps, s));
        }
        for (field, text) in [
            ("reason", &rule.reason),
            ("advice", &rule.advice),
            ("authority", &rule.authority),
            ("instrument", &rule.instrument),
        ] {
            if text.trim().is_empty() {
                found.push(self.at(
                    origin,
                    &what,
                    vec![key(field)],
                    format!("`{field}` must not be empty"),
                ));
            }
        }
        self.findings.extend(found);
    }
}

/// The diagnostics, each with the line and column of its place where the
/// file gives them, and the place its help names, in the order of the files
/// and of the lines in each.
fn resolve(files: &[(String, String)], findings: Vec<Finding>) -> Vec<Diagnostic> {
    let mut positions = Positions::new(files);
    let mut diagnostics: Vec<_> = findings
        .into_iter()
        .map(|finding| {
            let mut d = finding.diagnostic;
            if let Some((line, column)) = finding.place.as_ref().and_then(|p| positions.line_col(p))
            {
                d.line = Some(line);
                d.column = Some(column);
            }
            if let Some((words, place)) = &finding.first {
                d.help = Some(format!("{words} `{}`", positions.describe(place)));
            }
            (finding.file, d)
        })
        .collect();
    diagnostics.sort_by_key(|(file, d)| (file.unwrap_or(usize::MAX), d.line, d.column));
    diagnostics.into_iter().map(|(_, d)| d).collect()
}

fn ids<T>(items: &[Located<T>], id: fn(&T) -> &String) -> Vec<(Origin, String)> {
    items
        .iter()
        .map(|l| (l.origin, id(&l.value).clone()))
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
