//! Regressions from the crash test (`marsad-bench crash`): a restarted ingest finishes what a killed one left, so the export equals an uninterrupted run's.

use marsad_ingest::{Limits, list_inputs, read_file};
use marsad_store::{Record, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

fn marsad(db: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad")).arg("--db").arg(db).args(args).output().unwrap();
    assert!(out.status.success(), "marsad {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Writes every document of `input` to the store in one batch, as `marsad ingest` does, and
/// stops there: a run killed after its last commit and before the cross-document rebuild.
fn store_without_rebuild(db: &Path, input: &Path) {
    let mut store = Store::open(db).unwrap();
    let (files, _) = list_inputs(&[input.to_path_buf()]);
    let mut records: Vec<Record> = Vec::new();
    for file in &files {
        read_file(file, &Limits::default(), &mut |item| {
            if let Ok(raw) = item {
                if let Ok(doc) = marsad_ingest::assemble(raw, &Limits::default()) {
                    records.push(marsad::stages::record(doc));
                }
            }
        });
    }
    assert!(records.len() > 5, "the example corpus is read");
    store.put_batch(&records).unwrap();
}

#[test]
fn killed_after_the_last_batch_the_rebuild_is_done_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    let input = corpus();
    let input = input.to_str().unwrap();
    marsad(&reference, &["ingest", input]);
    let expected = marsad(&reference, &["export", "--format", "jsonl"]);
    assert!(String::from_utf8_lossy(&expected).contains(r#""kind":"story""#), "the corpus has stories to lose");

    let killed = dir.path().join("killed");
    store_without_rebuild(&killed, &corpus());
    // The restart finds every document stored and must still rebuild what spans them.
    let out = String::from_utf8(marsad(&killed, &["ingest", input])).unwrap();
    assert!(out.contains(" 0 documents new"), "{out}");
    assert_eq!(String::from_utf8(marsad(&killed, &["export", "--format", "jsonl"])).unwrap(), String::from_utf8(expected).unwrap());
}
