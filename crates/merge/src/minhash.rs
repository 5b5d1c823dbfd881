//! Near-duplicate documents: MinHash signatures of word shingles, banded for LSH, so that
//! finding pairs costs about one bucket look-up per band per document, not a comparison of
//! every pair.

use crate::cluster::STORED_NEAR;
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
/// Candidates whose signatures estimate at least this are checked on their shingles: the
/// estimate from 64 hashes wanders about ±0.06 around the true similarity, so a copy at the
/// threshold is not lost to it.
const CHECK: f32 = 0.35;
/// Candidates estimated at least this similar are copies without a check: four standard
/// deviations above the threshold.
const SURE: f32 = 0.75;
/// Copies of an article appear within weeks of it: dated documents further apart are not
/// compared. Without this, formulaic reports of one outlet about one place months apart would
/// make the pairs grow with the square of the archive. An undated document is compared with
/// the documents stored within [`crate::cluster::STORED_NEAR`] ids of it, as its events are
/// (a desk stores reports as they come): compared with every document, as it once was, the
/// undated made the pairs grow with the square of the archive all the same (100,000 generated
/// documents: 41 million comparisons and 900,000 pairs checked on their texts, for a handful
/// of copies).
const WINDOW_DAYS: i32 = 30;
/// Candidate pairs checked on their shingles at a time: bounds the texts held at once.
const CHECK_PART: usize = 1024;

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

/// A text's word 3-shingles over its matching key, hashed; texts too short to shingle give
/// their words.
fn shingle_hashes(text: &str) -> impl Iterator<Item = u64> {
    let key = matching_key(text);
    let words: Vec<u64> = key
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| fnv(w.as_bytes()))
        .collect();
    let width = SHINGLE.min(words.len().max(1));
    let shingles: Vec<u64> = words
        .windows(width)
        .map(|s| mix(s.iter().fold(0u64, |h, w| h.rotate_left(21) ^ w)))
        .collect();
    shingles.into_iter()
}

/// The signature of a text: the minimum, under each of 64 hash functions, of its shingles.
pub fn signature(text: &str) -> Signature {
    let mut sig = [u32::MAX; HASHES];
    let family = family();
    for base in shingle_hashes(text) {
        for (slot, (a, b)) in sig.iter_mut().zip(family) {
            let h = (base.wrapping_mul(*a).wrapping_add(*b) >> 32) as u32;
            *slot = (*slot).min(h);
        }
    }
    sig
}

/// A text's distinct shingles, sorted: what [`jaccard`] compares.
pub fn shingles(text: &str) -> Vec<u64> {
    let mut s: Vec<u64> = shingle_hashes(text).collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// How many values two sorted lists without repeats share: one merge walk.
pub(crate) fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// The Jaccard similarity of two sorted shingle sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    let both = shared(a, b);
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f32 / union as f32
    }
}

/// The share of equal positions: an estimate of the Jaccard similarity of the shingle sets.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / HASHES as f32
}

/// The day key of an undated document: they sort first in a bucket.
const UNDATED: i32 = i32::MIN;

fn day(d: &DocView) -> i32 {
    d.published
        .map_or(UNDATED, |p| (p - jiff::civil::date(1970, 1, 1)).get_days())
}

/// Every pair of documents whose bodies share at least [`NEAR`] of their shingles (Jaccard):
/// (later id, earlier id, similarity: exact when checked, else the estimate). Candidates come from LSH buckets (21 bands of 3 rows:
/// a pair at the threshold shares a band with probability 0.94) among documents published
/// within [`WINDOW_DAYS`] of each other, or, for an undated one, stored near it; those whose
/// signatures come near are checked on their shingles unless the estimate is far above the
/// threshold: `text_of` gives a document's text by id, for those only.
pub fn near_duplicate_pairs<E>(
    docs: &[DocView],
    mut text_of: impl FnMut(u64) -> Result<String, E>,
) -> Result<Vec<(u64, u64, f32)>, E> {
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    let mut out = Vec::new();
    let mut compare = |i: u32, j: u32| {
        let (a, b) = (&docs[i as usize], &docs[j as usize]);
        let estimate = similarity(&a.signature, &b.signature);
        if estimate >= SURE {
            out.push((a.id.max(b.id), a.id.min(b.id), estimate));
        } else if estimate >= CHECK {
            candidates.push((i.min(j), i.max(j)));
        }
    };
    // One band at a time, so that the keys held are one per document: (band key, day,
    // document), sorted: equal keys are buckets, and within one the undated come first, then
    // the dated in order.
    let signed: Vec<(usize, &DocView)> = docs.iter().enumerate().filter(|(_, d)| d.signature[0] != u32::MAX).collect();
    let mut keys: Vec<(u64, i32, u32)> = Vec::with_capacity(signed.len());
    for band in 0..BANDS {
        keys.clear();
        keys.extend(signed.iter().map(|&(i, d)| {
            let rows = &d.signature[band * ROWS..(band + 1) * ROWS];
            (rows.iter().fold(band as u64, |h, r| mix(h ^ u64::from(*r))), day(d), i as u32)
        }));
        keys.sort_unstable();
        for bucket in keys.chunk_by(|a, b| a.0 == b.0).filter(|b| b.len() > 1) {
            // The undated come first, then the dated by day.
            let undated = bucket.partition_point(|k| k.1 == UNDATED);
            for (x, &(_, day_i, i)) in bucket.iter().enumerate().skip(undated) {
                for &(_, day_j, j) in &bucket[x + 1..] {
                    if day_j - day_i > WINDOW_DAYS {
                        break;
                    }
                    compare(i, j);
                }
            }
            if undated == 0 {
                continue;
            }
            // Each undated one with the documents stored near it, the other undated ones once.
            let mut by_id: Vec<(u64, u32)> = bucket.iter().map(|k| (docs[k.2 as usize].id, k.2)).collect();
            by_id.sort_unstable();
            for &(_, _, i) in &bucket[..undated] {
                let id = docs[i as usize].id;
                let (lo, hi) = (id.saturating_sub(STORED_NEAR), id.saturating_add(STORED_NEAR));
                let near = &by_id[by_id.partition_point(|m| m.0 < lo)..by_id.partition_point(|m| m.0 <= hi)];
                for &(other, j) in near {
                    let counted = other == id || (docs[j as usize].published.is_none() && other < id);
                    if !counted {
                        compare(i, j);
                    }
                }
            }
        }
    }
    // A pair found in several bands is checked once. The texts are asked for a part of the
    // pairs at a time, so that only that part's texts and shingles are held; each document of
    // a part is shingled once, on all cores.
    candidates.sort_unstable();
    candidates.dedup();
    for part in candidates.chunks(CHECK_PART) {
        let mut checked: Vec<u32> = part.iter().flat_map(|&(i, j)| [i, j]).collect();
        checked.sort_unstable();
        checked.dedup();
        let mut texts: Vec<String> = Vec::with_capacity(checked.len());
        for &k in &checked {
            let d = &docs[k as usize];
            let text = text_of(d.id)?;
            texts.push(d.body(&text).to_string());
        }
        let bodies: Vec<&str> = texts.iter().map(String::as_str).collect();
        let sets: HashMap<u32, Vec<u64>> = checked.into_iter().zip(on_all_cores(&bodies, shingles)).collect();
        for &(i, j) in part {
            let sim = jaccard(&sets[&i], &sets[&j]);
            if sim >= NEAR {
                let (a, b) = (docs[i as usize].id, docs[j as usize].id);
                out.push((a.max(b), a.min(b), sim));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    Ok(out)
}

/// Signatures of many texts, computed on all cores.
pub fn signatures(texts: &[&str]) -> Vec<Signature> {
    on_all_cores(texts, signature)
}

/// `f` of every text, in order, the texts split between the machine's cores.
fn on_all_cores<T: Send>(texts: &[&str], f: fn(&str) -> T) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let chunk = texts.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = texts.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(|t| f(t)).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("worker thread")).collect()
    })
}

/// Documents that are copies of an earlier one, each linked to its most similar earlier
/// document, and copies of copies to the first article.
pub fn near_duplicates<E>(
    docs: &[DocView],
    text_of: impl FnMut(u64) -> Result<String, E>,
) -> Result<Vec<NearDuplicate>, E> {
    let mut best: HashMap<u64, (u64, f32)> = HashMap::new();
    for (late, early, sim) in near_duplicate_pairs(docs, text_of)? {
        if best
            .get(&late)
            .is_none_or(|(o, s)| sim > *s || (sim == *s && early < *o))
        {
            best.insert(late, (early, sim));
        }
    }
    let mut out: Vec<NearDuplicate> = best
        .into_iter()
        .map(|(doc, (original, similarity))| NearDuplicate {
            doc,
            original,
            similarity,
        })
        .collect();
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
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "قالت مصادر محلية إن طائرات حربية شنت صباح اليوم غارات على بلدة في ريف إدلب الجنوبي، ما أدى إلى مقتل خمسة مدنيين بينهم طفلان وإصابة آخرين بجروح. وأضافت المصادر أن فرق الدفاع المدني عملت على انتشال الضحايا من تحت الأنقاض، وسط تحليق مستمر للطيران في أجواء المنطقة. ويأتي القصف بعد أيام من هجوم مماثل استهدف سوقا شعبية في البلدة نفسها.";

    fn doc(id: u64, text: &str) -> DocView {
        DocView::new(id, None, None, text, 0)
    }

    /// The text of document `id` among `texts` (ids from 1).
    fn text_in<'a>(
        texts: &'a [&str],
    ) -> impl FnMut(u64) -> Result<String, std::convert::Infallible> + 'a {
        move |id| Ok(texts[id as usize - 1].to_string())
    }

    #[test]
    fn a_lightly_edited_copy_is_a_near_duplicate_and_another_story_is_not() {
        let edited = ARTICLE.replace("صباح اليوم", "صباح الأحد")
            + " وتقول الأمم المتحدة إن آلاف العائلات نزحت من المنطقة.";
        let other = "اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام على محور جنوبي للمدينة بعد منتصف الليل، واستمرت حتى ساعات الصباح الأولى، وسط قصف متبادل بالمدفعية الثقيلة وقذائف الهاون على مواقع الطرفين.";
        let docs = vec![doc(1, ARTICLE), doc(2, other), doc(3, &edited)];
        let d = near_duplicates(&docs, text_in(&[ARTICLE, other, &edited])).unwrap();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].doc, d[0].original), (3, 1));
        assert!(d[0].similarity >= NEAR);
    }

    fn dated(id: u64, text: &str, day: i8) -> DocView {
        DocView::new(
            id,
            None,
            Some(jiff::civil::date(2019, 3, day)),
            text,
            0,
        )
    }

    #[test]
    fn copies_are_linked_within_the_window_and_undated_ones_when_stored_near() {
        let edited = ARTICLE.replace("صباح اليوم", "مساء أمس");
        let docs = vec![
            dated(1, ARTICLE, 1),
            dated(2, &edited, 20),
            DocView::new(3, None, None, &edited, 0),
        ];
        let texts = [ARTICLE, &edited, &edited];
        let pairs: Vec<(u64, u64)> = near_duplicate_pairs(&docs, text_in(&texts))
            .unwrap()
            .iter()
            .map(|p| (p.0, p.1))
            .collect();
        assert_eq!(pairs, vec![(2, 1), (3, 1), (3, 2)]);
        // Months apart, the same words are a formula reused, not a copy.
        let far = vec![
            DocView::new(
                1,
                None,
                Some(jiff::civil::date(2019, 1, 1)),
                ARTICLE,
                0,
            ),
            dated(2, &edited, 20),
        ];
        assert!(near_duplicate_pairs(&far, text_in(&texts)).unwrap().is_empty());
    }

    #[test]
    fn an_undated_copy_is_linked_to_the_documents_stored_near_it_only() {
        let edited = ARTICLE.replace("صباح اليوم", "مساء أمس");
        let text_by = |id: u64| Ok::<_, std::convert::Infallible>(if id == 1 { ARTICLE.to_string() } else { edited.clone() });
        let pairs_of = |docs: &[DocView]| -> Vec<(u64, u64)> {
            let Ok(pairs) = near_duplicate_pairs(docs, text_by);
            pairs.iter().map(|p| (p.0, p.1)).collect()
        };
        let near = 1 + STORED_NEAR;
        let far = 2 + STORED_NEAR;
        // Two undated copies and the dated article: the one stored near the article is linked
        // to it, the other only to the copy stored near it, each pair once.
        let docs = [dated(1, ARTICLE, 1), DocView::new(near, None, None, &edited, 0), DocView::new(far, None, None, &edited, 0)];
        assert_eq!(pairs_of(&docs), vec![(near, 1), (far, near)]);
        // Alone with the article, the far one is not compared with it at all.
        assert!(pairs_of(&[docs[0].clone(), docs[2].clone()]).is_empty());
    }

    #[test]
    fn the_similarity_is_checked_on_the_bodies_not_the_headlines() {
        let first = format!("عنوان أول مختلف تماما\n\n{ARTICLE}");
        let second = format!("خبر آخر بعنوان جديد كليا عن الغارة\n\n{ARTICLE}");
        let a = DocView::new(1, None, None, &first, first.len() - ARTICLE.len());
        let b = DocView::new(2, None, None, &second, second.len() - ARTICLE.len());
        assert_eq!(a.signature, b.signature);
        let pairs = near_duplicate_pairs(&[a, b], text_in(&[&first, &second])).unwrap();
        assert_eq!(pairs.len(), 1);
        assert!((pairs[0].2 - 1.0).abs() < 1e-6, "{pairs:?}");
    }

    #[test]
    fn jaccard_counts_shared_shingles_over_all() {
        assert_eq!(jaccard(&[1, 2, 3, 4], &[3, 4, 5, 6]), 2.0 / 6.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
        let s = shingles(ARTICLE);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(jaccard(&s, &s), 1.0);
    }

    #[test]
    fn signatures_are_deterministic_and_ignore_diacritics() {
        assert_eq!(
            signature(ARTICLE),
            signature(&ARTICLE.replace("مقتل", "مَقْتَل"))
        );
    }
}
