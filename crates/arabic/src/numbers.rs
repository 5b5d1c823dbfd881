//! Numbers as written: digits of any script with separators, number words in every gender and
//! case up to the billions (خمسة وعشرين، ثلاثمئة وخمسون، ألفين), fractions and ranges.
//!
//! The words and their classes come from `data/number_words.tsv`; this file only knows how
//! Arabic puts them together (unit before tens, "و" between parts, a scale word multiplying what
//! comes before it).

use crate::lexicon::FastMap;
use crate::lexicon::{Phrases, rows};
use crate::normalize::matching_key;
use crate::tokens::{Token, TokenKind};
use marsad_model::Span;
use serde::{Serialize, Serializer};
use std::sync::OnceLock;

const NUMBER_WORDS: &str = include_str!("../data/number_words.tsv");
const RANGES: &str = include_str!("../data/number_ranges.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberKind {
    /// Digits only (250، ١٥٠٠، 1,500).
    Digits,
    /// Words only (خمسة وعشرين).
    Words,
    /// Digits with a scale word (50 ألفاً، 1.5 مليون).
    Mixed,
    /// Two numbers read as a range (1500-2000، بين 1500 إلى 2000).
    Range,
    /// An ordinal naming a day of the month (العاشر من أيلول), found inside a date.
    Ordinal,
}

/// A number found in the text. `value` is the low end of a range, `high` its high end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Number {
    pub span: Span,
    pub text: String,
    #[serde(serialize_with = "as_integer_when_whole")]
    pub value: f64,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_as_integer_when_whole"
    )]
    pub high: Option<f64>,
    pub kind: NumberKind,
    /// Token indices `[start, end)`.
    #[serde(skip)]
    pub tokens: (usize, usize),
}

fn as_integer_when_whole<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn opt_as_integer_when_whole<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => as_integer_when_whole(v, s),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Unit,
    TeenOnly,
    Ten,
    Tens,
    Hundred,
    Scale,
    ScaleDual,
    ScalePlural,
    Fraction,
    FractionPlural,
    Digits,
    Teen,
}

struct Tables {
    words: FastMap<String, (f64, Class)>,
    open: Phrases<()>,
    join: Phrases<()>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut words = FastMap::default();
        for r in rows(NUMBER_WORDS) {
            let value: f64 = r[1].parse().expect("number_words.tsv: value");
            let class = match r[2] {
                "unit" => Class::Unit,
                "teen_only" => Class::TeenOnly,
                "ten" => Class::Ten,
                "tens" => Class::Tens,
                "hundred" => Class::Hundred,
                "scale" => Class::Scale,
                "scale_dual" => Class::ScaleDual,
                "scale_plural" => Class::ScalePlural,
                "fraction" => Class::Fraction,
                "fraction_plural" => Class::FractionPlural,
                other => panic!("number_words.tsv: unknown class {other}"),
            };
            words.insert(matching_key(r[0]), (value, class));
        }
        let (mut open, mut join) = (Phrases::new(), Phrases::new());
        for r in rows(RANGES) {
            match r[0] {
                "open" => open.insert(r[1], ()),
                "join" => join.insert(r[1], ()),
                other => panic!("number_ranges.tsv: unknown role {other}"),
            }
        }
        Tables { words, open, join }
    })
}

/// What a run of digits and separators says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DigitForm {
    Value(f64),
    Range(f64, f64),
    Date { year: i16, month: i8, day: i8 },
    Time { hour: i8, minute: i8 },
    Other,
}

/// Reads a number token's matching key (ASCII digits and separators). `before_scale` says a
/// scale word follows, which makes `1.500` a decimal (1.5 مليون) rather than 1500.
pub fn parse_digits(key: &str, before_scale: bool) -> DigitForm {
    let groups: Vec<&str> = key.split(|c: char| !c.is_ascii_digit()).collect();
    let seps: Vec<char> = key.chars().filter(|c| !c.is_ascii_digit()).collect();
    let int = |g: &str| g.parse::<f64>().ok();
    if groups.iter().any(|g| g.is_empty() || g.len() > 15) {
        return DigitForm::Other;
    }
    if seps.is_empty() {
        return int(key).map_or(DigitForm::Other, DigitForm::Value);
    }
    let same = seps.iter().all(|&c| c == seps[0]);
    let n = |g: &str| g.parse::<i64>().unwrap_or(-1);
    if same && groups.len() == 3 && matches!(seps[0], '.' | '/' | '-') {
        let (y, m, d) = if groups[0].len() == 4 {
            (n(groups[0]), n(groups[1]), n(groups[2]))
        } else if groups[2].len() == 4 {
            (n(groups[2]), n(groups[1]), n(groups[0]))
        } else {
            (-1, -1, -1)
        };
        if (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
            return DigitForm::Date {
                year: y as i16,
                month: m as i8,
                day: d as i8,
            };
        }
    }
    if same && seps[0] == ':' && groups.len() == 2 && groups[1].len() == 2 {
        let (h, m) = (n(groups[0]), n(groups[1]));
        if (0..=24).contains(&h) && (0..60).contains(&m) {
            return DigitForm::Time {
                hour: h as i8,
                minute: m as i8,
            };
        }
        return DigitForm::Other;
    }
    if same && seps[0] == '-' && groups.len() == 2 {
        let (a, b) = (int(groups[0]).unwrap_or(0.0), int(groups[1]).unwrap_or(0.0));
        return if a < b {
            DigitForm::Range(a, b)
        } else {
            DigitForm::Other
        };
    }
    let thousands = groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    if same && matches!(seps[0], ',' | '٬') && thousands {
        return int(&groups.concat()).map_or(DigitForm::Other, DigitForm::Value);
    }
    if same && seps[0] == '.' && thousands && (groups.len() > 2 || !before_scale) {
        return int(&groups.concat()).map_or(DigitForm::Other, DigitForm::Value);
    }
    if groups.len() == 2 && matches!(seps[0], '.' | '٫' | ',') {
        return format!("{}.{}", groups[0], groups[1])
            .parse()
            .map_or(DigitForm::Other, DigitForm::Value);
    }
    DigitForm::Other
}

fn word_value(t: &Tables, tok: &Token, allow_clitic: bool) -> Option<(f64, Class)> {
    if tok.kind != TokenKind::Word {
        return None;
    }
    if let Some(&v) = t.words.get(&tok.key) {
        return Some(v);
    }
    if !allow_clitic {
        return None;
    }
    t.words
        .get(&tok.pre)
        .or_else(|| tok.key.strip_prefix('و').and_then(|k| t.words.get(k)))
        .copied()
}

fn starts_with_conj(tok: &Token) -> bool {
    tok.clitics.first().is_some_and(|c| *c == "و+")
}

fn is_scale(c: Class) -> bool {
    matches!(c, Class::Scale | Class::ScaleDual | Class::ScalePlural)
}

/// Reads one number (not a range) starting at token `i`: its value, the token index after it
/// and its kind.
pub(crate) fn number_at(toks: &[Token], i: usize) -> Option<(f64, usize, NumberKind)> {
    let t = tables();
    let first = toks.get(i)?;
    let mut total = 0.0;
    let mut cur;
    let mut last;
    let mut last_scale = 1.0;
    let mut saw_digits = false;
    // Value of the last unit read, which a following عشر turns into a teen.
    let mut last_v;
    match first.kind {
        TokenKind::Number => {
            let before_scale = toks
                .get(i + 1)
                .and_then(|n| word_value(t, n, false))
                .is_some_and(|(_, c)| is_scale(c));
            match parse_digits(&first.key, before_scale) {
                DigitForm::Value(v) => cur = v,
                _ => return None,
            }
            last_v = cur;
            last = Class::Digits;
            saw_digits = true;
        }
        TokenKind::Word => {
            let (v, c) = word_value(t, first, true)?;
            last_v = v;
            match c {
                Class::TeenOnly => {
                    let next = toks.get(i + 1).filter(|n| !n.newline_before)?;
                    if word_value(t, next, false)?.1 != Class::Ten {
                        return None;
                    }
                    cur = v;
                }
                Class::Unit | Class::Ten | Class::Tens | Class::Hundred | Class::Fraction => {
                    cur = v
                }
                Class::Scale => {
                    total = v;
                    last_scale = v;
                    cur = 0.0;
                }
                Class::ScaleDual => {
                    total = 2.0 * v;
                    last_scale = v;
                    cur = 0.0;
                }
                _ => return None,
            }
            last = c;
        }
        TokenKind::Punct => return None,
    }
    let mut j = i + 1;
    let mut done = (total + cur, j);
    while let Some(tok) = toks.get(j) {
        if tok.newline_before || tok.kind != TokenKind::Word {
            break;
        }
        let plain = word_value(t, tok, false);
        if let Some((v, c)) = plain {
            if c == Class::Ten
                && matches!(last, Class::Unit | Class::TeenOnly)
                && last_v < 10.0
                && !saw_digits
            {
                cur += v;
                last = Class::Teen;
            } else if c == Class::Hundred
                && v == 100.0
                && last == Class::Unit
                && (1.0..10.0).contains(&cur)
            {
                cur *= 100.0;
                last = Class::Hundred;
            } else if (c == Class::Scale
                || (c == Class::ScalePlural && (3.0..=10.0).contains(&cur)))
                && !is_scale(last)
                && v > total + cur
            {
                total += if cur == 0.0 { 1.0 } else { cur } * v;
                cur = 0.0;
                last_scale = v;
                last = c;
            } else if c == Class::FractionPlural && last == Class::Unit {
                cur *= v;
                last = Class::Fraction;
            } else {
                break;
            }
            j += 1;
            done = (total + cur, j);
            continue;
        }
        // و before a number word: the clitic splitter keeps وست whole (ست is too short to be
        // split from any word), so the letter is taken off here.
        let Some((v, c)) = tok
            .key
            .strip_prefix('و')
            .and_then(|k| t.words.get(k))
            .copied()
        else {
            break;
        };
        let allowed = match last {
            Class::Unit => matches!(c, Class::Tens | Class::Fraction),
            // "خمسة عشر وعشرين" is fifteen to twenty, never thirty-five.
            Class::Teen => c == Class::Fraction,
            Class::Hundred => matches!(c, Class::Unit | Class::Ten | Class::Tens | Class::TeenOnly),
            Class::Scale | Class::ScaleDual | Class::ScalePlural => {
                matches!(
                    c,
                    Class::Unit
                        | Class::Ten
                        | Class::Tens
                        | Class::Hundred
                        | Class::TeenOnly
                        | Class::Fraction
                )
            }
            Class::Digits | Class::Tens => c == Class::Fraction,
            _ => false,
        };
        if !allowed {
            break;
        }
        if c == Class::Fraction && is_scale(last) {
            total += v * last_scale;
        } else {
            cur += v;
        }
        last = c;
        last_v = v;
        j += 1;
        if c != Class::TeenOnly {
            done = (total + cur, j);
        }
    }
    let (value, end) = done;
    let kind = if !saw_digits {
        NumberKind::Words
    } else if end > i + 1 {
        NumberKind::Mixed
    } else {
        NumberKind::Digits
    };
    Some((value, end, kind))
}

/// Char span and text of tokens `[a, b)`.
pub(crate) fn token_span(toks: &[Token], text: &str, a: usize, b: usize) -> (Span, String) {
    let (s, e) = (toks[a].span.start(), toks[b - 1].span.end());
    let text = text[toks[a].bytes.0..toks[b - 1].bytes.1].to_string();
    (Span::new(s, e).expect("token order"), text)
}

/// Digits stuck to Latin letters are part of a name (F-16, A320, 18E), not a count.
fn glued_to_latin(text: &str, tok: &Token) -> bool {
    if tok.kind != TokenKind::Number {
        return false;
    }
    let mut before = text[..tok.bytes.0].chars().rev();
    let after = text[tok.bytes.1..].chars().next();
    let b1 = before.next();
    let b2 = before.next();
    after.is_some_and(|c| c.is_ascii_alphabetic())
        || b1.is_some_and(|c| c.is_ascii_alphabetic())
        || (matches!(b1, Some('-' | '/')) && b2.is_some_and(|c| c.is_ascii_alphabetic()))
}

/// Every number in `toks`, skipping tokens `claimed` by another reading (dates, times).
pub fn find(toks: &[Token], text: &str, claimed: &[bool]) -> Vec<Number> {
    let t = tables();
    let mut out = Vec::new();
    let free = |k: usize| !claimed.get(k).copied().unwrap_or(false);
    let mut i = 0;
    while i < toks.len() {
        if !free(i) {
            i += 1;
            continue;
        }
        // A range opened by بين / من: the opener is part of the number's text.
        let opened = t
            .open
            .longest(toks, i)
            .filter(|&(_, k)| k < toks.len() && free(k));
        let start = opened.map_or(i, |(_, k)| k);
        if toks[start].kind == TokenKind::Number
            && let DigitForm::Range(a, b) = parse_digits(&toks[start].key, false)
        {
            let (span, s) = token_span(toks, text, start, start + 1);
            out.push(Number {
                span,
                text: s,
                value: a,
                high: Some(b),
                kind: NumberKind::Range,
                tokens: (start, start + 1),
            });
            i = start + 1;
            continue;
        }
        let Some((low, end, kind)) = number_at(toks, start) else {
            i += 1;
            continue;
        };
        if (start..end).any(|k| !free(k)) || glued_to_latin(text, &toks[start]) {
            i += 1;
            continue;
        }
        if let Some((high, hend)) = range_tail(t, toks, end, opened.is_some(), low)
            && (end..hend).all(free)
        {
            let (span, s) = token_span(toks, text, i, hend);
            out.push(Number {
                span,
                text: s,
                value: low,
                high: Some(high),
                kind: NumberKind::Range,
                tokens: (i, hend),
            });
            i = hend;
            continue;
        }
        // The article written apart before digits (قرابة الـ30) belongs to the number.
        let start = if start > 0
            && opened.is_none()
            && toks[start].kind == TokenKind::Number
            && toks[start - 1].key == "ال"
            && free(start - 1)
            && !toks[start].newline_before
        {
            start - 1
        } else {
            start
        };
        let (span, s) = token_span(toks, text, start, end);
        out.push(Number {
            span,
            text: s,
            value: low,
            high: None,
            kind,
            tokens: (start, end),
        });
        i = end;
    }
    out
}

/// After a number ending at token `j`: a joining word and a second, larger number.
fn range_tail(
    t: &Tables,
    toks: &[Token],
    j: usize,
    opened: bool,
    low: f64,
) -> Option<(f64, usize)> {
    let tok = toks.get(j)?;
    if tok.newline_before {
        return None;
    }
    // و written on the number (و2000 is split by the tokenizer, وعشرة is not).
    if opened
        && tok.kind == TokenKind::Word
        && starts_with_conj(tok)
        && t.words.contains_key(&tok.pre)
    {
        let mut probe = toks[j..toks.len().min(j + 8)].to_vec();
        probe[0].key = probe[0].pre.clone();
        let (v, e, _) = number_at(&probe, 0)?;
        return (v > low).then_some((v, j + e));
    }
    let k = if tok.kind == TokenKind::Punct {
        t.join.get(&tok.key).map(|_| j + 1)
    } else {
        t.join.longest(toks, j).map(|(_, k)| k)
    }?;
    if tok.key == "و" && !opened {
        return None;
    }
    let (v, e, _) = number_at(toks, k)?;
    (v > low).then_some((v, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn values(s: &str) -> Vec<(f64, Option<f64>)> {
        let toks = tokenize(s);
        find(&toks, s, &vec![false; toks.len()])
            .iter()
            .map(|n| (n.value, n.high))
            .collect()
    }

    #[test]
    fn digits_in_all_scripts_and_separators() {
        assert_eq!(values("1,500"), [(1500.0, None)]);
        assert_eq!(values("١٥٠٠"), [(1500.0, None)]);
        assert_eq!(values("۲۵"), [(25.0, None)]);
        assert_eq!(values("1.500"), [(1500.0, None)]);
        assert_eq!(values("2.5"), [(2.5, None)]);
        assert_eq!(values("١٬٥٠٠٬٠٠٠"), [(1500000.0, None)]);
        assert_eq!(values("3٫5"), [(3.5, None)]);
    }

    #[test]
    fn words_in_every_gender_and_case() {
        assert_eq!(values("خمسة وعشرين"), [(25.0, None)]);
        assert_eq!(values("ثلاثمئة وخمسون"), [(350.0, None)]);
        assert_eq!(values("ألفين"), [(2000.0, None)]);
        assert_eq!(values("اثنا عشر"), [(12.0, None)]);
        assert_eq!(values("إحدى عشرة"), [(11.0, None)]);
        assert_eq!(values("ثلاثة آلاف وخمسمائة"), [(3500.0, None)]);
        assert_eq!(values("خمسين ألفاً"), [(50000.0, None)]);
        assert_eq!(values("مليون ونصف"), [(1500000.0, None)]);
        assert_eq!(values("نصف مليون"), [(500000.0, None)]);
        assert_eq!(values("ثلاث مئة"), [(300.0, None)]);
        assert_eq!(values("مئتين وواحد"), [(201.0, None)]);
        assert_eq!(values("50 ألفاً"), [(50000.0, None)]);
        assert_eq!(values("1.5 مليون"), [(1500000.0, None)]);
    }

    #[test]
    fn a_teen_and_a_tens_word_are_a_range_not_a_sum() {
        assert_eq!(values("ما بين خمسة عشر وعشرين عنصراً"), [(15.0, Some(20.0))]);
        assert_eq!(values("خمسة وعشرين"), [(25.0, None)]);
    }

    #[test]
    fn ranges() {
        assert_eq!(values("بين 1500 إلى 2000"), [(1500.0, Some(2000.0))]);
        assert_eq!(values("1500-2000"), [(1500.0, Some(2000.0))]);
        assert_eq!(values("من 10 إلى 15"), [(10.0, Some(15.0))]);
        assert_eq!(values("بين 1500 و2000"), [(1500.0, Some(2000.0))]);
        assert_eq!(values("بين خمسة وعشرة"), [(5.0, Some(10.0))]);
        assert_eq!(values("ثلاثة أو أربعة"), [(3.0, Some(4.0))]);
    }

    #[test]
    fn one_of_is_not_a_number() {
        assert_eq!(values("أحد أهالي البلدة"), []);
        assert_eq!(values("الخمسة"), []);
    }

    #[test]
    fn digit_forms() {
        assert_eq!(
            parse_digits("2018.11.27", false),
            DigitForm::Date {
                year: 2018,
                month: 11,
                day: 27
            }
        );
        assert_eq!(
            parse_digits("27/11/2018", false),
            DigitForm::Date {
                year: 2018,
                month: 11,
                day: 27
            }
        );
        assert_eq!(
            parse_digits("13:11", false),
            DigitForm::Time {
                hour: 13,
                minute: 11
            }
        );
    }
}
