//! The page rendered ahead of time, and handed over to the app.
//!
//! On a slow network the page's wasm takes seconds to arrive (on "Slow 4G",
//! its 280 KB arrive about 2.7 s after the page is asked for). So the build
//! renders the app's first view natively, with Yew's server renderer, into
//! `index.html` ([`run`], Trunk's post-build hook in Trunk.toml): the
//! visitor has the real form at once and can fill it in while the wasm
//! downloads. Its buttons are disabled until then, so that a form is not
//! sent the browser's way (a reload, and what was typed lost).
//!
//! When the wasm starts, [`take`] notes what the visitor changed in that
//! copy, and the focus, before Yew empties the body and renders the app.
//! The app's first effect calls [`hand_over`]: each change is made again on
//! the app's control of the same id, as the visitor would (the value, then
//! `input` and `change` events), one by one in the order of the page (a
//! country before its markings, which depend on it), and the focus follows.
//!
//! Not Yew's hydration: that panics when the markup differs from the app's
//! first render (a stored assessment, a portal, another day's questions),
//! where a fresh render cannot fail. A control the app does not show is not
//! carried.

/// The `data-testid` of the copy in `index.html`.
pub const TEST_ID: &str = "page-ahead";

#[cfg(not(target_arch = "wasm32"))]
pub use native::run;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::TEST_ID;

    /// The app's first view as HTML: what the page shows before its wasm.
    pub fn render() -> String {
        let html =
            futures::executor::block_on(yew::ServerRenderer::<crate::app::App>::new().render());
        without_comments(&html).replace("<button ", "<button disabled ")
    }

    /// Yew marks each component's place with a comment, which only its
    /// hydration reads.
    fn without_comments(html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find("<!--") {
            out.push_str(rest.get(..start).unwrap_or_default());
            rest = match rest.get(start..).and_then(|r| r.find("-->")) {
                Some(end) => rest.get(start + end + 3..).unwrap_or_default(),
                None => "",
            };
        }
        out.push_str(rest);
        out
    }

    /// `index.html` with its loading message (the element marked
    /// `data-testid="page-loading"`, which holds no other `div`) replaced by
    /// `rendered`, minified by Trunk or not.
    pub fn put_into(index_html: &str, rendered: &str) -> Result<String, String> {
        let marker = ["data-testid=\"page-loading\"", "data-testid=page-loading"]
            .iter()
            .find_map(|m| index_html.find(m))
            .ok_or("index.html has no element marked data-testid=\"page-loading\"")?;
        let before = index_html.get(..marker).unwrap_or_default();
        let start = before
            .rfind("<div")
            .ok_or("the page-loading element is not a div")?;
        let after = index_html.get(marker..).unwrap_or_default();
        let end = after
            .find("</div>")
            .ok_or("the page-loading element is not closed")?;
        if after.get(..end).unwrap_or_default().contains("<div") {
            return Err("the page-loading element holds a div".to_owned());
        }
        let end = marker + end + "</div>".len();
        Ok(format!(
            "{}<div class=\"page-ahead\" data-testid=\"{TEST_ID}\">{rendered}</div>{}",
            index_html.get(..start).unwrap_or_default(),
            index_html.get(end..).unwrap_or_default()
        ))
    }

    /// Puts the first view into the `index.html` given, or else the one in
    /// `$TRUNK_STAGING_DIR` (Trunk's post-build hook).
    pub fn run() -> std::process::ExitCode {
        let path = std::env::args_os()
            .nth(1)
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("TRUNK_STAGING_DIR")
                    .map(|dir| std::path::Path::new(&dir).join("index.html"))
            });
        let Some(path) = path else {
            eprintln!(
                "usage: vendor-risk-checker INDEX.HTML (or run by Trunk, with TRUNK_STAGING_DIR)"
            );
            return std::process::ExitCode::FAILURE;
        };
        let done = std::fs::read_to_string(&path)
            .map_err(|err| err.to_string())
            .and_then(|html| put_into(&html, &render()))
            .and_then(|html| std::fs::write(&path, html).map_err(|err| err.to_string()));
        match done {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(err) => {
                eprintln!(
                    "vendor-risk-checker: cannot render the page ahead of time into {}: {err}",
                    path.display()
                );
                std::process::ExitCode::FAILURE
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_loading_message_is_replaced_minified_or_not() {
            for html in [
                "<body><noscript>x</noscript><div class=\"a page-loading\" data-testid=\"page-loading\">\n<h1>T</h1><p>Loading…</p></div></body>",
                "<body><noscript>x</noscript><div class=\"a page-loading\" data-testid=page-loading><h1>T</h1><p>Loading…</p></div></body>",
            ] {
                assert_eq!(
                    put_into(html, "<p>form</p>").unwrap(),
                    "<body><noscript>x</noscript><div class=\"page-ahead\" data-testid=\"page-ahead\"><p>form</p></div></body>"
                );
            }
            assert!(put_into("<body></body>", "x").is_err());
            assert!(put_into("<div data-testid=page-loading><div></div></div>", "x").is_err());
        }

        #[test]
        fn the_first_view_has_the_form_without_hydration_marks_and_with_buttons_disabled() {
            let html = render();
            assert!(html.contains("id=\"jurisdiction\""), "{html}");
            assert!(html.contains("Check your software against government guidance"));
            assert!(!html.contains("<!--"));
            assert!(html.contains("<button disabled "));
            assert!(!html.contains("<button type"));
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::{hand_over, take};

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

    use super::TEST_ID;

    /// What the visitor made of one control of the copy.
    enum Changed {
        Value(String),
        Checked(bool),
        Files(web_sys::FileList),
    }

    /// What [`take`] noted, for [`hand_over`].
    #[derive(Default)]
    struct Carried {
        changed: Vec<(String, Changed)>,
        focused: Option<String>,
    }

    thread_local! {
        static CARRIED: std::cell::RefCell<Carried> = std::cell::RefCell::default();
    }

    /// Notes what the visitor changed in the copy, and where the focus is,
    /// before the app replaces it.
    pub fn take() {
        let Some(document) = crate::browser::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(Some(copy)) = document.query_selector(&format!("[data-testid=\"{TEST_ID}\"]"))
        else {
            return;
        };
        let focused = (document.active_element())
            .filter(|e| copy.contains(Some(e)))
            .map(|e| e.id())
            .filter(|id| !id.is_empty());
        let carried = Carried {
            changed: changes(&copy),
            focused,
        };
        let _ = CARRIED.try_with(|c| c.replace(carried));
    }

    /// Makes what [`take`] noted again in the app. Call once it has rendered.
    pub fn hand_over() {
        let Carried { changed, focused } = CARRIED.try_with(|c| c.take()).unwrap_or_default();
        if changed.is_empty() && focused.is_none() {
            return;
        }
        let Some(document) = crate::browser::window().and_then(|w| w.document()) else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            for (id, change) in changed {
                let Some(control) = document.get_element_by_id(&id) else {
                    continue;
                };
                apply(&control, change);
                // The app redraws before the next control: a country's
                // markings are there before one is chosen.
                crate::browser::next_turn().await;
            }
            if let Some(element) = focused
                .and_then(|id| document.get_element_by_id(&id))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = element.focus();
            }
        });
    }

    /// The copy's controls the visitor changed, in the order of the page.
    fn changes(copy: &Element) -> Vec<(String, Changed)> {
        let Ok(controls) = copy.query_selector_all("input[id], select[id], textarea[id]") else {
            return Vec::new();
        };
        (0..controls.length())
            .filter_map(|i| controls.item(i))
            .filter_map(|node| {
                let changed = if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
                    match input.type_().as_str() {
                        "checkbox" => (input.checked() != input.default_checked())
                            .then(|| Changed::Checked(input.checked())),
                        // The one chosen: the one it replaced follows.
                        "radio" => (input.checked() && !input.default_checked())
                            .then_some(Changed::Checked(true)),
                        "file" => input.files().filter(|f| f.length() > 0).map(Changed::Files),
                        _ => (input.value() != input.default_value())
                            .then(|| Changed::Value(input.value())),
                    }
                } else if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
                    // The option the markup selects, or else the first.
                    let options = select.options();
                    let default = (0..options.length())
                        .find(|i| {
                            (options.item(*i))
                                .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                                .is_some_and(|o| o.default_selected())
                        })
                        .unwrap_or(0);
                    (i32::try_from(default).ok() != Some(select.selected_index()))
                        .then(|| Changed::Value(select.value()))
                } else if let Some(text) = node.dyn_ref::<HtmlTextAreaElement>() {
                    let value = text.value();
                    (text.default_value().ok().as_deref() != Some(value.as_str()))
                        .then_some(Changed::Value(value))
                } else {
                    None
                };
                let id = node.dyn_ref::<Element>()?.id();
                Some((id, changed?))
            })
            .collect()
    }

    /// Gives the app's control what the visitor gave the copy's, as the
    /// visitor would: the value, then `input` and `change` events. A
    /// control of another kind is left alone (a file input's value cannot
    /// be set: the browser would throw).
    fn apply(control: &Element, change: Changed) {
        let kind = control
            .dyn_ref::<HtmlInputElement>()
            .map(HtmlInputElement::type_);
        let fits = match (&change, kind.as_deref()) {
            (Changed::Files(_), kind) => kind == Some("file"),
            (Changed::Checked(_), kind) => matches!(kind, Some("checkbox" | "radio")),
            (Changed::Value(_), kind) => !matches!(kind, Some("file" | "checkbox" | "radio")),
        };
        if !fits {
            return;
        }
        match change {
            Changed::Value(value) => {
                if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                    input.set_value(&value);
                } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
                    select.set_value(&value);
                } else if let Some(text) = control.dyn_ref::<HtmlTextAreaElement>() {
                    text.set_value(&value);
                }
            }
            Changed::Checked(checked) => {
                if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                    input.set_checked(checked);
                }
            }
            Changed::Files(files) => {
                if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                    input.set_files(Some(&files));
                }
            }
        }
        for kind in ["input", "change"] {
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = Event::new_with_event_init_dict(kind, &init) {
                let _ = control.dispatch_event(&event);
            }
        }
    }
}
