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
use crate::pack::{Alias, Entity, PackFile, PackMeta, Question, Rule, Scale, Term};
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
const BUILTIN_MERGED: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_pack.json"));
/// Its outline: no catalogue, no words (see `build.rs`).
const BUILTIN_OUTLINE: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_outline.json"));

/// The built-in pack read without the loader's checks, for builds that ship
/// it to every visitor (the web app): the checks, their messages and their
/// "did you mean"s are most of the loader's code. They run on the same
/// files in the native tests, which assert that this gives the same rules.
#[cfg(any(test, not(feature = "toml")))]
pub(crate) fn builtin_unchecked() -> Result<RuleSet, PackError> {
    unchecked_json([BUILTIN_MERGED])
}

/// The built-in pack's outline: its rules with their jurisdictions,
/// conditions and dates but none of their words or sources, its questions,
/// scales and devices, and no catalogue. Enough to ask about the
/// organisation (which countries have rules, which questions could
/// matter); nothing can be checked against it. The web page starts with it
/// and is handed the whole pack by its worker, which carries the text, so
/// the page's first download does not.
pub fn builtin_outline() -> Result<RuleSet, PackError> {
    unchecked_json([BUILTIN_OUTLINE])
}

/// Pack files as JSON text, each one pack (what
/// [`RuleSetBuilder::build_portable`] gives, as it crosses to the page),
/// read as [`unchecked`] reads them.
pub fn unchecked_json<'a>(files: impl IntoIterator<Item = &'a str>) -> Result<RuleSet, PackError> {
    let files = files
        .into_iter()
        .map(|text| parse::<PackFile>("rules (checked).json", text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| PackError {
            diagnostics: vec![*d],
        })?;
    Ok(unchecked(files))
}

/// Packs already checked, each one pack file, read into a [`RuleSet`]
/// without the checks: what [`RuleSetBuilder::build_portable`] gives, handed
/// from where the loader runs (the page's worker) to where it does not (the
/// page).
pub fn unchecked(files: impl IntoIterator<Item = PackFile>) -> RuleSet {
    let mut parts = crate::Parts::default();
    for file in files {
        let pack = parts.packs.len();
        parts.packs.extend(file.pack);
        // A later scale for a jurisdiction would be an error to the loader.
        for scale in file.scale {
            parts
                .scales
                .entry(scale.jurisdiction)
                .or_insert(scale.markings);
        }
        parts.categories.extend(file.category);
        parts.devices.extend(file.device);
        parts.questions.extend(file.question);
        parts.entities.extend(file.entity);
        #[cfg(feature = "toml")]
        parts.aliases.extend(file.alias);
        parts.rule_packs.extend(file.rule.iter().map(|_| pack));
        parts.rules.extend(file.rule);
    }
    RuleSet::new(parts)
}

/// The built-in pack as one JSON pack file, named for diagnostics: the web
/// app's own copy, which its worker's loader checks other packs against.
pub fn builtin_json() -> (&'static str, &'static str) {
    ("rules (built in).json", BUILTIN_MERGED)
}

/// One problem found in a rule pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    /// Beside each pack, whether it came from outside (see [`Self::outside_pack`]).
    outside: Vec<bool>,
}

/// What a pack from outside may hold (see [`RuleSetBuilder::outside_pack`]).
pub mod caps {
    /// Bytes in one file.
    pub const FILE_BYTES: usize = 2_000_000;
    /// Rules in one pack.
    pub const RULES: usize = 2_000;
    /// Catalogue entities in one pack.
    pub const ENTITIES: usize = 2_000;
    /// Arrays and tables inside one another.
    pub const NESTING: usize = 16;
}

/// Packs checked by the loader, each as one pack file, in the order they
/// were added; `None` for one replaced by a later pack of its id: see
/// [`RuleSetBuilder::build_portable`].
pub type Portable = Vec<Option<PackFile>>;

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
        self.outside.push(false);
        self
    }

    /// Adds a pack from outside: one a page's user or an intranet portal
    /// gives the browser. Besides every check, its files are capped in size
    /// and nesting, its rules and entities in number ([`caps`]), and its
    /// sources must be `https:` addresses, since the page links to them.
    pub fn outside_pack(
        mut self,
        files: impl IntoIterator<Item = (String, String)>,
    ) -> RuleSetBuilder {
        self.packs.push(files.into_iter().collect());
        self.outside.push(true);
        self
    }

    /// Parses and validates everything added, returning every problem found.
    ///
    /// A pack added again under the same id replaces the earlier one, so a
    /// newer copy of the built-in pack on disk replaces the compiled-in one.
    pub fn build(self) -> Result<RuleSet, PackError> {
        let mut loader = Loader::default();
        for (files, outside) in self.kept() {
            loader.load_pack(files, outside);
        }
        loader.finish()
    }

    /// Checks everything added as [`build`](Self::build) does and, when all
    /// is well, gives each pack added merged into one pack file (none for
    /// one replaced), in load order: for a build without the loader (the
    /// page) to read with [`unchecked`], which gives the same rules.
    pub fn build_portable(self) -> Result<Portable, PackError> {
        let mut loader = Loader::default();
        for (files, outside) in self.kept() {
            loader.load_pack(files, outside);
        }
        loader.finish()?;
        #[cfg_attr(
            not(feature = "toml"),
            expect(unused_mut, reason = "aliases need the loader")
        )]
        let mut portable = self
            .added()
            .map(|(files, _, replaced)| {
                if replaced {
                    return Ok(None);
                }
                let mut merged = PackFile::default();
                for (name, text) in files {
                    merged.extend(parse(name, text).map_err(|d| PackError {
                        diagnostics: vec![*d],
                    })?);
                }
                Ok(Some(merged))
            })
            .collect::<Result<Portable, PackError>>()?;
        #[cfg(feature = "toml")]
        apply_aliases(&mut portable);
        Ok(portable)
    }

    /// The packs added, but for one replaced by a later pack of its id,
    /// each with whether it came from outside.
    fn kept(&self) -> impl Iterator<Item = (&Vec<(String, String)>, bool)> {
        self.added()
            .filter(|(_, _, replaced)| !replaced)
            .map(|(files, outside, _)| (files, outside))
    }

    /// Every pack added, with whether it came from outside and whether a
    /// later pack of its id replaces it.
    fn added(&self) -> impl Iterator<Item = (&Vec<(String, String)>, bool, bool)> {
        let ids: Vec<Option<String>> = self.packs.iter().map(|files| pack_id(files)).collect();
        self.packs.iter().enumerate().map(move |(i, files)| {
            let id = ids.get(i).cloned().flatten();
            let replaced = ids
                .iter()
                .skip(i + 1)
                .any(|later| later.is_some() && *later == id);
            let outside = self.outside.get(i).copied().unwrap_or_default();
            (files, outside, replaced)
        })
    }
}

/// Every pack's `[[alias]]`es put in their entities' own `aliases`, in
/// whichever pack the entity is, and taken out of the packs: so that a
/// build without the loader reads them as it reads any alias.
#[cfg(feature = "toml")]
fn apply_aliases(portable: &mut Portable) {
    let aliases: Vec<Alias> = (portable.iter_mut().flatten())
        .flat_map(|file| std::mem::take(&mut file.alias))
        .collect();
    for alias in aliases {
        let entity = (portable.iter_mut().flatten())
            .flat_map(|file| file.entity.iter_mut())
            .find(|e| e.id == alias.entity);
        if let Some(entity) = entity {
            entity.aliases.extend(alias.names);
        }
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

/// A file of a pack from outside that is too large, or nests arrays and
/// tables too deep, to be parsed: said before parsing, at the place the
/// nesting goes too deep.
fn too_big(name: &str, text: &str) -> Option<Diagnostic> {
    let diagnostic = |line: Option<usize>, message: String| Diagnostic {
        file: name.to_owned(),
        line,
        column: None,
        field: None,
        message,
        help: None,
    };
    if text.len() > caps::FILE_BYTES {
        return Some(diagnostic(
            None,
            format!(
                "the file is {} bytes; a rule pack file loaded in the browser may be at most {}",
                text.len(),
                caps::FILE_BYTES
            ),
        ));
    }
    let (mut depth, mut line) = (0usize, 1usize);
    // The quote a string was opened with, and whether the last character escaped this one.
    let (mut quote, mut escaped, mut comment) = (None::<char>, false, false);
    for c in text.chars() {
        match (quote, c) {
            (_, '\n') => {
                line += 1;
                comment = false;
                // Only a multi-line string goes on past the end of a line; a
                // one-line string left open is the parser's to report.
                escaped = false;
            }
            _ if comment => {}
            (Some(q), c) => {
                if c == q && !escaped {
                    quote = None;
                }
                escaped = q == '"' && c == '\\' && !escaped;
            }
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > caps::NESTING {
                    return Some(diagnostic(
                        Some(line),
                        format!(
                            "arrays and tables nest more than {} deep here; a rule pack loaded in the browser may nest at most {}",
                            caps::NESTING,
                            caps::NESTING
                        ),
                    ));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
    }
    None
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
    /// For each file, its pack's index (in `packs`, once its header is read).
    file_packs: Vec<usize>,
    /// For each file, whether its pack came from outside.
    outside_files: Vec<bool>,
    findings: Vec<Finding>,
    packs: Vec<Located<PackMeta>>,
    scales: Vec<Located<Scale>>,
    categories: Vec<Located<Term>>,
    devices: Vec<Located<Term>>,
    questions: Vec<Located<Question>>,
    entities: Vec<Located<Entity>>,
    aliases: Vec<Located<Alias>>,
    rules: Vec<Located<Rule>>,
}

impl Loader {
    fn load_pack(&mut self, files: &[(String, String)], outside: bool) {
        let mut headers = Vec::new();
        let mut unreadable = false;
        let pack = self.packs.len();
        let (rules, entities) = (self.rules.len(), self.entities.len());
        for (name, text) in files {
            let file = self.files.len();
            self.files.push((name.clone(), text.clone()));
            self.file_packs.push(pack);
            self.outside_files.push(outside);
            if outside && let Some(diagnostic) = too_big(name, text) {
                self.findings
                    .push(Finding::positioned(Some(file), diagnostic));
                unreadable = true;
                continue;
            }
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
            #[cfg(feature = "toml")]
            self.aliases.extend(located(file, "alias", parsed.alias));
            self.rules.extend(located(file, "rule", parsed.rule));
        }
        if outside {
            let names = || {
                let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
                names.join(", ")
            };
            for (what, count, cap) in [
                ("rule", self.rules.len().saturating_sub(rules), caps::RULES),
                (
                    "entity",
                    self.entities.len().saturating_sub(entities),
                    caps::ENTITIES,
                ),
            ] {
                if count > cap {
                    self.findings.push(Finding::positioned(
                        None,
                        Diagnostic {
                            file: names(),
                            line: None,
                            column: None,
                            field: Some(what.to_owned()),
                            message: format!(
                                "the pack has {count} `[[{what}]]` tables; a pack loaded in the browser may have at most {cap}"
                            ),
                            help: Some("split it into packs of its own".to_owned()),
                        },
                    ));
                }
            }
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
        self.check_aliases(&entity_ids);
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
        let file_packs = self.file_packs;
        Ok(RuleSet::new(crate::Parts {
            packs: self.packs.into_iter().map(|l| l.value).collect(),
            scales,
            categories: self.categories.into_iter().map(|l| l.value).collect(),
            devices: self.devices.into_iter().map(|l| l.value).collect(),
            questions: self.questions.into_iter().map(|l| l.value).collect(),
            entities: self.entities.into_iter().map(|l| l.value).collect(),
            aliases: self.aliases.into_iter().map(|l| l.value).collect(),
            rule_packs: (self.rules.iter())
                .map(|l| file_packs.get(l.origin.file).copied().unwrap_or_default())
                .collect(),
            rules: self.rules.into_iter().map(|l| l.value).collect(),
        }))
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

    /// Each alias names an entity of some pack, and at least one name.
    fn check_aliases(&mut self, entity_ids: &[String]) {
        let mut found = Vec::new();
        for a in &self.aliases {
            let what = format!("alias for `{}`", a.value.entity);
            if !entity_ids.contains(&a.value.entity) {
                found.push(
                    self.at(
                        a.origin,
                        &what,
                        vec![key("entity")],
                        format!("unknown entity `{}`", a.value.entity),
                    )
                    .help(suggestion(&a.value.entity, entity_ids)),
                );
            }
            if a.value.names.iter().all(|n| n.trim().is_empty()) {
                found.push(self.at(
                    a.origin,
                    &what,
                    vec![key("names")],
                    "an alias needs at least one name".to_owned(),
                ));
            }
        }
        self.findings.extend(found);
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
        let outside = self.outside_files.get(origin.file).copied();
        if outside == Some(true) && !s.url.starts_with("https://") {
            return Some(at(
                "url",
                format!(
                    "`{}` is not an https address; a rule pack loaded in the browser links to https sources only",
                    s.url
                ),
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
    /// An organisation's pack checked where the loader is (the page's
    /// worker) and read where it is not (the page) gives the same rules.
    fn a_portable_pack_reads_as_the_checked_one() {
        let (name, text) = builtin_json();
        let own = r#"
[pack]
id = "acme-policy"
version = "1"
date = "2026-11-30"
title = "Acme security policy"

[[entity]]
id = "acme-bad"
name = "Bad Vendor Ltd"
country = "CN"
aliases = ["Bad Vendor"]

[[alias]]
entity = "kaspersky"
names = ["DeptAV Managed Endpoint"]

[[rule]]
id = "acme-no-bad-vendor"
authority = "Acme Security"
instrument = "Acme acceptable software standard"
jurisdiction = "GB"
verdict = "avoid"
reason = "Our policy."
advice = "Remove it."
in_force = { from = "2026-01-01" }
when = { entities = ["acme-bad", "kaspersky"] }
sources = [{ title = "Acme standard", url = "https://intranet.example.org/standard", date = "2026-01-01" }]
"#;
        let builder = || {
            RuleSetBuilder::new()
                .pack([(name.to_owned(), text.to_owned())])
                .pack([("acme.toml".to_owned(), own.to_owned())])
        };
        let checked = builder().build().unwrap();
        let portable = builder().build_portable().unwrap();
        assert_eq!(portable.len(), 2);
        // Through JSON, as it crosses from the worker to the page.
        let json = serde_json::to_string(&portable).unwrap();
        let read = unchecked(
            serde_json::from_str::<Portable>(&json)
                .unwrap()
                .into_iter()
                .flatten(),
        );
        assert_eq!(read.packs, checked.packs);
        assert_eq!(read.scales, checked.scales);
        assert_eq!(read.questions, checked.questions);
        assert_eq!(read.entities, checked.entities);
        assert_eq!(read.rules, checked.rules);
        assert_eq!(read.rule_packs, checked.rule_packs);
        assert_eq!(read.rules_by_entity, checked.rules_by_entity);
        // The alias is the built-in entity's, whichever way the pack was read.
        for set in [&checked, &read] {
            let kaspersky = set.entity("kaspersky").unwrap();
            assert!(
                kaspersky
                    .aliases
                    .iter()
                    .any(|a| a == "DeptAV Managed Endpoint")
            );
        }
        let pack = |set: &RuleSet, rule: &str| set.pack_of(rule).map(|p| p.id.clone());
        for set in [&checked, &read] {
            assert_eq!(
                pack(set, "acme-no-bad-vendor").as_deref(),
                Some("acme-policy")
            );
            assert_eq!(
                pack(set, "gb-ncsc-2017-secret").as_deref(),
                Some("vrc-builtin")
            );
        }
        // A pack with problems gives them all, placed, and nothing to read.
        let bad = own.replace("\"kaspersky\"", "\"kasperski\"");
        let shown = RuleSetBuilder::new()
            .pack([(name.to_owned(), text.to_owned())])
            .pack([("acme.toml".to_owned(), bad.clone())])
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            shown.contains("acme.toml:15:10: alias for `kasperski`: entity: unknown entity `kasperski`\n    help: did you mean `kaspersky`?"),
            "{shown}"
        );
        let err = RuleSetBuilder::new()
            .pack([(name.to_owned(), text.to_owned())])
            .pack([("acme.toml".to_owned(), bad)])
            .build_portable()
            .unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("acme.toml:"), "{shown}");
        assert!(shown.contains("`kaspersky`"), "{shown}");
    }

    #[test]
    fn a_pack_from_outside_is_capped_and_cites_https_only() {
        let (name, text) = builtin_json();
        let check = |own: String| {
            RuleSetBuilder::new()
                .pack([(name.to_owned(), text.to_owned())])
                .outside_pack([("acme.toml".to_owned(), own)])
                .build_portable()
                .map(|_| ())
                .map_err(|err| err.to_string())
        };
        let own = |url: &str, rules: usize| {
            let mut text =
                "[pack]\nid = \"acme\"\nversion = \"1\"\ndate = \"2026-11-30\"\n".to_owned();
            for i in 0..rules {
                text.push_str(&format!(
                    "\n[[rule]]\nid = \"acme-{i}\"\nauthority = \"Acme\"\ninstrument = \"Standard\"\n\
                     jurisdiction = \"GB\"\nverdict = \"avoid\"\nreason = \"Policy.\"\nadvice = \"Remove it.\"\n\
                     in_force = {{ from = \"2026-01-01\" }}\nwhen = {{ entities = [\"kaspersky\"] }}\n\
                     sources = [{{ title = \"Standard\", url = \"{url}\", date = \"2026-01-01\" }}]\n"
                ));
            }
            text
        };
        assert_eq!(check(own("https://intranet.example/standard", 1)), Ok(()));
        // http: a line and the field.
        let err = check(own("http://intranet.example/standard", 1)).unwrap_err();
        assert!(err.contains("acme.toml:16:40:"), "{err}");
        assert!(err.contains("sources.url"), "{err}");
        assert!(err.contains("not an https address"), "{err}");
        // The same source is fine from the command line.
        let cli = RuleSetBuilder::new()
            .pack([(name.to_owned(), text.to_owned())])
            .pack([(
                "acme.toml".to_owned(),
                own("http://intranet.example/standard", 1),
            )])
            .build();
        assert!(cli.is_ok());
        // Too many rules.
        let err = check(own("https://intranet.example/standard", caps::RULES + 1)).unwrap_err();
        assert!(err.contains("may have at most 2000"), "{err}");
        // Nested too deep, with its line.
        let deep = format!(
            "{}\nx = {}{}\n",
            own("https://intranet.example/standard", 0),
            "[".repeat(20),
            "]".repeat(20)
        );
        let err = check(deep).unwrap_err();
        assert!(
            err.contains("acme.toml:6: arrays and tables nest more than 16"),
            "{err}"
        );
        // Brackets in strings and comments are not nesting.
        let quoted = format!(
            "{}\nnote = \"{}\" # {}\n",
            own("https://intranet.example/standard", 1),
            "[".repeat(20),
            "{".repeat(20)
        );
        assert!(!check(quoted).unwrap_err().contains("nest"));
        // Too large.
        let big = format!("# {}\n", "x".repeat(caps::FILE_BYTES));
        assert!(check(big).unwrap_err().contains("may be at most 2000000"));
    }

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
    fn the_outline_asks_what_the_whole_pack_asks() {
        use crate::{Context, Date, Sector};
        let whole = builtin_unchecked().unwrap();
        let outline = builtin_outline().unwrap();
        assert_eq!(outline.packs, whole.packs);
        assert_eq!(outline.scales, whole.scales);
        assert_eq!(outline.devices, whole.devices);
        assert_eq!(outline.questions, whole.questions);
        assert!(outline.entities.is_empty());
        let decides = |rules: &[Rule]| -> Vec<_> {
            (rules.iter())
                .map(|r| {
                    (
                        r.id.clone(),
                        r.jurisdiction,
                        r.verdict,
                        r.in_force,
                        r.when.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(decides(&outline.rules), decides(&whole.rules));
        assert!(
            outline
                .rules
                .iter()
                .all(|r| r.reason.is_empty() && r.sources.is_empty())
        );
        // The questions asked in contexts across the pack's places, sectors and years.
        let places = ["GB", "US", "NZ", "AU", "US-TX", "EU", "CA"];
        for (place, sector, year) in (places.iter())
            .flat_map(|p| Sector::ALL.iter().map(move |s| (p, s)))
            .flat_map(|(p, s)| [2017, 2020, 2024, 2026].map(|y| (p, s, y)))
        {
            let mut context = Context::new(Date::from_ymd(year, 6, 1).unwrap());
            context.jurisdictions = [place.parse().unwrap()].into();
            context.sectors = [*sector].into();
            assert_eq!(
                outline.questions_for(&context),
                whole.questions_for(&context),
                "{place} {sector:?} {year}"
            );
        }
        // A fifth of the whole pack, or less: the point of it.
        assert!(BUILTIN_OUTLINE.len() * 5 < BUILTIN_MERGED.len());
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
