//! Month names (Gregorian, Levantine/Iraqi, Maghrebi), read from `data/months.tsv`.

use crate::normalize::matching_key;
use std::collections::HashMap;
use std::sync::OnceLock;

const MONTHS_TSV: &str = include_str!("../data/months.tsv");

fn table() -> &'static HashMap<String, u8> {
    static TABLE: OnceLock<HashMap<String, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for line in MONTHS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let (num, name) = line.split_once('\t').expect("months.tsv: number<TAB>name");
            let num: u8 = num.parse().expect("months.tsv: month number");
            map.insert(matching_key(name), num);
        }
        map
    })
}

/// The month number (1–12) of a month name of one or two words, any spelling in the table.
pub fn month_number(name: &str) -> Option<u8> {
    table().get(&matching_key(name)).copied()
}

/// The longest month name at the start of `words` (already split on whitespace):
/// returns its number and how many words it took (1 or 2).
pub fn month_at(words: &[&str]) -> Option<(u8, usize)> {
    if words.len() >= 2
        && let Some(m) = month_number(&format!("{} {}", words[0], words[1]))
    {
        return Some((m, 2));
    }
    words.first().and_then(|w| month_number(w)).map(|m| (m, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_month_has_a_name_in_each_calendar() {
        for m in 1..=12u8 {
            assert!(
                table().values().filter(|&&v| v == m).count() >= 2,
                "month {m}"
            );
        }
    }

    #[test]
    fn two_word_names_win_over_one() {
        assert_eq!(month_at(&["تشرين", "الثاني", "2018"]), Some((11, 2)));
        assert_eq!(month_at(&["كانون", "الأول"]), Some((12, 2)));
        assert_eq!(month_at(&["نوفمبر", "2018"]), Some((11, 1)));
        assert_eq!(month_number("اكتوبر"), Some(10));
        assert_eq!(month_number("أيلول"), Some(9));
        assert_eq!(month_at(&["تشرين"]), None);
    }
}
