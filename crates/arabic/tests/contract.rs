//! The JSON shapes `marsad analyze` relies on (CONTRACT.md): sentences, quantities, dates and
//! tokens serialize with the agreed field names, spans as `[start, end]` char pairs.

use marsad_arabic::analyze;
use serde_json::{Value, json};

fn analysis() -> Value {
    let text = "قُتل أكثر من 70 مدنياً في الغارات أمس. وبدأت العملية في العاشر من أيلول الماضي، ونزح عشرات العائلات.";
    serde_json::to_value(analyze(text, Some("2018-11-21".parse().unwrap()))).unwrap()
}

#[test]
fn sentences_are_spans() {
    let a = analysis();
    assert_eq!(a["sentences"][0], json!({"span": [0, 38]}));
    assert_eq!(a["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn quantities_follow_the_contract() {
    let a = analysis();
    let q = &a["quantities"][0];
    assert_eq!(q["text"], "أكثر من 70 مدنياً");
    assert_eq!(
        (q["low"].clone(), q["high"].clone(), q["qualifier"].clone()),
        (json!(71), Value::Null, json!("more_than"))
    );
    assert_eq!(q["unit"], "مدنياً");
    assert!(q["span"].is_array());
    let v = &a["quantities"][1];
    assert_eq!(
        (v["low"].clone(), v["qualifier"].clone(), v["word"].clone()),
        (json!(10), json!("vague"), json!("عشرات"))
    );
    assert_eq!(v["unit"], "العائلات");
}

#[test]
fn dates_follow_the_contract() {
    let a = analysis();
    let d = &a["dates"][0];
    assert_eq!(d["text"], "أمس");
    assert_eq!(
        (d["start"].clone(), d["end"].clone(), d["precision"].clone()),
        (json!("2018-11-20"), json!("2018-11-20"), json!("day"))
    );
    assert!(d["basis"].as_str().unwrap().contains("2018-11-21"));
    let d = &a["dates"][1];
    assert_eq!(d["start"], "2018-09-10");
    // The ordinal day is listed among the numbers.
    assert!(
        a["numbers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "ordinal" && n["value"] == 10)
    );
}

#[test]
fn tokens_carry_stem_and_clitics() {
    let a = analysis();
    let t = a["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == "وبدأت")
        .unwrap()
        .clone();
    assert_eq!(t["stem"], "بدات");
    assert_eq!(t["clitics"], json!(["و+"]));
    assert!(t["span"].is_array() && t["stem_span"].is_array());
}
