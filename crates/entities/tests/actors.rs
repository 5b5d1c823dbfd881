//! Golden tests for actor mentions on sentences written for these tests: alias forms,
//! spelling variants, clitics, affiliation words, context rules, and the no-overlap property.

use marsad_entities::{Entity, Mention, MentionKind};
use proptest::prelude::*;

fn actors(text: &str) -> Vec<Mention> {
    let a = marsad_arabic::analyze(text, None);
    marsad_entities::mentions(text, &a)
        .into_iter()
        .filter(|m| m.kind == MentionKind::Actor)
        .collect()
}

/// (text as written, actor id) of every actor mention.
fn found(text: &str) -> Vec<(String, String)> {
    actors(text)
        .into_iter()
        .map(|m| match m.entity {
            Some(Entity::Actor(a)) => (m.text, a.id),
            _ => (m.text, String::new()),
        })
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(_, id)| id).collect()
}

#[test]
fn sdf_forms_and_spelling_variants() {
    for s in [
        "تقدمت قوات سوريا الديمقراطية نحو القرية",
        "تقدمت قوات سورية الديمقراطية نحو القرية",
        "تقدمت قسد نحو القرية",
        "تقدمت ميليشيات قسد نحو القرية",
        "تقدمت مليشيا قسد نحو القرية",
        "تقدمت قوات سوريا الديموقراطية نحو القرية",
    ] {
        assert_eq!(ids(s), ["SDF"], "{s}");
    }
}

#[test]
fn names_in_quotes_and_brackets() {
    assert_eq!(
        found("انسحب عناصر تنظيم \"الدولة الإسلامية\" من الحي"),
        [("عناصر تنظيم \"الدولة الإسلامية".to_string(), "ISIS".to_string())]
    );
    assert_eq!(ids("هاجمت «قسد» مواقع «داعش» ليلا"), ["SDF", "ISIS"]);
}

#[test]
fn clitics_on_the_first_word() {
    assert_eq!(found("اشتباكات بين الجيش الحر وداعش"), [
        ("الجيش الحر".to_string(), "FSA".to_string()),
        ("داعش".to_string(), "ISIS".to_string())
    ]);
    assert_eq!(found("سلّم المعبر لقسد"), [("قسد".to_string(), "SDF".to_string())]);
    assert_eq!(ids("وجّه نداء للمدنيين بالمغادرة"), ["CIVILIANS"]);
    assert_eq!(ids("قصفت بقوات النظام السوري مواقع"), ["SYR_REGIME"]);
}

#[test]
fn longest_alias_wins() {
    assert_eq!(
        found("أعلن مجلس دير الزور العسكري سيطرته على الحقل"),
        [("مجلس دير الزور العسكري".to_string(), "DEZ_MC".to_string())]
    );
    assert_eq!(ids("نفذت طائرات التحالف الدولي غارتين"), ["COALITION"]);
    assert_eq!(ids("اعتقلت الشرطة العسكرية الروسية شابين"), ["RUS_MP"]);
}

#[test]
fn affiliation_words_join_any_armed_actor_but_not_civilians() {
    assert_eq!(
        found("انتشرت دوريات الحشد الشعبي على الطريق"),
        [("دوريات الحشد الشعبي".to_string(), "HASHD".to_string())]
    );
    assert_eq!(ids("فرّ عناصر المدنيين"), ["CIVILIANS"]);
    assert_eq!(found("فرّ عناصر المدنيين")[0].0, "المدنيين");
}

#[test]
fn iran_backed_militias() {
    assert_eq!(ids("قتل اثنان من المسلحين الموالين لإيران"), ["IRAN_MILITIAS"]);
    assert_eq!(ids("انسحبت المليشيات الإيرانية من الموقع"), ["IRAN_MILITIAS"]);
    assert_eq!(ids("تمركز عناصر لواء فاطميون في المطار"), ["FATEMIYOUN"]);
}

#[test]
fn bare_organisation_follows_the_named_one() {
    // No armed group named: التنظيم is not an actor.
    assert!(ids("عقد التنظيم النقابي اجتماعه السنوي").is_empty());
    let got = found("أعلن داعش مسؤوليته عن الهجوم، وقال التنظيم إن مقاتليه عادوا");
    assert_eq!(got[1], ("التنظيم".to_string(), "ISIS".to_string()));
    let got = found("تبنّى تنظيم القاعدة الهجوم ثم هدد التنظيم بالمزيد");
    assert_eq!(got[1].1, "AQ");
    // Named only later in the document still counts.
    assert_eq!(ids("خسر التنظيم ثلاث قرى. وكانت داعش قد سيطرت عليها")[0], "ISIS");
}

#[test]
fn bare_regime_needs_a_syrian_context() {
    assert_eq!(ids("قصف النظام أحياء في حمص"), ["SYR_REGIME"]);
    assert!(ids("أقر البرلمان النظام الجديد للرواتب").is_empty());
    assert!(!ids("عدّل النظام الانتخابي في دمشق").contains(&"SYR_REGIME".to_string()));
}

#[test]
fn bare_coalition_defaults_to_the_international_coalition() {
    assert_eq!(ids("استهدف التحالف سيارة على الطريق"), ["COALITION"]);
    assert_eq!(ids("شن التحالف العربي غارات ثم أعلن التحالف انتهاء العملية"), ["SAUDI_COALITION", "SAUDI_COALITION"]);
}

#[test]
fn victims_and_generic_groups() {
    assert_eq!(ids("نزح الأهالي والعائلات مع النازحين"), ["CIVILIANS", "CIVILIANS", "CIVILIANS"]);
    assert_eq!(ids("أصيب السكان بالذعر"), ["CIVILIANS"]);
    assert_eq!(ids("بينهم أطفال ونساء"), ["CHILDREN", "WOMEN"]);
}

#[test]
fn other_war_actors() {
    assert_eq!(ids("قصفت القوات التركية قرى في ريف الحسكة"), ["TUR_MIL"]);
    assert_eq!(ids("اشتبكت قوات البيشمركة مع مسلحي داعش"), ["PESHMERGA", "ISIS"]);
    assert_eq!(ids("دخلت هيئة تحرير الشام البلدة وطردت أحرار الشام"), ["HTS", "AHRAR_SHAM"]);
    assert_eq!(ids("أغارت الطائرات الإسرائيلية على مستودع لحزب الله"), ["ISR_MIL", "HEZBOLLAH"]);
    assert_eq!(ids("نشر جهاز مكافحة الإرهاب قواته في الأنبار"), ["IRQ_CTS"]);
}

#[test]
fn every_mention_resolves_to_a_registry_actor_with_a_category() {
    for m in actors("قصفت قوات الأسد والميليشيات الإيرانية مواقع الجيش الوطني السوري") {
        let Some(Entity::Actor(a)) = m.entity else { panic!("unresolved actor {m:?}") };
        assert!(!a.category.is_empty() && !a.en.is_empty());
    }
}

const WORDS: &[&str] = &[
    "قوات", "سوريا", "الديمقراطية", "قسد", "داعش", "تنظيم", "الدولة", "الإسلامية", "التنظيم",
    "النظام", "السوري", "التحالف", "الدولي", "عناصر", "ميليشيات", "المدنيين", "و", "\"", "«",
    "»", "،", ".", "للمدنيين", "وقسد", "الحشد", "الشعبي", "في", "دمشق", "طائرات", "(", ")",
    "مجلس", "دير", "الزور", "العسكري", "ب", "لـ", "بقوات", "الأسد",
];

proptest! {
    #[test]
    fn actor_mentions_never_overlap_and_stay_in_bounds(
        picks in proptest::collection::vec(0..WORDS.len(), 0..40),
        seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("\n")], 40),
    ) {
        let mut text = String::new();
        for (n, p) in picks.iter().enumerate() {
            text.push_str(WORDS[*p]);
            text.push_str(seps[n]);
        }
        let n_chars = text.chars().count() as u32;
        let ms = actors(&text);
        for w in ms.windows(2) {
            prop_assert!(w[0].span.end() <= w[1].span.start(), "{:?} overlaps {:?}", w[0], w[1]);
        }
        for m in &ms {
            prop_assert!(m.span.end() <= n_chars);
            let s: String = text.chars().skip(m.span.start() as usize).take(m.span.len() as usize).collect();
            prop_assert_eq!(&s, &m.text);
        }
    }
}

#[test]
fn bare_security_forces_and_factions_are_read_by_the_story() {
    // Named before: the same force.
    assert_eq!(ids("دخلت القوات العراقية البلدة، ثم انسحبت القوات منها مساءً."), ["IRQ_ARMY", "IRQ_ARMY"]);
    // Not named, but the story is in Iraq.
    assert_eq!(ids("اعتقلت القوات الأمنية ثلاثة مطلوبين في الموصل."), ["IRQ_ARMY"]);
    // Neither named nor placed: nothing to read it as.
    assert!(ids("اعتقلت القوات الأمنية ثلاثة مطلوبين.").is_empty());
    // A nationality after the word names another force; "القوات" does not take it.
    assert_eq!(ids("انسحبت القوات الأمريكية من المطار قرب بغداد."), ["USA_MIL"]);
    // Syrian factions: the armed opposition unless a coalition of them was named before.
    assert_eq!(ids("سلّمت الفصائل معبر نصيب لقوات النظام في درعا."), ["SYR_OPPOSITION", "SYR_REGIME"]);
    assert!(ids("أعلنت الفصائل الفلسطينية في غزة الإضراب.").is_empty());
}

#[test]
fn bare_militias_are_the_militia_named_before() {
    let text = "قصفت طائرات مجهولة مواقع الميليشيات الإيرانية قرب البوكمال. وفي مدينة الميادين داهمت الميليشيات منازل مدنيين.";
    let ids = ids(text);
    assert_eq!(ids.iter().filter(|id| *id == "IRAN_MILITIAS").count(), 2, "{ids:?}");
    // With no militia named, the bare word names no one.
    assert!(!self::ids("داهمت الميليشيات منازل في البلدة.").iter().any(|id| id == "IRAN_MILITIAS"));
}

#[test]
fn gangs_media_activists_and_civilian_cars() {
    assert!(ids("اندلع اشتباك بين مجموعة محلية وأفراد العصابة").contains(&"UNIDENTIFIED_ARMED".to_string()));
    assert!(ids("اعتقلت الهيئة ثلاثة ناشطين إعلاميين").contains(&"JOURNALISTS".to_string()));
    assert!(ids("انفجرت عبوة ناسفة على عجلة مدنية").contains(&"CIVILIANS".to_string()));
}
