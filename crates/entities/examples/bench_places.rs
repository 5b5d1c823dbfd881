//! Benchmark for place mentions: gazetteer load time and memory, then matching throughput on
//! one core over a few MB of text generated from our own sentence templates.
//!
//! Run with `cargo run --release -p marsad-entities --example bench_places [MB]`. The places
//! module is compiled in directly so that its work is timed apart from actors and sources.

use marsad_entities::{Candidate, Entity, GeoPrecision, Mention, MentionKind, PlaceEntity};
use std::time::Instant;

#[path = "../src"]
#[allow(dead_code, unused_imports)]
mod src_dir {
    pub mod places;
}

/// Sentence templates written for this benchmark; `{}` takes a place-like phrase.
const TEMPLATES: &[&str] = &[
    "قالت مصادر محلية إن طائرات مجهولة قصفت {} صباح اليوم، ما أدى إلى سقوط عدد من الضحايا.",
    "وتواصلت الاشتباكات في {} لليوم الثالث على التوالي وسط نزوح عشرات العائلات نحو المخيمات.",
    "أفاد ناشطون بأن القوات المهاجمة تقدمت باتجاه {} بعد معارك استمرت عدة ساعات.",
    "وذكرت الشبكة أن الأهالي في {} يعانون من نقص حاد في المواد الغذائية والأدوية.",
    "وأضاف المصدر أن الطريق الواصل بين {} والمدينة ما زال مغلقاً أمام حركة المدنيين.",
    "ولم تصدر أي جهة بياناً رسمياً حول ما جرى، في حين تحدثت صفحات محلية عن خسائر كبيرة.",
    "ويأتي ذلك بعد أيام من اجتماع عقده وجهاء العشائر لبحث الأوضاع الأمنية والخدمية.",
];

const PLACES: &[&str] = &[
    "بلدة هجين",
    "قرية السوسة",
    "ريف دير الزور الشرقي",
    "شرق دير الزور",
    "حقل التنك",
    "بادية هجين",
    "مدينة البوكمال",
    "بلدة الشعفة",
    "قرية البحرة",
    "مدينة عامودا",
    "ريف الحسكة",
    "مدينة الرقة",
    "ريف حلب الشمالي",
    "مدينة الموصل",
    "قضاء سنجار",
    "بلدة زرنوخة",
    "منطقة العلواني",
    "قرى الكشمة والمراشدة",
    "مطار دير الزور",
    "سد تشرين",
    "محيط مدينة تدمر",
    "حي الشيخ مقصود",
];

fn vm_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn corpus(bytes: usize) -> String {
    // A small linear congruential generator: the same text on every run.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % n
    };
    let mut out = String::with_capacity(bytes + 1024);
    while out.len() < bytes {
        let t = TEMPLATES[next(TEMPLATES.len())];
        out.push_str(&t.replace("{}", PLACES[next(PLACES.len())]));
        out.push(if next(4) == 0 { '\n' } else { ' ' });
    }
    out
}

fn main() {
    let mb: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4.0);
    let _ = (GeoPrecision::Place, MentionKind::Place);
    let _: Option<(Candidate, Entity, PlaceEntity, Mention)> = None;

    let rss0 = vm_rss_kb().unwrap_or(0);
    let t = Instant::now();
    let n = src_dir::places::load_gazetteer();
    let load = t.elapsed();
    let rss1 = vm_rss_kb().unwrap_or(0);
    println!(
        "gazetteer: {n} entries, loaded in {:.1} ms, VmRSS +{:.1} MB",
        load.as_secs_f64() * 1e3,
        (rss1.saturating_sub(rss0)) as f64 / 1024.0
    );

    let text = corpus((mb * 1e6) as usize);
    // Documents of about 3 KB, as news articles are.
    let docs: Vec<&str> = text.split_inclusive('\n').collect();
    let mut joined: Vec<String> = Vec::new();
    let mut cur = String::new();
    for d in docs {
        cur.push_str(d);
        if cur.len() > 3000 {
            joined.push(std::mem::take(&mut cur));
        }
    }
    joined.push(cur);
    let tokens: Vec<_> = joined
        .iter()
        .map(|d| marsad_arabic::tokens::tokenize(d))
        .collect();

    let t = Instant::now();
    let mut found = 0usize;
    let mut resolved = 0usize;
    for (d, toks) in joined.iter().zip(&tokens) {
        let ms = src_dir::places::find(d, toks);
        found += ms.len();
        resolved += ms.iter().filter(|m| m.entity.is_some()).count();
    }
    let secs = t.elapsed().as_secs_f64();
    let size = text.len() as f64 / 1e6;
    println!(
        "place mentions: {size:.1} MB in {} documents, {found} mentions ({resolved} resolved) in {:.2} s: {:.1} MB/s (tokens given)",
        joined.len(),
        secs,
        size / secs
    );

    let t = Instant::now();
    for d in &joined {
        let toks = marsad_arabic::tokens::tokenize(d);
        std::hint::black_box(src_dir::places::find(d, &toks));
    }
    let secs = t.elapsed().as_secs_f64();
    println!("tokenize + place mentions: {:.1} MB/s", size / secs);
}
