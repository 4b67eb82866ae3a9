//! `cargo xtask setup`: installs what a fresh machine lacks, and nothing else.
//!
//! Each step first checks whether its tool is already there at the right
//! version and skips itself if so, so a second run takes seconds. Each step
//! prints one line saying what it did.

use std::path::Path;
use std::time::SystemTime;

use crate::env::{Env, Error};

/// The wasm target the web app is compiled for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The Trunk release that installs on this project's Rust (1.95): 0.22
/// requires a newer rustc.
pub const TRUNK_VERSION: &str = "0.21.14";

/// Runs every setup step in order, stopping at the first that fails.
pub fn run(env: &Env) -> Result<(), Error> {
    println!("== setup");
    wasm_target(env)?;
    trunk(env)?;
    wasm_bindgen(env)?;
    npm_packages(env)?;
    debian_packages(env)?;
    geckodriver(env)?;
    cargo_fetch(env)?;
    Ok(())
}

fn done(step: &str, what: &str) {
    println!("setup: {step}: {what}");
}

fn wasm_target(env: &Env) -> Result<(), Error> {
    let step = "rust target wasm32-unknown-unknown";
    if let Some(installed) = env.capture("rustup", &["target", "list", "--installed"]) {
        if installed.lines().any(|line| line.trim() == WASM_TARGET) {
            done(step, "already installed, skipped");
            return Ok(());
        }
    } else if has_target_in_sysroot(env) {
        // A toolchain without rustup (a distribution's rustc) that has the target.
        done(step, "already installed, skipped");
        return Ok(());
    } else {
        return Err(Error::new(format!(
            "{step}: not installed, and `rustup` is not on PATH to install it; \
             install the {WASM_TARGET} standard library for your Rust toolchain"
        )));
    }
    env.run(env.command("rustup").args(["target", "add", WASM_TARGET]))
        .map_err(|err| {
            Error::new(format!(
                "{step}: `rustup target add` failed ({err}); it downloads the target's \
                 standard library, so it needs network access to the Rust distribution server"
            ))
        })?;
    done(step, "installed");
    Ok(())
}

fn has_target_in_sysroot(env: &Env) -> bool {
    env.capture("rustc", &["--print", "sysroot"])
        .is_some_and(|sysroot| {
            Path::new(sysroot.trim())
                .join("lib/rustlib")
                .join(WASM_TARGET)
                .is_dir()
        })
}

fn trunk(env: &Env) -> Result<(), Error> {
    cargo_install(env, "trunk", &["trunk"], TRUNK_VERSION, true)
}

fn wasm_bindgen(env: &Env) -> Result<(), Error> {
    let lock_path = env.root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).map_err(|err| {
        Error::new(format!(
            "wasm-bindgen-cli: cannot read {} ({err}); run `cargo generate-lockfile`",
            lock_path.display()
        ))
    })?;
    let version = lock_version(&lock, "wasm-bindgen")
        .map_err(|why| Error::new(format!("wasm-bindgen-cli: {why}")))?;
    // Not --locked: wasm-bindgen-cli's own lockfile pins a yanked crate.
    // Trunk runs `wasm-bindgen`; `cargo xtask test` runs the engine's wasm
    // tests with `wasm-bindgen-test-runner` (the same install gives both).
    cargo_install(
        env,
        "wasm-bindgen-cli",
        &["wasm-bindgen", "wasm-bindgen-test-runner"],
        &version,
        false,
    )
}

/// `cargo install <krate> --version <version>`, unless each of `binaries`
/// already reports that version with `--version`.
fn cargo_install(
    env: &Env,
    krate: &str,
    binaries: &[&str],
    version: &str,
    locked: bool,
) -> Result<(), Error> {
    let step = format!("{krate} {version}");
    let found: Vec<(&str, Option<String>)> = binaries
        .iter()
        .map(|&binary| {
            let found = env
                .capture(binary, &["--version"])
                .and_then(|out| tool_version(&out).map(str::to_owned));
            (binary, found)
        })
        .collect();
    match found.iter().find(|(_, v)| v.as_deref() != Some(version)) {
        None => {
            done(&step, "already installed, skipped");
            return Ok(());
        }
        Some((binary, Some(other))) => {
            println!("setup: {step}: found {binary} {other}, installing {version}")
        }
        Some((binary, None)) => println!(
            "setup: {step}: {binary} not found, installing (this compiles it: several minutes)"
        ),
    }
    let mut command = env.command("cargo");
    command.args(["install", krate, "--version", version]);
    if locked {
        command.arg("--locked");
    }
    env.run(&mut command)
        .map_err(|err| install_failed(env, krate, version, locked, &err))?;
    done(
        &step,
        &format!("installed into {}", env.cargo_bin.display()),
    );
    Ok(())
}

fn install_failed(env: &Env, krate: &str, version: &str, locked: bool, err: &Error) -> Error {
    let rustc = env
        .capture("rustc", &["--version"])
        .map_or_else(|| "an unknown rustc".to_owned(), |v| v.trim().to_owned());
    let floating = if locked {
        String::new()
    } else {
        " It is installed without --locked, so its dependencies float: one released since may \
          need a newer Rust."
            .to_owned()
    };
    Error {
        message: format!(
            "{krate} {version} could not be installed ({err}). Likely causes: crates.io cannot \
             be reached, or {krate} or one of its dependencies needs a newer Rust than this \
             machine's {rustc} (look for `requires rustc` in the output above).{floating}"
        ),
        code: err.code,
    }
}

fn npm_packages(env: &Env) -> Result<(), Error> {
    let step = "npm packages (binaryen, playwright-core, axe-core)";
    let lock = env.root.join("package-lock.json");
    let lock_time = modified(&lock)
        .ok_or_else(|| Error::new(format!("{step}: {} is missing", lock.display())))?;
    // npm writes this file on every install; it is newer than the lock when
    // node_modules matches it.
    let stamp = env.root.join("node_modules").join(".package-lock.json");
    if !is_stale(lock_time, modified(&stamp)) {
        done(step, "node_modules is up to date, skipped");
        return Ok(());
    }
    if env.find("npm").is_none() {
        return Err(Error::new(format!(
            "{step}: `npm` is not on PATH; install Node.js 20.10 or newer with npm"
        )));
    }
    env.run(env.command("npm").args(["ci", "--no-audit", "--no-fund"]))
        .map_err(|err| {
            Error::new(format!(
                "{step}: `npm ci` failed ({err}); it needs the npm registry, and \
                 package.json and package-lock.json must agree"
            ))
        })?;
    if !env.root.join("node_modules/.bin/wasm-opt").is_file() {
        return Err(Error::new(format!(
            "{step}: npm ci finished but node_modules/.bin/wasm-opt is missing"
        )));
    }
    done(step, "installed with npm ci");
    Ok(())
}

/// The geckodriver the Firefox test drives Firefox through
/// (tests/e2e/firefox.mjs): Debian has no package of it.
const GECKODRIVER: &str = "0.37.1";

fn geckodriver(env: &Env) -> Result<(), Error> {
    cargo_install(env, "geckodriver", &["geckodriver"], GECKODRIVER, true)
}

/// Chromium for the browser tests, and chromedriver, through which
/// `wasm-bindgen-test-runner` drives it for the engine's wasm tests;
/// poppler's `pdftoppm` and `pdftotext`, with which the browser tests look
/// at the printed report as pages; and Firefox ESR, in which the offline
/// file is opened from file:// too.
fn debian_packages(env: &Env) -> Result<(), Error> {
    let step = "chromium, chromedriver, poppler-utils and firefox-esr";
    let tools = [
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
        ("pdftoppm", "poppler-utils"),
        ("pdftotext", "poppler-utils"),
        ("firefox", "firefox-esr"),
    ];
    let mut missing: Vec<&str> = Vec::new();
    for (binary, package) in tools {
        if env.find(binary).is_none() && !missing.contains(&package) {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        done(step, "found on PATH, skipped");
        return Ok(());
    }
    let packages = missing.join(" ");
    let is_root = env
        .capture("id", &["-u"])
        .is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        return Err(Error::new(format!(
            "{step}: some are not on PATH and xtask is not running as root, so it cannot \
             install them. Run: sudo apt-get update && sudo apt-get install -y {packages}"
        )));
    }
    if env.find("apt-get").is_none() {
        return Err(Error::new(format!(
            "{step}: some are not on PATH and there is no apt-get; install the Debian \
             packages {packages}, or their equivalents, with your package manager"
        )));
    }
    let apt = |args: &[&str]| {
        let mut command = env.command("apt-get");
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        env.run(&mut command).map_err(|err| {
            Error::new(format!(
                "{step}: apt-get failed ({err}); it needs the Debian package mirror"
            ))
        })
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y"];
    install.extend(missing.iter().copied());
    apt(&install)?;
    done(step, &format!("installed {packages} with apt-get"));
    Ok(())
}

fn cargo_fetch(env: &Env) -> Result<(), Error> {
    // Trunk builds offline (it passes --offline to cargo), so every crate must
    // already be downloaded. This is a no-op when they are.
    env.command("cargo")
        .args(["fetch", "--quiet"])
        .status()
        .ok()
        .filter(|status| status.success())
        .ok_or_else(|| {
            Error::new("cargo fetch failed: the crates in Cargo.lock could not be downloaded")
        })?;
    done("crates in Cargo.lock", "downloaded");
    Ok(())
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// Whether `node_modules` must be reinstalled: it has no install stamp, or the
/// lock file changed after the last install.
fn is_stale(lock: SystemTime, stamp: Option<SystemTime>) -> bool {
    stamp.is_none_or(|stamp| lock > stamp)
}

/// The version in a `--version` line such as `trunk 0.21.14` or
/// `wasm-bindgen 0.2.130`.
fn tool_version(output: &str) -> Option<&str> {
    output.lines().next()?.split_whitespace().nth(1)
}

/// The version of `package` in a Cargo.lock. It is an error if the lock has
/// none or several, since the CLI must match one exactly.
fn lock_version(lock: &str, package: &str) -> Result<String, String> {
    let wanted = format!("name = \"{package}\"");
    let mut versions = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let mut lines = block.lines().map(str::trim);
        if !lines.clone().any(|line| line == wanted) {
            continue;
        }
        let version = lines
            .find_map(|line| line.strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'));
        if let Some(version) = version {
            versions.push(version.to_owned());
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("Cargo.lock has no `{package}` package")),
        many => Err(format!(
            "Cargo.lock has several `{package}` versions ({}); pin one in Cargo.toml",
            many.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "yew"
version = "0.23.0"
"#;

    #[test]
    fn reads_the_exact_package_from_cargo_lock() {
        assert_eq!(lock_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(lock_version(LOCK, "yew").unwrap(), "0.23.0");
    }

    #[test]
    fn a_missing_or_duplicated_package_is_an_error() {
        assert!(lock_version(LOCK, "trunk").is_err());
        let twice = format!("{LOCK}\n[[package]]\nname = \"yew\"\nversion = \"0.21.0\"\n");
        let err = lock_version(&twice, "yew").unwrap_err();
        assert!(err.contains("0.23.0") && err.contains("0.21.0"), "{err}");
    }

    #[test]
    fn the_workspace_lock_has_one_wasm_bindgen() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        let version = lock_version(&lock, "wasm-bindgen").unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }

    #[test]
    fn tool_versions_are_read_from_the_first_line() {
        assert_eq!(tool_version("trunk 0.21.14\n"), Some("0.21.14"));
        assert_eq!(tool_version("wasm-bindgen 0.2.130"), Some("0.2.130"));
        assert_eq!(tool_version(""), None);
        assert_eq!(tool_version("trunk"), None);
    }

    #[test]
    fn node_modules_is_stale_without_a_stamp_or_with_a_newer_lock() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let later = t + Duration::from_secs(1);
        assert!(is_stale(t, None));
        assert!(is_stale(later, Some(t)));
        assert!(!is_stale(t, Some(later)));
        assert!(!is_stale(t, Some(t)));
    }
}
