//! A happening coded in ACLED's terms: its columns, in ACLED's order, with ACLED's labels and
//! codes (disorder type, interaction codes, time and geo precision, actor names).

use crate::happening::{ActorFields, Documents, EventFields, Happening, HappeningId, doc_id};
use marsad_events::Role;
use crate::ExportError;
pub use marsad_entities::Country;
use marsad_model::DatePrecision;
use serde::Serialize;

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
];

/// The country of the happening's place, from the gazetteer.
pub fn country_of(event: &EventFields) -> Option<Country> {
    event.place.as_ref().and_then(|p| marsad_entities::place_country(&p.id)).and_then(Country::from_alpha2)
}

/// `event_id_cnty`: the country's ISO alpha-3 code and the stored id of the happening's first
/// report, so the id stays while the store keeps that report (merged events are renumbered
/// at each rebuild, their members are not). `XXX` when the place, and so the country, is not
/// known.
pub fn event_id_cnty(id: HappeningId, country: Option<Country>) -> String {
    format!("{}{}", country.map_or("XXX", Country::alpha3), id.number())
}

/// ACLED's time precision: 1 the day is known, 2 the week (or a range of days), 3 only the
/// month. A year alone has no ACLED code; it is given the loosest, 3.
pub fn time_precision(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 1,
        DatePrecision::Week => 2,
        DatePrecision::Month | DatePrecision::Year => 3,
    }
}

/// ACLED's interaction code for an actor category (`inter1`, `inter2`).
pub fn inter_code(category: &str) -> u8 {
    match category {
        "state_forces" => 1,
        "rebel_group" => 2,
        "political_militia" => 3,
        "identity_militia" => 4,
        "rioters" => 5,
        "protesters" => 6,
        "civilians" => 7,
        // External forces and other actors (UN, private security) share ACLED's 8.
        _ => 8,
    }
}

/// ACLED's two-digit `interaction`: the lower code first; a sole actor is `N0`.
pub fn interaction(inter1: Option<u8>, inter2: Option<u8>) -> Option<u8> {
    match (inter1, inter2) {
        (Some(a), Some(b)) => Some(a.min(b) * 10 + a.max(b)),
        (Some(a), None) => Some(a * 10),
        _ => None,
    }
}

/// Categories ACLED names by group and country ("Civilians (Syria)") rather than by name.
fn named_by_country(category: &str) -> bool {
    matches!(category, "civilians" | "protesters" | "rioters")
}

/// An actor's ACLED-style name: the registry's English name, except that civilians,
/// protesters and rioters are named with the country ("Women (civilians)" → "Women (Syria)").
pub fn actor_name(actor: &ActorFields, country: Option<Country>) -> String {
    group_name(&actor.en, &actor.category, country)
}

fn group_name(en: &str, category: &str, country: Option<Country>) -> String {
    if !named_by_country(category) {
        return en.to_string();
    }
    // A lower-case note says what kind of group it is ("Women (civilians)") and gives way to
    // the country; a named organisation ("Syria Civil Defence (White Helmets)") keeps its name.
    let base = match en.rsplit_once(" (") {
        Some((base, note)) if note.ends_with(')') && note.starts_with(|c: char| c.is_lowercase()) => base,
        Some(_) => return en.to_string(),
        None => en,
    };
    match country {
        Some(c) => format!("{base} ({})", c.name()),
        None => base.to_string(),
    }
}

/// The two sides as ACLED codes them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sides {
    pub actor1: Option<(String, u8)>,
    pub assoc1: Vec<String>,
    pub actor2: Option<(String, u8)>,
    pub assoc2: Vec<String>,
}

/// Actor1 is the first acting side; actor2 the first side acted on, else the first victim.
/// Other actors on a side, and associated actors with the first side, are its associates. A
/// group of civilians that belongs to a broader one (children, journalists) stands as that
/// broader actor with itself as the associate, as ACLED codes "Civilians (Syria)" with
/// "Women (Syria)".
pub fn sides(event: &EventFields, country: Option<Country>) -> Sides {
    let mut s = Sides::default();
    let by_role = |r: Role| event.actors.iter().filter(move |a| a.role == r);
    let mut second = by_role(Role::Actor2).chain(by_role(Role::Victim));
    let first = by_role(Role::Actor1).next();
    if let Some(a) = first {
        s.actor1 = Some((actor_name(a, country), inter_code(&a.category)));
    }
    let push = |list: &mut Vec<String>, name: String, taken: &Option<(String, u8)>| {
        if taken.as_ref().is_none_or(|(n, _)| *n != name) && !list.contains(&name) {
            list.push(name);
        }
    };
    if let Some(a) = second.next() {
        let parent = marsad_entities::actor_parent(&a.id).and_then(marsad_entities::actor);
        match parent.filter(|p| p.category == a.category) {
            Some(p) => {
                s.actor2 = Some((group_name(&p.en, &p.category, country), inter_code(&p.category)));
                s.assoc2.push(actor_name(a, country));
            }
            None => s.actor2 = Some((actor_name(a, country), inter_code(&a.category))),
        }
    }
    for a in second {
        push(&mut s.assoc2, actor_name(a, country), &s.actor2);
    }
    for a in by_role(Role::Actor1).skip(1).chain(by_role(Role::Associated)) {
        push(&mut s.assoc1, actor_name(a, country), &s.actor1);
    }
    s
}

/// ACLED marks an attack whose main or only target is civilians; battles between armed sides
/// are never so marked, even when civilians die in them.
pub fn civilian_targeting(event_type: &str, inter2: Option<u8>) -> bool {
    inter2 == Some(7) && matches!(event_type, "Violence against civilians" | "Explosions/Remote violence" | "Riots")
}

/// One CSV row; its fields are [`ACLED_COLUMNS`], in that order (a test holds them together).
#[derive(Debug, Clone, Serialize)]
pub struct AcledRow {
    pub event_id_cnty: String,
    pub event_date: Option<String>,
    pub year: Option<i16>,
    pub time_precision: Option<u8>,
    pub disorder_type: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: String,
    pub assoc_actor_1: String,
    pub inter1: Option<u8>,
    pub actor2: String,
    pub assoc_actor_2: String,
    pub inter2: Option<u8>,
    pub interaction: Option<u8>,
    pub civilian_targeting: String,
    pub iso: Option<u16>,
    pub region: String,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub admin3: String,
    pub location: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<u8>,
    pub source: String,
    /// Left empty: the outlet list does not record each outlet's reach.
    pub source_scale: String,
    pub notes: String,
    pub fatalities: u64,
    pub tags: String,
    pub timestamp: i64,
}

/// The outlets that report the happening, in document order, each once.
pub fn outlets(event: &EventFields, docs: &mut Documents) -> Result<Vec<String>, ExportError> {
    let mut out: Vec<String> = Vec::new();
    for id in event.doc_ids() {
        if let Some(d) = docs.get(id)? {
            let name = d.outlet_name().to_string();
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    Ok(out)
}

/// A short English account of the happening, then every fatality claim with its outlet, the
/// source the text credits and the figure as written, then every contradiction with each
/// figure apart. Figures are never summed or averaged here.
pub fn notes(h: &Happening, sides: &Sides, docs: &mut Documents) -> Result<String, ExportError> {
    let e = &h.event;
    let mut s = format!("{} ({})", e.sub_type, e.event_type);
    if let Some(p) = &e.place {
        s.push_str(&format!(" at {} ({})", p.en, p.ar));
        if !p.admin.is_empty() {
            s.push_str(&format!(", {}", p.admin.join(", ")));
        }
    }
    if let Some(d) = &e.date {
        if d.start == d.end {
            s.push_str(&format!(", on {}", d.start));
        } else {
            s.push_str(&format!(", {} to {} ({})", d.start, d.end, d.precision.as_str()));
        }
    }
    match (&sides.actor1, &sides.actor2) {
        (Some((a, _)), Some((b, _))) => s.push_str(&format!("; {a} against {b}")),
        (Some((a, _)), None) => s.push_str(&format!("; by {a}")),
        (None, Some((b, _))) => s.push_str(&format!("; {b} affected")),
        (None, None) => {}
    }
    if !e.weapons.is_empty() {
        s.push_str(&format!("; means: {}", e.weapons.join(", ")));
    }
    s.push('.');
    let mut claims: Vec<String> = Vec::new();
    for c in &e.claims {
        let Some(f) = &c.fatalities else { continue };
        let doc = doc_id(&c.doc);
        let info = match doc {
            Some(id) => docs.get(id)?,
            None => None,
        };
        let mut line = info.map_or_else(|| c.doc.clone(), |d| format!("{} ({})", d.outlet_name(), c.doc));
        if let Some(source) = &c.source {
            line.push_str(&format!(", citing {source}"));
        }
        if let Some(words) = f.span.and_then(|span| info?.words_at(span)) {
            line.push_str(&format!(": \"{words}\""));
        }
        let figure = match (f.low, f.high) {
            (Some(l), Some(h)) if h != l => format!("{l}-{h}"),
            (Some(l), _) => l.to_string(),
            (None, _) => "?".to_string(),
        };
        line.push_str(&format!(" = {figure} killed ({})", f.qualifier));
        if !claims.contains(&line) {
            claims.push(line);
        }
    }
    if !claims.is_empty() {
        s.push_str(&format!(" Fatality claims: {}.", claims.join("; ")));
    }
    for c in &h.contradictions {
        let each: Vec<String> = c
            .claims
            .iter()
            .map(|x| {
                let mut one = format!("{} ({})", x.value.as_deref().unwrap_or("?"), x.doc);
                if let Some(src) = &x.source {
                    one.push_str(&format!(" citing {src}"));
                }
                one
            })
            .collect();
        s.push_str(&format!(" Reports disagree on {}: {}.", c.field, each.join(" / ")));
    }
    if let (Some(n), Some((low, high))) = (e.conservative_fatalities(), e.fatalities_range())
        && low != high
    {
        s.push_str(&format!(" Coded fatalities: {n}, the lowest figure claimed."));
    }
    Ok(s)
}

/// The ACLED row of a happening. `timestamp` is the export's time (one value for the file).
pub fn row(h: &Happening, docs: &mut Documents, timestamp: i64) -> Result<AcledRow, ExportError> {
    let e = &h.event;
    let country = country_of(e);
    let sides = sides(e, country);
    let inter1 = sides.actor1.as_ref().map(|a| a.1);
    let inter2 = sides.actor2.as_ref().map(|a| a.1);
    let place = e.place.as_ref();
    let admin = |i: usize| place.and_then(|p| p.admin.get(i)).cloned().unwrap_or_default();
    let mut tags = Vec::new();
    tags.push(format!("marsad id={}", h.id.label()));
    tags.push(format!("evidence={}", evidence(h)));
    if let Some(m) = &e.modality {
        tags.push(format!("modality={m}"));
    }
    Ok(AcledRow {
        event_id_cnty: event_id_cnty(h.id, country),
        event_date: e.date.as_ref().map(|d| d.start.to_string()),
        year: e.date.as_ref().map(|d| d.start.year()),
        time_precision: e.date.as_ref().map(|d| time_precision(d.precision)),
        disorder_type: marsad_events::disorder_type(&e.sub_type).unwrap_or_default().to_string(),
        event_type: e.event_type.clone(),
        sub_event_type: e.sub_type.clone(),
        actor1: sides.actor1.as_ref().map(|a| a.0.clone()).unwrap_or_default(),
        assoc_actor_1: sides.assoc1.join("; "),
        inter1,
        actor2: sides.actor2.as_ref().map(|a| a.0.clone()).unwrap_or_default(),
        assoc_actor_2: sides.assoc2.join("; "),
        inter2,
        interaction: interaction(inter1, inter2),
        civilian_targeting: if civilian_targeting(&e.event_type, inter2) { "Civilian targeting".into() } else { String::new() },
        iso: country.map(Country::numeric),
        region: country.map(Country::region).unwrap_or_default().to_string(),
        country: country.map(Country::name).unwrap_or_default().to_string(),
        admin1: admin(0),
        admin2: admin(1),
        admin3: admin(2),
        location: place.map(|p| p.en.clone()).unwrap_or_default(),
        latitude: place.map(|p| p.lat),
        longitude: place.map(|p| p.lon),
        geo_precision: place.map(|p| p.precision),
        source: outlets(e, docs)?.join("; "),
        source_scale: String::new(),
        notes: notes(h, &sides, docs)?,
        fatalities: e.conservative_fatalities().unwrap_or(0),
        tags: tags.join("; "),
        timestamp,
    })
}

/// How well the happening is attested: the merged record's grade, or `single_source`.
pub fn evidence(h: &Happening) -> &str {
    h.event.evidence.as_deref().unwrap_or("single_source")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_s_fields_are_acled_s_columns_in_acled_s_order() {
        let mut w = csv::Writer::from_writer(Vec::new());
        let row = AcledRow {
            event_id_cnty: String::new(), event_date: None, year: None, time_precision: None,
            disorder_type: String::new(), event_type: String::new(), sub_event_type: String::new(),
            actor1: String::new(), assoc_actor_1: String::new(), inter1: None, actor2: String::new(),
            assoc_actor_2: String::new(), inter2: None, interaction: None, civilian_targeting: String::new(),
            iso: None, region: String::new(), country: String::new(), admin1: String::new(),
            admin2: String::new(), admin3: String::new(), location: String::new(), latitude: None,
            longitude: None, geo_precision: None, source: String::new(), source_scale: String::new(),
            notes: String::new(), fatalities: 0, tags: String::new(), timestamp: 0,
        };
        w.serialize(row).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out.lines().next().unwrap(), ACLED_COLUMNS.join(","));
    }

    #[test]
    fn interaction_puts_the_lower_code_first_and_a_sole_actor_as_n0() {
        assert_eq!(interaction(Some(8), Some(7)), Some(78));
        assert_eq!(interaction(Some(7), Some(1)), Some(17));
        assert_eq!(interaction(Some(2), None), Some(20));
        assert_eq!(interaction(None, Some(7)), None);
        assert_eq!(inter_code("external_forces"), 8);
        assert_eq!(inter_code("civilians"), 7);
    }

    #[test]
    fn civilians_are_named_by_country_and_armed_groups_by_the_registry() {
        assert_eq!(group_name("Women (civilians)", "civilians", Some(Country::Syria)), "Women (Syria)");
        assert_eq!(group_name("Civilians", "civilians", Some(Country::Iraq)), "Civilians (Iraq)");
        assert_eq!(group_name("Civilians", "civilians", None), "Civilians");
        assert_eq!(group_name("Syria Civil Defence (White Helmets)", "civilians", Some(Country::Syria)), "Syria Civil Defence (White Helmets)");
        assert_eq!(group_name("People's Protection Units (YPG)", "rebel_group", Some(Country::Syria)), "People's Protection Units (YPG)");
    }

    #[test]
    fn only_attacks_on_civilians_are_civilian_targeting() {
        assert!(civilian_targeting("Explosions/Remote violence", Some(7)));
        assert!(!civilian_targeting("Battles", Some(7)));
        assert!(!civilian_targeting("Explosions/Remote violence", Some(2)));
    }

    #[test]
    fn time_precision_follows_acled() {
        assert_eq!(time_precision(DatePrecision::Day), 1);
        assert_eq!(time_precision(DatePrecision::Week), 2);
        assert_eq!(time_precision(DatePrecision::Month), 3);
    }
}
