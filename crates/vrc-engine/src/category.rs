//! What kind of product an item is, when its row does not say.
//!
//! Most rules turn on a product's category (anti-virus, video surveillance,
//! telecoms equipment), and most inventories do not record one. An unknown
//! category must not clear a rule, so the engine infers it from whatever the
//! item carries, most telling evidence first ([`infer`]):
//!
//! 1. the row's own category, mapped through the pack's vocabulary;
//! 2. the entity's product line the name identifies (the matcher's job);
//! 3. words in the product name, in the languages inventories come in
//!    (`Антивирус Касперского`, `Kaspersky Virenschutz`, `カスペルスキー
//!    セキュリティ`), from each category's `name_words`;
//! 4. the product part of a CPE name (`cpe:2.3:a:kaspersky:anti-virus:…`);
//! 5. the type of a package URL (`pkg:npm/…` is a software library);
//! 6. the entity itself, when every product line it sells is of one category
//!    (Hikvision and Dahua make video surveillance).
//!
//! Each inference says how it was made, and the finding repeats it.

use crate::normalise::{normalise, unspaced};
use crate::pack::{Entity, Term};

/// A category and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inferred {
    pub id: String,
    /// How, in words: "`антивирус` in the product name".
    pub how: String,
}

/// The pack's category name words, folded for matching.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameWords {
    /// (folded word, as written, category id), in pack order.
    words: Vec<(String, String, String)>,
    /// (package URL type, category id).
    purl_types: Vec<(String, String)>,
}

/// Name words shorter than this (in characters) must be whole words:
/// `edr` must not match `edrawings`.
const PREFIX_MIN_CHARS: usize = 5;

impl NameWords {
    pub fn new(categories: &[Term]) -> NameWords {
        let words = categories
            .iter()
            .flat_map(|t| {
                t.name_words
                    .iter()
                    .map(|w| (normalise(w), w.clone(), t.id.clone()))
            })
            .filter(|(folded, _, _)| !folded.is_empty())
            .collect();
        let purl_types = categories
            .iter()
            .flat_map(|t| {
                t.purl_types
                    .iter()
                    .map(|p| (p.to_ascii_lowercase(), t.id.clone()))
            })
            .collect();
        NameWords { words, purl_types }
    }

    /// The category of the longest name word found in `name`, with the word
    /// as the pack writes it.
    pub fn find(&self, name: &str) -> Option<(&str, &str)> {
        let name = normalise(name);
        if name.is_empty() {
            return None;
        }
        // The longest found, so "endpoint security" decides before
        // "security"; the first in pack order of those as long.
        let mut best: Option<&(String, String, String)> = None;
        for w in self
            .words
            .iter()
            .filter(|(folded, _, _)| found(&name, folded))
        {
            if best.is_none_or(|b| w.0.chars().count() > b.0.chars().count()) {
                best = Some(w);
            }
        }
        best.map(|(_, written, id)| (id.as_str(), written.as_str()))
    }

    fn purl_type(&self, purl: &str) -> Option<(&str, &str)> {
        let rest = purl.trim().strip_prefix("pkg:")?;
        let kind = rest.split('/').next()?.to_ascii_lowercase();
        self.purl_types
            .iter()
            .find(|(t, _)| *t == kind)
            .map(|(t, id)| (id.as_str(), t.as_str()))
    }
}

/// Whether the folded `word` occurs in the folded `name`: anywhere for text
/// written without spaces, else at the start of a word (and as a whole word
/// when it is short).
fn found(name: &str, word: &str) -> bool {
    if word.chars().any(unspaced) {
        return name.contains(word);
    }
    let whole = word.chars().count() < PREFIX_MIN_CHARS;
    name.match_indices(word).any(|(at, _)| {
        let starts = at == 0 || name.get(..at).is_some_and(|b| b.ends_with(' '));
        let rest = name.get(at + word.len()..).unwrap_or("");
        starts && (!whole || rest.is_empty() || rest.starts_with(' '))
    })
}

/// The product part of a CPE name: `anti-virus` in
/// `cpe:2.3:a:kaspersky:anti-virus:21.3:…` or `cpe:/a:kaspersky:anti-virus`.
pub(crate) fn cpe_product(cpe: &str) -> Option<&str> {
    let cpe = cpe.trim();
    let rest = cpe
        .strip_prefix("cpe:2.3:")
        .or_else(|| cpe.strip_prefix("cpe:/"))?;
    rest.split(':')
        .nth(2)
        .filter(|p| !p.is_empty() && *p != "*")
}

/// What the item itself says of its kind, before the entity is consulted:
/// steps 3 to 5 of the module's list (the row's category and the product
/// line are the caller's).
pub(crate) fn from_item(
    words: &NameWords,
    product: Option<&str>,
    cpe: Option<&str>,
    purl: Option<&str>,
) -> Option<Inferred> {
    if let Some((id, word)) = product.and_then(|p| words.find(p)) {
        return Some(Inferred {
            id: id.to_owned(),
            how: format!("`{word}` in the product name"),
        });
    }
    if let Some(part) = cpe.and_then(cpe_product)
        && let Some((id, _)) = words.find(part)
    {
        return Some(Inferred {
            id: id.to_owned(),
            how: format!("the CPE product `{part}`"),
        });
    }
    purl.and_then(|p| words.purl_type(p))
        .map(|(id, kind)| Inferred {
            id: id.to_owned(),
            how: format!("a `{kind}` package"),
        })
}

/// Step 6: the one category of every product line the entity sells.
pub(crate) fn from_entity(entity: &Entity) -> Option<Inferred> {
    let (first, rest) = entity.products.split_first()?;
    rest.iter()
        .all(|p| p.category == first.category)
        .then(|| Inferred {
            id: first.category.clone(),
            how: format!("every product line of {} is of this kind", entity.name),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str, name_words: &[&str]) -> Term {
        Term {
            id: id.to_owned(),
            label: id.to_owned(),
            synonyms: Vec::new(),
            name_words: name_words.iter().map(|w| (*w).to_owned()).collect(),
            purl_types: vec!["npm".to_owned()],
        }
    }

    #[test]
    fn finds_the_longest_word_at_a_word_start() {
        let words = NameWords::new(&[
            term(
                "antivirus",
                &["antivirus", "anti-virus", "антивирус", "ウイルス対策"],
            ),
            term("endpoint-security", &["endpoint security", "edr"]),
            term("video-surveillance", &["camera", "security camera"]),
        ]);
        let cases = [
            ("Антивирус Касперского", Some("antivirus")),
            ("Антивирусная защита", Some("antivirus")),
            ("Kaspersky Anti-Virus 2019", Some("antivirus")),
            ("Endpoint Security for Windows", Some("endpoint-security")),
            ("Kaspersky EDR Optimum", Some("endpoint-security")),
            ("eDrawings Viewer", None),
            ("カスペルスキーウイルス対策", Some("antivirus")),
            ("Wireless Security Camera", Some("video-surveillance")),
            ("Minicamera", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(words.find(name).map(|(id, _)| id), want, "{name}");
        }
    }

    #[test]
    fn reads_cpe_products_and_purl_types() {
        let words = NameWords::new(&[term("antivirus", &["anti-virus"])]);
        assert_eq!(
            cpe_product("cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*"),
            Some("anti-virus")
        );
        assert_eq!(
            cpe_product("cpe:/a:kaspersky:anti-virus"),
            Some("anti-virus")
        );
        assert_eq!(cpe_product("cpe:2.3:a:kaspersky"), None);
        let cpe = from_item(&words, None, Some("cpe:2.3:a:kaspersky:anti_virus:1"), None);
        assert_eq!(cpe.map(|i| i.id), Some("antivirus".to_owned()));
        let npm = from_item(&words, None, None, Some("pkg:npm/%40huawei/x@1"));
        assert_eq!(npm.map(|i| i.how), Some("a `npm` package".to_owned()));
    }
}
