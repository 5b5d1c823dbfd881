//! Near-duplicate documents: MinHash signatures of word shingles, banded for LSH, so that
//! finding pairs costs about one bucket look-up per band per document, not a comparison of
//! every pair.

use crate::{DocView, NearDuplicate};
use marsad_arabic::normalize::matching_key;
use std::collections::HashMap;

/// Hash functions in a signature; bands × rows.
const HASHES: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
/// Words per shingle.
const SHINGLE: usize = 3;
/// Estimated Jaccard similarity from which two documents are copies of one article: a copy with
/// a changed word and an added paragraph keeps well over half its shingles, two outlets' own
/// accounts of one happening share far fewer.
const NEAR: f32 = 0.5;

/// A document's MinHash signature.
pub type Signature = [u32; HASHES];

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The signature of a text's matching key: the minimum, under each of 64 hash functions, of
/// its 3-word shingles. Texts too short to shingle hash their words.
pub fn signature(text: &str) -> Signature {
    let key = matching_key(text);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let mut sig = [u32::MAX; HASHES];
    let width = SHINGLE.min(words.len().max(1));
    for shingle in words.windows(width) {
        let base = fnv(shingle.join(" ").as_bytes());
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = (mix(base ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32;
            *slot = (*slot).min(h);
        }
    }
    sig
}

/// The share of equal positions: an estimate of the Jaccard similarity of the shingle sets.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

/// Pairs of documents that are copies of one article, each linked to the earliest (lowest id).
pub fn near_duplicates(docs: &[DocView]) -> Vec<NearDuplicate> {
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if d.signature[0] == u32::MAX {
            continue;
        }
        for band in 0..BANDS {
            let rows = &d.signature[band * ROWS..(band + 1) * ROWS];
            let key = fnv(&rows.iter().flat_map(|r| r.to_le_bytes()).collect::<Vec<u8>>());
            buckets.entry((band, key)).or_default().push(i);
        }
    }
    let mut best: HashMap<usize, (usize, f32)> = HashMap::new();
    for members in buckets.values().filter(|m| m.len() > 1) {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let (early, late) = if docs[i].id < docs[j].id { (i, j) } else { (j, i) };
                let sim = similarity(&docs[i].signature, &docs[j].signature);
                if sim >= NEAR && best.get(&late).is_none_or(|(o, s)| sim > *s || (sim == *s && docs[early].id < docs[*o].id)) {
                    best.insert(late, (early, sim));
                }
            }
        }
    }
    let mut out: Vec<NearDuplicate> = best
        .into_iter()
        .map(|(late, (early, sim))| NearDuplicate { doc: docs[late].id, original: docs[early].id, similarity: sim })
        .collect();
    // A copy of a copy points at the first article.
    out.sort_by_key(|d| d.doc);
    let originals: HashMap<u64, u64> = out.iter().map(|d| (d.doc, d.original)).collect();
    for d in &mut out {
        while let Some(&o) = originals.get(&d.original) {
            if o == d.original {
                break;
            }
            d.original = o;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "قالت مصادر محلية إن طائرات حربية شنت صباح اليوم غارات على بلدة في ريف إدلب الجنوبي، ما أدى إلى مقتل خمسة مدنيين بينهم طفلان وإصابة آخرين بجروح. وأضافت المصادر أن فرق الدفاع المدني عملت على انتشال الضحايا من تحت الأنقاض، وسط تحليق مستمر للطيران في أجواء المنطقة. ويأتي القصف بعد أيام من هجوم مماثل استهدف سوقا شعبية في البلدة نفسها.";

    fn doc(id: u64, text: &str) -> DocView {
        DocView { id, outlet: None, published: None, text: text.into(), signature: signature(text) }
    }

    #[test]
    fn a_lightly_edited_copy_is_a_near_duplicate_and_another_story_is_not() {
        let edited = ARTICLE.replace("صباح اليوم", "صباح الأحد") + " وتقول الأمم المتحدة إن آلاف العائلات نزحت من المنطقة.";
        let other = "اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام على محور جنوبي للمدينة بعد منتصف الليل، واستمرت حتى ساعات الصباح الأولى، وسط قصف متبادل بالمدفعية الثقيلة وقذائف الهاون على مواقع الطرفين.";
        let docs = vec![doc(1, ARTICLE), doc(2, other), doc(3, &edited)];
        let d = near_duplicates(&docs);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].doc, d[0].original), (3, 1));
        assert!(d[0].similarity >= NEAR);
    }

    #[test]
    fn signatures_are_deterministic_and_ignore_diacritics() {
        assert_eq!(signature(ARTICLE), signature(&ARTICLE.replace("مقتل", "مَقْتَل")));
    }
}
