//! Pre-compressed copies of the built site: beside each text-like or wasm file
//! in `dist/`, `FILE.gz` (gzip at its best level) and `FILE.br` (brotli at
//! quality 11), for a host to send as they are (nginx `gzip_static` and
//! `brotli_static`, Caddy `precompressed`, `tests/e2e/server.mjs`) instead of
//! compressing on every request at a lower level, or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::env::Error;

/// The extensions worth compressing: text and wasm. Images and fonts are
/// compressed already (and `dist/` has none today).
const COMPRESSIBLE: &[&str] = &[
    "html",
    "js",
    "mjs",
    "css",
    "wasm",
    "json",
    "svg",
    "txt",
    "xml",
    "map",
    "webmanifest",
];

/// The two encodings, by the extension of their copies.
const ENCODINGS: [&str; 2] = ["gz", "br"];

/// Brotli's best: quality 11, and a 4 MiB window (lgwin 22, the format's
/// default), more than the largest file in `dist/`.
const BROTLI_QUALITY: i32 = 11;
const BROTLI_LGWIN: i32 = 22;

/// Whether `path` is a pre-compressed copy (`.gz` or `.br`), which the sizes
/// and budgets leave out: they count each original once.
pub fn is_copy(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ENCODINGS.contains(&ext))
}

fn is_compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| COMPRESSIBLE.contains(&ext.to_ascii_lowercase().as_str()))
}

/// `data` gzipped at flate2's best level (9), with no name and a zero time in
/// the header, so the same input gives the same bytes.
pub fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(data)?;
    encoder.finish()
}

/// `data` compressed with brotli at quality 11.
pub fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_LGWIN,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

/// What was written for one original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub file: PathBuf,
    pub raw: u64,
    /// The size of `FILE.gz`, or `None` if gzip did not make it smaller.
    pub gz: Option<u64>,
    /// The size of `FILE.br`, or `None` if brotli did not make it smaller.
    pub br: Option<u64>,
}

/// Removes every `.gz` and `.br` under `dir`, then writes fresh ones beside
/// each compressible file, each only where it is smaller than the original
/// (a host then sends the original). Trunk empties `dist/` before each build,
/// but a copy left by an earlier run must never outlive its original. The
/// two big wasm files take most of the time, so files are compressed on as
/// many threads as the machine has.
pub fn precompress(dir: &Path) -> Result<Vec<Written>, Error> {
    let mut files = Vec::new();
    crate::tasks::walk(dir, &mut files)
        .map_err(|err| Error::new(format!("cannot list {}: {err}", dir.display())))?;
    files.sort();
    for stale in files.iter().filter(|file| is_copy(file)) {
        std::fs::remove_file(stale)
            .map_err(|err| Error::new(format!("cannot remove {}: {err}", stale.display())))?;
    }
    let originals: Vec<PathBuf> = files
        .into_iter()
        .filter(|file| !is_copy(file) && is_compressible(file))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let results = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|n| {
                let mine: Vec<&PathBuf> = originals.iter().skip(n).step_by(threads).collect();
                scope.spawn(move || {
                    mine.into_iter()
                        .map(|file| compress_one(file))
                        .collect::<Result<Vec<Written>, Error>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err(Error::new("a compression thread panicked")))
            })
            .collect::<Vec<Result<Vec<Written>, Error>>>()
    });
    let mut written = Vec::new();
    for result in results {
        written.extend(result?);
    }
    written.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(written)
}

/// Writes `FILE.gz` and `FILE.br` for one file, where smaller.
fn compress_one(file: &Path) -> Result<Written, Error> {
    let data = std::fs::read(file)
        .map_err(|err| Error::new(format!("cannot read {}: {err}", file.display())))?;
    let raw = len(&data);
    let mut written = Written {
        file: file.to_path_buf(),
        raw,
        gz: None,
        br: None,
    };
    for ext in ENCODINGS {
        let packed = match ext {
            "gz" => gzip(&data),
            _ => brotli(&data),
        }
        .map_err(|err| Error::new(format!("cannot compress {}: {err}", file.display())))?;
        let size = len(&packed);
        if size >= raw {
            continue;
        }
        let copy = copy_path(file, ext);
        std::fs::write(&copy, &packed)
            .map_err(|err| Error::new(format!("cannot write {}: {err}", copy.display())))?;
        if ext == "gz" {
            written.gz = Some(size);
        } else {
            written.br = Some(size);
        }
    }
    Ok(written)
}

/// `FILE.EXT` for `FILE` (the original's extension kept: `app.wasm.br`).
pub fn copy_path(file: &Path, ext: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn len(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

/// Decompresses a copy made by [`gzip`] or [`brotli`] (by its extension): the
/// tests check that each gives back its original exactly.
#[cfg(test)]
fn decompress(copy: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let packed = std::fs::read(copy)?;
    let mut out = Vec::new();
    if copy.extension().is_some_and(|ext| ext == "gz") {
        flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut out)?;
    } else {
        brotli::Decompressor::new(&packed[..], 4096).read_to_end(&mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// A fresh, empty directory under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Text like the glue: repetitive enough to compress well.
    fn text() -> Vec<u8> {
        (0..2_000)
            .map(|n| format!("export function f{n}(x) {{ return wasm.f{n}(x); }}\n"))
            .collect::<String>()
            .into_bytes()
    }

    /// Bytes that do not compress (a linear congruential generator's).
    fn noise(len: usize) -> Vec<u8> {
        let mut state = 0x2545_f491_u32;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn both_encodings_round_trip_exactly() {
        for data in [text(), noise(100_000), Vec::new(), b"x".to_vec()] {
            let mut unzipped = Vec::new();
            flate2::read::GzDecoder::new(&gzip(&data).unwrap()[..])
                .read_to_end(&mut unzipped)
                .unwrap();
            assert_eq!(unzipped, data);
            let mut unbrotlied = Vec::new();
            brotli::Decompressor::new(&brotli(&data).unwrap()[..], 4096)
                .read_to_end(&mut unbrotlied)
                .unwrap();
            assert_eq!(unbrotlied, data);
        }
        // Brotli at quality 11 beats gzip at level 9 on text; both beat nothing.
        let data = text();
        assert!(brotli(&data).unwrap().len() < gzip(&data).unwrap().len());
        assert!(gzip(&data).unwrap().len() < data.len() / 4);
    }

    #[test]
    fn gzip_is_the_same_on_every_run() {
        assert_eq!(gzip(&text()).unwrap(), gzip(&text()).unwrap());
    }

    #[test]
    fn precompress_writes_smaller_copies_that_decompress_to_the_original() {
        let dir = scratch("precompress");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let big = dir.join("app.js");
        let nested = dir.join("sub/app_bg.wasm");
        std::fs::write(&big, text()).unwrap();
        // wasm-like bytes: a header, then a compressible body.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(text());
        std::fs::write(&nested, &wasm).unwrap();
        // Too small, or too random, for either encoding to make it smaller.
        std::fs::write(dir.join("tiny.js"), "x").unwrap();
        std::fs::write(dir.join("noise.wasm"), noise(10_000)).unwrap();
        // Not text or wasm: left alone.
        std::fs::write(dir.join("picture.png"), text()).unwrap();
        // Stale copies, of a file that is gone and of one that changed.
        std::fs::write(dir.join("gone.js.gz"), "stale").unwrap();
        std::fs::write(dir.join("gone.js.br"), "stale").unwrap();
        std::fs::write(dir.join("app.js.br"), "stale").unwrap();

        let written = precompress(&dir).unwrap();

        let names: Vec<_> = written
            .iter()
            .map(|w| {
                w.file
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            ["app.js", "noise.wasm", "sub/app_bg.wasm", "tiny.js"]
        );
        for (original, w) in [(&big, &written[0]), (&nested, &written[2])] {
            let raw = std::fs::read(original).unwrap();
            assert_eq!(w.raw, raw.len() as u64);
            for ext in ["gz", "br"] {
                let copy = copy_path(original, ext);
                assert_eq!(decompress(&copy).unwrap(), raw, "{}", copy.display());
                assert!(copy.metadata().unwrap().len() < w.raw);
            }
            assert_eq!(
                w.gz,
                Some(copy_path(original, "gz").metadata().unwrap().len())
            );
            assert_eq!(
                w.br,
                Some(copy_path(original, "br").metadata().unwrap().len())
            );
        }
        for unsmaller in [&written[1], &written[3]] {
            assert_eq!((unsmaller.gz, unsmaller.br), (None, None), "{unsmaller:?}");
        }
        for absent in [
            "tiny.js.gz",
            "tiny.js.br",
            "noise.wasm.gz",
            "noise.wasm.br",
            "picture.png.br",
            "picture.png.gz",
            "gone.js.gz",
            "gone.js.br",
        ] {
            assert!(!dir.join(absent).exists(), "{absent} is there");
        }
        // Running it again gives the same files.
        assert_eq!(precompress(&dir).unwrap(), written);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn copies_are_told_from_originals() {
        assert!(is_copy(Path::new("dist/app_bg.wasm.br")));
        assert!(is_copy(Path::new("dist/index.html.gz")));
        assert!(!is_copy(Path::new("dist/app_bg.wasm")));
        assert!(!is_copy(Path::new("dist/brotli")));
        assert_eq!(
            copy_path(Path::new("dist/app_bg.wasm"), "br"),
            Path::new("dist/app_bg.wasm.br")
        );
    }
}
