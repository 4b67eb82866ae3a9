//! Any bytes, read as an inventory file, then checked: never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn rules() -> Option<&'static vrc_engine::RuleSet> {
    static RULES: OnceLock<Option<vrc_engine::RuleSet>> = OnceLock::new();
    RULES.get_or_init(|| vrc_engine::RuleSet::builtin().ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    if let Ok(import) = vrc_import::Importer::new().read("fuzz.csv", data)
        && let Some(rules) = rules()
    {
        let mut context = vrc_engine::Context::new(vrc_engine::Date::UNIX_EPOCH);
        context.jurisdictions.extend("GB".parse::<vrc_engine::Jurisdiction>());
        let _ = vrc_engine::assess(rules, &context, import.items.into_iter().map(|r| r.item));
    }
});
