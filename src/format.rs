//! Pure helpers that turn engine values into the words the page shows. They
//! touch no DOM, so they are unit-tested natively with `cargo test`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use vrc_engine::normalise::lowercase;
use vrc_engine::pack::Rule;
use vrc_engine::sort::sort_with;
use vrc_engine::{Date, Jurisdiction};

/// The rules of one jurisdiction, in the order the page lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    /// The ISO 3166-1 alpha-2 code, such as `GB`.
    pub code: String,
    pub rules: Vec<&'a Rule>,
}

impl Group<'_> {
    /// `United Kingdom (GB)`, or the bare code for a country not in the table.
    pub fn heading(&self) -> String {
        match jurisdiction_name(&self.code) {
            Some(name) => format!("{name} ({})", self.code),
            None => self.code.clone(),
        }
    }

    /// The id of the group's heading, for links to it.
    pub fn anchor(&self) -> String {
        format!("jurisdiction-{}", self.code.to_ascii_lowercase())
    }
}

/// Groups rules by jurisdiction: groups in the order of their headings, rules
/// in each by the date they came into force, then by id.
pub fn group_by_jurisdiction(rules: &[Rule]) -> Vec<Group<'_>> {
    let mut by_code: BTreeMap<String, Vec<&Rule>> = BTreeMap::new();
    for rule in rules {
        by_code
            .entry(rule.jurisdiction.to_string())
            .or_default()
            .push(rule);
    }
    let mut groups: Vec<Group<'_>> = by_code
        .into_iter()
        .map(|(code, mut rules)| {
            sort_with(&mut rules, |a, b| {
                a.in_force
                    .from
                    .cmp(&b.in_force.from)
                    .then_with(|| a.id.cmp(&b.id))
            });
            Group { code, rules }
        })
        .collect();
    sort_with(&mut groups, |a, b| a.heading().cmp(&b.heading()));
    groups
}

/// The jurisdictions some rule addresses, by name (a state after its
/// country): the choices the page offers.
pub fn jurisdictions_ruled<'a>(rules: impl Iterator<Item = &'a Rule>) -> Vec<Jurisdiction> {
    // Not through a `BTreeSet`: collecting one brings in the standard sort.
    let mut codes: Vec<Jurisdiction> = Vec::new();
    for rule in rules {
        if !codes.contains(&rule.jurisdiction) {
            codes.push(rule.jurisdiction);
        }
    }
    let name = |j: &Jurisdiction| jurisdiction_name(j.as_str()).unwrap_or("");
    sort_with(&mut codes, |a, b| {
        name(a).cmp(name(b)).then_with(|| a.cmp(b))
    });
    codes
}

/// English short names of the jurisdictions rule packs are likely to address
/// (the engine's table, which its own messages use too).
pub use vrc_engine::vocab::jurisdiction_name;

/// Text compared without regard to case.
pub fn lowercase_cmp(a: &str, b: &str) -> Ordering {
    lowercase(a).cmp(&lowercase(b))
}

/// The words for an import format, as the importer names it (`cyclonedx`).
pub fn import_format_label(format: &str) -> &str {
    match format {
        "csv" => "Delimited text (CSV)",
        "xlsx" => "Excel workbook",
        "json" => "JSON rows",
        "osquery" => "osquery results",
        "intune" => "Microsoft Intune export",
        "cyclonedx" => "CycloneDX bill of materials",
        "spdx" => "SPDX bill of materials",
        other => other,
    }
}

/// When a rule applies, in words: `From 1 December 2017` or
/// `From 1 December 2017 to 2 March 2022`.
pub fn in_force(from: Date, until: Option<Date>) -> String {
    match until {
        Some(until) => format!("From {} to {}", from.long(), until.long()),
        None => format!("From {}", from.long()),
    }
}

/// The host of an http(s) URL, shown beside a link so people know where it
/// goes: `www.ncsc.gov.uk`.
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_force_reads_as_a_range() {
        let date = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(in_force(date("2017-12-01"), None), "From 1 December 2017");
        assert_eq!(
            in_force(date("2017-12-01"), Some(date("2022-03-29"))),
            "From 1 December 2017 to 29 March 2022"
        );
    }

    #[test]
    fn hosts_are_taken_from_urls() {
        assert_eq!(
            host_of("https://www.ncsc.gov.uk/news/x?y#z"),
            Some("www.ncsc.gov.uk")
        );
        assert_eq!(host_of("http://example.org"), Some("example.org"));
        assert_eq!(host_of("ftp://example.org"), None);
        assert_eq!(host_of("https://"), None);
    }

    #[test]
    fn verdicts_read_as_words() {
        assert_eq!(vrc_engine::Verdict::NoAction.label(), "No action needed");
        assert_eq!(vrc_engine::Verdict::Prohibited.label(), "Prohibited");
    }

    #[test]
    fn jurisdictions_have_names_or_their_code() {
        let gb = Group {
            code: "GB".to_owned(),
            rules: vec![],
        };
        assert_eq!(gb.heading(), "United Kingdom (GB)");
        assert_eq!(gb.anchor(), "jurisdiction-gb");
        let xk = Group {
            code: "BR".to_owned(),
            rules: vec![],
        };
        assert_eq!(xk.heading(), "BR");
    }

    #[test]
    fn the_page_offers_every_jurisdiction_ruled_by_name_a_state_after_its_country() {
        let set = vrc_engine::RuleSet::builtin().unwrap();
        let offered: Vec<String> = jurisdictions_ruled(set.rules())
            .iter()
            .map(|j| j.as_str().to_owned())
            .collect();
        for code in ["GB", "US", "US-TX", "EU", "NZ", "FR", "TW"] {
            assert!(offered.contains(&code.to_owned()), "{code}: {offered:?}");
            assert!(jurisdiction_name(code).is_some(), "{code} has no name");
        }
        let at = |code: &str| offered.iter().position(|c| c == code).unwrap();
        assert_eq!(at("US-TX"), at("US") + 1, "{offered:?}");
        assert!(at("GB") < at("US"), "{offered:?}");
    }

    #[test]
    fn the_builtin_rules_group_by_jurisdiction_in_date_order() {
        let rules: Vec<Rule> = vrc_engine::RuleSet::builtin()
            .unwrap()
            .rules()
            .cloned()
            .collect();
        let groups = group_by_jurisdiction(&rules);
        let total: usize = groups.iter().map(|g| g.rules.len()).sum();
        assert_eq!(total, rules.len());
        for group in &groups {
            assert!(
                group
                    .rules
                    .iter()
                    .all(|r| r.jurisdiction.to_string() == group.code)
            );
            assert!(
                group.rules.windows(2).all(
                    |w| w.first().map(|r| r.in_force.from) <= w.get(1).map(|r| r.in_force.from)
                )
            );
        }
        let headings: Vec<String> = groups.iter().map(Group::heading).collect();
        let mut sorted = headings.clone();
        sorted.sort();
        assert_eq!(headings, sorted);
    }
}

/// What a sector covers, in plain words (from the product brief).
pub fn sector_hint(sector: vrc_engine::Sector) -> &'static str {
    use vrc_engine::Sector;
    match sector {
        Sector::NationalSecurity => {
            "Central government bodies that deal extensively with national security, defence, intelligence or foreign policy."
        }
        Sector::CentralGovernment => "Ministries, departments and federal agencies.",
        Sector::PublicSector => {
            "Public bodies outside central government: councils, health boards and trusts, schools and universities, arm's-length bodies; in the US, state and local government."
        }
        Sector::CriticalInfrastructure => {
            "Designated operators of energy, water, transport, finance, health or communications services."
        }
        Sector::GovernmentSupplier => "Contractors and suppliers to government.",
        Sector::TelecomsProvider => "Public telecommunications providers and carriers.",
        Sector::Enterprise => "Businesses, charities and other private organisations.",
        Sector::Individual => "Households and personal use.",
    }
}

/// How an item was tied to a supplier, in words.
pub fn method_label(method: vrc_engine::MatchMethod) -> &'static str {
    use vrc_engine::MatchMethod;
    match method {
        MatchMethod::ExactAlias => "Exact name",
        MatchMethod::NormalisedAlias => "Name, ignoring case and punctuation",
        MatchMethod::Keyword => "Name found in the text",
        MatchMethod::Uncorroborated => {
            "Product name only: the publisher is someone else (possible match)"
        }
        MatchMethod::CpeVendor => "CPE vendor",
        MatchMethod::PackageUrl => "Package URL",
        MatchMethod::Fuzzy => "Similar name (possible match)",
        MatchMethod::Confirmed => "Confirmed by you",
    }
}

/// A confidence from 0 to 1 as a whole percentage.
pub fn percent(confidence: f64) -> String {
    let clamped = if confidence.is_finite() {
        confidence.clamp(0.0, 1.0)
    } else {
        0.0
    };
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0..=100"
    )]
    let n = (clamped * 100.0).round() as u32;
    format!("{n}%")
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn sectors_have_words_and_hints() {
        for s in vrc_engine::Sector::ALL {
            assert!(!s.label().is_empty());
            assert!(sector_hint(s).ends_with('.'));
        }
    }

    #[test]
    fn confidences_read_as_percentages() {
        assert_eq!(percent(0.856), "86%");
        assert_eq!(percent(2.0), "100%");
        assert_eq!(percent(f64::NAN), "0%");
        assert_eq!(
            method_label(vrc_engine::MatchMethod::Fuzzy),
            "Similar name (possible match)"
        );
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What an item's verdict depends on, in words: `the classification and
/// your answers to 2 questions`. Questions are counted, not quoted: the page
/// shows each one beside it.
pub fn depends_on(asks: &[crate::explain::Ask]) -> String {
    use crate::explain::Ask;
    let questions = asks.iter().filter(|a| matches!(a, Ask::Answer(_))).count();
    let mut parts = Vec::new();
    let mut said_questions = false;
    for ask in asks {
        let part = match ask {
            Ask::Classification => "the classification".to_owned(),
            Ask::Answer(_) if said_questions => continue,
            Ask::Answer(_) => {
                said_questions = true;
                if questions == 1 {
                    "your answer to a question".to_owned()
                } else {
                    format!("your answers to {questions} questions")
                }
            }
            Ask::Sector => "what kind of organisation you are".to_owned(),
            Ask::Jurisdiction => "your country".to_owned(),
            Ask::Device => "the type of device".to_owned(),
            Ask::Category => "the kind of product".to_owned(),
        };
        parts.push(part);
    }
    join_and(&parts)
}

/// A measure's standing for the user as a short tag (for styling and tests)
/// and the words shown: `Applies to you`, `Does not apply: …`.
pub fn standing_words(
    standing: &crate::explain::Standing,
    rule: &Rule,
    superseded_by: &[&Rule],
) -> (&'static str, String) {
    use crate::explain::Standing;
    use vrc_engine::eval::WhyCode;
    match standing {
        Standing::Applies => ("applies", "Applies to you".to_owned()),
        Standing::NotYetInForce => (
            "upcoming",
            format!(
                "Not yet in force: it starts on {}",
                rule.in_force.from.long()
            ),
        ),
        Standing::NotAssessed => ("not-assessed", "Not assessed for this item".to_owned()),
        Standing::NotApplied { code, why, needs } => {
            let because = match code {
                WhyCode::Unknown => {
                    let ifs: Vec<String> = needs.iter().map(|n| n.would_apply_if.clone()).collect();
                    return (
                        "unknown",
                        format!("Might apply to you: it would if {}", join_and(&ifs)),
                    );
                }
                WhyCode::Jurisdiction => {
                    let code = rule.jurisdiction.to_string();
                    format!(
                        "another country’s measure ({})",
                        jurisdiction_name(&code).unwrap_or(&code)
                    )
                }
                WhyCode::Sector => {
                    let sectors: Vec<String> = rule
                        .when
                        .sectors
                        .iter()
                        .map(|s| s.label().to_owned())
                        .collect();
                    format!(
                        "it is for other kinds of organisation ({})",
                        sectors.join(", ")
                    )
                }
                WhyCode::Ended => match rule.in_force.until {
                    Some(until) => format!("it ended on {}", until.long()),
                    None => why.clone(),
                },
                WhyCode::Superseded => match superseded_by.first() {
                    Some(by) => format!(
                        "replaced by a later measure from {}",
                        by.in_force.from.long()
                    ),
                    None => "replaced by a later measure".to_owned(),
                },
                WhyCode::NotYetInForce => {
                    return standing_words(&Standing::NotYetInForce, rule, superseded_by);
                }
                WhyCode::Category
                | WhyCode::Device
                | WhyCode::ClassificationBelow
                | WhyCode::ClassificationAbove
                | WhyCode::Answer
                | WhyCode::NotOwned => why.clone(),
            };
            ("not-applied", format!("Does not apply: {because}"))
        }
    }
}

#[cfg(test)]
mod timeline_words_tests {
    use super::*;
    use crate::explain::{Ask, Standing};
    use vrc_engine::eval::{Needed, WhyCode};

    #[test]
    fn lists_join_with_and() {
        let cases: &[(&[&str], &str)] = &[
            (&[], ""),
            (&["a"], "a"),
            (&["a", "b"], "a and b"),
            (&["a", "b", "c"], "a, b and c"),
        ];
        for (parts, want) in cases {
            let parts: Vec<String> = parts.iter().map(|p| (*p).to_owned()).collect();
            assert_eq!(join_and(&parts), *want);
        }
    }

    #[test]
    fn what_a_verdict_depends_on_reads_plainly() {
        let cases: &[(Vec<Ask>, &str)] = &[
            (vec![Ask::Classification], "the classification"),
            (
                vec![Ask::Classification, Ask::Answer("q".into())],
                "the classification and your answer to a question",
            ),
            (
                vec![
                    Ask::Answer("a".into()),
                    Ask::Answer("b".into()),
                    Ask::Sector,
                ],
                "your answers to 2 questions and what kind of organisation you are",
            ),
            (
                vec![Ask::Jurisdiction, Ask::Device, Ask::Category],
                "your country, the type of device and the kind of product",
            ),
        ];
        for (asks, want) in cases {
            assert_eq!(depends_on(asks), *want);
        }
    }

    #[test]
    fn standings_read_as_words() {
        let set = vrc_engine::RuleSet::builtin().unwrap();
        let rules = &set;
        let bod = rules.rule("us-bod-17-01").unwrap();
        let wider = rules.rule("gb-ncsc-2017-wider-no-action").unwrap();
        let later = rules.rule("gb-ncsc-2022-reconsider-public-sector").unwrap();
        let not = |code, why: &str, needs: Vec<Needed>| Standing::NotApplied {
            code,
            why: why.to_owned(),
            needs,
        };
        let cases: Vec<(
            Standing,
            &vrc_engine::pack::Rule,
            Vec<&vrc_engine::pack::Rule>,
            &str,
            &str,
        )> = vec![
            (Standing::Applies, bod, vec![], "applies", "Applies to you"),
            (
                Standing::NotYetInForce,
                bod,
                vec![],
                "upcoming",
                "Not yet in force: it starts on 13 September 2017",
            ),
            (
                not(WhyCode::Jurisdiction, "applies in US", vec![]),
                bod,
                vec![],
                "not-applied",
                "Does not apply: another country’s measure (United States)",
            ),
            (
                not(WhyCode::Sector, "x", vec![]),
                bod,
                vec![],
                "not-applied",
                "Does not apply: it is for other kinds of organisation (Central government, National security)",
            ),
            (
                not(WhyCode::Superseded, "x", vec![]),
                wider,
                vec![later],
                "not-applied",
                "Does not apply: replaced by a later measure from 29 March 2022",
            ),
            (
                not(
                    WhyCode::ClassificationBelow,
                    "applies at SECRET or above; this system is OFFICIAL",
                    vec![],
                ),
                bod,
                vec![],
                "not-applied",
                "Does not apply: applies at SECRET or above; this system is OFFICIAL",
            ),
            (
                not(
                    WhyCode::Unknown,
                    "not known",
                    vec![Needed {
                        field: vrc_engine::NeededField::Classification,
                        question: None,
                        answer: None,
                        would_apply_if: "the system handles SECRET or above information".into(),
                    }],
                ),
                bod,
                vec![],
                "unknown",
                "Might apply to you: it would if the system handles SECRET or above information",
            ),
            (
                not(WhyCode::NotYetInForce, "x", vec![]),
                bod,
                vec![],
                "upcoming",
                "Not yet in force: it starts on 13 September 2017",
            ),
            (
                Standing::NotAssessed,
                bod,
                vec![],
                "not-assessed",
                "Not assessed for this item",
            ),
        ];
        for (standing, rule, by, tag, words) in cases {
            assert_eq!(
                standing_words(&standing, rule, &by),
                (tag, words.to_owned())
            );
        }
    }
}
