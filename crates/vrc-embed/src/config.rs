//! The portal's configuration, `config.json` beside `index.html`: the
//! origins that may drive the page, the organisation's default context and
//! the fields staff may not change, its name, logo and colours, and whether
//! the page is embedded. Read with the JSON path of every problem; what is
//! wrong is left out and said on the page (`docs/embedding.md`). What
//! depends on the rule pack (markings, device types, questions) the page
//! checks. Pure: unit-tested natively.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::json::{self, Problem, Problems};
use crate::patch::{CONFIG_FIELDS, ContextPatch, Lock, PAGE_COUNTRY, Vocabulary};

/// A `config.json` larger than this is refused whole.
pub const MAX_CONFIG: usize = 64 * 1024;
const MAX_ORIGINS: usize = 50;

/// The colours a portal can set: the stylesheet's custom properties of the
/// same names (`--brand`…). Those that colour text must keep a contrast of
/// 4.5:1 on white (WCAG 2.2, 1.4.3); `focus` is the focus highlight, under
/// text of the `text` colour.
pub const COLOURS: [&str; 10] = [
    "text",
    "secondary-text",
    "link",
    "link-visited",
    "link-hover",
    "error",
    "focus",
    "brand",
    "border",
    "light-grey",
];
const TEXT_COLOURS: [&str; 6] = [
    "text",
    "secondary-text",
    "link",
    "link-visited",
    "link-hover",
    "error",
];

/// The spacing units a portal can set: the stylesheet's `--space-N`.
pub const SPACING: [&str; 6] = [
    "space-1", "space-2", "space-3", "space-4", "space-6", "space-8",
];

/// The fields of `config.json`.
const FIELDS: [&str; 7] = [
    "$schema",
    "embed",
    "allowed_origins",
    "context",
    "locked",
    "branding",
    "rule_packs",
];

/// The organisation's name, logo and look.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(deny_unknown_fields))]
pub struct Branding {
    /// The organisation's name, shown in the header (at most 100 characters).
    #[cfg_attr(test, schemars(transform = crate::patch::not_null))]
    pub name: Option<String>,
    /// Its logo: a path on the page's own origin (`branding/logo.svg` or
    /// `/branding/logo.svg`), shown beside its name.
    #[cfg_attr(test, schemars(transform = crate::patch::not_null))]
    pub logo: Option<String>,
    /// Colours by name (`text`, `secondary-text`, `link`, `link-visited`,
    /// `link-hover`, `error`, `focus`, `brand`, `border`, `light-grey`), each
    /// `#rgb` or `#rrggbb`. Text colours need a contrast of 4.5:1 on white.
    #[cfg_attr(test, schemars(with = "std::collections::BTreeMap<String, String>"))]
    pub colours: Vec<(String, String)>,
    /// Spacing units by name (`space-1`, `space-2`, `space-3`, `space-4`,
    /// `space-6`, `space-8`), each in `px`, `rem` or `em` (`12px`, `0.75rem`).
    #[cfg_attr(test, schemars(with = "std::collections::BTreeMap<String, String>"))]
    pub spacing: Vec<(String, String)>,
}

impl Branding {
    /// The CSS custom properties to set on the page's root: (`--brand`, `#005ea5`).
    pub fn properties(&self) -> impl Iterator<Item = (String, &str)> {
        (self.colours.iter().chain(&self.spacing)).map(|(k, v)| (format!("--{k}"), v.as_str()))
    }
}

/// What `config.json` says, once read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Whether a `config.json` was there.
    pub found: bool,
    /// The page is embedded: no header, footer or introduction.
    pub embed: bool,
    /// The origins whose messages the page takes, exactly as a browser
    /// writes an origin (`https://intranet.example.org`). None: no messages.
    pub allowed_origins: Vec<String>,
    /// The organisation's default context.
    pub context: ContextPatch,
    /// The context fields staff may not change.
    pub locked: BTreeSet<Lock>,
    pub branding: Branding,
    /// The organisation's own rule packs: paths on the page's own origin,
    /// each one pack file (TOML or JSON), loaded beside the built-in pack.
    pub rule_packs: Vec<String>,
    /// What is wrong in `config.json`, each with its JSON path.
    pub problems: Vec<Problem>,
}

/// The schema of `config.json`, for `docs/embed/config.schema.json`.
#[cfg(test)]
#[derive(schemars::JsonSchema)]
#[schemars(
    title = "Vendor Risk Checker portal configuration (config.json)",
    deny_unknown_fields
)]
#[expect(dead_code, reason = "read by schemars only")]
pub(crate) struct ConfigFile {
    /// The JSON Schema this file follows, for editors; ignored.
    #[serde(rename = "$schema")]
    #[schemars(transform = crate::patch::not_null)]
    schema: Option<String>,
    /// Show the page without its header, footer and introduction, to fit an
    /// iframe (as `?embed` in the page's address does).
    #[schemars(transform = crate::patch::not_null)]
    embed: Option<bool>,
    /// The origins whose messages the page takes and answers, exactly as a
    /// browser writes them: `https://intranet.example.org`, with a port only
    /// when it is not the scheme's own. None, or an empty list: no messages.
    #[schemars(transform = crate::patch::not_null)]
    allowed_origins: Option<Vec<String>>,
    /// The organisation's default context.
    #[schemars(transform = crate::patch::not_null)]
    context: Option<ConfigContext>,
    /// The context fields staff may not change on the page.
    #[schemars(transform = crate::patch::not_null)]
    locked: Option<Vec<Lock>>,
    #[schemars(transform = crate::patch::not_null)]
    branding: Option<Branding>,
    /// The organisation's own rule packs, loaded beside the built-in one:
    /// paths on the page's own origin (`packs/ours.toml`), each one pack
    /// file in TOML or JSON, as `vrc rules validate` checks it. At most 8.
    #[schemars(transform = crate::patch::not_null)]
    rule_packs: Option<Vec<String>>,
}

/// The default context (`answers` by question id; no date).
#[cfg(test)]
#[derive(schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(dead_code, reason = "read by schemars only")]
pub(crate) struct ConfigContext {
    jurisdiction: Option<Option<vrc_engine::Jurisdiction>>,
    #[schemars(transform = crate::patch::not_null)]
    also_jurisdictions: Option<Vec<vrc_engine::Jurisdiction>>,
    #[schemars(transform = crate::patch::not_null)]
    sectors: Option<Vec<vrc_engine::Sector>>,
    classification: Option<Option<String>>,
    device: Option<Option<String>>,
    #[schemars(transform = crate::patch::not_null)]
    answers: Option<std::collections::BTreeMap<String, Option<bool>>>,
}

/// Whether the page's query string asks for embed mode: `?embed`, or
/// `embed` with any value but `0` or `false`.
pub fn query_says_embed(search: &str) -> bool {
    let query = search.strip_prefix('?').unwrap_or(search);
    query.split('&').any(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        name == "embed" && value != "0" && value != "false"
    })
}

/// Checks that `text` is an origin as a browser serialises it
/// (`scheme://host[:port]`, http or https, lower case, no path, no default
/// port): the exact text `MessageEvent.origin` is compared with.
pub fn origin(text: &str) -> Result<String, String> {
    let shown = json::shown(text);
    if text == "*" || text.contains('*') {
        return Err(format!("{shown} is not allowed: list each origin in full"));
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(format!(
            "{shown} is not an origin: write it as `https://host` or `https://host:port`"
        ));
    };
    if scheme != "https" && scheme != "http" {
        return Err(format!("{shown} is not an http or https origin"));
    }
    if rest.contains('/') || rest.contains('?') || rest.contains('#') {
        return Err(format!(
            "{shown} has a path: an origin is only `{scheme}://` and the host (and port)"
        ));
    }
    if rest.contains('@') {
        return Err(format!("{shown} has a user name: an origin has none"));
    }
    let (host, port) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
        // An IPv6 address: `[::1]` or `[::1]:8080`.
        Some((address, after)) => (
            rest.get(..address.len() + 2).unwrap_or(rest),
            after
                .strip_prefix(':')
                .or(Some(after).filter(|a| !a.is_empty())),
        ),
        None => match rest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        },
    };
    let host_ok = !host.is_empty()
        && (host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
            || (host.starts_with('[') && host.ends_with(']')));
    if !host_ok {
        let lower = text.to_ascii_lowercase();
        return Err(if lower != text {
            format!("{shown} must be in lower case, as browsers write origins: `{lower}`")
        } else {
            format!("{shown} does not have a valid host name")
        });
    }
    if let Some(port) = port {
        let number = port
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0 && !port.starts_with('0'));
        match number {
            None => return Err(format!("{shown} does not have a valid port")),
            Some(443) if scheme == "https" => {
                return Err(format!("{shown}: write it without `:443`, as browsers do"));
            }
            Some(80) if scheme == "http" => {
                return Err(format!("{shown}: write it without `:80`, as browsers do"));
            }
            Some(_) => {}
        }
    }
    Ok(text.to_owned())
}

/// `#rgb` or `#rrggbb` as red, green and blue.
fn colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    let digit = |c: u8| (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let digits: Option<Vec<u8>> = hex.bytes().map(digit).collect();
    match digits?.as_slice() {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
        _ => None,
    }
}

/// WCAG's linear value of each sRGB channel value, times 65,535: integer
/// arithmetic keeps float formatting and `powf` out of the wasm.
#[rustfmt::skip]
const LINEAR: [u16; 256] = [
    0, 20, 40, 60, 80, 99, 119, 139, 159, 179, 199, 219,
    241, 264, 288, 313, 340, 367, 396, 427, 458, 491, 526, 562,
    599, 637, 677, 718, 761, 805, 851, 898, 947, 997, 1048, 1101,
    1156, 1212, 1270, 1330, 1391, 1453, 1517, 1583, 1651, 1720, 1790, 1863,
    1937, 2013, 2090, 2170, 2250, 2333, 2418, 2504, 2592, 2681, 2773, 2866,
    2961, 3058, 3157, 3258, 3360, 3464, 3570, 3678, 3788, 3900, 4014, 4129,
    4247, 4366, 4488, 4611, 4736, 4864, 4993, 5124, 5257, 5392, 5530, 5669,
    5810, 5953, 6099, 6246, 6395, 6547, 6700, 6856, 7014, 7174, 7335, 7500,
    7666, 7834, 8004, 8177, 8352, 8528, 8708, 8889, 9072, 9258, 9445, 9635,
    9828, 10022, 10219, 10417, 10619, 10822, 11028, 11235, 11446, 11658, 11873, 12090,
    12309, 12530, 12754, 12980, 13209, 13440, 13673, 13909, 14146, 14387, 14629, 14874,
    15122, 15371, 15623, 15878, 16135, 16394, 16656, 16920, 17187, 17456, 17727, 18001,
    18277, 18556, 18837, 19121, 19407, 19696, 19987, 20281, 20577, 20876, 21177, 21481,
    21787, 22096, 22407, 22721, 23038, 23357, 23678, 24002, 24329, 24658, 24990, 25325,
    25662, 26001, 26344, 26688, 27036, 27386, 27739, 28094, 28452, 28813, 29176, 29542,
    29911, 30282, 30656, 31033, 31412, 31794, 32179, 32567, 32957, 33350, 33745, 34143,
    34544, 34948, 35355, 35764, 36176, 36591, 37008, 37429, 37852, 38278, 38706, 39138,
    39572, 40009, 40449, 40891, 41337, 41785, 42236, 42690, 43147, 43606, 44069, 44534,
    45002, 45473, 45947, 46423, 46903, 47385, 47871, 48359, 48850, 49344, 49841, 50341,
    50844, 51349, 51858, 52369, 52884, 53401, 53921, 54445, 54971, 55500, 56032, 56567,
    57105, 57646, 58190, 58737, 59287, 59840, 60396, 60955, 61517, 62082, 62650, 63221,
    63795, 64372, 64952, 65535,
];

/// WCAG's relative luminance, times 65,535 × 10,000.
fn luminance(rgb: [u8; 3]) -> u64 {
    let linear = |c: u8| u64::from(LINEAR.get(usize::from(c)).copied().unwrap_or_default());
    let [r, g, b] = rgb;
    2126 * linear(r) + 7152 * linear(g) + 722 * linear(b)
}

/// Whether two colours have a contrast of at least 4.5:1 (WCAG's ratio,
/// `(L1 + 0.05) / (L2 + 0.05)`, in integers).
pub fn contrasting(a: [u8; 3], b: [u8; 3]) -> bool {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = (la.max(lb), la.min(lb));
    let margin = 65_535 * 10_000 / 20;
    2 * (light + margin) >= 9 * (dark + margin)
}

/// A length in `px`, `rem` or `em`, not absurdly large.
fn length(text: &str) -> bool {
    let (number, max) = if let Some(n) = text.strip_suffix("px") {
        (n, 200)
    } else if let Some(n) = text.strip_suffix("rem") {
        (n, 12)
    } else if let Some(n) = text.strip_suffix("em") {
        (n, 12)
    } else {
        return false;
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole)
        && digits(fraction)
        && whole
            .parse::<u32>()
            .is_ok_and(|n| n < max || (n == max && fraction.bytes().all(|b| b == b'0')))
}

/// A path on the page's own origin: letters, digits and `._~/-` only, not
/// `//host/…`.
fn same_origin_path(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with("//")
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._~/-".contains(&b))
}

fn branding(value: &Value, path: &str, problems: &mut Problems) -> Branding {
    let mut branding = Branding::default();
    let Some(map) = json::object(
        value,
        path,
        &["name", "logo", "colours", "spacing"],
        problems,
    ) else {
        return branding;
    };
    for (name, value) in map {
        let at = json::key(path, name);
        match name.as_str() {
            "name" => {
                branding.name = json::text(value, &at, 100, problems).map(|s| s.trim().to_owned())
            }
            "logo" => {
                branding.logo = json::text(value, &at, 200, problems).and_then(|s| {
                    if same_origin_path(s) {
                        Some(s.to_owned())
                    } else {
                        problems.add(&at, format!(
                            "{} is not a path on this site: give one such as `branding/logo.svg` (letters, digits and `._~/-`)",
                            json::shown(s)
                        ));
                        None
                    }
                });
            }
            "colours" => {
                branding.colours = pairs(value, &at, &COLOURS, problems, |key, text| {
                    let rgb = colour(text).ok_or_else(|| {
                        format!(
                            "{} is not a colour written `#rgb` or `#rrggbb`",
                            json::shown(text)
                        )
                    })?;
                    if TEXT_COLOURS.contains(&key) && !contrasting(rgb, [255, 255, 255]) {
                        return Err(format!(
                            "{} has too little contrast on white: text needs at least 4.5:1 (WCAG 2.2, 1.4.3)",
                            json::shown(text)
                        ));
                    }
                    Ok(())
                });
            }
            "spacing" => {
                branding.spacing = pairs(value, &at, &SPACING, problems, |_, text| {
                    if length(text) {
                        Ok(())
                    } else {
                        Err(format!(
                            "{} is not a length such as `15px` or `1rem`",
                            json::shown(text)
                        ))
                    }
                });
            }
            _ => {}
        }
    }
    // The focus highlight has text of the text colour on it.
    let find = |k: &str| {
        branding
            .colours
            .iter()
            .find(|(n, _)| n == k)
            .and_then(|(_, v)| colour(v))
    };
    if let Some(focus) = find("focus") {
        let text = find("text").unwrap_or([0x0b, 0x0c, 0x0c]);
        if !contrasting(focus, text) {
            problems.add(
                &json::key(&json::key(path, "colours"), "focus"),
                "has too little contrast with the text colour: focused links need at least 4.5:1",
            );
            branding.colours.retain(|(n, _)| n != "focus");
        }
    }
    branding
}

/// An object of known names to text values, each checked by `good`.
fn pairs(
    value: &Value,
    path: &str,
    names: &[&str],
    problems: &mut Problems,
    good: impl Fn(&str, &str) -> Result<(), String>,
) -> Vec<(String, String)> {
    let Some(map) = json::object(value, path, names, problems) else {
        return Vec::new();
    };
    let mut kept = Vec::new();
    for (name, value) in map {
        let at = json::key(path, name);
        if !names.contains(&name.as_str()) {
            continue;
        }
        if let Some(text) = json::text(value, &at, 40, problems) {
            match good(name, text.trim()) {
                Ok(()) => kept.push((name.clone(), text.trim().to_owned())),
                Err(message) => problems.add(&at, message),
            }
        }
    }
    kept
}

impl Config {
    /// Reads `config.json`: none (`text` is `None`) is a public page, with
    /// no problem. Whatever is wrong (in the rule pack's `vocabulary` too)
    /// is left out and reported.
    pub fn read(text: Option<&str>, vocabulary: &Vocabulary) -> Config {
        let Some(text) = text else {
            return Config::default();
        };
        let mut portal = Config {
            found: true,
            ..Config::default()
        };
        let mut problems = Problems::default();
        if text.len() > MAX_CONFIG {
            problems.add(
                "$",
                format!(
                    "the file is {} bytes, over the limit of {MAX_CONFIG}: nothing in it is used",
                    text.len()
                ),
            );
            portal.problems = problems.0;
            return portal;
        }
        let value: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
            Ok(value) => value,
            Err(err) => {
                problems.add(
                    "$",
                    format!("the file is not valid JSON ({err}): nothing in it is used"),
                );
                portal.problems = problems.0;
                return portal;
            }
        };
        let Some(map) = json::object(&value, "$", &FIELDS, &mut problems) else {
            portal.problems = problems.0;
            return portal;
        };
        for (name, value) in map {
            let at = json::key("$", name);
            match name.as_str() {
                "$schema" => {
                    json::text(value, &at, 500, &mut problems);
                }
                "embed" => portal.embed = json::boolean(value, &at, &mut problems).unwrap_or(false),
                "allowed_origins" => {
                    for (p, s) in json::texts(value, &at, MAX_ORIGINS, 300, &mut problems) {
                        match origin(s) {
                            Ok(o) => portal.allowed_origins.push(o),
                            Err(message) => problems.add(&p, message),
                        }
                    }
                }
                "context" => {
                    portal.context = ContextPatch::read(value, &at, &CONFIG_FIELDS, &mut problems)
                        .check(vocabulary, PAGE_COUNTRY, &at, &mut problems);
                }
                "locked" => {
                    for (p, s) in json::texts(value, &at, 10, 100, &mut problems) {
                        match Lock::ALL.iter().find(|l| l.key() == s) {
                            Some(lock) => {
                                portal.locked.insert(*lock);
                            }
                            None => {
                                let keys: Vec<&str> = Lock::ALL.iter().map(|l| l.key()).collect();
                                problems.add(
                                    &p,
                                    format!(
                                        "{} is not a context field that can be locked: use {}",
                                        json::shown(s),
                                        keys.join(", ")
                                    ),
                                );
                            }
                        }
                    }
                }
                "branding" => portal.branding = branding(value, &at, &mut problems),
                "rule_packs" => {
                    for (p, path) in json::texts(value, &at, 8, 200, &mut problems) {
                        if same_origin_path(path) {
                            portal.rule_packs.push(path.to_owned());
                        } else {
                            problems.add(&p, format!(
                                "{} is not a path on this site: give one such as `packs/ours.toml` (letters, digits and `._~/-`)",
                                json::shown(path)
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        portal.problems = problems.0;
        portal
    }

    /// The configuration as the worker hands it to the page: JSON, with
    /// the default context as the page's commands ([`ContextPatch::commands`]).
    pub fn to_json(&self) -> String {
        let strings = |items: &mut dyn Iterator<Item = &str>| {
            let quoted: Vec<String> = items.map(json::quote).collect();
            format!("[{}]", quoted.join(","))
        };
        let lists = |lists: Vec<Vec<String>>| {
            let lists: Vec<String> = lists
                .iter()
                .map(|l| strings(&mut l.iter().map(String::as_str)))
                .collect();
            format!("[{}]", lists.join(","))
        };
        let optional =
            |s: &Option<String>| s.as_deref().map_or_else(|| "null".to_owned(), json::quote);
        let properties = self
            .branding
            .properties()
            .map(|(k, v)| vec![k, v.to_owned()])
            .collect();
        let problems = self
            .problems
            .iter()
            .map(|p| vec![p.path.clone(), p.message.clone()])
            .collect();
        format!(
            "{{\"found\":{},\"embed\":{},\"origins\":{},\"context\":{},\"locked\":{},\"properties\":{},\"name\":{},\"logo\":{},\"packs\":{},\"problems\":{}}}",
            self.found,
            self.embed,
            strings(&mut self.allowed_origins.iter().map(String::as_str)),
            lists(self.context.commands()),
            strings(&mut self.locked.iter().map(|l| l.key())),
            lists(properties),
            optional(&self.branding.name),
            optional(&self.branding.logo),
            strings(&mut self.rule_packs.iter().map(String::as_str)),
            lists(problems),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn vocabulary() -> Vocabulary {
        Vocabulary::of(&vrc_engine::RuleSet::builtin().unwrap())
    }

    fn problems(text: &str) -> Vec<(String, String)> {
        Config::read(Some(text), &vocabulary())
            .problems
            .into_iter()
            .map(|p| (p.path, p.message))
            .collect()
    }

    #[test]
    fn no_file_is_the_public_page() {
        let portal = Config::read(None, &vocabulary());
        assert!(!portal.found && !portal.embed && portal.allowed_origins.is_empty());
        assert!(portal.problems.is_empty());
        assert_eq!(
            portal.to_json(),
            r#"{"found":false,"embed":false,"origins":[],"context":[],"locked":[],"properties":[],"name":null,"logo":null,"packs":[],"problems":[]}"#
        );
    }

    #[test]
    fn origins_are_taken_only_as_browsers_write_them() {
        // (text, whether it is taken, a word the refusal has)
        let cases = [
            ("https://intranet.example.org", true, ""),
            ("http://127.0.0.1:8081", true, ""),
            ("http://[::1]:8080", true, ""),
            ("*", false, "list each origin"),
            ("https://*.example.org", false, "list each origin"),
            ("https://intranet.example.org/", false, "has a path"),
            ("https://intranet.example.org/portal", false, "has a path"),
            ("https://Intranet.example.org", false, "lower case"),
            ("intranet.example.org", false, "not an origin"),
            ("ftp://example.org", false, "not an http or https"),
            ("https://example.org:443", false, "without `:443`"),
            ("https://example.org:99999", false, "valid port"),
            ("https://user@example.org", false, "user name"),
            ("null", false, "not an origin"),
            ("https://", false, "valid host"),
        ];
        for (text, taken, word) in cases {
            match origin(text) {
                Ok(_) => assert!(taken, "{text} was taken"),
                Err(message) => {
                    assert!(!taken, "{text} was refused: {message}");
                    assert!(message.contains(word), "{text}: {message}");
                }
            }
        }
    }

    #[test]
    fn every_problem_is_reported_at_its_path_and_the_rest_is_used() {
        let text = r##"{
            "embed": "yes",
            "allowed_origins": ["https://portal.example.org", "https://portal.example.org/", 7],
            "context": {"jurisdiction": "GB", "sectors": ["central-government"], "classification": 1, "device": "fridge", "answers": {"who-knows": true}},
            "locked": ["sectors", "as_of"],
            "branding": {
                "name": "Example Department",
                "logo": "https://cdn.example.com/logo.svg",
                "colours": {"brand": "#005ea5", "link": "#ffdd00", "text": "black", "glow": "#fff"},
                "spacing": {"space-4": "16px", "space-6": "2vw"}
            },
            "rule_packs": ["packs/ours.json", "https://cdn.example.com/pack.toml"],
            "theme": {}
        }"##;
        let found = problems(text);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        for path in [
            "$.embed",
            "$.allowed_origins[1]",
            "$.allowed_origins[2]",
            "$.context.classification",
            "$.context.device",
            "$.context.answers.who-knows",
            "$.locked[1]",
            "$.branding.logo",
            "$.branding.colours.link",
            "$.branding.colours.text",
            "$.branding.colours.glow",
            "$.branding.spacing.space-6",
            "$.rule_packs[1]",
            "$.theme",
        ] {
            assert!(paths.contains(&path), "no problem at {path}: {found:?}");
        }
        assert_eq!(found.len(), 14, "{found:?}");
        let portal = Config::read(Some(text), &vocabulary());
        assert_eq!(portal.allowed_origins, ["https://portal.example.org"]);
        assert_eq!(portal.locked, BTreeSet::from([Lock::Sectors]));
        assert_eq!(
            portal.branding.colours,
            [("brand".to_owned(), "#005ea5".to_owned())]
        );
        let props: Vec<(String, &str)> = portal.branding.properties().collect();
        assert_eq!(
            props,
            [
                ("--brand".to_owned(), "#005ea5"),
                ("--space-4".to_owned(), "16px")
            ]
        );
        let commands = portal.context.commands();
        assert_eq!(
            commands,
            vec![
                vec!["jurisdiction", "GB"],
                vec!["sectors", "central-government"]
            ]
        );
        let json: Value = serde_json::from_str(&portal.to_json()).unwrap();
        assert_eq!(
            json["properties"],
            serde_json::json!([["--brand", "#005ea5"], ["--space-4", "16px"]])
        );
        assert_eq!(json["problems"].as_array().unwrap().len(), 14);
    }

    #[test]
    fn a_file_that_is_not_json_or_too_large_is_not_used_and_says_so() {
        let found = problems("{\"embed\": true,");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "$");
        assert!(found[0].1.contains("not valid JSON"), "{}", found[0].1);
        let big = format!(
            "{{\"branding\": {{\"name\": \"{}\"}}}}",
            "x".repeat(MAX_CONFIG)
        );
        assert!(problems(&big)[0].1.contains("over the limit"));
        assert!(problems("[]")[0].1.contains("expected an object"));
    }

    #[test]
    fn text_colours_need_contrast_and_the_query_can_ask_for_embed_mode() {
        let white = [255, 255, 255];
        assert!(contrasting([0, 0, 0], white));
        // GOV.UK's link blue (5.17:1) and secondary text (#505a5f, 7:1) pass; its
        // mid grey (#b1b4b6, 2.1:1) and #767676 (4.54:1) / #777777 (4.48:1) are the edge.
        assert!(contrasting(colour("#1d70b8").unwrap(), white));
        assert!(contrasting(colour("#505a5f").unwrap(), white));
        assert!(!contrasting(colour("#b1b4b6").unwrap(), white));
        assert!(contrasting(colour("#767676").unwrap(), white));
        assert!(!contrasting(colour("#777777").unwrap(), white));
        assert!(contrasting(
            colour("#ffdd00").unwrap(),
            colour("#0b0c0c").unwrap()
        ));
        for (text, good) in [
            ("15px", true),
            ("0.75rem", true),
            ("200px", true),
            ("201px", false),
            ("1.5em", true),
            ("2vw", false),
            ("-1px", false),
            (".5rem", false),
            ("1e3px", false),
        ] {
            assert_eq!(length(text), good, "{text}");
        }
        assert_eq!(colour("#abc"), Some([0xaa, 0xbb, 0xcc]));
        assert_eq!(colour("#abcd"), None);
        for (query, embed) in [
            ("?embed", true),
            ("?a=1&embed=1", true),
            ("?embed=false", false),
            ("?embedded", false),
            ("", false),
        ] {
            assert_eq!(query_says_embed(query), embed, "{query}");
        }
    }
}
