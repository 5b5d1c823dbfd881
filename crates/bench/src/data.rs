//! The generator's word lists and sentence templates, parsed once from the TSV files in `data/`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The kind of violence an article reports; it decides which templates, weapons and actors fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Air,
    Shell,
    Bomb,
    Clash,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Air, Kind::Shell, Kind::Bomb, Kind::Clash];

    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "air" => Kind::Air,
            "shell" => Kind::Shell,
            "bomb" => Kind::Bomb,
            "clash" => Kind::Clash,
            _ => return None,
        })
    }
}

#[derive(Debug)]
pub struct Place {
    pub country: &'static str,
    pub gov: &'static str,
    pub area: &'static str,
    pub name: &'static str,
    pub variants: Vec<&'static str>,
}

#[derive(Debug)]
pub struct Actor {
    pub id: &'static str,
    /// Country codes and governorates the actor operates in.
    pub regions: Vec<&'static str>,
    pub kinds: Vec<Kind>,
    pub form: &'static str,
}

#[derive(Debug)]
pub struct Template {
    pub section: &'static str,
    /// `None` fits every kind.
    pub kind: Option<Kind>,
    /// `None` fits both countries.
    pub country: Option<&'static str>,
    pub text: &'static str,
}

#[derive(Debug)]
pub struct Noun {
    pub key: &'static str,
    pub plural: &'static str,
    pub accusative: &'static str,
    pub genitive: &'static str,
}

#[derive(Debug)]
pub struct Outlet {
    pub ar: &'static str,
    pub en: &'static str,
    pub domain: &'static str,
    /// Whether the outlet writes آذار (Levantine) or مارس (Gregorian) month names.
    pub levant_months: bool,
    pub signature: &'static str,
}

#[derive(Debug)]
pub struct Data {
    pub places: Vec<Place>,
    pub actors: Vec<Actor>,
    pub templates: Vec<Template>,
    pub weapons: Vec<(Kind, &'static str)>,
    /// `None` for targets that fit every kind.
    pub targets: Vec<(Option<Kind>, &'static str)>,
    pub sources: Vec<&'static str>,
    pub nouns: Vec<Noun>,
    pub weekdays: Vec<&'static str>,
    pub months_levant: Vec<&'static str>,
    pub months_gregorian: Vec<&'static str>,
    /// Number words for 3 to 10, index 0 is three.
    pub numwords: Vec<&'static str>,
    pub given: Vec<&'static str>,
    pub family: Vec<&'static str>,
    pub outlets: Vec<Outlet>,
    pub boilerplate: HashMap<&'static str, Vec<&'static str>>,
}

/// Non-comment, non-empty lines split on tabs.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

fn field(row: &[&'static str], i: usize, file: &str) -> &'static str {
    row.get(i).copied().unwrap_or_else(|| panic!("data/{file}: row {row:?} has no field {i}"))
}

fn list(s: &'static str) -> Vec<&'static str> {
    s.split(',').map(str::trim).filter(|v| !v.is_empty()).collect()
}

fn any_or<T>(s: &'static str, f: impl Fn(&'static str) -> Option<T>, file: &str) -> Option<T> {
    if s == "any" { None } else { Some(f(s).unwrap_or_else(|| panic!("data/{file}: unknown value {s:?}"))) }
}

fn load() -> Data {
    let places = rows(include_str!("../data/places.tsv"))
        .map(|r| Place {
            country: field(&r, 0, "places.tsv"),
            gov: field(&r, 1, "places.tsv"),
            area: field(&r, 2, "places.tsv"),
            name: field(&r, 3, "places.tsv"),
            variants: list(r.get(4).copied().unwrap_or("")),
        })
        .collect();
    let actors = rows(include_str!("../data/actors.tsv"))
        .map(|r| Actor {
            id: field(&r, 0, "actors.tsv"),
            regions: list(field(&r, 1, "actors.tsv")),
            kinds: list(field(&r, 2, "actors.tsv"))
                .into_iter()
                .map(|k| Kind::parse(k).unwrap_or_else(|| panic!("data/actors.tsv: unknown kind {k:?}")))
                .collect(),
            form: field(&r, 3, "actors.tsv"),
        })
        .collect();
    let templates = rows(include_str!("../data/templates.tsv"))
        .map(|r| Template {
            section: field(&r, 0, "templates.tsv"),
            kind: any_or(field(&r, 1, "templates.tsv"), Kind::parse, "templates.tsv"),
            country: any_or(field(&r, 2, "templates.tsv"), Some, "templates.tsv"),
            text: field(&r, 3, "templates.tsv"),
        })
        .collect();
    let weapons = rows(include_str!("../data/weapons.tsv"))
        .map(|r| {
            let k = field(&r, 0, "weapons.tsv");
            (Kind::parse(k).unwrap_or_else(|| panic!("data/weapons.tsv: unknown kind {k:?}")), field(&r, 1, "weapons.tsv"))
        })
        .collect();
    let targets = rows(include_str!("../data/targets.tsv"))
        .map(|r| (any_or(field(&r, 0, "targets.tsv"), Kind::parse, "targets.tsv"), field(&r, 1, "targets.tsv")))
        .collect();
    let sources = rows(include_str!("../data/sources.tsv")).map(|r| field(&r, 0, "sources.tsv")).collect();
    let nouns = rows(include_str!("../data/nouns.tsv"))
        .map(|r| Noun {
            key: field(&r, 0, "nouns.tsv"),
            plural: field(&r, 1, "nouns.tsv"),
            accusative: field(&r, 2, "nouns.tsv"),
            genitive: field(&r, 3, "nouns.tsv"),
        })
        .collect();
    let mut lex: HashMap<&str, Vec<&'static str>> = HashMap::new();
    for r in rows(include_str!("../data/lexicon.tsv")) {
        lex.insert(r[0], r[1..].to_vec());
    }
    let mut names: HashMap<&str, Vec<&'static str>> = HashMap::new();
    for r in rows(include_str!("../data/names.tsv")) {
        names.insert(r[0], r[1..].to_vec());
    }
    let outlets = rows(include_str!("../data/outlets.tsv"))
        .map(|r| Outlet {
            ar: field(&r, 0, "outlets.tsv"),
            en: field(&r, 1, "outlets.tsv"),
            domain: field(&r, 2, "outlets.tsv"),
            levant_months: field(&r, 3, "outlets.tsv") == "levant",
            signature: r.get(4).copied().unwrap_or(""),
        })
        .collect();
    let mut boilerplate: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for r in rows(include_str!("../data/boilerplate.tsv")) {
        boilerplate.entry(field(&r, 0, "boilerplate.tsv")).or_default().push(field(&r, 1, "boilerplate.tsv"));
    }
    let take = |m: &mut HashMap<&str, Vec<&'static str>>, k: &str, n: usize| {
        let v = m.remove(k).unwrap_or_default();
        assert_eq!(v.len(), n, "data: {k} needs {n} entries");
        v
    };
    Data {
        places,
        actors,
        templates,
        weapons,
        targets,
        sources,
        nouns,
        weekdays: take(&mut lex, "weekday", 7),
        months_levant: take(&mut lex, "month_levant", 12),
        months_gregorian: take(&mut lex, "month_gregorian", 12),
        numwords: take(&mut lex, "numword", 8),
        given: names.remove("given").unwrap_or_default(),
        family: names.remove("family").unwrap_or_default(),
        outlets,
        boilerplate,
    }
}

/// The parsed data, loaded on first use.
pub fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(load)
}

impl Actor {
    /// Whether reporting would plausibly name this actor at `place`.
    pub fn operates_in(&self, place: &Place) -> bool {
        self.regions.iter().any(|r| *r == place.country || *r == place.gov)
    }
}

impl Data {
    /// Boilerplate strings of one kind (`nav`, `share`, `related`, ...); a missing kind is a data bug.
    pub fn bp(&self, kind: &str) -> &[&'static str] {
        self.boilerplate.get(kind).map(Vec::as_slice).unwrap_or_else(|| panic!("data/boilerplate.tsv: no {kind:?} rows"))
    }

    pub fn noun(&self, key: &str) -> &Noun {
        self.nouns.iter().find(|n| n.key == key).unwrap_or_else(|| panic!("data/nouns.tsv: no {key:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_what_an_article_needs() {
        let d = data();
        for kind in Kind::ALL {
            for p in &d.places {
                let author = |a: &&Actor| a.kinds.contains(&kind) && a.operates_in(p);
                assert!(d.actors.iter().any(|a| author(&a)), "no {kind:?} actor at {}", p.name);
                if kind == Kind::Clash {
                    let ids: std::collections::HashSet<_> = d.actors.iter().filter(author).map(|a| a.id).collect();
                    assert!(ids.len() >= 2, "no two sides to clash at {}", p.name);
                }
            }
            assert!(d.weapons.iter().any(|w| w.0 == kind), "{kind:?}");
            for section in ["head", "lead", "detail", "quote", "context", "background", "human", "close"] {
                assert!(
                    d.templates.iter().any(|t| t.section == section && t.kind.is_none_or(|k| k == kind)),
                    "{section} {kind:?}"
                );
            }
        }
        assert!(!d.given.is_empty() && !d.family.is_empty() && !d.sources.is_empty());
    }

    #[test]
    fn every_governorate_has_two_places() {
        let d = data();
        for p in &d.places {
            assert!(d.places.iter().filter(|q| q.gov == p.gov).count() >= 2, "{}", p.gov);
        }
    }

    #[test]
    fn templates_hold_no_markup_characters() {
        // Article strings must occur verbatim in generated HTML, so they may not need escaping.
        for t in &data().templates {
            assert!(!t.text.contains(['<', '>', '&']), "{}", t.text);
        }
    }
}
