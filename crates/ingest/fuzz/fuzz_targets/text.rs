//! Fuzz target: plain text of any bytes with encoding detection, or with a declared charset chosen by the first byte (fitting the bytes or not), through decoding and assembly.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use marsad_ingest::raw::{Charset, Hints, Markup, RawArticle};
use marsad_model::{Format, SourceRef};

const DECLARED: &[&str] = &["utf-8", "windows-1256", "iso-8859-6", "utf-16le", "utf-16be", "x-mac-arabic", "latin1", "no-such-charset", ""];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let charset = match usize::from(choice) % (DECLARED.len() + 2) {
        0 => Charset::Unknown,
        // A container's decoded string is UTF-8 by construction.
        1 if std::str::from_utf8(bytes).is_ok() => Charset::Decoded,
        1 => Charset::Unknown,
        i => Charset::Declared(DECLARED[i - 2].to_string()),
    };
    if let Charset::Declared(name) = &charset {
        if let Ok(decoded) = marsad_ingest::encoding::decode(bytes, Some(name)) {
            let _ = decoded.original_offset(decoded.text.len());
        }
    }
    common::emitted(Ok(RawArticle {
        source: SourceRef::file("fuzz.txt"),
        format: Format::Text,
        markup: Markup::Plain,
        bytes: bytes.to_vec(),
        charset,
        hints: Hints::default(),
    }));
});
