//! Evaluation: from a context and inventory items to findings and verdicts.
//!
//! Evaluation returns data, never an error. For each item it gives every
//! finding (a rule that applies), the rules considered that did not apply and
//! why, and the rules not yet in force. Items are evaluated once per distinct
//! item, however often an inventory repeats them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::category::{self, Inferred};
use crate::context::Context;
use crate::date::Date;
use crate::matcher::{Match, MatchMethod};
use crate::normalise::fold_marking;
use crate::normalise::normalise;
use crate::pack::{Entity, InForce, Rule, Source};
use crate::vocab::{Sector, Verdict};
use crate::{InventoryItem, RuleSet};

/// A rule applied to an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    pub verdict: Verdict,
    pub authority: String,
    pub instrument: String,
    pub reason: String,
    pub advice: String,
    /// The facts that made the rule apply.
    pub because: Vec<String>,
    pub in_force: InForce,
    /// Dates the instrument sets, and whether each has passed on the assessment date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineStatus>,
    pub sources: Vec<Source>,
}

pub use crate::pack::DeadlineStatus;

/// Why a rule considered for an item did not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WhyCode {
    /// The rule belongs to another jurisdiction.
    Jurisdiction,
    /// The product is not of a category the rule covers.
    Category,
    /// The organisation is not in a sector the rule addresses.
    Sector,
    /// The device type is not one the rule covers.
    Device,
    /// The classification is below the rule's threshold.
    ClassificationBelow,
    /// The classification is above the rule's range.
    ClassificationAbove,
    /// An answer to one of the pack's questions rules it out.
    Answer,
    /// The rule starts after the assessment date.
    NotYetInForce,
    /// The rule ended before the assessment date.
    Ended,
    /// A later rule for the same group replaces it.
    Superseded,
    /// An answer the rule depends on was not given.
    Unknown,
    /// The name is of a company or brand the entity did not own on the assessment date.
    NotOwned,
}

/// What a missing answer is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum NeededField {
    /// The organisation's country.
    Jurisdiction,
    /// The organisation's kind.
    Sector,
    /// What kind of product the item is.
    Category,
    /// The type of device it runs on.
    Device,
    /// The highest classification its system handles, as the jurisdiction marks it.
    Classification,
    /// One of the pack's yes/no questions.
    Answer,
}

impl NeededField {
    pub fn as_str(self) -> &'static str {
        match self {
            NeededField::Jurisdiction => "jurisdiction",
            NeededField::Sector => "sector",
            NeededField::Category => "category",
            NeededField::Device => "device",
            NeededField::Classification => "classification",
            NeededField::Answer => "answer",
        }
    }
}

impl std::fmt::Display for NeededField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the user could tell the engine that would decide a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Needed {
    pub field: NeededField,
    /// The question id, when `field` is `answer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answer to the question that would make the rule apply, when
    /// `field` is `answer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<bool>,
    /// The answer that would make the rule apply, in words.
    pub would_apply_if: String,
}

/// A rule considered for an item that did not apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NotApplied {
    pub rule: String,
    /// The rule's verdict, had it applied.
    pub verdict: Verdict,
    pub code: WhyCode,
    /// Why, in words.
    pub why: String,
    /// The answers that would make it apply, when the reason is an unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<Needed>,
}

/// A rule announced for this item that is not yet in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Upcoming {
    pub rule: String,
    pub verdict: Verdict,
    pub from: Date,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<Needed>,
}

/// A rule of `review` or stronger that waits on answers not given, and
/// would make the item's verdict more severe if they were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Waiting {
    pub rule: String,
    /// The rule's verdict, were it to apply.
    pub verdict: Verdict,
    /// The answers that would make it apply, all of them together.
    pub needs: Vec<Needed>,
}

/// The id of the finding an item gets while rules wait on answers. No rule
/// of a pack may have it.
pub const ANSWER_NEEDED: &str = "answer-needed";

/// What the rules say about one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Outcome {
    /// The most severe finding's verdict, or `clear`. At least `review`
    /// while rules wait on answers (see `waiting`).
    pub verdict: Verdict,
    /// The verdict is `review` only because answers are missing: "review:
    /// answer needed". Answering may make it more or less severe.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answer_needed: bool,
    /// The most severe verdict the missing answers could lead to, while
    /// rules wait on them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub could_be: Option<Verdict>,
    pub findings: Vec<Finding>,
    /// Rules that wait on answers and could make the verdict more severe,
    /// most severe first. Each is also in `not_applied`, with code `unknown`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting: Vec<Waiting>,
    pub not_applied: Vec<NotApplied>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upcoming: Vec<Upcoming>,
}

impl Outcome {
    fn clear() -> Outcome {
        Outcome {
            verdict: Verdict::Clear,
            answer_needed: false,
            could_be: None,
            findings: Vec::new(),
            waiting: Vec::new(),
            not_applied: Vec::new(),
            upcoming: Vec::new(),
        }
    }

    /// The verdict in words: `review: answer needed` when that is why it is
    /// `review`, else the verdict itself.
    pub fn verdict_words(&self) -> &'static str {
        if self.answer_needed {
            "review: answer needed"
        } else {
            self.verdict.as_str()
        }
    }

    /// Each answer the waiting rules need, once, in the order first needed.
    pub fn questions(&self) -> Vec<&Needed> {
        let mut out: Vec<&Needed> = Vec::new();
        for need in self.waiting.iter().flat_map(|w| &w.needs) {
            if !out
                .iter()
                .any(|n| n.field == need.field && n.question == need.question)
            {
                out.push(need);
            }
        }
        out
    }
}

/// One distinct item's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evaluation {
    /// How the item was tied to an entity; null when it was not.
    #[serde(rename = "match")]
    pub matched: Option<Match>,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// For a possible (fuzzy) match: what the verdict would be if the match were confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_confirmed: Option<Outcome>,
    /// The risk the organisation accepted for items of this name, if any,
    /// and whether it covers the verdict on the assessment date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
}

/// An accepted risk ([`crate::context::AcceptedRisk`]) as it stands for one
/// item on the assessment date. It never changes the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Acceptance {
    #[serde(flatten)]
    pub risk: crate::context::AcceptedRisk,
    pub standing: Standing,
}

/// Whether an accepted risk covers an item's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// It covers the verdict: accepted, until its date.
    InForce,
    /// The assessment date is after its last day.
    Lapsed,
    /// The verdict is more severe than the one accepted.
    Exceeded,
}

impl Standing {
    /// As the report writes it: `in-force`, `lapsed` or `exceeded`.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::InForce => "in-force",
            Standing::Lapsed => "lapsed",
            Standing::Exceeded => "exceeded",
        }
    }
}

impl Acceptance {
    /// Whether it covers the verdict.
    pub fn covers(&self) -> bool {
        self.standing == Standing::InForce
    }
}

impl Evaluation {
    /// Whether the item's verdict, `review` or more severe, is covered by
    /// a risk the organisation accepted (below `review` there is nothing
    /// to accept, and nothing is counted as accepted).
    pub fn accepted(&self) -> bool {
        self.outcome.verdict >= Verdict::Review
            && self.acceptance.as_ref().is_some_and(Acceptance::covers)
    }
}

/// Evaluates one item: the "check one product" path.
pub fn evaluate(rules: &RuleSet, context: &Context, item: &InventoryItem) -> Evaluation {
    let matched = rules.matcher().match_item(rules.entities(), item);
    evaluate_matched(rules, context, item, matched)
}

pub(crate) fn evaluate_matched(
    rules: &RuleSet,
    context: &Context,
    item: &InventoryItem,
    matched: Option<Match>,
) -> Evaluation {
    let mut evaluation = evaluate_decided(rules, context, item, matched);
    if !context.accepted_risks.is_empty() {
        evaluation.acceptance = acceptance(context, item, evaluation.outcome.verdict);
    }
    evaluation
}

/// The risk accepted for the item's name, as it stands for `verdict`.
fn acceptance(context: &Context, item: &InventoryItem, verdict: Verdict) -> Option<Acceptance> {
    let risk = context.accepted_risk(&answer_name(item)?)?;
    let standing = if risk.lapsed(context.as_of) {
        Standing::Lapsed
    } else if verdict > risk.verdict {
        Standing::Exceeded
    } else {
        Standing::InForce
    };
    Some(Acceptance {
        risk: risk.clone(),
        standing,
    })
}

/// The name answers and acceptances about an item are kept under: its
/// product, or its publisher where it has none, normalised.
fn answer_name(item: &InventoryItem) -> Option<String> {
    (item.product.as_deref())
        .filter(|p| !p.trim().is_empty())
        .or(item.publisher.as_deref())
        .map(normalise)
}

fn evaluate_decided(
    rules: &RuleSet,
    context: &Context,
    item: &InventoryItem,
    matched: Option<Match>,
) -> Evaluation {
    let Some(m) = decide(rules, context, item, matched) else {
        return Evaluation {
            matched: None,
            outcome: Outcome::clear(),
            if_confirmed: None,
            acceptance: None,
        };
    };
    let outcome = rules
        .entity_index(&m.entity)
        .and_then(|i| rules.entities().get(i).map(|e| (i, e)))
        .map_or_else(Outcome::clear, |(i, entity)| {
            let facts = Facts::new(rules, context, item, &m, entity);
            apply(rules, &facts, rules.rules_for_entity(i))
        });
    if m.certain {
        Evaluation {
            matched: Some(m),
            outcome,
            if_confirmed: None,
            acceptance: None,
        }
    } else {
        Evaluation {
            matched: Some(m),
            outcome: Outcome::clear(),
            if_confirmed: Some(outcome),
            acceptance: None,
        }
    }
}

/// Applies the user's match decisions: a name they tied to an entity matches
/// it for certain; a near-miss they rejected does not match.
fn decide(
    rules: &RuleSet,
    context: &Context,
    item: &InventoryItem,
    matched: Option<Match>,
) -> Option<Match> {
    if context.match_decisions.is_empty() {
        return matched;
    }
    let fields = [
        (crate::Field::Publisher, item.publisher.as_deref()),
        (crate::Field::Product, item.product.as_deref()),
    ];
    let decision = fields.iter().find_map(|(field, text)| {
        let text = normalise(text.unwrap_or(""));
        (!text.is_empty())
            .then(|| {
                context
                    .match_decisions
                    .iter()
                    .find(|d| normalise(&d.name) == text)
                    .map(|d| (*field, d))
            })
            .flatten()
    });
    match decision {
        Some((field, d)) => match &d.entity {
            Some(id) if rules.entity(id).is_some() => Some(Match {
                entity: id.clone(),
                method: MatchMethod::Confirmed,
                confidence: 1.0,
                certain: true,
                field,
                matched: d.name.clone(),
                product: matched
                    .as_ref()
                    .filter(|m| &m.entity == id)
                    .and_then(|m| m.product.clone()),
                holding: matched.filter(|m| &m.entity == id).and_then(|m| m.holding),
            }),
            // A rejection only overrules a guess, never a certain match.
            _ => matched.filter(|m| m.certain),
        },
        None => matched,
    }
}

/// What is known about one item in one context.
struct Facts<'a> {
    context: &'a Context,
    entity: &'a Entity,
    matched: &'a Match,
    /// The item's product (or publisher) name, normalised: what answers
    /// given for this item are kept under.
    name: Option<String>,
    /// The item's category, and how it is known (see [`crate::category`]).
    category: Option<Inferred>,
    device: Option<String>,
    classification: Option<&'a str>,
}

impl<'a> Facts<'a> {
    fn new(
        rules: &RuleSet,
        context: &'a Context,
        item: &'a InventoryItem,
        matched: &'a Match,
        entity: &'a Entity,
    ) -> Facts<'a> {
        let from_row = || {
            let id = rules.category_id(item.category.as_deref()?)?;
            Some(Inferred {
                id,
                how: "as the inventory says".to_owned(),
            })
        };
        let from_product_line = || {
            let line = matched.product.as_ref()?;
            let p = entity.products.iter().find(|x| &x.name == line)?;
            Some(Inferred {
                id: p.category.clone(),
                how: format!("product line {line}"),
            })
        };
        // The name the user's answers about this item are kept under.
        let name = answer_name(item);
        let from_user = || {
            let name = name.as_deref()?;
            let d = context
                .category_decisions
                .iter()
                .find(|d| normalise(&d.name) == name)?;
            let id = rules.category_id(&d.category)?;
            Some(Inferred {
                id,
                how: "as you said".to_owned(),
            })
        };
        let category = from_row()
            .or_else(from_user)
            .or_else(from_product_line)
            .or_else(|| {
                category::from_item(
                    rules.name_words(),
                    item.product.as_deref(),
                    item.cpe.as_deref(),
                    item.purl.as_deref(),
                )
            })
            .or_else(|| category::from_entity(entity));
        let device = item
            .device
            .as_deref()
            .or(context.device.as_deref())
            .and_then(|d| rules.device_id(d));
        let classification = item
            .classification
            .as_deref()
            .or(context.classification.as_deref())
            .filter(|c| !c.trim().is_empty());
        Facts {
            context,
            entity,
            matched,
            name,
            category,
            device,
            classification,
        }
    }
}

enum Check {
    Pass(Option<String>),
    Fail(WhyCode, String),
    Unknown(Needed),
}

fn needed(field: NeededField, would_apply_if: String) -> Check {
    Check::Unknown(Needed {
        field,
        question: None,
        answer: None,
        would_apply_if,
    })
}

/// Sectors as a person names them: `Central government, National security`.
fn labels(sectors: &[Sector]) -> String {
    sectors
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn apply(rules: &RuleSet, facts: &Facts<'_>, candidates: &[usize]) -> Outcome {
    let mut findings = Vec::new();
    let mut not_applied = Vec::new();
    let mut upcoming = Vec::new();
    for rule in candidates.iter().filter_map(|i| rules.rule_at(*i)) {
        let checks = [
            check_holding(facts),
            check_jurisdiction(rule, facts),
            check_category(rules, rule, facts),
            check_sector(rule, facts),
            check_device(rule, facts),
            check_classification(rules, rule, facts),
        ]
        .into_iter()
        .chain(check_answers(rules, rule, facts))
        .chain([check_time(rule, facts.context.as_of)]);
        let mut because = vec![matched_fact(facts)];
        if !rule.when.produced_outside.is_empty() {
            because.push(format!(
                "{} makes its products in {}, outside {}",
                facts.entity.name,
                list(&facts.entity.produced_in),
                list(&rule.when.produced_outside)
            ));
        }
        let mut fails = Vec::new();
        let mut needs = Vec::new();
        for check in checks {
            match check {
                Check::Pass(fact) => because.extend(fact),
                Check::Fail(code, why) => fails.push((code, why)),
                Check::Unknown(need) => needs.push(need),
            }
        }
        match fails.as_slice() {
            [] if needs.is_empty() => findings.push(finding(rule, because, facts.context.as_of)),
            [] => not_applied.push(NotApplied {
                rule: rule.id.clone(),
                verdict: rule.verdict,
                code: WhyCode::Unknown,
                why: format!(
                    "not known: {}",
                    needs
                        .iter()
                        .map(|n| n.would_apply_if.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                needs,
            }),
            [(WhyCode::NotYetInForce, why)] => {
                upcoming.push(Upcoming {
                    rule: rule.id.clone(),
                    verdict: rule.verdict,
                    from: rule.in_force.from,
                    reason: rule.reason.clone(),
                    needs: needs.clone(),
                });
                not_applied.push(NotApplied {
                    rule: rule.id.clone(),
                    verdict: rule.verdict,
                    code: WhyCode::NotYetInForce,
                    why: why.clone(),
                    needs,
                });
            }
            [(code, why), ..] => not_applied.push(NotApplied {
                rule: rule.id.clone(),
                verdict: rule.verdict,
                code: *code,
                why: why.clone(),
                needs: Vec::new(),
            }),
        }
    }
    supersede(rules, &mut findings, &mut not_applied);
    let found = findings
        .iter()
        .map(|f| f.verdict)
        .max()
        .unwrap_or(Verdict::Clear);
    let waiting = waiting(&not_applied, found);
    if let Some(f) = answer_needed(rules, facts, &waiting) {
        findings.push(f);
    }
    let verdict = if waiting.is_empty() {
        found
    } else {
        found.max(Verdict::Review)
    };
    Outcome {
        verdict,
        answer_needed: !waiting.is_empty() && found < Verdict::Review,
        could_be: waiting.first().map(|w| w.verdict),
        findings,
        waiting,
        not_applied,
        upcoming,
    }
}

/// The rules of `review` or stronger left open only for want of an answer
/// whose verdict is more severe than `found`, most severe first. Rules of
/// `no-action` never wait: the most their answer could give is "no action".
fn waiting(not_applied: &[NotApplied], found: Verdict) -> Vec<Waiting> {
    // A pass per verdict, most severe first, rather than a sort: three
    // verdicts can wait, and each sort is its own code in the wasm.
    let mut out = Vec::new();
    for verdict in [Verdict::Prohibited, Verdict::Avoid, Verdict::Review] {
        if verdict <= found {
            break;
        }
        out.extend(
            not_applied
                .iter()
                .filter(|n| n.code == WhyCode::Unknown && n.verdict == verdict)
                .map(|n| Waiting {
                    rule: n.rule.clone(),
                    verdict,
                    needs: n.needs.clone(),
                }),
        );
    }
    out
}

/// The finding that keeps an item from reading `clear` (or `no-action`)
/// while rules wait on answers: it names each answer and what it would lead
/// to, and cites the waiting rules' sources.
fn answer_needed(rules: &RuleSet, facts: &Facts<'_>, waiting: &[Waiting]) -> Option<Finding> {
    let first = waiting.first()?;
    let mut questions: Vec<&str> = Vec::new();
    for q in waiting
        .iter()
        .flat_map(|w| &w.needs)
        .filter_map(|n| n.question.as_deref())
    {
        if !questions.contains(&q) {
            questions.push(q);
        }
    }
    let mut reason = format!(
        "Guidance in the pack covers {} but turns on answers not given, so this item is not clear: it could be {}.",
        facts.entity.name, first.verdict
    );
    for (i, q) in questions.iter().enumerate() {
        let text = rules.question_text(q);
        if questions.len() == 1 {
            reason.push_str(&format!(" Question: “{text}”"));
        } else {
            reason.push_str(&format!(" Question {}: “{text}”", i + 1));
        }
    }
    for w in waiting {
        let conditions: Vec<String> = w
            .needs
            .iter()
            .map(|n| match (&n.question, n.answer) {
                (Some(q), Some(yes)) => {
                    let answer = if yes { "yes" } else { "no" };
                    match questions.iter().position(|x| x == q) {
                        Some(i) if questions.len() > 1 => {
                            format!("the answer to question {} is {answer}", i + 1)
                        }
                        _ => format!("the answer is {answer}"),
                    }
                }
                _ => n.would_apply_if.clone(),
            })
            .collect();
        reason.push_str(&format!(
            " If {}: {} (`{}`).",
            conditions.join(" and "),
            w.verdict,
            w.rule
        ));
    }
    let mut sources: Vec<Source> = Vec::new();
    let mut from = facts.context.as_of;
    for rule in waiting.iter().filter_map(|w| rules.rule(&w.rule)) {
        from = from.min(rule.in_force.from);
        for source in &rule.sources {
            if !sources.iter().any(|s| s.url == source.url) {
                sources.push(source.clone());
            }
        }
    }
    let mut because = vec![matched_fact(facts)];
    if let Some(Inferred { id, how }) = &facts.category {
        because.push(format!("category {} ({how})", rules.category_label(id)));
    }
    for need in waiting.iter().flat_map(|w| &w.needs) {
        let line = format!("not known whether {}", need.would_apply_if);
        if !because.contains(&line) {
            because.push(line);
        }
    }
    Some(Finding {
        rule: ANSWER_NEEDED.to_owned(),
        verdict: Verdict::Review,
        authority: "Vendor Risk Checker".to_owned(),
        instrument: "Rules that wait on your answers".to_owned(),
        reason,
        advice: "Give the missing answers for a definite verdict. Until then, treat this item as needing review.".to_owned(),
        because,
        in_force: InForce { from, until: None },
        deadlines: Vec::new(),
        sources,
    })
}

/// Moves findings that a later applying rule supersedes to `not_applied`.
fn supersede(rules: &RuleSet, findings: &mut Vec<Finding>, not_applied: &mut Vec<NotApplied>) {
    let superseded: Vec<(String, String, Date)> = findings
        .iter()
        .flat_map(|f| {
            rules
                .rule(&f.rule)
                .map(|r| {
                    r.supersedes
                        .iter()
                        .map(|s| (s.clone(), f.rule.clone(), f.in_force.from))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect();
    findings.retain(|f| {
        let Some((_, by, from)) = superseded.iter().find(|(s, _, _)| *s == f.rule) else {
            return true;
        };
        not_applied.push(NotApplied {
            rule: f.rule.clone(),
            verdict: f.verdict,
            code: WhyCode::Superseded,
            why: format!("superseded by `{by}` from {}", from.long()),
            needs: Vec::new(),
        });
        false
    });
}

/// The first fact of every finding: what the item was matched to, and how.
fn matched_fact(facts: &Facts<'_>) -> String {
    format!(
        "`{}` is {} ({}), controlled from {}",
        facts.matched.matched,
        facts.entity.name,
        method_words(facts.matched),
        facts.entity.country.name()
    )
}

fn method_words(m: &Match) -> &'static str {
    use crate::matcher::MatchMethod::*;
    match m.method {
        ExactAlias => "one of its names, exactly",
        NormalisedAlias => "one of its names, written another way",
        Keyword => "a name that is its own",
        Uncorroborated => "by the product name only, from another publisher",
        CpeVendor => "the vendor in its CPE name",
        PackageUrl => "its package URL",
        Fuzzy => "a possible match",
        Confirmed => "as you confirmed",
    }
}

fn finding(rule: &Rule, because: Vec<String>, as_of: Date) -> Finding {
    Finding {
        rule: rule.id.clone(),
        verdict: rule.verdict,
        authority: rule.authority.clone(),
        instrument: rule.instrument.clone(),
        reason: rule.reason.clone(),
        advice: rule.advice.clone(),
        because,
        in_force: rule.in_force,
        deadlines: rule
            .deadlines
            .iter()
            .map(|d| d.status(Some(as_of)))
            .collect(),
        sources: rule.sources.clone(),
    }
}

/// A company or brand the entity owned only for a time is the entity's
/// only on assessment dates within it.
fn check_holding(facts: &Facts<'_>) -> Check {
    let Some(h) = &facts.matched.holding else {
        return Check::Pass(None);
    };
    let period = match (h.from, h.until) {
        (Some(f), Some(u)) => format!("from {f} until {u}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (None, None) => "throughout".to_owned(),
    };
    if h.owned_on(facts.context.as_of) {
        Check::Pass(Some(format!(
            "{} belonged to {} on the assessment date ({period})",
            h.name, facts.entity.name
        )))
    } else {
        Check::Fail(
            WhyCode::NotOwned,
            format!(
                "{} belonged to {} only {period}, not on {}",
                h.name, facts.entity.name, facts.context.as_of
            ),
        )
    }
}

fn check_jurisdiction(rule: &Rule, facts: &Facts<'_>) -> Check {
    let context = &facts.context.jurisdictions;
    let ruled = rule.jurisdiction;
    // An organisation in a subdivision answers to its country's rules too.
    if context.iter().any(|j| *j == ruled || j.country() == ruled) {
        return Check::Pass(Some(format!("for organisations in {}", ruled.name())));
    }
    // In the subdivision's country, but which part of it is not said.
    let country_only = ruled.is_subdivision()
        && context.contains(&ruled.country())
        && !context
            .iter()
            .any(|j| j.is_subdivision() && j.country() == ruled.country());
    if context.is_empty() || country_only {
        needed(
            NeededField::Jurisdiction,
            format!("your organisation is in {}", ruled.name()),
        )
    } else {
        let yours: Vec<String> = context.iter().map(|j| j.name()).collect();
        Check::Fail(
            WhyCode::Jurisdiction,
            format!(
                "applies in {}; this assessment is for {}",
                ruled.name(),
                list(&yours)
            ),
        )
    }
}

fn check_category(rules: &RuleSet, rule: &Rule, facts: &Facts<'_>) -> Check {
    let covered = &rule.when.categories;
    if covered.is_empty() {
        return Check::Pass(None);
    }
    let labels: Vec<String> = covered.iter().map(|c| rules.category_label(c)).collect();
    if let Some(Inferred { id, how }) = &facts.category {
        return if covered.contains(id) {
            Check::Pass(Some(format!(
                "category {} ({how})",
                rules.category_label(id)
            )))
        } else {
            Check::Fail(
                WhyCode::Category,
                format!(
                    "covers {} products; this is {} ({how})",
                    list(&labels),
                    rules.category_label(id)
                ),
            )
        };
    }
    // The product line is not known: decide from what the entity makes.
    let made: Vec<&String> = facts.entity.products.iter().map(|p| &p.category).collect();
    if !made.is_empty() && made.iter().all(|c| covered.contains(c)) {
        Check::Pass(Some(format!(
            "every product line of {} is {}",
            facts.entity.name,
            list(&labels)
        )))
    } else if !made.is_empty() && !made.iter().any(|c| covered.contains(c)) {
        Check::Fail(
            WhyCode::Category,
            format!(
                "covers {} products; {} makes none",
                list(&labels),
                facts.entity.name
            ),
        )
    } else {
        Check::Unknown(Needed {
            field: NeededField::Category,
            question: None,
            answer: None,
            would_apply_if: format!("the product is one of: {}", list(&labels)),
        })
    }
}

fn check_sector(rule: &Rule, facts: &Facts<'_>) -> Check {
    let wanted = &rule.when.sectors;
    if wanted.is_empty() {
        return Check::Pass(None);
    }
    let yours = &facts.context.sectors;
    if yours.is_empty() {
        return needed(
            NeededField::Sector,
            format!("your organisation is one of: {}", labels(wanted)),
        );
    }
    match wanted.iter().find(|s| yours.contains(s)) {
        Some(s) => Check::Pass(Some(format!("your organisation: {}", s.label()))),
        None => {
            let yours: Vec<Sector> = yours.iter().copied().collect();
            Check::Fail(
                WhyCode::Sector,
                format!(
                    "addresses {}; your organisation: {}",
                    labels(wanted),
                    labels(&yours)
                ),
            )
        }
    }
}

fn check_device(rule: &Rule, facts: &Facts<'_>) -> Check {
    let wanted = &rule.when.devices;
    if wanted.is_empty() {
        return Check::Pass(None);
    }
    match &facts.device {
        None => needed(
            NeededField::Device,
            format!("the device is one of: {}", list(wanted)),
        ),
        Some(d) if wanted.contains(d) => Check::Pass(Some(format!("device {d}"))),
        Some(d) => Check::Fail(
            WhyCode::Device,
            format!("covers {} devices; this is {d}", list(wanted)),
        ),
    }
}

fn check_classification(rules: &RuleSet, rule: &Rule, facts: &Facts<'_>) -> Check {
    let Some(bound) = &rule.when.classification else {
        return Check::Pass(None);
    };
    let range = match (&bound.at_least, &bound.at_most) {
        (Some(lo), Some(hi)) if lo == hi => lo.clone(),
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) => format!("{lo} or above"),
        (None, Some(hi)) => format!("{hi} or below"),
        (None, None) => return Check::Pass(None),
    };
    let Some(marking) = facts.classification else {
        return needed(
            NeededField::Classification,
            format!("the system handles {range} information"),
        );
    };
    let rank = |m: &str| rules.marking_rank(rule.jurisdiction, m);
    let Some(rank_here) = rank(marking) else {
        return needed(
            NeededField::Classification,
            format!(
                "the system handles {range} information (`{marking}` is not a {} marking)",
                rule.jurisdiction
            ),
        );
    };
    if let Some(lo) = bound.at_least.as_deref().and_then(rank)
        && rank_here < lo
    {
        return Check::Fail(
            WhyCode::ClassificationBelow,
            format!("applies at {range}; this system is {marking}"),
        );
    }
    if let Some(hi) = bound.at_most.as_deref().and_then(rank)
        && rank_here > hi
    {
        return Check::Fail(
            WhyCode::ClassificationAbove,
            format!("applies at {range}; this system is {marking}"),
        );
    }
    Check::Pass(Some(format!("classification {marking} ({range})")))
}

fn check_answers(rules: &RuleSet, rule: &Rule, facts: &Facts<'_>) -> Vec<Check> {
    rule.when
        .answers
        .iter()
        .map(|(question, want)| {
            let text = rules.question_text(question);
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            match facts
                .context
                .answer(facts.name.as_deref(), question)
                .as_ref()
            {
                None => Check::Unknown(Needed {
                    field: NeededField::Answer,
                    question: Some(question.clone()),
                    answer: Some(*want),
                    would_apply_if: format!("the answer to \"{text}\" is {}", yes_no(*want)),
                }),
                Some(got) if got == want => {
                    Check::Pass(Some(format!("answered {} to \"{text}\"", yes_no(*got))))
                }
                Some(got) => Check::Fail(
                    WhyCode::Answer,
                    format!(
                        "applies only if the answer to \"{text}\" is {}; it is {}",
                        yes_no(*want),
                        yes_no(*got)
                    ),
                ),
            }
        })
        .collect()
}

fn check_time(rule: &Rule, as_of: Date) -> Check {
    if as_of < rule.in_force.from {
        return Check::Fail(
            WhyCode::NotYetInForce,
            format!("not in force until {}", rule.in_force.from.long()),
        );
    }
    match rule.in_force.until {
        Some(until) if until < as_of => {
            Check::Fail(WhyCode::Ended, format!("ended on {}", until.long()))
        }
        _ => Check::Pass(Some(format!(
            "in force since {}",
            rule.in_force.from.long()
        ))),
    }
}

/// A category or device id folded for comparison with what rows say.
pub(crate) fn fold(s: &str) -> String {
    fold_marking(s)
}
