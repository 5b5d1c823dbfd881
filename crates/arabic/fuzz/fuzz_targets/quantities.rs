//! Fuzz target: quantities (figures with qualifiers and counted nouns) on any text: no panic, spans in bounds, a low figure never above its high.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use marsad_arabic::tokens::tokenize;
use marsad_arabic::{numbers, quantities};

fuzz_target!(|data: &[u8]| {
    let Some((_, text)) = common::split(data) else { return };
    let toks = tokenize(text);
    let found = numbers::find(&toks, text, &vec![false; toks.len()]);
    for q in quantities::find(&toks, text, &found) {
        common::check_span(text, q.span, &q.text, "quantity");
        if let (Some(low), Some(high)) = (q.low, q.high) {
            assert!(low <= high, "{q:?}");
        }
    }
});
