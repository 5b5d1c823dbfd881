//! Search stage: Arabic-aware full-text search over stored documents and events, on tantivy.
//!
//! One engine serves `marsad search`, `marsad ingest` (which keeps it up to date) and the HTTP
//! API:
//!
//! - [`SearchIndex::open`] / [`SearchIndex::open_or_create`] open the index in
//!   `<db dir>/search/` ([`SearchIndex::dir_for`]); [`SearchIndex::rebuild`] builds it anew from
//!   the store and swaps it in only when complete; [`SearchIndex::sync`] adds what the store
//!   holds and the index does not (cheap when current); [`SearchIndex::status`] compares the
//!   two; [`SearchIndex::indexer`] adds documents one by one.
//! - [`SearchIndex::search`] takes a [`Query`] (query text with "quoted phrases", [`Filters`]
//!   on dates, outlet, place with its admin children, actor and event type, a [`Scope`] and a
//!   [`Page`]) and returns [`Results`]: the total and the page's [`Hit`]s ranked by BM25, each
//!   with a snippet of [`Fragment`]s highlighted in the text as written. All result types are
//!   `Serialize` for the API.
//!
//! What is indexed: each document's clean text (its headline first), and for each event the
//! sentences it was read from; each entry with its outlet, dates, places (and the admin units
//! they lie in), actors and event types. Words go through Marsad's Arabic core (`analyzer`):
//! every word is indexed as its matching key and as its stem with clitics off, at one position
//! and over the bytes of the word as written. A query is cut the same way; names of actors and
//! places in it are read by the entities stage and expanded to every name the registry or the
//! gazetteer gives them (`expand`).
//!
//! Limits: the query text at most [`MAX_QUERY_CHARS`] chars, pages of 1 to [`MAX_LIMIT`] hits
//! starting at most at [`MAX_OFFSET`]; anything else is refused with an error saying so.
//!
//! The store is only ever read: an index error cannot damage it, and a lost or damaged index
//! is rebuilt from it.

mod analyzer;
mod entry;
mod error;
mod expand;
mod index;
mod query;

pub use analyzer::{ArabicTokenizer, Word, words};
pub use error::SearchError;
pub use index::{FORMAT, INDEX_DIR, Indexer, SearchIndex, Status, SyncReport};
pub use query::{DateRange, Filters, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, Page, Part, Query, QueryText, Scope};

use jiff::civil::Date;
use marsad_model::{DocId, Outlet};
use serde::{Serialize, Serializer};

/// One page of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// How many entries match in all (not only this page).
    pub total: u64,
    pub hits: Vec<Hit>,
}

/// A document or an event that matches, with what a result list shows of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The stored document (for an event, the document it was coded from), as its number.
    #[serde(serialize_with = "doc_number")]
    pub doc_id: DocId,
    /// The stored event, when the hit is an event.
    pub event_id: Option<u64>,
    /// BM25 relevance; higher is better, comparable only within one search.
    pub score: f32,
    pub headline: Option<String>,
    pub outlet: Option<Outlet>,
    pub published: Option<Date>,
    /// A stretch of the entry's text as written, split where the matched words begin and end.
    pub snippet: Vec<Fragment>,
}

/// A run of snippet text; `highlighted` when it is a word the query matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    pub text: String,
    pub highlighted: bool,
}

impl Hit {
    /// The snippet as one line with matched words in `[` `]`, for a terminal.
    pub fn snippet_marked(&self, open: &str, close: &str) -> String {
        let mut out = String::new();
        for f in &self.snippet {
            if f.highlighted {
                out.push_str(open);
                out.push_str(&f.text);
                out.push_str(close);
            } else {
                out.push_str(&f.text);
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn doc_number<S: Serializer>(id: &DocId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(id.0)
}

#[cfg(test)]
mod tests;
