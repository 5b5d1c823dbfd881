//! Sentences: split at Arabic and Latin sentence ends and at line breaks.
//!
//! A full stop inside a number (2018.11.27, 2.5), after an initial or a listed abbreviation
//! does not end a sentence; closing quotes and brackets right after the end belong to the
//! sentence they close.

use crate::lexicon::rows;
use marsad_model::Span;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::OnceLock;

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
}

fn abbreviations() -> &'static HashSet<String> {
    static A: OnceLock<HashSet<String>> = OnceLock::new();
    A.get_or_init(|| rows(ABBREVIATIONS).map(|r| r[0].to_lowercase()).collect())
}

fn is_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔' | '‼' | '⁉')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}' | '›')
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Does the full stop at `i` belong to a number, an initial or an abbreviation?
fn stop_is_not_an_end(chars: &[char], i: usize) -> bool {
    let digit = |c: char| c.is_numeric();
    if i > 0 && i + 1 < chars.len() && digit(chars[i - 1]) && digit(chars[i + 1]) {
        return true;
    }
    let mut s = i;
    while s > 0 && crate::normalize::is_letter(chars[s - 1]) {
        s -= 1;
    }
    let word: String = chars[s..i].iter().collect();
    if word.chars().count() == 1 && (s == 0 || !chars[s - 1].is_alphanumeric()) {
        return true;
    }
    !word.is_empty() && abbreviations().contains(&word.to_lowercase())
}

/// The sentences of `text`, as char spans with surrounding whitespace trimmed.
pub fn split(text: &str) -> Vec<Sentence> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let push = |a: usize, b: usize, out: &mut Vec<Sentence>| {
        let (mut a, mut b) = (a, b);
        while a < b && chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        if a < b {
            out.push(Sentence {
                span: Span::new(a as u32, b as u32).expect("a < b"),
            });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_break(c) {
            push(start, i, &mut out);
            start = i + 1;
        } else if is_end(c) && !(c == '.' && stop_is_not_an_end(&chars, i)) {
            let mut j = i + 1;
            while j < chars.len() && (is_end(chars[j]) || is_closing(chars[j])) {
                j += 1;
            }
            if j == chars.len() || chars[j].is_whitespace() {
                push(start, j, &mut out);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(start, chars.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        split(s)
            .iter()
            .map(|x| {
                s.chars()
                    .skip(x.span.start() as usize)
                    .take(x.span.len() as usize)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn arabic_and_latin_ends_and_line_breaks() {
        assert_eq!(
            texts("قصفت الطائرات البلدة. هل انتهى القتال؟ لا!\nسطر جديد"),
            [
                "قصفت الطائرات البلدة.",
                "هل انتهى القتال؟",
                "لا!",
                "سطر جديد"
            ]
        );
    }

    #[test]
    fn numbers_times_and_initials_do_not_split() {
        assert_eq!(
            texts("نشر في 2018.11.27 الساعة 13:11 بتوقيت دمشق. ثم انتهى"),
            ["نشر في 2018.11.27 الساعة 13:11 بتوقيت دمشق.", "ثم انتهى"]
        );
        assert_eq!(
            texts("قال د. أحمد إن Gen. Smith وصل."),
            ["قال د. أحمد إن Gen. Smith وصل."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            texts("قال: «انسحبنا.» ثم صمت."),
            ["قال: «انسحبنا.»", "ثم صمت."]
        );
    }
}
