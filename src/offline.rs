//! The offline file (`cargo xtask offline`: the whole app in one HTML file,
//! for networks with no internet) says what it is, and what it was built
//! from, in `<meta>` tags the build writes; the served site has none of them.

/// The content of `<meta name="NAME">`, if the page has one.
pub fn meta(name: &str) -> Option<String> {
    crate::browser::window()?
        .document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()
        .flatten()?
        .get_attribute("content")
        .filter(|content| !content.is_empty())
}

/// Whether this page is the offline file.
pub fn is_offline() -> bool {
    meta("vrc-build").is_some_and(|build| build == "offline")
}

/// For the "Newer guidance may exist" warning: the offline file cannot
/// fetch newer rules, so it says how newer ones get in.
pub fn newer_file() -> Option<&'static str> {
    is_offline().then_some(
        " This is the offline copy of the checker: its rules change only with the file. To use \
         newer rules, get a newer vendor-risk-checker.html from whoever supplies your copies, \
         check it against its SHA256SUMS as you checked this one, and bring it in the same way.",
    )
}

/// For "Remember on this device", opened from a file: Chromium-based
/// browsers and Firefox give every page opened from a file one shared local
/// storage (the browser tests check both).
pub fn file_storage_note() -> Option<&'static str> {
    let protocol = crate::browser::window()?.location().protocol().ok()?;
    (protocol == "file:").then_some(
        " Opened from a file, browsers (Chrome, Edge and Firefox among them) share this \
         storage between every page opened from a file on this computer, so another such page \
         could read it: save the assessment to a file instead unless you trust every file \
         opened here.",
    )
}
