//! Judging blocks: article text or boilerplate, and the metadata lines among them.
//!
//! Works on blocks from any reader (plain-text lines or HTML paragraphs), so a signature line
//! or a "المصدر :" credit is recognised wherever it appears. All markers come from the profile.

use crate::block::{Block, BlockKind};
use crate::meta::{Byline, Stamp, parse_byline, parse_dateline};
use crate::profile::{Profile, key, profile};
use marsad_arabic::normalize::{is_letter, lowercase};

/// Blocks sorted into article and boilerplate, with the metadata read on the way.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub kept: Vec<Block>,
    pub removed: Vec<String>,
    /// Outlet id and the line it was read from.
    pub outlet: Option<(String, String)>,
    pub byline: Option<String>,
    /// The first dateline and the line it was read from.
    pub dateline: Option<(Stamp, String)>,
    /// The article's headline when the blocks show one (a heading, or a short first line).
    pub headline: Option<String>,
}

/// How many words a block needs before it counts as article text: footers are only honoured
/// after some, and bylines are only read before it.
const BODY_WORDS: usize = 12;

/// Sorts `blocks` into article text and boilerplate, reading outlet, byline, dateline and
/// headline from the lines that carry them. `titled` says the container already gave the
/// headline (a feed title, a JSON `title`), so the first block may be a byline rather than it.
pub fn clean(blocks: Vec<Block>, titled: bool) -> Cleaned {
    let p = profile();
    let mut out = Cleaned::default();
    let mut seen_body = false;
    let mut kept_keys: Vec<String> = Vec::new();
    let mut blocks = blocks.into_iter();
    while let Some(block) = blocks.next() {
        let k = key(&block.text);
        let words = block.text.split_whitespace().count();
        let short = words <= 10;
        if seen_body && short && p.starts_with_any(&k, &p.footer_starts).is_some() {
            out.removed.push(block.text);
            out.removed.extend(blocks.by_ref().map(|b| b.text));
            break;
        }
        if p.lines.contains(&k) || is_caption(p, &block, &k) || kept_keys.contains(&k) {
            out.removed.push(block.text);
            continue;
        }
        if let Some(prefix) = p.starts_with_any(&k, &p.line_prefixes) {
            // "المصدر : الجزيرة", "مصدر خاص الأيام السورية": the credit names the outlet.
            let credit = k[prefix.len()..].trim_start_matches([' ', ':']);
            if let Some(o) = p.outlet_named(credit).or_else(|| p.outlet_named(&k)) {
                out.outlet.get_or_insert((o.id.clone(), block.text.clone()));
            }
            out.removed.push(block.text);
            continue;
        }
        if short {
            if let Some(o) = p.outlet_named(&block.text) {
                out.outlet.get_or_insert((o.id.clone(), block.text.clone()));
                out.removed.push(block.text);
                continue;
            }
            if out.dateline.is_none()
                && let Some(stamp) = parse_dateline(&block.text) {
                    out.dateline = Some((stamp, block.text.clone()));
                    out.removed.push(block.text);
                    continue;
                }
            if is_breadcrumb(&block.text) {
                out.removed.push(block.text);
                continue;
            }
            {
                match parse_byline(&block.text) {
                    // "OUTLET - متابعات", "OUTLET - PLACE": a signature, wherever it stands and
                    // however the markup dressed it.
                    Some(Byline { author: None, outlet_id: Some(id) }) => {
                        out.outlet.get_or_insert((id, block.text.clone()));
                        out.removed.push(block.text);
                        continue;
                    }
                    // A byline with a name stands above the article; a headline-looking first
                    // line is not one (bylines follow something), nor is a heading.
                    Some(Byline { author: Some(author), outlet_id })
                        if block.kind != BlockKind::Heading
                            && !seen_body
                            && out.byline.is_none()
                            && (titled || !out.kept.is_empty() || outlet_id.is_some()) =>
                    {
                        if let Some(id) = outlet_id {
                            out.outlet.get_or_insert((id, block.text.clone()));
                        }
                        out.byline = Some(author);
                        out.removed.push(block.text);
                        continue;
                    }
                    _ => {}
                }
            }
        }
        // A long headline is not yet the body: body paragraphs end like sentences.
        seen_body |= words >= BODY_WORDS && (ends_like_sentence(&block.text) || words > 25);
        kept_keys.push(k);
        out.kept.push(block);
    }
    drop_trailing_teasers(&mut out);
    out.headline = headline(&out.kept);
    out
}

/// Short lines that do not end like a sentence, left after the last paragraph, are teasers for
/// other stories ("ناشطون: انقطاع الخبز في جيب هجين"), not the end of this one.
fn drop_trailing_teasers(out: &mut Cleaned) {
    let mut dropped = Vec::new();
    while out.kept.len() > 2 {
        let last = out.kept.last().expect("len checked");
        let words = last.text.split_whitespace().count();
        if words > 12 || ends_like_sentence(&last.text) {
            break;
        }
        dropped.push(out.kept.pop().expect("len checked").text);
    }
    out.removed.extend(dropped.into_iter().rev());
}

pub(crate) fn ends_like_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '؟', '?', ':', '…', '،', ',', '"', '»', '”', ')'])
}

/// A breadcrumb trail: three or more short parts joined by `/`, `>`, `»` or `›`
/// ("الرئيسية / أخبار سوريا / دير الزور").
fn is_breadcrumb(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['/', '>', '»', '›', '<', '«']).map(str::trim).collect();
    parts.len() >= 3 && parts.iter().all(|p| !p.is_empty() && p.split_whitespace().count() <= 4)
}

/// Photo captions: Latin-script lines in an Arabic page ("FILE PHOTO: …"), and short lines that
/// end with a parenthesised credit ("… (رويترز-أرشيف)").
fn is_caption(p: &Profile, block: &Block, k: &str) -> bool {
    if block.kind == BlockKind::Caption {
        return true;
    }
    let text = block.text.trim();
    let letters = text.chars().filter(|&c| is_letter(c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if letters >= 20 && latin * 10 >= letters * 9 {
        return true;
    }
    let lower = lowercase(text);
    if p.caption_prefixes.iter().any(|pre| lower.starts_with(pre.as_str())) {
        return true;
    }
    if block.text.split_whitespace().count() > 40 || !k.ends_with(')') {
        return false;
    }
    let Some(open) = k.rfind('(') else { return false };
    let credit = &k[open + 1..k.len() - 1];
    // A credit names a source ("رويترز", "الدفاع المدني") or says what the picture is
    // ("صورة أرشيفية"): a whole part equal to a listed credit, or a word starting with one
    // of the one-word credits, marks it.
    credit.len() < 60
        && credit.split(['-', '/', '،', ',', '|']).map(str::trim).any(|part| {
            p.caption_credits.iter().any(|c| {
                c == part || (!c.contains(' ') && part.split(' ').any(|w| w.starts_with(c.as_str())))
            })
        })
}

/// The first kept block is the headline when it is marked as a heading, or when it is a short
/// line that does not end like a sentence and more text follows.
fn headline(kept: &[Block]) -> Option<String> {
    let first = kept.first()?;
    if first.kind == BlockKind::Heading {
        return Some(first.text.clone());
    }
    let words = first.text.split_whitespace().count();
    (kept.len() > 1 && words <= 25 && !ends_like_sentence(&first.text)).then(|| first.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::blocks;

    fn clean_text(blocks: Vec<Block>) -> Cleaned {
        clean(blocks, false)
    }

    /// A page in the layout of a Syrian opposition outlet, written for this test.
    const PAGE: &str = "icon
التغطية الحية

اشتباكات عنيفة بين فصائل المعارضة وقوات النظام في ريف حماة الشمالي

2019.05.21 | 18:40 حماة

مقاتلون من فصائل المعارضة على جبهة كفرنبودة (أرشيف - إنترنت)
تلفزيون سوريا - متابعات
+A
حجم الخط
-A

دارت اشتباكات عنيفة مساء اليوم الثلاثاء بين فصائل المعارضة وقوات النظام على محور كفرنبودة في ريف حماة الشمالي، وسط قصف مدفعي مكثف على القرى المحيطة.

وقال ناشطون إن الفصائل استعادت السيطرة على نقاط عدة بعد هجوم معاكس، فيما قتل ما لا يقل عن سبعة عناصر من قوات النظام.
تعليقات
اقرأ أيضا: قصف على جسر الشغور
";

    #[test]
    fn seed_style_page_is_cleaned_and_read() {
        let c = clean_text(blocks(PAGE));
        let kept: Vec<&str> = c.kept.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(kept.len(), 3, "{kept:#?}");
        assert!(kept[0].starts_with("اشتباكات عنيفة"));
        assert_eq!(c.headline.as_deref(), Some(kept[0]));
        assert_eq!(c.outlet.as_ref().map(|o| o.0.as_str()), Some("SYRIA_TV"));
        assert_eq!(c.dateline.as_ref().unwrap().0.date.to_string(), "2019-05-21");
        for junk in ["icon", "التغطية الحية", "+A", "حجم الخط", "-A", "تعليقات", "(أرشيف - إنترنت)"] {
            assert!(c.removed.iter().any(|r| r.contains(junk)), "{junk} not removed");
            assert!(!kept.iter().any(|k| k.contains(junk)), "{junk} kept");
        }
    }

    #[test]
    fn byline_source_line_english_caption_and_repeated_headline() {
        let page = "نزوح مئات العائلات من ريف دير الزور الشرقي
نزوح مئات العائلات من ريف دير الزور الشرقي
FILE PHOTO: Displaced families walk along a dirt road near the town, in this handout picture.
سعاد المحمد-ريف دير الزور
نزحت مئات العائلات خلال الأيام الماضية من قرى ريف دير الزور الشرقي هربا من المعارك الدائرة بين الطرفين.
وأفاد سكان بأن معظم النازحين توجهوا إلى مخيمات في ريف الحسكة الجنوبي.
المصدر : الجزيرة
حول هذه القصة
عنوان قصة أخرى لا علاقة لها
";
        let c = clean_text(blocks(page));
        assert_eq!(c.kept.len(), 3, "{:#?}", c.kept);
        assert_eq!(c.byline.as_deref(), Some("سعاد المحمد"));
        assert_eq!(c.outlet.as_ref().map(|o| o.0.as_str()), Some("ALJAZEERA"));
        assert!(c.removed.iter().any(|r| r.starts_with("FILE PHOTO")));
        assert!(c.removed.iter().any(|r| r == "عنوان قصة أخرى لا علاقة لها"));
        assert_eq!(c.headline.as_deref(), Some("نزوح مئات العائلات من ريف دير الزور الشرقي"));
    }

    #[test]
    fn breadcrumbs_share_bars_and_outlet_place_lines() {
        let page = "الرئيسية / أخبار سوريا / حلب
انفجار في سوق شعبي بمدينة الباب
عنب بلدي - ريف حلب
+A حجم الخط -A
شارك: فيسبوك تويتر واتساب
انفجرت دراجة نارية مفخخة صباح اليوم في سوق شعبي وسط مدينة الباب، ما أدى إلى سقوط قتلى وجرحى بين المدنيين.
شارك مئات الأهالي في تشييع الضحايا بعد الظهر.
";
        let c = clean_text(blocks(page));
        let kept: Vec<&str> = c.kept.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(kept.len(), 3, "{kept:#?}");
        assert_eq!(c.headline.as_deref(), Some("انفجار في سوق شعبي بمدينة الباب"));
        assert_eq!(c.byline, None);
        assert_eq!(c.outlet.as_ref().map(|o| o.0.as_str()), Some("ENAB_BALADI"));
        assert!(kept[2].starts_with("شارك مئات"), "a sentence starting with the verb is kept");
    }

    #[test]
    fn a_signature_after_the_first_paragraph_is_still_a_signature() {
        let page = "عنوان قصير للخبر
صورة لعناصر الدفاع المدني وهم يبحثون بين الأنقاض عن ناجين بعد القصف على الحي (الدفاع المدني)
تلفزيون سوريا - خاص
قتل خمسة مدنيين وأصيب آخرون بقصف مدفعي استهدف حيا سكنيا في المدينة مساء اليوم الاثنين.
";
        let c = clean_text(blocks(page));
        assert_eq!(c.kept.len(), 2, "{:#?}", c.kept);
        assert_eq!(c.outlet.as_ref().map(|o| o.0.as_str()), Some("SYRIA_TV"));
    }

    #[test]
    fn captions_with_descriptive_credits() {
        let page = "عنوان الخبر هنا
آثار القصف على مبنى سكني في المدينة (صورة أرشيفية)
قالت مصادر محلية إن القصف استهدف الحي الشرقي من المدينة مساء أمس وأدى إلى دمار واسع في الأبنية.
وأضافت المصادر أن ثلاثة مدنيين أصيبوا بجروح (بحسب الدفاع المدني).
";
        let c = clean_text(blocks(page));
        let kept: Vec<&str> = c.kept.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(kept.len(), 3, "{kept:#?}");
        assert!(c.removed[0].contains("صورة أرشيفية"));
    }

    #[test]
    fn a_byline_under_a_long_headline() {
        let page = "الرقة.. مقتل أربعة أشخاص وإصابة أكثر من عشرة آخرين في انفجار عبوة ناسفة وسط السوق
سامر الخطيب-ريف الرقة
انفجرت عبوة ناسفة صباح اليوم في السوق الرئيسي للمدينة، ما أدى إلى مقتل أربعة أشخاص وإصابة آخرين.
";
        let c = clean_text(blocks(page));
        assert_eq!(c.byline.as_deref(), Some("سامر الخطيب"));
        assert_eq!(c.kept.len(), 2);
    }

    #[test]
    fn a_paragraph_first_document_has_no_headline_and_keeps_its_text() {
        let page = "قالت مصادر محلية إن طائرات مسيرة استهدفت سيارة على الطريق الواصل بين البلدتين صباح اليوم الأربعاء.
وأضافت المصادر أن القصف أدى إلى مقتل شخصين كانا في السيارة.
زمان الوصل
";
        let c = clean_text(blocks(page));
        assert_eq!(c.kept.len(), 2);
        assert_eq!(c.headline, None);
        assert_eq!(c.outlet.as_ref().map(|o| o.0.as_str()), Some("ZAMAN_ALWASL"));
    }
}
