//! Export stage: writes the store out in the formats users take elsewhere.
//!
//! `jsonl` follows `CONTRACT.md` record by record. `csv` has ACLED's columns in ACLED's order,
//! a row per happening; `geojson` is a FeatureCollection of the same happenings that have
//! coordinates. Which happenings exist (a merged event for its reports, or a document event
//! no merged event includes) is decided once, in `happening`.

mod acled;
mod geojson;
mod happening;
mod jsonl;
mod table;

pub use acled::{ACLED_COLUMNS, AcledRow, Country};
pub use geojson::write_geojson;
pub use happening::{Happening, HappeningId, for_each_happening};
pub use jsonl::{document_record, write_jsonl};
pub use table::write_csv;

use marsad_store::{Store, StoreError};
use std::io::{self, Write};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Geojson,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportStats {
    /// JSONL: records of each kind.
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
    /// CSV and GeoJSON: every happening, those merged from several reports, and those whose
    /// place has no coordinates (written in the CSV with empty coordinates, left out of the
    /// GeoJSON).
    pub happenings: u64,
    pub merged: u64,
    pub without_place: u64,
    /// CSV rows or GeoJSON features written.
    pub written: u64,
}

impl ExportStats {
    fn count(&mut self, h: &Happening, located: bool) {
        self.happenings += 1;
        if matches!(h.id, HappeningId::Merged { .. }) {
            self.merged += 1;
        }
        if !located {
            self.without_place += 1;
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export: {0}")]
    Write(#[from] io::Error),
    #[error("writing the CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Writes the store in `format` to `out`. The CSV's `timestamp` column is the time of the
/// export (the moment this file's rows were derived), the same for every row.
pub fn export(store: &Store, format: ExportFormat, out: &mut dyn Write) -> Result<ExportStats, ExportError> {
    match format {
        ExportFormat::Jsonl => write_jsonl(store, out),
        ExportFormat::Csv => write_csv(store, out, jiff::Timestamp::now().as_second()),
        ExportFormat::Geojson => write_geojson(store, out),
    }
}
