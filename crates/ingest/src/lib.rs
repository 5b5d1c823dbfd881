//! Ingest stage: reads files in every supported format into clean [`marsad_model::Document`]s.

pub mod block;
pub mod html;
