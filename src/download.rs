//! Saving a generated file: a Blob, an object URL and a click on an
//! `<a download>`. Nothing is sent anywhere.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

thread_local! {
    /// The last object URL, revoked at the next download (revoking at once
    /// can cancel the download in some browsers).
    static LAST_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Offers `text` as a file called `name`. Returns a sentence on failure.
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let failed = |_: JsValue| format!("The browser could not save {name}.");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = crate::browser::window()
        .and_then(|w| w.document())
        .ok_or_else(|| format!("The browser could not save {name}."))?;
    let anchor = document
        .create_element("a")
        .map_err(failed)?
        .dyn_into::<HtmlAnchorElement>()
        .map_err(|_| format!("The browser could not save {name}."))?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    LAST_URL.with(|last| {
        if let Some(old) = last.replace(Some(url)) {
            let _ = Url::revoke_object_url(&old);
        }
    });
    Ok(())
}

/// Opens the browser's print dialogue (print to PDF).
pub fn print() {
    if let Some(window) = crate::browser::window() {
        let _ = window.print();
    }
}
