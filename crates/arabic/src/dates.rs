//! Dates and times as the text gives them, resolved against the publication date.
//!
//! Each expression becomes `start`/`end` (inclusive), a precision and a `basis` that says how it
//! was read. Month names, weekdays, relative phrases and the words around dates are data files;
//! this file knows how they combine (day + month + year, weekday + date, "N units ago"). An
//! expression that needs the publication date stays unresolved, with that reason, when there is
//! none: a date is never invented.

use crate::Reference;
use crate::lexicon::FastMap;
use crate::lexicon::{FastSet, Phrases, rows};
use crate::normalize::matching_key;
use crate::numbers::{DigitForm, number_at, parse_digits, token_span};
use crate::tokens::{Token, TokenKind};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use marsad_model::{DatePrecision, Span};
use serde::Serialize;
use std::sync::OnceLock;

const WEEKDAYS: &str = include_str!("../data/weekdays.tsv");
const HIJRI: &str = include_str!("../data/hijri_months.tsv");
const DATE_WORDS: &str = include_str!("../data/date_words.tsv");
const RELATIVE: &str = include_str!("../data/relative_dates.tsv");
const ORDINALS: &str = include_str!("../data/ordinals.tsv");
const MONTHS: &str = include_str!("../data/months.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    Gregorian,
    Hijri,
}

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateExpr {
    pub span: Span,
    pub text: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub precision: Option<DatePrecision>,
    /// Why these dates: what was read and what it was resolved against.
    pub basis: String,
    pub calendar: Calendar,
    /// A disagreement inside the expression (weekday that does not fit the date, paired month
    /// names that differ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    #[serde(skip)]
    pub tokens: (usize, usize),
    /// "Yesterday, Sunday 18 November": the expression dates itself and, through its offset,
    /// the publication.
    #[serde(skip)]
    pub(crate) anchor: Option<SelfAnchor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SelfAnchor {
    pub offset: i32,
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
    pub weekday: Option<Weekday>,
}

/// Dates found, which tokens they (and times of day) took, and the ordinal days inside them
/// (token range and value) for the numbers list.
pub struct Found {
    pub dates: Vec<DateExpr>,
    pub claimed: Vec<bool>,
    pub ordinals: Vec<(usize, usize, i8)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    Past,
    Current,
    Next,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
    DaysBack,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    YearMarker,
    MonthMarker,
    DayMarker,
    Modifier(Modifier),
    Daypart,
    Period(Part),
    Ago,
    TimeUnit(Unit, Option<i32>),
    HijriMarker,
    GregorianMarker,
    Of,
    YearPreposition,
    YearsMarker,
    Article,
    Approx,
}

struct Tables {
    weekdays: FastMap<String, Weekday>,
    months: Phrases<i8>,
    hijri: Phrases<i8>,
    words: Phrases<Vec<Word>>,
    /// Unit, offset, and whether the phrase counts only after a period part.
    relative: Phrases<(Unit, i32, bool)>,
    ordinals: FastMap<String, (i8, &'static str)>,
    /// Every word a date expression can start with: a token whose key and pre-form are both
    /// outside this set (and that is not a number) starts none.
    starts: FastSet<String>,
}

/// The weekday a date expression names and how many days before the day of writing it is:
/// "اليوم الأربعاء" → (Wednesday, 0), "أمس الأحد" → (Sunday, 1). Lets a document whose date is
/// unknown be dated once other reports place the happening it tells.
pub fn weekday_named(expression: &str) -> Option<(Weekday, i64)> {
    let t = tables();
    let toks = crate::tokens::tokenize(expression);
    let day = toks.iter().find_map(|tok| t.weekdays.get(tok.key.as_str()).or_else(|| t.weekdays.get(tok.pre.as_str())).copied())?;
    // Only a day counted from the day of writing (اليوم، أمس، الليلة الماضية, in
    // relative_dates.tsv) ties the weekday to it.
    let back = (0..toks.len()).find_map(|i| match t.relative.longest(&toks, i) {
        Some((&(Unit::Day, offset, _), _)) if offset <= 0 => Some(-i64::from(offset)),
        _ => None,
    })?;
    Some((day, back))
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut weekdays = FastMap::default();
        for r in rows(WEEKDAYS) {
            let wd = Weekday::from_monday_one_offset(r[0].parse().expect("weekdays.tsv: number"))
                .expect("1..=7");
            weekdays.insert(matching_key(r[1]), wd);
        }
        let mut months = Phrases::new();
        for r in rows(MONTHS) {
            months.insert(r[1], r[0].parse().expect("months.tsv: number"));
        }
        let mut hijri = Phrases::new();
        for r in rows(HIJRI) {
            hijri.insert(r[1], r[0].parse().expect("hijri_months.tsv: number"));
        }
        let mut words: Phrases<Vec<Word>> = Phrases::new();
        let modifier = |v: &str| match v {
            "past" => Modifier::Past,
            "current" => Modifier::Current,
            "next" => Modifier::Next,
            o => panic!("date_words.tsv: modifier {o}"),
        };
        let part = |v: &str| match v {
            "early" => Part::Early,
            "mid" => Part::Mid,
            "late" => Part::Late,
            o => panic!("date_words.tsv: period part {o}"),
        };
        for r in rows(DATE_WORDS) {
            let w = match r[0] {
                "year_marker" => Word::YearMarker,
                "month_marker" => Word::MonthMarker,
                "day_marker" => Word::DayMarker,
                "modifier" => Word::Modifier(modifier(r[2])),
                "daypart" => Word::Daypart,
                "period_part" => Word::Period(part(r[2])),
                "ago" => Word::Ago,
                "time_unit" => Word::TimeUnit(
                    unit(r[2]),
                    r.get(3).map(|n| n.parse().expect("date_words.tsv: count")),
                ),
                "hijri_marker" => Word::HijriMarker,
                "gregorian_marker" => Word::GregorianMarker,
                "of" => Word::Of,
                "year_preposition" => Word::YearPreposition,
                "years_marker" => Word::YearsMarker,
                "article" => Word::Article,
                "approx" => Word::Approx,
                o => panic!("date_words.tsv: unknown class {o}"),
            };
            words.entry(r[1]).push(w);
        }
        let mut relative = Phrases::new();
        for r in rows(RELATIVE) {
            let after_part = r.get(3) == Some(&"after_part");
            relative.insert(
                r[0],
                (
                    unit(r[1]),
                    r[2].parse().expect("relative_dates.tsv: offset"),
                    after_part,
                ),
            );
        }
        let mut ordinals = FastMap::default();
        for r in rows(ORDINALS) {
            ordinals.insert(
                matching_key(r[0]),
                (r[1].parse().expect("ordinals.tsv: value"), r[2]),
            );
        }
        let mut starts: FastSet<String> = FastSet::default();
        starts.extend(weekdays.keys().cloned());
        starts.extend(ordinals.keys().cloned());
        starts.extend(months.heads().cloned());
        starts.extend(hijri.heads().cloned());
        starts.extend(words.heads().cloned());
        starts.extend(relative.heads().cloned());
        Tables {
            weekdays,
            months,
            hijri,
            words,
            relative,
            ordinals,
            starts,
        }
    })
}

fn unit(s: &str) -> Unit {
    match s {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        "days_back" => Unit::DaysBack,
        o => panic!("unknown time unit {o}"),
    }
}

/// What an expression says, before it is resolved.
#[derive(Debug, Clone, Copy)]
enum Parsed {
    /// Gregorian day and/or month, maybe a year.
    Calendar {
        year: Option<i16>,
        month: i8,
        day: Option<i8>,
        modifier: Option<Modifier>,
        part: Option<Part>,
        weekday: Option<Weekday>,
        rel: Option<i32>,
    },
    Year {
        year: i16,
        part: Option<Part>,
    },
    Relative {
        unit: Unit,
        offset: i32,
        part: Option<Part>,
        weekday: Option<Weekday>,
    },
    Ago {
        unit: Unit,
        count: i32,
    },
    Weekday {
        weekday: Weekday,
        modifier: Option<Modifier>,
    },
    /// A night named by the two days it joins (ليل السبت - الأحد).
    WeekdayPair {
        first: Weekday,
        second: Weekday,
    },
    /// A day of a month named relative to publication (الـ15 من الشهر الجاري).
    DayOfRelativeMonth {
        day: i8,
        offset: i32,
    },
    YearRange {
        from: i16,
        to: i16,
    },
    Hijri {
        year: Option<i32>,
        month: i8,
        day: Option<i8>,
    },
}

struct Cursor<'a> {
    toks: &'a [Token],
    claimed: &'a [bool],
    /// Where the expression being read starts: the one token allowed to open a line.
    start: usize,
}

impl<'a> Cursor<'a> {
    fn tok(&self, j: usize) -> Option<&'a Token> {
        self.toks
            .get(j)
            .filter(|_| !self.claimed.get(j).copied().unwrap_or(true))
    }

    /// Token `j` if it continues the expression (same line, not yet taken).
    fn next(&self, j: usize) -> Option<&'a Token> {
        self.tok(j).filter(|t| j == self.start || !t.newline_before)
    }

    /// A word of `date_words.tsv` at `j` of the class `f` accepts (a word may have several:
    /// منذ is both "ago" and a year preposition).
    fn word_is(&self, j: usize, f: impl Fn(Word) -> bool) -> Option<(Word, usize)> {
        self.next(j)?;
        let (ws, e) = tables().words.longest(self.toks, j)?;
        ws.iter().copied().find(|&w| f(w)).map(|w| (w, e))
    }

    fn weekday(&self, j: usize) -> Option<(Weekday, usize)> {
        let t = self.next(j)?;
        let w = tables()
            .weekdays
            .get(&t.key)
            .or_else(|| tables().weekdays.get(&t.pre))?;
        Some((*w, j + 1))
    }

    /// "يوم الخميس" or "الخميس".
    fn weekday_phrase(&self, j: usize) -> Option<(Weekday, usize)> {
        if let Some((_, k)) = self.word_is(j, |w| w == Word::DayMarker)
            && let Some(r) = self.weekday(k)
        {
            return Some(r);
        }
        self.weekday(j)
    }

    fn month(&self, j: usize) -> Option<(i8, usize)> {
        self.next(j)?;
        tables().months.longest(self.toks, j).map(|(m, e)| (*m, e))
    }

    /// A month name, maybe paired with its other-calendar name ("نوفمبر/ تشرين الثاني",
    /// "أيلول (سبتمبر)"): the month, where it ends, and a warning when the two disagree.
    fn month_paired(&self, j: usize) -> Option<(i8, usize, Option<String>, bool)> {
        let (m, mut e) = self.month(j)?;
        let mut warning = None;
        let mut paired = false;
        if let Some(sep) = self
            .next(e)
            .filter(|t| matches!(t.text.as_str(), "/" | "(" | "-" | "–" | "،"))
            && let Some((m2, e2)) = self.tok(e + 1).and_then(|_| self.month(e + 1))
        {
            paired = true;
            if m2 != m {
                warning = Some(format!(
                    "paired month names disagree ({m} and {m2}); the first is used"
                ));
            }
            e = e2;
            if sep.text == "(" && self.next(e).is_some_and(|t| t.text == ")") {
                e += 1;
            }
        }
        Some((m, e, warning, paired))
    }

    fn day_number(&self, j: usize) -> Option<(i8, usize)> {
        let t = self
            .next(j)
            .filter(|t| t.kind == TokenKind::Number && t.key.len() <= 2)?;
        let d: i8 = t.key.parse().ok()?;
        (1..=31).contains(&d).then_some((d, j + 1))
    }

    /// An ordinal day (العاشر، الحادي عشر، الخامس والعشرين), with its "من" if it has one.
    fn ordinal_day(&self, j: usize) -> Option<(i8, usize)> {
        let t = self.next(j)?;
        let ord = &tables().ordinals;
        let (v, class) = *ord.get(&t.key).or_else(|| ord.get(&t.pre))?;
        let mut day = v;
        let mut e = j + 1;
        match class {
            "unit" => {
                if let Some(n) = self.next(e) {
                    if let Some(&(tv, "teen")) = ord.get(&n.key) {
                        if v < 10 {
                            day = v + tv;
                            e += 1;
                        }
                    } else if n.clitics.first().is_some_and(|c| *c == "و+")
                        && let Some(&(tv, "tens")) = ord.get(&n.pre)
                        && v < 10
                    {
                        day = v + tv;
                        e += 1;
                    }
                }
            }
            "tens" => {}
            _ => return None,
        }
        if let Some((_, k)) = self.word_is(e, |w| w == Word::Of) {
            e = k;
        } else if self.month(e).is_none() {
            return None;
        }
        (1..=31).contains(&day).then_some((day, e))
    }

    fn year(&self, j: usize) -> Option<(i16, usize, bool)> {
        let t = self
            .next(j)
            .filter(|t| t.kind == TokenKind::Number && t.key.len() == 4)?;
        let y: i16 = t.key.parse().ok()?;
        if !(1300..=2100).contains(&y) {
            return None;
        }
        let mut e = j + 1;
        let mut hijri = false;
        if let Some((w, k)) = self.word_is(e, |w| {
            matches!(w, Word::HijriMarker | Word::GregorianMarker)
        }) {
            hijri = w == Word::HijriMarker;
            e = k;
        }
        if !hijri && !(1900..=2100).contains(&y) {
            return None;
        }
        Some((y, e, hijri))
    }

    fn modifier(&self, j: usize) -> Option<(Modifier, usize)> {
        match self.word_is(j, |w| matches!(w, Word::Modifier(_)))? {
            (Word::Modifier(m), e) => Some((m, e)),
            _ => None,
        }
    }

    /// Day (number or ordinal) + month (+ pair) + year or modifier; `need_day` false allows a
    /// month alone when something marks it as a month (a year, a modifier, a pair).
    /// A calendar date with its day at `j`, carrying the weekday and the relative offset said
    /// before it ("أمس الأحد 18 نوفمبر").
    fn dated_day(&self, j: usize, weekday: Option<Weekday>, rel: Option<i32>) -> Option<(Parsed, usize, Option<String>)> {
        match self.calendar(j, true)? {
            (Parsed::Calendar { year, month, day: Some(day), modifier, .. }, e, w) => Some((
                Parsed::Calendar { year, month, day: Some(day), modifier, part: None, weekday, rel },
                e,
                w,
            )),
            _ => None,
        }
    }

    fn calendar(&self, j: usize, need_day: bool) -> Option<(Parsed, usize, Option<String>)> {
        // The article written apart before a day number (الـ15).
        let j = match self.word_is(j, |w| w == Word::Article) {
            Some((_, k)) if self.day_number(k).is_some() => k,
            _ => j,
        };
        let (day, k) = match self.day_number(j).or_else(|| self.ordinal_day(j)) {
            Some((d, k)) => (Some(d), k),
            None if need_day => return None,
            None => (None, j),
        };
        if let Some(day) = day {
            let k2 = self.word_is(k, |w| w == Word::Of).map_or(k, |(_, e)| e);
            if let Some(((Unit::Month, offset, _), e)) = self.relative(k2) {
                return Some((Parsed::DayOfRelativeMonth { day, offset }, e, None));
            }
        }
        let (month, mut e, warning, paired) = self.month_paired(k)?;
        let mut year = None;
        let mut modifier = None;
        if let Some((y, ye, false)) = self.year(e) {
            year = Some(y);
            e = ye;
        } else if let Some((m, me)) = self.modifier(e) {
            modifier = Some(m);
            e = me;
        }
        if day.is_none() && year.is_none() && modifier.is_none() && !paired {
            return None;
        }
        Some((
            Parsed::Calendar {
                year,
                month,
                day,
                modifier,
                part: None,
                weekday: None,
                rel: None,
            },
            e,
            warning,
        ))
    }

    fn hijri(&self, j: usize) -> Option<(Parsed, usize)> {
        let (day, k) = match self.day_number(j) {
            Some((d, k)) => (Some(d), k),
            None => (None, j),
        };
        let k = self
            .word_is(k, |w| w == Word::MonthMarker)
            .map_or(k, |(_, e)| e);
        self.next(k)?;
        let (&month, e) = tables().hijri.longest(self.toks, k)?;
        let (year, e) = match self.year(e) {
            Some((y, ye, _)) => (Some(y as i32), ye),
            None => (None, e),
        };
        // صفر is also "zero" and رجب a name: a Hijri month needs a day or a year beside it.
        if day.is_none() && year.is_none() {
            return None;
        }
        Some((Parsed::Hijri { year, month, day }, e))
    }

    /// "قبل يومين"، "منذ ثلاثة أسابيع"، "قبل شهر".
    fn ago(&self, j: usize) -> Option<(Parsed, usize)> {
        let (_, k) = self.word_is(j, |w| w == Word::Ago)?;
        let k = self.word_is(k, |w| w == Word::Approx).map_or(k, |(_, e)| e);
        if let Some((Word::TimeUnit(u, Some(c)), e)) =
            self.word_is(k, |w| matches!(w, Word::TimeUnit(..)))
        {
            return Some((Parsed::Ago { unit: u, count: c }, e));
        }
        self.next(k)?;
        let (n, e, _) = number_at(self.toks, k)?;
        if n.fract() != 0.0 || !(1.0..=400.0).contains(&n) {
            return None;
        }
        match self.word_is(e, |w| matches!(w, Word::TimeUnit(..)))? {
            (Word::TimeUnit(u, _), e2) => Some((
                Parsed::Ago {
                    unit: u,
                    count: n as i32,
                },
                e2,
            )),
            _ => None,
        }
    }

    fn relative(&self, j: usize) -> Option<((Unit, i32, bool), usize)> {
        self.next(j)?;
        tables()
            .relative
            .longest(self.toks, j)
            .map(|(r, e)| (*r, e))
    }

    /// The longest date expression starting at token `i`.
    fn parse(&self, i: usize) -> Option<(Parsed, usize, Option<String>)> {
        let first = self.tok(i)?;
        if first.kind == TokenKind::Number
            && let DigitForm::Date { year, month, day } = parse_digits(&first.key, false)
        {
            return Some((
                Parsed::Calendar {
                    year: Some(year),
                    month,
                    day: Some(day),
                    modifier: None,
                    part: None,
                    weekday: None,
                    rel: None,
                },
                i + 1,
                None,
            ));
        }
        if let Some(h) = self.hijri(i) {
            return Some((h.0, h.1, None));
        }
        if let Some(c) = self.calendar(i, true) {
            return Some(c);
        }
        // Month first, as English captions write it: "October 29, 2016".
        if let Some((month, e, w, _)) = self.month_paired(i)
            && let Some((d, e)) = self.day_number(e)
        {
            let e = if self
                .next(e)
                .is_some_and(|t| matches!(t.text.as_str(), "," | "،"))
            {
                e + 1
            } else {
                e
            };
            if let Some((y, e, false)) = self.year(e) {
                return Some((
                    Parsed::Calendar {
                        year: Some(y),
                        month,
                        day: Some(d),
                        modifier: None,
                        part: None,
                        weekday: None,
                        rel: None,
                    },
                    e,
                    w,
                ));
            }
        }
        // A period part (مطلع، منتصف، أواخر) before a month, a year or a relative phrase.
        let (part, j) = match self.word_is(i, |w| matches!(w, Word::Period(_))) {
            Some((Word::Period(p), e)) => (Some(p), e),
            _ => (None, i),
        };
        // A part of the day (صباح، مساء، فجر) before a day.
        let j = if part.is_none() {
            self.word_is(j, |w| w == Word::Daypart)
                .map_or(j, |(_, e)| e)
        } else {
            j
        };
        if j > i || part.is_some() {
            self.tok(j)?;
        }
        // "يوم أمس": the day marker before a relative day.
        let j = match self.word_is(j, |w| w == Word::DayMarker) {
            Some((_, k))
                if self
                    .relative(k)
                    .is_some_and(|((u, _, _), _)| u == Unit::Day) =>
            {
                k
            }
            _ => j,
        };
        if let Some(((unit, offset, _), e)) = self
            .relative(j)
            .filter(|&((_, _, ap), e)| !ap || (part.is_some() && self.year(e).is_none()))
        {
            if unit == Unit::Day {
                let (weekday, e2) = match self.weekday_phrase(e) {
                    Some((w, k)) => (Some(w), k),
                    None => (None, e),
                };
                if let Some(found) = self.dated_day(e2, weekday, Some(offset)) {
                    return Some(found);
                }
                return Some((
                    Parsed::Relative {
                        unit,
                        offset,
                        part: None,
                        weekday,
                    },
                    e2,
                    None,
                ));
            }
            return Some((
                Parsed::Relative {
                    unit,
                    offset,
                    part,
                    weekday: None,
                },
                e,
                None,
            ));
        }
        if part.is_some() {
            let k = self
                .word_is(j, |w| w == Word::MonthMarker)
                .map_or(j, |(_, e)| e);
            if let Some((
                Parsed::Calendar {
                    year,
                    month,
                    modifier,
                    ..
                },
                e,
                w,
            )) = self.calendar(k, false).or_else(|| {
                // "أواخر شهر تشرين الأول" with nothing after still names a month.
                (k > j)
                    .then(|| self.month_paired(k))
                    .flatten()
                    .map(|(m, e, w, _)| {
                        (
                            Parsed::Calendar {
                                year: None,
                                month: m,
                                day: None,
                                modifier: None,
                                part: None,
                                weekday: None,
                                rel: None,
                            },
                            e,
                            w,
                        )
                    })
            }) {
                return Some((
                    Parsed::Calendar {
                        year,
                        month,
                        day: None,
                        modifier,
                        part,
                        weekday: None,
                        rel: None,
                    },
                    e,
                    w,
                ));
            }
            let k = self
                .word_is(j, |w| w == Word::YearMarker)
                .map_or(j, |(_, e)| e);
            if let Some((y, e, false)) = self.year(k) {
                return Some((Parsed::Year { year: y, part }, e, None));
            }
            return None;
        }
        if let Some((weekday, e)) = self.weekday_phrase(j) {
            // ليل السبت - الأحد، ليلة الخميس الجمعة: a night between two days.
            let k = if self
                .next(e)
                .is_some_and(|t| matches!(t.text.as_str(), "-" | "–" | "/"))
            {
                e + 1
            } else {
                e
            };
            if let Some((second, e2)) = self.weekday(k)
                && second == weekday.next()
            {
                return Some((
                    Parsed::WeekdayPair {
                        first: weekday,
                        second,
                    },
                    e2,
                    None,
                ));
            }
            if let Some(found) = self.dated_day(e, Some(weekday), None) {
                return Some(found);
            }
            let (modifier, e) = match self.modifier(e) {
                Some((m, k)) => (Some(m), k),
                None => (None, e),
            };
            return Some((Parsed::Weekday { weekday, modifier }, e, None));
        }
        if j > i {
            return None;
        }
        if let Some((_, k)) = self.word_is(i, |w| w == Word::MonthMarker)
            && let Some((m, e, w, _)) = self.month_paired(k)
        {
            let (year, modifier, e) = match (self.year(e), self.modifier(e)) {
                (Some((y, ye, false)), _) => (Some(y), None, ye),
                (_, Some((m, me))) => (None, Some(m), me),
                _ => (None, None, e),
            };
            return Some((
                Parsed::Calendar {
                    year,
                    month: m,
                    day: None,
                    modifier,
                    part: None,
                    weekday: None,
                    rel: None,
                },
                e,
                w,
            ));
        }
        if let Some(c) = self.calendar(i, false) {
            return Some(c);
        }
        if let Some((_, k)) = self.word_is(i, |w| w == Word::YearMarker)
            && let Some((y, e, false)) = self.year(k)
        {
            return Some((
                Parsed::Year {
                    year: y,
                    part: None,
                },
                e,
                None,
            ));
        }
        if let Some((_, k)) = self.word_is(i, |w| w == Word::YearsMarker)
            && let Some((from, e, false)) = self.year(k)
        {
            // The second year: "و2016" is split by the tokenizer into و and 2016.
            let k2 = if self
                .next(e)
                .is_some_and(|t| matches!(t.key.as_str(), "و" | "-" | "–" | "الي" | "حتي"))
            {
                e + 1
            } else {
                e
            };
            if let Some((to, e2, false)) = self.year(k2).filter(|&(to, _, _)| to > from) {
                return Some((Parsed::YearRange { from, to }, e2, None));
            }
            return Some((
                Parsed::Year {
                    year: from,
                    part: None,
                },
                e,
                None,
            ));
        }
        if let Some(a) = self.ago(i) {
            return Some((a.0, a.1, None));
        }
        if let Some((_, k)) = self.word_is(i, |w| w == Word::YearPreposition)
            && let Some((y, e, false)) = self.year(k)
        {
            return Some((
                Parsed::Year {
                    year: y,
                    part: None,
                },
                e,
                None,
            ));
        }
        None
    }
}

fn date(y: i32, m: i32, d: i32) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

fn add_days(d: Date, n: i32) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

fn add_months(d: Date, n: i32) -> Option<Date> {
    let total = d.year() as i32 * 12 + (d.month() as i32 - 1) + n;
    date(total.div_euclid(12), total.rem_euclid(12) + 1, 1)
}

fn month_range(y: i32, m: i32, part: Option<Part>) -> Option<(Date, Date)> {
    let first = date(y, m, 1)?;
    let last = first.last_of_month();
    Some(match part {
        None => (first, last),
        Some(Part::Early) => (first, date(y, m, 10)?),
        Some(Part::Mid) => (date(y, m, 11)?, date(y, m, 20)?),
        Some(Part::Late) => (date(y, m, 21)?, last),
    })
}

fn year_range(y: i32, part: Option<Part>) -> Option<(Date, Date)> {
    Some(match part {
        None => (date(y, 1, 1)?, date(y, 12, 31)?),
        Some(Part::Early) => (date(y, 1, 1)?, date(y, 4, 30)?),
        Some(Part::Mid) => (date(y, 5, 1)?, date(y, 8, 31)?),
        Some(Part::Late) => (date(y, 9, 1)?, date(y, 12, 31)?),
    })
}

/// The Saturday that starts the week of `d` (weeks run Saturday to Friday in the calendars of
/// the region this is built for).
fn week_start(d: Date) -> Option<Date> {
    let since_saturday = (d.weekday().to_monday_zero_offset() as i32 + 2) % 7;
    add_days(d, -since_saturday)
}

fn week_range(start: Date, part: Option<Part>) -> Option<(Date, Date)> {
    let (a, b) = match part {
        None => (0, 6),
        Some(Part::Early) => (0, 2),
        Some(Part::Mid) => (2, 4),
        Some(Part::Late) => (4, 6),
    };
    Some((add_days(start, a)?, add_days(start, b)?))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's algorithm), and back; used to
/// move between calendars by day count.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Days since 1970-01-01 of a date in the tabular Islamic calendar (civil epoch, leap years 2,
/// 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each 30). Printed Hijri dates follow sightings, so
/// this may be a day or two off: the basis says so.
fn hijri_to_days(y: i64, m: i64, d: i64) -> i64 {
    let jdn = d
        + ((29.5 * (m - 1) as f64).ceil() as i64)
        + (y - 1) * 354
        + (3 + 11 * y).div_euclid(30)
        + 1948439;
    jdn - 2440588
}

fn hijri_from_days(z: i64) -> (i64, i64, i64) {
    let jdn = z + 2440588;
    let y = (30 * (jdn - 1948440) + 10646).div_euclid(10631);
    let m = (((jdn - (29 + hijri_to_days(y, 1, 1) + 2440588)) as f64 / 29.5).ceil() as i64 + 1)
        .clamp(1, 12);
    let d = jdn - (hijri_to_days(y, m, 1) + 2440588) + 1;
    (y, m, d)
}

fn from_days(z: i64) -> Option<Date> {
    let (y, m, d) = civil_from_days(z);
    date(y as i32, m as i32, d as i32)
}

fn days_of(d: Date) -> i64 {
    days_from_civil(d.year() as i64, d.month() as i64, d.day() as i64)
}

struct Resolved {
    start: Option<Date>,
    end: Option<Date>,
    precision: Option<DatePrecision>,
    basis: String,
    warning: Option<String>,
}

fn unresolved(why: &str) -> Resolved {
    Resolved {
        start: None,
        end: None,
        precision: None,
        basis: why.to_string(),
        warning: None,
    }
}

fn day(d: Option<Date>, basis: String) -> Resolved {
    Resolved {
        start: d,
        end: d,
        precision: d.map(|_| DatePrecision::Day),
        basis,
        warning: None,
    }
}

fn span_of(r: Option<(Date, Date)>, p: DatePrecision, basis: String) -> Resolved {
    Resolved {
        start: r.map(|r| r.0),
        end: r.map(|r| r.1),
        precision: r.map(|_| p),
        basis,
        warning: None,
    }
}

const NO_REFERENCE: &str = "relative to the publication date, which is unknown";

fn weekday_check(d: Date, said: Option<Weekday>) -> Option<String> {
    let said = said?;
    (d.weekday() != said).then(|| format!("the text says {said:?} but {d} is a {:?}", d.weekday()))
}

fn resolve(p: Parsed, r: Option<&Reference>) -> Resolved {
    let pubd = r.map(|r| r.date);
    let inferred = r.is_some_and(|r| r.basis.starts_with("publication date inferred"));
    let on = |d: Date| {
        if inferred {
            format!("publication date {d} (inferred from the text)")
        } else {
            format!("publication date {d}")
        }
    };
    match p {
        Parsed::Calendar {
            year,
            month,
            day: Some(dd),
            modifier,
            weekday,
            rel,
            ..
        } => {
            let (y, basis) = match (year, pubd) {
                (Some(y), _) => (y as i32, "explicit date".to_string()),
                (None, Some(pd)) => {
                    let mut y = pd.year() as i32;
                    let cand = date(y, month as i32, dd as i32);
                    match (modifier, cand) {
                        (Some(Modifier::Past), Some(c)) if c >= pd => y -= 1,
                        (Some(Modifier::Next), Some(c)) if c <= pd => y += 1,
                        (None, Some(c)) if add_days(pd, 30).is_some_and(|lim| c > lim) => y -= 1,
                        _ => {}
                    }
                    (y, format!("day and month; year from {}", on(pd)))
                }
                (None, None) => {
                    let mut res = unresolved(
                        "day and month without a year, and the publication date is unknown",
                    );
                    if let Some(off) = rel {
                        res.basis = format!(
                            "{}; it dates the publication {off:+} day(s) from it",
                            res.basis
                        );
                    }
                    return res;
                }
            };
            let d = date(y, month as i32, dd as i32);
            let mut res = day(d, basis);
            if d.is_none() {
                res.basis = format!("no such day: {y}-{month:02}-{dd:02}");
            }
            if let Some(d) = d {
                res.warning = weekday_check(d, weekday);
                if let (Some(off), Some(pd)) = (rel, pubd)
                    && add_days(pd, off) != Some(d)
                    && res.warning.is_none()
                {
                    res.warning = Some(format!("{d} is not {off:+} day(s) from the {}", on(pd)));
                }
            }
            res
        }
        Parsed::Calendar {
            year,
            month,
            day: None,
            modifier,
            part,
            ..
        } => {
            let (y, basis) = match (year, pubd) {
                (Some(y), _) => (y as i32, "explicit month and year".to_string()),
                (None, Some(pd)) => {
                    let (py, pm) = (pd.year() as i32, pd.month());
                    let y = match modifier {
                        Some(Modifier::Past) if month >= pm => py - 1,
                        Some(Modifier::Next) if month <= pm => py + 1,
                        None if month > pm + 1 => py - 1,
                        _ => py,
                    };
                    (y, format!("month; year from {}", on(pd)))
                }
                (None, None) => {
                    return unresolved("month without a year, and the publication date is unknown");
                }
            };
            span_of(
                month_range(y, month as i32, part),
                DatePrecision::Month,
                basis,
            )
        }
        Parsed::Year { year, part } => span_of(
            year_range(year as i32, part),
            DatePrecision::Year,
            "explicit year".into(),
        ),
        Parsed::Relative {
            unit,
            offset,
            part,
            weekday,
        } => {
            let Some(pd) = pubd else {
                return unresolved(NO_REFERENCE);
            };
            let basis = format!("relative to {}", on(pd));
            match unit {
                Unit::Day => {
                    let d = add_days(pd, offset);
                    let mut res = day(d, basis);
                    res.warning = d.and_then(|d| weekday_check(d, weekday));
                    res
                }
                Unit::Week => {
                    let r = week_start(pd)
                        .and_then(|s| add_days(s, 7 * offset))
                        .and_then(|s| week_range(s, part));
                    span_of(
                        r,
                        DatePrecision::Week,
                        format!("{basis}; weeks run Saturday to Friday"),
                    )
                }
                Unit::Month => {
                    let r = add_months(pd, offset)
                        .and_then(|m| month_range(m.year() as i32, m.month() as i32, part));
                    span_of(r, DatePrecision::Month, basis)
                }
                Unit::Year => span_of(
                    year_range(pd.year() as i32 + offset, part),
                    DatePrecision::Year,
                    basis,
                ),
                Unit::DaysBack => {
                    let r = add_days(pd, -offset.abs()).zip(add_days(pd, -1));
                    let p = if offset.abs() <= 1 {
                        DatePrecision::Day
                    } else {
                        DatePrecision::Week
                    };
                    span_of(r, p, basis)
                }
            }
        }
        Parsed::Ago { unit, count } => {
            let Some(pd) = pubd else {
                return unresolved(NO_REFERENCE);
            };
            let basis = format!("{count} {unit:?}(s) before {}", on(pd)).to_lowercase();
            match unit {
                Unit::Day | Unit::DaysBack => day(add_days(pd, -count), basis),
                Unit::Week => {
                    let c = add_days(pd, -7 * count);
                    span_of(
                        c.and_then(|c| add_days(c, -3).zip(add_days(c, 3))),
                        DatePrecision::Week,
                        basis,
                    )
                }
                Unit::Month => {
                    let m = add_months(pd, -count);
                    span_of(
                        m.and_then(|m| month_range(m.year() as i32, m.month() as i32, None)),
                        DatePrecision::Month,
                        basis,
                    )
                }
                Unit::Year => span_of(
                    year_range(pd.year() as i32 - count, None),
                    DatePrecision::Year,
                    basis,
                ),
            }
        }
        Parsed::Weekday { weekday, modifier } => {
            let Some(pd) = pubd else {
                return unresolved(NO_REFERENCE);
            };
            let back = (pd.weekday().to_monday_zero_offset() as i32
                - weekday.to_monday_zero_offset() as i32)
                .rem_euclid(7);
            let (off, how) = match modifier {
                Some(Modifier::Next) => (7 - back, ("next", "after")),
                Some(Modifier::Past) if back == 0 => (-7, ("last", "before")),
                _ => (-back, ("most recent", "on or before")),
            };
            let d = add_days(pd, off);
            day(
                d,
                format!(
                    "weekday alone: the {} {weekday:?} {} {}",
                    how.0,
                    how.1,
                    on(pd)
                ),
            )
        }
        Parsed::WeekdayPair { first, second } => {
            let Some(pd) = pubd else {
                return unresolved(NO_REFERENCE);
            };
            let back = (pd.weekday().to_monday_zero_offset() as i32
                - second.to_monday_zero_offset() as i32)
                .rem_euclid(7);
            let end = add_days(pd, -back);
            // The night is read by its second day; the first is the day before.
            let start = end
                .and_then(|e| add_days(e, -1))
                .filter(|s| s.weekday() == first);
            span_of(
                start.zip(end),
                DatePrecision::Day,
                format!(
                    "night between two weekdays, the most recent on or before {}",
                    on(pd)
                ),
            )
        }
        Parsed::DayOfRelativeMonth { day: dd, offset } => {
            let Some(pd) = pubd else {
                return unresolved(NO_REFERENCE);
            };
            let d = add_months(pd, offset)
                .and_then(|m| date(m.year() as i32, m.month() as i32, dd as i32));
            day(d, format!("day of a month relative to {}", on(pd)))
        }
        Parsed::YearRange { from, to } => {
            let r = year_range(from as i32, None)
                .zip(year_range(to as i32, None))
                .map(|(a, b)| (a.0, b.1));
            span_of(r, DatePrecision::Year, "explicit years".into())
        }
        Parsed::Hijri {
            year,
            month,
            day: dd,
        } => {
            let y = match (year, pubd) {
                (Some(y), _) => y as i64,
                (None, Some(pd)) => {
                    let (hy, hm, _) = hijri_from_days(days_of(pd));
                    if month as i64 > hm + 1 { hy - 1 } else { hy }
                }
                (None, None) => {
                    return unresolved(
                        "Hijri date without a year, and the publication date is unknown",
                    );
                }
            };
            let basis = "Hijri date converted with the tabular Islamic calendar (may differ by a day or two from the sighted calendar)".to_string();
            match dd {
                Some(d) => day(from_days(hijri_to_days(y, month as i64, d as i64)), basis),
                None => {
                    let s = from_days(hijri_to_days(y, month as i64, 1));
                    let e = from_days(
                        hijri_to_days(
                            if month == 12 { y + 1 } else { y },
                            if month == 12 { 1 } else { month as i64 + 1 },
                            1,
                        ) - 1,
                    );
                    span_of(s.zip(e), DatePrecision::Month, basis)
                }
            }
        }
    }
}

/// Every date expression in `toks`, resolved against `reference` when one is known.
pub fn find(toks: &[Token], text: &str, reference: Option<&Reference>) -> Found {
    let mut claimed = vec![false; toks.len()];
    let mut dates = Vec::new();
    let mut ordinals = Vec::new();
    let mut i = 0;
    let starts = &tables().starts;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind != TokenKind::Number && !starts.contains(&t.key) && !starts.contains(&t.pre) {
            i += 1;
            continue;
        }
        let cur = Cursor {
            toks,
            claimed: &claimed,
            start: i,
        };
        let Some((parsed, end, warn)) = cur.parse(i) else {
            if toks[i].kind == TokenKind::Number
                && matches!(parse_digits(&toks[i].key, false), DigitForm::Time { .. })
            {
                claimed[i] = true;
            }
            i += 1;
            continue;
        };
        let end = end.max(i + 1);
        let mut res = resolve(parsed, reference);
        if warn.is_some() {
            res.warning = warn.or(res.warning);
        }
        let anchor = match parsed {
            Parsed::Calendar {
                year,
                month,
                day: Some(day),
                weekday,
                rel: Some(offset),
                ..
            } => Some(SelfAnchor {
                offset,
                year,
                month,
                day,
                weekday,
            }),
            _ => None,
        };
        let calendar = if matches!(parsed, Parsed::Hijri { .. }) {
            Calendar::Hijri
        } else {
            Calendar::Gregorian
        };
        for k in i..end {
            if let Some((d, e)) = cur.ordinal_day(k).filter(|&(_, e)| e <= end) {
                let e = if toks[e - 1].key == "من" { e - 1 } else { e };
                ordinals.push((k, e, d));
                break;
            }
        }
        let (span, s) = token_span(toks, text, i, end);
        dates.push(DateExpr {
            span,
            text: s,
            start: res.start,
            end: res.end,
            precision: res.precision,
            basis: res.basis,
            calendar,
            warning: res.warning,
            tokens: (i, end),
            anchor,
        });
        claimed[i..end].iter_mut().for_each(|c| *c = true);
        i = end;
    }
    Found {
        dates,
        claimed,
        ordinals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn one(
        s: &str,
        pubd: Option<&str>,
    ) -> (
        Option<String>,
        Option<String>,
        Option<DatePrecision>,
        String,
    ) {
        let r = pubd.map(|d| Reference {
            date: d.parse().unwrap(),
            basis: "test".into(),
        });
        let toks = tokenize(s);
        let f = find(&toks, s, r.as_ref());
        let d = f.dates.first().unwrap_or_else(|| panic!("no date in {s}"));
        (
            d.start.map(|d| d.to_string()),
            d.end.map(|d| d.to_string()),
            d.precision,
            d.text.clone(),
        )
    }

    fn on(s: &str, pubd: &str) -> (String, String) {
        let (a, b, _, _) = one(s, Some(pubd));
        (a.unwrap_or_default(), b.unwrap_or_default())
    }

    #[test]
    fn absolute_and_paired() {
        assert_eq!(
            on("في 23 نوفمبر 2018", "2018-11-25"),
            ("2018-11-23".into(), "2018-11-23".into())
        );
        assert_eq!(
            on("في 11 نوفمبر/تشرين الثاني", "2018-11-23"),
            ("2018-11-11".into(), "2018-11-11".into())
        );
        assert_eq!(
            on("في العاشر من أيلول/سبتمبر الماضي", "2018-11-21"),
            ("2018-09-10".into(), "2018-09-10".into())
        );
        assert_eq!(
            on("الخامس والعشرين من آذار", "2019-04-02"),
            ("2019-03-25".into(), "2019-03-25".into())
        );
        assert_eq!(
            on("الحادي عشر من شباط 2016", "2019-04-02"),
            ("2016-02-11".into(), "2016-02-11".into())
        );
    }

    #[test]
    fn numeric() {
        assert_eq!(
            on("2018.11.27 | 13:11", "2020-01-01"),
            ("2018-11-27".into(), "2018-11-27".into())
        );
        assert_eq!(
            on("27/11/2018", "2020-01-01"),
            ("2018-11-27".into(), "2018-11-27".into())
        );
    }

    #[test]
    fn months_and_years() {
        assert_eq!(
            on("أواخر شهر تشرين الأول الفائت", "2018-11-27"),
            ("2018-10-21".into(), "2018-10-31".into())
        );
        assert_eq!(
            on("منذ منتصف عام 2017", "2018-11-19"),
            ("2017-05-01".into(), "2017-08-31".into())
        );
        assert_eq!(
            on("عام 2017", "2018-11-19"),
            ("2017-01-01".into(), "2017-12-31".into())
        );
    }

    #[test]
    fn relative() {
        assert_eq!(
            on("أمس", "2018-11-19"),
            ("2018-11-18".into(), "2018-11-18".into())
        );
        assert_eq!(
            on("أمس الأول", "2018-11-19"),
            ("2018-11-17".into(), "2018-11-17".into())
        );
        assert_eq!(
            on("صباح اليوم", "2018-11-19"),
            ("2018-11-19".into(), "2018-11-19".into())
        );
        assert_eq!(
            on("قبل أسبوعين", "2018-11-23"),
            ("2018-11-06".into(), "2018-11-12".into())
        );
        assert_eq!(
            on("قبل يومين", "2018-11-23"),
            ("2018-11-21".into(), "2018-11-21".into())
        );
        assert_eq!(
            on("منذ مطلع الأسبوع الماضي", "2018-11-19"),
            ("2018-11-10".into(), "2018-11-12".into())
        );
        assert_eq!(
            on("الشهر الماضي", "2018-01-10"),
            ("2017-12-01".into(), "2017-12-31".into())
        );
        assert_eq!(
            on("الخميس", "2018-11-23"),
            ("2018-11-22".into(), "2018-11-22".into())
        );
        assert_eq!(
            on("قبل ثلاثة أيام", "2018-11-23"),
            ("2018-11-20".into(), "2018-11-20".into())
        );
    }

    #[test]
    fn weekdays_named_in_expressions() {
        assert_eq!(weekday_named("اليوم الاربعاء"), Some((Weekday::Wednesday, 0)));
        assert_eq!(weekday_named("أمس الأحد"), Some((Weekday::Sunday, 1)));
        assert_eq!(weekday_named("الأسبوع الماضي"), None);
        assert_eq!(weekday_named("يوم الثلاثاء"), None, "a weekday alone does not say when the text was written");
    }

    #[test]
    fn weekday_with_date_is_checked() {
        let s = "أمس الاثنين 18 نوفمبر";
        let toks = tokenize(s);
        let r = Reference {
            date: "2018-11-19".parse().unwrap(),
            basis: "t".into(),
        };
        let f = find(&toks, s, Some(&r));
        assert!(
            f.dates[0]
                .warning
                .as_deref()
                .unwrap_or("")
                .contains("Sunday"),
            "{:?}",
            f.dates[0]
        );
    }

    #[test]
    fn unresolved_without_publication() {
        let (s, _, p, _) = one("أمس", None);
        assert_eq!((s, p), (None, None));
    }

    #[test]
    fn hijri_is_marked_and_converted() {
        let s = "15 رمضان 1439 هـ";
        let toks = tokenize(s);
        let f = find(&toks, s, None);
        assert_eq!(f.dates[0].calendar, Calendar::Hijri);
        let d = f.dates[0].start.unwrap();
        assert!(
            d >= "2018-05-29".parse().unwrap() && d <= "2018-06-01".parse().unwrap(),
            "{d}"
        );
        assert_eq!(hijri_from_days(hijri_to_days(1440, 3, 12)), (1440, 3, 12));
    }
}
