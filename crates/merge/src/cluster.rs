//! Which document-level events tell the same happening, and which documents form a story.

use crate::view::{EventView, PlaceView};
use crate::{DocView, NearDuplicate, Story};
use std::collections::{BTreeMap, HashMap};

/// Two points closer than this may be one place named two ways (a village and the town next
/// to it, a field and the village it is named after).
const NEAR_KM: f64 = 15.0;
/// Dates the documents give for one happening may disagree by up to this many days (and the
/// disagreement is then reported); further apart they are two happenings.
const DATE_SLACK_DAYS: i32 = 30;
/// Share of content words two tellings must have in common when nothing stronger ties them.
const MIN_WORDS: f32 = 0.08;

fn km(a: &PlaceView, b: &PlaceView) -> f64 {
    let (la, lb) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lb - la;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlon / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.sqrt().asin()
}

fn is_point(p: &PlaceView) -> bool {
    p.precision == 1
        || (p.precision == 2 && !matches!(p.kind.as_str(), "countryside" | "desert" | "area"))
}

fn key(s: &str) -> String {
    s.trim_end_matches(" countryside")
        .trim_end_matches(" desert")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// How well two places fit one happening: `None` when they cannot be the same.
fn place_fit(a: &EventView, b: &EventView) -> Option<f32> {
    let (Some(x), Some(y)) = (&a.place, &b.place) else {
        return Some(0.2);
    };
    if x.id == y.id {
        return Some(1.0);
    }
    let named = |e: &EventView, id: &str| e.place_ids().any(|p| p == id);
    if named(a, &y.id) || named(b, &x.id) {
        return Some(0.8);
    }
    if is_point(x) && is_point(y) {
        return (km(x, y) <= NEAR_KM).then_some(0.6);
    }
    // A point inside a region: the region's name among the point's admin units.
    let inside = |p: &PlaceView, region: &PlaceView| {
        let name = region
            .ar
            .split_once(' ')
            .map_or(region.ar.as_str(), |(_, rest)| rest);
        p.admin.iter().any(|a| key(a) == key(name))
            || p.admin.iter().any(|a| region.id.contains(a.as_str()))
            || km(p, region) <= 60.0
    };
    (inside(x, y) || inside(y, x)).then_some(0.4)
}

/// How many content words two events' sentences share (both lists sorted).
fn common_words(a: &[u64], b: &[u64]) -> usize {
    crate::minhash::shared(a, b)
}

/// How well two document-level events fit one happening, or `None`.
fn fit(a: &EventView, b: &EventView) -> Option<f32> {
    if a.doc == b.doc || a.event_type != b.event_type {
        return None;
    }
    if a.sub_type != b.sub_type && a.event_type != "Battles" {
        return None;
    }
    // Who acted must agree; in a clash or an agreement the sides have no order, so sharing one
    // side is enough.
    let symmetric = a.event_type == "Battles" || a.sub_type == "Agreement";
    if symmetric {
        if a.sides().next().is_some()
            && b.sides().next().is_some()
            && !a.sides().any(|i| b.sides().any(|j| i == j))
        {
            return None;
        }
    } else if let (Some(x), Some(y)) = (a.actor1(), b.actor1())
        && x != y
    {
        return None;
    }
    // Reports published weeks apart are about different days, whatever they share.
    if let (Some(x), Some(y)) = (a.published, b.published)
        && (x - y).get_days().abs() > DATE_SLACK_DAYS
    {
        return None;
    }
    let place = place_fit(a, b)?;
    let common = common_words(&a.words, &b.words);
    let words = if common == 0 {
        0.0
    } else {
        common as f32 / a.words.len().min(b.words.len()) as f32
    };
    let dates = match (&a.date, &b.date) {
        (Some(x), Some(y)) => {
            let gap = if x.end < y.start {
                (y.start - x.end).get_days()
            } else if y.end < x.start {
                (x.start - y.end).get_days()
            } else {
                0
            };
            let stated = x.span.is_some() && y.span.is_some();
            if gap == 0 {
                0.3
            } else if stated && gap <= DATE_SLACK_DAYS && words >= 2.0 * MIN_WORDS {
                // Told on different dates, in the same words: one happening, dates in dispute.
                0.0
            } else if !stated && gap <= 7 {
                0.1
            } else {
                return None;
            }
        }
        _ => 0.1,
    };
    // More places named in common, and a toll reported by both, tie two tellings closer.
    let mut mine: Vec<&str> = a.place_ids().collect();
    mine.sort_unstable();
    mine.dedup();
    let shared = mine
        .iter()
        .filter(|&&id| b.place_ids().any(|p| p == id))
        .count()
        .saturating_sub(1) as f32;
    let tolls = if a.fatalities.is_some() && b.fatalities.is_some() {
        0.3
    } else {
        0.0
    };
    // Without a place on both sides, only a telling in much the same words ties them.
    let placeless = a.place.is_none() || b.place.is_none();
    let enough = if placeless {
        words >= 3.0 * MIN_WORDS && common >= 4
    } else {
        words >= MIN_WORDS || place >= 0.8
    };
    enough.then_some(place + dates + words + 0.15 * shared + tolls)
}

/// The map cell of an event's place on a grid of `size` degrees.
fn cell(e: &EventView, size: f64) -> Option<(i32, i32)> {
    e.place
        .as_ref()
        .map(|p| ((p.lat / size).floor() as i32, (p.lon / size).floor() as i32))
}

/// Cells for regions and anything compared with one (half a degree, about 55 km: a point inside
/// a region lies within 60 km of it).
const COARSE: f64 = 0.5;
/// Cells for two points, which fit only within [`NEAR_KM`]: 0.2° is at least 17 km east–west at
/// 37° N and 22 km north–south, so the 3×3 cells around a point hold every point that near.
const FINE: f64 = 0.2;

fn is_point_event(e: &EventView) -> bool {
    e.place.as_ref().is_some_and(is_point)
}

/// A scored pair of events (score, lower index, higher index): compact, as a dense corpus has
/// hundreds of fitting pairs per event.
type Pair = (f32, u32, u32);

/// Groups document-level events that tell one happening: complete-link clustering (every pair
/// in a group fits), best pairs first, at most one event per document in a group. Only groups
/// spanning two or more documents are returned.
pub fn merge_events(_docs: &[DocView], events: &[EventView]) -> Vec<Vec<u64>> {
    let mut by_type: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        by_type.entry(e.event_type.as_str()).or_default().push(i);
    }
    // Only events that could fit are compared: dated ones within the date slack of each other
    // (a sliding window over events sorted by date), undated ones with those naming the same
    // place. This keeps the work near-linear in the number of events.
    assert!(u32::try_from(events.len()).is_ok(), "more events than merging can index");
    let mut pairs: Vec<Pair> = Vec::new();
    let consider = |i: usize, j: usize, pairs: &mut Vec<Pair>| {
        if let Some(score) = fit(&events[i], &events[j]) {
            pairs.push((score.max(0.0), i.min(j) as u32, i.max(j) as u32));
        }
    };
    for members in by_type.values() {
        let (mut dated, undated): (Vec<usize>, Vec<usize>) =
            members.iter().partition(|&&i| events[i].date.is_some());
        dated.sort_by_key(|&i| events[i].date.as_ref().map(|d| d.start));
        let start = |i: usize| events[i].date.as_ref().map(|d| d.start).expect("dated");
        let end = |i: usize| events[i].date.as_ref().map(|d| d.end).expect("dated");
        // Dated events with a place: two points are compared when in the same or a neighbouring
        // fine cell, anything else with a region when in the same or a neighbouring coarse cell,
        // and an event with those whose place it names; always within the date slack. Dated
        // events without a place: with every dated event within the slack.
        let mut fine: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        let mut coarse_all: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        let mut coarse_regions: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        let mut by_main_place: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in &dated {
            let Some(c) = cell(&events[i], COARSE) else {
                continue;
            };
            coarse_all.entry(c).or_default().push(i);
            if is_point_event(&events[i]) {
                fine.entry(cell(&events[i], FINE).expect("placed"))
                    .or_default()
                    .push(i);
            } else {
                coarse_regions.entry(c).or_default().push(i);
            }
            if let Some(p) = &events[i].place {
                by_main_place.entry(p.id.as_str()).or_default().push(i);
            }
        }
        let mut by_end = dated.clone();
        by_end.sort_by_key(|&i| end(i));
        // Those of `list` (sorted by start) that start from `i`'s start to the slack after its end.
        let window = |i: usize, list: &[usize], pairs: &mut Vec<Pair>| {
            let from = list.partition_point(|&j| start(j) < start(i));
            for &j in &list[from..] {
                if (start(j) - end(i)).get_days() > DATE_SLACK_DAYS {
                    break;
                }
                if j != i {
                    consider(i, j, pairs);
                }
            }
        };
        let around = |grid: &HashMap<(i32, i32), Vec<usize>>,
                      (cy, cx): (i32, i32),
                      i: usize,
                      pairs: &mut Vec<Pair>| {
            for dy in -1..=1 {
                for dx in -1..=1 {
                    if let Some(list) = grid.get(&(cy + dy, cx + dx)) {
                        window(i, list, pairs);
                    }
                }
            }
        };
        for &i in &dated {
            match cell(&events[i], COARSE) {
                Some(coarse) => {
                    if is_point_event(&events[i]) {
                        around(
                            &fine,
                            cell(&events[i], FINE).expect("placed"),
                            i,
                            &mut pairs,
                        );
                        around(&coarse_regions, coarse, i, &mut pairs);
                    } else {
                        around(&coarse_all, coarse, i, &mut pairs);
                    }
                    // Points at a place this one also names, in the coarse cells around it (two
                    // points farther apart than the fine cells fit only so).
                    let near = |j: usize| {
                        cell(&events[j], COARSE).is_some_and(|(y, x)| {
                            (y - coarse.0).abs() <= 1 && (x - coarse.1).abs() <= 1
                        })
                    };
                    for p in events[i].also_places.iter().map(|p| p.id.as_str()) {
                        for &j in by_main_place.get(p).into_iter().flatten() {
                            let within = if start(j) >= start(i) {
                                (start(j) - end(i)).get_days() <= DATE_SLACK_DAYS
                            } else {
                                (start(i) - end(j)).get_days() <= DATE_SLACK_DAYS
                            };
                            if j != i && within && near(j) {
                                consider(i, j, &mut pairs);
                            }
                        }
                    }
                }
                None => {
                    // Those that start within the slack of its end (a window of the list by
                    // start), then those that end within the slack of its start (by end).
                    let near_end =
                        |j: usize| (start(j) - end(i)).get_days().abs() <= DATE_SLACK_DAYS;
                    let from = dated
                        .partition_point(|&j| (start(j) - end(i)).get_days() < -DATE_SLACK_DAYS);
                    for &j in dated[from..].iter().take_while(|&&j| near_end(j)) {
                        if j != i {
                            consider(i, j, &mut pairs);
                        }
                    }
                    let from = by_end
                        .partition_point(|&j| (start(i) - end(j)).get_days() > DATE_SLACK_DAYS);
                    for &j in by_end[from..]
                        .iter()
                        .take_while(|&&j| (start(i) - end(j)).get_days() >= -DATE_SLACK_DAYS)
                    {
                        if j != i && !near_end(j) {
                            consider(i, j, &mut pairs);
                        }
                    }
                }
            }
        }
        let mut by_place: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in members {
            for p in events[i].place_ids() {
                by_place.entry(p).or_default().push(i);
            }
        }
        let mut seen: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
        for &i in &undated {
            for p in events[i].place_ids() {
                for &j in &by_place[p] {
                    if j != i
                        && seen.insert((i.min(j), i.max(j)))
                        && !(events[j].date.is_none() && j < i)
                    {
                        consider(i, j, &mut pairs);
                    }
                }
            }
        }
    }
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    pairs.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
    // The pairs already known to fit, looked up before `fit` is run again for the complete-link
    // check (which otherwise re-scores every pair across two groups at every join).
    let key = |a: usize, b: usize| ((a.min(b) as u64) << 32) | a.max(b) as u64;
    let mut fitting: Vec<u64> = pairs.iter().map(|p| key(p.1 as usize, p.2 as usize)).collect();
    fitting.sort_unstable();
    let fits = |a: usize, b: usize| {
        events[a].doc != events[b].doc
            && (fitting.binary_search(&key(a, b)).is_ok()
                || fit(&events[a], &events[b]).is_some())
    };
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut group_of: Vec<usize> = (0..events.len()).collect();
    let mut groups: Vec<Vec<usize>> = (0..events.len()).map(|i| vec![i]).collect();
    // Two groups that failed the complete-link test fail it for good: groups only grow, and
    // the pair that did not fit stays inside them. A group keeps the id of the one it absorbed
    // into, so the failures of the absorbed group are looked up under the survivor's id too.
    let mut failed: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for (_, i, j) in pairs {
        let (i, j) = (i as usize, j as usize);
        let (gi, gj) = (group_of[i], group_of[j]);
        if gi == gj || failed.contains(&(gi.min(gj), gi.max(gj))) {
            continue;
        }
        let ok = groups[gi]
            .iter()
            .all(|&a| groups[gj].iter().all(|&b| fits(a, b)));
        if ok {
            let moved = std::mem::take(&mut groups[gj]);
            for &m in &moved {
                group_of[m] = gi;
            }
            groups[gi].extend(moved);
        } else {
            failed.insert((gi.min(gj), gi.max(gj)));
        }
    }
    let mut out: Vec<Vec<u64>> = groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .map(|g| {
            let mut ids: Vec<u64> = g.iter().map(|&i| events[i].id).collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    out.sort();
    out
}

/// The sub-type most members give (the first member's on a tie).
pub fn sub_type(evs: &[&EventView]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for e in evs {
        match counts.iter_mut().find(|(s, _)| *s == e.sub_type) {
            Some((_, n)) => *n += 1,
            None => counts.push((&e.sub_type, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .iter()
        .find(|(_, n)| *n == best)
        .map_or(String::new(), |(s, _)| s.to_string())
}

/// Stories: documents tied by a shared happening or by being copies of one article.
pub fn stories(
    docs: &[DocView],
    events: &[EventView],
    merged: &[Vec<u64>],
    dups: &[NearDuplicate],
) -> Vec<Story> {
    let index: HashMap<u64, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let join = |parent: &mut Vec<usize>, a: u64, b: u64| {
        if let (Some(&x), Some(&y)) = (index.get(&a), index.get(&b)) {
            let (rx, ry) = (root(parent, x), root(parent, y));
            if rx != ry {
                parent[ry.max(rx)] = ry.min(rx);
            }
        }
    };
    let doc_of: HashMap<u64, u64> = events.iter().map(|e| (e.id, e.doc)).collect();
    for group in merged {
        for w in group.windows(2) {
            join(&mut parent, doc_of[&w[0]], doc_of[&w[1]]);
        }
    }
    for d in dups {
        join(&mut parent, d.doc, d.original);
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..docs.len() {
        let r = root(&mut parent, i);
        members.entry(r).or_default().push(i);
    }
    let mut events_of: HashMap<u64, Vec<&EventView>> = HashMap::new();
    for e in events {
        events_of.entry(e.doc).or_default().push(e);
    }
    let mut out = Vec::new();
    for group in members.values().filter(|g| g.len() >= 2) {
        let ids: Vec<u64> = group.iter().map(|&i| docs[i].id).collect();
        let dates: Vec<jiff::civil::Date> =
            group.iter().filter_map(|&i| docs[i].published).collect();
        // Named for the place its events name most, and what happened there most.
        let mut places: BTreeMap<&str, usize> = BTreeMap::new();
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for e in ids.iter().filter_map(|d| events_of.get(d)).flatten() {
            if let Some(p) = &e.place {
                *places.entry(p.ar.as_str()).or_default() += 1;
            }
            *kinds.entry(e.sub_type.as_str()).or_default() += 1;
        }
        let top = |m: &BTreeMap<&str, usize>| {
            m.iter()
                .max_by_key(|(_, n)| **n)
                .map(|(k, _)| k.to_string())
                .unwrap_or_default()
        };
        out.push(Story {
            id: out.len() as u64 + 1,
            label: format!("{}: {}", top(&places), top(&kinds)),
            start: dates.iter().min().copied(),
            end: dates.iter().max().copied(),
            docs: ids,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An air strike at a point, told by document `doc` on 2019-05-10.
    fn strike(id: u64, doc: u64, place: &str, lat: f64, lon: f64, precision: u8) -> EventView {
        let kind = if precision == 1 {
            "village"
        } else {
            "countryside"
        };
        let json = format!(
            r#"{{"type":"Explosions/Remote violence","sub_type":"Air/drone strike","date":{{"start":"2019-05-10","end":"2019-05-10","span":[0,5]}},"place":{{"id":"{place}","ar":"{place}","lat":{lat},"lon":{lon},"admin":[],"kind":"{kind}","precision":{precision}}},"actors":[{{"id":"RUSSIA","role":"actor1"}}],"fatalities":null,"explain":{{"sentences":[[0,60]]}}}}"#
        );
        let mut e: EventView = serde_json::from_str(&json).expect("event view");
        e.id = id;
        e.doc = doc;
        e.with_words("شنت طائرات حربية روسية غارات على القرية وقتل مدنيون")
    }

    #[test]
    fn points_near_each_other_across_a_coarse_cell_boundary_are_one_happening() {
        // 35.49 and 35.51 lie in different half-degree cells, ~2.2 km apart.
        let events = [
            strike(1, 1, "a", 35.49, 36.6, 1),
            strike(2, 2, "b", 35.51, 36.6, 1),
        ];
        assert_eq!(merge_events(&[], &events), vec![vec![1, 2]]);
    }

    #[test]
    fn points_farther_apart_than_the_near_distance_are_not() {
        // ~27 km apart north–south: neighbouring coarse cells, not near.
        let events = [
            strike(1, 1, "a", 35.40, 36.6, 1),
            strike(2, 2, "b", 35.64, 36.6, 1),
        ];
        assert!(merge_events(&[], &events).is_empty());
    }

    #[test]
    fn a_point_inside_a_region_fits_the_region_some_way_off() {
        // The countryside's centre ~40 km from the village: compared through the coarse cells.
        let events = [
            strike(1, 1, "village", 35.30, 40.50, 1),
            strike(2, 2, "countryside", 35.30, 40.06, 2),
        ];
        assert_eq!(merge_events(&[], &events), vec![vec![1, 2]]);
    }
}
