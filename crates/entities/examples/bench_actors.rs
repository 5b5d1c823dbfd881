//! Benchmark for actor and source mentions: registry and lexicon load time, then throughput
//! on one core over text generated from this benchmark's own sentence templates.
//!
//! Run with `cargo run --release -p marsad-entities --example bench_actors [MB]`. The actors
//! and sources modules are compiled in directly so that their work is timed apart from places.

use marsad_entities::{ActorEntity, Entity, Mention, MentionKind, PersonEntity, SourceEntity};
use std::time::Instant;

#[path = "../src"]
#[allow(dead_code, unused_imports)]
mod src_dir {
    pub mod actors;
    pub mod sources;
}
use src_dir::actors;
use src_dir::sources;

/// Sentence templates written for this benchmark: `{a}` takes an actor phrase, `{s}` a source.
const TEMPLATES: &[&str] = &[
    "وقالت {s} إن {a} قصفت أطراف البلدة فجر اليوم، ما أدى إلى مقتل ثلاثة مدنيين.",
    "تقدمت {a} باتجاه الحقل النفطي بعد اشتباكات استمرت ساعات، بحسب {s}.",
    "وأوضحت المصادر أن عناصر التنظيم انسحبوا نحو البادية تحت غطاء من الضباب.",
    "وحسب {s}، فإن {a} أغلقت المعبر أمام العائلات النازحة منذ أسبوع.",
    "ولم يصدر عن {a} أي تعليق على الحادثة حتى ساعة إعداد هذا التقرير.",
    "وأفاد الناشط الإعلامي فادي الجاسم بأن الأهالي يعانون من نقص في الخبز والدواء.",
    "وتتواصل المعارك في المنطقة وسط قصف مدفعي متبادل وتحليق مكثف للطيران في أجوائها.",
];

const ACTORS: &[&str] = &[
    "قوات سوريا الديمقراطية", "ميليشيات قسد", "تنظيم الدولة الإسلامية", "داعش",
    "طائرات التحالف الدولي", "قوات النظام", "الميليشيات الإيرانية", "الحشد الشعبي",
    "القوات التركية", "فصائل الجيش الوطني", "مجلس دير الزور العسكري", "هيئة تحرير الشام",
];

const SOURCES: &[&str] = &[
    "مصادر محلية", "شبكة \"نهر ميديا\"", "وكالة \"أعماق\"", "ناشطون محليون",
    "مواقع مقربة من قسد", "صفحة \"الخابور\"", "مصادر طبية",
];

fn generate(bytes: usize) -> Vec<String> {
    let mut docs = Vec::new();
    let mut total = 0;
    let mut n = 0usize;
    while total < bytes {
        let mut doc = String::new();
        for k in 0..12 {
            let t = TEMPLATES[(n + k) % TEMPLATES.len()];
            let s = t
                .replace("{a}", ACTORS[(n * 7 + k * 3) % ACTORS.len()])
                .replace("{s}", SOURCES[(n * 5 + k) % SOURCES.len()]);
            doc.push_str(&s);
            doc.push(if k % 4 == 3 { '\n' } else { ' ' });
        }
        total += doc.len();
        docs.push(doc);
        n += 1;
    }
    docs
}

fn main() {
    let mb: f64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(8.0);
    let probe = "قالت مصادر محلية إن قسد تقدمت.";
    let a0 = marsad_arabic::analyze(probe, None);
    let t = Instant::now();
    let _ = actors::find(probe, &a0.tokens);
    let registry_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let _ = sources::find(probe, &a0.tokens, &a0.sentences);
    let lexicon_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("actor registry load: {registry_ms:.1} ms; attribution lexicon load: {lexicon_ms:.1} ms");

    let docs = generate((mb * 1_000_000.0) as usize);
    let bytes: usize = docs.iter().map(String::len).sum();
    let analyses: Vec<_> = docs.iter().map(|d| marsad_arabic::analyze(d, None)).collect();

    let mut counts = [0usize; 3];
    let t = Instant::now();
    for (d, a) in docs.iter().zip(&analyses) {
        counts[0] += actors::find(d, &a.tokens).len();
    }
    let actor_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for (d, a) in docs.iter().zip(&analyses) {
        for m in sources::find(d, &a.tokens, &a.sentences) {
            counts[if m.kind == MentionKind::Person { 2 } else { 1 }] += 1;
        }
    }
    let source_s = t.elapsed().as_secs_f64();
    let mbs = bytes as f64 / 1e6;
    println!(
        "text: {mbs:.1} MB in {} documents; {} actor, {} source, {} person mentions",
        docs.len(),
        counts[0],
        counts[1],
        counts[2]
    );
    println!("actor mentions:  {:.1} MB/s ({actor_s:.2} s)", mbs / actor_s);
    println!("source mentions: {:.1} MB/s ({source_s:.2} s, includes its own actor pass)", mbs / source_s);
    println!("actors + sources: {:.1} MB/s on one core (tokens and sentences given)", mbs / (actor_s + source_s));
    let _: Option<(Mention, Entity, ActorEntity, SourceEntity, PersonEntity)> = None;
}
