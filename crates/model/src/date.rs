//! Dates as the text gives them: a calendar date, how precise it is and what it was read from.

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

/// How precisely a date is known. Exported in lower case (`day`, `week`, `month`, `year`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A document's publication date, with the evidence it was read from.
///
/// `basis` is always filled: a date nobody can trace is worse than no date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub date: Date,
    /// Local time of day when the source prints one (a dateline's `13:11`).
    pub time: Option<Time>,
    /// Offset from UTC in seconds, when the source states one (ISO timestamps in metadata).
    pub utc_offset_seconds: Option<i32>,
    pub precision: DatePrecision,
    /// Where the date came from, e.g. `dateline '2018.11.27 | 13:11 دمشق'` or `meta article:published_time`.
    pub basis: String,
}
