//! Place mentions: names matched to the gazetteer through clitics, kind words and variants.
//!
//! Three steps, one module each: the gazetteer and its name index (`gazetteer`, with the word
//! lists of `words`), finding names and the words around them in the tokens (`matcher`), and
//! choosing the entry each name is from the whole document (`disambiguate`). A name that
//! cannot be resolved after a kind word is kept with no entity; nothing here can fail a
//! document.

mod disambiguate;
mod gazetteer;
mod matcher;
mod words;

use crate::Mention;
use marsad_arabic::Token;

/// Finds the place mentions in `text`, resolved where the gazetteer allows.
pub fn find(text: &str, tokens: &[Token]) -> Vec<Mention> {
    let g = gazetteer::get();
    let w = words::get();
    let chars: Vec<char> = text.chars().collect();
    let found = matcher::scan(g, w, &chars, tokens);
    disambiguate::resolve(g, &chars, found)
}

/// Loads the gazetteer if it is not loaded yet, and returns its number of entries: lets a
/// benchmark time the load apart from matching.
#[allow(dead_code)]
pub fn load_gazetteer() -> usize {
    gazetteer::get().entries.len()
}
