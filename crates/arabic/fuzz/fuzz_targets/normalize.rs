//! Fuzz target: the matching key is idempotent on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_arabic::normalize::matching_key;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = matching_key(text);
    assert_eq!(matching_key(&once), once);
});
