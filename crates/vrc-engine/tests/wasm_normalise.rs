//! The web app folds names with the browser's NFKC
//! (`String.prototype.normalize`) and lower case (`toLowerCase`), the CLI
//! with the `unicode-normalization` crate's tables and core's case tables. These tests run in Chromium and check that both give the
//! same folding, so a verdict does not depend on where it was computed.
//!
//! Run without the `nfkc-tables` feature, as the web app is built:
//!
//! ```text
//! cargo test -p vrc-engine --target wasm32-unknown-unknown --no-default-features --test wasm_normalise
//! ```
//!
//! (`cargo xtask test` does, with chromedriver and Chromium's flags set.)
//! Natively this file compiles to nothing.

#![cfg(target_arch = "wasm32")]

use unicode_normalization::UnicodeNormalization;
use vrc_engine::normalise::{fold_marking, lowercase, nfkc, normalise};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The crate's NFKC, which native builds use.
fn tables(s: &str) -> String {
    s.nfkc().collect()
}

/// Inputs where NFKC does something, and what it gives.
const TRICKY: &[(&str, &str)] = &[
    // Full-width and half-width forms.
    ("Ｋａｓｐｅｒｓｋｙ Ｌａｂ", "Kaspersky Lab"),
    ("ＺＴＥ　Ｃｏｒｐ．", "ZTE Corp."),
    ("ｶｽﾍﾟﾙｽｷｰ", "カスペルスキー"),
    // Ligatures and letter-like symbols.
    ("ﬁle ﬂow ﬀ ﬃ", "file flow ff ffi"),
    ("Ǆ ǅ ǆ Ĳ", "DŽ Dž dž IJ"),
    ("№ ™ ℌ ℃ \u{2126} \u{212B}", "No TM H °C \u{3A9} \u{C5}"),
    ("① ⑵ ⒈ ² ₃ ½ Ⅻ ⅷ", "1 (2) 1. 2 3 1⁄2 XII viii"),
    ("㍿ ㈱ ㎏", "株式会社 (株) kg"),
    // Accents: composed and decomposed forms compose alike, marks reorder.
    ("Citroe\u{308}n Cafe\u{301}", "Citroën Café"),
    ("Citroën Café", "Citroën Café"),
    ("a\u{323}\u{302} a\u{302}\u{323}", "ậ ậ"),
    ("\u{1E9B}\u{323}", "ṩ"),
    // Cyrillic: й as one code point and as и + combining breve.
    ("Касперскии\u{306}", "Касперский"),
    ("Лаборатория Касперского", "Лаборатория Касперского"),
    // Spaces: ideographic, no-break, en and em.
    ("Kaspersky\u{3000}Lab", "Kaspersky Lab"),
    (
        "Kaspersky\u{A0}Lab\u{2002}ZAO\u{2003}",
        "Kaspersky Lab ZAO ",
    ),
    // Hangul jamo compose; CJK compatibility ideographs map to the unified one.
    ("\u{1100}\u{1161}\u{11A8}", "각"),
    ("\u{F900}", "\u{8C48}"),
    // Left alone: ß, emoji sequences, CJK.
    ("Straße", "Straße"),
    ("👩\u{200D}💻 华为", "👩\u{200D}💻 华为"),
    ("", ""),
];

#[wasm_bindgen_test]
fn the_browser_and_the_tables_give_the_same_nfkc() {
    for &(input, want) in TRICKY {
        assert_eq!(tables(input), want, "tables, {input:?}");
        assert_eq!(nfkc(input), want, "browser, {input:?}");
    }
}

/// Every code point of the Basic Multilingual Plane (where the scripts of
/// publisher names live), alone and followed by a combining mark. Code points
/// the browser's Unicode does not assign yet are skipped: the crate may follow
/// a newer Unicode, and NFKC leaves a code point unknown to it unchanged
/// (Unicode's stability policy means the two never disagree on one both know).
#[wasm_bindgen_test]
fn the_browser_and_the_tables_agree_on_the_whole_bmp() {
    let unassigned = js_sys::RegExp::new(r"^\p{Cn}$", "u");
    let mut differ = Vec::new();
    let mut checked = 0;
    for c in (0..=0xFFFF_u32).filter_map(char::from_u32) {
        if unassigned.test(&c.to_string()) {
            continue;
        }
        checked += 1;
        for s in [c.to_string(), format!("{c}\u{301}")] {
            if nfkc(&s) != tables(&s) {
                differ.push(format!("{:04X}", u32::from(c)));
            }
        }
    }
    differ.dedup();
    assert!(
        differ.is_empty(),
        "NFKC differs for U+{}",
        differ.join(", U+")
    );
    // Most of the plane is assigned (less the surrogates and private use).
    assert!(checked > 50_000, "only {checked} code points checked");
}

/// The browser's `toLowerCase` and core's `to_lowercase` (which native
/// builds use) agree on every assigned code point of the BMP, alone and
/// ending a word (where Greek capital sigma becomes final sigma).
#[wasm_bindgen_test]
fn the_browser_lower_cases_as_core_does() {
    let unassigned = js_sys::RegExp::new(r"^\p{Cn}$", "u");
    let mut differ = Vec::new();
    for c in (0x80..=0xFFFF_u32).filter_map(char::from_u32) {
        if unassigned.test(&c.to_string()) {
            continue;
        }
        for s in [c.to_string(), format!("A{c}"), format!("A{c} b")] {
            if lowercase(&s) != s.to_lowercase() {
                differ.push(format!("{:04X}", u32::from(c)));
            }
        }
    }
    differ.dedup();
    assert!(
        differ.is_empty(),
        "lower case differs for U+{}",
        differ.join(", U+")
    );
    assert_eq!(lowercase("ΟΔΟΣ ΚΑΣΠΕΡΣΚΙ"), "οδος κασπερσκι");
    assert_eq!(lowercase("İSTANBUL Straße"), "i\u{307}stanbul straße");
}

#[wasm_bindgen_test]
fn publisher_names_fold_as_they_do_natively() {
    // The same cases as the unit tests in src/normalise.rs.
    let cases = [
        ("AO Kaspersky Lab", "kaspersky lab"),
        ("Ｋａｓｐｅｒｓｋｙ Ｌａｂ", "kaspersky lab"),
        ("Kaspersky\u{3000}Lab ZAO", "kaspersky lab"),
        ("Huawei Technologies Co., Ltd.", "huawei technologies"),
        ("ООО «Лаборатория Касперского»", "лаборатория касперского"),
        ("ﬁrst Citroe\u{308}n", "first citroën"),
        ("  Dahua   Technology\tGmbH ", "dahua technology"),
        ("", ""),
    ];
    for (input, want) in cases {
        assert_eq!(normalise(input), want, "{input:?}");
    }
    assert_eq!(normalise("Касперский"), normalise("Касперскии\u{306}"));
    assert_eq!(
        fold_marking("ＯＦＦＩＣＩＡＬ－Ｓｅｎｓｉｔｉｖｅ"),
        "officialsensitive"
    );
}
