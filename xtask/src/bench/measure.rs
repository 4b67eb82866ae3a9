//! Timing a whole process: its wall time, its peak memory and what it said
//! on standard error, as `hyperfine` and `/usr/bin/time -v` would give them.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::env::{Env, Error};

/// One run of a program.
#[derive(Debug, Clone)]
pub struct Sample {
    pub wall: Duration,
    /// Peak resident memory in KiB, when `/usr/bin/time` is there to say.
    pub peak_kib: Option<u64>,
    pub stderr: String,
}

/// GNU time's path: it gives a child's peak resident memory (`%M`), which
/// the standard library does not.
const TIME: &str = "/usr/bin/time";

/// Runs `argv` from the repository root with its output thrown away (as
/// `> /dev/null` would), timing it from spawn to exit. `scratch` is a file
/// GNU time writes the peak memory to. A failure says what failed and what
/// the program said.
pub fn run(env: &Env, argv: &[OsString], scratch: &Path) -> Result<Sample, Error> {
    let shown = argv
        .iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| Error::new("nothing to run"))?;
    let timed = Path::new(TIME).is_file();
    let mut command: Command = if timed {
        let mut c = env.command(TIME);
        c.arg("-f").arg("%M").arg("-o").arg(scratch).arg(program);
        c
    } else {
        env.command(&program.to_string_lossy())
    };
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|err| Error::new(format!("cannot run `{shown}`: {err}")))?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(Error::new(format!(
            "`{shown}` failed ({}):\n{stderr}",
            output.status
        )));
    }
    let peak_kib = if timed {
        std::fs::read_to_string(scratch)
            .ok()
            .and_then(|text| text.lines().last().and_then(|l| l.trim().parse().ok()))
    } else {
        None
    };
    Ok(Sample {
        wall,
        peak_kib,
        stderr,
    })
}

/// The median of some numbers (the mean of the middle two for an even
/// count); `None` for none.
pub fn median<T: Copy + PartialOrd + Into<f64>>(values: &[T]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().map(|v| (*v).into()).collect();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if !n.is_multiple_of(2) => sorted.get(mid).copied(),
        _ => Some((sorted.get(mid - 1)? + sorted.get(mid)?) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median::<f64>(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[7u32]), Some(7.0));
    }
}
