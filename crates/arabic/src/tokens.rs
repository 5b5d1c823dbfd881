//! Tokens with clitics: words, numbers and punctuation, each with its surface span and stem.
//!
//! A word keeps its surface text and span untouched; its clitics (conjunction, preposition,
//! future marker, article, pronoun suffix) are read off it and its stem is the matching key of
//! what remains. Which letters are clitics, which words only look as if they start with one
//! (بغداد، وادي، ألبانيا) and which short stems may still be split are data files.

use crate::lexicon::{FastSet, rows};
use crate::normalize::{digit_value, fold_char, fold_into, matching_key};
use marsad_model::Span;
use serde::Serialize;
use std::sync::OnceLock;

const CLITICS: &str = include_str!("../data/clitics.tsv");
const EXCEPTIONS: &str = include_str!("../data/clitic_exceptions.txt");
const SHORT_STEMS: &str = include_str!("../data/short_stems.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// One token of the text as written.
#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub span: Span,
    pub text: String,
    pub kind: TokenKind,
    /// Matching key of the whole token.
    pub key: String,
    /// Matching key of the stem, clitics removed; equal to `key` when nothing was split.
    pub stem: String,
    /// Where the stem sits inside `span`.
    pub stem_span: Span,
    /// Clitics in reading order, proclitics as `و+`, the article as `ال+`, a suffix as `+ها`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clitics: Vec<&'static str>,
    /// Matching key without conjunction and preposition, article kept (بالعام → العام): the
    /// form phrase tables are looked up by.
    #[serde(skip)]
    pub pre: String,
    /// Byte range in the text, for slicing.
    #[serde(skip)]
    pub bytes: (usize, usize),
    /// A line break lies between this token and the previous one.
    #[serde(skip)]
    pub newline_before: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// A token lent out by [`for_each_token`]: the same fields as [`Token`], borrowed from buffers
/// reused from one token to the next, so a caller that only looks (an index, a counter)
/// allocates nothing per token.
#[derive(Debug, Clone, Copy)]
pub struct TokenRef<'a> {
    pub span: Span,
    pub text: &'a str,
    pub kind: TokenKind,
    pub key: &'a str,
    pub stem: &'a str,
    pub stem_span: Span,
    pub clitics: &'a [&'static str],
    pub pre: &'a str,
    pub bytes: (usize, usize),
    pub newline_before: bool,
}

impl TokenRef<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn to_owned(&self) -> Token {
        Token {
            span: self.span,
            text: self.text.to_string(),
            kind: self.kind,
            key: self.key.to_string(),
            stem: self.stem.to_string(),
            stem_span: self.stem_span,
            clitics: self.clitics.to_vec(),
            pre: self.pre.to_string(),
            bytes: self.bytes,
            newline_before: self.newline_before,
        }
    }
}

struct Tables {
    /// Proclitic letters by role, each with its tag (`و+`).
    conj: Vec<(char, &'static str)>,
    prep: Vec<(char, &'static str)>,
    future: Vec<(char, &'static str)>,
    /// Enclitics (as matching keys) longest first, with the shortest stem each may leave and
    /// its tag (`+ها`).
    enclitics: Vec<(Vec<char>, usize, &'static str)>,
    exact: FastSet<String>,
    prefixes: FastSet<String>,
    /// Word endings that are never a pronoun suffix (the ه of عبدالله).
    suffixes: Vec<String>,
    /// First two letters of every prefix exception: most words are cleared by one lookup.
    prefix_heads: FastSet<(char, char)>,
    /// Longest prefix exception, in bytes of its key.
    max_prefix: usize,
    short: FastSet<String>,
}

const ARTICLE: &str = "ال+";
const ELIDED_PREP: &str = "ل+";

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Tables {
            conj: Vec::new(),
            prep: Vec::new(),
            future: Vec::new(),
            enclitics: Vec::new(),
            exact: FastSet::default(),
            prefixes: FastSet::default(),
            suffixes: Vec::new(),
            prefix_heads: FastSet::default(),
            max_prefix: 0,
            short: FastSet::default(),
        };
        for r in rows(CLITICS) {
            let letters = matching_key(r[1]);
            let tagged = |l: &str| {
                l.chars()
                    .map(|c| (c, leak(format!("{c}+"))))
                    .collect::<Vec<_>>()
            };
            match (r[0], r.get(2).copied()) {
                ("pro", Some("conj")) => t.conj.extend(tagged(&letters)),
                ("pro", Some("prep")) => t.prep.extend(tagged(&letters)),
                ("pro", Some("future")) => t.future.extend(tagged(&letters)),
                ("pro", Some("article")) => {}
                ("enc", Some(min)) => {
                    let min = min.parse().expect("clitics.tsv: minimum stem length");
                    t.enclitics
                        .push((letters.chars().collect(), min, leak(format!("+{letters}"))));
                }
                _ => panic!("clitics.tsv: bad row {r:?}"),
            }
        }
        t.enclitics
            .sort_by_key(|(e, _, _)| std::cmp::Reverse(e.len()));
        for r in rows(EXCEPTIONS) {
            if let Some(sfx) = r[0].strip_prefix('*') {
                t.suffixes.push(matching_key(sfx));
            } else if let Some(p) = r[0].strip_suffix('*') {
                t.prefixes.insert(matching_key(p));
            } else {
                t.exact.insert(matching_key(r[0]));
            }
        }
        for p in &t.prefixes {
            let mut c = p.chars();
            if let (Some(a), Some(b)) = (c.next(), c.next()) {
                t.prefix_heads.insert((a, b));
            }
        }
        t.short
            .extend(rows(SHORT_STEMS).map(|r| matching_key(r[0])));
        t.max_prefix = t.prefixes.iter().map(String::len).max().unwrap_or(0);
        t
    })
}

fn tag(list: &[(char, &'static str)], c: char) -> Option<&'static str> {
    list.iter().find(|(l, _)| *l == c).map(|(_, t)| *t)
}

impl Tables {
    fn is_exception(&self, key: &str) -> bool {
        if self.exact.contains(key) {
            return true;
        }
        let mut c = key.chars();
        let (Some(a), Some(b)) = (c.next(), c.next()) else {
            return false;
        };
        if !self.prefix_heads.contains(&(a, b)) {
            return false;
        }
        key.char_indices()
            .skip(2)
            .take_while(|&(b, _)| b <= self.max_prefix)
            .any(|(b, _)| self.prefixes.contains(&key[..b]))
            || self.prefixes.contains(key)
    }
}

/// A letter of a word: its matching-key form, the char as written, and its byte range in the
/// word (diacritics and tatweel after it included).
#[derive(Clone, Copy)]
struct Letter {
    key: char,
    raw: char,
    start: usize,
    end: usize,
}

/// How a word splits: letters `[stem.0, stem.1)` are the stem.
struct Split {
    stem: (usize, usize),
    /// Letter index after conjunction and preposition (where `pre` starts), and whether an
    /// elided article (لل) must be put back in front of it.
    pre_from: usize,
    elided_article: bool,
}

/// A word's letters with their matching key, rebuilt in place for each word; `off[i]` is where
/// letter `i` starts in `key`, so the key of any run of letters is a slice.
#[derive(Default)]
struct Letters {
    l: Vec<Letter>,
    key: String,
    off: Vec<usize>,
}

impl Letters {
    fn fill(&mut self, word: &str) {
        self.l.clear();
        self.key.clear();
        self.off.clear();
        for (b, c) in word.char_indices() {
            let end = b + c.len_utf8();
            let before = self.l.len();
            let (l, key, off) = (&mut self.l, &mut self.key, &mut self.off);
            // A presentation form (ﻻ) gives several letters, all spanning its bytes.
            fold_into(c, |k| {
                if !k.is_whitespace() {
                    let start = if l.is_empty() { 0 } else { b };
                    off.push(key.len());
                    key.push(k);
                    l.push(Letter {
                        key: k,
                        raw: c,
                        start,
                        end,
                    });
                }
            });
            if self.l.len() == before
                && let Some(last) = self.l.last_mut()
            {
                last.end = end;
            }
        }
        if let Some(last) = self.l.last_mut() {
            last.end = word.len();
        }
        self.off.push(self.key.len());
    }

    fn k(&self, a: usize, b: usize) -> &str {
        &self.key[self.off[a]..self.off[b]]
    }
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c)
        || ('\u{066E}'..='\u{06D3}').contains(&c)
        || ('\u{0671}'..='\u{06FF}').contains(&c)
}

/// The article is written with a plain alef (or wasla): أل… with a hamza is never the article,
/// which is what keeps ألبانيا whole.
fn article_at(l: &[Letter], p: usize) -> bool {
    p + 1 < l.len() && matches!(l[p].raw, 'ا' | 'ٱ') && l[p + 1].key == 'ل'
}

fn split_word(w: &Letters, clitics: &mut Vec<&'static str>) -> Split {
    let t = tables();
    let l = &w.l[..];
    let n = l.len();
    let none = Split {
        stem: (0, n),
        pre_from: 0,
        elided_article: false,
    };
    if n < 2 || !is_arabic_letter(l[0].key) {
        // A lone proclitic written apart with a tatweel (لـ، بـ): the token is the clitic.
        if n == 1
            && l[0].end > l[0].start + l[0].raw.len_utf8()
            && let Some(tg) = tag(&t.prep, l[0].key).or_else(|| tag(&t.conj, l[0].key))
        {
            clitics.push(tg);
            return Split {
                stem: (1, 1),
                pre_from: 1,
                elided_article: false,
            };
        }
        return none;
    }
    // A short word with a pronoun suffix (فيها، منه، عنهم) is read that way before any letter of
    // it is taken for a proclitic.
    if let Some((e, tg)) = enclitic(t, w, 0)
        && t.short.contains(w.k(0, n - e))
    {
        clitics.push(tg);
        return Split {
            stem: (0, n - e),
            pre_from: 0,
            elided_article: false,
        };
    }
    let ok = |q: usize| q < n && (n - q >= 3 || t.short.contains(w.k(q, n)));
    // Whether the letters from `p` on are an exception, looked up once per `p`.
    let mut memo = [None::<bool>; 4];
    let mut exception = |p: usize| match memo.get_mut(p) {
        Some(m) => *m.get_or_insert_with(|| t.is_exception(w.k(p, n))),
        None => t.is_exception(w.k(p, n)),
    };
    let mut p = 0;
    let mut elided = false;
    let mut article_done = false;
    let mut pre_from = 0;
    let c0 = l[0].key;
    let may_have_proclitic = tag(&t.conj, c0)
        .or(tag(&t.prep, c0))
        .or(tag(&t.future, c0))
        .is_some();
    if may_have_proclitic && !exception(0) {
        if let Some(tg) = tag(&t.conj, l[0].key).filter(|_| ok(1)) {
            clitics.push(tg);
            p = 1;
        }
        if p < n && !exception(p) {
            let c = l[p].key;
            let prep = tag(&t.prep, c);
            if c == 'ل' && prep.is_some() && p + 1 < n && l[p + 1].key == 'ل' && n - (p + 2) >= 2
            {
                clitics.push(ELIDED_PREP);
                clitics.push(ARTICLE);
                pre_from = p + 1;
                p += 2;
                elided = true;
                article_done = true;
            } else if let Some(tg) = prep.filter(|_| (c == 'ب' || c == 'ل') && ok(p + 1)) {
                clitics.push(tg);
                p += 1;
            } else if let Some(tg) = prep.filter(|_| article_at(l, p + 1) && ok(p + 1)) {
                clitics.push(tg);
                p += 1;
            } else if let Some(tg) = tag(&t.future, c).filter(|_| {
                p + 1 < n && matches!(l[p + 1].key, 'ي' | 'ت' | 'ن' | 'ا') && n - (p + 1) >= 4
            }) {
                clitics.push(tg);
                p += 1;
            }
        }
    }
    if !elided {
        pre_from = p;
    }
    if !article_done && article_at(l, p) && n - (p + 2) >= 2 && !exception(p) {
        clitics.push(ARTICLE);
        p += 2;
    }
    let mut end = n;
    if p < n
        && let Some((e, tg)) = enclitic(t, w, p)
    {
        let rest = w.k(p, n);
        if !t.exact.contains(rest)
            && !t.prefixes.contains(rest)
            && !t.suffixes.iter().any(|x| rest.ends_with(x.as_str()))
        {
            clitics.push(tg);
            end = n - e;
        }
    }
    Split {
        stem: (p, end),
        pre_from,
        elided_article: elided,
    }
}

/// Length in letters and tag of the pronoun suffix of letters `p..`, if it has one that leaves
/// a long enough stem. A final ة is never a pronoun, though it folds to ه.
fn enclitic(t: &Tables, w: &Letters, p: usize) -> Option<(usize, &'static str)> {
    let l = &w.l[..];
    let n = l.len();
    if l[n - 1].raw == 'ة' {
        return None;
    }
    for (e, min, tg) in &t.enclitics {
        let len = e.len();
        if n < p + len + 1 {
            continue;
        }
        if l[n - len..].iter().zip(e).all(|(a, b)| a.key == *b) {
            let stem_len = n - len - p;
            if stem_len >= *min || t.short.contains(w.k(p, n - len)) {
                return Some((len, tg));
            }
        }
    }
    None
}

#[derive(PartialEq, Clone, Copy)]
enum Class {
    Space,
    Newline,
    Word,
    Digit,
    Punct,
}

fn class(c: char) -> Class {
    // Fast paths for the common cases: Arabic letters, ASCII letters, the space.
    if ('\u{0621}'..='\u{064A}').contains(&c) || c.is_ascii_alphabetic() {
        return Class::Word;
    }
    if c == ' ' {
        return Class::Space;
    }
    if c.is_ascii() && !c.is_whitespace() && !c.is_ascii_digit() {
        return Class::Punct;
    }
    if matches!(c, '،' | '؛' | '؟' | '«' | '»' | '“' | '”') {
        return Class::Punct;
    }
    if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' {
        Class::Newline
    } else if c.is_whitespace() {
        Class::Space
    } else if digit_value(c).is_some() {
        Class::Digit
    } else if crate::normalize::is_letter(c) || fold_char(c).is_none() || is_mark(c) {
        Class::Word
    } else {
        Class::Punct
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0300}'..='\u{036F}')
}

/// Separators that may sit between two digits of one number, date or time (1,500 ١٬٥٠٠ 2.5
/// 2018.11.27 27/11/2018 13:11 1500-2000).
fn is_digit_separator(c: char) -> bool {
    matches!(c, ',' | '.' | '٫' | '٬' | ':' | '/' | '-')
}

/// Buffers reused from token to token.
#[derive(Default)]
struct Scratch {
    letters: Letters,
    key: String,
    pre: String,
    clitics: Vec<&'static str>,
}

/// Calls `f` on every token of `text` in order, lending it each token.
pub fn for_each_token(text: &str, mut f: impl FnMut(&TokenRef)) {
    let mut sc = Scratch::default();
    let mut b = 0; // byte position
    let mut ci: u32 = 0; // char position
    let mut newline = false;
    let next = |b: usize| text[b..].chars().next();
    while let Some(c) = next(b) {
        let cl = class(c);
        let (start_b, start_c) = (b, ci);
        b += c.len_utf8();
        ci += 1;
        match cl {
            Class::Newline => {
                newline = true;
                continue;
            }
            Class::Space => continue,
            Class::Word => {
                let mut visible = fold_char(c).is_some() && !is_mark(c);
                while let Some(d) = next(b).filter(|&d| class(d) == Class::Word) {
                    visible |= fold_char(d).is_some() && !is_mark(d);
                    b += d.len_utf8();
                    ci += 1;
                }
                // A run of invisible controls alone is not a word.
                if !visible {
                    continue;
                }
            }
            Class::Digit => loop {
                match next(b) {
                    Some(d) if class(d) == Class::Digit => {
                        b += d.len_utf8();
                        ci += 1;
                    }
                    Some(d)
                        if is_digit_separator(d)
                            && next(b + d.len_utf8()).is_some_and(|e| class(e) == Class::Digit) =>
                    {
                        b += d.len_utf8();
                        ci += 1;
                    }
                    _ => break,
                }
            },
            Class::Punct => {}
        }
        let surface = &text[start_b..b];
        let kind = match cl {
            Class::Word => TokenKind::Word,
            Class::Digit => TokenKind::Number,
            _ => TokenKind::Punct,
        };
        let span = Span::new(start_c, ci).expect("token span in order");
        emit(&mut sc, surface, kind, span, (start_b, b), newline, &mut f);
        newline = false;
    }
}

fn emit(
    sc: &mut Scratch,
    surface: &str,
    kind: TokenKind,
    span: Span,
    bytes: (usize, usize),
    newline_before: bool,
    f: &mut impl FnMut(&TokenRef),
) {
    if kind != TokenKind::Word {
        sc.key.clear();
        sc.key.extend(surface.chars().filter_map(fold_char));
        let key = sc.key.as_str();
        return f(&TokenRef {
            span,
            text: surface,
            kind,
            key,
            stem: key,
            stem_span: span,
            clitics: &[],
            pre: key,
            bytes,
            newline_before,
        });
    }
    sc.letters.fill(surface);
    sc.clitics.clear();
    let split = split_word(&sc.letters, &mut sc.clitics);
    let w = &sc.letters;
    let n = w.l.len();
    let (s, e) = split.stem;
    let byte_at = |li: usize| {
        if li >= n {
            surface.len()
        } else {
            w.l[li].start
        }
    };
    let (sb, eb) = (byte_at(s), byte_at(e));
    let stem_span = if s == 0 && e == n {
        span
    } else {
        let cs = span.start() + surface[..sb].chars().count() as u32;
        let ce = cs + surface[sb..eb].chars().count() as u32;
        Span::new(cs, ce).expect("stem span in order")
    };
    let pre = if split.elided_article {
        sc.pre.clear();
        sc.pre.push('ا');
        sc.pre.push_str(w.k(split.pre_from.min(n), n));
        sc.pre.as_str()
    } else {
        w.k(split.pre_from.min(n), n)
    };
    // A word holds no whitespace, so its letters' keys are its matching key.
    f(&TokenRef {
        span,
        text: surface,
        kind,
        key: &w.key,
        stem: w.k(s, e),
        stem_span,
        clitics: &sc.clitics,
        pre,
        bytes,
        newline_before,
    })
}

/// Splits `text` into tokens, each with its span in chars.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 8);
    for_each_token(text, |t| out.push(t.to_owned()));
    out
}

/// How a word splits into clitics and stem, for callers that have a single word.
pub fn segment(word: &str) -> (Vec<&'static str>, String) {
    let mut w = Letters::default();
    w.fill(word);
    let mut clitics = Vec::new();
    let split = split_word(&w, &mut clitics);
    (clitics, w.k(split.stem.0, split.stem.1).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(w: &str) -> String {
        let (c, s) = segment(w);
        let pro: Vec<_> = c.iter().filter(|c| c.ends_with('+')).cloned().collect();
        let enc: Vec<_> = c.iter().filter(|c| c.starts_with('+')).cloned().collect();
        format!("{}{}{}", pro.join(""), s, enc.join(""))
    }

    #[test]
    fn splits_conjunction_preposition_article() {
        assert_eq!(seg("وبالمدارس"), "و+ب+ال+مدارس");
        assert_eq!(seg("للمدنيين"), "ل+ال+مدنيين");
        assert_eq!(seg("وقال"), "و+قال");
        assert_eq!(seg("بريف"), "ب+ريف");
        assert_eq!(seg("كالعادة"), "ك+ال+عاده");
        assert_eq!(seg("وسيقوم"), "و+س+يقوم");
    }

    #[test]
    fn keeps_names_and_words_that_only_look_clitic_initial() {
        assert_eq!(seg("ألبانيا"), "البانيا");
        assert_eq!(seg("بغداد"), "بغداد");
        assert_eq!(seg("وبغداد"), "و+بغداد");
        assert_eq!(seg("وادي"), "وادي");
        assert_eq!(seg("فلسطين"), "فلسطين");
        assert_eq!(seg("بلدة"), "بلده");
        assert_eq!(seg("وسط"), "وسط");
        assert_eq!(seg("بين"), "بين");
        assert_eq!(seg("سيطرة"), "سيطره");
        assert_eq!(seg("وسيطرت"), "و+سيطرت");
        assert_eq!(seg("التي"), "التي");
    }

    #[test]
    fn splits_pronoun_suffixes_but_not_ta_marbuta() {
        assert_eq!(seg("معاقله"), "معاقل+ه");
        assert_eq!(seg("فيها"), "في+ها");
        assert_eq!(seg("منه"), "من+ه");
        assert_eq!(seg("وعناصرهم"), "و+عناصر+هم");
        assert_eq!(seg("مدينتها"), "مدينت+ها");
        assert_eq!(seg("عشرة"), "عشره");
        assert_eq!(seg("باتجاه"), "ب+اتجاه");
        assert_eq!(seg("السوري"), "ال+سوري");
    }

    #[test]
    fn spans_and_kinds() {
        let t = tokenize("قُتل 1,500 «مدنيّاً»، لـ\"قسد\"");
        let texts: Vec<_> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "قُتل",
                "1,500",
                "«",
                "مدنيّاً",
                "»",
                "،",
                "لـ",
                "\"",
                "قسد",
                "\""
            ]
        );
        assert_eq!(t[1].kind, TokenKind::Number);
        assert_eq!(t[6].clitics, ["ل+"]);
        assert_eq!(t[3].key, "مدنيا");
        let text = "قُتل 1,500 «مدنيّاً»، لـ\"قسد\"";
        for tok in &t {
            let s: String = text
                .chars()
                .skip(tok.span.start() as usize)
                .take(tok.span.len() as usize)
                .collect();
            assert_eq!(s, tok.text);
        }
    }

    #[test]
    fn stem_span_points_at_the_stem() {
        let text = "وبالمدارس";
        let t = &tokenize(text)[0];
        let s: String = text
            .chars()
            .skip(t.stem_span.start() as usize)
            .take(t.stem_span.len() as usize)
            .collect();
        assert_eq!(s, "مدارس");
        assert_eq!(t.pre, "المدارس");
    }

    #[test]
    fn numbers_keep_their_separators_dates_and_times() {
        let t = tokenize("2018.11.27 | 13:11 و1500-2000 ١٥٠٠");
        let texts: Vec<_> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["2018.11.27", "|", "13:11", "و", "1500-2000", "١٥٠٠"]
        );
        assert_eq!(t[5].key, "1500");
    }
}
