//! `marsad-bench json-dictionary OUT`: writes the dictionary the store packs JSON against
//! (`crates/store/data/json-dictionary-N.txt`, see `marsad_store`'s `packed`).
//!
//! It is JSON as the pipeline writes it for generated articles: a few cross-document records,
//! an event of each sub-type, and mentions of as many different entities as fit, the mentions
//! last (LZ4 reaches the end of a dictionary with the shortest offsets, and mentions are most
//! of what is packed). A dictionary in use never changes: one made by a later pipeline is
//! saved as the next number, with a format byte of its own.

use crate::Result;
use marsad::ingest::{IngestOptions, ingest};
use marsad_store::{CROSSDOC_KINDS, Store, StoreError};
use std::collections::HashSet;
use std::path::Path;

/// Bytes of each kind of JSON in the dictionary: 16 KB in all, which packs as well as 32 KB
/// within a few percent and costs half as much to prepare for each value packed.
const RECORDS: usize = 3_000;
const EVENTS: usize = 5_000;
const MENTIONS: usize = 8_000;

/// Generated articles the dictionary is drawn from.
const ARTICLES: usize = 400;

pub(crate) fn write(out: &Path) -> Result<()> {
    let dir = crate::tempdir()?;
    let corpus = dir.join("corpus");
    marsad_bench::generate(&corpus, ARTICLES, 7).map_err(|e| format!("generating: {e}"))?;
    let mut store = Store::open(&dir.join("db")).map_err(|e| e.to_string())?;
    ingest(&[corpus], &mut store, &IngestOptions { jobs: 1, ..IngestOptions::default() }, &()).map_err(|e| e.to_string())?;

    let mut records = Part::new(RECORDS);
    for kind in CROSSDOC_KINDS {
        // The first record of each kind that fits.
        match store.for_each_crossdoc(kind, |json| if records.add(json) { Err(Stop::Enough) } else { Ok(()) }) {
            Ok(()) | Err(Stop::Enough) => {}
            Err(Stop::Store(e)) => return Err(e.to_string()),
        }
    }
    let mut events = Part::new(EVENTS);
    let mut sub_types = HashSet::new();
    store.for_each_event(|_, _, json| {
        if sub_types.insert(field(json, &["sub_type"])) {
            events.add(json);
        }
        Ok::<_, StoreError>(())
    }).map_err(|e| e.to_string())?;
    let mut mentions = Part::new(MENTIONS);
    let mut entities = HashSet::new();
    store.for_each_mention(|_, json| {
        if entities.insert(field(json, &["entity", "id"])) {
            mentions.add(json);
        }
        Ok::<_, StoreError>(())
    }).map_err(|e| e.to_string())?;
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);

    let text = [records.text, events.text, mentions.text].concat();
    std::fs::write(out, &text).map_err(|e| format!("writing {}: {e}", out.display()))?;
    println!("{}: {} bytes", out.display(), text.len());
    Ok(())
}

/// JSON values gathered up to a number of bytes, one a line.
struct Part {
    text: String,
    room: usize,
}

impl Part {
    fn new(room: usize) -> Part {
        Part { text: String::new(), room }
    }

    /// Adds `json` when it fits; whether it did.
    fn add(&mut self, json: &str) -> bool {
        if json.len() + 1 > self.room {
            return false;
        }
        self.text.push_str(json);
        self.text.push('\n');
        self.room -= json.len() + 1;
        true
    }
}

/// Why a walk of the store stopped.
enum Stop {
    Enough,
    Store(StoreError),
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Stop {
        Stop::Store(e)
    }
}

/// The string at `path` in a JSON object, or "" (what the dictionary groups values by).
fn field(json: &str, path: &[&str]) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    path.iter().fold(&value, |v, key| &v[key]).as_str().unwrap_or_default().to_string()
}
