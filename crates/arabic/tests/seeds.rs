//! The shared seed articles (outside this repository, in `../shared/seeds/`, or wherever
//! `MARSAD_SEEDS` points): every publication date the analyst reads from the text, the date
//! expressions the analyst's dates rest on, and every casualty figure with its qualifier.
//! Skipped when the seeds are not there.

use marsad_arabic::{Qualifier, analyze, infer_publication_date};
use std::path::PathBuf;

fn seed(prefix: &str) -> Option<String> {
    let dir = std::env::var_os("MARSAD_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    let entry = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    std::fs::read_to_string(entry.path()).ok()
}

fn has_quantity(
    text: &str,
    published: Option<&str>,
    low: u64,
    high: Option<u64>,
    q: Qualifier,
) -> bool {
    let a = analyze(text, published.map(|d| d.parse().unwrap()));
    a.quantities
        .iter()
        .any(|x| x.low == Some(low) && x.high == high && x.qualifier == q)
}

fn date_of(text: &str, published: Option<&str>, start: &str, end: &str) -> bool {
    let a = analyze(text, published.map(|d| d.parse().unwrap()));
    a.dates.iter().any(|d| {
        d.start.map(|x| x.to_string()).as_deref() == Some(start)
            && d.end.map(|x| x.to_string()).as_deref() == Some(end)
    })
}

#[test]
fn seeds_publication_dates() {
    let expected = [
        ("001_", "2018-11-27"),
        ("002_", "2018-11-19"),
        ("003_", "2018-11-23"),
    ];
    for (prefix, want) in expected {
        let Some(text) = seed(prefix) else { return };
        let got = infer_publication_date(&text).map(|(d, _)| d.to_string());
        assert_eq!(got.as_deref(), Some(want), "seed {prefix}");
    }
    for prefix in ["000_", "004_"] {
        let Some(text) = seed(prefix) else { return };
        assert_eq!(
            infer_publication_date(&text),
            None,
            "seed {prefix} prints no date"
        );
    }
}

#[test]
fn seeds_dates() {
    let Some(t0) = seed("000_") else { return };
    // With the analyst's date for the undated article, "today, Wednesday" and "the tenth of
    // September last" resolve.
    assert!(date_of(&t0, Some("2018-11-21"), "2018-11-21", "2018-11-21"));
    assert!(date_of(&t0, Some("2018-11-21"), "2018-09-10", "2018-09-10"));
    let Some(t1) = seed("001_") else { return };
    assert!(date_of(&t1, None, "2018-10-21", "2018-10-31"));
    let Some(t2) = seed("002_") else { return };
    assert!(date_of(&t2, None, "2018-11-18", "2018-11-18"));
    assert!(date_of(&t2, None, "2018-11-10", "2018-11-12"));
    assert!(date_of(&t2, None, "2017-05-01", "2017-08-31"));
    let Some(t3) = seed("003_") else { return };
    assert!(date_of(&t3, None, "2018-11-22", "2018-11-22"));
    assert!(date_of(&t3, None, "2018-11-11", "2018-11-11"));
    assert!(date_of(&t3, None, "2018-11-06", "2018-11-12"));
}

#[test]
fn seeds_casualty_figures() {
    let Some(t0) = seed("000_") else { return };
    assert!(has_quantity(&t0, None, 251, None, Qualifier::MoreThan));
    let Some(t1) = seed("001_") else { return };
    assert!(has_quantity(&t1, None, 1500, Some(2000), Qualifier::Range));
    assert!(has_quantity(&t1, None, 10, None, Qualifier::Vague));
    let Some(t2) = seed("002_") else { return };
    assert!(has_quantity(&t2, None, 71, None, Qualifier::MoreThan));
    let Some(t3) = seed("003_") else { return };
    assert!(has_quantity(&t3, None, 3, Some(3), Qualifier::Exact));
    assert!(has_quantity(&t3, None, 4, None, Qualifier::AtLeast));
    assert!(has_quantity(&t3, None, 2, None, Qualifier::AtLeast));
    assert!(has_quantity(&t3, None, 101, None, Qualifier::MoreThan));
    assert!(has_quantity(&t3, None, 50001, None, Qualifier::MoreThan));
    assert!(has_quantity(
        &t3,
        None,
        50000,
        Some(50000),
        Qualifier::About
    ));
    let Some(t4) = seed("004_") else { return };
    assert!(has_quantity(&t4, None, 20, Some(20), Qualifier::About));
    assert!(has_quantity(&t4, None, 100, Some(100), Qualifier::About));
    assert!(has_quantity(&t4, None, 10, Some(10), Qualifier::About));
}
