//! `marsad analyze`: one document through the pipeline, printed as the contract's JSON object,
//! from a file or standard input, with `--item` for containers.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus").join(name)
}

fn analyze(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--db")
        .arg(dir.path().join("never-created"))
        .arg("analyze")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.unwrap_or_default()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!dir.path().join("never-created").exists(), "analyze must not create a database");
    out
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_file_prints_the_document_and_every_contract_key() {
    let v = json(&analyze(&[corpus("syriatv-maarrat.utf16.txt").to_str().unwrap()], None));
    for key in ["document", "sentences", "tokens", "quantities", "dates", "mentions", "events"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let doc = &v["document"];
    assert_eq!(doc["source"], "syriatv-maarrat.utf16.txt");
    assert_eq!(doc["encoding"]["name"], "UTF-16LE");
    assert_eq!(doc["outlet"]["id"], "SYRIA_TV");
    assert_eq!(doc["id"], Value::Null);
    assert_eq!(doc["published"]["date"], "2019-03-12");
    // The language core ran on the clean text: "قتل 12 مدنيا" is a count of civilians, and
    // "اليوم الثلاثاء" resolves against the dateline's date.
    assert!(v["tokens"].as_array().unwrap().len() > 100);
    let twelve = v["quantities"].as_array().unwrap().iter().find(|q| q["low"] == 12).expect("12 killed");
    assert_eq!((twelve["high"].as_u64(), twelve["qualifier"].as_str()), (Some(12), Some("exact")));
    let today = v["dates"].as_array().unwrap().iter().find(|d| d["text"].as_str().unwrap_or("").contains("اليوم")).expect("today");
    assert_eq!(today["start"], "2019-03-12");
}

#[test]
fn standard_input_is_read_too() {
    let text = "قصف على بلدة في ريف حماة\n\nقصفت قوات النظام صباح اليوم بلدة في ريف حماة الشمالي بعشرات القذائف.\n";
    let v = json(&analyze(&["-"], Some(text.as_bytes())));
    assert_eq!(v["document"]["source"], "stdin");
    assert_eq!(v["document"]["headline"], "قصف على بلدة في ريف حماة");
}

#[test]
fn a_container_needs_an_item_number() {
    let feed = corpus("syriahr-feed.rss");
    let out = analyze(&[feed.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds 2 articles: choose one with --item 1..2"));
    let v = json(&analyze(&[feed.to_str().unwrap(), "--item", "2"], None));
    assert_eq!(v["document"]["source"], "syriahr-feed.rss#2");
    let out = analyze(&[feed.to_str().unwrap(), "--item", "3"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--item 3 is out of range"));
}

#[test]
fn a_bad_document_is_rejected_with_its_reason() {
    let out = analyze(&["-"], Some(b"\x00\x01\x02binary"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rejected stdin: the content looks binary"));
}
