//! Where the project is, and how to run programs in it.
//!
//! Every program runs from the repository root with a `PATH` that puts
//! `node_modules/.bin` first (so Trunk finds binaryen's `wasm-opt`, not an
//! older system one) and Cargo's install directory next (so a freshly installed
//! `trunk` or `wasm-bindgen` is found even when that directory is not on the
//! caller's `PATH`).

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A failure, with the exit code `cargo xtask` should end with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub code: i32,
}

impl Error {
    /// A failure that is not a child's exit code.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            code: 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The repository and the `PATH` its programs run with.
#[derive(Debug, Clone)]
pub struct Env {
    /// The workspace root: where `Cargo.toml`, `Trunk.toml` and `package.json` are.
    pub root: PathBuf,
    /// Where `cargo install` puts binaries.
    pub cargo_bin: PathBuf,
    path: OsString,
}

impl Env {
    /// Finds the workspace root (the parent of this crate's directory) and
    /// builds the `PATH` for child processes.
    pub fn discover() -> Result<Env, Error> {
        // `cargo run` sets CARGO_MANIFEST_DIR at run time too; the compile-time
        // value is the fallback when the binary is run directly.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| Error::new("cannot find the workspace root above xtask/"))?;
        if !root.join("Cargo.toml").is_file() {
            return Err(Error::new(format!(
                "{} has no Cargo.toml; run `cargo xtask` from inside the repository",
                root.display()
            )));
        }
        let cargo_bin = cargo_bin_dir();
        let mut dirs = vec![root.join("node_modules").join(".bin"), cargo_bin.clone()];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        let path = std::env::join_paths(dirs)
            .map_err(|err| Error::new(format!("cannot build PATH: {err}")))?;
        Ok(Env {
            root,
            cargo_bin,
            path,
        })
    }

    /// A command for `program`, run from the root with the project's `PATH`.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root).env("PATH", &self.path);
        command
    }

    /// Runs a command with inherited output, printing it first. A non-zero
    /// exit becomes an [`Error`] that carries the child's exit code.
    pub fn run(&self, command: &mut Command) -> Result<(), Error> {
        let shown = show(command);
        println!("$ {shown}");
        let status = command
            .status()
            .map_err(|err| Error::new(format!("cannot run `{shown}`: {err}")))?;
        if status.success() {
            return Ok(());
        }
        let code = status.code().unwrap_or(1);
        Err(Error {
            message: format!("`{shown}` failed with exit code {code}"),
            code,
        })
    }

    /// Runs a program quietly and returns its standard output, or `None` if it
    /// cannot be run or fails.
    pub fn capture(&self, program: &str, args: &[&str]) -> Option<String> {
        let output = self
            .command(program)
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        String::from_utf8(output.stdout).ok()
    }

    /// The full path of `program` on the project's `PATH`, if it is there.
    pub fn find(&self, program: &str) -> Option<PathBuf> {
        std::env::split_paths(&self.path)
            .map(|dir| dir.join(program))
            .find(|candidate| is_executable(candidate))
    }
}

/// `$CARGO_INSTALL_ROOT/bin`, else `$CARGO_HOME/bin`, else `~/.cargo/bin`.
fn cargo_bin_dir() -> PathBuf {
    if let Some(root) = std::env::var_os("CARGO_INSTALL_ROOT") {
        return PathBuf::from(root).join("bin");
    }
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home).join("bin");
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    home.join(".cargo").join("bin")
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// A command as a shell would show it.
pub fn show(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_shown_as_typed() {
        let mut command = Command::new("cargo");
        command.args(["fmt", "--all", "--check"]);
        assert_eq!(show(&command), "cargo fmt --all --check");
    }

    #[test]
    fn the_workspace_root_is_found() {
        let env = Env::discover().unwrap();
        assert!(env.root.join("xtask").join("Cargo.toml").is_file());
    }

    #[test]
    fn node_modules_bin_comes_first_on_path() {
        let env = Env::discover().unwrap();
        let first = std::env::split_paths(&env.path).next().unwrap();
        assert_eq!(first, env.root.join("node_modules").join(".bin"));
    }

    #[test]
    fn a_failing_command_keeps_its_exit_code() {
        let env = Env::discover().unwrap();
        let mut command = env.command("sh");
        command.args(["-c", "exit 3"]);
        let err = env.run(&mut command).unwrap_err();
        assert_eq!(err.code, 3);
        assert!(err.message.contains("exit code 3"));
    }

    #[test]
    fn find_locates_programs_on_path() {
        let env = Env::discover().unwrap();
        assert!(env.find("sh").is_some());
        assert!(env.find("surely-no-such-program-here").is_none());
    }
}
