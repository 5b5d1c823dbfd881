//! The words of attribution (`data/attribution.toml`) read once into phrase tables.

use crate::actors::phrases::{PhraseSet, word_key};
use serde::Deserialize;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const ATTRIBUTION: &str = include_str!("../../data/attribution.toml");

#[derive(Deserialize)]
struct Verbs {
    speech: Vec<String>,
    relay: Vec<String>,
    relay_prepositions: Vec<String>,
    relative: Vec<String>,
}

#[derive(Deserialize)]
struct Cues {
    forms: Vec<String>,
    what: Vec<String>,
}

#[derive(Deserialize)]
struct Statement {
    nouns: Vec<String>,
    saying: Vec<String>,
}

#[derive(Deserialize)]
struct Complementizers {
    forms: Vec<String>,
    bridge_max_words: usize,
}

#[derive(Deserialize)]
struct NounFile {
    forms: Vec<String>,
    kind: String,
    group: String,
    named: bool,
}

#[derive(Deserialize)]
struct AnaphorFile {
    forms: Vec<String>,
    group: String,
}

#[derive(Deserialize)]
struct Modifiers {
    adjectives: Vec<String>,
    relations: Vec<String>,
}

#[derive(Deserialize)]
struct KnownFile {
    name: String,
    kind: String,
    actor: Option<String>,
}

#[derive(Deserialize)]
struct RoleFile {
    forms: Vec<String>,
    kind: String,
    affiliation: bool,
    #[serde(default)]
    title: bool,
}

#[derive(Deserialize)]
struct AnonymousFile {
    forms: Vec<String>,
    kind: String,
}

#[derive(Deserialize)]
struct Names {
    particles: Vec<String>,
    stop: Vec<String>,
    after: Vec<String>,
    max_words: usize,
}

#[derive(Deserialize)]
struct File {
    verbs: Verbs,
    cues: Cues,
    statement: Statement,
    complementizers: Complementizers,
    noun: Vec<NounFile>,
    anaphor: Vec<AnaphorFile>,
    modifiers: Modifiers,
    known: Vec<KnownFile>,
    role: Vec<RoleFile>,
    anonymous: Vec<AnonymousFile>,
    names: Names,
}

#[derive(Debug, Clone)]
pub(crate) struct Noun {
    pub kind: String,
    pub group: String,
    pub named: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub name: String,
    pub kind: String,
    pub actor: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub kind: String,
    pub affiliation: bool,
    pub title: bool,
}

pub(crate) struct Lexicon {
    pub speech: PhraseSet<()>,
    pub relay: PhraseSet<()>,
    pub relay_prepositions: PhraseSet<()>,
    pub relative: FxHashSet<String>,
    pub cues: PhraseSet<()>,
    pub what: PhraseSet<()>,
    pub statement: PhraseSet<()>,
    pub saying: PhraseSet<()>,
    pub complementizers: PhraseSet<()>,
    pub bridge_max: usize,
    pub nouns: PhraseSet<Noun>,
    pub anaphors: PhraseSet<String>,
    pub adjectives: PhraseSet<()>,
    /// "مقربة من", "موالية" (its ل is written on the next word: "موالية لقسد").
    pub relations: PhraseSet<()>,
    pub known: PhraseSet<Known>,
    pub roles: PhraseSet<Role>,
    pub anonymous: PhraseSet<String>,
    pub particles: FxHashSet<String>,
    pub stop: FxHashSet<String>,
    pub after: PhraseSet<()>,
    pub max_words: usize,
}

fn set(words: &[String]) -> PhraseSet<()> {
    let mut s = PhraseSet::default();
    for w in words {
        s.insert(w, ());
    }
    s
}

impl Lexicon {
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let f: File = toml::from_str(text).map_err(|e| format!("attribution.toml: {e}"))?;
        let mut nouns = PhraseSet::default();
        for n in &f.noun {
            for w in &n.forms {
                nouns.insert(
                    w,
                    Noun {
                        kind: n.kind.clone(),
                        group: n.group.clone(),
                        named: n.named,
                    },
                );
            }
        }
        let mut anaphors = PhraseSet::default();
        for a in &f.anaphor {
            for w in &a.forms {
                anaphors.insert(w, a.group.clone());
            }
        }
        let mut relations = PhraseSet::default();
        for r in &f.modifiers.relations {
            relations.insert(r.strip_suffix(" ل").unwrap_or(r), ());
        }
        let mut known = PhraseSet::default();
        for k in &f.known {
            known.insert(
                &k.name,
                Known {
                    name: k.name.clone(),
                    kind: k.kind.clone(),
                    actor: k.actor.clone(),
                },
            );
        }
        let mut roles = PhraseSet::default();
        for r in &f.role {
            for w in &r.forms {
                roles.insert(
                    w,
                    Role {
                        kind: r.kind.clone(),
                        affiliation: r.affiliation,
                        title: r.title,
                    },
                );
            }
        }
        let mut anonymous = PhraseSet::default();
        for a in &f.anonymous {
            for w in &a.forms {
                anonymous.insert(w, a.kind.clone());
            }
        }
        Ok(Lexicon {
            speech: set(&f.verbs.speech),
            relay: set(&f.verbs.relay),
            relay_prepositions: set(&f.verbs.relay_prepositions),
            relative: f.verbs.relative.iter().map(|w| word_key(w)).collect(),
            cues: set(&f.cues.forms),
            what: set(&f.cues.what),
            statement: set(&f.statement.nouns),
            saying: set(&f.statement.saying),
            complementizers: set(&f.complementizers.forms),
            bridge_max: f.complementizers.bridge_max_words,
            nouns,
            anaphors,
            adjectives: set(&f.modifiers.adjectives),
            relations,
            known,
            roles,
            anonymous,
            particles: f.names.particles.iter().map(|w| word_key(w)).collect(),
            stop: f.names.stop.iter().map(|w| word_key(w)).collect(),
            after: set(&f.names.after),
            max_words: f.names.max_words,
        })
    }
}

/// The lexicon compiled into the crate, parsed on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| Lexicon::parse(ATTRIBUTION).unwrap_or_else(|e| panic!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads() {
        let l = lexicon();
        assert!(l.speech.len() > 50);
        assert!(l.known.contains_key("أعماق"));
        assert!(l.roles.contains_key("الناطقة الرسمية باسم"));
    }
}
