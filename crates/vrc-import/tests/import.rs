//! The importer's integration tests: one binary, one module per topic, reading
//! the fixtures that `fixtures/make_fixtures.py` (and, for workbooks,
//! `fixtures/xlsx/make_fixtures.py`) write.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::type_complexity,
    reason = "tests fail loudly, and their tables are read as tables"
)]

mod import {
    mod bad_rows;
    pub mod common;
    mod csv_encodings;
    mod delimiters;
    mod headers;
    mod inventories;
    mod json;
    mod properties;
    mod real_world;
    mod sboms;
    mod streaming;
    mod xlsx;
}
