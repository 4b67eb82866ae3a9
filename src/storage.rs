//! This browser's local storage, used only when the user opts in. Every key
//! starts with [`PREFIX`]; "Forget everything" removes them all, and the
//! opt-in flag with them. Nothing here is ever sent anywhere.
//!
//! Storage can be turned off or full: every function returns a sentence for
//! the page instead of failing loudly.

use web_sys::Storage;

/// The start of every key this app writes.
pub const PREFIX: &str = "vrc.";
/// Set to `1` while the user wants their assessment remembered.
pub const FLAG: &str = "vrc.remember";
/// The assessment, as the report JSON a saved file holds.
pub const DATA: &str = "vrc.assessment";

const UNAVAILABLE: &str = "This browser's storage is turned off or not available, so nothing can be \
                           remembered on this device. Save the assessment to a file instead.";

fn local() -> Result<Storage, String> {
    crate::browser::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| UNAVAILABLE.to_owned())
}

fn session() -> Option<Storage> {
    crate::browser::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Whether the user opted in (on a previous visit).
pub fn remembered() -> bool {
    local()
        .ok()
        .and_then(|s| s.get_item(FLAG).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// The stored assessment, if the user opted in and one was stored.
pub fn load() -> Option<String> {
    if !remembered() {
        return None;
    }
    local().ok().and_then(|s| s.get_item(DATA).ok().flatten())
}

/// Stores the assessment and the opt-in flag. When the assessment does not
/// fit, the stale copy is removed, so an old state is never brought back.
pub fn save(json: &str) -> Result<(), String> {
    let storage = local()?;
    storage.set_item(FLAG, "1").map_err(|_| {
        "This browser would not store anything (its storage may be full or turned off). \
         Save the assessment to a file instead."
            .to_owned()
    })?;
    storage.set_item(DATA, json).map_err(|_| {
        let _ = storage.remove_item(DATA);
        format!(
            "Your assessment ({} KB) is too large for this browser's storage, so it is not \
             remembered. Save the assessment to a file instead.",
            json.len().div_ceil(1024)
        )
    })
}

/// Keys of ours in one storage area.
fn our_keys(storage: &Storage) -> Vec<String> {
    let n = storage.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect()
}

/// Whether anything of ours is stored.
pub fn has_anything() -> bool {
    let local = local().ok().is_some_and(|s| !our_keys(&s).is_empty());
    local || session().is_some_and(|s| !our_keys(&s).is_empty())
}

/// Removes every key of ours from local and session storage, the opt-in
/// flag included.
pub fn forget() -> Result<(), String> {
    for storage in [local().ok(), session()].into_iter().flatten() {
        for key in our_keys(&storage) {
            storage.remove_item(&key).map_err(|_| {
                "This browser would not remove what it stored. Clear this site's data in \
                 the browser's settings."
                    .to_owned()
            })?;
        }
    }
    Ok(())
}

/// In a real browser: `cargo xtask test` runs these in Chromium (see
/// `wasm_tests` in xtask). Natively there is no storage to test.
#[cfg(test)]
#[cfg(target_arch = "wasm32")]
mod browser_tests {
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn local() -> Storage {
        super::local().unwrap()
    }

    #[wasm_bindgen_test]
    fn remembering_is_opt_in_and_forgetting_removes_every_key_of_ours() {
        forget().unwrap();
        assert!(!remembered());
        assert_eq!(load(), None);
        assert!(!has_anything());

        // Another site's key on the same origin is none of ours.
        local().set_item("other.key", "kept").unwrap();
        save(r#"{"schema_version":1}"#).unwrap();
        assert!(remembered());
        assert_eq!(load().as_deref(), Some(r#"{"schema_version":1}"#));
        session().unwrap().set_item("vrc.scratch", "x").unwrap();
        assert!(has_anything());

        forget().unwrap();
        assert!(!has_anything());
        assert!(!remembered());
        assert_eq!(load(), None);
        assert_eq!(
            local().get_item("other.key").unwrap().as_deref(),
            Some("kept")
        );
        local().remove_item("other.key").unwrap();
    }

    /// Stored data without the opt-in flag is not brought back.
    #[wasm_bindgen_test]
    fn an_assessment_without_the_flag_is_not_loaded() {
        forget().unwrap();
        local().set_item(DATA, "{}").unwrap();
        assert!(!remembered());
        assert_eq!(load(), None);
        forget().unwrap();
        assert_eq!(local().get_item(DATA).unwrap(), None);
    }

    /// An assessment larger than the browser's quota (Chromium's is 5 MiB of
    /// UTF-16 per origin) is refused with a sentence, and the stale copy goes.
    #[wasm_bindgen_test]
    fn too_large_an_assessment_is_refused_and_the_old_copy_removed() {
        forget().unwrap();
        save("{}").unwrap();
        let huge = "x".repeat(6 * 1024 * 1024);
        let err = save(&huge).unwrap_err();
        assert!(
            err.contains("too large for this browser's storage"),
            "{err}"
        );
        assert!(err.contains("6144 KB"), "{err}");
        assert_eq!(load(), None, "the older assessment must not come back");
        forget().unwrap();
    }
}
