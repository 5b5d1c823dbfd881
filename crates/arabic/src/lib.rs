//! Arabic language core: how every later stage reads Arabic text.
//!
//! Two layers are kept apart: the text as written (used for display and for every span) and a
//! matching key (used only for comparing and looking things up). Nothing here overwrites the
//! text as written.
//!
//! [`analyze`] runs everything on one document: tokens, sentences, dates (resolved against the
//! publication date, given or inferred), numbers and the quantities built from them.

pub mod dates;
mod lexicon;
pub mod months;
pub mod normalize;
pub mod numbers;
pub mod publication;
pub mod quantities;
pub mod sentences;
pub mod tokens;

pub use dates::{Calendar, DateExpr};
pub use numbers::{Number, NumberKind};
pub use publication::infer_publication_date;
pub use quantities::{Qualifier, Quantity};
pub use sentences::Sentence;
pub use tokens::{Token, TokenKind};

use jiff::civil::Date;
use serde::Serialize;

/// The byte offset of char `n` in `text` (the text's length when `n` is past its end): spans
/// count chars, slices take bytes.
pub fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
}

/// The date relative expressions were resolved against, and why it is that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub date: Date,
    pub basis: String,
}

/// Everything the language core finds in one document; every span is in chars of its text.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub quantities: Vec<Quantity>,
    pub dates: Vec<DateExpr>,
    pub numbers: Vec<Number>,
    /// The publication date used for relative dates: the one given, else one inferred from the
    /// text; `None` leaves relative dates unresolved.
    pub reference: Option<Reference>,
}

/// Runs the whole language core on `text`. `published` is the document's publication date when
/// the caller knows it; without it the date is inferred from the text where the text anchors
/// itself ([`infer_publication_date`]), and otherwise relative dates stay unresolved.
pub fn analyze(text: &str, published: Option<Date>) -> Analysis {
    let tokens = tokens::tokenize(text);
    let sentences = sentences::split(text);
    let reference = match published {
        Some(date) => Some(Reference {
            date,
            basis: "publication date given".into(),
        }),
        None => publication::infer_from_tokens(&tokens, text).map(|(date, basis)| Reference {
            date,
            basis: format!("publication date inferred: {basis}"),
        }),
    };
    let found = dates::find(&tokens, text, reference.as_ref());
    let mut numbers = numbers::find(&tokens, text, &found.claimed);
    // Quantities are read from counts only; the ordinal days of dates join the list after.
    let quantities = quantities::find(&tokens, text, &numbers);
    for &(a, b, day) in &found.ordinals {
        let (span, t) = numbers::token_span(&tokens, text, a, b);
        numbers.push(Number {
            span,
            text: t,
            value: day as f64,
            high: None,
            kind: NumberKind::Ordinal,
            tokens: (a, b),
        });
    }
    numbers.sort_by_key(|n| n.span);
    Analysis {
        tokens,
        sentences,
        quantities,
        dates: found.dates,
        numbers,
        reference,
    }
}
