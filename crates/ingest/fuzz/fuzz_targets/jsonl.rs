//! Fuzz target: JSON Lines (streamed, line by line) and a whole JSON document of any bytes through their readers and assembly.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    marsad_ingest::jsonl::read_jsonl(data, "fuzz.jsonl", &common::LIMITS, &mut common::emitted);
    marsad_ingest::jsonl::read_json(data, "fuzz.json", &mut common::emitted);
});
