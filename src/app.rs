//! The page: the context, the inventory and the answers in one view, the
//! rules the checker uses in another (see [`crate::route`]). App-wide state
//! lives in a reducer ([`crate::state`]) shared through a `ContextProvider`;
//! the engine's pipeline runs in [`crate::check`] (and [`crate::jobs`]).

use std::rc::Rc;

use vrc_engine::Date;
use vrc_engine::pack::{PackMeta, Rule};
use yew::prelude::*;

use crate::check::{self, Checked, Engine, SharedChecked, announcement};
use crate::components::board_report::BoardReport;
use crate::components::check_one::CheckOne;
use crate::components::context_form::ContextForm;
use crate::components::error_summary::{ErrorSummary, error_summary};
use crate::components::inventory_input::InventoryInput;
use crate::components::job_progress::JobProgress;
use crate::components::own_packs::OwnPacks;
use crate::components::pack_summary::{pack_line, pack_summary};
use crate::components::privacy_note::privacy_note;
use crate::components::results::Results;
use crate::components::rule_list::RuleList;
use crate::components::saved_assessment::SavedAssessment;
use crate::components::site_footer::site_footer;
use crate::components::site_header::site_header;
use crate::components::storage_control::{NoticeBanner, StorageControl};
use crate::crash;
use crate::jobs::{Jobs, WORKER_ROWS, Work};
use crate::own_rules::{Given, OwnPack};
use crate::route::{self, View, use_view};
use crate::state::{Action, AppState, StateHandle};
use crate::storage;

/// The rules the page has: the built-in pack (with an organisation's own,
/// when loaded) once the importer's worker has handed it over, or until
/// then its outline, which the form needs and nothing is checked against
/// (`vrc_engine::load::builtin_outline`).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub engine: Engine,
    pub packs: Vec<PackMeta>,
    pub rules: Rc<Vec<Rule>>,
    /// The whole pack, not the outline: items can be checked against it.
    pub whole: bool,
}

impl Loaded {
    fn of(engine: Engine, whole: bool) -> Loaded {
        Loaded {
            packs: engine.0.packs().to_vec(),
            rules: Rc::new(engine.0.rules().cloned().collect()),
            engine,
            whole,
        }
    }

    /// The rules to check against: none while only the outline is here.
    fn checkable(&self) -> Option<Engine> {
        self.whole.then(|| self.engine.clone())
    }
}

/// Reads the compiled-in outline of the built-in pack. One that cannot be
/// read is a build defect, but the page still says so plainly instead of
/// going blank.
fn outline() -> Result<Loaded, String> {
    let set = vrc_engine::load::builtin_outline().map_err(|err| err.to_string())?;
    Ok(Loaded::of(Engine(Rc::new(set)), false))
}

/// Today in the browser's time zone.
#[cfg(target_arch = "wasm32")]
fn today() -> Date {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).ok();
    let month = u8::try_from(now.get_month().saturating_add(1)).ok();
    let day = u8::try_from(now.get_date()).ok();
    year.zip(month)
        .zip(day)
        .and_then(|((y, m), d)| Date::from_ymd(y, m, d))
        .unwrap_or(Date::UNIX_EPOCH)
}

/// The day the page is rendered ahead of time (UTC): the browser puts its
/// own today in its place as the app starts.
#[cfg(not(target_arch = "wasm32"))]
fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    Date::from_unix_seconds(seconds).unwrap_or(Date::UNIX_EPOCH)
}

/// The state the page starts in: empty, or what the user asked this browser
/// to remember; with a sentence when what was stored cannot be read.
fn startup(today: Date) -> (AppState, Option<String>) {
    // With a portal's defaults and locked fields (see `crate::embed`).
    let fresh = crate::embed::settle(AppState::new(today), true);
    if !storage::remembered() {
        return (fresh, None);
    }
    let fresh = fresh.apply(Action::SetRemember(true));
    match storage::load() {
        None => (fresh, None),
        Some(json) => match crate::state::read_saved("The stored assessment", json.as_bytes()) {
            Ok(saved) => (crate::embed::settle(fresh.restored(saved), false), None),
            Err(_) => (
                fresh,
                Some(
                    "What this browser had stored could not be read, so the page starts empty."
                        .to_owned(),
                ),
            ),
        },
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let outline = use_memo((), |()| outline());
    let view = use_view();
    // Whether the rules view has been shown, so it is kept once made.
    let rules_seen = {
        let seen = use_mut_ref(|| false);
        let now = *seen.borrow() || matches!(view, View::Rules(_));
        *seen.borrow_mut() = now;
        now
    };
    {
        let first = use_mut_ref(|| true);
        use_effect_with(view.clone(), move |view| {
            let was_first = first.replace(false);
            route::arrived(view, was_first);
        });
    }
    let today = *use_memo((), |()| today());
    let started = use_memo((), move |()| startup(today));
    let state = {
        let started = Rc::clone(&started);
        use_reducer(move || started.0.clone())
    };
    let storage_error = {
        let started = Rc::clone(&started);
        use_state_eq(move || started.1.clone())
    };
    let work = use_reducer(Work::default);
    // The built-in pack, with the organisation's own packs once they load;
    // its outline until the worker hands it over.
    let loaded = use_memo(
        (
            outline,
            work.built_in.clone(),
            state.own_rules.engine.clone(),
        ),
        |(outline, built_in, own)| match (own, built_in) {
            (Some(engine), _) | (None, Some(Ok(engine))) => Ok(Loaded::of(engine.clone(), true)),
            (None, Some(Err(message))) => Err(message.clone()),
            (None, None) => (**outline).clone(),
        },
    );
    let engine = (*loaded).as_ref().ok().and_then(Loaded::checkable);
    {
        // A link to a rule, followed before the rules were here, lands on it now.
        let view = view.clone();
        use_effect_with(engine.is_some(), move |whole| {
            if *whole {
                route::rules_arrived(&view);
            }
        });
    }
    let jobs = {
        let work = work.dispatcher();
        (*use_memo((), move |()| Jobs::new(work))).clone()
    };
    {
        // The worker's wasm (the importer) loads once the page is usable; a
        // portal's own rule packs are checked then, in their worker.
        let (jobs, state) = (jobs.clone(), state.dispatcher());
        use_effect_with((), move |()| {
            // What the visitor did with the page rendered ahead of time.
            #[cfg(target_arch = "wasm32")]
            crate::ahead::hand_over();
            jobs.warm_up();
            let packs: Vec<OwnPack> = (crate::embed::portal().packs.iter())
                .map(|file| OwnPack {
                    files: vec![file.clone()],
                    given: Given::Portal,
                })
                .collect();
            if !packs.is_empty() {
                jobs.use_rules(state, packs, Callback::noop());
            }
        });
    }
    // A small inventory is checked here, during the render, so a what-if
    // answer is there at once: prepared (matched) once per inventory,
    // evaluated again per context. A large one is checked in slices (see
    // `jobs`).
    let large = state.rows() > WORKER_ROWS;
    let small_prepared = use_memo(
        (engine.clone(), Rc::clone(&state.inventory)),
        |(engine, inventory)| {
            let rows = inventory.rows();
            engine
                .as_ref()
                .filter(|_| rows > 0 && rows <= WORKER_ROWS as u64)
                .map(|engine| check::prepare(&engine.0, inventory))
        },
    );
    let small_checked = use_memo(
        (engine.clone(), state.context(), small_prepared),
        |(engine, context, prepared)| {
            let (engine, prepared) = engine.as_ref().zip(prepared.as_ref().as_ref())?;
            check::check_again(&engine.0, context, prepared).map(Rc::new)
        },
    );
    {
        let jobs = jobs.clone();
        use_effect_with(
            (engine.clone(), state.context(), Rc::clone(&state.inventory)),
            move |(engine, context, inventory)| match engine {
                Some(engine) if inventory.rows() > WORKER_ROWS as u64 => {
                    jobs.check(&engine.0, context.clone(), Rc::clone(inventory));
                }
                _ => jobs.forget_check(),
            },
        );
    }
    let checked: Rc<Option<Rc<Checked>>> = if large {
        Rc::new(work.checked.as_ref().map(|(_, c)| Rc::clone(&c.0)))
    } else {
        small_checked
    };
    // A portal's host gets a `result` after every evaluation (see `crate::embed`).
    crate::embed::host::use_host(engine.clone(), &state, &jobs, (*checked).clone());
    // What a save after a panic needs, kept without serialising (see `crash`).
    if let Some(engine) = &engine {
        crash::keep(crash::Snapshot {
            rules: Rc::clone(&engine.0),
            checked: (*checked).clone(),
            context: state.context(),
            imports: state.imports.clone(),
            rows: state.rows(),
        });
    }
    // While the user wants it, every change is written to this browser's storage.
    {
        let storage_error = storage_error.clone();
        let checked = Rc::clone(&checked);
        let engine = engine.clone();
        // A large inventory is stored once the worker has checked it (the
        // job number changes then), never as the empty answer before that.
        let deps = (
            state.remember,
            state.context(),
            Rc::clone(&state.inventory),
            state.imports.clone(),
            work.checked.as_ref().map(|(job, _)| *job),
        );
        use_effect_with(deps, move |(remember, context, _, imports, _)| {
            if let (true, Some(engine), false) = (*remember, engine, large && checked.is_none()) {
                let checked = (*checked).as_deref();
                // The same (pretty) JSON as a saved file: one serialiser in the wasm, not two.
                let json = check::report_json(&engine.0, checked, context, imports);
                storage_error.set(storage::save(&json).err());
            }
        });
    }
    let live = checked
        .as_ref()
        .as_ref()
        .map(|c| {
            let counted = announcement(&c.summary);
            match &c.headline {
                Some(h) => format!("{counted} {}", h.text),
                None => counted,
            }
        })
        .unwrap_or_default();

    // Until the worker hands the whole pack over (a moment after the page
    // is usable), what needs it waits: nothing can be checked before then.
    let waiting = html! {
        if let Some(failed) = &work.failed {
            { error_summary("The rules could not be loaded", &format!("{}. Reload the page to try again.", failed.trim_end_matches('.'))) }
        } else {
            <p class="body" data-testid="rules-loading">{ "Loading the rules…" }</p>
        }
    };
    let content = match &*loaded {
        Ok(loaded) => html! {
            <>
                { pack_line(&loaded.packs, loaded.rules.len()) }
                <OwnPacks />
                { privacy_note() }
                <ContextForm engine={loaded.engine.clone()} />
                <InventoryInput />
                if let Some(engine) = &engine {
                    <JobProgress work={(*work).clone()} engine={engine.clone()} />
                    if let Some(checked) = &*checked {
                        <Results engine={engine.clone()} checked={SharedChecked(Rc::clone(checked))} {today} />
                    }
                } else {
                    { waiting.clone() }
                }
                <section class="panel" aria-labelledby="save-title" data-testid="save-section">
                    <h2 class="heading-l" id="save-title">{ "Save your assessment" }</h2>
                    if let Some(engine) = &engine {
                        <SavedAssessment engine={engine.clone()}
                            checked={checked.as_ref().as_ref().map(|c| SharedChecked(Rc::clone(c)))} />
                    }
                    <StorageControl storage_error={storage_error.clone()} {today} />
                </section>
                if let Some(engine) = &engine {
                    <CheckOne engine={engine.clone()} />
                }
            </>
        },
        Err(message) => html! {
            { error_summary("The built-in rules could not be loaded", message) }
        },
    };
    // The rules view is made the first time it is shown (most visits never
    // need its cards), then kept, hidden, like the checker.
    let rules = rules_seen.then(|| match &*loaded {
        Ok(loaded) if loaded.whole => html! {
            <>
                { pack_summary(&loaded.packs, loaded.rules.len()) }
                <RuleList rules={Rc::clone(&loaded.rules)} engine={loaded.engine.clone()} />
            </>
        },
        Ok(_) => waiting,
        Err(message) => html! {
            { error_summary("The built-in rules could not be loaded", message) }
        },
    });
    let checker_view = matches!(view, View::Checker);
    let (notice, generation) = (state.notice, state.generation);
    html! {
        <ContextProvider<StateHandle> context={state}>
        <ContextProvider<Jobs> context={jobs}>
            <a class="skip-link" href="#main-content">{ "Skip to main content" }</a>
            { site_header(&view) }
            <div class="width-container">
                <main class="main-wrapper" id="main-content" tabindex="-1">
                    if let Some(notice) = notice {
                        <NoticeBanner {notice} {generation} />
                    }
                    { crate::embed::view::problems() }
                    // Hidden, not unmounted, in the rules view: what was typed,
                    // opened and worked out is all there on coming back.
                    <div hidden={!checker_view} data-testid="checker-view">
                        <ErrorSummary />
                        <h1 class="heading-xl" id="checker-title" tabindex="-1">
                            { "Check your software against government guidance" }
                        </h1>
                        <p class="lead">
                            { "Vendor Risk Checker tells you whether guidance from governments \
                               says to stop using a supplier's software, for your country, sector \
                               and the data your systems hold, with the published sources behind \
                               every answer." }
                        </p>
                        // Keyed by the generation: after "Forget everything" every part
                        // of the page starts afresh, typed text and open forms included.
                        <div key={generation.to_string()}>{ content }</div>
                    </div>
                    // What printing the checker gives: shown only in print
                    // (see board_report). The rules view prints as it is.
                    if let (true, Some(engine), Some(checked)) = (checker_view, &engine, &*checked) {
                        <BoardReport engine={engine.clone()} checked={SharedChecked(Rc::clone(checked))} />
                    }
                    if let Some(rules) = rules {
                        <div hidden={checker_view} data-testid="rules-view">
                            <h1 class="heading-xl" id="rules-title" tabindex="-1">{ "Rules the checker uses" }</h1>
                            <p class="lead">
                                { "Every rule the checker applies, by the country or body that \
                                   issued it, with where it was published; then the measures \
                                   against each supplier, by date." }
                            </p>
                            { rules }
                        </div>
                    }
                    <div class="visually-hidden" role="status" aria-live="polite" data-testid="live-region">{ live }</div>
                </main>
            </div>
            { site_footer() }
        </ContextProvider<Jobs>>
        </ContextProvider<StateHandle>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outline_loads_with_every_rule_and_nothing_to_check_against() {
        let outline = outline().unwrap();
        let whole = vrc_engine::RuleSet::builtin().unwrap();
        assert_eq!(outline.packs, whole.packs());
        assert_eq!(outline.rules.len(), whole.rules().count());
        assert!(outline.checkable().is_none());
    }
}
