//! Actor mentions: names, aliases and affiliation forms matched to the actor registry.

use crate::Mention;
use marsad_arabic::Token;

/// Finds the actor mentions in `text`.
pub fn find(text: &str, tokens: &[Token]) -> Vec<Mention> {
    let _ = (text, tokens);
    Vec::new()
}
