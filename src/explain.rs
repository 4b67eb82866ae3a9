//! What the rules say about one item, for its detail: the product typed
//! into "Check one product", where each rule concerning its supplier
//! stands (the timeline), and the answers that could still change its
//! verdict, in the order the page asks them.

use std::collections::BTreeMap;

use vrc_engine::eval::{Needed, NeededField, WhyCode};
use vrc_engine::pack::Rule;
use vrc_engine::sort::sort_with;
use vrc_engine::{Context, Evaluation, InventoryItem, Outcome, RuleSet, Sector, evaluate};

/// Checks one product typed into the search box: the text is tried as both
/// publisher and product name.
pub fn check_one(rules: &RuleSet, context: &Context, text: &str) -> Evaluation {
    evaluate(rules, context, &InventoryItem::new(text, text))
}

/// Whether any rule left out for this item would be decided by a classification.
pub fn needs_classification(evaluation: &Evaluation) -> bool {
    evaluation.outcome.not_applied.iter().any(|n| {
        n.needs
            .iter()
            .any(|need| need.field == NeededField::Classification)
    })
}

/// Where one rule stands for one item in the current context.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// The rule applies: it is one of the item's findings.
    Applies,
    /// The rule is announced but starts after the assessment date.
    NotYetInForce,
    /// The rule was considered and did not apply, with the engine's code and
    /// reason, and (for an unknown) the answers that would make it apply.
    NotApplied {
        code: WhyCode,
        why: String,
        needs: Vec<Needed>,
    },
    /// The evaluation says nothing about this rule.
    NotAssessed,
}

/// One measure on an entity's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry<'a> {
    pub rule: &'a Rule,
    /// The rules that name this one in `supersedes`, oldest first.
    pub superseded_by: Vec<&'a Rule>,
    pub standing: Standing,
}

/// Every rule in the loaded packs that concerns an entity, across all
/// jurisdictions, oldest first (then by jurisdiction and id), each with where
/// it stands in `outcome`. An unknown entity has an empty timeline.
pub fn timeline<'a>(
    rules: &'a RuleSet,
    entity: &str,
    outcome: Option<&Outcome>,
) -> Vec<TimelineEntry<'a>> {
    let mut about: Vec<&Rule> = rules.rules_about(entity).collect();
    sort_with(&mut about, |a, b| {
        a.in_force
            .from
            .cmp(&b.in_force.from)
            .then_with(|| a.jurisdiction.cmp(&b.jurisdiction))
            .then_with(|| a.id.cmp(&b.id))
    });
    about
        .into_iter()
        .map(|rule| {
            let mut superseded_by: Vec<&Rule> = rules
                .rules()
                .filter(|r| r.supersedes.contains(&rule.id))
                .collect();
            sort_with(&mut superseded_by, |a, b| {
                a.in_force
                    .from
                    .cmp(&b.in_force.from)
                    .then_with(|| a.id.cmp(&b.id))
            });
            TimelineEntry {
                rule,
                superseded_by,
                standing: outcome.map_or(Standing::NotAssessed, |o| standing(o, &rule.id)),
            }
        })
        .collect()
}

/// Where a rule stands in an outcome: a finding, a rule not applied (a rule
/// not yet in force counts as upcoming), or not considered at all.
pub fn standing(outcome: &Outcome, rule: &str) -> Standing {
    if outcome.findings.iter().any(|f| f.rule == rule) {
        return Standing::Applies;
    }
    if let Some(n) = outcome.not_applied.iter().find(|n| n.rule == rule) {
        return if n.code == WhyCode::NotYetInForce {
            Standing::NotYetInForce
        } else {
            Standing::NotApplied {
                code: n.code,
                why: n.why.clone(),
                needs: n.needs.clone(),
            }
        };
    }
    if outcome.upcoming.iter().any(|u| u.rule == rule) {
        return Standing::NotYetInForce;
    }
    Standing::NotAssessed
}

/// An answer the page can ask for next to an item. The order is the order
/// they are asked in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ask {
    Classification,
    /// One of the pack's yes/no questions, by id.
    Answer(String),
    Sector,
    Jurisdiction,
    Device,
    Category,
}

/// An answer not given that would decide one or more rules for an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub ask: Ask,
    /// What would make each rule apply, in the engine's words, without repeats.
    pub would_apply_if: Vec<String>,
    /// For [`Ask::Sector`]: the sectors the undecided rules address.
    pub sectors: Vec<Sector>,
}

/// The answers not given that could still change this item's verdict, in
/// the order to ask them: those of the rules waiting on answers
/// ([`vrc_engine::eval::Waiting`], each more severe than what the item
/// already has). A `prohibited` item is asked nothing, and a possible match
/// nothing until it is confirmed.
pub fn missing_answers(rules: &RuleSet, evaluation: &Evaluation) -> Vec<Missing> {
    let mut missing: BTreeMap<Ask, Missing> = BTreeMap::new();
    for n in &evaluation.outcome.waiting {
        for need in &n.needs {
            let ask = match (need.field, &need.question) {
                (NeededField::Classification, _) => Ask::Classification,
                (NeededField::Answer, Some(q)) => Ask::Answer(q.clone()),
                (NeededField::Sector, _) => Ask::Sector,
                (NeededField::Jurisdiction, _) => Ask::Jurisdiction,
                (NeededField::Device, _) => Ask::Device,
                (NeededField::Category, _) => Ask::Category,
                (NeededField::Answer, None) => continue,
            };
            let entry = missing.entry(ask.clone()).or_insert_with(|| Missing {
                ask,
                would_apply_if: Vec::new(),
                sectors: Vec::new(),
            });
            if !entry.would_apply_if.contains(&need.would_apply_if) {
                entry.would_apply_if.push(need.would_apply_if.clone());
            }
            if entry.ask == Ask::Sector
                && let Some(rule) = rules.rule(&n.rule)
            {
                for s in &rule.when.sectors {
                    if !entry.sectors.contains(s) {
                        entry.sectors.push(*s);
                    }
                }
            }
        }
    }
    missing
        .into_values()
        .map(|mut m| {
            sort_with(&mut m.sectors, Ord::cmp);
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::uk;
    use vrc_engine::{Date, Jurisdiction, Sector};

    fn context() -> Context {
        uk(&[Sector::CentralGovernment], None)
    }

    #[test]
    fn check_one_finds_kaspersky() {
        let rules = RuleSet::builtin().unwrap();
        let e = check_one(&rules, &context(), "Kaspersky Total Security");
        assert!(e.matched.is_some());
    }

    type IsStanding = fn(&Standing) -> bool;

    #[test]
    fn a_timeline_lists_every_measure_in_date_order_with_where_it_stands() {
        let rules = RuleSet::builtin().unwrap();
        let c = uk(&[Sector::CentralGovernment], Some("SECRET"));
        let e = check_one(&rules, &c, "Kaspersky Endpoint Security");
        let entries = timeline(&rules, "kaspersky", Some(&e.outcome));
        assert_eq!(entries.len(), rules.rules_about("kaspersky").count());
        assert!(entries.windows(2).all(|w| {
            w.first().map(|x| x.rule.in_force.from) <= w.get(1).map(|x| x.rule.in_force.from)
        }));
        let by_id = |id: &str| entries.iter().find(|x| x.rule.id == id).unwrap();
        let cases: &[(&str, IsStanding)] = &[
            ("gb-ncsc-2017-secret", |s| *s == Standing::Applies),
            ("us-bod-17-01", |s| {
                matches!(
                    s,
                    Standing::NotApplied {
                        code: WhyCode::Jurisdiction,
                        ..
                    }
                )
            }),
            ("gb-ncsc-2017-wider-no-action", |s| {
                matches!(
                    s,
                    Standing::NotApplied {
                        code: WhyCode::Sector,
                        ..
                    }
                )
            }),
        ];
        for (id, ok) in cases {
            assert!(ok(&by_id(id).standing), "{id}: {:?}", by_id(id).standing);
        }
        let replaced = by_id("gb-ncsc-2017-wider-no-action");
        assert!(
            replaced
                .superseded_by
                .iter()
                .any(|r| r.id == "gb-ncsc-2022-reconsider-public-sector")
        );
        // Ties on the date are broken by jurisdiction, then id.
        assert!(entries.windows(2).all(|w| match (w.first(), w.get(1)) {
            (Some(a), Some(b)) if a.rule.in_force.from == b.rule.in_force.from => {
                (a.rule.jurisdiction, &a.rule.id) <= (b.rule.jurisdiction, &b.rule.id)
            }
            _ => true,
        }));
    }

    #[test]
    fn a_timeline_without_an_outcome_or_for_no_entity() {
        let rules = RuleSet::builtin().unwrap();
        let entries = timeline(&rules, "kaspersky", None);
        assert!(!entries.is_empty());
        assert!(entries.iter().all(|x| x.standing == Standing::NotAssessed));
        assert!(timeline(&rules, "no-such-entity", None).is_empty());
    }

    #[test]
    fn standing_reads_findings_not_applied_and_upcoming() {
        let rules = RuleSet::builtin().unwrap();
        // As of 2017-10-01 the NCSC's December 2017 letter is still to come.
        let mut c = uk(&[Sector::CentralGovernment], Some("SECRET"));
        c.as_of = Date::from_ymd(2017, 10, 1).unwrap();
        let early = check_one(&rules, &c, "Kaspersky Endpoint Security").outcome;
        let late = check_one(
            &rules,
            &uk(&[Sector::CentralGovernment], Some("SECRET")),
            "Kaspersky Endpoint Security",
        )
        .outcome;
        let table: &[(&Outcome, &str, IsStanding)] = &[
            (&early, "gb-ncsc-2017-secret", |s| {
                *s == Standing::NotYetInForce
            }),
            (&late, "gb-ncsc-2017-secret", |s| *s == Standing::Applies),
            (&late, "no-such-rule", |s| *s == Standing::NotAssessed),
        ];
        for (outcome, rule, ok) in table {
            let got = standing(outcome, rule);
            assert!(ok(&got), "{rule}: {got:?}");
        }
    }

    #[test]
    fn missing_answers_are_asked_in_order() {
        let rules = RuleSet::builtin().unwrap();
        let kes = "Kaspersky Endpoint Security";
        let cases: &[(Context, &str, Vec<Ask>)] = &[
            (
                uk(&[Sector::CentralGovernment], None),
                kes,
                vec![Ask::Classification],
            ),
            (
                uk(&[Sector::CentralGovernment], Some("SECRET")),
                kes,
                vec![],
            ),
            (
                uk(&[Sector::Enterprise], None),
                kes,
                vec![Ask::Answer("gb-2022-heightened-risk".into())],
            ),
            (
                uk(&[Sector::CentralGovernment], None),
                "Hikvision iVMS-4200",
                vec![Ask::Answer("sensitive-site".into())],
            ),
            (uk(&[], None), "Kasperky Lab", vec![]),
        ];
        for (context, text, want) in cases {
            let e = check_one(&rules, context, text);
            let got: Vec<Ask> = missing_answers(&rules, &e)
                .into_iter()
                .map(|m| m.ask)
                .collect();
            assert_eq!(&got, want, "{text}");
        }
        // Once an item is prohibited no answer can change that: nothing is
        // asked, though rules of lesser verdicts still wait on answers.
        let mut us = uk(&[Sector::CentralGovernment], None);
        us.jurisdictions = ["US".parse::<Jurisdiction>().unwrap()].into();
        let prohibited = check_one(&rules, &us, kes);
        assert_eq!(prohibited.outcome.verdict, vrc_engine::Verdict::Prohibited);
        assert!(missing_answers(&rules, &prohibited).is_empty());
        let nobody = check_one(&rules, &uk(&[], None), kes);
        let asked = missing_answers(&rules, &nobody);
        let sector = asked.iter().find(|m| m.ask == Ask::Sector).unwrap();
        assert!(sector.sectors.contains(&Sector::CentralGovernment));
        assert!(sector.sectors.windows(2).all(|w| w.first() < w.get(1)));
        assert!(!sector.would_apply_if.is_empty());
        assert!(
            asked
                .windows(2)
                .all(|w| w.first().map(|m| &m.ask) < w.get(1).map(|m| &m.ask))
        );
    }
}
