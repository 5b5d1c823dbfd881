//! The actor registry: `data/actors.toml` read once into actors, an alias index and the
//! context rules for bare words (التنظيم، النظام، التحالف).

use super::phrases::{PhraseSet, word_key};
use serde::Deserialize;
use rustc_hash::FxHashSet;
use std::collections::HashMap;
use std::sync::OnceLock;

const ACTORS: &str = include_str!("../../data/actors.toml");

pub(crate) const CATEGORIES: [&str; 9] = [
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "external_forces",
    "civilians",
    "protesters",
    "rioters",
    "other",
];

#[derive(Debug, Deserialize)]
pub(crate) struct Actor {
    pub id: String,
    pub ar: String,
    pub en: String,
    pub category: String,
    pub country: Option<String>,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Affiliation {
    words: Vec<String>,
    skip_categories: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct DefaultRule {
    actor: String,
    requires_any: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ContextFile {
    forms: Vec<String>,
    candidates: Vec<String>,
    defaults: Vec<DefaultRule>,
    blocked_next: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    affiliation: Affiliation,
    context: Vec<ContextFile>,
    actor: Vec<Actor>,
}

/// A bare word resolved by the document around it.
pub(crate) struct ContextRule {
    /// The form as written in the data, for reasons.
    pub form: String,
    pub candidates: Vec<usize>,
    /// (actor, keys of which at least one must occur in the document; empty = always).
    pub defaults: Vec<(usize, Vec<String>)>,
    pub blocked_next: FxHashSet<String>,
}

/// What an alias points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Actor(usize),
    Context(usize),
}

pub(crate) struct Registry {
    pub actors: Vec<Actor>,
    pub aliases: PhraseSet<Target>,
    pub rules: Vec<ContextRule>,
    pub affiliation: PhraseSet<()>,
    /// Actors that an affiliation word may not be joined to (civilians are not "units").
    pub no_affiliation: Vec<bool>,
}

/// A registry file that does not hold together; the data is compiled in, so this is a bug in
/// the data caught by the tests.
#[derive(Debug)]
pub(crate) struct RegistryError(pub String);

impl Registry {
    pub fn parse(text: &str) -> Result<Registry, RegistryError> {
        let file: File =
            toml::from_str(text).map_err(|e| RegistryError(format!("actors.toml: {e}")))?;
        let mut by_id = HashMap::new();
        for (i, a) in file.actor.iter().enumerate() {
            let ok_id = !a.id.is_empty()
                && a.id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if !ok_id {
                return Err(RegistryError(format!("actor id {:?} is not upper-case ASCII", a.id)));
            }
            if !CATEGORIES.contains(&a.category.as_str()) {
                return Err(RegistryError(format!("{}: unknown category {}", a.id, a.category)));
            }
            if by_id.insert(a.id.clone(), i).is_some() {
                return Err(RegistryError(format!("duplicate actor id {}", a.id)));
            }
        }
        for a in &file.actor {
            if let Some(p) = &a.parent
                && !by_id.contains_key(p)
            {
                return Err(RegistryError(format!("{}: unknown parent {p}", a.id)));
            }
        }
        let lookup = |id: &str| {
            by_id
                .get(id)
                .copied()
                .ok_or_else(|| RegistryError(format!("context rule names unknown actor {id}")))
        };
        let mut aliases = PhraseSet::default();
        let mut rules = Vec::new();
        for (r, c) in file.context.iter().enumerate() {
            rules.push(ContextRule {
                form: c.forms.first().cloned().unwrap_or_default(),
                candidates: c.candidates.iter().map(|x| lookup(x)).collect::<Result<_, _>>()?,
                defaults: c
                    .defaults
                    .iter()
                    .map(|d| Ok((lookup(&d.actor)?, d.requires_any.iter().map(|w| word_key(w)).collect())))
                    .collect::<Result<_, RegistryError>>()?,
                blocked_next: c.blocked_next.iter().map(|w| word_key(w)).collect(),
            });
            for f in &c.forms {
                aliases.insert(f, Target::Context(r));
            }
        }
        for (i, a) in file.actor.iter().enumerate() {
            for al in a.aliases.iter().chain(std::iter::once(&a.ar)) {
                if !aliases.contains_key(al) {
                    aliases.insert(al, Target::Actor(i));
                }
            }
        }
        let mut affiliation = PhraseSet::default();
        for w in &file.affiliation.words {
            affiliation.insert(w, ());
        }
        let no_affiliation = file
            .actor
            .iter()
            .map(|a| file.affiliation.skip_categories.contains(&a.category))
            .collect();
        Ok(Registry {
            actors: file.actor,
            aliases,
            rules,
            affiliation,
            no_affiliation,
        })
    }
}

impl Actor {
    /// The actor as mentions and events carry it.
    pub fn entity(&self) -> crate::ActorEntity {
        crate::ActorEntity {
            id: self.id.clone(),
            ar: self.ar.clone(),
            en: self.en.clone(),
            category: self.category.clone(),
            country: self.country.clone(),
        }
    }
}

/// The registry compiled into the crate, parsed on first use.
pub(crate) fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| Registry::parse(ACTORS).unwrap_or_else(|e| panic!("{}", e.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_loads_and_holds_the_shared_ids() {
        let r = registry();
        assert!(r.actors.len() >= 200, "{} actors", r.actors.len());
        for id in ["SDF", "ISIS", "COALITION", "SYR_REGIME", "IRAN_MILITIAS", "HASHD", "DEZ_MC", "CIVILIANS"] {
            assert!(r.actors.iter().any(|a| a.id == id), "{id} missing");
        }
    }

    #[test]
    fn rejects_bad_ids_and_unknown_parents() {
        let head = "context=[]\n[affiliation]\nwords=[]\nskip_categories=[]\n";
        let bad = format!("{head}[[actor]]\nid=\"sdf\"\nar=\"x\"\nen=\"x\"\ncategory=\"other\"\naliases=[]\n");
        assert!(Registry::parse(&bad).is_err());
        let orphan = format!("{head}[[actor]]\nid=\"A\"\nar=\"x\"\nen=\"x\"\ncategory=\"other\"\nparent=\"B\"\naliases=[]\n");
        assert!(Registry::parse(&orphan).is_err());
    }
}
