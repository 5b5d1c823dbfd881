//! Fuzz target: the number reader (digits in every script, number words, scales, ranges) on any text: no panic, spans that cover the number's text, values that are numbers.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use marsad_arabic::numbers;
use marsad_arabic::tokens::tokenize;

fuzz_target!(|data: &[u8]| {
    let Some((_, text)) = common::split(data) else { return };
    let toks = tokenize(text);
    for n in numbers::find(&toks, text, &vec![false; toks.len()]) {
        common::check_span(text, n.span, &n.text, "number");
        assert!(!n.value.is_nan() && n.high.is_none_or(|h| !h.is_nan()), "{n:?}");
        assert!(n.tokens.0 < n.tokens.1 && n.tokens.1 <= toks.len(), "{n:?}");
    }
    for t in &toks {
        let _ = numbers::parse_digits(&t.key, false);
        let _ = numbers::parse_digits(&t.key, true);
    }
});
