//! Quantities: a number or a vague count word with its qualifier and the noun it counts, read
//! to `(low, high, qualifier)` by the conventions of CONTRACT.md (more than N → N+1 and no high;
//! at least N → N; about N → N and N; N to M → range; عشرات → vague 10).
//!
//! Qualifier phrases, vague words and counted nouns are in `data/quantity_words.tsv` and
//! `data/counted_nouns.tsv`.

use crate::lexicon::{FastMap, FastSet};
use crate::lexicon::{Phrases, rows};
use crate::normalize::matching_key;
use crate::numbers::{Number, token_span};
use crate::tokens::{Token, TokenKind};
use marsad_model::Span;
use serde::Serialize;
use std::sync::OnceLock;

const QUANTITY_WORDS: &str = include_str!("../data/quantity_words.tsv");
const COUNTED_NOUNS: &str = include_str!("../data/counted_nouns.tsv");
const ONE_HEADS: &str = include_str!("../data/one_heads.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    MoreThan,
    AtLeast,
    About,
    Range,
    Vague,
    LessThan,
    AtMost,
}

impl Qualifier {
    /// The qualifier as the export contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::About => "about",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
            Qualifier::LessThan => "less_than",
            Qualifier::AtMost => "at_most",
        }
    }
}

/// A count the text gives. `low`/`high` follow the contract; `high` is `None` when open-ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub span: Span,
    pub text: String,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: Qualifier,
    /// The vague word itself (عشرات، مئات) for `vague`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word: Option<String>,
    /// The counted noun as written (قتيلا، المدنيين), when the text gives one.
    pub unit: Option<String>,
    /// Its singular lemma from the data file (قتيل، مدني).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_lemma: Option<String>,
    #[serde(skip)]
    pub tokens: (usize, usize),
}

struct Tables {
    pre: Phrases<Qualifier>,
    post: Phrases<Qualifier>,
    /// Low figure, and whether the word needs a following word to count.
    vague: Phrases<(u64, bool)>,
    nouns: FastMap<String, Noun>,
    /// Words that count one of the plural after them (أحد أفراد العصابة).
    one_of: Phrases<()>,
    /// Words after which a bare singular counted noun counts one.
    one_heads: FastSet<String>,
}

/// A counted noun: its singular lemma, and whether this form counts on its own.
#[derive(Clone, Copy)]
struct Noun {
    lemma: &'static str,
    form: Form,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The lemma or its accusative (مدني، مدنيا): one, after a word of `one_heads`.
    Singular,
    /// A dual that cannot be read as a plural (طفلان): two on its own.
    Dual,
    /// Anything else (plurals, and forms that may be either).
    Other,
}

fn qualifier(s: &str) -> Qualifier {
    match s {
        "more_than" => Qualifier::MoreThan,
        "at_least" => Qualifier::AtLeast,
        "about" => Qualifier::About,
        "exact" => Qualifier::Exact,
        "less_than" => Qualifier::LessThan,
        "at_most" => Qualifier::AtMost,
        "vague" => Qualifier::Vague,
        o => panic!("quantity_words.tsv: unknown qualifier {o}"),
    }
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let (mut pre, mut post, mut vague, mut one_of) = (Phrases::new(), Phrases::new(), Phrases::new(), Phrases::new());
        for r in rows(QUANTITY_WORDS) {
            match r[1] {
                "pre" => pre.insert(r[0], qualifier(r[2])),
                "post" => post.insert(r[0], qualifier(r[2])),
                "vague" => vague.insert(
                    r[0],
                    (
                        r[3].parse().expect("quantity_words.tsv: vague value"),
                        r.get(4) == Some(&"noun"),
                    ),
                ),
                "one_of" => one_of.insert(r[0], ()),
                o => panic!("quantity_words.tsv: unknown position {o}"),
            }
        }
        let nouns = rows(COUNTED_NOUNS)
            .map(|r| {
                let (form, lemma) = (matching_key(r[0]), matching_key(r[1]));
                let form = match r.get(2) {
                    Some(&"dual") => Form::Dual,
                    _ if form == lemma || form == format!("{lemma}ا") => Form::Singular,
                    _ => Form::Other,
                };
                (matching_key(r[0]), Noun { lemma: r[1], form })
            })
            .collect();
        let one_heads = rows(ONE_HEADS).map(|r| matching_key(r[0])).collect();
        Tables {
            pre,
            post,
            vague,
            nouns,
            one_of,
            one_heads,
        }
    })
}

fn noun(t: &Tables, tok: &Token) -> Option<&'static str> {
    if tok.kind != TokenKind::Word {
        return None;
    }
    [&tok.key, &tok.stem, &tok.pre]
        .into_iter()
        .find_map(|k| t.nouns.get(k.as_str()))
        .map(|n| n.lemma)
}

/// After a count ending at token `j`: an optional post-qualifier, the counted noun (directly or
/// after من), another optional post-qualifier. Returns the noun's token, the qualifier and the
/// token index after everything taken.
fn tail(
    t: &Tables,
    toks: &[Token],
    mut j: usize,
    taken: &dyn Fn(usize) -> bool,
) -> (Option<usize>, Option<Qualifier>, usize) {
    let ok = |k: usize| k < toks.len() && !toks[k].newline_before && !taken(k);
    let mut q = None;
    let mut unit = None;
    for _ in 0..2 {
        if ok(j)
            && let Some((&pq, e)) = t.post.longest(toks, j)
            && (j..e).all(ok)
        {
            q = q.or(Some(pq));
            j = e;
            continue;
        }
        if unit.is_none() && ok(j) {
            if noun(t, &toks[j]).is_some() {
                unit = Some(j);
                j += 1;
                continue;
            }
            if toks[j].key == "من" && ok(j + 1) && noun(t, &toks[j + 1]).is_some() {
                unit = Some(j + 1);
                j += 2;
                continue;
            }
        }
        break;
    }
    (unit, q, j)
}

/// The quantities among `numbers`, and the vague counts in `toks`.
pub fn find(toks: &[Token], text: &str, numbers: &[Number]) -> Vec<Quantity> {
    let t = tables();
    let mut in_number = vec![false; toks.len()];
    for n in numbers {
        in_number[n.tokens.0..n.tokens.1]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let mut out = Vec::new();
    for (idx, n) in numbers.iter().enumerate() {
        if n.value.fract() != 0.0 || n.value < 0.0 || n.high.is_some_and(|h| h.fract() != 0.0) {
            continue;
        }
        let prev_end = if idx > 0 {
            numbers[idx - 1].tokens.1
        } else {
            0
        };
        let (a, b) = n.tokens;
        // The longest qualifier phrase that ends right where the number starts.
        let mut pre = None;
        for k in a.saturating_sub(4).max(prev_end)..a {
            if let Some((&q, e)) = t.pre.longest(toks, k)
                && e == a
                && !toks[k + 1..=a.min(toks.len() - 1)]
                    .iter()
                    .any(|x| x.newline_before)
            {
                pre = Some((q, k));
                break;
            }
        }
        let next_start = numbers.get(idx + 1).map_or(toks.len(), |m| m.tokens.0);
        let taken = |k: usize| k >= next_start;
        let (mut unit, post, end) = tail(t, toks, b, &taken);
        // One and two follow their noun as adjectives (جندي واحد، طفلين اثنين).
        if unit.is_none()
            && n.value <= 2.0
            && n.high.is_none()
            && a > prev_end
            && a > 0
            && noun(t, &toks[a - 1]).is_some()
        {
            unit = Some(a - 1);
        }
        let v = n.value as u64;
        let (qual, start) = match (n.high, pre, post) {
            (Some(_), _, _) => (Qualifier::Range, pre.map_or(a, |p| p.1)),
            (None, Some((q, k)), _) => (q, k),
            (None, None, Some(q)) => (q, a),
            (None, None, None) => (Qualifier::Exact, a),
        };
        let start = match unit {
            Some(u) if u < start => u,
            _ => start,
        };
        let (low, high) = match qual {
            Qualifier::Range => (Some(v), n.high.map(|h| h as u64)),
            Qualifier::MoreThan => (Some(v + 1), None),
            Qualifier::AtLeast => (Some(v), None),
            Qualifier::LessThan => (None, Some(v.saturating_sub(1))),
            Qualifier::AtMost => (None, Some(v)),
            _ => (Some(v), Some(v)),
        };
        let end = end.max(b);
        let (span, s) = token_span(toks, text, start, end);
        out.push(Quantity {
            span,
            text: s,
            low,
            high,
            qualifier: qual,
            word: None,
            unit: unit.map(|u| toks[u].text.clone()),
            unit_lemma: unit.and_then(|u| noun(t, &toks[u])).map(str::to_string),
            tokens: (start, end),
        });
    }
    // Vague counts: عشرات القتلى، العشرات من عناصره، مئات الآلاف.
    let mut i = 0;
    while i < toks.len() {
        if in_number[i] {
            i += 1;
            continue;
        }
        let Some((&(low, needs_noun), e)) = t.vague.longest(toks, i) else {
            i += 1;
            continue;
        };
        if needs_noun
            && !toks
                .get(e)
                .is_some_and(|n| n.is_word() && !n.newline_before && n.key != "من")
        {
            i += 1;
            continue;
        }
        if (i..e).any(|k| in_number[k]) {
            i += 1;
            continue;
        }
        let taken = |k: usize| in_number.get(k).copied().unwrap_or(true);
        let (unit, _, end) = tail(t, toks, e, &taken);
        let (span, s) = token_span(toks, text, i, end.max(e));
        let (_, word) = token_span(toks, text, i, e);
        out.push(Quantity {
            span,
            text: s,
            low: Some(low),
            high: None,
            qualifier: Qualifier::Vague,
            word: Some(word),
            unit: unit.map(|u| toks[u].text.clone()),
            unit_lemma: unit.and_then(|u| noun(t, &toks[u])).map(str::to_string),
            tokens: (i, end.max(e)),
        });
        i = end.max(e);
    }
    // Counts a noun makes on its own: a dual with no number before it counts two (قتل طفلان);
    // a singular counts one after a word of killing or wounding (قُتل عنصر، مقتل مدني) or when
    // joined by و to a count just before it ("أربعة من عناصر الهيئة واثنين من حراس الدين
    // وطفل"); أحد counts one of the plural after it (قُتل أحد أفراد العصابة).
    let mut used = in_number;
    for q in &out {
        used[q.tokens.0..q.tokens.1]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let head_before = |k: usize| {
        k > 0 && !toks[k].newline_before && {
            let h = &toks[k - 1];
            h.kind == TokenKind::Word
                && (t.one_heads.contains(h.stem.as_str()) || t.one_heads.contains(h.key.as_str()))
        }
    };
    for (k, tok) in toks.iter().enumerate() {
        if used[k] || tok.kind != TokenKind::Word {
            continue;
        }
        let counted = [&tok.key, &tok.stem]
            .into_iter()
            .find_map(|x| t.nouns.get(x.as_str()));
        let (count, unit, lemma) = match counted {
            Some(n) if n.form == Form::Dual => (2, k, n.lemma),
            Some(n)
                if n.form == Form::Singular
                    && !tok.clitics.contains(&"ال+")
                    && (head_before(k)
                        || (tok.clitics.contains(&"و+")
                            && out.iter().any(|q| q.tokens.1 <= k && k <= q.tokens.1 + 4))) =>
            {
                (1, k, n.lemma)
            }
            Some(_) => continue,
            None => {
                let Some((_, e)) = t.one_of.longest(toks, k) else {
                    continue;
                };
                let (Some(unit), _, _) = tail(t, toks, e, &|j| used[j]) else {
                    continue;
                };
                let Some(lemma) = noun(t, &toks[unit]) else {
                    continue;
                };
                (1, unit, lemma)
            }
        };
        let (span, s) = token_span(toks, text, k, unit + 1);
        out.push(Quantity {
            span,
            text: s,
            low: Some(count),
            high: Some(count),
            qualifier: Qualifier::Exact,
            word: None,
            unit: Some(toks[unit].text.clone()),
            unit_lemma: Some(lemma.to_string()),
            tokens: (k, unit + 1),
        });
    }
    out.sort_by_key(|q| q.span);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    type Reading = (Option<u64>, Option<u64>, Qualifier, Option<String>);

    fn q(s: &str) -> Vec<Reading> {
        let toks = tokenize(s);
        let nums = crate::numbers::find(&toks, s, &vec![false; toks.len()]);
        find(&toks, s, &nums)
            .into_iter()
            .map(|q| (q.low, q.high, q.qualifier, q.unit_lemma))
            .collect()
    }

    #[test]
    fn qualifiers_follow_the_contract() {
        assert_eq!(
            q("أكثر من 250 قتيلا"),
            [(Some(251), None, Qualifier::MoreThan, Some("قتيل".into()))]
        );
        assert_eq!(
            q("ما لا يقل عن أربعة من المسلحين"),
            [(Some(4), None, Qualifier::AtLeast, Some("مسلح".into()))]
        );
        assert_eq!(
            q("واثنان على الأقل من المسلحين"),
            [(Some(2), None, Qualifier::AtLeast, Some("مسلح".into()))]
        );
        assert_eq!(
            q("سقط نحو 20 مدنيا"),
            [(Some(20), Some(20), Qualifier::About, Some("مدني".into()))]
        );
        assert_eq!(
            q("قتل ثلاثة عناصر"),
            [(Some(3), Some(3), Qualifier::Exact, Some("عنصر".into()))]
        );
        assert_eq!(
            q("يتراوح بين 1500 إلى 2000 عنصر"),
            [(
                Some(1500),
                Some(2000),
                Qualifier::Range,
                Some("عنصر".into())
            )]
        );
        assert_eq!(
            q("أكثر من 50 ألفاً من المدنيين"),
            [(Some(50001), None, Qualifier::MoreThan, Some("مدني".into()))]
        );
    }

    #[test]
    fn a_singular_noun_after_a_word_of_killing_counts_one() {
        let one = |unit: &str| (Some(1), Some(1), Qualifier::Exact, Some(unit.to_string()));
        assert_eq!(q("قُتل عنصر من قسد"), [one("عنصر")]);
        assert_eq!(q("أدى إلى مقتل مدني وإصابة ثلاثة آخرين")[0], one("مدني"));
        assert_eq!(q("ومقتل امرأة وطفليها"), [one("امرأة"), (Some(2), Some(2), Qualifier::Exact, Some("طفل".into()))]);
        assert_eq!(q("قُتل فيه أحد أفراد العصابة"), [one("فرد")]);
        assert_eq!(q("مقتل ثلاثة من عناصر الفصيل وطفل")[1], one("طفل"));
        // Not after other words, not with the article, not a plural.
        assert_eq!(q("قصف منزل في البلدة"), []);
        assert_eq!(q("مقتل المدني"), []);
        assert_eq!(q("مقتل مدنيين"), []);
    }

    #[test]
    fn vague_words() {
        assert_eq!(
            q("عشرات الضحايا المدنيين"),
            [(Some(10), None, Qualifier::Vague, Some("ضحية".into()))]
        );
        assert_eq!(
            q("سقوط العشرات من عناصره"),
            [(Some(10), None, Qualifier::Vague, Some("عنصر".into()))]
        );
        assert_eq!(
            q("مئات الآلاف"),
            [(Some(100000), None, Qualifier::Vague, None)]
        );
        assert_eq!(
            q("آلاف المدنيين"),
            [(Some(1000), None, Qualifier::Vague, Some("مدني".into()))]
        );
    }
}
