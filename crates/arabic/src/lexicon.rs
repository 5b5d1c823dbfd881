//! Reading the crate's data files (TSV and word lists compiled into the binary) into lookup tables.
//!
//! Every entry is stored under its matching key, so a data file needs one spelling per folding
//! class. Tables are built once, on first use, and shared.

use crate::normalize::matching_key;
use crate::tokens::Token;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the tables are keyed by short words built in this crate, not by input an attacker
/// chooses for collisions, and SipHash dominated tokenization time.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf29ce484222325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// The non-comment, non-blank lines of a data file, split on tabs.
pub(crate) fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// A table of phrases of one or more words, looked up at a position in a token stream.
pub(crate) struct Phrases<V> {
    map: FastMap<String, V>,
    /// First words of all phrases: most tokens are rejected by one lookup here.
    heads: FastSet<String>,
    max_words: usize,
}

impl<V> Phrases<V> {
    pub(crate) fn new() -> Self {
        Phrases {
            map: FastMap::default(),
            heads: FastSet::default(),
            max_words: 1,
        }
    }

    pub(crate) fn insert(&mut self, phrase: &str, value: V) {
        let key = matching_key(phrase);
        self.note(&key);
        self.map.insert(key, value);
    }

    fn note(&mut self, key: &str) {
        self.max_words = self.max_words.max(key.split(' ').count());
        self.heads
            .insert(key.split(' ').next().unwrap_or("").to_string());
    }

    /// The value stored under `phrase`, created empty if absent.
    pub(crate) fn entry(&mut self, phrase: &str) -> &mut V
    where
        V: Default,
    {
        let key = matching_key(phrase);
        self.note(&key);
        self.map.entry(key).or_default()
    }

    /// First words of the phrases, for a caller that wants to reject tokens early.
    pub(crate) fn heads(&self) -> impl Iterator<Item = &String> {
        self.heads.iter()
    }

    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key)
    }

    /// The longest phrase that starts at token `i`: its value and the index just after it.
    ///
    /// The first word may carry a conjunction or preposition (وأمس، بنحو); the others must be
    /// written as listed. A phrase never runs across punctuation or a line break.
    pub(crate) fn longest(&self, toks: &[Token], i: usize) -> Option<(&V, usize)> {
        let first = toks.get(i)?;
        if !first.is_word() {
            return None;
        }
        let key_head = self.heads.contains(first.key.as_str());
        let pre_head = first.pre != first.key && self.heads.contains(first.pre.as_str());
        if !key_head && !pre_head {
            return None;
        }
        let mut n = 1;
        while n < self.max_words
            && i + n < toks.len()
            && toks[i + n].is_word()
            && !toks[i + n].newline_before
        {
            n += 1;
        }
        for len in (1..=n).rev() {
            for (head, ok) in [
                (first.key.as_str(), key_head),
                (first.pre.as_str(), pre_head),
            ] {
                if !ok {
                    continue;
                }
                let value = if len == 1 {
                    self.map.get(head)
                } else {
                    let mut key = String::from(head);
                    for t in &toks[i + 1..i + len] {
                        key.push(' ');
                        key.push_str(&t.key);
                    }
                    self.map.get(&key)
                };
                if let Some(v) = value {
                    return Some((v, i + len));
                }
            }
        }
        None
    }
}
