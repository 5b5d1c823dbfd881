//! Fuzz target: an uncompressed WARC file of any bytes through the streaming record reader and assembly.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    marsad_ingest::warc::read_warc(data, "fuzz.warc", &common::LIMITS, &mut common::emitted);
});
