//! Normalisation of names before they are compared.
//!
//! Publisher strings arrive as `AO Kaspersky Lab`, `Kaspersky Lab ZAO`,
//! `KASPERSKY LAB`, full-width `Ｋａｓｐｅｒｓｋｙ` or `Лаборатория Касперского`.
//! Normalising folds these to one comparable form: Unicode NFKC, lower case,
//! punctuation to spaces, legal-form words removed, spaces collapsed.
//!
//! NFKC comes from the `unicode-normalization` crate's tables natively, and in
//! wasm with the `nfkc-tables` feature. The web app builds without it and asks
//! the browser instead (`String.prototype.normalize("NFKC")`, a pure
//! JavaScript built-in), which spares every visitor about 120 KB of tables;
//! `tests/wasm_normalise.rs` checks in Chromium that both fold alike.
//!
//! Lower case likewise: [`lowercase`] is `str::to_lowercase` natively and
//! `String.prototype.toLowerCase` in the web app (both Unicode's full case
//! mapping), which spares it core's case tables. Every lower-casing in the
//! engine, the importer and the app goes through it.

use std::borrow::Cow;

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

/// `s` in Unicode Normalization Form KC: compatibility characters (full-width
/// letters, ligatures, ideographic space) become their plain forms, and
/// accents compose. ASCII text is already in NFKC and is returned as is.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(nfkc_non_ascii(s))
    }
}

#[cfg(any(feature = "nfkc-tables", not(target_arch = "wasm32")))]
fn nfkc_non_ascii(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect()
}

/// The browser's NFKC: `String.prototype.normalize` is a pure function of its
/// input, so calling it keeps the engine free of I/O.
#[cfg(all(target_arch = "wasm32", not(feature = "nfkc-tables")))]
fn nfkc_non_ascii(s: &str) -> String {
    js_sys::JsString::from(s).normalize("NFKC").into()
}

/// `s` in lower case, by Unicode's full case mapping. ASCII text is
/// lower-cased here; other text natively by `str::to_lowercase`, and in the
/// web app by the browser.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        lowercase_non_ascii(s)
    }
}

#[cfg(any(feature = "nfkc-tables", not(target_arch = "wasm32")))]
fn lowercase_non_ascii(s: &str) -> String {
    s.to_lowercase()
}

/// The browser's `String.prototype.toLowerCase`, pure like `normalize`.
#[cfg(all(target_arch = "wasm32", not(feature = "nfkc-tables")))]
fn lowercase_non_ascii(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}

/// The words of `s` after normalisation, in order.
pub fn words(s: &str) -> Vec<String> {
    let folded: String = lowercase(&nfkc(s))
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| !LEGAL_FORMS.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Whether `c` belongs to a script written without spaces between words
/// (Chinese, Japanese kana, and Korean, whose compounds run together), where
/// a name can only be found as a run of characters, not as whole words.
pub fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}' // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}' // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
    )
}

/// `s` normalised to one string of words separated by single spaces.
pub fn normalise(s: &str) -> String {
    words(s).join(" ")
}

/// Whether `needle` occurs in `haystack` as a run of whole words. A needle
/// of one word in a script written without spaces ([`unspaced`]) is found
/// anywhere inside a word: `卡巴斯基` in `卡巴斯基安全软件`.
pub fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    match needle {
        [] => false,
        // An ASCII word is never written run together: the byte check spares
        // the character scan for almost every keyword.
        [word] if !word.is_ascii() && word.chars().any(unspaced) => {
            haystack.iter().any(|w| w.contains(word.as_str()))
        }
        _ => haystack.windows(needle.len()).any(|w| w == needle),
    }
}

/// Case- and punctuation-blind form of a classification marking or a
/// vocabulary word: `OFFICIAL: Sensitive`, `official-sensitive` and
/// `OFFICIAL SENSITIVE` all become `officialsensitive`.
pub fn fold_marking(s: &str) -> String {
    lowercase(&nfkc(s))
        .chars()
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
    fn nfkc_folds_compatibility_forms_and_leaves_ascii_alone() {
        assert!(matches!(
            nfkc("Kaspersky Lab"),
            Cow::Borrowed("Kaspersky Lab")
        ));
        assert_eq!(nfkc("ﬁ Ｋ\u{3000}Cafe\u{301} ㍿"), "fi K Café 株式会社");
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
