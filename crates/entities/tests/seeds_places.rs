//! Seed check for places: every place the analyst's reading of the seed articles names is found
//! in the articles that name it, resolved to a gazetteer entry in the right governorate, and
//! each spelling variant resolves to the same entry as the standard form.
//!
//! Reads `../shared/seeds` at run time (the articles are not ours to copy into the repository)
//! and skips, saying so, when the folder is absent. `MARSAD_DUMP=1` prints every place mention.

use marsad_arabic::normalize::matching_key;
use marsad_entities::{Entity, Mention, MentionKind};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn seeds_dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    d.join("analyst-reading.json").exists().then_some(d)
}

/// A small JSON reader: the seed file is plain JSON and this crate needs no JSON dependency.
#[derive(Debug, Clone)]
enum J {
    Null,
    Bool,
    Num,
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn get(&self, k: &str) -> Option<&J> {
        match self {
            J::Obj(v) => v.iter().find(|(n, _)| n == k).map(|(_, x)| x),
            _ => None,
        }
    }
    fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }
    fn arr(&self) -> &[J] {
        match self {
            J::Arr(v) => v,
            _ => &[],
        }
    }
}

fn parse(s: &str) -> J {
    fn ws(c: &[char], i: &mut usize) {
        while *i < c.len() && c[*i].is_whitespace() {
            *i += 1;
        }
    }
    fn val(c: &[char], i: &mut usize) -> J {
        ws(c, i);
        match c[*i] {
            '{' => {
                *i += 1;
                let mut v = Vec::new();
                loop {
                    ws(c, i);
                    if c[*i] == '}' {
                        *i += 1;
                        return J::Obj(v);
                    }
                    let J::Str(k) = val(c, i) else { panic!("key") };
                    ws(c, i);
                    *i += 1; // ':'
                    let x = val(c, i);
                    v.push((k, x));
                    ws(c, i);
                    if c[*i] == ',' {
                        *i += 1;
                    }
                }
            }
            '[' => {
                *i += 1;
                let mut v = Vec::new();
                loop {
                    ws(c, i);
                    if c[*i] == ']' {
                        *i += 1;
                        return J::Arr(v);
                    }
                    v.push(val(c, i));
                    ws(c, i);
                    if c[*i] == ',' {
                        *i += 1;
                    }
                }
            }
            '"' => {
                *i += 1;
                let mut s = String::new();
                while c[*i] != '"' {
                    if c[*i] == '\\' {
                        *i += 1;
                        match c[*i] {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            'u' => {
                                let h: String = c[*i + 1..*i + 5].iter().collect();
                                s.push(
                                    char::from_u32(u32::from_str_radix(&h, 16).unwrap())
                                        .unwrap_or('?'),
                                );
                                *i += 4;
                            }
                            x => s.push(x),
                        }
                    } else {
                        s.push(c[*i]);
                    }
                    *i += 1;
                }
                *i += 1;
                J::Str(s)
            }
            't' => {
                *i += 4;
                J::Bool
            }
            'f' => {
                *i += 5;
                J::Bool
            }
            'n' => {
                *i += 4;
                J::Null
            }
            _ => {
                let _start = *i;
                while *i < c.len() && (c[*i].is_ascii_digit() || "+-.eE".contains(c[*i])) {
                    *i += 1;
                }
                J::Num
            }
        }
    }
    let c: Vec<char> = s.chars().collect();
    val(&c, &mut 0)
}

fn bare(s: &str) -> String {
    matching_key(s)
        .split(' ')
        .map(|w| match w.strip_prefix("ال") {
            Some(r) if r.chars().count() >= 2 => r,
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Governorate (as the gazetteer spells it in English) each seed place lies in.
fn expected_governorate(name: &str) -> &'static str {
    match bare(name).as_str() {
        "تل حبش" | "عامودا" | "حسكه" => "Al-Hasakeh",
        _ => "Deir-ez-Zor",
    }
}

fn place_mentions(text: &str) -> Vec<Mention> {
    let a = marsad_arabic::analyze(text, None);
    marsad_entities::mentions(text, &a)
        .into_iter()
        .filter(|m| m.kind == MentionKind::Place)
        .collect()
}

/// The entry (id, governorate, lat, lon) the document resolves `name` to, if any.
fn resolved(ms: &[Mention], name: &str) -> Vec<(String, String, f64, f64)> {
    let want = bare(name);
    // Mentions that are the name itself first, then compounds that contain it.
    let mut ms: Vec<&Mention> = ms
        .iter()
        .filter(|m| bare(&m.text).contains(&want))
        .collect();
    ms.sort_by_key(|m| bare(&m.text) != want);
    ms.into_iter()
        .filter_map(|m| match &m.entity {
            Some(Entity::Place(p)) => Some((
                p.id.clone(),
                p.admin.first().cloned().unwrap_or_default(),
                p.lat,
                p.lon,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn seed_places_resolve_in_their_governorates_and_variants_agree() {
    let Some(dir) = seeds_dir() else {
        eprintln!("seeds_places: ../shared/seeds not found, skipping");
        return;
    };
    let reading = parse(&std::fs::read_to_string(dir.join("analyst-reading.json")).unwrap());
    let mut docs: BTreeMap<String, (String, Vec<Mention>)> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            let ms = place_mentions(&text);
            if std::env::var_os("MARSAD_DUMP").is_some() {
                for m in &ms {
                    eprintln!(
                        "{name} {:?} {} -> {:?} | {:?} | {}",
                        m.span,
                        m.text,
                        m.entity,
                        m.candidates
                            .iter()
                            .map(|c| (&c.id, &c.ar, c.score))
                            .collect::<Vec<_>>(),
                        m.reason
                    );
                }
            }
            docs.insert(name[..3].to_string(), (text, ms));
        }
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut ids_by_name: BTreeMap<String, String> = BTreeMap::new();
    for ev in reading.get("events").unwrap().arr() {
        let mut names: Vec<String> = Vec::new();
        for p in std::iter::once(ev.get("place").unwrap())
            .chain(ev.get("also_places").map(J::arr).unwrap_or(&[]))
        {
            names.push(p.get("ar").and_then(J::str).unwrap().to_string());
            for v in p.get("variants").map(J::arr).unwrap_or(&[]) {
                names.push(v.str().unwrap().to_string());
            }
        }
        for d in ev.get("docs").unwrap().arr() {
            let (text, ms) = &docs[d.str().unwrap()];
            for name in &names {
                if !bare(text).contains(&bare(name)) {
                    continue;
                }
                checked += 1;
                let r = resolved(ms, name);
                let gov = expected_governorate(name);
                match r.iter().find(|(_, g, _, _)| g == gov) {
                    Some((id, _, lat, lon)) => {
                        eprintln!(
                            "{} {name} -> {id} ({lat:.4}, {lon:.4}, {gov})",
                            d.str().unwrap()
                        );
                        ids_by_name.insert(bare(name), id.clone());
                    }
                    None => failures.push(format!(
                        "{}: {name} resolved to {r:?}, wanted {gov}",
                        d.str().unwrap()
                    )),
                }
            }
        }
    }
    // Spelling variants: a place's variants, and the spellings the analyst lists as the same place.
    let mut pairs: Vec<(String, String)> = Vec::new();
    for ev in reading.get("events").unwrap().arr() {
        for p in ev.get("also_places").map(J::arr).unwrap_or(&[]) {
            let std_form = p.get("ar").and_then(J::str).unwrap();
            for v in p.get("variants").map(J::arr).unwrap_or(&[]) {
                pairs.push((std_form.to_string(), v.str().unwrap().to_string()));
            }
        }
    }
    for c in reading.get("contradictions").unwrap().arr() {
        if c.get("field").and_then(J::str) != Some("spelling") {
            continue;
        }
        for claim in c.get("claims").unwrap().arr() {
            let fig = claim.get("figure").and_then(J::str).unwrap();
            if let Some((var, rest)) = fig.split_once(" (for ") {
                pairs.push((rest.trim_end_matches(')').to_string(), var.to_string()));
                let doc = claim.get("doc").and_then(J::str).unwrap();
                let (_, ms) = &docs[doc];
                match resolved(ms, var).first() {
                    Some((id, ..)) => {
                        ids_by_name.insert(bare(var), id.clone());
                    }
                    None => failures.push(format!("{doc}: variant {var} not resolved")),
                }
            }
        }
    }
    for (std_form, var) in &pairs {
        let (a, b) = (
            ids_by_name.get(&bare(std_form)),
            ids_by_name.get(&bare(var)),
        );
        eprintln!("variant {var} -> {b:?}, standard {std_form} -> {a:?}");
        if a.is_none() || a != b {
            failures.push(format!(
                "variant {var} resolves to {b:?}, standard {std_form} to {a:?}"
            ));
        }
    }
    assert!(checked >= 20, "only {checked} place names checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
