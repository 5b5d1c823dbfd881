//! Fuzz target: any bytes through format detection (text, HTML, feed, JSON, JSONL, WARC, gzip) and the reader it picks, as `marsad ingest` reads a file.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    marsad_ingest::read_bytes("fuzz-input", data.to_vec(), &common::LIMITS, &mut common::emitted);
});
