//! Chooses the main content container of a parsed page and turns its text into blocks; all
//! other visible text is reported as removed.
//!
//! The container is the element with the best balance of paragraph text against link text and
//! furniture text in its subtree (a readability-style score, computed bottom-up in one pass),
//! unless the markup names the article (`itemprop=articleBody`, `<article>`) and that element
//! scores nearly as well.

use crate::block::{Block, BlockKind};

use super::rules::{Mark, PhraseHit, Rules};
use super::tree::{Elem, Hint, Parsed, RawBlock};
use super::tags::Tag;

/// Below this many chars a paragraph says little about where the article is.
const MIN_PARAGRAPH_CHARS: u32 = 25;
/// A list item this short is a menu entry or a link, not article text.
const MIN_LIST_ITEM_CHARS: u32 = 40;
/// More link text than this share and a block is navigation.
const MAX_LINK_DENSITY: f32 = 0.5;
/// How many blocks of visible text before the container are looked at for its headline and
/// dateline, and how many blocks of any kind at most.
const LOOK_BEHIND_BLOCKS: usize = 4;
const LOOK_BEHIND_RAW_BLOCKS: usize = 64;

pub(crate) struct MainText {
    pub blocks: Vec<Block>,
    pub removed: Vec<String>,
    /// The chosen container element.
    pub container: u32,
    /// The element of the first paragraph kept: where the article body starts.
    pub body_start: u32,
    /// Text of the first `<h1>` outside page furniture, else of the first `<h1>`.
    pub first_h1: Option<String>,
}

pub(crate) fn select(parsed: &Parsed, rules: &Rules) -> MainText {
    let elems = &parsed.elems;
    let mut marks: Vec<Mark> = elems.iter().map(|e| e.mark).collect();

    // A class like "has-sidebar" on the page wrapper must not cost the whole article: a weak
    // mark on an element holding most of the paragraph text is lifted.
    let lenient: Vec<Mark> = marks.iter().map(|&m| if m == Mark::Weak { Mark::None } else { m }).collect();
    let (_, good) = scores(parsed, &nearest_marks(elems, &lenient));
    let total_good = good[0];
    for (i, mark) in marks.iter_mut().enumerate() {
        if *mark == Mark::Weak && total_good > 0 && good[i] * 2 > total_good {
            *mark = Mark::None;
        }
    }
    let nearest = nearest_marks(elems, &marks);
    let (net, _) = scores(parsed, &nearest);
    let container = choose_container(elems, &nearest, &net);

    emit(parsed, rules, &nearest, container)
}

/// For each element, the nearest marked ancestor-or-self (0: none). Parents come before their
/// children in the arena, so one forward pass suffices.
fn nearest_marks(elems: &[Elem], marks: &[Mark]) -> Vec<u32> {
    let mut nearest = vec![0u32; elems.len()];
    for i in 1..elems.len() {
        nearest[i] = if marks[i] != Mark::None { i as u32 } else { nearest[elems[i].parent as usize] };
    }
    nearest
}

/// Net score (good text minus link and furniture text) and good text alone, summed over each
/// element's subtree.
fn scores(parsed: &Parsed, nearest: &[u32]) -> (Vec<i64>, Vec<i64>) {
    let n = parsed.elems.len();
    let mut net = vec![0i64; n];
    let mut good = vec![0i64; n];
    for block in &parsed.blocks {
        let owner = block.owner as usize;
        let (mut chars, mut links) = (0i64, 0i64);
        for seg in &parsed.segs[block.segs.clone()] {
            if nearest[seg.mark_elem as usize] != 0 {
                net[owner] -= i64::from(seg.chars);
            } else {
                chars += i64::from(seg.chars);
                links += i64::from(seg.link_chars);
            }
        }
        if chars == 0 {
            continue;
        }
        let dense = links as f32 > chars as f32 * MAX_LINK_DENSITY;
        if block.caption || dense {
            net[owner] -= chars;
        } else if (1..=3).contains(&block.heading) {
            net[owner] -= links;
        } else if chars < i64::from(MIN_PARAGRAPH_CHARS) {
            net[owner] -= chars / 2 + links;
        } else {
            net[owner] += chars - 2 * links;
            good[owner] += chars - links;
        }
    }
    for i in (1..n).rev() {
        let parent = parsed.elems[i].parent as usize;
        net[parent] += net[i];
        good[parent] += good[i];
    }
    (net, good)
}

fn choose_container(elems: &[Elem], nearest: &[u32], net: &[i64]) -> u32 {
    let eligible = |i: usize| nearest[i] == 0;
    let best_by = |want: Option<Hint>| -> Option<usize> {
        let mut best: Option<usize> = None;
        for i in (0..elems.len()).filter(|&i| eligible(i)) {
            if want.is_some_and(|h| elems[i].hint != h) {
                continue;
            }
            // Strictly greater: on a tie the outer element (earlier in pre-order) wins, so a
            // wrapper that adds nothing but a headline keeps the headline.
            if best.is_none_or(|b| net[i] > net[b]) {
                best = Some(i);
            }
        }
        best
    };
    let Some(best) = best_by(None).filter(|&b| net[b] > 0) else {
        // No paragraph-like text at all: keep the whole body and let the block rules judge.
        let body = elems.iter().position(|e| e.tag == Tag::Body).unwrap_or(0);
        return if eligible(body) { body as u32 } else { 0 };
    };
    for hint in [Hint::ArticleBody, Hint::Article] {
        if let Some(h) = best_by(Some(hint)).filter(|&h| net[h] > 0 && net[h] * 2 >= net[best]) {
            return h as u32;
        }
    }
    best as u32
}

/// Why a block of the container is not main text.
fn judge(parsed: &Parsed, rules: &Rules, block: &RawBlock, text: &str, chars: u32, links: u32) -> Option<Drop> {
    if block.caption {
        return Some(Drop::Block);
    }
    if let Some(hit) = rules.phrase(text) {
        return Some(if hit == PhraseHit::Exact && block.heading > 0 { Drop::Section } else { Drop::Block });
    }
    if links as f32 > chars as f32 * MAX_LINK_DENSITY {
        return Some(Drop::Block);
    }
    if parsed.elems[block.owner as usize].tag == Tag::Li && chars < MIN_LIST_ITEM_CHARS {
        return Some(Drop::Block);
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Some(Drop::Block);
    }
    None
}

enum Drop {
    Block,
    /// A furniture heading ("اقرأ أيضا"): the rest of its section goes too.
    Section,
}

/// A block's text split into what stays and what was cut out of it.
struct Split {
    kept: String,
    source: Option<std::ops::Range<usize>>,
    chars: u32,
    links: u32,
    cut: Vec<String>,
}

fn split_block(parsed: &Parsed, block: &RawBlock, nearest: &[u32]) -> Split {
    let bytes = parsed.segs[block.segs.clone()].iter().map(|s| s.text.len() + 1).sum();
    let mut split = Split { kept: String::with_capacity(bytes), source: None, chars: 0, links: 0, cut: Vec::new() };
    let mut cut = String::new();
    let mut space = false;
    for seg in &parsed.segs[block.segs.clone()] {
        let text = parsed.seg_text(seg);
        if nearest[seg.mark_elem as usize] != 0 {
            if seg.space_before && !cut.is_empty() {
                cut.push(' ');
            }
            cut.push_str(text);
            space |= seg.space_before;
            continue;
        }
        if !cut.is_empty() {
            split.cut.push(std::mem::take(&mut cut));
        }
        if (space || seg.space_before) && !split.kept.is_empty() {
            split.kept.push(' ');
        }
        space = false;
        split.kept.push_str(text);
        split.chars += seg.chars;
        split.links += seg.link_chars;
        split.source = Some(match split.source.take() {
            Some(s) => s.start..seg.source.end,
            None => seg.source.clone(),
        });
    }
    if !cut.is_empty() {
        split.cut.push(cut);
    }
    split
}

fn whole_text(parsed: &Parsed, block: &RawBlock) -> String {
    let mut out = String::new();
    for seg in &parsed.segs[block.segs.clone()] {
        if seg.space_before && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(parsed.seg_text(seg));
    }
    out
}

/// A short line like "دمشق - مراسل عنب بلدي" that opens an article.
fn looks_like_dateline(text: &str, links: u32) -> bool {
    links == 0
        && text.chars().count() <= 80
        && text.split_whitespace().count() <= 10
        && text.contains(['-', '–', '—'])
}

fn emit(parsed: &Parsed, rules: &Rules, nearest: &[u32], container: u32) -> MainText {
    let elems = &parsed.elems;
    let c = container as usize;
    let in_container = |e: u32| e >= container && e <= elems[c].last_desc;

    // The headline and dateline often sit just before the body container, outside it.
    let first_inside = parsed.blocks.iter().position(|b| in_container(b.owner)).unwrap_or(parsed.blocks.len());
    let has_h1 = parsed.blocks[first_inside..]
        .iter()
        .take_while(|b| in_container(b.owner))
        .any(|b| b.heading == 1);
    let mut extra = Vec::new();
    let mut looked_at = 0;
    for i in (0..first_inside).rev().take(LOOK_BEHIND_RAW_BLOCKS) {
        let block = &parsed.blocks[i];
        let split = split_block(parsed, block, nearest);
        // Furniture between the headline and the body (share bars, captions) is passed over.
        if split.kept.is_empty() || split.kept.chars().all(|ch| !ch.is_alphanumeric()) {
            continue;
        }
        if block.heading == 1 {
            if !has_h1 && split.links * 2 <= split.chars {
                extra.push(i);
            }
            break;
        }
        if looked_at == 0 && block.heading == 0 && looks_like_dateline(&split.kept, split.links) {
            extra.push(i);
        }
        looked_at += 1;
        if looked_at >= LOOK_BEHIND_BLOCKS {
            break;
        }
    }

    let mut out = MainText { blocks: Vec::new(), removed: Vec::new(), container, body_start: container, first_h1: None };
    let mut first_h1_anywhere = None;
    let mut section_end: Option<u32> = None;
    for (i, block) in parsed.blocks.iter().enumerate() {
        let split = split_block(parsed, block, nearest);
        if block.heading == 1 && !split.kept.is_empty() {
            if out.first_h1.is_none() {
                out.first_h1 = Some(split.kept.clone());
            }
        } else if block.heading == 1 && first_h1_anywhere.is_none() {
            first_h1_anywhere = Some(whole_text(parsed, block));
        }
        let in_scope = in_container(block.owner) || extra.contains(&i);
        if !in_scope {
            out.removed.push(whole_text(parsed, block));
            continue;
        }
        out.removed.extend(split.cut);
        let Some(source) = split.source else { continue };
        let in_dropped_section = section_end.is_some_and(|end| block.owner <= end);
        if !in_dropped_section {
            section_end = None;
        }
        let verdict = if in_dropped_section {
            Some(Drop::Block)
        } else {
            judge(parsed, rules, block, &split.kept, split.chars, split.links)
        };
        match verdict {
            None => {
                let kind = match block.heading {
                    1..=3 => BlockKind::Heading,
                    _ => BlockKind::Paragraph,
                };
                if kind == BlockKind::Paragraph && out.body_start == container {
                    out.body_start = block.owner;
                }
                out.blocks.push(Block { text: split.kept, source, kind });
            }
            Some(drop) => {
                if let Drop::Section = drop {
                    let section = elems[block.owner as usize].parent;
                    if section > container && in_container(section) {
                        section_end = Some(elems[section as usize].last_desc);
                    }
                }
                out.removed.push(split.kept);
            }
        }
    }
    out.removed.retain(|r| !r.is_empty());
    if out.first_h1.is_none() {
        out.first_h1 = first_h1_anywhere;
    }
    out
}
