//! Event rules on sentences written for these tests, with the entities given by hand so that
//! each test checks the events stage alone.

use marsad_entities::{ActorEntity, Entity, GeoPrecision, Mention, MentionKind, PlaceEntity, SourceEntity};
use marsad_events::{Event, Modality, Role, events};
use marsad_model::Span;

fn span_of(text: &str, needle: &str) -> Span {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let start = text[..at].chars().count() as u32;
    Span::new(start, start + needle.chars().count() as u32).unwrap()
}

fn actor(text: &str, needle: &str, id: &str, category: &str) -> Mention {
    Mention {
        span: span_of(text, needle),
        text: needle.into(),
        kind: MentionKind::Actor,
        entity: Some(Entity::Actor(ActorEntity { id: id.into(), ar: needle.into(), en: id.into(), category: category.into(), country: None })),
        candidates: vec![],
        attributed: None,
        reason: "test".into(),
    }
}

fn place(text: &str, needle: &str, id: &str, precision: GeoPrecision) -> Mention {
    Mention {
        span: span_of(text, needle),
        text: needle.into(),
        kind: MentionKind::Place,
        entity: Some(Entity::Place(PlaceEntity {
            id: id.into(),
            ar: needle.into(),
            en: id.into(),
            lat: 35.0,
            lon: 40.0,
            kind: "town".into(),
            admin: vec![],
            precision,
        })),
        candidates: vec![],
        attributed: None,
        reason: "test".into(),
    }
}

fn source(text: &str, needle: &str, says: &str) -> Mention {
    Mention {
        span: span_of(text, needle),
        text: needle.into(),
        kind: MentionKind::Source,
        entity: Some(Entity::Source(SourceEntity { name: needle.into(), source_kind: "activists".into(), actor: None })),
        candidates: vec![],
        attributed: Some(span_of(text, says)),
        reason: "test".into(),
    }
}

fn code(text: &str, mentions: Vec<Mention>) -> Vec<Event> {
    let analysis = marsad_arabic::analyze(text, Some(jiff::civil::date(2019, 3, 12)));
    let mut mentions = mentions;
    mentions.sort_by_key(|m| m.span.start());
    events(&analysis, &mentions, Some(jiff::civil::date(2019, 3, 12)))
}

fn ids(e: &Event, role: Role) -> Vec<&str> {
    e.actors.iter().filter(|a| a.role == role).map(|a| a.actor.id.as_str()).collect()
}

#[test]
fn an_air_strike_with_civilian_deaths() {
    let text = "قتل 12 مدنيا بينهم أطفال، اليوم الثلاثاء، في غارات جوية شنتها طائرات التحالف الدولي على بلدة الباغوز.";
    let ev = code(text, vec![actor(text, "التحالف الدولي", "COALITION", "external_forces"), place(text, "الباغوز", "baghuz", GeoPrecision::Place)]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let e = &ev[0];
    assert_eq!((e.event_type, e.sub_type), ("Explosions/Remote violence", "Air/drone strike"));
    let f = e.fatalities.as_ref().unwrap();
    assert_eq!((f.low, f.high, f.qualifier.as_str(), f.victims.as_deref()), (Some(12), Some(12), "exact", Some("civilians")));
    assert_eq!(ids(e, Role::Actor1), ["COALITION"]);
    assert_eq!(ids(e, Role::Victim), ["CIVILIANS"]);
    assert_eq!(e.place.as_ref().unwrap().place.id, "baghuz");
    let d = e.date.as_ref().unwrap();
    assert_eq!(d.start, jiff::civil::date(2019, 3, 12));
    assert_eq!(e.modality, Modality::Asserted);
}

#[test]
fn a_bombardment_is_shelling_unless_aircraft_or_an_air_force_are_named() {
    let text = "قصفت قوات النظام بالمدفعية الثقيلة أطراف مدينة سراقب مساء أمس.";
    let ev = code(text, vec![actor(text, "قوات النظام", "SYR_REGIME", "state_forces"), place(text, "سراقب", "saraqib", GeoPrecision::Place)]);
    assert_eq!(ev[0].sub_type, "Shelling/artillery/missile attack");
    let text = "وقصف التحالف الدولي مواقع التنظيم في البلدة.";
    let ev = code(text, vec![actor(text, "التحالف الدولي", "COALITION", "external_forces")]);
    assert_eq!(ev[0].sub_type, "Air/drone strike", "{}", ev[0].explain.rule);
}

#[test]
fn parts_for_different_sides_are_summed() {
    let text = "اندلعت اشتباكات عنيفة قتل خلالها ما لا يقل عن خمسة من داعش، وثلاثة على الأقل من قوات النظام.";
    let ev = code(text, vec![actor(text, "داعش", "ISIS", "rebel_group"), actor(text, "قوات النظام", "SYR_REGIME", "state_forces")]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].sub_type, "Armed clash");
    let f = ev[0].fatalities.as_ref().unwrap();
    assert_eq!((f.low, f.high, f.qualifier.as_str()), (Some(8), None, "at_least"));
}

#[test]
fn a_count_among_the_dead_is_neither_a_toll_nor_a_part() {
    let text = "قتل تسعة مدنيين بينهم ثلاثة أطفال وامرأتان في قصف مدفعي على بلدة كفرنبل.";
    let ev = code(text, vec![place(text, "كفرنبل", "test:kafrnabl", GeoPrecision::Place)]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let f = ev[0].fatalities.as_ref().unwrap();
    assert_eq!((f.low, f.high), (Some(9), Some(9)));
    let claimed: Vec<Option<u64>> = ev[0].claims.iter().map(|c| c.fatalities.as_ref().and_then(|f| f.low)).collect();
    assert_eq!(claimed, vec![Some(9)], "the three children are among the nine");
}

#[test]
fn who_takes_the_ground_sets_the_sub_type() {
    let text = "وسيطرت قوات النظام على قرية كفرنبودة بعد معارك عنيفة.";
    let ev = code(text, vec![actor(text, "قوات النظام", "SYR_REGIME", "state_forces")]);
    assert_eq!(ev[0].sub_type, "Government regains territory");
    let text = "وسيطرت فصائل المعارضة على قرية كفرنبودة بعد معارك عنيفة.";
    let ev = code(text, vec![actor(text, "فصائل المعارضة", "OPPOSITION", "rebel_group")]);
    assert_eq!(ev[0].sub_type, "Non-state actor overtakes territory");
}

#[test]
fn two_towns_are_two_strikes_and_the_strike_told_again_is_one() {
    let text = "شنت طائرات حربية غارات على بلدة كفرنبل صباح اليوم.\nوفي وقت لاحق شنت الطائرات غارات على مدينة خان شيخون.\nوأدت الغارات إلى مقتل ثلاثة مدنيين في خان شيخون.";
    let ev = code(text, vec![
        place(text, "كفرنبل", "kafranbel", GeoPrecision::Place),
        place(text, "خان شيخون.", "khan-shaykhun", GeoPrecision::Place),
    ]);
    let strikes: Vec<&Event> = ev.iter().filter(|e| e.sub_type == "Air/drone strike").collect();
    assert_eq!(strikes.len(), 2, "{ev:#?}");
    assert_eq!(strikes[1].fatalities.as_ref().and_then(|f| f.low), Some(3));
}

#[test]
fn a_figure_credited_to_a_source_is_its_claim() {
    let text = "قتل أكثر من 20 مدنيا بقصف صاروخي على السوق، بحسب ما أفاد الناشط سامر الحلبي.";
    let ev = code(text, vec![source(text, "سامر الحلبي", "قتل أكثر من 20 مدنيا بقصف صاروخي على السوق")]);
    let e = &ev[0];
    let f = e.fatalities.as_ref().unwrap();
    assert_eq!((f.low, f.qualifier.as_str(), f.claimed_by.as_deref()), (Some(21), "more_than", Some("سامر الحلبي")));
    assert_eq!(e.modality, Modality::Reported);
    assert_eq!(e.claims[0].source.as_deref(), Some("سامر الحلبي"));
}

#[test]
fn wounded_are_not_killed() {
    let text = "أصيب سبعة مدنيين بجروح جراء سقوط قذائف هاون على حي سكني.";
    let ev = code(text, vec![]);
    assert!(ev[0].fatalities.is_none(), "{:?}", ev[0].fatalities);
    assert_eq!(ev[0].injured.as_ref().and_then(|f| f.low), Some(7));
}

#[test]
fn intentions_are_hypothetical_and_background_is_marked() {
    let text = "وتهدف قوات سوريا الديمقراطية إلى السيطرة على آخر جيب للتنظيم.";
    let ev = code(text, vec![actor(text, "قوات سوريا الديمقراطية", "SDF", "rebel_group")]);
    assert!(ev.iter().all(|e| e.modality == Modality::Hypothetical), "{ev:#?}");
    let text = "وكانت الفصائل قد أطلقت في العاشر من أيلول الماضي عملية برية ضد التنظيم.";
    let ev = code(text, vec![]);
    assert!(ev[0].background, "{ev:#?}");
}

#[test]
fn those_forces_are_the_forces_named_before_and_controllers_are_not_actors() {
    let text = "وتقدمت قوات سوريا الديمقراطية في ريف دير الزور.\nوسيطرت تلك القوات أمس على بلدة الشعفة الخاضعة لسيطرة داعش.";
    let ev = code(text, vec![
        actor(text, "قوات سوريا الديمقراطية", "SDF", "rebel_group"),
        actor(text, "داعش", "ISIS", "rebel_group"),
    ]);
    let taken = ev.iter().find(|e| e.explain.triggers.iter().any(|(t, _)| t.contains("سيطرت"))).expect("territory event");
    assert_eq!(ids(taken, Role::Actor1), ["SDF"], "{taken:#?}");
    let text = "قتل ثلاثة مدنيين بقصف على بلدة في مناطق سيطرة داعش.";
    let ev = code(text, vec![actor(text, "داعش", "ISIS", "rebel_group")]);
    assert!(ev[0].actors.iter().all(|a| a.actor.id != "ISIS"), "{:#?}", ev[0].actors);
}

#[test]
fn the_strike_told_again_without_its_author_joins_the_strike() {
    let text = "قتل عشرة مدنيين بغارة لطائرات التحالف على بلدة هجين.\nوقالت مصادر محلية إن القصف استهدف تجمعا للعائلات في بلدة هجين.";
    let ev = code(text, vec![
        actor(text, "التحالف", "COALITION", "external_forces"),
        place(text, "هجين.", "hajin", GeoPrecision::Place),
    ]);
    let strikes: Vec<&Event> = ev.iter().filter(|e| e.event_type == "Explosions/Remote violence").collect();
    assert_eq!(strikes.len(), 1, "{ev:#?}");
    assert_eq!(strikes[0].sub_type, "Air/drone strike");
}

#[test]
fn a_verb_before_each_figure_says_what_it_counts() {
    let text = "قُتل خمسة من رعاة الأغنام وأصيب ثلاثة آخرون بانفجار لغم أرضي في البادية.";
    let ev = code(text, vec![]);
    assert_eq!(ev[0].fatalities.as_ref().and_then(|f| f.low), Some(5), "{:#?}", ev[0]);
    assert_eq!(ev[0].injured.as_ref().and_then(|f| f.low), Some(3));
}

#[test]
fn a_killing_by_gunfire_is_coded_by_who_was_shot() {
    let text = "قُتل شاب برصاص مسلحين مجهولين أمام منزله في بلدة اليادودة مساء أمس.";
    let ev = code(text, vec![place(text, "اليادودة", "yadudah", GeoPrecision::Place)]);
    assert_eq!((ev.len(), ev[0].sub_type), (1, "Attack"), "{ev:#?}");
    assert_eq!(ev[0].fatalities.as_ref().and_then(|f| f.low), Some(1));
    let text = "وفي بلدة الطيانة، قُتل عنصر من قسد برصاص مسلحين يستقلون سيارة.";
    let ev = code(text, vec![actor(text, "قسد", "SDF", "rebel_group")]);
    assert_eq!(ev[0].sub_type, "Armed clash", "{}", ev[0].explain.rule);
    let text = "قُتل ثلاثة متظاهرين برصاص قوات الأمن قرب ساحة التحرير.";
    let ev = code(text, vec![actor(text, "قوات الأمن", "IRQ_POLICE", "state_forces")]);
    assert_eq!(ev[0].sub_type, "Excessive force against protesters", "{}", ev[0].explain.rule);
}

#[test]
fn a_protest_is_its_crowds_act_and_a_riot_its_rioters() {
    let text = "خرج المئات في مظاهرة أمام مبنى البلدية في مدينة عامودا للمطالبة بالإفراج عن المعتقلين.";
    let ev = code(text, vec![actor(text, "المعتقلين", "DETAINEES", "civilians")]);
    assert_eq!(ev[0].sub_type, "Peaceful protest");
    assert_eq!(ids(&ev[0], Role::Actor1), ["PROTESTERS"], "{ev:#?}");
    assert!(!ids(&ev[0], Role::Victim).contains(&"CIVILIANS"), "a protest's crowd is not its victims");
    let text = "وأغلق المحتجون الطريق العام ورشقوا دورية للشرطة بالحجارة.";
    let ev = code(text, vec![actor(text, "المحتجون", "PROTESTERS", "protesters")]);
    assert_eq!(ev[0].event_type, "Riots");
    assert_eq!(ids(&ev[0], Role::Actor1), ["RIOTERS"], "{ev:#?}");
    // A march is not a drone.
    let text = "وخرج آلاف الطلاب في مسيرة جابت شوارع المدينة.";
    assert_eq!(code(text, vec![])[0].sub_type, "Peaceful protest");
}

#[test]
fn women_or_children_struck_are_civilians_struck() {
    let text = "استهدف قصف مدفعي منزلا تقيم فيه نساء في بلدة الحصان.";
    let ev = code(text, vec![actor(text, "نساء", "WOMEN", "civilians")]);
    assert!(ids(&ev[0], Role::Victim).contains(&"CIVILIANS"), "{ev:#?}");
}

#[test]
fn what_had_happened_is_background_not_hypothetical() {
    let text = "وكانت قوات النظام قد سيطرت على المدينة في السادس من شباط الماضي بعد معارك عنيفة.";
    let ev = code(text, vec![actor(text, "قوات النظام", "SYR_REGIME", "state_forces")]);
    let e = ev.iter().find(|e| e.sub_type == "Government regains territory").expect("the taking of the town");
    assert_eq!(e.modality, Modality::Asserted, "{e:#?}");
    assert!(e.background);
}

#[test]
fn a_negation_must_govern_the_trigger() {
    let text = "قصفت قوات النظام بلدة التمانعة بالمدفعية، ولم يسفر القصف عن إصابات.";
    let ev = code(text, vec![actor(text, "قوات النظام", "SYR_REGIME", "state_forces")]);
    assert!(ev.iter().all(|e| e.modality == Modality::Asserted), "{ev:#?}");
    let text = "ولم تسجل اشتباكات في ريف المحافظة الغربي خلال اليومين الماضيين.";
    let ev = code(text, vec![]);
    assert_eq!(ev[0].modality, Modality::Negated, "{ev:#?}");
}

#[test]
fn a_clause_without_a_place_happened_where_the_text_last_said() {
    let text = "تقدمت قوات النخبة في حي الزنجيلي. وفجّر انتحاري نفسه بين النازحين الفارين، ما أدى إلى مقتل خمسة مدنيين.";
    let ev = code(text, vec![place(text, "الزنجيلي", "zanjili", GeoPrecision::Place)]);
    let bomb = ev.iter().find(|e| e.sub_type == "Suicide bomb").expect("the suicide bombing");
    assert_eq!(bomb.place.as_ref().map(|p| p.place.id.as_str()), Some("zanjili"), "{bomb:#?}");
    // The town of that sentence, not the region named after it.
    let text = "انفجرت سيارة مفخخة في مدينة عفرين شمال حلب. وقال مصدر إن سيارة إسعاف تعرضت لإطلاق نار بعد ذلك بقذيفة.";
    let ev = code(text, vec![place(text, "عفرين", "afrin", GeoPrecision::Place), place(text, "شمال حلب", "aleppo", GeoPrecision::Region)]);
    assert!(ev.iter().all(|e| e.place.as_ref().is_some_and(|p| p.place.id == "afrin")), "{ev:#?}");
    // A country inside an actor's name is not where anything happened.
    let text = "واندلعت اشتباكات بين قوات سوريا الديمقراطية وعناصر التنظيم.";
    let ev = code(
        text,
        vec![actor(text, "قوات سوريا الديمقراطية", "SDF", "rebel_group"), place(text, "سوريا", "syria", GeoPrecision::Region)],
    );
    assert!(ev[0].place.is_none(), "{:?}", ev[0].place);
}

#[test]
fn a_nationality_after_the_trigger_names_the_striker() {
    let text = "واستهدفت غارات روسية بلدة كفرسجنة، ما أدى إلى مقتل امرأة.";
    let ev = code(text, vec![]);
    assert_eq!(ids(&ev[0], Role::Actor1), ["RUS_MIL"], "{ev:#?}");
    assert_eq!(ev[0].sub_type, "Air/drone strike");
    assert!(ids(&ev[0], Role::Victim).contains(&"CIVILIANS"));
    let text = "وتزامن ذلك مع قصف مدفعي تركي على قرية الدردارة.";
    assert_eq!(ids(&code(text, vec![])[0], Role::Actor1), ["TUR_MIL"]);
}

#[test]
fn violence_against_civilians_has_civilian_victims() {
    let text = "اختطف مسلحون مجهولون تاجرا من مدينة الصنمين أمس.";
    let ev = code(text, vec![actor(text, "مسلحون مجهولون", "UNIDENTIFIED_ARMED", "other")]);
    assert_eq!(ev[0].sub_type, "Abduction/forced disappearance");
    assert_eq!(ids(&ev[0], Role::Victim), ["CIVILIANS"], "{ev:#?}");
}

#[test]
fn the_attack_told_after_a_bombing_is_the_bombing() {
    let text = "فجّر انتحاري حزامه الناسف قرب سوق مدينة الباب. وتبنّى تنظيم الدولة الهجوم في بيان.";
    let ev = code(text, vec![actor(text, "تنظيم الدولة", "ISIS", "rebel_group")]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].sub_type, "Suicide bomb");
    assert!(ev[0].actors.iter().any(|a| a.actor.id == "ISIS"));
    // "هجوم بقنبلة يدوية" is a grenade attack, not a clash beside it.
    let text = "هجوم بقنبلة يدوية على محل للهواتف في المدينة.";
    let ev = code(text, vec![]);
    assert_eq!(ev.iter().map(|e| e.sub_type).collect::<Vec<_>>(), ["Grenade"]);
}

#[test]
fn figures_anywhere_in_a_sentence_of_one_happening_are_its_own() {
    // "وسط" opens a clause, but nothing else happens in the sentence.
    let text = "فجّر انتحاري حزامه الناسف وسط مدينة الباب ظهر اليوم، ما أدى إلى مقتل ثلاثة عسكريين وتسعة مدنيين.";
    let ev = code(text, vec![]);
    let f = ev[0].fatalities.as_ref().expect("the toll");
    assert_eq!((f.low, f.high), (Some(12), Some(12)), "{ev:#?}");
}

#[test]
fn the_start_of_a_battle_is_an_operation_launched() {
    let text = "وكانت الفصائل قد أعلنت في العاشر من أيلول بدء المعركة ضد التنظيم في جيبه الأخير.";
    let ev = code(text, vec![]);
    assert_eq!(ev[0].sub_type, "Other", "{ev:#?}");
    assert!(ev[0].background);
    let text = "وبدأت القوات معركة السيطرة على المدينة في السادس من حزيران.";
    assert_eq!(code(text, vec![])[0].sub_type, "Other");
    let text = "وقتل 40 مدنيا في المدينة منذ بدء الهجوم عليها في أيلول.";
    assert_eq!(code(text, vec![])[0].sub_type, "Armed clash");
}

#[test]
fn a_protest_that_turns_violent_is_one_riot() {
    let text = "خرج المئات في مظاهرة في بلدة الكسرة. وأغلق المحتجون الطريق العام ورشقوا دورية بالحجارة.";
    let ev = code(text, vec![place(text, "الكسرة", "kasra", GeoPrecision::Place)]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!((ev[0].event_type, ev[0].sub_type), ("Riots", "Violent demonstration"));
    assert_eq!(ids(&ev[0], Role::Actor1), ["RIOTERS"]);
}

#[test]
fn a_foiled_bomb_is_not_an_explosion() {
    let text = "أحبطت القوات الأمنية محاولة تفجير سيارة مفخخة عند مدخل المدينة واعتقلت سائقها.";
    let ev = code(text, vec![]);
    assert!(ev.iter().all(|e| e.event_type != "Explosions/Remote violence"), "{ev:#?}");
    assert!(ev.iter().any(|e| e.sub_type == "Disrupted weapons use"));
}

#[test]
fn a_protest_met_with_gunfire_that_wounds_is_excessive_force() {
    let text = "فرّقت قوات الأمن بالرصاص الحي مظاهرة خرجت في البلدة، ما أدى إلى إصابة ثلاثة متظاهرين.";
    let ev = code(text, vec![actor(text, "قوات الأمن", "IRQ_POLICE", "state_forces")]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].sub_type, "Excessive force against protesters");
    // Told in two sentences: one protest, coded by the force.
    let text = "شهدت المدينة مظاهرة غاضبة شارك فيها المئات. وقال ناشطون إن المحتجين رفعوا لافتات. وأطلق عناصر الأمن الرصاص لتفريق المتظاهرين، ما أدى إلى مقتل شاب.";
    let ev = code(text, vec![]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].sub_type, "Excessive force against protesters");
}

#[test]
fn bombers_among_the_dead_are_not_a_bombing_and_a_killing_verb_counts() {
    let text = "سيطرت القوات على حي الزنجيلي بعد معارك عنيفة. وقال البيان إن القوات قتلت ما يزيد على أربعين مسلحاً خلال يومين، بينهم انتحاريون حاولوا التسلل.";
    let ev = code(text, vec![place(text, "الزنجيلي", "zanjili", GeoPrecision::Place)]);
    assert!(ev.iter().all(|e| e.sub_type != "Suicide bomb"), "{ev:#?}");
    let toll: Vec<_> = ev.iter().filter_map(|e| e.fatalities.as_ref()).map(|f| (f.low, f.high)).collect();
    assert_eq!(toll, [(Some(41), None)], "{ev:#?}");
}

#[test]
fn verbs_with_their_subject_suffix_are_triggers() {
    let text = "خطفوا أربعة رعاة أغنام قرب البلدة، ثم اشتبكت قوة من الحشد مع المسلحين.";
    let ev = code(text, vec![]);
    let subs: Vec<_> = ev.iter().map(|e| e.sub_type).collect();
    assert_eq!(subs, ["Abduction/forced disappearance", "Armed clash"], "{ev:#?}");
}

#[test]
fn an_arrest_told_as_seizing_and_infighting_are_events() {
    let text = "أعلنت الشرطة القبض على شخص في المدينة. واندلع اقتتال داخلي بين فصيلين في البلدة.";
    let subs: Vec<_> = code(text, vec![]).iter().map(|e| e.sub_type).collect();
    assert_eq!(subs, ["Arrests", "Armed clash"]);
}

#[test]
fn a_happening_told_in_the_headline_is_the_one_the_body_tells_later() {
    let text = "داعش يخطف رعاة في ديالى والحشد يشتبك مع خلايا التنظيم\nأفاد مصدر أمني بأن مسلحين خطفوا أربعة رعاة قرب جلولاء. وأضاف أن الطقس كان بارداً. وأوضح المصدر أن قوة من الحشد اشتبكت مع المسلحين قرب المقدادية.";
    let in_diyala = |mut m: Mention| {
        if let Some(Entity::Place(p)) = &mut m.entity {
            p.admin = vec!["diyala".into()];
        }
        m
    };
    let mentions = vec![
        place(text, "ديالى", "diyala", GeoPrecision::Region),
        in_diyala(place(text, "جلولاء", "jalawla", GeoPrecision::Place)),
        in_diyala(place(text, "المقدادية", "muqdadiyah", GeoPrecision::Place)),
    ];
    let ev = code(text, mentions);
    let clashes: Vec<_> = ev.iter().filter(|e| e.sub_type == "Armed clash").collect();
    assert_eq!(clashes.len(), 1, "{ev:#?}");
    assert_eq!(clashes[0].place.as_ref().map(|p| p.place.id.as_str()), Some("muqdadiyah"));
}

#[test]
fn the_body_places_what_the_headline_summed_up_and_a_digression_does_not_move_the_story() {
    let text = "مظاهرات ضد قسد في ذيبان بعد اغتيال شيخ عشيرة\nخرج المئات في مظاهرات ببلدة ذيبان أمس. وكان الشيخ قد قُتل برصاص مسلحين مجهولين مساء الجمعة في بلدة الحوايج. وأغلق المحتجون الطريق العام ورشقوا دورية لقسد بالحجارة.";
    let ev = code(text, vec![
        place(text, "ذيبان", "dhiban", GeoPrecision::Place),
        place(text, "الحوايج", "hawayij", GeoPrecision::Place),
    ]);
    let at = |sub: &str| ev.iter().filter(|e| e.sub_type == sub).map(|e| e.place.as_ref().map(|p| p.place.id.as_str())).collect::<Vec<_>>();
    // The killing the headline mentions is the one the body places in al-Hawayij.
    assert_eq!(at("Attack"), [Some("hawayij")], "{ev:#?}");
    // The stone-throwing two sentences after the protest, past the digression, is that protest.
    assert_eq!(at("Violent demonstration"), [Some("dhiban")], "{ev:#?}");
    assert!(at("Peaceful protest").is_empty(), "{ev:#?}");
}

#[test]
fn no_clashes_recorded_all_week_is_negated() {
    let text = "ولم تُسجّل خلال الأسبوع أي اشتباكات في ريف المدينة الغربي.";
    let ev = code(text, vec![]);
    assert!(ev.iter().all(|e| e.modality == Modality::Negated), "{ev:#?}");
    // Without أي the negation must stand just before the trigger.
    let text = "ولم تُسجّل إصابات بين المدنيين خلال أسبوع من اشتباكات عنيفة في ريف المدينة.";
    assert!(code(text, vec![]).iter().any(|e| e.modality != Modality::Negated));
}

#[test]
fn an_expectation_covers_its_clause_and_the_agreement_told_again_is_one() {
    let text = "ومن غير المستبعد أن تشهد الأيام المقبلة هجمات على السفارة.";
    let ev = code(text, vec![]);
    assert!(ev.iter().all(|e| e.modality == Modality::Hypothetical), "{ev:#?}");

    let text = "توصلت الفصائل في بصرى الشام إلى اتفاق مع القوات الروسية.\nوجاء الاتفاق بعد تقدم لقوات النظام في بلدة الجيزة.";
    let ev = code(text, vec![
        place(text, "بصرى الشام", "bosra", GeoPrecision::Place),
        place(text, "الجيزة", "jiza", GeoPrecision::Place),
    ]);
    let agreements: Vec<_> = ev.iter().filter(|e| e.sub_type == "Agreement").collect();
    assert_eq!(agreements.len(), 1, "{ev:#?}");
    assert_eq!(agreements[0].place.as_ref().map(|p| p.place.id.as_str()), Some("bosra"));
}

#[test]
fn a_strike_in_response_to_an_attack_is_two_happenings() {
    let text = "شنّت طائرات أمريكية ضربات جوية على مواقع للميليشيا، رداً على هجوم صاروخي استهدف قاعدة قرب كركوك وأسفر عن مقتل متعاقد أمريكي.";
    let ev = code(text, vec![place(text, "كركوك", "kirkuk", GeoPrecision::Place)]);
    let sub_types: Vec<&str> = ev.iter().map(|e| e.sub_type).collect();
    assert_eq!(sub_types, ["Air/drone strike", "Shelling/artillery/missile attack"], "{ev:#?}");
    let f = ev[1].fatalities.as_ref().expect("the contractor's death is the rocket attack's");
    assert_eq!((f.low, f.victims.as_deref()), (Some(1), Some("civilians")));
    assert!(ev[0].fatalities.is_none(), "{ev:#?}");
}

#[test]
fn one_person_killed_is_counted_from_the_word_for_them() {
    // An assassinated notable, and a body found.
    let text = "قُتل شيخ عشيرة في بلدة الحوايج مساء أمس في عملية اغتيال نفذها مسلحون مجهولون.";
    let ev = code(text, vec![]);
    assert_eq!(ev[0].fatalities.as_ref().and_then(|f| f.low), Some(1), "{ev:#?}");
    let text = "عثر سكان المخيم اليوم على جثة امرأة مقتولة خنقاً داخل خيمتها.";
    let ev = code(text, vec![]);
    assert_eq!(ev[0].fatalities.as_ref().and_then(|f| f.low), Some(1), "{ev:#?}");
}

#[test]
fn a_killing_told_in_the_sentence_before_does_not_count_the_crowd() {
    let text = "احتجاجات بعد اغتيال شيخ عشيرة\nخرج المئات في مظاهرات ببلدة ذيبان أمس.";
    let ev = code(text, vec![]);
    let protest = ev.iter().find(|e| e.event_type == "Protests").expect("a protest");
    assert!(protest.fatalities.is_none(), "{ev:#?}");
}

#[test]
fn its_artillery_is_the_side_named_before_and_a_toll_told_after_goes_to_its_place() {
    let text = "وقصفت قوات النظام بلدة كفر نبل براجمات الصواريخ، فيما استهدفت مدفعيتها قرية اللطامنة.\nوفي مدينة كفر نبل أصيب ثلاثة مدنيين بجروح.";
    let ev = code(text, vec![
        actor(text, "قوات النظام", "SYR_REGIME", "state_forces"),
        place(text, "كفر نبل", "kafrnabl", GeoPrecision::Place),
        place(text, "اللطامنة", "lataminah", GeoPrecision::Place),
        place(text, "مدينة كفر نبل", "kafrnabl", GeoPrecision::Place),
    ]);
    let at = |id: &str| ev.iter().find(|e| e.place.as_ref().is_some_and(|p| p.place.id == id)).unwrap_or_else(|| panic!("no event at {id}: {ev:#?}"));
    assert_eq!(ids(at("lataminah"), Role::Actor1), ["SYR_REGIME"], "{ev:#?}");
    assert!(at("lataminah").injured.is_none(), "{ev:#?}");
    assert_eq!(at("kafrnabl").injured.as_ref().and_then(|f| f.low), Some(3), "{ev:#?}");
}

#[test]
fn a_backer_named_by_its_nationality_is_associated() {
    let text = "ويأتي ذلك ضمن الحملة العسكرية التي بدأتها قوات النظام بدعم روسي أواخر نيسان.";
    let ev = code(text, vec![actor(text, "قوات النظام", "SYR_REGIME", "state_forces")]);
    assert_eq!(ids(&ev[0], Role::Actor1), ["SYR_REGIME"], "{ev:#?}");
    assert_eq!(ids(&ev[0], Role::Associated), ["RUS_MIL"], "{ev:#?}");
}

#[test]
fn a_headline_naming_two_towns_takes_the_bodys_place() {
    let text = "الطيران الروسي يقصف معرة النعمان وكفرنبل\nشنت الطائرات الحربية الروسية اليوم عشرين غارة على مدينة معرة النعمان.";
    let ev = code(text, vec![
        actor(text, "الطيران الروسي", "RUS_MIL", "state_forces"),
        place(text, "معرة النعمان", "maarat", GeoPrecision::Place),
        place(text, "كفرنبل", "kafrnabl", GeoPrecision::Place),
    ]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].place.as_ref().map(|p| p.place.id.as_str()), Some("maarat"), "{ev:#?}");
}

#[test]
fn a_foreign_army_taking_ground_overtakes_it_and_sides_joined_by_and_act_together() {
    // Jandairis by its gazetteer id: the country of a place is the gazetteer's.
    let text = "سيطرت القوات التركية وفصائل الجيش الوطني على قرية في ناحية جنديرس بعد اشتباكات مع الوحدات الكردية.";
    let ev = code(text, vec![
        actor(text, "القوات التركية", "TUR_MIL", "state_forces"),
        actor(text, "الجيش الوطني", "SNA", "rebel_group"),
        actor(text, "الوحدات الكردية", "YPG", "rebel_group"),
        place(text, "جنديرس", "ocha:SY020302", GeoPrecision::Place),
    ]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ids(&ev[0], Role::Associated), ["SNA"], "{ev:#?}");
    assert_eq!(ids(&ev[0], Role::Actor2), ["YPG"], "{ev:#?}");

    let text = "سيطر الجيش التركي على قرية في ناحية جنديرس.";
    let mut army = actor(text, "الجيش التركي", "TUR_MIL", "state_forces");
    if let Some(Entity::Actor(a)) = &mut army.entity {
        a.country = Some("TUR".into());
    }
    let ev = code(text, vec![army, place(text, "جنديرس", "ocha:SY020302", GeoPrecision::Place)]);
    assert_eq!(ev[0].sub_type, "Non-state actor overtakes territory", "{}", ev[0].explain.rule);
    let text = "سيطر الجيش السوري على قرية في ناحية جنديرس.";
    let mut army = actor(text, "الجيش السوري", "SYR_REGIME", "state_forces");
    if let Some(Entity::Actor(a)) = &mut army.entity {
        a.country = Some("SYR".into());
    }
    let ev = code(text, vec![army, place(text, "جنديرس", "ocha:SY020302", GeoPrecision::Place)]);
    assert_eq!(ev[0].sub_type, "Government regains territory", "{}", ev[0].explain.rule);
}

#[test]
fn the_side_whose_drone_was_brought_down_is_acted_on() {
    let text = "وأعلنت قسد أن مقاتليها أسقطوا طائرة مسيّرة تركية فوق قرية تل طويل.";
    let ev = code(text, vec![actor(text, "قسد", "SDF", "rebel_group")]);
    let e = ev.iter().find(|e| e.sub_type == "Disrupted weapons use").expect("disrupted weapons use");
    assert_eq!(ids(e, Role::Actor2), ["TUR_MIL"], "{ev:#?}");
}

#[test]
fn the_two_sides_of_a_clash_between_them_are_not_one_side() {
    let text = "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في محيط البلدة.";
    let ev = code(text, vec![
        actor(text, "قوات النظام", "SYR_REGIME", "state_forces"),
        actor(text, "المعارضة", "SYR_OPPOSITION", "rebel_group"),
    ]);
    assert_eq!(ids(&ev[0], Role::Actor1), ["SYR_REGIME"], "{ev:#?}");
    assert_eq!(ids(&ev[0], Role::Actor2), ["SYR_OPPOSITION"], "{ev:#?}");
}

#[test]
fn a_woman_and_her_children_are_civilians_together() {
    let text = "وقالت شبكات محلية إن القصف المدفعي أدى إلى مقتل امرأة وطفليها في البلدة.";
    let ev = code(text, vec![]);
    let f = ev[0].fatalities.as_ref().expect("a toll");
    assert_eq!((f.low, f.victims.as_deref()), (Some(3), Some("civilians")), "{ev:#?}");
}

#[test]
fn both_sides_are_those_of_the_clash_told_before_and_the_meeting_that_agreed_is_the_agreement() {
    let text = "اندلعت اشتباكات بين قوات النظام والأسايش في حي الوسطى.\nوقُتل في الاشتباكات ليلة أمس ما بين خمسة عشر وعشرين عنصراً من الطرفين.\nوعقد وجهاء اجتماعاً مع الطرفين برعاية روسية، أفضى إلى اتفاق على وقف الاشتباكات.";
    let ev = code(text, vec![
        actor(text, "قوات النظام", "SYR_REGIME", "state_forces"),
        actor(text, "الأسايش", "ASAYISH", "rebel_group"),
    ]);
    let sub_types: Vec<&str> = ev.iter().map(|e| e.sub_type).collect();
    assert_eq!(sub_types, ["Armed clash", "Agreement"], "no clash to stop, no meeting apart: {ev:#?}");
    let f = ev[0].fatalities.as_ref().expect("the toll");
    assert_eq!((f.low, f.high), (Some(15), Some(20)), "{ev:#?}");
    let agreement = &ev[1];
    assert_eq!(ids(agreement, Role::Actor1), ["SYR_REGIME"], "{ev:#?}");
    assert_eq!(ids(agreement, Role::Actor2), ["ASAYISH"], "{ev:#?}");
    assert_eq!(ids(agreement, Role::Associated), ["RUS_MIL"], "{ev:#?}");
}

#[test]
fn control_over_a_place_is_a_taking_and_the_battle_for_it_is_launched() {
    let sub = |text: &str, who: &str| {
        let ev = code(text, vec![actor(text, who, "SDF", "rebel_group")]);
        ev.iter().map(|e| e.sub_type).collect::<Vec<_>>()
    };
    assert_eq!(sub("وتمكن عناصر قسد من السيطرة على قرية صغيرة.", "قسد"), ["Non-state actor overtakes territory"]);
    assert_eq!(sub("أعلنت قسد سيطرتها على الملعب البلدي.", "قسد"), ["Non-state actor overtakes territory"]);
    assert_eq!(sub("وبدأت قسد معركة السيطرة على الرقة في حزيران.", "قسد"), ["Other"]);
    assert!(sub("وصل النازحون من مناطق سيطرتها إلى مخيمات قسد أمس.", "قسد").is_empty());
}

#[test]
fn each_happening_of_a_clause_takes_the_place_nearest_its_own_word() {
    let text = "قوات النظام تفرق مظاهرة في درعا البلد وحملة اعتقالات في الصنمين\nوشنت الأجهزة الأمنية حملة اعتقالات طالت عشرين شاباً في الصنمين.";
    let ev = code(text, vec![
        actor(text, "قوات النظام", "SYR_REGIME", "state_forces"),
        place(text, "درعا البلد", "daraa", GeoPrecision::Place),
        place(text, "الصنمين", "sanamayn", GeoPrecision::Place),
        place(text, "الصنمين.", "sanamayn", GeoPrecision::Place),
    ]);
    let arrests = ev.iter().find(|e| e.sub_type == "Arrests").expect("the arrests");
    assert_eq!(arrests.place.as_ref().map(|p| p.place.id.as_str()), Some("sanamayn"), "{ev:#?}");
    assert!(arrests.also_places.iter().all(|p| p.place.id != "daraa"), "{ev:#?}");
    let protest = ev.iter().find(|e| e.event_type == "Protests").expect("the protest");
    assert_eq!(protest.place.as_ref().map(|p| p.place.id.as_str()), Some("daraa"), "{ev:#?}");
}

#[test]
fn a_civilian_body_cited_for_the_toll_is_not_among_the_struck() {
    let text = "قتل سبعة مدنيين في غارات على البلدة، وفق ما أفاد الدفاع المدني.";
    let ev = code(text, vec![
        actor(text, "الدفاع المدني", "WHITE_HELMETS", "civilians"),
        source(text, "الدفاع المدني", "قتل سبعة مدنيين في غارات على البلدة"),
    ]);
    assert_eq!(ids(&ev[0], Role::Victim), ["CIVILIANS"], "{ev:#?}");
}

#[test]
fn an_operation_launched_beside_an_agreement_stays_an_event() {
    let text = "وشنّت قوات النظام حملة عسكرية بعد انهيار الاتفاق في المنطقة.";
    let ev = code(text, vec![actor(text, "قوات النظام", "SYR_REGIME", "state_forces")]);
    assert!(ev.iter().any(|e| e.sub_type == "Other"), "{ev:#?}");
}
