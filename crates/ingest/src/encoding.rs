//! Bytes to text: BOM, then the declared charset, then UTF-8, then statistical detection.
//!
//! The encoding used and the reason it was chosen are always recorded, and the decoded text
//! keeps a way back to byte offsets in the original.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use marsad_model::{EncodingBasis, EncodingUsed};

/// Text decoded from bytes, with what is needed to map its offsets back to those bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: EncodingUsed,
    layout: Layout,
}

/// How decoded offsets relate to original byte offsets.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// UTF-8 as is, after `skip` bytes of BOM.
    Utf8 { skip: usize },
    /// One byte per char (windows-1256, ISO-8859-6, …).
    SingleByte,
    /// Two bytes per UTF-16 code unit, after `skip` bytes of BOM.
    Utf16 { skip: usize },
}

/// Why bytes could not be read as text. Shown to the user after the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the content is empty")]
    Empty,
    #[error("the content looks binary, not text (NUL or control bytes at byte {0})")]
    Binary(usize),
    #[error("the declared charset {declared:?} does not fit the bytes ({why})")]
    WrongDeclared { declared: String, why: String },
    #[error("the declared charset {0:?} is not a known encoding")]
    UnknownDeclared(String),
    #[error("no encoding decodes the bytes cleanly (tried {0})")]
    Undecodable(&'static str),
}

impl Decoded {
    /// Text that needed no decoding (a JSON string, a feed item): offsets are UTF-8 bytes.
    pub fn already_text(text: String) -> Decoded {
        Decoded {
            text,
            encoding: EncodingUsed { name: "UTF-8".into(), basis: EncodingBasis::Container },
            layout: Layout::Utf8 { skip: 0 },
        }
    }

    /// The original byte offset of byte offset `at` in the decoded text.
    pub fn original_offset(&self, at: usize) -> u64 {
        match self.layout {
            Layout::Utf8 { skip } => (skip + at) as u64,
            Layout::SingleByte => self.text[..at].chars().count() as u64,
            Layout::Utf16 { skip } => {
                (skip + 2 * self.text[..at].chars().map(char::len_utf16).sum::<usize>()) as u64
            }
        }
    }
}

/// Decodes `bytes`, trusting in order: a BOM, the container's declared charset, valid UTF-8,
/// then chardetng's detection. A declaration that does not fit the bytes is an error, not a
/// silent fallback: the user should know the source lies about its encoding.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return decode_with(enc, bytes, bom, EncodingBasis::Bom)
            .ok_or(DecodeError::Undecodable("the encoding of its byte-order mark"));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return decode_with(enc, bytes, 0, EncodingBasis::Detected)
            .ok_or(DecodeError::Undecodable("UTF-16 without a byte-order mark"));
    }
    if let Some(at) = binary_at(bytes) {
        return Err(DecodeError::Binary(at));
    }
    if let Some(label) = declared {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| DecodeError::UnknownDeclared(label.to_string()))?;
        let wrong = |why: String| DecodeError::WrongDeclared { declared: label.to_string(), why };
        // A legacy single-byte declaration over bytes that are multi-byte UTF-8 would decode
        // "successfully" into mojibake; catch it rather than store garbage.
        if enc != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
            return Err(wrong("the bytes are UTF-8".into()));
        }
        return decode_with(enc, bytes, 0, EncodingBasis::Declared).ok_or_else(|| {
            wrong(format!("bytes that are not {} appear in it", enc.name()))
        });
    }
    if std::str::from_utf8(bytes).is_ok() {
        return decode_with(UTF_8, bytes, 0, EncodingBasis::ValidUtf8)
            .ok_or(DecodeError::Undecodable("UTF-8"));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    decode_with(enc, bytes, 0, EncodingBasis::Detected).ok_or(DecodeError::Undecodable(
        "UTF-8 and the encoding detected statistically",
    ))
}

fn decode_with(enc: &'static Encoding, bytes: &[u8], skip: usize, basis: EncodingBasis) -> Option<Decoded> {
    let body = &bytes[skip..];
    let text = enc.decode_without_bom_handling_and_without_replacement(body)?.into_owned();
    let layout = if enc == UTF_8 {
        Layout::Utf8 { skip }
    } else if enc == UTF_16LE || enc == UTF_16BE {
        Layout::Utf16 { skip }
    } else if enc.is_single_byte() {
        Layout::SingleByte
    } else {
        // Multi-byte legacy encodings (not expected in Arabic news): map segment ends
        // approximately by assuming bytes ≈ chars; spans into the clean text stay exact.
        Layout::SingleByte
    };
    Some(Decoded { text, encoding: EncodingUsed { name: enc.name().to_string(), basis }, layout })
}

/// UTF-16 without a BOM shows as NUL bytes in every other position of mostly-ASCII text;
/// Arabic UTF-16 has 0x06 there instead. Look at the first 4 KB.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even_hi, mut odd_hi) = (0, 0);
    for p in head.chunks_exact(2) {
        even_hi += usize::from(matches!(p[0], 0x00 | 0x06));
        odd_hi += usize::from(matches!(p[1], 0x00 | 0x06));
    }
    if odd_hi * 10 >= pairs * 9 && even_hi * 2 < pairs {
        Some(UTF_16LE)
    } else if even_hi * 10 >= pairs * 9 && odd_hi * 2 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Where the bytes stop looking like text: a NUL, or many C0 controls other than whitespace.
fn binary_at(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(at) = memchr::memchr(0, head) {
        return Some(at);
    }
    let controls: Vec<usize> = head
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .map(|(i, _)| i)
        .collect();
    (controls.len() * 100 > head.len() && controls.len() > 4).then(|| controls[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "قصفت طائرات حربية بلدة في ريف دير الزور الشرقي صباح اليوم";

    #[test]
    fn utf8_is_read_as_valid_utf8() {
        let d = decode(ARABIC.as_bytes(), None).unwrap();
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding.basis, EncodingBasis::ValidUtf8);
    }

    #[test]
    fn windows_1256_is_detected_and_offsets_map_to_bytes() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding.name, "windows-1256");
        assert_eq!(d.encoding.basis, EncodingBasis::Detected);
        let at = d.text.find("دير").unwrap();
        assert_eq!(d.original_offset(at), d.text[..at].chars().count() as u64);
    }

    #[test]
    fn iso_8859_6_declared_is_used() {
        let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(ARABIC);
        let d = decode(&bytes, Some("ISO-8859-6")).unwrap();
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding.name, "ISO-8859-6");
        assert_eq!(d.encoding.basis, EncodingBasis::Declared);
    }

    #[test]
    fn utf16_with_bom_and_offsets() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in ARABIC.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding.basis, EncodingBasis::Bom);
        assert_eq!(d.original_offset(0), 2);
        let at = d.text.find("دير").unwrap();
        assert_eq!(d.original_offset(at), 2 + 2 * d.text[..at].chars().count() as u64);
    }

    #[test]
    fn utf16le_without_bom_is_detected() {
        let bytes: Vec<u8> = ARABIC.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, ARABIC);
        assert_eq!(d.encoding.name, "UTF-16LE");
    }

    #[test]
    fn wrong_declared_charset_is_an_error() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        let err = decode(&bytes, Some("utf-8")).unwrap_err();
        assert!(matches!(err, DecodeError::WrongDeclared { .. }), "{err}");
        let err = decode(ARABIC.as_bytes(), Some("windows-1256")).unwrap_err();
        assert!(err.to_string().contains("the bytes are UTF-8"), "{err}");
        assert!(matches!(decode(b"abc", Some("klingon")), Err(DecodeError::UnknownDeclared(_))));
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b"  \n\t", None).unwrap_err(), DecodeError::Empty);
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(decode(png, None), Err(DecodeError::Binary(_))));
    }
}
