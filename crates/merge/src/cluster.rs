//! Which document-level events tell the same happening, and which documents form a story.

use crate::source::{Need, Source};
use crate::view::{EventView, PlaceView};
use crate::{DocView, NearDuplicate, Story};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

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
/// An undated document is compared for near-duplicates with the documents this near it too
/// (see `minhash`).
pub const STORED_NEAR: u64 = 300;

/// The open events of one type, by the map cell of their place and the 30-day period their
/// document was published in, for the sweep to find the events a new one is compared with:
/// those in the 3×3 coarse cells around its own place (every point within [`NEAR_KM`], a point
/// within 60 km of a region, and the places it names near it; a region named by a point farther
/// off is not compared, as before the sweep) and published in the same or a neighbouring period
/// (`fit` takes no two reports published more than 30 days apart); an event without a place or
/// without a publication date is compared with all of those that the other key allows.
/// Without the periods, the many events dated by a whole year (background: "in 2017") would
/// stay open for a year and be compared with every event of it. Lists are by event id; a list
/// emptied by closing groups is dropped, so that the slots held are those of the open events.
#[derive(Default)]
struct OpenOfType {
    lists: FxHashMap<Slot, Vec<u64>>,
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
    fn add(&mut self, e: &EventView) {
        self.lists.entry(slot(e)).or_default().push(e.id);
    }

    fn remove(&mut self, e: &EventView) {
        let key = slot(e);
        if let Some(list) = self.lists.get_mut(&key) {
            list.retain(|&x| x != e.id);
            if list.is_empty() {
                self.lists.remove(&key);
            }
        }
    }

    /// The open events `e` may fit.
    fn near(&self, e: &EventView) -> Vec<u64> {
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

/// Which group each event is in, groups numbered in the order they were formed; a group is
/// complete-link: every two of its events fit.
#[derive(Default)]
pub(crate) struct Grouping {
    group_of: FxHashMap<u64, u32>,
    /// The members of every group of two or more events (a single event's group is not
    /// listed: it holds only that event).
    members: FxHashMap<u32, Vec<u64>>,
    count: u32,
}

impl Grouping {
    /// A new group of the one event `id`.
    fn new_group(&mut self, id: u64) -> u32 {
        let g = self.count;
        self.count += 1;
        self.group_of.insert(id, g);
        g
    }

    /// The members of group `g`, of which `one` is one.
    fn members_of<'a>(&'a self, g: u32, one: &'a u64) -> &'a [u64] {
        self.members.get(&g).map_or(std::slice::from_ref(one), Vec::as_slice)
    }

    /// Puts `id` in the group `g` of the event `one`, or in a group of its own for `None`.
    fn put(&mut self, id: u64, into: Option<(u32, u64)>) {
        match into {
            Some((g, one)) => {
                self.members.entry(g).or_insert_with(|| vec![one]).push(id);
                self.group_of.insert(id, g);
            }
            None => {
                self.new_group(id);
            }
        }
    }

    /// Takes event `id` out of its group; a group left with one event is no longer listed.
    pub(crate) fn remove(&mut self, id: u64) {
        let Some(g) = self.group_of.remove(&id) else { return };
        if let Some(members) = self.members.get_mut(&g) {
            members.retain(|&m| m != id);
            if members.len() < 2 {
                self.members.remove(&g);
            }
        }
    }

    /// The group of event `id` and its members, when it has two or more.
    pub(crate) fn mates(&self, id: u64) -> &[u64] {
        self.group_of.get(&id).and_then(|g| self.members.get(g)).map_or(&[], Vec::as_slice)
    }

    /// The groups of two or more events, each as sorted event ids, sorted.
    pub(crate) fn groups(&self) -> Vec<Vec<u64>> {
        let mut out: Vec<Vec<u64>> = self
            .members
            .values()
            .map(|ids| {
                let mut ids = ids.clone();
                ids.sort_unstable();
                ids
            })
            .collect();
        out.sort();
        out
    }
}

/// Whether the sweep takes `e`: an event with a date of its own or from its document, except
/// one whose document is undated and whose own date names no day (a month, a year, "late
/// 2017"). Such an event has no period of publication to be filed under (see [`OpenOfType`]),
/// so in the sweep it met every event of its cells starting the same day whenever its
/// document was written: the background mentions of one month of the archive all start on
/// its first day, and their pairs grew with the square of the store (222,735 on one day at
/// 30,000 generated documents, about 22 million at 300,000). It is placed after the sweep as
/// the undated events are, among the documents stored near its own ([`place_late`]).
fn swept(e: &EventView) -> bool {
    match &e.date {
        Some(d) => e.published.is_some() || (d.end - d.start).get_days() <= WEEK_DAYS,
        None => false,
    }
}

/// Where a dated event stands in the sweep: the day its text states, or for an event dated only
/// by the week to its document's publication, that day, so that the reports that state the day
/// are grouped first and a vague one joins them after. No event starts more than [`WEEK_DAYS`]
/// before its day, so no later event can fit a member that ended more than the reach and that
/// before the sweep's day.
fn at(e: &EventView) -> jiff::civil::Date {
    let d = e.date.as_ref().expect("the sweep takes dated events");
    if d.span.is_none() && (d.end - d.start).get_days() <= WEEK_DAYS {
        d.end
    } else {
        d.start
    }
}

/// The merging sweep over dated events, fed a window of dates at a time.
///
/// Dated events are grouped in one sweep over their days, in date order (see [`at`]). Each
/// day's events are placed best pair first: their pairs with each other and with the events of
/// the open groups, by score (then event ids), join two groups when every member of one fits
/// every member of the other (complete link), the lower-numbered group taking the other's
/// members; groups are numbered in the order the sweep meets their first event. A group
/// closes once the sweep is more than [`REACH_DAYS`] and a week past the end date of one of
/// its members: no later event can fit that member, so none can join the group, and a closed
/// group is final. The sweep holds the views of the open groups' events only: its memory and
/// work follow the events within reach, not the whole archive.
///
/// Undated events (no date of their own nor from their document), and those [`swept`] leaves
/// out, are noted as they come and
/// placed after the sweep, by [`place_late`].
#[derive(Default)]
pub(crate) struct Sweep {
    grouping: Grouping,
    /// Dated events given whose day may still get more events.
    pending: Vec<EventView>,
    /// The events of the open groups, by id.
    views: FxHashMap<u64, EventView>,
    open: FxHashMap<Arc<str>, OpenOfType>,
    /// The members of the open groups.
    open_members: FxHashMap<u32, Vec<u64>>,
    /// Open groups by the earliest end date of their members.
    closing: BTreeSet<(jiff::civil::Date, u32)>,
    earliest_end: FxHashMap<u32, jiff::civil::Date>,
    /// Undated events, as (document, event).
    undated: Vec<(u64, u64)>,
}

impl Sweep {
    /// Takes a batch of events; with `until`, every event starting before that day has been
    /// given, and the days before it are swept.
    pub(crate) fn feed(&mut self, batch: Vec<EventView>, until: Option<jiff::civil::Date>) {
        for e in batch {
            if swept(&e) {
                self.pending.push(e);
            } else {
                self.undated.push((e.doc, e.id));
            }
        }
        if until.is_some() {
            self.sweep_before(until);
        }
    }

    /// Sweeps the days before `until`, or every day left for `None`.
    fn sweep_before(&mut self, until: Option<jiff::civil::Date>) {
        self.pending.sort_by_key(|e| (at(e), e.doc, e.id));
        let ready = until.map_or(self.pending.len(), |u| self.pending.partition_point(|e| at(e) < u));
        let mut days = self.pending.drain(..ready).collect::<Vec<_>>().into_iter().peekable();
        while let Some(first) = days.next() {
            let day = at(&first);
            let mut today = vec![first];
            while let Some(e) = days.next_if(|e| at(e) == day) {
                today.push(e);
            }
            self.sweep_day(day, today);
        }
    }

    fn sweep_day(&mut self, day: jiff::civil::Date, today: Vec<EventView>) {
        while let Some(&(end, g)) = self.closing.first()
            && (day - end).get_days() > REACH_DAYS + WEEK_DAYS
        {
            self.closing.pop_first();
            self.earliest_end.remove(&g);
            self.close(g);
        }
        // The day's events, each a group of its own at first, among the open ones.
        let ids: Vec<u64> = today.iter().map(|e| e.id).collect();
        for e in today {
            let g = self.grouping.new_group(e.id);
            self.open_members.insert(g, vec![e.id]);
            self.open.entry(Arc::clone(&e.event_type)).or_default().add(&e);
            let end = e.date.as_ref().expect("dated").end;
            self.closing.insert((end, g));
            self.earliest_end.insert(g, end);
            self.views.insert(e.id, e);
        }
        // Their pairs with each other and with the open events that fit, best first.
        let mut pairs: Vec<(f32, u64, u64)> = Vec::new();
        for &i in &ids {
            let e = &self.views[&i];
            for j in self.open[&*e.event_type].near(e) {
                let o = &self.views[&j];
                let earlier = at(o) < day || (o.doc, o.id) < (e.doc, e.id);
                if earlier && let Some(score) = fit(e, o) {
                    pairs.push((score, i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        // Groups only grow here, so two that could not be joined never can: a new event paired
        // with many members of a large group checks the group whole once, not once a pair.
        let mut apart: FxHashSet<(u32, u32)> = FxHashSet::default();
        for (_, i, j) in pairs {
            let Some((kept, gone)) = self.join(i, j, &mut apart) else {
                continue;
            };
            // Both groups are open: each of them holds one of the day's events.
            let (a, b) = (self.earliest_end[&kept], self.earliest_end.remove(&gone).expect("open"));
            self.closing.remove(&(a, kept));
            self.closing.remove(&(b, gone));
            let end = a.min(b);
            self.closing.insert((end, kept));
            self.earliest_end.insert(kept, end);
        }
    }

    /// Joins the groups of `i` and `j` when every member of one fits every member of the other:
    /// the lower-numbered group takes the other's members. Returns (kept, emptied) groups.
    /// Groups found not to fit are added to `apart`, and groups there are not checked again.
    fn join(&mut self, i: u64, j: u64, apart: &mut FxHashSet<(u32, u32)>) -> Option<(u32, u32)> {
        let (gi, gj) = (self.grouping.group_of[&i], self.grouping.group_of[&j]);
        let (kept, gone) = (gi.min(gj), gi.max(gj));
        if kept == gone || apart.contains(&(kept, gone)) {
            return None;
        }
        let whole = self.open_members[&kept].iter().all(|a| {
            self.open_members[&gone]
                .iter()
                .all(|b| fit(&self.views[a], &self.views[b]).is_some())
        });
        if !whole {
            apart.insert((kept, gone));
            return None;
        }
        let moved = self.open_members.remove(&gone).expect("open");
        for &m in &moved {
            self.grouping.group_of.insert(m, kept);
        }
        self.open_members.get_mut(&kept).expect("open").extend(moved);
        Some((kept, gone))
    }

    /// Closes group `g`: its events' views are dropped, its members kept by id.
    fn close(&mut self, g: u32) {
        let members = self.open_members.remove(&g).expect("open");
        for m in &members {
            let e = self.views.remove(m).expect("open");
            self.open.get_mut(&*e.event_type).expect("filed").remove(&e);
        }
        if members.len() >= 2 {
            self.grouping.members.insert(g, members);
        }
    }

    /// Sweeps the days left and closes every group.
    pub(crate) fn finish(mut self) -> Swept {
        self.sweep_before(None);
        let open: Vec<u32> = self.open_members.keys().copied().collect();
        for g in open {
            self.close(g);
        }
        Swept { grouping: self.grouping, undated: self.undated }
    }
}

/// What the sweep leaves: the groups of the dated events, and the undated events for
/// [`place_late`].
pub(crate) struct Swept {
    pub(crate) grouping: Grouping,
    /// As (document, event).
    pub(crate) undated: Vec<(u64, u64)>,
}

/// Views of the events of the documents stored around the undated one being placed, read
/// from the source as the window moves up the document ids, and of the few others placing
/// needs, read by id.
#[derive(Default)]
struct Nearby {
    docs: BTreeMap<u64, Vec<Filed>>,
    by_id: FxHashMap<u64, Rc<EventView>>,
    /// The highest document id read into the window.
    read_to: Option<u64>,
    /// Events read by id outside the window, the latest [`FAR_HELD`] or fewer; and those held
    /// before them, dropped when the latest fill up again unless asked for since (a member of
    /// a happening told for months is asked for by every report placed into it).
    far: FxHashMap<u64, Rc<EventView>>,
    far_before: FxHashMap<u64, Rc<EventView>>,
}

/// An event read for placing undated ones, with its slot (see [`OpenOfType`]), which every
/// undated event around it is checked against.
type Filed = (Rc<EventView>, Slot);

/// The events of document `doc`, filed.
fn read_filed<S: Source>(doc: u64, source: &mut S) -> Result<Vec<Filed>, S::Error> {
    Ok(source.events_of(doc)?.into_iter().map(|e| { let at = slot(&e); (Rc::new(e), at) }).collect())
}

/// Events read outside the window held before the lot is dropped.
const FAR_HELD: usize = 65_536;

impl Nearby {
    /// Holds the events of documents `lo..=hi` (ids that are no document have none).
    fn move_to<S: Source>(&mut self, lo: u64, hi: u64, source: &mut S) -> Result<(), S::Error> {
        while let Some(entry) = self.docs.first_entry()
            && *entry.key() < lo
        {
            for (e, _) in entry.remove() {
                self.by_id.remove(&e.id);
            }
        }
        let from = self.read_to.map_or(lo, |r| lo.max(r + 1));
        for doc in from..=hi {
            let events = read_filed(doc, source)?;
            if !events.is_empty() {
                for (e, _) in &events {
                    self.by_id.insert(e.id, Rc::clone(e));
                }
                self.docs.insert(doc, events);
            }
        }
        self.read_to = Some(self.read_to.map_or(hi, |r| r.max(hi)));
        Ok(())
    }

    /// Event `id`'s view if it is held, in the window or among those read outside it.
    fn held(&mut self, id: u64) -> Option<Rc<EventView>> {
        if let Some(e) = self.by_id.get(&id).or_else(|| self.far.get(&id)) {
            return Some(Rc::clone(e));
        }
        let e = self.far_before.remove(&id)?;
        self.hold_far(&e);
        Some(e)
    }

    fn view<S: Source>(&mut self, id: u64, source: &mut S) -> Result<Rc<EventView>, S::Error> {
        if let Some(e) = self.held(id) {
            return Ok(e);
        }
        let e = Rc::new(source.event(id, Need::Words)?);
        self.hold_far(&e);
        Ok(e)
    }

    /// Holds `e`, read outside the window, for the next asks.
    fn hold_far(&mut self, e: &Rc<EventView>) {
        if self.far.len() >= FAR_HELD {
            self.far_before = std::mem::take(&mut self.far);
        }
        self.far.insert(e.id, Rc::clone(e));
    }

    /// The events of document `doc`: from the window, else read.
    fn of_doc<S: Source>(&mut self, doc: u64, source: &mut S) -> Result<Vec<Filed>, S::Error> {
        if let Some(events) = self.docs.get(&doc) {
            return Ok(events.clone());
        }
        let events = read_filed(doc, source)?;
        for (e, _) in &events {
            self.hold_far(e);
        }
        Ok(events)
    }
}

/// Places events (document, event) after the sweep, the undated ones and those of documents
/// dated afterwards from their story: each is compared only with the events of its document's
/// copies (`original_of`: each copy's first article, as [`crate::NearDuplicate`] links them),
/// with the events `tied` to its document, and of the documents stored within `stored_near` ids of
/// its own ([`STORED_NEAR`] for undated events), and joins the group of one of those it fits
/// whole (the one whose weakest fit with it is strongest, the lowest group on a tie), or stays
/// single; in order of document and event. Undated, nothing else says which of the events at
/// their place they tell.
pub(crate) fn place_late<S: Source>(
    grouping: &mut Grouping,
    mut undated: Vec<(u64, u64)>,
    original_of: &HashMap<u64, u64>,
    tied: &HashMap<u64, Vec<u64>>,
    stored_near: u64,
    source: &mut S,
) -> Result<(), S::Error> {
    let root = |doc: u64| original_of.get(&doc).copied().unwrap_or(doc);
    let mut copies: HashMap<u64, Vec<u64>> = HashMap::new();
    for (&doc, &original) in original_of {
        copies.entry(original).or_default().push(doc);
    }
    undated.sort_unstable();
    let mut nearby = Nearby::default();
    for of_one_doc in undated.chunk_by(|a, b| a.0 == b.0) {
        // The events of the documents around this one, gathered once for all its events.
        let doc = of_one_doc[0].0;
        let (lo, hi) = (doc.saturating_sub(stored_near), doc.saturating_add(stored_near));
        nearby.move_to(lo, hi, source)?;
        let first = root(doc);
        let mut others: Vec<u64> = std::iter::once(first)
            .chain(copies.get(&first).into_iter().flatten().copied())
            .filter(|&d| d != doc && !(lo..=hi).contains(&d))
            .collect();
        others.sort_unstable();
        others.dedup();
        let mut pool: Vec<Filed> = nearby
            .docs
            .range(lo..=hi)
            .filter(|(d, _)| **d != doc)
            .flat_map(|(_, events)| events.iter().cloned())
            .collect();
        for d in others {
            pool.extend(nearby.of_doc(d, source)?);
        }
        for &id in tied.get(&doc).into_iter().flatten() {
            let e = nearby.view(id, source)?;
            let at = slot(&e);
            pool.push((e, at));
        }
        for &(_, id) in of_one_doc {
            let e = nearby.view(id, source)?;
            let mine = slot(&e);
            let candidates: Vec<&EventView> = pool
                .iter()
                .filter(|(j, at)| j.event_type == e.event_type && slots_meet(mine, *at))
                .map(|(j, _)| &**j)
                .filter(|j| grouping.group_of.contains_key(&j.id))
                .collect();
            let best = best_for(&e, &candidates, grouping, &mut nearby, source)?;
            grouping.put(id, best);
        }
    }
    Ok(())
}

/// The best group among those of `candidates` (events already grouped) that `e` fits whole:
/// the one whose weakest fit with `e` is strongest, the lowest group on a tie; as (group, one
/// of its events).
///
/// A group's weakest fit is at most its candidates' weakest, which is known before any other
/// member is looked at, and a group with a candidate `e` does not fit is out. So the groups are
/// tried from the highest such bound down, the best is found early, and a group whose bound
/// cannot beat it is not looked into: its members stored far away are not read. Within a
/// group, the members already held are tried first, and it is given up at the first that does
/// not fit or once its weakest cannot beat the best. (The members of a happening told for weeks
/// are stored far apart: at 1,000,000 generated documents, trying the groups in their order
/// read 29 million members by id, most of the time placing took.)
fn best_for<S: Source>(
    e: &EventView,
    candidates: &[&EventView],
    grouping: &Grouping,
    nearby: &mut Nearby,
    source: &mut S,
) -> Result<Option<(u32, u64)>, S::Error> {
    // Each group's bound and one of its events; no bound for a group with a candidate that
    // does not fit.
    let mut bounds: FxHashMap<u32, (Option<f32>, u64)> = FxHashMap::default();
    for j in candidates {
        let bound = bounds.entry(grouping.group_of[&j.id]).or_insert((Some(f32::INFINITY), j.id));
        bound.0 = bound.0.zip(fit(e, j)).map(|(b, s)| b.min(s));
    }
    let mut groups: Vec<(f32, u32, u64)> = bounds.into_iter().filter_map(|(g, (bound, one))| Some((bound?, g, one))).collect();
    groups.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut best: Option<(f32, (u32, u64))> = None;
    let mut far: Vec<u64> = Vec::new();
    'groups: for (bound, g, one) in groups {
        // Beaten: weaker than the best, or as strong and formed after it.
        let beaten = |weakest: f32| best.is_some_and(|(b, (bg, _))| weakest < b || (weakest == b && g > bg));
        if beaten(bound) {
            // So is every group after it: their bounds are lower, or as high and formed later.
            break;
        }
        let mut weakest = bound;
        far.clear();
        for &m in grouping.members_of(g, &one) {
            let Some(member) = nearby.held(m) else {
                far.push(m);
                continue;
            };
            match fit(e, &member) {
                Some(s) => weakest = weakest.min(s),
                None => continue 'groups,
            }
            if beaten(weakest) {
                continue 'groups;
            }
        }
        for &m in &far {
            match fit(e, &*nearby.view(m, source)?) {
                Some(s) => weakest = weakest.min(s),
                None => continue 'groups,
            }
            if beaten(weakest) {
                continue 'groups;
            }
        }
        best = Some((weakest, (g, one)));
    }
    Ok(best.map(|(_, g)| g))
}

/// Groups document-level events that tell one happening, at most one event per document in a
/// group: the dated ones in the [`Sweep`], then the undated ones ([`place_late`]). Only
/// groups spanning two or more documents are returned, as sorted event ids, sorted.
#[cfg(test)]
pub fn merge_events(events: &[EventView], original_of: &HashMap<u64, u64>) -> Vec<Vec<u64>> {
    let mut source = crate::InMemory::new(events, |_| Ok::<String, std::convert::Infallible>(String::new()));
    let mut sweep = Sweep::default();
    let Ok(()) = source.events(&mut |batch, until| sweep.feed(batch, until));
    let Swept { mut grouping, undated } = sweep.finish();
    let Ok(()) = place_late(&mut grouping, undated, original_of, &HashMap::new(), STORED_NEAR, &mut source);
    grouping.groups()
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

/// What stories need of an event, kept for every event while the sweep drops the views of
/// the groups it has closed.
pub(crate) struct Brief {
    pub(crate) id: u64,
    pub(crate) doc: u64,
    pub(crate) start: Option<jiff::civil::Date>,
    pub(crate) place: Option<Arc<PlaceView>>,
    pub(crate) sub_type: Arc<str>,
}

impl Brief {
    pub(crate) fn of(e: &EventView) -> Brief {
        Brief {
            id: e.id,
            doc: e.doc,
            start: e.date.as_ref().map(|d| d.start),
            place: e.place.clone(),
            sub_type: Arc::clone(&e.sub_type),
        }
    }
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
/// `events` are sorted by id.
pub(crate) fn stories(
    docs: &[DocView],
    events: &[Brief],
    merged: &[Vec<u64>],
    dups: &[NearDuplicate],
) -> Vec<Story> {
    let doc_of = |id: &u64| events.binary_search_by_key(id, |e| e.id).ok().map(|i| events[i].doc);
    // Documents tied by telling one happening, kept as each happening's documents and the
    // happenings each document tells, not as pairs: one that hundreds of outlets tell would
    // tie hundreds of thousands of pairs (18 million pairs at 300,000 generated documents,
    // a quarter of the stage's peak memory, and growing with the square of the largest).
    let told: Vec<Vec<u64>> = merged.iter().map(|group| group.iter().filter_map(doc_of).collect()).collect();
    let mut tells: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (g, docs) in told.iter().enumerate() {
        for &d in docs {
            tells.entry(d).or_default().push(g as u32);
        }
    }
    let mut copies: FxHashMap<u64, Vec<u64>> = FxHashMap::default();
    for d in dups {
        copies.entry(d.doc).or_default().push(d.original);
        copies.entry(d.original).or_default().push(d.doc);
    }
    let tied_to = |d: u64| {
        let happenings = tells.get(&d).into_iter().flatten().flat_map(|&g| &told[g as usize]);
        happenings.chain(copies.get(&d).into_iter().flatten()).copied().filter(move |&t| t != d)
    };
    let mut first_event: FxHashMap<u64, jiff::civil::Date> = FxHashMap::default();
    for e in events {
        if let Some(start) = e.start {
            let day = first_event.entry(e.doc).or_insert(start);
            *day = (*day).min(start);
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
    let mut story_of: FxHashMap<u64, usize> = FxHashMap::default();
    for d in &order {
        let mut tied: Vec<usize> = tied_to(d.id)
            .filter_map(|t| story_of.get(&t))
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
    let mut events_of: FxHashMap<u64, Vec<&Brief>> = FxHashMap::default();
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
    fn a_month_dated_event_of_an_undated_document_is_compared_with_those_stored_near_it() {
        let in_may = |id: u64, doc: u64, published: Option<i64>| {
            let mut e = strike_at_a(id, doc, Some(1));
            e.date.as_mut().expect("dated").end = may(31);
            e.published = published.map(may);
            e
        };
        // Both tell of a strike at `a` "in May"; document 1 was published on 20 May.
        let near = [in_may(1, 1, Some(20)), in_may(2, 2, None)];
        assert_eq!(merge_events(&near, &HashMap::new()), vec![vec![1, 2]]);
        // The undated document stored far from it: not compared, as an undated event is not.
        let far = [in_may(1, 1, Some(20)), in_may(2, 2 + STORED_NEAR, None)];
        assert!(fit(&far[0], &far[1]).is_some(), "they fit");
        assert!(merge_events(&far, &HashMap::new()).is_empty());
    }

    /// Groups `before`, then takes document 2 as dated afterwards, its events now `after`.
    fn regrouped(before: &[EventView], after: &[EventView]) -> Vec<Vec<u64>> {
        let docs: Vec<DocView> = [1, 2, 3].into_iter().map(|id| DocView::new(id, None, None, "", 0)).collect();
        let no_text = |_| Ok::<String, std::convert::Infallible>(String::new());
        let Ok(mut grouped) = crate::group(&docs, &mut crate::InMemory::new(before, no_text));
        let now: Vec<EventView> = before.iter().filter(|e| e.doc != 2).chain(after).cloned().collect();
        let Ok(()) = grouped.redated(&docs, &[2], &mut crate::InMemory::new(&now, no_text));
        grouped.grouping.groups()
    }

    #[test]
    fn a_happening_told_by_several_chosen_documents_is_given_once_to_all_of_them() {
        let events = [strike_at_a(1, 1, Some(10)), strike_at_a(2, 2, None), strike_at_a(3, 3, None)];
        let docs: Vec<DocView> = [1, 2, 3].into_iter().map(|id| DocView::new(id, None, None, "", 0)).collect();
        let no_text = |_| Ok::<String, std::convert::Infallible>(String::new());
        let mut source = crate::InMemory::new(&events, no_text);
        let Ok(grouped) = crate::group(&docs, &mut source);
        let Ok(told) = grouped.told_by(&[2, 3].into_iter().collect(), &mut source);
        assert_eq!(told.len(), 2, "documents 2 and 3, not 1");
        let (two, three) = (&told[&2], &told[&3]);
        assert_eq!((two.len(), three.len()), (1, 1));
        assert!(Rc::ptr_eq(&two[0], &three[0]), "one happening, shared");
        let day = Some((may(10), may(10)));
        assert_eq!(two[0].member_dates, vec![(1, day), (2, None), (3, None)]);
        assert_eq!(two[0].sub_type, "Air/drone strike");
    }

    #[test]
    fn a_document_dated_afterwards_has_its_new_events_placed_and_its_old_ones_gone() {
        let before = [strike_at_a(1, 1, Some(10)), strike_at_a(2, 2, None), strike_at_a(3, 3, Some(10))];
        assert_eq!(merge_events(&before, &HashMap::new()), vec![vec![1, 2, 3]]);
        // Dated the same day: the new event takes the old one's place.
        assert_eq!(regrouped(&before, &[strike_at_a(7, 2, Some(10))]), vec![vec![1, 3, 7]]);
        // Dated two months off: it fits nothing, and the others stay together.
        assert_eq!(regrouped(&before, &[strike_at_a(7, 2, Some(70))]), vec![vec![1, 3]]);
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
        let briefs: Vec<Brief> = events.iter().map(Brief::of).collect();
        let s = stories(&docs, &briefs, &merged, &[]);
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
