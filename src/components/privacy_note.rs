//! The plain statement that nothing leaves the device.

use yew::prelude::*;

pub fn privacy_note() -> Html {
    html! {
        <div class="inset-text" data-testid="privacy-note">
            <h2 class="heading-s">{ "Your data stays on this device" }</h2>
            <p>
                { "This page works without sending anything anywhere. Your browser is told \
                   not to contact any other website, so the software you list here cannot \
                   leave your computer." }
            </p>
        </div>
    }
}
