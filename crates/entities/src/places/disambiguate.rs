//! Choosing which gazetteer entry each found name is, from the document as a whole: the other
//! places it names, the admin units named near them, the kind word before the name and each
//! entry's prominence. Weak matches (common words, a missing article, a spelling one letter
//! off) are accepted only where the text and the map both back them.

use super::gazetteer::{Class, Entry, FastMap, Gazetteer, NO_ADMIN};
use super::matcher::{Found, Hit, NAMING_KINDS};
use crate::{Candidate, Entity, GeoPrecision, Mention, MentionKind, PlaceEntity};
use marsad_arabic::Token;
use std::fmt::Write;

/// Runner-up candidates kept on a mention.
const MAX_CANDIDATES: usize = 4;
/// A spelling one letter off must sit this close to a place the document names for sure.
const FUZZY_KM: f64 = 60.0;
/// Beyond this another place of the document adds nothing to an entry's score.
const NEAR_KM: f64 = 100.0;

#[derive(Debug, Clone, Copy)]
struct Scored {
    hit: Hit,
    score: f32,
}

/// Great-circle distance in km.
pub(crate) fn km(a: &Entry, b: &Entry) -> f64 {
    let p = std::f64::consts::PI / 180.0;
    let x = (b.lon - a.lon) * p * ((a.lat + b.lat) / 2.0 * p).cos();
    let y = (b.lat - a.lat) * p;
    6371.0 * (x * x + y * y).sqrt()
}

/// A lower bound on `km(a, b)` without trigonometry: the cosine of the mean latitude is at
/// least the smaller of the two latitudes' cosines (the cosine is concave between the poles).
fn km_at_least(a: &Entry, b: &Entry) -> f64 {
    let p = std::f64::consts::PI / 180.0;
    let x = (b.lon - a.lon) * p * a.cos_lat.min(b.cos_lat);
    let y = (b.lat - a.lat) * p;
    6371.0 * (x * x + y * y).sqrt()
}

/// `km(a, b) < limit`, the cosine computed only for places the bound cannot rule out. The
/// kilometre of slack covers rounding, so the answer is always `km`'s.
fn within(a: &Entry, b: &Entry, limit: f64) -> bool {
    km_at_least(a, b) < limit + 1.0 && km(a, b) < limit
}

/// Is `next` written right after `f` as where `f` lies ("وسط بغداد", "في ريف حلب", "شرقي
/// حلب")? Only words that locate stand between them, none joined by و: "من هجين إلى الشعفة"
/// or "هجين والشعفة" name two places.
fn located_by_next(tokens: &[Token], f: &Found, next: &Found) -> bool {
    let gap = &tokens[f.tokens.1.min(next.tokens.0)..next.tokens.0];
    let w = super::words::get();
    !gap.is_empty()
        && gap.iter().all(|t| {
            t.is_word()
                && !t.clitics.contains(&"و+")
                && (t.text == "في"
                    || w.role(&t.pre).or_else(|| w.role(&t.key)).is_some_and(|r| {
                        r.direction.is_some() || r.region.is_some() || r.kind.is_some() || r.filler
                    }))
        })
}

/// Does `e` lie in the admin unit `unit`, or within 100 km of the place `unit`?
fn lies_in(e: &Entry, unit: &Entry) -> bool {
    match unit.admin_level() {
        _ if unit.class() == Class::Country => true,
        Some(level) => e.admin[level] == unit.admin[level] && e.admin[level] != NO_ADMIN,
        None => within(e, unit, NEAR_KM),
    }
}

/// Does the kind a kind word sets fit an entry of this kind?
fn fits(kind_word: &str, e: &Entry) -> Option<bool> {
    let c = e.class();
    Some(match kind_word {
        "town" | "village" | "city" => c == Class::Settlement,
        "subdistrict" => &*e.kind == "subdistrict" || c == Class::Settlement,
        // قضاء بلد is the district; the town that seats it fits too, as ناحية's does.
        "district" => &*e.kind == "district" || c == Class::Settlement,
        "governorate" => &*e.kind == "governorate",
        "neighbourhood" => c == Class::Neighbourhood,
        "oil_field" | "gas_field" => matches!(&*e.kind, "oil_field" | "gas_field"),
        "airport" | "base" => matches!(&*e.kind, "airport" | "base"),
        "crossing" | "dam" | "camp" | "bridge" | "mountain" | "hill" => &*e.kind == kind_word,
        _ => return None,
    })
}

/// Prominent enough to be taken for a place on its name alone: towns, cities, admin units
/// above the sub-district, named features. Villages need the text to say they are places.
pub(crate) fn prominent(e: &Entry) -> bool {
    e.rank >= 55
}

/// Is the hit acceptable from the text around it, before the map is consulted? `listed` says
/// the name sits in a list or pair with a place already accepted.
///
/// `known` lists the entries the document has already named with a kind word or in quotes:
/// the same name later in the document is that place again (بلدة الباغوز … للباغوز), unless it
/// is a common word, which needs its own evidence each time.
fn admissible(f: &Found, h: &Hit, listed: bool, known: &[u32], g: &Gazetteer) -> bool {
    let e = &g.entries[h.entry as usize];
    // A nearness word (أطراف، مشارف، ضواحي) is said of places, as a kind word is.
    let textual = f.kind_word || f.quoted || listed || f.near;
    if h.fuzzy {
        return f.kind_word || listed;
    }
    if known.binary_search(&h.entry).is_ok() && !g.is_common(&f.key) {
        return true;
    }
    if e.class() == Class::Neighbourhood {
        return f.kind == Some("neighbourhood");
    }
    if h.guarded {
        return f.kind_word || listed;
    }
    if !h.same_article {
        return textual || prominent(e) && (f.prep_word || f.prep_clitic);
    }
    prominent(e) || textual || f.prep_word
}

/// The point a name surely stands for, if its readings leave no doubt about where it is: one
/// settlement or feature (or one with the admin units around it that bear its name), written
/// prominently enough or with a kind word.
fn sure_point(g: &Gazetteer, f: &Found, v: &[Hit]) -> Option<u32> {
    if v.iter().any(|h| h.fuzzy) {
        return None;
    }
    let mut points = v.iter().filter(|h| {
        matches!(
            g.entries[h.entry as usize].class(),
            Class::Settlement | Class::Feature | Class::Region
        )
    });
    let p = points.next()?;
    if points.next().is_some() {
        return None;
    }
    let e = &g.entries[p.entry as usize];
    let all_near = v.iter().all(|h| within(e, &g.entries[h.entry as usize], 40.0));
    (all_near && (prominent(e) || f.kind_word || f.quoted)).then_some(p.entry)
}

/// Context a document gives: the entries it names for sure, and the admin units among them.
struct Anchors {
    points: Vec<(usize, u32)>,
    /// For each name, the number of the first name of the document written the same way.
    first_of_name: Vec<usize>,
}

/// How well entry `h` fits name number `fi` of `found` in this document. The reasons are appended
/// to `why` ("; " before each) when asked for: only the chosen entry's are shown, and
/// formatting them for every candidate in both passes cost more than the scoring.
fn score(
    g: &Gazetteer,
    found: &[Found],
    fi: usize,
    h: &Hit,
    same_name: &[Hit],
    anchors: &Anchors,
    mut why: Option<&mut String>,
) -> f32 {
    let f = &found[fi];
    let e = &g.entries[h.entry as usize];
    let mut s = e.rank as f32 / 100.0 * 0.6 + ((e.pop as f32 + 1.0).log10() / 7.0).min(1.0) * 0.2;
    let wants_region = f.region.is_some() || f.direction.is_some();
    if let Some(k) = f.kind {
        match fits(k, e) {
            Some(true) => {
                s += 0.4;
                if let Some(why) = why.as_deref_mut() {
                    why.push_str("; kind word says ");
                    why.push_str(k);
                }
            }
            Some(false) if e.class() == Class::Admin && !matches!(k, "subdistrict" | "district") => {
                s -= 0.3
            }
            _ => {}
        }
    }
    if wants_region && matches!(&*e.kind, "governorate" | "country") {
        s += 0.35;
    }
    // A town inside the admin unit named after it is what a bare name usually means.
    if !wants_region && f.kind.is_none_or(|k| k == "area") && e.class() == Class::Settlement {
        let seat = same_name.iter().any(|o| {
            let u = &g.entries[o.entry as usize];
            u.admin_level()
                .is_some_and(|l| u.admin[l] != NO_ADMIN && u.admin[l] == e.admin[l])
        });
        if seat {
            s += 0.7;
        }
    }
    // The other places of the document.
    let mut nearest = f64::INFINITY;
    let mut same_admin = 0.0f32;
    for &(ai, a) in &anchors.points {
        // The same name written again does not back one reading of itself over another.
        if ai == fi || a == h.entry || anchors.first_of_name[ai] == anchors.first_of_name[fi] {
            continue;
        }
        let o = &g.entries[a as usize];
        // An admin unit is backed by the places inside it, not by how far its centroid is.
        if let Some(l) = e.admin_level() {
            if o.admin_level().is_none() && e.admin[l] != NO_ADMIN && o.admin[l] == e.admin[l] {
                same_admin = same_admin.max(0.3);
            }
            continue;
        }
        match o.admin_level() {
            Some(l) if o.admin[l] != NO_ADMIN && e.admin[l] == o.admin[l] => {
                same_admin = same_admin.max(if l == 0 { 0.3 } else { 0.45 });
            }
            Some(_) => {}
            None => {
                // Only distances under 100 km count (and are reported): farther ones are
                // left uncomputed when the bound already says so.
                if km_at_least(e, o) < NEAR_KM + 1.0 {
                    nearest = nearest.min(km(e, o));
                }
                if e.admin[1] != NO_ADMIN && e.admin[1] == o.admin[1] {
                    same_admin = same_admin.max(0.15);
                } else if e.admin[0] != NO_ADMIN && e.admin[0] == o.admin[0] {
                    same_admin = same_admin.max(0.1);
                }
            }
        }
    }
    let near = if nearest < 15.0 {
        0.8
    } else if nearest < 40.0 {
        0.5
    } else if nearest < NEAR_KM {
        0.25
    } else {
        0.0
    };
    if let Some(why) = why {
        if near > 0.0 {
            why.push_str("; ");
            push_km(why, nearest);
            why.push_str(" km from another place in the document");
        }
        if same_admin > 0.0 {
            why.push_str("; in the admin unit of places named nearby");
        }
    }
    s += near + same_admin;
    if !h.same_article && !h.fuzzy {
        s -= 0.1;
    }
    if h.fuzzy {
        s -= 0.3;
    }
    s
}

/// Writes `km` as `{km:.0}` would, without the float formatter: a distance under 100 km that
/// is not exactly halfway between two whole numbers rounds the same either way.
fn push_km(out: &mut String, km: f64) {
    if !(0.0..NEAR_KM).contains(&km) || km.fract() == 0.5 {
        let _ = write!(out, "{km:.0}");
        return;
    }
    let n = km.round() as u32;
    if n >= 100 {
        out.push(char::from(b'0' + (n / 100) as u8));
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn precision(f: &Found, e: &Entry) -> GeoPrecision {
    let regional = f.region.is_some() || f.direction.is_some();
    match e.class() {
        Class::Country => GeoPrecision::Region,
        Class::Admin => match &*e.kind {
            "subdistrict" => GeoPrecision::Near,
            _ => GeoPrecision::Region,
        },
        Class::Region => GeoPrecision::Near,
        _ if regional || f.near => GeoPrecision::Near,
        Class::Settlement
            if f.kind.is_some_and(|k| {
                fits(k, e) == Some(false)
                    && !matches!(k, "area" | "subdistrict" | "district" | "governorate")
            }) =>
        {
            GeoPrecision::Near
        }
        _ => GeoPrecision::Place,
    }
}

fn output_kind(f: &Found, e: &Entry) -> String {
    if let Some(r) = f.region {
        return r.to_string();
    }
    match f.kind {
        Some(k)
            if k != "area"
                && e.class() == Class::Settlement
                && !matches!(k, "subdistrict" | "district" | "governorate") =>
        {
            k.to_string()
        }
        _ => String::from(&*e.kind),
    }
}

fn entity(g: &Gazetteer, f: &Found, e: &Entry) -> PlaceEntity {
    // The region around an entry is named and identified as such, unless the entry is that
    // region already (بادية هجين is in the gazetteer).
    // بادية دير الزور is the Deir ez-Zor desert, not the city: named with the region word the
    // data file gives, in English with the region's kind.
    let words = super::words::get();
    let (id, ar, en) = match f.region.and_then(|r| words.region_word(r).map(|w| (r, w))) {
        Some((r, ar_word)) if !e.ar.starts_with(ar_word) => {
            (format!("{}#{r}", e.id), format!("{ar_word} {}", e.ar), format!("{} {r}", e.en))
        }
        // String::from, not to_string: a Box<str> goes through the formatter.
        _ => (String::from(&*e.id), String::from(&*e.ar), String::from(&*e.en)),
    };
    PlaceEntity {
        id,
        ar,
        en,
        lat: e.lat,
        lon: e.lon,
        kind: output_kind(f, e),
        admin: e
            .admin
            .iter()
            .filter(|c| **c != NO_ADMIN)
            .map(|c| g.admin_name(*c))
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect(),
        precision: precision(f, e),
    }
}

/// Turns found names into mentions, each resolved to its best entry or left unresolved.
/// The list returned has room for `room` more mentions.
pub(crate) fn resolve(
    g: &Gazetteer,
    text: &str,
    tokens: &[Token],
    found: Vec<Found>,
    room: usize,
) -> Vec<Mention> {
    let n = found.len();
    // Admissible hits for each name, from the text around it. A name in a list is backed by
    // an accepted neighbour, so acceptance spreads along the list in both directions.
    let mut admitted: Vec<Vec<Hit>> = vec![Vec::new(); n];
    // Each name's hits are filtered into one buffer, kept only when they changed.
    let mut v: Vec<Hit> = Vec::new();
    let mut known: Vec<u32> = Vec::new();
    for _ in 0..3 {
        let mut changed = false;
        for i in 0..n {
            let f = &found[i];
            let neighbour = (f.listed && i > 0 && admitted[i - 1].iter().any(|h| !h.fuzzy))
                || (i + 1 < n && found[i + 1].listed && admitted[i + 1].iter().any(|h| !h.fuzzy));
            v.clear();
            v.extend(f.hits.iter().filter(|h| admissible(f, h, neighbour, &known, g)).copied());
            // An entry indexed under two spellings of the article keeps the one as written.
            v.sort_by_key(|h| (h.entry, !h.same_article));
            v.dedup_by_key(|h| h.entry);
            if v.len() != admitted[i].len() {
                changed = true;
                std::mem::swap(&mut admitted[i], &mut v);
            }
        }
        let before = known.len();
        known.clear();
        for (f, a) in found.iter().zip(&admitted) {
            if f.kind_word || f.quoted {
                known.extend(a.iter().filter(|h| !h.fuzzy).map(|h| h.entry));
            }
        }
        known.sort_unstable();
        known.dedup();
        // Another round only when a name left out has a reading the document now knows.
        let news = known.len() != before
            && found.iter().zip(&admitted).any(|(f, a)| {
                a.len() < f.hits.len() && f.hits.iter().any(|h| known.binary_search(&h.entry).is_ok())
            });
        if !changed && !news {
            break;
        }
    }

    // A short name (الباب, also "the door") after a preposition is the town of that name when
    // the document names for sure another place in the same governorate (every reading of it
    // lies there). A common word from the stoplist still needs a kind word.
    let wanting: Vec<usize> = (0..n)
        .filter(|&i| {
            let f = &found[i];
            admitted[i].is_empty()
                && (f.prep_word || f.prep_clitic)
                && f.hits.iter().any(|h| h.guarded && h.same_article)
                && !g.is_common(&f.key)
        })
        .collect();
    let governorates: Vec<u32> = admitted
        .iter()
        .filter(|_| !wanting.is_empty())
        .filter_map(|v| {
            let first = v.first().filter(|h| !h.fuzzy)?;
            let gov = g.entries[first.entry as usize].admin[0];
            (gov != NO_ADMIN
                && v.iter().all(|h| !h.fuzzy && g.entries[h.entry as usize].admin[0] == gov))
            .then_some(gov)
        })
        .collect();
    if !governorates.is_empty() {
        for &i in &wanting {
            let f = &found[i];
            admitted[i].extend(f.hits.iter().filter(|h| {
                let e = &g.entries[h.entry as usize];
                h.guarded
                    && !h.fuzzy
                    && h.same_article
                    && prominent(e)
                    && matches!(e.class(), Class::Settlement | Class::Feature)
                    && governorates.contains(&e.admin[0])
            }));
        }
    }

    // A name written as a place whose every reading is far from the rest of the document may be
    // a near spelling of one that is close: look again, one letter off (الشعثة for الشعفة).
    let sure: Vec<u32> = admitted
        .iter()
        .filter(|v| {
            v.len() == 1 && !v[0].fuzzy && g.entries[v[0].entry as usize].admin_level().is_none()
        })
        .map(|v| v[0].entry)
        .collect();
    for i in 0..n {
        let f = &found[i];
        let listed = f.listed || (i + 1 < n && found[i + 1].listed);
        if !(f.kind_word || listed) || f.key.chars().count() < 4 || sure.is_empty() {
            continue;
        }
        let close = |entry: u32| {
            let e = &g.entries[entry as usize];
            sure.iter()
                .any(|&a| a != entry && within(e, &g.entries[a as usize], FUZZY_KM))
        };
        if admitted[i]
            .iter()
            .any(|h| close(h.entry) || prominent(&g.entries[h.entry as usize]))
        {
            continue;
        }
        for (_, refs) in g.near_spellings(&f.key) {
            for r in refs.iter().filter(|r| !r.guarded && close(r.entry)) {
                admitted[i].push(Hit {
                    entry: r.entry,
                    same_article: false,
                    fuzzy: true,
                    guarded: false,
                });
            }
        }
    }

    // "جسر الأحرار وسط بغداد", "قرية البحرة في ريف دير الزور", "الباب شرقي حلب": a name
    // followed by the place it lies in or near is read inside or near it (a bridge of the
    // same name in another governorate is not that bridge; better no reading than a wrong one).
    let mut located = vec![false; n];
    for i in 0..n.saturating_sub(1) {
        if !located_by_next(tokens, &found[i], &found[i + 1]) || admitted[i + 1].is_empty() {
            continue;
        }
        located[i] = true;
        let (here, there) = admitted.split_at_mut(i + 1);
        here[i].retain(|h| {
            let e = &g.entries[h.entry as usize];
            there[0].iter().any(|u| lies_in(e, &g.entries[u.entry as usize]))
        });
    }

    // A village found only because a preposition or a list points at it must lie in the same
    // part of the map as the places the document names for sure.
    let sure: Vec<u32> = admitted
        .iter()
        .enumerate()
        .filter_map(|(i, v)| sure_point(g, &found[i], v))
        .collect();
    if sure.len() >= 2 {
        for (i, v) in admitted.iter_mut().enumerate() {
            // A kind word, or the place it lies in named after it ("القائم غربي الأنبار"), is
            // evidence enough.
            if found[i].kind_word || located[i] {
                continue;
            }
            v.retain(|h| {
                let e = &g.entries[h.entry as usize];
                prominent(e)
                    || e.class() == Class::Admin
                    || sure.iter().any(|&a| within(e, &g.entries[a as usize], 150.0))
            });
        }
    }

    // First pass: names with a single reading anchor the others.
    let mut anchors = Anchors {
        points: admitted
            .iter()
            .enumerate()
            .filter(|(_, v)| v.len() == 1 && !v[0].fuzzy)
            .map(|(i, v)| (i, v[0].entry))
            .collect(),
        first_of_name: {
            let mut first: FastMap<&str, usize> = FastMap::default();
            found.iter().enumerate().map(|(i, f)| *first.entry(f.key.as_str()).or_insert(i)).collect()
        },
    };
    // Each name's scored entries, the buffers reused by the second pass.
    let mut chosen: Vec<Vec<Scored>> = vec![Vec::new(); n];
    for pass in 0..2 {
        for i in 0..n {
            let sc = &mut chosen[i];
            sc.clear();
            // A single reading needs no score: it is chosen, with no margin and no runner-up
            // to show, and the reason is scored again below.
            if let [h] = admitted[i][..] {
                sc.push(Scored { hit: h, score: 0.0 });
                continue;
            }
            sc.extend(admitted[i].iter().map(|h| Scored {
                hit: *h,
                score: score(g, &found, i, h, &admitted[i], &anchors, None),
            }));
            sc.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(a.hit.entry.cmp(&b.hit.entry))
            });
        }
        if pass == 0 {
            // Second pass: every confident choice becomes context for the rest.
            anchors.points = chosen
                .iter()
                .enumerate()
                .filter_map(|(i, sc)| {
                    let best = sc.first()?;
                    let margin = best.score - sc.get(1).map_or(0.0, |s| s.score);
                    (!best.hit.fuzzy && (sc.len() == 1 || margin > 0.2))
                        .then_some((i, best.hit.entry))
                })
                .collect();
        }
    }

    let mut out = Vec::with_capacity(n + room);
    for (i, f) in found.iter().enumerate() {
        let mut sc = std::mem::take(&mut chosen[i]);
        // A near spelling needs a sure place of the document close by, in the same governorate.
        sc.retain(|s| {
            !s.hit.fuzzy || {
                let e = &g.entries[s.hit.entry as usize];
                anchors.points.iter().any(|&(ai, a)| {
                    let o = &g.entries[a as usize];
                    ai != i
                        && o.admin_level().is_none()
                        && within(e, o, FUZZY_KM)
                        && e.admin[0] == o.admin[0]
                })
            }
        });
        let text = crate::text::slice(text, tokens, f.span);
        if sc.is_empty() {
            let unresolved_kind = f.kind_word
                && f.region.is_none()
                && f.kind.is_some_and(|k| NAMING_KINDS.contains(&k))
                && !f.key.is_empty()
                && !g.is_common(&f.key);
            if !unresolved_kind {
                continue;
            }
            out.push(Mention {
                span: f.span,
                text,
                kind: MentionKind::Place,
                entity: None,
                candidates: Vec::new(),
                attributed: None,
                reason: format!(
                    "unknown name after the kind word for {}; not in the gazetteer",
                    f.kind.unwrap_or("place")
                ),
            });
            continue;
        }
        let best = sc[0];
        let e = &g.entries[best.hit.entry as usize];
        // Written in one string, with room for the usual reason.
        let mut reason = String::with_capacity(160);
        if best.hit.fuzzy {
            let _ = write!(reason, "one letter from the gazetteer's {}, backed by places nearby", e.ar);
        } else {
            reason.push_str("gazetteer name");
            if !best.hit.same_article {
                reason.push_str(" (article written differently)");
            }
        }
        if let Some(r) = f.region {
            reason.push_str("; ");
            reason.push_str(r);
            reason.push_str(" of it");
        }
        if let Some(d) = f.direction {
            reason.push_str("; ");
            reason.push_str(d);
            reason.push_str(" of it");
        }
        if f.near {
            reason.push_str("; near it");
        }
        if sc.len() > 1 {
            let _ = write!(reason, "; chosen among {} entries", sc.len());
        }
        score(g, &found, i, &best.hit, &admitted[i], &anchors, Some(&mut reason));
        let candidates = sc[1..]
            .iter()
            .take(MAX_CANDIDATES)
            .map(|s| {
                let c = &g.entries[s.hit.entry as usize];
                Candidate {
                    id: String::from(&*c.id),
                    ar: String::from(&*c.ar),
                    en: String::from(&*c.en),
                    score: (s.score * 100.0).round() / 100.0,
                }
            })
            .collect();
        out.push(Mention {
            span: f.span,
            text,
            kind: MentionKind::Place,
            entity: Some(Entity::Place(entity(g, f, e))),
            candidates,
            attributed: None,
            reason,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_km_writes_what_the_formatter_writes() {
        for i in 0..200_000u32 {
            let km = f64::from(i) * 0.000_55 + f64::from(i % 7) * 1e-9;
            let mut s = String::new();
            push_km(&mut s, km);
            assert_eq!(s, format!("{km:.0}"), "{km}");
        }
        for km in [0.5, 1.5, 2.5, 99.5, 99.49, 100.0, 150.2] {
            let mut s = String::new();
            push_km(&mut s, km);
            assert_eq!(s, format!("{km:.0}"), "{km}");
        }
    }

    #[test]
    fn the_distance_bound_never_overstates_and_within_agrees_with_km() {
        let g = super::super::gazetteer::get();
        // Far pairs (a sparse sample) and near ones (entries listed next to each other).
        let sample: Vec<&Entry> = g.entries.iter().step_by(211).collect();
        let far = sample.iter().flat_map(|a| sample.iter().map(move |b| (*a, *b)));
        let near = g.entries.windows(8).step_by(5).flat_map(|w| w.iter().map(move |b| (&w[0], b)));
        let mut close = 0;
        for (a, b) in far.chain(near) {
            let d = km(a, b);
            assert!(km_at_least(a, b) <= d + 1e-6, "{} {}", a.id, b.id);
            for limit in [FUZZY_KM, 40.0, NEAR_KM, 150.0] {
                assert_eq!(within(a, b, limit), d < limit, "{} {} {limit}", a.id, b.id);
            }
            close += (d < 40.0) as usize;
        }
        assert!(close > 1000, "{close} close pairs");
    }
}
