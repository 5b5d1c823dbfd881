//! The ACLED-column CSV: one row per happening, quoted by the `csv` crate.
//!
//! UTF-8 without a byte-order mark: pandas, R, QGIS and command-line tools read the header
//! as written, while a BOM would become part of `event_id_cnty` for several of them. Excel
//! opens the file correctly through Data → From Text/CSV (which detects UTF-8).

use crate::acled::{ACLED_COLUMNS, row};
use crate::happening::{Documents, for_each_happening};
use crate::{ExportError, ExportStats};
use marsad_store::Store;
use std::io::Write;

/// Writes the header and a row per happening. `timestamp` fills ACLED's `timestamp` column.
pub fn write_csv(store: &Store, out: &mut dyn Write, timestamp: i64) -> Result<ExportStats, ExportError> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(out);
    w.write_record(ACLED_COLUMNS)?;
    let mut stats = ExportStats::default();
    let mut docs = Documents::new(store);
    for_each_happening(store, |h| {
        let r = row(&h, &mut docs, timestamp)?;
        stats.count(&h, r.latitude.is_some());
        w.serialize(r)?;
        stats.written += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(stats)
}
