//! `marsad ingest`: read → assemble (in parallel) → store in batches, in input order.
//!
//! One thread reads and cuts files into raw articles, `jobs` threads turn them into documents,
//! and the calling thread writes them to the store in the order they were read, so the same
//! input always gives the same document ids. Channels are bounded: memory stays flat however
//! large the input. A worker that finds a document already stored (through a read-only
//! handle of its own) skips its analysis: a feed read again is mostly articles stored before.

use marsad_ingest::{InputFile, Limits, RawArticle, Rejection, assemble, list_inputs, read_file};
use marsad_store::{PutOutcome, Record, Store, StoreError};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How to run an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub limits: Limits,
    /// Worker threads for the per-document stages.
    pub jobs: usize,
    /// Documents written per store transaction.
    pub batch: usize,
    /// The search index folder to keep up to date; `None`: the store's default
    /// ([`crate::search::default_index_dir`]).
    pub index: Option<PathBuf>,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            limits: Limits::default(),
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            batch: 256,
            index: None,
        }
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: u64,
    pub new: u64,
    pub already_stored: u64,
    /// Documents the per-document stages ran on: not those a worker found already stored.
    pub analysed: u64,
    pub rejected: Vec<Rejection>,
    /// What the cross-document stage found after this run.
    pub cross: crate::crossdoc::CrossSummary,
    /// Events coded from the new documents.
    pub events: u64,
    /// Bytes of article input read (the documents' original bytes).
    pub bytes: u64,
    /// What happened to the search index after the run.
    pub index: crate::search::IndexUpdate,
    /// Where the run's time went.
    pub took: Took,
}

/// Wall time of each step of an ingest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Took {
    /// Reading, the per-document stages and the store's writes (they overlap).
    pub documents: Duration,
    /// The cross-document stage over the whole store.
    pub crossdoc: Duration,
    /// Bringing the search index up to date.
    pub index: Duration,
}

impl Summary {
    pub fn documents(&self) -> u64 {
        self.new + self.already_stored
    }
}

/// What ingest reports as it goes (a progress bar, or nothing).
pub trait Progress: Sync {
    fn document(&self, _summary: &Summary) {}
    fn rejected(&self, _rejection: &Rejection) {}
}

impl Progress for () {}

/// A unit of work in input order.
enum Work {
    Raw(RawArticle),
    Rejected(Rejection),
}

type Done = Result<Ready, Rejection>;

/// A document on its way to the writer.
enum Ready {
    /// With everything derived from it.
    Analysed(Record),
    /// Found already stored by the worker, not analysed: the writer notes where it was seen.
    Known(Record),
}

/// Ingests files and folders into `store`. Bad inputs are collected in the summary, never
/// stop the run; a store error stops it (what was committed before stays committed).
pub fn ingest(paths: &[PathBuf], store: &mut Store, opts: &IngestOptions, progress: &dyn Progress) -> Result<Summary, StoreError> {
    let (files, missing) = list_inputs(paths);
    let mut summary = Summary { files: files.len() as u64, ..Summary::default() };
    for r in missing {
        progress.rejected(&r);
        summary.rejected.push(r);
    }
    let jobs = opts.jobs.max(1);
    let (work_tx, work_rx) = sync_channel::<(u64, Work)>(jobs * 64);
    let (done_tx, done_rx) = sync_channel::<(u64, Done)>(jobs * 64);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let started = Instant::now();
    std::thread::scope(|scope| {
        let limits = opts.limits;
        scope.spawn(move || read_all(&files, &limits, work_tx));
        for _ in 0..jobs {
            let rx = Arc::clone(&work_rx);
            let tx = done_tx.clone();
            // Without a handle of its own (a server refusing another connection, say), a
            // worker analyses every document, and the writer finds those already stored.
            let stored = Store::open_read_only_at(store.location()).ok();
            scope.spawn(move || work(&rx, &tx, &limits, stored.as_ref()));
        }
        // Only the workers may hold the work queue's receiver: when they stop (the writer
        // failed), the reader's next send must fail rather than wait forever on a full queue.
        drop(work_rx);
        drop(done_tx);
        write_in_order(done_rx, store, opts.batch.max(1), &mut summary, progress)
    })?;
    summary.took.documents = started.elapsed();
    // New documents may join stories and happenings already stored: recompute them. Not only
    // when this run stored something: a run killed after its last batch left them stale.
    let started = Instant::now();
    if store.crossdoc_stale()? {
        summary.cross = crate::crossdoc::rebuild(store)?;
    }
    summary.took.crossdoc = started.elapsed();
    // Last, after the cross-document stage may have dated documents: the index follows the store.
    let index = opts.index.clone().unwrap_or_else(|| crate::search::default_index_dir(store.location()));
    let started = Instant::now();
    summary.index = crate::search::update_after_ingest(store, &index);
    summary.took.index = started.elapsed();
    Ok(summary)
}

fn read_all(files: &[InputFile], limits: &Limits, tx: SyncSender<(u64, Work)>) {
    let mut seq = 0u64;
    // A closed channel means the writer stopped on a store error (a full disk, say): read no
    // further file, so the error reaches the user without the rest of the input read first.
    let mut writer_gone = false;
    for file in files {
        if writer_gone {
            return;
        }
        read_file(file, limits, &mut |item| {
            if writer_gone {
                return;
            }
            let work = match item {
                Ok(raw) => Work::Raw(raw),
                Err(rejection) => Work::Rejected(rejection),
            };
            writer_gone = tx.send((seq, work)).is_err();
            seq += 1;
        });
    }
}

fn work(rx: &Mutex<Receiver<(u64, Work)>>, tx: &SyncSender<(u64, Done)>, limits: &Limits, stored: Option<&Store>) {
    loop {
        let next = rx.lock().expect("work queue lock").recv();
        let Ok((seq, work)) = next else { return };
        let done = match work {
            Work::Raw(raw) => assemble(raw, limits).map(|doc| {
                // A failed look-up only costs the analysis it would have spared.
                let known = stored.is_some_and(|s| s.is_stored(&marsad_store::content_key(&doc)).unwrap_or(false));
                if known { Ready::Known(Record::new(doc)) } else { Ready::Analysed(crate::stages::record(doc)) }
            }),
            Work::Rejected(r) => Err(r),
        };
        if tx.send((seq, done)).is_err() {
            return;
        }
    }
}

/// Puts results back in input order and writes them in batches.
fn write_in_order(
    rx: Receiver<(u64, Done)>,
    store: &mut Store,
    batch_size: usize,
    summary: &mut Summary,
    progress: &dyn Progress,
) -> Result<(), StoreError> {
    let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    let mut batch: Vec<Record> = Vec::with_capacity(batch_size);
    // Which records of the batch a worker found already stored, and did not analyse.
    let mut known: Vec<bool> = Vec::with_capacity(batch_size);
    let mut flush = |batch: &mut Vec<Record>, known: &mut Vec<bool>, summary: &mut Summary| -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        for ((outcome, record), &known) in store.put_batch(batch)?.into_iter().zip(batch.iter()).zip(known.iter()) {
            match outcome {
                PutOutcome::New(id) if known => {
                    // Stored documents are never removed, so this does not happen; were it to,
                    // the document gets what is derived from it before anything reads it.
                    let record = crate::stages::record(record.doc.clone());
                    store.redo_document(id, &record)?;
                    summary.analysed += 1;
                    summary.new += 1;
                    summary.events += record.events.len() as u64;
                }
                PutOutcome::New(_) => {
                    summary.new += 1;
                    summary.events += record.events.len() as u64;
                }
                PutOutcome::AlreadyStored(_) => summary.already_stored += 1,
            }
        }
        summary.bytes += batch.iter().map(|r| r.doc.original.len() as u64).sum::<u64>();
        batch.clear();
        known.clear();
        progress.document(summary);
        Ok(())
    };
    for (seq, done) in rx {
        pending.insert(seq, done);
        while let Some(done) = pending.remove(&next) {
            next += 1;
            match done {
                Ok(Ready::Analysed(record)) => {
                    summary.analysed += 1;
                    batch.push(record);
                    known.push(false);
                }
                Ok(Ready::Known(record)) => {
                    batch.push(record);
                    known.push(true);
                }
                Err(r) => {
                    progress.rejected(&r);
                    summary.rejected.push(r);
                }
            }
            if batch.len() >= batch_size {
                flush(&mut batch, &mut known, summary)?;
            }
        }
    }
    flush(&mut batch, &mut known, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_stored_before_are_not_analysed_again() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("db")).expect("store");
        let first = ingest(std::slice::from_ref(&corpus), &mut store, &IngestOptions::default(), &()).expect("first ingest");
        assert_eq!((first.new, first.analysed), (15, 15));
        let again = ingest(std::slice::from_ref(&corpus), &mut store, &IngestOptions::default(), &()).expect("second ingest");
        assert_eq!((again.new, again.already_stored, again.analysed), (0, 15, 0));
    }
}
