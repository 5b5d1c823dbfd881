//! Query parameters: read strictly (unknown names are refused, so a typo is not silently
//! ignored), bounded in length, and validated into types that cannot be out of range.

use crate::error::ApiError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 2048;
/// Longest single text parameter (actor, place, outlet, search words), in chars.
pub const MAX_PARAM_CHARS: usize = 200;
/// Largest page of results.
pub const MAX_LIMIT: usize = 200;
pub const DEFAULT_LIMIT: usize = 50;
/// Largest offset into a list: deeper pages are better served by a filter or an export.
pub const MAX_OFFSET: usize = 1_000_000;

/// Like axum's `Query`, but its failures are the API's JSON errors.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let len = parts.uri.query().map_or(0, str::len);
        if len > MAX_QUERY_BYTES {
            return Err(ApiError::QueryTooLong(len));
        }
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(t)| Params(t))
            .map_err(|e| ApiError::BadRequest(format!("bad query parameters: {}", e.body_text().trim_start_matches("Failed to deserialize query string: "))))
    }
}

/// A page of a list: `offset` and `limit` as given, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

impl Page {
    pub fn new(offset: Option<usize>, limit: Option<usize>) -> Result<Page, ApiError> {
        let offset = offset.unwrap_or(0);
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::BadRequest(format!("limit must be between 1 and {MAX_LIMIT}, not {limit}")));
        }
        if offset > MAX_OFFSET {
            return Err(ApiError::BadRequest(format!("offset must be at most {MAX_OFFSET}, not {offset}")));
        }
        Ok(Page { offset, limit })
    }

    /// This page of `items`, with the total, as the API returns every list.
    pub fn of<T: serde::Serialize>(&self, items: &[T]) -> serde_json::Value {
        let shown: Vec<&T> = items.iter().skip(self.offset).take(self.limit).collect();
        serde_json::json!({"total": items.len(), "offset": self.offset, "limit": self.limit, "items": shown})
    }
}

/// A text parameter: trimmed, empty treated as absent, refused when too long.
pub fn text(name: &str, value: &Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    let n = v.chars().count();
    if n > MAX_PARAM_CHARS {
        return Err(ApiError::BadRequest(format!("{name} is {n} characters long; at most {MAX_PARAM_CHARS} are accepted")));
    }
    Ok(Some(v.to_string()))
}

/// An ISO date (YYYY-MM-DD), kept as its text, which orders as dates do.
pub fn date(name: &str, value: &Option<String>) -> Result<Option<String>, ApiError> {
    let Some(v) = text(name, value)? else { return Ok(None) };
    let valid = v.len() == 10
        && v.as_bytes().iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
        && matches!(v[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(v[8..10].parse::<u8>(), Ok(1..=31));
    if !valid {
        return Err(ApiError::BadRequest(format!("{name} must be a date as YYYY-MM-DD, not {v:?}")));
    }
    Ok(Some(v))
}

/// A box on the map: west, south, east, north in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    pub fn parse(value: &Option<String>) -> Result<Option<BBox>, ApiError> {
        let Some(v) = text("bbox", value)? else { return Ok(None) };
        let bad = || ApiError::BadRequest(format!("bbox must be west,south,east,north in degrees (e.g. 35.5,32,42.5,37.5), not {v:?}"));
        let n: Vec<f64> = v.split(',').map(|p| p.trim().parse::<f64>().map_err(|_| bad())).collect::<Result<_, _>>()?;
        let [west, south, east, north] = n[..] else { return Err(bad()) };
        let in_range = [west, east].iter().all(|x| (-180.0..=180.0).contains(x)) && [south, north].iter().all(|y| (-90.0..=90.0).contains(y));
        if !in_range || west > east || south > north {
            return Err(bad());
        }
        Ok(Some(BBox { west, south, east, north }))
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }
}

/// The event filters as they arrive in the query string.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    pub bbox: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub sub_type: Option<String>,
    pub actor: Option<String>,
    pub place: Option<String>,
    pub outlet: Option<String>,
    pub has_contradiction: Option<bool>,
    pub view: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

/// Which events a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// One entry per happening: each merged event, and each document's event that no merged
    /// event includes.
    #[default]
    Happenings,
    /// Every event as coded from its document.
    Document,
    /// Merged events only.
    Merged,
}

/// Validated event filters.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub bbox: Option<BBox>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub event_type: Option<String>,
    pub sub_type: Option<String>,
    pub actor: Option<String>,
    pub place: Option<String>,
    pub outlet: Option<String>,
    pub has_contradiction: Option<bool>,
    pub view: View,
}

impl EventQuery {
    pub fn filter(&self) -> Result<EventFilter, ApiError> {
        let view = match text("view", &self.view)?.as_deref() {
            None | Some("happenings") => View::Happenings,
            Some("document") => View::Document,
            Some("merged") => View::Merged,
            Some(other) => return Err(ApiError::BadRequest(format!("view must be happenings, document or merged, not {other:?}"))),
        };
        let filter = EventFilter {
            bbox: BBox::parse(&self.bbox)?,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            event_type: text("type", &self.event_type)?,
            sub_type: text("sub_type", &self.sub_type)?,
            actor: text("actor", &self.actor)?,
            place: text("place", &self.place)?,
            outlet: text("outlet", &self.outlet)?,
            has_contradiction: self.has_contradiction,
            view,
        };
        if let (Some(from), Some(to)) = (&filter.from, &filter.to)
            && from > to
        {
            return Err(ApiError::BadRequest(format!("from ({from}) is after to ({to})")));
        }
        Ok(filter)
    }

    pub fn page(&self) -> Result<Page, ApiError> {
        Page::new(self.offset, self.limit)
    }
}

/// Hits a search page shows unless `limit` says otherwise (at most `marsad_search::MAX_LIMIT`).
pub const SEARCH_LIMIT: usize = 20;

/// A search as it arrives in the query string: the same parameters as `marsad search`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub place: Option<String>,
    pub actor: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// `documents` (the default), `events` or `all`.
    #[serde(rename = "in")]
    pub scope: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

impl SearchQuery {
    /// The search these parameters ask for, checked here for what the API bounds (lengths,
    /// dates as dates, the scope) and by the search crate for the rest (its page limits, a
    /// reversed date range), whose messages are passed on as they are.
    pub fn query(&self) -> Result<marsad_search::Query, ApiError> {
        let day = |name: &str, v: &Option<String>| -> Result<Option<jiff::civil::Date>, ApiError> {
            date(name, v)?
                .map(|d| d.parse().map_err(|_| ApiError::BadRequest(format!("{name} is not a day of the calendar: {d:?}"))))
                .transpose()
        };
        let scope = match text("in", &self.scope)?.as_deref() {
            None | Some("documents") => marsad_search::Scope::Documents,
            Some("events") => marsad_search::Scope::Events,
            Some("all") => marsad_search::Scope::All,
            Some(other) => return Err(ApiError::BadRequest(format!("in must be documents, events or all, not {other:?}"))),
        };
        Ok(marsad_search::Query {
            text: marsad_search::QueryText::parse(text("q", &self.q)?.as_deref().unwrap_or_default())?,
            filters: marsad_search::Filters {
                dates: marsad_search::DateRange::new(day("from", &self.from)?, day("to", &self.to)?)?,
                outlet: text("outlet", &self.outlet)?,
                place: text("place", &self.place)?,
                actor: text("actor", &self.actor)?,
                event_type: text("type", &self.event_type)?,
            },
            scope,
            page: marsad_search::Page::new(self.limit.unwrap_or(SEARCH_LIMIT), self.offset.unwrap_or(0))?,
        })
    }

    /// Whether anything was asked at all (an empty search page shows only its form).
    pub fn is_empty(&self) -> bool {
        [&self.q, &self.from, &self.to, &self.outlet, &self.place, &self.actor, &self.event_type]
            .iter()
            .all(|v| v.as_deref().is_none_or(|v| v.trim().is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_boxes_and_pages_are_checked() {
        assert_eq!(date("from", &Some("2019-01-26".into())).unwrap().as_deref(), Some("2019-01-26"));
        for bad in ["2019-1-26", "2019-13-01", "26/01/2019", "2019-01-26x"] {
            assert!(date("from", &Some(bad.into())).is_err(), "{bad}");
        }
        assert!(BBox::parse(&Some("35,32,42,37".into())).unwrap().unwrap().contains(34.6, 40.8));
        for bad in ["35,32,42", "42,32,35,37", "a,b,c,d", "35,32,200,37"] {
            assert!(BBox::parse(&Some(bad.into())).is_err(), "{bad}");
        }
        assert!(Page::new(None, Some(0)).is_err());
        assert!(Page::new(None, Some(MAX_LIMIT + 1)).is_err());
        assert_eq!(Page::new(Some(10), None).unwrap(), Page { offset: 10, limit: DEFAULT_LIMIT });
        assert!(text("actor", &Some("ق".repeat(MAX_PARAM_CHARS + 1))).is_err());
        assert_eq!(text("actor", &Some("  ".into())).unwrap(), None);
    }

    #[test]
    fn search_parameters_are_checked_here_and_by_the_search_crate() {
        let ask = |f: fn(&mut SearchQuery)| {
            let mut q = SearchQuery { q: Some("قصف".into()), ..SearchQuery::default() };
            f(&mut q);
            q.query().map_err(|e| e.to_string())
        };
        let q = ask(|q| q.scope = Some("all".into())).unwrap();
        assert_eq!((q.scope, q.page.limit(), q.page.offset()), (marsad_search::Scope::All, SEARCH_LIMIT, 0));
        assert!(ask(|q| q.scope = Some("both".into())).unwrap_err().contains("in must be documents, events or all"));
        assert!(ask(|q| q.from = Some("2019-02-30".into())).unwrap_err().contains("not a day of the calendar"));
        let reversed = ask(|q| (q.from, q.to) = (Some("2019-02-02".into()), Some("2019-01-01".into()))).unwrap_err();
        assert!(reversed.contains("ends (2019-01-01) before it starts"), "{reversed}");
        assert!(ask(|q| q.limit = Some(101)).unwrap_err().contains("between 1 and 100"));
        assert!(ask(|q| q.offset = Some(10_001)).unwrap_err().contains("at most 10000"));
        assert!(SearchQuery { q: Some(" ".into()), ..SearchQuery::default() }.is_empty());
        assert!(!SearchQuery { place: Some("عفرين".into()), ..SearchQuery::default() }.is_empty());
    }
}
