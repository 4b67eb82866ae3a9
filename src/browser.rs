//! The browser the app runs in, or none: natively the app is only rendered
//! ahead of time, to HTML for `index.html` (see `main`), and has no window.

/// The page's window; none when rendered ahead of time.
pub fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Resolves on a later task (a zero timeout), so that the page can draw
/// and take input in between.
pub async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
