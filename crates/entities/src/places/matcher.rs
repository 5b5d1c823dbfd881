//! Finding place names in the token stream: gazetteer names through clitics and the article,
//! the kind, region, direction and nearness words around them, spelling variants where the
//! context calls for them, and unknown names after a kind word.
//!
//! The scan goes left to right and takes the longest phrase at each position, so the names it
//! returns never overlap. It decides nothing about *which* entry a name is: that needs the whole
//! document and is `disambiguate`'s job.

use super::disambiguate::prominent;
use super::gazetteer::{Gazetteer, NameRef};
use super::words::{Role, Words, strip_article};
use marsad_arabic::Token;
use marsad_arabic::normalize::fold_char;
use marsad_model::Span;

/// One gazetteer entry a name could be, and how well the spelling matched.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub entry: u32,
    /// The article was written where the name has it, and only there.
    pub same_article: bool,
    /// Matched one edit away from the name.
    pub fuzzy: bool,
    pub guarded: bool,
}

/// A place name found in the text, with what the words around it say.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The whole mention: the name and the modifiers that change what it means.
    pub span: Span,
    /// Tokens of the name itself.
    pub tokens: (usize, usize),
    pub hits: Vec<Hit>,
    /// Feature kind set by a kind word (بلدة → town).
    pub kind: Option<&'static str>,
    /// ريف → countryside, بادية → desert.
    pub region: Option<&'static str>,
    pub near: bool,
    pub direction: Option<&'static str>,
    /// A preposition word (في، من، إلى، قرب …) right before the name or its modifiers.
    pub prep_word: bool,
    /// A preposition written onto the word (بهجين، لدير الزور).
    pub prep_clitic: bool,
    /// In quotes or brackets, as news often writes little-known names.
    pub quoted: bool,
    /// The name's phrase key as written (for a second look at near spellings).
    pub key: String,
    /// Written next to another place name, in a list or a pair (هجين، والسوسة; الشعفة – العلوني).
    pub listed: bool,
    pub kind_word: bool,
}

impl Found {
    /// A mention of the name at `tokens`, spanning `span`, with nothing yet said around it.
    fn new(span: Span, tokens: (usize, usize), hits: Vec<Hit>, key: String) -> Found {
        Found {
            span,
            tokens,
            hits,
            kind: None,
            region: None,
            near: false,
            direction: None,
            prep_word: false,
            prep_clitic: false,
            quoted: false,
            key,
            listed: false,
            kind_word: false,
        }
    }
}

const QUOTES: &[&str] = &["\"", "«", "»", "“", "”", "'", "(", ")"];
const LINKS: &[&str] = &["،", ",", "-", "–", "—", "/", ":", "\"", "«", "»", "“", "”"];
/// Kinds after which an unknown word is still kept as a place: settlements and named features,
/// not the generic منطقة.
pub(crate) const NAMING_KINDS: &[&str] = &[
    "town",
    "village",
    "city",
    "subdistrict",
    "neighbourhood",
    "oil_field",
    "gas_field",
    "crossing",
    "airport",
    "dam",
    "base",
    "camp",
];

struct Ctx<'a> {
    g: &'a Gazetteer,
    w: &'a Words,
    toks: &'a [Token],
    buf: String,
}

/// The forms a first name word may be looked up by: without conjunction and preposition (the
/// article off, remembering it was there); the whole word, in case a letter the tokenizer took
/// for a clitic belongs to the name (بزاعة); and without a و the tokenizer left on a short word
/// (وتل حبش), which it keeps because the rest is too short to stand alone.
fn first_forms(t: &Token) -> [(&str, bool, bool); 3] {
    let pre = strip_article(&t.pre);
    let whole = strip_article(&t.key);
    let from_pre = (pre, pre.len() != t.pre.len(), true);
    let from_key = (whole, whole.len() != t.key.len(), false);
    let bare_conj = match t.pre.strip_prefix('و') {
        Some(rest) if t.clitics.is_empty() && rest.chars().count() >= 2 => (rest, false, true),
        _ => from_pre,
    };
    [from_pre, from_key, bare_conj]
}

/// Does some gazetteer name start with one of the forms? The forms are often the same word
/// (no clitics), which is looked up once.
fn any_head(g: &Gazetteer, forms: &[(&str, bool, bool); 3]) -> bool {
    forms
        .iter()
        .enumerate()
        .any(|(k, f)| !forms[..k].iter().any(|e| e.0 == f.0) && g.is_head(f.0))
}

fn has_prep_clitic(t: &Token) -> bool {
    t.clitics
        .iter()
        .any(|c| *c == "ب+" || *c == "ل+" || *c == "ف+" || *c == "ك+")
}

fn has_proclitic(t: &Token) -> bool {
    t.clitics.iter().any(|c| c.ends_with('+') && *c != "ال+")
}

/// Where the token's text starts once its conjunction and preposition letters are skipped.
fn start_after_proclitics(t: &Token) -> u32 {
    let n = t
        .clitics
        .iter()
        .filter(|c| c.ends_with('+') && **c != "ال+")
        .count();
    // The token's text holds its span's chars, so it is read instead of the document's.
    let mut chars = t.text.chars().peekable();
    let mut pos = 0;
    let len = t.span.len();
    for _ in 0..n {
        if pos >= len {
            break;
        }
        chars.next();
        pos += 1;
        while pos < len && chars.next_if(|&c| fold_char(c).is_none()).is_some() {
            pos += 1;
        }
    }
    t.span.start() + pos.min(len)
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> Option<&Token> {
        self.toks.get(i).filter(|t| t.is_word())
    }

    fn role(&self, i: usize) -> Option<&Role> {
        let t = self.word(i)?;
        // Most words carry no conjunction or preposition: one look-up then.
        self.w.role(&t.pre).or_else(|| (t.key != t.pre).then(|| self.w.role(&t.key)).flatten())
    }

    /// The longest gazetteer name starting at token `i`: its hits, the token after it, and
    /// whether the first word was read after its clitics.
    fn longest(&mut self, i: usize, allow_single: bool) -> Option<(Vec<Hit>, usize, bool)> {
        let toks = self.toks;
        let g = self.g;
        let t = toks.get(i).filter(|t| t.is_word())?;
        let forms = first_forms(t);
        let mut avail = 1;
        while avail < g.max_words
            && toks
                .get(i + avail)
                .is_some_and(|n| n.is_word() && !n.newline_before)
        {
            avail += 1;
        }
        for (fi, &(head, head_article, after_clitics)) in forms.iter().enumerate() {
            if forms[..fi].iter().any(|f| f.0 == head) {
                continue;
            }
            if !g.is_head(head) {
                continue;
            }
            // No name is longer than the words some name starts with.
            self.buf.clear();
            self.buf.push_str(head);
            let mut reach = 1;
            while reach < avail {
                self.buf.push(' ');
                self.buf.push_str(strip_article(&toks[i + reach].key));
                if !g.is_prefix(&self.buf) {
                    break;
                }
                reach += 1;
            }
            for len in (1..=reach).rev() {
                if len == 1 && !allow_single {
                    continue;
                }
                self.buf.clear();
                self.buf.push_str(head);
                let mut mask = head_article as u8;
                for (k, n) in toks[i + 1..i + len].iter().enumerate() {
                    let s = strip_article(&n.key);
                    if s.len() != n.key.len() && k + 1 < 8 {
                        mask |= 1 << (k + 1);
                    }
                    self.buf.push(' ');
                    self.buf.push_str(s);
                }
                if let Some(refs) = g.lookup(&self.buf) {
                    // In "الباب شرقي حلب" the direction word says where the town lies from the
                    // next place; it does not end a name of its own (باب شرقي, a Damascus quarter).
                    if len > 1 && self.points_to_place(i + len - 1) {
                        continue;
                    }
                    // A pronoun suffix on the last word (حديثه "his talk") folds onto a name
                    // ending in ة (حديثة): such a match needs the same backing as a missing article.
                    let suffixed = toks[i + len - 1].clitics.iter().any(|c| c.starts_with('+'));
                    let hits: Vec<Hit> = refs
                        .iter()
                        .filter(|r| !r.article_needed || r.articles == mask)
                        .map(|r| {
                            let mut h = hit(r, mask, false);
                            h.same_article &= !suffixed;
                            h
                        })
                        .collect();
                    if hits.is_empty() {
                        continue;
                    }
                    return Some((hits, i + len, after_clitics));
                }
            }
        }
        None
    }

    /// Is token `k` a direction word followed by a place name (شرقي حلب)? The name must have
    /// a reading that is not a common or short word, or a prominent one (حلب is short).
    fn points_to_place(&mut self, k: usize) -> bool {
        if self.role(k).is_none_or(|r| r.direction.is_none()) {
            return false;
        }
        let next = k + 1;
        if self.word(next).is_none_or(|t| t.newline_before) {
            return false;
        }
        self.longest(next, true)
            .is_some_and(|(hits, _, _)| {
                hits.iter()
                    .any(|h| !h.guarded || prominent(&self.g.entries[h.entry as usize]))
            })
    }

    /// The phrase key of tokens `a..b` as the matcher looks names up.
    fn key_of(&self, a: usize, b: usize) -> String {
        let room: usize = self.toks[a..b].iter().map(|t| t.key.len() + 1).sum();
        let mut k = String::with_capacity(room);
        for (n, t) in self.toks[a..b].iter().enumerate() {
            if n > 0 {
                k.push(' ');
                k.push_str(strip_article(&t.key));
            } else {
                k.push_str(strip_article(&t.pre));
            }
        }
        k
    }

    /// Names one edit away from the word at `i`, or from it and the next (`two`).
    fn fuzzy(&mut self, i: usize, two: bool) -> Option<(Vec<Hit>, usize)> {
        let t = self.word(i)?;
        let head = strip_article(&t.pre).to_string();
        let mut best: Option<(Vec<Hit>, usize)> = None;
        for len in [2usize, 1] {
            if len == 2 && !two {
                continue;
            }
            let mut key = head.clone();
            if len == 2 {
                match self.word(i + 1).filter(|n| !n.newline_before) {
                    Some(n) => {
                        key.push(' ');
                        key.push_str(strip_article(&n.key));
                    }
                    None => continue,
                }
            }
            let hits: Vec<Hit> = self
                .g
                .near_spellings(&key)
                .into_iter()
                .flat_map(|(_, refs)| refs.iter().map(|r| hit(r, 0, true)))
                .filter(|h| !h.guarded)
                .collect();
            if !hits.is_empty() {
                best = Some((hits, i + len));
                break;
            }
        }
        best
    }

    /// Could token `i` be the name of a place the gazetteer lacks?
    fn looks_like_name(&self, i: usize, proclitic_ok: bool) -> bool {
        let Some(t) = self.word(i) else { return false };
        (proclitic_ok || !has_proclitic(t))
            && t.stem.chars().count() >= 3
            && self
                .role(i)
                .is_none_or(|r| !r.not_name && !r.is_modifier() && !r.prep)
            && !self.w.is_common(strip_article(&t.pre))
            && !self.w.is_common(strip_article(&t.key))
    }
}

fn hit(r: &NameRef, mask: u8, fuzzy: bool) -> Hit {
    Hit {
        entry: r.entry,
        same_article: !fuzzy && r.articles == mask,
        fuzzy,
        guarded: r.guarded,
    }
}

/// Finds the place names in a document's tokens (see [`scan_tokens`]); the text's chars are
/// not needed.
#[cfg(test)]
pub(crate) fn scan(g: &Gazetteer, w: &Words, _text_chars: &[char], toks: &[Token]) -> Vec<Found> {
    scan_tokens(g, w, toks)
}

/// Finds the place names in a document's tokens, in text order, never overlapping.
pub(crate) fn scan_tokens(g: &Gazetteer, w: &Words, toks: &[Token]) -> Vec<Found> {
    let mut cx = Ctx {
        g,
        w,
        toks,
        buf: String::with_capacity(64),
    };
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].is_word() {
            i += 1;
            continue;
        }
        // Quick rejection: neither a name's first word nor a word around names.
        let t = &toks[i];
        let forms = first_forms(t);
        let role = cx.role(i).cloned();
        if !any_head(g, &forms) && role.as_ref().is_none_or(|r| !r.is_modifier()) {
            // Right after a place name, a near spelling of another is worth a look.
            if listed_after(toks, out.last(), i)
                && cx.looks_like_name(i, true)
                && let Some((hits, end)) = cx.fuzzy(i, false)
            {
                let start = start_after_proclitics(t);
                let span = Span::new(start, toks[end - 1].span.end()).expect("span in order");
                out.push(Found { listed: true, ..Found::new(span, (i, end), hits, cx.key_of(i, end)) });
                i = end;
                continue;
            }
            i += 1;
            continue;
        }
        match found_at(&mut cx, i, role, &out) {
            Some(f) => {
                i = f.tokens.1.max(i + 1);
                // A direction adjective after the name was taken into the span.
                while i < toks.len() && toks[i].span.end() <= f.span.end() {
                    i += 1;
                }
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

/// Is token `i` written right after the previous found name, with only a comma, dash or و
/// between them?
fn listed_after(toks: &[Token], prev: Option<&Found>, i: usize) -> bool {
    let Some(p) = prev else { return false };
    let mut j = p.tokens.1;
    // The previous mention may extend past its name (a direction adjective).
    while j < toks.len() && toks[j].span.end() <= p.span.end() {
        j += 1;
    }
    if j > i || i - j > 3 || toks[i].newline_before {
        return false;
    }
    let t = &toks[i];
    let conj = t.clitics.first().is_some_and(|c| *c == "و+")
        || t.clitics.is_empty() && t.key.starts_with('و');
    let between = &toks[j..i];
    let links = between
        .iter()
        .all(|t| LINKS.contains(&t.text.as_str()) || t.text == "و");
    links
        && (conj
            || between
                .iter()
                .any(|t| t.text != "\"" && t.text != "«" && t.text != "»"))
}

fn found_at(
    cx: &mut Ctx,
    i: usize,
    role: Option<Role>,
    out: &[Found],
) -> Option<Found> {
    let toks = cx.toks;
    let prev = out.last();
    // Enclosed in quotes or brackets on both sides, as news marks little-known names.
    let quoted = |a: usize, b: usize| {
        a > 0
            && QUOTES.contains(&toks[a - 1].text.as_str())
            && toks
                .get(b)
                .is_some_and(|t| QUOTES.contains(&t.text.as_str()))
    };
    let prep_before = |a: usize| {
        a > 0
            && toks[a - 1].is_word()
            && !toks[a].newline_before
            && cx
                .w
                .role(&toks[a - 1].pre)
                .is_some_and(|r| r.prep || r.near)
    };

    // 1. A name that starts right here, kind word included (حقل التنك، بادية هجين، ريف دمشق).
    let is_modifier = role
        .as_ref()
        .is_some_and(|r| r.is_modifier() || r.prep || r.filler);
    if let Some((hits, end, after_clitics)) = cx.longest(i, !is_modifier) {
        let start = if after_clitics {
            start_after_proclitics(&toks[i])
        } else {
            toks[i].span.start()
        };
        let span = Span::new(start, toks[end - 1].span.end()).expect("span in order");
        let mut f = Found {
            prep_word: prep_before(i),
            prep_clitic: has_prep_clitic(&toks[i]),
            quoted: quoted(i, end),
            listed: listed_after(toks, prev, i),
            ..Found::new(span, (i, end), hits, cx.key_of(i, end))
        };
        direction_after(cx, &mut f);
        return Some(f);
    }

    // 2. Modifiers, then a name: بريف دير الزور الشرقي، شرق دير الزور، بلدة هجين، بالقرب من هجين.
    let mut j = i;
    let mut f = Found {
        prep_word: prep_before(i),
        prep_clitic: has_prep_clitic(&toks[i]),
        ..Found::new(Span::empty(toks[i].span.start()), (i, i), Vec::new(), String::new())
    };
    let mut span_start: Option<u32> = None;
    let mut modifiers = 0;
    while j < toks.len() && modifiers < 5 {
        if j > i && toks[j].newline_before {
            break;
        }
        let Some(r) = cx.role(j).cloned() else { break };
        if !(r.is_modifier() || r.filler && modifiers > 0) {
            break;
        }
        // A modifier that starts a name of its own ends the modifiers (ريف + دمشق).
        if modifiers > 0 && cx.longest(j, false).is_some() {
            break;
        }
        let mut in_span = true;
        if let Some((k, s)) = r.kind {
            f.kind = Some(k);
            f.kind_word = true;
            in_span = s;
        } else if let Some(reg) = r.region {
            f.region = Some(reg);
            f.kind_word = true;
        } else if r.near {
            f.near = true;
        } else if let Some(d) = r.direction {
            f.direction = Some(d);
        } else {
            in_span = false;
        }
        if in_span && span_start.is_none() {
            span_start = Some(start_after_proclitics(&toks[j]));
        }
        modifiers += 1;
        j += 1;
        // قرى: البقعان، وسوسة; بلدة "البحرة" — a colon or an opening quote may follow.
        if let Some(t) = toks
            .get(j)
            .filter(|t| t.text == ":" || QUOTES.contains(&t.text.as_str()))
        {
            f.quoted |= t.text != ":";
            j += 1;
        }
    }
    if modifiers == 0 || j >= toks.len() || !toks[j].is_word() {
        return None;
    }
    f.quoted |= quoted(j, j + 1);
    let name_start_after = |cx: &Ctx, j: usize, after: bool| {
        if after {
            start_after_proclitics(&cx.toks[j])
        } else {
            cx.toks[j].span.start()
        }
    };
    if let Some((hits, end, after)) = cx.longest(j, true) {
        f.hits = hits;
        f.tokens = (j, end);
        let s = span_start.unwrap_or_else(|| name_start_after(cx, j, after));
        f.span = Span::new(s, toks[end - 1].span.end()).expect("span in order");
    } else if f.kind_word || listed_after(toks, prev, j) {
        // Spelling tolerance only where a kind word or a neighbouring place says a place is
        // named here; disambiguation then asks the geography to agree.
        if let Some((hits, end)) = cx
            .fuzzy(j, f.kind_word)
            .filter(|_| cx.looks_like_name(j, true))
        {
            f.hits = hits;
            f.tokens = (j, end);
        } else if f.kind.is_some_and(|k| NAMING_KINDS.contains(&k)) && cx.looks_like_name(j, false)
        {
            // An unknown name after a kind word is kept, unresolved (بلدة X).
            let mut end = j + 1;
            if !toks[j].clitics.contains(&"ال+")
                && let Some(n) = cx.word(j + 1).filter(|n| !n.newline_before)
                && n.pre == n.key
                && n.key.starts_with("ال")
                && cx.looks_like_name(j + 1, false)
            {
                end += 1;
            }
            f.tokens = (j, end);
        } else {
            return None;
        }
        let s = span_start.unwrap_or_else(|| name_start_after(cx, j, true));
        f.span = Span::new(s, toks[f.tokens.1 - 1].span.end()).expect("span in order");
    } else {
        return None;
    }
    // "الباب شرقي حلب": a direction word right after a place pairs the two names.
    let pointed_from = prev.is_some_and(|p| p.tokens.1 == i)
        && cx.role(i).is_some_and(|r| r.direction.is_some());
    f.listed = listed_after(toks, prev, i) || pointed_from;
    f.key = cx.key_of(f.tokens.0, f.tokens.1);
    direction_after(cx, &mut f);
    Some(f)
}

/// Takes a direction adjective after the name into the mention (ريف دير الزور الشرقي).
fn direction_after(cx: &Ctx, f: &mut Found) {
    let k = f.tokens.1;
    let Some(t) = cx.word(k) else { return };
    if t.newline_before || !t.key.starts_with("ال") || has_proclitic(t) {
        return;
    }
    if let Some(d) = cx.w.role(&t.key).and_then(|r| r.direction) {
        f.direction = Some(d);
        f.span = f.span.cover(t.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::tokens::tokenize;

    fn names(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        let g = super::super::gazetteer::get();
        let w = super::super::words::get();
        scan(g, w, &chars, &toks)
            .into_iter()
            .map(|f| {
                chars[f.span.start() as usize..f.span.end() as usize]
                    .iter()
                    .collect()
            })
            .collect()
    }

    #[test]
    fn names_through_clitics_and_article() {
        assert_eq!(names("قصف على بهجين وهجين"), ["هجين", "هجين"]);
        assert_eq!(names("في والسوسة"), ["السوسة"]);
    }

    #[test]
    fn compound_phrases_take_their_modifiers() {
        assert_eq!(
            names("معارك بريف دير الزور الشرقي اليوم"),
            ["ريف دير الزور الشرقي"]
        );
        assert_eq!(names("ساد الهدوء شرق دير الزور"), ["شرق دير الزور"]);
        assert_eq!(names("اشتباك قرب حقل التنك"), ["قرب حقل التنك"]);
    }

    #[test]
    fn classifier_kind_words_stay_out_of_the_span() {
        assert_eq!(names("وصلوا إلى بلدة الشعفة"), ["الشعفة"]);
    }

    #[test]
    fn a_direction_word_before_a_place_name_does_not_end_the_name_before_it() {
        // باب شرقي is a Damascus quarter; here الباب lies east of حلب.
        assert_eq!(names("سقطت قذيفة في مدينة الباب شرقي حلب"), ["الباب", "شرقي حلب"]);
        // After a region the direction word is still the region's.
        assert_eq!(
            names("نزوح من ريف دير الزور الشرقي نحو المخيمات"),
            ["ريف دير الزور الشرقي"]
        );
    }

    #[test]
    fn nearness_words_and_clitics_reach_a_name() {
        assert_eq!(names("تقدمت القوات على أطراف الباغوز فجراً"), ["أطراف الباغوز"]);
        assert_eq!(
            names("تمركز القناصة على الأطراف الشمالية للباغوز"),
            ["الأطراف الشمالية للباغوز"]
        );
    }

    #[test]
    fn unknown_name_after_kind_word_is_kept() {
        assert_eq!(names("دخلوا قرية زرنوخة"), ["زرنوخة"]);
        assert!(names("دخلوا قرية صغيرة").is_empty());
    }
}
