//! The Marsad pipeline as a library: what the `marsad` commands (and the benchmarks) run.
//!
//! [`ingest`] streams inputs through the stages on all cores and stores the results in input
//! order (and keeps the search index up to date, [`search`]); [`analyze`] runs the same stages on one document without storing it.

pub mod analyze;
pub mod crossdoc;
pub mod ingest;
pub mod search;
pub mod stages;

pub use analyze::analyze;
pub use ingest::{IngestOptions, Summary, ingest};
