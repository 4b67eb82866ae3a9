//! The pieces of the page, one component per file.

pub mod check_one;
pub mod context_form;
pub mod deadline_list;
pub mod error_summary;
pub mod inventory_input;
pub mod item_detail;
pub mod pack_summary;
pub mod privacy_note;
pub mod results;
pub mod rule_card;
pub mod rule_list;
pub mod site_footer;
pub mod site_header;
pub mod source_list;
pub mod verdict_tag;
