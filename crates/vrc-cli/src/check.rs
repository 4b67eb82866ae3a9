//! `vrc check`: read inventories, build the context, assess, print.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, BufWriter, Read, Stdout, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;

use serde::Deserialize;
use vrc_engine::assessor::{Keyed, RowRef};
use vrc_engine::context::{AcceptedRisk, CategoryDecision, ItemAnswer, MatchDecision};
use vrc_engine::eval::Evaluation;
use vrc_engine::pack::QuestionAbout;
use vrc_engine::report::CsvWriter;
use vrc_engine::{
    Assessor, Context, Date, Field, ImportReport, ItemId, ItemRef, Jurisdiction, NeededField,
    RuleSet, Sector, Verdict,
};

use crate::CliError;
use crate::args::{CheckArgs, Format};

/// The context file: every field optional, flags fill in or override.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextFile {
    #[serde(default, alias = "jurisdiction")]
    jurisdictions: Vec<String>,
    #[serde(default, alias = "sector")]
    sectors: Vec<String>,
    classification: Option<String>,
    device: Option<String>,
    as_of: Option<String>,
    #[serde(default)]
    answers: BTreeMap<String, bool>,
    #[serde(default)]
    match_decisions: Vec<MatchDecision>,
    #[serde(default)]
    category_decisions: Vec<CategoryDecision>,
    #[serde(default)]
    item_answers: Vec<ItemAnswer>,
    #[serde(default)]
    accepted_risks: Vec<AcceptedRisk>,
}

fn usage(message: String) -> CliError {
    CliError::Usage(message)
}

fn read_context_file(path: &Path) -> Result<ContextFile, CliError> {
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    if is_json {
        serde_json::from_str(&text).map_err(|e| {
            usage(format!(
                "`{}`: line {}, column {}: {e}",
                path.display(),
                e.line(),
                e.column()
            ))
        })
    } else {
        // A date written bare (`until = 2027-03-31`) is a TOML date, not
        // text: read it as the text it was written as.
        let bare_dates = || {
            let mut value: toml::Value = toml::from_str(&text).ok()?;
            dates_as_text(&mut value);
            value.try_into::<ContextFile>().ok()
        };
        toml::from_str(&text)
            .or_else(|e| bare_dates().ok_or(e))
            .map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text.get(..s.start).unwrap_or("").matches('\n').count() + 1);
                usage(format!(
                    "`{}`{}: {}",
                    path.display(),
                    line.map(|l| format!(": line {l}")).unwrap_or_default(),
                    e.message()
                ))
            })
    }
}

/// Every TOML date in `value` as the text it was written as.
fn dates_as_text(value: &mut toml::Value) {
    match value {
        toml::Value::Datetime(d) => *value = toml::Value::String(d.to_string()),
        toml::Value::Array(items) => items.iter_mut().for_each(dates_as_text),
        toml::Value::Table(table) => table.iter_mut().for_each(|(_, v)| dates_as_text(v)),
        _ => {}
    }
}

pub(crate) fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Date::from_unix_seconds(seconds).unwrap_or(Date::UNIX_EPOCH)
}

fn build_context(args: &CheckArgs) -> Result<Context, CliError> {
    let file = match &args.context {
        Some(path) => read_context_file(path)?,
        None => ContextFile::default(),
    };
    let jurisdictions = if args.jurisdictions.is_empty() {
        &file.jurisdictions
    } else {
        &args.jurisdictions
    };
    let sectors = if args.sectors.is_empty() {
        &file.sectors
    } else {
        &args.sectors
    };
    let as_of = match args.as_of.as_ref().or(file.as_of.as_ref()) {
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| usage(format!("--as-of: {e}")))?,
        None => today(),
    };
    let mut answers = file.answers;
    for a in &args.answers {
        let (q, v) = a
            .split_once('=')
            .ok_or_else(|| usage(format!("--answer `{a}`: write QUESTION=yes or QUESTION=no")))?;
        let v = yes_or_no(v)
            .ok_or_else(|| usage(format!("--answer `{a}`: the answer must be yes or no")))?;
        answers.insert(q.trim().to_owned(), v);
    }
    let mut item_answers = file.item_answers;
    for a in &args.item_answers {
        // Split from the right: a product name may hold `=`, a question id never does.
        let parsed = a.rsplit_once('=').and_then(|(rest, v)| {
            let (name, q) = rest.rsplit_once('=')?;
            Some((name, q, v))
        });
        let Some((name, q, v)) =
            parsed.filter(|(name, q, _)| !name.trim().is_empty() && !q.trim().is_empty())
        else {
            return Err(usage(format!(
                "--item-answer `{a}`: write NAME=QUESTION=yes or NAME=QUESTION=no, such as \"DS-2CD2143G2-I=sensitive-site=yes\""
            )));
        };
        let answer = yes_or_no(v)
            .ok_or_else(|| usage(format!("--item-answer `{a}`: the answer must be yes or no")))?;
        item_answers.push(ItemAnswer {
            name: name.trim().to_owned(),
            question: q.trim().to_owned(),
            answer,
        });
    }
    let mut match_decisions = file.match_decisions;
    for c in &args.confirm {
        let (name, entity) = c.rsplit_once('=').ok_or_else(|| {
            usage(format!(
                "--confirm `{c}`: write NAME=ENTITY, such as \"Kaspresky Lab=kaspersky\""
            ))
        })?;
        match_decisions.push(MatchDecision {
            name: name.trim().to_owned(),
            entity: Some(entity.trim().to_owned()),
        });
    }
    match_decisions.extend(args.reject.iter().map(|name| MatchDecision {
        name: name.trim().to_owned(),
        entity: None,
    }));
    let mut category_decisions = file.category_decisions;
    for c in &args.categories {
        let (name, category) = c.rsplit_once('=').ok_or_else(|| {
            usage(format!(
                "--category `{c}`: write NAME=CATEGORY, such as \"Kaspersky Something=antivirus\""
            ))
        })?;
        category_decisions.push(CategoryDecision {
            name: name.trim().to_owned(),
            category: category.trim().to_owned(),
        });
    }
    let jurisdictions = jurisdictions
        .iter()
        .map(|j| {
            j.parse::<Jurisdiction>()
                .map_err(|e| usage(format!("--jurisdiction: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Context {
        // The first given is the organisation's own.
        main_jurisdiction: jurisdictions.first().copied(),
        jurisdictions: jurisdictions.into_iter().collect(),
        sectors: sectors
            .iter()
            .map(|s| {
                s.parse::<Sector>()
                    .map_err(|e| usage(format!("--sector: {e}")))
            })
            .collect::<Result<BTreeSet<_>, _>>()?,
        classification: args.classification.clone().or(file.classification),
        device: args.device.clone().or(file.device),
        as_of,
        answers,
        match_decisions,
        category_decisions,
        item_answers,
        accepted_risks: file.accepted_risks,
    })
}

fn yes_or_no(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

fn check_answers(rules: &vrc_engine::RuleSet, context: &Context) -> Result<(), CliError> {
    for d in &context.match_decisions {
        if let Some(id) = &d.entity
            && rules.entity(id).is_none()
        {
            let ids: Vec<&str> = rules.entities().iter().map(|e| e.id.as_str()).collect();
            let hint = rules
                .suggest_entity(id)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(usage(format!(
                "--confirm: no entity `{id}`{hint}; the entities are: {}",
                ids.join(", ")
            )));
        }
    }
    for d in &context.category_decisions {
        if rules.category_id(&d.category).is_none() {
            let ids: Vec<&str> = rules.categories().iter().map(|c| c.id.as_str()).collect();
            return Err(usage(format!(
                "--category: no category `{}`; the categories are: {}",
                d.category,
                ids.join(", ")
            )));
        }
    }
    // An acceptance says who took the risk, and for what: one without
    // either would mark an item accepted on no one's word.
    for (i, a) in context.accepted_risks.iter().enumerate() {
        let blank = [("name", &a.name), ("approved_by", &a.approved_by)]
            .into_iter()
            .find(|(_, v)| v.trim().is_empty());
        if let Some((field, _)) = blank {
            return Err(usage(format!(
                "the context file's accepted_risks[{i}]: `{field}` is empty; an accepted risk names the product (or publisher) and who accepted it"
            )));
        }
    }
    let asked = (context.answers.keys().map(|q| ("--answer", q))).chain(
        context
            .item_answers
            .iter()
            .map(|a| ("--item-answer", &a.question)),
    );
    for (flag, q) in asked {
        if !rules.questions().iter().any(|x| &x.id == q) {
            let ids: Vec<&str> = rules.questions().iter().map(|x| x.id.as_str()).collect();
            return Err(usage(format!(
                "{flag}: no question `{q}`; the questions are: {}",
                ids.join(", ")
            )));
        }
    }
    Ok(())
}

/// An inventory to read: standard input, or a file. Either is read once, as
/// its rows are checked.
fn open_input(path: &Path) -> Result<Box<dyn Read>, CliError> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    match std::fs::File::open(path) {
        Ok(file) => Ok(Box::new(BufReader::with_capacity(64 * 1024, file))),
        Err(source) => Err(CliError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// A file's name in the report and in messages.
fn display_name(path: &Path) -> String {
    let name = path.display().to_string();
    if name == "-" {
        "<stdin>".to_owned()
    } else {
        name
    }
}

fn parse_columns(args: &CheckArgs) -> Result<Vec<(Field, String)>, CliError> {
    args.columns
        .iter()
        .map(|c| {
            let (field, header) = c.split_once('=').ok_or_else(|| {
                usage(format!(
                    "--column `{c}`: write FIELD=HEADER, such as product=\"Software Title\""
                ))
            })?;
            let field = Field::ALL
                .into_iter()
                .find(|f| f.as_str() == field.trim().to_ascii_lowercase())
                .ok_or_else(|| {
                    let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
                    usage(format!(
                        "--column `{c}`: `{field}` is not a field; the fields are: {}",
                        names.join(", ")
                    ))
                })?;
            Ok((field, header.trim().to_owned()))
        })
        .collect()
}

/// Skipped rows printed one by one on stderr, per file, before a count.
const SKIPPED_SHOWN: usize = 10;

pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let context = build_context(args)?;
    let fail_on = args
        .fail_on
        .as_deref()
        .map(|v| {
            v.parse::<Verdict>()
                .map_err(|e| usage(format!("--fail-on: {e}")))
        })
        .transpose()?;
    let columns = parse_columns(args)?;
    let rules = crate::rules::load(&args.rules)?;
    check_answers(&rules, &context)?;

    let mut importer = vrc_import::Importer::new();
    for (field, header) in &columns {
        importer = importer.column(*field, header);
    }
    if let Some(sheet) = &args.sheet {
        importer = importer.sheet(sheet);
    }

    // A file that cannot be read at all is an error, and then nothing goes
    // on stdout. Every import error is found when a file is opened (its
    // format, header and columns read; the rest of a streamed file is not
    // read yet), so every file is opened before any row is checked, and
    // then each is read on from where it was left: once, from start to end.
    // Every file that cannot be read is named, not just the first.
    let mut opened = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        let file = open_input(path).and_then(|input| {
            importer
                .open_in(&display_name(path), input)
                .map_err(CliError::from)
        });
        match file {
            Ok(file) => opened.push(file),
            Err(err) => errors.push(err),
        }
    }
    match errors.len() {
        0 => {}
        1 => return Err(errors.remove(0)),
        _ => return Err(CliError::Files(errors)),
    }

    // Rows are checked as they are read, and only the distinct items are
    // kept. CSV is printed row by row as it goes; JSON and the table are
    // printed at the end from the distinct items and, per row, a reference.
    let (assessor, out, reports) = match args.format {
        Format::Csv => check_csv(&rules, &context, opened)?,
        Format::Json | Format::Table => check_in_turn(&rules, &context, args.format, opened)?,
    };

    let warnings = vrc_engine::report::rule_warnings(&rules, context.as_of);
    out.finish(&rules, &assessor, &reports, || {
        print_diagnostics(&warnings, &reports, &assessor);
    })?;

    // An item whose verdict the organisation accepted, while the
    // acceptance covers it, does not fail the run: a pipeline's baseline.
    let reached = fail_on.is_some_and(|threshold| {
        (assessor.items())
            .any(|d| d.evaluation.outcome.verdict >= threshold && !d.evaluation.accepted())
    });
    // The distinct items go with the process: freeing them one by one (on
    // a large inventory, hundreds of thousands of strings) takes time for
    // nothing.
    std::mem::forget(assessor);
    Ok(if reached {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How many rows are checked together ([`Assessor::add_refs`]).
const BATCH_ROWS: usize = 1024;

/// The nine text fields of an item, each where it is in a text.
type Fields = [Option<(usize, usize)>; 9];

/// Rows copied out of the reader's buffer to be checked together: a row
/// at a time, each waits for its own memory reads on a large inventory
/// ([`Assessor::add_refs`]).
#[derive(Default)]
struct Batch {
    text: String,
    /// Each row's fields, where they are in `text`, and its count.
    rows: Vec<(Fields, Option<u64>)>,
    /// The rows' distinct items, once checked.
    ids: Vec<ItemId>,
    /// For `--format csv`, once checked, the columns each row's item
    /// decides, encoded: before its system (`heads`, each row's ending at
    /// its `head_ends`), and after its count (its position among the
    /// distinct texts, `u32::MAX` for none), and the texts new in this batch.
    heads: String,
    head_ends: Vec<usize>,
    texts: Vec<u32>,
    new_texts: Vec<String>,
    /// For `--format csv`, the rows' keys, made by the reader.
    keyed: Keyed,
}

impl Batch {
    fn push(&mut self, item: &ItemRef<'_>) {
        let text = &mut self.text;
        let mut put = |s: Option<&str>| {
            s.map(|s| {
                let start = text.len();
                text.push_str(s);
                (start, text.len())
            })
        };
        let fields = [
            put(item.publisher),
            put(item.product),
            put(item.version),
            put(item.cpe),
            put(item.purl),
            put(item.category),
            put(item.system),
            put(item.device),
            put(item.classification),
        ];
        self.rows.push((fields, item.count));
    }

    /// A row's system, from its fields.
    fn system(&self, fields: &Fields) -> Option<&str> {
        let [_, _, _, _, _, _, system, _, _] = *fields;
        system.and_then(|(start, end)| self.text.get(start..end))
    }

    fn items(&self) -> Vec<ItemRef<'_>> {
        self.items_with(true)
    }

    /// The rows, with their systems or without.
    fn items_with(&self, systems: bool) -> Vec<ItemRef<'_>> {
        let get =
            |at: Option<(usize, usize)>| at.and_then(|(start, end)| self.text.get(start..end));
        (self.rows.iter())
            .map(|(fields, count)| {
                let [
                    publisher,
                    product,
                    version,
                    cpe,
                    purl,
                    category,
                    system,
                    device,
                    classification,
                ] = fields.map(get);
                ItemRef {
                    publisher,
                    product,
                    version,
                    cpe,
                    purl,
                    category,
                    system: system.filter(|_| systems),
                    device,
                    classification,
                    count: *count,
                }
            })
            .collect()
    }
}

/// Checks the rows as they are read, a batch at a time, keeping what JSON
/// and the table print at the end.
fn check_in_turn<'a>(
    rules: &'a RuleSet,
    context: &'a Context,
    format: Format,
    opened: Vec<vrc_import::Opened<'_>>,
) -> Result<(Assessor<'a>, Output, Vec<ImportReport>), CliError> {
    let mut assessor = Assessor::new(rules, context);
    let mut out = Output::new(format, context);
    let mut reports = Vec::new();
    let mut batch = Batch::default();
    for file in opened {
        let mut failed = None;
        let report = file.for_each_row_ref(|row| {
            batch.push(&row.item);
            if batch.rows.len() < BATCH_ROWS {
                return ControlFlow::Continue(());
            }
            match out.rows(&mut assessor, &mut batch) {
                Ok(()) => ControlFlow::Continue(()),
                Err(err) => {
                    failed = Some(err);
                    ControlFlow::Break(())
                }
            }
        })?;
        if let Some(err) = failed {
            return Err(err.into());
        }
        out.rows(&mut assessor, &mut batch)?;
        reports.push(report);
    }
    Ok((assessor, out, reports))
}

/// How many batches can wait to be checked: the reader waits past that, so
/// that memory does not follow the file's size.
const BATCHES_WAITING: usize = 4;

/// `--format csv`: the rows are read and printed on this thread, and
/// checked on another, a batch at a time, in order. Reading and printing a
/// large file's rows is about as much work as checking them, and the
/// machine has a second core. The checker gives back each row's item and
/// the encoded columns of its evaluation (each distinct text once); the
/// printing is what a row at a time prints. A write error stops the
/// reading; a read error, the rows read before it once they are printed.
fn check_csv<'a>(
    rules: &'a RuleSet,
    context: &'a Context,
    opened: Vec<vrc_import::Opened<'_>>,
) -> Result<(Assessor<'a>, Output, Vec<ImportReport>), CliError> {
    let mut csv = CsvWriter::new(
        BufWriter::with_capacity(256 * 1024, std::io::stdout()),
        context,
    );
    let mut texts: Vec<String> = Vec::new();
    let mut reports = Vec::new();
    let (mut failed_read, mut failed_write) = (None, None);
    let assessor = std::thread::scope(|scope| {
        let (to_check, checking) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_WAITING);
        let (checked_to, checked) = std::sync::mpsc::channel::<Batch>();
        let mut assessor = Assessor::new(rules, context);
        let seed = assessor.key_seed();
        let checker = scope.spawn(move || {
            let mut found = Vec::new();
            let mut encoded = Encoded {
                classification: context.classification.clone(),
                ..Encoded::default()
            };
            for mut batch in checking {
                let mut ids = std::mem::take(&mut batch.ids);
                // Without their systems: the CSV prints each row's own,
                // and nothing prints a distinct item's (the tally would
                // keep up to eight of them, each a `String`, each a cache
                // miss to compare on a large inventory).
                assessor.add_keyed(&batch.items_with(false), &batch.keyed, &mut ids);
                batch.texts.clear();
                batch.heads.clear();
                batch.head_ends.clear();
                found.clear();
                found.extend(
                    ids.iter()
                        .map(|id| encoded.of(&assessor, *id, &mut batch.new_texts)),
                );
                // Each row's head is read here first, for all of them (as
                // `Inventory::add_keyed` reads the tallies): on a large
                // inventory each is a cache miss, which rows copied one by
                // one wait for in turn, and these wait for at once.
                let heads = encoded.heads.as_bytes();
                let ahead = (found.iter().flatten()).fold(0u8, |n, (start, _, _)| {
                    n ^ heads.get(*start).copied().unwrap_or(0)
                });
                std::hint::black_box(ahead);
                for found in &found {
                    let (head, text) = match found {
                        Some((start, end, text)) => (encoded.heads.get(*start..*end), *text),
                        None => (None, u32::MAX),
                    };
                    batch.heads.push_str(head.unwrap_or_default());
                    batch.head_ends.push(batch.heads.len());
                    batch.texts.push(text);
                }
                batch.ids = ids;
                if checked_to.send(batch).is_err() {
                    break;
                }
            }
            assessor
        });
        let mut free = Vec::new();
        let mut batch = Batch::default();
        for file in opened {
            let mut stopped = false;
            let read = file.for_each_row_ref(|row| {
                batch.push(&row.item);
                // Keyed here, on the thread with less to do.
                batch.keyed.push(seed, &row.item);
                if batch.rows.len() < BATCH_ROWS {
                    return ControlFlow::Continue(());
                }
                // The rows checked meanwhile are printed.
                while let Ok(mut done) = checked.try_recv() {
                    if let Err(err) = print_checked(&mut csv, &mut texts, &mut done) {
                        failed_write = Some(err);
                        stopped = true;
                        return ControlFlow::Break(());
                    }
                    free.push(done);
                }
                let next = free.pop().unwrap_or_default();
                if to_check.send(std::mem::replace(&mut batch, next)).is_err() {
                    stopped = true;
                    return ControlFlow::Break(());
                }
                ControlFlow::Continue(())
            });
            match read {
                Ok(report) => reports.push(report),
                Err(err) => {
                    failed_read = Some(err);
                    break;
                }
            }
            if stopped {
                break;
            }
        }
        if failed_write.is_none() && !batch.rows.is_empty() {
            let _ = to_check.send(batch);
        }
        drop(to_check);
        // The rest, as it is checked, until the checker is done.
        if failed_write.is_none() {
            for mut done in checked.iter() {
                if let Err(err) = print_checked(&mut csv, &mut texts, &mut done) {
                    failed_write = Some(err);
                    break;
                }
            }
        }
        drop(checked);
        checker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    if let Some(err) = failed_write {
        return Err(err.into());
    }
    if let Some(err) = failed_read {
        return Err(err.into());
    }
    Ok((assessor, Output::Csv(Box::new(csv)), reports))
}

/// Prints the rows of a batch that came back checked, and empties it.
fn print_checked(
    csv: &mut CsvWriter<BufWriter<Stdout>>,
    texts: &mut Vec<String>,
    batch: &mut Batch,
) -> std::io::Result<()> {
    texts.append(&mut batch.new_texts);
    let mut start = 0;
    let rows = (batch.rows.iter()).zip(batch.head_ends.iter().zip(&batch.texts));
    let printed = rows
        .filter_map(|((fields, count), (end, text))| {
            let head = batch.heads.get(std::mem::replace(&mut start, *end)..*end);
            let tail = texts.get(usize::try_from(*text).ok()?)?;
            Some((head?, batch.system(fields), *count, tail))
        })
        .try_for_each(|(head, system, count, tail)| csv.write_parts(head, system, count, tail));
    batch.text.clear();
    batch.rows.clear();
    batch.keyed.clear();
    printed
}

/// Each distinct item's CSV columns, encoded once: those before the
/// system (publisher to version: the head), and those after the count
/// (classification, and the evaluation's from `verdict` on: the tail). The
/// checker copies each row's head into its batch, so that the printer only
/// encodes the row's system and count; a tail is kept once per distinct
/// text (most items share a few), sent back with the rows that first have
/// it, and for each row its position.
#[derive(Default)]
struct Encoded {
    /// The context's classification, for items without one.
    classification: Option<String>,
    /// Each item's head (where it is in `heads`) and tail (its position),
    /// once encoded.
    of_item: Vec<Option<(usize, usize, u32)>>,
    heads: String,
    by_text: std::collections::HashMap<String, u32>,
    /// The last few tails made, each with the classification and
    /// evaluation it was made of: most items' evaluation is one of a few
    /// (every unmatched item's is the same), and comparing one is cheaper
    /// than encoding it.
    recent: Vec<(Option<String>, Evaluation, u32)>,
}

/// How many tails [`Encoded`] compares a new item's with.
const RECENT_TAILS: usize = 4;

impl Encoded {
    /// The item's head and tail, encoded the first time; none for an item
    /// without an evaluation (none is: such a row is not printed).
    fn of(
        &mut self,
        assessor: &Assessor<'_>,
        id: ItemId,
        new: &mut Vec<String>,
    ) -> Option<(usize, usize, u32)> {
        if let Some(found) = self.of_item.get(id.index()).copied().flatten() {
            return Some(found);
        }
        let distinct = assessor.get(id)?;
        let item = distinct.item.borrowed();
        let start = self.heads.len();
        vrc_engine::report::item_head(&item, &mut self.heads);
        let classification = item.classification.or(self.classification.as_deref());
        let evaluation = distinct.evaluation;
        let recent = (self.recent.iter())
            .find(|(c, e, _)| c.as_deref() == classification && e == evaluation);
        let text = match recent {
            Some((_, _, text)) => *text,
            None => {
                let mut tail = String::new();
                vrc_engine::report::item_tail(
                    classification,
                    &vrc_engine::report::evaluation_columns(evaluation),
                    &mut tail,
                );
                let next = u32::try_from(self.by_text.len()).unwrap_or(u32::MAX);
                let text = match self.by_text.get(&tail) {
                    Some(at) => *at,
                    None => {
                        self.by_text.insert(tail.clone(), next);
                        new.push(tail);
                        next
                    }
                };
                if self.recent.len() == RECENT_TAILS {
                    self.recent.remove(0);
                }
                (self.recent).push((classification.map(str::to_owned), evaluation.clone(), text));
                text
            }
        };
        let found = (start, self.heads.len(), text);
        if self.of_item.len() <= id.index() {
            self.of_item.resize(id.index() + 1, None);
        }
        if let Some(slot) = self.of_item.get_mut(id.index()) {
            *slot = Some(found);
        }
        Some(found)
    }
}

/// Where checked rows go, by output format.
enum Output {
    /// Printed as each row is checked.
    Csv(Box<CsvWriter<BufWriter<Stdout>>>),
    /// Printed at the end: a reference to each row's distinct item, with
    /// the row's system and count.
    Json(Vec<RowRef>),
    /// Printed at the end: each row's distinct item.
    Table(Vec<ItemId>),
}

impl Output {
    fn new(format: Format, context: &Context) -> Output {
        match format {
            Format::Csv => Output::Csv(Box::new(CsvWriter::new(
                BufWriter::with_capacity(64 * 1024, std::io::stdout()),
                context,
            ))),
            Format::Json => Output::Json(Vec::new()),
            Format::Table => Output::Table(Vec::new()),
        }
    }

    /// Checks the rows of a batch and prints or keeps them, and empties it.
    fn rows(&mut self, assessor: &mut Assessor<'_>, batch: &mut Batch) -> std::io::Result<()> {
        let mut ids = std::mem::take(&mut batch.ids);
        let items = batch.items();
        assessor.add_refs(&items, &mut ids);
        let rows = items.iter().zip(&ids);
        let done = match self {
            Output::Csv(csv) => csv.write_items(&items, &ids, |id| assessor.evaluation(id)),
            Output::Json(refs) => {
                refs.extend(rows.map(|(item, id)| RowRef {
                    item: *id,
                    system: item.system.map(str::to_owned),
                    count: item.count,
                }));
                Ok(())
            }
            Output::Table(refs) => {
                refs.extend_from_slice(&ids);
                Ok(())
            }
        };
        drop(items);
        batch.ids = ids;
        batch.text.clear();
        batch.rows.clear();
        done
    }

    /// Prints what is left, and the diagnostics: before the document for
    /// JSON and the table, as it always was, and after the rows for CSV,
    /// which are already out.
    fn finish(
        self,
        rules: &RuleSet,
        assessor: &Assessor<'_>,
        reports: &[ImportReport],
        diagnostics: impl FnOnce(),
    ) -> std::io::Result<()> {
        match self {
            Output::Csv(csv) => {
                csv.into_inner()?.flush()?;
                diagnostics();
                Ok(())
            }
            Output::Json(rows) => {
                diagnostics();
                let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
                vrc_engine::report::write_json(
                    &mut out,
                    rules,
                    assessor.context(),
                    &vrc_engine::report::Summary::of(&assessor.evaluated()),
                    vrc_engine::report::assessor_rows(assessor, &rows),
                    reports,
                )?;
                out.write_all(b"\n")?;
                out.flush()
            }
            Output::Table(rows) => {
                diagnostics();
                let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
                crate::output::write_report_table(&mut out, assessor, &rows)?;
                out.flush()
            }
        }
    }
}

/// The import report and the rule-set warnings, on stderr.
fn print_diagnostics(warnings: &[String], import: &[ImportReport], assessor: &Assessor<'_>) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
    for file in import {
        let mut detected = vec![file.format.clone()];
        detected.extend(file.encoding.clone());
        detected.extend(file.delimiter.map(|d| format!("delimiter \"{d}\"")));
        eprintln!(
            "{}: read {} rows, skipped {} ({})",
            file.file,
            file.rows_read,
            file.skipped.len(),
            detected.join(", ")
        );
        // At fleet scale a log can skip thousands of rows: the first few,
        // then a count by reason (the JSON's `import` keeps them all).
        for s in file.skipped.iter().take(SKIPPED_SHOWN) {
            eprintln!("{}:{}: skipped: {}", file.file, s.line, s.reason);
        }
        if let Some(rest) = file.skipped.get(SKIPPED_SHOWN..).filter(|r| !r.is_empty()) {
            let mut reasons = vrc_engine::item::skipped_by_reason(rest);
            vrc_engine::sort::sort_with(&mut reasons, |a, b| b.1.cmp(&a.1));
            let by_reason: Vec<String> = reasons
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            eprintln!(
                "{}: skipped {} more {} ({}); --format json lists every one",
                file.file,
                rest.len(),
                if rest.len() == 1 { "row" } else { "rows" },
                by_reason.join("; ")
            );
        }
        for w in &file.warnings {
            eprintln!("{}: warning: {w}", file.file);
        }
    }
    // The answers that would decide rules left open, most needed first.
    let rules = assessor.rules();
    let mut needs: BTreeMap<String, u64> = BTreeMap::new();
    for item in assessor.items() {
        let open = item
            .evaluation
            .outcome
            .not_applied
            .iter()
            .flat_map(|n| &n.needs);
        for need in open {
            let flag = match (&need.question, need.field) {
                (Some(q), _) if rules.question_about(q) == QuestionAbout::Item => {
                    format!(
                        "--item-answer \"NAME={q}=yes|no\" (or --answer {q}=yes|no for every item)"
                    )
                }
                (Some(q), _) => format!("--answer {q}=yes|no"),
                (None, NeededField::Classification) => "--classification MARKING".to_owned(),
                (None, NeededField::Sector) => "--sector SECTOR".to_owned(),
                (None, NeededField::Jurisdiction) => {
                    "--jurisdiction CODE (a country such as GB, or a state such as US-TX)"
                        .to_owned()
                }
                (None, NeededField::Device) => "--device TYPE".to_owned(),
                (None, NeededField::Category) => {
                    "the item's category (--category \"NAME=CATEGORY\", or a `category` column)"
                        .to_owned()
                }
                (None, NeededField::Answer) => "an answer".to_owned(),
            };
            // Every row of the item is left open.
            *needs.entry(flag).or_default() += item.tally.rows;
        }
    }
    for (flag, n) in needs {
        let checks = if n == 1 {
            "rule check was"
        } else {
            "rule checks were"
        };
        eprintln!("note: {n} {checks} left open for want of {flag}");
    }
}
