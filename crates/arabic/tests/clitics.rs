//! Clitic segmentation against the hand-written set in `test_data/clitics.tsv`: reports accuracy
//! and fails below the threshold (set from today's result, so regressions show).

use marsad_arabic::tokens::segment;

const SET: &str = include_str!("../test_data/clitics.tsv");
const THRESHOLD: f64 = 0.95;

#[test]
fn clitic_segmentation() {
    let (mut pass, mut total) = (0, 0);
    let mut failures = Vec::new();
    for l in SET
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (word, want) = l.split_once('\t').expect("word<TAB>segmentation");
        total += 1;
        let (clitics, stem) = segment(word);
        let pro: String = clitics
            .iter()
            .filter(|c| c.ends_with('+'))
            .copied()
            .collect();
        let enc: String = clitics
            .iter()
            .filter(|c| c.starts_with('+'))
            .copied()
            .collect();
        let got = format!("{pro}{stem}{enc}");
        if got == want {
            pass += 1;
        } else {
            failures.push(format!("{word}: want {want}, got {got}"));
        }
    }
    let acc = pass as f64 / total as f64;
    println!("clitics: {pass}/{total} = {:.1}%", acc * 100.0);
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert!(
        acc >= THRESHOLD,
        "clitic accuracy {:.1}% below {:.0}%",
        acc * 100.0,
        THRESHOLD * 100.0
    );
}
