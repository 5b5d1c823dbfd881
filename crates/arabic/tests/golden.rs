//! Golden test sets: date and quantity expressions with their expected values, from
//! `test_data/*.tsv`. Each set reports its accuracy and fails below a threshold set from what
//! the crate reaches today, so a regression shows while a single hard case does not block.

use marsad_arabic::analyze;

const DATES: &[(&str, &str)] = &[
    ("dates.tsv", include_str!("../test_data/dates.tsv")),
    (
        "dates_hand.tsv",
        include_str!("../test_data/dates_hand.tsv"),
    ),
];
const QUANTITIES: &[(&str, &str)] = &[
    (
        "quantities.tsv",
        include_str!("../test_data/quantities.tsv"),
    ),
    (
        "quantities_hand.tsv",
        include_str!("../test_data/quantities_hand.tsv"),
    ),
];

/// Lowest accepted share of cases passing, per test set.
const DATE_THRESHOLD: f64 = 0.97;
const QUANTITY_THRESHOLD: f64 = 0.97;

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn opt(s: &str) -> Option<&str> {
    (s != "-").then_some(s)
}

fn report(name: &str, pass: usize, total: usize, failures: &[String], threshold: f64) {
    let acc = pass as f64 / total as f64;
    println!("{name}: {pass}/{total} = {:.1}%", acc * 100.0);
    for f in failures.iter().take(40) {
        println!("  FAIL {f}");
    }
    assert!(
        acc >= threshold,
        "{name}: accuracy {:.1}% below {:.0}%",
        acc * 100.0,
        threshold * 100.0
    );
}

#[test]
fn date_expressions() {
    let (mut pass, mut total, mut failures) = (0, 0, Vec::new());
    for (file, data) in DATES {
        for r in rows(data) {
            let [published, sentence, start, end, precision] = r[..] else {
                panic!("{file}: bad row {r:?}")
            };
            total += 1;
            let pubd = opt(published).map(|d| d.parse().expect("published date"));
            let a = analyze(sentence, pubd);
            let got: Vec<(String, String, String)> = a
                .dates
                .iter()
                .map(|d| {
                    let s =
                        |x: Option<jiff::civil::Date>| x.map_or("-".to_string(), |d| d.to_string());
                    (
                        s(d.start),
                        s(d.end),
                        d.precision.map_or("-".into(), |p| p.as_str().to_string()),
                    )
                })
                .collect();
            let ok = if start == "none" {
                got.is_empty()
            } else {
                got.iter()
                    .any(|g| g.0 == start && g.1 == end && g.2 == precision)
            };
            if ok {
                pass += 1;
            } else {
                failures.push(format!("{file}: [{published}] {sentence} → want {start}..{end} {precision}, got {got:?}"));
            }
        }
    }
    assert!(
        total >= 300,
        "the date set must hold at least 300 expressions, has {total}"
    );
    report("dates", pass, total, &failures, DATE_THRESHOLD);
}

#[test]
fn quantity_expressions() {
    let (mut pass, mut total, mut failures) = (0, 0, Vec::new());
    for (file, data) in QUANTITIES {
        for r in rows(data) {
            let [sentence, low, high, qualifier, lemma] = r[..] else {
                panic!("{file}: bad row {r:?}")
            };
            total += 1;
            let a = analyze(sentence, None);
            let got: Vec<(String, String, String, String)> = a
                .quantities
                .iter()
                .map(|q| {
                    let n = |x: Option<u64>| x.map_or("-".to_string(), |v| v.to_string());
                    let qual = serde_json::to_value(q.qualifier)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_string();
                    (
                        n(q.low),
                        n(q.high),
                        qual,
                        q.unit_lemma.clone().unwrap_or("-".into()),
                    )
                })
                .collect();
            let ok = if qualifier == "none" {
                got.is_empty()
            } else {
                got.iter()
                    .any(|g| g.0 == low && g.1 == high && g.2 == qualifier && g.3 == lemma)
            };
            if ok {
                pass += 1;
            } else {
                failures.push(format!(
                    "{file}: {sentence} → want {low} {high} {qualifier} {lemma}, got {got:?}"
                ));
            }
        }
    }
    assert!(
        total >= 300,
        "the quantity set must hold at least 300 expressions, has {total}"
    );
    report("quantities", pass, total, &failures, QUANTITY_THRESHOLD);
}
