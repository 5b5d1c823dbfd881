//! Ingest stage: reads files in every supported format into clean [`marsad_model::Document`]s.

pub mod block;
pub mod clean;
pub mod encoding;
pub mod html;
pub mod meta;
pub mod profile;
pub mod text;
