//! The events stage's word lists, loaded once from `data/`: triggers, means, cues, ACLED types.

use marsad_arabic::Token;
use marsad_arabic::normalize::matching_key;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const ACLED_TSV: &str = include_str!("../data/acled.tsv");
const TRIGGERS_TSV: &str = include_str!("../data/triggers.tsv");
const WEAPONS_TSV: &str = include_str!("../data/weapons.tsv");
const CUES_TOML: &str = include_str!("../data/cues.toml");

/// A sequence of words to find in a token stream. A word ending in `*` matches any stem that
/// starts with it.
#[derive(Debug, Clone)]
pub struct Phrase {
    words: Vec<(String, bool)>,
}

impl Phrase {
    fn parse(text: &str) -> Phrase {
        let words = text
            .split_whitespace()
            .map(|w| match w.strip_suffix('*') {
                Some(prefix) => (matching_key(prefix), true),
                None => (matching_key(w), false),
            })
            .collect();
        Phrase { words }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Does the phrase start at word token `i`? Punctuation tokens break a phrase. A word
    /// matches with the alif of the indefinite accusative after it ("انتحارياً", "حزاماً ناسفاً").
    pub fn matches_at(&self, tokens: &[Token], i: usize) -> bool {
        self.words.iter().enumerate().all(|(k, (w, prefix))| {
            tokens.get(i + k).is_some_and(|t| {
                t.is_word()
                    && if *prefix {
                        t.stem.starts_with(w.as_str())
                    } else {
                        *w == t.stem || *w == t.key || *w == t.pre || accusative_base(&t.stem) == Some(w.as_str())
                    }
            })
        })
    }
}

/// A word without the alif the indefinite accusative writes after it (انتحاريا → انتحاري),
/// for words of three letters or more before it.
fn accusative_base(stem: &str) -> Option<&str> {
    stem.strip_suffix('ا').filter(|base| base.chars().nth(2).is_some())
}

/// Something a phrase finds: a trigger, a weapon, a cue.
pub trait Phrased {
    fn phrase(&self) -> &Phrase;
}

impl Phrased for Phrase {
    fn phrase(&self) -> &Phrase {
        self
    }
}

/// Entries found by their phrase, indexed by the phrase's first word, so that asking what
/// starts at a token looks only at the few entries that could (a token is matched by its stem,
/// its key or its form before the enclitic; prefix patterns like `اغار*` sit in a short list
/// looked at every time). Entries are kept longest phrase first, in data-file order otherwise.
pub struct Table<T> {
    entries: Vec<T>,
    exact: FxHashMap<String, Vec<u32>>,
    prefix: Vec<u32>,
}

/// A list of cue phrases.
pub type Phrases = Table<Phrase>;

impl<T: Phrased> Table<T> {
    fn new(mut entries: Vec<T>) -> Table<T> {
        entries.sort_by_key(|e| std::cmp::Reverse(e.phrase().len()));
        let mut exact: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut prefix = Vec::new();
        for (k, e) in entries.iter().enumerate() {
            let (word, is_prefix) = &e.phrase().words[0];
            if *is_prefix {
                prefix.push(k as u32);
            } else {
                exact.entry(word.clone()).or_default().push(k as u32);
            }
        }
        Table { entries, exact, prefix }
    }

    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.entries.iter()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Indexes of the entries whose phrase starts at word token `i`, in no particular order.
    fn starting_at<'s, 't>(&'s self, tokens: &'t [Token], i: usize) -> impl Iterator<Item = u32> + use<'s, 't, T> {
        let word = tokens.get(i).filter(|t| t.is_word());
        let keys = word.into_iter().flat_map(|t| {
            [
                Some(t.stem.as_str()),
                (t.key != t.stem).then_some(t.key.as_str()),
                (t.pre != t.stem && t.pre != t.key).then_some(t.pre.as_str()),
                accusative_base(&t.stem),
            ]
        });
        let prefix = if word.is_some() { self.prefix.as_slice() } else { &[] };
        keys.flatten()
            .filter_map(|k| self.exact.get(k))
            .flatten()
            .chain(prefix)
            .copied()
            .filter(move |&k| self.entries[k as usize].phrase().matches_at(tokens, i))
    }

    /// Every entry whose phrase starts at token `i`, in no particular order.
    pub fn all_at<'s, 't>(&'s self, tokens: &'t [Token], i: usize) -> impl Iterator<Item = &'s T> + use<'s, 't, T> {
        self.starting_at(tokens, i).map(|k| &self.entries[k as usize])
    }

    /// The entry with the longest phrase starting at token `i` (the first in the data file
    /// among equally long ones).
    pub fn longest_at(&self, tokens: &[Token], i: usize) -> Option<&T> {
        self.starting_at(tokens, i).min().map(|k| &self.entries[k as usize])
    }

    /// How many tokens the longest phrase starting at token `i` covers, if any starts there.
    pub fn any_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        self.longest_at(tokens, i).map(|e| e.phrase().len())
    }

    /// Does any phrase start in tokens `from..to`?
    pub fn any_in(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        (from..to.min(tokens.len())).any(|i| self.starting_at(tokens, i).next().is_some())
    }
}

/// What a trigger codes as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// An ACLED sub-type, fixed by the word.
    Sub(&'static str),
    /// A strike whose means the context settles (air or ground).
    Bombardment,
    /// A change of control, settled by who takes the ground.
    Territory,
    /// A killing by gunfire ("برصاص"), settled by who was shot (see `detect::shooting`).
    Shooting,
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub phrase: Phrase,
    pub coding: Coding,
    pub weapon: Option<&'static str>,
    pub rank: u8,
}

impl Phrased for Trigger {
    fn phrase(&self) -> &Phrase {
        &self.phrase
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Means {
    Air,
    Ground,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Weapon {
    pub phrase: Phrase,
    pub name: &'static str,
    pub means: Means,
}

impl Phrased for Weapon {
    fn phrase(&self) -> &Phrase {
        &self.phrase
    }
}

impl Phrased for (Phrase, String) {
    fn phrase(&self) -> &Phrase {
        &self.0
    }
}

#[derive(Deserialize)]
struct CuesFile {
    killed: Vec<String>,
    injured: Vec<String>,
    both: Vec<String>,
    civilian_units: Vec<String>,
    combatant_units: Vec<String>,
    denied: Vec<String>,
    negated: Vec<String>,
    any_of: Vec<String>,
    hypothetical: Vec<String>,
    alleged: Vec<String>,
    background: Vec<String>,
    pluperfect: Vec<String>,
    shot_combatants: Vec<String>,
    shot_protesters: Vec<String>,
    striker_nationality: std::collections::BTreeMap<String, String>,
    attack_nouns: Vec<String>,
    the_attack: Vec<String>,
    launch: Vec<String>,
    refer_back: Vec<String>,
    clause_breaks: Vec<String>,
    civilian_context: Vec<String>,
    agent_markers: Vec<String>,
    patient_markers: Vec<String>,
    control_words: Vec<String>,
    anaphora: Vec<String>,
    since: Vec<String>,
    among: Vec<String>,
    backing: Vec<String>,
    control_over: Vec<String>,
    both_sides: Vec<String>,
    stopped: Vec<String>,
    meeting: Vec<String>,
    joined_units: Vec<String>,
    between: Vec<String>,
    protest_intervention: Vec<String>,
    protest_force: Vec<String>,
    air_actors: Vec<String>,
    civilians_actor: String,
    protesters_actor: String,
    rioters_actor: String,
}

/// Cue phrases, compiled.
pub struct Cues {
    pub killed: Phrases,
    pub injured: Phrases,
    pub both: Phrases,
    pub civilian_units: Phrases,
    pub combatant_units: Phrases,
    pub denied: Phrases,
    pub negated: Phrases,
    /// "أي" before a trigger: a negation anywhere before it in the clause governs it.
    pub any_of: Phrases,
    pub hypothetical: Phrases,
    pub alleged: Phrases,
    pub background: Phrases,
    /// A sentence opening with these ("وكانت قوات النظام قد سيطرت") tells what had happened
    /// before the news: background, and its قد is "had", not "may".
    pub pluperfect: Phrases,
    /// Who was shot, named before "برصاص" in its clause: fighters (a clash) or protesters
    /// (excessive force); anyone else is a civilian attacked.
    pub shot_combatants: Phrases,
    pub shot_protesters: Phrases,
    /// A nationality adjective right after a trigger, with the registry actor it names.
    pub striker_nationality: Table<(Phrase, String)>,
    /// "هجوم" right before the word that says how ("هجوم بقنبلة يدوية"): that word codes it.
    pub attack_nouns: Phrases,
    /// "الهجوم", "التفجير": may refer back to an earlier violent event of any family.
    pub the_attack: Phrases,
    /// A battle word within three words after these is the start of an operation.
    pub launch: Phrases,
    pub refer_back: Phrases,
    pub clause_breaks: Phrases,
    pub civilian_context: Phrases,
    pub agent_markers: Phrases,
    pub patient_markers: Phrases,
    pub control_words: Phrases,
    pub anaphora: Phrases,
    pub since: Phrases,
    /// A figure after these is part of the count of the dead before it.
    pub among: Phrases,
    /// "بدعم روسي": a nationality after these backs the side that acts.
    pub backing: Phrases,
    /// "سيطرتها على": control over a place, a taking even with a pronoun.
    pub control_over: Phrases,
    /// "الطرفين": the two sides of the happening told before.
    pub both_sides: Phrases,
    /// "وقف الاشتباكات": what is to stop is not a happening.
    pub stopped: Phrases,
    /// "اجتماع": a meeting that reached an agreement told in its clause is that agreement.
    pub meeting: Phrases,
    /// "وفصائل الجيش الوطني": a word for a side's fighters between و and the side's name.
    pub joined_units: Phrases,
    /// "اشتباكات بين X وY": sides joined by و after these face each other.
    pub between: Phrases,
    pub protest_intervention: Phrases,
    pub protest_force: Phrases,
    pub air_actors: Vec<String>,
    /// The registry actor a count of civilians stands for.
    pub civilians_actor: String,
    /// The registry actors a protest's and a riot's crowd stand for.
    pub protesters_actor: String,
    pub rioters_actor: String,
}

pub struct Lexicon {
    pub triggers: Table<Trigger>,
    pub weapons: Table<Weapon>,
    pub cues: Cues,
    /// sub_type → (type, disorder type).
    acled: HashMap<&'static str, (&'static str, &'static str)>,
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect())
}

fn phrases(list: &[String]) -> Phrases {
    Table::new(list.iter().map(|s| Phrase::parse(s)).collect())
}

pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let acled: HashMap<_, _> = rows(ACLED_TSV).map(|r| (r[1], (r[0], r[2]))).collect();
        let triggers: Vec<Trigger> = rows(TRIGGERS_TSV)
            .map(|r| {
                let coding = match r[1] {
                    "bombardment" => Coding::Bombardment,
                    "territory" => Coding::Territory,
                    "shooting" => Coding::Shooting,
                    sub => {
                        assert!(acled.contains_key(sub), "triggers.tsv: {sub:?} is not an ACLED sub-type");
                        Coding::Sub(acled.get_key_value(sub).expect("checked").0)
                    }
                };
                Trigger {
                    phrase: Phrase::parse(r[0]),
                    coding,
                    weapon: (r[2] != "-").then_some(r[2]),
                    rank: r[3].trim().parse().expect("triggers.tsv: rank"),
                }
            })
            .collect();
        let weapons: Vec<Weapon> = rows(WEAPONS_TSV)
            .map(|r| Weapon {
                phrase: Phrase::parse(r[0]),
                name: r[1],
                means: match r[2].trim() {
                    "air" => Means::Air,
                    "ground" => Means::Ground,
                    _ => Means::Unknown,
                },
            })
            .collect();
        let c: CuesFile = toml::from_str(CUES_TOML).expect("data/cues.toml is valid");
        let cues = Cues {
            killed: phrases(&c.killed),
            injured: phrases(&c.injured),
            both: phrases(&c.both),
            civilian_units: phrases(&c.civilian_units),
            combatant_units: phrases(&c.combatant_units),
            denied: phrases(&c.denied),
            negated: phrases(&c.negated),
            any_of: phrases(&c.any_of),
            hypothetical: phrases(&c.hypothetical),
            alleged: phrases(&c.alleged),
            background: phrases(&c.background),
            pluperfect: phrases(&c.pluperfect),
            shot_combatants: phrases(&c.shot_combatants),
            shot_protesters: phrases(&c.shot_protesters),
            attack_nouns: phrases(&c.attack_nouns),
            the_attack: phrases(&c.the_attack),
            launch: phrases(&c.launch),
            striker_nationality: Table::new(c.striker_nationality.into_iter().map(|(w, id)| (Phrase::parse(&w), id)).collect()),
            refer_back: phrases(&c.refer_back),
            clause_breaks: phrases(&c.clause_breaks),
            civilian_context: phrases(&c.civilian_context),
            agent_markers: phrases(&c.agent_markers),
            patient_markers: phrases(&c.patient_markers),
            control_words: phrases(&c.control_words),
            anaphora: phrases(&c.anaphora),
            since: phrases(&c.since),
            among: phrases(&c.among),
            backing: phrases(&c.backing),
            control_over: phrases(&c.control_over),
            both_sides: phrases(&c.both_sides),
            stopped: phrases(&c.stopped),
            meeting: phrases(&c.meeting),
            joined_units: phrases(&c.joined_units),
            between: phrases(&c.between),
            protest_intervention: phrases(&c.protest_intervention),
            protest_force: phrases(&c.protest_force),
            air_actors: c.air_actors,
            civilians_actor: c.civilians_actor,
            protesters_actor: c.protesters_actor,
            rioters_actor: c.rioters_actor,
        };
        Lexicon { triggers: Table::new(triggers), weapons: Table::new(weapons), cues, acled }
    })
}

/// The ACLED event type of a sub-type.
pub fn event_type(sub_type: &str) -> &'static str {
    lexicon().acled.get(sub_type).map_or("Strategic developments", |(t, _)| *t)
}

/// Is `sub_type` one of ACLED's?
pub fn is_sub_type(sub_type: &str) -> bool {
    lexicon().acled.contains_key(sub_type)
}

/// ACLED's disorder type for a sub-type.
pub fn disorder_type(sub_type: &str) -> Option<&'static str> {
    lexicon().acled.get(sub_type).map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_loads_and_every_trigger_codes_an_acled_sub_type() {
        let l = lexicon();
        assert!(l.triggers.len() > 80);
        assert_eq!(event_type("Air/drone strike"), "Explosions/Remote violence");
        assert_eq!(event_type("Non-state actor overtakes territory"), "Battles");
        assert_eq!(l.acled.len(), 25);
    }

    #[test]
    fn actor_ids_in_the_cues_are_registry_ids() {
        let cues = &lexicon().cues;
        for id in cues.air_actors.iter().chain([&cues.civilians_actor, &cues.protesters_actor, &cues.rioters_actor])
            .chain(cues.striker_nationality.iter().map(|(_, id)| id)) {
            assert!(marsad_entities::actor(id).is_some(), "cues.toml names {id}, which the actor registry lacks");
        }
    }

    #[test]
    fn a_table_finds_the_longest_phrase_by_stem_key_or_prefix() {
        let table = Table::new(["قصف", "قصف مدفعي", "اغار*"].map(Phrase::parse).to_vec());
        let toks = marsad_arabic::tokens::tokenize("والقصف المدفعي، ثم قصف، وأغارت الطائرات");
        let at = |text: &str| toks.iter().position(|t| t.text.contains(text)).unwrap();
        assert_eq!(table.any_at(&toks, at("والقصف")), Some(2));
        assert_eq!(table.any_at(&toks, toks.iter().rposition(|t| t.text == "قصف").unwrap()), Some(1));
        assert_eq!(table.any_at(&toks, at("وأغارت")), Some(1));
        assert_eq!(table.any_at(&toks, at("الطائرات")), None);
        let comma = toks.iter().position(|t| !t.is_word()).unwrap();
        assert_eq!(table.any_at(&toks, comma), None);
        assert!(table.any_in(&toks, 1, toks.len()));
        assert!(!table.any_in(&toks, at("الطائرات"), toks.len()));
        // The accusative's alif: "حزاماً ناسفاً" is "حزام ناسف"; a word of two letters keeps it.
        let table = Table::new(["حزام ناسف", "لا"].map(Phrase::parse).to_vec());
        let toks = marsad_arabic::tokens::tokenize("يرتدي حزاماً ناسفاً");
        assert_eq!(table.any_at(&toks, 1), Some(2));
        let toks = marsad_arabic::tokens::tokenize("قال لاا");
        assert_eq!(table.any_at(&toks, 1), None);
    }

    #[test]
    fn phrases_match_through_clitics_and_the_article() {
        let toks = marsad_arabic::tokens::tokenize("وللغارات الجوية والقصف المدفعي");
        let p = Phrase::parse("غارات");
        assert!(p.matches_at(&toks, 0));
        let p = Phrase::parse("قصف مدفعي");
        let i = toks.iter().position(|t| t.text.contains("القصف")).unwrap();
        assert!(p.matches_at(&toks, i));
    }
}

#[cfg(test)]
mod weapon_tests {
    use super::*;

    #[test]
    fn aircraft_through_a_clitic() {
        let toks = marsad_arabic::tokens::tokenize("فطائرات التحالف ومدفعيته لم تتوقف");
        let w = lexicon().weapons.longest_at(&toks, 0).map(|w| w.name);
        assert_eq!(w, Some("aircraft"));
    }
}
