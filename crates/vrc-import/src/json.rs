//! JSON: an array of objects, one per row, such as `ConvertTo-Json` or
//! `osqueryi --json` write. The keys are the columns, mapped like CSV headers.
//! [`Objects`] is shared with the formats whose rows are JSON objects inside
//! something else (Intune's `value`, osquery's result logs).

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::Value;
use vrc_engine::{Field, ImportReport, SkippedRow};

use crate::ImportError;
use crate::columns::{self, Mapping};
use crate::csv::fill_columns;
use crate::rows::{Collector, Each, Rows};

/// Whether `text` is a JSON array rather than CSV whose first header happens
/// to start with `[` (SQL Server writes `[DisplayName0]`).
pub(crate) fn looks_like_json(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('[') else {
        return false;
    };
    let rest = rest.trim_start();
    match rest.chars().next() {
        None => true,
        Some('{' | '[' | ']' | '"' | '-' | '0'..='9') => true,
        Some(_) => ["true", "false", "null"].iter().any(|word| {
            rest.strip_prefix(word)
                .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        }),
    }
}

pub(crate) fn read(
    text: &str,
    file: &str,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Objects, ImportError> {
    report.format = "json".to_owned();
    let value: Value = serde_json::from_str(text).map_err(|err| parse_error(file, &err))?;
    let Value::Array(elements) = value else {
        return Err(ImportError::Unsupported {
            file: file.to_owned(),
            reason: "it is JSON but not an array of objects".to_owned(),
        });
    };
    if elements.is_empty() {
        report
            .warnings
            .push("the file holds an empty array: there are no rows".to_owned());
        return Ok(Objects::none(Vec::new()));
    }
    if looks_like_osquery_programs(&elements) {
        report.format = "osquery".to_owned();
    }
    let lines = element_lines(text);
    let rows: Vec<(u64, Value)> = elements
        .into_iter()
        .enumerate()
        .map(|(i, element)| (lines.get(i).copied().unwrap_or(1), element))
        .collect();
    Objects::open(rows, file, user, &[], Vec::new(), report)
}

pub(crate) fn parse_error(file: &str, err: &serde_json::Error) -> ImportError {
    let message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    ImportError::Json {
        file: file.to_owned(),
        line: err.line() as u64,
        column: err.column() as u64,
        message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
    }
}

/// The columns of osquery's `programs` table that other tools rarely write.
const OSQUERY_PROGRAMS: &[&str] = &[
    "identifying_number",
    "install_location",
    "install_source",
    "uninstall_string",
    "package_family_name",
    "upgrade_code",
];

/// `osqueryi --json "select * from programs"`: a `name` and at least two of
/// the columns only osquery's `programs` table has. The rows are read the
/// same either way; this only names the format in the report.
fn looks_like_osquery_programs(elements: &[Value]) -> bool {
    elements.iter().take(20).any(|element| {
        element.as_object().is_some_and(|object| {
            object.contains_key("name")
                && OSQUERY_PROGRAMS
                    .iter()
                    .filter(|k| object.contains_key(**k))
                    .count()
                    >= 2
        })
    })
}

/// Rows that are JSON objects, each with the line it starts on, their keys
/// mapped to fields: what the readers of JSON rows open a file to.
#[derive(Debug)]
pub(crate) struct Objects {
    rows: Vec<(u64, Value)>,
    headers: Vec<String>,
    mapping: Mapping,
    /// Rows the format skipped before these (osquery's), merged in by line.
    skipped: Vec<SkippedRow>,
}

impl Objects {
    /// Maps the keys of `rows` like CSV headers. `fallback` maps a field to
    /// a key when neither the user nor the synonyms map that field
    /// (osquery's `hostIdentifier` as the system).
    pub(crate) fn open(
        rows: Vec<(u64, Value)>,
        file: &str,
        user: &[(Field, String)],
        fallback: &[(Field, &str)],
        skipped: Vec<SkippedRow>,
        report: &mut ImportReport,
    ) -> Result<Objects, ImportError> {
        let mut headers: Vec<String> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for (_, element) in &rows {
            if let Value::Object(object) = element {
                for key in object.keys() {
                    if seen.insert(key.as_str()) {
                        headers.push(key.clone());
                    }
                }
            }
        }
        let mut mapping = columns::map(&headers, user)
            .map_err(|err| ImportError::from_columns(file, headers.clone(), err))?;
        for (field, key) in fallback {
            if mapping.has(*field) {
                continue;
            }
            let Some(index) = headers.iter().position(|h| h == key) else {
                continue;
            };
            if let Some(at) = mapping.unmapped.iter().position(|i| *i == index) {
                mapping.unmapped.remove(at);
                mapping.fields.push((*field, index));
                crate::columns::sort_fields(&mut mapping.fields);
            }
        }
        fill_columns(report, &headers, &mapping);
        Ok(Objects {
            rows,
            headers,
            mapping,
            skipped,
        })
    }

    /// No rows, only those the format skipped: nothing to map.
    pub(crate) fn none(skipped: Vec<SkippedRow>) -> Objects {
        Objects {
            rows: Vec::new(),
            headers: Vec::new(),
            mapping: Mapping::default(),
            skipped,
        }
    }
}

impl Rows for Objects {
    /// Elements that are not objects are skipped.
    fn for_each(
        self: Box<Self>,
        _file: &str,
        report: &mut ImportReport,
        each: Each<'_>,
    ) -> Result<(), ImportError> {
        let Objects {
            rows,
            headers,
            mapping,
            mut skipped,
        } = *self;
        let mut collector = Collector::new(&headers, &mapping.fields);
        let mut nested: Option<(u64, String)> = None;
        let mut rows_read = 0u64;
        for (line, element) in &rows {
            let line = *line;
            let Value::Object(object) = element else {
                collector.skip(line, format!("not an object but {}", kind(element)));
                continue;
            };
            let row = collector.row(line, |index| {
                let key = headers.get(index)?;
                match object.get(key)? {
                    Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                    Value::Number(n) => Some(Cow::Owned(n.to_string())),
                    Value::Bool(b) => Some(Cow::Owned(b.to_string())),
                    Value::Null => None,
                    Value::Array(_) | Value::Object(_) => {
                        nested.get_or_insert_with(|| (line, key.clone()));
                        None
                    }
                }
            });
            if let Some(row) = row {
                rows_read += 1;
                if each(row).is_break() {
                    break;
                }
            }
        }
        if let Some((line, key)) = nested {
            report.warnings.push(format!(
                "line {line}: the value of `{key}` is a list or an object, not text; values like this were left out"
            ));
        }
        report.warnings.extend(collector.warnings());
        report.rows_read = rows_read;
        skipped.append(&mut collector.skipped);
        crate::rows::sort_skipped(&mut skipped);
        report.skipped = skipped;
        Ok(())
    }
}

/// The list at `key` of an SBOM's object (none when absent or null); any
/// other value is a warning that says what it is instead, and no list.
pub(crate) fn list_at<'a>(
    object: &'a serde_json::Map<String, Value>,
    key: &str,
    of: &str,
    warnings: &mut Vec<String>,
) -> &'a [Value] {
    match object.get(key) {
        Some(Value::Array(list)) => list,
        None | Some(Value::Null) => &[],
        Some(other) => {
            warnings.push(format!("`{key}` is {}, not a list of {of}", kind(other)));
            &[]
        }
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The 1-based line on which each element of the top-level array starts.
/// Only called on text that parsed, so the structure is sound.
fn element_lines(text: &str) -> Vec<u64> {
    let mut lines = Vec::new();
    let mut line = 1u64;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut expecting = false;
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        let starts_value = !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}' | b':');
        if depth == 1 && expecting && starts_value {
            lines.push(line);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_told_from_bracketed_csv() {
        let cases = [
            ("[]", true),
            ("  [\n  {\"name\": 1}]", true),
            ("[\"a\"]", true),
            ("[1, 2]", true),
            ("[null]", true),
            ("[", true),
            ("[DisplayName0],[Publisher0]", false),
            ("[name],[version]", false),
            ("[nullable],[x]", false),
            ("Name,Publisher", false),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(looks_like_json(text), want, "{text:?}");
        }
    }

    #[test]
    fn element_lines_follow_the_text() {
        let text = "[\n  {\"a\": \"x,\\\"]\"},\n  {\"b\": [1,\n 2]},\n\n  \"s\", 3, {}\n]";
        assert_eq!(element_lines(text), vec![2, 3, 6, 6, 6]);
        assert_eq!(element_lines("[]"), Vec::<u64>::new());
        assert_eq!(element_lines("[{}]"), vec![1]);
    }
}
