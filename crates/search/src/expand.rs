//! Query text to clauses: each word, quoted phrase or recognised name becomes one clause that
//! every hit must satisfy, and a name of an actor or a place may be satisfied by any of the
//! names the registry or gazetteer gives it (قسد finds قوات سوريا الديمقراطية).
//!
//! Names are recognised by the same entities stage that reads documents, run on the query.

use crate::analyzer::{Word, words};
use crate::query::{Part, QueryText};
use marsad_entities::{Entity, MentionKind};

/// One requirement of the query: any one of its word sequences, in order, or (for an actor)
/// an entry the entities stage found that actor in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub alternatives: Vec<Vec<Word>>,
    pub actor: Option<String>,
}

impl Clause {
    fn plain(words: Vec<Word>) -> Clause {
        Clause { alternatives: vec![words], actor: None }
    }

    /// Adds a spelling unless it has the same stems as one already there.
    fn add(&mut self, words: Vec<Word>) {
        let stems = |ws: &[Word]| ws.iter().map(|w| w.stem.clone()).collect::<Vec<_>>();
        if !words.is_empty() && !self.alternatives.iter().any(|a| stems(a) == stems(&words)) {
            self.alternatives.push(words);
        }
    }
}

/// The clauses of a query text, in order.
pub(crate) fn clauses(text: &QueryText) -> Vec<Clause> {
    let mut out = Vec::new();
    for part in text.parts() {
        match part {
            Part::Phrase(p) => {
                let mut clause = Clause::plain(words(p));
                if clause.alternatives[0].is_empty() {
                    continue;
                }
                // A quoted name is still a name: «قسد» finds its other names too.
                if let [named] = &named_spans(p)[..]
                    && named.words == (0, clause.alternatives[0].len())
                {
                    expand(&mut clause, named);
                }
                out.push(clause);
            }
            Part::Words(s) => {
                let ws = words(s);
                let named = named_spans(s);
                let mut i = 0;
                while i < ws.len() {
                    match named.iter().find(|n| n.words.0 == i) {
                        Some(n) => {
                            let mut clause = Clause::plain(ws[n.words.0..n.words.1].to_vec());
                            expand(&mut clause, n);
                            out.push(clause);
                            i = n.words.1;
                        }
                        None => {
                            out.push(Clause::plain(vec![ws[i].clone()]));
                            i += 1;
                        }
                    }
                }
            }
        }
    }
    out
}

fn expand(clause: &mut Clause, named: &Named) {
    match &named.entity {
        NamedEntity::Actor(id) => {
            for name in marsad_entities::actor_names(id) {
                clause.add(words(&name));
            }
            clause.actor = Some(id.clone());
        }
        NamedEntity::Place(id) => {
            for name in marsad_entities::place_names(id) {
                clause.add(words(&name));
            }
        }
    }
}

/// The first actor the entities stage reads in `text` (قسد → SDF).
pub(crate) fn named_actor(text: &str) -> Option<String> {
    named_spans(text).into_iter().find_map(|n| match n.entity {
        NamedEntity::Actor(id) => Some(id),
        NamedEntity::Place(_) => None,
    })
}

#[derive(Debug)]
enum NamedEntity {
    Actor(String),
    Place(String),
}

/// A resolved actor or place name in a query: the words it covers `[start, end)`.
#[derive(Debug)]
struct Named {
    words: (usize, usize),
    entity: NamedEntity,
}

/// The actor and place names the entities stage resolves in `text`, as word ranges, not
/// overlapping (the earlier, then the longer, wins).
fn named_spans(text: &str) -> Vec<Named> {
    let analysis = marsad_arabic::analyze(text, None);
    // Word index of each token (punctuation is not a word, as in `words`).
    let mut word_of = Vec::with_capacity(analysis.tokens.len());
    let mut n = 0;
    for t in &analysis.tokens {
        word_of.push(n);
        if t.kind != marsad_arabic::TokenKind::Punct && !t.key.is_empty() {
            n += 1;
        }
    }
    let mut found: Vec<Named> = Vec::new();
    for m in marsad_entities::mentions(text, &analysis) {
        let entity = match (&m.kind, &m.entity) {
            (MentionKind::Actor, Some(Entity::Actor(a))) => NamedEntity::Actor(a.id.clone()),
            (MentionKind::Place, Some(Entity::Place(p))) => NamedEntity::Place(p.id.clone()),
            _ => continue,
        };
        let inside: Vec<usize> = analysis
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.span.start() < m.span.end() && m.span.start() < t.span.end())
            .map(|(i, _)| word_of[i])
            .collect();
        let (Some(&a), Some(&b)) = (inside.first(), inside.last()) else { continue };
        let words = (a, b + 1);
        if found.iter().any(|f| f.words.0 < words.1 && words.0 < f.words.1) {
            continue;
        }
        found.push(Named { words, entity });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(c: &Clause) -> Vec<String> {
        c.alternatives.iter().map(|a| a.iter().map(|w| w.stem.as_str()).collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn an_actor_alias_expands_to_the_actor_names() {
        let c = clauses(&QueryText::parse("قسد").unwrap());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].actor.as_deref(), Some("SDF"));
        assert!(stems(&c[0]).iter().any(|s| s == "قوات سوريا ديمقراطيه"), "{:?}", stems(&c[0]));
    }

    #[test]
    fn plain_words_are_one_clause_each() {
        let c = clauses(&QueryText::parse("قصف عنيف").unwrap());
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|c| c.alternatives.len() == 1 && c.actor.is_none()));
    }
}
