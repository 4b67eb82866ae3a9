//! Moving focus after an action, once the page shows its result: a removed
//! row's button is gone, a form just opened needs its first field focused.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Focuses the element with this id, if there is one.
pub fn focus_id(id: &str) {
    if let Some(element) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Focuses the element with this id once the page has rendered the
/// current change (Yew renders in a task queued before this one): for a
/// component that will be gone by then.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    wasm_bindgen_futures::spawn_local(async move { focus_id(&id) });
}

/// An id to focus after the component next renders: set it, then change
/// state (or dispatch) so that it renders.
pub type PendingFocus = Rc<RefCell<Option<String>>>;

#[hook]
pub fn use_pending_focus() -> PendingFocus {
    let pending: PendingFocus = use_mut_ref(|| None);
    {
        let pending = Rc::clone(&pending);
        use_effect(move || {
            let id = pending.borrow_mut().take();
            if let Some(id) = id {
                focus_id(&id);
            }
        });
    }
    pending
}

/// Asks for `id` to be focused after the next render.
pub fn focus_after_render(pending: &PendingFocus, id: impl Into<String>) {
    pending.replace(Some(id.into()));
}
