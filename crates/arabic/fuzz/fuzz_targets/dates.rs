//! Fuzz target: the date reader against any reference date (years 1 to 9999), and publication-date inference: no panic, spans in bounds, a start never after its end.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use marsad_arabic::Reference;
use marsad_arabic::tokens::tokenize;

fuzz_target!(|data: &[u8]| {
    let Some((date, text)) = common::split(data) else { return };
    let toks = tokenize(text);
    let reference = date.map(|date| Reference { date, basis: "fuzz".into() });
    let found = marsad_arabic::dates::find(&toks, text, reference.as_ref());
    assert_eq!(found.claimed.len(), toks.len());
    for d in &found.dates {
        common::check_span(text, d.span, &d.text, "date");
        if let (Some(start), Some(end)) = (d.start, d.end) {
            assert!(start <= end, "{d:?}");
        }
        let _ = marsad_arabic::dates::weekday_named(&d.text);
    }
    let _ = marsad_arabic::infer_publication_date(text);
});
