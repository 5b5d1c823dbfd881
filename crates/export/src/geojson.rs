//! The GeoJSON export (RFC 7946): a FeatureCollection of the happenings whose place is
//! resolved, each a Point at [longitude, latitude] (WGS 84) with the main fields as
//! properties. Happenings without coordinates are counted, not written.
//!
//! One feature per line, so a diff of two exports reads feature by feature.

use crate::acled::{self, country_of, event_id_cnty, sides};
use crate::happening::{Documents, Happening, for_each_happening};
use crate::{ExportError, ExportStats};
use marsad_store::Store;
use serde_json::{Map, Value, json};
use std::io::Write;

/// Writes the collection; returns what was written and how many were left out.
pub fn write_geojson(store: &Store, out: &mut dyn Write) -> Result<ExportStats, ExportError> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    let mut stats = ExportStats::default();
    let mut docs = Documents::new(store);
    let mut first = true;
    for_each_happening(store, |h| {
        let feature = feature(&h, &mut docs)?;
        stats.count(&h, feature.is_some());
        if let Some(feature) = feature {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *out, &feature).map_err(std::io::Error::from)?;
            stats.written += 1;
        }
        Ok(())
    })?;
    out.write_all(b"\n]}\n")?;
    Ok(stats)
}

/// The feature of a happening, or `None` when its place has no coordinates.
fn feature(h: &Happening, docs: &mut Documents) -> Result<Option<Value>, ExportError> {
    let e = &h.event;
    let Some(place) = e.place.as_ref().filter(|p| valid(p.lon, p.lat)) else { return Ok(None) };
    let country = country_of(e);
    let sides = sides(e, country);
    let range = e.fatalities_range();
    let mut p = Map::new();
    p.insert("id".into(), json!(event_id_cnty(h.id, country)));
    p.insert("marsad_id".into(), json!(h.id.label()));
    p.insert("date".into(), json!(e.date.as_ref().map(|d| d.start.to_string())));
    p.insert("date_end".into(), json!(e.date.as_ref().map(|d| d.end.to_string())));
    p.insert("date_precision".into(), json!(e.date.as_ref().map(|d| d.precision.as_str())));
    p.insert("event_type".into(), json!(e.event_type));
    p.insert("sub_event_type".into(), json!(e.sub_type));
    p.insert("disorder_type".into(), json!(marsad_events::disorder_type(&e.sub_type)));
    p.insert("actor1".into(), json!(sides.actor1.as_ref().map(|a| &a.0)));
    p.insert("assoc_actor_1".into(), json!(sides.assoc1.join("; ")));
    p.insert("actor2".into(), json!(sides.actor2.as_ref().map(|a| &a.0)));
    p.insert("assoc_actor_2".into(), json!(sides.assoc2.join("; ")));
    p.insert("place_id".into(), json!(place.id));
    p.insert("place_ar".into(), json!(place.ar));
    p.insert("place_en".into(), json!(place.en));
    p.insert("admin1".into(), json!(place.admin.first()));
    p.insert("country".into(), json!(country.map(acled::Country::name)));
    p.insert("geo_precision".into(), json!(place.precision));
    p.insert("fatalities".into(), json!(e.conservative_fatalities().unwrap_or(0)));
    p.insert("fatalities_low".into(), json!(range.map(|r| r.0)));
    p.insert("fatalities_high".into(), json!(range.map(|r| r.1)));
    // Lists as text: QGIS reads array properties poorly, and "; " is the CSV's separator too.
    p.insert("outlets".into(), json!(acled::outlets(e, docs)?.join("; ")));
    p.insert("reports".into(), json!(e.docs.len()));
    p.insert("claims".into(), json!(e.claims.len()));
    p.insert("has_contradiction".into(), json!(!h.contradictions.is_empty()));
    p.insert("evidence".into(), json!(acled::evidence(h)));
    p.insert("notes".into(), json!(acled::notes(h, &sides, docs)?));
    Ok(Some(json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": Value::Object(p),
    })))
}

/// Coordinates RFC 7946 allows (and not the 0,0 of a place stored without any).
fn valid(lon: f64, lat: f64) -> bool {
    lon.is_finite() && lat.is_finite() && (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) && (lon, lat) != (0.0, 0.0)
}
