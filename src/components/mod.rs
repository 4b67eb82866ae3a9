//! The pieces of the page, one per file: components, and plain functions for
//! the pieces that keep no state (each component type costs the wasm its own
//! copy of Yew's lifecycle code).

pub mod accepted_risk;
pub mod board_report;
pub mod check_one;
pub mod choices;
pub mod column_mapping;
pub mod context_form;
pub mod deadline_list;
pub mod error_summary;
pub mod findings_table;
pub mod focus;
pub mod inventory_input;
pub mod inventory_list;
pub mod item_detail;
pub mod job_progress;
pub mod missing_answers;
pub mod own_packs;
pub mod pack_summary;
pub mod parts;
pub mod privacy_note;
pub mod results;
pub mod rule_card;
pub mod rule_list;
pub mod saved_assessment;
pub mod select;
pub mod site_footer;
pub mod site_header;
pub mod sort_header;
pub mod source_list;
pub mod storage_control;
pub mod supplier_timelines;
pub mod timeline;
pub mod verdict_tag;
pub mod whats_new;
pub mod yes_no;
