//! Golden tests for cited sources and named people on sentences written for these tests: each
//! attribution pattern, the span of what is attributed, anaphors, roles and surnames.

use marsad_entities::{Entity, Mention, MentionKind, PersonEntity, SourceEntity};
use proptest::prelude::*;

fn all(text: &str) -> Vec<Mention> {
    let a = marsad_arabic::analyze(text, None);
    marsad_entities::mentions(text, &a)
}

fn cut(text: &str, s: marsad_model::Span) -> String {
    text.chars().skip(s.start() as usize).take(s.len() as usize).collect()
}

/// (source name, kind, actor, attributed text) of every source mention.
fn sources(text: &str) -> Vec<(String, String, Option<String>, String)> {
    all(text)
        .into_iter()
        .filter(|m| m.kind == MentionKind::Source)
        .map(|m| {
            let Some(Entity::Source(SourceEntity { name, source_kind, actor })) = m.entity else {
                panic!("source without entity")
            };
            let att = m.attributed.map(|s| cut(text, s)).unwrap_or_default();
            (name, source_kind, actor, att)
        })
        .collect()
}

fn people(text: &str) -> Vec<PersonEntity> {
    all(text)
        .into_iter()
        .filter_map(|m| match m.entity {
            Some(Entity::Person(p)) if m.kind == MentionKind::Person => Some(p),
            _ => None,
        })
        .collect()
}

#[test]
fn speech_verb_with_noun_source() {
    let s = sources("وأفادت مصادر أمنية أن دورية تعرضت لكمين قرب الجسر.");
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].0.as_str(), s[0].1.as_str()), ("مصادر أمنية", "local_sources"));
    assert_eq!(s[0].3, "دورية تعرضت لكمين قرب الجسر");
}

#[test]
fn each_speech_verb_opens_an_attribution() {
    for (verb, bridge) in [
        ("قال", ""), ("ذكر", ""), ("أكد", ""), ("أشار", "إلى "), ("أوضح", ""), ("أضاف", ""),
        ("أفاد", "ب"), ("صرح", "ب"), ("لفت", "إلى "), ("نفى", ""),
    ] {
        let text = format!("{verb} ناشطون محليون {bridge}أن السوق أغلق أبوابه.");
        let s = sources(&text);
        assert_eq!(s.len(), 1, "{text}: {s:?}");
        assert_eq!(s[0].0, "ناشطون محليون", "{text}");
        assert_eq!(s[0].3, "السوق أغلق أبوابه", "{text}");
    }
}

#[test]
fn agency_with_quoted_name_and_its_actor() {
    let s = sources("وزعمت وكالة \"أعماق\" أن مقاتلي التنظيم دمروا آليتين.");
    assert_eq!(s[0].0, "وكالة أعماق");
    assert_eq!(s[0].2.as_deref(), Some("ISIS"));
    assert_eq!(s[0].3, "مقاتلي التنظيم دمروا آليتين");
}

#[test]
fn network_page_and_relation_to_an_actor() {
    let s = sources("ونشرت صفحة \"الخابور\" على فيسبوك، أن الطريق قُطع.");
    assert_eq!((s[0].0.as_str(), s[0].1.as_str()), ("صفحة الخابور", "network"));
    assert_eq!(s[0].3, "الطريق قُطع");
    let s = sources("وقالت حسابات موالية لقسد إن الهجوم صُدّ.");
    assert_eq!(s[0].2.as_deref(), Some("SDF"));
}

#[test]
fn cue_at_the_end_attributes_the_clause_before() {
    for cue in ["بحسب", "حسب", "وفق", "وفقا لـ", "طبقا لـ", "نقلا عن"] {
        let text = format!("تضرر خزان المياه الرئيسي، {cue} مصادر طبية.");
        let s = sources(&text);
        assert_eq!(s.len(), 1, "{text}: {s:?}");
        assert_eq!(s[0].0, "مصادر طبية", "{text}");
        assert_eq!(s[0].3, "تضرر خزان المياه الرئيسي", "{text}");
    }
}

#[test]
fn cue_opening_the_sentence_attributes_what_follows() {
    let s = sources("وبحسب الناشطين، فإن القافلة وصلت إلى المخيم مساء.");
    assert_eq!(s[0].0, "الناشطين");
    assert_eq!(s[0].3, "القافلة وصلت إلى المخيم مساء");
}

#[test]
fn cue_with_what_and_a_verb() {
    let s = sources("احترقت ثلاث سيارات، وفق ما أوردت وكالة \"سبوتنيك\" الروسية.");
    assert_eq!(s[0].0, "وكالة سبوتنيك");
    assert_eq!(s[0].3, "احترقت ثلاث سيارات");
}

#[test]
fn cue_between_dashes_covers_the_sentence() {
    let s = sources("وتشمل الصفقة - حسب \"نهر ميديا\" - تبادل أسرى بين الطرفين.");
    assert_eq!(s[0].0, "نهر ميديا");
    assert!(s[0].3.starts_with("وتشمل الصفقة"));
}

#[test]
fn verb_without_subject_and_anaphors_refer_back() {
    let text = "وذكرت شبكة \"دير الزور 24\" أن الجسر دُمّر. وأضافت أن العبور توقف. \
                وقالت مصادر ميدانية إن الاشتباك استمر. وأكدت المصادر أن الطرفين تكبدا خسائر، حسب الشبكة.";
    let s = sources(text);
    let names: Vec<&str> = s.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        names,
        ["شبكة دير الزور 24", "شبكة دير الزور 24", "مصادر ميدانية", "مصادر ميدانية", "شبكة دير الزور 24"]
    );
    assert_eq!(s[1].3, "العبور توقف");
}

#[test]
fn relative_clause_verbs_are_not_attributions() {
    let s = sources("وأعلنت الإدارة الذاتية حظر التجول، والتي قالت إنه مؤقت.");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].2.as_deref(), Some("AANES"));
}

#[test]
fn relay_verb_names_both_speakers() {
    let text = "ونقلت وكالة \"هاوار\" عن أحد سكان القرية قوله: إن المنزل انهار.";
    let s = sources(text);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].0, "وكالة هاوار");
    assert_eq!(s[1].0, "أحد سكان القرية");
    assert_eq!(s[1].3, "المنزل انهار");
}

#[test]
fn person_after_a_role_and_by_surname_later() {
    let text = "وقال الناشط الإعلامي سامر الدندل إن الغارة أصابت مدرسة. وأشار الدندل إلى أن الأهالي نزحوا.";
    let p = people(text);
    assert_eq!(p[0].name, "سامر الدندل");
    assert_eq!(p[0].role.as_deref(), Some("الناشط الإعلامي"));
    let s = sources(text);
    assert_eq!(s[1].0, "سامر الدندل");
    assert_eq!(s[1].3, "الأهالي نزحوا");
}

#[test]
fn person_with_role_in_brackets_after_the_name() {
    let text = "قُتل خمسة مدنيين، بحسب ما أفاد كنان الحمود (ناشط ميداني من الريف الغربي) لموقعنا.";
    let p = people(text);
    assert_eq!(p[0].name, "كنان الحمود");
    assert_eq!(p[0].role.as_deref(), Some("ناشط ميداني"));
    assert_eq!(sources(text)[0].3, "قُتل خمسة مدنيين");
}

#[test]
fn spokesperson_with_affiliation_and_the_outlet_spoken_to() {
    let text = "وقالت روناهي شيخو الناطقة الرسمية باسم وحدات حماية المرأة إن المقاتلات صددن الهجوم، في تصريح لوكالة \"هاوار\".";
    let p = people(text);
    assert_eq!(p[0].name, "روناهي شيخو");
    assert_eq!(p[0].affiliation.as_deref(), Some("وحدات حماية المرأة"));
    let s = sources(text);
    assert_eq!(s[0].2.as_deref(), Some("YPJ"));
    assert!(s.iter().any(|x| x.0 == "وكالة هاوار"));
}

#[test]
fn officer_in_brackets_after_his_post() {
    let text = "وحسب تقديرات قائد قوات التحالف الدولي (الجنرال مارك فولر)، فإن المعارك ستطول.";
    let p = people(text);
    assert_eq!(p[0].name, "مارك فولر");
    assert_eq!(p[0].role.as_deref(), Some("الجنرال، قائد قوات"));
    let s = sources(text);
    assert_eq!(s[0].2.as_deref(), Some("COALITION"));
    assert_eq!(s[0].3, "المعارك ستطول");
}

#[test]
fn unnamed_official_is_a_source_with_its_actor() {
    let s = sources("وأكد المتحدث باسم الجيش التركي أن العملية انتهت.");
    assert_eq!(s[0].1, "official");
    assert_eq!(s[0].2.as_deref(), Some("TUR_MIL"));
    assert_eq!(s[0].3, "العملية انتهت");
}

#[test]
fn subject_before_its_verb() {
    let text = "الصحفي ماهر الأحمد نفى وجود أي اتفاق بين الطرفين.";
    let s = sources(text);
    assert_eq!(s[0].0, "ماهر الأحمد");
    assert_eq!(s[0].3, "وجود أي اتفاق بين الطرفين");
}

#[test]
fn no_attribution_without_a_cue() {
    assert!(sources("سقطت قذيفة على السوق الشعبي صباح اليوم.").is_empty());
    assert!(sources("يذكر أن المعبر أغلق منذ أشهر.").is_empty());
}

const WORDS: &[&str] = &[
    "وقالت", "مصادر", "محلية", "إن", "أن", "بحسب", "حسب", "ناشطين", "وكالة", "\"", "أعماق",
    "الناشط", "الإعلامي", "سامر", "الدندل", "،", ".", "(", ")", "ناشط", "المصادر", "وأضافت",
    "قتل", "مدنيين", "قسد", "الناطقة", "الرسمية", "باسم", "ما", "أفاد", "نقلت", "عن", "أحد",
    "سكان", ":", "-", "الجنرال", "قائد", "التحالف", "الدولي", "\n",
];

proptest! {
    #[test]
    fn sources_and_people_never_overlap_their_own_kind_and_stay_in_bounds(
        picks in proptest::collection::vec(0..WORDS.len(), 0..50),
    ) {
        let text = picks.iter().map(|p| WORDS[*p]).collect::<Vec<_>>().join(" ");
        let n = text.chars().count() as u32;
        let ms = all(&text);
        for kind in [MentionKind::Source, MentionKind::Person] {
            let of: Vec<_> = ms.iter().filter(|m| m.kind == kind).collect();
            for w in of.windows(2) {
                prop_assert!(w[0].span.end() <= w[1].span.start(), "{:?} / {:?}", w[0], w[1]);
            }
        }
        for m in &ms {
            prop_assert!(m.span.end() <= n);
            if let Some(a) = m.attributed {
                prop_assert!(a.end() <= n && !a.is_empty());
            }
        }
    }
}
