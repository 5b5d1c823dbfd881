//! Boilerplate markers from `data/html_boilerplate.toml`, parsed once into lookup tables.

use std::sync::OnceLock;

use marsad_arabic::normalize::fold_char;
use serde::Deserialize;

use super::tags::Tag;

/// How strongly an element is marked as page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) enum Mark {
    #[default]
    None,
    /// Dropped unless it turns out to hold most of the page's paragraph text.
    Weak,
    /// Dropped; its text is reported as removed.
    Drop,
    /// Never shown; its text is skipped altogether.
    Invisible,
}

/// What a class, id or role says about an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct AttrVerdict {
    pub boilerplate: bool,
    pub caption: bool,
}

/// How a block's text matched the phrase lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhraseHit {
    /// The whole text is a furniture label ("اقرأ أيضا", "+A").
    Exact,
    /// The text starts with a furniture phrase ("اقرأ أيضا: ...").
    Prefix,
}

#[derive(Deserialize)]
struct File {
    tags: TagLists,
    attributes: AttributeLists,
    phrases: PhraseLists,
}

#[derive(Deserialize)]
struct TagLists {
    invisible: Vec<String>,
    drop: Vec<String>,
    weak: Vec<String>,
    drop_outside_article: Vec<String>,
    never_marked: Vec<String>,
}

#[derive(Deserialize)]
struct AttributeLists {
    words: Vec<String>,
    contains: Vec<String>,
    caption: Vec<String>,
    roles: Vec<String>,
}

#[derive(Deserialize)]
struct PhraseLists {
    exact: Vec<String>,
    prefix: Vec<String>,
}

pub(crate) struct Rules {
    tag_marks: [Mark; Tag::COUNT],
    /// Marks of custom elements (`amp-ad`), which have no [`Tag`] of their own.
    other_marks: Vec<(Vec<u8>, Mark)>,
    outside_article: [Mark; Tag::COUNT],
    never_marked: [bool; Tag::COUNT],
    words: ByFirstByte,
    contains: ByFirstByte,
    caption: ByFirstByte,
    roles: Vec<Vec<u8>>,
    /// Matching keys, sorted.
    exact: Vec<String>,
    prefix: Vec<String>,
    /// Longest phrase key in chars: no more of a block than this needs folding.
    longest_phrase: usize,
    /// First chars of all phrase keys, sorted: most paragraphs are rejected on their first char.
    first_chars: Vec<char>,
}

/// Longest text checked against the phrase lists: furniture labels are short, and an article
/// paragraph that happens to start with "المزيد" is not one.
const PHRASE_MAX_BYTES: usize = 400;

/// Short ASCII needles grouped by their first byte: class values are matched by looking only
/// at the needles that can start at each byte, which beats one substring search per needle.
struct ByFirstByte {
    lists: Vec<Vec<Vec<u8>>>,
}

impl ByFirstByte {
    fn new(list: &[String]) -> ByFirstByte {
        let mut lists = vec![Vec::new(); 256];
        for needle in lower_bytes(list) {
            lists[usize::from(needle[0])].push(needle);
        }
        ByFirstByte { lists }
    }

    fn candidates(&self, first: u8) -> &[Vec<u8>] {
        &self.lists[usize::from(first)]
    }

    fn is(&self, word: &[u8]) -> bool {
        word.first().is_some_and(|&b| self.candidates(b).iter().any(|n| n.as_slice() == word))
    }

    fn occurs_in(&self, hay: &[u8]) -> bool {
        // The second-byte test spares a memcmp call for nearly every candidate.
        (0..hay.len()).any(|i| {
            self.candidates(hay[i]).iter().any(|n| (n.len() < 2 || hay.get(i + 1) == n.get(1)) && hay[i..].starts_with(n))
        })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lists.iter().map(Vec::len).sum()
    }
}

pub(crate) fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        // The file is compiled in, so a parse error is a build defect, caught by the tests.
        let file: File = toml::from_str(include_str!("../../data/html_boilerplate.toml"))
            .expect("data/html_boilerplate.toml is valid");
        Rules::new(file)
    })
}

fn lower_bytes(list: &[String]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = list.iter().map(|s| s.trim().to_ascii_lowercase().into_bytes()).collect();
    out.retain(|s| !s.is_empty());
    out.sort();
    out
}

impl Rules {
    fn new(file: File) -> Rules {
        let mut tag_marks = [Mark::None; Tag::COUNT];
        let mut other_marks = Vec::new();
        let mut outside_article = [Mark::None; Tag::COUNT];
        let mut never_marked = [false; Tag::COUNT];
        let lists = [
            (&file.tags.weak, Mark::Weak),
            (&file.tags.drop, Mark::Drop),
            (&file.tags.invisible, Mark::Invisible),
        ];
        for (names, mark) in lists {
            for name in names {
                match Tag::from_name(name.as_bytes()) {
                    Tag::Other => other_marks.push((name.to_ascii_lowercase().into_bytes(), mark)),
                    tag => tag_marks[tag as usize] = mark,
                }
            }
        }
        for name in &file.tags.drop_outside_article {
            outside_article[Tag::from_name(name.as_bytes()) as usize] = Mark::Drop;
        }
        for name in &file.tags.never_marked {
            never_marked[Tag::from_name(name.as_bytes()) as usize] = true;
        }
        let key = |list: &[String]| -> Vec<String> {
            let mut keys: Vec<String> = list.iter().map(|p| phrase_key(p)).filter(|k| !k.is_empty()).collect();
            keys.sort();
            keys.dedup();
            keys
        };
        let exact = key(&file.phrases.exact);
        let prefix = key(&file.phrases.prefix);
        let longest_phrase = exact.iter().chain(&prefix).map(|k| k.chars().count()).max().unwrap_or(0);
        let mut first_chars: Vec<char> = exact.iter().chain(&prefix).filter_map(|k| k.chars().next()).collect();
        first_chars.sort_unstable();
        first_chars.dedup();
        Rules {
            tag_marks,
            other_marks,
            outside_article,
            never_marked,
            words: ByFirstByte::new(&file.attributes.words),
            contains: ByFirstByte::new(&file.attributes.contains),
            caption: ByFirstByte::new(&file.attributes.caption),
            roles: lower_bytes(&file.attributes.roles),
            exact,
            prefix,
            longest_phrase,
            first_chars,
        }
    }

    /// The mark an element gets from its name alone; `in_article` for elements like `<header>`
    /// that are furniture only outside an article.
    pub fn tag_mark(&self, tag: Tag, name: &[u8], in_article: bool) -> Mark {
        if tag == Tag::Other {
            return self
                .other_marks
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map_or(Mark::None, |&(_, m)| m);
        }
        let mark = self.tag_marks[tag as usize];
        if mark == Mark::None && !in_article {
            return self.outside_article[tag as usize];
        }
        mark
    }

    pub fn never_marked(&self, tag: Tag) -> bool {
        self.never_marked[tag as usize]
    }

    /// Judges a `class` or `id` value.
    pub fn class_or_id(&self, value: &[u8]) -> AttrVerdict {
        // Class lists longer than this are cut; the furniture words come early in practice.
        let mut buf = [0u8; 256];
        let len = value.len().min(buf.len());
        let lower = &mut buf[..len];
        lower.copy_from_slice(&value[..len]);
        lower.make_ascii_lowercase();
        let lower = &*lower;
        let boilerplate = self.contains.occurs_in(lower)
            || lower.split(|&b| b.is_ascii_whitespace() || b == b'-' || b == b'_').any(|part| self.words.is(part));
        AttrVerdict { boilerplate, caption: self.caption.occurs_in(lower) }
    }

    pub fn role_is_furniture(&self, value: &[u8]) -> bool {
        value
            .split(|b| b.is_ascii_whitespace())
            .any(|role| self.roles.iter().any(|r| r.eq_ignore_ascii_case(role)))
    }

    /// Does `text` (a whole block) read as a furniture label or lead-in?
    pub fn phrase(&self, text: &str) -> Option<PhraseHit> {
        if text.len() > PHRASE_MAX_BYTES {
            return None;
        }
        let first = text.chars().filter_map(fold_char).find(|&c| !c.is_whitespace() && !is_label_punctuation(c))?.to_ascii_lowercase();
        if self.first_chars.binary_search(&first).is_err() {
            return None;
        }
        // One char more than the longest phrase tells "is exactly" from "starts with".
        let (key, whole) = phrase_key_upto(text, self.longest_phrase + 1);
        if key.is_empty() {
            return None;
        }
        if whole && self.exact.binary_search(&key).is_ok() {
            return Some(PhraseHit::Exact);
        }
        self.prefix
            .iter()
            .filter(|p| p.starts_with(first))
            .any(|p| {
                key.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
            })
            .then_some(PhraseHit::Prefix)
    }
}

/// The form phrases are compared in: Arabic matching key, ASCII lower case, without the
/// punctuation that labels end with ("اقرأ أيضاً:" is "اقرا ايضا").
fn phrase_key(text: &str) -> String {
    phrase_key_upto(text, usize::MAX).0
}

/// [`phrase_key`] of the start of `text`, at most `limit` chars; also whether that is all of it.
fn phrase_key_upto(text: &str, limit: usize) -> (String, bool) {
    let mut key = String::with_capacity(limit.min(64) * 2);
    let mut chars = 0;
    let mut pending_space = false;
    let mut whole = true;
    for c in text.chars().filter_map(fold_char) {
        if c.is_whitespace() {
            pending_space = !key.is_empty();
            continue;
        }
        if chars >= limit {
            whole = false;
            break;
        }
        if pending_space {
            key.push(' ');
            chars += 1;
            pending_space = false;
        }
        key.push(c.to_ascii_lowercase());
        chars += 1;
    }
    (trim_punctuation(key), whole)
}

fn trim_punctuation(key: String) -> String {
    let trimmed = key.trim_matches(|c: char| c.is_whitespace() || is_label_punctuation(c));
    if trimmed.len() == key.len() { key } else { trimmed.to_string() }
}

/// Punctuation around a label ("اقرأ أيضاً:", "« المزيد »") that does not change what it says.
fn is_label_punctuation(c: char) -> bool {
    matches!(c, ':' | '.' | '…' | '،' | '؛' | '!' | '?' | '|' | '»' | '«' | '>' | '"' | '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_loads() {
        let r = rules();
        assert!(r.words.len() > 20 && r.contains.len() > 10 && !r.exact.is_empty() && !r.prefix.is_empty());
        assert_eq!(r.tag_mark(Tag::Nav, b"nav", false), Mark::Drop);
        assert_eq!(r.tag_mark(Tag::Script, b"script", false), Mark::Invisible);
        assert_eq!(r.tag_mark(Tag::Header, b"header", false), Mark::Drop);
        assert_eq!(r.tag_mark(Tag::Header, b"header", true), Mark::None);
        assert_eq!(r.tag_mark(Tag::Other, b"AMP-AD", false), Mark::Invisible);
    }

    #[test]
    fn classes_match_by_word_or_substring() {
        let r = rules();
        assert!(r.class_or_id(b"post-share-buttons").boilerplate);
        assert!(r.class_or_id(b"relatedArticles").boilerplate);
        assert!(r.class_or_id(b"top ad_slot").boilerplate);
        assert!(!r.class_or_id(b"article-body entry-content").boilerplate);
        assert!(!r.class_or_id(b"header shadow-box reading").boilerplate);
        assert!(r.class_or_id(b"wp-caption-text").caption);
    }

    #[test]
    fn phrases_fold_spelling_and_punctuation() {
        let r = rules();
        assert_eq!(r.phrase("اقرأ أيضاً:"), Some(PhraseHit::Exact));
        assert_eq!(r.phrase("إقرأ ايضا: قصف على ريف إدلب"), Some(PhraseHit::Prefix));
        assert_eq!(r.phrase("+A"), Some(PhraseHit::Exact));
        assert_eq!(r.phrase("المزيد من النازحين وصلوا إلى المخيمات"), None);
        assert_eq!(r.phrase("اقرأوا"), None);
    }
}
