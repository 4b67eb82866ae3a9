//! Rows handed on one at a time: `for_each_row` and `for_each_row_in` see
//! what `read` collects, every format stops when told, files opened first
//! are read on later, and large delimited text is streamed from a reader,
//! read once, with the same rows, lines and report as from bytes in memory.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::PathBuf;

use proptest::prelude::*;
use vrc_engine::{Field, ImportReport};
use vrc_import::{ImportError, Importer, Row, STREAM_HEAD};

use super::common::fixture;

/// Every fixture file, with subfolders.
fn fixtures() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_none_or(|e| e != "py") {
                names.push(
                    path.strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    names.sort();
    assert!(names.len() > 20, "{names:?}");
    names
}

type Outcome = Result<(Vec<Row>, ImportReport), ImportError>;

fn collected(importer: &Importer, name: &str, bytes: &[u8]) -> Outcome {
    importer.read(name, bytes).map(|i| (i.items, i.report))
}

fn each_row(importer: &Importer, name: &str, bytes: &[u8]) -> Outcome {
    let mut rows = Vec::new();
    importer
        .for_each_row(name, bytes, |row| {
            rows.push(row);
            ControlFlow::Continue(())
        })
        .map(|report| (rows, report))
}

fn each_row_in(importer: &Importer, name: &str, input: impl Read + Seek) -> Outcome {
    let mut rows = Vec::new();
    importer
        .for_each_row_in(name, input, |row| {
            rows.push(row);
            ControlFlow::Continue(())
        })
        .map(|report| (rows, report))
}

/// A reader that gives at most a few bytes at a time, the number cycling,
/// so that every boundary a parser might trip on is crossed somewhere.
struct Trickle<R> {
    inner: R,
    sizes: Vec<usize>,
    next: usize,
}

impl<R> Trickle<R> {
    fn new(inner: R, sizes: &[usize]) -> Trickle<R> {
        Trickle {
            inner,
            sizes: sizes.to_vec(),
            next: 0,
        }
    }
}

impl<R: Read> Read for Trickle<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.min(buf.len());
        self.inner.read(&mut buf[..n])
    }
}

impl<R: Seek> Seek for Trickle<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// A reader that fails after `ok` bytes.
struct Failing {
    inner: Cursor<Vec<u8>>,
    ok: u64,
}

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.inner.position() >= self.ok {
            return Err(std::io::Error::other("the disk is on fire"));
        }
        self.inner.read(buf)
    }
}

impl Seek for Failing {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Asserts that every way of reading `bytes` gives what `read` does.
fn assert_same_every_way(importer: &Importer, name: &str, bytes: &[u8]) {
    let want = collected(importer, name, bytes);
    assert_eq!(
        each_row(importer, name, bytes),
        want,
        "{name}: for_each_row"
    );
    assert_eq!(
        each_row_in(importer, name, Cursor::new(bytes)),
        want,
        "{name}: for_each_row_in"
    );
    assert_eq!(
        each_row_in(
            importer,
            name,
            Trickle::new(Cursor::new(bytes), &[1, 7, 4096, 3, 65536, 2])
        ),
        want,
        "{name}: for_each_row_in, a few bytes at a time"
    );
}

#[test]
fn every_fixture_gives_the_same_rows_every_way() {
    for name in fixtures() {
        let bytes = fixture(&name);
        assert_same_every_way(&Importer::new(), &name, &bytes);
    }
}

#[test]
fn mapped_columns_and_errors_are_the_same_every_way() {
    let mapped = Importer::new().column(Field::Product, "Software Title");
    let text = "Software Title;Vendor\nKaspersky Endpoint Security;AO Kaspersky Lab\n";
    assert_same_every_way(&mapped, "mapped.csv", text.as_bytes());
    let missing = Importer::new().column(Field::Product, "Titel");
    assert_same_every_way(&missing, "missing.csv", text.as_bytes());
    assert_same_every_way(&Importer::new(), "empty.csv", b"");
    assert_same_every_way(&Importer::new(), "no-name.csv", b"a,b\n1,2\n");
}

#[test]
fn breaking_stops_at_that_row() {
    let mut text = String::from("Name,Publisher\n");
    for i in 0..100 {
        text.push_str(&format!("Product {i},Publisher {i}\n"));
    }
    for stop in [1, 2, 50, 100] {
        let mut seen = Vec::new();
        let report = Importer::new()
            .for_each_row("x.csv", text.as_bytes(), |row| {
                seen.push(row.line);
                if seen.len() == stop {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .unwrap();
        assert_eq!(seen, (2..2 + stop as u64).collect::<Vec<_>>());
        assert_eq!(report.rows_read, stop as u64);
    }
}

/// Keeps the rows in `rows`, and says stop at the `stop`th.
fn until(rows: &mut Vec<Row>, stop: usize) -> impl FnMut(Row) -> ControlFlow<()> + '_ {
    move |row| {
        rows.push(row);
        if rows.len() == stop {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

#[test]
fn every_format_stops_when_told() {
    for name in fixtures() {
        let bytes = fixture(&name);
        let Ok(all) = collected(&Importer::new(), &name, &bytes) else {
            continue;
        };
        let (rows, _) = all;
        for stop in [1, 2, rows.len() / 2 + 1] {
            if stop > rows.len() {
                continue;
            }
            let mut seen = Vec::new();
            let report = Importer::new()
                .for_each_row(&name, &bytes, until(&mut seen, stop))
                .unwrap();
            assert_eq!(seen, rows[..stop], "{name}: stop at {stop}");
            assert_eq!(report.rows_read, stop as u64, "{name}: stop at {stop}");
            let mut seen = Vec::new();
            let report = Importer::new()
                .for_each_row_in(&name, Cursor::new(&bytes), until(&mut seen, stop))
                .unwrap();
            assert_eq!(seen, rows[..stop], "{name}: streamed, stop at {stop}");
            assert_eq!(report.rows_read, stop as u64, "{name}: streamed");
        }
    }
}

#[test]
fn errors_come_before_any_row() {
    for bytes in [&b""[..], b"a,b\n1,2\n", b"[{\"Name\": 1,}]", b"%PDF-1.7"] {
        let mut rows = 0;
        let result = Importer::new().for_each_row("x", bytes, |_| {
            rows += 1;
            ControlFlow::Continue(())
        });
        assert!(result.is_err(), "{bytes:?}");
        assert_eq!(rows, 0, "{bytes:?}");
    }
}

/// Delimited text larger than the head that is read before streaming, made
/// of `line` (given the row number) repeated, after `top`.
fn large(top: &str, line: impl Fn(usize) -> String) -> Vec<u8> {
    let mut text = String::from(top);
    let mut i = 0;
    while text.len() < STREAM_HEAD + 16 * 1024 {
        text.push_str(&line(i));
        i += 1;
    }
    text.into_bytes()
}

#[test]
fn large_delimited_text_streams_with_the_same_rows_lines_and_report() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "plain, LF",
            large("Hostname,DisplayName,Publisher,Count\n", |i| {
                format!("pc-{i},Product {},Publisher {},{}\n", i % 37, i % 11, i % 5)
            }),
        ),
        (
            "CRLF, blank lines, a lone CR, quoted line ends, Cyrillic",
            large("Name;Publisher;Version\r\n", |i| match i % 9 {
                0 => "\r\n\r\n".to_owned(),
                1 => format!("\"Two\r\nlines {i}\";Лаборатория Касперского;1.{i}\r\n"),
                2 => format!("Antivirus;Kaspersky;{i}\r"),
                3 => format!("\"Quoted \"\"{i}\"\"\";Acme;2\n"),
                _ => format!("Продукт {i};Издатель;3.{i}\r\n"),
            }),
        ),
        (
            "#TYPE, sep=, title lines, skipped and ragged rows, bad counts",
            large(
                "#TYPE System.Management.Automation.PSCustomObject\nsep=|\nInstalled software\n\nName|Publisher|Count\n",
                |i| match i % 13 {
                    0 => "Name|Publisher|Count\n".to_owned(),
                    1 => "||\n".to_owned(),
                    2 => "||7\n".to_owned(),
                    3 => format!("Only {i}\n"),
                    4 => format!("Many|Fields|1|{i}|x\n"),
                    5 => format!("Counted|Acme|lots {i}\n"),
                    6 => "Bj?rn M?ller|Acme|1\n".to_owned(),
                    _ => format!("App {i}|Vendor {}|{}\n", i % 7, i % 3),
                },
            ),
        ),
        ("a quoted field left open near the end", {
            let mut bytes = large("Name,Publisher\n", |i| format!("App {i},Acme\n"));
            bytes.extend_from_slice(b"\"never closed,Acme\nApp,Acme\n");
            bytes
        }),
        (
            // Not UTF-8 late in the file: read whole as Windows-1252.
            "Windows-1252 at the end",
            {
                let mut bytes = large("Name,Publisher\n", |i| format!("App {i},Acme\n"));
                bytes.extend_from_slice(b"Caf\xE9,Acme\n");
                bytes
            },
        ),
        ("a zero byte in the middle", {
            let mut bytes = large("Name,Publisher\n", |i| format!("App {i},Acme\n"));
            bytes.extend_from_slice(b"Zero\x00,Acme\n");
            bytes.extend_from_slice(b"After,Acme\n");
            bytes
        }),
        ("a UTF-8 byte-order mark, read whole", {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(large("Name,Publisher\n", |i| format!("App {i},Acme\n")));
            bytes
        }),
        ("no line end at the end", {
            let mut bytes = large("Name\tPublisher\n", |i| format!("App {i}\tAcme\n"));
            bytes.extend_from_slice(b"Last\tOne");
            bytes
        }),
        (
            "a first line longer than the sniffer looks",
            large(&format!("{}\nName,Publisher\n", "x".repeat(70_000)), |i| {
                format!("App {i},Acme\n")
            }),
        ),
        (
            "UTF-8, then Windows-1252 in a quoted field over two lines",
            {
                let mut bytes = large("Name;Publisher\n", |i| match i % 50 {
                    0 => format!("Продукт {i};Лаборатория Касперского\n"),
                    _ => format!("App {i};Acme\n"),
                });
                bytes.extend_from_slice(b"\"Caf\xE9\nau lait\";Soci\xE9t\xE9\n");
                bytes.extend_from_slice("\"Лаборатория\nCaf\u{e9}\";Acme\n".as_bytes());
                bytes.extend_from_slice(b"\"Caf\xE9\n\xD0\x9B\";Acme\n");
                bytes.extend_from_slice("Après;Acme\n".as_bytes());
                bytes
            },
        ),
        (
            "Windows-1252 on CRLF lines, and on lines ended by a lone CR",
            {
                let mut bytes = large("Name,Publisher\r\n", |i| format!("App {i},Acme\r\n"));
                bytes.extend_from_slice(b"Caf\xE9,Acme\r\n");
                bytes.extend_from_slice("Naïve,Acme\r\n".as_bytes());
                bytes.extend_from_slice(b"Plain,Acme\rM\xFCller,Acme\r");
                bytes.extend_from_slice("Lab,Лаборатория\rLast,One\n".as_bytes());
                bytes
            },
        ),
        (
            "a zero byte and Windows-1252 in the last piece of the head",
            {
                let mut bytes = large("Name,Publisher\n", |i| format!("App {i},Acme\n"));
                bytes.truncate(STREAM_HEAD - 3);
                bytes.extend_from_slice(b"\nCaf\xE9 \x00 au lait,Acme\nMore,Acme\n");
                bytes
            },
        ),
        (
            "JSON, read whole",
            large("[\n", |i| {
                format!("{{\"Name\": \"App {i}\", \"Publisher\": \"Acme\"}},\n")
            })
            .into_iter()
            .chain(*b"{\"Name\": \"Last\"}]\n")
            .collect(),
        ),
    ];
    for (what, bytes) in &cases {
        assert!(bytes.len() > STREAM_HEAD, "{what}");
        // Opened, a file that is streamed has been read only as far as its head.
        let read = std::rc::Rc::new(std::cell::Cell::new(0));
        let input = Counting {
            inner: Cursor::new(bytes.as_slice()),
            read: read.clone(),
        };
        drop(Importer::new().open_in(what, input).unwrap());
        let streamed = read.get() == STREAM_HEAD as u64;
        assert_eq!(streamed, !what.ends_with("read whole"), "{what}");
        let input = Trickle::new(Cursor::new(bytes), &[1, 7, 4096, 3, 65536, 2]);
        assert_eq!(
            each_row_in(&Importer::new(), what, input),
            collected(&Importer::new(), what, bytes),
            "{what}"
        );
    }
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[test]
fn files_are_read_once_and_opened_files_read_on_later() {
    let streamed = large("Hostname,DisplayName,Publisher\n", |i| {
        format!("pc-{i},Product {},Publisher {}\n", i % 37, i % 11)
    });
    let whole = fixture("cyclonedx-1.6.json");
    let small = b"Name,Publisher\n7-Zip,Igor Pavlov\n".to_vec();
    let files = [
        ("big.csv", &streamed),
        ("bom.json", &whole),
        ("small.csv", &small),
    ];
    let importer = Importer::new();
    let mut opened = Vec::new();
    let mut counts = Vec::new();
    for (name, bytes) in files {
        let read = std::rc::Rc::new(std::cell::Cell::new(0));
        let input = Counting {
            inner: Cursor::new(bytes.as_slice()),
            read: read.clone(),
        };
        opened.push(importer.open_in(name, input).unwrap());
        counts.push(read);
    }
    // Opened: a streamed file is read only as far as its head.
    assert_eq!(counts[0].get(), STREAM_HEAD as u64);
    for ((opened, (name, bytes)), read) in opened.into_iter().zip(files).zip(&counts) {
        let mut rows = Vec::new();
        let report = opened
            .for_each_row(|row| {
                rows.push(row);
                ControlFlow::Continue(())
            })
            .unwrap();
        assert_eq!(
            Ok((rows, report)),
            collected(&importer, name, bytes),
            "{name}"
        );
        assert_eq!(
            read.get(),
            bytes.len() as u64,
            "{name}: each byte read once"
        );
    }
}

#[test]
fn an_unreadable_file_is_an_error_when_opened() {
    for bytes in [&b""[..], b"a,b\n1,2\n", b"[{\"Name\": 1,}]", b"%PDF-1.7"] {
        let err = Importer::new().open_in("x", bytes).unwrap_err();
        assert_eq!(Err(err.clone()), collected(&Importer::new(), "x", bytes));
        assert_eq!(Err(err), Importer::new().open("x", bytes).map(|_| ()));
    }
}

#[test]
fn a_reader_that_fails_is_an_error() {
    let bytes = large("Name,Publisher\n", |i| format!("App {i},Acme\n"));
    for ok in [0, 100, STREAM_HEAD as u64 + 10_000] {
        let input = Failing {
            inner: Cursor::new(bytes.clone()),
            ok,
        };
        let err = each_row_in(&Importer::new(), "x.csv", input).unwrap_err();
        assert!(
            matches!(&err, ImportError::Read { file, reason } if file == "x.csv" && reason.contains("on fire")),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "cannot read `x.csv`: the disk is on fire");
    }
}

#[test]
fn streaming_starts_where_the_reader_is() {
    let bytes = large("Name,Publisher\n", |i| format!("App {i},Acme\n"));
    let mut padded = b"garbage before the file\n".to_vec();
    padded.extend_from_slice(&bytes);
    let mut input = Cursor::new(padded);
    input.seek(SeekFrom::Start(24)).unwrap();
    assert_eq!(
        each_row_in(&Importer::new(), "x.csv", input),
        collected(&Importer::new(), "x.csv", &bytes)
    );
}

/// Lines of delimited text built from pieces that stress quoting, line
/// ends and multi-byte characters.
fn lines() -> impl Strategy<Value = Vec<String>> {
    let cell = prop::sample::select(vec![
        "App",
        "Acme",
        "",
        " padded ",
        "\"q,uoted\"",
        "\"two\nlines\"",
        "\"\"\"\"",
        "Ünïcödé",
        "Лаборатория",
        "12",
        "x\ry",
        "?",
    ]);
    let line = (
        prop::collection::vec(cell, 0..5),
        prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]),
    )
        .prop_map(|(cells, end)| format!("{}{end}", cells.join(",")));
    prop::collection::vec(line, 1..30)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn streamed_text_reads_as_bytes_do(body in lines(), sizes in prop::collection::vec(1usize..5000, 1..6)) {
        let bytes = large("Name,Publisher,Count\n", |i| body[i % body.len()].clone());
        let want = collected(&Importer::new(), "p.csv", &bytes);
        prop_assert_eq!(each_row_in(&Importer::new(), "p.csv", Trickle::new(Cursor::new(&bytes), &sizes)), want);
    }
}
