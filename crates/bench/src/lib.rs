//! Benchmark corpora for Marsad: large, realistic, deterministic Arabic news in every input format, and labelled HTML pages for extraction accuracy.
//!
//! Article text is composed from the sentence templates and word lists in `data/` (written for
//! the project; see `data/SOURCES.md`), so corpora of any size can be made without shipping news.

mod article;
mod crash;
mod data;
mod r#gen;
mod pages;
mod rng;
mod search;

pub use article::{Article, DOCS_PER_DAY, Day, MAX_DAYS, TWO_YEARS, compose, compose_over, span_days};
pub use crash::{CrashOptions, CrashReport, FullDiskReport, Phase, crash_test, full_disk_test};
pub use r#gen::{GenStats, generate};
pub use pages::{LabelledPage, html_pages};
pub use search::{Latency, SearchFigures, bench_search, query_latencies};
