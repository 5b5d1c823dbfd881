//! Actor mentions: names, aliases and affiliation forms matched to the actor registry.
//!
//! One left-to-right pass takes, at each word, the longest registry alias starting there
//! (through clitics on the first word and quotes inside the name), or an affiliation word
//! joined to such an alias ("ميليشيات قسد"), whichever is longer; so actor mentions never
//! overlap. Bare words whose meaning depends on the story (التنظيم، النظام، التحالف) are then
//! resolved by the registry's context rules: to the candidate named nearest before them, else
//! the first named after them, else a default the document's words allow, else dropped.

pub(crate) mod phrases;
mod registry;

use crate::{ActorEntity, Entity, Mention, MentionKind};
use marsad_arabic::Token;
use marsad_model::Span;
use phrases::{Words, is_quote};
use registry::{Registry, Target, registry};
use rustc_hash::FxHashSet;

/// An actor mention with the tokens it covers, for the sources stage.
#[derive(Debug, Clone)]
pub(crate) struct ActorHit {
    pub tokens: (usize, usize),
    pub mention: Mention,
}

impl ActorHit {
    pub fn id(&self) -> Option<&str> {
        match &self.mention.entity {
            Some(Entity::Actor(a)) => Some(a.id.as_str()),
            _ => None,
        }
    }
}

struct Raw {
    start: usize,
    end: usize,
    skip: usize,
    target: Target,
    affiliation: bool,
}

/// Actor mentions with their token ranges.
#[cfg(test)]
pub(crate) fn find_hits(text: &str, tokens: &[Token]) -> Vec<ActorHit> {
    find_hits_in(text, &Words::new(tokens))
}

/// Actor mentions with their token ranges, in a document's words.
pub(crate) fn find_hits_in(text: &str, words: &Words) -> Vec<ActorHit> {
    let reg = registry();
    let tokens = words.tokens;
    let raws = scan(reg, words);
    if raws.is_empty() {
        return Vec::new();
    }
    // The document's words, for the context rules' defaults: gathered only for a document
    // that has a bare context word, which most do not.
    let mut doc_words: Option<FxHashSet<&str>> = None;
    let mut out = Vec::with_capacity(raws.len());
    for (n, r) in raws.iter().enumerate() {
        let (actor, reason) = match r.target {
            Target::Actor(a) => (
                a,
                if r.affiliation {
                    "affiliation word joined to a registry alias".to_string()
                } else {
                    "registry alias".to_string()
                },
            ),
            Target::Context(rule) => {
                let next = tokens[r.end..].iter().find(|t| !is_quote(t));
                if next.is_some_and(|t| reg.rules[rule].blocked_next.contains(&t.key)) {
                    continue;
                }
                let words = doc_words.get_or_insert_with(|| {
                    tokens.iter().flat_map(|t| [t.key.as_str(), t.pre.as_str()]).collect()
                });
                match resolve(reg, rule, &raws, n, words) {
                    Some(x) => x,
                    None => continue,
                }
            }
        };
        let first = &tokens[r.start];
        let start = phrases::skip_letters(first, r.skip);
        let mut last = r.end - 1;
        while last > r.start && is_quote(&tokens[last]) {
            last -= 1;
        }
        let end = tokens[last].span.end();
        let span = Span::new(start, end).expect("tokens in order");
        let a = &reg.actors[actor];
        out.push(ActorHit {
            tokens: (r.start, r.end),
            mention: Mention {
                span,
                text: slice(text, first.bytes.0, &tokens[last], first, start),
                kind: MentionKind::Actor,
                entity: Some(Entity::Actor(a.entity())),
                candidates: Vec::new(),
                attributed: None,
                reason,
            },
        });
    }
    out
}

/// The text from char `start` (inside `first`) to the end of `last`.
fn slice(text: &str, first_byte: usize, last: &Token, first: &Token, start: u32) -> String {
    let skip_chars = (start - first.span.start()) as usize;
    let from = first_byte
        + first
            .text
            .char_indices()
            .nth(skip_chars)
            .map(|(b, _)| b)
            .unwrap_or(first.text.len());
    text.get(from..last.bytes.1).unwrap_or_default().to_string()
}

/// The greedy pass: at each word the longest alias or affiliation + alias.
fn scan(reg: &Registry, words: &Words) -> Vec<Raw> {
    let tokens = words.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let direct = reg.aliases.longest_in(words, i);
        let joined = reg.affiliation.longest_in(words, i).and_then(|aff| {
            let mut j = aff.end;
            while tokens.get(j).is_some_and(is_quote) {
                j += 1;
            }
            let h = reg.aliases.longest_in(words, j)?;
            // An affiliation word is not joined across a clitic ("قوات لقسد" is not a unit).
            if h.skip_letters > 0 {
                return None;
            }
            let blocked = match *h.value {
                Target::Actor(a) => reg.no_affiliation[a],
                Target::Context(_) => false,
            };
            (!blocked).then_some((aff, h))
        });
        let direct_len = direct.map(|h| h.end - h.start).unwrap_or(0);
        let joined_len = joined.map(|(a, h)| h.end - a.start).unwrap_or(0);
        if joined_len > direct_len
            && let Some((aff, h)) = joined
        {
            out.push(Raw {
                start: aff.start,
                end: h.end,
                skip: aff.skip_letters,
                target: *h.value,
                affiliation: true,
            });
            i = h.end;
        } else if let Some(h) = direct {
            out.push(Raw {
                start: h.start,
                end: h.end,
                skip: h.skip_letters,
                target: *h.value,
                affiliation: false,
            });
            i = h.end;
        } else {
            i += 1;
        }
    }
    out
}

/// Resolves the context form `raws[n]` by the actors named around it.
fn resolve(
    reg: &Registry,
    rule: usize,
    raws: &[Raw],
    n: usize,
    doc_words: &FxHashSet<&str>,
) -> Option<(usize, String)> {
    let r = &reg.rules[rule];
    let named = |x: &Raw| match x.target {
        Target::Actor(a) if r.candidates.contains(&a) => Some(a),
        _ => None,
    };
    if let Some(a) = raws[..n].iter().rev().find_map(named) {
        return Some((
            a,
            format!("'{}' read as {}, named earlier in the document", r.form, reg.actors[a].id),
        ));
    }
    if let Some(a) = raws[n + 1..].iter().find_map(named) {
        return Some((
            a,
            format!("'{}' read as {}, named later in the document", r.form, reg.actors[a].id),
        ));
    }
    r.defaults.iter().find_map(|(a, needs)| {
        let ok = needs.is_empty() || needs.iter().any(|w| doc_words.contains(w.as_str()));
        ok.then(|| {
            (
                *a,
                format!("'{}' read as {} by the document's context", r.form, reg.actors[*a].id),
            )
        })
    })
}

/// A registry actor by its id (`CIVILIANS`, `SDF`).
pub fn actor(id: &str) -> Option<ActorEntity> {
    registry().actors.iter().find(|a| a.id == id).map(|a| a.entity())
}

/// The registry id of the actor this one belongs to (`CHILDREN` → `CIVILIANS`), if any.
pub fn actor_parent(id: &str) -> Option<&'static str> {
    registry().actors.iter().find(|a| a.id == id)?.parent.as_deref()
}

/// Every Arabic name the registry gives an actor, as written in the data: its name, then its
/// aliases (for SDF: قوات سوريا الديمقراطية، قسد، …); empty for an unknown id. Search expands a
/// query for one of them to all.
pub fn actor_names(id: &str) -> Vec<String> {
    registry()
        .actors
        .iter()
        .find(|a| a.id == id)
        .map_or_else(Vec::new, |a| std::iter::once(&a.ar).chain(&a.aliases).cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::tokens::tokenize;

    #[test]
    fn a_group_of_civilians_belongs_to_the_civilians() {
        assert_eq!(actor_parent("CHILDREN"), Some("CIVILIANS"));
        assert_eq!(actor_parent("CIVILIANS"), None);
        assert_eq!(actor_parent("NO_SUCH_ACTOR"), None);
    }

    #[test]
    fn actor_names_hold_the_name_and_its_aliases() {
        let names = actor_names("SDF");
        assert!(names.iter().any(|n| n == "قسد"), "{names:?}");
        assert!(names.iter().any(|n| n.contains("سوريا الديمقراطية")), "{names:?}");
        assert!(actor_names("NO_SUCH").is_empty());
    }

    fn ids(text: &str) -> Vec<(String, String)> {
        let toks = tokenize(text);
        find_hits(text, &toks)
            .into_iter()
            .map(|h| h.mention)
            .map(|m| {
                let id = match m.entity {
                    Some(Entity::Actor(a)) => a.id,
                    _ => String::new(),
                };
                (m.text, id)
            })
            .collect()
    }

    #[test]
    fn clitic_on_first_word_is_left_out_of_the_span() {
        assert_eq!(ids("هاجم عناصر وقسد"), vec![("قسد".into(), "SDF".into())]);
        assert_eq!(ids("قصف للمدنيين"), vec![("مدنيين".into(), "CIVILIANS".into())]);
    }

    #[test]
    fn bare_organisation_needs_a_named_candidate() {
        assert!(ids("أعلن التنظيم عن خطة جديدة للنقابة").is_empty());
        let got = ids("هاجم داعش القرية ثم انسحب التنظيم");
        assert_eq!(got[1], ("التنظيم".into(), "ISIS".into()));
    }

    #[test]
    fn blocked_next_word_keeps_a_bare_word_out() {
        assert!(ids("عدّل النظام الانتخابي في دمشق").iter().all(|(_, id)| id != "SYR_REGIME"));
    }
}
