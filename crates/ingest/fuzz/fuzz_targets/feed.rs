//! Fuzz target: RSS and Atom of any bytes: the feed reader either rejects the file by name or emits items that assemble.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match marsad_ingest::feed::read_feed(data, "fuzz.xml") {
        Ok(items) => items.into_iter().for_each(|item| common::emitted(Ok(item))),
        Err(rejection) => common::check_rejection(&rejection),
    }
});
