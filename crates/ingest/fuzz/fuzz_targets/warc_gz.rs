//! Fuzz target: gzipped WARC. The first byte chooses: the rest compressed as one or two gzip members (so the fuzzer explores WARC structure behind valid gzip), or read as gzip as it is (broken streams).
#![no_main]

mod common;

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use libfuzzer_sys::fuzz_target;
use std::io::{BufReader, Write};

fn gzip(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        let mut z = GzEncoder::new(Vec::new(), Compression::fast());
        z.write_all(part).expect("writing to memory");
        out.extend(z.finish().expect("writing to memory"));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = match mode % 3 {
        0 => rest.to_vec(),
        1 => gzip(&[rest]),
        _ => {
            let at = usize::from(mode) * rest.len() / 256;
            gzip(&[&rest[..at], &rest[at..]])
        }
    };
    let reader = BufReader::new(MultiGzDecoder::new(&bytes[..]));
    marsad_ingest::warc::read_warc(reader, "fuzz.warc.gz", &common::LIMITS, &mut common::emitted);
    // And through format detection, as a file given on the command line would be.
    marsad_ingest::read_bytes("fuzz.warc.gz", bytes, &common::LIMITS, &mut common::emitted);
});
