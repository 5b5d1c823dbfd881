//! Mentions and the entities they resolve to.

use marsad_model::Span;
use serde::Serialize;

/// What kind of thing a mention names. Exported in lower case as the mention's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Place,
    Actor,
    /// A cited source: who a claim is attributed to ("مصادر محلية", "وكالة أعماق").
    Source,
    /// A named person, with role and affiliation when the text gives them.
    Person,
}

/// A stretch of clean text that names something.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub span: Span,
    /// The text as written (`text[span]`).
    pub text: String,
    #[serde(rename = "type")]
    pub kind: MentionKind,
    /// The entity it resolves to; `None` for a name that could not be resolved.
    pub entity: Option<Entity>,
    /// For places: the other entries the name could be, best first, with scores, so that a
    /// person can correct the choice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// For sources: the span of what is attributed to the source (the reported speech).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed: Option<Span>,
    /// Why the mention was found and resolved as it was, in a few words.
    pub reason: String,
}

/// The entity a mention resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Entity {
    Place(PlaceEntity),
    Actor(ActorEntity),
    Source(SourceEntity),
    Person(PersonEntity),
}

/// ACLED's geo precision: 1 the place itself, 2 near it or part of a region, 3 only the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(into = "u8")]
pub enum GeoPrecision {
    Place = 1,
    Near = 2,
    Region = 3,
}

impl From<GeoPrecision> for u8 {
    fn from(p: GeoPrecision) -> u8 {
        p as u8
    }
}

/// A gazetteer entry as a mention resolves to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceEntity {
    /// Gazetteer id, e.g. `wof:101751377` or `marsad:tanak-oil-field`.
    pub id: String,
    pub ar: String,
    pub en: String,
    pub lat: f64,
    pub lon: f64,
    /// Feature kind: `town`, `village`, `neighbourhood`, `governorate`, `district`,
    /// `subdistrict`, `oil_field`, `desert`, `countryside`, `crossing`, …
    pub kind: String,
    /// Admin hierarchy names, broadest first (governorate, district, sub-district), English.
    pub admin: Vec<String>,
    pub precision: GeoPrecision,
}

/// An actor from the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorEntity {
    /// Stable upper-case ASCII id, e.g. `SDF`, `ISIS`, `COALITION`, `CIVILIANS`.
    pub id: String,
    pub ar: String,
    pub en: String,
    /// ACLED actor category: `state_forces`, `rebel_group`, `political_militia`,
    /// `identity_militia`, `external_forces`, `civilians`, `protesters`, `rioters`, `other`.
    pub category: String,
    /// ISO 3166 alpha-3 country of the actor, when it has one.
    pub country: Option<String>,
}

/// A cited source: who is quoted or credited.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceEntity {
    /// The source's name as normalised for grouping (e.g. `مصادر محلية`, `وكالة أعماق`).
    pub name: String,
    /// `local_sources`, `agency`, `activists`, `network`, `monitor`, `official`, `person`,
    /// `outlet`, `other`.
    pub source_kind: String,
    /// The registry actor the source belongs to, when known (Amaq → ISIS).
    pub actor: Option<String>,
}

/// A named person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonEntity {
    pub name: String,
    /// "ناشط إعلامي", "الناطقة الرسمية", "الجنرال", … as written.
    pub role: Option<String>,
    /// The organisation the role is for, as written ("مجلس دير الزور العسكري").
    pub affiliation: Option<String>,
}

/// A gazetteer entry a place name could also be, with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: String,
    pub ar: String,
    pub en: String,
    pub score: f32,
}
