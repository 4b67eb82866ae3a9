//! The command line: a small hand-rolled parser, enough for an xtask.

/// What `cargo xtask` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Setup,
    /// `dist`: serve the built `dist/` with its pre-compressed copies
    /// instead of Trunk's rebuilding server.
    Serve {
        port: u16,
        dist: bool,
    },
    Build,
    /// `build`, then the one-file offline build in `dist-offline/`.
    Offline,
    Test,
    Size,
    /// The side-by-side benchmarks, written into BENCHMARKS.md.
    Bench(crate::bench::Options),
    /// A generated inventory, to a file or standard output.
    GenInventory {
        spec: crate::inventory::Spec,
        out: Option<String>,
    },
}

/// The port `cargo xtask serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8080;

pub const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup               install the tools the project needs (skips what is already installed)
  serve [--port N]    setup, then serve the app at http://127.0.0.1:N/ (default 8080), rebuilding on change
  serve --dist [--port N]
                      setup and build, then serve dist/ as a host should: the .br or .gz copy of each file
                      the browser accepts, the CSP as a header; no rebuild on change
  build               setup, then build the release web app into dist/, with .gz and .br copies
  offline             build, then the whole app as one HTML file for networks with no internet:
                      dist-offline/vendor-risk-checker.html and its SHA256SUMS
  test                setup, then fmt, clippy, native tests, wasm tests in Chromium, release web build and browser tests
  size                build, then the size of each file in dist/ (raw, gzipped, brotli), the first-render time
                      and the time to a usable page on Slow 4G with a 4x slower CPU (target 2.5 s, reported);
                      fails over budget (400 KB gzipped, median first render under 1 s)
  gen-inventory [--rows N] [--distinct M] [--out FILE]
                      write a registry export of N rows (default 1,000,000) with about M distinct
                      items (default 100,000), the same bytes for the same arguments, to FILE or stdout
  bench [--quick]     the native engine (whole and by phase), the page in Chromium and three JavaScript
                      peers on the same generated inventories and rules, medians of 5 runs, written into
                      BENCHMARKS.md (takes many minutes; --quick: fewer sizes, 3 runs)
  help                print this message";

/// Parses the arguments after `cargo xtask`.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let Some((name, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let command = match name.as_str() {
        "help" | "-h" | "--help" => Command::Help,
        "setup" => Command::Setup,
        "build" => Command::Build,
        "offline" => Command::Offline,
        "test" => Command::Test,
        "size" => Command::Size,
        "serve" => return parse_serve(rest),
        "bench" => return crate::bench::parse(rest).map(Command::Bench),
        "gen-inventory" => {
            let (spec, out) = crate::inventory::parse(rest)?;
            return Ok(Command::GenInventory { spec, out });
        }
        other => return Err(format!("unknown command `{other}`")),
    };
    match rest.first() {
        None => Ok(command),
        Some(extra) => Err(format!("`{name}` takes no arguments, but got `{extra}`")),
    }
}

fn parse_serve(args: &[String]) -> Result<Command, String> {
    let mut port = DEFAULT_PORT;
    let mut dist = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--dist" {
            dist = true;
            continue;
        }
        let value = if arg == "--port" || arg == "-p" {
            iter.next()
                .ok_or_else(|| format!("`{arg}` needs a port number"))?
                .as_str()
        } else if let Some(value) = arg.strip_prefix("--port=") {
            value
        } else {
            return Err(format!("`serve` does not understand `{arg}`"));
        };
        port = value
            .parse()
            .map_err(|_| format!("`{value}` is not a port number (1-65535)"))?;
        if port == 0 {
            return Err("the port must be between 1 and 65535".to_owned());
        }
    }
    Ok(Command::Serve { port, dist })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn no_arguments_prints_help() {
        assert_eq!(parse(&[]), Ok(Command::Help));
        assert_eq!(parse(&args("--help")), Ok(Command::Help));
    }

    #[test]
    fn simple_commands_parse() {
        assert_eq!(parse(&args("setup")), Ok(Command::Setup));
        assert_eq!(parse(&args("build")), Ok(Command::Build));
        assert_eq!(parse(&args("offline")), Ok(Command::Offline));
        assert_eq!(parse(&args("test")), Ok(Command::Test));
        assert_eq!(parse(&args("size")), Ok(Command::Size));
        assert_eq!(
            parse(&args("bench --quick")),
            Ok(Command::Bench(crate::bench::Options { quick: true }))
        );
    }

    #[test]
    fn serve_takes_a_port_in_either_form() {
        let serve = |port, dist| Ok(Command::Serve { port, dist });
        assert_eq!(parse(&args("serve")), serve(DEFAULT_PORT, false));
        assert_eq!(parse(&args("serve --port 9000")), serve(9000, false));
        assert_eq!(parse(&args("serve --port=9001")), serve(9001, false));
        assert_eq!(parse(&args("serve --dist")), serve(DEFAULT_PORT, true));
        assert_eq!(parse(&args("serve --port 9002 --dist")), serve(9002, true));
    }

    #[test]
    fn bad_input_is_an_error_that_names_it() {
        assert!(parse(&args("deploy")).is_err_and(|e| e.contains("deploy")));
        assert!(parse(&args("build --fast")).is_err_and(|e| e.contains("--fast")));
        assert!(parse(&args("serve --port")).is_err());
        assert!(parse(&args("serve --port 0")).is_err());
        assert!(parse(&args("serve --port 70000")).is_err_and(|e| e.contains("70000")));
        assert!(parse(&args("serve --verbose")).is_err());
    }
}
