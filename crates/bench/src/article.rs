//! Composes one fictional article (headline, paragraphs, outlet, byline, dates) from the data files.

use crate::data::{Data, Kind, Noun, data};
use crate::rng::Rng;
use std::cell::Cell;

/// A calendar day with its weekday (0 = Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub weekday: usize,
}

impl Day {
    /// The day `offset` days after 2018-01-01, which was a Monday.
    pub fn from_offset(offset: u32) -> Day {
        let (mut year, mut month, mut rest) = (2018, 1, offset);
        loop {
            let len = days_in_month(year, month);
            if rest < len {
                break;
            }
            rest -= len;
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
        Day { year, month, day: rest + 1, weekday: (offset % 7) as usize }
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// RFC 822 date for RSS `pubDate`.
    pub fn rfc822(&self, hour: u32, minute: u32) -> String {
        const WD: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MO: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        format!("{}, {:02} {} {} {:02}:{:02}:00 +0000", WD[self.weekday], self.day, MO[self.month as usize - 1], self.year, hour, minute)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// One generated article. Everything a reader should keep is `headline` + `paras`; the rest is
/// metadata the renderers print in each format's own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Which composed article this is; a planted re-publication carries its original's index.
    pub index: u64,
    pub headline: String,
    pub paras: Vec<String>,
    /// Index into `data().outlets`.
    pub outlet: usize,
    pub byline: Option<String>,
    /// Where the byline says the reporter is, as in "NAME-ريف إدلب".
    pub byline_place: &'static str,
    pub published: Day,
    pub hour: u32,
    pub minute: u32,
    pub url: String,
    /// The capital a dateline names: دمشق for Syria, بغداد for Iraq.
    pub capital: &'static str,
}

impl Article {
    pub fn outlet_ar(&self) -> &'static str {
        data().outlets[self.outlet].ar
    }

    /// Month name in the outlet's calendar.
    pub fn month_name(&self, month: u32) -> &'static str {
        let d = data();
        let names = if d.outlets[self.outlet].levant_months { &d.months_levant } else { &d.months_gregorian };
        names[month as usize - 1]
    }

    /// A printed dateline in one of the styles outlets use; `style` picks which.
    pub fn dateline(&self, style: usize) -> String {
        let p = &self.published;
        match style % 4 {
            0 => format!("{:04}.{:02}.{:02} | {:02}:{:02} {}", p.year, p.month, p.day, self.hour, self.minute, self.capital),
            1 => format!("{} {} {}", p.day, self.month_name(p.month), p.year),
            2 => format!("{}/{}/{}", p.day, p.month, p.year),
            _ => format!("{} {} {} {}", data().weekdays[p.weekday], p.day, self.month_name(p.month), p.year),
        }
    }

    /// ISO 8601 timestamp with the region's offset.
    pub fn published_iso(&self) -> String {
        format!("{}T{:02}:{:02}:00+03:00", self.published.iso(), self.hour, self.minute)
    }

    /// The body as the project's clean-text convention has it: headline, then paragraphs.
    pub fn body(&self) -> String {
        let mut s = self.headline.clone();
        for p in &self.paras {
            s.push_str("\n\n");
            s.push_str(p);
        }
        s
    }
}

/// Everything a template slot can be filled with, drawn once per article.
struct Slots {
    place: &'static str,
    place_v: &'static str,
    area: &'static str,
    gov: &'static str,
    place2: &'static str,
    actor: &'static str,
    actor2: &'static str,
    killed: String,
    injured: String,
    date: String,
    weapon: &'static str,
    target: &'static str,
    /// Several sources and people, handed out in turn, so that neighbouring sentences do not
    /// all cite the same one.
    sources: Vec<&'static str>,
    people: Vec<String>,
    turn: Cell<usize>,
    outlet: &'static str,
    n: usize,
    km: usize,
    month: &'static str,
}

impl Slots {
    fn next<'a, T: AsRef<str>>(&self, items: &'a [T]) -> &'a str {
        let t = self.turn.get();
        self.turn.set(t + 1);
        items[t % items.len()].as_ref()
    }

    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map(|c| open + c).unwrap_or_else(|| panic!("unclosed slot in {template:?}"));
            let name = &rest[open + 1..close];
            match name {
                "place" => out.push_str(self.place),
                "place_v" => out.push_str(self.place_v),
                "area" => out.push_str(self.area),
                "gov" => out.push_str(self.gov),
                "place2" => out.push_str(self.place2),
                "actor" => out.push_str(self.actor),
                "actor2" => out.push_str(self.actor2),
                "killed" => out.push_str(&self.killed),
                "injured" => out.push_str(&self.injured),
                "date" => out.push_str(&self.date),
                "weapon" => out.push_str(self.weapon),
                "target" => out.push_str(self.target),
                "source" => out.push_str(self.next(&self.sources)),
                "outlet" => out.push_str(self.outlet),
                "person" => out.push_str(self.next(&self.people)),
                "n" => out.push_str(&self.n.to_string()),
                "km" => out.push_str(&self.km.to_string()),
                "month" => out.push_str(self.month),
                _ => panic!("data/templates.tsv: unknown slot {{{name}}} in {template:?}"),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// "12 مدنيا", "أكثر من 20 شخصا", "ما لا يقل عن سبعة أشخاص", "عشرات المدنيين", "بين 10 و15 عنصرا".
fn figure(rng: &mut Rng, d: &Data, noun: &Noun) -> String {
    let counted = |n: usize, rng: &mut Rng| -> String {
        match n {
            3..=10 if rng.chance(0.4) => format!("{} {}", d.numwords[n - 3], noun.plural),
            3..=10 => format!("{n} {}", noun.plural),
            11..=99 => format!("{n} {}", noun.accusative),
            _ => format!("{n} {}", noun.genitive),
        }
    };
    let round = |rng: &mut Rng| rng.pick(&[10, 15, 20, 25, 30, 40, 50]);
    match rng.below(10) {
        0..=3 => counted(rng.range(3, 45), rng),
        4 => format!("أكثر من {}", counted(round(rng), rng)),
        5 => format!("ما لا يقل عن {}", counted(rng.range(3, 30), rng)),
        6 => format!("نحو {}", counted(round(rng), rng)),
        7 => {
            let lo = rng.range(3, 20);
            let hi = lo + rng.range(2, 10);
            format!("بين {lo} و{}", counted(hi, rng))
        }
        8 => format!("عشرات ال{}", noun.plural),
        _ => counted(rng.range(100, 140), rng),
    }
}

/// The injured, always in the genitive after "إصابة".
fn injured(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("{} آخرين", rng.range(3, 60)),
        1 => format!("أكثر من {} آخرين", rng.pick(&[10, 20, 30, 50])),
        2 => "عشرات آخرين".to_string(),
        _ => format!("نحو {} آخرين", rng.pick(&[10, 15, 20, 40])),
    }
}

/// How the text places the event relative to publication: "اليوم الثلاثاء", "أمس الأحد", ...
fn date_phrase(rng: &mut Rng, d: &Data, event: Day, same_day: bool, month_name: &str) -> String {
    let wd = d.weekdays[event.weekday];
    if same_day {
        match rng.below(5) {
            0 => format!("اليوم {wd}"),
            1 => wd.to_string(),
            2 => format!("صباح {wd}"),
            3 => format!("مساء اليوم {wd}"),
            _ => format!("{wd} {} من {month_name}", event.day),
        }
    } else {
        match rng.below(3) {
            0 => format!("أمس {wd}"),
            1 => format!("ليل {wd}"),
            _ => format!("مساء أمس {wd}"),
        }
    }
}

/// Picks up to `k` distinct templates of a section that fit the article.
fn templates(rng: &mut Rng, d: &'static Data, section: &str, kind: Kind, country: &str, k: usize) -> Vec<&'static str> {
    let fit: Vec<&'static str> = d
        .templates
        .iter()
        .filter(|t| t.section == section && t.kind.is_none_or(|x| x == kind) && t.country.is_none_or(|c| c == country))
        .map(|t| t.text)
        .collect();
    rng.distinct(fit.len(), k).into_iter().map(|i| fit[i]).collect()
}

/// Days the events of a corpus of up to [`DOCS_PER_DAY`] × this many articles fall in.
pub const TWO_YEARS: u32 = 730;

/// Reports a day in a large generated corpus: an archive grows in time, so a corpus of more
/// than [`TWO_YEARS`] × this many articles spans proportionally more days. The rate of the
/// 10,000-article corpus over two years, kept for larger ones so that their cost per document
/// can be compared (see ARCHITECTURE.md § Performance).
pub const DOCS_PER_DAY: u64 = 14;

/// The days from 2018-01-01 to the end of 2099: the date reader takes years up to 2100.
pub const MAX_DAYS: u32 = 29_950;

/// Days the events of a corpus of `n` articles are spread over: [`DOCS_PER_DAY`], at least
/// two years, at most [`MAX_DAYS`] (a corpus of more than ~420,000 articles is denser).
pub fn span_days(n: u64) -> u32 {
    u32::try_from(n.div_ceil(DOCS_PER_DAY)).unwrap_or(u32::MAX).clamp(TWO_YEARS, MAX_DAYS)
}

/// Composes article number `index` of a two-year corpus for `seed`; see [`compose_over`].
pub fn compose(seed: u64, index: u64) -> Article {
    compose_over(seed, index, TWO_YEARS)
}

/// Composes article number `index` of the corpus for `seed` whose events fall in the `days`
/// days from 2018-01-01. Pure: the same inputs give the same article.
pub fn compose_over(seed: u64, index: u64, days: u32) -> Article {
    let d = data();
    let mut rng = Rng::for_item(seed, index, 1);
    let kind = rng.pick(&Kind::ALL);
    let place = &d.places[rng.below(d.places.len())];
    let country = place.country;
    let others: Vec<_> = d.places.iter().filter(|p| p.gov == place.gov && p.name != place.name).collect();
    let place2 = rng.pick(&others).name;
    let authors: Vec<_> = d.actors.iter().filter(|a| a.kinds.contains(&kind) && a.operates_in(place)).collect();
    let actor = rng.pick(&authors);
    let opponents: Vec<_> = d
        .actors
        .iter()
        .filter(|a| a.id != actor.id && a.operates_in(place) && (kind != Kind::Clash || a.kinds.contains(&Kind::Clash)))
        .collect();
    let actor2 = rng.pick(&opponents).form;
    let weapons: Vec<_> = d.weapons.iter().filter(|w| w.0 == kind).map(|w| w.1).collect();
    let targets: Vec<_> = d
        .targets
        .iter()
        .filter(|t| if kind == Kind::Clash { t.0 == Some(Kind::Clash) } else { t.0.is_none() || t.0 == Some(kind) })
        .map(|t| t.1)
        .collect();
    let noun = d.noun(match (kind, rng.chance(0.5)) {
        (Kind::Clash, true) => "fighter",
        (Kind::Clash, false) => "fighter2",
        (_, true) => "civ",
        (_, false) => "person",
    });
    let outlet = rng.below(d.outlets.len());
    let levant = d.outlets[outlet].levant_months;
    let event = Day::from_offset(rng.below(days.max(1) as usize) as u32);
    let same_day = rng.chance(0.6);
    let published = if same_day { event } else { Day::from_offset(day_offset(event) + 1) };
    let months = if levant { &d.months_levant } else { &d.months_gregorian };
    let month_name = months[event.month as usize - 1];
    let person = |rng: &mut Rng| format!("{} {}", rng.pick(&d.given), rng.pick(&d.family));
    let slots = Slots {
        place: place.name,
        place_v: if place.variants.is_empty() { place.name } else { rng.pick(&place.variants) },
        area: place.area,
        gov: place.gov,
        place2,
        actor: actor.form,
        actor2,
        killed: figure(&mut rng, d, noun),
        injured: injured(&mut rng),
        date: date_phrase(&mut rng, d, event, same_day, month_name),
        weapon: rng.pick(&weapons),
        target: rng.pick(&targets),
        sources: rng.sample(&d.sources, 3, 3),
        people: vec![person(&mut rng), person(&mut rng)],
        turn: Cell::new(0),
        outlet: d.outlets[outlet].ar,
        n: rng.range(3, 9),
        km: rng.range(5, 80),
        month: month_name,
    };
    let headline = slots.fill(templates(&mut rng, d, "head", kind, country, 1)[0]);
    let mut paras = vec![slots.fill(templates(&mut rng, d, "lead", kind, country, 1)[0])];
    // Paragraph plan: how many paragraphs per section and how many sentences each may join.
    // About 16 sentences on average, which lands near 4 KB of UTF-8 like a typical wire story.
    let plan: [(&str, usize, usize); 6] =
        [("detail", 3, 2), ("quote", 2, 1), ("context", 2, 2), ("background", 2, 2), ("human", 1, 2), ("close", 1, 2)];
    for (section, n_paras, max_sentences) in plan {
        let pool = templates(&mut rng, d, section, kind, country, n_paras * max_sentences);
        let mut it = pool.into_iter();
        for _ in 0..n_paras {
            let k = rng.range(1, max_sentences);
            let sentences: Vec<String> = it.by_ref().take(k).map(|t| slots.fill(t)).collect();
            if !sentences.is_empty() {
                paras.push(sentences.join(" "));
            }
        }
    }
    let byline = rng.chance(0.5).then(|| person(&mut rng));
    let byline_place = if rng.chance(0.5) { place.area } else { place.gov };
    let domain = d.outlets[outlet].domain;
    Article {
        index,
        headline,
        paras,
        outlet,
        byline,
        byline_place,
        published,
        hour: rng.range(6, 22) as u32,
        minute: rng.below(60) as u32,
        url: format!("https://{domain}/news/{}/{}/{}/{:x}", published.year, published.month, published.day, rng.next_u64() >> 16),
        capital: if country == "IQ" { "بغداد" } else { "دمشق" },
    }
}

fn day_offset(day: Day) -> u32 {
    let mut n = 0;
    for y in 2018..day.year {
        n += if y % 4 == 0 { 366 } else { 365 };
    }
    for m in 1..day.month {
        n += days_in_month(day.year, m);
    }
    n + day.day - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekdays_are_right() {
        // 2018-12-02 was a Sunday, 2019-03-12 a Tuesday.
        let sunday = Day::from_offset(day_offset(Day { year: 2018, month: 12, day: 2, weekday: 0 }));
        assert_eq!((sunday.iso().as_str(), sunday.weekday), ("2018-12-02", 6));
        let tuesday = Day::from_offset(day_offset(Day { year: 2019, month: 3, day: 12, weekday: 0 }));
        assert_eq!((tuesday.iso().as_str(), tuesday.weekday), ("2019-03-12", 1));
        for o in 0..800 {
            assert_eq!(day_offset(Day::from_offset(o)), o);
        }
    }

    #[test]
    fn compose_is_pure_and_varied() {
        assert_eq!(compose(5, 17), compose(5, 17));
        assert_ne!(compose(5, 17).body(), compose(5, 18).body());
        assert_ne!(compose(5, 17).body(), compose(6, 17).body());
    }

    #[test]
    fn a_larger_corpus_spans_more_days_at_a_steady_rate() {
        assert_eq!(span_days(1_000), TWO_YEARS);
        assert_eq!(span_days(100_000), 7_143);
        assert_eq!(span_days(10_000_000), MAX_DAYS);
        let last = (0..400).map(|i| day_offset(compose_over(3, i, MAX_DAYS).published)).max();
        assert!(last.is_some_and(|d| d > 20_000), "{last:?}");
        let last_day = (0..2_000).map(|i| compose_over(3, i, MAX_DAYS).published).max_by_key(|d| day_offset(*d));
        assert!(last_day.is_some_and(|d| d.year <= 2100), "{last_day:?}");
        let last = (0..400).map(|i| day_offset(compose(3, i).published)).max();
        assert!(last.is_some_and(|d| d <= TWO_YEARS), "{last:?}");
    }

    #[test]
    fn every_template_fills() {
        for i in 0..300 {
            let a = compose(9, i);
            assert!(!a.body().contains('{'), "{}", a.body());
            assert!(a.paras.len() >= 5);
        }
    }
}
