//! Within one document: one event per happening. Clauses that tell the same happening again,
//! or refer back to it ("القصف", "الهجوم"), join the event they continue.

use crate::args::Draft;
use crate::event::{ActorArg, Event, Figure, PlaceArg, Role};

/// Can `later` be the same happening as `earlier`?
fn continues(earlier: &Draft, later: &Draft) -> bool {
    let (a, b) = (&earlier.event, &later.event);
    // "القصف" with nothing said of its means or its author is the strike told before.
    // "وقالت المصادر إن الضربات أجبرت مقاتلي التنظيم على الانسحاب": the strikes told before,
    // whoever the clause names.
    // A strike of unknown means told in a sentence that already tells of the explosion
    // ("وقال في بيان إن منفذه استهدف دورية") is that explosion.
    let bare_strike = later.definite && b.event_type == a.event_type && later.unknown_means;
    // A protest whose crowd then throws stones or burns tyres is one protest turned riot.
    let turned_riot = a.event_type == "Protests" && b.event_type == "Riots";
    // The crowd dispersed, or throwing stones, a sentence or two later is the protest told before.
    let one_protest = a.event_type == "Protests" && matches!(b.event_type, "Protests" | "Riots") && later.sentence_index <= earlier.last_sentence + 2;
    // "وتبنّى التنظيم الهجوم" after a suicide bombing: the attack is the bombing.
    let violent = matches!(a.event_type, "Battles" | "Explosions/Remote violence" | "Violence against civilians");
    let the_attack = later.the_attack && violent && later.sentence_index > earlier.sentence_index;
    let same_kind = a.sub_type == b.sub_type || (a.event_type == "Battles" && b.event_type == "Battles") || bare_strike || the_attack || turned_riot || one_protest;
    if !same_kind {
        return false;
    }
    // The headline tells in short what the body then tells in full ("والحشد يشتبك مع خلايا
    // التنظيم", then the clash near a town): a happening told only there is the body's first
    // telling of it, however far down.
    let headline = earlier.headline_only();
    let near = later.sentence_index <= earlier.last_sentence + 1 || one_protest || headline;
    if !(near || later.definite) || later.sentence_index > earlier.last_sentence + 3 {
        return false;
    }
    // Two towns named as the places of two strikes are two strikes; a region or no place at
    // all on either side does not tell them apart.
    // One names the other's place among its own ("بين هجين والبحرة" and "البحرة"): the same site.
    let names = |e: &Event, p: &PlaceArg| e.also_places.iter().any(|q| q.place.id == p.place.id);
    // A headline names one place for all it tells ("مظاهرات في ذيبان بعد اغتيال شيخ"): the
    // body says where each happened.
    let places_agree = match (&a.place, &b.place) {
        // "وجاء الاتفاق بعد …": the agreement told before, wherever the sentence goes on to.
        (Some(x), Some(y)) => headline || (later.definite && a.sub_type == "Agreement") || x.agrees_with(y) || names(a, y) || names(b, x),
        _ => true,
    };
    let actor1 = |e: &Event| e.actors.iter().find(|x| x.role == Role::Actor1).map(|x| x.actor.id.clone());
    // "الهجوم", "التفجير" told after the happening name no new author: whoever their clause
    // names is claiming, investigating or cordoning it off.
    let actors_agree = match (actor1(a), actor1(b)) {
        (Some(x), Some(y)) => x == y || headline || (the_attack && a.event_type == b.event_type) || a.event_type == "Battles" || a.sub_type == "Agreement" || turned_riot,
        _ => true,
    };
    // Dates the text gives for each that cannot overlap tell two happenings apart.
    let dates_agree = match (&a.date, &b.date) {
        (Some(x), Some(y)) if x.span.is_some() && y.span.is_some() => x.start <= y.end && y.start <= x.end,
        _ => true,
    };
    places_agree && actors_agree && dates_agree
}

/// A figure that says more: a number over a vague word; otherwise the first told.
fn better(a: Option<Figure>, b: Option<Figure>) -> Option<Figure> {
    match (a, b) {
        (Some(x), Some(y)) if x.qualifier == "vague" && y.qualifier != "vague" => Some(y),
        (Some(x), _) => Some(x),
        (None, y) => y,
    }
}

fn absorb(into: &mut Draft, from: Draft) {
    let bare = from.bare();
    let headline = into.headline_only();
    let (e, f) = (&mut into.event, from.event);

    // A protest turned riot is a riot, its crowd rioters.
    if e.event_type == "Protests" && f.event_type == "Riots" {
        e.event_type = f.event_type;
        e.sub_type = f.sub_type;
        e.explain.rule = format!("{} (a protest that turned violent)", f.explain.rule);
        e.actors.retain(|a| a.actor.category != "protesters");
    }
    // A protest met by force is coded by the force: the later telling may say so.
    let force = |sub: &str| ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"].iter().position(|s| *s == sub);
    if let (Some(was), Some(now)) = (force(e.sub_type), force(f.sub_type))
        && now > was
    {
        e.sub_type = f.sub_type;
        e.explain.rule = f.explain.rule.clone();
    }
    // Taking ground outranks the fighting that took it.
    if e.event_type == "Battles" && f.sub_type != "Armed clash" && e.sub_type == "Armed clash" {
        e.sub_type = f.sub_type;
        e.explain.rule = f.explain.rule.clone();
    }
    let mut places: Vec<PlaceArg> = e.place.take().into_iter().chain(std::mem::take(&mut e.also_places)).collect();
    let body_has_place = f.place.is_some();
    let body: Vec<PlaceArg> = f.place.into_iter().chain(f.also_places).collect();
    if headline {
        // The body's place, where the headline's was only a summary's.
        places.splice(0..0, body);
    } else {
        places.extend(body);
    }
    let mut unique: Vec<PlaceArg> = Vec::new();
    for p in places {
        if !unique.iter().any(|q| q.place.id == p.place.id) {
            unique.push(p);
        }
    }
    // The body's place (first in line, see above), where the headline listed several ("يقصف
    // معرة النعمان وكفرنبل"); else the most specific of all.
    let best = if headline && body_has_place {
        Some(0)
    } else {
        unique.iter().enumerate().min_by_key(|(i, p)| (p.specificity(), *i)).map(|(i, _)| i)
    };
    e.place = best.map(|i| unique.remove(i));
    e.also_places = unique;
    // The body says who did it; a headline's author is the body's unless the body names none.
    if headline && f.actors.iter().any(|a| a.role == Role::Actor1) {
        e.actors.retain(|a| a.role != Role::Actor1);
        e.actors.splice(0..0, f.actors.iter().filter(|a| a.role == Role::Actor1).cloned());
    }
    // A bare "القصف" adds its figures and places, not the actors its clause happens to name.
    for a in f.actors.into_iter().filter(|_| !bare) {
        if !e.actors.iter().any(|x| x.actor.id == a.actor.id) {
            e.actors.push(a);
        }
    }
    e.fatalities = better(e.fatalities.take(), f.fatalities);
    e.injured = better(e.injured.take(), f.injured);
    if e.date.as_ref().is_none_or(|d| d.span.is_none()) && f.date.as_ref().is_some_and(|d| d.span.is_some()) {
        e.date = f.date;
    }
    for w in f.weapons {
        if !e.weapons.contains(&w) {
            e.weapons.push(w);
        }
    }
    e.background &= f.background;
    e.claims.extend(f.claims);
    e.explain.triggers.extend(f.explain.triggers);
    e.explain.sentences.extend(f.explain.sentences);
    e.explain.sentences.dedup();
    into.last_sentence = into.last_sentence.max(from.last_sentence);
}

/// The first and second actor of an event that names both.
fn two_sides(e: &Event) -> Option<[ActorArg; 2]> {
    let side = |r: Role| e.actors.iter().find(|a| a.role == r).cloned();
    Some([side(Role::Actor1)?, side(Role::Actor2)?])
}

/// Merges drafts that continue an earlier one. (A draft whose text names no place already has
/// the place the text last named: `args::fill`.)
pub fn within_document(drafts: Vec<Draft>) -> Vec<Event> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for mut d in drafts {
        // "قُتل … من الطرفين", "اجتماعاً مع الطرفين": the two sides of the last happening told
        // with two.
        if let Some(span) = d.both_sides
            && !d.event.actors.iter().any(|a| matches!(a.role, Role::Actor1 | Role::Actor2))
            && let Some(sides) = out.iter().rev().find_map(|e| two_sides(&e.event))
        {
            d.event.actors.extend(sides.into_iter().map(|mut a| {
                a.span = span;
                a
            }));
        }
        match out.iter().rposition(|e| continues(e, &d)) {
            Some(i) => absorb(&mut out[i], d),
            None => out.push(d),
        }
    }
    out.into_iter().map(|d| d.event).collect()
}
