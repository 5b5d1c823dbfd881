//! Regressions from the crash and full-disk tests (`marsad-bench crash`, `full-disk`): a restarted ingest finishes what a killed one left, and a store error stops an ingest with a message instead of hanging it.

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
            if let Ok(doc) = item.and_then(|raw| marsad_ingest::assemble(raw, &Limits::default())) {
                records.push(marsad::stages::record(doc));
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

#[test]
fn a_store_error_mid_ingest_stops_it_with_the_store_named_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let first = dir.path().join("first.txt");
    std::fs::write(&first, "خبر أول عن قصف على قرية في الريف الشمالي صباح اليوم.").unwrap();
    marsad(&db, &["ingest", first.to_str().unwrap()]);
    let before = marsad(&db, &["export", "--format", "jsonl"]);
    // The store refuses every new document, as a full disk would: the first batch fails while
    // the reader still has far more articles than the queues hold.
    rusqlite::Connection::open(db.join(marsad_store::DB_FILE))
        .unwrap()
        .execute_batch("CREATE TRIGGER refuse BEFORE INSERT ON documents BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;")
        .unwrap();
    let lines: Vec<String> = (0..600).map(|i| format!(r#"{{"text":"خبر رقم {i} عن اشتباكات في البلدة رقم {i} مساء أمس."}}"#)).collect();
    let many = dir.path().join("many.jsonl");
    std::fs::write(&many, lines.join("\n")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--jobs", "1", "--batch", "1", many.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("marsad ingest hung after a store error");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&db.join(marsad_store::DB_FILE).display().to_string()) && stderr.contains("refused by the test"), "{stderr}");
    assert_eq!(marsad(&db, &["export", "--format", "jsonl"]), before, "what was stored before changed");
}
