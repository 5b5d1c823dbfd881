//! The words around place names (kind words, region and direction words, prepositions) and the
//! common words that are also village names, read from `data/place_words.tsv` and
//! `data/place_stoplist.txt`.

use super::gazetteer::FastMap;
use super::gazetteer::FastSet;
use marsad_arabic::normalize::matching_key;
use std::sync::OnceLock;

const WORDS: &str = include_str!("../../data/place_words.tsv");
const STOPLIST: &str = include_str!("../../data/place_stoplist.txt");

/// What a word around a place name does; a word may do several things (من is a preposition
/// and the filler of بالقرب من).
#[derive(Debug, Default, Clone)]
pub(crate) struct Role {
    /// Feature kind it sets, and whether the word belongs in the mention's span.
    pub kind: Option<(&'static str, bool)>,
    /// ريف → countryside, بادية → desert.
    pub region: Option<&'static str>,
    pub near: bool,
    pub direction: Option<&'static str>,
    pub prep: bool,
    pub filler: bool,
    pub not_name: bool,
}

impl Role {
    /// Does the word change where or what the place is (as opposed to only being evidence)?
    pub fn is_modifier(&self) -> bool {
        self.kind.is_some() || self.region.is_some() || self.near || self.direction.is_some()
    }
}

pub(crate) struct Words {
    roles: FastMap<String, Role>,
    common: FastSet<String>,
    /// The first word listed for each region (desert → بادية): how a region is named.
    region_words: FastMap<&'static str, &'static str>,
}

/// The key without a leading article (السوسه → سوسه), when at least two letters remain.
pub(crate) fn strip_article(key: &str) -> &str {
    match key.strip_prefix("ال") {
        Some(rest) if rest.chars().nth(1).is_some() => rest,
        _ => key,
    }
}

pub(crate) fn get() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(Words::load)
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

impl Words {
    fn load() -> Words {
        let mut roles: FastMap<String, Role> = FastMap::default();
        let mut region_words: FastMap<&'static str, &'static str> = FastMap::default();
        for r in rows(WORDS) {
            if r.get(1) == Some(&"region") {
                region_words.entry(r.get(2).copied().unwrap_or("")).or_insert(r[0]);
            }
            let key = strip_article(&matching_key(r[0])).to_string();
            let role = roles.entry(key).or_default();
            let value = r.get(2).copied().unwrap_or("");
            let in_span = r.get(3).is_some_and(|v| *v == "yes");
            match r.get(1).copied() {
                Some("kind") => role.kind = Some((value, in_span)),
                Some("region") => role.region = Some(value),
                Some("near") => role.near = true,
                Some("direction") => role.direction = Some(value),
                Some("prep") => role.prep = true,
                Some("filler") => role.filler = true,
                Some("not_name") => role.not_name = true,
                other => panic!("place_words.tsv: unknown role {other:?} in {r:?}"),
            }
        }
        let common = rows(STOPLIST)
            .map(|r| super::gazetteer::phrase_key(r[0]).0)
            .collect();
        Words { roles, common, region_words }
    }

    /// The word that names a region of this kind (`desert` → بادية), as the data file lists it.
    pub fn region_word(&self, region: &str) -> Option<&'static str> {
        self.region_words.get(region).copied()
    }

    /// The role of a word, looked up by its key with the article off.
    pub fn role(&self, key: &str) -> Option<&Role> {
        self.roles.get(strip_article(key))
    }

    /// A common word that is also the name of some village (a phrase key).
    pub fn is_common(&self, key: &str) -> bool {
        self.common.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_found_without_article_and_clitics() {
        let w = get();
        assert_eq!(w.role("ريف").and_then(|r| r.region), Some("countryside"));
        assert_eq!(w.role("الشرقي").and_then(|r| r.direction), Some("east"));
        assert!(w.role("القرب").is_some_and(|r| r.near));
        let min = w.role("من").expect("من");
        assert!(min.prep && min.filler);
    }

    #[test]
    fn strip_article_keeps_short_words() {
        assert_eq!(strip_article("السوسه"), "سوسه");
        assert_eq!(strip_article("الي"), "الي");
    }
}
