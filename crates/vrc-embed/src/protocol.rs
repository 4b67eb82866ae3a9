//! The embedding protocol's pure part (`docs/embedding.md`): reading a
//! host's message into a [`Request`] or a [`Refusal`], with the JSON path of
//! what was wrong (in the worker), and writing the app's messages (on the
//! page). Nothing here touches the browser; it is unit-tested natively, and
//! its types give the committed JSON Schemas (`docs/embed/*.schema.json`).
//!
//! Every message is an object `{"protocol": "vrc-embed", "version": 1,
//! "type": …, "id": …, "payload": …}`; a reply carries `replyTo`, the id of
//! the request it answers.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::config::Config;
use crate::json::{self, Problems};
use crate::patch::{ContextPatch, Lock, MESSAGE_FIELDS, Vocabulary};

pub const PROTOCOL: &str = "vrc-embed";
/// The versions of the protocol this app speaks.
pub const VERSIONS: [u64; 1] = [1];
/// The largest inventory a host can send: bytes, or characters of text.
pub const MAX_INVENTORY: usize = 32 * 1024 * 1024;
/// The largest message, as JSON text, an inventory's `text` or `bytes` aside.
pub const MAX_MESSAGE: usize = 64 * 1024;
/// The longest `id` or file name.
const MAX_ID: usize = 200;

/// The types of message a host sends.
pub const REQUESTS: [&str; 5] = [
    "init",
    "set-context",
    "load-inventory",
    "load-rules",
    "get-result",
];

/// The largest rule pack a host may send, in characters: the loader's own
/// cap on a pack file loaded in the browser.
pub const MAX_PACK: usize = vrc_engine::load::caps::FILE_BYTES;

/// A host's request, read and checked: nothing is changed before this.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// The handshake, with the context to start in (possibly empty).
    Init(ContextPatch),
    SetContext(ContextPatch),
    /// An inventory to read as a dropped file is: its `text` or `bytes`
    /// are held by the page, which took them out of the message.
    LoadInventory {
        name: String,
    },
    /// A rule pack of the organisation's, one file in TOML or JSON, to load
    /// beside the built-in pack: its `text` is held by the page.
    LoadRules {
        name: String,
    },
    GetResult,
}

/// Why a message was refused: the `code` and `message` of an `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename_all = "kebab-case"))]
pub enum ErrorCode {
    /// The message is not what the protocol says (`path` says where).
    Invalid,
    /// A `type` the app does not take.
    UnknownType,
    /// A `version` the app does not speak (`versions` lists those it does).
    UnsupportedVersion,
    /// The message or its inventory is over the size limit.
    TooLarge,
    /// A request before `init`.
    NotInitialized,
    /// A change to a context field the portal's `config.json` locks.
    Locked,
    /// The inventory could not be read (the page says why, as for a dropped file).
    Unreadable,
    /// The rule pack has problems, and was not loaded: `message` lists
    /// each, placed and worded as `vrc rules validate` does.
    InvalidRules,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Invalid => "invalid",
            ErrorCode::UnknownType => "unknown-type",
            ErrorCode::UnsupportedVersion => "unsupported-version",
            ErrorCode::TooLarge => "too-large",
            ErrorCode::NotInitialized => "not-initialized",
            ErrorCode::Locked => "locked",
            ErrorCode::Unreadable => "unreadable",
            ErrorCode::InvalidRules => "invalid-rules",
        }
    }
}

/// A refused message: what the `error` reply says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
    /// The JSON path of what was wrong, in the message as sent.
    pub path: Option<String>,
}

impl Refusal {
    pub fn new(code: ErrorCode, path: Option<&str>, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
            path: path.map(str::to_owned),
        }
    }

    fn invalid(problems: Problems) -> Refusal {
        let more = problems.0.len().saturating_sub(1);
        let first = problems.0.into_iter().next();
        let (path, message) = first.map_or_else(
            || ("$".to_owned(), "the message is not valid".to_owned()),
            |p| (p.path, p.message),
        );
        let message = match more {
            0 => format!("`{path}`: {message}"),
            1 => format!("`{path}`: {message} (and 1 more problem)"),
            n => format!("`{path}`: {message} (and {n} more problems)"),
        };
        Refusal::new(ErrorCode::Invalid, Some(&path), message)
    }
}

/// A host's message as read: its `id` (when one could be read, for the
/// reply's `replyTo`) and the request or why it is refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub id: Option<String>,
    pub request: Result<Request, Refusal>,
}

/// What the page took out of a message before handing it over: the length
/// of `payload.text` (a string, in characters) and of `payload.bytes` (an
/// `ArrayBuffer` or `Uint8Array`), when there were such.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Taken {
    pub text: Option<usize>,
    pub bytes: Option<usize>,
}

/// What a message is checked against: the portal's configuration (its
/// locked fields and their values), the rule pack's words, the page's
/// country, and whether the host has sent `init`.
#[derive(Debug, Clone, Copy)]
pub struct Session<'a> {
    pub config: &'a Config,
    pub vocabulary: &'a Vocabulary,
    /// The page's country now (`GB`; empty for "Other").
    pub country: &'a str,
    pub initialized: bool,
}

/// Reads a host's message: `text` is the message as JSON, without what
/// the page took out of it (`taken`).
pub fn read(text: &str, taken: Taken, session: Session<'_>) -> Received {
    if text.len() > MAX_MESSAGE {
        return refused(
            None,
            Refusal::new(
                ErrorCode::TooLarge,
                Some("$"),
                format!(
                    "the message is {} bytes, over the limit of {MAX_MESSAGE} (an inventory's `text` or `bytes` aside)",
                    text.len()
                ),
            ),
        );
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(_) => {
            return refused(
                None,
                Refusal::new(
                    ErrorCode::Invalid,
                    Some("$"),
                    "`$`: the message is not a JSON object",
                ),
            );
        }
    };
    let Value::Object(map) = &value else {
        return refused(
            None,
            Refusal::new(
                ErrorCode::Invalid,
                Some("$"),
                format!("`$`: expected an object, found {}", json::kind(&value)),
            ),
        );
    };
    let id = map
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| id.len() <= MAX_ID)
        .map(str::to_owned);
    let request = request(map, taken, session);
    Received { id, request }
}

fn refused(id: Option<String>, refusal: Refusal) -> Received {
    Received {
        id,
        request: Err(refusal),
    }
}

fn request(
    map: &serde_json::Map<String, Value>,
    taken: Taken,
    session: Session<'_>,
) -> Result<Request, Refusal> {
    let mut problems = Problems::default();
    // The protocol and version first: a message in another version may
    // look different in every other way.
    match map.get("protocol") {
        Some(Value::String(p)) if p == PROTOCOL => {}
        Some(other) => problems.add(
            "$.protocol",
            format!("expected `\"{PROTOCOL}\"`, found {}", describe(other)),
        ),
        None => problems.add(
            "$.protocol",
            format!("missing: every message has `\"protocol\": \"{PROTOCOL}\"`"),
        ),
    }
    let spoken = VERSIONS
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match map.get("version").map(|v| (v, v.as_u64())) {
        Some((_, Some(v))) if VERSIONS.contains(&v) => {}
        Some((_, Some(v))) if problems.is_empty() => {
            return Err(Refusal::new(
                ErrorCode::UnsupportedVersion,
                Some("$.version"),
                format!(
                    "version `{v}` of the protocol is not spoken here: this app speaks version {spoken}"
                ),
            ));
        }
        Some((other, _)) => problems.add(
            "$.version",
            format!(
                "expected a version number ({spoken}), found {}",
                describe(other)
            ),
        ),
        None => problems.add(
            "$.version",
            format!("missing: every message has `\"version\": {spoken}`"),
        ),
    }
    if !problems.is_empty() {
        return Err(Refusal::invalid(problems));
    }
    let kind = match map.get("type") {
        Some(Value::String(t)) if REQUESTS.contains(&t.as_str()) => t.as_str(),
        Some(Value::String(t)) => {
            return Err(Refusal::new(
                ErrorCode::UnknownType,
                Some("$.type"),
                format!(
                    "unknown message type {}: the app takes {}",
                    json::shown(t),
                    REQUESTS.join(", ")
                ),
            ));
        }
        Some(other) => {
            problems.add(
                "$.type",
                format!("expected text, found {}", json::kind(other)),
            );
            return Err(Refusal::invalid(problems));
        }
        None => {
            problems.add(
                "$.type",
                format!("missing: the app takes {}", REQUESTS.join(", ")),
            );
            return Err(Refusal::invalid(problems));
        }
    };
    json::fields(
        map,
        "$",
        &["protocol", "version", "type", "id", "payload"],
        &mut problems,
    );
    match map.get("id") {
        Some(Value::String(id)) if id.len() > MAX_ID => problems.add(
            "$.id",
            format!("is {} bytes long, over the limit of {MAX_ID}", id.len()),
        ),
        Some(Value::String(_)) => {}
        Some(other) => problems.add(
            "$.id",
            format!("expected text, found {}", json::kind(other)),
        ),
        None => problems.add(
            "$.id",
            "missing: every request has an `id`, which the reply carries as `replyTo`",
        ),
    }
    if !problems.is_empty() {
        return Err(Refusal::invalid(problems));
    }
    if !session.initialized && kind != "init" {
        return Err(Refusal::new(
            ErrorCode::NotInitialized,
            Some("$.type"),
            format!("`{kind}` came before `init`: answer the app's `ready` with `init` first"),
        ));
    }
    let payload = map.get("payload");
    let request = match kind {
        "init" => {
            let patch = match payload {
                None | Some(Value::Null) => ContextPatch::default(),
                Some(value) => {
                    let payload = json::object(value, "$.payload", &["context"], &mut problems);
                    match payload.and_then(|p| p.get("context")) {
                        Some(context) => {
                            context_patch(context, "$.payload.context", session, &mut problems)?
                        }
                        None => ContextPatch::default(),
                    }
                }
            };
            Request::Init(patch)
        }
        "set-context" => match payload {
            Some(value) => {
                Request::SetContext(context_patch(value, "$.payload", session, &mut problems)?)
            }
            None => {
                problems.add("$.payload", "missing: give the context fields to change");
                return Err(Refusal::invalid(problems));
            }
        },
        "load-inventory" => load_inventory(payload, taken, &mut problems)?,
        "load-rules" => load_rules(payload, taken, &mut problems)?,
        _ => {
            match payload {
                None | Some(Value::Null) => {}
                Some(value) => {
                    json::object(value, "$.payload", &[], &mut problems);
                }
            }
            Request::GetResult
        }
    };
    if !problems.is_empty() {
        return Err(Refusal::invalid(problems));
    }
    Ok(request)
}

/// A value as a problem shows it: text in backticks, else what it is.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => json::shown(s),
        other => json::kind(other).to_owned(),
    }
}

/// A context change, checked against the rule pack and the locked fields.
fn context_patch(
    value: &Value,
    path: &str,
    session: Session<'_>,
    problems: &mut Problems,
) -> Result<ContextPatch, Refusal> {
    let patch = ContextPatch::read(value, path, &MESSAGE_FIELDS, problems).check(
        session.vocabulary,
        session.country,
        path,
        problems,
    );
    if !problems.is_empty() {
        return Err(Refusal::invalid(std::mem::take(problems)));
    }
    if let Some(lock) = patch.changes_locked(&session.config.context, &session.config.locked) {
        let at = json::key(path, lock.key());
        let message = format!(
            "`{at}`: `{}` is set by the organisation (`locked` in its config.json), and cannot be changed",
            lock.key()
        );
        return Err(Refusal::new(ErrorCode::Locked, Some(&at), message));
    }
    Ok(patch)
}

fn load_inventory(
    payload: Option<&Value>,
    taken: Taken,
    problems: &mut Problems,
) -> Result<Request, Refusal> {
    let map = file_payload(
        payload,
        "give the inventory's `name`, and its `text` or `bytes`",
        &["name", "text", "bytes"],
        problems,
    )?;
    let name = file_name(
        map.get("name"),
        "the file's name, as a dropped file has one",
        problems,
    );
    // The page takes a string out of `text`, and an ArrayBuffer out of
    // `bytes`: one left is neither.
    if let Some(other) = map.get("text") {
        problems.add(
            "$.payload.text",
            format!("expected text, found {}", json::kind(other)),
        );
    }
    if let Some(other) = map.get("bytes") {
        problems.add(
            "$.payload.bytes",
            format!("expected an ArrayBuffer, found {}", json::kind(other)),
        );
    }
    let given = |key: &str, len: Option<usize>| len.is_some() || map.contains_key(key);
    match (given("text", taken.text), given("bytes", taken.bytes)) {
        (true, true) => problems.add(
            "$.payload.bytes",
            "give the inventory as `text` or as `bytes`, not both",
        ),
        (false, false) => problems.add(
            "$.payload",
            "give the inventory as `text` or as `bytes` (an ArrayBuffer)",
        ),
        _ => {}
    }
    if !problems.is_empty() {
        return Err(Refusal::invalid(std::mem::take(problems)));
    }
    for (key, len, unit) in [
        ("text", taken.text, "characters"),
        ("bytes", taken.bytes, "bytes"),
    ] {
        if let Some(n) = len.filter(|n| *n > MAX_INVENTORY) {
            return Err(Refusal::new(
                ErrorCode::TooLarge,
                Some(&format!("$.payload.{key}")),
                format!(
                    "`$.payload.{key}`: the inventory is {n} {unit}, over the limit of {MAX_INVENTORY}"
                ),
            ));
        }
    }
    Ok(Request::LoadInventory {
        name: name.unwrap_or_default().to_owned(),
    })
}

/// A file's payload: an object of these `keys`; `missing` says what to give
/// when there is none.
fn file_payload<'a>(
    payload: Option<&'a Value>,
    missing: &str,
    keys: &[&str],
    problems: &mut Problems,
) -> Result<&'a serde_json::Map<String, Value>, Refusal> {
    let Some(value) = payload else {
        problems.add("$.payload", format!("missing: {missing}"));
        return Err(Refusal::invalid(std::mem::take(problems)));
    };
    json::object(value, "$.payload", keys, problems)
        .ok_or_else(|| Refusal::invalid(std::mem::take(problems)))
}

/// The payload's `name` of a file, trimmed: `what` says what it is when it
/// is missing.
fn file_name<'a>(value: Option<&'a Value>, what: &str, problems: &mut Problems) -> Option<&'a str> {
    let Some(value) = value else {
        problems.add("$.payload.name", format!("missing: {what}"));
        return None;
    };
    let name = json::text(value, "$.payload.name", MAX_ID, problems).map(str::trim);
    if name == Some("") {
        problems.add("$.payload.name", "is empty: give the file's name");
    }
    name
}

/// A rule pack: its file `name` (`.toml` or `.json`) and its `text`.
fn load_rules(
    payload: Option<&Value>,
    taken: Taken,
    problems: &mut Problems,
) -> Result<Request, Refusal> {
    let map = file_payload(
        payload,
        "give the pack's `name` and its `text`",
        &["name", "text"],
        problems,
    )?;
    let name = file_name(
        map.get("name"),
        "the pack file's name (`ours.toml`), which its messages name",
        problems,
    );
    // The page takes a string out of `text`: one left is not text.
    match (map.get("text"), taken.text) {
        (Some(other), _) => problems.add(
            "$.payload.text",
            format!("expected text, found {}", json::kind(other)),
        ),
        (None, None) if taken.bytes.is_none() => problems.add(
            "$.payload.text",
            "missing: the pack file's content, in TOML or JSON",
        ),
        (None, _) => {}
    }
    if taken.bytes.is_some() {
        problems.add(
            "$.payload.bytes",
            "give the pack as `text`: a rule pack is TOML or JSON text",
        );
    }
    if !problems.is_empty() {
        return Err(Refusal::invalid(std::mem::take(problems)));
    }
    if let Some(n) = taken.text.filter(|n| *n > MAX_PACK) {
        return Err(Refusal::new(
            ErrorCode::TooLarge,
            Some("$.payload.text"),
            format!("`$.payload.text`: the pack is {n} characters, over the limit of {MAX_PACK}"),
        ));
    }
    Ok(Request::LoadRules {
        name: name.unwrap_or_default().to_owned(),
    })
}

impl Request {
    /// Its `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Request::Init(_) => "init",
            Request::SetContext(_) => "set-context",
            Request::LoadInventory { .. } => "load-inventory",
            Request::LoadRules { .. } => "load-rules",
            Request::GetResult => "get-result",
        }
    }
}

impl Received {
    /// The message as the worker hands it to the page: JSON with the reply
    /// to post as it is (`reply`: an `error`, or `initialized` for `init`),
    /// and for a request taken, its `type`, `id`, the context's commands and
    /// an inventory's `name`. `id` numbers the app's own message.
    pub fn to_json(&self, id: &str, locked: &BTreeSet<Lock>) -> String {
        let reply_to = self.id.as_deref();
        let request = match &self.request {
            Err(refusal) => {
                return format!(
                    "{{\"reply\":{}}}",
                    json::quote(&error(id, reply_to, refusal))
                );
            }
            Ok(request) => request,
        };
        let (commands, name) = match request {
            Request::Init(patch) | Request::SetContext(patch) => (patch.commands(), ""),
            Request::LoadInventory { name } | Request::LoadRules { name } => {
                (Vec::new(), name.as_str())
            }
            Request::GetResult => (Vec::new(), ""),
        };
        let commands: Vec<String> = (commands.iter())
            .map(|c| {
                format!(
                    "[{}]",
                    c.iter()
                        .map(|w| json::quote(w))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            })
            .collect();
        let reply = match request {
            Request::Init(_) => format!(
                ",\"reply\":{}",
                json::quote(&initialized(id, reply_to, locked))
            ),
            _ => String::new(),
        };
        format!(
            "{{\"type\":\"{}\",\"id\":{},\"context\":[{}],\"name\":{}{reply}}}",
            request.kind(),
            reply_to.map_or_else(|| "null".to_owned(), json::quote),
            commands.join(","),
            json::quote(name),
        )
    }
}

/// A message of the app's, as JSON text: `payload` is JSON already.
pub fn envelope(kind: &str, id: &str, reply_to: Option<&str>, payload: &str) -> String {
    let reply = reply_to
        .map(|r| format!(",\"replyTo\":{}", json::quote(r)))
        .unwrap_or_default();
    format!(
        "{{\"protocol\":\"{PROTOCOL}\",\"version\":1,\"type\":\"{kind}\",\"id\":{}{reply},\"payload\":{payload}}}",
        json::quote(id)
    )
}

/// `ready`: the app takes messages now, in these versions.
pub fn ready(id: &str) -> String {
    let versions = VERSIONS
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    envelope("ready", id, None, &format!("{{\"versions\":[{versions}]}}"))
}

/// `initialized`: the answer to `init`, with the fields the portal locks.
pub fn initialized(id: &str, reply_to: Option<&str>, locked: &BTreeSet<Lock>) -> String {
    let locked: Vec<String> = locked.iter().map(|l| json::quote(l.key())).collect();
    envelope(
        "initialized",
        id,
        reply_to,
        &format!("{{\"locked\":[{}]}}", locked.join(",")),
    )
}

/// `result`: the assessment, the report document of `vrc check --format json`.
pub fn result(id: &str, reply_to: Option<&str>, report: &str) -> String {
    envelope("result", id, reply_to, report)
}

/// `resize`: the height of the page's content, in CSS pixels.
pub fn resize(id: &str, height: u32) -> String {
    envelope("resize", id, None, &format!("{{\"height\":{height}}}"))
}

/// `error`: why a request was refused, or could not be done.
pub fn error(id: &str, reply_to: Option<&str>, refusal: &Refusal) -> String {
    let path = refusal
        .path
        .as_deref()
        .map(|p| format!(",\"path\":{}", json::quote(p)))
        .unwrap_or_default();
    let versions = if refusal.code == ErrorCode::UnsupportedVersion {
        format!(
            ",\"versions\":[{}]",
            VERSIONS
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        )
    } else {
        String::new()
    };
    let payload = format!(
        "{{\"code\":\"{}\",\"message\":{}{path}{versions}}}",
        refusal.code.as_str(),
        json::quote(&refusal.message)
    );
    envelope("error", id, reply_to, &payload)
}

/// The JSON Schemas of the messages, generated from these types and
/// committed under `docs/embed/` (a test keeps them current).
#[cfg(test)]
pub(crate) mod schema {
    use std::collections::BTreeMap;

    use schemars::JsonSchema;
    use vrc_engine::report::Report;

    use super::{ErrorCode, Lock};
    use crate::patch::ContextPatch;

    macro_rules! message {
        ($name:ident, $kind:literal, $payload:ty, $title:literal, $doc:literal $(, $reply:ty)?) => {
            #[derive(JsonSchema)]
            #[schemars(title = $title, description = $doc, deny_unknown_fields)]
            #[allow(dead_code, reason = "read by schemars only")]
            pub struct $name {
                #[schemars(extend("const" = "vrc-embed"))]
                protocol: String,
                /// The protocol's version: 1.
                #[schemars(extend("const" = 1))]
                version: u32,
                #[schemars(extend("const" = $kind))]
                r#type: String,
                /// The sender's id for this message, unique among its messages.
                id: String,
                $(
                    /// The `id` of the request this answers.
                    #[serde(rename = "replyTo")]
                    #[schemars(transform = crate::patch::not_null)]
                    reply_to: $reply,
                )?
                payload: $payload,
            }
        };
    }

    /// An ArrayBuffer: posted as a structured clone, it has no JSON form.
    #[derive(JsonSchema)]
    #[schemars(
        description = "An ArrayBuffer (it has no JSON form: it is posted as a structured clone)."
    )]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct ArrayBuffer {}

    /// `init`'s payload.
    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct InitPayload {
        /// The context to start in; the fields not given keep the page's (the portal's defaults).
        #[schemars(transform = crate::patch::not_null)]
        context: Option<ContextPatch>,
    }

    /// `load-inventory`'s payload: `text`, or `bytes`, not both.
    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct LoadInventoryPayload {
        /// The file's name, as a dropped file has one (`estate.csv`); its format is told from its content.
        name: String,
        /// The file's content as text (at most 32 MiB).
        #[schemars(transform = crate::patch::not_null)]
        text: Option<String>,
        /// The file's content as an ArrayBuffer (at most 32 MiB).
        #[schemars(transform = crate::patch::not_null)]
        bytes: Option<ArrayBuffer>,
    }

    /// `load-rules`'s payload.
    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct LoadRulesPayload {
        /// The pack file's name (`ours.toml`, `ours.json`): its messages name it, and `.json` reads it as JSON.
        name: String,
        /// The pack file, in TOML or JSON, as `vrc rules validate` reads it (at most 2,000,000 characters).
        text: String,
    }

    /// An empty payload (or none).
    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct Empty {}

    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct ReadyPayload {
        /// The protocol versions the app speaks.
        versions: Vec<u32>,
    }

    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct InitializedPayload {
        /// The context fields the portal's config.json locks: `set-context` cannot change them.
        locked: Vec<Lock>,
    }

    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct ResizePayload {
        /// The height of the page's content, in CSS pixels.
        height: u32,
    }

    #[derive(JsonSchema)]
    #[schemars(deny_unknown_fields)]
    #[allow(dead_code, reason = "read by schemars only")]
    pub struct ErrorPayload {
        code: ErrorCode,
        /// What was wrong, in a sentence, with the path of what was wrong.
        message: String,
        /// The JSON path of what was wrong in the request (`$.payload.context.sectors[1]`).
        #[schemars(transform = crate::patch::not_null)]
        path: Option<String>,
        /// With `unsupported-version`: the versions the app speaks.
        #[schemars(transform = crate::patch::not_null)]
        versions: Option<Vec<u32>>,
    }

    message!(
        Ready,
        "ready",
        ReadyPayload,
        "vrc-embed: ready (app to host)",
        "The app takes messages now. Posted once to the parent page, if its origin is allowed."
    );
    message!(
        Init,
        "init",
        Option<InitPayload>,
        "vrc-embed: init (host to app)",
        "The host's answer to `ready`, optionally with the context to start in. The app answers `initialized`, then `result`."
    );
    message!(
        Initialized,
        "initialized",
        InitializedPayload,
        "vrc-embed: initialized (app to host)",
        "The answer to `init`: the app now answers this origin's requests and posts `result` after every evaluation.",
        String
    );
    message!(
        SetContext,
        "set-context",
        ContextPatch,
        "vrc-embed: set-context (host to app)",
        "Changes the context: only the fields given. Answered by the `result` of the evaluation that follows, or by `error`."
    );
    message!(
        LoadInventory,
        "load-inventory",
        LoadInventoryPayload,
        "vrc-embed: load-inventory (host to app)",
        "An inventory file, read as a dropped file is (any format the page reads). Answered by `result` once it is checked, or by `error`."
    );
    message!(
        LoadRules,
        "load-rules",
        LoadRulesPayload,
        "vrc-embed: load-rules (host to app)",
        "A rule pack of the organisation's, one file, loaded beside the built-in pack (and any loaded before; a pack of the same id replaces it). Checked as `vrc rules validate` checks it, and capped: answered by the `result` of the evaluation with its rules, or by `error` (`invalid-rules`) listing every problem, with nothing changed."
    );
    message!(
        GetResult,
        "get-result",
        Option<Empty>,
        "vrc-embed: get-result (host to app)",
        "Asks for the assessment as it is: answered by `result`."
    );
    message!(
        ResultMessage,
        "result",
        Report,
        "vrc-embed: result (app to host)",
        "The assessment, the document of `vrc check --format json` (docs/report.md): posted after every evaluation, with `replyTo` when it answers a request.",
        Option<String>
    );
    message!(
        Resize,
        "resize",
        ResizePayload,
        "vrc-embed: resize (app to host)",
        "The height of the page's content changed: the host can size its iframe to it."
    );
    message!(
        Error,
        "error",
        ErrorPayload,
        "vrc-embed: error (app to host)",
        "A request was refused, and nothing was changed; or an inventory could not be read. `replyTo` names the request when its id could be read.",
        Option<String>
    );

    /// Every message's schema by file name.
    pub fn all() -> BTreeMap<&'static str, serde_json::Value> {
        let mut all = BTreeMap::new();
        let mut put = |name: &'static str, schema: schemars::Schema| {
            all.insert(name, serde_json::to_value(schema).unwrap_or_default());
        };
        put("ready", schemars::schema_for!(Ready));
        put("init", schemars::schema_for!(Init));
        put("initialized", schemars::schema_for!(Initialized));
        put("set-context", schemars::schema_for!(SetContext));
        put("load-inventory", schemars::schema_for!(LoadInventory));
        put("load-rules", schemars::schema_for!(LoadRules));
        put("get-result", schemars::schema_for!(GetResult));
        put("result", schemars::schema_for!(ResultMessage));
        put("resize", schemars::schema_for!(Resize));
        put("error", schemars::schema_for!(Error));
        put("config", schemars::schema_for!(crate::config::ConfigFile));
        all
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use vrc_engine::Sector;

    use super::*;

    /// A portal that locks the sectors to central government, in the UK.
    fn config() -> Config {
        let text = r#"{"context": {"jurisdiction": "GB", "sectors": ["central-government"]}, "locked": ["sectors"]}"#;
        Config::read(Some(text), &crate::config::tests::vocabulary())
    }

    fn read_in(text: &str, taken: Taken, initialized: bool) -> Received {
        let (config, vocabulary) = (config(), crate::config::tests::vocabulary());
        read(
            text,
            taken,
            Session {
                config: &config,
                vocabulary: &vocabulary,
                country: "GB",
                initialized,
            },
        )
    }

    fn message(kind: &str, payload: Value) -> Value {
        json!({"protocol": "vrc-embed", "version": 1, "type": kind, "id": "h-1", "payload": payload})
    }

    fn text(n: usize) -> Taken {
        Taken {
            text: Some(n),
            bytes: None,
        }
    }

    fn bytes(n: usize) -> Taken {
        Taken {
            text: None,
            bytes: Some(n),
        }
    }

    #[test]
    fn good_requests_are_read() {
        let none = Taken::default();
        let cases = [
            (
                message("init", json!(null)),
                none,
                Request::Init(ContextPatch::default()),
            ),
            (
                json!({"protocol": "vrc-embed", "version": 1, "type": "get-result", "id": "h-1"}),
                none,
                Request::GetResult,
            ),
            (message("get-result", json!({})), none, Request::GetResult),
            (
                message(
                    "set-context",
                    json!({"sectors": ["central-government"], "device": "mobile"}),
                ),
                none,
                Request::SetContext(ContextPatch {
                    sectors: Some(BTreeSet::from([Sector::CentralGovernment])),
                    device: Some(Some("mobile".into())),
                    ..ContextPatch::default()
                }),
            ),
            (
                message("load-inventory", json!({"name": "a.csv"})),
                text(18),
                Request::LoadInventory {
                    name: "a.csv".into(),
                },
            ),
            (
                message("load-inventory", json!({"name": " a.xlsx "})),
                bytes(10),
                Request::LoadInventory {
                    name: "a.xlsx".into(),
                },
            ),
            (
                message("load-rules", json!({"name": "ours.toml"})),
                text(300),
                Request::LoadRules {
                    name: "ours.toml".into(),
                },
            ),
        ];
        for (value, taken, want) in cases {
            let got = read_in(&value.to_string(), taken, true);
            assert_eq!(got.id.as_deref(), Some("h-1"));
            assert_eq!(got.request, Ok(want), "{value}");
        }
        let init = message(
            "init",
            json!({"context": {"jurisdiction": "US", "classification": "SECRET"}}),
        );
        let got = read_in(&init.to_string(), Taken::default(), false);
        let handed: Value =
            serde_json::from_str(&got.to_json("vrc-e1", &BTreeSet::from([Lock::Sectors]))).unwrap();
        assert_eq!(handed["type"], "init");
        assert_eq!(
            handed["context"],
            json!([["jurisdiction", "US"], ["classification", "SECRET"]])
        );
        let reply: Value = serde_json::from_str(handed["reply"].as_str().unwrap()).unwrap();
        assert_eq!(reply["type"], "initialized");
        assert_eq!(reply["replyTo"], "h-1");
        assert_eq!(reply["payload"]["locked"], json!(["sectors"]));
    }

    #[test]
    fn bad_messages_are_refused_with_a_code_and_the_path_of_what_was_wrong() {
        let none = Taken::default();
        // (message, what the page took out, code, path, a word of the message)
        let cases: Vec<(Value, Taken, ErrorCode, &str, &str)> = vec![
            (
                json!("hello"),
                none,
                ErrorCode::Invalid,
                "$",
                "expected an object",
            ),
            (
                json!([1]),
                none,
                ErrorCode::Invalid,
                "$",
                "expected an object",
            ),
            (
                json!({"type": "init", "id": "h-1"}),
                none,
                ErrorCode::Invalid,
                "$.protocol",
                "missing",
            ),
            (
                json!({"protocol": "other", "version": 1, "type": "init", "id": "h-1"}),
                none,
                ErrorCode::Invalid,
                "$.protocol",
                "`other`",
            ),
            (
                json!({"protocol": "vrc-embed", "version": 2, "type": "init", "id": "h-1"}),
                none,
                ErrorCode::UnsupportedVersion,
                "$.version",
                "speaks version 1",
            ),
            (
                json!({"protocol": "vrc-embed", "version": "1", "type": "init", "id": "h-1"}),
                none,
                ErrorCode::Invalid,
                "$.version",
                "found `1`",
            ),
            (
                json!({"protocol": "vrc-embed", "version": 1.5, "type": "init", "id": "h-1"}),
                none,
                ErrorCode::Invalid,
                "$.version",
                "found a number",
            ),
            (
                message("delete-everything", json!(null)),
                none,
                ErrorCode::UnknownType,
                "$.type",
                "`delete-everything`",
            ),
            (
                message("result", json!(null)),
                none,
                ErrorCode::UnknownType,
                "$.type",
                "init, set-context",
            ),
            (
                json!({"protocol": "vrc-embed", "version": 1, "type": "get-result"}),
                none,
                ErrorCode::Invalid,
                "$.id",
                "missing",
            ),
            (
                json!({"protocol": "vrc-embed", "version": 1, "type": "get-result", "id": 7}),
                none,
                ErrorCode::Invalid,
                "$.id",
                "expected text",
            ),
            (
                json!({"protocol": "vrc-embed", "version": 1, "type": "get-result", "id": "h-1", "extra": 1}),
                none,
                ErrorCode::Invalid,
                "$.extra",
                "unknown field",
            ),
            (
                message("get-result", json!({"now": true})),
                none,
                ErrorCode::Invalid,
                "$.payload.now",
                "unknown field",
            ),
            (
                message(
                    "set-context",
                    json!({"sectors": ["enterprise", "centralgov"]}),
                ),
                none,
                ErrorCode::Invalid,
                "$.payload.sectors[1]",
                "`centralgov`",
            ),
            (
                message(
                    "set-context",
                    json!({"classification": "SECRET", "device": 4}),
                ),
                none,
                ErrorCode::Invalid,
                "$.payload.device",
                "expected text",
            ),
            (
                message("set-context", json!({"classification": "CUI"})),
                none,
                ErrorCode::Invalid,
                "$.payload.classification",
                "OFFICIAL, OFFICIAL-SENSITIVE",
            ),
            (
                message("set-context", json!({"device": "toaster"})),
                none,
                ErrorCode::Invalid,
                "$.payload.device",
                "`toaster`",
            ),
            (
                message("set-context", json!({"answers": {"nope": true}})),
                none,
                ErrorCode::Invalid,
                "$.payload.answers.nope",
                "not a question",
            ),
            (
                message("set-context", json!({"sectors": ["enterprise"]})),
                none,
                ErrorCode::Locked,
                "$.payload.sectors",
                "set by the organisation",
            ),
            (
                message("init", json!({"context": {"sectors": ["individual"]}})),
                none,
                ErrorCode::Locked,
                "$.payload.context.sectors",
                "locked",
            ),
            (
                message("init", json!({"context": {"as_of": "tomorrow"}})),
                none,
                ErrorCode::Invalid,
                "$.payload.context.as_of",
                "YYYY-MM-DD",
            ),
            (
                message("set-context", json!(null)),
                none,
                ErrorCode::Invalid,
                "$.payload",
                "expected an object",
            ),
            (
                json!({"protocol": "vrc-embed", "version": 1, "type": "set-context", "id": "h-1"}),
                none,
                ErrorCode::Invalid,
                "$.payload",
                "missing",
            ),
            (
                message("load-inventory", json!({})),
                text(1),
                ErrorCode::Invalid,
                "$.payload.name",
                "missing",
            ),
            (
                message("load-rules", json!({"name": "ours.toml"})),
                none,
                ErrorCode::Invalid,
                "$.payload.text",
                "missing",
            ),
            (
                message("load-rules", json!({"name": "ours.toml"})),
                bytes(10),
                ErrorCode::Invalid,
                "$.payload.bytes",
                "TOML or JSON text",
            ),
            (
                message("load-rules", json!({"text": 1})),
                none,
                ErrorCode::Invalid,
                "$.payload.name",
                "missing",
            ),
            (
                message("load-rules", json!({"name": "ours.toml"})),
                text(MAX_PACK + 1),
                ErrorCode::TooLarge,
                "$.payload.text",
                "over the limit of 2000000",
            ),
            (
                message("load-inventory", json!({"name": "a.csv"})),
                none,
                ErrorCode::Invalid,
                "$.payload",
                "`text` or as `bytes`",
            ),
            (
                message("load-inventory", json!({"name": "a.csv", "bytes": [1, 2]})),
                none,
                ErrorCode::Invalid,
                "$.payload.bytes",
                "ArrayBuffer",
            ),
            (
                message("load-inventory", json!({"name": "a.csv", "text": 12})),
                none,
                ErrorCode::Invalid,
                "$.payload.text",
                "expected text",
            ),
            (
                message("load-inventory", json!({"name": "a.csv"})),
                Taken {
                    text: Some(1),
                    bytes: Some(3),
                },
                ErrorCode::Invalid,
                "$.payload.bytes",
                "not both",
            ),
            (
                message("load-inventory", json!({"name": "a.csv"})),
                text(MAX_INVENTORY + 1),
                ErrorCode::TooLarge,
                "$.payload.text",
                "over the limit",
            ),
            (
                message("load-inventory", json!({"name": "a.csv"})),
                bytes(MAX_INVENTORY + 1),
                ErrorCode::TooLarge,
                "$.payload.bytes",
                "over the limit",
            ),
            (
                message(
                    "set-context",
                    json!({"classification": "x".repeat(MAX_MESSAGE)}),
                ),
                none,
                ErrorCode::TooLarge,
                "$",
                "message is",
            ),
        ];
        for (value, taken, code, path, word) in cases {
            let got = read_in(&value.to_string(), taken, true);
            let shown = value.to_string();
            let shown = shown.get(..200).unwrap_or(&shown);
            let Err(refusal) = &got.request else {
                panic!("{shown} was taken: {:?}", got.request)
            };
            assert_eq!(refusal.code, code, "{shown}: {refusal:?}");
            assert_eq!(refusal.path.as_deref(), Some(path), "{shown}: {refusal:?}");
            assert!(
                refusal.message.contains(word),
                "{shown}: {}",
                refusal.message
            );
            let handed: Value =
                serde_json::from_str(&got.to_json("vrc-e1", &BTreeSet::new())).unwrap();
            let reply: Value = serde_json::from_str(handed["reply"].as_str().unwrap()).unwrap();
            assert_eq!(reply["payload"]["code"], code.as_str());
            assert_eq!(reply["payload"]["path"], path);
        }
    }

    /// A request before `init` is refused; `init` is taken.
    #[test]
    fn init_comes_first() {
        let got = read_in(
            &message("get-result", json!(null)).to_string(),
            Taken::default(),
            false,
        );
        assert_eq!(got.request.unwrap_err().code, ErrorCode::NotInitialized);
        assert!(
            read_in(
                &message("init", json!(null)).to_string(),
                Taken::default(),
                false
            )
            .request
            .is_ok()
        );
    }

    #[test]
    fn the_apps_messages_follow_their_schemas() {
        let schemas = schema::all();
        let valid = |name: &str, text: &str| {
            let value: Value = serde_json::from_str(text).unwrap();
            let validator = jsonschema::validator_for(&schemas[name]).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{name}: {text:.300}\n{}",
                errors.join("\n")
            );
        };
        valid("ready", &ready("vrc-1"));
        valid(
            "initialized",
            &initialized("vrc-2", Some("h-1"), &BTreeSet::from([Lock::Sectors])),
        );
        valid("resize", &resize("vrc-3", 812));
        let context = vrc_engine::Context::new(vrc_engine::Date::from_ymd(2025, 6, 1).unwrap());
        let rules = vrc_engine::RuleSet::builtin().unwrap();
        let assessment = vrc_engine::assess(
            &rules,
            &context,
            vec![vrc_engine::InventoryItem::new(
                "AO Kaspersky Lab",
                "Kaspersky Endpoint Security",
            )],
        );
        let report = vrc_engine::report::Report::new(&rules, &assessment, Vec::new()).to_json();
        valid("result", &result("vrc-4", Some("h-2"), &report));
        valid("result", &result("vrc-5", None, &report));
        for refusal in [
            Refusal::new(
                ErrorCode::UnsupportedVersion,
                Some("$.version"),
                "version `2`…",
            ),
            Refusal::new(ErrorCode::Unreadable, None, "`a.csv` is empty"),
        ] {
            valid("error", &error("vrc-6", Some("h-3"), &refusal));
        }
        // The host's messages that the app takes follow theirs, and those it
        // refuses for their shape do not.
        valid(
            "set-context",
            &message(
                "set-context",
                json!({"sectors": ["enterprise"], "classification": null}),
            )
            .to_string(),
        );
        valid(
            "load-inventory",
            &message("load-inventory", json!({"name": "a.csv", "text": "x"})).to_string(),
        );
        valid(
            "init",
            &message("init", json!({"context": {"jurisdiction": "GB"}})).to_string(),
        );
        valid(
            "get-result",
            &json!({"protocol": "vrc-embed", "version": 1, "type": "get-result", "id": "h"})
                .to_string(),
        );
        let invalid = |name: &str, value: Value| {
            let validator = jsonschema::validator_for(&schemas[name]).unwrap();
            assert!(!validator.is_valid(&value), "{name} takes {value}");
        };
        invalid(
            "set-context",
            message("set-context", json!({"sectors": ["centralgov"]})),
        );
        invalid(
            "set-context",
            message("set-context", json!({"colour": "red"})),
        );
        invalid(
            "set-context",
            message("set-context", json!({"sectors": null})),
        );
        invalid(
            "set-context",
            json!({"protocol": "vrc-embed", "version": 2, "type": "set-context", "id": "h", "payload": {}}),
        );
        invalid("get-result", message("set-context", json!({})));
        invalid(
            "load-inventory",
            message("load-inventory", json!({"text": "x"})),
        );
        // And a portal's configuration, as docs/embedding.md shows it.
        let config: Value =
            serde_json::from_str(include_str!("../../../examples/portal/config.json")).unwrap();
        let validator = jsonschema::validator_for(&schemas["config"]).unwrap();
        assert!(validator.is_valid(&config));
        let read = crate::config::Config::read(
            Some(&config.to_string()),
            &crate::config::tests::vocabulary(),
        );
        assert!(read.problems.is_empty(), "{:?}", read.problems);
    }

    #[test]
    fn the_committed_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/embed");
        for (name, schema) in schema::all() {
            let want = serde_json::to_string_pretty(&schema).unwrap() + "\n";
            let path = dir.join(format!("{name}.schema.json"));
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            if have != want {
                if std::env::var_os("VRC_BLESS").is_some() {
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(&path, want).unwrap();
                } else {
                    panic!(
                        "{} is out of date: run `VRC_BLESS=1 cargo test -p vrc-embed` and commit it",
                        path.display()
                    );
                }
            }
        }
    }
}
