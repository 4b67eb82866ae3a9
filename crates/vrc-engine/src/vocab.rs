//! The fixed words of the domain: verdicts, sectors, jurisdictions.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::suggest::did_you_mean;

/// How strongly the guidance speaks against an item, from least to most
/// severe. The derived order is the severity order: an item's verdict is the
/// maximum of its findings.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No rule in the pack applies.
    Clear,
    /// Guidance covers this product and says explicitly that no action is needed here.
    NoAction,
    /// The guidance asks this organisation to assess its own risk, or to reconsider.
    Review,
    /// An authority advises against it here, or it can no longer be kept secure.
    Avoid,
    /// A binding instrument in force forbids this organisation to use or acquire it.
    Prohibited,
}

impl Verdict {
    /// Every verdict, least severe first.
    pub const ALL: [Verdict; 5] = [
        Verdict::Clear,
        Verdict::NoAction,
        Verdict::Review,
        Verdict::Avoid,
        Verdict::Prohibited,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clear => "clear",
            Verdict::NoAction => "no-action",
            Verdict::Review => "review",
            Verdict::Avoid => "avoid",
            Verdict::Prohibited => "prohibited",
        }
    }

    /// The verdict in the words the page shows: "Review the risk".
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Clear => "Clear",
            Verdict::NoAction => "No action needed",
            Verdict::Review => "Review the risk",
            Verdict::Avoid => "Avoid",
            Verdict::Prohibited => "Prohibited",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not one of the domain's fixed words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a known {what}{}; expected one of: {}", .suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), .expected.join(", "))]
pub struct UnknownWordError {
    pub what: &'static str,
    pub input: String,
    pub suggestion: Option<String>,
    pub expected: Vec<String>,
}

fn parse_word<T: Copy>(
    what: &'static str,
    input: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, UnknownWordError> {
    let wanted = input.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    if let Some(found) = all.iter().copied().find(|w| name(*w) == wanted) {
        return Ok(found);
    }
    let names: Vec<&str> = all.iter().map(|w| name(*w)).collect();
    Err(UnknownWordError {
        what,
        input: input.to_owned(),
        suggestion: did_you_mean(&wanted, names.iter().copied()).map(str::to_owned),
        expected: names.iter().map(|s| (*s).to_owned()).collect(),
    })
}

impl FromStr for Verdict {
    type Err = UnknownWordError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_word("verdict", s, &Verdict::ALL, Verdict::as_str)
    }
}

/// Who is assessing. A context holds a set of these, because a telecoms
/// carrier is also critical infrastructure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    /// The subset of central government dealing extensively with national
    /// security, defence, intelligence or foreign policy.
    NationalSecurity,
    /// Ministries, departments and federal agencies.
    CentralGovernment,
    /// Public bodies outside central government: local government, health,
    /// education; in a federal country, the states' own agencies too.
    PublicSector,
    /// Designated operators of energy, water, transport, finance, health and communications.
    CriticalInfrastructure,
    /// Contractors and suppliers to government.
    GovernmentSupplier,
    /// Public telecommunications providers and carriers.
    TelecomsProvider,
    /// Private organisations.
    Enterprise,
    /// Households and personal use.
    Individual,
}

impl Sector {
    pub const ALL: [Sector; 8] = [
        Sector::NationalSecurity,
        Sector::CentralGovernment,
        Sector::PublicSector,
        Sector::CriticalInfrastructure,
        Sector::GovernmentSupplier,
        Sector::TelecomsProvider,
        Sector::Enterprise,
        Sector::Individual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sector::NationalSecurity => "national-security",
            Sector::CentralGovernment => "central-government",
            Sector::PublicSector => "public-sector",
            Sector::CriticalInfrastructure => "critical-infrastructure",
            Sector::GovernmentSupplier => "government-supplier",
            Sector::TelecomsProvider => "telecoms-provider",
            Sector::Enterprise => "enterprise",
            Sector::Individual => "individual",
        }
    }
}

impl Sector {
    /// The sector as a person would name it: `Central government`.
    pub fn label(self) -> &'static str {
        match self {
            Sector::NationalSecurity => "National security",
            Sector::CentralGovernment => "Central government",
            Sector::PublicSector => "Other public sector",
            Sector::CriticalInfrastructure => "Critical infrastructure",
            Sector::GovernmentSupplier => "Supplier to government",
            Sector::TelecomsProvider => "Telecoms provider",
            Sector::Enterprise => "Private organisation",
            Sector::Individual => "Individual or household",
        }
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Sector {
    type Err = UnknownWordError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_word("sector", s, &Sector::ALL, Sector::as_str)
    }
}

/// Where an organisation is, and whose rules it answers to: an ISO 3166-1
/// alpha-2 country code (`GB`; `UK` is accepted for it), a country's
/// subdivision as ISO 3166-2 writes it (`US-TX`, for a state's own rules), or
/// `EU` (ISO's reserved code) for the European Union's own institutions.
///
/// A subdivision lies within its country: an organisation in `US-TX` answers
/// to the rules of `US` too, but one in `US` alone has not said which state's.
/// Member states are not within `EU`: the EU rules here bind its institutions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Jurisdiction([u8; 6]);

impl Jurisdiction {
    pub fn as_str(&self) -> &str {
        // Only ASCII letters, digits and `-` are ever stored, then zeros.
        let len = self.0.iter().position(|b| *b == 0).unwrap_or(self.0.len());
        self.0
            .get(..len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("??")
    }

    /// The country a subdivision lies in; a country is its own.
    pub fn country(self) -> Jurisdiction {
        let mut bytes = [0u8; 6];
        if let (Some(to), Some(from)) = (bytes.get_mut(..2), self.0.get(..2)) {
            to.copy_from_slice(from);
        }
        Jurisdiction(bytes)
    }

    /// A subdivision of a country, such as `US-TX`.
    pub fn is_subdivision(self) -> bool {
        self.0.get(2) == Some(&b'-')
    }
}

/// English short names of the jurisdictions rule packs are likely to address,
/// by code; the messages and the page use them, and the bare code otherwise.
pub fn jurisdiction_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "AT" => "Austria",
        "AU" => "Australia",
        "BE" => "Belgium",
        "CA" => "Canada",
        "CH" => "Switzerland",
        "CN" => "China",
        "CZ" => "Czechia",
        "DE" => "Germany",
        "DK" => "Denmark",
        "EE" => "Estonia",
        "ES" => "Spain",
        "EU" => "European Union institutions",
        "FI" => "Finland",
        "FR" => "France",
        "GB" => "United Kingdom",
        "IE" => "Ireland",
        "IN" => "India",
        "IT" => "Italy",
        "JP" => "Japan",
        "KR" => "South Korea",
        "LT" => "Lithuania",
        "LV" => "Latvia",
        "NL" => "Netherlands",
        "NO" => "Norway",
        "NZ" => "New Zealand",
        "PL" => "Poland",
        "RU" => "Russia",
        "SE" => "Sweden",
        "TW" => "Taiwan",
        "UA" => "Ukraine",
        "US" => "United States",
        "US-TX" => "United States: Texas",
        _ => return None,
    })
}

impl Jurisdiction {
    /// Its English short name (`United Kingdom`), or its code.
    pub fn name(self) -> String {
        match jurisdiction_name(self.as_str()) {
            Some(name) => name.to_owned(),
            None => self.as_str().to_owned(),
        }
    }
}

/// The officially assigned ISO 3166-1 alpha-2 codes, and `EU`.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET EU FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// The ISO 3166-2 codes of the United States' states, district and outlying
/// areas, checked because state rules are the ones the pack has; other
/// countries' subdivisions are checked only for their form.
const US_SUBDIVISIONS: &str = "AK AL AR AS AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD ME MI MN MO MP MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UM UT VA VI VT WA WI WV WY";

/// A jurisdiction that is not a country code, a subdivision or `EU`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not an ISO 3166-1 alpha-2 country code (such as GB, US, NZ, AU), a subdivision (such as US-TX) or EU{}", .suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
pub struct JurisdictionError {
    pub input: String,
    pub suggestion: Option<String>,
}

impl FromStr for Jurisdiction {
    type Err = JurisdictionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        let (country, subdivision) = match upper.split_once('-') {
            Some((c, sub)) => (c, Some(sub)),
            None => (upper.as_str(), None),
        };
        let country = if country == "UK" { "GB" } else { country };
        let known = |list: &str, code: &str| list.split(' ').any(|c| c == code);
        let country_ok = country.len() == 2 && known(ISO_3166_ALPHA2, country);
        let subdivision_ok = match subdivision {
            None => true,
            Some(_) if country == "EU" => false,
            Some(sub) if country == "US" => known(US_SUBDIVISIONS, sub),
            Some(sub) => {
                (1..=3).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric())
            }
        };
        if country_ok && subdivision_ok {
            let mut code = String::from(country);
            if let Some(sub) = subdivision {
                code.push('-');
                code.push_str(sub);
            }
            let mut bytes = [0u8; 6];
            for (to, from) in bytes.iter_mut().zip(code.bytes()) {
                *to = from;
            }
            return Ok(Jurisdiction(bytes));
        }
        let suggestion = match upper.as_str() {
            "EN" | "ENG" | "GBR" | "SCO" | "WAL" => Some("GB".to_owned()),
            "USA" => Some("US".to_owned()),
            "NZL" => Some("NZ".to_owned()),
            "AUS" => Some("AU".to_owned()),
            "CAN" => Some("CA".to_owned()),
            "DEU" | "GER" => Some("DE".to_owned()),
            "ITA" => Some("IT".to_owned()),
            "NLD" => Some("NL".to_owned()),
            "LTU" => Some("LT".to_owned()),
            // A state's code alone, where it is no country's.
            code if subdivision.is_none() && !country_ok && known(US_SUBDIVISIONS, code) => {
                Some(format!("US-{code}"))
            }
            _ => None,
        };
        Err(JurisdictionError {
            input: s.to_owned(),
            suggestion,
        })
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Jurisdiction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Jurisdiction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Jurisdiction {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Jurisdiction".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$",
            "description": "An ISO 3166-1 alpha-2 country code (UK is accepted for GB), an ISO 3166-2 subdivision such as US-TX, or EU for the European Union's institutions."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_ordered_by_severity() {
        let mut v = Verdict::ALL.to_vec();
        v.reverse();
        v.sort();
        assert_eq!(v, Verdict::ALL.to_vec());
        assert!(Verdict::Prohibited > Verdict::Avoid);
        assert!(Verdict::NoAction > Verdict::Clear);
    }

    #[test]
    fn words_parse_forgivingly_and_suggest() {
        assert_eq!("No_Action".parse::<Verdict>().unwrap(), Verdict::NoAction);
        assert_eq!(
            "central government".parse::<Sector>().unwrap(),
            Sector::CentralGovernment
        );
        let err = "enterprize".parse::<Sector>().unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("enterprise"));
        assert!(err.to_string().contains("`enterprize`"), "{err}");
    }

    #[test]
    fn jurisdictions_accept_uk_for_gb() {
        for (input, code) in [("UK", "GB"), ("gb", "GB"), (" us ", "US"), ("nz", "NZ")] {
            assert_eq!(input.parse::<Jurisdiction>().unwrap().as_str(), code);
        }
        let err = "USA".parse::<Jurisdiction>().unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("US"));
        assert!("XX".parse::<Jurisdiction>().is_err());
        assert!("".parse::<Jurisdiction>().is_err());
    }

    #[test]
    fn subdivisions_lie_within_their_country_and_eu_is_its_own() {
        let tx = "us-tx".parse::<Jurisdiction>().unwrap();
        assert_eq!(tx.as_str(), "US-TX");
        assert!(tx.is_subdivision());
        assert_eq!(tx.country().as_str(), "US");
        assert!(!tx.country().is_subdivision());
        assert_eq!("uk-sct".parse::<Jurisdiction>().unwrap().as_str(), "GB-SCT");
        assert_eq!("EU".parse::<Jurisdiction>().unwrap().as_str(), "EU");
        for bad in ["US-ZZ", "US-", "EU-BE", "GB-ABCD", "GB-A!", "-TX"] {
            assert!(bad.parse::<Jurisdiction>().is_err(), "{bad}");
        }
        let err = "TX".parse::<Jurisdiction>().unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("US-TX"));
        // `CA` is Canada, not California.
        assert_eq!("CA".parse::<Jurisdiction>().unwrap().as_str(), "CA");
    }
}
