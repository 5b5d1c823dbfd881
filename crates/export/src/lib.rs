//! Export stage: writes the store out in the formats users take elsewhere.
//!
//! `jsonl` follows `CONTRACT.md` record by record; `csv` has ACLED's columns in ACLED's order;
//! `geojson` is a FeatureCollection of events. Until the events stage exists the store holds
//! documents only, so `csv` and `geojson` hold no rows/features, but are complete and valid.

mod jsonl;

pub use jsonl::{document_record, write_jsonl};

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
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export: {0}")]
    Write(#[from] io::Error),
}

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
];

/// Writes the store in `format` to `out`.
pub fn export(store: &Store, format: ExportFormat, out: &mut dyn Write) -> Result<ExportStats, ExportError> {
    match format {
        ExportFormat::Jsonl => write_jsonl(store, out),
        ExportFormat::Csv => {
            writeln!(out, "{}", ACLED_COLUMNS.join(","))?;
            Ok(ExportStats::default())
        }
        ExportFormat::Geojson => {
            writeln!(out, "{{\"type\":\"FeatureCollection\",\"features\":[]}}")?;
            Ok(ExportStats::default())
        }
    }
}
