//! The crash test: kills `marsad ingest` with SIGKILL at seeded random moments, restarts it on the same input, and checks the store against an uninterrupted run.
//!
//! The moments are spread over the phases of a run, measured on an uninterrupted reference run
//! by watching its store: before the first commit (reading and analysing), while batches are
//! committed (writing), and after the last batch (the cross-document rebuild). Which phase a kill
//! really hit is read back from the store it left. After the last restart the store must hold
//! every document once with all its mentions and events, pass SQLite's integrity and
//! foreign-key checks, export byte for byte what the reference run exports, and its search
//! index must hold every stored document once and find the same entries as the reference's.

use crate::rng::Rng;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How to run the crash test.
#[derive(Debug, Clone)]
pub struct CrashOptions {
    /// The `marsad` binary under test.
    pub marsad: PathBuf,
    /// Files and folders given to every `marsad ingest`.
    pub inputs: Vec<PathBuf>,
    /// Kill-and-restart trials; each starts from an empty store.
    pub trials: usize,
    pub seed: u64,
    /// `--batch` and `--jobs` for every ingest.
    pub batch: usize,
    pub jobs: usize,
    /// A scratch folder for the stores and exports (emptied trial by trial).
    pub work: PathBuf,
}

/// Where in a run a kill landed, read from the store it left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// No batch committed yet: starting, reading, analysing.
    Reading,
    /// Some but not all documents committed.
    Writing,
    /// Every document committed, the cross-document records not yet replaced.
    Crossdoc,
    /// Everything committed; the process was exiting.
    Exiting,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Reading, Phase::Writing, Phase::Crossdoc, Phase::Exiting];

    pub fn describe(self) -> &'static str {
        match self {
            Phase::Reading => "reading/analysing (nothing committed)",
            Phase::Writing => "writing batches (some committed)",
            Phase::Crossdoc => "cross-document rebuild (all documents committed, records stale)",
            Phase::Exiting => "exiting (everything committed)",
        }
    }
}

/// What the crash test did.
#[derive(Debug, Clone, Default)]
pub struct CrashReport {
    pub trials: usize,
    /// SIGKILLs delivered to a running ingest.
    pub kills: usize,
    /// Kills by the phase they hit, in [`Phase::ALL`]'s order.
    pub by_phase: [usize; 4],
    /// Planned kills that came after the ingest had already exited.
    pub too_late: usize,
    /// Documents, mentions and events in the reference store.
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
    /// The reference run's wall time and when its first and last batch were seen committed.
    pub reference: Duration,
    pub first_commit: Duration,
    pub last_commit: Duration,
    pub elapsed: Duration,
}

/// What a store holds, as compared between runs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    /// Per document in id order: id, content key, mentions (counted when their packed list is
    /// there too), events.
    docs: Vec<(i64, String, i64, i64)>,
    sightings: i64,
    crossdoc: i64,
}

type Result<T> = std::result::Result<T, String>;

/// Runs the crash test. Returns the figures, or the first disagreement found (the trial's store
/// is then left in `work` for inspection).
pub fn crash_test(opts: &CrashOptions) -> Result<CrashReport> {
    let started = Instant::now();
    std::fs::create_dir_all(&opts.work).map_err(|e| format!("{}: {e}", opts.work.display()))?;
    let mut report = CrashReport { trials: opts.trials, ..CrashReport::default() };

    // The reference: an uninterrupted run, watched to learn when its phases begin; a second
    // one must export the same bytes, or the comparison below would mean nothing.
    let reference_db = opts.work.join("reference");
    fresh(&reference_db)?;
    let (code, timeline) = watched_ingest(opts, &reference_db)?;
    report.reference = timeline.total;
    report.first_commit = timeline.first_commit.unwrap_or(timeline.total);
    report.last_commit = timeline.last_commit.unwrap_or(timeline.total);
    let expected = export(opts, &reference_db)?;
    let expected_print = fingerprint(&reference_db)?;
    check_integrity(&reference_db)?;
    let expected_index = index_agrees(&reference_db)?;
    report.documents = expected_print.docs.len() as u64;
    report.mentions = expected_print.docs.iter().map(|d| d.2 as u64).sum();
    report.events = expected_print.docs.iter().map(|d| d.3 as u64).sum();
    let again = opts.work.join("reference-again");
    fresh(&again)?;
    let code_again = finish(ingest(opts, &again))?;
    if code_again != code || export(opts, &again)? != expected {
        return Err("two uninterrupted runs over the same input disagree: the crash comparison would be meaningless".into());
    }
    let _ = std::fs::remove_dir_all(&again);

    // How long each phase took in the reference run; a kill aimed at a phase waits for the
    // store to reach it (timings vary from run to run on a busy machine), then a random part
    // of the phase's length.
    let reading = report.first_commit;
    let crossdoc = report.reference.saturating_sub(report.last_commit);
    let whole = report.reference + report.reference / 20;
    for trial in 0..opts.trials {
        let mut rng = Rng::for_item(opts.seed, trial as u64, 7);
        let mut fraction = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let db = opts.work.join(format!("trial-{trial}"));
        fresh(&db)?;
        // Most trials are killed once; some are killed again while restarting.
        let kills = if fraction() < 0.3 { 2 } else { 1 };
        for k in 0..kills {
            let aim = if k == 0 { trial % 4 } else { 3 };
            let (documents, delay) = match aim {
                0 => (0, reading.mul_f64(fraction())),
                1 => (1 + (fraction() * report.documents.saturating_sub(1) as f64) as u64, Duration::ZERO),
                2 => (report.documents, crossdoc.mul_f64(fraction())),
                _ => (0, whole.mul_f64(fraction())),
            };
            let mut child = ingest(opts, &db);
            let started = Instant::now();
            // Wait for the store to hold `documents`, unless the run ends first.
            while documents > 0 && child.try_wait().map_err(|e| e.to_string())?.is_none() && documents_now(&db).unwrap_or(0) < documents {
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(delay);
            if child.try_wait().map_err(|e| e.to_string())?.is_some() {
                report.too_late += 1;
                continue;
            }
            child.kill().map_err(|e| format!("SIGKILL: {e}"))?;
            let _ = child.wait();
            report.kills += 1;
            let phase = phase_of(&db, report.documents)?;
            if std::env::var_os("MARSAD_CRASH_VERBOSE").is_some() {
                eprintln!("trial {trial} kill {k}: at {:.3} s, {phase:?}, {:?} documents", started.elapsed().as_secs_f64(), documents_now(&db));
            }
            report.by_phase[Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0)] += 1;
        }
        let fail = |what: String| format!("trial {trial} (seed {}): {what}; store left in {}", opts.seed, db.display());
        let restarted = finish(ingest(opts, &db)).map_err(fail)?;
        if restarted != code {
            return Err(fail(format!("the restarted ingest exited with {restarted:?}, the reference with {code:?}")));
        }
        check_integrity(&db).map_err(fail)?;
        let print = fingerprint(&db).map_err(fail)?;
        if print != expected_print {
            return Err(fail(describe_difference(&expected_print, &print)));
        }
        let got = export(opts, &db).map_err(fail)?;
        if got != expected {
            return Err(fail(first_difference(&expected, &got)));
        }
        let index = index_agrees(&db).map_err(fail)?;
        if index != expected_index {
            return Err(fail(format!("the search index finds {index:?}, after an uninterrupted run {expected_index:?}")));
        }
        let _ = std::fs::remove_dir_all(&db);
    }
    let _ = std::fs::remove_dir_all(&reference_db);
    report.elapsed = started.elapsed();
    Ok(report)
}

fn fresh(db: &Path) -> Result<()> {
    if db.exists() {
        std::fs::remove_dir_all(db).map_err(|e| format!("{}: {e}", db.display()))?;
    }
    Ok(())
}

/// Waits for an ingest, but not forever: a run that hangs is a failure of its own.
fn finish(mut child: Child) -> Result<Option<i32>> {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status.code());
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err("marsad ingest hung (still running after 600 s)".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn ingest(opts: &CrashOptions, db: &Path) -> Child {
    Command::new(&opts.marsad)
        .arg("--db")
        .arg(db)
        .arg("ingest")
        .args(["--batch", &opts.batch.to_string(), "--jobs", &opts.jobs.to_string()])
        .args(&opts.inputs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot be run: {e}", opts.marsad.display()))
}

struct Timeline {
    total: Duration,
    first_commit: Option<Duration>,
    last_commit: Option<Duration>,
}

/// Runs an ingest to the end, reading its store every few milliseconds to see when the first
/// and the last document were committed.
fn watched_ingest(opts: &CrashOptions, db: &Path) -> Result<(Option<i32>, Timeline)> {
    let start = Instant::now();
    let mut child = ingest(opts, db);
    let mut samples: Vec<(Duration, u64)> = Vec::new();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if let Some(n) = documents_now(db) {
            samples.push((start.elapsed(), n));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let total = start.elapsed();
    let last = documents_now(db).unwrap_or(0);
    let first_commit = samples.iter().find(|s| s.1 > 0).map(|s| s.0);
    let last_commit = samples.iter().find(|s| s.1 == last).map(|s| s.0);
    Ok((status.code(), Timeline { total, first_commit, last_commit }))
}

fn open(db: &Path) -> rusqlite::Result<Connection> {
    // Never create: the ingest under test creates its store.
    let conn = Connection::open_with_flags(db.join(marsad_store::DB_FILE), OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.busy_timeout(Duration::from_millis(200))?;
    Ok(conn)
}

fn documents_now(db: &Path) -> Option<u64> {
    let conn = open(db).ok()?;
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0)).ok().map(|n| n as u64)
}

/// Which phase a killed run was in, from the store it left behind.
fn phase_of(db: &Path, total: u64) -> Result<Phase> {
    let Some(docs) = documents_now(db) else { return Ok(Phase::Reading) };
    if docs == 0 {
        return Ok(Phase::Reading);
    }
    if docs < total {
        return Ok(Phase::Writing);
    }
    let conn = open(db).map_err(|e| e.to_string())?;
    // A store without the marker (an older schema) cannot tell the rebuild from the exit.
    let stale: Option<bool> = conn
        .query_row("SELECT value < (SELECT max(id) FROM documents) FROM state WHERE name = 'crossdoc_over'", [], |r| r.get(0))
        .ok();
    Ok(if stale == Some(false) { Phase::Exiting } else { Phase::Crossdoc })
}

fn check_integrity(db: &Path) -> Result<()> {
    let conn = open(db).map_err(|e| format!("{}: {e}", db.display()))?;
    let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(|e| e.to_string())?;
    let rows: Vec<String> = stmt.query_map([], |r| r.get(0)).map_err(|e| e.to_string())?.collect::<rusqlite::Result<_>>().map_err(|e| e.to_string())?;
    if rows != ["ok"] {
        return Err(format!("integrity_check: {}", rows.join("; ")));
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").map_err(|e| e.to_string())?;
    let broken = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(|e| e.to_string())?.count();
    if broken > 0 {
        return Err(format!("foreign_key_check: {broken} rows point nowhere"));
    }
    Ok(())
}

fn fingerprint(db: &Path) -> Result<Fingerprint> {
    let conn = open(db).map_err(|e| format!("{}: {e}", db.display()))?;
    let e = |e: rusqlite::Error| e.to_string();
    let mut stmt = conn
        .prepare(
            "SELECT d.id, hex(d.content_key),
                    (SELECT count(*) FROM mentions m WHERE m.doc_id = d.id
                       AND EXISTS (SELECT 1 FROM mention_lists l WHERE l.doc_id = d.id)),
                    (SELECT count(*) FROM events v WHERE v.doc_id = d.id)
             FROM documents d ORDER BY d.id",
        )
        .map_err(e)?;
    let docs = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).map_err(e)?.collect::<rusqlite::Result<_>>().map_err(e)?;
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map_err(e);
    Ok(Fingerprint { docs, sightings: count("SELECT count(*) FROM sightings")?, crossdoc: count("SELECT count(*) FROM crossdoc")? })
}

/// What the index answers to one query: how many entries match, and which (document, event).
type IndexAnswer = (u64, Vec<(u64, Option<u64>)>);

/// Words the generated reports use, searched in documents and events.
const QUERIES: &[&str] = &["قصف", "مقتل", "اشتباكات", "غارة", "انفجار", "مدنيين", "إدلب", "حلب"];

/// The search index as the ingest left it (opened directly: `marsad search` would bring it up
/// to date first and hide a lag) must hold every stored document once. Returns, per query,
/// how many entries match and which (document, event) pairs, sorted: scores are left out, as
/// BM25 statistics legitimately depend on the index's segment history.
fn index_agrees(db: &Path) -> Result<Vec<IndexAnswer>> {
    let store = marsad_store::Store::open(db).map_err(|e| e.to_string())?;
    let index = marsad_search::SearchIndex::open(&marsad_search::SearchIndex::dir_for(db)).map_err(|e| format!("search index: {e}"))?;
    let status = index.status(&store).map_err(|e| e.to_string())?;
    if !status.is_current() {
        return Err(format!("the search index holds {} documents, the store {}", status.indexed_documents, status.stored_documents));
    }
    let mut found = Vec::new();
    for q in QUERIES {
        let mut query = marsad_search::Query::new(q).map_err(|e| e.to_string())?;
        query.scope = marsad_search::Scope::All;
        // Every page, so that ties and segment-dependent scores cannot move an entry out of view.
        let (mut total, mut hits) = (0, Vec::new());
        while hits.len() as u64 <= total && hits.len() <= marsad_search::MAX_OFFSET {
            query.page = marsad_search::Page::new(marsad_search::MAX_LIMIT, hits.len()).map_err(|e| e.to_string())?;
            let results = index.search(&query).map_err(|e| format!("search {q}: {e}"))?;
            total = results.total;
            if results.hits.is_empty() {
                break;
            }
            hits.extend(results.hits.iter().map(|h| (h.doc_id.0, h.event_id)));
        }
        hits.sort_unstable();
        found.push((total, hits));
    }
    Ok(found)
}

fn describe_difference(want: &Fingerprint, got: &Fingerprint) -> String {
    if want.docs.len() != got.docs.len() {
        return format!("{} documents stored, {} expected", got.docs.len(), want.docs.len());
    }
    if let Some((w, g)) = want.docs.iter().zip(&got.docs).find(|(w, g)| w != g) {
        return format!("document {} has (key, mentions, events) {:?}, expected {:?}", g.0, (&g.1[..12], g.2, g.3), (&w.1[..12], w.2, w.3));
    }
    format!("sightings {} / cross-document records {}, expected {} / {}", got.sightings, got.crossdoc, want.sightings, want.crossdoc)
}

fn export(opts: &CrashOptions, db: &Path) -> Result<Vec<u8>> {
    let out = Command::new(&opts.marsad).arg("--db").arg(db).args(["export", "--format", "jsonl"]).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("export failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(out.stdout)
}

fn first_difference(want: &[u8], got: &[u8]) -> String {
    let (w, g) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    match w.lines().zip(g.lines()).enumerate().find(|(_, (a, b))| a != b) {
        Some((i, (a, b))) => format!("export differs at line {}:\n  expected {}\n  got      {}", i + 1, clip(a), clip(b)),
        None => format!("export has {} lines, expected {}", g.lines().count(), w.lines().count()),
    }
}

fn clip(s: &str) -> String {
    s.chars().take(300).collect()
}

/// What the full-disk test saw.
#[derive(Debug, Clone, Default)]
pub struct FullDiskReport {
    /// The filesystem's size while it filled up, and the store's size before the ingest.
    pub size_bytes: u64,
    pub store_before: u64,
    /// The failed ingest's exit status and the error it printed.
    pub code: Option<i32>,
    pub message: String,
    /// Documents stored before, after the failure, and after the retry with space.
    pub before: u64,
    pub after_failure: u64,
    pub after_retry: u64,
}

/// The full-disk test: `first` is ingested into a store on a small tmpfs mounted at `mount`,
/// which is then shrunk to leave `room` bytes before `second` is ingested. The ingest must fail
/// with an error naming the store, the store must pass its checks and still export every record
/// it exported before, and once the filesystem is grown the same ingest must finish and export
/// what an ingest with room all along exports. `Ok(None)` when tmpfs cannot be mounted here.
pub fn full_disk_test(opts: &CrashOptions, first: &[PathBuf], second: &[PathBuf], mount: &Path, room: u64) -> Result<Option<FullDiskReport>> {
    std::fs::create_dir_all(mount).map_err(|e| format!("{}: {e}", mount.display()))?;
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=64m", "tmpfs"]).arg(mount).stderr(Stdio::null()).status();
    if !mounted.is_ok_and(|s| s.success()) {
        return Ok(None);
    }
    let result = on_small_disk(opts, first, second, mount, room);
    let _ = Command::new("umount").arg(mount).status();
    result.map(Some)
}

fn on_small_disk(opts: &CrashOptions, first: &[PathBuf], second: &[PathBuf], mount: &Path, room: u64) -> Result<FullDiskReport> {
    let with = |inputs: &[PathBuf]| CrashOptions { inputs: inputs.to_vec(), ..opts.clone() };
    let resize = |bytes: u64| -> Result<()> {
        let ok = Command::new("mount").args(["-o", &format!("remount,size={bytes}"), "tmpfs"]).arg(mount).status().is_ok_and(|s| s.success());
        if ok { Ok(()) } else { Err(format!("{}: cannot be resized to {bytes} bytes", mount.display())) }
    };
    let db = mount.join("db");
    let mut report = FullDiskReport::default();
    let code = finish(ingest(&with(first), &db))?;
    if code != Some(0) {
        return Err(format!("the first ingest on the tmpfs failed ({code:?})"));
    }
    let before = export(opts, &db)?;
    report.before = fingerprint(&db)?.docs.len() as u64;
    report.store_before = dir_size(&db);
    // tmpfs counts whole pages: leave `room` bytes above what is used now.
    report.size_bytes = (used_bytes(mount)? + room).div_ceil(4096) * 4096;
    resize(report.size_bytes)?;

    let log = opts.work.join("full-disk.stderr");
    let stderr = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    // As `ingest` runs it, with its standard error kept.
    let child = Command::new(&opts.marsad)
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .args(["--batch", &opts.batch.to_string(), "--jobs", &opts.jobs.to_string()])
        .args(second)
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| e.to_string())?;
    report.code = finish(child)?;
    report.message = std::fs::read_to_string(&log).unwrap_or_default().lines().filter(|l| l.contains("error")).collect::<Vec<_>>().join("\n");
    if report.code == Some(0) {
        return Err(format!("the ingest succeeded on a full disk ({} bytes): make --room smaller", report.size_bytes));
    }
    let store_file = db.join(marsad_store::DB_FILE);
    if !report.message.contains(&store_file.display().to_string()) || !report.message.contains("full") {
        return Err(format!("the error does not name the store and say the disk is full: {:?}", report.message));
    }
    check_integrity(&db)?;
    report.after_failure = fingerprint(&db)?.docs.len() as u64;
    let after = export(opts, &db)?;
    let after_lines: std::collections::HashSet<&[u8]> = after.split(|b| *b == b'\n').collect();
    if let Some(lost) = before.split(|b| *b == b'\n').find(|l| !after_lines.contains(l)) {
        return Err(format!("a record exported before the full disk is gone or changed: {}", clip(&String::from_utf8_lossy(lost))));
    }

    // With room again, the same ingest finishes and the store is what it would have been.
    resize(256 << 20)?;
    let code = finish(ingest(&with(second), &db))?;
    if code != Some(0) {
        return Err(format!("the ingest retried with space exited with {code:?}"));
    }
    check_integrity(&db)?;
    report.after_retry = fingerprint(&db)?.docs.len() as u64;
    let reference = opts.work.join("full-disk-reference");
    fresh(&reference)?;
    for inputs in [first, second] {
        finish(ingest(&with(inputs), &reference))?;
    }
    if export(opts, &db)? != export(opts, &reference)? {
        return Err("after the retry the export differs from a run that never lacked space".into());
    }
    if index_agrees(&db)? != index_agrees(&reference)? {
        return Err("after the retry the search index finds other entries than a run that never lacked space".into());
    }
    let _ = std::fs::remove_dir_all(&reference);
    Ok(report)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir).into_iter().flatten().flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()
}

/// Bytes in use on the filesystem at `mount`, as `df` counts them.
fn used_bytes(mount: &Path) -> Result<u64> {
    let out = Command::new("df").args(["--output=used", "-B1"]).arg(mount).output().map_err(|e| format!("df: {e}"))?;
    String::from_utf8_lossy(&out.stdout).lines().nth(1).and_then(|l| l.trim().parse().ok()).ok_or_else(|| "df: no figure".to_string())
}
