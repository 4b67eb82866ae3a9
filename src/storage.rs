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
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| UNAVAILABLE.to_owned())
}

fn session() -> Option<Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
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
