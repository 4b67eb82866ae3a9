//! `vrc`: the Vendor Risk Checker engine on the command line.
//!
//! A thin shell: it reads files, turns flags into a [`vrc_engine::Context`],
//! and prints what the engine returns. Exit status: 0 on success, 1 when the
//! `--fail-on` verdict is reached, 2 on bad usage or a file that cannot be read.

mod args;
mod check;
mod output;
mod rules;

use std::process::ExitCode;

use clap::Parser;

/// What went wrong, for the user. Every message names the file or flag.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Import(#[from] vrc_import::ImportError),
    #[error("{0}")]
    Pack(#[from] vrc_engine::PackError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
    /// Several inputs could not be read: each is named.
    #[error("{} files cannot be read:{}", .0.len(), .0.iter().map(|e| format!("\n  {e}")).collect::<String>())]
    Files(Vec<CliError>),
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = match cli.command {
        args::Command::Check(args) => check::run(&args),
        args::Command::Rules(args) => rules::run(&args.command),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}
