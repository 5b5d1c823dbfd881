//! Inferring a document's publication date from the text itself, when no date is printed as
//! metadata: a dateline near the top ("23 نوفمبر 2018", "2018.11.27 | 13:11"), or an expression
//! that dates itself relative to publication ("أمس الأحد 18 نوفمبر" → published the 19th).
//!
//! A self-anchoring expression without a year takes the year in which its weekday fits the day,
//! nearest the years the text mentions; with neither a weekday nor a year mentioned nothing is
//! inferred.

use crate::dates::{self, DateExpr};
use crate::numbers::{DigitForm, parse_digits};
use crate::tokens::{Token, TokenKind, tokenize};
use jiff::ToSpan;
use jiff::civil::Date;

/// How many lines from the top a dateline may sit.
const DATELINE_LINES: usize = 12;
/// How many chars a dateline's line may hold beyond its date (time, city, separators).
const DATELINE_SLACK: usize = 25;

/// The publication date of an undated `text` and the evidence for it.
pub fn infer_publication_date(text: &str) -> Option<(Date, String)> {
    infer_from_tokens(&tokenize(text), text)
}

pub(crate) fn infer_from_tokens(toks: &[Token], text: &str) -> Option<(Date, String)> {
    let found = dates::find(toks, text, None);
    dateline(&found.dates, toks, text).or_else(|| self_anchored(&found.dates, toks))
}

fn dateline(found: &[DateExpr], toks: &[Token], text: &str) -> Option<(Date, String)> {
    let mut line_no = 0;
    let mut line_of = vec![0usize; toks.len()];
    for (k, t) in toks.iter().enumerate() {
        if t.newline_before {
            line_no += 1;
        }
        line_of[k] = line_no;
    }
    for d in found {
        let (Some(s), Some(e)) = (d.start, d.end) else {
            continue;
        };
        if s != e || d.anchor.is_some() || line_of[d.tokens.0] >= DATELINE_LINES {
            continue;
        }
        if !d.basis.starts_with("explicit date") {
            continue;
        }
        let line_start = text[..toks[d.tokens.0].bytes.0]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let line_end = text[toks[d.tokens.1 - 1].bytes.1..]
            .find('\n')
            .map_or(text.len(), |p| toks[d.tokens.1 - 1].bytes.1 + p);
        let line = text[line_start..line_end].trim();
        if line.chars().count() <= d.text.chars().count() + DATELINE_SLACK {
            return Some((s, format!("dateline '{line}'")));
        }
    }
    None
}

fn years_mentioned(toks: &[Token]) -> Vec<i32> {
    toks.iter()
        .filter(|t| t.kind == TokenKind::Number)
        .filter_map(|t| match parse_digits(&t.key, false) {
            DigitForm::Value(v)
                if (1900.0..=2100.0).contains(&v) && v.fract() == 0.0 && t.key.len() == 4 =>
            {
                Some(v as i32)
            }
            DigitForm::Date { year, .. } => Some(year as i32),
            _ => None,
        })
        .collect()
}

fn self_anchored(found: &[DateExpr], toks: &[Token]) -> Option<(Date, String)> {
    for d in found {
        let Some(a) = d.anchor else { continue };
        let (day, basis) = match a.year {
            Some(y) => (
                Date::new(y, a.month, a.day).ok()?,
                format!("the text says '{}'", d.text),
            ),
            None => {
                let years = years_mentioned(toks);
                if years.is_empty() {
                    continue;
                }
                let fits = |y: i32| {
                    Date::new(y as i16, a.month, a.day)
                        .ok()
                        .filter(|dd| a.weekday.is_none_or(|w| dd.weekday() == w))
                };
                let distance = |y: i32| {
                    years
                        .iter()
                        .map(|m| (m - y).abs())
                        .min()
                        .unwrap_or(i32::MAX)
                };
                let (lo, hi) = (years.iter().min()? - 10, years.iter().max()? + 10);
                // Nearest the mentioned years; a tie goes to the later year (news looks back).
                let best = (lo..=hi)
                    .filter(|&y| fits(y).is_some())
                    .min_by_key(|&y| (distance(y), -y))?;
                let how = if a.weekday.is_some() {
                    "in which that day has that weekday, "
                } else {
                    ""
                };
                (
                    fits(best)?,
                    format!(
                        "the text says '{}'; year {best} chosen as the year {how}nearest the years the text mentions",
                        d.text
                    ),
                )
            }
        };
        let published = day.checked_add((-a.offset).days()).ok()?;
        return Some((published, basis));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yesterday_with_weekday_and_day_picks_the_year() {
        let text = "عقد الوفد اجتماعا أمس الأحد 18 نوفمبر/ تشرين الثاني الجاري. وأعلنت القوات منذ منتصف عام 2017 معركة.";
        let (d, basis) = infer_publication_date(text).expect("inferred");
        assert_eq!(d.to_string(), "2018-11-19");
        assert!(basis.contains("2018"), "{basis}");
    }

    #[test]
    fn datelines() {
        let text = "عنوان الخبر\n\n23 نوفمبر 2018\n+ الخط -\n\nقتل عشرات العناصر في 11 نوفمبر.";
        assert_eq!(
            infer_publication_date(text).map(|x| x.0.to_string()),
            Some("2018-11-23".into())
        );
        let text = "عنوان\n\n2018.11.27 | 13:11 دمشق\n\nنص الخبر.";
        assert_eq!(
            infer_publication_date(text).map(|x| x.0.to_string()),
            Some("2018-11-27".into())
        );
    }

    #[test]
    fn nothing_to_anchor_on() {
        assert_eq!(
            infer_publication_date("فشلت المفاوضات اليوم الاربعاء."),
            None
        );
    }
}
