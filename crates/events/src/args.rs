//! Filling a happening's arguments from its clause: type, actors and roles, places, figures,
//! date, weapons, modality and claims.

use crate::detect::Happening;
use crate::event::{ActorArg, Claim, Event, EventDate, Explain, Figure, Modality, PlaceArg, Role};
use crate::lexicon::{Coding, Means, Phrases, event_type, lexicon};
use marsad_arabic::{Analysis, Quantity, Token};
use marsad_entities::{ActorEntity, Country, Entity, Mention, MentionKind};
use marsad_model::{DatePrecision, Span};

/// A happening with everything the clause says about it, and where it stands in the text.
#[derive(Debug, Clone)]
pub struct Draft {
    pub event: Event,
    pub sentence_index: usize,
    pub in_headline: bool,
    pub last_sentence: usize,
    pub definite: bool,
    /// Told by a word for "the attack" that may name an earlier event of another family.
    pub the_attack: bool,
    /// A strike word whose means the clause does not say: its sub-type is a default, and told
    /// with the article ("القصف") it may be a strike already told.
    pub unknown_means: bool,
    /// Its clause says "الطرفين" (both sides) for its actors: the two sides of the happening
    /// told before.
    pub both_sides: Option<Span>,
}

impl Draft {
    /// A strike word with nothing said of its means or author ("القصف"): what its clause names
    /// besides are not its actors when it joins the strike told before.
    pub fn bare(&self) -> bool {
        self.unknown_means && !self.event.actors.iter().any(|a| a.role == Role::Actor1)
    }

    /// Told only in the headline (so far).
    pub fn headline_only(&self) -> bool {
        self.in_headline && self.last_sentence == self.sentence_index
    }
}

fn chars(tokens: &[Token], (from, to): (usize, usize)) -> Span {
    let start = tokens.get(from).map_or(0, |t| t.span.start());
    let end = to.checked_sub(1).and_then(|i| tokens.get(i)).map_or(start, |t| t.span.end());
    Span::new(start, end.max(start)).expect("token spans are ordered")
}

fn inside(outer: Span, inner: Span) -> bool {
    outer.contains(inner)
}

/// Fills one happening's arguments.
/// The document's place mentions an event can have happened at: resolved places, but not one
/// named inside an actor's name ("قوات سوريا الديمقراطية"). Read once per document.
pub fn event_places(mentions: &[Mention]) -> Vec<&Mention> {
    let actor_spans: Vec<Span> = mentions.iter().filter(|m| m.kind == MentionKind::Actor).map(|m| m.span).collect();
    mentions
        .iter()
        .filter(|m| matches!(m.entity, Some(Entity::Place(_))))
        .filter(|m| !actor_spans.iter().any(|&a| a != m.span && inside(a, m.span)))
        .collect()
}

/// Fills a happening's arguments; `sites` are the document's [`event_places`].
pub fn fill(h: Happening, analysis: &Analysis, mentions: &[Mention], sites: &[&Mention], published: Option<jiff::civil::Date>) -> Draft {
    let lex = lexicon();
    let tokens = &analysis.tokens;
    let clause = chars(tokens, h.clause);
    let sentence = chars(tokens, h.sentence);
    let top = h.hits[0];

    let in_clause = |m: &&Mention| inside(clause, m.span);
    let taking_part = |m: &&Mention| {
        // "مناطق سيطرة التنظيم": who controls an area is not who acts in this clause.
        let at = tokens.partition_point(|t| t.span.end() <= m.span.start());
        !lex.cues.control_words.any_in(tokens, at.saturating_sub(3).max(h.clause.0), at)
    };
    // "وفق ما أفاد به الدفاع المدني": a civilian body cited for the figures is not among the
    // struck. (A party cited for its own acts, "قالت قسد إنها سيطرت", takes part.)
    let cited = |m: &&Mention| {
        let civilian = matches!(&m.entity, Some(Entity::Actor(a)) if a.category == "civilians");
        civilian && mentions.iter().any(|s| s.kind == MentionKind::Source && inside(s.span, m.span))
    };
    let mut actors = roles(&h, tokens, mentions.iter().filter(in_clause).filter(|m| m.kind == MentionKind::Actor).filter(taking_part).filter(|m| !cited(m)));
    // "وسيطرت تلك القوات", or a trigger with a pronoun ("فيما استهدفت مدفعيتها القرية"): the
    // nearest actor named before stands in.
    let possessive = |i: usize| tokens[i].clitics.iter().any(|c| c.starts_with('+'));
    let anaphor = (h.clause.0..h.clause.1)
        .find(|&i| lex.cues.anaphora.any_at(tokens, i).is_some())
        .or_else(|| h.hits.iter().map(|hit| hit.tokens.0).find(|&i| possessive(i)));
    if !actors.iter().any(|a| a.role == Role::Actor1)
        && let Some(at) = anaphor
    {
        let here = tokens[at].span;
        let antecedent = mentions.iter().rev().find(|m| {
            m.kind == MentionKind::Actor
                && m.span.end() <= here.start()
                && matches!(&m.entity, Some(Entity::Actor(a)) if a.category != "civilians")
        });
        if let Some(Some(Entity::Actor(a))) = antecedent.map(|m| &m.entity) {
            actors.insert(0, ActorArg { actor: a.clone(), role: Role::Actor1, span: here });
        }
    }
    // "غارات روسية", "قصف مدفعي تركي": a nationality right after a trigger (or after the
    // word qualifying it) names the side that strikes.
    for hit in &h.hits {
        let end = (hit.tokens.1 + 2).min(h.clause.1);
        let words_end = (hit.tokens.1..end).find(|&k| !tokens[k].is_word()).unwrap_or(end);
        let Some((actor, span)) = forces_named(tokens, hit.tokens.1, words_end) else { continue };
        if actors.iter().any(|a| a.actor.id == actor.id) {
            continue;
        }
        for a in actors.iter_mut().filter(|a| a.role == Role::Actor1) {
            a.role = Role::Actor2;
        }
        actors.insert(0, ActorArg { actor, role: Role::Actor1, span });
    }
    // "بدأتها قوات النظام بدعم روسي": the backer is an associated actor.
    for at in (h.clause.0..h.clause.1).filter(|&i| lex.cues.backing.any_at(tokens, i).is_some()) {
        if let Some((actor, span)) = forces_named(tokens, at + 1, (at + 3).min(h.clause.1)) {
            add_actor(&mut actors, ActorArg { actor, role: Role::Associated, span });
        }
    }
    let actor1 = actors.iter().find(|a| a.role == Role::Actor1);

    let mut weapons: Vec<&'static str> = h.hits.iter().filter_map(|hit| hit.trigger.weapon).collect();
    let mut means = Means::Unknown;
    // Where each weapon named in the clause ends: a nationality after it is whose weapon it is.
    let mut weapon_ends = Vec::new();
    let mut i = h.clause.0;
    while i < h.clause.1 {
        match lex.weapons.longest_at(tokens, i) {
            Some(w) => {
                if !weapons.contains(&w.name) {
                    weapons.push(w.name);
                }
                if means != Means::Air {
                    means = if w.means == Means::Unknown { means } else { w.means };
                }
                i += w.phrase.len();
                weapon_ends.push(i);
            }
            None => i += 1,
        }
    }

    let unknown_means = matches!(top.coding, Coding::Bombardment) && means == Means::Unknown;
    let (sub_type, rule) = match top.coding {
        // Aircraft named beside a strike word make it an air strike, whatever else fired too
        // ("طائرات التحالف ومدفعيته لم تتوقفا عن القصف").
        Coding::Sub("Shelling/artillery/missile attack") if means == Means::Air => {
            ("Air/drone strike", "a strike by aircraft named in the clause (with ground fire)".to_string())
        }
        Coding::Sub(sub) if top.trigger.coding == Coding::Shooting => {
            (sub, format!("'{}' with who was shot named before it codes {sub}", trigger_text(tokens, top.tokens)))
        }
        Coding::Sub(sub) => (sub, format!("trigger '{}' codes {sub}", trigger_text(tokens, top.tokens))),
        Coding::Bombardment => {
            let by_air = actor1.is_some_and(|a| lex.cues.air_actors.contains(&a.actor.id));
            match (means, by_air) {
                (Means::Air, _) => ("Air/drone strike", "a strike by aircraft named in the clause".to_string()),
                (Means::Ground, _) => ("Shelling/artillery/missile attack", "a strike with ground weapons named in the clause".to_string()),
                (Means::Unknown, true) => ("Air/drone strike", "a strike by an actor that bombs from the air".to_string()),
                (Means::Unknown, false) => ("Shelling/artillery/missile attack", "a strike with no aircraft named".to_string()),
            }
        }
        Coding::Shooting => unreachable!("a killing by gunfire is settled when it is found (detect::happenings)"),
        Coding::Territory => {
            // ACLED: a foreign state's forces taking ground overtake it like a non-state actor.
            let here = territory_country(h.clause, tokens, sites);
            let foreign = |a: &ActorArg| match (a.actor.country.as_deref(), here) {
                (Some(theirs), Some(here)) => theirs != here.alpha3(),
                _ => false,
            };
            match actor1 {
                Some(a) if a.actor.category == "state_forces" && foreign(a) => (
                    "Non-state actor overtakes territory",
                    format!("'{}' by a foreign state's forces ({})", trigger_text(tokens, top.tokens), a.actor.id),
                ),
                Some(a) if a.actor.category == "state_forces" => {
                    ("Government regains territory", format!("'{}' by state forces ({})", trigger_text(tokens, top.tokens), a.actor.id))
                }
                _ => ("Non-state actor overtakes territory", format!("'{}' by a non-state actor", trigger_text(tokens, top.tokens))),
            }
        }
    };
    // "أسقطوا طائرة مسيّرة تركية": the side whose weapon was brought down is acted on.
    if top.coding == Coding::Sub("Disrupted weapons use") {
        for &after in &weapon_ends {
            if let Some((actor, span)) = forces_named(tokens, after, (after + 1).min(h.clause.1)) {
                add_actor(&mut actors, ActorArg { actor, role: Role::Actor2, span });
            }
        }
    }
    // "وبدأت قسد معركة السيطرة على الرقة": the start of an operation, not a clash; "منذ بدء
    // الهجوم" (since it began) is the fighting itself.
    let launched = (h.clause.0.max(top.tokens.0.saturating_sub(3))..top.tokens.0)
        .find(|&i| lex.cues.launch.any_at(tokens, i).is_some())
        .is_some_and(|i| i == 0 || lex.cues.since.any_at(tokens, i - 1).is_none());
    let (sub_type, rule) = match (sub_type, rule) {
        // "وبدأت قسد معركة السيطرة على الرقة": taking the city is what the battle is for.
        (_, _) if launched && (sub_type == "Armed clash" || top.coding == Coding::Territory) => {
            ("Other", format!("'{}' after a word of starting: an operation launched", trigger_text(tokens, top.tokens)))
        }
        other => other,
    };
    // A protest met by force is coded by the force: dispersal is an intervention, gunfire
    // that kills or wounds is excessive force.
    let (sub_type, rule) = match (sub_type, rule) {
        ("Peaceful protest" | "Protest with intervention", rule) => {
            let any = |list: &Phrases| list.any_in(tokens, h.clause.0, h.sentence.1);
            let force = any(&lex.cues.protest_force);
            let hurt_here = analysis.quantities.iter().any(|q| inside(sentence, q.span) && !matches!(classify(q, tokens, h.sentence.0), Count::Other));
            if force && hurt_here {
                ("Excessive force against protesters", "a protest met with gunfire that killed or wounded".to_string())
            } else if force || any(&lex.cues.protest_intervention) {
                ("Protest with intervention", "a protest dispersed or fired on".to_string())
            } else {
                ("Peaceful protest", rule)
            }
        }
        other => other,
    };

    // Places: the most specific resolved place of the clause; the rest alongside.
    let place_mentions = || sites.iter().copied();
    // A clause that names no place happened where its sentence says, else where the last
    // sentence naming places said ("وفجّرت امرأة انتحارية نفسها بين النازحين" after "غربي
    // الموصل"): all of that sentence's places, so the town wins over the region after it.
    let within = |span: Span| -> Vec<&Mention> { place_mentions().filter(|m| inside(span, m.span)).collect() };
    // A sentence that opens with كان tells of before ("وكان الشيخ قد قُتل في الحوايج"): the
    // story does not move to its places.
    let told_before = |m: &Mention| {
        analysis.sentences.iter().find(|s| inside(s.span, m.span)).is_some_and(|s| {
            let i = tokens.partition_point(|t| t.span.start() < s.span.start());
            i < tokens.len() && lex.cues.pluperfect.any_at(tokens, i).is_some()
        })
    };
    // A token nearer one of this happening's triggers than any rival's in the clause is this
    // happening's (a figure, or a place: "تفرق مظاهرة في درعا البلد وحملة اعتقالات في الصنمين").
    let ours = |at: usize| {
        let distance = |i: usize| i.abs_diff(at);
        let own = h.hits.iter().map(|hit| distance(hit.tokens.0)).min().unwrap_or(usize::MAX);
        h.rivals.iter().all(|&r| own <= distance(r))
    };
    let told_at = [clause, sentence].into_iter().map(within).find(|found| !found.is_empty()).map(|found| {
        let own = |m: &&Mention| ours(tokens.partition_point(|t| t.span.end() <= m.span.start()));
        if found.iter().any(own) { found.into_iter().filter(own).collect() } else { found }
    }).unwrap_or_else(|| {
        let last = place_mentions().rfind(|m| m.span.end() <= clause.start() && !told_before(m));
        match last.and_then(|m| analysis.sentences.iter().find(|s| inside(s.span, m.span))) {
            Some(s) => within(s.span),
            None => last.into_iter().collect(),
        }
    });
    let mut places: Vec<PlaceArg> = told_at
        .into_iter()
        .filter_map(|m| match &m.entity {
            Some(Entity::Place(p)) => {
                let written = m.text.trim_matches(|c: char| !c.is_alphanumeric() && c != ' ').to_string();
                let mut variants = if written != p.ar { vec![written] } else { Vec::new() };
                // The region around a place (ريف الحسكة) also answers to the place's name.
                if p.id.contains('#')
                    && let Some((_, base)) = p.ar.split_once(' ')
                {
                    variants.push(base.to_string());
                }
                Some(PlaceArg { place: p.clone(), span: m.span, variants })
            }
            _ => None,
        })
        .collect();
    places.dedup_by(|a, b| a.place.id == b.place.id);
    let best = places.iter().enumerate().min_by_key(|(i, p)| (p.specificity(), *i)).map(|(i, _)| i);
    let place = best.map(|i| places.remove(i));
    let mut also_places = Vec::new();
    for p in places {
        if place.as_ref().is_none_or(|q| q.place.id != p.place.id) && !also_places.iter().any(|q: &PlaceArg| q.place.id == p.place.id) {
            also_places.push(p);
        }
    }

    // The sentence after, when it tells nothing of its own, goes on about the place it names,
    // else about the last happening told.
    let place_ids = |span: Span| -> Vec<&str> {
        within(span).into_iter().filter_map(|m| match &m.entity {
            Some(Entity::Place(p)) => Some(p.id.as_str()),
            _ => None,
        }).collect()
    };
    let follow_up_is_ours = |range: (usize, usize)| {
        let named = place_ids(chars(tokens, range));
        let mine = |id: &&str| place.iter().chain(&also_places).any(|p| p.place.id == *id);
        if named.iter().any(mine) {
            return true;
        }
        // A place named in this sentence for another happening is that one's.
        let elsewhere = place_ids(sentence);
        h.last_told && !named.iter().any(|id| elsewhere.contains(id))
    };

    // Figures.
    let sources: Vec<&Mention> = mentions.iter().filter(|m| m.kind == MentionKind::Source && m.attributed.is_some()).collect();
    let credited = |span: Span| -> Option<String> {
        sources
            .iter()
            .filter(|s| s.attributed.is_some_and(|a| a.contains(span)))
            .min_by_key(|s| s.attributed.map(|a| a.len()))
            .map(|s| match &s.entity {
                Some(Entity::Source(src)) => src.name.clone(),
                _ => s.text.clone(),
            })
    };
    let mut killed = Vec::new();
    let mut injured = Vec::new();
    let mut previous: Option<(&Quantity, bool)> = None;
    // Indexes into `killed` of figures that are further parts of the one before them.
    let mut parts: Vec<usize> = Vec::new();
    let counted_in = if h.alone_in_sentence { sentence } else { clause };
    let own: Vec<&Quantity> = analysis.quantities.iter().filter(|q| inside(counted_in, q.span) && ours(q.tokens.0)).collect();
    // No toll of its own: one in the sentence after it that tells nothing else is its.
    let told_after = h
        .follow_up
        .filter(|&range| follow_up_is_ours(range))
        .filter(|_| !own.iter().any(|q| !matches!(classify(q, tokens, h.sentence.0), Count::Other)))
        .map(|range| chars(tokens, range));
    let later = analysis.quantities.iter().filter(|q| told_after.is_some_and(|s| inside(s, q.span)));
    for q in own.into_iter().chain(later) {
        // "13 مدنيا بينهم 4 أطفال": the four are among the thirteen (a count earlier in the clause,
        // even one not read as a toll, as in a headline's "ارتفاع الحصيلة إلى 13 مدنيا"), neither a
        // toll of their own nor a part to add.
        let among = previous.is_some() && q.tokens.0 > 0 && lex.cues.among.any_at(tokens, q.tokens.0 - 1).is_some();
        if among {
            previous = Some((q, false));
            continue;
        }
        // Own figures stand in the happening's sentence, later ones in the sentence after.
        let sentence_from = if q.tokens.0 < h.sentence.1 { h.sentence.0 } else { h.follow_up.map_or(h.sentence.0, |f| f.0) };
        let mut count = classify(q, tokens, sentence_from);
        // "... أربعة من داعش، واثنان على الأقل من ..." — a figure joined by "و" to a count
        // of the killed just before it is another part of that count.
        let joined = previous.is_some_and(|(prev, killed): (&Quantity, bool)| {
            killed
                && q.tokens.0 <= prev.tokens.1 + 8
                && tokens.get(q.tokens.0).is_some_and(|t| t.clitics.contains(&"و+"))
                && !matches!(count, Count::Injured)
        });
        if joined || (previous.is_none() && matches!(count, Count::Other) && opens_with_killing(q, tokens, sentence_from)) {
            count = Count::Killed;
        }
        previous = Some((q, matches!(count, Count::Killed)));
        match count {
            Count::Killed => {
                if joined {
                    parts.push(killed.len());
                }
                killed.push(figure(q, tokens, mentions, h.clause, credited(q.span)));
            }
            Count::Injured => injured.push(figure(q, tokens, mentions, h.clause, credited(q.span))),
            Count::Other => {}
        }
    }
    let claims: Vec<Claim> = if killed.is_empty() {
        vec![Claim { span: clause, source: credited(chars(tokens, top.tokens)), fatalities: None }]
    } else {
        killed.iter().map(|f| Claim { span: f.span, source: f.claimed_by.clone(), fatalities: Some(f.clone()) }).collect()
    };
    let fatalities = combine(killed, &parts);
    let injured = combine(injured, &[]);

    let crowd = match event_type(sub_type) {
        "Protests" => Some(&lex.cues.protesters_actor),
        "Riots" => Some(&lex.cues.rioters_actor),
        _ => None,
    };
    let civilians_hit = fatalities.as_ref().or(injured.as_ref()).is_some_and(|f| f.victims.as_deref() == Some("civilians"))
        // Violence against civilians has civilians for victims by definition.
        || event_type(sub_type) == "Violence against civilians"
        // Women or children named as struck are civilians struck (ACLED's civilians actor with
        // the group associated); people named at a protest are its crowd instead.
        || (crowd.is_none() && actors.iter().any(|a| a.actor.category == "civilians"));
    // Civilians counted among the dead are the event's victims, as the registry names them.
    if civilians_hit
        && !actors.iter().any(|a| a.actor.id == lex.cues.civilians_actor)
        && let Some(actor) = marsad_entities::actor(&lex.cues.civilians_actor)
    {
        let span = fatalities.as_ref().or(injured.as_ref()).map_or(clause, |f| f.span);
        actors.push(ActorArg { actor, role: Role::Victim, span });
    }
    // A protest is its crowd's act, a riot its rioters': the crowd is the first actor and
    // whoever else the clause names (the forces that disperse it) the second.
    if let Some(id) = crowd
        && let Some(actor) = marsad_entities::actor(id)
    {
        let named = [&lex.cues.protesters_actor, &lex.cues.rioters_actor];
        actors.retain(|a| !named.contains(&&a.actor.id));
        for a in actors.iter_mut().filter(|a| a.role == Role::Actor1) {
            a.role = Role::Actor2;
        }
        actors.insert(0, ActorArg { actor, role: Role::Actor1, span: chars(tokens, top.tokens) });
    }

    // Date: the clause's own date expression, else the sentence's, else the week to publication.
    let dated = |within: Span| {
        analysis.dates.iter().find(|d| inside(within, d.span) && d.start.is_some() && d.end.is_some())
    };
    let date = dated(clause).or_else(|| dated(sentence)).map(|d| {
        // "منذ مطلع الأسبوع الماضي": from then until the report, not that week alone.
        let at = tokens.partition_point(|t| t.span.end() <= d.span.start());
        let since = at > 0 && lex.cues.since.any_at(tokens, at - 1).is_some();
        let end = match (since, published) {
            (true, Some(p)) if p > d.end.expect("filtered") => p,
            _ => d.end.expect("filtered"),
        };
        EventDate {
            start: d.start.expect("filtered"),
            end,
            precision: d.precision.unwrap_or(DatePrecision::Day),
            basis: if since { format!("since '{}' ({}) until the report", d.text, d.basis) } else { format!("'{}': {}", d.text, d.basis) },
            span: Some(d.span),
        }
    });
    let date = date.or_else(|| {
        published.map(|p| EventDate {
            start: p.checked_sub(jiff::Span::new().days(6)).unwrap_or(p),
            end: p,
            precision: DatePrecision::Week,
            basis: "no date in the text for it: the week to publication".into(),
            span: None,
        })
    });

    let trigger_span = chars(tokens, top.tokens);
    let pluperfect = lex.cues.pluperfect.any_at(tokens, h.sentence.0).is_some();
    let any_of = top.tokens.0 > 0 && lex.cues.any_of.any_at(tokens, top.tokens.0 - 1).is_some();
    let before = if any_of { h.clause.0 } else { h.clause.0.max(top.tokens.0.saturating_sub(4)) };
    // A negation says the event did not happen only when it governs the trigger ("لم تسجل
    // اشتباكات"); after it ("القصف لم يسفر عن إصابات", "دون تسجيل أي احتكاك") it is about
    // the outcome of something that did.
    let modality = if lex.cues.negated.any_in(tokens, before, top.tokens.0) {
        Modality::Negated
    // An expectation ("ومن غير المستبعد أن تشهد الأيام المقبلة هجمات") covers what its clause
    // goes on to say, however many words later.
    } else if !pluperfect && lex.cues.hypothetical.any_in(tokens, h.clause.0, top.tokens.0) {
        Modality::Hypothetical
    } else if lex.cues.denied.any_in(tokens, h.clause.0, h.clause.1) {
        Modality::Denied
    } else if lex.cues.alleged.any_in(tokens, h.clause.0, h.clause.1) {
        Modality::Alleged
    } else if credited(trigger_span).is_some() || sources.iter().any(|s| s.attributed.is_some_and(|a| a.contains(trigger_span))) {
        Modality::Reported
    } else {
        Modality::Asserted
    };
    let background = pluperfect
        || lex.cues.background.any_in(tokens, h.sentence.0, (h.sentence.0 + 4).min(h.sentence.1))
        || match (&date, published) {
            (Some(d), Some(p)) => d.span.is_some() && (p - d.end).get_days() > 30,
            _ => false,
        };

    Draft {
        event: Event {
            event_type: event_type(sub_type),
            sub_type,
            date,
            place,
            also_places,
            actors,
            fatalities,
            injured,
            weapons,
            modality,
            background,
            claims,
            explain: Explain {
                triggers: h.hits.iter().map(|hit| (trigger_text(tokens, hit.tokens), chars(tokens, hit.tokens))).collect(),
                rule,
                sentences: vec![sentence],
            },
        },
        sentence_index: h.sentence_index,
        in_headline: h.in_headline,
        last_sentence: h.sentence_index,
        definite: h.definite,
        the_attack: lex.cues.the_attack.any_at(tokens, top.tokens.0).is_some(),
        unknown_means,
        both_sides: (h.clause.0..h.clause.1).find(|&i| lex.cues.both_sides.any_at(tokens, i).is_some()).map(|i| tokens[i].span),
    }
}

/// The forces a nationality adjective in tokens `from..to` names ("تركية" → the Turkish
/// military), with the adjective's span.
fn forces_named(tokens: &[Token], from: usize, to: usize) -> Option<(ActorEntity, Span)> {
    (from..to.min(tokens.len())).find_map(|k| {
        let (_, id) = lexicon().cues.striker_nationality.longest_at(tokens, k)?;
        Some((marsad_entities::actor(id)?, tokens[k].span))
    })
}

/// Adds an actor the clause does not already name.
fn add_actor(actors: &mut Vec<ActorArg>, arg: ActorArg) {
    if !actors.iter().any(|a| a.actor.id == arg.actor.id) {
        actors.push(arg);
    }
}

/// The country of the first place named in the clause whose country the gazetteer knows.
fn territory_country(clause: (usize, usize), tokens: &[Token], sites: &[&Mention]) -> Option<Country> {
    let span = chars(tokens, clause);
    sites.iter().filter(|m| inside(span, m.span)).find_map(|m| match &m.entity {
        Some(Entity::Place(p)) => marsad_entities::place_country(&p.id).and_then(Country::from_alpha2),
        _ => None,
    })
}

fn trigger_text(tokens: &[Token], (from, to): (usize, usize)) -> String {
    tokens[from..to].iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// Actors of the clause with their roles: a patient marker before an actor makes it the side
/// acted on, an agent marker the side acting; otherwise the first named acts and the second is
/// acted on. Civilians are victims.
fn roles<'a>(h: &Happening, tokens: &[Token], found: impl Iterator<Item = &'a Mention>) -> Vec<ActorArg> {
    let lex = lexicon();
    let mut out: Vec<ActorArg> = Vec::new();
    let mut plain = Vec::new();
    // "قصفت القوات التركية وفصائل الجيش الوطني": sides joined by و act together.
    let mut joined = Vec::new();
    // Not the parties to an agreement, nor the sides "بين X وY" of a clash.
    let may_join = h.group != "Agreement";
    let between = |from: usize| (from.saturating_sub(2).max(h.clause.0)..from).any(|k| lex.cues.between.any_at(tokens, k).is_some());
    let mut previous: Option<(usize, usize)> = None;
    for m in found {
        let Some(Entity::Actor(a)) = &m.entity else { continue };
        // Tokens are in text order: binary searches, not scans, for every actor of every clause.
        let at = tokens.partition_point(|t| t.span.end() <= m.span.start()).min(tokens.len().saturating_sub(1));
        let end = tokens.partition_point(|t| t.span.start() < m.span.end());
        let before = previous.replace((at, end));
        if out.iter().chain(plain.iter()).chain(joined.iter()).any(|x: &ActorArg| x.actor.id == a.id) {
            continue;
        }
        // The و stands on the mention's first word, or on a word for its fighters before it
        // ("وفصائل", "وعناصر").
        let after_previous = before.filter(|&(from, _)| may_join && !between(from)).map(|(_, e)| e);
        let and_at = after_previous.and_then(|e| match at.checked_sub(e) {
            Some(0) => Some(at),
            Some(1) if lex.cues.joined_units.any_at(tokens, e).is_some() => Some(e),
            _ => None,
        });
        let conjoined = a.category != "civilians" && and_at.is_some_and(|k| tokens[k].clitics.contains(&"و+"));
        if conjoined {
            joined.push(ActorArg { actor: a.clone(), role: Role::Associated, span: m.span });
            continue;
        }
        let window = at.saturating_sub(2).max(h.clause.0);
        let marked = |list: &Phrases| (window..at).any(|i| list.any_at(tokens, i).is_some());
        let role = if a.category == "civilians" {
            Some(Role::Victim)
        } else if marked(&lex.cues.patient_markers) {
            Some(Role::Actor2)
        } else if marked(&lex.cues.agent_markers) {
            Some(Role::Actor1)
        } else {
            None
        };
        let arg = ActorArg { actor: a.clone(), role: role.unwrap_or(Role::Associated), span: m.span };
        match role {
            Some(_) => out.push(arg),
            None => plain.push(arg),
        }
    }
    for mut arg in plain {
        let has = |r| out.iter().any(|x| x.role == r);
        arg.role = if !has(Role::Actor1) {
            Role::Actor1
        } else if !has(Role::Actor2) {
            Role::Actor2
        } else {
            Role::Associated
        };
        out.push(arg);
    }
    if !out.iter().any(|x| x.role == Role::Actor1)
        && let Some(x) = out.iter_mut().find(|x| x.role == Role::Actor2)
    {
        x.role = Role::Actor1;
    }
    out.extend(joined);
    out.sort_by_key(|x| x.span.start());
    out
}

enum Count {
    Killed,
    Injured,
    Other,
}

/// A sentence that opens with the killing ("وقُتل في اشتباكات ليلة أمس قرب قرية التح ما بين
/// خمسة عشر وعشرين عنصراً") counts the killed in its first figure, however far on.
fn opens_with_killing(q: &Quantity, tokens: &[Token], start: usize) -> bool {
    let cues = &lexicon().cues;
    start + 1 < q.tokens.0 && cues.killed.any_at(tokens, start).is_some() && !cues.injured.any_in(tokens, start, q.tokens.0)
}

/// Is a figure a count of the killed, of the wounded, or of something else? The counted noun
/// and the words just around the figure tell, within its sentence (from token `sentence_start`):
/// a headline's "اغتيال" says nothing of the body's "خرج المئات".
fn classify(q: &Quantity, tokens: &[Token], sentence_start: usize) -> Count {
    let cues = &lexicon().cues;
    let from = q.tokens.0.saturating_sub(4).max(sentence_start);
    let to = (q.tokens.1 + 3).min(tokens.len());
    if cues.both.any_in(tokens, from, to) {
        return Count::Other;
    }
    // The counted noun itself ("قتيلا", "جريحا").
    if cues.killed.any_in(tokens, q.tokens.0, q.tokens.1) {
        return Count::Killed;
    }
    if cues.injured.any_in(tokens, q.tokens.0, q.tokens.1) {
        return Count::Injured;
    }
    // A verb or noun right before the figure says what it counts ("قُتل سبعة … وأصيب أربعة").
    let just_before = q.tokens.0.saturating_sub(2).max(sentence_start);
    if cues.killed.any_in(tokens, just_before, q.tokens.0) && !cues.injured.any_in(tokens, just_before, q.tokens.0) {
        return Count::Killed;
    }
    if cues.injured.any_in(tokens, just_before, q.tokens.0) && !cues.killed.any_in(tokens, just_before, q.tokens.0) {
        return Count::Injured;
    }
    // The first casualty word after the figure, within its clause ("أكثر من 70 مدنيا معظمهم
    // من النساء لقوا حتفهم"), says what it counts.
    let mut k = q.tokens.1;
    while k < (q.tokens.1 + 7).min(tokens.len()) && !matches!(tokens[k].text.as_str(), "،" | "," | "." | "؛" | ":") {
        if cues.injured.any_at(tokens, k).is_some() {
            return Count::Injured;
        }
        if cues.killed.any_at(tokens, k).is_some() {
            return Count::Killed;
        }
        k += 1;
    }
    let killed_before = cues.killed.any_in(tokens, from, q.tokens.0);
    let injured_before = cues.injured.any_in(tokens, from, q.tokens.0);
    match (killed_before, injured_before) {
        (true, false) => Count::Killed,
        (false, true) => Count::Injured,
        (true, true) => {
            // The nearer word wins.
            let last = |list: &Phrases| (from..q.tokens.0).rev().find(|&i| list.any_at(tokens, i).is_some());
            if last(&cues.killed) > last(&cues.injured) { Count::Killed } else { Count::Injured }
        }
        (false, false) => Count::Other,
    }
}

/// Builds a figure: its counts, victims (civilians, or the actor whose fighters were counted)
/// and the source credited with it.
fn figure(q: &Quantity, tokens: &[Token], mentions: &[Mention], clause: (usize, usize), claimed_by: Option<String>) -> Figure {
    let cues = &lexicon().cues;
    let unit_is = |list: &Phrases| list.any_in(tokens, q.tokens.0, (q.tokens.1 + 1).min(tokens.len()));
    let victims = if unit_is(&cues.civilian_units) {
        Some("civilians".to_string())
    } else {
        // "عناصر من قسد", "أربعة من داعش": the actor named just after.
        let after = tokens.get((q.tokens.1 + 5).min(tokens.len()).saturating_sub(1)).map_or(q.span.end(), |t| t.span.end());
        let named = mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Actor && m.span.start() > q.span.start() && m.span.start() <= after)
            .find_map(|m| match &m.entity {
                Some(Entity::Actor(a)) if a.category != "civilians" => Some(a.id.clone()),
                Some(Entity::Actor(_)) => Some("civilians".to_string()),
                _ => None,
            });
        // Fighters of no named side are combatants; otherwise the clause may say civilians.
        named
            .or_else(|| unit_is(&cues.combatant_units).then(|| "combatants".to_string()))
            .or_else(|| cues.civilian_context.any_in(tokens, clause.0, clause.1).then(|| "civilians".to_string()))
    };
    Figure {
        low: q.low,
        high: q.high,
        qualifier: q.qualifier.as_str().to_string(),
        word: q.word.clone(),
        victims,
        claimed_by,
        span: q.span,
    }
}

/// One figure from several in a clause: parts joined by "و" ("four of ISIS and two pro-Iran
/// fighters" → at least 6) are summed; otherwise the most precise is kept (a number over a
/// vague word), and the first of those.
fn combine(mut figures: Vec<Figure>, parts: &[usize]) -> Option<Figure> {
    if let Some(&first_part) = parts.first() {
        let from = first_part - 1;
        let group: Vec<&Figure> = figures[from..].iter().take(parts.len() + 1).collect();
        let open = group.iter().any(|f| f.high.is_none());
        // Parts of one kind ("امرأة وطفليها": a woman, and her children the text does not call
        // civilians again) are that kind; parts of several sides are combatants.
        let victims: std::collections::BTreeSet<&str> = group.iter().filter_map(|f| f.victims.as_deref()).collect();
        return Some(Figure {
            low: Some(group.iter().map(|f| f.low.unwrap_or(0)).sum()),
            high: if open { None } else { group.iter().map(|f| f.high).sum::<Option<u64>>() },
            qualifier: if open { "at_least".into() } else { "exact".into() },
            word: None,
            victims: match victims.len() {
                0 => None,
                1 => victims.first().map(|v| v.to_string()),
                _ => Some("combatants".into()),
            },
            claimed_by: group[0].claimed_by.clone(),
            span: group[0].span.cover(group[group.len() - 1].span),
        });
    }
    let best = figures.iter().position(|f| f.qualifier != "vague").unwrap_or(0);
    (!figures.is_empty()).then(|| figures.swap_remove(best))
}
