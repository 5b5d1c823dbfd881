//! From paths to raw articles: walks folders, detects each file's format, streams containers.

use crate::detect::{Sniffed, sniff};
use crate::feed::read_feed;
use crate::jsonl::{read_json, read_jsonl};
use crate::raw::{Charset, Hints, Limits, Markup, RawArticle, Rejection};
use crate::warc::read_warc;
use marsad_model::{Format, SourceRef};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// A file to read and the name documents from it are stored under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path relative to the folder that was named (or the file name when a file was
    /// named), with `/` separators: what `source` says in the export.
    pub name: String,
}

/// Expands files and folders into the files to read, in a stable (sorted) order. Hidden
/// files and folders are skipped. A path that does not exist is a rejection.
pub fn list_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Rejection>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, path, &mut files, &mut errors),
            Ok(_) => {
                let name = path.file_name().map_or(shown, |n| n.to_string_lossy().into_owned());
                files.push(InputFile { path: path.clone(), name });
            }
            Err(e) => errors.push(Rejection::new(SourceRef::file(shown), format!("cannot be opened: {e}"))),
        }
    }
    (files, errors)
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<InputFile>, errors: &mut Vec<Rejection>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect::<Vec<_>>(),
        Err(e) => {
            errors.push(Rejection::new(SourceRef::file(dir.display().to_string()), format!("cannot be listed: {e}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .iter()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(root, &path, files, errors);
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push(InputFile { path, name });
        }
    }
}

/// Reads one file and emits each article in it, or a rejection naming what went wrong.
/// Containers (WARC, JSONL) are streamed; other files are read whole up to the size limit.
pub fn read_file(input: &InputFile, limits: &Limits, emit: &mut dyn FnMut(Result<RawArticle, Rejection>)) {
    let name = input.name.as_str();
    let reject = |reason: String| Rejection::new(SourceRef::file(name), reason);
    let mut file = match File::open(&input.path) {
        Ok(f) => f,
        Err(e) => return emit(Err(reject(format!("cannot be opened: {e}")))),
    };
    let mut head = Vec::with_capacity(4096);
    if let Err(e) = (&mut file).take(4096).read_to_end(&mut head) {
        return emit(Err(reject(format!("cannot be read: {e}"))));
    }
    if head.is_empty() {
        return emit(Err(reject("the file is empty".into())));
    }
    let inflated = gzip_head(&head);
    let extension = input.path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    let kind = sniff(&head, inflated.as_deref(), extension.as_deref());
    // Re-open rather than seek: the head was consumed through `take`.
    let reopen = || File::open(&input.path).map(BufReader::new);
    match kind {
        Sniffed::Warc { gzip } => match reopen() {
            Ok(r) if gzip => read_warc(BufReader::new(flate2::read::MultiGzDecoder::new(r)), name, limits, emit),
            Ok(r) => read_warc(r, name, limits, emit),
            Err(e) => emit(Err(reject(format!("cannot be opened: {e}")))),
        },
        Sniffed::Jsonl => match reopen() {
            Ok(r) => read_jsonl(r, name, limits, emit),
            Err(e) => emit(Err(reject(format!("cannot be opened: {e}")))),
        },
        Sniffed::Feed | Sniffed::Json | Sniffed::Html | Sniffed::Text | Sniffed::OtherGzip => {
            let limit = if matches!(kind, Sniffed::Feed | Sniffed::Json) { limits.max_doc_bytes.saturating_mul(64) } else { limits.max_doc_bytes };
            match read_whole(&input.path, limit) {
                Ok(bytes) => whole(kind, name, bytes, limits, emit),
                Err(reason) => emit(Err(reject(reason))),
            }
        }
    }
}

/// Reads articles from bytes already in memory (standard input, say), format detected from
/// the content as for files.
pub fn read_bytes(name: &str, bytes: Vec<u8>, limits: &Limits, emit: &mut dyn FnMut(Result<RawArticle, Rejection>)) {
    if bytes.is_empty() {
        return emit(Err(Rejection::new(SourceRef::file(name), "the input is empty")));
    }
    let inflated = gzip_head(&bytes);
    let head = &bytes[..bytes.len().min(4096)];
    match sniff(head, inflated.as_deref(), None) {
        Sniffed::Warc { gzip: true } => {
            read_warc(BufReader::new(flate2::read::MultiGzDecoder::new(&bytes[..])), name, limits, emit)
        }
        Sniffed::Warc { gzip: false } => read_warc(&bytes[..], name, limits, emit),
        Sniffed::Jsonl => read_jsonl(&bytes[..], name, limits, emit),
        kind => whole(kind, name, bytes, limits, emit),
    }
}

/// The formats read whole: a feed's items, or one page or text.
fn whole(kind: Sniffed, name: &str, bytes: Vec<u8>, limits: &Limits, emit: &mut dyn FnMut(Result<RawArticle, Rejection>)) {
    let reject = |reason: &str| Rejection::new(SourceRef::file(name), reason);
    match kind {
        Sniffed::OtherGzip => emit(Err(reject("a gzip file that does not hold a WARC (only .warc.gz is read)"))),
        Sniffed::Feed => match read_feed(&bytes, name) {
            Ok(items) if items.is_empty() => emit(Err(reject("the feed has no items"))),
            Ok(items) => items.into_iter().for_each(|it| emit(Ok(it))),
            Err(rejection) => emit(Err(rejection)),
        },
        Sniffed::Json => read_json(&bytes, name, emit),
        Sniffed::Html | Sniffed::Text => emit(Ok(RawArticle {
            source: SourceRef::file(name),
            format: if kind == Sniffed::Html { Format::Html } else { Format::Text },
            markup: if kind == Sniffed::Html { Markup::Html } else { Markup::Plain },
            bytes,
            charset: Charset::Unknown,
            hints: Hints::default(),
        })),
        Sniffed::Warc { .. } | Sniffed::Jsonl => {
            // Streamed formats never reach here; read them from memory all the same.
            read_bytes(name, bytes, limits, emit)
        }
    }
}

/// The first bytes inside a gzip stream, for telling a WARC.gz from other gzip files; `None`
/// when the bytes are not gzip. A stream too short to inflate gives what it can.
fn gzip_head(bytes: &[u8]) -> Option<Vec<u8>> {
    bytes.starts_with(&[0x1f, 0x8b]).then(|| {
        let mut out = Vec::new();
        let _ = flate2::read::MultiGzDecoder::new(bytes).take(16).read_to_end(&mut out);
        out
    })
}

/// Reads a whole file, refusing it (without reading it) when it is over `limit` bytes.
fn read_whole(path: &Path, limit: usize) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?.len();
    if len > limit as u64 {
        return Err(format!("the file is {len} bytes, over the limit of {limit} (--max-doc-bytes)"));
    }
    std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))
}
