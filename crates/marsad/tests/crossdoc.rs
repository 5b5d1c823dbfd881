//! Across documents, on the example corpus and on small stories written for these tests:
//! copies linked, stories grouped, one happening merged across outlets, disagreeing figures
//! surfaced with every claim, agreeing ones left alone.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ingest_and_export(inputs: &[&Path]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ingest(&db, inputs);
    export(&db)
}

fn ingest(db: &Path, inputs: &[&Path]) {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad")).arg("--db").arg(db).arg("ingest").args(inputs).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn export(db: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad")).arg("--db").arg(db).args(["export", "--format", "jsonl"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn of_kind<'a>(records: &'a [Value], kind: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["kind"] == kind).collect()
}

#[test]
fn the_example_corpus_makes_one_story_and_one_merged_event_per_happening() {
    let records = ingest_and_export(&[&root().join("examples/corpus")]);
    // Which example event each document reports, as the corpus's authors wrote down.
    let expected: Vec<Value> = std::fs::read_to_string(root().join("examples/corpus-expected.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let doc_ids: std::collections::HashMap<String, String> = of_kind(&records, "document")
        .iter()
        .map(|d| (d["source"].as_str().unwrap().to_string(), d["id"].as_str().unwrap().to_string()))
        .collect();
    let happening_of = |doc: &str| -> String {
        let source = doc_ids.iter().find(|(_, id)| *id == doc).map(|(s, _)| s.clone()).unwrap();
        expected.iter().find(|e| e["source"] == source.as_str()).unwrap()["event"].as_str().unwrap().to_string()
    };
    let stories = of_kind(&records, "story");
    assert_eq!(stories.len(), 4, "{stories:#?}");
    for s in &stories {
        let happenings: std::collections::BTreeSet<String> = s["docs"].as_array().unwrap().iter().map(|d| happening_of(d.as_str().unwrap())).collect();
        assert_eq!(happenings.len(), 1, "a story mixes happenings: {s}");
    }
    // Each happening has a merged event over at least three of its reports, and no other's.
    let merged: Vec<&Value> = of_kind(&records, "event").into_iter().filter(|e| e["id"].as_str().unwrap().starts_with('m')).collect();
    for happening in ["A", "B", "C", "D"] {
        let best = merged
            .iter()
            .filter(|m| m["docs"].as_array().unwrap().iter().all(|d| happening_of(d.as_str().unwrap()) == happening))
            .map(|m| m["docs"].as_array().unwrap().len())
            .max()
            .unwrap_or(0);
        assert!(best >= 2, "happening {happening}: no merged event over two or more of its reports");
    }
    // The air strike on al-Susa: its reports disagree on the toll; every figure is kept with
    // its words, none is averaged away.
    let tolls = of_kind(&records, "contradiction");
    let susa = tolls
        .iter()
        .find(|c| c["field"] == "fatalities" && c["claims"].as_array().unwrap().iter().all(|cl| happening_of(cl["doc"].as_str().unwrap()) == "A"))
        .expect("the al-Susa toll is disputed");
    let values: Vec<&str> = susa["claims"].as_array().unwrap().iter().map(|c| c["value"].as_str().unwrap()).collect();
    assert!(values.iter().any(|v| v.contains("20")) && values.iter().any(|v| v.contains("30")), "{values:?}");
}

const REPORT: &str = "قصف جوي على بلدة الميادين

قتل نحو 20 مدنيا بينهم أطفال، مساء الثلاثاء، في غارات جوية شنتها طائرات حربية على حي سكني في مدينة الميادين بريف دير الزور الشرقي، وفق ما أفادت به مصادر محلية.

وقالت المصادر إن الغارات استهدفت منازل يقطنها نازحون قدموا من القرى المجاورة، وإن فرق الإنقاذ عملت حتى ساعات الفجر على انتشال الضحايا من تحت الأنقاض.

ويأتي القصف بعد أيام من هجوم مماثل على سوق المدينة، في ظل تصعيد متواصل تشهده المنطقة منذ مطلع الشهر.
";

#[test]
fn a_copy_is_linked_to_its_original_and_agreeing_figures_are_not_disputed() {
    let dir = tempfile::tempdir().unwrap();
    write_three_accounts(dir.path());
    let records = ingest_and_export(&[dir.path()]);
    check_copy_and_agreeing_accounts(&records, "d2");
}

/// The copy (`copy`, a document id) is linked to the original `d1`; the three accounts are one
/// happening with no disputed toll.
fn check_copy_and_agreeing_accounts(records: &[Value], copy: &str) {
    let dups = of_kind(records, "near_duplicate");
    assert_eq!(dups.len(), 1, "{dups:#?}");
    assert_eq!((dups[0]["doc"].as_str(), dups[0]["original"].as_str()), (Some(copy), Some("d1")));
    let merged: Vec<&Value> = of_kind(records, "event").into_iter().filter(|e| e["id"].as_str().unwrap().starts_with('m')).collect();
    assert!(merged.iter().any(|m| m["docs"].as_array().unwrap().len() == 3), "{merged:#?}");
    assert!(of_kind(records, "contradiction").iter().all(|c| c["field"] != "fatalities"), "about 20 and at least 18 agree");
}

/// An original report of one strike, its syndicated copy, and another outlet's account.
fn write_three_accounts(dir: &Path) -> [PathBuf; 3] {
    let original = dir.join("a-original.txt");
    std::fs::write(&original, format!("2019.03.12 | 18:00 دير الزور\n{REPORT}")).unwrap();
    // A syndicated copy: another signature, one word changed, a paragraph added.
    let copy = dir.join("b-copy.txt");
    let edited = REPORT.replace("ساعات الفجر", "ساعات الصباح") + "\nوطالب ناشطون بفتح تحقيق مستقل في الغارات التي تكررت خلال الأسبوع الماضي.\n";
    std::fs::write(&copy, format!("12 مارس 2019\n{edited}")).unwrap();
    // Another outlet's account of the same strike, with a figure that agrees ("at least 18").
    let other = dir.join("c-other.txt");
    std::fs::write(
        &other,
        "مقتل مدنيين بغارات على الميادين\n2019.03.12 | 20:30 دمشق\nلقي ما لا يقل عن 18 مدنيا حتفهم جراء غارات جوية استهدفت أحياء سكنية في مدينة الميادين شرق دير الزور مساء اليوم الثلاثاء، بحسب ناشطين من المدينة.\nوأضاف الناشطون أن الطائرات حلقت فوق المدينة لأكثر من ساعة قبل أن تشن غاراتها.\n",
    )
    .unwrap();
    [original, copy, other]
}

#[test]
fn a_report_ingested_later_joins_the_story_and_the_merged_event_already_stored() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let [original, copy, other] = write_three_accounts(&inputs);
    let db = dir.path().join("db");
    ingest(&db, &[&original, &other]);
    let before = export(&db);
    let merged_before: Vec<&Value> = of_kind(&before, "event").into_iter().filter(|e| e["id"].as_str().unwrap().starts_with('m')).collect();
    assert!(merged_before.iter().any(|m| m["docs"].as_array().unwrap().len() == 2), "{merged_before:#?}");
    // The copy arrives in a later run: it is linked, and the happening now has three reports.
    ingest(&db, &[&copy]);
    let after = export(&db);
    check_copy_and_agreeing_accounts(&after, "d3");
    assert_eq!(of_kind(&after, "story").iter().map(|s| s["docs"].as_array().unwrap().len()).max(), Some(3));
}
