//! Word-sequence lookup over tokens: finds the longest data phrase starting at a token, through
//! the clitics on its first word and the quotes news writers put inside names.
//!
//! Phrases are stored as sequences of matching keys. The first word of the text may carry a
//! conjunction and a preposition (وقسد، بقوات، فللمدنيين) that the phrase does not; every word
//! after it must match whole, because a clitic in the middle of a name changes what it says.

use marsad_arabic::normalize::matching_key;
use marsad_arabic::tokens::tokenize;
use marsad_arabic::{Token, TokenKind};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// A phrase found in the text: tokens `[start, end)`, the number of clitic letters to skip at
/// the front of the first token, and the phrase's value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'a, T> {
    pub start: usize,
    pub end: usize,
    pub skip_letters: usize,
    pub value: &'a T,
    /// Number of words in the phrase (its length in the data, quotes not counted).
    pub words: usize,
}

struct Entry<T> {
    rest: Vec<String>,
    value: T,
}

/// Phrases indexed by the key of their first word.
pub(crate) struct PhraseSet<T> {
    /// Each first word's phrases, longest first.
    lists: Vec<Vec<Entry<T>>>,
    /// First word → its list in `lists`.
    by_first: FirstWords,
    /// First words that start with the article, by the rest of the word (المدنيين → مدنيين):
    /// how a word written with ل and the article's alef elided (للمدنيين) finds them, without
    /// putting the article back on a copy of every word looked up.
    by_elided: FirstWords,
    len: usize,
}

/// Bits in a table's filter of first-word hashes.
const FILTER_BITS: usize = 4096;

/// First words, each with its list of phrases, and a one-hash Bloom filter of them: most
/// words start no phrase of a given table, and the filter turns them away with one bit test
/// on a hash computed once per word of the document (see [`Words`]) instead of a map look-up
/// per table and word.
struct FirstWords {
    map: FxHashMap<String, u32>,
    filter: [u64; FILTER_BITS / 64],
}

impl Default for FirstWords {
    fn default() -> Self {
        FirstWords {
            map: FxHashMap::default(),
            filter: [0; FILTER_BITS / 64],
        }
    }
}

/// The bit a word's hash sets in a filter: its top bits, as the map's buckets use the low ones.
#[inline]
fn filter_bit(hash: u64) -> (usize, u64) {
    let bit = (hash >> (64 - FILTER_BITS.trailing_zeros())) as usize;
    (bit / 64, 1 << (bit % 64))
}

fn word_hash(w: &str) -> u64 {
    FxBuildHasher.hash_one(w)
}

impl FirstWords {
    fn insert(&mut self, w: String, n: u32) {
        let (i, bit) = filter_bit(word_hash(&w));
        self.filter[i] |= bit;
        self.map.insert(w, n);
    }

    /// Might a phrase start with this form? False only when none does.
    #[inline]
    fn may_hold(&self, f: &Form) -> bool {
        let (i, bit) = filter_bit(f.hash);
        self.filter[i] & bit != 0
    }

    fn get(&self, f: &Form) -> Option<u32> {
        if !self.may_hold(f) {
            return None;
        }
        self.map.get(f.key).copied()
    }
}

/// One way a token may start a phrase (see [`head_slots`]), with the hash of its key.
#[derive(Debug, Clone, Copy)]
struct Form<'a> {
    key: &'a str,
    /// Letters dropped (three at most): a byte keeps the form at 32 bytes.
    skip: u8,
    article_elided: bool,
    hash: u64,
}

/// The forms of a word one by one ([`Words::new`] pushes them straight from [`head_slots`]).
#[cfg(test)]
fn forms(key: &str) -> impl Iterator<Item = Form<'_>> {
    head_slots(key).into_iter().flatten().map(|(key, skip, article_elided)| Form {
        key,
        skip: skip as u8,
        article_elided,
        hash: word_hash(key),
    })
}

/// A document's tokens with the forms each may start a phrase by, worked out once for every
/// table the document is matched against (actors, attribution words: a dozen per token).
pub(crate) struct Words<'a> {
    pub tokens: &'a [Token],
    forms: Vec<Form<'a>>,
    /// Token `i`'s forms are `forms[at[i]..at[i + 1]]`; punctuation has none.
    at: Vec<u32>,
}

impl<'a> Words<'a> {
    pub fn new(tokens: &'a [Token]) -> Words<'a> {
        let mut all = Vec::with_capacity(tokens.len() * 2);
        let mut at = Vec::with_capacity(tokens.len() + 1);
        for t in tokens {
            at.push(all.len() as u32);
            if t.kind != TokenKind::Punct {
                // Pushed slot by slot: extending from the flattened iterator cost more than
                // the hashing.
                for (key, skip, article_elided) in head_slots(&t.key).into_iter().flatten() {
                    all.push(Form { key, skip: skip as u8, article_elided, hash: word_hash(key) });
                }
            }
        }
        at.push(all.len() as u32);
        Words { tokens, forms: all, at }
    }

    /// Token `i`'s forms; none past the last token.
    #[inline]
    fn forms_of(&self, i: usize) -> Option<&[Form<'a>]> {
        let (a, b) = (*self.at.get(i)?, *self.at.get(i + 1)?);
        self.forms.get(a as usize..b as usize)
    }
}

/// Quotes and dashes of names written inside quotation marks ("الدولة" الإسلامية، «قسد»).
pub(crate) fn is_quote(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && t.text
            .chars()
            .all(|c| matches!(c, '"' | '\'' | '«' | '»' | '“' | '”' | '„' | '‘' | '’' | '`'))
}

/// The word keys of a phrase as the tokenizer would see them, punctuation left out.
pub(crate) fn phrase_keys(phrase: &str) -> Vec<String> {
    tokenize(phrase)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| t.key)
        .collect()
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            lists: Vec::new(),
            by_first: FirstWords::default(),
            by_elided: FirstWords::default(),
            len: 0,
        }
    }
}

impl<T> PhraseSet<T> {
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds a phrase; returns false for a phrase with no words.
    pub fn insert(&mut self, phrase: &str, value: T) -> bool {
        let mut keys = phrase_keys(phrase);
        if keys.is_empty() {
            return false;
        }
        let first = keys.remove(0);
        let n = match self.by_first.map.get(&first) {
            Some(&n) => n,
            None => {
                let n = self.lists.len() as u32;
                self.lists.push(Vec::new());
                if let Some(rest) = first.strip_prefix("ال") {
                    self.by_elided.insert(rest.to_string(), n);
                }
                self.by_first.insert(first, n);
                n
            }
        };
        let list = &mut self.lists[n as usize];
        list.push(Entry { rest: keys, value });
        // Longest first, so the first full match is the longest.
        list.sort_by_key(|b| std::cmp::Reverse(b.rest.len()));
        self.len += 1;
        true
    }

    /// The longest phrase starting at token `i`, if any.
    #[cfg(test)]
    pub fn longest_at<'s>(&'s self, tokens: &[Token], i: usize) -> Option<Hit<'s, T>> {
        let t = tokens.get(i)?;
        if t.kind == TokenKind::Punct {
            return None;
        }
        self.longest_from(tokens, i, forms(&t.key))
    }

    /// The longest phrase starting at token `i` of a document, if any. Inlined: most calls end
    /// at the filter, and a dozen tables are asked about every token.
    #[inline]
    pub fn longest_in<'s>(&'s self, words: &Words, i: usize) -> Option<Hit<'s, T>> {
        let forms = words.forms_of(i)?;
        if !forms.iter().any(|f| self.index(f).may_hold(f)) {
            return None;
        }
        self.longest_from(words.tokens, i, forms.iter().copied())
    }

    /// Where a form is looked up: ل before the article drops its alef (لل), and such a word
    /// is looked up with the article put back.
    #[inline]
    fn index(&self, f: &Form) -> &FirstWords {
        if f.article_elided { &self.by_elided } else { &self.by_first }
    }

    fn longest_from<'s, 'w>(
        &'s self,
        tokens: &[Token],
        i: usize,
        forms: impl Iterator<Item = Form<'w>>,
    ) -> Option<Hit<'s, T>> {
        let mut best: Option<Hit<'s, T>> = None;
        for f in forms {
            let Some(n) = self.index(&f).get(&f) else { continue };
            let skip = usize::from(f.skip);
            for e in &self.lists[n as usize] {
                if best.as_ref().is_some_and(|b| b.words > e.rest.len()) {
                    break;
                }
                if let Some(end) = match_rest(tokens, i + 1, &e.rest) {
                    best = Some(Hit {
                        start: i,
                        end,
                        skip_letters: skip,
                        value: &e.value,
                        words: e.rest.len() + 1,
                    });
                    break;
                }
            }
        }
        best
    }

    /// Whether the whole key (one word or several, as written in data) is a phrase.
    pub fn contains_key(&self, text: &str) -> bool {
        let keys = phrase_keys(text);
        let Some((first, rest)) = keys.split_first() else {
            return false;
        };
        self.by_first
            .map
            .get(first)
            .is_some_and(|&n| self.lists[n as usize].iter().any(|e| e.rest == rest))
    }
}

/// Matches the remaining words of a phrase from token `j`, skipping quotes between words.
/// Returns the token index after the last word.
fn match_rest(tokens: &[Token], mut j: usize, rest: &[String]) -> Option<usize> {
    for k in rest {
        while tokens.get(j).is_some_and(is_quote) {
            j += 1;
        }
        let t = tokens.get(j)?;
        if t.key != *k {
            return None;
        }
        j += 1;
    }
    Some(j)
}

const CONJ: [char; 2] = ['و', 'ف'];
const PREP: [char; 3] = ['ب', 'ل', 'ك'];

/// The ways a word's key may start a phrase: as written, without a conjunction, without a
/// preposition, without both; and for لل (ل + elided article) the rest with the article put back.
/// Each with the number of letters dropped and whether the article was elided.
/// The slots left empty are `None`.
#[inline]
fn head_slots(key: &str) -> [Option<(&str, usize, bool)>; 5] {
    let mut out: [Option<(&str, usize, bool)>; 5] = [None; 5];
    out[0] = Some((key, 0, false));
    // The first five letters and where each starts: a rest of the word is kept only when it
    // has two letters or more, that is when the letter after its first exists.
    let mut at = [None::<(usize, char)>; 5];
    for (slot, c) in at.iter_mut().zip(key.char_indices()) {
        *slot = Some(c);
    }
    let rest = |from: usize| match (at[from], at.get(from + 1).copied().flatten()) {
        (Some((b, _)), Some(_)) => Some(&key[b..]),
        _ => None,
    };
    if let (Some((_, a)), Some((_, b))) = (at[0], at[1]) {
        let a_conj = CONJ.contains(&a);
        let a_prep = PREP.contains(&a);
        if a_conj || a_prep {
            out[1] = rest(1).map(|r| (r, 1, false));
        }
        if a_conj && PREP.contains(&b) {
            out[2] = rest(2).map(|r| (r, 2, false));
        }
        if a == 'ل' && b == 'ل' {
            out[3] = rest(2).map(|r| (r, 2, true));
        }
        if a_conj && b == 'ل' && at[2].is_some_and(|(_, c)| c == 'ل') {
            out[4] = rest(3).map(|r| (r, 3, true));
        }
    }
    out
}

/// The char offset in `t.text` after skipping `letters` letters (and the marks after them).
pub(crate) fn skip_letters(t: &Token, letters: usize) -> u32 {
    if letters == 0 {
        return t.span.start();
    }
    let mut seen = 0;
    let mut offset = 0u32;
    let mut chars = t.text.chars().peekable();
    while let Some(c) = chars.next() {
        offset += 1;
        if marsad_arabic::normalize::fold_char(c).is_some() && c != 'ـ' {
            seen += 1;
            if seen == letters {
                while chars
                    .peek()
                    .is_some_and(|&n| marsad_arabic::normalize::is_ignorable(n))
                {
                    chars.next();
                    offset += 1;
                }
                break;
            }
        }
    }
    t.span.start() + offset.min(t.span.len())
}

/// The matching key of one word, for data lists compared to token keys.
pub(crate) fn word_key(w: &str) -> String {
    matching_key(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> PhraseSet<usize> {
        let mut s = PhraseSet::default();
        for (i, w) in words.iter().enumerate() {
            s.insert(w, i);
        }
        s
    }

    #[test]
    fn longest_phrase_wins_and_quotes_are_skipped() {
        let s = set(&["تنظيم الدولة", "تنظيم الدولة الإسلامية"]);
        let toks = tokenize("بين تنظيم \"الدولة الإسلامية\" و");
        let h = s.longest_at(&toks, 1).unwrap();
        assert_eq!(*h.value, 1);
        assert_eq!(h.words, 3);
    }

    #[test]
    fn first_word_clitics_and_elided_article() {
        let s = set(&["قسد", "المدنيين"]);
        let toks = tokenize("وقسد للمدنيين وللمدنيين");
        let h = s.longest_at(&toks, 0).unwrap();
        assert_eq!((h.skip_letters, *h.value), (1, 0));
        let h = s.longest_at(&toks, 1).unwrap();
        assert_eq!((h.skip_letters, *h.value), (2, 1));
        let h = s.longest_at(&toks, 2).unwrap();
        assert_eq!((h.skip_letters, *h.value), (3, 1));
        assert_eq!(skip_letters(&toks[0], 1), 1);
    }

    #[test]
    fn a_documents_words_find_what_each_token_finds() {
        let s = set(&["قسد", "المدنيين", "تنظيم الدولة", "تنظيم الدولة الإسلامية", "قوات النظام"]);
        let toks = tokenize("وقسد للمدنيين، بين تنظيم \"الدولة الإسلامية\" وللمدنيين وقوات النظام وقوات والنظام");
        let words = Words::new(&toks);
        let found = |h: Option<Hit<usize>>| h.map(|h| (h.start, h.end, h.skip_letters, *h.value));
        let mut hits = 0;
        for i in 0..=toks.len() {
            let one = found(s.longest_at(&toks, i));
            assert_eq!(one, found(s.longest_in(&words, i)), "token {i}");
            hits += one.is_some() as usize;
        }
        assert_eq!(hits, 5);
    }

    #[test]
    fn later_words_must_match_whole() {
        let s = set(&["قوات النظام"]);
        let toks = tokenize("قوات والنظام");
        assert!(s.longest_at(&toks, 0).is_none());
    }
}
