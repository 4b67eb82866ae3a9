//! When the app panics. The wasm is built with `panic = "abort"`, so a panic
//! traps the instance: Yew stops and nothing on the page responds. The hook
//! installed here runs before the trap and, with web-sys alone, puts a plain
//! message at the top of `<main>`: what happened, a link that saves the
//! assessment (the same file as "Save assessment") and a link to start again.
//!
//! No wasm runs once the hook returns, so the saved file is made in the hook,
//! from a [`Snapshot`] the page keeps up to date: Rc clones, cheap, and no
//! serialising until a panic needs it. The hook never panics itself (a panic
//! in a panic hook aborts at once): the message is in the page before the
//! file is made, and whatever fails is said in place of the link.

use std::cell::{Cell, RefCell};
use std::panic::PanicHookInfo;
use std::rc::Rc;

use vrc_engine::{Context, ImportReport, RuleSet};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, Document, Element, HtmlElement, Url};

use crate::check::{self, Checked};
use crate::components::saved_assessment::file_name;
use crate::storage;

/// What the hook needs to write the assessment as "Save assessment" does.
#[derive(Debug)]
pub struct Snapshot {
    pub rules: Rc<RuleSet>,
    /// None while a large inventory is still being checked (or when it is empty).
    pub checked: Option<Rc<Checked>>,
    pub context: Context,
    pub imports: Vec<ImportReport>,
    pub rows: usize,
}

thread_local! {
    static SNAPSHOT: RefCell<Option<Snapshot>> = const { RefCell::new(None) };
    /// A trapped page can panic again (Yew's own state is left borrowed):
    /// the message is shown once.
    static SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// Keeps what a save after a panic would need; the page calls it on every render.
pub fn keep(snapshot: Snapshot) {
    let _ = SNAPSHOT.try_with(|kept| {
        if let Ok(mut kept) = kept.try_borrow_mut() {
            *kept = Some(snapshot);
        }
    });
}

/// Installs the hook, in Yew's place (Yew would otherwise put its own,
/// which only logs to the console, when the app is rendered).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(hook));
}

fn hook(info: &PanicHookInfo<'_>) {
    // For whoever opens the developer tools: the message with a stack trace.
    console_error_panic_hook::hook(info);
    if SHOWN.try_with(|shown| shown.replace(true)).unwrap_or(true) {
        return;
    }
    let _ = show(&info.to_string());
}

/// Test-only: a real panic through the page's own code, for the browser test
/// of the message above (tests/e2e/crash.test.mjs). "Check" in "Check one
/// product" calls this; it panics only when the test has set
/// `window.__vrcTestPanic`, which nothing in the page does.
#[expect(
    clippy::panic,
    reason = "the browser test needs a real panic, and asks for it"
)]
pub fn panic_if_a_test_asks() {
    let asked = crate::browser::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("__vrcTestPanic")).ok())
        .is_some_and(|flag| flag.is_truthy());
    if asked {
        panic!("a panic asked for by a browser test (window.__vrcTestPanic)");
    }
}

/// Shows the message, focused, then makes the file and links it.
fn show(details: &str) -> Option<()> {
    let document = crate::browser::window()?.document()?;
    let alert = element(&document, "div", None)?;
    alert.set_class_name("error-summary crash");
    for (name, value) in [
        ("role", "alert"),
        ("tabindex", "-1"),
        ("aria-labelledby", "crash-title"),
        ("data-testid", "crash"),
    ] {
        alert.set_attribute(name, value).ok()?;
    }
    let title = element(
        &document,
        "h2",
        Some("Something went wrong in this page, and it has stopped"),
    )?;
    title.set_class_name("error-summary__title");
    title.set_id("crash-title");
    let save = element(
        &document,
        "p",
        Some("Your assessment could not be made into a file here."),
    )?;
    save.set_attribute("data-testid", "crash-save").ok()?;
    let start = element(&document, "p", None)?;
    let href = document.url().ok()?;
    let href = href.split('#').next().unwrap_or_default();
    let again = link(&document, href, "Start again")?;
    again
        .set_attribute("data-testid", "crash-start-again")
        .ok()?;
    start.append_child(&again).ok()?;
    let after = if storage::remembered() {
        " (this reloads the page). You chose to remember your assessment in this browser, \
         so the page brings it back as it was last stored."
    } else {
        " (this reloads the page, empty). Save your assessment first, then open the file on \
         the new page with \"Open a saved assessment\"."
    };
    start.append_with_str_1(after).ok()?;
    let more = element(&document, "details", None)?;
    more.set_class_name("details");
    let summary = element(&document, "summary", Some("Technical details"))?;
    summary.set_class_name("details__summary");
    let text = element(&document, "pre", Some(details))?;
    text.set_class_name("details__text");
    for part in [summary, text] {
        more.append_child(&part).ok()?;
    }
    for part in [
        title,
        element(
            &document,
            "p",
            Some(
                "Your inventory never left this browser. Nothing you do on this page will work \
                 now, but you can save what you entered and start again.",
            ),
        )?,
        save.clone(),
        start,
        more,
    ] {
        alert.append_child(&part).ok()?;
    }
    // At the top of <main>; before the app has rendered one there is none.
    match document.get_element_by_id("main-content") {
        Some(main) => main.prepend_with_node_1(&alert).ok()?,
        None => {
            let main = element(&document, "main", None)?;
            main.set_class_name("width-container main-wrapper");
            main.append_child(&alert).ok()?;
            document.body()?.append_child(&main).ok()?;
        }
    }
    let _ = alert.dyn_ref::<HtmlElement>()?.focus();

    match saved_file() {
        Ok((name, url)) => {
            let anchor = link(&document, &url, "Save your assessment")?;
            anchor.set_attribute("download", &name).ok()?;
            anchor
                .set_attribute("data-testid", "crash-save-link")
                .ok()?;
            save.set_text_content(None);
            save.append_child(&anchor).ok()?;
            save.append_with_str_1(&format!(
                " to a file ({name}), with your answers, your inventory and the results."
            ))
            .ok()?;
        }
        Err(why) => save.set_text_content(Some(why)),
    }
    Some(())
}

/// The assessment's file name and an object URL of its JSON.
fn saved_file() -> Result<(String, String), &'static str> {
    const NOT_READY: &str = "Your assessment cannot be saved from here: the page stopped before \
                             it was ready.";
    let (name, json) = SNAPSHOT
        .try_with(|kept| {
            let kept = kept.try_borrow().map_err(|_| NOT_READY)?;
            let kept = kept.as_ref().ok_or(NOT_READY)?;
            if kept.checked.is_none() && kept.rows > 0 {
                return Err(
                    "Your inventory was still being checked when the page stopped, so \
                            it cannot be saved from here.",
                );
            }
            let checked = kept.checked.as_deref();
            let json = check::report_json(&kept.rules, checked, &kept.context, &kept.imports);
            Ok((file_name(kept.context.as_of), json))
        })
        .map_err(|_| NOT_READY)??;
    let failed = |_: JsValue| "This browser could not make the file, so it cannot be saved.";
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    Ok((name, url))
}

fn element(document: &Document, tag: &str, text: Option<&str>) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    element.set_text_content(text);
    Some(element)
}

fn link(document: &Document, href: &str, text: &str) -> Option<Element> {
    let anchor = element(document, "a", Some(text))?;
    anchor.set_attribute("href", href).ok()?;
    Some(anchor)
}
