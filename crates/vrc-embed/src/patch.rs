//! A change to the context, as a portal's `config.json` gives its defaults
//! and as a host's `set-context` message asks: only the fields given change.
//! Read from JSON with the path of every problem ([`ContextPatch::read`]),
//! checked against the rule pack's words ([`Vocabulary`], which the page
//! sends) and the portal's locked fields, and handed to the page as
//! commands ([`ContextPatch::commands`]), which it turns into its own
//! actions, so that the context changes exactly as the form would change it.

use std::collections::{BTreeMap, BTreeSet};

/// The country a fresh page starts with, when a portal does not say.
pub const PAGE_COUNTRY: &str = "GB";

use serde_json::Value;
use vrc_engine::{Date, Jurisdiction, Sector};

use crate::json::{self, Problems};

/// At most this many countries, answers; text at most this long.
const MAX_LIST: usize = 100;
const MAX_TEXT: usize = 200;

/// A context field a portal can preset and lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename_all = "snake_case"))]
pub enum Lock {
    Jurisdiction,
    AlsoJurisdictions,
    Sectors,
    Classification,
    Device,
}

impl Lock {
    pub const ALL: [Lock; 5] = [
        Lock::Jurisdiction,
        Lock::AlsoJurisdictions,
        Lock::Sectors,
        Lock::Classification,
        Lock::Device,
    ];

    /// Its name in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Lock::Jurisdiction => "jurisdiction",
            Lock::AlsoJurisdictions => "also_jurisdictions",
            Lock::Sectors => "sectors",
            Lock::Classification => "classification",
            Lock::Device => "device",
        }
    }
}

/// The fields of a context patch, in the order they are applied.
const FIELDS: [&str; 7] = [
    "jurisdiction",
    "also_jurisdictions",
    "sectors",
    "classification",
    "device",
    "answers",
    "as_of",
];

/// A change to the context: each field given replaces the page's, and
/// `null` sets it back to "Not known" (for `jurisdiction`, "Other").
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(deny_unknown_fields))]
pub struct ContextPatch {
    /// The organisation's own country, whose classification scale is used:
    /// an ISO 3166-1 alpha-2 code (`GB`, `US`; `UK` means `GB`), a
    /// subdivision (`US-TX`) or `EU`; `null` for "Other".
    pub jurisdiction: Option<Option<Jurisdiction>>,
    /// Other countries whose guidance applies too (replaces the list).
    #[cfg_attr(test, schemars(transform = not_null))]
    pub also_jurisdictions: Option<BTreeSet<Jurisdiction>>,
    /// The kinds of organisation it is (replaces the list).
    #[cfg_attr(test, schemars(transform = not_null))]
    pub sectors: Option<BTreeSet<Sector>>,
    /// The highest classification its systems handle, a marking of the
    /// main country's scale (`OFFICIAL`, `SECRET`…); `null` for "Not known".
    pub classification: Option<Option<String>>,
    /// The type of device its systems run on, a device id of the rule pack
    /// (`mobile`, `server`…); `null` for "Not known".
    pub device: Option<Option<String>>,
    /// Answers to the rule pack's yes/no questions about the organisation,
    /// by question id; `null` takes an answer back. Other answers stay.
    #[cfg_attr(test, schemars(transform = not_null))]
    pub answers: Option<BTreeMap<String, Option<bool>>>,
    /// The date the assessment is made as of, `YYYY-MM-DD`.
    #[cfg_attr(test, schemars(transform = not_null))]
    pub as_of: Option<Date>,
}

/// The schema of an optional field that may be left out but is never `null`.
#[cfg(test)]
pub fn not_null(schema: &mut schemars::Schema) {
    if let Some(serde_json::Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            schema.insert("type".to_owned(), only);
        }
    }
    if let Some(serde_json::Value::Array(any)) = schema.get_mut("anyOf") {
        any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
        if let [only] = any.as_slice() {
            let only = only.clone();
            schema.remove("anyOf");
            if let serde_json::Value::Object(map) = only {
                for (k, v) in map {
                    schema.insert(k, v);
                }
            }
        }
    }
}

fn optional_text(value: &Value, path: &str, problems: &mut Problems) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        other => json::text(other, path, MAX_TEXT, problems).map(|s| Some(s.trim().to_owned())),
    }
}

fn jurisdiction(text: &str, path: &str, problems: &mut Problems) -> Option<Jurisdiction> {
    text.parse::<Jurisdiction>()
        .map_err(|err| problems.add(path, err.to_string()))
        .ok()
}

impl ContextPatch {
    /// Reads a patch from the object at `path`; `fields` are the fields it
    /// may have (a portal's defaults have no answers and no date).
    pub fn read(
        value: &Value,
        path: &str,
        fields: &[&str],
        problems: &mut Problems,
    ) -> ContextPatch {
        let mut patch = ContextPatch::default();
        let Some(map) = json::object(value, path, fields, problems) else {
            return patch;
        };
        for (name, value) in map {
            let at = json::key(path, name);
            match name.as_str() {
                "jurisdiction" if fields.contains(&"jurisdiction") => {
                    patch.jurisdiction = match value {
                        Value::Null => Some(None),
                        other => json::text(other, &at, MAX_TEXT, problems)
                            .and_then(|s| jurisdiction(s, &at, problems))
                            .map(Some),
                    };
                }
                "also_jurisdictions" if fields.contains(&"also_jurisdictions") => {
                    let mut ok = true;
                    let mut set = BTreeSet::new();
                    for (p, s) in json::texts(value, &at, MAX_LIST, MAX_TEXT, problems) {
                        match jurisdiction(s, &p, problems) {
                            Some(j) => {
                                set.insert(j);
                            }
                            None => ok = false,
                        }
                    }
                    patch.also_jurisdictions = (ok && value.is_array()).then_some(set);
                }
                "sectors" if fields.contains(&"sectors") => {
                    let mut ok = true;
                    let mut set = BTreeSet::new();
                    for (p, s) in json::texts(value, &at, MAX_LIST, MAX_TEXT, problems) {
                        match s.parse::<Sector>() {
                            Ok(sector) => {
                                set.insert(sector);
                            }
                            Err(err) => {
                                problems.add(&p, err.to_string());
                                ok = false;
                            }
                        }
                    }
                    patch.sectors = (ok && value.is_array()).then_some(set);
                }
                "classification" if fields.contains(&"classification") => {
                    patch.classification = optional_text(value, &at, problems);
                }
                "device" if fields.contains(&"device") => {
                    patch.device = optional_text(value, &at, problems);
                }
                "answers" if fields.contains(&"answers") => {
                    patch.answers = answers(value, &at, problems);
                }
                "as_of" if fields.contains(&"as_of") => {
                    patch.as_of = json::text(value, &at, MAX_TEXT, problems).and_then(|s| {
                        s.parse::<Date>()
                            .map_err(|_| {
                                problems.add(
                                    &at,
                                    format!(
                                        "{} is not a date written `YYYY-MM-DD`",
                                        json::shown(s)
                                    ),
                                );
                            })
                            .ok()
                    });
                }
                // Reported by `object`.
                _ => {}
            }
        }
        patch
    }

    /// The patch as commands for the page, in the order they apply: each
    /// a list of words, the field first (`["sectors", "enterprise"]`);
    /// a field set to `null` has no other word (`["classification"]`).
    pub fn commands(&self) -> Vec<Vec<String>> {
        let words = |field: &str, rest: Vec<String>| {
            let mut command = vec![field.to_owned()];
            command.extend(rest);
            command
        };
        let mut commands = Vec::new();
        if let Some(j) = self.jurisdiction {
            commands.push(words(
                "jurisdiction",
                j.iter().map(|j| j.as_str().to_owned()).collect(),
            ));
        }
        if let Some(also) = &self.also_jurisdictions {
            commands.push(words(
                "also_jurisdictions",
                also.iter().map(|j| j.as_str().to_owned()).collect(),
            ));
        }
        if let Some(sectors) = &self.sectors {
            commands.push(words(
                "sectors",
                sectors.iter().map(|s| s.as_str().to_owned()).collect(),
            ));
        }
        if let Some(c) = &self.classification {
            commands.push(words("classification", c.iter().cloned().collect()));
        }
        if let Some(d) = &self.device {
            commands.push(words("device", d.iter().cloned().collect()));
        }
        for (id, answer) in self.answers.iter().flatten() {
            let answer = answer.map(|a| if a { "yes" } else { "no" }.to_owned());
            commands.push(words(
                "answer",
                std::iter::once(id.clone()).chain(answer).collect(),
            ));
        }
        if let Some(date) = self.as_of {
            commands.push(words("as_of", vec![date.to_string()]));
        }
        commands
    }
}

/// The rule pack's words that a context's values must be among: each
/// country's classification scale, the device types, the questions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocabulary {
    /// Markings by country code, lowest first.
    pub scales: BTreeMap<String, Vec<String>>,
    pub devices: Vec<String>,
    pub questions: Vec<String>,
}

impl Vocabulary {
    /// The rule pack's words.
    pub fn of(rules: &vrc_engine::RuleSet) -> Vocabulary {
        let mut scales = BTreeMap::new();
        for rule in rules.rules() {
            if let Some(scale) = rules.scale(rule.jurisdiction) {
                scales.insert(rule.jurisdiction.as_str().to_owned(), scale.to_vec());
            }
        }
        Vocabulary {
            scales,
            devices: rules.devices().iter().map(|d| d.id.clone()).collect(),
            questions: rules.questions().iter().map(|q| q.id.clone()).collect(),
        }
    }

    /// Reads the page's JSON: `{"scales": {"GB": […]}, "devices": […], "questions": […]}`.
    pub fn read(value: &Value) -> Vocabulary {
        let strings = |v: Option<&Value>| -> Vec<String> {
            (v.and_then(Value::as_array).into_iter().flatten())
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        };
        let scales = (value
            .get("scales")
            .and_then(Value::as_object)
            .into_iter()
            .flatten())
        .map(|(k, v)| (k.clone(), strings(Some(v))))
        .collect();
        Vocabulary {
            scales,
            devices: strings(value.get("devices")),
            questions: strings(value.get("questions")),
        }
    }

    /// A country's scale: a subdivision without its own marks as its country does.
    fn scale(&self, country: &str) -> &[String] {
        let own = self.scales.get(country);
        let of_country = || {
            self.scales
                .get(country.split('-').next().unwrap_or(country))
        };
        own.or_else(of_country).map_or(&[], Vec::as_slice)
    }
}

impl ContextPatch {
    /// Checks the values that depend on the rule pack: a classification
    /// must be a marking of the main country's scale (this patch's, else
    /// `main`), a device a device type of the pack, an answer's question one
    /// of its questions. Those that are not are reported and left out.
    pub fn check(
        mut self,
        vocabulary: &Vocabulary,
        main: &str,
        path: &str,
        problems: &mut Problems,
    ) -> ContextPatch {
        let country = match self.jurisdiction {
            Some(j) => j.map(|j| j.as_str().to_owned()).unwrap_or_default(),
            None => main.to_owned(),
        };
        if let Some(Some(marking)) = &self.classification {
            let scale = vocabulary.scale(&country);
            match scale.iter().find(|m| m.eq_ignore_ascii_case(marking)) {
                Some(m) => self.classification = Some(Some(m.clone())),
                None => {
                    let how = if scale.is_empty() {
                        format!(
                            "the country `{country}` has no classification scale in the rules: leave it out or set it to null"
                        )
                    } else {
                        format!("use one of {}", scale.join(", "))
                    };
                    problems.add(
                        &json::key(path, "classification"),
                        format!(
                            "{} is not a marking of the country's scale: {how}",
                            json::shown(marking)
                        ),
                    );
                    self.classification = None;
                }
            }
        }
        if let Some(Some(device)) = &self.device {
            match vocabulary
                .devices
                .iter()
                .find(|d| d.eq_ignore_ascii_case(device))
            {
                Some(d) => self.device = Some(Some(d.clone())),
                None => {
                    problems.add(
                        &json::key(path, "device"),
                        format!(
                            "{} is not a device type of the rules: use one of {}",
                            json::shown(device),
                            vocabulary.devices.join(", ")
                        ),
                    );
                    self.device = None;
                }
            }
        }
        if let Some(answers) = &mut self.answers {
            let at = json::key(path, "answers");
            answers.retain(|id, _| {
                let known = vocabulary.questions.contains(id);
                if !known {
                    problems.add(
                        &json::key(&at, id),
                        format!("{} is not a question of the rules", json::shown(id)),
                    );
                }
                known
            });
        }
        self
    }

    /// The first locked field this patch would change from the portal's
    /// value for it (`preset`, its defaults): the page holds locked fields
    /// to those values, so they are what the page has. A new country would
    /// also clear a locked classification.
    pub fn changes_locked(&self, preset: &ContextPatch, locked: &BTreeSet<Lock>) -> Option<Lock> {
        let differs = |given: bool, same: bool| given && !same;
        let country_changes = self.jurisdiction.is_some()
            && self.jurisdiction != preset.jurisdiction.or(Some(PAGE_COUNTRY.parse().ok()));
        locked.iter().copied().find(|lock| match lock {
            Lock::Jurisdiction => country_changes,
            Lock::AlsoJurisdictions => differs(
                self.also_jurisdictions.is_some(),
                self.also_jurisdictions
                    == preset
                        .also_jurisdictions
                        .clone()
                        .or_else(|| Some(BTreeSet::new())),
            ),
            Lock::Sectors => differs(
                self.sectors.is_some(),
                self.sectors == preset.sectors.clone().or_else(|| Some(BTreeSet::new())),
            ),
            Lock::Classification => {
                country_changes
                    || differs(
                        self.classification.is_some(),
                        self.classification == preset.classification.clone().or(Some(None)),
                    )
            }
            Lock::Device => differs(
                self.device.is_some(),
                self.device == preset.device.clone().or(Some(None)),
            ),
        })
    }
}

fn answers(
    value: &Value,
    path: &str,
    problems: &mut Problems,
) -> Option<BTreeMap<String, Option<bool>>> {
    let Value::Object(map) = value else {
        problems.add(
            path,
            format!(
                "expected an object of answers by question id, found {}",
                json::kind(value)
            ),
        );
        return None;
    };
    if map.len() > MAX_LIST {
        problems.add(
            path,
            format!("has {} answers, over the limit of {MAX_LIST}", map.len()),
        );
        return None;
    }
    let mut answers = BTreeMap::new();
    let mut ok = true;
    for (id, answer) in map {
        let at = json::key(path, id);
        match answer {
            Value::Null => {
                answers.insert(id.clone(), None);
            }
            Value::Bool(b) => {
                answers.insert(id.clone(), Some(*b));
            }
            other => {
                problems.add(
                    &at,
                    format!("expected true, false or null, found {}", json::kind(other)),
                );
                ok = false;
            }
        }
    }
    ok.then_some(answers)
}

pub const CONFIG_FIELDS: [&str; 6] = [
    "jurisdiction",
    "also_jurisdictions",
    "sectors",
    "classification",
    "device",
    "answers",
];

pub const MESSAGE_FIELDS: [&str; 7] = FIELDS;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> (ContextPatch, Vec<(String, String)>) {
        let mut problems = Problems::default();
        let patch = ContextPatch::read(&value, "$.c", &MESSAGE_FIELDS, &mut problems);
        (
            patch,
            problems
                .0
                .into_iter()
                .map(|p| (p.path, p.message))
                .collect(),
        )
    }

    #[test]
    fn each_bad_value_is_reported_at_its_path() {
        // (patch, the path of the one problem, a word its message has)
        let cases = [
            (
                json!({"jurisdiction": "Narnia"}),
                "$.c.jurisdiction",
                "`Narnia`",
            ),
            (
                json!({"jurisdiction": 44}),
                "$.c.jurisdiction",
                "found a number",
            ),
            (
                json!({"also_jurisdictions": ["US", "USA"]}),
                "$.c.also_jurisdictions[1]",
                "did you mean `US`",
            ),
            (
                json!({"also_jurisdictions": "US"}),
                "$.c.also_jurisdictions",
                "expected a list",
            ),
            (
                json!({"also_jurisdictions": null}),
                "$.c.also_jurisdictions",
                "expected a list",
            ),
            (
                json!({"sectors": ["enterprise", "centralgov"]}),
                "$.c.sectors[1]",
                "`centralgov`",
            ),
            (
                json!({"classification": 3}),
                "$.c.classification",
                "expected text",
            ),
            (json!({"device": ["mobile"]}), "$.c.device", "expected text"),
            (
                json!({"answers": {"x": "yes"}}),
                "$.c.answers.x",
                "expected true, false or null",
            ),
            (json!({"answers": []}), "$.c.answers", "expected an object"),
            (json!({"as_of": "1/12/2017"}), "$.c.as_of", "YYYY-MM-DD"),
            (
                json!({"colour": "red"}),
                "$.c.colour",
                "unknown field `colour`",
            ),
            (json!(["GB"]), "$.c", "expected an object"),
        ];
        for (value, path, word) in cases {
            let (_, problems) = read(value.clone());
            assert_eq!(problems.len(), 1, "{value}: {problems:?}");
            assert_eq!(problems[0].0, path, "{value}");
            assert!(problems[0].1.contains(word), "{value}: {}", problems[0].1);
        }
    }

    fn vocabulary() -> Vocabulary {
        Vocabulary::read(&json!({
            "scales": {"GB": ["OFFICIAL", "SECRET", "TOP SECRET"], "US": ["CUI", "SECRET"]},
            "devices": ["desktop", "mobile"],
            "questions": ["q"],
        }))
    }

    #[test]
    fn what_the_rules_do_not_know_is_reported_at_its_path() {
        // (patch, the page's country, the path of the one problem or none)
        let cases = [
            (json!({"classification": "secret"}), "GB", None),
            (
                json!({"classification": "CUI"}),
                "GB",
                Some("$.c.classification"),
            ),
            (json!({"classification": "CUI"}), "US-TX", None),
            (
                json!({"jurisdiction": "US", "classification": "cui"}),
                "GB",
                None,
            ),
            (
                json!({"jurisdiction": "FR", "classification": "SECRET"}),
                "GB",
                Some("$.c.classification"),
            ),
            (json!({"device": "toaster"}), "GB", Some("$.c.device")),
            (json!({"device": "Mobile"}), "GB", None),
            (
                json!({"answers": {"q": true, "nope": false}}),
                "GB",
                Some("$.c.answers.nope"),
            ),
        ];
        for (value, main, path) in cases {
            let mut problems = Problems::default();
            let patch = ContextPatch::read(&value, "$.c", &MESSAGE_FIELDS, &mut problems).check(
                &vocabulary(),
                main,
                "$.c",
                &mut problems,
            );
            assert_eq!(
                problems.0.first().map(|p| p.path.as_str()),
                path,
                "{value}: {problems:?}"
            );
            if path.is_none() {
                assert_eq!(
                    patch.commands().len(),
                    value.as_object().unwrap().len().min(patch.commands().len())
                );
            }
        }
        let (patch, _) = read(json!({"classification": "secret", "device": "MOBILE"}));
        let patch = patch.check(&vocabulary(), "GB", "$", &mut Problems::default());
        assert_eq!(
            patch.commands(),
            vec![vec!["classification", "SECRET"], vec!["device", "mobile"]],
            "written as the rules write them"
        );
    }

    #[test]
    fn a_change_to_a_locked_field_is_found() {
        let (preset, _) = read(json!({"jurisdiction": "US", "sectors": ["enterprise"]}));
        let locked = BTreeSet::from([Lock::Jurisdiction, Lock::Sectors, Lock::Device]);
        let cases = [
            (
                json!({"jurisdiction": "US", "sectors": ["enterprise"], "device": null}),
                None,
            ),
            (
                json!({"classification": "SECRET", "also_jurisdictions": ["GB"]}),
                None,
            ),
            (json!({"jurisdiction": "GB"}), Some(Lock::Jurisdiction)),
            (json!({"sectors": []}), Some(Lock::Sectors)),
            (json!({"device": "mobile"}), Some(Lock::Device)),
        ];
        for (value, want) in cases {
            let (patch, _) = read(value.clone());
            assert_eq!(patch.changes_locked(&preset, &locked), want, "{value}");
        }
        // Without a preset country, the page's own is the locked one.
        let (patch, _) = read(json!({"jurisdiction": "GB"}));
        assert_eq!(
            patch.changes_locked(&ContextPatch::default(), &locked),
            None
        );
        let only_marking = BTreeSet::from([Lock::Classification]);
        let (patch, _) = read(json!({"jurisdiction": "US"}));
        assert_eq!(patch.changes_locked(&preset, &only_marking), None);
        let (patch, _) = read(json!({"jurisdiction": "FR"}));
        assert_eq!(
            patch.changes_locked(&preset, &only_marking),
            Some(Lock::Classification),
            "a new country clears the marking"
        );
    }

    #[test]
    fn a_good_patch_gives_the_commands_for_what_it_names() {
        let (patch, problems) = read(json!({
            "jurisdiction": "uk",
            "also_jurisdictions": ["US"],
            "sectors": ["central-government", "Enterprise"],
            "classification": "secret",
            "device": null,
            "answers": {"q": true, "r": null},
            "as_of": "2024-01-02",
        }));
        assert!(problems.is_empty(), "{problems:?}");
        let want: Vec<Vec<&str>> = vec![
            vec!["jurisdiction", "GB"],
            vec!["also_jurisdictions", "US"],
            vec!["sectors", "central-government", "enterprise"],
            vec!["classification", "secret"],
            vec!["device"],
            vec!["answer", "q", "yes"],
            vec!["answer", "r"],
            vec!["as_of", "2024-01-02"],
        ];
        assert_eq!(patch.commands(), want);
        let (other, _) = read(json!({"jurisdiction": null, "sectors": []}));
        assert_eq!(
            other.commands(),
            vec![vec!["jurisdiction"], vec!["sectors"]]
        );
    }
}
