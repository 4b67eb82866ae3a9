//! Vendor Risk Checker's Web Workers: the importer (`vrc-worker`) reads
//! inventory files off the page's thread, saying how far it has got as it
//! goes, and sorts the rows into distinct items and lines; the page matches
//! and evaluates the distinct items, in slices (see the page's `check` module), where a what-if repeats
//! only the evaluations. The rule packs' loader (`vrc-packs`, with the
//! `packs` feature) checks an organisation's rule packs with the engine's
//! full loader ([`check_packs`]), started only when one is loaded.
//!
//! The worker is a wasm of its own (the `vrc-worker` binary, which Trunk
//! builds as a worker beside the page's wasm), so that the importer (the
//! workbook, SBOM and log readers, the CSV reader, encodings) is not in what
//! a visitor downloads before the page is usable: the page starts the worker
//! once it has rendered, and every file, dropped, chosen or pasted, is read
//! here. The page links this library only for the messages;
//! **Architecture Invariant:** the page does not depend on `vrc-import`.
//!
//! Messages are JSON (serde_json is in both wasms already); a file's bytes
//! ride beside the JSON as a transferred `Uint8Array`, so they are not
//! copied. A file's rows go to the page in parts as they are read, sorted
//! here into distinct items and lines, each row as the number of its line
//! ([`RowsPart`]), the numbers beside the JSON as transferred
//! `Uint32Array`s: the page takes in the inventory, not rows to sort. A job is cancelled by terminating the worker (the page's
//! `bridge`): the importer's loops are synchronous, and a cancel message
//! would wait behind the very job it means to stop.

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};
use vrc_engine::inventory::{Inventory, ItemId, SystemId};
use vrc_engine::{Field, ImportReport, InventoryItem, ItemRef, RuleSetBuilder};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// How many rows go by between two progress reports.
pub const PROGRESS_EVERY: u64 = 5_000;

/// At most this many rows go in one message: a large file's rows cross in
/// parts, so that the page reads one part per task, each well under the
/// page's bound of 200 ms on a task.
pub const ROWS_PER_MESSAGE: u64 = 20_000;

/// A job for the worker. `job` numbers it, so that replies to a job the page
/// no longer waits for can be told apart and dropped.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Read a file (its bytes come beside the message).
    Read {
        job: u32,
        file: String,
        columns: Vec<(Field, String)>,
    },
    /// Check an organisation's rule packs, each a list of files (name and
    /// text), with the full loader, against the built-in pack (the worker's
    /// own copy: the page has only the pack's outline until the importer's
    /// worker hands it the whole, and a portal's packs come before that).
    Packs {
        job: u32,
        packs: Vec<Vec<(String, String)>>,
    },
}

impl Request {
    pub fn job(&self) -> Option<u32> {
        match self {
            Request::Read { job, .. } | Request::Packs { job, .. } => Some(*job),
        }
    }
}

/// What the worker says back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The worker has started and takes jobs.
    Ready,
    /// The built-in rule pack, whole, as one JSON pack file: said once,
    /// after `Ready`, by the importer's worker. Its wasm carries the pack so
    /// that the page's need not: the page starts with the pack's outline
    /// (`vrc_engine::load::builtin_outline`) and checks against this.
    BuiltIn {
        pack: String,
    },
    /// `done` rows of `total` (not known while a file is being read).
    Progress {
        job: u32,
        done: u64,
        total: Option<u64>,
    },
    /// Rows of a file being read, ahead of its `Read`, in parts of
    /// [`ROWS_PER_MESSAGE`] ([`RowsPart`]).
    Rows {
        job: u32,
        part: RowsPart,
    },
    Read {
        job: u32,
        read: Box<FileRead>,
    },
    /// The packs checked: each pack given (the built-in one first) as one
    /// pack file in JSON, for the page to read without the loader (none for
    /// one replaced by a later pack of its id); or every problem found,
    /// placed and worded as the command line does. Text, so that the page
    /// reads pack files with the one deserialiser it has for its own pack.
    Packs {
        job: u32,
        checked: Result<Vec<Option<String>>, Vec<String>>,
    },
    /// The worker could not do what it was asked: a message it could not
    /// read. Says what, for the page to show.
    Failed {
        job: Option<u32>,
        message: String,
    },
}

impl Reply {
    /// The job a reply is about, if any.
    pub fn job(&self) -> Option<u32> {
        match self {
            Reply::Ready | Reply::BuiltIn { .. } => None,
            Reply::Failed { job, .. } => *job,
            Reply::Progress { job, .. }
            | Reply::Rows { job, .. }
            | Reply::Read { job, .. }
            | Reply::Packs { job, .. } => Some(*job),
        }
    }
}

/// Rows as they cross to the page, sorted by the worker into distinct
/// items and lines (identical rows) as it reads: each distinct item, each
/// system and each line once, in the part where it is first seen, and each
/// row as the number of its line. A large inventory has few distinct items,
/// systems and lines for many rows, and the page takes a row in without
/// parsing, hashing or comparing any of it (a million rows as JSON objects
/// took the page seconds; made into rows and sorted on the page, about
/// 1.5 s in all).
///
/// A tuple, not a struct with named fields, so that the page's wasm carries
/// a reader for a JSON array only:
/// 0. the distinct items (all but system and count) first seen in this part;
/// 1. the systems first seen in this part;
/// 2. one number a row: its line, numbered across the parts so far;
/// 3. five numbers for each line first seen in this part: its item, its
///    system counted from 1 (0: none), whether it has a count (0 or 1), and
///    the count's high and low 32 bits (one type of number throughout, so
///    that the page carries one reader for them).
///
/// The numbers (2 and 3) cross as two `Uint32Array`s beside the JSON, which
/// has them empty: as JSON text a million rows' numbers were megabytes for
/// the worker to write and the page to parse.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RowsPart(Vec<InventoryItem>, Vec<String>, Vec<u32>, Vec<u32>);

impl RowsPart {
    /// The part with its rows' and lines' numbers, which came beside its JSON.
    pub fn with_numbers(self, rows: Vec<u32>, lines: Vec<u32>) -> RowsPart {
        RowsPart(self.0, self.1, rows, lines)
    }
}

/// Turns rows into [`RowsPart`]s, in the worker, sorting them into an
/// inventory with lines as they are read.
#[derive(Debug)]
pub struct RowsEncoder {
    inventory: Inventory,
    /// Items, systems and lines sent so far.
    sent: (usize, usize, usize),
    /// The line of each row added since the last part.
    rows: Vec<u32>,
}

impl Default for RowsEncoder {
    fn default() -> RowsEncoder {
        RowsEncoder {
            inventory: Inventory::with_lines(),
            sent: (0, 0, 0),
            rows: Vec::new(),
        }
    }
}

impl RowsEncoder {
    /// Sorts one more row, for the next part.
    pub fn add(&mut self, row: &ItemRef<'_>) {
        let inventory = &mut self.inventory;
        inventory.add_ref(row);
        let line = inventory.line_of(inventory.rows().saturating_sub(1) as usize);
        (self.rows).push(line.map_or(u32::MAX, |l| u32::try_from(l).unwrap_or(u32::MAX)));
    }

    /// The rows added since the last part, as a part.
    pub fn part(&mut self) -> RowsPart {
        let inventory = &self.inventory;
        let mut part = RowsPart(
            Vec::new(),
            Vec::new(),
            std::mem::take(&mut self.rows),
            Vec::new(),
        );
        let (items, systems, lines) = self.sent;
        part.0 = inventory.items().get(items..).unwrap_or_default().to_vec();
        part.1 = inventory
            .systems()
            .get(systems..)
            .unwrap_or_default()
            .to_vec();
        for line in inventory.lines().get(lines..).unwrap_or_default() {
            let count = line.count.unwrap_or_default();
            #[expect(
                clippy::cast_possible_truncation,
                reason = "the count's two halves, put together again on the page"
            )]
            part.3.extend([
                u32::try_from(line.item.index()).unwrap_or(u32::MAX),
                line.system
                    .map_or(0, |s| u32::try_from(s.index() + 1).unwrap_or(u32::MAX)),
                u32::from(line.count.is_some()),
                (count >> 32) as u32,
                count as u32,
            ]);
        }
        self.sent = (
            inventory.len(),
            inventory.systems().len(),
            inventory.lines().len(),
        );
        part
    }
}

/// Takes [`RowsPart`]s in, on the page, into an inventory with lines, as
/// they come. A row of a line seen before is only counted, by its number
/// (`Inventory::count_line`); a line's first row is added as the first of
/// its line, by its item's number (`Inventory::add_first_of_line`: nothing
/// looked up or hashed), and is found to be the line and item of its
/// numbers, which the worker's first-seen order makes them. No row is kept
/// as an item: the inventory is the rows.
#[derive(Debug)]
pub struct RowsDecoder {
    items: Vec<InventoryItem>,
    systems: Vec<String>,
    /// Each of `systems` in the sorted inventory, found once: a line's
    /// system is then given by its number, not looked up by its name.
    system_ids: Vec<Option<SystemId>>,
    /// Each line the worker numbered: its item, its system (from 1) and
    /// its count.
    lines: Vec<(u32, u32, Option<u64>)>,
    sorted: Inventory,
    /// Whether the worker's line numbers are the inventory's. Were a
    /// line's first row ever found to be another line, every row from then
    /// on would be made and added whole.
    in_step: bool,
}

impl Default for RowsDecoder {
    fn default() -> RowsDecoder {
        RowsDecoder {
            items: Vec::new(),
            systems: Vec::new(),
            system_ids: Vec::new(),
            lines: Vec::new(),
            sorted: Inventory::with_lines(),
            in_step: true,
        }
    }
}

impl RowsDecoder {
    /// Takes a part's rows in. A number that names no line, item or system
    /// (which the encoder never writes) gives an empty row, not a panic.
    pub fn decode(&mut self, part: RowsPart) {
        let RowsPart(items, systems, rows, lines) = part;
        self.items.extend(items);
        for name in &systems {
            self.system_ids.push(self.sorted.system_id(name));
        }
        self.systems.extend(systems);
        for line in lines.chunks_exact(5) {
            if let [item, system, counted, high, low] = line {
                let count = (*counted != 0).then(|| u64::from(*high) << 32 | u64::from(*low));
                self.lines.push((*item, *system, count));
            }
        }
        for line in rows {
            let line = line as usize;
            if self.in_step && self.sorted.count_line(line) {
                continue;
            }
            let (item, system, count) =
                self.lines.get(line).copied().unwrap_or((u32::MAX, 0, None));
            let system = (system as usize).checked_sub(1);
            let id = ItemId::new(item as usize);
            let mut row = ItemRef {
                system: system.and_then(|s| self.systems.get(s)).map(String::as_str),
                count,
                ..ItemRef::default()
            };
            let in_step = self.in_step && line == self.sorted.lines().len();
            let added = if in_step && id.index() < self.sorted.len() {
                // Of an item here: its system and count are all it needs
                // (reading every field of the item was a tenth of the
                // page's time at a million rows, a cache miss or more each).
                let known = system.and_then(|s| self.system_ids.get(s).copied().flatten());
                self.sorted.add_first_of_line(&row, Some(id), known)
            } else {
                if let Some(item) = self.items.get(id.index()) {
                    row = ItemRef {
                        system: row.system,
                        count,
                        ..item.borrowed()
                    };
                }
                match in_step {
                    true => self.sorted.add_first_of_line(&row, None, None),
                    false => self.sorted.add_ref(&row),
                }
            };
            // The line, and a new item, must be those of their numbers.
            let last = self.sorted.rows().saturating_sub(1) as usize;
            self.in_step &= added == id && self.sorted.line_of(last) == Some(line);
        }
    }

    /// The rows taken in, sorted into distinct items and lines, as
    /// `Inventory::add` would have sorted them one by one.
    pub fn into_inventory(self) -> Inventory {
        self.sorted
    }
}

/// What reading a file gave, in a form that can come back from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRead {
    Read {
        items: Vec<InventoryItem>,
        report: ImportReport,
    },
    /// The file could not be read. `headers` are its columns when that is
    /// why (the user can map them), with the importer's `guesses`.
    Failed {
        message: String,
        headers: Vec<String>,
        guesses: Vec<(Field, String)>,
    },
}

/// Reads a file with the user's column mapping (if any). `progress` hears
/// the rows read so far, every [`PROGRESS_EVERY`] rows.
pub fn read_file(
    file: &str,
    bytes: &[u8],
    columns: &[(Field, String)],
    mut progress: impl FnMut(u64),
) -> FileRead {
    let mut all = Vec::new();
    let read = read_rows(file, bytes, columns, |row, done| {
        all.push(row.to_item());
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(done);
        }
    });
    match read {
        FileRead::Read { report, .. } => FileRead::Read { items: all, report },
        failed => failed,
    }
}

/// Reads a file, handing each row to `each`, its text borrowed from the
/// reader (no row is copied: the worker sorts it at once), with how many
/// rows have been read with it. The answer has no rows; a file that fails
/// gives the failure, whatever rows went before.
pub fn read_rows(
    file: &str,
    bytes: &[u8],
    columns: &[(Field, String)],
    mut each: impl FnMut(&ItemRef<'_>, u64),
) -> FileRead {
    let importer = columns
        .iter()
        .fold(vrc_import::Importer::new(), |importer, (field, header)| {
            importer.column(*field, header.clone())
        });
    let mut done = 0_u64;
    let result = importer.open(file, bytes).and_then(|opened| {
        opened.for_each_row_ref(|row| {
            done = done.saturating_add(1);
            each(&row.item, done);
            ControlFlow::Continue(())
        })
    });
    match result {
        Ok(report) => FileRead::Read {
            items: Vec::new(),
            report,
        },
        Err(err) => {
            let message = err.to_string();
            let (headers, guesses) = match err {
                vrc_import::ImportError::NoNameColumn {
                    headers,
                    suggestions,
                    ..
                } => (
                    headers,
                    suggestions
                        .into_iter()
                        .map(|s| (s.field, s.header))
                        .collect(),
                ),
                vrc_import::ImportError::MissingColumn { headers, .. } => (headers, Vec::new()),
                _ => (Vec::new(), Vec::new()),
            };
            FileRead::Failed {
                message,
                headers,
                guesses,
            }
        }
    }
}

/// Checks an organisation's packs beside the built-in one, as packs from
/// outside (capped, and citing `https:` sources only).
pub fn check_packs(packs: Vec<Vec<(String, String)>>) -> Result<Vec<Option<String>>, Vec<String>> {
    let (name, text) = vrc_engine::load::builtin_json();
    let builtin = (name.to_owned(), text.to_owned());
    let portable = packs
        .into_iter()
        .fold(
            RuleSetBuilder::new().pack([builtin]),
            RuleSetBuilder::outside_pack,
        )
        .build_portable()
        .map_err(|err| {
            (err.diagnostics.iter())
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        })?;
    portable
        .into_iter()
        .map(|file| file.map(|f| serde_json::to_string(&f)).transpose())
        .collect::<Result<_, _>>()
        .map_err(|err| {
            vec![format!(
                "the checked rules could not be handed to the page: {err}"
            )]
        })
}

/// What a worker does with a job: the importer's wasm reads files
/// ([`read_files`]), the rule packs' wasm checks packs ([`check_rule_packs`]);
/// each links only its own. `message` is the whole message (a file's bytes
/// come second) and `send` posts replies ahead of the answer.
pub type Serve = fn(Request, &js_sys::Array, &mut dyn FnMut(&Reply)) -> Reply;

/// Serves jobs until the page terminates the worker, having said `Ready`
/// and then `hello` (the importer's worker: the built-in pack).
pub fn serve(run: Serve, hello: Option<Reply>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = js_sys::Array::from(&event.data());
        let reply = match message.get(0).as_string() {
            None => failed(None, "the message has no job in it"),
            Some(json) => match serde_json::from_str::<Request>(&json) {
                Ok(request) => run(request, &message, &mut |reply| post(&replies, reply)),
                Err(err) => failed(None, &format!("the job could not be read: {err}")),
            },
        };
        post(&replies, &reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&scope, &Reply::Ready);
    if let Some(hello) = hello {
        post(&scope, &hello);
    }
}

/// What the importer's worker says when it starts: the built-in pack.
pub fn built_in() -> Reply {
    Reply::BuiltIn {
        pack: vrc_engine::load::builtin_json().1.to_owned(),
    }
}

/// The importer's jobs: a file read, its rows sent ahead in parts.
pub fn read_files(
    request: Request,
    message: &js_sys::Array,
    send: &mut dyn FnMut(&Reply),
) -> Reply {
    let Request::Read { job, file, columns } = request else {
        return failed(request.job(), "this worker reads files only");
    };
    let bytes = message
        .get(1)
        .dyn_into::<js_sys::Uint8Array>()
        .map(|b| b.to_vec())
        .unwrap_or_default();
    // Both say something to the page; one at a time.
    let send = std::cell::RefCell::new(send);
    let mut encoder = RowsEncoder::default();
    let read = read_rows(&file, &bytes, &columns, |row, done| {
        encoder.add(row);
        if done.is_multiple_of(PROGRESS_EVERY) {
            (send.borrow_mut())(&Reply::Progress {
                job,
                done,
                total: None,
            });
        }
        if done.is_multiple_of(ROWS_PER_MESSAGE) {
            let part = encoder.part();
            (send.borrow_mut())(&Reply::Rows { job, part });
        }
    });
    // The last rows go as a part too, so that every row crosses as numbers.
    if matches!(read, FileRead::Read { .. }) {
        let part = encoder.part();
        (send.borrow_mut())(&Reply::Rows { job, part });
    }
    Reply::Read {
        job,
        read: Box::new(read),
    }
}

/// The rule packs' jobs: an organisation's packs checked.
pub fn check_rule_packs(
    request: Request,
    _message: &js_sys::Array,
    _send: &mut dyn FnMut(&Reply),
) -> Reply {
    let Request::Packs { job, packs } = request else {
        return failed(request.job(), "this worker checks rule packs only");
    };
    Reply::Packs {
        job,
        checked: check_packs(packs),
    }
}

fn failed(job: Option<u32>, message: &str) -> Reply {
    Reply::Failed {
        job,
        message: message.to_owned(),
    }
}

/// Posts a reply as JSON; a part's rows' numbers go beside it, each list a
/// transferred `Uint32Array` (see [`RowsPart::with_numbers`]).
fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let (head, numbers) = match reply {
        Reply::Rows { job, part } => {
            let RowsPart(items, systems, rows, lines) = part;
            let head = Reply::Rows {
                job: *job,
                part: RowsPart(items.clone(), systems.clone(), Vec::new(), Vec::new()),
            };
            (json(&head), Some([rows, lines]))
        }
        _ => (json(reply), None),
    };
    // A page that has gone away cannot be told anything; nothing to do then.
    let _ = match numbers {
        None => scope.post_message(&JsValue::from_str(&head)),
        Some(lists) => {
            let message = js_sys::Array::of1(&JsValue::from_str(&head));
            let transfer = js_sys::Array::new();
            for list in lists {
                let typed = js_sys::Uint32Array::from(list.as_slice());
                transfer.push(&typed.buffer());
                message.push(&typed);
            }
            scope.post_message_with_transfer(&message, &transfer)
        }
    };
}

/// A reply as JSON, or a failure saying why it could not be.
fn json(reply: &Reply) -> String {
    serde_json::to_string(reply).unwrap_or_else(|err| {
        serde_json::to_string(&failed(
            reply.job(),
            &format!("the answer could not be sent: {err}"),
        ))
        .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule packs' job, as the page sends it: the organisation's packs
    /// (JSON here: this crate's own tests run without the TOML reader).
    #[test]
    fn packs_are_checked_against_the_builtin_one_and_handed_over_as_json() {
        let pack = |entity: &str, url: &str| {
            vec![(
                "acme.json".to_owned(),
                format!(
                    r#"{{"pack": {{"id": "acme", "version": "1", "date": "2026-11-30"}},
                    "rule": [{{"id": "acme-1", "authority": "Acme", "instrument": "Standard",
                    "jurisdiction": "GB", "verdict": "avoid", "reason": "Policy.", "advice": "Remove it.",
                    "in_force": {{"from": "2026-01-01"}}, "when": {{"entities": ["{entity}"]}},
                    "sources": [{{"title": "Standard", "url": "{url}", "date": "2026-01-01"}}]}}]}}"#
                ),
            )]
        };
        let checked = check_packs(vec![pack("kaspersky", "https://a.example/")]).unwrap();
        assert_eq!(checked.len(), 2);
        let rules =
            vrc_engine::load::unchecked_json(checked.iter().flatten().map(String::as_str)).unwrap();
        assert_eq!(rules.pack_of("acme-1").map(|p| p.id.as_str()), Some("acme"));
        let problems = check_packs(vec![pack("kasperski", "http://a.example/")]).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems
                .iter()
                .all(|p| p.starts_with("acme.json: rule `acme-1`")),
            "{problems:?}"
        );
    }

    /// A large file's rows go ahead in parts as they are read (as the
    /// worker sends them), and come back on the page as the rows, in order.
    #[test]
    fn rows_go_ahead_in_parts_as_they_are_read() {
        let rows = ROWS_PER_MESSAGE * 2 + 7;
        let csv: String = std::iter::once("Publisher,Product\n".to_owned())
            .chain((0..rows).map(|i| format!("Example,App {}\n", i % 30_000)))
            .collect();
        let (mut encoder, mut parts) = (RowsEncoder::default(), Vec::new());
        let read = read_rows("big.csv", csv.as_bytes(), &[], |row, done| {
            encoder.add(row);
            if done.is_multiple_of(ROWS_PER_MESSAGE) {
                parts.push(encoder.part());
            }
        });
        parts.push(encoder.part());
        let sizes: Vec<usize> = parts.iter().map(|p| p.2.len()).collect();
        assert_eq!(sizes, [20_000, 20_000, 7]);
        assert!(matches!(read, FileRead::Read { items, .. } if items.is_empty()));
        let mut decoder = RowsDecoder::default();
        parts.into_iter().for_each(|p| decoder.decode(p));
        let FileRead::Read { items: whole, .. } = read_file("big.csv", csv.as_bytes(), &[], |_| {})
        else {
            panic!("not read");
        };
        assert_eq!(
            whole.last().and_then(|i| i.product.as_deref()),
            Some("App 10006")
        );
        sorted_as_added(decoder.into_inventory(), &whole);
    }

    /// Rows encoded a part at a time, each distinct item, system and line
    /// sent once, come back as they were, through JSON, sorted as the page
    /// would sort them itself.
    #[test]
    fn rows_cross_as_numbers_and_come_back_as_they_were() {
        let row = |product: &str, system: Option<&str>, count: Option<u64>| InventoryItem {
            system: system.map(str::to_owned),
            count,
            ..InventoryItem::new("Example", product)
        };
        let parts = [
            vec![
                row("A", Some("pc-1"), None),
                row("B", Some("pc-1"), Some(3)),
                row("D", Some("pc-1"), Some(u64::from(u32::MAX) + 5)),
                row("A", Some("pc-2"), None),
                row("A", Some("pc-1"), None),
            ],
            vec![],
            vec![
                row("A", None, Some(2)),
                row("C", Some("pc-2"), None),
                row("B", Some("pc-3"), None),
                row("B", Some("pc-1"), Some(3)),
            ],
        ];
        let (mut encoder, mut decoder) = (RowsEncoder::default(), RowsDecoder::default());
        let mut sizes = Vec::new();
        for part in &parts {
            part.iter().for_each(|row| encoder.add(&row.borrowed()));
            let encoded = encoder.part();
            sizes.push((
                encoded.0.len(),
                encoded.1.len(),
                encoded.2.len(),
                encoded.3.len() / 5,
            ));
            let json = serde_json::to_string(&encoded).unwrap();
            let (rows, lines) = (encoded.2, encoded.3);
            let decoded: RowsPart = serde_json::from_str(&json).unwrap();
            decoder.decode(decoded.with_numbers(rows, lines));
        }
        assert_eq!(sizes, [(3, 2, 5, 4), (0, 0, 0, 0), (1, 1, 4, 3)]);
        assert!(decoder.in_step);
        sorted_as_added(decoder.into_inventory(), &parts.concat());
        // Lines numbered out of first-seen order are still sorted right.
        let (a, b) = (row("A", None, None), row("B", None, None));
        let part = RowsPart(
            vec![a.clone(), b.clone()],
            Vec::new(),
            vec![1, 0, 1],
            vec![0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
        );
        let mut decoder = RowsDecoder::default();
        decoder.decode(part);
        sorted_as_added(decoder.into_inventory(), &[b.clone(), a, b]);
        // A number that names nothing is an empty row, not a panic.
        let mut decoder = RowsDecoder::default();
        let bad = RowsPart(Vec::new(), Vec::new(), vec![99], vec![99, 99, 0, 0, 0]);
        decoder.decode(bad);
        sorted_as_added(decoder.into_inventory(), &[InventoryItem::default()]);
    }

    /// What the decoder sorted is what adding its rows one by one gives.
    fn sorted_as_added(sorted: Inventory, rows: &[InventoryItem]) {
        let mut again = Inventory::with_lines();
        for row in rows {
            again.add(row);
        }
        assert_eq!(sorted, again);
        assert!(
            sorted
                .row_refs()
                .map(|r| r.to_item())
                .eq(rows.iter().cloned())
        );
    }

    #[test]
    fn replies_survive_the_trip_as_json() {
        let replies = [
            Reply::Ready,
            built_in(),
            Reply::Progress {
                job: 2,
                done: 5,
                total: Some(9),
            },
            Reply::Read {
                job: 3,
                read: Box::new(read_file(
                    "a.csv",
                    b"Publisher,Product\nMozilla,Firefox\n",
                    &[],
                    |_| {},
                )),
            },
            Reply::Read {
                job: 4,
                read: Box::new(read_file("empty.csv", b"", &[], |_| {})),
            },
        ];
        for reply in replies {
            let json = serde_json::to_string(&reply).unwrap();
            assert_eq!(serde_json::from_str::<Reply>(&json).unwrap(), reply);
        }
    }
}
