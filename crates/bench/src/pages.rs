//! News pages in several site layouts, each knowing which of its visible strings are article and which are boilerplate.

use crate::article::{Article, compose};
use crate::data::data;
use crate::rng::Rng;

/// One HTML page with the truth about it, for measuring main-text extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledPage {
    pub html: String,
    /// The headline (in `<h1>` or its layout's equivalent). Neither article paragraph nor boilerplate.
    pub headline: String,
    /// The paragraphs that are the article, in order; each occurs verbatim in `html`.
    pub article: Vec<String>,
    /// Visible strings that are not the article: navigation, bylines and datelines, widgets,
    /// captions, related links, comments, footers.
    pub boilerplate: Vec<String>,
}

/// How many different layouts [`render_html`] knows; `layout` is taken modulo this.
pub(crate) const LAYOUTS: usize = 5;

/// `n` pages cycling through every layout, composed from `seed`.
pub fn html_pages(n: usize, seed: u64) -> Vec<LabelledPage> {
    (0..n)
        .map(|i| {
            let a = compose(seed ^ 0x5A6E_5041_4745_5321, i as u64);
            let mut rng = Rng::for_item(seed, i as u64, 3);
            let page = render_html(&a, i % LAYOUTS, "utf-8", &mut rng);
            LabelledPage { html: page.html, headline: a.headline.clone(), article: a.paras.clone(), boilerplate: page.boilerplate }
        })
        .collect()
}

pub(crate) struct Rendered {
    pub html: String,
    pub boilerplate: Vec<String>,
}

/// Escapes text for an HTML text node or a double-quoted attribute.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes for a text node only; quotes stay, so article text with quotation marks is found verbatim.
fn esc_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Accumulates markup and remembers every visible boilerplate string it was given.
struct Page {
    html: String,
    bp: Vec<String>,
}

impl Page {
    fn raw(&mut self, s: &str) {
        self.html.push_str(s);
        self.html.push('\n');
    }

    /// A boilerplate string wrapped in `open`/`close` markup.
    fn bp(&mut self, open: &str, text: &str, close: &str) {
        self.html.push_str(open);
        self.html.push_str(&esc_text(text));
        self.html.push_str(close);
        self.html.push('\n');
        self.bp.push(text.to_string());
    }

    fn para(&mut self, open: &str, text: &str, close: &str) {
        self.html.push_str(open);
        self.html.push_str(&esc_text(text));
        self.html.push_str(close);
        self.html.push('\n');
    }
}

fn byline_text(a: &Article) -> String {
    match &a.byline {
        Some(name) => format!("{name}-{}", a.byline_place),
        None => format!("{} - {}", a.outlet_ar(), a.byline_place),
    }
}

/// A full page for `a` in one of [`LAYOUTS`] layouts, declaring `charset` in a `<meta>`.
pub(crate) fn render_html(a: &Article, layout: usize, charset: &str, rng: &mut Rng) -> Rendered {
    let d = data();
    let outlet = &d.outlets[a.outlet];
    let mut p = Page { html: String::with_capacity(12_000), bp: Vec::new() };
    let author = a.byline.as_deref().map(|b| format!(r#","author":{{"@type":"Person","name":"{}"}}"#, json_str(b))).unwrap_or_default();
    p.raw("<!DOCTYPE html>");
    p.raw(r#"<html lang="ar" dir="rtl">"#);
    p.raw("<head>");
    p.raw(&format!(r#"<meta charset="{charset}">"#));
    p.raw(&format!("<title>{} | {}</title>", esc(&a.headline), esc(outlet.ar)));
    p.raw(&format!(r#"<link rel="canonical" href="{}">"#, a.url));
    p.raw(&format!(r#"<meta property="og:site_name" content="{}">"#, esc(outlet.ar)));
    p.raw(&format!(r#"<meta property="og:title" content="{}">"#, esc(&a.headline)));
    p.raw(&format!(r#"<meta property="article:published_time" content="{}">"#, a.published_iso()));
    p.raw(&format!(
        r#"<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{}","datePublished":"{}","publisher":{{"@type":"Organization","name":"{}","alternateName":"{}"}}{author}}}</script>"#,
        json_str(&a.headline),
        a.published_iso(),
        json_str(outlet.ar),
        json_str(outlet.en)
    ));
    p.raw(r#"<link rel="stylesheet" href="/assets/site.css"><script async src="/assets/analytics.js"></script>"#);
    p.raw("</head>");
    p.raw(r#"<body class="post-template">"#);

    let nav = rng.sample(d.bp("nav"), 5, 8);
    let related = rng.sample(d.bp("related"), 3, 5);
    let comments = rng.sample(d.bp("comment"), 0, 3);
    let font = rng.pick(d.bp("font"));
    let related_title = rng.pick(d.bp("related_title"));
    let caption_ar = rng.chance(0.7).then(|| rng.pick(d.bp("caption_ar")));
    let caption_en = rng.chance(0.3).then(|| rng.pick(d.bp("caption_en")));
    let dateline = a.dateline(rng.below(4));
    let byline = byline_text(a);

    // Header and navigation: every layout has one.
    p.raw(r#"<header class="site-header">"#);
    p.bp(r#"<a class="logo" href="/">"#, outlet.ar, "</a>");
    p.raw(r#"<nav><ul>"#);
    for (i, item) in nav.iter().enumerate() {
        p.bp(&format!(r#"<li><a href="/section/{i}">"#), item, "</a></li>");
    }
    p.raw("</ul></nav></header>");

    let share = |p: &mut Page| {
        p.raw(r#"<div class="share-bar">"#);
        for s in d.bp("share") {
            p.bp(r##"<a href="#" class="share">"##, s, "</a>");
        }
        p.raw("</div>");
    };
    let figure = |p: &mut Page| {
        if caption_ar.is_none() && caption_en.is_none() {
            return;
        }
        p.raw(r#"<figure><img src="/media/lead.jpg" alt="">"#);
        if let Some(c) = caption_en {
            p.bp(r#"<span class="credit">"#, c, "</span>");
        }
        if let Some(c) = caption_ar {
            p.bp("<figcaption>", c, "</figcaption>");
        }
        p.raw("</figure>");
    };
    let related_box = |p: &mut Page, class: &str| {
        p.raw(&format!(r#"<aside class="{class}">"#));
        p.bp("<h3>", related_title, "</h3>");
        p.raw("<ul>");
        for (i, r) in related.iter().enumerate() {
            p.bp(&format!(r#"<li><a href="/story/{i}">"#), r, "</a></li>");
        }
        p.raw("</ul></aside>");
    };
    let comment_section = |p: &mut Page, long: bool| {
        p.raw(r#"<section id="comments">"#);
        p.bp("<h3>", d.bp("comment_head")[0], "</h3>");
        let all = d.bp("comment");
        let n = if long { 6 } else { comments.len() };
        for i in 0..n {
            // Long threads join several remarks per comment: comment blocks then rival paragraphs in length.
            let text = if long {
                (0..3).map(|k| all[(i + k * 3) % all.len()]).collect::<Vec<_>>().join("، ")
            } else {
                comments[i].to_string()
            };
            p.raw(r#"<div class="comment">"#);
            p.bp(r#"<span class="comment-author">"#, d.given[i % d.given.len()], "</span>");
            p.bp("<p>", &text, "</p>");
            p.raw("</div>");
        }
        p.bp(r#"<form class="comment-form"><label>"#, d.bp("comment_form")[0], r#"</label><textarea></textarea><button>إرسال</button></form>"#);
        p.bp(r#"<div class="loading">"#, d.bp("comment_form")[2], "</div>");
        p.raw("</section>");
    };
    let signature = |p: &mut Page| {
        if !outlet.signature.is_empty() {
            p.bp(r#"<p class="source">"#, outlet.signature, "</p>");
        }
    };

    match layout % LAYOUTS {
        0 => {
            // Modern: the article in <article>, related and comments after it.
            p.raw("<main><article>");
            p.para("<h1>", &a.headline, "</h1>");
            p.raw(r#"<div class="meta">"#);
            p.bp(r#"<span class="author">"#, &byline, "</span>");
            p.bp(&format!(r#"<time datetime="{}">"#, a.published_iso()), &dateline, "</time>");
            p.raw("</div>");
            p.bp(r#"<div class="font-size">"#, font, "</div>");
            share(&mut p);
            figure(&mut p);
            for para in &a.paras {
                p.para("<p>", para, "</p>");
            }
            signature(&mut p);
            p.raw("</article>");
            related_box(&mut p, "related");
            comment_section(&mut p, false);
            p.raw("</main>");
        }
        1 => {
            // Bootstrap-era: nested divs, no <article>, a sidebar of links beside the text.
            p.raw(r#"<div class="container"><div class="row"><div class="col-md-8"><div class="post">"#);
            p.para(r#"<div class="post-title"><h1>"#, &a.headline, "</h1></div>");
            p.bp(r#"<div class="post-date">"#, &dateline, "</div>");
            p.bp(r#"<div class="post-author">"#, &byline, "</div>");
            share(&mut p);
            p.bp(r#"<div class="font-tools">"#, font, "</div>");
            figure(&mut p);
            p.raw(r#"<div class="post-body"><div class="entry-content">"#);
            for para in &a.paras {
                p.para("<p>", para, "</p>");
            }
            p.raw("</div></div>");
            signature(&mut p);
            p.raw("</div>");
            comment_section(&mut p, false);
            p.raw(r#"</div><div class="col-md-4 sidebar">"#);
            related_box(&mut p, "widget");
            p.raw(r#"<div class="widget">"#);
            p.bp("<h4>", d.bp("most_read")[0], "</h4>");
            p.raw("<ol>");
            for r in d.bp("related").iter().rev().take(4) {
                p.bp(r##"<li><a href="#">"##, r, "</a></li>");
            }
            p.raw("</ol></div>");
            p.bp(r#"<div class="widget newsletter">"#, d.bp("newsletter")[0], "</div>");
            p.raw("</div></div></div>");
        }
        2 => {
            // Old portal: tables for layout, paragraphs separated by <br> inside one cell.
            p.raw(r#"<table width="100%" border="0" cellpadding="4"><tr><td class="menu" width="20%">"#);
            for r in &related {
                p.bp(r##"<a href="#">"##, r, "</a><br>");
            }
            p.raw(r#"</td><td class="content" valign="top">"#);
            p.para(r#"<font size="5"><b>"#, &a.headline, "</b></font><br>");
            p.bp(r#"<font size="2" color="gray">"#, &dateline, "</font><br>");
            p.bp(r#"<font size="2">"#, &byline, "</font><br><br>");
            for para in &a.paras {
                p.para("", para, "<br><br>");
            }
            signature(&mut p);
            p.raw("</td></tr>");
            p.raw(r#"<tr><td colspan="2" class="tools">"#);
            p.bp("<span>", font, "</span>");
            share(&mut p);
            p.raw("</td></tr></table>");
            comment_section(&mut p, false);
        }
        3 => {
            // Story page with a "read also" box and the photo between paragraphs.
            p.raw(r#"<main class="story"><section class="story-head">"#);
            p.para(r#"<h1 class="headline">"#, &a.headline, "</h1>");
            p.bp(r#"<p class="byline">"#, &byline, "</p>");
            p.bp(r#"<p class="dateline">"#, &dateline, "</p>");
            p.raw(r#"</section><section class="story-body">"#);
            for (i, para) in a.paras.iter().enumerate() {
                p.para("<p>", para, "</p>");
                if i == 1 {
                    related_box(&mut p, "inline-related");
                }
                if i == 3 {
                    figure(&mut p);
                }
            }
            signature(&mut p);
            p.raw("</section>");
            share(&mut p);
            p.raw(r#"<section class="tags">"#);
            p.bp(r#"<a class="tag" href="/tag/1">"#, d.bp("nav")[1], "</a>");
            p.raw("</section></main>");
            comment_section(&mut p, false);
        }
        _ => {
            // A short story under a long comment thread that outweighs it.
            p.raw(r#"<div id="content"><div class="article-wrap">"#);
            p.para("<h2>", &a.headline, "</h2>");
            p.bp(r#"<div class="info">"#, &byline, "</div>");
            p.bp(r#"<div class="info">"#, &dateline, "</div>");
            p.raw(r#"<div class="text">"#);
            for para in &a.paras {
                p.para(r#"<div class="para">"#, para, "</div>");
            }
            p.raw("</div>");
            signature(&mut p);
            p.raw("</div>");
            comment_section(&mut p, true);
            related_box(&mut p, "more");
            p.raw("</div>");
        }
    }

    p.raw(r#"<footer class="site-footer"><ul>"#);
    for f in &d.bp("footer")[1..] {
        p.bp(r##"<li><a href="#">"##, f, "</a></li>");
    }
    p.raw("</ul>");
    let copyright = format!("© {} {} - {}", a.published.year, outlet.ar, d.bp("footer")[0]);
    p.bp("<p>", &copyright, "</p>");
    p.raw("</footer>");
    p.raw(r#"<script src="/assets/app.js"></script>"#);
    p.raw("</body>");
    p.raw("</html>");
    Rendered { html: p.html, boilerplate: p.bp }
}

/// Escapes a string for inclusion in a JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_and_boilerplate_strings_occur_in_the_page() {
        for page in html_pages(25, 11) {
            assert!(page.html.contains(&page.headline));
            assert!(page.article.len() >= 5);
            for s in page.article.iter() {
                assert!(page.html.contains(s.as_str()), "article paragraph missing: {s}");
            }
            for s in page.boilerplate.iter() {
                assert!(page.html.contains(&esc_text(s)), "boilerplate missing: {s}");
            }
        }
    }

    #[test]
    fn boilerplate_is_never_article_text() {
        for page in html_pages(25, 12) {
            for b in &page.boilerplate {
                assert!(!page.article.iter().any(|p| p == b), "{b}");
            }
        }
    }

    #[test]
    fn layouts_differ() {
        let pages = html_pages(LAYOUTS, 4);
        let shapes: std::collections::HashSet<&str> = pages
            .iter()
            .map(|p| ["<article>", "col-md-8", "<table", "inline-related", "article-wrap"].into_iter().find(|m| p.html.contains(m)).unwrap_or("?"))
            .collect();
        assert_eq!(shapes.len(), LAYOUTS);
    }

    #[test]
    fn pages_are_deterministic() {
        assert_eq!(html_pages(6, 99), html_pages(6, 99));
        assert_ne!(html_pages(1, 99), html_pages(1, 100));
    }
}
