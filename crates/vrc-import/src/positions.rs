//! Where things are in the text: `serde_json` and `quick-xml` give values and
//! byte offsets, and the report wants the line a row starts on.

use std::collections::HashMap;

/// The 1-based line on which each element of the arrays held under one of
/// the keys in `arrays` starts, at any depth, by path: `components/0`,
/// `components/0/components/2`, `packages/5`. The walkers build the same
/// paths as they go down the parsed value.
///
/// Called on text that parsed, so the structure is sound; on anything else
/// it returns what it found, without failing.
pub(crate) fn array_elements(text: &str, arrays: &[&str]) -> HashMap<String, u64> {
    enum Frame {
        Object { key: Option<String>, want_key: bool },
        Array { next: usize, tracked: bool },
    }

    /// A value starts: record it if it is an element of a tracked array, and
    /// return the path segment it would have as a container.
    fn value_start(
        frames: &mut [Frame],
        path: &[String],
        line: u64,
        out: &mut HashMap<String, u64>,
    ) -> String {
        match frames.last_mut() {
            Some(Frame::Array { next, tracked }) => {
                let index = *next;
                *next += 1;
                if *tracked {
                    out.insert(format!("{}/{index}", path.join("/")), line);
                }
                index.to_string()
            }
            Some(Frame::Object { key, .. }) => key.clone().unwrap_or_default(),
            None => String::new(),
        }
    }

    let bytes = text.as_bytes();
    let mut out = HashMap::new();
    let mut frames: Vec<Frame> = Vec::new();
    // The segments of the open containers below the root.
    let mut path: Vec<String> = Vec::new();
    let mut line = 1u64;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b',' => {
                if let Some(Frame::Object { want_key, .. }) = frames.last_mut() {
                    *want_key = true;
                }
                i += 1;
            }
            b'"' => {
                let start_line = line;
                let start = i + 1;
                i += 1;
                let mut escaped = false;
                let mut end = None;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    if escaped {
                        escaped = false;
                    } else if c == b'\\' {
                        escaped = true;
                    } else if c == b'"' {
                        end = Some(i - 1);
                        break;
                    } else if c == b'\n' {
                        line += 1;
                    }
                }
                match frames.last_mut() {
                    Some(Frame::Object { key, want_key }) if *want_key => {
                        *key = end.and_then(|end| text.get(start..end)).map(str::to_owned);
                        *want_key = false;
                    }
                    _ => {
                        value_start(&mut frames, &path, start_line, &mut out);
                    }
                }
            }
            b'{' | b'[' => {
                let segment = value_start(&mut frames, &path, line, &mut out);
                let nested = !frames.is_empty();
                if nested {
                    path.push(segment);
                }
                frames.push(if b == b'{' {
                    Frame::Object {
                        key: None,
                        want_key: true,
                    }
                } else {
                    Frame::Array {
                        next: 0,
                        tracked: nested
                            && path.last().is_some_and(|k| arrays.contains(&k.as_str())),
                    }
                });
                i += 1;
            }
            b'}' | b']' => {
                if frames.pop().is_some() && !frames.is_empty() {
                    path.pop();
                }
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b':' => i += 1,
            _ => {
                // A number, `true`, `false` or `null`.
                value_start(&mut frames, &path, line, &mut out);
                while bytes.get(i).is_some_and(|c| {
                    !matches!(c, b',' | b']' | b'}' | b'\n' | b' ' | b'\t' | b'\r')
                }) {
                    i += 1;
                }
            }
        }
    }
    out
}

/// Turns byte offsets into 1-based lines and columns, counting newlines once
/// when the offsets come in order (as they do while streaming).
#[derive(Debug)]
pub(crate) struct Lines<'t> {
    text: &'t str,
    offset: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the byte at `offset`.
    pub(crate) fn line(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let newlines = self
            .text
            .as_bytes()
            .get(self.offset..offset)
            .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count());
        self.line += newlines as u64;
        self.offset = offset;
        self.line
    }

    /// The line and column (in characters) of the byte at `offset`.
    pub(crate) fn line_column(&mut self, offset: usize) -> (u64, u64) {
        let line = self.line(offset);
        let before = self.text.as_bytes().get(..self.offset).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = self
            .text
            .get(line_start..self.offset)
            .map_or(0, |s| s.chars().count());
        (line, column as u64 + 1)
    }
}

/// Counts are written as the engine writes them (the page and the CLI too).
pub use vrc_engine::item::thousands;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_of_tracked_arrays_have_lines() {
        let text = "{\n \"metadata\": {\"component\": {\"name\": \"x\"}},\n \"components\": [\n  {\"name\": \"a\",\n   \"components\": [{\"name\": \"b\"},\n\n {\"name\": \"c\", \"hashes\": [1, 2]}]},\n  \"odd\", 3,\n  {\"name\": \"d\\\"]}\"}\n ]\n}";
        let lines = array_elements(text, &["components"]);
        let mut got: Vec<(&str, u64)> = lines.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("components/0", 4),
                ("components/0/components/0", 5),
                ("components/0/components/1", 7),
                ("components/1", 8),
                ("components/2", 8),
                ("components/3", 9),
            ]
        );
        assert!(
            array_elements("[{\"components\": [1]}]", &["components"])
                .contains_key("0/components/0")
        );
        assert!(array_elements("{\"components\": [", &["components"]).is_empty());
    }

    #[test]
    fn offsets_to_lines_and_columns() {
        let text = "ab\ncdé\n\nf";
        let mut lines = Lines::new(text);
        assert_eq!(lines.line_column(0), (1, 1));
        assert_eq!(lines.line_column(4), (2, 2));
        assert_eq!(lines.line_column(7), (2, 4));
        assert_eq!(lines.line(9), 4);
        assert_eq!(lines.line_column(1), (1, 2));
        assert_eq!(lines.line(1000), 4);
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1219), "1,219");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
