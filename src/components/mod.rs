//! The pieces of the page, one component per file.

pub mod error_summary;
pub mod pack_summary;
pub mod privacy_note;
pub mod rule_card;
pub mod rule_list;
pub mod site_footer;
pub mod site_header;
