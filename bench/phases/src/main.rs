//! `vrc-phases SAMPLES FILE...`: each file's phases timed natively, with
//! the library's code, printed as bench/phases.mjs prints the wasm's
//! (`vrc_phases::report`).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn run(args: &[String]) -> Result<(), String> {
    let (samples, files) = args
        .split_first()
        .filter(|(_, files)| !files.is_empty())
        .ok_or("usage: vrc-phases SAMPLES FILE...")?;
    let samples: u32 = samples
        .parse()
        .map_err(|_| format!("`{samples}` is not a number of samples"))?;
    let start = Instant::now();
    let mut now = || start.elapsed().as_secs_f64() * 1e3;
    for file in files {
        let bytes = std::fs::read(file).map_err(|err| format!("cannot read {file}: {err}"))?;
        let name = Path::new(file)
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        let measured = vrc_phases::measure(&bytes, samples, &mut now)?;
        print!("{}", vrc_phases::report(&name, "native", &measured));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("vrc-phases: {err}");
            ExitCode::FAILURE
        }
    }
}
