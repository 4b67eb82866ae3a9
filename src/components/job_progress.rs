//! How far a large job in the worker has got, with a Cancel button; and,
//! after a cancel, what was stopped and how to start it again.

use vrc_engine::item::thousands;
use yew::prelude::*;

use crate::check::Engine;
use crate::jobs::{Busy, Jobs, Task, Work};
use crate::state::StateHandle;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub work: Work,
    /// The rules a cancelled check is started again with.
    pub engine: Engine,
}

#[function_component(JobProgress)]
pub fn job_progress(props: &Props) -> Html {
    let (Some(jobs), Some(state)) = (use_context::<Jobs>(), use_context::<StateHandle>()) else {
        return html! {};
    };
    let work = &props.work;
    if let Some(busy) = &work.busy {
        let on_cancel = Callback::from(move |_: MouseEvent| jobs.cancel());
        return html! {
            <div class="job-progress" data-testid="job-progress">
                <label class="label" for="job-progress-bar">{ doing(busy) }</label>
                if let Some(total) = busy.total {
                    <progress id="job-progress-bar" max={total.to_string()} value={busy.done.to_string()}>
                        { format!("{} of {}", thousands(busy.done), thousands(total)) }
                    </progress>
                } else {
                    // No total while a file is read: an indeterminate bar.
                    <progress id="job-progress-bar"></progress>
                }
                <p class="hint" data-testid="job-progress-count">{ so_far(busy) }</p>
                <button type="button" class="button button--secondary" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        };
    }
    let message = match (&work.cancelled, &work.failed) {
        (_, Some(failed)) => Some(html! {
            <p>{ format!("The checker stopped: {failed}") }</p>
        }),
        (Some(Task::Reading(file)), None) => Some(html! {
            <p>{ format!("Reading {file} was cancelled. Nothing from it was added.") }</p>
        }),
        (Some(Task::Checking), None) => {
            let engine = props.engine.clone();
            let again = Callback::from(move |_: MouseEvent| {
                jobs.check(
                    &engine.0,
                    state.context(),
                    std::rc::Rc::clone(&state.inventory),
                );
            });
            Some(html! {
                <>
                    <p>{ "Checking was cancelled, so there are no results yet." }</p>
                    <button type="button" class="button" onclick={again}>{ "Check again" }</button>
                </>
            })
        }
        (None, None) => None,
    };
    html! {
        <div role="status" data-testid="job-status">
            if let Some(message) = message {
                <div class="inset-text">{ message }</div>
            }
        </div>
    }
}

fn doing(busy: &Busy) -> String {
    match &busy.task {
        Task::Reading(file) => format!("Reading {file}"),
        Task::Checking => "Checking your inventory".to_owned(),
    }
}

fn so_far(busy: &Busy) -> String {
    let verb = match busy.task {
        Task::Reading(_) => "read",
        Task::Checking => "checked",
    };
    match busy.total {
        Some(total) => format!(
            "{} of {} rows {verb}.",
            thousands(busy.done),
            thousands(total)
        ),
        None => format!("{} rows {verb} so far.", thousands(busy.done)),
    }
}
