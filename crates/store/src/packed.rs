//! JSON as the store keeps it on disk: compressed with LZ4 against a fixed dictionary of
//! JSON as the pipeline writes it (`data/json-dictionary-1.txt`).
//!
//! Mentions, events and cross-document records were three fifths of a store (~26 KB of ~43 KB
//! a document) and their JSON repeats the same keys, gazetteer entries and actor names from
//! row to row: a row alone is too short for LZ4 to find much to reuse (1.1–1.4×), a row
//! against the dictionary compresses 3.5–4.7×, and the mentions of one document kept together
//! (see `mention_lists`) about 8×.
//!
//! A packed value starts with a byte naming its format, so that values written before
//! (plain JSON, starting with `{` or `[`) are read as they are, and a later dictionary can
//! come with a byte of its own. **The dictionary of a format never changes**: values written
//! with it must stay readable (a test checks its hash).

/// The dictionary of format [`LZ4_DICTIONARY_1`].
const DICTIONARY_1: &[u8] = include_bytes!("../data/json-dictionary-1.txt");

/// LZ4 block against [`DICTIONARY_1`], its uncompressed length first (4 bytes, little-endian).
const LZ4_DICTIONARY_1: u8 = 1;

/// A JSON value packed for storing: made where a record is made (an ingest worker), so that
/// the one writer only copies bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed(Vec<u8>);

impl Packed {
    /// Packs one JSON value.
    pub fn json(json: &str) -> Packed {
        let input = json.as_bytes();
        let mut out = vec![0; 5 + lz4_flex::block::get_maximum_output_size(input.len())];
        out[0] = LZ4_DICTIONARY_1;
        out[1..5].copy_from_slice(&(input.len() as u32).to_le_bytes());
        let n = lz4_flex::block::compress_into_with_dict(input, &mut out[5..], DICTIONARY_1)
            .expect("the buffer holds LZ4's largest output");
        out.truncate(5 + n);
        Packed(out)
    }

    /// Packs JSON values as one list (`[a,b,…]`), read back item by item by [`unpack_list`].
    pub fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> Packed {
        let mut json = String::from("[");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(item);
        }
        json.push(']');
        Packed::json(&json)
    }

    /// The JSON packed.
    pub fn to_json(&self) -> String {
        unpack(&self.0).expect("a value packed here unpacks")
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The most a packed value may unpack to: LZ4 expands at most 255 times, and no stored value
/// comes near this; a damaged length is refused before anything is allocated for it.
const LARGEST: usize = 256 << 20;

/// The JSON of a stored value: packed by [`pack`], or plain JSON as stored before packing.
pub(crate) fn unpack(stored: &[u8]) -> Result<String, String> {
    match stored {
        [LZ4_DICTIONARY_1, a, b, c, d, block @ ..] => {
            let size = u32::from_le_bytes([*a, *b, *c, *d]) as usize;
            if size > LARGEST.min(block.len().saturating_mul(255).max(16)) {
                return Err(format!("a packed value of {} bytes claims to unpack to {size}", stored.len()));
            }
            let bytes = lz4_flex::block::decompress_with_dict(block, size, DICTIONARY_1)
                .map_err(|e| format!("a packed value of {} bytes does not unpack: {e}", stored.len()))?;
            // A block cut short decodes to less than it says.
            if bytes.len() != size {
                return Err(format!("a packed value of {} bytes does not unpack: {} bytes of {size}", stored.len(), bytes.len()));
            }
            String::from_utf8(bytes).map_err(|_| "a packed value unpacks to bytes that are not UTF-8".to_string())
        }
        [b'{' | b'[', ..] => String::from_utf8(stored.to_vec()).map_err(|_| "a stored JSON value is not UTF-8".to_string()),
        [] => Err("a stored value is empty".to_string()),
        [other, ..] => Err(format!("a stored value of {} bytes starts with {other:#04x}, which names no format", stored.len())),
    }
}

/// The JSON texts of a list's items, in order: what a mention list (`[{…},{…}]`, as
/// [`Packed::list`] packs it) holds.
pub(crate) fn unpack_list(stored: &[u8]) -> Result<Vec<String>, String> {
    let json = unpack(stored)?;
    let items: Vec<&serde_json::value::RawValue> =
        serde_json::from_str(&json).map_err(|e| format!("a stored list is not a JSON list: {e}"))?;
    Ok(items.into_iter().map(|item| item.get().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    const EVENT: &str = r#"{"type":"Battles","sub_type":"Armed clash","date":{"start":"2020-03-12","end":"2020-03-12","precision":"day"},"place":{"id":"wof:421190751","ar":"كركوك","en":"Kirkuk"},"actors":[]}"#;

    #[test]
    fn a_packed_value_unpacks_to_the_same_json_and_is_smaller() {
        let packed = Packed::json(EVENT);
        assert_eq!(unpack(packed.as_bytes()).unwrap(), EVENT);
        assert_eq!(packed.to_json(), EVENT);
        assert!(packed.0.len() < EVENT.len() / 2, "{} bytes packed from {}", packed.0.len(), EVENT.len());
        assert_eq!(Packed::json("").to_json(), "");
    }

    #[test]
    fn plain_json_stored_before_packing_is_read_as_it_is() {
        assert_eq!(unpack(EVENT.as_bytes()).unwrap(), EVENT);
        assert_eq!(unpack(b"[1,2]").unwrap(), "[1,2]");
    }

    #[test]
    fn a_damaged_value_is_an_error_not_a_panic() {
        let mut packed = Packed::json(EVENT).0;
        packed.truncate(packed.len() / 2);
        assert!(unpack(&packed).unwrap_err().contains("does not unpack"));
        assert!(unpack(&[7, 1, 2]).unwrap_err().contains("0x07"));
        assert!(unpack(&[]).is_err());
        let mut lying = Packed::json(EVENT).0;
        lying[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(unpack(&lying).unwrap_err().contains("claims to unpack"));
    }

    #[test]
    fn a_list_keeps_its_items_and_their_order() {
        let items = [EVENT, "{}", r#"{"a":[1,{"b":"،"}]}"#];
        assert_eq!(unpack_list(Packed::list(items).as_bytes()).unwrap(), items);
        assert_eq!(unpack_list(Packed::list([]).as_bytes()).unwrap(), Vec::<String>::new());
        assert_eq!(unpack_list(b"[{\"x\":1}, {\"y\":2}]").unwrap(), [r#"{"x":1}"#, r#"{"y":2}"#]);
    }

    /// Values packed with dictionary 1 are on disk: changing its bytes would make them
    /// unreadable. A new dictionary is a new file and format byte.
    #[test]
    fn dictionary_1_is_the_one_values_were_packed_with() {
        let hash: String = sha2::Sha256::digest(DICTIONARY_1).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hash, DICTIONARY_1_SHA256, "data/json-dictionary-1.txt changed");
    }

    const DICTIONARY_1_SHA256: &str = "977d6a18519cfef81f8764063be55457589b98ac4179f97cd2f31bbfa78d9aff";
}
