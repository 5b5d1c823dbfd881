//! What a search asks for: the query text, its filters and the page, each checked when built
//! so that an engine never sees a query that is too long, a reversed date range or a page
//! beyond the limits.

use crate::SearchError;
use jiff::civil::Date;

/// Longest query text accepted, in chars.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most hits one page may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest a page may start; ranking beyond this is not meaningful.
pub const MAX_OFFSET: usize = 10_000;

/// One part of the query text: a word, or a quoted phrase whose words must come in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Words(String),
    Phrase(String),
}

/// Free query text, split into runs of bare words and quoted phrases ("…" or «…»).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryText {
    raw: String,
    parts: Vec<Part>,
}

impl QueryText {
    /// Checks the length and splits the text. An unclosed quote runs to the end of the text.
    pub fn parse(text: &str) -> Result<QueryText, SearchError> {
        let chars = text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong { chars, max: MAX_QUERY_CHARS });
        }
        let mut parts = Vec::new();
        let mut current = String::new();
        let mut in_phrase = false;
        let mut push = |s: &mut String, phrase: bool| {
            let t = s.trim();
            if !t.is_empty() {
                parts.push(if phrase { Part::Phrase(t.to_string()) } else { Part::Words(t.to_string()) });
            }
            s.clear();
        };
        for c in text.chars() {
            match c {
                '"' | '“' | '”' | '«' | '»' => {
                    push(&mut current, in_phrase);
                    in_phrase = !in_phrase;
                }
                c => current.push(c),
            }
        }
        push(&mut current, in_phrase);
        Ok(QueryText { raw: text.trim().to_string(), parts })
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

/// An inclusive range of days; either end may be open, never reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    from: Option<Date>,
    to: Option<Date>,
}

impl DateRange {
    pub fn new(from: Option<Date>, to: Option<Date>) -> Result<DateRange, SearchError> {
        match (from, to) {
            (Some(f), Some(t)) if t < f => Err(SearchError::ReversedDates { from: f, to: t }),
            _ => Ok(DateRange { from, to }),
        }
    }

    pub fn from(&self) -> Option<Date> {
        self.from
    }

    pub fn to(&self) -> Option<Date> {
        self.to
    }

    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// Which entries to search: documents (headline and text), events (the sentences each event
/// was read from), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Documents,
    Events,
    All,
}

/// Filters on the entries; every filter given must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    /// Publication date for documents, the event's date (overlapping the range) for events.
    pub dates: DateRange,
    /// Outlet id as the outlet registry gives it (`ALJAZEERA`), any case.
    pub outlet: Option<String>,
    /// Gazetteer id (`ocha:SY09`) or a place name (دير الزور); the place's admin children
    /// match too.
    pub place: Option<String>,
    /// Actor registry id (`SDF`) or a name or alias (قسد).
    pub actor: Option<String>,
    /// Event type or sub-type (`Battles`, `armed clash`), any case, spaces or underscores.
    pub event_type: Option<String>,
}

/// A page of results: how many hits, after how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    limit: usize,
    offset: usize,
}

impl Default for Page {
    fn default() -> Page {
        Page { limit: 10, offset: 0 }
    }
}

impl Page {
    pub fn new(limit: usize, offset: usize) -> Result<Page, SearchError> {
        if limit == 0 || limit > MAX_LIMIT {
            return Err(SearchError::BadLimit { limit, max: MAX_LIMIT });
        }
        if offset > MAX_OFFSET {
            return Err(SearchError::BadOffset { offset, max: MAX_OFFSET });
        }
        Ok(Page { limit, offset })
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// A whole search: text, filters, scope and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: QueryText,
    pub filters: Filters,
    pub scope: Scope,
    pub page: Page,
}

impl Query {
    /// A query for `text` over documents, first page, no filters.
    pub fn new(text: &str) -> Result<Query, SearchError> {
        Ok(Query { text: QueryText::parse(text)?, filters: Filters::default(), scope: Scope::default(), page: Page::default() })
    }
}

/// Event types as indexed and as filtered on: lower case, every run of other characters one
/// underscore (`Air/drone strike` → `air_drone_strike`).
pub(crate) fn type_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_make_phrases_and_the_rest_stays_words() {
        let q = QueryText::parse("قصف «دير الزور» \"ريف حلب").unwrap();
        assert_eq!(
            q.parts(),
            &[Part::Words("قصف".into()), Part::Phrase("دير الزور".into()), Part::Phrase("ريف حلب".into())]
        );
    }

    #[test]
    fn too_long_a_query_is_refused_with_its_length() {
        let long = "قصف ".repeat(200);
        let err = QueryText::parse(&long).unwrap_err();
        assert!(err.to_string().contains("800"), "{err}");
    }

    #[test]
    fn reversed_dates_and_pages_beyond_the_limits_are_refused() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(DateRange::new(Some(d("2024-02-01")), Some(d("2024-01-01"))).is_err());
        assert!(DateRange::new(Some(d("2024-01-01")), Some(d("2024-01-01"))).is_ok());
        assert!(Page::new(0, 0).is_err());
        assert!(Page::new(MAX_LIMIT + 1, 0).is_err());
        assert!(Page::new(10, MAX_OFFSET + 1).is_err());
    }

    #[test]
    fn type_keys_ignore_case_and_separators() {
        assert_eq!(type_key("Air/drone strike"), "air_drone_strike");
        assert_eq!(type_key("armed clash"), type_key("Armed_Clash"));
    }
}
