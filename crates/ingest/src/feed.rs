//! RSS 2.0, RSS 1.0 and Atom feeds: one raw article per item, with the item's own fields.

use crate::encoding::decode;
use crate::raw::{Charset, Hints, Markup, RawArticle, Rejection};
use marsad_model::{Format, SourceRef};
use quick_xml::events::Event;

/// Reads every item of a feed. A feed that is not well-formed XML is rejected whole: items
/// read before the error cannot be trusted to be complete.
pub fn read_feed(bytes: &[u8], file: &str) -> Result<Vec<RawArticle>, Rejection> {
    let reject = |reason: String| Rejection::new(SourceRef::file(file), reason);
    let declared = xml_declared_encoding(bytes);
    let decoded = decode(bytes, declared.as_deref()).map_err(|e| reject(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(&decoded.text);
    reader.config_mut().check_end_names = true;

    let mut format = None;
    let mut path: Vec<String> = Vec::new();
    let mut item: Option<Item> = None;
    let mut feed_title: Option<String> = None;
    let mut items = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            reject(format!("malformed XML at byte {}: {e}", reader.error_position()))
        })?;
        match event {
            Event::Start(e) => {
                let name = open_element(&e, &mut format, &mut item);
                path.push(name);
            }
            Event::Empty(e) => {
                open_element(&e, &mut format, &mut item);
            }
            Event::End(_) => {
                let closed = path.pop().unwrap_or_default();
                if (closed == "item" || closed == "entry")
                    && let Some(it) = item.take() {
                        items.push(it);
                    }
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| reject(format!("bad text in feed: {e}")))?;
                append(&mut item, &mut feed_title, &path, &text);
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| reject(format!("bad CDATA in feed: {e}")))?;
                append(&mut item, &mut feed_title, &path, &text);
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().unwrap_or_default();
                        let entity = format!("&{name};");
                        html_escape::decode_html_entities(&entity).into_owned()
                    }
                };
                append(&mut item, &mut feed_title, &path, &text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(format) = format else {
        return Err(reject("XML that is neither an RSS nor an Atom feed".into()));
    };
    if !path.is_empty() {
        return Err(reject(format!("the feed ends before closing <{}>", path.join("> <"))));
    }
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, it)| it.into_raw(SourceRef::item(file, i as u32 + 1), format, feed_title.clone()))
        .collect())
}

/// Notes what an opening tag tells (feed kind, a new item, an Atom link) and returns its name.
fn open_element(e: &quick_xml::events::BytesStart, format: &mut Option<Format>, item: &mut Option<Item>) -> String {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
    match name.as_str() {
        "rss" | "rdf" => *format = format.or(Some(Format::Rss)),
        "feed" => *format = format.or(Some(Format::Atom)),
        "item" | "entry" => *item = Some(Item::default()),
        "link" => {
            // Atom: <link rel="alternate" href="..."/>; the first alternate wins.
            if let (Some(it), Ok(Some(href))) = (item.as_mut(), e.try_get_attribute("href")) {
                let rel = e.try_get_attribute("rel").ok().flatten().map(|a| a.value.into_owned());
                if rel.as_deref().is_none_or(|r| r == b"alternate") && it.link.is_none() {
                    it.link = href.unescape_value().ok().map(|v| v.trim().to_string());
                }
            }
        }
        _ => {}
    }
    name
}

/// The fields of one feed item as read, before choosing between them.
#[derive(Default)]
struct Item {
    title: String,
    link: Option<String>,
    link_text: String,
    published: Option<(String, &'static str)>,
    updated: String,
    content: String,
    description: String,
    author: String,
}

/// Routes text to the field of the element it is in.
fn append(item: &mut Option<Item>, feed_title: &mut Option<String>, path: &[String], text: &str) {
    let Some(leaf) = path.last() else { return };
    let Some(it) = item.as_mut() else {
        if leaf == "title" && matches!(path.get(path.len().wrapping_sub(2)).map(String::as_str), Some("channel" | "feed")) {
            feed_title.get_or_insert_with(String::new).push_str(text);
        }
        return;
    };
    // Only direct children of the item: an Atom <author><name> is the one nested exception.
    let parent = path.get(path.len().wrapping_sub(2)).map(String::as_str);
    let direct = matches!(parent, Some("item" | "entry"));
    match (leaf.as_str(), direct) {
        ("title", true) => it.title.push_str(text),
        ("link", true) => it.link_text.push_str(text),
        ("pubdate", true) => push_stamp(&mut it.published, text, "rss pubDate"),
        ("published", true) => push_stamp(&mut it.published, text, "atom published"),
        ("date", true) => push_stamp(&mut it.published, text, "dc:date"),
        ("updated", true) => it.updated.push_str(text),
        ("encoded", true) | ("content", true) => it.content.push_str(text),
        ("description", true) | ("summary", true) => it.description.push_str(text),
        ("creator", true) | ("author", true) => it.author.push_str(text),
        ("name", false) if parent == Some("author") => it.author.push_str(text),
        _ => {}
    }
}

fn push_stamp(slot: &mut Option<(String, &'static str)>, text: &str, from: &'static str) {
    match slot {
        Some((s, f)) if *f == from => s.push_str(text),
        Some(_) => {}
        None => *slot = Some((text.to_string(), from)),
    }
}

impl Item {
    fn into_raw(self, source: SourceRef, format: Format, feed_title: Option<String>) -> RawArticle {
        let body = if self.content.trim().is_empty() { self.description } else { self.content };
        let markup = if body.contains('<') { Markup::Html } else { Markup::Plain };
        let nonempty = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let published = self.published.or_else(|| nonempty(self.updated).map(|u| (u, "atom updated")));
        RawArticle {
            source,
            format,
            markup,
            bytes: body.into_bytes(),
            charset: Charset::Decoded,
            hints: Hints {
                url: self.link.or_else(|| nonempty(self.link_text)),
                title: nonempty(self.title),
                published: published.map(|(s, f)| (s.trim().to_string(), f)),
                outlet: feed_title.and_then(nonempty),
                author: nonempty(self.author),
            },
        }
    }
}

/// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="windows-1256"?>`).
fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start_matches('\u{feff}').trim_start();
    let decl = decl.strip_prefix("<?xml")?.split("?>").next()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    Some(rest[1..].split(quote).next()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>عنب بلدي</title><link>https://www.enabbaladi.net</link>
<item>
  <title>قصف مدفعي على أطراف مدينة معرة النعمان</title>
  <link>https://www.enabbaladi.net/archives/100001</link>
  <pubDate>Sun, 19 May 2019 22:40:00 +0300</pubDate>
  <dc:creator>ليلى حسن</dc:creator>
  <description>&lt;p&gt;تعرضت أطراف المدينة لقصف مدفعي مكثف مساء الأحد.&lt;/p&gt;</description>
</item>
<item>
  <title>نزوح عائلات من ريف إدلب الجنوبي</title>
  <link>https://www.enabbaladi.net/archives/100002</link>
  <pubDate>Mon, 20 May 2019 09:00:00 +0300</pubDate>
  <content:encoded><![CDATA[<p>نزحت عشرات العائلات من قرى ريف إدلب الجنوبي باتجاه الحدود التركية.</p>]]></content:encoded>
  <description>ملخص قصير</description>
</item>
</channel></rss>"#;

    #[test]
    fn rss_items_with_escaped_html_and_cdata() {
        let items = read_feed(RSS.as_bytes(), "feed.xml").unwrap();
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a.source.to_string(), "feed.xml#1");
        assert_eq!(a.format, Format::Rss);
        assert_eq!(a.markup, Markup::Html);
        assert!(std::str::from_utf8(&a.bytes).unwrap().starts_with("<p>تعرضت"));
        assert_eq!(a.hints.title.as_deref(), Some("قصف مدفعي على أطراف مدينة معرة النعمان"));
        assert_eq!(a.hints.url.as_deref(), Some("https://www.enabbaladi.net/archives/100001"));
        assert_eq!(a.hints.published.as_ref().unwrap().0, "Sun, 19 May 2019 22:40:00 +0300");
        assert_eq!(a.hints.outlet.as_deref(), Some("عنب بلدي"));
        assert_eq!(a.hints.author.as_deref(), Some("ليلى حسن"));
        // content:encoded wins over description.
        assert!(std::str::from_utf8(&items[1].bytes).unwrap().contains("عشرات العائلات"));
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>شبكة إخبارية</title>
<entry><title>اشتباكات في ريف حلب</title>
<link rel="alternate" href="https://example.org/a/1"/><link rel="self" href="https://example.org/self"/>
<published>2019-02-03T10:00:00+03:00</published><updated>2019-02-04T10:00:00+03:00</updated>
<author><name>فريق التحرير</name></author>
<content type="html">&lt;p&gt;اندلعت اشتباكات بين الطرفين في ريف حلب الشمالي.&lt;/p&gt;</content></entry>
</feed>"#;
        let items = read_feed(atom.as_bytes(), "a.atom").unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].format, Format::Atom);
        assert_eq!(items[0].hints.url.as_deref(), Some("https://example.org/a/1"));
        assert_eq!(items[0].hints.published.as_ref().unwrap(), &("2019-02-03T10:00:00+03:00".to_string(), "atom published"));
        assert_eq!(items[0].hints.author.as_deref(), Some("فريق التحرير"));
    }

    #[test]
    fn windows_1256_feed_through_its_declaration() {
        let xml = RSS.replace("UTF-8", "windows-1256");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&xml);
        let items = read_feed(&bytes, "f.xml").unwrap();
        assert_eq!(items[1].hints.title.as_deref(), Some("نزوح عائلات من ريف إدلب الجنوبي"));
    }

    #[test]
    fn malformed_feed_is_rejected_whole_with_position() {
        let broken = RSS.replace("</item>\n<item>", "</itemx>\n<item>");
        let err = read_feed(broken.as_bytes(), "bad.xml").unwrap_err();
        assert_eq!(err.source.to_string(), "bad.xml");
        assert!(err.reason.contains("malformed XML at byte"), "{}", err.reason);
        let truncated = &RSS[..RSS.len() / 2];
        let err = read_feed(truncated.as_bytes(), "cut.xml").unwrap_err();
        assert!(err.reason.contains("ends before closing") || err.reason.contains("malformed"), "{}", err.reason);
    }
}
