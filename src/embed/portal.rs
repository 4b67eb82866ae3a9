//! The page's side of a portal's configuration and of a host's context
//! changes, pure and unit-tested natively: the embedding worker
//! (`crates/vrc-embed`) has read and checked what they say (against the
//! rule pack's words and the locked fields too) and hands over the context
//! as commands (`["sectors", "enterprise"]`); here they become the page's
//! own [`Action`]s, and the locked fields are held to the organisation's
//! values whatever happens on the page.

use std::collections::BTreeSet;

use vrc_embed::patch::Lock;
use vrc_engine::{Date, Jurisdiction, Sector};

use crate::state::{Action, AppState};

/// A context command: the field, then its words.
pub type Command = Vec<String>;

/// What the portal's `config.json` says, as the worker read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Portal {
    /// Whether there was a `config.json`.
    pub found: bool,
    pub embed: bool,
    pub origins: Vec<String>,
    /// The organisation's default context.
    pub context: Vec<Command>,
    pub locked: BTreeSet<Lock>,
    /// CSS custom properties: (`--brand`, `#00703c`).
    pub properties: Vec<(String, String)>,
    pub name: Option<String>,
    pub logo: Option<String>,
    /// The organisation's rule packs, as fetched: (path, text), each one
    /// pack file, loaded beside the built-in pack once the page starts.
    pub packs: Vec<(String, String)>,
    /// What is wrong in `config.json`: (JSON path, message).
    pub problems: Vec<(String, String)>,
    /// The page as the organisation sets it up, which the locked fields
    /// are held to; made by [`Portal::prepare`].
    pub preset: Option<AppState>,
}

/// A command's field and words.
fn split(command: &Command) -> (&str, &[String]) {
    match command.split_first() {
        Some((field, words)) => (field.as_str(), words),
        None => ("", &[]),
    }
}

/// The actions that make the state say what the commands say, in their
/// order (a new country clears the classification, as on the form).
pub fn actions(commands: &[Command], state: &AppState) -> Vec<Action> {
    let mut actions = Vec::new();
    let first = |words: &[String]| words.first().cloned();
    for command in commands {
        let (field, words) = split(command);
        match field {
            "jurisdiction" => {
                actions.push(Action::SetJurisdiction(first(words).unwrap_or_default()))
            }
            "also_jurisdictions" => {
                let wanted: Vec<Jurisdiction> =
                    words.iter().filter_map(|w| w.parse().ok()).collect();
                for j in &state.also {
                    if !wanted.contains(j) {
                        actions.push(Action::SetAlso(*j, false));
                    }
                }
                actions.extend(wanted.into_iter().map(|j| Action::SetAlso(j, true)));
            }
            "sectors" => {
                for sector in Sector::ALL {
                    let on = words.iter().any(|w| w == sector.as_str());
                    actions.push(Action::SetSector(sector, on));
                }
            }
            "classification" => actions.push(Action::SetClassification(first(words))),
            "device" => actions.push(Action::SetDevice(first(words))),
            "answer" => {
                if let Some((id, answer)) = words.split_first() {
                    let answer = answer.first().map(|a| a == "yes");
                    actions.push(Action::SetAnswer(id.clone(), answer));
                }
            }
            "as_of" => {
                if let Some(date) = words.first().and_then(|d| d.parse::<Date>().ok()) {
                    actions.push(Action::SetDate(date));
                }
            }
            _ => {}
        }
    }
    actions
}

/// The state with the commands applied.
pub fn apply(commands: &[Command], state: &AppState) -> AppState {
    (actions(commands, state).into_iter()).fold(state.clone(), |s, a| s.apply(a))
}

impl Portal {
    /// Makes the preset state: the organisation's defaults on a fresh page.
    pub fn prepare(&mut self) {
        self.preset = Some(apply(&self.context, &AppState::new(Date::UNIX_EPOCH)));
    }

    /// The state with the organisation's defaults on a fresh page
    /// (`fresh`), and its locked fields held to them always.
    pub fn settle(&self, state: AppState, fresh: bool) -> AppState {
        let mut state = if fresh && !self.context.is_empty() {
            apply(&self.context, &state)
        } else {
            state
        };
        let Some(preset) = self.preset.as_ref().filter(|_| !self.locked.is_empty()) else {
            return state;
        };
        for lock in &self.locked {
            match lock {
                Lock::Jurisdiction => state.jurisdiction.clone_from(&preset.jurisdiction),
                Lock::AlsoJurisdictions => state.also.clone_from(&preset.also),
                Lock::Sectors => state.sectors.clone_from(&preset.sectors),
                Lock::Classification => state.classification.clone_from(&preset.classification),
                Lock::Device => state.device.clone_from(&preset.device),
            }
        }
        // The main country is never one of the others as well.
        if let Ok(main) = state.jurisdiction.parse::<Jurisdiction>() {
            state.also.remove(&main);
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2025, 6, 1).unwrap()
    }

    fn commands(list: &[&[&str]]) -> Vec<Command> {
        list.iter()
            .map(|c| c.iter().map(|w| (*w).to_owned()).collect())
            .collect()
    }

    #[test]
    fn commands_change_the_state_as_the_form_would() {
        let before = AppState::new(today()).apply(Action::SetDevice(Some("mobile".into())));
        let after = apply(
            &commands(&[
                &["jurisdiction", "US"],
                &["also_jurisdictions", "GB"],
                &["sectors", "central-government"],
                &["classification", "SECRET"],
                &["answer", "q", "yes"],
                &["as_of", "2024-01-02"],
            ]),
            &before,
        );
        let c = after.context();
        assert_eq!(after.jurisdiction, "US");
        assert_eq!(c.jurisdictions.len(), 2);
        assert_eq!(c.sectors, BTreeSet::from([Sector::CentralGovernment]));
        assert_eq!(c.classification.as_deref(), Some("SECRET"));
        assert_eq!(
            c.device.as_deref(),
            Some("mobile"),
            "not in the commands: kept"
        );
        assert_eq!(c.answers.get("q"), Some(&true));
        assert_eq!(c.as_of, Date::from_ymd(2024, 1, 2).unwrap());
        let cleared = apply(
            &commands(&[
                &["jurisdiction"],
                &["sectors"],
                &["also_jurisdictions"],
                &["classification"],
                &["answer", "q"],
            ]),
            &after,
        );
        assert!(cleared.context().jurisdictions.is_empty());
        assert!(
            cleared.sectors.is_empty()
                && cleared.classification.is_none()
                && cleared.answers.is_empty()
        );
    }

    #[test]
    fn locked_fields_hold_the_organisations_values_and_the_rest_are_the_users() {
        let mut portal = Portal {
            context: commands(&[&["jurisdiction", "US"], &["sectors", "enterprise"]]),
            locked: BTreeSet::from([Lock::Jurisdiction]),
            ..Portal::default()
        };
        portal.prepare();
        let fresh = portal.settle(AppState::new(today()), true);
        assert_eq!(fresh.jurisdiction, "US");
        assert_eq!(fresh.sectors, BTreeSet::from([Sector::Enterprise]));
        let changed = fresh
            .apply(Action::SetJurisdiction("GB".into()))
            .apply(Action::SetSector(Sector::Enterprise, false));
        let settled = portal.settle(changed, false);
        assert_eq!(settled.jurisdiction, "US", "locked");
        assert!(settled.sectors.is_empty(), "not locked: the user's");
        // No configuration: nothing changes.
        let state = AppState::new(today());
        assert_eq!(Portal::default().settle(state.clone(), true), state);
    }
}
