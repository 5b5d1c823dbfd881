//! Across-documents stage: near-duplicates, stories, merged events and contradictions.
//!
//! Not built yet (issue 7). Exact duplicates are already caught by the store's content key.
