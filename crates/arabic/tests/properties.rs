//! Property tests: normalization is idempotent, every span is in bounds and in order, and no
//! input makes the analyzers panic. Inputs mix arbitrary chars with the crate's own lexicon
//! words, digits of several scripts and punctuation, so the parsers' paths are actually taken.

use marsad_arabic::normalize::{fold_char, matching_key};
use marsad_arabic::{analyze, infer_publication_date};
use proptest::prelude::*;

const DATA: &[&str] = &[
    include_str!("../data/months.tsv"),
    include_str!("../data/number_words.tsv"),
    include_str!("../data/ordinals.tsv"),
    include_str!("../data/quantity_words.tsv"),
    include_str!("../data/counted_nouns.tsv"),
    include_str!("../data/weekdays.tsv"),
    include_str!("../data/date_words.tsv"),
    include_str!("../data/relative_dates.tsv"),
    include_str!("../data/hijri_months.tsv"),
    include_str!("../data/clitic_exceptions.txt"),
    include_str!("../data/number_ranges.tsv"),
];

/// Every word or phrase in the data files, in any column that holds Arabic.
fn lexicon() -> Vec<String> {
    let mut out = Vec::new();
    for d in DATA {
        for l in d.lines().filter(|l| !l.starts_with('#')) {
            for col in l.split('\t') {
                if col.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                    out.push(col.trim_end_matches('*').to_string());
                }
            }
        }
    }
    out
}

fn piece() -> impl Strategy<Value = String> {
    let words = lexicon();
    prop_oneof![
        4 => proptest::sample::select(words),
        2 => (0u32..3000).prop_map(|n| n.to_string()),
        1 => (0u32..3000).prop_map(|n| n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + 0x660).unwrap()).collect()),
        1 => proptest::sample::select(vec![".", "،", "؟", "!", "/", "-", ":", "«", "»", "\"", "(", ")", "\n", "ـ", "\u{200F}", "\u{064E}", "و", "ب", "لـ", "2018.11.27", "13:11", "1,500", "1.5", "27/11/2018", "ﻻ", "ﺑﻐﺪاﺩ", "\u{FE70}", "\u{FDFA}", "ﷲ"]).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        1 => "[\u{0600}-\u{06FF}]{1,8}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            piece(),
            proptest::sample::select(vec!["", " ", " ", "  ", "\n"]),
        ),
        0..40,
    )
    .prop_map(|v| v.into_iter().map(|(p, s)| p + s).collect())
}

fn slice(text: &str, s: marsad_model::Span) -> String {
    text.chars()
        .skip(s.start() as usize)
        .take(s.len() as usize)
        .collect()
}

proptest! {
    // PROPTEST_CASES=100000 turns this into a longer fuzzing run.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(600)))]

    #[test]
    fn matching_key_is_idempotent(s in text()) {
        let once = matching_key(&s);
        prop_assert_eq!(matching_key(&once), once);
    }

    #[test]
    fn matching_key_is_idempotent_on_any_chars(s in any::<String>()) {
        let once = matching_key(&s);
        prop_assert_eq!(matching_key(&once), once);
    }

    #[test]
    fn fold_char_is_idempotent(c in any::<char>()) {
        if let Some(f) = fold_char(c) {
            prop_assert_eq!(fold_char(f), Some(f));
        }
    }

    #[test]
    fn spans_are_in_bounds_and_match_their_text(s in text(), days in 0i32..6000) {
        let published = jiff::civil::date(2010, 1, 1).checked_add(jiff::Span::new().days(days)).ok();
        let n = s.chars().count() as u32;
        let a = analyze(&s, published);
        for t in &a.tokens {
            prop_assert!(t.span.end() <= n);
            prop_assert!(t.span.contains(t.stem_span));
            prop_assert_eq!(slice(&s, t.span), t.text.clone());
            prop_assert_eq!(matching_key(&t.text), t.key.clone());
        }
        for w in a.tokens.windows(2) {
            prop_assert!(w[0].span.end() <= w[1].span.start());
        }
        let mut last = 0;
        for x in &a.sentences {
            prop_assert!(x.span.end() <= n && x.span.start() >= last && !x.span.is_empty());
            last = x.span.end();
        }
        for d in &a.dates {
            prop_assert!(d.span.end() <= n);
            prop_assert_eq!(slice(&s, d.span), d.text.clone());
            if let (Some(st), Some(en)) = (d.start, d.end) { prop_assert!(st <= en); }
        }
        for q in &a.quantities {
            prop_assert!(q.span.end() <= n);
            prop_assert_eq!(slice(&s, q.span), q.text.clone());
            if let (Some(lo), Some(hi)) = (q.low, q.high) { prop_assert!(lo <= hi); }
        }
        for x in &a.numbers {
            prop_assert!(x.span.end() <= n);
            prop_assert_eq!(slice(&s, x.span), x.text.clone());
        }
    }

    #[test]
    fn no_panic_on_any_string(s in any::<String>()) {
        let _ = analyze(&s, None);
        let _ = infer_publication_date(&s);
    }
}
