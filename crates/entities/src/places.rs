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

/// The ISO 3166 alpha-2 code of the country a gazetteer place lies in (`SY`, `IQ`), by the
/// place's id as mentions and events carry it.
pub fn place_country(id: &str) -> Option<&'static str> {
    let entry = gazetteer::get().by_id(id)?;
    std::str::from_utf8(&entry.country).ok().filter(|c| *c != "??")
}

/// Loads the gazetteer if it is not loaded yet, and returns its number of entries: lets a
/// benchmark time the load apart from matching.
#[allow(dead_code)]
pub fn load_gazetteer() -> usize {
    gazetteer::get().entries.len()
}

#[cfg(test)]
mod country_tests {
    use super::place_country;

    #[test]
    fn places_know_their_country_and_derived_regions_that_of_their_base_place() {
        assert_eq!(place_country("wof:421190735"), Some("IQ")); // Tal Afar
        assert_eq!(place_country("wof:421190429"), Some("SY")); // Afrin
        assert_eq!(place_country("ocha:SY09#countryside"), Some("SY"));
        assert_eq!(place_country("wof:0"), None);
    }
}
