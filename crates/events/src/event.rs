//! The event record: type, arguments, figures, claims and the evidence for each.

use marsad_entities::{ActorEntity, PlaceEntity};
use marsad_model::{DatePrecision, Span};
use serde::{Deserialize, Serialize};

/// One happening as one document tells it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub event_type: &'static str,
    pub sub_type: &'static str,
    pub date: Option<EventDate>,
    pub place: Option<PlaceArg>,
    pub also_places: Vec<PlaceArg>,
    pub actors: Vec<ActorArg>,
    pub fatalities: Option<Figure>,
    pub injured: Option<Figure>,
    pub weapons: Vec<&'static str>,
    pub modality: Modality,
    /// Told as background to the news (an operation that "began on 10 September").
    pub background: bool,
    /// Who asserts which figure, with the span that says it.
    pub claims: Vec<Claim>,
    /// Why the event was found: the trigger words and the rule that fired, with spans.
    pub explain: Explain,
}

/// Why an event was coded as it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explain {
    /// The trigger words, as written, with their spans.
    pub triggers: Vec<(String, Span)>,
    /// The rule that set the sub-type, in words.
    pub rule: String,
    /// The sentences the event was read from.
    pub sentences: Vec<Span>,
}

/// When it happened, as precisely as the text says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDate {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    pub precision: DatePrecision,
    pub basis: String,
    /// The date expression it was read from, if the text gave one.
    pub span: Option<Span>,
}

/// A place the event happened at, with the words that named it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceArg {
    #[serde(flatten)]
    pub place: PlaceEntity,
    pub span: Span,
    /// The name as this document writes it, when it differs from the gazetteer's
    /// (العلوني for العلواني): kept so that a reader can find it in the text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
}

impl PlaceArg {
    /// How specific the place is: precision first (a town before a region), then among
    /// regions the smaller unit first (a district before a governorate before a country).
    pub fn specificity(&self) -> (marsad_entities::GeoPrecision, u8) {
        let breadth = match self.place.kind.as_str() {
            "country" => 3,
            "governorate" | "region" => 2,
            "district" | "county" => 1,
            _ if self.names_its_region() => 1,
            _ => 0,
        };
        (self.place.precision, breadth)
    }

    /// A city that gives its name to its governorate or district (دير الزور, إدلب): news often
    /// means the region when it names it, so it neither outranks a village nor tells two
    /// happenings apart.
    fn names_its_region(&self) -> bool {
        let name = base_key(&self.place.en);
        self.place.admin.iter().any(|a| base_key(a) == name)
    }

    /// A place that is a point on the map (a town, a village, a field), not a region around
    /// one (a countryside, a desert, an admin unit).
    pub fn is_point(&self) -> bool {
        use marsad_entities::GeoPrecision::*;
        let region = matches!(
            self.place.kind.as_str(),
            "countryside" | "desert" | "area" | "subdistrict" | "district" | "county" | "governorate" | "region" | "country"
        );
        match self.place.precision {
            Place | Near => !region && !self.names_its_region(),
            Region => false,
        }
    }

    /// Could `self` and `other` be the same location as two clauses tell it: the same entry, a
    /// point inside a region (its admin units name the region), or two regions one inside the
    /// other. Two distinct points, or two unrelated regions, are two locations.
    pub fn agrees_with(&self, other: &PlaceArg) -> bool {
        if self.place.id == other.place.id || self.place.kind == "country" || other.place.kind == "country" {
            return true;
        }
        match (self.is_point(), other.is_point()) {
            (true, true) => false,
            _ => self.within(other) || other.within(self) || base_key(&self.place.en) == base_key(&other.place.en),
        }
    }

    /// Does `self` lie in the admin unit named like `other` ("الشعفة" in Deir ez-Zor)?
    fn within(&self, other: &PlaceArg) -> bool {
        let name = base_key(&other.place.en);
        self.place.admin.iter().any(|a| base_key(a) == name)
    }
}

/// A place name reduced to its letters, without the region word a region adds to it
/// ("Deir ez-Zor countryside", "Deir-ez-Zor" → "deirezzor"): sources spell admin names apart.
fn base_key(name: &str) -> String {
    let name = name.trim_end_matches(" countryside").trim_end_matches(" desert");
    name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// Who took part, and how. Read back by the export from the stored events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The side that acts (strikes, attacks, takes, arrests).
    Actor1,
    /// The side acted on, or the other side of a clash or agreement.
    Actor2,
    Associated,
    Victim,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorArg {
    #[serde(flatten)]
    pub actor: ActorEntity,
    pub role: Role,
    pub span: Span,
}

/// A count as the text gives it: `(low, high, qualifier)` per CONTRACT.md.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub qualifier: String,
    /// The vague word, for vague counts (عشرات).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word: Option<String>,
    /// `civilians`, or the actor whose combatants were counted, or null.
    pub victims: Option<String>,
    /// The source the text credits the figure to, if any.
    pub claimed_by: Option<String>,
    pub span: Span,
}

/// How the text holds the event to be true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Said by the outlet in its own voice.
    Asserted,
    /// Credited to a source.
    Reported,
    /// Denied by someone in the text.
    Denied,
    /// Accused or alleged.
    Alleged,
    /// Expected, intended or possible, not happened.
    Hypothetical,
    /// Said not to have happened.
    Negated,
}

/// One source's word on the event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub span: Span,
    pub source: Option<String>,
    pub fatalities: Option<Figure>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_entities::GeoPrecision;

    fn place(id: &str, en: &str, kind: &str, admin: &[&str], precision: GeoPrecision) -> PlaceArg {
        let admin = admin.iter().map(|a| a.to_string()).collect();
        let place = PlaceEntity { id: id.into(), ar: String::new(), en: en.into(), lat: 0.0, lon: 0.0, kind: kind.into(), admin, precision };
        PlaceArg { place, span: Span::new(0, 0).unwrap(), variants: Vec::new() }
    }

    #[test]
    fn a_town_and_the_subdistrict_named_after_it_near_it_are_one_location() {
        // "على الطريق بين السخنة ودير الزور" then "جنوب السخنة" read as the sub-district.
        let town = place("wof:1", "As Sukhnah", "village", &["Homs", "Tadmor", "Sokhneh"], GeoPrecision::Place);
        let south_of = place("ocha:1", "Sokhneh", "subdistrict", &["Homs", "Tadmor", "Sokhneh"], GeoPrecision::Near);
        assert!(town.agrees_with(&south_of) && south_of.agrees_with(&town));
        let other_town = place("wof:2", "Tadmur", "town", &["Homs", "Tadmor", "Tadmor"], GeoPrecision::Near);
        assert!(!town.agrees_with(&other_town));
    }
}
