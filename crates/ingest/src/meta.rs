//! Reading metadata out of strings: timestamps from markup, datelines and bylines from text.

use crate::profile::{key, profile};
use jiff::civil::{Date, Time};
use marsad_arabic::months::month_at;

/// A date and (maybe) a time read from a timestamp or a dateline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: Date,
    pub time: Option<Time>,
    pub utc_offset_seconds: Option<i32>,
}

/// Parses a machine-written timestamp as markup and feeds carry it: ISO 8601 / RFC 3339
/// (`2018-11-27T13:11:00+02:00`, `2018-11-27`), or RFC 2822 (`Tue, 27 Nov 2018 13:11:00 +0200`).
/// The date is kept as written, in the publisher's own offset: converting to UTC could move an
/// evening article to the next day and shift every "yesterday" in it.
pub fn parse_timestamp(raw: &str) -> Option<Stamp> {
    let raw = raw.trim();
    if let Ok(pieces) = jiff::fmt::temporal::Pieces::parse(raw) {
        return Some(Stamp {
            date: pieces.date(),
            time: pieces.time(),
            utc_offset_seconds: pieces.to_numeric_offset().map(|o| o.seconds()),
        });
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(raw) {
        return Some(Stamp {
            date: zoned.date(),
            time: Some(zoned.time()),
            utc_offset_seconds: Some(zoned.offset().seconds()),
        });
    }
    // "2018-11-27 13:11:00" and other ISO variants with a space: try the date part alone.
    raw.get(..10).and_then(|d| d.parse::<Date>().ok()).map(|date| Stamp {
        date,
        time: None,
        utc_offset_seconds: None,
    })
}

/// Reads a line that is a dateline and nothing more: `2018.11.27 | 13:11 دمشق`,
/// `23 نوفمبر 2018`, `الأحد 18 تشرين الثاني 2018`, `آخر تحديث: 27/11/2018 - 13:11`.
/// Returns `None` for a sentence that merely contains a date.
pub fn parse_dateline(line: &str) -> Option<Stamp> {
    let p = profile();
    let mut text = line.trim();
    let k = key(text);
    if let Some(prefix) = p.starts_with_any(&k, &p.dateline_prefixes) {
        // The prefix is a few words; drop as many words from the line itself.
        let n = prefix.split(' ').count();
        text = text.splitn(n + 1, char::is_whitespace).nth(n).unwrap_or("");
        text = text.trim_start_matches([':', ' ', '-']);
    }
    // "/" separates paired month names ("نوفمبر/ تشرين الثاني") but is part of "27/11/2018".
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '،' | ',' | '\u{2013}' | '\u{2014}'))
        .flat_map(|w| {
            let split = w.chars().any(marsad_arabic::normalize::is_letter);
            w.split(move |c| split && c == '/')
        })
        .filter(|w| !w.is_empty() && *w != "-")
        .collect();
    if words.is_empty() || words.len() > 9 {
        return None;
    }
    let mut date = None;
    let mut time = None;
    let mut other_words = 0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if date.is_none() {
            if let Some(d) = numeric_date(w) {
                date = Some(d);
                i += 1;
                continue;
            }
            if let Some((d, used)) = day_month_year(&words[i..]) {
                date = Some(d);
                i += used;
                continue;
            }
        }
        if time.is_none()
            && let Some(t) = clock(w) {
                time = Some(t);
                i += 1;
                continue;
            }
        // Words around a dateline: a weekday, a city, "GMT", "م"/"ص". A dateline is short.
        other_words += 1;
        i += 1;
    }
    let date = date?;
    (other_words <= 3).then_some(Stamp { date, time, utc_offset_seconds: None })
}

/// `2018.11.27`, `2018-11-27`, `2018/11/27`, `27.11.2018`, `27/11/2018`, `27-11-2018`.
fn numeric_date(word: &str) -> Option<Date> {
    let digits: String = word.chars().map(|c| marsad_arabic::normalize::fold_char(c).unwrap_or(c)).collect();
    let parts: Vec<&str> = digits.split(['.', '-', '/']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n: Vec<i32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 { (n[0], n[1], n[2]) } else if parts[2].len() == 4 { (n[2], n[1], n[0]) } else { return None };
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// `23 نوفمبر 2018`, `18 نوفمبر تشرين الثاني 2018` (paired forms, the `/` already split off).
fn day_month_year(words: &[&str]) -> Option<(Date, usize)> {
    let day = ascii_number(words.first()?)?;
    let (month, mut used) = month_at(&words[1..])?;
    used += 1;
    // A second month name of the same month may follow ("نوفمبر/ تشرين الثاني").
    if let Some((again, n)) = month_at(&words[used..])
        && again == month {
            used += n;
        }
    let year = ascii_number(words.get(used)?)?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let date = Date::new(year as i16, month as i8, i8::try_from(day).ok()?).ok()?;
    Some((date, used + 1))
}

fn ascii_number(word: &str) -> Option<i32> {
    let folded: String = word.chars().filter_map(marsad_arabic::normalize::fold_char).collect();
    (!folded.is_empty() && folded.len() <= 4 && folded.bytes().all(|b| b.is_ascii_digit()))
        .then(|| folded.parse().ok())
        .flatten()
}

/// `13:11`.
fn clock(word: &str) -> Option<Time> {
    let folded: String = word.chars().filter_map(marsad_arabic::normalize::fold_char).collect();
    let (h, m) = folded.split_once(':')?;
    let (h, m): (i8, i8) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    Time::new(h, m, 0, 0).ok()
}

/// A byline split into its parts: who wrote it, and the outlet when the line names one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Byline {
    pub author: Option<String>,
    pub outlet_id: Option<String>,
}

/// Reads a short byline-like string: `OUTLET؛ NAME`, `OUTLET - NAME`, `NAME-PLACE`,
/// `PLACE - NAME`, `بقلم: NAME`, or an outlet signature `OUTLET - متابعات`. `None` when the
/// string does not look like a byline at all (too long, has sentence punctuation or digits).
pub fn parse_byline(line: &str) -> Option<Byline> {
    let p = profile();
    let line = line.trim();
    let sentence_like = line.ends_with(['.', '،', ',']) || line.chars().any(|c| c.is_ascii_digit() || "!?؟\"«»()".contains(c));
    let words = line.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    if words == 0 || words > 9 || sentence_like {
        return None;
    }
    let k = key(line);
    if let Some(prefix) = p.starts_with_any(&k, &p.byline_prefixes) {
        let n = prefix.split(' ').count();
        let name = line.splitn(n + 1, char::is_whitespace).nth(n)?.trim_start_matches([':', ' ']).trim();
        return (!name.is_empty() && name.split_whitespace().count() <= 5)
            .then(|| Byline { author: Some(name.to_string()), outlet_id: None });
    }
    if line.contains(':') {
        return None;
    }
    let parts: Vec<&str> = line
        .split(['؛', ';', '-', '\u{2013}', '\u{2014}', 'ـ', '،', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if parts.len() != 2 {
        return None;
    }
    let (a, b) = (parts[0], parts[1]);
    let outlet_a = p.outlet_named(a);
    let outlet_b = p.outlet_named(b);
    let is_suffix = |s: &str| p.signature_suffixes.contains(&key(s));
    match (outlet_a, outlet_b) {
        (Some(o), _) if is_suffix(b) => Some(Byline { author: None, outlet_id: Some(o.id.clone()) }),
        // "عنب بلدي - دير الزور": the outlet and where it reports from.
        (Some(o), None) if looks_like_place(b) => Some(Byline { author: None, outlet_id: Some(o.id.clone()) }),
        (Some(o), None) => Some(Byline { author: Some(b.to_string()), outlet_id: Some(o.id.clone()) }),
        // "دبي - العربية.نت": a place and the outlet.
        (None, Some(o)) => Some(Byline { author: None, outlet_id: Some(o.id.clone()) }),
        (Some(o), Some(_)) => Some(Byline { author: None, outlet_id: Some(o.id.clone()) }),
        (None, None) => {
            let (wa, wb) = (a.split_whitespace().count(), b.split_whitespace().count());
            if wa > 4 || wb > 4 {
                return None;
            }
            // NAME-PLACE (Al Jazeera's style) unless the first part is the place.
            let author = if looks_like_place(a) && !looks_like_place(b) { b } else { a };
            Some(Byline { author: Some(author.to_string()), outlet_id: None })
        }
    }
}

/// Direction and region words that make a byline part a place ("شمال سوريا", "ريف إدلب").
fn looks_like_place(part: &str) -> bool {
    let k = key(part);
    let first = k.split(' ').next().unwrap_or("");
    profile().byline_place_words.iter().any(|w| *w == first || *w == k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn timestamps_keep_the_local_date() {
        let s = parse_timestamp("2018-11-27T23:30:00+02:00").unwrap();
        assert_eq!(s.date, d(2018, 11, 27));
        assert_eq!(s.utc_offset_seconds, Some(7200));
        let s = parse_timestamp("Mon, 05 Mar 2018 01:10:13 +0400").unwrap();
        assert_eq!(s.date, d(2018, 3, 5));
        assert_eq!(s.time, Some(Time::new(1, 10, 13, 0).unwrap()));
        assert_eq!(parse_timestamp("2018-11-27").unwrap().time, None);
        assert_eq!(parse_timestamp("2018-11-27 13:11:00").unwrap().date, d(2018, 11, 27));
        assert!(parse_timestamp("yesterday").is_none());
    }

    #[test]
    fn datelines_in_several_styles() {
        let s = parse_dateline("2019.03.14 | 09:45 إدلب").unwrap();
        assert_eq!((s.date, s.time), (d(2019, 3, 14), Some(Time::new(9, 45, 0, 0).unwrap())));
        assert_eq!(parse_dateline("12 مارس 2019").unwrap().date, d(2019, 3, 12));
        assert_eq!(parse_dateline("الخميس 5 تشرين الأول 2018").unwrap().date, d(2018, 10, 5));
        assert_eq!(parse_dateline("6 أكتوبر/ تشرين الأول 2018").unwrap().date, d(2018, 10, 6));
        assert_eq!(parse_dateline("آخر تحديث: 27/11/2018 - 13:11").unwrap().date, d(2018, 11, 27));
        assert_eq!(parse_dateline("١٤ شباط ٢٠١٩").unwrap().date, d(2019, 2, 14));
    }

    #[test]
    fn sentences_with_dates_are_not_datelines() {
        assert!(parse_dateline("وأعلنت الفصائل في 11 نوفمبر 2018 استئناف عملياتها العسكرية شرقي المحافظة").is_none());
        assert!(parse_dateline("31 فبراير 2018").is_none());
        assert!(parse_dateline("قصف مدفعي").is_none());
    }

    #[test]
    fn bylines() {
        let b = parse_byline("سعاد المحمد-ريف إدلب").unwrap();
        assert_eq!(b.author.as_deref(), Some("سعاد المحمد"));
        let b = parse_byline("حلب - خالد العمر").unwrap();
        assert_eq!(b.author.as_deref(), Some("خالد العمر"));
        let b = parse_byline("عنب بلدي؛ ليلى حسن").unwrap();
        assert_eq!((b.author.as_deref(), b.outlet_id.as_deref()), (Some("ليلى حسن"), Some("ENAB_BALADI")));
        let b = parse_byline("تلفزيون سوريا - متابعات").unwrap();
        assert_eq!((b.author, b.outlet_id.as_deref()), (None, Some("SYRIA_TV")));
        let b = parse_byline("عنب بلدي - ريف حلب").unwrap();
        assert_eq!((b.author, b.outlet_id.as_deref()), (None, Some("ENAB_BALADI")));
        let b = parse_byline("المرصد السوري لحقوق الإنسان - ريف دير الزور الشرقي").unwrap();
        assert_eq!((b.author, b.outlet_id.as_deref()), (None, Some("SOHR")));
        let b = parse_byline("دبي - العربية.نت").unwrap();
        assert_eq!((b.author, b.outlet_id.as_deref()), (None, Some("ALARABIYA")));
        assert_eq!(parse_byline("بقلم: مازن يوسف").unwrap().author.as_deref(), Some("مازن يوسف"));
        assert!(parse_byline("قتل ثلاثة مدنيين وأصيب آخرون بقصف على البلدة صباح اليوم").is_none());
    }
}
