//! The ingest profile: outlet registry and boilerplate markers, loaded once from `data/`.

use marsad_arabic::normalize::{lowercase, matching_key};
use marsad_model::Outlet;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const OUTLETS_TOML: &str = include_str!("../data/outlets.toml");
const BOILERPLATE_TOML: &str = include_str!("../data/boilerplate.toml");

#[derive(Deserialize)]
struct OutletsFile {
    outlet: Vec<OutletEntry>,
}

#[derive(Deserialize)]
struct OutletEntry {
    id: String,
    ar: String,
    en: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
}

#[derive(Deserialize)]
struct BoilerplateFile {
    lines: Vec<String>,
    line_prefixes: Vec<String>,
    footer_starts: Vec<String>,
    caption_credits: Vec<String>,
    caption_prefixes: Vec<String>,
    signature_suffixes: Vec<String>,
    byline_prefixes: Vec<String>,
    dateline_prefixes: Vec<String>,
    byline_place_words: Vec<String>,
}

/// Everything ingest knows about outlets and page furniture, keyed for matching.
pub struct Profile {
    outlets: Vec<Outlet>,
    outlet_by_key: HashMap<String, usize>,
    domains: Vec<(String, usize)>,
    pub lines: HashSet<String>,
    pub line_prefixes: Vec<String>,
    pub footer_starts: Vec<String>,
    pub caption_credits: Vec<String>,
    pub caption_prefixes: Vec<String>,
    pub signature_suffixes: Vec<String>,
    pub byline_prefixes: Vec<String>,
    pub dateline_prefixes: Vec<String>,
    pub byline_place_words: Vec<String>,
}

/// The key outlet names and markers are compared on: the Arabic matching key, lower-cased,
/// with the dot of "الجزيرة.نت" read as a space.
pub fn key(text: &str) -> String {
    lowercase(&matching_key(&text.replace(['.', '_'], " ")))
}

fn keys(list: Vec<String>) -> Vec<String> {
    list.iter().map(|s| key(s)).collect()
}

/// The profile compiled into the binary. Panics only if the shipped data files are broken,
/// which the tests below catch.
pub fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let file: OutletsFile = toml::from_str(OUTLETS_TOML).expect("data/outlets.toml is valid");
        let bp: BoilerplateFile = toml::from_str(BOILERPLATE_TOML).expect("data/boilerplate.toml is valid");
        let mut outlet_by_key = HashMap::new();
        let mut domains = Vec::new();
        let mut outlets = Vec::new();
        for (i, e) in file.outlet.into_iter().enumerate() {
            for name in [&e.ar, &e.en].into_iter().chain(&e.aliases) {
                outlet_by_key.insert(key(name), i);
            }
            domains.extend(e.domains.iter().map(|d| (d.to_lowercase(), i)));
            outlets.push(Outlet { id: e.id, ar: e.ar, en: e.en });
        }
        Profile {
            outlets,
            outlet_by_key,
            domains,
            lines: keys(bp.lines).into_iter().collect(),
            line_prefixes: keys(bp.line_prefixes),
            footer_starts: keys(bp.footer_starts),
            caption_credits: keys(bp.caption_credits),
            caption_prefixes: bp.caption_prefixes.iter().map(|s| s.to_lowercase()).collect(),
            signature_suffixes: keys(bp.signature_suffixes),
            byline_prefixes: keys(bp.byline_prefixes),
            dateline_prefixes: keys(bp.dateline_prefixes),
            byline_place_words: keys(bp.byline_place_words),
        }
    })
}

impl Profile {
    /// The outlet a name, alias or signature refers to, if it is exactly one of them.
    pub fn outlet_named(&self, name: &str) -> Option<&Outlet> {
        let k = key(name.trim_matches(|c: char| c.is_whitespace() || "\"'«»“”:-–—".contains(c)));
        self.outlet_by_key.get(&k).map(|&i| &self.outlets[i])
    }

    /// The outlet with a registry id.
    pub fn outlet_by_id(&self, id: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| o.id == id)
    }

    /// The outlet publishing under a web address (`https://www.aljazeera.net/news/...`).
    pub fn outlet_of_url(&self, url: &str) -> Option<&Outlet> {
        let rest = url.split_once("://").map_or(url, |(_, r)| r).to_lowercase();
        let rest = rest.strip_prefix("www.").unwrap_or(&rest);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        self.domains
            .iter()
            .filter(|(d, _)| match d.split_once('/') {
                // "bbc.com/arabic": the host and a path prefix.
                Some((h, path)) => host_is(host, h) && rest[host.len()..].trim_start_matches('/').starts_with(path),
                None => host_is(host, d),
            })
            .max_by_key(|(d, _)| d.len())
            .map(|&(_, i)| &self.outlets[i])
    }

    /// Does the line start with one of `prefixes` (all in key form), as whole words?
    pub fn starts_with_any<'a>(&self, line_key: &str, prefixes: &'a [String]) -> Option<&'a str> {
        prefixes
            .iter()
            .filter(|p| {
                line_key.starts_with(p.as_str())
                    && line_key[p.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
            })
            .max_by_key(|p| p.len())
            .map(String::as_str)
    }
}

fn host_is(host: &str, domain: &str) -> bool {
    host == domain || host.ends_with(&format!(".{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load_and_ids_are_unique_upper_ascii() {
        let p = profile();
        let mut ids = HashSet::new();
        for o in &p.outlets {
            assert!(o.id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'), "{}", o.id);
            assert!(ids.insert(&o.id), "duplicate outlet id {}", o.id);
        }
        assert!(p.lines.contains(&key("حجم الخط")));
    }

    #[test]
    fn outlets_by_name_alias_and_spelling() {
        let p = profile();
        assert_eq!(p.outlet_named("الجزيرة").unwrap().id, "ALJAZEERA");
        assert_eq!(p.outlet_named("الجزيرة.نت").unwrap().id, "ALJAZEERA");
        assert_eq!(p.outlet_named("العربية.نت").unwrap().id, "ALARABIYA");
        assert_eq!(p.outlet_named("  تلفزيون سوريا ").unwrap().id, "SYRIA_TV");
        assert_eq!(p.outlet_named("الايام السورية").unwrap().id, "AYYAM_SYRIA");
        assert!(p.outlet_named("مصادر محلية").is_none());
    }

    #[test]
    fn outlets_by_address() {
        let p = profile();
        assert_eq!(p.outlet_of_url("https://www.aljazeera.net/news/2018/11/25/x").unwrap().id, "ALJAZEERA");
        assert_eq!(p.outlet_of_url("http://arabic.cnn.com/middle-east").unwrap().id, "CNN_ARABIC");
        assert_eq!(p.outlet_of_url("https://www.bbc.com/arabic/middleeast-1").unwrap().id, "BBC_ARABIC");
        assert!(p.outlet_of_url("https://www.bbc.com/news/world").is_none());
        assert!(p.outlet_of_url("https://notaljazeera.net/").is_none());
    }
}
