//! Which document-level events tell the same happening, and which documents form a story.

use crate::view::{EventView, PlaceView};
use crate::{DocView, NearDuplicate, Story};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    // A point inside a region: the region's id names one of the point's admin units, or the
    // point is within 60 km of it. (Comparing the region's name with the admin units' names
    // was tried: merged more tellings of different happenings on the seeds, see ARCHITECTURE.)
    let inside = |p: &PlaceView, region: &PlaceView| {
        p.admin.iter().any(|a| region.id.contains(a.as_str())) || km(p, region) <= 60.0
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
    if a.sub_type != b.sub_type && &*a.event_type != "Battles" {
        return None;
    }
    // Who acted must agree; in a clash or an agreement the sides have no order, so sharing one
    // side is enough.
    let symmetric = &*a.event_type == "Battles" || &*a.sub_type == "Agreement";
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
    // Days between the two dates, and whether both texts stated theirs. Checked before the
    // places and words, which cost more: dates too far apart rule the pair out whatever else
    // the two tellings share.
    let gap = match (&a.date, &b.date) {
        (Some(x), Some(y)) => {
            let days = if x.end < y.start {
                (y.start - x.end).get_days()
            } else if y.end < x.start {
                (x.start - y.end).get_days()
            } else {
                0
            };
            Some((days, x.span.is_some() && y.span.is_some()))
        }
        _ => None,
    };
    let max_gap = |stated: bool| if stated { DATE_SLACK_DAYS } else { 7 };
    if let Some((days, stated)) = gap
        && days > max_gap(stated)
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
    let dates = match gap {
        Some((0, _)) => 0.3,
        // Told on different dates, in the same words: one happening, dates in dispute.
        Some((_, true)) if words >= 2.0 * MIN_WORDS => 0.0,
        Some((_, false)) => 0.1,
        Some(_) => return None,
        None => 0.1,
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

/// The map cells the sweep files open events under: half a degree, about 55 km, so that the
/// 3×3 cells around an event hold the places it is compared with (a point inside a region lies
/// within 60 km of it, two points fit within [`NEAR_KM`]).
const COARSE: f64 = 0.5;
/// How far apart in time two tellings of one happening can be: [`fit`] allows no larger gap
/// between two events' dates (nor between their documents' publication dates). It is the
/// reach of the merging sweep and the longest span of a story.
pub const REACH_DAYS: i32 = DATE_SLACK_DAYS;

/// The longest an event dated only by the week to its publication may span: such an event
/// stands at its last day in the merging sweep.
const WEEK_DAYS: i32 = 7;

/// How many documents either side of an undated one, in the order they were stored, its events
/// are compared with besides its copies': a desk stores reports as they come, so those stored
/// next to it are of its days. Its story can then date it (`date_from_story` in the rebuild),
/// as the analysts date such a report. 0 compares undated events with their copies' alone.
pub const STORED_NEAR: u64 = 300;

/// The open events of one type, by the map cell of their place and the 30-day period their
/// document was published in, for the sweep to find the events a new one is compared with:
/// those in the 3×3 coarse cells around its own place (every point within [`NEAR_KM`], a point
/// within 60 km of a region, and the places it names near it; a region named by a point farther
/// off is not compared, as before the sweep) and published in the same or a neighbouring period
/// (`fit` takes no two reports published more than 30 days apart); an event without a place or
/// without a publication date is compared with all of those that the other key allows.
/// Without the periods, the many events dated by a whole year (background: "in 2017") would
/// stay open for a year and be compared with every event of it.
#[derive(Default)]
struct OpenOfType {
    lists: HashMap<Slot, Vec<usize>>,
}

/// Where an open event is filed: its coarse cell and its document's 30-day period of
/// publication, either unknown.
type Slot = (Option<(i32, i32)>, Option<i32>);

fn slot(e: &EventView) -> Slot {
    let period = e
        .published
        .map(|p| (p - jiff::civil::date(1970, 1, 1)).get_days().div_euclid(REACH_DAYS));
    (cell(e, COARSE), period)
}

/// Whether events filed under these slots may fit (see [`OpenOfType`]).
fn slots_meet((ca, pa): Slot, (cb, pb): Slot) -> bool {
    let cells = match (ca, cb) {
        (Some((ya, xa)), Some((yb, xb))) => (ya - yb).abs() <= 1 && (xa - xb).abs() <= 1,
        _ => true,
    };
    let periods = match (pa, pb) {
        (Some(a), Some(b)) => (a - b).abs() <= 1,
        _ => true,
    };
    cells && periods
}

impl OpenOfType {
    fn list(&mut self, e: &EventView) -> &mut Vec<usize> {
        self.lists.entry(slot(e)).or_default()
    }

    /// The open events `e` may fit.
    fn near(&self, e: &EventView) -> Vec<usize> {
        let mine = slot(e);
        let mut out = Vec::new();
        match mine {
            (Some((cy, cx)), Some(p)) => {
                let cells = (-1..=1)
                    .flat_map(|dy| (-1..=1).map(move |dx| Some((cy + dy, cx + dx))))
                    .chain([None]);
                for c in cells {
                    for period in [Some(p - 1), Some(p), Some(p + 1), None] {
                        out.extend(self.lists.get(&(c, period)).into_iter().flatten());
                    }
                }
            }
            _ => {
                for (&other, list) in &self.lists {
                    if slots_meet(mine, other) {
                        out.extend(list);
                    }
                }
            }
        }
        out
    }
}

/// Groups of events (indices into the events), each group a happening as far as the events
/// tell; a group is complete-link: every two of its events fit.
struct Groups<'a> {
    events: &'a [EventView],
    members: Vec<Vec<usize>>,
    group_of: HashMap<usize, usize>,
}

impl<'a> Groups<'a> {
    /// The best group among those of `candidates` (events already grouped) that `i` fits
    /// whole: the one whose weakest fit with `i` is strongest, the lowest group on a tie.
    fn best_for(&self, i: usize, candidates: &[usize]) -> Option<usize> {
        let e = &self.events[i];
        let mut groups: Vec<usize> = candidates
            .iter()
            .filter(|&&j| fit(e, &self.events[j]).is_some())
            .map(|j| self.group_of[j])
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let mut best: Option<(f32, usize)> = None;
        for g in groups {
            let weakest = self.members[g]
                .iter()
                .map(|&m| fit(e, &self.events[m]))
                .try_fold(f32::INFINITY, |w, s| s.map(|s| w.min(s)));
            if let Some(w) = weakest
                && best.is_none_or(|(b, _)| w > b)
            {
                best = Some((w, g));
            }
        }
        best.map(|(_, g)| g)
    }

    /// Joins the groups of `i` and `j` when every member of one fits every member of the other:
    /// the lower-numbered group takes the other's members. Returns (kept, emptied) groups.
    fn join(&mut self, i: usize, j: usize) -> Option<(usize, usize)> {
        let (gi, gj) = (self.group_of[&i], self.group_of[&j]);
        let (kept, gone) = (gi.min(gj), gi.max(gj));
        let whole = kept != gone
            && self.members[kept].iter().all(|&a| {
                self.members[gone]
                    .iter()
                    .all(|&b| fit(&self.events[a], &self.events[b]).is_some())
            });
        if !whole {
            return None;
        }
        let moved = std::mem::take(&mut self.members[gone]);
        for &m in &moved {
            self.group_of.insert(m, kept);
        }
        self.members[kept].extend(moved);
        Some((kept, gone))
    }

    /// Puts `i` in group `g`, or in a new group for `None`; returns its group.
    fn put(&mut self, i: usize, g: Option<usize>) -> usize {
        let g = g.unwrap_or_else(|| {
            self.members.push(Vec::new());
            self.members.len() - 1
        });
        self.members[g].push(i);
        self.group_of.insert(i, g);
        g
    }
}

/// Groups document-level events that tell one happening, at most one event per document in a
/// group. Only groups spanning two or more documents are returned, as sorted event ids, sorted.
///
/// Dated events are grouped in one sweep over their days, in date order, an event's day being
/// the start of its date, or the publication day for an event dated only by the week to it (so
/// that the reports that state the day are grouped first and a vague one joins them after).
/// Each day's events are placed best pair first: their pairs with each other and with the
/// events of the open groups, by score (then event ids), join two groups when every member of
/// one fits every member of the other (complete link), the lower-numbered group taking the
/// other's members; groups are numbered in the order the sweep meets their first event. A
/// group closes once the sweep is more than [`REACH_DAYS`] and a week past the end date of one
/// of its members: no later event can fit that member, so none can join the group, and a
/// closed group is final. The sweep holds only the open groups, so its work follows the events
/// within reach, not the whole archive.
///
/// Undated events (no date of their own nor from their document) are compared only with the
/// events of their document's copies (`original_of`: each copy's first article, as
/// [`crate::NearDuplicate`] links them) and of the documents stored within [`STORED_NEAR`] of
/// their own: they join the group of one of those they fit whole, or stay single. Undated,
/// nothing else says which of the events at their place they tell.
pub fn merge_events(events: &[EventView], original_of: &HashMap<u64, u64>) -> Vec<Vec<u64>> {
    let mut groups = Groups {
        events,
        members: Vec::new(),
        group_of: HashMap::new(),
    };
    let (mut dated, mut undated): (Vec<usize>, Vec<usize>) =
        (0..events.len()).partition(|&i| events[i].date.is_some());
    let date = |i: usize| events[i].date.as_ref().expect("dated");
    // Where an event stands in the sweep: the day its text states, or for an event dated only
    // by the week to its document's publication, that day, so that the reports that state the
    // day are grouped first and a vague one joins them after. No event starts more than
    // WEEK_DAYS before its day, so no later event can fit a member that ended more than the
    // reach and that before the sweep's day.
    let at = |i: usize| {
        let d = date(i);
        if d.span.is_none() && (d.end - d.start).get_days() <= WEEK_DAYS {
            d.end
        } else {
            d.start
        }
    };
    let lead = WEEK_DAYS;
    dated.sort_by_key(|&i| (at(i), events[i].doc, events[i].id));
    let mut open: HashMap<&str, OpenOfType> = HashMap::new();
    // Open groups by the earliest end date of their members.
    let mut closing: BTreeSet<(jiff::civil::Date, usize)> = BTreeSet::new();
    let mut earliest_end: HashMap<usize, jiff::civil::Date> = HashMap::new();
    for today in dated.chunk_by(|&a, &b| at(a) == at(b)) {
        let day = at(today[0]);
        while let Some(&(end, g)) = closing.first()
            && (day - end).get_days() > REACH_DAYS + lead
        {
            closing.pop_first();
            earliest_end.remove(&g);
            for &m in &groups.members[g] {
                let of_type = open.get_mut(events[m].event_type.as_ref()).expect("indexed");
                of_type.list(&events[m]).retain(|&x| x != m);
            }
        }
        // The day's events, each a group of its own at first, among the open ones.
        for &i in today {
            let g = groups.put(i, None);
            open.entry(events[i].event_type.as_ref())
                .or_default()
                .list(&events[i])
                .push(i);
            closing.insert((date(i).end, g));
            earliest_end.insert(g, date(i).end);
        }
        // Their pairs with each other and with the open events that fit, best first.
        let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
        for &i in today {
            for j in open[events[i].event_type.as_ref()].near(&events[i]) {
                let earlier = at(j) < day || (events[j].doc, events[j].id) < (events[i].doc, events[i].id);
                if earlier && let Some(score) = fit(&events[i], &events[j]) {
                    pairs.push((score, i, j));
                }
            }
        }
        let id = |i: usize| events[i].id;
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(id(a.1).cmp(&id(b.1))).then(id(a.2).cmp(&id(b.2))));
        for (_, i, j) in pairs {
            let Some((kept, gone)) = groups.join(i, j) else {
                continue;
            };
            // Both groups are open: each of them holds one of the day's events.
            let (a, b) = (earliest_end[&kept], earliest_end.remove(&gone).expect("open"));
            closing.remove(&(a, kept));
            closing.remove(&(b, gone));
            let end = a.min(b);
            closing.insert((end, kept));
            earliest_end.insert(kept, end);
        }
    }
    // Undated events, with the events of their copies and of the documents stored next to
    // their own.
    let root = |doc: u64| original_of.get(&doc).copied().unwrap_or(doc);
    let mut copies: HashMap<u64, Vec<u64>> = HashMap::new();
    for (&doc, &original) in original_of {
        copies.entry(original).or_default().push(doc);
    }
    let mut of_doc: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        of_doc.entry(e.doc).or_default().push(i);
    }
    undated.sort_by_key(|&i| (events[i].doc, events[i].id));
    let slots: Vec<Slot> = events.iter().map(slot).collect();
    for of_one_doc in undated.chunk_by(|&a, &b| events[a].doc == events[b].doc) {
        // The events of the documents around this one, gathered once for all its events.
        let doc = events[of_one_doc[0]].doc;
        let first = root(doc);
        let near = doc.saturating_sub(STORED_NEAR)..=doc.saturating_add(STORED_NEAR);
        let mut docs: Vec<u64> = std::iter::once(first)
            .chain(copies.get(&first).into_iter().flatten().copied())
            .chain(near)
            .filter(|&d| d != doc)
            .collect();
        docs.sort_unstable();
        docs.dedup();
        let pool: Vec<usize> = docs.iter().flat_map(|d| of_doc.get(d).into_iter().flatten().copied()).collect();
        for &i in of_one_doc {
            let mine = slots[i];
            let candidates: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|&j| events[j].event_type == events[i].event_type && slots_meet(mine, slots[j]))
                .filter(|j| groups.group_of.contains_key(j))
                .collect();
            let best = groups.best_for(i, &candidates);
            groups.put(i, best);
        }
    }
    let mut out: Vec<Vec<u64>> = groups
        .members
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
        match counts.iter_mut().find(|(s, _)| *s == &*e.sub_type) {
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

/// Stories: documents tied by a shared happening or by being copies of one article, no story
/// spanning more than [`REACH_DAYS`].
///
/// Decided in one sweep over the dated documents in order of (date, id), a document's date
/// being its publication date or else the earliest date of its events: each joins the stories
/// of the earlier documents it is tied to, the lowest-numbered first, as long as the story
/// (from its earliest date to this document's) stays within the reach, and a tie that would
/// stretch a story beyond it starts the later part as a new story. Documents without any date
/// then join the lowest-numbered story of the documents they are tied to (they stretch none),
/// in id order. Stories are numbered in the order the sweep opened them.
pub fn stories(
    docs: &[DocView],
    events: &[EventView],
    merged: &[Vec<u64>],
    dups: &[NearDuplicate],
) -> Vec<Story> {
    let doc_of: HashMap<u64, u64> = events.iter().map(|e| (e.id, e.doc)).collect();
    let mut ties: HashMap<u64, Vec<u64>> = HashMap::new();
    let mut tie = |a: u64, b: u64| {
        ties.entry(a).or_default().push(b);
        ties.entry(b).or_default().push(a);
    };
    for group in merged {
        let of: Vec<u64> = group.iter().filter_map(|e| doc_of.get(e).copied()).collect();
        for (k, &a) in of.iter().enumerate() {
            for &b in &of[k + 1..] {
                tie(a, b);
            }
        }
    }
    for d in dups {
        tie(d.doc, d.original);
    }
    let mut first_event: HashMap<u64, jiff::civil::Date> = HashMap::new();
    for e in events {
        if let Some(d) = &e.date {
            let day = first_event.entry(e.doc).or_insert(d.start);
            *day = (*day).min(d.start);
        }
    }
    let date = |d: &DocView| d.published.or_else(|| first_event.get(&d.id).copied());
    let mut order: Vec<&DocView> = docs.iter().collect();
    order.sort_by_key(|d| (date(d).is_none(), date(d), d.id));

    // Stories by number: their earliest date, and the story a merged one went into.
    let mut starts: Vec<Option<jiff::civil::Date>> = Vec::new();
    let mut into: Vec<usize> = Vec::new();
    fn find(into: &[usize], mut s: usize) -> usize {
        while into[s] != s {
            s = into[s];
        }
        s
    }
    let mut story_of: HashMap<u64, usize> = HashMap::new();
    for d in &order {
        let mut tied: Vec<usize> = ties
            .get(&d.id)
            .into_iter()
            .flatten()
            .filter_map(|t| story_of.get(t))
            .map(|&s| find(&into, s))
            .collect();
        tied.sort_unstable();
        tied.dedup();
        let mut mine: Option<usize> = None;
        for s in tied {
            let within = |start: Option<jiff::civil::Date>| match (start, date(d)) {
                (Some(a), Some(b)) => (b - a).get_days() <= REACH_DAYS,
                _ => true,
            };
            match mine {
                None if within(starts[s]) => mine = Some(s),
                // An undated document stretches no story, and so may not join two.
                Some(m) if date(d).is_some() => {
                    let start = starts[m].into_iter().chain(starts[s]).min();
                    if within(start) {
                        into[s] = m;
                        starts[m] = start;
                    }
                }
                _ => {}
            }
        }
        let s = mine.unwrap_or_else(|| {
            starts.push(date(d));
            into.push(into.len());
            into.len() - 1
        });
        if starts[s].is_none() {
            starts[s] = date(d);
        }
        story_of.insert(d.id, s);
    }
    let mut members: BTreeMap<usize, Vec<&DocView>> = BTreeMap::new();
    for d in docs {
        members
            .entry(find(&into, story_of[&d.id]))
            .or_default()
            .push(d);
    }
    let mut events_of: HashMap<u64, Vec<&EventView>> = HashMap::new();
    for e in events {
        events_of.entry(e.doc).or_default().push(e);
    }
    let mut out = Vec::new();
    for group in members.values().filter(|g| g.len() >= 2) {
        let ids: Vec<u64> = group.iter().map(|d| d.id).collect();
        let dates: Vec<jiff::civil::Date> = group.iter().filter_map(|d| d.published).collect();
        // Named for the place its events name most, and what happened there most.
        let mut places: BTreeMap<&str, usize> = BTreeMap::new();
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for e in ids.iter().filter_map(|d| events_of.get(d)).flatten() {
            if let Some(p) = &e.place {
                *places.entry(p.ar.as_str()).or_default() += 1;
            }
            *kinds.entry(e.sub_type.as_ref()).or_default() += 1;
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
        strike_on(id, doc, place, lat, lon, precision, Some("2019-05-10"))
    }

    /// Day `n` counted from 1 May 2019 (day 1).
    fn may(n: i64) -> jiff::civil::Date {
        jiff::civil::date(2019, 5, 1)
            .checked_add(jiff::Span::new().days(n - 1))
            .expect("in range")
    }

    /// The same strike at the village `a`, on day `day` from 1 May 2019 (undated for `None`).
    fn strike_at_a(id: u64, doc: u64, day: Option<i64>) -> EventView {
        let date = day.map(|d| may(d).to_string());
        strike_on(id, doc, "a", 35.5, 36.6, 1, date.as_deref())
    }

    fn strike_on(
        id: u64,
        doc: u64,
        place: &str,
        lat: f64,
        lon: f64,
        precision: u8,
        date: Option<&str>,
    ) -> EventView {
        let date = date.map_or("null".to_string(), |d| {
            format!(r#"{{"start":"{d}","end":"{d}","span":[0,5]}}"#)
        });
        let kind = if precision == 1 {
            "village"
        } else {
            "countryside"
        };
        let json = format!(
            r#"{{"type":"Explosions/Remote violence","sub_type":"Air/drone strike","date":{date},"place":{{"id":"{place}","ar":"{place}","lat":{lat},"lon":{lon},"admin":[],"kind":"{kind}","precision":{precision}}},"actors":[{{"id":"RUSSIA","role":"actor1"}}],"fatalities":null,"explain":{{"sentences":[[0,60]]}}}}"#
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
        assert_eq!(merge_events(&events, &HashMap::new()), vec![vec![1, 2]]);
    }

    #[test]
    fn points_farther_apart_than_the_near_distance_are_not() {
        // ~27 km apart north–south: neighbouring coarse cells, not near.
        let events = [
            strike(1, 1, "a", 35.40, 36.6, 1),
            strike(2, 2, "b", 35.64, 36.6, 1),
        ];
        assert!(merge_events(&events, &HashMap::new()).is_empty());
    }

    #[test]
    fn a_point_inside_a_region_fits_the_region_some_way_off() {
        // The countryside's centre ~40 km from the village: compared through the coarse cells.
        let events = [
            strike(1, 1, "village", 35.30, 40.50, 1),
            strike(2, 2, "countryside", 35.30, 40.06, 2),
        ];
        assert_eq!(merge_events(&events, &HashMap::new()), vec![vec![1, 2]]);
    }

    #[test]
    fn the_sweep_closes_a_group_once_past_the_reach_of_a_member() {
        // 1 and 2 are one happening (19 days apart, in the same words, dates in dispute); 3 is
        // 44 days after 1, beyond the reach: 1's group has closed, and 3 and 4 are another.
        let events = [
            strike_at_a(1, 1, Some(1)),
            strike_at_a(2, 2, Some(20)),
            strike_at_a(3, 3, Some(45)),
            strike_at_a(4, 4, Some(46)),
        ];
        assert!(fit(&events[1], &events[2]).is_some(), "3 fits 2, but not 1");
        assert_eq!(
            merge_events(&events, &HashMap::new()),
            vec![vec![1, 2], vec![3, 4]]
        );
    }

    #[test]
    fn an_undated_event_merges_with_its_copys_event_not_with_another_at_its_place() {
        // Document 5000 is a copy of 1; 9000 is not, and also tells an undated strike at `a`;
        // both were stored long after 1.
        let events = [
            strike_at_a(1, 1, Some(10)),
            strike_at_a(2, 5000, None),
            strike_at_a(3, 9000, None),
        ];
        assert!(fit(&events[0], &events[2]).is_some(), "3 fits 1 on its own");
        let copies = HashMap::from([(5000, 1)]);
        assert_eq!(merge_events(&events, &copies), vec![vec![1, 2]]);
        assert!(merge_events(&events, &HashMap::new()).is_empty());
    }

    #[test]
    fn an_undated_event_merges_with_one_of_a_document_stored_next_to_its_own() {
        let events = [
            strike_at_a(1, 1, Some(10)),
            strike_at_a(2, 1 + STORED_NEAR, None),
            strike_at_a(3, 2 + STORED_NEAR, None),
        ];
        // 2 is near enough to 1; 3, too far from 1, is near 2, which it fits, but not on its own.
        assert_eq!(merge_events(&events[..2], &HashMap::new()), vec![vec![1, 2]]);
        assert!(merge_events(&[events[0].clone(), events[2].clone()], &HashMap::new()).is_empty());
    }

    #[test]
    fn a_story_is_cut_where_it_would_span_more_than_the_reach() {
        let day = |d: i64| Some(may(d));
        let docs: Vec<DocView> = [(1, 1), (2, 20), (3, 40), (4, 41)]
            .into_iter()
            .map(|(id, d)| DocView::new(id, None, day(d), "", 0))
            .collect();
        let events: Vec<EventView> = [(1, 1), (2, 20), (3, 40), (4, 41)]
            .into_iter()
            .map(|(id, d)| strike_at_a(id, id, Some(d)))
            .collect();
        // A chain of happenings 1–2, 2–3, 3–4: 3 would stretch the story of 1 and 2 to 39 days.
        let merged = vec![vec![1, 2], vec![2, 3], vec![3, 4]];
        let s = stories(&docs, &events, &merged, &[]);
        let docs_of: Vec<Vec<u64>> = s.iter().map(|s| s.docs.clone()).collect();
        assert_eq!(docs_of, vec![vec![1, 2], vec![3, 4]]);
        assert_eq!((s[1].id, s[1].start, s[1].end), (2, day(40), day(41)));
    }

    #[test]
    fn the_sweep_compares_reports_published_within_a_period_of_each_other() {
        let published = |e: EventView, n: i64| EventView { published: Some(may(n)), ..e };
        let a = published(strike_at_a(1, 1, Some(1)), 1);
        let (near, far) = (published(strike_at_a(2, 2, Some(1)), 31), published(strike_at_a(3, 3, Some(1)), 70));
        assert!(slots_meet(slot(&a), slot(&near)));
        assert!(!slots_meet(slot(&a), slot(&far)));
        assert!(fit(&a, &far).is_none(), "fit takes no reports published so far apart");
        let unpublished = strike_at_a(4, 4, Some(1));
        assert!(slots_meet(slot(&far), slot(&unpublished)));
        assert_eq!(
            merge_events(&[a, near, far], &HashMap::new()),
            vec![vec![1, 2]]
        );
    }
}
