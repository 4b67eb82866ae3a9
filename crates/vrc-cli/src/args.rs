//! The command-line interface. Other tools script against it: keep it stable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "vrc",
    version,
    about = "Check a software inventory against government guidance on high-risk vendors."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check inventories and print a verdict, with reasons and sources, for every item.
    Check(Box<CheckArgs>),
    /// List, show, validate rule packs, or print their JSON Schema.
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inventory files (CSV or another delimited text with headers, an Excel workbook (.xlsx), JSON, an SBOM); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A context file (TOML or JSON) with jurisdictions, sectors, classification, device, as_of, answers. Flags override it.
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// Whose rules your organisation answers to: an ISO 3166-1 alpha-2 country code (UK is accepted for GB), a state or other subdivision as ISO 3166-2 writes it (US-TX, which includes the US), or EU for the European Union's institutions. Repeatable.
    #[arg(long = "jurisdiction", short = 'j', value_name = "CODE")]
    pub jurisdictions: Vec<String>,
    /// Your organisation's sector: national-security, central-government, public-sector, critical-infrastructure, government-supplier, telecoms-provider, enterprise, individual. Repeatable.
    #[arg(long = "sector", short = 's', value_name = "SECTOR")]
    pub sectors: Vec<String>,
    /// The default highest classification of the systems (rows may say otherwise).
    #[arg(long, value_name = "MARKING")]
    pub classification: Option<String>,
    /// The default device type (rows may say otherwise).
    #[arg(long, value_name = "TYPE")]
    pub device: Option<String>,
    /// Assess as of this date instead of today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Answer one of the rule pack's questions: `QUESTION=yes` or `QUESTION=no`. Repeatable.
    #[arg(long = "answer", value_name = "QUESTION=yes|no")]
    pub answers: Vec<String>,
    /// Answer a question about an item for the items of one product name: `"DS-2CD2143G2-I=sensitive-site=yes"`. It comes before an `--answer` to the same question for those items. Repeatable.
    #[arg(long = "item-answer", value_name = "NAME=QUESTION=yes|no")]
    pub item_answers: Vec<String>,
    /// Confirm that a publisher or product name is a catalogue entity: `"Kaspresky Lab=kaspersky"`. Repeatable.
    #[arg(long = "confirm", value_name = "NAME=ENTITY")]
    pub confirm: Vec<String>,
    /// Say what kind of product a name is, where the inventory does not: `"Kaspersky Something=antivirus"` (a category id, label or synonym of the pack). Repeatable.
    #[arg(long = "category", value_name = "NAME=CATEGORY")]
    pub categories: Vec<String>,
    /// Reject a possible (fuzzy) match for a publisher or product name. Repeatable.
    #[arg(long = "reject", value_name = "NAME")]
    pub reject: Vec<String>,
    /// Map a column by hand: `product="Software Title"`. Repeatable.
    #[arg(long = "column", value_name = "FIELD=HEADER")]
    pub columns: Vec<String>,
    /// Read this sheet of Excel workbooks (.xlsx) instead of the first visible one.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Extra rule packs (a .toml file or a folder of them), checked beside the built-in pack. Repeatable.
    #[arg(long = "rules", value_name = "PACK")]
    pub rules: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exit with status 1 when any item's verdict is this or more severe. An item that reads "review: answer needed" counts as `review`; one whose verdict is covered by an accepted risk (the context file's `accepted_risks`) does not count.
    #[arg(long, value_name = "VERDICT")]
    pub fail_on: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, jurisdiction, verdict, in force from, instrument.
    List {
        /// Extra rule packs to list beside the built-in one.
        #[arg(long = "rules", value_name = "PACK")]
        rules: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one rule in full, with its sources.
    Show {
        #[arg(value_name = "RULE-ID")]
        id: String,
        #[arg(long = "rules", value_name = "PACK")]
        rules: Vec<PathBuf>,
    },
    /// Validate rule packs (files or folders), reporting every problem with file, line and field.
    Validate {
        #[arg(required = true, value_name = "PACK")]
        packs: Vec<PathBuf>,
    },
    /// What changed in the rules: the measures that started, ended or fell due since a date, or (with --from-pack) the rules added, removed or changed since an older pack.
    Changes {
        /// List the measures that started, ended or had a deadline after this date (up to today, or --as-of).
        #[arg(long, value_name = "YYYY-MM-DD", required_unless_present = "from_pack")]
        since: Option<String>,
        /// Compare with this older pack (a .toml or .json file, or a folder of them), rule by rule.
        #[arg(long = "from-pack", value_name = "PACK")]
        from_pack: Option<PathBuf>,
        /// Extra rule packs beside the built-in one.
        #[arg(long = "rules", value_name = "PACK")]
        rules: Vec<PathBuf>,
        /// The end of the window for --since (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Print the JSON Schema of rule pack files (or, with --report, of `check --format json`).
    Schema {
        #[arg(long)]
        report: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}
