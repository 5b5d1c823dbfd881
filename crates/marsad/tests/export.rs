//! The CSV and GeoJSON exports over a store made by ingesting reports written for these tests
//! (`export_data/`): two outlets tell one shelling with different tolls, a third outlet another
//! happening. One row per happening, ACLED's columns, every figure kept in the notes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export_data")
}

fn marsad(db: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad")).arg("--db").arg(db).args(args).output().expect("marsad runs");
    assert!(out.status.success(), "marsad {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Ingests the test reports; returns the folder holding the store.
fn store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    marsad(&dir.path().join("db"), &["ingest", data().to_str().unwrap()]);
    dir
}

fn export(dir: &Path, format: &str) -> (String, String) {
    let out = dir.join(format!("out.{format}"));
    let run = marsad(&dir.join("db"), &["export", "--format", format, "--out", out.to_str().unwrap()]);
    (std::fs::read_to_string(&out).unwrap(), String::from_utf8(run.stderr).unwrap())
}

type Row = std::collections::HashMap<String, String>;

fn rows(text: &str) -> (Vec<String>, Vec<Row>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.deserialize().map(|x| x.unwrap()).collect();
    (header, rows)
}

#[test]
fn csv_has_acled_columns_and_one_row_for_a_happening_two_outlets_tell() {
    let dir = store();
    let (text, stderr) = export(dir.path(), "csv");
    let (header, rows) = rows(&text);
    assert_eq!(header, marsad_export::ACLED_COLUMNS);
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    let shelling: Vec<&Row> = rows.iter().filter(|r| r["location"] == "Kafr Nabl").collect();
    assert_eq!(shelling.len(), 1, "the two reports of the shelling are one row: {rows:#?}");
    let r = shelling[0];
    assert_eq!(r["source"], "Enab Baladi; Zaman al-Wasl");
    // Both tolls, as written, with their outlets; the conservative one is coded.
    for words in ["سبعة مدنيين", "أحد عشر قتيلا"] {
        assert!(r["notes"].contains(words), "{words} not in the notes: {}", r["notes"]);
    }
    assert!(r["notes"].contains("Reports disagree on fatalities"), "{}", r["notes"]);
    assert_eq!(r["fatalities"], "7");
    assert_eq!(r["event_date"], "2019-04-03");
    assert_eq!(r["time_precision"], "1");
    assert_eq!(r["disorder_type"], "Political violence");
    assert_eq!(r["sub_event_type"], "Shelling/artillery/missile attack");
    assert_eq!(r["actor2"], "Civilians (Syria)");
    assert_eq!((r["inter1"].as_str(), r["inter2"].as_str(), r["interaction"].as_str()), ("1", "7", "17"));
    assert_eq!(r["civilian_targeting"], "Civilian targeting");
    assert_eq!((r["iso"].as_str(), r["country"].as_str(), r["region"].as_str()), ("760", "Syria", "Middle East"));
    assert_eq!(r["admin1"], "Idleb");
    assert!(r["event_id_cnty"].starts_with("SYR"), "{}", r["event_id_cnty"]);
    // Coordinates inside Syria's bounding box.
    let (lat, lon): (f64, f64) = (r["latitude"].parse().unwrap(), r["longitude"].parse().unwrap());
    assert!((32.3..=37.4).contains(&lat) && (35.7..=42.4).contains(&lon), "{lat},{lon}");
    // Every id once; the other outlet's happening has its own row.
    let mut ids: Vec<&str> = rows.iter().map(|r| r["event_id_cnty"].as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rows.len());
    assert!(rows.iter().any(|r| r["source"] == "Syrian Observatory for Human Rights" && r["location"] == "Palmyra"));
    assert!(stderr.contains(&format!("{} rows (1 merged", rows.len())), "{stderr}");
}

#[test]
fn geojson_is_a_feature_collection_of_points_in_syria() {
    let dir = store();
    let (text, stderr) = export(dir.path(), "geojson");
    let g: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert_eq!(c.len(), 2);
        // [lon, lat], not the other way round: Syria's longitudes are larger than its latitudes.
        assert!((35.7..=42.4).contains(&lon) && (32.3..=37.4).contains(&lat), "{f}");
        assert!(f["properties"].is_object());
    }
    let merged: Vec<&Value> = features.iter().filter(|f| f["properties"]["reports"] == 2).collect();
    assert_eq!(merged.len(), 1);
    let p = &merged[0]["properties"];
    assert_eq!((p["fatalities"].as_u64(), p["fatalities_low"].as_u64(), p["fatalities_high"].as_u64()), (Some(7), Some(7), Some(11)));
    assert_eq!(p["has_contradiction"], true);
    assert_eq!(p["evidence"], "contested");
    assert_eq!(p["place_ar"], "كفر نبل");
    assert!(stderr.contains(&format!("{} features", features.len())), "{stderr}");
}

#[test]
fn csv_and_geojson_tell_the_same_happenings() {
    let dir = store();
    let (_, rows) = rows(&export(dir.path(), "csv").0);
    let g: Value = serde_json::from_str(&export(dir.path(), "geojson").0).unwrap();
    let located: Vec<&str> = rows.iter().filter(|r| !r["latitude"].is_empty()).map(|r| r["event_id_cnty"].as_str()).collect();
    let features: Vec<&str> = g["features"].as_array().unwrap().iter().map(|f| f["properties"]["id"].as_str().unwrap()).collect();
    assert_eq!(located, features);
}
