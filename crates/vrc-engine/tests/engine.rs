//! The engine's integration tests: one binary, one module per topic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::type_complexity,
    reason = "tests fail loudly, and their tables are read as tables"
)]

mod engine {
    mod answers;
    mod assessor;
    pub mod common;
    mod headline;
    mod matching;
    mod packs;
    mod properties;
    mod rules;
    mod scenarios;
}
