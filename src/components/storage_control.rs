//! Remembering the assessment on this device (off unless the user turns it
//! on) and "Forget everything", which clears the page and every byte this
//! app stored, with a banner that says so.

use vrc_engine::Date;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::focus::focus_id;
use crate::state::{Action, Notice, StateHandle};
use crate::storage;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    /// What went wrong with storage, shown until it works again.
    pub storage_error: UseStateHandle<Option<String>>,
    pub today: Date,
}

#[function_component(StorageControl)]
pub fn storage_control(props: &Props) -> Html {
    let state = use_context::<StateHandle>();
    let message = use_state(String::new);
    let Some(state) = state else {
        return html! {};
    };

    let on_remember = {
        let state = state.clone();
        let message = message.clone();
        let storage_error = props.storage_error.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if input.checked() {
                message.set(
                    "Your answers and inventory will be kept in this browser until you choose \
                     Forget everything."
                        .to_owned(),
                );
                state.dispatch(Action::SetRemember(true));
            } else {
                match storage::forget() {
                    Ok(()) => {
                        storage_error.set(None);
                        message.set(
                            "Your answers and inventory are no longer kept on this device, and \
                             what was kept has been removed."
                                .to_owned(),
                        );
                    }
                    Err(e) => {
                        storage_error.set(Some(e));
                        message.set(String::new());
                    }
                }
                state.dispatch(Action::SetRemember(false));
            }
        })
    };
    let on_forget = {
        let state = state.clone();
        let storage_error = props.storage_error.clone();
        let today = props.today;
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let removed = storage::forget();
            message.set(String::new());
            storage_error.set(removed.as_ref().err().cloned());
            state.dispatch(Action::ForgetEverything(today, removed.is_ok()));
        })
    };
    let show_forget = state.has_anything(props.today) || storage::has_anything();

    html! {
        <div class="storage-control" data-testid="storage-control">
            <h3 class="heading-m">{ "Remember on this device" }</h3>
            <div class="checkboxes">
                <div class="checkboxes__item">
                    <input class="checkboxes__input" type="checkbox" id="remember"
                        aria-describedby="remember-hint" checked={state.remember} onchange={on_remember} />
                    <label class="label checkboxes__label" for="remember">
                        { "Remember my answers and inventory on this device" }
                    </label>
                    <div class="hint checkboxes__hint" id="remember-hint">
                        { "They are kept in this browser's local storage, so they are here when you come \
                           back. Nothing is sent anywhere. Anyone who uses this browser could see them: \
                           leave this off on a shared computer." }
                        { crate::offline::file_storage_note().unwrap_or_default() }
                    </div>
                </div>
            </div>
            if let Some(e) = &*props.storage_error {
                <p class="error-message" data-testid="storage-error">
                    <span class="visually-hidden">{ "Error: " }</span>{ e.clone() }
                </p>
            }
            if show_forget {
                <p>
                    <button type="button" class="button button--warning" onclick={on_forget}
                        aria-describedby="forget-hint">
                        { "Forget everything" }
                    </button>
                </p>
                <p class="hint" id="forget-hint">
                    { "Clears your answers, your inventory and the results from this page, and removes \
                       everything this page stored in this browser." }
                </p>
            }
            <p class="visually-hidden" role="status" data-testid="storage-status">{ (*message).clone() }</p>
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct BannerProps {
    pub notice: Notice,
    /// Changes each time everything is forgotten, so the banner takes focus again.
    pub generation: u32,
}

/// A GOV.UK success notification banner, focused when it appears.
#[function_component(NoticeBanner)]
pub fn notice_banner(props: &BannerProps) -> Html {
    use_effect_with(props.generation, |_| focus_id("notice-banner"));
    let (heading, body) = match props.notice {
        Notice::Forgotten {
            storage_cleared: true,
        } => (
            "Everything has been forgotten",
            "Your answers, your inventory and the results have been cleared from this page, \
             and nothing from this assessment is stored in this browser any more.",
        ),
        Notice::Forgotten {
            storage_cleared: false,
        } => (
            "Your assessment has been cleared from this page",
            "This browser would not remove what it had stored. To remove it, clear this \
             site's data in the browser's settings.",
        ),
    };
    html! {
        <div class="notification-banner notification-banner--success" role="alert"
            aria-labelledby="notice-banner-title" id="notice-banner" tabindex="-1" data-testid="notice-banner">
            <div class="notification-banner__header">
                <h2 class="notification-banner__title" id="notice-banner-title">{ "Success" }</h2>
            </div>
            <div class="notification-banner__content">
                <h3 class="notification-banner__heading">{ heading }</h3>
                <p class="notification-banner__body">{ body }</p>
            </div>
        </div>
    }
}
