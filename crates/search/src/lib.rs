//! Search stage: Arabic-aware full-text search over stored documents and events.
//!
//! Not built yet (issue 8): `marsad search` arrives with it.
