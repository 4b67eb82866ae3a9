//! Normalisation of names before they are compared.
//!
//! Publisher strings arrive as `AO Kaspersky Lab`, `Kaspersky Lab ZAO`,
//! `KASPERSKY LAB`, full-width `Ｋａｓｐｅｒｓｋｙ` or `Лаборатория Касперского`.
//! Normalising folds these to one comparable form: Unicode NFKC, lower case,
//! punctuation to spaces, legal-form words removed, spaces collapsed.

use unicode_normalization::UnicodeNormalization;

/// Words that name a company's legal form, not the company. They are dropped
/// so that `Huawei Technologies Co., Ltd.` and `Huawei Technologies` compare equal.
const LEGAL_FORMS: &[&str] = &[
    "ab",
    "ag",
    "ao",
    "bv",
    "cjsc",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "jsc",
    "kk",
    "limited",
    "llc",
    "ltd",
    "nv",
    "oao",
    "ojsc",
    "ooo",
    "oy",
    "pao",
    "plc",
    "pte",
    "pty",
    "sa",
    "sarl",
    "sas",
    "spa",
    "srl",
    "zao",
    // Russian forms, after lower-casing.
    "ао",
    "зао",
    "оао",
    "ооо",
    "пао",
];

/// The words of `s` after normalisation, in order.
pub fn words(s: &str) -> Vec<String> {
    let folded: String = s
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| !LEGAL_FORMS.contains(w))
        .map(str::to_owned)
        .collect()
}

/// `s` normalised to one string of words separated by single spaces.
pub fn normalise(s: &str) -> String {
    words(s).join(" ")
}

/// Whether `needle` occurs in `haystack` as a run of whole words.
pub fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Case- and punctuation-blind form of a classification marking or a
/// vocabulary word: `OFFICIAL: Sensitive`, `official-sensitive` and
/// `OFFICIAL SENSITIVE` all become `officialsensitive`.
pub fn fold_marking(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_publisher_strings() {
        let cases = [
            ("AO Kaspersky Lab", "kaspersky lab"),
            ("Kaspersky Lab ZAO", "kaspersky lab"),
            ("KASPERSKY LAB", "kaspersky lab"),
            ("Ｋａｓｐｅｒｓｋｙ Ｌａｂ", "kaspersky lab"),
            ("Huawei Technologies Co., Ltd.", "huawei technologies"),
            (
                "Hangzhou Hikvision Digital Technology Co.,Ltd",
                "hangzhou hikvision digital technology",
            ),
            ("ООО «Лаборатория Касперского»", "лаборатория касперского"),
            ("  Dahua   Technology\tGmbH ", "dahua technology"),
            ("Group-IB", "group ib"),
            ("Ltd.", ""),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalise(input), want, "{input}");
        }
    }

    #[test]
    fn composed_and_decomposed_cyrillic_compare_equal() {
        // "й" as one code point and as и + combining breve.
        assert_eq!(normalise("Касперский"), normalise("Касперскии\u{306}"));
    }

    #[test]
    fn whole_words_only() {
        let hay = words("Aztec Software");
        assert!(!contains_words(&hay, &words("zte")));
        assert!(contains_words(&words("ZTE USB Modem"), &words("zte")));
        assert!(!contains_words(&hay, &[]));
    }

    #[test]
    fn folds_markings() {
        for m in [
            "OFFICIAL-SENSITIVE",
            "Official Sensitive",
            "official_sensitive",
            "OFFICIAL: Sensitive",
        ] {
            assert_eq!(fold_marking(m), "officialsensitive");
        }
    }
}
