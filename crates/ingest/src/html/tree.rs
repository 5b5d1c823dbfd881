//! One pass over the tokens: a stack of open elements (tag-soup tolerant), an arena of elements,
//! blocks of visible text with their byte ranges, and the raw metadata fields of the page.
//!
//! Nothing is judged here beyond what an element is marked as; choosing the main text happens
//! afterwards in `main_text.rs`, when the whole page has been seen.

use std::ops::Range;

use html_escape::decode_html_entities_to_string;

use super::rules::{Mark, Rules};
use super::scan::{Scanner, Token};
use super::tags::Tag;

/// How far back an implied end tag or an unknown end tag looks for its element. Bounding it
/// keeps pathological nesting linear; real pages never need more.
const SCOPE_LOOKBACK: usize = 64;

/// An element of the page, in document (pre-)order: a parent always comes before its children,
/// and an element's descendants are exactly the indices `index..=last_desc`.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    pub tag: Tag,
    pub parent: u32,
    pub last_desc: u32,
    pub mark: Mark,
    pub hint: Hint,
}

/// What the markup says about an element being the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hint {
    None,
    Article,
    ArticleBody,
}

/// A paragraph-sized run of visible text, before any judgement.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    /// Indices into [`Parsed::segs`].
    pub segs: Range<usize>,
    /// The innermost block-level element the text is in.
    pub owner: u32,
    /// `<h1>`..`<h6>` level of the text, 0 outside headings.
    pub heading: u8,
    pub caption: bool,
}

/// A stretch of a block that lies inside one marked element (or none): a share button inside
/// a paragraph becomes its own segment, so it can be cut without losing the paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    /// Range in [`Parsed::text`], whitespace collapsed, no leading or trailing space.
    pub text: Range<usize>,
    /// Byte range in the page, from the first to the last non-space byte of text.
    pub source: Range<usize>,
    /// The nearest marked element enclosing this text, 0 if none.
    pub mark_elem: u32,
    pub chars: u32,
    pub link_chars: u32,
    /// Whitespace separated this segment from the one before it in the block.
    pub space_before: bool,
}

/// Raw metadata values, entity-decoded and trimmed; the first non-empty one of each wins.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawMeta {
    pub title: Option<String>,
    pub lang: Option<String>,
    pub canonical: Option<String>,
    pub og_title: Option<String>,
    pub og_site_name: Option<String>,
    pub og_url: Option<String>,
    pub og_description: Option<String>,
    pub description: Option<String>,
    pub published_time: Option<String>,
    pub modified_time: Option<String>,
    /// `<meta name=pubdate|date|publish-date ...>`, with the name it came from.
    pub meta_date: Option<(String, &'static str)>,
    pub itemprop_published: Option<String>,
    pub itemprop_modified: Option<String>,
    pub author: Option<String>,
    pub article_author: Option<String>,
    pub application_name: Option<String>,
    /// `<time datetime>` values with their element.
    pub times: Vec<(u32, String)>,
    /// Byte ranges of `<script type="application/ld+json">` contents.
    pub json_ld: Vec<Range<usize>>,
}

pub(crate) struct Parsed {
    pub elems: Vec<Elem>,
    pub blocks: Vec<RawBlock>,
    pub segs: Vec<Seg>,
    pub text: String,
    pub meta: RawMeta,
}

impl Parsed {
    pub fn seg_text(&self, seg: &Seg) -> &str {
        &self.text[seg.text.clone()]
    }
}

/// An open element and what it passes down to its content.
#[derive(Debug, Clone)]
struct Open {
    elem: u32,
    tag: Tag,
    /// For [`Tag::Other`], its name, to match its end tag.
    name: Range<usize>,
    flags: u8,
    owner: u32,
    mark_elem: u32,
    heading: u8,
}

const INVISIBLE: u8 = 1;
const LINK: u8 = 2;
const CAPTION: u8 = 4;
const FOREIGN: u8 = 8; // inside <svg>/<math>: their <title> is not the page's
const IN_ARTICLE: u8 = 16; // inside <article> or <main>
const JSON_LD: u8 = 32;

struct Builder<'a> {
    src: &'a str,
    rules: &'static Rules,
    elems: Vec<Elem>,
    stack: Vec<Open>,
    open_count: [u32; Tag::COUNT],
    blocks: Vec<RawBlock>,
    segs: Vec<Seg>,
    text: String,
    /// First segment of the block being built.
    block_start: usize,
    pending_space: bool,
    /// A `<br>` was seen with no text since; a second one ends the block.
    after_br: bool,
    scratch: String,
    meta: RawMeta,
}

pub(crate) fn parse(src: &str, rules: &'static Rules) -> Parsed {
    let mut b = Builder {
        src,
        rules,
        elems: Vec::with_capacity(src.len() / 64),
        stack: Vec::with_capacity(64),
        open_count: [0; Tag::COUNT],
        blocks: Vec::with_capacity(src.len() / 512),
        segs: Vec::with_capacity(src.len() / 400),
        text: String::with_capacity(src.len() / 4),
        block_start: 0,
        pending_space: false,
        after_br: false,
        scratch: String::new(),
        meta: RawMeta::default(),
    };
    // Element 0 is the document itself; it is never popped.
    b.elems.push(Elem { tag: Tag::Other, parent: 0, last_desc: 0, mark: Mark::None, hint: Hint::None });
    b.stack.push(Open { elem: 0, tag: Tag::Other, name: 0..0, flags: 0, owner: 0, mark_elem: 0, heading: 0 });

    let mut scanner = Scanner::new(src.as_bytes());
    while let Some(token) = scanner.next() {
        match token {
            Token::Start { tag, name, self_closing, .. } => b.start_tag(&scanner, tag, name, self_closing),
            Token::End { tag, name } => b.end_tag(tag, name),
            Token::Text { span, decode } => b.text(span, decode),
        }
    }
    b.flush();
    let last = (b.elems.len() - 1) as u32;
    for open in &b.stack {
        b.elems[open.elem as usize].last_desc = last;
    }
    Parsed { elems: b.elems, blocks: b.blocks, segs: b.segs, text: b.text, meta: b.meta }
}

/// Decodes character references, collapses whitespace and trims.
pub(crate) fn clean_value(raw: &str) -> Option<String> {
    let decoded = html_escape::decode_html_entities(raw);
    let mut out = String::with_capacity(decoded.len());
    for word in decoded.split(is_space_char).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

/// Length of the [`is_space_char`] char starting at byte `i` of `text`, 0 if none. Works on any
/// byte index: the bytes it tests for are never UTF-8 continuation bytes.
fn space_len(text: &str, i: usize) -> usize {
    match text.as_bytes()[i] {
        b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' => 1,
        // Lead bytes of the non-ASCII spaces (U+0085, U+00A0, U+1680, U+2000.., U+3000, U+FEFF).
        0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|&c| is_space_char(c))
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// Can a space char start with this byte? Letters of every script fail fast here.
#[inline]
fn may_start_space(b: u8) -> bool {
    b <= b' ' || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// Whitespace for collapsing: Unicode white space plus the zero-width space and BOM, which
/// pages use as invisible padding.
pub(crate) fn is_space_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

fn attr_value<'a>(src: &'a str, scanner: &Scanner<'_>, name: &str) -> Option<&'a str> {
    scanner.attr(name).and_then(|r| src.get(r))
}

fn set_once(slot: &mut Option<String>, raw: &str) {
    if slot.is_none() {
        *slot = clean_value(raw);
    }
}

impl<'a> Builder<'a> {
    fn top(&self) -> &Open {
        // The document entry at the bottom is never popped.
        &self.stack[self.stack.len() - 1]
    }

    fn start_tag(&mut self, scanner: &Scanner<'_>, tag: Tag, name: Range<usize>, self_closing: bool) {
        self.implied_end_tags(tag);
        if tag.breaks_block() || tag == Tag::Hr {
            self.flush();
        }
        let src: &'a str = self.src;
        let value = |attr: &str| -> Option<&'a str> { attr_value(src, scanner, attr) };
        match tag {
            Tag::Br => return self.line_break(),
            Tag::Meta => return self.meta_tag(scanner),
            Tag::Link => {
                let canonical = value("rel")
                    .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")));
                if canonical && let Some(href) = value("href") {
                    set_once(&mut self.meta.canonical, href);
                }
                return;
            }
            Tag::Html => {
                if let Some(lang) = value("lang") {
                    set_once(&mut self.meta.lang, lang);
                }
            }
            _ => {}
        }
        if tag.is_void() {
            return;
        }

        let parent = self.top().clone();
        let index = self.elems.len() as u32;
        let name_bytes = &src.as_bytes()[name.clone()];
        let mut mark = self.rules.tag_mark(tag, name_bytes, parent.flags & IN_ARTICLE != 0);
        let mut flags = parent.flags & (INVISIBLE | LINK | CAPTION | FOREIGN | IN_ARTICLE);
        let mut hint = Hint::None;
        if !self.rules.never_marked(tag) {
            for attr in ["class", "id"] {
                if let Some(v) = value(attr) {
                    let verdict = self.rules.class_or_id(v.as_bytes());
                    if verdict.caption {
                        flags |= CAPTION;
                        mark = mark.max(Mark::Drop);
                    } else if verdict.boilerplate {
                        mark = mark.max(Mark::Weak);
                    }
                }
            }
            if value("role").is_some_and(|r| self.rules.role_is_furniture(r.as_bytes())) {
                mark = mark.max(Mark::Weak);
            }
        }
        if scanner.attr("hidden").is_some() || value("style").is_some_and(hides) {
            mark = Mark::Invisible;
        }
        if value("itemprop").is_some_and(|v| v.split_ascii_whitespace().any(|p| p.eq_ignore_ascii_case("articleBody"))) {
            hint = Hint::ArticleBody;
        }
        match tag {
            Tag::Article => {
                hint = hint_max(hint, Hint::Article);
                flags |= IN_ARTICLE;
            }
            Tag::Main => flags |= IN_ARTICLE,
            Tag::A => flags |= LINK,
            Tag::Figcaption => flags |= CAPTION,
            Tag::Svg | Tag::Math => flags |= FOREIGN,
            Tag::Time => {
                if let Some(dt) = value("datetime").and_then(clean_value) {
                    self.meta.times.push((index, dt));
                }
            }
            Tag::Script if value("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) => {
                flags |= JSON_LD;
            }
            _ => {}
        }
        if mark == Mark::Invisible {
            flags |= INVISIBLE;
        }
        self.elems.push(Elem { tag, parent: parent.elem, last_desc: index, mark, hint });
        self.stack.push(Open {
            elem: index,
            tag,
            name: if tag == Tag::Other { name } else { 0..0 },
            flags,
            owner: if tag.breaks_block() { index } else { parent.owner },
            mark_elem: if mark == Mark::None { parent.mark_elem } else { index },
            heading: match tag.heading_level() {
                0 => parent.heading,
                level => level,
            },
        });
        self.open_count[tag as usize] += 1;
        // `<div/>` means an empty div to whoever wrote it; raw-text elements ignore the slash.
        if self_closing && !tag.is_raw_text() {
            self.pop_to(self.stack.len() - 1);
        }
    }

    fn meta_tag(&mut self, scanner: &Scanner<'_>) {
        let src: &'a str = self.src;
        let value = |attr: &str| -> Option<&'a str> { attr_value(src, scanner, attr) };
        let Some(content) = value("content") else { return };
        let m = &mut self.meta;
        for key_attr in ["property", "name", "itemprop"] {
            let Some(key) = value(key_attr) else { continue };
            let key = key.trim();
            let lower;
            let key = if key.bytes().any(|b| b.is_ascii_uppercase()) {
                lower = key.to_ascii_lowercase();
                lower.as_str()
            } else {
                key
            };
            let slot = match (key_attr, key) {
                (_, "og:title") => &mut m.og_title,
                (_, "og:site_name") => &mut m.og_site_name,
                (_, "og:url") => &mut m.og_url,
                (_, "og:description") => &mut m.og_description,
                (_, "description") => &mut m.description,
                (_, "article:published_time") => &mut m.published_time,
                (_, "article:modified_time") => &mut m.modified_time,
                (_, "author") => &mut m.author,
                (_, "article:author") => &mut m.article_author,
                (_, "application-name") => &mut m.application_name,
                ("itemprop", "datepublished") => &mut m.itemprop_published,
                ("itemprop", "datemodified") => &mut m.itemprop_modified,
                (_, "pubdate" | "date" | "publish-date" | "publish_date" | "publishdate") => {
                    if m.meta_date.is_none()
                        && let Some(v) = clean_value(content)
                    {
                        let label = match key {
                            "pubdate" => "meta pubdate",
                            "date" => "meta date",
                            _ => "meta publish-date",
                        };
                        m.meta_date = Some((v, label));
                    }
                    continue;
                }
                _ => continue,
            };
            set_once(slot, content);
        }
    }

    /// The end tags HTML implies before `tag` starts.
    fn implied_end_tags(&mut self, tag: Tag) {
        if self.open_count[Tag::Head as usize] > 0 && !tag.is_head_content() && tag != Tag::Html && tag != Tag::Head {
            self.close_in_scope(&[Tag::Head]);
        }
        if tag.closes_p() && self.open_count[Tag::P as usize] > 0 {
            self.close_in_scope(&[Tag::P]);
        }
        match tag {
            Tag::Li => self.close_in_scope(&[Tag::Li]),
            Tag::Dd | Tag::Dt => self.close_in_scope(&[Tag::Dd, Tag::Dt]),
            Tag::Tr => self.close_in_scope(&[Tag::Tr]),
            Tag::Td | Tag::Th => self.close_in_scope(&[Tag::Td, Tag::Th]),
            // An open option or heading is closed by the next one.
            Tag::Option | Tag::Optgroup if self.top().tag == Tag::Option => self.pop_to(self.stack.len() - 1),
            _ if tag.heading_level() > 0 && self.top().tag.heading_level() > 0 => {
                self.pop_to(self.stack.len() - 1);
            }
            _ => {}
        }
    }

    /// Closes the nearest open element with one of `targets`, unless a scope boundary (a list,
    /// a table cell) or the lookback limit comes first.
    fn close_in_scope(&mut self, targets: &[Tag]) {
        if targets.iter().all(|t| self.open_count[*t as usize] == 0) {
            return;
        }
        for depth in (1..self.stack.len()).rev().take(SCOPE_LOOKBACK) {
            let tag = self.stack[depth].tag;
            if targets.contains(&tag) {
                self.pop_to(depth);
                return;
            }
            // A `<tr>` closes an open `<td>`/`<th>` too, through the cell boundary.
            if tag.is_scope_boundary() && !(targets == [Tag::Tr] && matches!(tag, Tag::Td | Tag::Th)) {
                return;
            }
        }
    }

    fn end_tag(&mut self, tag: Tag, name: Range<usize>) {
        match tag {
            // Browsers treat `</br>` as `<br>`.
            Tag::Br => return self.line_break(),
            // Content after `</body>` still belongs to the body.
            Tag::Body | Tag::Html => return,
            Tag::Other => {
                let wanted = &self.src.as_bytes()[name];
                let found = (1..self.stack.len()).rev().take(SCOPE_LOOKBACK).find(|&d| {
                    let open = &self.stack[d];
                    open.tag == Tag::Other && self.src.as_bytes()[open.name.clone()].eq_ignore_ascii_case(wanted)
                });
                if let Some(depth) = found {
                    self.pop_to(depth);
                }
                return;
            }
            _ => {}
        }
        if self.open_count[tag as usize] == 0 {
            return;
        }
        // An open element of this tag exists, so popping down to it costs no more than the
        // pushes that put the elements above it there.
        if let Some(depth) = (1..self.stack.len()).rev().find(|&d| self.stack[d].tag == tag) {
            self.pop_to(depth);
        }
    }

    /// Pops the stack down to and including `depth`.
    fn pop_to(&mut self, depth: usize) {
        let last = (self.elems.len() - 1) as u32;
        while self.stack.len() > depth.max(1) {
            let Some(open) = self.stack.pop() else { break };
            if open.tag.breaks_block() {
                self.flush();
            }
            self.elems[open.elem as usize].last_desc = last;
            self.open_count[open.tag as usize] -= 1;
        }
    }

    fn line_break(&mut self) {
        if self.segs.len() == self.block_start {
            return;
        }
        if self.after_br {
            self.flush();
        } else {
            self.after_br = true;
            self.pending_space = true;
        }
    }

    /// Ends the block being built, if it has any text.
    fn flush(&mut self) {
        self.pending_space = false;
        self.after_br = false;
        if self.segs.len() == self.block_start {
            return;
        }
        let segs = self.block_start..self.segs.len();
        self.block_start = self.segs.len();
        for seg in &mut self.segs[segs.clone()] {
            let text = &self.text[seg.text.clone()];
            seg.chars = text.chars().count() as u32;
            // Proportional: exact when a segment is all link or no link, close otherwise.
            let link_bytes = u64::from(seg.link_chars).min(text.len() as u64);
            seg.link_chars = (link_bytes * u64::from(seg.chars)).checked_div(text.len() as u64).unwrap_or(0) as u32;
        }
        // Owner and kind were recorded on the block's first segment's arrival.
        if let Some(block) = self.blocks.last_mut()
            && block.segs.start == segs.start
        {
            block.segs = segs;
        }
    }

    fn text(&mut self, span: Range<usize>, decode: bool) {
        let raw = &self.src[span.clone()];
        let Some(first) = raw.bytes().position(|b| !b.is_ascii_whitespace()) else {
            self.pending_space |= self.segs.len() > self.block_start;
            return;
        };
        // Text straight inside an unclosed <head> is page text to a browser.
        if self.top().tag == Tag::Head {
            self.close_in_scope(&[Tag::Head]);
        }
        let top = self.top().clone();
        if top.tag == Tag::Title && top.flags & FOREIGN == 0 {
            set_once(&mut self.meta.title, raw);
            return;
        }
        if top.flags & JSON_LD != 0 {
            self.meta.json_ld.push(span);
            return;
        }
        if top.flags & INVISIBLE != 0 {
            return;
        }
        let last = raw.bytes().rposition(|b| !b.is_ascii_whitespace()).map_or(raw.len(), |p| p + 1);
        let source = span.start + first..span.start + last;

        let mut scratch = std::mem::take(&mut self.scratch);
        let text: &str = if decode && raw.contains('&') {
            scratch.clear();
            decode_html_entities_to_string(raw, &mut scratch);
            &scratch
        } else {
            raw
        };
        let bytes = text.as_bytes();
        let mut word_start = None;
        let mut i = 0;
        while i < bytes.len() {
            let space = if may_start_space(bytes[i]) { space_len(text, i) } else { 0 };
            if space == 0 {
                word_start.get_or_insert(i);
                i += 1;
                continue;
            }
            // Words end only at a space char, a char boundary.
            if let Some(word) = word_start.take().and_then(|start| text.get(start..i)) {
                self.push_word(word, &top, &source);
            }
            self.pending_space |= self.segs.len() > self.block_start;
            i += space;
        }
        if let Some(word) = word_start.and_then(|start| text.get(start..)) {
            self.push_word(word, &top, &source);
        }
        self.scratch = scratch;
    }

    fn push_word(&mut self, word: &str, top: &Open, source: &Range<usize>) {
        let block_empty = self.segs.len() == self.block_start;
        if block_empty {
            self.blocks.push(RawBlock {
                segs: self.segs.len()..self.segs.len() + 1,
                owner: top.owner,
                heading: top.heading,
                caption: top.flags & CAPTION != 0,
            });
        }
        if block_empty || self.segs.last().is_none_or(|s| s.mark_elem != top.mark_elem) {
            let at = self.text.len();
            self.segs.push(Seg {
                text: at..at,
                source: source.clone(),
                mark_elem: top.mark_elem,
                chars: 0,
                link_chars: 0,
                space_before: self.pending_space && !block_empty,
            });
            self.pending_space = false;
        }
        let Some(seg) = self.segs.last_mut() else { return };
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.text.push_str(word);
        seg.text.end = self.text.len();
        seg.source.end = seg.source.end.max(source.end);
        // Link text is tallied in bytes here and turned into chars once per segment in `flush`.
        if top.flags & LINK != 0 {
            seg.link_chars += word.len() as u32;
        }
        self.after_br = false;
    }
}

fn hint_max(a: Hint, b: Hint) -> Hint {
    if a == Hint::ArticleBody || b == Hint::ArticleBody {
        Hint::ArticleBody
    } else if a == Hint::Article || b == Hint::Article {
        Hint::Article
    } else {
        Hint::None
    }
}

/// Does an inline style hide the element?
fn hides(style: &str) -> bool {
    let mut buf = [0u8; 256];
    let mut len = 0;
    for b in style.bytes().filter(|b| !b.is_ascii_whitespace()).take(buf.len()) {
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let compact = &buf[..len];
    memchr::memmem::find(compact, b"display:none").is_some()
        || memchr::memmem::find(compact, b"visibility:hidden").is_some()
}
