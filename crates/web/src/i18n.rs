//! The interface language: English or Arabic, chosen by a cookie, with the words from
//! `data/ui.toml` and the few things that are spoken differently (names, figures).

use crate::catalog::Figure;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

const UI_TOML: &str = include_str!("../data/ui.toml");

type Table = HashMap<String, String>;

fn tables() -> &'static HashMap<String, Table> {
    static TABLES: OnceLock<HashMap<String, Table>> = OnceLock::new();
    TABLES.get_or_init(|| toml::from_str(UI_TOML).expect("data/ui.toml is valid TOML (tested)"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ar,
}

impl Lang {
    /// The language a request asks for with its `lang` cookie; English otherwise.
    pub fn from_cookie(header: Option<&str>) -> Lang {
        let asked = header.into_iter().flat_map(|h| h.split(';')).filter_map(|c| c.trim().strip_prefix("lang=")).next_back();
        match asked {
            Some("ar") => Lang::Ar,
            _ => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }
}

/// What templates use to speak the interface's language.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub lang: Lang,
}

impl Ui {
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        match self.lang {
            Lang::En => "ltr",
            Lang::Ar => "rtl",
        }
    }

    pub fn other(&self) -> &'static str {
        match self.lang {
            Lang::En => "ar",
            Lang::Ar => "en",
        }
    }

    /// The word for `key`; the key itself if the table lacks it (a test keeps that from happening).
    pub fn s<'a>(&self, key: &'a str) -> &'a str {
        match tables().get(self.code()).and_then(|t| t.get(key)) {
            Some(v) => v.as_str(),
            None => key,
        }
    }

    /// The interface's words as JSON, for the scripts (set as a data attribute, so escaped).
    pub fn json(&self) -> String {
        serde_json::to_string(&tables()[self.code()]).expect("strings serialize")
    }

    /// A name given in both languages, in the interface's (falling back to the other).
    pub fn name<'a>(&self, en: &'a str, ar: &'a str) -> &'a str {
        match self.lang {
            Lang::En if !en.is_empty() => en,
            Lang::Ar if !ar.is_empty() => ar,
            _ if en.is_empty() => ar,
            _ => en,
        }
    }

    /// The name in an `{"en": …, "ar": …}` object, or an empty string.
    pub fn named<'a>(&self, v: &'a Option<Value>) -> &'a str {
        match v {
            Some(v) => self.name(v["en"].as_str().unwrap_or_default(), v["ar"].as_str().unwrap_or_default()),
            None => "",
        }
    }

    /// A figure as a short, language-neutral expression: "5", "~15", ">250", "≥26", "10–12".
    pub fn figure(&self, f: &Figure) -> String {
        match (f.qualifier.as_str(), f.high) {
            ("more_than", _) => format!(">{}", f.low - 1),
            ("at_least", _) => format!("≥{}", f.low),
            ("about", _) => format!("~{}", f.low),
            ("vague", _) => format!("{}+", f.low),
            (_, Some(h)) if h != f.low => format!("{}–{h}", f.low),
            _ => f.low.to_string(),
        }
    }
}

/// A CSS class for an ACLED event type, for its colour.
pub fn type_class(t: &str) -> &'static str {
    match t {
        "Battles" => "t-battles",
        "Explosions/Remote violence" => "t-explosions",
        "Violence against civilians" => "t-violence",
        "Protests" => "t-protests",
        "Riots" => "t-riots",
        "Strategic developments" => "t-strategic",
        _ => "t-other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_words_and_every_used_key_exists() {
        let t = tables();
        let mut en: Vec<&String> = t["en"].keys().collect();
        let mut ar: Vec<&String> = t["ar"].keys().collect();
        en.sort();
        ar.sort();
        assert_eq!(en, ar, "data/ui.toml: en and ar must have the same keys");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = Vec::new();
        for sub in ["templates", "static"] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                // Templates say ui.s("key"); scripts say t("key").
                for marker in ["ui.s(\"", "t(\""] {
                    for (i, _) in text.match_indices(marker) {
                        // `t("` on its own, not the end of `set("`.
                        let before = text[..i].chars().next_back().unwrap_or(' ');
                        if marker == "t(\"" && (before.is_alphanumeric() || before == '_' || before == '.') {
                            continue;
                        }
                        let rest = &text[i + marker.len()..];
                        used.push((entry.file_name().to_string_lossy().into_owned(), rest[..rest.find('"').unwrap()].to_string()));
                    }
                }
            }
        }
        assert!(used.len() > 20, "found only {} uses", used.len());
        let missing: Vec<_> = used.iter().filter(|(_, k)| !t["en"].contains_key(k)).collect();
        assert!(missing.is_empty(), "keys used but not in data/ui.toml: {missing:?}");
    }

    #[test]
    fn the_cookie_chooses_the_language_and_figures_read_alike() {
        assert_eq!(Lang::from_cookie(Some("a=1; lang=ar")), Lang::Ar);
        assert_eq!(Lang::from_cookie(Some("lang=xx")), Lang::En);
        assert_eq!(Lang::from_cookie(None), Lang::En);
        let ui = Ui { lang: Lang::Ar };
        assert_eq!(ui.s("nav_map"), "الخريطة");
        let f = |low, high, q: &str| Figure { low, high, qualifier: q.into() };
        assert_eq!(ui.figure(&f(251, None, "more_than")), ">250");
        assert_eq!(ui.figure(&f(10, Some(12), "range")), "10–12");
        assert_eq!(ui.figure(&f(5, Some(5), "exact")), "5");
    }
}
