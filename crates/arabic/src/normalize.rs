//! The matching key: a lossy folding of Arabic text used only for comparison and lookup.
//!
//! The key is built char by char, each input char giving zero or one output char, so a position
//! in the key can always be traced back to the text as written.

/// Folds one char for matching: `None` drops it (diacritics, tatweel, invisible controls).
///
/// - harakat, tanwin, shadda, sukun, superscript alef, Quranic marks and tatweel are dropped;
/// - alef forms أ إ آ ٱ fold to ا; ى to ي; ة to ه; ؤ to و; ئ to ي;
/// - Persian and Urdu letters ک ی ۀ ہ fold to their Arabic counterparts;
/// - decimal digits of every script (Arabic-Indic, Persian, …) become ASCII digits;
/// - zero-width and bidi controls are dropped.
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => return None,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{061C}'
        | '\u{00AD}' => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' | 'ي' | 'ئ' => 'ي',
        'ة' | 'ۀ' | 'ہ' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        c if (c as u32) >= 0x660 && digit_value(c).is_some() => {
            char::from(b'0' + digit_value(c).unwrap_or(0))
        }
        c => c,
    })
}

/// Zeros of the Unicode decimal-digit blocks a news text may use: ASCII, Arabic-Indic,
/// Extended Arabic-Indic (Persian, Urdu), N'Ko, the Indic scripts, Thai, Lao, Tibetan, Myanmar,
/// Khmer, Mongolian and fullwidth forms. Each block holds the digits 0–9 in order.
const DIGIT_ZEROS: [u32; 22] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10,
];

/// The value of a decimal digit in any of the scripts in [`DIGIT_ZEROS`].
pub fn digit_value(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x30 || (0x39 < u && u < 0x660) {
        return None;
    }
    DIGIT_ZEROS
        .iter()
        .find(|&&z| u >= z && u < z + 10)
        .map(|&z| (u - z) as u8)
}

/// Is `c` a mark that the matching key drops (diacritic or tatweel)?
pub fn is_ignorable(c: char) -> bool {
    fold_char(c).is_none()
}

/// Is `c` an Arabic presentation form (ligatures and contextual shapes from old encodings and
/// PDFs: ﻻ ﷲ ﺑ)? These are the only chars the key expands, through NFKC.
pub fn is_presentation_form(c: char) -> bool {
    ('\u{FB50}'..='\u{FDFF}').contains(&c)
        || ('\u{FE70}'..='\u{FEFF}').contains(&c) && c != '\u{FEFF}'
}

/// Calls `f` with the folded chars `c` stands for in the key: none, one, or (for a presentation
/// form such as ﻻ) several. The spaces inside a phrase ligature (ﷺ) are dropped: it was written
/// as one char, so it stays one word.
pub fn fold_into(c: char, mut f: impl FnMut(char)) {
    if is_presentation_form(c) {
        use unicode_normalization::UnicodeNormalization;
        std::iter::once(c)
            .nfkc()
            .filter(|k| !k.is_whitespace())
            .filter_map(fold_char)
            .for_each(f);
    } else if let Some(k) = fold_char(c) {
        f(k);
    }
}

/// Whether `c` is a letter, as [`char::is_alphabetic`] says, without its table lookup for the
/// Arabic letters (U+0620–U+064A) that most characters of a news text are.
pub fn is_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}') || c.is_alphabetic()
}

/// `text` lower-cased, as [`str::to_lowercase`] does, copied as it is when it holds only
/// ASCII and characters without case (Arabic script, Latin-1 and general punctuation), which
/// spares a table lookup per character of an Arabic text.
pub fn lowercase(text: &str) -> String {
    let caseless = |c: char| {
        c.is_ascii()
            || matches!(c, '\u{00A0}'..='\u{00BF}' | '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{2000}'..='\u{206F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    };
    if text.chars().all(caseless) { text.to_ascii_lowercase() } else { text.to_lowercase() }
}

/// The matching key of `text`: every char folded with [`fold_char`] (presentation forms first
/// expanded by NFKC), runs of whitespace collapsed to one space, leading and trailing whitespace
/// removed. Idempotent.
pub fn matching_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char| {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    };
    for c in text.chars() {
        if is_presentation_form(c) {
            fold_into(c, &mut push);
        } else if let Some(k) = fold_char(c) {
            push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..=0x2FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn lowercase_is_to_lowercase() {
        for text in ["قصف «جوي» على BAB — Al-Hol", "ΣΟΦΙΑ ΟΔΟΣ", "İstanbul'da", "ابن عمّ، ١٢٣"] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }

    use super::*;

    #[test]
    fn folds_alef_ya_ta_marbuta_and_marks() {
        assert_eq!(matching_key("أُسْرَةٌ إلى آخرِ ٱلمدينة"), "اسره الي اخر المدينه");
    }

    #[test]
    fn drops_tatweel_and_invisible_controls() {
        assert_eq!(
            matching_key("قـــصف\u{200F} \u{202B}عنيف\u{202C}"),
            "قصف عنيف"
        );
    }

    #[test]
    fn reads_indic_and_persian_digits() {
        assert_eq!(matching_key("١٥٠٠ و۲۵"), "1500 و25");
    }

    #[test]
    fn presentation_forms_expand() {
        assert_eq!(matching_key("ﻻ ﺑﻐﺪاﺩ"), "لا بغداد");
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
