//! What a reader needs without the whole document: a light summary of each document, to list
//! and filter them (the server's catalog), and what the cross-document stage reads of each.

use marsad_model::{DocId, Outlet, Published};

/// A stored document without its text and original bytes: enough to list and filter documents.
#[derive(Debug, Clone)]
pub struct DocumentSummary {
    pub id: DocId,
    pub source: String,
    pub url: Option<String>,
    pub outlet: Option<Outlet>,
    pub byline: Option<String>,
    pub headline: Option<String>,
    pub published: Option<Published>,
    /// Length of the clean text, in chars.
    pub chars: u64,
}

/// Every column [`SummaryColumns`] holds, in its order: `length` counts chars on both
/// backends (SQLite's TEXT and PostgreSQL's in a UTF8 database), read as a 64-bit integer on
/// both.
pub(crate) const SELECT_SUMMARY: &str =
    "SELECT id, source, url, outlet_id, outlet_ar, outlet_en, byline, headline, published, CAST(length(text) AS BIGINT) FROM documents";

/// The [`SummaryColumns`] of a row of [`SELECT_SUMMARY`], read by the backend's getter (see
/// `document_columns!`).
macro_rules! summary_columns {
    ($row:ident . $get:ident) => {
        $crate::read::SummaryColumns {
            id: $row.$get(0)?,
            source: $row.$get(1)?,
            url: $row.$get(2)?,
            outlet: ($row.$get(3)?, $row.$get(4)?, $row.$get(5)?),
            byline: $row.$get(6)?,
            headline: $row.$get(7)?,
            published: $row.$get(8)?,
            chars: $row.$get(9)?,
        }
    };
}
pub(crate) use summary_columns;

/// The columns of a [`DocumentLikeness`]: the text and headline only where no likeness is
/// stored.
pub(crate) const SELECT_LIKENESS: &str = "SELECT d.id, d.outlet_id, d.published, l.signature, l.body_start,
     CASE WHEN l.doc_id IS NULL THEN d.text END, CASE WHEN l.doc_id IS NULL THEN d.headline END
     FROM documents d LEFT JOIN likenesses l ON l.doc_id = d.id";

/// The raw columns of a row of [`SELECT_LIKENESS`].
pub(crate) struct LikenessColumns {
    pub(crate) id: i64,
    pub(crate) outlet_id: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) signature: Option<Vec<u8>>,
    pub(crate) body_start: Option<i64>,
    pub(crate) text: Option<String>,
    pub(crate) headline: Option<String>,
}

/// The [`LikenessColumns`] of a row of [`SELECT_LIKENESS`], read by the backend's getter.
macro_rules! likeness_columns {
    ($row:ident . $get:ident) => {
        $crate::read::LikenessColumns {
            id: $row.$get(0)?,
            outlet_id: $row.$get(1)?,
            published: $row.$get(2)?,
            signature: $row.$get(3)?,
            body_start: $row.$get(4)?,
            text: $row.$get(5)?,
            headline: $row.$get(6)?,
        }
    };
}
pub(crate) use likeness_columns;

/// A summary's columns as both backends read them, before they are checked.
pub(crate) struct SummaryColumns {
    pub id: i64,
    pub source: String,
    pub url: Option<String>,
    pub outlet: (Option<String>, Option<String>, Option<String>),
    pub byline: Option<String>,
    pub headline: Option<String>,
    pub published: Option<String>,
    pub chars: i64,
}

impl SummaryColumns {
    /// The summary, or what is corrupt in it.
    pub(crate) fn read(self) -> Result<DocumentSummary, String> {
        let id = self.id as u64;
        let published = self.published.map(|p| crate::parse(id, "published", &p)).transpose()?;
        Ok(DocumentSummary {
            id: DocId(id),
            source: self.source,
            url: self.url,
            outlet: crate::outlet(self.outlet),
            byline: self.byline,
            headline: self.headline,
            published,
            chars: self.chars as u64,
        })
    }
}
