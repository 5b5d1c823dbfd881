//! Which happenings exist: the one place that decides what a row of the CSV and a feature of
//! the GeoJSON stand for.
//!
//! A merged event (several reports of one happening, from the cross-document stage) stands
//! for its member document events, which then get no row of their own; every document event
//! that no merged event includes is a happening of its own. Happenings come in stored event
//! order, a merged one at the place of its first member, so the order is stable.

use crate::ExportError;
use jiff::civil::Date;
use marsad_events::Role;
use marsad_model::{DatePrecision, DocId, Outlet};
use marsad_store::{Happenings, MergedMembers, Standing, Store};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// How a happening is known in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HappeningId {
    /// A document event no merged event includes (exported as `e{n}`).
    Event(u64),
    /// A merged event (`m{n}`, renumbered at each rebuild) and its first (lowest) member
    /// event, which does not change while the happening keeps that report.
    Merged { merged: u64, first_member: u64 },
}

impl HappeningId {
    /// The stored event id that names the happening durably.
    pub fn number(self) -> u64 {
        match self {
            HappeningId::Event(n) | HappeningId::Merged { first_member: n, .. } => n,
        }
    }

    /// The id the JSONL export gives it.
    pub fn label(self) -> String {
        match self {
            HappeningId::Event(n) => format!("e{n}"),
            HappeningId::Merged { merged, .. } => format!("m{merged}"),
        }
    }
}

/// One happening: its event record (a document event, or a merged one with every member's
/// claims) and the contradictions found between its reports.
#[derive(Debug, Clone)]
pub struct Happening {
    pub id: HappeningId,
    pub event: EventFields,
    pub contradictions: Vec<ContradictionFields>,
}

/// What the exports read of an event record (`CONTRACT.md`'s `event`); other fields are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct EventFields {
    #[serde(rename = "type")]
    pub event_type: String,
    pub sub_type: String,
    pub date: Option<DateFields>,
    pub place: Option<PlaceFields>,
    #[serde(default)]
    pub actors: Vec<ActorFields>,
    /// The figure the event was coded with (one of its claims' figures).
    pub fatalities: Option<FigureFields>,
    #[serde(default)]
    pub weapons: Vec<String>,
    #[serde(default)]
    pub modality: Option<String>,
    #[serde(default)]
    pub claims: Vec<ClaimFields>,
    #[serde(default)]
    pub docs: Vec<String>,
    /// Merged events only: `single_source`, `corroborated` or `contested`.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Merged events only: the lowest killed figure any claim gives.
    #[serde(default)]
    pub conservative_fatalities: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DateFields {
    pub start: Date,
    pub end: Date,
    pub precision: DatePrecision,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlaceFields {
    pub id: String,
    pub ar: String,
    pub en: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub admin: Vec<String>,
    /// 1 the place itself, 2 near it or part of it, 3 a larger region (ACLED's geo_precision).
    pub precision: u8,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ActorFields {
    pub id: String,
    pub ar: String,
    pub en: String,
    pub category: String,
    pub role: Role,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FigureFields {
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: String,
    /// Where the figure is written in its document's clean text.
    pub span: Option<[u32; 2]>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClaimFields {
    pub doc: String,
    /// Who the text credits the claim to, as written.
    pub source: Option<String>,
    pub fatalities: Option<FigureFields>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ContradictionFields {
    pub field: String,
    pub event_ids: Vec<String>,
    pub claims: Vec<ContradictionClaim>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ContradictionClaim {
    pub doc: String,
    /// The figure or date as written.
    pub value: Option<String>,
    pub source: Option<String>,
}

impl EventFields {
    /// The figures (killed) the claims give, and the one the event was coded with.
    pub fn figures(&self) -> impl Iterator<Item = &FigureFields> {
        self.claims.iter().filter_map(|c| c.fatalities.as_ref()).chain(self.fatalities.as_ref())
    }

    /// The most conservative killed figure ACLED would code: the merged record's when it
    /// carries one, else the lowest low any claim gives; `None` when no claim gives a figure.
    pub fn conservative_fatalities(&self) -> Option<u64> {
        self.conservative_fatalities.or_else(|| self.figures().filter_map(|f| f.low).min())
    }

    /// The widest range the claims give: the lowest low and the highest figure (an open
    /// "more than N" counts as its low).
    pub fn fatalities_range(&self) -> Option<(u64, u64)> {
        let low = self.figures().filter_map(|f| f.low).min()?;
        let high = self.figures().filter_map(|f| f.high.or(f.low)).max().unwrap_or(low);
        Some((low, high.max(low)))
    }

    pub fn doc_ids(&self) -> impl Iterator<Item = DocId> + '_ {
        self.docs.iter().filter_map(|d| doc_id(d))
    }
}

/// `d12` → document 12.
pub fn doc_id(label: &str) -> Option<DocId> {
    label.strip_prefix('d')?.parse().ok().map(DocId)
}

fn corrupt(store: &Store, what: String) -> ExportError {
    ExportError::Store(store.corrupt(what))
}

/// A document-level event as the JSONL export writes it (without `kind` and `id`): the stored
/// JSON with the document on every claim and `docs` naming it.
pub(crate) fn event_record(store: &Store, id: u64, doc: DocId, json: &str) -> Result<Map<String, Value>, ExportError> {
    let mut fields: Map<String, Value> =
        serde_json::from_str(json).map_err(|e| corrupt(store, format!("event {id} of {doc}: {e}")))?;
    if let Some(Value::Array(claims)) = fields.get_mut("claims") {
        for claim in claims.iter_mut().filter_map(Value::as_object_mut) {
            claim.insert("doc".into(), json!(doc.to_string()));
        }
    }
    fields.insert("docs".into(), json!([doc.to_string()]));
    Ok(fields)
}

/// A merged event read back, waiting for its first member's turn.
struct Merged {
    number: u64,
    first_member: u64,
    event: EventFields,
    contradictions: Vec<ContradictionFields>,
}

/// Calls `f` with every happening, in stored event order (the rule is
/// `marsad_store::happening`'s, which the web catalog follows too).
pub fn for_each_happening(store: &Store, mut f: impl FnMut(Happening) -> Result<(), ExportError>) -> Result<(), ExportError> {
    let mut merged: Vec<Option<Merged>> = Vec::new();
    let mut happenings = Happenings::default();
    store.for_each_crossdoc("merged_event", |json| {
        let value: Value = serde_json::from_str(json).map_err(|e| corrupt(store, format!("a merged event: {e}")))?;
        let ids = MergedMembers::from_record(&value).map_err(|e| corrupt(store, e))?;
        let event: EventFields = serde_json::from_value(value).map_err(|e| corrupt(store, format!("merged event m{}: {e}", ids.number)))?;
        happenings.add(&ids);
        merged.push(Some(Merged { number: ids.number, first_member: ids.first(), event, contradictions: Vec::new() }));
        Ok::<_, ExportError>(())
    })?;
    let by_number: HashMap<u64, usize> =
        merged.iter().enumerate().filter_map(|(i, m)| m.as_ref().map(|m| (m.number, i))).collect();
    store.for_each_crossdoc("contradiction", |json| {
        let c: ContradictionFields = serde_json::from_str(json).map_err(|e| corrupt(store, format!("a contradiction: {e}")))?;
        let of = c.event_ids.iter().find_map(|id| id.strip_prefix('m')?.parse::<u64>().ok());
        if let Some(m) = of.and_then(|n| by_number.get(&n)).and_then(|i| merged[*i].as_mut()) {
            m.contradictions.push(c);
        }
        Ok::<_, ExportError>(())
    })?;
    let emit = |m: Merged, f: &mut dyn FnMut(Happening) -> Result<(), ExportError>| {
        f(Happening {
            id: HappeningId::Merged { merged: m.number, first_member: m.first_member },
            event: m.event,
            contradictions: m.contradictions,
        })
    };
    store.for_each_event(|id, doc, json| match happenings.standing(id) {
        Standing::FirstOf(n) => match by_number.get(&n).and_then(|i| merged[*i].take()) {
            Some(m) => emit(m, &mut f),
            None => Ok(()),
        },
        Standing::MemberOf(_) => Ok(()),
        Standing::Alone => {
            let record = event_record(store, id, doc, json)?;
            let event: EventFields =
                serde_json::from_value(Value::Object(record)).map_err(|e| corrupt(store, format!("event {id} of {doc}: {e}")))?;
            f(Happening { id: HappeningId::Event(id), event, contradictions: Vec::new() })
        }
    })?;
    // A merged event whose first member is no longer stored (the store changed after the
    // last rebuild) is still a happening: written last rather than lost.
    for m in merged.into_iter().flatten() {
        emit(m, &mut f)?;
    }
    Ok(())
}

/// What the exports need of a document: its outlet, its name and its clean text (to quote
/// a claim's figure as written). Documents are read on demand and a few are kept, since a
/// happening's claims come from one document or a handful.
pub struct Documents<'s> {
    store: &'s Store,
    kept: HashMap<DocId, Option<DocInfo>>,
}

#[derive(Debug, Clone)]
pub struct DocInfo {
    pub outlet: Option<Outlet>,
    /// The input file (and `#N`) it was read from.
    pub source: String,
    pub text: String,
}

impl DocInfo {
    /// The outlet's English name, or the file it came from when the outlet is not known.
    pub fn outlet_name(&self) -> &str {
        self.outlet.as_ref().map_or(self.source.as_str(), |o| o.en.as_str())
    }

    /// The clean text in the char range `span`, if it lies in the text.
    pub fn words_at(&self, [start, end]: [u32; 2]) -> Option<String> {
        let (start, end) = (start as usize, end as usize);
        (start < end).then(|| self.text.chars().skip(start).take(end - start).collect::<String>()).filter(|s| !s.is_empty())
    }
}

impl<'s> Documents<'s> {
    const KEEP: usize = 64;

    pub fn new(store: &'s Store) -> Documents<'s> {
        Documents { store, kept: HashMap::new() }
    }

    pub fn get(&mut self, id: DocId) -> Result<Option<&DocInfo>, ExportError> {
        if !self.kept.contains_key(&id) {
            if self.kept.len() >= Self::KEEP {
                self.kept.clear();
            }
            let info = self.store.document(id)?.map(|s| DocInfo {
                outlet: s.doc.outlet,
                source: s.doc.source.to_string(),
                text: s.doc.text,
            });
            self.kept.insert(id, info);
        }
        Ok(self.kept.get(&id).and_then(Option::as_ref))
    }
}
