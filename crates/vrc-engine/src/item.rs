//! Inventory items and the import report that says how they were read.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One product in use, as read from one inventory row. Every field is
/// optional because real inventories are ragged; what is missing is unknown,
/// and an unknown never triggers a rule.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct InventoryItem {
    /// The publisher, vendor, manufacturer or supplier string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The product name (Windows: DisplayName).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A CPE 2.3 name, when the source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpe: Option<String>,
    /// A package URL, when the source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// A product category id, when the row says what kind of product it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The system, host or site the item runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The device type; overrides the context's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The highest classification the system handles; overrides the context's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    /// How many installations the row stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

impl InventoryItem {
    /// A convenience for tests and the "check one product" box.
    pub fn new(publisher: &str, product: &str) -> InventoryItem {
        InventoryItem {
            publisher: Some(publisher.to_owned()).filter(|s| !s.trim().is_empty()),
            product: Some(product.to_owned()).filter(|s| !s.trim().is_empty()),
            ..InventoryItem::default()
        }
    }

    /// The item's name as its row gives it: publisher, product and version,
    /// or "Unnamed item" when the row names none of them.
    pub fn display_name(&self) -> String {
        let name = [&self.publisher, &self.product, &self.version]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            "Unnamed item".to_owned()
        } else {
            name
        }
    }

    /// The same item without the fields that never change a verdict (system,
    /// count), so that evaluation runs once per distinct item.
    pub fn evaluation_key(&self) -> InventoryItem {
        InventoryItem {
            system: None,
            count: None,
            ..self.clone()
        }
    }

    /// The item with its text borrowed.
    pub fn borrowed(&self) -> ItemRef<'_> {
        ItemRef {
            publisher: self.publisher.as_deref(),
            product: self.product.as_deref(),
            version: self.version.as_deref(),
            cpe: self.cpe.as_deref(),
            purl: self.purl.as_deref(),
            category: self.category.as_deref(),
            system: self.system.as_deref(),
            device: self.device.as_deref(),
            classification: self.classification.as_deref(),
            count: self.count,
        }
    }
}

/// An [`InventoryItem`] whose text is borrowed, from a row being read: a
/// row whose item was seen before is counted and written out without its
/// text being copied (the CLI on a large inventory).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemRef<'a> {
    pub publisher: Option<&'a str>,
    pub product: Option<&'a str>,
    pub version: Option<&'a str>,
    pub cpe: Option<&'a str>,
    pub purl: Option<&'a str>,
    pub category: Option<&'a str>,
    pub system: Option<&'a str>,
    pub device: Option<&'a str>,
    pub classification: Option<&'a str>,
    pub count: Option<u64>,
}

impl ItemRef<'_> {
    /// The item, its text copied.
    pub fn to_item(&self) -> InventoryItem {
        let owned = |s: Option<&str>| s.map(str::to_owned);
        InventoryItem {
            publisher: owned(self.publisher),
            product: owned(self.product),
            version: owned(self.version),
            cpe: owned(self.cpe),
            purl: owned(self.purl),
            category: owned(self.category),
            system: owned(self.system),
            device: owned(self.device),
            classification: owned(self.classification),
            count: self.count,
        }
    }
}

/// The fields of an inventory item, as named in import reports and diagnostics.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Publisher,
    Product,
    Version,
    Cpe,
    Purl,
    Category,
    System,
    Device,
    Classification,
    Count,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Publisher,
        Field::Product,
        Field::Version,
        Field::Cpe,
        Field::Purl,
        Field::Category,
        Field::System,
        Field::Device,
        Field::Classification,
        Field::Count,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Publisher => "publisher",
            Field::Product => "product",
            Field::Version => "version",
            Field::Cpe => "cpe",
            Field::Purl => "purl",
            Field::Category => "category",
            Field::System => "system",
            Field::Device => "device",
            Field::Classification => "classification",
            Field::Count => "count",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The delimiter of a delimited text file: a comma, semicolon, tab or
/// vertical bar found by sniffing, or whatever an Excel `sep=` line names.
/// Written in a report as the character itself, or `tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Delimiter(u8);

impl Delimiter {
    pub const TAB: Delimiter = Delimiter(b'\t');

    /// `byte` as a delimiter, if it can be one: an ASCII character that is
    /// not a letter, a digit or the quote.
    pub fn new(byte: u8) -> Option<Delimiter> {
        (byte.is_ascii() && byte != b'"' && !byte.is_ascii_alphanumeric())
            .then_some(Delimiter(byte))
    }

    pub fn byte(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for Delimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            b'\t' => f.write_str("tab"),
            other => write!(f, "{}", char::from(other)),
        }
    }
}

impl TryFrom<String> for Delimiter {
    type Error = String;

    /// As a report writes it (`tab`, or the character), or a tab itself.
    fn try_from(text: String) -> Result<Delimiter, String> {
        match text.as_bytes() {
            b"tab" | b"\t" => Some(Delimiter::TAB),
            [byte] => Delimiter::new(*byte),
            _ => None,
        }
        .ok_or_else(|| format!("`{text}` is not a delimiter"))
    }
}

impl From<Delimiter> for String {
    fn from(delimiter: Delimiter) -> String {
        delimiter.to_string()
    }
}

/// What happened when one file was read: the same shape from the CLI and the app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportReport {
    /// The file's name as the user gave it.
    pub file: String,
    /// The format detected, such as `csv`.
    pub format: String,
    /// The text encoding detected, such as `utf-8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The delimiter detected, for delimited text: the character, or `tab`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub delimiter: Option<Delimiter>,
    /// Which source column was read into which field.
    pub columns: BTreeMap<Field, String>,
    /// Source columns that were not used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmapped_columns: Vec<String>,
    /// Rows turned into items.
    pub rows_read: u64,
    /// Rows left out, each with where and why.
    pub skipped: Vec<SkippedRow>,
    /// Things the user should know that did not stop a row being read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// How many rows of `skipped` were left out for each reason, in the order
/// the reasons first came.
pub fn skipped_by_reason(skipped: &[SkippedRow]) -> Vec<(&str, usize)> {
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for s in skipped {
        match reasons.iter_mut().find(|(r, _)| *r == s.reason) {
            Some((_, n)) => *n += 1,
            None => reasons.push((&s.reason, 1)),
        }
    }
    reasons
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SkippedRow {
    /// The 1-based line in the file where the row starts.
    pub line: u64,
    pub reason: String,
}

/// A count such as `1234567` as `1,234,567`, as the import report, the page
/// and the CLI write counts.
pub fn thousands(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report writes a delimiter as earlier reports did, and reads those
    /// back; what cannot be a delimiter is refused, saying what it was.
    #[test]
    fn delimiters_are_written_and_read_as_before() {
        let cases: &[(&str, Option<u8>, &str)] = &[
            (r#"",""#, Some(b','), r#"",""#),
            (r#"";""#, Some(b';'), r#"";""#),
            (r#""|""#, Some(b'|'), r#""|""#),
            (r#""tab""#, Some(b'\t'), r#""tab""#),
            (r#""\t""#, Some(b'\t'), r#""tab""#),
            (r#"":""#, Some(b':'), r#"":""#),
            (r#""a""#, None, ""),
            (r#""\"""#, None, ""),
            (r#""comma""#, None, ""),
        ];
        for (json, byte, written) in cases {
            let read = serde_json::from_str::<Delimiter>(json);
            assert_eq!(read.as_ref().ok().map(|d| d.byte()), *byte, "{json}");
            match read {
                Ok(d) => assert_eq!(serde_json::to_string(&d).unwrap(), *written),
                Err(err) => assert!(err.to_string().contains("is not a delimiter"), "{err}"),
            }
        }
    }
}
