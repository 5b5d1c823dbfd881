//! Seed check: every actor form the analyst listed resolves to its actor where it occurs, and
//! every cited source is found with the span of what it says. Reads ../shared/seeds at run
//! time and skips (with a message) when it is absent. `MARSAD_DUMP=1` prints what was found.

use marsad_arabic::tokens::tokenize;
use marsad_entities::{Entity, Mention, MentionKind};
use serde_json::Value;
use std::path::PathBuf;

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.join("analyst-reading.json").exists() {
        Some(dir)
    } else {
        eprintln!("skipping: no seeds at {}", dir.display());
        None
    }
}

struct Doc {
    prefix: String,
    text: String,
    mentions: Vec<Mention>,
}

fn load(dir: &std::path::Path) -> (Value, Vec<Doc>) {
    let reading: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("analyst-reading.json")).unwrap()).unwrap();
    let mut docs = Vec::new();
    for d in reading["documents"].as_array().unwrap() {
        let file = d["file"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let analysis = marsad_arabic::analyze(&text, None);
        let mentions = marsad_entities::mentions(&text, &analysis);
        if std::env::var("MARSAD_DUMP").is_ok() {
            for m in mentions.iter().filter(|m| m.kind != MentionKind::Place) {
                let chars: Vec<char> = text.chars().collect();
                let att: String = m
                    .attributed
                    .map(|s| chars[s.start() as usize..s.end() as usize].iter().collect())
                    .unwrap_or_default();
                let ent = match &m.entity {
                    Some(Entity::Actor(a)) => a.id.clone(),
                    Some(Entity::Source(s)) => format!("{} [{}] {:?}", s.name, s.source_kind, s.actor),
                    Some(Entity::Person(p)) => format!("{} / {:?} / {:?}", p.name, p.role, p.affiliation),
                    _ => String::new(),
                };
                eprintln!("{} {:?} {:?} -> {} | {}", &file[..3], m.kind, m.text, ent, att);
            }
        }
        docs.push(Doc { prefix: file[..3].to_string(), text, mentions });
    }
    (reading, docs)
}

/// Char spans where the words of `form` occur in `text`, matched on token keys; the first
/// word may carry a clitic conjunction or preposition, quotes may stand between words.
fn occurrences(text: &str, form: &str) -> Vec<(u32, u32)> {
    let toks = tokenize(text);
    let want: Vec<String> = tokenize(form)
        .into_iter()
        .filter(|t| t.kind != marsad_arabic::TokenKind::Punct)
        .map(|t| t.key)
        .collect();
    let quote = |t: &marsad_arabic::Token| t.kind == marsad_arabic::TokenKind::Punct && t.text.chars().all(|c| "\"'«»“”".contains(c));
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let t = &toks[i];
        let first_ok = t.key == want[0] || t.pre == want[0] || t.key.strip_prefix(['و', 'ف', 'ب', 'ل']) == Some(want[0].as_str());
        if !first_ok {
            continue;
        }
        let mut j = i + 1;
        let mut ok = true;
        for w in &want[1..] {
            while j < toks.len() && quote(&toks[j]) {
                j += 1;
            }
            if j >= toks.len() || toks[j].key != *w {
                ok = false;
                break;
            }
            j += 1;
        }
        if ok {
            out.push((t.span.start(), toks[j - 1].span.end()));
        }
    }
    out
}

#[test]
fn every_listed_actor_form_resolves_to_its_actor() {
    let Some(dir) = seeds_dir() else { return };
    let (reading, docs) = load(&dir);
    let mut checked = 0;
    let mut failures = Vec::new();
    for actor in reading["actors"].as_array().unwrap() {
        let id = actor["id"].as_str().unwrap();
        for form in actor["ar_forms"].as_array().unwrap() {
            let form = form.as_str().unwrap();
            for d in &docs {
                for (s, e) in occurrences(&d.text, form) {
                    checked += 1;
                    let hit = d.mentions.iter().any(|m| {
                        m.kind == MentionKind::Actor
                            && m.span.start() <= e
                            && s <= m.span.end()
                            && m.span.start() < e
                            && s < m.span.end()
                            && matches!(&m.entity, Some(Entity::Actor(a)) if a.id == id)
                    });
                    if !hit {
                        let chars: Vec<char> = d.text.chars().collect();
                        let ctx: String = chars[(s as usize).saturating_sub(20)..(e as usize + 20).min(chars.len())].iter().collect();
                        failures.push(format!("{} {id} {form:?} at {s}: …{ctx}…", d.prefix));
                    }
                }
            }
        }
    }
    eprintln!("actor forms: {checked} occurrences checked, {} unresolved", failures.len());
    assert!(checked > 50, "too few occurrences found: {checked}");
    assert!(failures.is_empty(), "unresolved:\n{}", failures.join("\n"));
}

#[test]
fn all_cited_sources_are_found_with_what_they_say() {
    let Some(dir) = seeds_dir() else { return };
    let (reading, docs) = load(&dir);
    let key = |s: &str| marsad_arabic::normalize::matching_key(&s.replace(['"', '«', '»'], ""));
    let mut found = 0;
    let mut failures = Vec::new();
    let cited = reading["cited_sources"].as_array().unwrap();
    for c in cited {
        let doc = c["doc"].as_str().unwrap();
        let who = c["who"].as_str().unwrap();
        let d = docs.iter().find(|d| d.prefix == doc).unwrap();
        // "X via Y" is two sources; each is the Arabic before its English gloss.
        let parts: Vec<String> = who
            .split('(')
            .next()
            .unwrap()
            .split(" via ")
            .map(|p| p.split([',', '(']).next().unwrap().trim().to_string())
            .collect();
        let all = parts.iter().all(|p| {
            let want = key(p);
            d.mentions.iter().any(|m| {
                let Some(Entity::Source(s)) = &m.entity else { return false };
                let name = key(&s.name);
                m.kind == MentionKind::Source
                    && m.attributed.is_some_and(|a| !a.is_empty())
                    && name.split(' ').count() >= 2
                    && (want.contains(&name) || name.contains(&want))
            })
        });
        if all {
            found += 1;
        } else {
            failures.push(format!("{doc}: {who}"));
        }
    }
    eprintln!("cited sources: {found} of {} found with an attributed span", cited.len());
    assert_eq!(cited.len(), 12);
    assert!(failures.is_empty(), "not found:\n{}", failures.join("\n"));
}
