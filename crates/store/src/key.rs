//! The content key: what makes two documents "the same article".

use marsad_arabic::normalize::matching_key;
use marsad_model::Document;
use sha2::{Digest, Sha256};

/// SHA-256 of the matching key of the document's body: the clean text without the headline
/// paragraph, diacritics, letter variants and spacing folded. The headline is left out because
/// containers carry it differently (a feed title, an `<h1>`, a first line), and the body is what
/// makes an article the same article.
pub fn content_key(doc: &Document) -> [u8; 32] {
    let body = match &doc.headline {
        Some(h) => {
            let first = doc.text.split("\n\n").next().unwrap_or("");
            if matching_key(first) == matching_key(h) {
                doc.text[first.len()..].trim_start()
            } else {
                doc.text.as_str()
            }
        }
        None => doc.text.as_str(),
    };
    sha256(matching_key(body).as_bytes())
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
