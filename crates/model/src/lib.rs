//! Marsad's shared vocabulary: documents, spans into their clean text, ids and dates. No I/O here.
//!
//! Every stage of the pipeline speaks in these types, so their invariants are enforced by
//! construction: a [`Span`] cannot end before it starts, a [`SourceRef`] item number is never 0,
//! an [`OffsetMap`] only accepts segments in order.

mod date;
mod document;
mod span;

pub use date::{DatePrecision, Published};
pub use document::{
    Document, EncodingBasis, EncodingUsed, Format, OffsetMap, Outlet, Segment, SourceRef,
};
pub use span::{Span, SpanError};

/// A stored document's id, assigned by the store in insertion order; exported as `d{n}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub u64);

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "d{}", self.0)
    }
}
