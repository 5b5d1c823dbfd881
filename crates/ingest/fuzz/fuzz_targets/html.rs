//! Fuzz target: an HTML page of any bytes (charset from a BOM, `<meta>` or detection) through the tag-soup scanner, main-text extraction and assembly.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use marsad_ingest::raw::{Charset, Hints, Markup, RawArticle};
use marsad_model::{Format, SourceRef};

fuzz_target!(|data: &[u8]| {
    let _ = marsad_ingest::html::declared_charset(data);
    let _ = marsad_ingest::html::extract(&String::from_utf8_lossy(data));
    common::emitted(Ok(RawArticle {
        source: SourceRef::file("fuzz.html"),
        format: Format::Html,
        markup: Markup::Html,
        bytes: data.to_vec(),
        charset: Charset::Unknown,
        hints: Hints::default(),
    }));
});
