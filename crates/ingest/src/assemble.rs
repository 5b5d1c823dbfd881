//! From a raw article to a [`Document`]: decode, extract, clean, and settle the metadata.

use crate::block::Block;
use crate::clean::{Cleaned, clean};
use crate::encoding::{Decoded, decode};
use crate::html;
use crate::meta::{Byline, Stamp, parse_byline, parse_timestamp};
use crate::profile::profile;
use crate::raw::{Charset, Limits, Markup, RawArticle, Rejection};
use crate::text;
use marsad_model::{DatePrecision, Document, OffsetMap, Outlet, Published, Span};

/// Turns one raw article into a document, or says why it cannot be one.
pub fn assemble(raw: RawArticle, limits: &Limits) -> Result<Document, Rejection> {
    let reject = |reason: String| Rejection::new(raw.source.clone(), reason);
    if raw.bytes.len() > limits.max_doc_bytes {
        return Err(reject(format!(
            "the article is {} bytes, over the limit of {} (--max-doc-bytes)",
            raw.bytes.len(),
            limits.max_doc_bytes
        )));
    }
    let decoded = match &raw.charset {
        Charset::Decoded => match std::str::from_utf8(&raw.bytes) {
            Ok(s) if s.trim().is_empty() => return Err(reject("the article text is empty".into())),
            Ok(s) => Decoded::already_text(s.to_string()),
            Err(e) => return Err(reject(format!("the text is not valid UTF-8: {e}"))),
        },
        Charset::Declared(label) => decode(&raw.bytes, Some(label)).map_err(|e| reject(e.to_string()))?,
        Charset::Unknown => {
            let declared = (raw.markup == Markup::Html).then(|| html::declared_charset(&raw.bytes)).flatten();
            decode(&raw.bytes, declared.as_deref()).map_err(|e| reject(e.to_string()))?
        }
    };
    let (blocks, mut removed, page_meta) = match raw.markup {
        Markup::Html => {
            let page = html::extract(&decoded.text);
            (page.blocks, page.removed, Some(page.meta))
        }
        Markup::Plain => (text::blocks(&decoded.text), Vec::new(), None),
    };
    let cleaned = clean(blocks, raw.hints.title.is_some());
    if cleaned.kept.is_empty() {
        return Err(reject(if cleaned.removed.is_empty() && removed.is_empty() {
            "no text found in it".into()
        } else {
            "no article text found: everything in it is boilerplate".into()
        }));
    }
    let meta = page_meta.unwrap_or_default();
    let hints = &raw.hints;
    let url = meta.canonical_url.clone().or_else(|| hints.url.clone());

    let Cleaned { mut kept, removed: cut, outlet: text_outlet, byline, dateline, headline: mut text_headline } = cleaned;
    removed.extend(cut);
    let given: Vec<&str> = [meta.headline.as_deref(), raw.hints.title.as_deref(), meta.title.as_deref()].into_iter().flatten().collect();
    if kept.len() > 1 && is_header_block(&kept[0], &given) {
        let header = kept.remove(0);
        if text_headline.as_deref() == Some(header.text.as_str()) {
            text_headline = None;
        }
        removed.push(header.text);
    }

    let p = profile();
    let stated_author = meta.author.as_deref().or(hints.author.as_deref()).and_then(stated_byline);
    let outlet = [meta.site_name.as_deref(), hints.outlet.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|name| p.outlet_named(name).cloned())
        .or_else(|| text_outlet.and_then(|(id, _)| p.outlet_by_id(&id).cloned()))
        .or_else(|| stated_author.as_ref().and_then(|b| b.outlet_id.as_deref()).and_then(|id| p.outlet_by_id(id).cloned()))
        .or_else(|| url.as_deref().and_then(|u| p.outlet_of_url(u)).cloned())
        .or_else(|| unlisted_outlet(meta.site_name.as_deref().or(hints.outlet.as_deref())));
    let byline = byline.or_else(|| stated_author.and_then(|b| b.author));

    let headline = text_headline
        .or_else(|| meta.headline.clone())
        .or_else(|| hints.title.clone())
        .or_else(|| meta.title.clone())
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|h| !h.is_empty());

    let stated = meta
        .published
        .as_deref()
        .map(|raw| (raw, meta.published_from.unwrap_or("html metadata")))
        .or(hints.published.as_ref().map(|(raw, from)| (raw.as_str(), *from)))
        .and_then(|(raw, from)| parse_timestamp(raw).map(|s| (s, format!("{from} '{raw}'"))));
    let (text, offsets) = compose(headline.as_deref(), &kept, &decoded);
    // Metadata first, then a dateline, then the text's own anchors ("أمس الأحد 18 نوفمبر"):
    // the last is the costliest and the least direct, so it only runs when nothing else said.
    let published = stated
        .or_else(|| dateline.map(|(s, line)| (s, format!("dateline '{line}'"))))
        .map(|(stamp, basis)| published(stamp, basis))
        .or_else(|| {
            marsad_arabic::infer_publication_date(&text).map(|(date, basis)| Published {
                date,
                time: None,
                utc_offset_seconds: None,
                precision: DatePrecision::Day,
                basis: format!("text: {basis}"),
            })
        });

    Ok(Document {
        source: raw.source,
        format: raw.format,
        encoding: decoded.encoding,
        url,
        outlet,
        byline,
        headline,
        published,
        text,
        boilerplate_removed: removed,
        offsets,
        original: raw.bytes,
    })
}

/// An author as metadata states it: a byline form (`PLACE - NAME`, `OUTLET؛ NAME`), or a plain
/// name of a few words. Unlike a line of text, a metadata field needs no separator to be trusted.
fn stated_byline(author: &str) -> Option<Byline> {
    parse_byline(author).or_else(|| {
        let author = author.trim();
        let words = author.split_whitespace().count();
        let plain = (1..=5).contains(&words) && !author.chars().any(|c| c.is_ascii_digit() || "!?؟:\"«»()/".contains(c));
        match profile().outlet_named(author) {
            Some(o) => Some(Byline { author: None, outlet_id: Some(o.id.clone()) }),
            None => plain.then(|| Byline { author: Some(author.to_string()), outlet_id: None }),
        }
    })
}

fn published(stamp: Stamp, basis: String) -> Published {
    Published {
        date: stamp.date,
        time: stamp.time,
        utc_offset_seconds: stamp.utc_offset_seconds,
        precision: DatePrecision::Day,
        basis,
    }
}

/// An outlet the registry does not know, named as the container names it.
fn unlisted_outlet(name: Option<&str>) -> Option<Outlet> {
    let name = name?.trim();
    (!name.is_empty()).then(|| Outlet { id: "UNLISTED".into(), ar: name.into(), en: name.into() })
}

/// Joins the kept blocks into the clean text (paragraphs separated by a blank line), with the
/// headline first when the blocks do not already start with it, and maps each block back to
/// the original bytes.
fn compose(headline: Option<&str>, kept: &[Block], decoded: &Decoded) -> (String, OffsetMap) {
    let mut text = String::new();
    let mut offsets = OffsetMap::default();
    let mut chars = 0u32;
    let starts_with_headline = |h: &str| kept.first().is_some_and(|b| same_text(&b.text, h));
    if let Some(h) = headline.filter(|h| !starts_with_headline(h)) {
        text.push_str(h);
        chars += h.chars().count() as u32;
    }
    for block in kept {
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let n = block.text.chars().count() as u32;
        let span = Span::new(chars, chars + n).expect("block spans grow");
        let original = decoded.original_offset(block.source.start)..decoded.original_offset(block.source.end);
        offsets.push(span, original);
        text.push_str(&block.text);
        chars += n;
    }
    (text, offsets)
}

/// Old table layouts put the headline, the printed date and the signature on lines of one
/// paragraph ("HEADLINE 2021.07.10 | 11:47 دمشق الجزيرة - ريف إدلب"): a first block that is a
/// headline the metadata gives followed by a few words (and figures) that are not a sentence is the page's
/// header, not the article (kept, it made the same article in another format a new document).
fn is_header_block(first: &Block, given: &[&str]) -> bool {
    const TAIL_WORDS: usize = 12;
    let k = crate::profile::key(&first.text);
    given.iter().any(|h| {
        let h = crate::profile::key(h);
        match k.strip_prefix(h.as_str()) {
            Some(tail) if !h.is_empty() && !tail.trim().is_empty() => {
                // Words with letters: a printed date and time are several tokens of digits.
                let words = tail.split_whitespace().filter(|w| w.chars().any(marsad_arabic::normalize::is_letter)).count();
                words <= TAIL_WORDS && !crate::clean::ends_like_sentence(&first.text)
            }
            _ => false,
        }
    })
}

fn same_text(a: &str, b: &str) -> bool {
    crate::profile::key(a) == crate::profile::key(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_bytes;

    fn read(name: &str, bytes: &str) -> Document {
        let mut out = Vec::new();
        read_bytes(name, bytes.as_bytes().to_vec(), &Limits::default(), &mut |r| out.push(r));
        let raw = out.pop().expect("one article").expect("read");
        assemble(raw, &Limits::default()).expect("assembled")
    }

    const HEADLINE: &str = "حلب.. مقتل ستة مدنيين بينهم ثلاثة أطفال وإصابة أكثر من خمسة عشر آخرين في قصف مدفعي استهدف سوقا شعبيا وسط المدينة";
    const FIRST: &str = "قتل ستة مدنيين بينهم ثلاثة أطفال صباح اليوم الاثنين في قصف مدفعي استهدف سوقا شعبيا وسط مدينة حلب، بحسب ما أفاد به الدفاع المدني.";
    const SECOND: &str = "وأضاف الدفاع المدني أن فرقه نقلت الجرحى إلى مشاف ميدانية قريبة، وأن بعضهم في حالة حرجة، فيما تواصل البحث عن مفقودين تحت الأنقاض.";

    fn legacy_page() -> String {
        format!(
            "<html><head><meta charset=\"utf-8\"><meta property=\"og:title\" content=\"{HEADLINE}\"></head><body>\n\
             <table><tr><td class=\"content\">\n\
             <font size=\"5\"><b>{HEADLINE}</b></font><br>\n\
             <font size=\"2\" color=\"gray\">2022.03.14 | 10:05 دمشق</font><br>\n\
             <font size=\"2\">المرصد السوري لحقوق الإنسان - ريف حلب الشمالي الغربي</font><br><br>\n\
             {FIRST}<br><br>\n{SECOND}<br><br>\n</td></tr></table></body></html>"
        )
    }

    #[test]
    fn a_header_paragraph_of_headline_date_and_signature_is_not_the_article() {
        let page = read("old.html", &legacy_page());
        assert_eq!(page.headline.as_deref(), Some(HEADLINE));
        assert_eq!(page.text, format!("{HEADLINE}\n\n{FIRST}\n\n{SECOND}"), "the header line is boilerplate");
        assert!(page.boilerplate_removed.iter().any(|r| r.contains("2022.03.14")), "{:?}", page.boilerplate_removed);
        let record = format!("{{\"title\":\"{HEADLINE}\",\"text\":\"{FIRST}\\n\\n{SECOND}\"}}\n");
        let copy = read("dump.jsonl", &record);
        assert_eq!(copy.text, page.text, "the same article in another format reads the same");
    }

    #[test]
    fn a_first_paragraph_that_merely_opens_with_the_headline_words_stays() {
        let opening = format!("{HEADLINE} وهو ما أكده الدفاع المدني في بيان نشره على صفحته الرسمية مساء اليوم.");
        let page = format!(
            "<html><head><meta charset=\"utf-8\"><meta property=\"og:title\" content=\"{HEADLINE}\"></head><body><p>{opening}</p><p>{SECOND}</p></body></html>"
        );
        let doc = read("p.html", &page);
        assert!(doc.text.contains(&opening), "{}", doc.text);
    }
}
