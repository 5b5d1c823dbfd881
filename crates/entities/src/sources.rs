//! Cited sources and named people: who says each thing, and the span of what they say.
//!
//! Sentence by sentence, three patterns open an attribution:
//! - a speech verb and its subject, "وقالت مصادر محلية إن …": what is attributed runs from
//!   after the complementizer (or the subject, when there is none) to the sentence end;
//! - a prepositional cue, "…، بحسب ناشطين" or "وحسب الناشطين، فإن …": what is attributed is
//!   the clause before the cue, or after the source when the cue opens the sentence;
//! - a subject before its verb at the start of a sentence, "الناشط X استبعد …".
//!
//! A verb with no subject ("وأوضحت أن …") or an anaphor ("المصادر", "الوكالة") refers back to
//! the last source of its kind, so every reported figure keeps its claimant. People are found
//! by role words around their names (الناشط الإعلامي X، X الناطقة الرسمية باسم Y، قائد Y
//! (الجنرال X)) and later by their surname alone. The words are data (`data/attribution.toml`).

mod lexicon;

use crate::actors::phrases::{Words, is_quote, skip_letters};
use crate::actors::ActorHit;
use crate::{Entity, Mention, MentionKind, PersonEntity, SourceEntity};
use lexicon::{Lexicon, lexicon};
use marsad_arabic::normalize::is_ignorable;
use marsad_arabic::{Sentence, Token, TokenKind};
use marsad_model::Span;

/// Finds attributions (sources with the span they are credited for) and named people, given
/// the document's actor mentions.
#[cfg(test)]
pub(crate) fn find(text: &str, tokens: &[Token], sentences: &[Sentence], actors: Vec<ActorHit>) -> Vec<Mention> {
    find_in(text, &Words::new(tokens), sentences, &actors)
}

/// Attributions and named people in a document's words (see [`find`]).
pub(crate) fn find_in(text: &str, words: &Words, sentences: &[Sentence], actors: &[ActorHit]) -> Vec<Mention> {
    let tokens = words.tokens;
    let mut cx = Cx {
        text,
        tokens,
        words,
        lex: lexicon(),
        actors,
        sources: Vec::new(),
        persons: Vec::new(),
        out: Vec::new(),
    };
    let mut t = 0;
    for s in sentences {
        while t < tokens.len() && tokens[t].span.end() <= s.span.start() {
            t += 1;
        }
        let a = t;
        while t < tokens.len() && tokens[t].span.start() < s.span.end() {
            t += 1;
        }
        if a < t {
            cx.sentence(a, t);
        }
    }
    cx.out.sort_by_key(|m| (m.span.start(), m.span.end(), m.kind));
    cx.out
}

/// A source already cited in the document, for anaphors.
struct Cited {
    entity: SourceEntity,
    group: String,
}

/// A person already named in the document, for surname references.
struct Named {
    surname: String,
    entity: PersonEntity,
}

/// A noun phrase read as a source: tokens `[start, end)` and what it is.
struct Np {
    end: usize,
    span: Span,
    entity: SourceEntity,
    group: String,
    reason: String,
    person: Option<(Span, PersonEntity, String)>,
}

struct Cx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// The tokens as the attribution tables look them up.
    words: &'a Words<'a>,
    lex: &'static Lexicon,
    /// The document's actor mentions, in token order (they never overlap).
    actors: &'a [ActorHit],
    sources: Vec<Cited>,
    persons: Vec<Named>,
    out: Vec<Mention>,
}

fn is_punct(t: &Token) -> bool {
    t.kind == TokenKind::Punct
}

fn is_text(t: &Token, s: &str) -> bool {
    t.kind == TokenKind::Punct && t.text == s
}

impl<'a> Cx<'a> {
    fn tok(&self, i: usize) -> Option<&'a Token> {
        self.tokens.get(i)
    }

    fn skip_quotes(&self, mut i: usize, b: usize) -> usize {
        while i < b && is_quote(&self.tokens[i]) {
            i += 1;
        }
        i
    }

    /// Text of tokens `[a, b)` as a clean name: quotes and brackets out, diacritics and
    /// tatweel out, the first word's clitic letters out.
    fn clean(&self, a: usize, b: usize, skip: usize) -> String {
        // Never longer than the text the tokens span.
        let room = match (self.tokens.get(a), b.checked_sub(1).and_then(|l| self.tokens.get(l))) {
            (Some(first), Some(last)) if a < b => last.bytes.1.saturating_sub(first.bytes.0),
            _ => 0,
        };
        let mut out = String::with_capacity(room);
        for i in a..b {
            let t = &self.tokens[i];
            if is_punct(t) && !matches!(t.text.as_str(), "-" | "." | "'") {
                continue;
            }
            let from = if i == a && skip > 0 {
                (skip_letters(t, skip) - t.span.start()) as usize
            } else {
                0
            };
            // Written straight into the name; a token left empty takes its space back.
            let before = out.len();
            if !out.is_empty() {
                out.push(' ');
            }
            let word = out.len();
            out.extend(t.text.chars().skip(from).filter(|&c| !is_ignorable(c)));
            if out.len() == word {
                out.truncate(before);
            }
        }
        out
    }

    /// Char span from token `a` (after `skip` clitic letters) to the end of the last
    /// non-punctuation token before `b`.
    fn span(&self, a: usize, b: usize, skip: usize) -> Option<Span> {
        let mut last = b;
        while last > a && is_punct(&self.tokens[last - 1]) && !is_text(&self.tokens[last - 1], ")") {
            last -= 1;
        }
        if last <= a {
            return None;
        }
        Span::new(skip_letters(&self.tokens[a], skip), self.tokens[last - 1].span.end()).ok()
    }

    fn slice(&self, span: Span) -> String {
        crate::text::slice(self.text, self.tokens, span)
    }

    fn actor_starting(&self, i: usize) -> Option<&ActorHit> {
        let n = self.actors.binary_search_by_key(&i, |h| h.tokens.0).ok()?;
        Some(&self.actors[n])
    }

    /// The actor mention that starts at or runs through token `i` ("قائد قوات التحالف": the
    /// role took "قوات", the actor mention began with it).
    fn actor_covering(&self, i: usize) -> Option<&ActorHit> {
        self.actor_starting(i).or_else(|| {
            let n = self.actors.partition_point(|h| h.tokens.0 <= i);
            n.checked_sub(1)
                .map(|n| &self.actors[n])
                .filter(|h| h.tokens.1 > i)
        })
    }

    fn is_stop(&self, t: &Token) -> bool {
        self.lex.stop.contains(&t.key) || self.lex.stop.contains(&t.pre)
    }

    /// Could token `i` be a word of a person's name?
    fn name_word(&self, i: usize) -> bool {
        let Some(t) = self.tok(i) else { return false };
        let lex = self.lex;
        t.kind == TokenKind::Word
            && t.key.chars().count() >= 2
            && !self.is_stop(t)
            && lex.speech.longest_in(self.words, i).is_none()
            && lex.cues.longest_in(self.words, i).is_none()
            && lex.complementizers.longest_in(self.words, i).is_none()
            && lex.roles.longest_in(self.words, i).is_none()
            && lex.nouns.longest_in(self.words, i).is_none()
            && lex.anaphors.longest_in(self.words, i).is_none()
            && lex.adjectives.longest_in(self.words, i).is_none()
            && lex.saying.longest_in(self.words, i).is_none()
            && self.actor_starting(i).is_none()
    }

    /// A bare name from token `i`: up to `max_words` words, name particles (أبو، بن) not
    /// counted but never last. Returns the token after it.
    fn name_at(&self, i: usize, b: usize, min_words: usize) -> Option<usize> {
        let mut j = i;
        let mut words = 0;
        let mut end = None;
        while j < b && words < self.lex.max_words {
            let t = &self.tokens[j];
            if self.lex.particles.contains(&t.key) && j + 1 < b && self.name_word(j + 1) {
                j += 1;
                continue;
            }
            // A name never starts with و; other clitic-looking letters are the tokenizer
            // reading a foreign name (فولر، بيرس) as Arabic.
            if !self.name_word(j) || t.clitics.first() == Some(&"و+") {
                break;
            }
            words += 1;
            j += 1;
            end = Some(j);
        }
        end.filter(|_| words >= min_words)
    }

    /// The role phrase at `i` and what follows it: a title with a name, a position with the
    /// organisation it is for and perhaps a name (in brackets), an activist with a name.
    fn person_by_role(&self, i: usize, b: usize) -> Option<Np> {
        let lex = self.lex;
        let r = lex.roles.longest_in(self.words, i)?;
        let role = r.value;
        let role_text = self.clean(i, r.end, r.skip_letters);
        let mut k = r.end;
        let mut affiliation: Option<(String, Option<String>)> = None;
        if role.affiliation {
            k = self.skip_quotes(k, b);
            if let Some(h) = self.actor_covering(k) {
                let mut end = h.tokens.1;
                let actor = h.id().map(str::to_string);
                // "قوة المهام المشتركة في التحالف الدولي": one organisation in another.
                if end + 1 < b
                    && self.tokens[end].key == "في"
                    && let Some(h2) = self.actor_starting(end + 1)
                {
                    end = h2.tokens.1;
                }
                affiliation = Some((self.clean(k, end, 0), actor));
                k = end;
            } else {
                let mut end = k;
                while end < b
                    && end < k + 5
                    && !is_punct(&self.tokens[end])
                    && !self.is_stop(&self.tokens[end])
                    && lex.complementizers.longest_in(self.words, end).is_none()
                    && lex.speech.longest_in(self.words, end).is_none()
                {
                    end += 1;
                }
                if end > k {
                    affiliation = Some((self.clean(k, end, 0), None));
                    k = end;
                }
            }
        }
        // The name: right after a title or an activist's role; after a position only in
        // brackets, where papers put the person holding it.
        let mut name: Option<(usize, usize)> = None;
        let mut title: Option<String> = None;
        let mut end = k;
        if !role.affiliation || role.title {
            let mut n = k;
            while let Some(t) = lex.roles.longest_in(self.words, n).filter(|t| t.value.title) {
                title.get_or_insert_with(|| self.clean(n, t.end, 0));
                n = t.end;
            }
            let min = if role.title { 1 } else { 2 };
            if let Some(e) = self.name_at(n, b, min) {
                name = Some((n, e));
                end = e;
            }
        }
        if name.is_none() && k < b && is_text(&self.tokens[k], "(") {
            let mut n = k + 1;
            while let Some(t) = lex.roles.longest_in(self.words, n).filter(|t| t.value.title) {
                title.get_or_insert_with(|| self.clean(n, t.end, 0));
                n = t.end;
            }
            if let Some(e) = self.name_at(n, b, 1)
                && e < b
                && is_text(&self.tokens[e], ")")
            {
                name = Some((n, e));
                end = e + 1;
            }
        }
        let span = self.span(i, end, r.skip_letters)?;
        let actor = affiliation.as_ref().and_then(|(_, a)| a.clone());
        match name {
            Some((na, nb)) => {
                let person_name = self.clean(na, nb, 0);
                let nspan = self.span(na, nb, 0)?;
                // A rank in brackets after a position ("قائد … (الجنرال X)") is kept with it.
                let role_out = match &title {
                    Some(t) if !role.title => format!("{t}، {role_text}"),
                    _ => role_text.clone(),
                };
                let entity = PersonEntity {
                    name: person_name.clone(),
                    role: Some(role_out),
                    affiliation: affiliation.as_ref().map(|(a, _)| a.clone()),
                };
                Some(Np {
                    end,
                    span,
                    entity: SourceEntity {
                        name: person_name,
                        source_kind: "person".into(),
                        actor,
                    },
                    group: "person".into(),
                    reason: format!("person named after the role '{role_text}'"),
                    person: Some((nspan, entity, "name after a role word".into())),
                })
            }
            None if affiliation.is_some() => {
                let (aff, _) = affiliation.unwrap_or_default();
                Some(Np {
                    end,
                    span,
                    entity: SourceEntity {
                        name: format!("{role_text} {aff}"),
                        source_kind: role.kind.clone(),
                        actor,
                    },
                    group: role.kind.clone(),
                    reason: format!("role '{role_text}' with the organisation it speaks for"),
                    person: None,
                })
            }
            None => None,
        }
    }

    /// A bare name followed by its role, in brackets or in apposition.
    fn person_by_name(&self, i: usize, b: usize, need_signal: bool) -> Option<Np> {
        let lex = self.lex;
        let e = self.name_at(i, b, 2)?;
        let name = self.clean(i, e, 0);
        let nspan = self.span(i, e, 0)?;
        let mut end = e;
        let mut role = None;
        let mut affiliation = None;
        let mut actor = None;
        if e < b && is_text(&self.tokens[e], "(") {
            if let Some(r) = lex.roles.longest_in(self.words, e + 1) {
                role = Some(self.clean(e + 1, r.end, 0));
                let close = (r.end..b).find(|&k| is_text(&self.tokens[k], ")"));
                end = close.map(|c| c + 1).unwrap_or(r.end);
            }
        } else if let Some(r) = lex.roles.longest_in(self.words, e).filter(|r| !r.value.title) {
            role = Some(self.clean(e, r.end, 0));
            end = r.end;
            if r.value.affiliation {
                let k = self.skip_quotes(r.end, b);
                if let Some(h) = self.actor_starting(k) {
                    affiliation = Some(self.clean(k, h.tokens.1, 0));
                    actor = h.id().map(str::to_string);
                    end = h.tokens.1;
                }
            }
        }
        if role.is_none() && need_signal {
            let next = self.tok(e);
            let ok = next.is_some_and(|t| {
                is_text(t, ":")
                    || lex.complementizers.longest_in(self.words, e).is_some()
                    || lex.after.longest_in(self.words, e).is_some()
            });
            if !ok {
                return None;
            }
        }
        let span = self.span(i, end, 0)?;
        Some(Np {
            end,
            span,
            entity: SourceEntity {
                name: name.clone(),
                source_kind: "person".into(),
                actor,
            },
            group: "person".into(),
            reason: match &role {
                Some(r) => format!("name with its role '{r}'"),
                None => "name as the subject of a speech verb".into(),
            },
            person: Some((
                nspan,
                PersonEntity {
                    name,
                    role,
                    affiliation,
                },
                "name with a role or as a quoted speaker".into(),
            )),
        })
    }

    /// A source noun with its adjectives, relation ("مقربة من قسد") and name.
    fn source_by_noun(&self, i: usize, b: usize) -> Option<Np> {
        let lex = self.lex;
        let h = lex.nouns.longest_in(self.words, i)?;
        let noun = h.value;
        let mut k = h.end;
        let mut actor = None;
        let mut kind = noun.kind.clone();
        let mut name_end = k;
        let mut named = false;
        loop {
            let q = self.skip_quotes(k, b);
            if q >= b {
                break;
            }
            if let Some(r) = lex.relations.longest_in(self.words, q) {
                let a = self.skip_quotes(r.end, b);
                if let Some(x) = self.actor_starting(a) {
                    actor = x.id().map(str::to_string);
                    k = self.skip_quotes(x.tokens.1, b);
                    name_end = x.tokens.1;
                    continue;
                }
                break;
            }
            if lex.adjectives.longest_in(self.words, q).is_some() {
                let adj = lex.adjectives.longest_in(self.words, q).map(|x| x.end).unwrap_or(q + 1);
                k = adj;
                name_end = adj;
                continue;
            }
            if noun.named && !named {
                // A name in quotes, or up to three words that are not function words.
                if q > k || is_quote(&self.tokens[k.min(b - 1)]) {
                    let close = (q..b.min(q + 6)).find(|&x| is_quote(&self.tokens[x]));
                    if let Some(c) = close.filter(|&c| c > q) {
                        if let Some(kn) = lex.known.longest_in(self.words, q) {
                            kind = kn.value.kind.clone();
                            actor = actor.or(kn.value.actor.clone());
                        }
                        named = true;
                        k = c + 1;
                        name_end = c;
                        // A nisba after the name ("وكالة تاس الروسية").
                        if let Some(t) = self.tok(k)
                            && t.key.starts_with("ال")
                            && (t.key.ends_with("يه") || t.key.ends_with('ي'))
                            && lex.complementizers.longest_in(self.words, k).is_none()
                        {
                            k += 1;
                        }
                        continue;
                    }
                    break;
                }
                if let Some(kn) = lex.known.longest_in(self.words, q) {
                    kind = kn.value.kind.clone();
                    actor = actor.or(kn.value.actor.clone());
                    named = true;
                    k = kn.end;
                    name_end = kn.end;
                    continue;
                }
                let mut e = q;
                while e < b && e < q + 3 {
                    let t = &self.tokens[e];
                    let latin = t.text.chars().all(|c| c.is_ascii_alphanumeric());
                    if t.kind == TokenKind::Punct
                        || self.is_stop(t)
                        || lex.complementizers.longest_in(self.words, e).is_some()
                        || lex.speech.longest_in(self.words, e).is_some()
                        || lex.cues.longest_in(self.words, e).is_some()
                        || (!latin && e > q && !t.key.starts_with("ال") && t.key.chars().count() < 2)
                    {
                        break;
                    }
                    e += 1;
                }
                if e > q {
                    named = true;
                    k = e;
                    name_end = e;
                    continue;
                }
            }
            break;
        }
        let name = self.clean(i, name_end, h.skip_letters);
        // "مصادر محلية للجزيرة إن": the outlet the source spoke to belongs to the phrase.
        let mut end = k;
        if let Some(t) = self.tok(k)
            && t.kind == TokenKind::Word
            && t.key.starts_with('ل')
            && t.key.chars().count() > 3
            && self.tok(k + 1).is_none_or(|n| {
                is_punct(n) || lex.complementizers.longest_in(self.words, k + 1).is_some()
            })
        {
            end = k + 1;
        }
        let span = self.span(i, end, h.skip_letters)?;
        Some(Np {
            end,
            span,
            entity: SourceEntity {
                name,
                source_kind: kind,
                actor,
            },
            group: noun.group.clone(),
            reason: "source noun".into(),
            person: None,
        })
    }

    /// Reads the source at token `i` (see the module doc for the order tried).
    fn np(&self, i: usize, b: usize, bare_names: bool) -> Option<Np> {
        let lex = self.lex;
        let i = self.skip_quotes(i, b);
        if i >= b || is_punct(&self.tokens[i]) {
            return None;
        }
        if let Some(h) = lex.anonymous.longest_in(self.words, i) {
            let mut e = h.end;
            let mut words = 0;
            while e < b && words < 3 {
                let t = &self.tokens[e];
                if is_quote(t) {
                    e += 1;
                    continue;
                }
                if is_punct(t)
                    || self.is_stop(t)
                    || lex.saying.longest_in(self.words, e).is_some()
                    || lex.complementizers.longest_in(self.words, e).is_some()
                    || lex.speech.longest_in(self.words, e).is_some()
                {
                    break;
                }
                e += 1;
                words += 1;
            }
            let span = self.span(i, e, h.skip_letters)?;
            return Some(Np {
                end: e,
                span,
                entity: SourceEntity {
                    name: self.clean(i, e, h.skip_letters),
                    source_kind: h.value.clone(),
                    actor: None,
                },
                group: "witnesses".into(),
                reason: "unnamed witness".into(),
                person: None,
            });
        }
        if let Some(np) = self.person_by_role(i, b) {
            return Some(np);
        }
        if let Some(h) = lex.anaphors.longest_in(self.words, i)
            && lex.adjectives.longest_in(self.words, h.end).is_none()
            && lex.nouns.longest_in(self.words, i).is_none_or(|n| n.end <= h.end)
        {
            let group = h.value;
            if let Some(c) = self
                .sources
                .iter()
                .rev()
                .find(|c| group == "any" || c.group == *group)
            {
                let span = self.span(i, h.end, h.skip_letters)?;
                return Some(Np {
                    end: h.end,
                    span,
                    entity: c.entity.clone(),
                    group: c.group.clone(),
                    reason: format!("refers back to '{}'", c.entity.name),
                    person: None,
                });
            }
        }
        if let Some(np) = self.source_by_noun(i, b) {
            return Some(np);
        }
        if let Some(k) = lex.known.longest_in(self.words, i) {
            let span = self.span(i, k.end, k.skip_letters)?;
            let e = self.skip_quotes(k.end, b);
            return Some(Np {
                end: e,
                span,
                entity: SourceEntity {
                    name: self.cited_name(&k.value.name),
                    source_kind: k.value.kind.clone(),
                    actor: k.value.actor.clone(),
                },
                group: k.value.kind.clone(),
                reason: "source known by name".into(),
                person: None,
            });
        }
        if let Some(h) = self.actor_starting(i) {
            let (a, e) = h.tokens;
            let span = h.mention.span;
            return Some(Np {
                end: e,
                span,
                entity: SourceEntity {
                    name: self.clean(a, e, 0),
                    source_kind: "official".into(),
                    actor: h.id().map(str::to_string),
                },
                group: "official".into(),
                reason: "actor as the speaker".into(),
                person: None,
            });
        }
        let t = &self.tokens[i];
        if let Some(p) = self.persons.iter().rev().find(|p| p.surname == t.key) {
            let span = self.span(i, i + 1, 0)?;
            return Some(Np {
                end: i + 1,
                span,
                entity: SourceEntity {
                    name: p.entity.name.clone(),
                    source_kind: "person".into(),
                    actor: None,
                },
                group: "person".into(),
                reason: format!("surname of {} named earlier", p.entity.name),
                person: Some((span, p.entity.clone(), format!("surname of {} named earlier", p.entity.name))),
            });
        }
        if bare_names {
            return self.person_by_name(i, b, true);
        }
        None
    }

    /// The name a known source was cited under earlier in the document, if any, so that
    /// "حسب صوت وصورة" groups with "صفحة صوت وصورة".
    fn cited_name(&self, known: &str) -> String {
        self.sources
            .iter()
            .rev()
            .find(|c| c.entity.name.ends_with(known))
            .map(|c| c.entity.name.clone())
            .unwrap_or_else(|| known.to_string())
    }

    /// Where the reported clause after a source starts: after the complementizer within the
    /// bridge words, or right after the source. Stops at another attribution.
    fn clause_start(&self, k: usize, b: usize) -> usize {
        let lex = self.lex;
        let mut j = k;
        let mut words = 0;
        while j < b && words <= lex.bridge_max {
            if let Some(c) = lex.complementizers.longest_in(self.words, j) {
                return c.end;
            }
            if j > k
                && (lex.speech.longest_in(self.words, j).is_some()
                    || lex.cues.longest_in(self.words, j).is_some())
            {
                break;
            }
            if !is_punct(&self.tokens[j]) {
                words += 1;
            }
            j += 1;
        }
        let mut j = self.skip_quotes(k, b);
        while let Some(h) = lex.saying.longest_in(self.words, j) {
            j = h.end;
        }
        j
    }

    /// The span of tokens `[a, b)` with punctuation trimmed at both ends.
    fn clause(&self, mut a: usize, mut b: usize) -> Option<Span> {
        while a < b && is_punct(&self.tokens[a]) && !is_quote(&self.tokens[a]) {
            a += 1;
        }
        while b > a && is_punct(&self.tokens[b - 1]) && !is_quote(&self.tokens[b - 1]) && !is_text(&self.tokens[b - 1], ")") {
            b -= 1;
        }
        if a >= b {
            return None;
        }
        Span::new(self.tokens[a].span.start(), self.tokens[b - 1].span.end()).ok()
    }

    /// The first token of the next attribution cue in `[a, b)`, or `b`.
    fn next_cue(&self, a: usize, b: usize) -> usize {
        (a..b)
            .find(|&j| self.lex.cues.longest_in(self.words, j).is_some())
            .unwrap_or(b)
    }

    /// `why` is formatted only for a source kept, into a string with room for the phrase's
    /// own reason after it.
    fn push_source(&mut self, np: Np, attributed: Option<Span>, why: std::fmt::Arguments) {
        // Taken by value: the person, entity and group move instead of being cloned.
        let Np { span, entity, group, reason: np_reason, person, .. } = np;
        if let Some((span, p, why)) = person {
            self.push_person(span, p, why);
        }
        if self
            .out
            .iter()
            .any(|m| m.kind == MentionKind::Source && overlaps(m.span, span))
        {
            return;
        }
        let refers_back = np_reason.starts_with("refers back");
        let cited = (!refers_back).then(|| entity.clone());
        self.out.push(Mention {
            span,
            text: self.slice(span),
            kind: MentionKind::Source,
            entity: Some(Entity::Source(entity)),
            candidates: Vec::new(),
            attributed,
            reason: {
                let mut reason = String::with_capacity(64 + np_reason.len());
                let _ = std::fmt::Write::write_fmt(&mut reason, why);
                reason.push_str("; ");
                reason.push_str(&np_reason);
                reason
            },
        });
        if let Some(entity) = cited {
            self.sources.push(Cited { entity, group });
        }
    }

    fn push_person(&mut self, span: Span, p: PersonEntity, reason: String) {
        if self
            .out
            .iter()
            .any(|m| m.kind == MentionKind::Person && overlaps(m.span, span))
        {
            return;
        }
        if let Some(last) = p.name.split(' ').next_back()
            && p.name.contains(' ')
            && !self.persons.iter().any(|x| x.entity.name == p.name)
        {
            self.persons.push(Named {
                surname: crate::actors::phrases::word_key(last),
                entity: p.clone(),
            });
        }
        self.out.push(Mention {
            span,
            text: self.slice(span),
            kind: MentionKind::Person,
            entity: Some(Entity::Person(p)),
            candidates: Vec::new(),
            attributed: None,
            reason,
        });
    }

    /// A pronoun subject: the last source cited, with the verb as the mention.
    fn antecedent(&self, verb: usize, skip: usize) -> Option<Np> {
        let c = self.sources.last()?;
        let span = self.span(verb, verb + 1, skip)?;
        Some(Np {
            end: verb + 1,
            span,
            entity: c.entity.clone(),
            group: c.group.clone(),
            reason: format!("refers back to '{}' (verb without a subject)", c.entity.name),
            person: None,
        })
    }

    /// Looks for the outlet a statement was given to ("لموقع العربية نت") in `[a, b)`.
    fn via_outlets(&mut self, a: usize, b: usize, attributed: Option<Span>) {
        let lex = self.lex;
        for j in a..b {
            let t = &self.tokens[j];
            if !t.key.starts_with('ل') {
                continue;
            }
            let Some(h) = lex.nouns.longest_in(self.words, j) else { continue };
            if h.skip_letters == 0 || !h.value.named || !matches!(h.value.group.as_str(), "outlet" | "agency") {
                continue;
            }
            if let Some(np) = self.source_by_noun(j, b)
                && np.entity.name.contains(' ')
            {
                self.push_source(np, attributed, format_args!("outlet the statement was given to"));
            }
        }
    }

    fn sentence(&mut self, a: usize, b: usize) {
        let lex = self.lex;
        let mut i = a;
        while i < b {
            let prev_relative = i > a && {
                let k = &self.tokens[i - 1].key;
                lex.relative.contains(k)
                    || k.strip_prefix(['و', 'ف']).is_some_and(|r| lex.relative.contains(r))
            };
            if let Some(v) = lex.speech.longest_in(self.words, i).filter(|_| !prev_relative) {
                i = self.after_verb(i, v.end, v.skip_letters, b);
                continue;
            }
            if let Some(c) = lex.cues.longest_in(self.words, i) {
                i = self.after_cue(i, c.end, a, b);
                continue;
            }
            // A subject before its verb, at the start of the sentence or clause.
            let clause_start = i == a || is_punct(&self.tokens[i - 1]);
            // Elsewhere only a role word can start a person worth reporting.
            let np = if clause_start || lex.roles.longest_in(self.words, i).is_some() {
                self.np(i, b, false)
            } else {
                None
            };
            if let Some(np) = np {
                let v = lex.speech.longest_in(self.words, np.end);
                if clause_start && let Some(v) = v {
                    let start = self.clause_start(v.end, b);
                    let end = self.next_cue(start, b);
                    let attributed = self.clause(start, end);
                    let subject_of = &self.tokens[np.end].text;
                    self.push_source(np, attributed, format_args!("subject of '{subject_of}'"));
                    self.via_outlets(v.end, b, attributed);
                    i = v.end;
                    continue;
                }
                if let Some((span, p, why)) = np.person {
                    self.push_person(span, p, why);
                    i = np.end.max(i + 1);
                    continue;
                }
            }
            i += 1;
        }
    }

    fn after_verb(&mut self, v: usize, mut j: usize, skip: usize, b: usize) -> usize {
        let lex = self.lex;
        let verb = self.tokens[v].text.clone();
        let is_relay = lex.relay.longest_in(self.words, v).is_some();
        j = self.skip_quotes(j, b);
        let mut found: Vec<Np> = Vec::new();
        let relay_prep = |j: usize| lex.relay_prepositions.longest_in(self.words, j).map(|h| h.end);
        let pronoun_subject = j >= b
            || is_text(&self.tokens[j], ":")
            || lex.complementizers.longest_in(self.words, j).is_some()
            || self.tokens[j].key == "الي"
            || (is_relay && relay_prep(j).is_some());
        let mut end = j;
        if pronoun_subject {
            if let Some(np) = self.antecedent(v, skip) {
                found.push(np);
            }
        } else if let Some(np) = self.np(j, b, true) {
            end = np.end;
            found.push(np);
        } else {
            return v + 1;
        }
        // "نقلت عن أحد الأهالي قوله": the relayed speaker.
        if is_relay {
            let k = self.skip_quotes(end, b);
            if let Some(p) = relay_prep(k)
                && let Some(np) = self.np(p, b, true)
            {
                end = np.end;
                found.push(np);
            }
        }
        let start = self.clause_start(end, b);
        let stop = self.next_cue(start, b);
        let attributed = self.clause(start, stop);
        for np in found {
            self.push_source(np, attributed, format_args!("speech verb '{verb}'"));
        }
        self.via_outlets(end, b, attributed);
        end.max(v + 1)
    }

    fn after_cue(&mut self, c: usize, mut j: usize, a: usize, b: usize) -> usize {
        let lex = self.lex;
        let cue = self.tokens[c].text.clone();
        j = self.skip_quotes(j, b);
        // "وفقا لـ مصادر": the preposition written apart.
        if j < b && self.tokens[j].key == "ل" {
            j += 1;
        }
        // "بحسب ما أفاد X": skip ما and its verb.
        if let Some(w) = lex.what.longest_in(self.words, j) {
            j = w.end;
            if let Some(v) = lex.speech.longest_in(self.words, j) {
                j = v.end;
            } else if j < b && !is_punct(&self.tokens[j]) {
                j += 1;
            }
        }
        while let Some(s) = lex.statement.longest_in(self.words, j) {
            j = s.end;
        }
        let Some(np) = self.np(j, b, true) else {
            return c + 1;
        };
        let opens = c == a;
        let dashed = c > a && matches!(self.tokens[c - 1].text.as_str(), "-" | "–" | "—");
        let attributed = if opens {
            let start = self.clause_start(np.end, b);
            let stop = self.next_cue(start, b);
            self.clause(start, stop)
        } else if dashed {
            self.clause(a, b)
        } else {
            self.clause(a, c)
        };
        let end = np.end;
        self.push_source(np, attributed, format_args!("cue '{cue}'"));
        self.via_outlets(end, b, attributed);
        end.max(c + 1)
    }
}

fn overlaps(x: Span, y: Span) -> bool {
    x.start() < y.end() && y.start() < x.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Mention> {
        let a = marsad_arabic::analyze(text, None);
        find(text, &a.tokens, &a.sentences, crate::actors::find_hits(text, &a.tokens))
    }

    fn sources(text: &str) -> Vec<(String, String, String)> {
        let chars: Vec<char> = text.chars().collect();
        run(text)
            .into_iter()
            .filter(|m| m.kind == MentionKind::Source)
            .map(|m| {
                let name = match &m.entity {
                    Some(Entity::Source(s)) => s.name.clone(),
                    _ => String::new(),
                };
                let att = m
                    .attributed
                    .map(|s| chars[s.start() as usize..s.end() as usize].iter().collect())
                    .unwrap_or_default();
                (m.text, name, att)
            })
            .collect()
    }

    #[test]
    fn verb_subject_complementizer() {
        let got = sources("وقالت مصادر طبية إن القصف أوقع خمسة قتلى.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "مصادر طبية");
        assert_eq!(got[0].2, "القصف أوقع خمسة قتلى");
    }

    #[test]
    fn trailing_cue_attributes_the_clause_before() {
        let got = sources("احترق مخزن الحبوب في البلدة، بحسب ناشطين محليين.");
        assert_eq!(got[0].1, "ناشطين محليين");
        assert_eq!(got[0].2, "احترق مخزن الحبوب في البلدة");
    }

    #[test]
    fn pronoun_subject_refers_back() {
        let got = sources("وذكرت شبكة \"نهر ميديا\" أن الطريق مغلق. وأضافت أن الجسر تضرر.");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, "شبكة نهر ميديا");
        assert_eq!(got[1].2, "الجسر تضرر");
    }
}
