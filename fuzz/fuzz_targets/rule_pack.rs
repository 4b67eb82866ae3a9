//! Any text, loaded as a rule pack beside the built-in one: errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vrc_engine::RuleSetBuilder::new()
            .builtin()
            .pack([("fuzz.toml".to_owned(), text.to_owned())])
            .build();
    }
});
