//! A `<select>` whose shown choice follows the app's state. Yew writes an
//! option's `selected` attribute, which a browser stops heeding once the
//! user has picked an option by hand (the option's "dirtiness", HTML §4.10.10):
//! after that, a reopened assessment or an answer given elsewhere on the
//! page would change the state but leave the old choice on screen. So the
//! value is also set as a property whenever it changes.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    /// The value of the option to show chosen.
    pub value: AttrValue,
    pub onchange: Callback<Event>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Set by a portal's `config.json` (see `crate::embed`): shown, not changed.
    #[prop_or_default]
    pub disabled: bool,
    /// The `<option>`s, with `selected` on the chosen one for the first render.
    pub children: Html,
}

#[function_component(Select)]
pub fn select(props: &Props) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(select) = node.cast::<HtmlSelectElement>()
                && select.value() != value.as_str()
            {
                select.set_value(value);
            }
        });
    }
    html! {
        <select ref={node} class={classes!("select", props.class.clone())} id={props.id.clone()}
            aria-describedby={props.described_by.clone()} onchange={props.onchange.clone()}
            disabled={props.disabled}>
            { props.children.clone() }
        </select>
    }
}
