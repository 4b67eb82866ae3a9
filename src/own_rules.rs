//! An organisation's own rule packs on the page: loaded by the user from a
//! file, or by a portal (`config.json`'s `rule_packs`, or a host's
//! `load-rules`). The page does not carry the loader: the rule packs'
//! worker (`vrc-packs`) checks every pack given so far beside the built-in
//! one, as `vrc rules validate` does, and hands back either every problem,
//! placed (file, line, column, field), or the packs to read without the
//! checks ([`vrc_engine::load::unchecked`]). So a pack with a problem
//! changes nothing, and one that loads gives the same rules as on the
//! command line.

use std::rc::Rc;

use vrc_engine::load::unchecked_json;

use crate::check::Engine;

/// What checking an organisation's rule packs gave: each pack given, the
/// built-in one first, as one pack file in JSON to read without the loader
/// (none for one replaced by a later pack of its id), or every problem
/// found, as the command line words it (`acme.toml:12:3: rule
/// `acme-x`: when.entities: …`).
pub type PacksChecked = Result<Vec<Option<String>>, Vec<String>>;

/// A pack's files, as given: a name (for the messages) and the text.
pub type PackFiles = Vec<(String, String)>;

/// Where a pack came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// The portal's configuration or its host: kept when the user forgets
    /// everything.
    Portal,
    /// A file the user chose.
    User,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OwnPack {
    pub files: PackFiles,
    pub given: Given,
}

/// The organisation's packs and the rules they make with the built-in pack.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnRules {
    /// The packs in use, in the order they were loaded.
    pub packs: Vec<OwnPack>,
    /// The rules with them; none while there are none (the built-in pack).
    pub engine: Option<Engine>,
    /// The rules with the portal's packs alone: what "Forget everything"
    /// goes back to.
    portal: Option<Engine>,
    /// A check is under way in the worker.
    pub checking: bool,
    /// What was wrong with the packs last given, each as the command line
    /// says it; they were not loaded.
    pub problems: Vec<String>,
}

impl OwnRules {
    /// The packs as they were given, the rules they made or what was wrong.
    /// A pack given again under its id (a newer version) replaces the one
    /// loaded before.
    pub fn checked(&self, packs: Vec<OwnPack>, checked: PacksChecked) -> OwnRules {
        match checked {
            Ok(portable) => {
                // The built-in pack first, then the organisation's.
                let kept: Vec<bool> = portable.iter().skip(1).map(Option::is_some).collect();
                let packs: Vec<OwnPack> = (packs.into_iter().zip(kept))
                    .filter_map(|(pack, kept)| kept.then_some(pack))
                    .collect();
                let engine = if packs.is_empty() {
                    None
                } else {
                    match unchecked_json(portable.iter().flatten().map(String::as_str)) {
                        Ok(rules) => Some(Engine(Rc::new(rules))),
                        Err(err) => return self.refused(vec![err.to_string()]),
                    }
                };
                let portal = if packs.iter().all(|p| p.given == Given::Portal) {
                    engine.clone()
                } else {
                    self.portal.clone()
                };
                OwnRules {
                    packs,
                    engine,
                    portal,
                    checking: false,
                    problems: Vec::new(),
                }
            }
            Err(problems) => self.refused(problems),
        }
    }

    /// Nothing changes, but for the problems shown.
    fn refused(&self, problems: Vec<String>) -> OwnRules {
        OwnRules {
            checking: false,
            problems,
            ..self.clone()
        }
    }

    /// The portal's packs only: what the user loaded is forgotten.
    pub fn forgotten(&self) -> OwnRules {
        OwnRules {
            packs: (self.packs.iter())
                .filter(|p| p.given == Given::Portal)
                .cloned()
                .collect(),
            engine: self.portal.clone(),
            portal: self.portal.clone(),
            checking: false,
            problems: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vrc_engine::RuleSetBuilder;

    // JSON: the page's tests build the engine without its TOML reader, as the page does.
    const OWN: &str = r#"{
        "pack": { "id": "acme-policy", "version": "1", "date": "2026-11-30" },
        "rule": [{
            "id": "acme-no-kaspersky", "authority": "Acme Security",
            "instrument": "Acme acceptable software standard", "jurisdiction": "GB",
            "verdict": "prohibited", "reason": "Our policy.", "advice": "Remove it.",
            "in_force": { "from": "2026-01-01" }, "when": { "entities": ["kaspersky"] },
            "sources": [{ "title": "Acme standard", "url": "https://intranet.example.org/standard", "date": "2026-01-01" }]
        }]
    }"#;

    fn pack(given: Given) -> OwnPack {
        OwnPack {
            files: vec![("acme.json".to_owned(), OWN.to_owned())],
            given,
        }
    }

    /// What the worker would say.
    fn check(packs: &[OwnPack]) -> PacksChecked {
        let (name, text) = vrc_engine::load::builtin_json();
        packs
            .iter()
            .fold(
                RuleSetBuilder::new().pack([(name.to_owned(), text.to_owned())]),
                |b, p| b.outside_pack(p.files.clone()),
            )
            .build_portable()
            .map(|portable| {
                let json = |f: Option<_>| f.map(|f| serde_json::to_string(&f).unwrap());
                portable.into_iter().map(json).collect()
            })
            .map_err(|err| err.diagnostics.iter().map(ToString::to_string).collect())
    }

    /// Every pack's files, with `more` after them: what the worker checks.
    fn with(rules: &OwnRules, more: &[OwnPack]) -> Vec<OwnPack> {
        rules.packs.iter().chain(more).cloned().collect()
    }

    #[test]
    fn a_pack_that_loads_adds_its_rules_and_one_that_does_not_changes_nothing() {
        let none = OwnRules::default();
        let packs = with(&none, &[pack(Given::User)]);
        let loaded = none.checked(packs.clone(), check(&packs));
        let engine = loaded.engine.clone().unwrap();
        assert!(engine.0.rule("acme-no-kaspersky").is_some());
        assert_eq!(
            engine.0.pack_of("acme-no-kaspersky").map(|p| p.id.as_str()),
            Some("acme-policy")
        );
        // A newer version under its id replaces it.
        let newer = OwnPack {
            files: vec![(
                "acme.json".to_owned(),
                OWN.replace("\"version\": \"1\"", "\"version\": \"2\""),
            )],
            given: Given::User,
        };
        let again = with(&loaded, std::slice::from_ref(&newer));
        let replaced = loaded.checked(again.clone(), check(&again));
        assert_eq!(replaced.packs, vec![newer]);
        let engine = replaced.engine.clone().unwrap();
        assert_eq!(engine.0.packs().len(), 2);
        assert_eq!(
            engine
                .0
                .pack_of("acme-no-kaspersky")
                .map(|p| p.version.as_str()),
            Some("2")
        );
        // A pack with a problem changes nothing, and says what is wrong.
        let bad = OwnPack {
            files: vec![(
                "bad.json".to_owned(),
                OWN.replace("kaspersky", "kasperski")
                    .replace("acme-policy", "acme-bad"),
            )],
            given: Given::User,
        };
        let with_bad = with(&loaded, &[bad]);
        let refused = loaded.checked(with_bad.clone(), check(&with_bad));
        assert_eq!(refused.packs, loaded.packs);
        assert_eq!(refused.engine, loaded.engine);
        assert!(
            refused
                .problems
                .iter()
                .any(|p| p.contains("bad.json") && p.contains("did you mean `kaspersky`")),
            "{:?}",
            refused.problems
        );
    }

    #[test]
    fn forgetting_keeps_the_portals_packs_only() {
        let packs = vec![pack(Given::Portal)];
        let portal = OwnRules::default().checked(packs.clone(), check(&packs));
        let user = OwnPack {
            files: vec![(
                "more.json".to_owned(),
                OWN.replace("acme-policy", "acme-more")
                    .replace("acme-no-kaspersky", "acme-more-rule"),
            )],
            given: Given::User,
        };
        let both = with(&portal, &[user]);
        let loaded = portal.checked(both.clone(), check(&both));
        assert_eq!(loaded.packs.len(), 2);
        let forgotten = loaded.forgotten();
        assert_eq!(forgotten.packs, portal.packs);
        assert_eq!(forgotten.engine, portal.engine);
    }
}
