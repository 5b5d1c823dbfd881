//! Golden tests for place mentions on short documents written for these tests: ambiguous names,
//! clitics, kind words, compound phrases, spelling variants, unknown names and common words,
//! and a property test that place mentions never overlap and stay inside the text.

use marsad_entities::{Entity, GeoPrecision, Mention, MentionKind, PlaceEntity};
use proptest::prelude::*;

fn places(text: &str) -> Vec<Mention> {
    let a = marsad_arabic::analyze(text, None);
    marsad_entities::mentions(text, &a)
        .into_iter()
        .filter(|m| m.kind == MentionKind::Place)
        .collect()
}

fn place(m: &Mention) -> Option<&PlaceEntity> {
    match &m.entity {
        Some(Entity::Place(p)) => Some(p),
        _ => None,
    }
}

/// The mention whose text is exactly `surface`.
fn find<'a>(ms: &'a [Mention], surface: &str) -> &'a Mention {
    ms.iter()
        .find(|m| m.text == surface)
        .or_else(|| ms.iter().find(|m| m.text.ends_with(surface)))
        .unwrap_or_else(|| {
            panic!(
                "no place mention {surface:?} in {:?}",
                ms.iter().map(|m| &m.text).collect::<Vec<_>>()
            )
        })
}

#[test]
fn clitics_and_article_reach_the_same_town() {
    let text = "وصل الوفد بهجين صباحاً، ثم عاد إلى الهجين، وقيل إن لهجين أهمية كبيرة.";
    let ms = places(text);
    let ids: Vec<_> = ms.iter().filter_map(place).map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["wof:890449895"; 3], "{ms:#?}");
    // The span leaves the preposition out and keeps the name as written.
    assert_eq!(ms[0].text, "هجين");
    assert_eq!(ms[1].text, "الهجين");
    for m in &ms {
        let s: String = text
            .chars()
            .skip(m.span.start() as usize)
            .take(m.span.len() as usize)
            .collect();
        assert_eq!(s, m.text);
    }
}

#[test]
fn same_name_is_chosen_by_the_other_places_of_the_document() {
    // Two villages called البحرة: one by Hajin on the Euphrates, one near Hama.
    let east = places("تعرضت بلدة البحرة لقصف مدفعي، وامتد القصف إلى بلدة هجين المجاورة.");
    let p = place(find(&east, "البحرة")).expect("resolved");
    assert_eq!(p.admin.first().map(String::as_str), Some("Deir-ez-Zor"));
    assert!(
        !find(&east, "البحرة").candidates.is_empty(),
        "runner-ups kept"
    );

    let west = places("نزح أهالي قرية البحرة نحو مدينة حماة بعد الاشتباكات.");
    let p = place(find(&west, "البحرة")).expect("resolved");
    assert_eq!(p.admin.first().map(String::as_str), Some("Hama"));
}

#[test]
fn kind_words_set_the_kind_and_compounds_the_precision() {
    let ms = places(
        "اندلعت اشتباكات في ريف دير الزور الشرقي، وتقدمت القوات شرق دير الزور نحو حقل التنك وبادية هجين.",
    );
    let r = place(find(&ms, "ريف دير الزور الشرقي")).unwrap();
    assert_eq!(
        (r.kind.as_str(), r.precision),
        ("countryside", GeoPrecision::Region)
    );
    // The countryside of the governorate, named and identified as the region it is.
    assert_eq!((r.id.as_str(), r.ar.as_str()), ("ocha:SY09#countryside", "ريف دير الزور"));
    let e = place(find(&ms, "شرق دير الزور")).unwrap();
    assert_eq!(e.precision, GeoPrecision::Region);
    let t = place(find(&ms, "حقل التنك")).unwrap();
    assert_eq!(
        (t.id.as_str(), t.kind.as_str(), t.precision),
        ("marsad:tanak-oil-field", "oil_field", GeoPrecision::Place)
    );
    let b = place(find(&ms, "بادية هجين")).unwrap();
    assert_eq!(
        (b.kind.as_str(), b.precision),
        ("desert", GeoPrecision::Near)
    );

    let town = places("دخلت القوات مدينة الميادين ثم قرية السوسة القريبة من البوكمال.");
    assert_eq!(place(find(&town, "الميادين")).unwrap().kind, "city");
    let near = places("سقطت قذائف قرب بلدة هجين.");
    let n = place(&near[0]).unwrap();
    assert_eq!(
        (n.id.as_str(), n.precision),
        ("wof:890449895", GeoPrecision::Near)
    );
}

#[test]
fn spelling_variants_are_accepted_only_beside_places_nearby() {
    let ms =
        places("يقع المعبر بين بلدة الشعفة و\"العلوني\" على طرف البادية، قرب قرى الشعثة والباغوز.");
    assert_eq!(place(find(&ms, "العلوني")).unwrap().id, "marsad:alwani");
    assert_eq!(place(find(&ms, "الشعثة")).unwrap().id, "wof:1242669227");
    // Alone, with nothing around it, a misspelt name is not guessed at.
    let alone = places("قال إن العلوني رجل طيب.");
    assert!(
        alone
            .iter()
            .all(|m| place(m).is_none_or(|p| p.id != "marsad:alwani")),
        "{alone:#?}"
    );
}

#[test]
fn article_less_spelling_in_a_list_is_the_same_village() {
    let ms = places("طال القصف قرى: البقعان، وسوسة، وهجين.");
    assert_eq!(place(find(&ms, "سوسة")).unwrap().id, "wof:1209812425");
    assert_eq!(place(find(&ms, "البقعان")).unwrap().id, "wof:1344151581");
}

#[test]
fn multi_word_and_run_together_names() {
    let ms = places("وصلت تعزيزات إلى ديرالزور، ثم إلى باغوز فوقاني وتل حبش قرب مدينة عامودا.");
    assert_eq!(place(find(&ms, "ديرالزور")).unwrap().id, "wof:421202167");
    assert_eq!(
        place(find(&ms, "باغوز فوقاني")).unwrap().id,
        "wof:1259574811"
    );
    let th = place(find(&ms, "تل حبش")).unwrap();
    assert_eq!(th.admin.first().map(String::as_str), Some("Al-Hasakeh"));
}

#[test]
fn unknown_name_after_kind_word_is_kept_unresolved() {
    let ms = places("وصل النازحون إلى قرية زرنوخة الصغيرة ثم إلى مدينة هجين.");
    let z = find(&ms, "زرنوخة");
    assert!(z.entity.is_none());
    assert!(z.reason.contains("unknown"));
    assert!(
        place(find(&ms, "هجين")).is_some(),
        "the unknown name does not spoil the rest"
    );
}

#[test]
fn common_words_that_are_village_names_need_evidence() {
    // الدولة and تشرين are villages somewhere, and a word and a month here.
    let ms = places("أعلن تنظيم الدولة في تشرين الأول أن محمد طالب بالحرية والسلام.");
    assert!(ms.iter().all(|m| m.entity.is_none()), "{ms:#?}");
    // With a kind word the same word is a place.
    let ms = places("قصفت الطائرات قرية تشرين صباحاً.");
    assert!(
        ms.iter().any(|m| m.text == "تشرين" && place(m).is_some()),
        "{ms:#?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn place_mentions_never_overlap_and_stay_in_bounds(
        words in proptest::collection::vec(
            prop::sample::select(vec![
                "هجين", "بلدة", "قرية", "ريف", "دير", "الزور", "الشرقي", "شرق", "قرب", "و", "،",
                "السوسة", "سوسة", "الشعثة", "حقل", "التنك", "بادية", "\"", ":", "قرى", "في",
                "من", "البحرة", "زرنوخة", "الدولة", "ديرالزور", "باغوز", "فوقاني", "\n", "بهجين",
                "والسوسة", "x", "١٢", "مدينة", "محافظة", "أطراف",
            ]),
            0..40,
        )
    ) {
        let text = words.join(" ");
        let n = text.chars().count() as u32;
        let ms = places(&text);
        let mut last_end = 0;
        for m in &ms {
            prop_assert!(m.span.end() <= n);
            prop_assert!(m.span.start() >= last_end, "overlap at {:?} in {:?}", m.span, text);
            let s: String = text.chars().skip(m.span.start() as usize).take(m.span.len() as usize).collect();
            prop_assert_eq!(&s, &m.text);
            last_end = m.span.end();
        }
    }
}

/// The ids of the resolved place mentions whose text ends with `surface`.
fn ids_of(ms: &[Mention], surface: &str) -> Vec<String> {
    ms.iter()
        .filter(|m| m.text.ends_with(surface))
        .filter_map(place)
        .map(|p| p.id.clone())
        .collect()
}

const BAGHUZ: &str = "wof:1343849925";
const AL_BAB_TOWN: &str = "wof:1125981903";

#[test]
fn a_nearness_word_is_evidence_for_a_village_written_with_its_article() {
    // The gazetteer spells it باغوز; news writes الباغوز.
    let ms = places("دارت معارك عنيفة على أطراف الباغوز مساء الأحد.");
    assert_eq!(ids_of(&ms, "الباغوز"), [BAGHUZ], "{ms:#?}");
}

#[test]
fn a_village_news_writes_with_the_article_is_found_after_a_preposition() {
    // places_extra.tsv adds الباغوز to the gazetteer's باغوز.
    let ms = places("نزح مئات المدنيين من الباغوز خلال الأيام الماضية.");
    assert_eq!(ids_of(&ms, "الباغوز"), [BAGHUZ], "{ms:#?}");
}

#[test]
fn a_place_named_with_evidence_is_known_again_through_clitics() {
    let text = "استهدف طيران التحالف بلدة الباغوز ليلاً. وتمركزت القوات على الأطراف الشمالية \
                للباغوز، فيما فر مدنيون من الباغوز نحو المخيمات، وعاد بعضهم بالباغوز والباغوز.";
    let ms = places(text);
    let ids: Vec<_> = ms.iter().filter_map(place).map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [BAGHUZ; 5], "{ms:#?}");
}

#[test]
fn a_common_word_named_once_with_a_kind_word_still_needs_evidence_later() {
    // تشرين is on the stoplist: قرية تشرين is a place, تشرين alone is a month.
    let ms = places("قصفت المدفعية قرية تشرين صباحاً. وقال الأهالي إن القصف بدأ في تشرين.");
    assert_eq!(ms.iter().filter(|m| m.entity.is_some()).count(), 1, "{ms:#?}");
}

#[test]
fn a_town_east_of_a_city_is_the_town_and_the_city_its_own_mention() {
    let ms = places("قتل ثلاثة مدنيين بانفجار في مدينة الباب شرقي حلب.");
    assert_eq!(ids_of(&ms, "الباب"), [AL_BAB_TOWN], "{ms:#?}");
    let aleppo = place(find(&ms, "حلب")).expect("حلب resolved");
    assert!(aleppo.admin.first().is_some_and(|a| a == "Aleppo"), "{aleppo:?}");
}

#[test]
fn a_short_town_name_that_is_also_a_word_needs_the_document_to_back_it() {
    // الباب is also "the door".
    assert!(places("انفجرت عبوة في الباب صباح اليوم.").iter().all(|m| m.entity.is_none()));
    // The document names the town with a kind word elsewhere.
    let ms = places("شهدت مدينة الباب توتراً. وانفجرت عبوة في الباب صباح اليوم.");
    assert_eq!(ids_of(&ms, "الباب"), [AL_BAB_TOWN, AL_BAB_TOWN], "{ms:#?}");
    // The document names Aleppo, whose governorate the town is in.
    let ms = places("تصاعد التوتر في ريف حلب. وانفجرت عبوة في الباب صباح اليوم.");
    assert_eq!(ids_of(&ms, "الباب"), [AL_BAB_TOWN], "{ms:#?}");
}

#[test]
fn a_common_word_after_the_district_word_is_the_district() {
    // بلد is also "country".
    let ms = places("فككت القوات الأمنية عبوة ناسفة عند مدخل قضاء بلد جنوبي سامراء.");
    let p = place(find(&ms, "بلد")).expect("بلد resolved");
    assert_eq!(p.en, "Balad", "{ms:#?}");
    assert!(p.admin.first().is_some_and(|a| a == "Sala ad-Din"), "{p:?}");
    assert!(places("أكد أن البلد يمر بأزمة.").iter().all(|m| m.entity.is_none()));
}


#[test]
fn a_name_followed_by_where_it_lies_is_read_inside_it() {
    // The gazetteer's جسر الأحرار is a bridge in Kut; the one "وسط بغداد" is not it.
    let ms = places("تجمع المحتجون قرب جسر الأحرار وسط بغداد.");
    assert!(ms.iter().all(|m| place(m).is_none_or(|p| p.admin.first().is_some_and(|a| a == "Baghdad"))), "{ms:?}");
    // Without the locating words the only reading stands.
    let ms = places("تجمع المحتجون قرب جسر الأحرار.");
    assert_eq!(place(find(&ms, "جسر الأحرار")).map(|p| p.admin[0].as_str()), Some("Wasit"));
    // A front named by its village: near it.
    let ms = places("اشتباكات عنيفة على محور كبانة في ريف اللاذقية الشمالي.");
    let kabanah = place(find(&ms, "محور كبانة")).expect("Kabanah resolved");
    assert_eq!((kabanah.en.as_str(), kabanah.precision), ("Kabanah", GeoPrecision::Near));
}

#[test]
fn no_place_inside_a_date() {
    // ظهر is a village too; "ظهر اليوم الأربعاء" is noon on Wednesday.
    let ms = places("فجّر انتحاري حزامه وسط مدينة منبج شرقي حلب، ظهر اليوم الأربعاء، ما أدى إلى مقتل أربعة.");
    assert!(ms.iter().all(|m| !m.text.contains("ظهر")), "{ms:?}");
    assert!(ms.iter().any(|m| m.text.contains("منبج")));
}

#[test]
fn a_two_letter_name_is_found_only_with_its_article() {
    let ms = places("وقُتل عناصر في اشتباكات قرب قرية التح جنوب معرة النعمان.");
    assert_eq!(place(find(&ms, "التح")).map(|p| p.en.as_str()), Some("At Tahh"));
    // "إن" is not الان without its article.
    let ms = places("وقال المصدر إن القصف طال البلدة.");
    assert!(ms.iter().all(|m| m.text != "إن"), "{ms:?}");
}

#[test]
fn a_far_town_named_with_the_province_it_lies_in_stands_and_common_verbs_are_not_villages() {
    let ms = places("وقع هجوم صاروخي قرب كركوك أسفر عن قتيل. وضربت طائرات مواقع في القائم غربي الأنبار. وتوعدت فصائل بهجمات في بغداد.");
    assert_eq!(place(find(&ms, "القائم")).map(|p| p.en.as_str()), Some("Al Qa'im"));
    assert!(ms.iter().all(|m| m.text != "أسفر"), "{ms:?}");
}

#[test]
fn two_towns_after_a_dual_kind_word_are_both_places() {
    let text = "قصفت المدفعية بلدتي السوسة والشعفة شرقي دير الزور.";
    let ms = places(text);
    for name in ["السوسة", "الشعفة"] {
        let p = place(find(&ms, name)).expect("resolved");
        assert_eq!(marsad_entities::place_country(&p.id), Some("SY"), "{p:?}");
    }
}

#[test]
fn a_demonstration_is_not_a_village_one_letter_away() {
    let ms = places("فرّقت قوات النظام مظاهرة خرجت في درعا البلد.");
    assert!(ms.iter().all(|m| m.text != "مظاهرة"), "{:?}", ms.iter().map(|m| &m.text).collect::<Vec<_>>());
}
