//! Reading JSON by hand, with the path of every problem: what the portal's
//! `config.json` and the embedding messages are read with. serde's derived
//! readers stop at the first error and do not say where it was; these say
//! where, as a JSON path (`$.context.sectors[1]`), and go on to find the
//! rest. The value is parsed by serde_json, which the page has already.

use serde_json::{Map, Value};

/// Something wrong with a JSON document, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A JSON path: `$` is the document, `$.a.b[2]` the third item of `b` in `a`.
    pub path: String,
    /// What is wrong, lower case, with the document's own text in backticks.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

/// The problems found so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, path: &str, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The path of a key under `path`: `$.a` and `b` give `$.a.b`; a key that
/// is not a plain word is quoted (`$.a["b c"]`).
pub fn key(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", quote(key))
    }
}

/// The path of an item of the list at `path`.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// A string as JSON writes it, quotes and escapes included.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// What a value is, in words: `text`, `a number`, `a list`…
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Text shown back to whoever wrote it: cut short, in backticks.
pub fn shown(s: &str) -> String {
    let cut: String = s.chars().take(60).collect();
    let more = if cut.len() < s.len() { "…" } else { "" };
    format!("`{cut}{more}`")
}

fn expected(value: &Value, path: &str, what: &str, problems: &mut Problems) {
    problems.add(path, format!("expected {what}, found {}", kind(value)));
}

/// The object at `path`, with every key outside `known` reported (and left out).
pub fn object<'a>(
    value: &'a Value,
    path: &str,
    known: &[&str],
    problems: &mut Problems,
) -> Option<&'a Map<String, Value>> {
    let Value::Object(map) = value else {
        expected(value, path, "an object", problems);
        return None;
    };
    fields(map, path, known, problems);
    Some(map)
}

/// Reports every key of `map` outside `known`.
pub fn fields(map: &Map<String, Value>, path: &str, known: &[&str], problems: &mut Problems) {
    for name in map.keys() {
        if !known.contains(&name.as_str()) {
            problems.add(
                &self::key(path, name),
                format!(
                    "unknown field {}: the fields here are {}",
                    shown(name),
                    known.join(", ")
                ),
            );
        }
    }
}

/// Text, at most `max` bytes long.
pub fn text<'a>(
    value: &'a Value,
    path: &str,
    max: usize,
    problems: &mut Problems,
) -> Option<&'a str> {
    match value {
        Value::String(s) if s.len() > max => {
            problems.add(
                path,
                format!("is {} bytes long, over the limit of {max}", s.len()),
            );
            None
        }
        Value::String(s) => Some(s),
        other => {
            expected(other, path, "text", problems);
            None
        }
    }
}

/// `true` or `false`.
pub fn boolean(value: &Value, path: &str, problems: &mut Problems) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        other => {
            expected(other, path, "true or false", problems);
            None
        }
    }
}

/// A list of at most `max` items, each with its path.
pub fn list<'a>(
    value: &'a Value,
    path: &str,
    max: usize,
    problems: &mut Problems,
) -> Vec<(String, &'a Value)> {
    match value {
        Value::Array(items) if items.len() > max => {
            problems.add(
                path,
                format!("has {} items, over the limit of {max}", items.len()),
            );
            Vec::new()
        }
        Value::Array(items) => (items.iter().enumerate())
            .map(|(i, v)| (index(path, i), v))
            .collect(),
        other => {
            expected(other, path, "a list", problems);
            Vec::new()
        }
    }
}

/// A list of text items, each at most `max_len` bytes, with their paths.
pub fn texts<'a>(
    value: &'a Value,
    path: &str,
    max: usize,
    max_len: usize,
    problems: &mut Problems,
) -> Vec<(String, &'a str)> {
    list(value, path, max, problems)
        .into_iter()
        .filter_map(|(p, v)| text(v, &p, max_len, problems).map(|s| (p, s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_keys_that_are_not_plain_words() {
        assert_eq!(key("$", "context"), "$.context");
        assert_eq!(key("$.a", "also_jurisdictions"), "$.a.also_jurisdictions");
        assert_eq!(key("$", "b c"), "$[\"b c\"]");
        assert_eq!(key("$", ""), "$[\"\"]");
        assert_eq!(index("$.a", 2), "$.a[2]");
    }

    #[test]
    fn problems_say_what_was_found_and_where() {
        let value: Value = serde_json::json!({"a": 1, "odd key": true, "list": [1, "x"]});
        let mut problems = Problems::default();
        let map = object(&value, "$", &["a", "list"], &mut problems).unwrap();
        assert_eq!(map.len(), 3);
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].path, "$[\"odd key\"]");
        assert!(
            problems.0[0].message.contains("`odd key`"),
            "{}",
            problems.0[0].message
        );
        let items = texts(&value["list"], "$.list", 10, 10, &mut problems);
        assert_eq!(items, vec![("$.list[1]".to_owned(), "x")]);
        assert_eq!(problems.0[1].path, "$.list[0]");
        assert_eq!(problems.0[1].message, "expected text, found a number");
        assert!(text(&Value::String("long".into()), "$.t", 3, &mut problems).is_none());
        assert!(problems.0[2].message.contains("over the limit of 3"));
        assert_eq!(shown(&"x".repeat(70)).chars().count(), 63);
    }
}
