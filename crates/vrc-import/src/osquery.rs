//! osquery's result logs, as osqueryd's filesystem logger writes them: one
//! JSON object per line, each the result of a scheduled query.
//!
//! - **Event format** (differential): `{"name": "pack_it_programs",
//!   "hostIdentifier": "ws-01", "columns": {…}, "action": "added"}`. An
//!   `added` row is kept unless a later `removed` row with the same query,
//!   host and columns cancels it (the software went, or was upgraded), so
//!   what is read is what was there at the end of the log.
//! - **Batch format**: `{"name": …, "diffResults": {"added": [{…}],
//!   "removed": [{…}]}}`, read the same way.
//! - **Snapshot format**: `{"name": …, "snapshot": [{…}, …], "action":
//!   "snapshot"}`. Only the latest snapshot of each query and host is read;
//!   the earlier ones are counted in a warning.
//! - **Snapshot events** (osqueryd's `--logger_snapshot_event_type=true`):
//!   each row of a snapshot is a line of its own, `{"name": …, "columns":
//!   {…}, "action": "snapshot", "unixTime": "1508133000", …}`. The rows of one
//!   run share its `unixTime`; they are read as that snapshot, and again only
//!   the latest run of each query and host.
//!
//! The rows' keys are mapped like JSON columns (`name`, `version`,
//! `publisher`…), and `hostIdentifier` is the system unless a column says
//! otherwise. A log usually holds every scheduled query (processes, ports…):
//! when it holds several, only those named like a software inventory
//! (programs, apps, packages, extensions, add-ons, plugins, software,
//! installed) are read, and the others are counted in a warning; when none is
//! named so, all are read, with a warning. A line that is not valid JSON (a
//! log cut off mid-line) is skipped with its line; the rest is read.
//!
//! `osqueryi --json` output (a JSON array of rows) is read by `json`.

use std::collections::{BTreeMap, HashMap};

use vrc_engine::normalise::lowercase;
use vrc_engine::sort::sort_with;

use serde_json::{Deserializer, Value};
use vrc_engine::{Field, ImportReport, SkippedRow};

use crate::ImportError;
use crate::json::Objects;
use crate::positions::{Lines, thousands};

/// Words in a query's name that say it lists software.
const SOFTWARE_QUERIES: &[&str] = &[
    "program",
    "software",
    "package",
    "extension",
    "addon",
    "add_on",
    "plugin",
    "application",
    "apps",
    "installed",
];

const HOST: &str = "hostIdentifier";

/// Whether a parsed value is an osquery result.
pub(crate) fn is_result(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        o.get("columns").is_some_and(Value::is_object)
            || o.get("snapshot").is_some_and(Value::is_array)
            || o.get("diffResults").is_some_and(Value::is_object)
    })
}

/// A row found in the log.
#[derive(Debug)]
struct Found<'v> {
    line: u64,
    query: &'v str,
    host: Option<&'v str>,
    row: &'v Value,
}

pub(crate) fn read(
    text: &str,
    file: &str,
    user: &[(Field, String)],
    report: &mut ImportReport,
) -> Result<Objects, ImportError> {
    report.format = "osquery".to_owned();
    let (values, mut skipped) = values(text);

    let mut net = Net::default();
    // The latest snapshot of each query and host, with its place in the file.
    let mut latest: HashMap<(&str, Option<&str>), Snapshot> = HashMap::new();
    // The same, logged a row at a time.
    let mut runs: HashMap<(&str, Option<&str>), Run> = HashMap::new();
    let (mut older_snapshots, mut older_rows, mut seq) = (0usize, 0usize, 0usize);

    for (line, value) in &values {
        let line = *line;
        let Value::Object(result) = value else {
            skipped.push(skip(
                line,
                format!("not an object but {}", crate::json::kind(value)),
            ));
            continue;
        };
        let query = result.get("name").and_then(Value::as_str).unwrap_or("");
        let host = result.get(HOST).and_then(Value::as_str);
        let found = |row| Found {
            line,
            query,
            host,
            row,
        };
        if let Some(columns) = result.get("columns") {
            if !columns.is_object() {
                skipped.push(skip(
                    line,
                    format!("`columns` is {}, not an object", crate::json::kind(columns)),
                ));
                continue;
            }
            match result.get("action").and_then(Value::as_str) {
                None | Some("added") => net.event(found(columns), true),
                Some("removed") => net.event(found(columns), false),
                Some("snapshot") => {
                    let time = result
                        .get("unixTime")
                        .or_else(|| result.get("calendarTime"));
                    let run = runs.entry((query, host)).or_insert_with(|| Run {
                        time,
                        rows: Vec::new(),
                    });
                    // A row of a later run: the earlier run is done, and older.
                    if run.time != time {
                        older_snapshots += 1;
                        older_rows += run.rows.len();
                        *run = Run {
                            time,
                            rows: Vec::new(),
                        };
                    }
                    run.rows.push(found(columns));
                }
                Some(other) => skipped.push(skip(
                    line,
                    format!("the action `{other}` is none of `added`, `removed` and `snapshot`"),
                )),
            }
        } else if let Some(snapshot) = result.get("snapshot") {
            let Value::Array(rows) = snapshot else {
                skipped.push(skip(
                    line,
                    format!("`snapshot` is {}, not a list", crate::json::kind(snapshot)),
                ));
                continue;
            };
            // `values` come in file order, so the last one in is the latest.
            if let Some((_, _, older)) = latest.insert((query, host), (seq, line, rows)) {
                older_snapshots += 1;
                older_rows += older.len();
            }
            seq += 1;
        } else if let Some(Value::Object(diff)) = result.get("diffResults") {
            for (action, added) in [("added", true), ("removed", false)] {
                if let Some(Value::Array(rows)) = diff.get(action) {
                    for row in rows {
                        net.event(found(row), added);
                    }
                }
            }
        } else {
            skipped.push(skip(
                line,
                "not an osquery result: it has no `columns`, `snapshot` or `diffResults`",
            ));
        }
    }

    let (removed, cancelled) = (net.removed, net.cancelled);
    let mut found: Vec<Found> = net.events.into_iter().flatten().collect();
    let mut snapshots: Vec<_> = latest.into_iter().collect();
    sort_with(&mut snapshots, |a, b| (a.1).0.cmp(&(b.1).0));
    for ((query, host), (_, line, rows)) in snapshots {
        found.extend(rows.iter().map(|row| Found {
            line,
            query,
            host,
            row,
        }));
    }
    found.extend(runs.into_values().flat_map(|run| run.rows));
    sort_with(&mut found, |a, b| a.line.cmp(&b.line));

    let mut notes = Vec::new();
    if removed > 0 {
        let also = match cancelled {
            0 => String::new(),
            1 => ", and the earlier `added` row it cancels".to_owned(),
            n => format!(
                ", and the {} earlier `added` rows they cancel",
                thousands(n)
            ),
        };
        notes.push(format!(
            "left out {} `removed` {} (software gone at a later run){also}",
            thousands(removed),
            if removed == 1 { "row" } else { "rows" },
        ));
    }
    if older_snapshots > 0 {
        notes.push(format!(
            "read the latest snapshot of each query and host; left out {} earlier {} ({} rows)",
            thousands(older_snapshots),
            if older_snapshots == 1 {
                "snapshot"
            } else {
                "snapshots"
            },
            thousands(older_rows),
        ));
    }
    let found = keep_software_queries(found, &mut notes);
    report.warnings.extend(notes);

    // The rows, with the host as a column.
    let rows: Vec<(u64, Value)> = found
        .iter()
        .map(|f| {
            let mut row = f.row.clone();
            if let (Value::Object(columns), Some(host)) = (&mut row, f.host)
                && !columns.contains_key(HOST)
            {
                columns.insert(HOST.to_owned(), Value::String(host.to_owned()));
            }
            (f.line, row)
        })
        .collect();
    if rows.is_empty() {
        report
            .warnings
            .push("the log holds no rows to read".to_owned());
        return Ok(Objects::none(skipped));
    }
    Objects::open(rows, file, user, &[(Field::System, HOST)], skipped, report)
}

/// The latest snapshot of a query and host: its place among the values,
/// its line, and its rows.
type Snapshot<'v> = (usize, u64, &'v Vec<Value>);

/// The latest run of a snapshot logged as events: its time and its rows.
#[derive(Debug)]
struct Run<'v> {
    time: Option<&'v Value>,
    rows: Vec<Found<'v>>,
}

/// Event rows, netted: an `added` row is cancelled by a later `removed` row
/// with the same query, host and columns.
#[derive(Debug, Default)]
struct Net<'v> {
    events: Vec<Option<Found<'v>>>,
    open: HashMap<(&'v str, &'v str, String), Vec<usize>>,
    removed: usize,
    cancelled: usize,
}

impl<'v> Net<'v> {
    fn event(&mut self, found: Found<'v>, added: bool) {
        let key = (
            found.query,
            found.host.unwrap_or(""),
            serde_json::to_string(found.row).unwrap_or_default(),
        );
        if added {
            self.open.entry(key).or_default().push(self.events.len());
            self.events.push(Some(found));
        } else {
            self.removed += 1;
            if let Some(index) = self.open.get_mut(&key).and_then(Vec::pop)
                && let Some(slot) = self.events.get_mut(index)
            {
                *slot = None;
                self.cancelled += 1;
            }
        }
    }
}

fn skip(line: u64, reason: impl Into<String>) -> SkippedRow {
    SkippedRow {
        line,
        reason: reason.into(),
    }
}

/// When the log holds several queries, the rows of those named like a
/// software inventory.
fn keep_software_queries<'v>(found: Vec<Found<'v>>, notes: &mut Vec<String>) -> Vec<Found<'v>> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &found {
        *counts.entry(f.query).or_default() += 1;
    }
    if counts.len() < 2 {
        return found;
    }
    let software = |query: &str| {
        let q = lowercase(query);
        SOFTWARE_QUERIES.iter().any(|w| q.contains(w))
    };
    let named = |q: &str| {
        if q.is_empty() {
            "(unnamed)".to_owned()
        } else {
            format!("`{q}`")
        }
    };
    let (kept, left): (Vec<_>, Vec<_>) = counts.iter().partition(|(q, _)| software(q));
    if kept.is_empty() {
        let list: Vec<String> = counts.keys().map(|q| named(q)).collect();
        notes.push(format!(
            "the log holds the results of {} queries ({}), none named like a software inventory \
             (programs, apps, packages, extensions…); all of them were read",
            counts.len(),
            list.join(", ")
        ));
        return found;
    }
    let kept_list: Vec<String> = kept.iter().map(|(q, _)| named(q)).collect();
    let left_rows: usize = left.iter().map(|(_, n)| **n).sum();
    let left_list: Vec<String> = left
        .iter()
        .map(|(q, n)| format!("{} ({})", named(q), thousands(**n)))
        .collect();
    notes.push(format!(
        "the log holds the results of {} queries: read those named like a software inventory ({}), \
         and left out {} {} of the others: {}",
        counts.len(),
        kept_list.join(", "),
        thousands(left_rows),
        if left_rows == 1 { "row" } else { "rows" },
        left_list.join(", ")
    ));
    found.into_iter().filter(|f| software(f.query)).collect()
}

/// Every JSON value in the text, with the line it starts on. A value that
/// does not parse is skipped with its line, and reading goes on at the next
/// line, so one line cut short loses only itself.
fn values(text: &str) -> (Vec<(u64, Value)>, Vec<SkippedRow>) {
    let mut lines = Lines::new(text);
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let mut offset = 0usize;
    'text: while let Some(rest) = text.get(offset..) {
        let first_line = lines.line(offset);
        let mut stream = Deserializer::from_str(rest).into_iter::<Value>();
        loop {
            let before = stream.byte_offset();
            let start = before
                + rest
                    .get(before..)
                    .map_or(0, |r| r.len() - r.trim_start().len());
            match stream.next() {
                None => break 'text,
                Some(Ok(value)) => out.push((lines.line(offset + start), value)),
                Some(Err(err)) => {
                    let line = lines.line(offset + start);
                    let own_line = rest
                        .get(start..)
                        .and_then(|r| r.lines().next())
                        .unwrap_or("");
                    // The line alone says it better when the value is one line
                    // cut short; a value over several lines keeps the stream's
                    // error and its place.
                    let reason = match serde_json::from_str::<Value>(own_line) {
                        Err(alone) => format!(
                            "not valid JSON: {}, at column {}{}",
                            strip_place(&alone),
                            alone.column(),
                            if alone.is_eof() {
                                " (the line looks cut short)"
                            } else {
                                ""
                            }
                        ),
                        Ok(_) => format!(
                            "not valid JSON: {}, at line {}, column {}",
                            strip_place(&err),
                            first_line + err.line() as u64 - 1,
                            err.column()
                        ),
                    };
                    bad.push(skip(line, reason));
                    match rest.get(start..).and_then(|r| r.find('\n')) {
                        Some(newline) => {
                            offset += start + newline + 1;
                            continue 'text;
                        }
                        None => break 'text,
                    }
                }
            }
        }
    }
    (out, bad)
}

/// A `serde_json` message without its " at line L column C".
fn strip_place(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    message.strip_suffix(&suffix).unwrap_or(&message).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_resume_after_a_bad_line() {
        let text = "{\"a\": 1}\n{\"b\": \n{\"c\": 3}\n\n  {\"d\":\n 4}\n{\"e\"";
        let (values, bad) = values(text);
        let lines: Vec<u64> = values.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 3, 5]);
        let bad: Vec<u64> = bad.iter().map(|b| b.line).collect();
        assert_eq!(bad, vec![2, 7]);
    }
}
