//! Figures that cannot all be true: killed counts and dates the documents give for one
//! happening. Every claim is kept with its document, source and words.

use crate::view::{EventView, FigureView};
use serde::Serialize;
use std::collections::HashMap;

/// Figures for one happening that cannot all be true.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Contradiction {
    /// `fatalities` or `date`.
    pub field: &'static str,
    pub merged_event: u64,
    pub event_ids: Vec<u64>,
    pub about: String,
    pub claims: Vec<ContradictionClaim>,
}

/// One document's word on the disputed field.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContradictionClaim {
    pub doc: u64,
    pub event: u64,
    /// The figure or date as the document writes it.
    pub value: String,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub start: Option<jiff::civil::Date>,
    pub end: Option<jiff::civil::Date>,
    pub source: Option<String>,
}

fn slice(text: &str, [s, e]: [u32; 2]) -> String {
    text.chars()
        .skip(s as usize)
        .take(e.saturating_sub(s) as usize)
        .collect()
}

/// The range of counts a figure allows: "about 20" allows a quarter either way, "dozens"
/// anything in the tens.
fn bounds(f: &FigureView) -> Option<(f64, f64)> {
    let low = f.low? as f64;
    Some(match &*f.qualifier {
        "exact" => (low, low),
        "about" => (low * 0.75, low * 1.25),
        "range" => (low, f.high.map_or(low, |h| h as f64)),
        "less_than" | "at_most" => (0.0, f.high.map_or(low, |h| h as f64)),
        "vague" => (low, low * 10.0 - 1.0),
        _ => (low, f64::INFINITY),
    })
}

/// Cannot both be true: the ranges do not meet, or they are open-ended from lows at least
/// twice apart ("more than 250" against "more than 70": widely different).
fn disagree(a: &FigureView, b: &FigureView) -> bool {
    let (Some((alo, ahi)), Some((blo, bhi))) = (bounds(a), bounds(b)) else {
        return false;
    };
    let disjoint = ahi < blo || bhi < alo;
    let (small, large) = (alo.min(blo), alo.max(blo));
    disjoint || (small > 0.0 && large / small >= 2.0 && large - small >= 10.0)
}

/// The contradictions within one merged event; `text_of` gives the text of a document they
/// quote.
pub(crate) fn find<E>(
    merged: u64,
    evs: &[&EventView],
    text_of: &mut impl FnMut(u64) -> Result<String, E>,
) -> Result<Vec<Contradiction>, E> {
    let mut texts: HashMap<u64, String> = HashMap::new();
    let mut quote = |doc: u64, span: [u32; 2]| -> Result<String, E> {
        let text = match texts.entry(doc) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(text_of(doc)?),
        };
        Ok(slice(text, span))
    };
    let place = evs
        .iter()
        .find_map(|e| e.place.as_ref())
        .map_or(String::new(), |p| p.ar.clone());
    let about = |what: &str| {
        format!(
            "{what} in the {} at {place}",
            evs[0].sub_type.to_lowercase()
        )
    };
    let mut out = Vec::new();

    // Killed: every figure each document gives, with who it credits.
    let figures: Vec<(&EventView, &FigureView)> = evs
        .iter()
        .flat_map(|e| {
            e.claims
                .iter()
                .filter_map(|c| c.fatalities.as_ref())
                .chain(e.fatalities.as_ref())
                .map(move |f| (*e, f))
        })
        .collect();
    let disputed = figures.iter().enumerate().any(|(i, (ea, fa))| {
        figures[i + 1..]
            .iter()
            .any(|(eb, fb)| ea.doc != eb.doc && disagree(fa, fb))
    });
    if disputed {
        let mut claims: Vec<ContradictionClaim> = Vec::new();
        for (e, f) in &figures {
            if claims
                .iter()
                .any(|c| c.doc == e.doc && c.low == f.low && c.high == f.high)
            {
                continue;
            }
            claims.push(ContradictionClaim {
                doc: e.doc,
                event: e.id,
                value: quote(e.doc, f.span)?,
                low: f.low,
                high: f.high,
                start: None,
                end: None,
                source: f.claimed_by.as_deref().map(str::to_string),
            });
        }
        out.push(Contradiction {
            field: "fatalities",
            merged_event: merged,
            event_ids: evs.iter().map(|e| e.id).collect(),
            about: about("deaths"),
            claims,
        });
    }

    // Dates the texts state for it that do not overlap.
    let dated: Vec<&&EventView> = evs.iter().filter(|e| e.stated_date().is_some()).collect();
    let apart = dated.iter().enumerate().any(|(i, a)| {
        dated[i + 1..].iter().any(|b| {
            let ((s1, e1), (s2, e2)) = (
                a.stated_date().expect("filtered"),
                b.stated_date().expect("filtered"),
            );
            a.doc != b.doc && (e1 < s2 || e2 < s1)
        })
    });
    if apart {
        out.push(Contradiction {
            field: "date",
            merged_event: merged,
            event_ids: evs.iter().map(|e| e.id).collect(),
            about: about("the date"),
            claims: dated
                .iter()
                .map(|e| {
                    let d = e.date.as_ref().expect("dated");
                    Ok(ContradictionClaim {
                        doc: e.doc,
                        event: e.id,
                        value: match d.span {
                            Some(s) => quote(e.doc, s)?,
                            None => String::new(),
                        },
                        low: None,
                        high: None,
                        start: Some(d.start),
                        end: Some(d.end),
                        source: None,
                    })
                })
                .collect::<Result<_, E>>()?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(low: u64, high: Option<u64>, q: &str) -> FigureView {
        FigureView {
            low: Some(low),
            high,
            qualifier: q.into(),
            claimed_by: None,
            span: [0, 0],
        }
    }

    #[test]
    fn consistent_figures_are_not_contradictions() {
        assert!(!disagree(
            &fig(20, Some(20), "about"),
            &fig(18, None, "at_least")
        ));
        assert!(!disagree(
            &fig(12, Some(12), "exact"),
            &fig(10, None, "vague")
        ));
        assert!(!disagree(
            &fig(11, None, "more_than"),
            &fig(12, Some(12), "exact")
        ));
    }

    #[test]
    fn disjoint_or_widely_different_figures_are() {
        assert!(disagree(
            &fig(251, None, "more_than"),
            &fig(71, None, "more_than")
        ));
        assert!(disagree(
            &fig(5, Some(5), "exact"),
            &fig(7, Some(7), "exact")
        ));
        assert!(disagree(
            &fig(20, Some(20), "about"),
            &fig(31, None, "more_than")
        ));
    }
}
