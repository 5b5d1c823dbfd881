//! The compiled gazetteer: entries with coordinates and admin hierarchy, and the name index the
//! matcher looks names up in, loaded once from `data/gazetteer.tsv.gz` on first use.
//!
//! Every name is indexed by its *phrase key*: the matching key of each word with a leading
//! article taken off (السوسة → سوسه, أبو الحسن → ابو حسن), so the article, its absence and the
//! clitics the tokenizer split off all meet at one key. Which words carried the article is kept
//! as a bit mask, because for a one-word name the article is part of the evidence.

use super::words::{Words, strip_article};
use flate2::read::GzDecoder;
use marsad_arabic::normalize::matching_key;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::Hasher;
use std::io::Read;
use std::sync::OnceLock;

const DATA: &[u8] = include_bytes!("../../data/gazetteer.tsv.gz");

/// Word keys are short and come from our own data: a fast hash, not a DoS-resistant one.
pub(crate) type FastMap<K, V> = FxHashMap<K, V>;
pub(crate) type FastSet<K> = FxHashSet<K>;

/// No admin unit at this level.
pub(crate) const NO_ADMIN: u32 = u32::MAX;

/// Broad classes of feature kind, for comparing with what a kind word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Country,
    Admin,
    Settlement,
    Neighbourhood,
    Feature,
    Region,
}

pub(crate) fn class_of(kind: &str) -> Class {
    match kind {
        "country" => Class::Country,
        "governorate" | "district" | "subdistrict" => Class::Admin,
        "town" | "village" | "city" => Class::Settlement,
        "neighbourhood" => Class::Neighbourhood,
        "desert" | "area" | "countryside" => Class::Region,
        _ => Class::Feature,
    }
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub id: Box<str>,
    pub kind: Box<str>,
    /// ISO 3166 alpha-2 code of the country the place lies in (`SY`, `IQ`).
    pub country: [u8; 2],
    pub lat: f64,
    pub lon: f64,
    pub pop: u32,
    /// Prior prominence, 0–100, by feature kind (from the generator).
    pub rank: u8,
    /// Interned admin codes: governorate, district, sub-district.
    pub admin: [u32; 3],
    pub ar: Box<str>,
    pub en: Box<str>,
    /// The kind's class and admin level, read once from `kind`: disambiguation asks for them
    /// for every pair of places it compares.
    class: Class,
    level: Option<u8>,
    /// The cosine of the latitude, for a cheap lower bound on distances (`km_at_least`).
    pub cos_lat: f64,
}

/// The admin level of a feature kind: 0 governorate, 1 district, 2 sub-district.
fn level_of(kind: &str) -> Option<u8> {
    match kind {
        "governorate" => Some(0),
        "district" => Some(1),
        "subdistrict" => Some(2),
        _ => None,
    }
}

impl Entry {
    pub fn class(&self) -> Class {
        self.class
    }

    /// The admin level this entry is itself, if it is an admin unit: 0 governorate, 1 district,
    /// 2 sub-district.
    pub fn admin_level(&self) -> Option<usize> {
        self.level.map(usize::from)
    }
}

/// One indexed spelling of an entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameRef {
    pub entry: u32,
    /// Bit `i` set when word `i` of the name carries the article.
    pub articles: u8,
    /// A very short name or a common word: found only with evidence around it.
    pub guarded: bool,
    /// Two letters after the article (التح): found only where the text writes the article.
    pub article_needed: bool,
}

pub(crate) struct Gazetteer {
    pub entries: Vec<Entry>,
    names: FastMap<Box<str>, Vec<NameRef>>,
    /// Every name's first word, first two words, … up to the whole name (phrase keys): the
    /// matcher extends a phrase only while some name still starts with it.
    prefixes: FastSet<Box<str>>,
    pub max_words: usize,
    admin_codes: Vec<(Box<str>, Box<str>)>,
    /// Admin code → the entry that is that admin unit.
    admin_entry: Vec<u32>,
    /// Phrase keys long enough for spelling tolerance, bucketed for the edit-distance search.
    fuzzy: OnceLock<Fuzzy>,
    /// Entry by id and each entry's phrase keys, built on first use (search looks places up
    /// by id; the matcher never does).
    by_id: OnceLock<ById>,
}

/// The reverse of the name index: entry index by gazetteer id, and every entry's names.
struct ById {
    index: FastMap<Box<str>, u32>,
    names: Vec<Vec<Box<str>>>,
}

/// Names bucketed by length with their first two and with their last two letters: one edit
/// leaves either the first two or the last two letters of a name of four or more in place.
/// A deletion index for one-edit look-ups: every key, and every key with one letter deleted,
/// points to the key. Two strings are one edit apart only if they share such a form, so a
/// query looks up its own forms instead of scanning names.
/// Forms are kept as 64-bit hashes: building the index allocates nothing per form, and a
/// hash collision only costs one more `within_one_edit` check.
struct Fuzzy {
    keys: Vec<(Box<str>, Vec<char>)>,
    /// (form hash, key index), sorted: one flat array, searched by binary search.
    forms: Vec<(u64, u32)>,
    /// Where the forms whose hash starts with each 16-bit prefix begin in `forms` (and where
    /// the last ends): a search starts in the few forms of its prefix instead of halving
    /// megabytes of array, a cache miss at each step.
    starts: Vec<u32>,
}

/// Bits of a form's hash that choose its range in `Fuzzy::starts`.
const FUZZY_PREFIX_BITS: u32 = 16;

impl Fuzzy {
    /// The (hash, key index) pairs of forms with this hash.
    fn with_hash(&self, form: u64) -> impl Iterator<Item = u32> + '_ {
        let p = (form >> (64 - FUZZY_PREFIX_BITS)) as usize;
        let bucket = &self.forms[self.starts[p] as usize..self.starts[p + 1] as usize];
        let from = bucket.partition_point(|&(h, _)| h < form);
        bucket[from..].iter().take_while(move |&&(h, _)| h == form).map(|&(_, i)| i)
    }
}

/// Hashes of the string and of every string with one of its letters deleted.
fn deletion_forms(chars: &[char]) -> impl Iterator<Item = u64> + '_ {
    let hash = move |skip: Option<usize>| {
        let mut h = FxHasher::default();
        for (i, c) in chars.iter().enumerate() {
            if Some(i) != skip {
                h.write_u32(*c as u32);
            }
        }
        h.finish()
    };
    std::iter::once(hash(None)).chain((0..chars.len()).map(move |skip| hash(Some(skip))))
}

/// A two-letter country code as the generator writes it; anything else is kept as `??`.
fn country_code(s: &str) -> [u8; 2] {
    match s.as_bytes() {
        [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => [*a, *b],
        _ => *b"??",
    }
}

/// The gazetteer, loaded on first use.
pub(crate) fn get() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load(super::words::get()))
}

/// The phrase key of a name as written: each word's matching key with the article taken off,
/// and the mask of which words had it.
pub(crate) fn phrase_key(name: &str) -> (String, u8) {
    let key = matching_key(name);
    let mut out = String::with_capacity(key.len());
    let mut mask = 0u8;
    for (i, w) in key.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let s = strip_article(w);
        if s.len() != w.len() && i < 8 {
            mask |= 1 << i;
        }
        out.push_str(s);
    }
    (out, mask)
}

impl Gazetteer {
    fn load(words: &Words) -> Gazetteer {
        let mut raw = String::new();
        GzDecoder::new(DATA).read_to_string(&mut raw).expect(
            "data/gazetteer.tsv.gz is a gzip'd UTF-8 file built by tools/build_gazetteer.py",
        );
        let mut g = Gazetteer {
            entries: Vec::with_capacity(30_000),
            names: FastMap::default(),
            prefixes: FastSet::default(),
            max_words: 1,
            admin_codes: Vec::new(),
            admin_entry: Vec::new(),
            fuzzy: OnceLock::new(),
            by_id: OnceLock::new(),
        };
        let mut codes: FastMap<Box<str>, u32> = FastMap::default();
        for line in raw.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 13 {
                continue;
            }
            let idx = g.entries.len() as u32;
            let mut admin = [NO_ADMIN; 3];
            let names_en: Vec<&str> = f[8].split('|').collect();
            for (lvl, code) in f[7].split('|').enumerate().take(3) {
                if code.is_empty() {
                    continue;
                }
                let next = codes.len() as u32;
                let id = *codes.entry(code.into()).or_insert_with(|| {
                    g.admin_codes
                        .push((code.into(), names_en.get(lvl).copied().unwrap_or("").into()));
                    g.admin_entry.push(u32::MAX);
                    next
                });
                admin[lvl] = id;
            }
            let lat: f64 = f[3].parse().unwrap_or(0.0);
            let entry = Entry {
                id: f[0].into(),
                kind: f[1].into(),
                country: country_code(f[2]),
                lat,
                lon: f[4].parse().unwrap_or(0.0),
                pop: f[5].parse().unwrap_or(0),
                rank: f[6].parse().unwrap_or(30),
                admin,
                ar: f[9].into(),
                en: f[10].into(),
                class: class_of(f[1]),
                level: level_of(f[1]),
                cos_lat: (lat * std::f64::consts::PI / 180.0).cos(),
            };
            if let Some(l) = entry.admin_level()
                && admin[l] != NO_ADMIN
            {
                g.admin_entry[admin[l] as usize] = idx;
            }
            let is_neighbourhood = entry.class() == Class::Neighbourhood;
            g.entries.push(entry);
            // A spelling that differs only in its article (باغوز, الباغوز) is a name of its
            // own: news writes the article where the source gazetteers do not.
            let mut seen: Vec<(String, u8)> = Vec::new();
            for name in f[11].split('|').filter(|n| !n.is_empty()) {
                let (key, articles) = phrase_key(name);
                let letters = key.chars().filter(|c| *c != ' ').count();
                // Two letters make a name only with its article (التح), and then a guarded one.
                if letters < 2 || (letters < 3 && articles == 0) || seen.iter().any(|(k, a)| *k == key && *a == articles) {
                    continue;
                }
                let again = seen.iter().any(|(k, _)| *k == key);
                let guarded = is_neighbourhood || letters <= 3 || words.is_common(&key);
                let r = NameRef {
                    entry: idx,
                    articles,
                    guarded,
                    article_needed: letters < 3,
                };
                g.add(&key, r);
                // Two-word names are also written run together (ديرالزور).
                let mk = matching_key(name);
                if mk.matches(' ').count() == 1 && !again {
                    let joined: String = mk.split(' ').collect();
                    let (jk, _) = phrase_key(&joined);
                    if jk != key {
                        g.add(&jk, NameRef { articles: 0, ..r });
                    }
                }
                seen.push((key, articles));
            }
        }
        g
    }

    fn add(&mut self, key: &str, r: NameRef) {
        let words = key.split(' ').count();
        self.max_words = self.max_words.max(words);
        let ends = key.match_indices(' ').map(|(b, _)| b).chain([key.len()]);
        for end in ends {
            if !self.prefixes.contains(&key[..end]) {
                self.prefixes.insert(key[..end].into());
            }
        }
        let v = self.names.entry(key.into()).or_default();
        if !v.iter().any(|x| x.entry == r.entry && x.articles == r.articles) {
            v.push(r);
        }
    }

    /// A common word that is also a village name (see `data/place_stoplist.txt`).
    pub fn is_common(&self, key: &str) -> bool {
        super::words::get().is_common(key)
    }

    /// Does some name start with this word (a phrase key's first word)?
    pub fn is_head(&self, w: &str) -> bool {
        self.is_prefix(w)
    }

    /// Does some name start with these words (a phrase key of one word or more)?
    pub fn is_prefix(&self, words: &str) -> bool {
        self.prefixes.contains(words)
    }

    pub fn lookup(&self, key: &str) -> Option<&[NameRef]> {
        self.names.get(key).map(Vec::as_slice)
    }

    /// The entry with this id. A derived region (`ocha:SY09#countryside`) is looked up by the
    /// entry it was derived from.
    pub fn base_entry(&self, id: &str) -> Option<&Entry> {
        let base = id.split_once('#').map_or(id, |(base, _)| base);
        self.entry_by_id(base).map(|(_, e)| e)
    }

    /// The English name of an interned admin code.
    pub fn admin_name(&self, code: u32) -> &str {
        self.admin_codes
            .get(code as usize)
            .map(|(_, n)| &**n)
            .unwrap_or("")
    }

    /// The entry that is the admin unit with this interned code.
    pub fn admin_unit(&self, code: u32) -> Option<&Entry> {
        let i = *self.admin_entry.get(code as usize)?;
        self.entries.get(i as usize)
    }

    /// Names one edit (insertion, deletion or substitution of a letter) away from `key`, for
    /// keys of four letters or more.
    pub fn near_spellings(&self, key: &str) -> Vec<(&str, &[NameRef])> {
        let q: Vec<char> = key.chars().collect();
        if q.iter().filter(|c| **c != ' ').count() < 4 {
            return Vec::new();
        }
        let fz = self.fuzzy.get_or_init(|| self.build_fuzzy());
        let mut out: Vec<(&str, &[NameRef])> = Vec::new();
        // A handful of candidates: a list checked in order costs less than a hashed set.
        let mut seen: Vec<u32> = Vec::new();
        for form in deletion_forms(&q) {
            for i in fz.with_hash(form) {
                if seen.contains(&i) {
                    continue;
                }
                seen.push(i);
                let (k, chars) = &fz.keys[i as usize];
                if within_one_edit(&q, chars)
                    && let Some(refs) = self.names.get(k)
                {
                    out.push((&**k, refs.as_slice()));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }

    fn by_id(&self) -> &ById {
        self.by_id.get_or_init(|| {
            let index = self.entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i as u32)).collect();
            let mut names: Vec<Vec<Box<str>>> = vec![Vec::new(); self.entries.len()];
            let mut keys: Vec<&Box<str>> = self.names.keys().collect();
            keys.sort();
            for k in keys {
                for r in &self.names[k] {
                    // Indexed twice when written with and without the article.
                    if names[r.entry as usize].last() != Some(k) {
                        names[r.entry as usize].push(k.clone());
                    }
                }
            }
            ById { index, names }
        })
    }

    /// The entry with this gazetteer id.
    pub fn entry_by_id(&self, id: &str) -> Option<(u32, &Entry)> {
        let i = *self.by_id().index.get(id)?;
        Some((i, &self.entries[i as usize]))
    }

    /// Every phrase key entry `i` is indexed under, in key order.
    pub fn names_of(&self, i: u32) -> &[Box<str>] {
        self.by_id().names.get(i as usize).map_or(&[], Vec::as_slice)
    }

    fn build_fuzzy(&self) -> Fuzzy {
        let mut fz = Fuzzy { keys: Vec::new(), forms: Vec::new(), starts: Vec::new() };
        let mut keys: Vec<&Box<str>> = self.names.keys().collect();
        keys.sort();
        for k in keys {
            let chars: Vec<char> = k.chars().collect();
            if chars.iter().filter(|c| **c != ' ').count() < 4 {
                continue;
            }
            let i = fz.keys.len() as u32;
            fz.forms.extend(deletion_forms(&chars).map(|h| (h, i)));
            fz.keys.push((k.clone(), chars));
        }
        fz.forms.sort_unstable();
        let prefixes = 1usize << FUZZY_PREFIX_BITS;
        fz.starts = (0..=prefixes)
            .map(|p| {
                let lowest = (p as u64).checked_shl(64 - FUZZY_PREFIX_BITS).unwrap_or(u64::MAX);
                if p == prefixes {
                    fz.forms.len() as u32
                } else {
                    fz.forms.partition_point(|&(h, _)| h < lowest) as u32
                }
            })
            .collect();
        fz
    }
}

/// Exactly one insertion, deletion or substitution turns `a` into `b`.
pub(crate) fn within_one_edit(a: &[char], b: &[char]) -> bool {
    if a == b {
        return false;
    }
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if l.len() - s.len() > 1 {
        return false;
    }
    let p = s.iter().zip(l).take_while(|(x, y)| x == y).count();
    if s.len() == l.len() {
        s[p + 1..] == l[p + 1..]
    } else {
        s[p..] == l[p + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("علواني"), &c("علوني")));
        assert!(within_one_edit(&c("شعفه"), &c("شعثه")));
        assert!(!within_one_edit(&c("شعفه"), &c("شعفه")));
        assert!(!within_one_edit(&c("هجين"), &c("حجيم")));
    }

    #[test]
    fn phrase_keys_drop_the_article_per_word() {
        assert_eq!(phrase_key("السوسة"), ("سوسه".to_string(), 1));
        assert_eq!(phrase_key("أبو الحسن"), ("ابو حسن".to_string(), 2));
        assert_eq!(phrase_key("دير الزور").0, "دير زور");
    }

    #[test]
    fn loads_and_finds_hajin_with_its_admin() {
        let g = get();
        assert!(g.entries.len() > 20_000);
        let refs = g.lookup("هجين").expect("Hajin indexed");
        let town = refs
            .iter()
            .map(|r| &g.entries[r.entry as usize])
            .find(|e| &*e.kind == "town")
            .expect("Hajin town");
        assert_eq!(g.admin_name(town.admin[0]), "Deir-ez-Zor");
        assert!((34.0..35.5).contains(&town.lat));
        let gov = g.admin_unit(town.admin[0]).expect("governorate entry");
        assert_eq!(&*gov.kind, "governorate");
    }

    #[test]
    fn near_spellings_find_one_edit_variants() {
        let g = get();
        let hits = g.near_spellings("علوني");
        assert!(hits.iter().any(|(k, _)| *k == "علواني"), "{hits:?}");
    }
}
