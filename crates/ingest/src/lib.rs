//! Ingest stage: reads files in every supported format into clean [`marsad_model::Document`]s.
//!
//! Reading is split in two so the expensive half runs in parallel: [`read::read_file`] cuts
//! a file into [`raw::RawArticle`]s (streaming, cheap, one thread), and
//! [`assemble::assemble`] decodes, extracts, cleans and reads metadata (any thread).

pub mod assemble;
pub mod block;
pub mod clean;
pub mod detect;
pub mod encoding;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod meta;
pub mod profile;
pub mod raw;
pub mod read;
pub mod text;
pub mod warc;

pub use assemble::assemble;
pub use raw::{Limits, RawArticle, Rejection};
pub use read::{InputFile, list_inputs, read_bytes, read_file};
