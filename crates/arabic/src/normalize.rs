//! The matching key: a lossy folding of Arabic text used only for comparison and lookup.
//!
//! The key is built char by char, each input char giving zero or one output char, so a position
//! in the key can always be traced back to the text as written.

/// Folds one char for matching: `None` drops it (diacritics, tatweel, invisible controls).
///
/// - harakat, tanwin, shadda, sukun, superscript alef, Quranic marks and tatweel are dropped;
/// - alef forms أ إ آ ٱ fold to ا; ى to ي; ة to ه; ؤ to و; ئ to ي;
/// - Persian and Urdu letters ک ی ۀ ہ fold to their Arabic counterparts;
/// - Arabic-Indic and Persian digits become ASCII digits;
/// - zero-width and bidi controls are dropped.
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => return None,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        | '\u{061C}' | '\u{00AD}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' | 'ي' | 'ئ' => 'ي',
        'ة' | 'ۀ' | 'ہ' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        c => c,
    })
}

/// Is `c` a mark that the matching key drops (diacritic or tatweel)?
pub fn is_ignorable(c: char) -> bool {
    fold_char(c).is_none()
}

/// The matching key of `text`: every char folded with [`fold_char`], runs of whitespace
/// collapsed to one space, leading and trailing whitespace removed. Idempotent.
pub fn matching_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().filter_map(fold_char) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_alef_ya_ta_marbuta_and_marks() {
        assert_eq!(matching_key("أُسْرَةٌ إلى آخرِ ٱلمدينة"), "اسره الي اخر المدينه");
    }

    #[test]
    fn drops_tatweel_and_invisible_controls() {
        assert_eq!(matching_key("قـــصف\u{200F} \u{202B}عنيف\u{202C}"), "قصف عنيف");
    }

    #[test]
    fn reads_indic_and_persian_digits() {
        assert_eq!(matching_key("١٥٠٠ و۲۵"), "1500 و25");
    }

    #[test]
    fn persian_letters_fold() {
        assert_eq!(matching_key("کرکوک ی"), "كركوك ي");
    }

    #[test]
    fn collapses_whitespace_and_is_idempotent() {
        let once = matching_key("  دير   الزور\n\n الشرقي ");
        assert_eq!(once, "دير الزور الشرقي");
        assert_eq!(matching_key(&once), once);
    }
}
