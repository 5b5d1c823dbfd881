//! Fuzz target: the whole analysis on arbitrary text never panics and keeps its spans in bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let n = text.chars().count() as u32;
    let published = jiff::civil::Date::new(2018, 11, 20).ok();
    for p in [None, published] {
        let a = marsad_arabic::analyze(text, p);
        for t in &a.tokens {
            assert!(t.span.end() <= n && t.span.contains(t.stem_span));
        }
        for d in &a.dates {
            assert!(d.span.end() <= n);
        }
        for q in &a.quantities {
            assert!(q.span.end() <= n);
        }
    }
    let _ = marsad_arabic::infer_publication_date(text);
});
