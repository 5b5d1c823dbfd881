//! Near-duplicate documents: MinHash signatures of word shingles, banded for LSH, so that
//! finding pairs costs about one bucket look-up per band per document, not a comparison of
//! every pair.

use crate::{DocView, NearDuplicate};
use marsad_arabic::normalize::matching_key;
use std::collections::HashMap;

/// Hash functions in a signature; bands × rows.
const HASHES: usize = 64;
const BANDS: usize = 21;
const ROWS: usize = HASHES / BANDS;
/// Words per shingle.
const SHINGLE: usize = 3;
/// Estimated Jaccard similarity from which two documents are copies of one article: a copy with
/// a changed word and an added paragraph keeps well over half its shingles, two outlets' own
/// accounts of one happening share far fewer.
const NEAR: f32 = 0.5;

/// A document's MinHash signature.
pub type Signature = [u32; HASHES];

pub(crate) fn fnv(bytes: &[u8]) -> u64 {
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

/// Odd multipliers and offsets for the 64 hash functions (multiply-shift hashing), fixed so
/// that signatures are the same on every run and machine.
fn family() -> &'static [(u64, u64); HASHES] {
    static F: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    F.get_or_init(|| std::array::from_fn(|i| (mix(i as u64 * 2 + 1) | 1, mix(i as u64 * 2 + 2))))
}

/// The signature of a text's matching key: the minimum, under each of 64 hash functions, of
/// its 3-word shingles. Texts too short to shingle hash their words.
pub fn signature(text: &str) -> Signature {
    let key = matching_key(text);
    let words: Vec<u64> = key.split(' ').filter(|w| !w.is_empty()).map(|w| fnv(w.as_bytes())).collect();
    let mut sig = [u32::MAX; HASHES];
    let width = SHINGLE.min(words.len().max(1));
    let family = family();
    for shingle in words.windows(width) {
        let base = mix(shingle.iter().fold(0u64, |h, w| h.rotate_left(21) ^ w));
        for (slot, (a, b)) in sig.iter_mut().zip(family) {
            let h = (base.wrapping_mul(*a).wrapping_add(*b) >> 32) as u32;
            *slot = (*slot).min(h);
        }
    }
    sig
}

/// The share of equal positions: an estimate of the Jaccard similarity of the shingle sets.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

/// Every pair of documents whose signatures estimate a similarity of at least [`NEAR`]:
/// (later id, earlier id, similarity). Candidates come from LSH buckets (21 bands of 3 rows:
/// a pair at the threshold shares a band with probability 0.94), then are checked on the
/// whole signature.
pub fn near_duplicate_pairs(docs: &[DocView]) -> Vec<(u64, u64, f32)> {
    // (band key, document) for every band of every document, sorted: equal keys are buckets.
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(docs.len() * BANDS);
    for (i, d) in docs.iter().enumerate().filter(|(_, d)| d.signature[0] != u32::MAX) {
        for band in 0..BANDS {
            let rows = &d.signature[band * ROWS..(band + 1) * ROWS];
            keys.push((rows.iter().fold(band as u64, |h, r| mix(h ^ u64::from(*r))), i as u32));
        }
    }
    keys.sort_unstable();
    let mut out = Vec::new();
    for bucket in keys.chunk_by(|a, b| a.0 == b.0).filter(|b| b.len() > 1) {
        for (x, &(_, i)) in bucket.iter().enumerate() {
            for &(_, j) in &bucket[x + 1..] {
                let (a, b) = (&docs[i as usize], &docs[j as usize]);
                let sim = similarity(&a.signature, &b.signature);
                if sim >= NEAR {
                    out.push((a.id.max(b.id), a.id.min(b.id), sim));
                }
            }
        }
    }
    // A pair found in several bands is one pair.
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    out
}

/// Signatures of many texts, computed on all cores.
pub fn signatures(texts: &[&str]) -> Vec<Signature> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let chunk = texts.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = texts.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(|t| signature(t)).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("signature thread")).collect()
    })
}

/// Documents that are copies of an earlier one, each linked to its most similar earlier
/// document, and copies of copies to the first article.
pub fn near_duplicates(docs: &[DocView]) -> Vec<NearDuplicate> {
    let mut best: HashMap<u64, (u64, f32)> = HashMap::new();
    for (late, early, sim) in near_duplicate_pairs(docs) {
        if best.get(&late).is_none_or(|(o, s)| sim > *s || (sim == *s && early < *o)) {
            best.insert(late, (early, sim));
        }
    }
    let mut out: Vec<NearDuplicate> = best.into_iter().map(|(doc, (original, similarity))| NearDuplicate { doc, original, similarity }).collect();
    out.sort_by_key(|d| d.doc);
    let originals: HashMap<u64, u64> = out.iter().map(|d| (d.doc, d.original)).collect();
    for d in &mut out {
        let mut hops = 0;
        while let Some(&o) = originals.get(&d.original) {
            if o == d.original || hops > 64 {
                break;
            }
            d.original = o;
            hops += 1;
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
