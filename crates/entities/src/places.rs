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

/// Finds the place mentions in `text`, resolved where the gazetteer allows. The list has room
/// for `room` more mentions (the document's other kinds, added after).
pub fn find(text: &str, tokens: &[Token], room: usize) -> Vec<Mention> {
    let g = gazetteer::get();
    let w = words::get();
    let found = matcher::scan_tokens(g, w, tokens);
    disambiguate::resolve(g, text, tokens, found, room)
}

/// The ISO 3166 alpha-2 code of the country a gazetteer place lies in (`SY`, `IQ`), by the
/// place's id as mentions and events carry it.
pub fn place_country(id: &str) -> Option<&'static str> {
    let entry = gazetteer::get().base_entry(id)?;
    std::str::from_utf8(&entry.country).ok().filter(|c| *c != "??")
}

/// The countries the gazetteer covers, with ACLED's names and ISO 3166 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Country {
    Syria,
    Iraq,
}

impl Country {
    /// From the gazetteer's two-letter code.
    pub fn from_alpha2(code: &str) -> Option<Country> {
        match code {
            "SY" => Some(Country::Syria),
            "IQ" => Some(Country::Iraq),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Country::Syria => "Syria",
            Country::Iraq => "Iraq",
        }
    }

    pub fn alpha3(self) -> &'static str {
        match self {
            Country::Syria => "SYR",
            Country::Iraq => "IRQ",
        }
    }

    pub fn numeric(self) -> u16 {
        match self {
            Country::Syria => 760,
            Country::Iraq => 368,
        }
    }

    /// ACLED's region of the country.
    pub fn region(self) -> &'static str {
        "Middle East"
    }
}

/// The ids of the admin units a place lies in, broadest first (governorate, district,
/// sub-district), the place itself left out; empty for an unknown id. Search indexes these
/// beside a place so that a filter on a governorate finds its towns.
pub fn place_ancestors(id: &str) -> Vec<String> {
    let g = gazetteer::get();
    let Some((i, entry)) = g.entry_by_id(id) else { return Vec::new() };
    entry
        .admin
        .iter()
        .filter(|&&code| code != gazetteer::NO_ADMIN)
        .filter_map(|&code| g.admin_unit(code))
        .filter(|unit| !std::ptr::eq(*unit, &g.entries[i as usize]))
        .map(|unit| unit.id.to_string())
        .collect()
}

/// The gazetteer ids a place name may stand for (any entry indexed under its phrase key),
/// in gazetteer order.
pub fn place_ids_named(name: &str) -> Vec<String> {
    let g = gazetteer::get();
    let (key, _) = gazetteer::phrase_key(name);
    g.lookup(&key).map_or_else(Vec::new, |refs| refs.iter().map(|r| g.entries[r.entry as usize].id.to_string()).collect())
}

/// Every name of a place as a phrase key (matching key, article off each word: دير زور), so
/// that a search for one spelling can look for the others; empty for an unknown id.
pub fn place_names(id: &str) -> Vec<String> {
    let g = gazetteer::get();
    g.entry_by_id(id).map_or_else(Vec::new, |(i, _)| g.names_of(i).iter().map(|k| k.to_string()).collect())
}

/// Loads the gazetteer if it is not loaded yet, and returns its number of entries: lets a
/// benchmark time the load apart from matching.
#[allow(dead_code)]
pub fn load_gazetteer() -> usize {
    gazetteer::get().entries.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_know_their_country_and_derived_regions_that_of_their_base_place() {
        assert_eq!(place_country("wof:421190735"), Some("IQ")); // Tal Afar
        assert_eq!(place_country("wof:421190429"), Some("SY")); // Afrin
        assert_eq!(place_country("ocha:SY09#countryside"), Some("SY"));
        assert_eq!(place_country("wof:0"), None);
    }

    #[test]
    fn a_town_lies_in_its_governorate_and_is_found_by_name() {
        let ids = place_ids_named("هجين");
        let town = ids.iter().find(|id| place_ancestors(id).contains(&"ocha:SY09".to_string()));
        assert!(town.is_some(), "{ids:?}");
        assert!(place_ancestors("ocha:SY09").is_empty());
        assert!(place_names("ocha:SY09").contains(&"دير زور".to_string()));
        assert!(place_ancestors("no:such").is_empty());
    }
}
