//! Which source column feeds which field: the user's mapping first, then the
//! header synonyms seen in real inventories.
//!
//! Headers are compared folded: lowercased, with everything but letters and
//! digits removed, so `Display Name`, `display_name` and `DisplayName` are one.

use vrc_engine::Field;
use vrc_engine::normalise::lowercase;
use vrc_engine::sort::sort_with;

use crate::ImportError;

/// The names each field is known by, most specific first (the first header
/// matching the earliest name wins), as people write them. Compared folded.
///
/// Asset tools' exports, from their own documentation or code (fixtures in
/// tests/fixtures, see make_fixtures.py):
/// - Lansweeper software reports: `Software`, `Version`, `Publisher`, `Total`
///   (install count), `AssetName` (its report queries: `softwareName As
///   Software`, `Count(tblSoftware.AssetID) As Total`, `tblAssets.AssetName`).
/// - PDQ Inventory reports: `Computer Name`, `Application Name`,
///   `Application Version` (PDQ's example SQL report, gist Colby-PDQ).
/// - ManageEngine Endpoint Central's software inventory API
///   (api/1.4/inventory/software): `software_name`, `software_version`,
///   `manufacturer_name`, `managed_installations`.
/// - Snipe-IT's licenses table: `Name`, `Product Key`, `Manufacturer`, `Total`
///   (seats), `Avail` (LicensePresenter and its en-US language files).
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Product,
        &[
            "DisplayName",
            "DisplayName0",
            "ARPDisplayName0",
            "ProductName0",
            "Product Name",
            "Software Name",
            "Software Title",
            "Application Name",
            "App Name",
            "Program Name",
            // Named in issue 11 as a header users' exports have; no tool's
            // documentation was found for it.
            "Package Name",
            "Name",
            "Product",
            "Application",
            "Software",
            "Title",
            "Program",
        ],
    ),
    (
        Field::Publisher,
        &[
            "Publisher",
            "Publisher0",
            "Publisher Name",
            "Software Publisher",
            "Application Publisher",
            "Vendor",
            "Vendor Name",
            "Software Vendor",
            "Manufacturer",
            "Manufacturer0",
            "Manufacturer Name",
            "Supplier",
            "Company",
            "Company Name",
        ],
    ),
    (
        Field::Version,
        &[
            "DisplayVersion",
            "DisplayVersion0",
            "Version0",
            "ProductVersion0",
            "Product Version",
            "Software Version",
            "Application Version",
            "App Version",
            "Version",
        ],
    ),
    (Field::Cpe, &["CPE", "CPE23", "CPE Name", "CPE23Uri"]),
    (Field::Purl, &["PURL", "Package URL"]),
    (
        Field::Category,
        &["Category", "Product Category", "Software Category"],
    ),
    (
        Field::System,
        &[
            "System",
            "System Name",
            "Host",
            "Hostname",
            "Computer",
            "ComputerName",
            "Machine",
            "Machine Name",
            "Device Name",
            "AssetName",
            // PowerShell adds these to what a remote command returns
            // (`Invoke-Command`, `Get-CimInstance -ComputerName`), and WMI
            // `__SERVER`.
            "PSComputerName",
            "__SERVER",
            "Netbios_Name0",
            "NetBIOS Name",
            "Server",
            "Server Name",
            "Site",
        ],
    ),
    (Field::Device, &["Device Type", "Device", "Form Factor"]),
    (
        Field::Classification,
        &[
            "Classification",
            "Security Classification",
            "Data Classification",
            "Protective Marking",
            "Marking",
        ],
    ),
    (
        Field::Count,
        &[
            "Count",
            "Installs",
            "Installations",
            "Instances",
            "Quantity",
            "Install Count",
            "Installation Count",
            "Device Count",
            "Managed Installations",
            "Qty",
            "Total",
        ],
    ),
];

/// The product and publisher names an error message offers as examples.
pub(crate) const PRODUCT_EXAMPLES: &[&str] = &[
    "DisplayName",
    "DisplayName0",
    "Name",
    "Product",
    "Product Name",
    "Application",
    "Software",
    "Title",
];
pub(crate) const PUBLISHER_EXAMPLES: &[&str] = &[
    "Publisher",
    "Publisher0",
    "Vendor",
    "Manufacturer",
    "Supplier",
    "Company",
];

/// A header folded for comparison: lowercase letters and digits only.
pub(crate) fn fold(header: &str) -> String {
    lowercase(header)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The names a field is recognised by, as people write them.
pub(crate) fn synonyms(field: Field) -> &'static [&'static str] {
    SYNONYMS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(&[], |(_, names)| names)
}

/// Which header (by index) feeds which field.
#[derive(Debug, Default)]
pub(crate) struct Mapping {
    /// In [`Field::ALL`] order.
    pub(crate) fields: Vec<(Field, usize)>,
    /// Headers not read into any field, by index.
    pub(crate) unmapped: Vec<usize>,
    pub(crate) warnings: Vec<String>,
}

impl Mapping {
    pub(crate) fn has(&self, field: Field) -> bool {
        self.fields.iter().any(|(f, _)| *f == field)
    }
}

/// Why a header cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ColumnError {
    /// Neither a product nor a publisher column; with headers that look like
    /// misspellings of one: (header, field, the name it resembles).
    NoNameColumn {
        suggestions: Vec<(String, Field, String)>,
    },
    /// The user named a column that is not there.
    Missing {
        field: Field,
        column: String,
        did_you_mean: Option<String>,
    },
}

/// How many rows with at most one value (a report's title, a date) may sit
/// above the header.
const MAX_PREAMBLE: usize = 10;

/// Finds a table's header: the first row with a product or publisher column,
/// after at most [`MAX_PREAMBLE`] rows of one value (a title). A row of two
/// or more values that cannot be mapped is the header, and its error is the
/// file's. Every format made of rows (delimited text, workbooks) finds its
/// header with this.
#[derive(Debug)]
pub(crate) struct HeaderSearch<'u> {
    user: &'u [(Field, String)],
    /// What a row is called in messages: `line` or `row`.
    unit: &'static str,
    /// The row whose error is the file's if no header is found.
    rejected: Option<(Vec<String>, ColumnError)>,
    preamble: usize,
}

/// The header row found, and how its columns map.
#[derive(Debug)]
pub(crate) struct Header {
    pub(crate) cells: Vec<String>,
    pub(crate) mapping: Mapping,
    /// Says how many rows above the header were skipped, if any were.
    pub(crate) warning: Option<String>,
}

impl<'u> HeaderSearch<'u> {
    /// `user` is the user's mapping; `unit` what a row is called, `line` or `row`.
    pub(crate) fn new(user: &'u [(Field, String)], unit: &'static str) -> HeaderSearch<'u> {
        HeaderSearch {
            user,
            unit,
            rejected: None,
            preamble: 0,
        }
    }

    /// Offer the next row, `line`, with its cells trimmed: `Ok(Some)` when it
    /// is the header, `Ok(None)` to offer the next row, `Err` when there is
    /// no usable header.
    pub(crate) fn offer(
        &mut self,
        file: &str,
        line: u64,
        cells: Vec<String>,
    ) -> Result<Option<Header>, ImportError> {
        match map(&cells, self.user) {
            Ok(mapping) => {
                let warning = (self.preamble > 0).then(|| {
                    let (n, unit) = (self.preamble, self.unit);
                    let plural = if n == 1 { "" } else { "s" };
                    format!(
                        "skipped {n} {unit}{plural} above the header, which is on {unit} {line}"
                    )
                });
                Ok(Some(Header {
                    cells,
                    mapping,
                    warning,
                }))
            }
            Err(err) => {
                let header_like = cells.iter().filter(|c| !c.is_empty()).count() >= 2;
                if self.rejected.is_none() || header_like {
                    self.rejected = Some((cells, err));
                }
                self.preamble += 1;
                if (header_like || self.preamble >= MAX_PREAMBLE)
                    && let Some((headers, err)) = self.rejected.take()
                {
                    return Err(ImportError::from_columns(file, headers, err));
                }
                Ok(None)
            }
        }
    }

    /// The rows ran out before a header: why, or `None` if no row was offered.
    pub(crate) fn end(self, file: &str) -> Option<ImportError> {
        self.rejected
            .map(|(headers, err)| ImportError::from_columns(file, headers, err))
    }
}

/// Map headers to fields. `user` is the user's mapping, which wins over the
/// synonyms; a column it names must exist.
pub(crate) fn map(headers: &[String], user: &[(Field, String)]) -> Result<Mapping, ColumnError> {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let mut mapping = Mapping::default();
    let mut used = vec![false; headers.len()];
    let mut chosen: Vec<(Field, usize)> = Vec::new();

    // The user's mapping. A later mapping of the same field wins.
    for (field, column) in user {
        let index =
            find_user_column(headers, &folded, column).ok_or_else(|| ColumnError::Missing {
                field: *field,
                column: column.clone(),
                did_you_mean: closest(column, headers.iter().map(String::as_str))
                    .map(str::to_owned),
            })?;
        chosen.retain(|(f, _)| f != field);
        chosen.push((*field, index));
    }
    for (_, index) in &chosen {
        if let Some(u) = used.get_mut(*index) {
            *u = true;
        }
    }

    // Synonyms, for the fields the user did not map: the best synonym wins,
    // then the leftmost header.
    for field in Field::ALL {
        if chosen.iter().any(|(f, _)| *f == field) {
            continue;
        }
        let found = synonyms(field).iter().find_map(|name| {
            let name = fold(name);
            folded
                .iter()
                .enumerate()
                .find(|(i, h)| **h == name && !used.get(*i).copied().unwrap_or(true))
                .map(|(i, _)| i)
        });
        if let Some(index) = found {
            if let Some(u) = used.get_mut(index) {
                *u = true;
            }
            chosen.push((field, index));
        }
    }

    if !chosen
        .iter()
        .any(|(f, _)| matches!(f, Field::Product | Field::Publisher))
    {
        let suggestions = headers
            .iter()
            .filter_map(|h| {
                let (field, name) = resembles(h, &[Field::Product, Field::Publisher])?;
                Some((h.clone(), field, name.to_owned()))
            })
            .collect();
        return Err(ColumnError::NoNameColumn { suggestions });
    }

    sort_fields(&mut chosen);
    mapping.fields = chosen;

    for (i, header) in headers.iter().enumerate() {
        if used.get(i).copied().unwrap_or(false) || header.trim().is_empty() {
            continue;
        }
        mapping.unmapped.push(i);
        let folded_header = folded.get(i).map_or("", String::as_str);
        let first = folded.iter().position(|f| f == folded_header);
        if first != Some(i) && first.is_some_and(|j| used.get(j).copied().unwrap_or(false)) {
            mapping.warnings.push(format!(
                "the column `{header}` appears more than once; only the first was read"
            ));
            continue;
        }
        let unmapped_fields: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| !mapping.has(*f))
            .collect();
        if let Some((field, name)) = resembles(header, &unmapped_fields) {
            mapping.warnings.push(format!(
                "the column `{header}` was not read; it looks like `{name}`: map it to the {field} if that is what it holds"
            ));
        }
    }
    Ok(mapping)
}

fn find_user_column(headers: &[String], folded: &[String], column: &str) -> Option<usize> {
    let column = column.trim();
    headers
        .iter()
        .position(|h| h.trim() == column)
        .or_else(|| {
            headers
                .iter()
                .position(|h| lowercase(h.trim()) == lowercase(column))
        })
        .or_else(|| {
            let want = fold(column);
            if want.is_empty() {
                None
            } else {
                folded.iter().position(|h| *h == want)
            }
        })
}

/// The candidate closest to `input`, if it is close enough to be a typo.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = fold(input);
    if input.is_empty() {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (c, strsim::normalized_damerau_levenshtein(&input, &fold(c))))
        .filter(|(_, score)| *score >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// Puts mapped columns in field order.
pub(crate) fn sort_fields(fields: &mut [(Field, usize)]) {
    sort_with(fields, |a, b| a.0.cmp(&b.0));
}

/// The synonym of one of `fields` that `header` looks like a misspelling of.
/// Exact matches are not misspellings; very short headers resemble too much.
fn resembles(header: &str, fields: &[Field]) -> Option<(Field, &'static str)> {
    let folded = fold(header);
    if folded.chars().count() < 4 {
        return None;
    }
    fields
        .iter()
        .flat_map(|f| synonyms(*f).iter().map(move |name| (*f, *name)))
        .filter_map(|(field, name)| {
            let name_folded = fold(name);
            if name_folded == folded {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&folded, &name_folded);
            let allowed = if name_folded.chars().count() >= 8 {
                2
            } else {
                1
            };
            (distance <= allowed).then_some((distance, field, name))
        })
        .min_by_key(|(distance, _, _)| *distance)
        .map(|(_, field, name)| (field, name))
}

#[cfg(test)]
#[allow(clippy::type_complexity, reason = "test tables are read as tables")]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn mapped(names: &[&str], user: &[(Field, &str)]) -> Vec<(Field, String)> {
        let hs = headers(names);
        let user: Vec<(Field, String)> = user.iter().map(|(f, c)| (*f, (*c).to_owned())).collect();
        let mapping = map(&hs, &user).unwrap();
        mapping
            .fields
            .iter()
            .map(|(f, i)| (*f, hs[*i].clone()))
            .collect()
    }

    #[test]
    fn fold_ignores_case_spaces_and_punctuation() {
        for (input, want) in [
            ("DisplayName", "displayname"),
            ("Display Name", "displayname"),
            ("display_name", "displayname"),
            ("Netbios_Name0", "netbiosname0"),
            ("[Publisher0]", "publisher0"),
            ("  Package-URL ", "packageurl"),
            ("Édition", "édition"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn real_headers_map() {
        use Field::*;
        let cases: &[(&[&str], &[(Field, &str)])] = &[
            (
                &["DisplayName", "DisplayVersion", "Publisher", "InstallDate"],
                &[
                    (Publisher, "Publisher"),
                    (Product, "DisplayName"),
                    (Version, "DisplayVersion"),
                ],
            ),
            (
                &["Netbios_Name0", "DisplayName0", "Publisher0", "Version0"],
                &[
                    (Publisher, "Publisher0"),
                    (Product, "DisplayName0"),
                    (Version, "Version0"),
                    (System, "Netbios_Name0"),
                ],
            ),
            (
                &[
                    "ARPDisplayName0",
                    "ProductName0",
                    "Publisher0",
                    "ProductVersion0",
                ],
                &[
                    (Publisher, "Publisher0"),
                    (Product, "ARPDisplayName0"),
                    (Version, "ProductVersion0"),
                ],
            ),
            (
                &["displayName", "version", "publisher", "deviceCount"],
                &[
                    (Publisher, "publisher"),
                    (Product, "displayName"),
                    (Version, "version"),
                    (Count, "deviceCount"),
                ],
            ),
            (
                &["name", "version", "publisher", "install_location"],
                &[
                    (Publisher, "publisher"),
                    (Product, "name"),
                    (Version, "version"),
                ],
            ),
            (
                &[
                    "Software Title",
                    "Vendor",
                    "Host Name",
                    "Protective Marking",
                    "Device Type",
                    "Installs",
                ],
                &[
                    (Publisher, "Vendor"),
                    (Product, "Software Title"),
                    (System, "Host Name"),
                    (Device, "Device Type"),
                    (Classification, "Protective Marking"),
                    (Count, "Installs"),
                ],
            ),
            (
                &[
                    "Application Name",
                    "Application Publisher",
                    "Application Version",
                    "cpe23",
                    "Package URL",
                ],
                &[
                    (Publisher, "Application Publisher"),
                    (Product, "Application Name"),
                    (Version, "Application Version"),
                    (Cpe, "cpe23"),
                    (Purl, "Package URL"),
                ],
            ),
            (&["Manufacturer"], &[(Publisher, "Manufacturer")]),
            (
                &["Computer", "Product", "Category"],
                &[
                    (Product, "Product"),
                    (Category, "Category"),
                    (System, "Computer"),
                ],
            ),
            // "Device Name" is the system; "Device" the device type.
            (
                &["Device Name", "Device", "Title"],
                &[
                    (Product, "Title"),
                    (System, "Device Name"),
                    (Device, "Device"),
                ],
            ),
        ];
        for (names, want) in cases {
            let want: Vec<(Field, String)> =
                want.iter().map(|(f, h)| (*f, (*h).to_owned())).collect();
            assert_eq!(mapped(names, &[]), want, "{names:?}");
        }
    }

    #[test]
    fn user_mapping_wins() {
        use Field::*;
        let cases: &[(&[&str], &[(Field, &str)], &[(Field, &str)])] = &[
            (
                &["Name", "Software Title", "Vendor"],
                &[(Product, "Software Title")],
                &[(Publisher, "Vendor"), (Product, "Software Title")],
            ),
            // The column the user took is not also read as a synonym.
            (
                &["Name", "Title"],
                &[(System, "Name")],
                &[(Product, "Title"), (System, "Name")],
            ),
            // Case and punctuation are forgiven.
            (
                &["Prog", "Maker"],
                &[(Product, "prog"), (Publisher, "MAKER ")],
                &[(Publisher, "Maker"), (Product, "Prog")],
            ),
            // Later wins.
            (
                &["A", "B"],
                &[(Product, "A"), (Product, "B")],
                &[(Product, "B")],
            ),
        ];
        for (names, user, want) in cases {
            let want: Vec<(Field, String)> =
                want.iter().map(|(f, h)| (*f, (*h).to_owned())).collect();
            assert_eq!(mapped(names, user), want, "{names:?} {user:?}");
        }
    }

    #[test]
    fn missing_user_column_suggests() {
        let err = map(
            &headers(&["Software Title", "Vendor"]),
            &[(Field::Product, "Software Titel".to_owned())],
        )
        .unwrap_err();
        assert_eq!(
            err,
            ColumnError::Missing {
                field: Field::Product,
                column: "Software Titel".to_owned(),
                did_you_mean: Some("Software Title".to_owned())
            }
        );
    }

    #[test]
    fn no_name_column_suggests_misspellings() {
        let cases: &[(&[&str], &[(&str, Field, &str)])] = &[
            (&["Host", "Ver"], &[]),
            (
                &["Prodcut", "Versoin"],
                &[("Prodcut", Field::Product, "Product")],
            ),
            (
                &["Publsher", "Version"],
                &[("Publsher", Field::Publisher, "Publisher")],
            ),
            (
                &["Display Nme"],
                &[("Display Nme", Field::Product, "DisplayName")],
            ),
        ];
        for (names, want) in cases {
            let err = map(&headers(names), &[]).unwrap_err();
            let want = want
                .iter()
                .map(|(h, f, n)| ((*h).to_owned(), *f, (*n).to_owned()))
                .collect();
            assert_eq!(
                err,
                ColumnError::NoNameColumn { suggestions: want },
                "{names:?}"
            );
        }
    }

    #[test]
    fn unmapped_columns_and_warnings() {
        let hs = headers(&["Name", "Publisher", "InstallDate", "Name", "Vesion", ""]);
        let mapping = map(&hs, &[]).unwrap();
        assert_eq!(mapping.unmapped, vec![2, 3, 4]);
        assert_eq!(mapping.warnings.len(), 2, "{:?}", mapping.warnings);
        assert!(mapping.warnings[0].contains("`Name` appears more than once"));
        assert!(mapping.warnings[1].contains("`Vesion`"));
    }
}
