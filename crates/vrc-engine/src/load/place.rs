//! Where in a pack file a diagnostic points.
//!
//! A check names the value it is about by its path from the file's root
//! (`rule`, 3, `sources`, 1, `url`); the TOML parser's spans turn the path into
//! a line and column. Files are parsed for their spans only when a diagnostic
//! needs them, so a pack that loads cleanly is parsed once. JSON files have no
//! spans: their diagnostics name the file and the field.
#![cfg_attr(
    not(feature = "toml"),
    expect(
        dead_code,
        reason = "without the TOML parser there are no spans: paths are made but not followed"
    )
)]

use std::borrow::Cow;
#[cfg(feature = "toml")]
use std::collections::HashMap;

#[cfg(feature = "toml")]
use toml::de::{DeTable, DeValue};

/// A field of the pack format, as a step.
pub(super) const fn key(name: &'static str) -> Step {
    Step::Key(Cow::Borrowed(name))
}

/// One step of a path from a file's root.
#[derive(Debug, Clone)]
pub(super) enum Step {
    /// A field: its value is the target.
    Key(Cow<'static, str>),
    /// An item of an array.
    Index(usize),
    /// A key that is itself data (a question id in `answers`): the key is the
    /// target, and it is not part of the field's name.
    Entry(String),
}

/// A value in one of the loaded files.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub file: usize,
    pub steps: Vec<Step>,
}

/// `what: a.b.c`, from the keys of a path, or `what` alone for a path
/// without keys.
pub(super) fn field(what: &str, steps: &[Step]) -> String {
    let keys = dotted(steps);
    if keys.is_empty() {
        what.to_owned()
    } else {
        format!("{what}: {keys}")
    }
}

/// The keys of a path joined by dots, indices and entries left out: `a.b.c`.
fn dotted(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        if let Step::Key(key) = step {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
    }
    out
}

/// The 1-based line and column (in characters) of a byte offset.
#[cfg(feature = "toml")]
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Whether a file is read as JSON rather than TOML.
pub(super) fn is_json(name: &str, text: &str) -> bool {
    name.ends_with(".json") || text.trim_start().starts_with('{')
}

/// Finds the lines and columns of places, parsing each TOML file at most once.
pub(super) struct Positions<'a> {
    files: &'a [(String, String)],
    /// Each TOML file's values with their spans, parsed when first needed.
    #[cfg(feature = "toml")]
    trees: HashMap<usize, Option<DeValue<'a>>>,
}

impl<'a> Positions<'a> {
    pub fn new(files: &'a [(String, String)]) -> Positions<'a> {
        Positions {
            files,
            #[cfg(feature = "toml")]
            trees: HashMap::new(),
        }
    }

    pub fn file_name(&self, file: usize) -> &'a str {
        self.files.get(file).map_or("", |(name, _)| name.as_str())
    }

    /// The line and column of the place's value (or key, for an entry); of
    /// the nearest enclosing value found when the path goes on past what the
    /// file gives (a field left out).
    #[cfg(feature = "toml")]
    pub fn line_col(&mut self, place: &Place) -> Option<(usize, usize)> {
        let (name, text) = self.files.get(place.file)?;
        if is_json(name, text) {
            return None;
        }
        let tree = self
            .trees
            .entry(place.file)
            .or_insert_with(|| parse(text))
            .as_ref()?;
        let span = span(tree, &place.steps)?;
        Some(line_col(text, span.start))
    }

    #[cfg(not(feature = "toml"))]
    pub fn line_col(&mut self, _place: &Place) -> Option<(usize, usize)> {
        None
    }

    /// `file:line:column`, or the file alone where there is no position.
    pub fn describe(&mut self, place: &Place) -> String {
        let name = self.file_name(place.file);
        match self.line_col(place) {
            Some((line, column)) => format!("{name}:{line}:{column}"),
            None => name.to_owned(),
        }
    }
}

/// A TOML file's values with their spans, or `None` when it does not parse.
#[cfg(feature = "toml")]
fn parse(text: &str) -> Option<DeValue<'_>> {
    DeTable::parse(text)
        .ok()
        .map(|root| DeValue::Table(root.into_inner()))
}

/// The span of the value at the end of `steps`, or of the deepest value on
/// the way that the file has.
#[cfg(feature = "toml")]
fn span(root: &DeValue<'_>, steps: &[Step]) -> Option<std::ops::Range<usize>> {
    let mut found = None;
    let mut node = root;
    for step in steps {
        let child = match step {
            Step::Key(key) => node.get(key.as_ref()),
            Step::Index(i) => node.get(*i),
            Step::Entry(key) => {
                let DeValue::Table(table) = node else { break };
                return table
                    .get_key_value(key.as_str())
                    .map(|(k, _)| k.span())
                    .or(found);
            }
        };
        let Some(child) = child else { break };
        found = Some(child.span());
        node = child.get_ref();
    }
    found
}

/// The field at a byte offset of a TOML file, named as the loader's checks
/// name theirs (``rule `x`: when.entities``), for the errors serde reports
/// with a position but no path. `None` when the text does not parse.
#[cfg(feature = "toml")]
pub(super) fn field_at(text: &str, offset: usize) -> Option<String> {
    let root = parse(text)?;
    let mut path = Vec::new();
    if !path_to(&root, offset, &mut path) {
        return None;
    }
    let kind = match path.first() {
        Some(Step::Key(kind)) => kind.as_ref(),
        _ => return None,
    };
    let item = match path.get(1) {
        Some(Step::Index(i)) => root.get(kind).and_then(|items| items.get_ref().get(*i)),
        _ => None,
    };
    Some(match item {
        Some(item) => field(
            &name_item(kind, item.get_ref()),
            path.get(2..).unwrap_or_default(),
        ),
        None => dotted(&path),
    })
}

/// How the checks name an item: ``rule `x` ``, `scale GB`.
#[cfg(feature = "toml")]
fn name_item(kind: &str, item: &DeValue<'_>) -> String {
    let text = |key: &str| item.get(key).and_then(|v| v.get_ref().as_str());
    match (kind, text("jurisdiction"), text("id")) {
        ("scale", Some(j), _) => format!("scale {j}"),
        ("scale", None, _) => kind.to_owned(),
        (_, _, Some(id)) => format!("{kind} `{id}`"),
        (_, _, None) => kind.to_owned(),
    }
}

/// The path to the deepest value whose key or value spans `offset`. Tables
/// opened by a header span only the header, so every child is searched, not
/// only those spanning the offset.
#[cfg(feature = "toml")]
fn path_to(value: &DeValue<'_>, offset: usize, path: &mut Vec<Step>) -> bool {
    let spans = |span: std::ops::Range<usize>| {
        span.start <= offset && offset < span.end.max(span.start + 1)
    };
    match value {
        DeValue::Table(table) => {
            for (key, child) in table.iter() {
                path.push(Step::Key(key.get_ref().to_string().into()));
                if path_to(child.get_ref(), offset, path)
                    || spans(key.span())
                    || spans(child.span())
                {
                    return true;
                }
                path.pop();
            }
            false
        }
        DeValue::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Step::Index(i));
                if path_to(child.get_ref(), offset, path) || spans(child.span()) {
                    return true;
                }
                path.pop();
            }
            false
        }
        _ => false,
    }
}
