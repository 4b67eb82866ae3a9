//! `offline`: the whole web app as one HTML file, for networks with no
//! internet (issue 16). Assessors carry one file in, check its hash, and open
//! it from disk; its Content-Security-Policy (`default-src 'none'`, no
//! `connect-src`) makes the browser refuse any request it might make.
//!
//! Assembled from the release build in `dist/` (its glue as wasm-bindgen
//! wrote it, before Trunk's minifier): the CSS in a `<style>`, the
//! page's wasm-bindgen glue and a loader in one inline module script, and the
//! two wasm files and the worker's glue in data blocks (`<script
//! type="application/octet-stream">` and `type="text/plain"`, which the
//! browser never runs, so the policy need not name them). The loader decodes
//! the page's wasm and compiles it asynchronously, and starts the worker from
//! a `blob:` URL: its glue, then the worker's wasm decoded from base64 inside
//! the worker. The policy lists the SHA-256 of each inline script and style;
//! [`check_policy`] reads the finished file again and fails the build if any
//! inline code is not in it.
//!
//! Nothing time- or machine-dependent goes in, so the same commit gives the
//! same bytes ([`run`] assembles twice and compares).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::env::{Env, Error};

/// The file, in `dist-offline/`.
pub const FILE_NAME: &str = "vendor-risk-checker.html";
/// Where `cargo xtask offline` writes it, under the workspace root.
pub const DIR: &str = "dist-offline";

/// What goes into the file: the release build's parts, and the names of
/// what was built.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// `dist/index.html`: its title and body are kept.
    pub index_html: String,
    /// The page's wasm-bindgen glue (an ES module) and its wasm.
    pub app_js: String,
    pub app_wasm: Vec<u8>,
    pub css: String,
    /// The worker's wasm-bindgen glue (`no-modules`: a classic script that
    /// defines `wasm_bindgen`) and its wasm.
    pub worker_js: String,
    pub worker_wasm: Vec<u8>,
    /// The rule packs' worker's glue and wasm, the same way.
    pub packs_js: String,
    pub packs_wasm: Vec<u8>,
    /// The app's version: the crate's, and the commit when known.
    pub version: String,
    /// The built-in rule pack: id, version and date.
    pub pack: String,
}

/// Runs in the page after its wasm-bindgen glue, in the same module script.
/// `INIT` is replaced by the name of the glue's default export.
const LOADER: &str = r#"
// Vendor Risk Checker, the offline file (cargo xtask offline). Everything is
// in this file: a data: or file: URL cannot be fetched under the policy above.
{
  const block = (id) => document.getElementById(id).textContent.trim();
  const decode = (base64) => {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    return bytes;
  };
  // The workers (the importer's, the rule packs') run from blob: URLs
  // (worker-src blob:), and inherit this page's policy: each one's glue, then
  // its own wasm, decoded in the worker. src/bridge.rs starts each from the
  // URL named on this script (data-vrc-worker-url, data-vrc-packs-url).
  for (const name of ['vrc-worker', 'vrc-packs']) {
    const worker = new Blob([
      block(`${name}-js`),
      `\n;{ const decode = ${decode};\nwasm_bindgen({ module_or_path: decode("${block(`${name}-wasm`)}") }); }\n`,
    ], { type: 'text/javascript' });
    document.querySelector('script[data-vrc-worker-url]').setAttribute(`data-${name}-url`, URL.createObjectURL(worker));
  }
  // Compiled asynchronously: Chromium refuses to compile more than 4 KB of
  // wasm synchronously on the page's thread.
  const wasm = await INIT({ module_or_path: decode(block('vrc-app-wasm')) });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}
"#;

/// The policy, with the hashes of the one inline script and the one style.
/// `img-src data:` is for the empty icon (`<link rel="icon" href="data:,">`,
/// which keeps the browser from asking for /favicon.ico); `base-uri` and
/// `form-action` do not fall back to `default-src`, so they are closed too.
fn policy(script_hash: &str, style_hash: &str) -> String {
    format!(
        "default-src 'none'; script-src '{script_hash}' 'wasm-unsafe-eval'; \
         style-src '{style_hash}'; img-src data:; worker-src blob:; \
         base-uri 'none'; form-action 'none'"
    )
}

/// `sha256-BASE64` of `text`, as a CSP source expression names it.
pub fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Lower-case hex SHA-256 of `bytes`, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(bytes) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Checks that `text` can sit inside a `<script>` or `<style>` element
/// unchanged: nothing that would end it early or change the parser's state,
/// and no carriage return (the parser turns `\r\n` into `\n`, and the hash
/// would then not match).
fn inlinable(what: &str, text: &str) -> Result<(), Error> {
    let lower = text.to_ascii_lowercase();
    for bad in ["</script", "<!--", "</style", "\r", "\0"] {
        if lower.contains(bad) {
            return Err(Error::new(format!(
                "{what} contains `{}`, which cannot be inlined as it is",
                bad.escape_default()
            )));
        }
    }
    Ok(())
}

/// The glue without its `export { … }` statement, and the name of its
/// default export (wasm-bindgen's init function).
fn strip_exports(glue: &str) -> Result<(String, String), Error> {
    let start = glue
        .rfind("export {")
        .or_else(|| glue.rfind("export{"))
        .ok_or_else(|| Error::new("the page's glue has no `export { … }` statement"))?;
    let rest = glue.get(start..).unwrap_or_default();
    let end = rest
        .find('}')
        .ok_or_else(|| Error::new("the page's glue has an unclosed `export {`"))?;
    let names = rest.get("export".len()..end).unwrap_or_default();
    let init = names
        .trim_start()
        .trim_start_matches('{')
        .split(',')
        .find_map(|part| part.trim().strip_suffix(" as default"))
        .map(str::trim)
        .filter(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_$".contains(c))
        })
        .ok_or_else(|| Error::new(format!("the page's glue exports no default: `{names}`")))?;
    let after = rest.get(end + 1..).unwrap_or_default();
    let after = after.strip_prefix(';').unwrap_or(after);
    let mut kept = glue.get(..start).unwrap_or_default().to_owned();
    kept.push_str(after);
    if kept.contains("export ") && kept.lines().any(|l| l.trim_start().starts_with("export ")) {
        return Err(Error::new(
            "the page's glue has more than one export statement",
        ));
    }
    if kept.contains("import.meta") && !kept.contains("new URL(") {
        // Only the default wasm path uses it, and the loader always passes bytes.
        return Err(Error::new(
            "the page's glue uses `import.meta` in an unexpected way",
        ));
    }
    Ok((kept, init.to_owned()))
}

/// The text between `<tag…>` and `</tag>` in `html` (the first such element).
fn element<'a>(html: &'a str, tag: &str) -> Result<&'a str, Error> {
    let lower = html.to_ascii_lowercase();
    let open = lower
        .find(&format!("<{tag}"))
        .and_then(|at| lower.get(at..)?.find('>').map(|end| at + end + 1))
        .ok_or_else(|| Error::new(format!("dist/index.html has no `<{tag}>`")))?;
    let close = lower
        .get(open..)
        .and_then(|rest| rest.find(&format!("</{tag}>")))
        .map(|at| open + at)
        .ok_or_else(|| Error::new(format!("dist/index.html has no `</{tag}>`")))?;
    Ok(html.get(open..close).unwrap_or_default())
}

/// An attribute value, escaped for HTML.
fn attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The one HTML file. Fails if any part could not be inlined safely.
pub fn assemble(inputs: &Inputs) -> Result<String, Error> {
    let (glue, init) = strip_exports(&inputs.app_js)?;
    let script = format!("{glue}\n{}", LOADER.replace("INIT", &init));
    let css = inputs.css.trim();
    inlinable("the page's script", &script)?;
    inlinable("the stylesheet", css)?;
    inlinable("the worker's glue", &inputs.worker_js)?;
    inlinable("the rule packs' worker's glue", &inputs.packs_js)?;
    let title = element(&inputs.index_html, "title")?;
    let body = element(&inputs.index_html, "body")?;
    let lower_body = body.to_ascii_lowercase();
    if lower_body.contains("<script") || lower_body.contains("<style") {
        return Err(Error::new(
            "dist/index.html's body has a script or style, which the offline file would not allow",
        ));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let policy = policy(&csp_hash(&script), &csp_hash(css));
    let mut html = String::with_capacity(
        (inputs.app_wasm.len() + inputs.worker_wasm.len() + inputs.packs_wasm.len()) * 4 / 3
            + script.len()
            + css.len()
            + inputs.worker_js.len()
            + inputs.packs_js.len()
            + 4096,
    );
    // The policy comes first, before anything it governs.
    html.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        html,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        attr(&policy)
    );
    html.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"color-scheme\" content=\"light\">\n\
         <meta name=\"vrc-build\" content=\"offline\">\n",
    );
    let _ = writeln!(
        html,
        "<meta name=\"vrc-version\" content=\"{}\">\n<meta name=\"vrc-pack\" content=\"{}\">",
        attr(&inputs.version),
        attr(&inputs.pack)
    );
    let _ = writeln!(html, "<title>{title}</title>");
    html.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    let _ = writeln!(html, "<style>{css}</style>");
    let _ = writeln!(
        html,
        "<script type=\"application/octet-stream\" id=\"vrc-app-wasm\">{}</script>",
        b64.encode(&inputs.app_wasm)
    );
    // Each worker's glue and wasm, as the loader's `block(name-js)` and
    // `block(name-wasm)` read them.
    for (name, js, wasm) in [
        ("vrc-worker", &inputs.worker_js, &inputs.worker_wasm),
        ("vrc-packs", &inputs.packs_js, &inputs.packs_wasm),
    ] {
        let _ = writeln!(
            html,
            "<script type=\"text/plain\" id=\"{name}-js\">{js}</script>"
        );
        let _ = writeln!(
            html,
            "<script type=\"application/octet-stream\" id=\"{name}-wasm\">{}</script>",
            b64.encode(wasm)
        );
    }
    let _ = writeln!(
        html,
        "<script type=\"module\" data-vrc-worker-url=\"\">{script}</script>"
    );
    let _ = write!(html, "</head>\n<body>{body}</body>\n</html>\n");
    check_policy(&html)?;
    Ok(html)
}

/// The types of `<script>` the browser runs (the rest are data blocks).
fn runs(script_type: Option<&str>) -> bool {
    match script_type.map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty() || t == "module" || t == "text/javascript" || t == "application/javascript"
        }
    }
}

/// A double-quoted attribute's value in a start tag (enough for the tags this
/// module writes; anything else fails the check).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = tag.get(at..)?;
    rest.get(..rest.find('"')?)
}

/// Reads a finished file again: its policy is `default-src 'none'` with no
/// `connect-src`, `'unsafe-inline'` or `'unsafe-eval'`, it lists the hash of
/// every inline script the browser runs and of every style, and no element
/// carries inline code (`style="…"`, `on…=`) the hashes cannot allow.
pub fn check_policy(html: &str) -> Result<(), Error> {
    let lower = html.to_ascii_lowercase();
    let meta = lower
        .find("<meta http-equiv=\"content-security-policy\"")
        .ok_or_else(|| Error::new("the offline file has no Content-Security-Policy"))?;
    let first_code = ["<script", "<style", "<link"]
        .iter()
        .filter_map(|tag| lower.find(tag))
        .min()
        .unwrap_or(usize::MAX);
    if meta > first_code {
        return Err(Error::new(
            "the policy comes after a script, style or link it should govern",
        ));
    }
    let meta_tag = html
        .get(meta..)
        .and_then(|rest| rest.get(..rest.find('>')?))
        .unwrap_or_default();
    let policy = attribute(meta_tag, "content")
        .ok_or_else(|| Error::new("the policy has no content"))?
        .replace("&#39;", "'");
    if !policy.starts_with("default-src 'none';") {
        return Err(Error::new(format!(
            "the policy does not start with `default-src 'none'`: `{policy}`"
        )));
    }
    for banned in [
        "connect-src",
        "'unsafe-inline'",
        "'unsafe-eval'",
        "*",
        "http:",
        "https:",
    ] {
        if policy.contains(banned) {
            return Err(Error::new(format!(
                "the policy allows `{banned}`: `{policy}`"
            )));
        }
    }
    let directive = |name: &str| {
        policy
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix(name)?.strip_prefix(' '))
            .unwrap_or_default()
            .split_whitespace()
            .map(|s| s.trim_matches('\'').to_owned())
            .collect::<Vec<String>>()
    };
    let (scripts, styles) = (directive("script-src"), directive("style-src"));
    let mut inline = 0;
    for (tag, allowed) in [("script", &scripts), ("style", &styles)] {
        let mut from = 0;
        while let Some(found) = lower
            .get(from..)
            .and_then(|rest| rest.find(&format!("<{tag}")))
        {
            let open = from + found;
            let start = lower
                .get(open..)
                .and_then(|rest| rest.find('>'))
                .map(|end| open + end + 1)
                .ok_or_else(|| Error::new(format!("an unclosed <{tag}> tag")))?;
            let end = lower
                .get(start..)
                .and_then(|rest| rest.find(&format!("</{tag}")))
                .map(|at| start + at)
                .ok_or_else(|| Error::new(format!("a <{tag}> that never ends")))?;
            let start_tag = html.get(open..start).unwrap_or_default();
            if start_tag.contains(" src=") || start_tag.contains(" href=") {
                return Err(Error::new(format!("a <{tag}> loads a file: `{start_tag}`")));
            }
            let is_code = tag == "style" || runs(attribute(start_tag, "type"));
            if is_code {
                inline += 1;
                let hash = csp_hash(html.get(start..end).unwrap_or_default());
                if !allowed.contains(&hash) {
                    return Err(Error::new(format!(
                        "the policy does not allow the inline <{tag}> at byte {open} ({hash})"
                    )));
                }
            }
            from = end;
        }
    }
    if inline == 0 {
        return Err(Error::new("the offline file has no inline script or style"));
    }
    // Inline attributes are not covered by hashes without 'unsafe-hashes'.
    let outside_blocks = strip_elements(&lower, "script");
    for bad in [
        " style=",
        " onload=",
        " onerror=",
        " onclick=",
        "javascript:",
    ] {
        if outside_blocks.contains(bad) {
            return Err(Error::new(format!(
                "the offline file has `{}`, which its policy forbids",
                bad.trim()
            )));
        }
    }
    Ok(())
}

/// `html` with the contents of every `<tag>` element removed.
fn strip_elements(html: &str, tag: &str) -> String {
    let mut out = String::with_capacity(html.len() / 4);
    let mut rest = html;
    while let Some(open) = rest.find(&format!("<{tag}")) {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open..).unwrap_or_default();
        match after.find(&format!("</{tag}>")) {
            Some(close) => rest = after.get(close + tag.len() + 3..).unwrap_or_default(),
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The one file in `dir` whose name satisfies `wanted`.
fn one_file(dir: &Path, what: &str, wanted: impl Fn(&str) -> bool) -> Result<PathBuf, Error> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|err| Error::new(format!("cannot list {}: {err}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(&wanted)
        })
        .collect();
    found.sort();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::new(format!(
            "no {what} in {}: build the web app first (cargo xtask build)",
            dir.display()
        ))),
        _ => Err(Error::new(format!(
            "more than one {what} in {}",
            dir.display()
        ))),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|err| Error::new(format!("cannot read {}: {err}", path.display())))
}

fn read_text(path: &Path) -> Result<String, Error> {
    String::from_utf8(read(path)?)
        .map_err(|_| Error::new(format!("{} is not UTF-8", path.display())))
}

/// The `[pack]` table's `id`, `version` and `date` in `rules/pack.toml`, as
/// one line: `vrc-builtin 2026.12.06.2 (2026-12-06)`.
pub fn pack_line(pack_toml: &str) -> Result<String, Error> {
    let mut in_pack = false;
    let (mut id, mut version, mut date) = (None, None, None);
    for line in pack_toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_pack = line == "[pack]";
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| in_pack) else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_owned();
        match key.trim() {
            "id" => id = Some(value),
            "version" => version = Some(value),
            "date" => date = Some(value),
            _ => {}
        }
    }
    match (id, version, date) {
        (Some(id), Some(version), Some(date)) => Ok(format!("{id} {version} ({date})")),
        _ => Err(Error::new(
            "rules/pack.toml's [pack] table lacks an id, version or date",
        )),
    }
}

/// The crate's version, with the commit when git knows it (`0.1.0+abc123def456`,
/// `+…-modified` when tracked files differ from it): the same commit gives
/// the same name.
fn version(env: &Env) -> String {
    let crate_version = env!("CARGO_PKG_VERSION");
    let git = |args: &[&str]| {
        let mut all = vec!["-C", env.root.to_str().unwrap_or(".")];
        all.extend_from_slice(args);
        env.capture("git", &all)
    };
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) => {
            let modified = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|status| !status.trim().is_empty());
            let suffix = if modified { "-modified" } else { "" };
            format!("{crate_version}+{}{suffix}", commit.trim())
        }
        None => crate_version.to_owned(),
    }
}

/// The names of the wasm's imports and exports in `glue`: wasm-bindgen's
/// `__wbg_NAME_HASH` imports and `__wbindgen_…` names, which a minifier
/// keeps (they are property names); its own functions (`__wbg_init`) it
/// renames. The same set for the same build, minified or not.
fn bindings(glue: &str) -> std::collections::BTreeSet<&str> {
    let hashed = |word: &str| {
        word.rsplit('_')
            .next()
            .is_some_and(|hash| hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()))
    };
    glue.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| {
            word.starts_with("__wbindgen_") || (word.starts_with("__wbg_") && hashed(word))
        })
        .collect()
}

/// The glue for `name` as wasm-bindgen wrote it for the release build
/// (`$CARGO_TARGET_DIR/wasm-bindgen/release/NAME.js`), checked against the
/// copy in `dist/`. Trunk's minifier, which `dist/` has been through, does
/// not give the same bytes twice (it orders what it renames by hash), and
/// the offline file must.
fn bindgen_glue(env: &Env, name: &str, in_dist: &Path) -> Result<String, Error> {
    let path = crate::tasks::target_dir(env)
        .join("wasm-bindgen/release")
        .join(format!("{name}.js"));
    let glue = read_text(&path)?;
    let built = read_text(in_dist)?;
    if bindings(&glue) != bindings(&built) {
        return Err(Error::new(format!(
            "{} is not the glue of {}: run `cargo xtask build` again",
            path.display(),
            in_dist.display()
        )));
    }
    Ok(glue)
}

/// Reads `dist/` (the release build), the glue wasm-bindgen wrote for it,
/// and the pack's identity.
pub fn inputs(env: &Env) -> Result<Inputs, Error> {
    let dist = env.root.join("dist");
    let app_js = one_file(&dist, "page glue (vendor-risk-checker-*.js)", |n| {
        n.starts_with("vendor-risk-checker") && n.ends_with(".js")
    })?;
    let app_wasm = one_file(&dist, "page wasm (vendor-risk-checker-*_bg.wasm)", |n| {
        n.starts_with("vendor-risk-checker") && n.ends_with("_bg.wasm")
    })?;
    let css = one_file(&dist, "stylesheet (style-*.css)", |n| {
        n.starts_with("style") && n.ends_with(".css")
    })?;
    Ok(Inputs {
        index_html: read_text(&dist.join("index.html"))?,
        app_js: bindgen_glue(env, "vendor-risk-checker", &app_js)?,
        app_wasm: read(&app_wasm)?,
        css: read_text(&css)?,
        worker_js: bindgen_glue(env, "vrc-worker", &dist.join("vrc-worker.js"))?,
        worker_wasm: read(&dist.join("vrc-worker_bg.wasm"))?,
        packs_js: bindgen_glue(env, "vrc-packs", &dist.join("vrc-packs.js"))?,
        packs_wasm: read(&dist.join("vrc-packs_bg.wasm"))?,
        version: version(env),
        pack: pack_line(&read_text(&env.root.join("rules/pack.toml"))?)?,
    })
}

/// `offline` after `build`: writes `dist-offline/vendor-risk-checker.html`
/// and `dist-offline/SHA256SUMS`. Assembles twice and fails if the two
/// differ, so nothing unrepeatable slips in.
pub fn run(env: &Env) -> Result<(), Error> {
    println!("== the offline file: {DIR}/{FILE_NAME}");
    let inputs = inputs(env)?;
    let html = assemble(&inputs)?;
    if assemble(&inputs.clone())? != html {
        return Err(Error::new(
            "two assemblies of the same build differ: the offline file is not reproducible",
        ));
    }
    let dir = env.root.join(DIR);
    std::fs::create_dir_all(&dir)
        .map_err(|err| Error::new(format!("cannot create {}: {err}", dir.display())))?;
    let file = dir.join(FILE_NAME);
    let sums = dir.join("SHA256SUMS");
    let hash = sha256_hex(html.as_bytes());
    for (path, text) in [
        (&file, html.as_str()),
        (&sums, &format!("{hash}  {FILE_NAME}\n")),
    ] {
        std::fs::write(path, text)
            .map_err(|err| Error::new(format!("cannot write {}: {err}", path.display())))?;
    }
    println!(
        "{FILE_NAME}: {} bytes, version {}, rule pack {}\nsha256 {hash}\n(check it with `cd {DIR} && sha256sum -c SHA256SUMS`)",
        html.len(),
        inputs.version,
        inputs.pack
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "let wasm;\nfunction initSync(m) { return m; }\nasync function __wbg_init(m) {\n    if (m === undefined) m = new URL('x_bg.wasm', import.meta.url);\n    return m;\n}\n\nexport { initSync, __wbg_init as default };\n";

    fn inputs() -> Inputs {
        Inputs {
            index_html: "<!doctype html><html><head><title>Check – VRC</title></head><body><div class=\"page-loading\"><p>Loading…</p></div></body></html>".to_owned(),
            app_js: GLUE.to_owned(),
            app_wasm: vec![0, 97, 115, 109, 1, 0, 0, 0],
            css: "body{color:#0b0c0c}\n".to_owned(),
            worker_js: "let wasm_bindgen = (function () { return async () => {}; })();".to_owned(),
            worker_wasm: vec![0, 97, 115, 109, 1, 0, 0, 0, 255],
            packs_js: "let wasm_bindgen = (function () { return async () => {}; })();".to_owned(),
            packs_wasm: vec![0, 97, 115, 109, 1, 0, 0, 0, 254],
            version: "0.1.0+0123456789ab".to_owned(),
            pack: "vrc-builtin 2026.12.06.2 (2026-12-06)".to_owned(),
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_bytes() {
        let one = assemble(&inputs()).unwrap();
        let two = assemble(&inputs()).unwrap();
        assert_eq!(one, two);
        assert_eq!(sha256_hex(one.as_bytes()), sha256_hex(two.as_bytes()));
        // A fixed input gives a fixed file; a change anywhere changes it.
        let mut other = inputs();
        other.worker_wasm.push(0);
        assert_ne!(assemble(&other).unwrap(), one);
    }

    #[test]
    fn the_file_holds_everything_and_names_its_versions() {
        let html = assemble(&inputs()).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        assert!(html.contains(&b64.encode(inputs().app_wasm)));
        assert!(html.contains(&b64.encode(inputs().worker_wasm)));
        assert!(html.contains(&b64.encode(inputs().packs_wasm)));
        assert!(html.contains("<meta name=\"vrc-build\" content=\"offline\">"));
        assert!(html.contains("<meta name=\"vrc-version\" content=\"0.1.0+0123456789ab\">"));
        assert!(html.contains("content=\"vrc-builtin 2026.12.06.2 (2026-12-06)\""));
        assert!(html.contains("<title>Check – VRC</title>"));
        assert!(html.contains("<p>Loading…</p></div></body>"));
        // The glue's export is gone; the loader calls its default export.
        assert!(!html.contains("export {"));
        assert!(
            html.contains("await __wbg_init({ module_or_path: decode(block('vrc-app-wasm')) })")
        );
        let lower = html.to_ascii_lowercase();
        for banned in [
            "src=",
            "connect-src",
            "unsafe-inline",
            "'unsafe-eval'",
            "http://",
            "https://",
        ] {
            assert!(!lower.contains(banned), "{banned}");
        }
    }

    #[test]
    fn the_policy_hashes_the_inline_script_and_style() {
        let html = assemble(&inputs()).unwrap();
        let start =
            html.find("data-vrc-worker-url=\"\">").unwrap() + "data-vrc-worker-url=\"\">".len();
        let script = &html[start..start + html[start..].find("</script>").unwrap()];
        assert!(html.contains(&format!(
            "script-src '{}' 'wasm-unsafe-eval'",
            csp_hash(script)
        )));
        assert!(html.contains(&format!("style-src '{}';", csp_hash("body{color:#0b0c0c}"))));
        assert!(html.contains("default-src 'none';"));
        assert!(html.contains("worker-src blob:;"));
        // A known vector: the hash CSP uses for `alert(1)`.
        assert_eq!(
            csp_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }

    #[test]
    fn a_changed_inline_script_breaks_the_check() {
        let html = assemble(&inputs()).unwrap();
        let changed = html.replace("const wasm = await", "const wasm =  await");
        assert!(changed != html);
        assert!(
            check_policy(&changed)
                .unwrap_err()
                .message
                .contains("does not allow the inline <script>")
        );
        let styled = html.replace("<body>", "<body style=\"color:red\">");
        assert!(
            check_policy(&styled)
                .unwrap_err()
                .message
                .contains("style=")
        );
        let loose = html.replace("default-src 'none';", "default-src 'none'; connect-src *;");
        assert!(check_policy(&loose).is_err());
        let extra = html.replace("</head>", "<script>alert(1)</script></head>");
        assert!(check_policy(&extra).is_err());
    }

    #[test]
    fn code_that_would_end_its_element_is_refused() {
        let mut bad = inputs();
        bad.worker_js.push_str("const s = '</script>';");
        assert!(
            assemble(&bad)
                .unwrap_err()
                .message
                .contains("worker's glue")
        );
        let mut crlf = inputs();
        crlf.css = "a{}\r\nb{}".to_owned();
        assert!(assemble(&crlf).is_err());
        let mut no_export = inputs();
        no_export.app_js = "let x = 1;".to_owned();
        assert!(assemble(&no_export).is_err());
    }

    #[test]
    fn minified_glue_has_the_same_bindings() {
        let glue = "imports.wbg.__wbg_postMessage_408dcc1e = function(a, b) { a.postMessage(b) };\nwasm.__wbindgen_start();\nasync function __wbg_init() {}\n__wbg_init();";
        let minified = "a={__wbg_postMessage_408dcc1e:((a,b)=>{a.postMessage(b)})};w.__wbindgen_start();var B=async()=>{};B()";
        assert_eq!(bindings(glue), bindings(minified));
        assert_ne!(bindings(glue), bindings("w.__wbindgen_start()"));
    }

    #[test]
    fn the_pack_is_named_from_its_table() {
        let toml = "# x\n[pack]\nid = \"vrc-builtin\"\nversion = \"2026.12.06.2\"\ndate = \"2026-12-06\"\n\n[[scale]]\nid = \"other\"\n";
        assert_eq!(
            pack_line(toml).unwrap(),
            "vrc-builtin 2026.12.06.2 (2026-12-06)"
        );
        assert!(pack_line("[other]\nid = \"x\"\n").is_err());
    }

    #[test]
    fn the_glue_loses_its_export_only() {
        let (kept, init) = strip_exports(GLUE).unwrap();
        assert_eq!(init, "__wbg_init");
        assert!(kept.ends_with("}\n\n\n"), "{kept:?}");
        assert!(strip_exports("export{initSync as b,__wbg_init as default};").is_ok());
    }
}
