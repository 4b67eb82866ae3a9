//! Counting rows by verdict, to check that every peer and the page gave the
//! rows the verdicts `vrc check` gave them: from `vrc`'s CSV, and from the
//! `verdicts clear=N …` lines the peers and bench/browser.mjs print.

use std::collections::BTreeMap;

/// The verdicts, least severe first, as `vrc` writes them.
pub const VERDICTS: [&str; 5] = ["clear", "no-action", "review", "avoid", "prohibited"];

/// Rows by verdict; every verdict is present, at zero when no row has it.
pub type Counts = BTreeMap<String, u64>;

fn zero() -> Counts {
    VERDICTS.iter().map(|v| ((*v).to_owned(), 0)).collect()
}

/// Rows by verdict in `vrc check --format csv` output: its `verdict` column.
pub fn of_csv(text: &str) -> Result<Counts, String> {
    let mut records = Records { text, at: 0 };
    let header = records.next().ok_or("the CSV output is empty")?;
    let column = header
        .iter()
        .position(|h| h == "verdict")
        .ok_or("the CSV output has no `verdict` column")?;
    let mut counts = zero();
    for (n, record) in records.enumerate() {
        let verdict = record
            .get(column)
            .ok_or_else(|| format!("record {} has no verdict", n + 1))?;
        *counts
            .get_mut(verdict.as_str())
            .ok_or_else(|| format!("record {}: unknown verdict `{verdict}`", n + 1))? += 1;
    }
    Ok(counts)
}

/// The records of CSV text: fields split on commas, quoted fields (which may
/// hold commas, doubled quotes and line ends) unquoted.
struct Records<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Records<'_> {
    type Item = Vec<String>;

    fn next(&mut self) -> Option<Vec<String>> {
        let rest = self.text.get(self.at..)?;
        if rest.is_empty() {
            return None;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = rest.char_indices().peekable();
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek().is_some_and(|(_, n)| *n == '"') => {
                    field.push('"');
                    chars.next();
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => fields.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => {
                    end = i + 1;
                    break;
                }
                (false, c) => field.push(c),
            }
        }
        fields.push(field);
        self.at += end;
        Some(fields)
    }
}

/// The counts in a `verdicts clear=N no-action=N …` line, the last such
/// line of `output`; other `key=value` pairs on it (`rows=`) are left out.
pub fn of_line(output: &str) -> Result<Counts, String> {
    let line = output
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("verdicts "))
        .ok_or_else(|| format!("no `verdicts …` line in:\n{output}"))?;
    let mut counts = zero();
    for pair in line.split_whitespace() {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("`{pair}` is not key=value"))?;
        if let Some(count) = counts.get_mut(key) {
            *count = value
                .parse()
                .map_err(|_| format!("`{pair}`: not a whole number"))?;
        }
    }
    Ok(counts)
}

/// The value of `key=` in a `verdicts …` line (`rows`, `distinct`).
pub fn field_of_line(output: &str, key: &str) -> Option<u64> {
    let line = output
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("verdicts "))?;
    line.split_whitespace()
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

/// `a=1 b=2`: counts as one line, for messages.
pub fn show(counts: &Counts) -> String {
    counts
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_verdict_column_is_counted_through_quotes() {
        let text = "row,publisher,verdict,reasons\r\n\
                    1,\"Cisco Systems, Inc.\",clear,\n\
                    2,AO Kaspersky Lab,prohibited,\"a \"\"quoted\"\", two-line\nreason\"\n\
                    3,x,prohibited,\n";
        let counts = of_csv(text).unwrap();
        assert_eq!(counts.get("prohibited"), Some(&2));
        assert_eq!(counts.get("clear"), Some(&1));
        assert_eq!(counts.get("avoid"), Some(&0));
        assert!(of_csv("row,publisher\n1,x\n").is_err_and(|e| e.contains("verdict")));
        assert!(of_csv("verdict\nmaybe\n").is_err_and(|e| e.contains("maybe")));
    }

    #[test]
    fn a_verdicts_line_is_read() {
        let out = "noise\nverdicts clear=9 no-action=0 review=0 avoid=1 prohibited=2 rows=12 distinct=5\n";
        let counts = of_line(out).unwrap();
        assert_eq!(
            show(&counts),
            "avoid=1 clear=9 no-action=0 prohibited=2 review=0"
        );
        assert_eq!(field_of_line(out, "distinct"), Some(5));
        assert_eq!(field_of_line(out, "rows"), Some(12));
        assert!(of_line("nothing here").is_err());
        assert!(of_line("verdicts clear=many").is_err_and(|e| e.contains("many")));
    }
}
