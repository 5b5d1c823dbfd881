//! Finding happenings: triggers sentence by sentence, grouped by clause and event family.

use crate::lexicon::{Coding, Trigger, event_type, lexicon};
use marsad_arabic::{Analysis, Token};

/// A trigger found in the text: which entry, and the tokens it covers.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub trigger: &'static Trigger,
    pub tokens: (usize, usize),
    /// What the hit codes: the trigger's coding, with a killing by gunfire settled by who was
    /// shot into the sub-type it codes (never `Coding::Shooting`).
    pub coding: Coding,
}

/// One happening as a clause tells it: its triggers, the clause and sentence they stand in.
#[derive(Debug, Clone)]
pub struct Happening {
    /// What groups triggers into one happening: the event type, or for strategic
    /// developments and violence against civilians the sub-type.
    pub group: &'static str,
    /// Best trigger first.
    pub hits: Vec<Hit>,
    /// Token ranges of the clause and of the sentence.
    pub clause: (usize, usize),
    pub sentence: (usize, usize),
    pub sentence_index: usize,
    /// Told in the document's headline (see `headline_sentences`).
    pub in_headline: bool,
    /// Where the triggers of the other happenings of the same clause stand: a figure or an
    /// actor nearer to one of them belongs to that happening.
    pub rivals: Vec<usize>,
    /// No other happening is told in the sentence: figures anywhere in it are this one's
    /// ("فجّر انتحاري حزامه الناسف ... وسط مدينة منبج ... ما أدى إلى مقتل أربعة").
    pub alone_in_sentence: bool,
    /// The trigger word carries the article or is a word that refers back ("القصف", "الهجوم"):
    /// the happening may be one already told.
    pub definite: bool,
    /// The next sentence's tokens, when it tells no happening of its own: a toll given there
    /// ("وقال المرصد إن خمسة مدنيين قتلوا") is the last happening's told before it, or the one
    /// at the place it names ("وفي مدينة كفر نبل أصيب ثلاثة مدنيين").
    pub follow_up: Option<(usize, usize)>,
    /// This is the last happening told before `follow_up`.
    pub last_told: bool,
}

/// The trigger starting at token `i`, longest first.
fn trigger_at(tokens: &[Token], i: usize) -> Option<&'static Trigger> {
    let t = &tokens[i];
    let lex = lexicon();
    lex.triggers
        .all_at(tokens, i)
        // "سيطرته", "سيطرتها" are "its control" (a noun with a pronoun), not "she took", unless
        // control over a place follows ("أعلنت قسد سيطرتها على الملعب").
        .filter(|trig| {
            trig.coding != Coding::Territory
                || !t.clitics.iter().any(|c| c.starts_with('+'))
                || (tokens.get(i + 1).is_some_and(|n| !n.newline_before) && lex.cues.control_over.any_at(tokens, i + 1).is_some())
        })
        .max_by_key(|trig| (trig.phrase.len(), trig.rank))
}

/// Token index ranges of each sentence.
pub fn sentence_tokens(analysis: &Analysis) -> Vec<(usize, usize)> {
    let tokens = &analysis.tokens;
    let mut out = Vec::with_capacity(analysis.sentences.len());
    let mut i = 0;
    for s in &analysis.sentences {
        while i < tokens.len() && tokens[i].span.end() <= s.span.start() {
            i += 1;
        }
        let start = i;
        while i < tokens.len() && tokens[i].span.start() < s.span.end() {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// The sub-type of a killing by gunfire at token `at`: the clause before it says who was shot
/// ("قُتل عنصر من قسد برصاص مسلحين" is a clash, "قُتل متظاهرون برصاص قوات الأمن" excessive force
/// against protesters, "قُتل شاب برصاص مجهولين" an attack on a civilian).
fn shooting(tokens: &[Token], clause_from: usize, at: usize) -> &'static str {
    let cues = &lexicon().cues;
    // The shot are named near the verb before "برصاص"; further back are other people (the
    // shooters of an earlier killing in the clause).
    let from = clause_from.max(at.saturating_sub(8));
    if cues.shot_protesters.any_in(tokens, from, at) {
        "Excessive force against protesters"
    } else if cues.shot_combatants.any_in(tokens, from, at) {
        "Armed clash"
    } else {
        "Attack"
    }
}

/// How many sentences the headline is: the first, unless it ends with a lone full stop (a text
/// that opens with its body); a headline that goes on after ".." ("عصابات الخطف تنشط في
/// السويداء.. واشتباك مسلح في شهبا") is two.
fn headline_sentences(tokens: &[Token], sentences: &[(usize, usize)]) -> usize {
    let Some(&(from, to)) = sentences.first() else { return 0 };
    let stop = |i: usize| tokens.get(i).is_some_and(|t| t.text == ".");
    let ends_with_stop = to > from && stop(to - 1);
    let ellipsis = ends_with_stop && to - 1 > from && stop(to - 2);
    match (ends_with_stop, ellipsis) {
        (false, _) => 1,
        (true, true) => 2.min(sentences.len()),
        (true, false) => 0,
    }
}

fn group_of(coding: Coding) -> &'static str {
    match coding {
        Coding::Bombardment => "Explosions/Remote violence",
        Coding::Territory => "Battles",
        Coding::Shooting => unreachable!("a killing by gunfire is settled before it is grouped"),
        Coding::Sub(sub) => match event_type(sub) {
            "Strategic developments" | "Violence against civilians" => sub,
            t => t,
        },
    }
}

/// The happenings of one clause, as a whole: a bomb that was found or foiled ("أحبطت محاولة
/// تفجير سيارة مفخخة", "عثرت على عبوات ناسفة وقامت بتفكيكها") is what the disrupting was about,
/// not an explosion of its own.
fn settle_clause(groups: &mut Vec<Happening>, tokens: &[Token]) {
    // "عقد وجهاء اجتماعاً مع الطرفين … أفضى إلى اتفاق": the meeting is the agreement's (an
    // operation launched or a displacement beside an agreement stays).
    if groups.iter().any(|g| g.group == "Agreement") {
        let meeting = |g: &Happening| g.hits.iter().all(|hit| lexicon().cues.meeting.any_at(tokens, hit.tokens.0).is_some());
        groups.retain(|g| g.group != "Other" || !meeting(g));
    }
    if groups.iter().any(|g| g.group == "Disrupted weapons use") {
        groups.retain(|g| g.group != "Explosions/Remote violence");
    }
    // "فرّقت قوات النظام بالرصاص الحي مظاهرة": the gunfire is how the protest was met.
    if groups.iter().any(|g| g.group == "Protests") {
        groups.retain(|g| g.group == "Protests" || !g.hits.iter().all(|hit| hit.trigger.coding == Coding::Shooting));
    }
}

/// Every happening in the text, in text order.
pub fn happenings(analysis: &Analysis) -> Vec<Happening> {
    let lex = lexicon();
    let tokens = &analysis.tokens;
    let mut out = Vec::new();
    let sentences = sentence_tokens(analysis);
    let headline = headline_sentences(tokens, &sentences);
    for (sentence_index, &(s_from, s_to)) in sentences.iter().enumerate() {
        let mut clause_from = s_from;
        let mut groups: Vec<Happening> = Vec::new();
        let mut i = s_from;
        while i < s_to {
            if i > clause_from && lex.cues.clause_breaks.any_at(tokens, i).is_some() {
                for g in &mut groups {
                    g.clause.1 = i;
                }
                settle_clause(&mut groups, tokens);
                out.append(&mut groups);
                clause_from = i;
            }
            let Some(trigger) = trigger_at(tokens, i) else {
                i += 1;
                continue;
            };
            let len = trigger.phrase.len();
            if lex.cues.attack_nouns.any_at(tokens, i).is_some() && i + len < s_to && trigger_at(tokens, i + len).is_some() {
                i += len;
                continue;
            }
            // "قتلت أربعين من مسلحي التنظيم بينهم انتحاريون": who was among the dead, not a
            // bombing.
            // "أفضى إلى اتفاق على وقف الاشتباكات": the clashes are what is to stop.
            if i > s_from && (lex.cues.among.any_at(tokens, i - 1).is_some() || lex.cues.stopped.any_at(tokens, i - 1).is_some()) {
                i += len;
                continue;
            }
            let coding = match trigger.coding {
                Coding::Shooting => Coding::Sub(shooting(tokens, clause_from, i)),
                other => other,
            };
            let hit = Hit { trigger, tokens: (i, i + len), coding };
            let group = group_of(coding);
            let definite = tokens[i].clitics.contains(&"ال+") || lex.cues.refer_back.any_at(tokens, i).is_some();
            match groups.iter_mut().find(|h| h.group == group) {
                Some(h) => h.hits.push(hit),
                None => groups.push(Happening {
                    group,
                    hits: vec![hit],
                    clause: (clause_from, s_to),
                    sentence: (s_from, s_to),
                    sentence_index,
                    in_headline: sentence_index < headline,
                    definite,
                    rivals: Vec::new(),
                    alone_in_sentence: false,
                    follow_up: None,
                    last_told: false,
                }),
            }
            i += len;
        }
        settle_clause(&mut groups, tokens);
        out.append(&mut groups);
    }
    // Note each happening's rivals in its clause, and whether it is alone in its sentence.
    let mut in_sentence = vec![0usize; out.last().map_or(0, |h| h.sentence_index + 1)];
    for h in &out {
        in_sentence[h.sentence_index] += 1;
    }
    for k in 0..out.len() {
        let rivals: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(j, h)| *j != k && h.sentence_index == out[k].sentence_index && h.clause.0 == out[k].clause.0)
            .flat_map(|(_, h)| h.hits.iter().map(|hit| hit.tokens.0))
            .collect();
        out[k].rivals = rivals;
        out[k].alone_in_sentence = in_sentence[out[k].sentence_index] == 1;
        let next = out[k].sentence_index + 1;
        let last_told = out.get(k + 1).is_none_or(|h| h.sentence_index != out[k].sentence_index);
        // A sentence that tells of a longer stretch ("تشهد المنطقة تصعيداً منذ شباط أدى إلى
        // مقتل عشرات") gives that stretch's toll, not this happening's.
        let stretch = |&(from, to): &(usize, usize)| lex.cues.since.any_in(tokens, from, to) || lex.cues.background.any_in(tokens, from, to);
        if in_sentence.get(next).is_none_or(|&n| n == 0) {
            out[k].follow_up = sentences.get(next).filter(|s| !stretch(s)).copied();
            out[k].last_told = last_told;
        }
    }
    // Rank triggers within a happening: the best first.
    for h in &mut out {
        h.hits.sort_by_key(|hit| std::cmp::Reverse(hit.trigger.rank));
    }
    out
}
