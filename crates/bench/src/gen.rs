//! Writes a benchmark corpus: many generated articles spread over every input format, with boilerplate and planted re-publications.

use crate::article::{Article, compose_over, span_days};
use crate::data::data;
use crate::pages::{LAYOUTS, esc, json_str, render_html};
use crate::rng::Rng;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::{self, Write};
use std::path::Path;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Files written.
    pub files: usize,
    /// Documents written, planted duplicates included (equals `n_docs`).
    pub documents: usize,
    /// Documents whose article is an exact re-publication of an earlier one, in another format.
    pub duplicates: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Input formats, with the encodings that matter to a reader kept apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fmt {
    TxtUtf8,
    TxtCp1256,
    Html,
    Rss,
    Atom,
    Warc,
    Jsonl,
}

impl Fmt {
    /// Relative frequencies, in percent.
    const WEIGHTS: [(Fmt, usize); 7] =
        [(Fmt::TxtUtf8, 18), (Fmt::TxtCp1256, 8), (Fmt::Html, 22), (Fmt::Rss, 14), (Fmt::Atom, 6), (Fmt::Warc, 14), (Fmt::Jsonl, 18)];

    fn draw(rng: &mut Rng) -> Fmt {
        let mut x = rng.below(100);
        for (f, w) in Fmt::WEIGHTS {
            if x < w {
                return f;
            }
            x -= w;
        }
        Fmt::TxtUtf8
    }

    /// How many documents a container file of this format holds, or 1 for single-document files.
    fn group(self, rng: &mut Rng) -> usize {
        match self {
            Fmt::Rss => rng.range(5, 10),
            Fmt::Atom => rng.range(3, 6),
            Fmt::Warc => rng.range(10, 30),
            Fmt::Jsonl => rng.range(20, 100),
            _ => 1,
        }
    }
}

/// Share of documents that re-publish an earlier article.
const DUPLICATE_RATE: f64 = 0.05;

/// What document `i` of a corpus is.
struct Plan {
    /// Index of the composed article it carries.
    article: u64,
    fmt: Fmt,
    /// For a planted re-publication, the earlier document whose article it repeats.
    repeats: Option<u64>,
}

/// Plans document `i`. A re-publication recomposes its article from the article's index, so
/// nothing has to be kept in memory however large the corpus.
fn plan(seed: u64, i: u64) -> Plan {
    let mut rng = Rng::for_item(seed, i, 2);
    let dup = i >= 20 && rng.chance(DUPLICATE_RATE);
    let mut fmt = Fmt::draw(&mut rng);
    if !dup {
        return Plan { article: i, fmt, repeats: None };
    }
    // A recent document, so a streaming reader meets both within one batch.
    let earlier = i - 1 - rng.below(i.min(500) as usize) as u64;
    let original = plan(seed, earlier);
    while fmt == original.fmt {
        fmt = Fmt::draw(&mut rng);
    }
    Plan { article: original.article, fmt, repeats: Some(earlier) }
}

/// Writes `n_docs` documents into `dir` (created if missing), deterministically for `seed`.
pub fn generate(dir: &Path, n_docs: usize, seed: u64) -> io::Result<GenStats> {
    std::fs::create_dir_all(dir)?;
    let mut w = Writer { dir, stats: GenStats::default(), next_file: 1, seed };
    let mut open: Vec<Container> = Vec::new();
    let days = span_days(n_docs as u64);
    for i in 0..n_docs as u64 {
        let Plan { article: article_index, fmt, repeats } = plan(seed, i);
        let article = compose_over(seed, article_index, days);
        let mut rng = Rng::for_item(seed, i, 4);
        w.stats.documents += 1;
        w.stats.duplicates += repeats.is_some() as usize;
        match fmt {
            Fmt::TxtUtf8 => w.file("article", "txt", text_copy(&article, &mut rng).into_bytes())?,
            Fmt::TxtCp1256 => {
                let text = text_copy(&article, &mut rng);
                w.file("article", "txt", cp1256(&text)?)?
            }
            Fmt::Html => {
                let cp = rng.chance(0.25);
                let page = render_html(&article, rng.below(LAYOUTS), if cp { "windows-1256" } else { "utf-8" }, &mut rng).html;
                w.file("page", "html", if cp { cp1256(&page)? } else { page.into_bytes() })?
            }
            _ => {
                let pos = match open.iter().position(|c| c.fmt == fmt) {
                    Some(p) => p,
                    None => {
                        let target = fmt.group(&mut rng);
                        open.push(Container { fmt, target, items: Vec::new() });
                        open.len() - 1
                    }
                };
                let item = match fmt {
                    Fmt::Rss => rss_item(&article, &mut rng),
                    Fmt::Atom => atom_entry(&article, &mut rng),
                    Fmt::Warc => warc_records(&article, &mut rng)?,
                    _ => jsonl_line(&article, &mut rng),
                };
                open[pos].items.push(item);
                if open[pos].items.len() >= open[pos].target {
                    let c = open.swap_remove(pos);
                    w.container(c)?;
                }
            }
        }
    }
    for c in open {
        w.container(c)?;
    }
    Ok(w.stats)
}

/// A container file being filled: its items are rendered already, the file is written when full.
struct Container {
    fmt: Fmt,
    target: usize,
    items: Vec<Vec<u8>>,
}

struct Writer<'a> {
    dir: &'a Path,
    stats: GenStats,
    next_file: usize,
    seed: u64,
}

impl Writer<'_> {
    fn file(&mut self, stem: &str, ext: &str, bytes: Vec<u8>) -> io::Result<()> {
        let name = format!("{stem}-{:06}.{ext}", self.next_file);
        self.next_file += 1;
        std::fs::write(self.dir.join(name), &bytes)?;
        self.stats.files += 1;
        self.stats.bytes += bytes.len() as u64;
        Ok(())
    }

    fn container(&mut self, c: Container) -> io::Result<()> {
        let mut rng = Rng::for_item(self.seed, self.next_file as u64, 5);
        let d = data();
        let outlet = &d.outlets[rng.below(d.outlets.len())];
        let mut out = Vec::new();
        match c.fmt {
            Fmt::Rss => {
                write!(
                    out,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>{}</title>\n<link>https://{}/</link>\n<description>{}</description>\n<language>ar</language>\n",
                    esc(outlet.ar),
                    outlet.domain,
                    esc(outlet.ar)
                )?;
                c.items.iter().try_for_each(|i| out.write_all(i))?;
                out.extend_from_slice(b"</channel>\n</rss>\n");
                self.file("feed", "xml", out)
            }
            Fmt::Atom => {
                write!(
                    out,
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">\n<title>{}</title>\n<id>https://{}/atom</id>\n<link rel=\"self\" href=\"https://{}/atom\"/>\n<updated>2019-12-31T00:00:00Z</updated>\n",
                    esc(outlet.ar),
                    outlet.domain,
                    outlet.domain
                )?;
                c.items.iter().try_for_each(|i| out.write_all(i))?;
                out.extend_from_slice(b"</feed>\n");
                self.file("feed", "xml", out)
            }
            Fmt::Warc => {
                let info = format!(
                    "software: marsad-bench\r\nformat: WARC File Format 1.0\r\ndescription: generated benchmark crawl, seed {}\r\n",
                    self.seed
                );
                out = warc_record("warcinfo", &uuid(&mut rng), "2019-12-31T00:00:00Z", None, "application/warc-fields", info.as_bytes())?;
                c.items.iter().for_each(|i| out.extend_from_slice(i));
                self.file("crawl", "warc.gz", out)
            }
            _ => {
                c.items.iter().for_each(|i| out.extend_from_slice(i));
                self.file("dump", "jsonl", out)
            }
        }
    }
}

/// Encodes as windows-1256; generated text is Arabic, ASCII and punctuation that the code page has.
fn cp1256(text: &str) -> io::Result<Vec<u8>> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
    if unmappable {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "generated text has a character windows-1256 lacks"));
    }
    Ok(bytes.into_owned())
}

/// A plain-text copy of the article in one of the layouts scrapers and copy-paste leave behind.
fn text_copy(a: &Article, rng: &mut Rng) -> String {
    let d = data();
    let outlet = &d.outlets[a.outlet];
    let mut lines: Vec<String> = Vec::new();
    let paras = |lines: &mut Vec<String>, blank: bool| {
        for p in &a.paras {
            lines.push(p.clone());
            if blank {
                lines.push(String::new());
            }
        }
    };
    let byline = match &a.byline {
        Some(name) => format!("{name}-{}", a.byline_place),
        None => format!("{} - {}", outlet.ar, a.byline_place),
    };
    match rng.below(5) {
        0 => {
            // Headline, paragraphs, outlet signature, comment form.
            lines.push(a.headline.clone());
            paras(&mut lines, false);
            lines.push(outlet.ar.to_string());
            lines.push(d.bp("comment_head")[2].to_string());
            lines.push(d.bp("comment_form")[1].to_string());
        }
        1 => {
            // Live-coverage header, dateline, caption, outlet line and a three-line font widget.
            lines.extend(["icon".to_string(), d.bp("live")[0].to_string(), String::new(), a.headline.clone(), String::new()]);
            lines.push(a.dateline(0));
            lines.push(String::new());
            lines.push(rng.pick(d.bp("caption_ar")).to_string());
            lines.push(format!("{} - متابعات", outlet.ar));
            lines.extend(["+A", "حجم الخط", "-A", ""].map(String::from));
            paras(&mut lines, true);
        }
        2 => {
            // English photo credit, Arabic caption, "NAME-PLACE" byline, source line and story links.
            lines.push(a.headline.clone());
            lines.push(String::new());
            lines.push(rng.pick(d.bp("caption_en")).to_string());
            lines.push(rng.pick(d.bp("caption_ar")).to_string());
            lines.push(String::new());
            lines.push(byline);
            lines.push(String::new());
            paras(&mut lines, true);
            lines.push(format!("المصدر : {}", outlet.ar));
            lines.push(String::new());
            lines.push(d.bp("related_title")[3].to_string());
            lines.push(String::new());
            lines.push(d.bp("most_read")[0].to_string());
        }
        3 => {
            // "OUTLET؛ NAME" byline and a you-may-like footer.
            lines.push(a.headline.clone());
            lines.push(String::new());
            lines.push(format!("{}؛ {}", outlet.ar, a.byline.as_deref().unwrap_or(a.byline_place)));
            lines.push(String::new());
            paras(&mut lines, true);
            if !outlet.signature.is_empty() {
                lines.push(outlet.signature.to_string());
            }
            lines.push(d.bp("comment_head")[0].to_string());
            lines.push(d.bp("comment_form")[2].to_string());
            lines.push(d.bp("related_title")[2].to_string());
            lines.push(d.bp("related")[rng.below(d.bp("related").len())].to_string());
        }
        _ => {
            // Repeated headline, printed date, "+ الخط -".
            lines.push(a.headline.clone());
            lines.push(String::new());
            lines.push(a.headline.clone());
            lines.push(String::new());
            lines.push(a.dateline(1));
            lines.push(d.bp("font")[1].to_string());
            lines.push(String::new());
            paras(&mut lines, true);
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

fn html_paras(a: &Article) -> String {
    a.paras.iter().map(|p| format!("<p>{}</p>", esc(p))).collect::<Vec<_>>().join("\n")
}

fn rss_item(a: &Article, rng: &mut Rng) -> Vec<u8> {
    let d = data();
    let outlet = a.outlet_ar();
    let footer = format!("<p>ظهرت المقالة {} أولاً على {}.</p>", esc(&a.headline), esc(outlet));
    let body = format!("{}\n{footer}", html_paras(a));
    let creator = a.byline.as_deref().unwrap_or(outlet);
    let content = if rng.chance(0.5) {
        let teaser: String = a.paras[0].chars().take(80).collect();
        format!("<description><![CDATA[{teaser} [&#8230;]]]></description>\n<content:encoded><![CDATA[{body}]]></content:encoded>")
    } else {
        format!("<description>{}</description>", esc(&body))
    };
    format!(
        "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n<pubDate>{}</pubDate>\n<dc:creator><![CDATA[{}]]></dc:creator>\n<category><![CDATA[{}]]></category>\n{content}\n</item>\n",
        esc(&a.headline),
        a.url,
        a.url,
        a.published.rfc822(a.hour, a.minute),
        creator,
        d.bp("nav")[1]
    )
    .into_bytes()
}

fn atom_entry(a: &Article, _rng: &mut Rng) -> Vec<u8> {
    let stamp = format!("{}T{:02}:{:02}:00Z", a.published.iso(), a.hour, a.minute);
    format!(
        "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{stamp}</published>\n<updated>{stamp}</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
        esc(&a.headline),
        a.url,
        a.url,
        esc(a.byline.as_deref().unwrap_or(a.outlet_ar())),
        esc(&a.paras[0]),
        esc(&html_paras(a))
    )
    .into_bytes()
}

fn jsonl_line(a: &Article, rng: &mut Rng) -> Vec<u8> {
    let mut s = format!(
        "{{\"url\":\"{}\",\"title\":\"{}\",\"published\":\"{}\",\"outlet\":\"{}\"",
        a.url,
        json_str(&a.headline),
        a.published_iso(),
        json_str(a.outlet_ar())
    );
    if let Some(b) = &a.byline {
        s.push_str(&format!(",\"author\":\"{}\"", json_str(b)));
    }
    if rng.chance(0.5) {
        s.push_str(&format!(",\"text\":\"{}\"", json_str(&a.paras.join("\n\n"))));
    } else {
        let font = data().bp("font")[1];
        let html = format!("<div class=\"story\"><h1>{}</h1><div class=\"font\">{font}</div>{}</div>", esc(&a.headline), html_paras(a));
        s.push_str(&format!(",\"html\":\"{}\"", json_str(&html)));
    }
    s.push_str("}\n");
    s.into_bytes()
}

/// A name-like UUID from the generator's stream (WARC record ids must be unique, not random).
fn uuid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// One WARC/1.0 record as its own gzip member, the way crawlers store them.
fn warc_record(kind: &str, id: &str, date: &str, target: Option<&str>, content_type: &str, block: &[u8]) -> io::Result<Vec<u8>> {
    let mut head = format!("WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: {date}\r\n");
    if let Some(t) = target {
        head.push_str(&format!("WARC-Target-URI: {t}\r\n"));
    }
    head.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()));
    let mut gz = GzEncoder::new(Vec::with_capacity(block.len() / 3), Compression::fast());
    gz.write_all(head.as_bytes())?;
    gz.write_all(block)?;
    gz.write_all(b"\r\n\r\n")?;
    gz.finish()
}

/// The response record for the article's page, sometimes preceded by the request that fetched it.
fn warc_records(a: &Article, rng: &mut Rng) -> io::Result<Vec<u8>> {
    let date = format!("{}T{:02}:{:02}:30Z", a.published.iso(), a.hour, a.minute);
    let mut out = Vec::new();
    if rng.chance(0.5) {
        let path = a.url.splitn(4, '/').nth(3).unwrap_or("");
        let host = a.url.split('/').nth(2).unwrap_or("");
        let req = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: marsad-bench\r\nAccept: text/html\r\n\r\n");
        out.extend(warc_record("request", &uuid(rng), &date, Some(&a.url), "application/http; msgtype=request", req.as_bytes())?);
    }
    let cp = rng.chance(0.3);
    let charset = if cp { "windows-1256" } else { "utf-8" };
    let page = render_html(a, rng.below(LAYOUTS), charset, rng).html;
    let body = if cp { cp1256(&page)? } else { page.into_bytes() };
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\nContent-Length: {}\r\nServer: nginx\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(&body);
    out.extend(warc_record("response", &uuid(rng), &date, Some(&a.url), "application/http; msgtype=response", &http)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::compose;
    use flate2::read::MultiGzDecoder;
    use std::collections::{BTreeMap, HashSet};
    use std::io::Read;
    use std::path::PathBuf;

    /// A fresh empty directory for one test (no tempfile dependency: the crate adds none).
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("marsad-bench-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    #[test]
    fn writes_the_documents_it_counts() {
        let dir = scratch("counts");
        let stats = generate(&dir, 600, 42).unwrap();
        let written = files(&dir);
        assert_eq!(stats.documents, 600);
        assert_eq!(stats.files, written.len());
        assert_eq!(stats.bytes, written.values().map(|b| b.len() as u64).sum::<u64>());
        // Count documents back out of the files, format by format.
        let mut docs = 0;
        for (name, bytes) in &written {
            docs += if name.ends_with(".txt") || name.ends_with(".html") {
                1
            } else if name.ends_with(".jsonl") {
                bytes.iter().filter(|&&b| b == b'\n').count()
            } else if name.ends_with(".xml") {
                let s = std::str::from_utf8(bytes).unwrap();
                s.matches("<item>").count() + s.matches("<entry>").count()
            } else if name.ends_with(".warc.gz") {
                let mut s = Vec::new();
                MultiGzDecoder::new(&bytes[..]).read_to_end(&mut s).unwrap();
                String::from_utf8_lossy(&s).matches("WARC-Type: response").count()
            } else {
                panic!("unexpected file {name}")
            };
        }
        assert_eq!(docs, 600);
        // Roughly the planted share, and every format present.
        assert!((10..=60).contains(&stats.duplicates), "{}", stats.duplicates);
        for ext in [".txt", ".html", ".xml", ".warc.gz", ".jsonl"] {
            assert!(written.keys().any(|n| n.ends_with(ext)), "{ext}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn same_seed_same_bytes() {
        let (a, b, c) = (scratch("det-a"), scratch("det-b"), scratch("det-c"));
        assert_eq!(generate(&a, 150, 7).unwrap(), generate(&b, 150, 7).unwrap());
        assert_eq!(files(&a), files(&b));
        generate(&c, 150, 8).unwrap();
        assert_ne!(files(&a), files(&c));
        for d in [a, b, c] {
            std::fs::remove_dir_all(d).unwrap();
        }
    }

    #[test]
    fn warc_files_are_multi_member_gzip_with_exact_lengths() {
        let dir = scratch("warc");
        generate(&dir, 300, 3).unwrap();
        let mut seen = 0;
        for (name, bytes) in files(&dir).into_iter().filter(|(n, _)| n.ends_with(".warc.gz")) {
            let mut raw = Vec::new();
            MultiGzDecoder::new(&bytes[..]).read_to_end(&mut raw).unwrap();
            let mut pos = 0;
            while pos < raw.len() {
                let end = pos + raw[pos..].windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
                let head = std::str::from_utf8(&raw[pos..end]).unwrap();
                assert!(head.starts_with("WARC/1.0\r\n"), "{name}");
                let len: usize = head.lines().find_map(|l| l.strip_prefix("Content-Length: ")).unwrap().trim().parse().unwrap();
                assert_eq!(&raw[end + 4 + len..end + 8 + len], b"\r\n\r\n", "{name}: record length");
                pos = end + 8 + len;
                seen += 1;
            }
        }
        assert!(seen > 10);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn planted_duplicates_repeat_an_article_in_another_format() {
        let mut bodies = HashSet::new();
        let mut dups = 0;
        for i in 0..2000 {
            let p = plan(1, i);
            match p.repeats {
                Some(earlier) => {
                    dups += 1;
                    let original = plan(1, earlier);
                    assert!(earlier < i);
                    assert_eq!(p.article, original.article);
                    assert_ne!(p.fmt, original.fmt);
                }
                None => {
                    assert_eq!(p.article, i);
                    assert!(bodies.insert(compose(1, i).body()), "two fresh articles are identical");
                }
            }
        }
        assert!(dups > 50 && dups < 160, "{dups}");
    }

    #[test]
    fn articles_are_about_four_kilobytes() {
        let sizes: Vec<usize> = (0..200).map(|i| compose(2, i).body().len()).collect();
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!((3000..=5500).contains(&mean), "mean article {mean} bytes");
    }

    #[test]
    fn cp1256_text_files_round_trip() {
        let a = compose(4, 4);
        let text = text_copy(&a, &mut Rng::new(1));
        let bytes = cp1256(&text).unwrap();
        let (back, _, bad) = encoding_rs::WINDOWS_1256.decode(&bytes);
        assert!(!bad);
        assert_eq!(back, text);
    }
}
