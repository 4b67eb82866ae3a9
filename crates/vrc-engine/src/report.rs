//! The assessment as a document: the JSON that `vrc check --format json` prints
//! and the web app exports, and the CSV both write.
//!
//! The JSON shape is versioned by [`SCHEMA_VERSION`] and documented in
//! `docs/report.md`, with a JSON Schema generated from these types.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessor::{Assessment, Assessor, RowRef};
use crate::eval::Evaluation;
use crate::evaluated::Evaluated;
use crate::pack::PackMeta;
use crate::{Context, Date, ImportReport, InventoryItem, RuleSet, Verdict};

/// Bumped whenever a field is removed or changes meaning; adding fields does not.
///
/// 2: an item whose rules wait on answers reads at least `review` ("answer
/// needed", with `answer_needed`, `could_be` and `waiting`), where version 1
/// could read `clear` or `no-action`. Version 1 documents still read: every
/// field added since has a default.
pub const SCHEMA_VERSION: u32 = 2;

/// The versions [`Report`] documents can be read from.
pub const READABLE_SCHEMA_VERSIONS: [u32; 2] = [1, 2];

/// One assessment, self-contained: it can be saved and reopened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Vendor Risk Checker assessment")]
pub struct Report {
    pub schema_version: u32,
    /// The date the assessment is made as of.
    pub as_of: Date,
    /// Each rule pack used: id, version and date.
    pub rules: Vec<PackMeta>,
    pub context: Context,
    /// Per file: what was read and what was skipped, and why.
    pub import: Vec<ImportReport>,
    pub summary: Summary,
    /// Things the reader should know about the assessment as a whole.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// One entry per input row, in input order.
    pub items: Vec<ReportItem>,
}

/// Row counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Rows per verdict; every verdict is present.
    pub verdicts: BTreeMap<Verdict, u64>,
    /// Rows in all.
    pub items: u64,
    /// Distinct items evaluated.
    pub distinct_items: u64,
    /// Rows whose match is only possible and awaits confirmation.
    pub possible_matches: u64,
    /// Rows that read `review` only because answers are missing
    /// ("review: answer needed"); they are counted under `review` too.
    #[serde(default)]
    pub answer_needed: u64,
    /// Rows whose verdict could become more severe once answers are given
    /// (those with `answer_needed`, and others with rules waiting).
    #[serde(default)]
    pub waiting_on_answers: u64,
    /// Rows whose verdict, `review` or more severe, is covered by a risk
    /// the organisation accepted (`acceptance` in force); they are counted
    /// under their verdicts too.
    #[serde(default)]
    pub accepted: u64,
}

/// One input row and what the rules say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportItem {
    /// The fields read from the row.
    pub input: InventoryItem,
    #[serde(flatten)]
    pub evaluation: Evaluation,
}

impl Summary {
    /// The counts of an inventory's distinct items evaluated in a context.
    pub fn of(evaluated: &Evaluated<'_>) -> Summary {
        Summary {
            verdicts: evaluated.verdicts(),
            items: evaluated.inventory.rows(),
            distinct_items: evaluated.evaluations.len() as u64,
            possible_matches: evaluated.possible_matches(),
            answer_needed: evaluated.count_rows(|e| e.outcome.answer_needed),
            waiting_on_answers: evaluated.count_rows(|e| !e.outcome.waiting.is_empty()),
            accepted: evaluated.count_rows(Evaluation::accepted),
        }
    }
}

/// Warnings about the rule set itself for this assessment date.
pub fn rule_warnings(rules: &RuleSet, as_of: Date) -> Vec<String> {
    match rules.date() {
        Some(date) if as_of > date => vec![format!(
            "the assessment date {as_of} is after the rule pack's date {date}: newer guidance may exist"
        )],
        _ => Vec::new(),
    }
}

impl Report {
    pub fn new(rules: &RuleSet, assessment: &Assessment, import: Vec<ImportReport>) -> Report {
        let Assessment { context, .. } = assessment;
        let Context { as_of, .. } = context;
        Report {
            schema_version: SCHEMA_VERSION,
            as_of: *as_of,
            rules: rules.packs().to_vec(),
            context: context.clone(),
            import,
            summary: Summary {
                verdicts: assessment.summary(),
                items: assessment.rows.len() as u64,
                distinct_items: assessment.evaluations.len() as u64,
                possible_matches: assessment.possible_matches(),
                answer_needed: assessment.count_rows(|e| e.outcome.answer_needed),
                waiting_on_answers: assessment.count_rows(|e| !e.outcome.waiting.is_empty()),
                accepted: assessment.count_rows(Evaluation::accepted),
            },
            warnings: rule_warnings(rules, *as_of),
            items: assessment
                .items()
                .map(|(item, evaluation)| ReportItem {
                    input: item.clone(),
                    evaluation: evaluation.clone(),
                })
                .collect(),
        }
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        let document = Document {
            schema_version: self.schema_version,
            as_of: self.as_of,
            rules: &self.rules,
            context: &self.context,
            import: &self.import,
            summary: &self.summary,
            warnings: &self.warnings,
            items: &self.items,
        };
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string_pretty(&document).unwrap_or_default()
    }

    /// The report as CSV, one row per item, safe to open in a spreadsheet.
    pub fn to_csv(&self) -> String {
        let mut out = CsvWriter::new(Vec::new(), &self.context);
        for item in &self.items {
            let _ = out.write(&item.input, &item.evaluation);
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// The JSON document of an assessment, written without building a
/// [`Report`]: the same bytes as [`Report::to_json`] (without a final
/// newline), but each row is put together only as it is written, from what
/// the caller kept of it and its distinct item's evaluation. `summary` is
/// the distinct items' ([`Evaluated::summary`](Summary::of)).
///
/// The CLI writes the rows an [`Assessor`] took ([`assessor_rows`]); the
/// page, the rows it holds beside its inventory. The engine does no I/O:
/// `out` is whatever the caller hands it.
pub fn write_json<'e, W, T, R>(
    out: W,
    rules: &RuleSet,
    context: &Context,
    summary: &Summary,
    rows: R,
    import: &[ImportReport],
) -> std::io::Result<()>
where
    W: std::io::Write,
    T: Serialize,
    R: IntoIterator<Item = (T, &'e Evaluation)>,
{
    let document = Document {
        schema_version: SCHEMA_VERSION,
        as_of: context.as_of,
        rules: rules.packs(),
        context,
        import,
        summary,
        warnings: &rule_warnings(rules, context.as_of),
        items: Rows(std::cell::Cell::new(Some(rows))),
    };
    serde_json::to_writer_pretty(out, &document).map_err(std::io::Error::from)
}

/// The rows an [`Assessor`] took, from the references kept of them, as
/// [`write_json`] takes rows.
pub fn assessor_rows<'a>(
    assessor: &'a Assessor<'_>,
    rows: &'a [RowRef],
) -> impl Iterator<Item = (InventoryItem, &'a Evaluation)> + 'a {
    rows.iter()
        .filter_map(|row| Some((assessor.input(row)?, assessor.evaluation(row.item)?)))
}

/// A [`Report`]'s fields, borrowed, with any sequence of items: the one shape
/// in which a report is written as JSON.
#[derive(Serialize)]
struct Document<'a, I> {
    schema_version: u32,
    as_of: Date,
    rules: &'a [PackMeta],
    context: &'a Context,
    import: &'a [ImportReport],
    summary: &'a Summary,
    warnings: &'a [String],
    items: I,
}

/// Rows as [`ReportItem`]s, each made as it is written: serialised once
/// (serde's `Serialize` takes `&self`, hence the cell).
struct Rows<R>(std::cell::Cell<Option<R>>);

/// A [`ReportItem`] with its parts borrowed or made for the occasion.
#[derive(Serialize)]
struct RowItem<'a, T> {
    input: T,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

impl<'e, T: Serialize, R: IntoIterator<Item = (T, &'e Evaluation)>> Serialize for Rows<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = self.0.take().into_iter().flatten();
        serializer.collect_seq(rows.map(|(input, evaluation)| RowItem { input, evaluation }))
    }
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 25] = [
    "row",
    "publisher",
    "product",
    "version",
    "system",
    "installations",
    "classification",
    "verdict",
    "answer_needed",
    "could_be",
    "questions",
    "waits_on",
    "entity",
    "match_method",
    "match_confidence",
    "match_certain",
    "verdict_if_confirmed",
    "rules",
    "reasons",
    "advice",
    "deadlines",
    "sources",
    "acceptance",
    "accepted_by",
    "accepted_until",
];

/// Writes the CSV export a row at a time, so that a caller checking rows as
/// they are read can print each at once: [`Report::to_csv`] is this over a
/// report's items. Rows are numbered from 1 in the order they are written;
/// every cell is made safe to open in a spreadsheet ([`defuse_formula`]).
///
/// The CSV is RFC 4180, as the `csv` crate writes it by default (quotes
/// only where needed, `\n` after each record), written here because that
/// crate's writer always carries a float parser for a quoting style this
/// never uses: 8 KB of the web app's wasm, gzipped. A caller wanting few
/// writes passes a buffered writer: each record is one `write_all`.
#[derive(Debug)]
pub struct CsvWriter<W: std::io::Write> {
    out: W,
    /// The context's classification, for rows that do not give one.
    classification: Option<String>,
    written: u64,
    /// For [`write_parts`](CsvWriter::write_parts): the number `numbered`
    /// in decimal, counted on a row at a time (a digit or two changed, not
    /// a number's digits worked out again).
    number: String,
    numbered: u64,
    header: bool,
    /// Each distinct item's columns from `verdict` on, encoded, for
    /// [`write_item`](CsvWriter::write_item): they depend on the evaluation
    /// alone, and a large inventory repeats each item many times. Kept once
    /// per distinct text (most items' are the same few), and for each item
    /// its text's position, so that a row reads a small table that stays in
    /// the cache rather than text of its own somewhere on the heap.
    encoded: Encoded,
    /// What [`write_items`](CsvWriter::write_items) found, kept between calls.
    found: Vec<Option<usize>>,
    /// The record being put together, kept to spare an allocation a row.
    line: String,
}

impl<W: std::io::Write> CsvWriter<W> {
    /// A writer for rows checked in `context`. The header is written with
    /// the first row, or by [`into_inner`](CsvWriter::into_inner) if none
    /// came.
    pub fn new(out: W, context: &Context) -> CsvWriter<W> {
        CsvWriter {
            out,
            classification: context.classification.clone(),
            written: 0,
            number: String::new(),
            numbered: 0,
            header: false,
            encoded: Encoded::default(),
            found: Vec::new(),
            line: String::new(),
        }
    }

    fn header(&mut self) -> std::io::Result<()> {
        if !self.header {
            self.header = true;
            self.line.clear();
            for (i, h) in CSV_HEADER.iter().enumerate() {
                if i > 0 {
                    self.line.push(',');
                }
                push_field(&mut self.line, h);
            }
            self.line.push('\n');
            self.out.write_all(self.line.as_bytes())?;
        }
        Ok(())
    }

    /// Writes one row: the item as read and its evaluation.
    pub fn write(&mut self, input: &InventoryItem, e: &Evaluation) -> std::io::Result<()> {
        let encoded = encode_evaluation(e);
        self.write_row(&input.borrowed(), &encoded)
    }

    /// [`write`](CsvWriter::write) for a row of a distinct item (`item`, as
    /// the [`Assessor`] numbers them): the evaluation's columns are encoded
    /// once per item, not once per row.
    pub fn write_item(
        &mut self,
        input: &crate::ItemRef<'_>,
        item: crate::ItemId,
        e: &Evaluation,
    ) -> std::io::Result<()> {
        let at = self.encoded.of(item, e);
        self.write_encoded(input, at)
    }

    /// [`write_item`](CsvWriter::write_item) for several rows, each with
    /// its distinct item, whose evaluation `evaluation` gives. Each row's
    /// encoded columns are found first, for all of them: on a large
    /// inventory that is a cache miss a row, which rows written one by one
    /// wait for in turn, and several rows wait for at once.
    pub fn write_items<'e>(
        &mut self,
        inputs: &[crate::ItemRef<'_>],
        items: &[crate::ItemId],
        evaluation: impl Fn(crate::ItemId) -> Option<&'e Evaluation>,
    ) -> std::io::Result<()> {
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        found.extend((items.iter()).map(|id| evaluation(*id).map(|e| self.encoded.of(*id, e))));
        let written = (inputs.iter().zip(&found))
            .filter_map(|(input, at)| at.map(|at| (input, at)))
            .try_for_each(|(input, at)| self.write_encoded(input, at));
        self.found = found;
        written
    }

    /// Writes a row whose evaluation's columns are `texts[at]`.
    fn write_encoded(&mut self, input: &crate::ItemRef<'_>, at: usize) -> std::io::Result<()> {
        let texts = &mut self.encoded.texts;
        let encoded = texts.get_mut(at).map(std::mem::take).unwrap_or_default();
        let written = self.write_row(input, &encoded);
        if let Some(slot) = self.encoded.texts.get_mut(at) {
            *slot = encoded;
        }
        written
    }

    /// Writes a row from its system and count and the columns its distinct
    /// item decides, already encoded ([`item_head`], [`item_tail`]): a
    /// caller checking rows on another thread encodes each distinct item's
    /// there, once.
    pub fn write_parts(
        &mut self,
        head: &str,
        system: Option<&str>,
        count: Option<u64>,
        tail: &str,
    ) -> std::io::Result<()> {
        self.header()?;
        self.written += 1;
        if self.numbered + 1 == self.written {
            count_one_more(&mut self.number);
        } else {
            self.number.clear();
            push_number(&mut self.number, self.written);
        }
        self.numbered = self.written;
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        line.push_str(&self.number);
        line.push_str(head);
        line.push(',');
        push_field(&mut line, &defuse_formula(system.unwrap_or_default()));
        line.push(',');
        // Most counts are one digit (a row without one counts one).
        match count.unwrap_or(1) {
            n @ 0..10 => line.push(char::from(b'0' + n as u8)),
            n => push_number(&mut line, n),
        }
        line.push_str(tail);
        line.push('\n');
        let written = self.out.write_all(line.as_bytes());
        self.line = line;
        written
    }

    /// Writes the row's own columns, then the evaluation's, already encoded.
    fn write_row(&mut self, input: &crate::ItemRef<'_>, encoded: &str) -> std::io::Result<()> {
        self.header()?;
        self.written += 1;
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        push_number(&mut line, self.written);
        let classification = input.classification.or(self.classification.as_deref());
        for field in [input.publisher, input.product, input.version, input.system] {
            line.push(',');
            push_field(&mut line, &defuse_formula(field.unwrap_or_default()));
        }
        line.push(',');
        push_number(&mut line, input.count.unwrap_or(1));
        line.push(',');
        push_field(
            &mut line,
            &defuse_formula(classification.unwrap_or_default()),
        );
        line.push(',');
        line.push_str(encoded);
        line.push('\n');
        let written = self.out.write_all(line.as_bytes());
        self.line = line;
        written
    }

    /// Writes the header if no row came, flushes, and gives back the output.
    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.header()?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Appends the columns of a row that its distinct item decides before its
/// system, as [`CsvWriter`] writes them: publisher, product and version,
/// each after a comma (the row number comes first). (`write_row` writes
/// the same columns as these and `write_parts`, in one piece: the web
/// page's wasm has only that one; a test holds that the two agree.)
pub fn item_head(item: &crate::ItemRef<'_>, line: &mut String) {
    for field in [item.publisher, item.product, item.version] {
        line.push(',');
        push_field(line, &defuse_formula(field.unwrap_or_default()));
    }
}

/// Appends the columns of a row that its distinct item decides after its
/// count, as [`CsvWriter`] writes them: its classification (the item's, or
/// else the context's), then its evaluation's ([`evaluation_columns`]).
pub fn item_tail(classification: Option<&str>, evaluation_columns: &str, line: &mut String) {
    line.push(',');
    push_field(line, &defuse_formula(classification.unwrap_or_default()));
    line.push(',');
    line.push_str(evaluation_columns);
}

/// The evaluations' columns of [`CsvWriter::write_item`], each distinct
/// text once.
#[derive(Debug, Default)]
struct Encoded {
    texts: Vec<String>,
    /// Each text's position in `texts`.
    by_text: std::collections::HashMap<String, usize>,
    /// Each item's text's position, `usize::MAX` until it is encoded.
    of_item: Vec<usize>,
}

impl Encoded {
    /// The position of the item's text in `texts`, encoded the first time.
    fn of(&mut self, item: crate::ItemId, e: &Evaluation) -> usize {
        let i = item.index();
        if let Some(&at) = self.of_item.get(i).filter(|at| **at != usize::MAX) {
            return at;
        }
        let text = encode_evaluation(e);
        let at = match self.by_text.get(&text) {
            Some(at) => *at,
            None => {
                let at = self.texts.len();
                self.by_text.insert(text.clone(), at);
                self.texts.push(text);
                at
            }
        };
        if self.of_item.len() <= i {
            self.of_item.resize(i + 1, usize::MAX);
        }
        if let Some(slot) = self.of_item.get_mut(i) {
            *slot = at;
        }
        at
    }
}

/// The CSV columns from `verdict` on, which depend on the evaluation alone,
/// encoded and joined with commas.
pub fn evaluation_columns(e: &Evaluation) -> String {
    encode_evaluation(e)
}

/// [`evaluation_columns`].
fn encode_evaluation(e: &Evaluation) -> String {
    let findings = &e.outcome.findings;
    let join = |f: &dyn Fn(&crate::Finding) -> String| {
        findings.iter().map(f).collect::<Vec<_>>().join(" | ")
    };
    let m = e.matched.as_ref();
    let acceptance = e.acceptance.as_ref();
    let fields = [
        e.outcome.verdict.to_string(),
        if e.outcome.answer_needed { "yes" } else { "" }.to_owned(),
        e.outcome
            .could_be
            .map(|v| v.to_string())
            .unwrap_or_default(),
        e.outcome
            .questions()
            .iter()
            .map(|n| n.would_apply_if.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        (e.outcome.waiting.iter())
            .map(|w| format!("{} ({})", w.rule, w.verdict))
            .collect::<Vec<_>>()
            .join(" | "),
        m.map(|m| m.entity.clone()).unwrap_or_default(),
        m.map(|m| {
            serde_json::to_value(m.method)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .unwrap_or_default(),
        m.map(|m| hundredths(m.confidence)).unwrap_or_default(),
        m.map(|m| m.certain.to_string()).unwrap_or_default(),
        e.if_confirmed
            .as_ref()
            .map(|o| o.verdict.to_string())
            .unwrap_or_default(),
        join(&|f| f.rule.clone()),
        join(&|f| f.reason.clone()),
        join(&|f| f.advice.clone()),
        findings
            .iter()
            .flat_map(|f| {
                f.deadlines
                    .iter()
                    .map(|d| format!("{}: {}", d.date, d.what))
            })
            .collect::<Vec<_>>()
            .join(" | "),
        findings
            .iter()
            .flat_map(|f| {
                f.sources
                    .iter()
                    .map(|s| format!("{} ({}) {}", s.title, s.date, s.url))
            })
            .collect::<Vec<_>>()
            .join(" | "),
        acceptance
            .map(|a| a.standing.as_str().to_owned())
            .unwrap_or_default(),
        acceptance
            .map(|a| a.risk.approved_by.clone())
            .unwrap_or_default(),
        acceptance
            .map(|a| a.risk.until.to_string())
            .unwrap_or_default(),
    ];
    let mut out = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(&mut out, &defuse_formula(field));
    }
    out
}

/// Adds one to a number written in decimal.
fn count_one_more(number: &mut String) {
    let mut nines = 0;
    while number.ends_with('9') {
        number.pop();
        nines += 1;
    }
    let last = number
        .pop()
        .and_then(|d| char::from_digit(d.to_digit(10)? + 1, 10));
    number.push(last.unwrap_or('1'));
    number.extend(std::iter::repeat_n('0', nines));
}

/// Appends a number in decimal, as `Display` writes it, without the
/// formatting machinery (twice a row in a CSV of a million rows).
fn push_number(line: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    for d in digits.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        at -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in digits.iter().skip(at) {
        line.push(char::from(*d));
    }
}

/// Appends one field: quoted when it holds a comma, a quote or a line
/// break, with its quotes doubled.
fn push_field(line: &mut String, field: &str) {
    // Every byte looked at, without stopping at the first: a loop without
    // branches, which the compiler vectorises (most fields need no quotes).
    let quoted = (field.bytes()).fold(false, |q, b| q | matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if quoted {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

/// A confidence (0 to 1, in hundredths, as the matcher makes it) as `f64`'s
/// `Display` writes it: `1`, `0.9`, `0.86`. Written by hand: core's float
/// formatting would be 7 KB gzipped of the web app, for this one column.
fn hundredths(confidence: f64) -> String {
    // `as` saturates, and NaN becomes 0.
    let n = (confidence.clamp(0.0, 1.0) * 100.0).round() as u8;
    match n {
        100 => "1".to_owned(),
        0 => "0".to_owned(),
        n if n % 10 == 0 => format!("0.{}", n / 10),
        n => format!("0.{n:02}"),
    }
}

/// A cell that a spreadsheet would run as a formula gets a leading `'`, as
/// OWASP advises for CSV injection: `=`, `+`, `-`, `@`, tab and carriage return.
pub fn defuse_formula(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}',
        ) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_counted_in_decimal() {
        let mut number = "0".to_owned();
        for n in 1..=100_000u64 {
            count_one_more(&mut number);
            assert_eq!(number, n.to_string());
        }
        let mut line = String::new();
        for n in [0, 7, 9, 10, 99, 100, 12_345, u64::MAX] {
            line.clear();
            push_number(&mut line, n);
            assert_eq!(line, n.to_string());
        }
    }

    /// What the `csv` crate reads back is what was written, for fields
    /// with commas, quotes and line breaks.
    #[test]
    fn csv_records_read_back_with_the_csv_crate() {
        let fields = [
            "plain",
            "a, b",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            "",
            "\"",
            "ünïcödé",
        ];
        let record = |fields: &mut dyn Iterator<Item = &&str>| {
            let mut line = String::new();
            for (i, f) in fields.enumerate() {
                if i > 0 {
                    line.push(',');
                }
                push_field(&mut line, f);
            }
            line + "\n"
        };
        let out = (record(&mut fields.iter()) + &record(&mut fields.iter().rev())).into_bytes();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice());
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let forward: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        let backward: Vec<String> = forward.iter().rev().cloned().collect();
        assert_eq!(records, vec![forward, backward]);
        assert!(out.starts_with(b"plain,\"a, b\",\"say \"\"hi\"\"\","));
    }

    #[test]
    fn confidences_print_as_f64_display_does() {
        // As the matcher rounds a similarity (a ratio of lengths).
        for den in 1..=40_u8 {
            for num in 0..=den {
                let score = f64::from(num) / f64::from(den);
                let x = (score * 100.0).round() / 100.0;
                assert_eq!(hundredths(x), x.to_string(), "{num}/{den}");
            }
        }
        assert_eq!(hundredths(f64::NAN), "0");
        assert_eq!(hundredths(2.0), "1");
    }

    #[test]
    fn defuses_every_formula_prefix() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "＝1"] {
            assert!(defuse_formula(cell).starts_with('\''), "{cell:?}");
        }
        for cell in ["Kaspersky", "1.2.3", "", "a=b"] {
            assert_eq!(defuse_formula(cell), cell);
        }
    }
}
