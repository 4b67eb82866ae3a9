//! Project automation for Vendor Risk Checker, in the `cargo xtask` pattern.
//!
//! `cargo xtask <command>` (an alias in `.cargo/config.toml`) builds and runs
//! this crate. Its only dependencies are two pure-Rust compressors, so it
//! compiles in seconds on a fresh machine, and it installs everything else
//! the project needs itself:
//!
//! | command | what it does |
//! |---|---|
//! | `setup` | installs the wasm target, Trunk, wasm-bindgen-cli, the npm tools and Chromium; each step is skipped when its tool is already there at the right version |
//! | `serve [--port N]` | `setup`, then `trunk serve --release` on 127.0.0.1 (port 8080 by default) |
//! | `serve --dist [--port N]` | `build`, then `dist/` served as a host should, with its pre-compressed copies (tests/e2e/server.mjs) |
//! | `build` | `setup`, then `trunk build --release` into `dist/`, and a `.gz` and `.br` copy of each text or wasm file |
//! | `offline` | `build`, then the whole app as one HTML file, `dist-offline/vendor-risk-checker.html`, with its `SHA256SUMS`, for networks with no internet |
//! | `test` | `setup`, then fmt, clippy, the native tests, the engine's wasm tests in Chromium, the release web build and the browser tests, stopping at the first failure |
//! | `gen-inventory [--rows N] [--distinct M] [--out FILE]` | a deterministic registry export of N rows and about M distinct items, for benchmarks |
//! | `bench [--quick]` | `build`, then the native engine (whole process and by phase), the page in Chromium and three JavaScript peers (bench/peers/) on the same generated inventories and rules; medians into BENCHMARKS.md |
//! | `size` | `build`, then the size of every file in `dist/`, raw, gzipped and brotli, the first-render time (median of 10 loads) and the time to a usable page on Slow 4G with a 4× slower CPU, uncompressed and pre-compressed; fails over the budget of 400 KB gzipped or a 1 s median first render |
//!
//! The modules: [`cli`] parses the arguments, [`env`] runs programs with the
//! project's `PATH`, [`setup`] installs tools, [`tasks`] holds the other
//! commands, [`bench`] the side-by-side benchmarks, [`compress`] writes the pre-compressed copies and [`offline`]
//! assembles the one-file build.

mod bench;
mod cli;
mod compress;
mod env;
mod inventory;
mod offline;
mod setup;
mod tasks;

use std::process::ExitCode;

use cli::Command;
use env::{Env, Error};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {}", err.message);
            ExitCode::from(u8::try_from(err.code.clamp(1, 255)).unwrap_or(1))
        }
    }
}

fn run(args: &[String]) -> Result<(), Error> {
    let command = cli::parse(args).map_err(|message| Error {
        message: format!("{message}\n\n{}", cli::USAGE),
        code: 2,
    })?;
    if command == Command::Help {
        println!("{}", cli::USAGE);
        return Ok(());
    }
    let env = Env::discover()?;
    // Needs no tools, so no setup either.
    if let Command::GenInventory { spec, out } = &command {
        let text = inventory::generate(*spec);
        return match out {
            Some(path) => std::fs::write(path, text).map_err(|err| Error {
                message: format!("cannot write `{path}`: {err}"),
                code: 1,
            }),
            None => {
                use std::io::Write as _;
                std::io::stdout()
                    .write_all(text.as_bytes())
                    .map_err(|err| Error {
                        message: format!("cannot write the inventory: {err}"),
                        code: 1,
                    })
            }
        };
    }
    match command {
        Command::Help | Command::GenInventory { .. } => Ok(()),
        Command::Setup => setup::run(&env),
        Command::Serve { port, dist: false } => {
            setup::run(&env)?;
            tasks::serve(&env, port)
        }
        Command::Serve { port, dist: true } => {
            setup::run(&env)?;
            tasks::build(&env)?;
            tasks::serve_dist(&env, port)
        }
        Command::Build => {
            setup::run(&env)?;
            tasks::build(&env)
        }
        Command::Offline => {
            setup::run(&env)?;
            tasks::build(&env)?;
            offline::run(&env)
        }
        Command::Test => {
            setup::run(&env)?;
            tasks::test(&env)
        }
        Command::Bench(options) => {
            setup::run(&env)?;
            bench::run(&env, options)
        }
        Command::Size => {
            setup::run(&env)?;
            tasks::build(&env)?;
            tasks::size(&env)
        }
    }
}
