//! Benchmark for the whole entities stage through its public API: gazetteer and registry load
//! time and memory, then place, actor, source and person mention throughput on one core over
//! text generated from our own sentence templates (tokens and sentences computed beforehand,
//! as the pipeline does). The figure is mention extraction alone: the Arabic core's analysis
//! of each document is done before the clock starts, as the target asks.
//!
//! Run with `cargo run --release -p marsad-entities --example entities_bench [MB]`. The text is
//! matched three times and the fastest run is reported (the machine is shared). A fingerprint of
//! every mention (as JSON) is printed, so that a change meant to be faster can show it finds the
//! same; `ENTITIES_BENCH_DUMP=FILE` also writes the mentions, one document per line, to diff.
//! For `valgrind --tool=callgrind`, `--toggle-collect=entities_bench::extract` counts only the
//! matching.

use std::time::Instant;

/// Sentence templates written for this benchmark; `{}` takes a place-like phrase.
const TEMPLATES: &[&str] = &[
    "قالت مصادر محلية إن طائرات مجهولة قصفت {} صباح اليوم، ما أدى إلى سقوط عدد من الضحايا.",
    "وتواصلت الاشتباكات في {} لليوم الثالث على التوالي وسط نزوح عشرات العائلات نحو المخيمات.",
    "أفاد ناشطون بأن القوات المهاجمة تقدمت باتجاه {} بعد معارك استمرت عدة ساعات.",
    "وذكرت الشبكة أن الأهالي في {} يعانون من نقص حاد في المواد الغذائية والأدوية.",
    "وأضاف المصدر أن الطريق الواصل بين {} والمدينة ما زال مغلقاً أمام حركة المدنيين.",
    "ولم تصدر أي جهة بياناً رسمياً حول ما جرى، في حين تحدثت صفحات محلية عن خسائر كبيرة.",
    "ويأتي ذلك بعد أيام من اجتماع عقده وجهاء العشائر لبحث الأوضاع الأمنية والخدمية.",
    "وقال الناشط الإعلامي سامر الخطيب إن عناصر تنظيم داعش انسحبوا من {} تحت ضغط قوات سوريا الديمقراطية.",
    "وذكرت شبكة محلية أن قسد استعادت مواقع في {}، بينما شنت طائرات التحالف الدولي غارات على المنطقة.",
    "وأكد المرصد السوري لحقوق الإنسان أن قوات النظام قصفت {} بالمدفعية، بحسب ما نقلت وكالة محلية.",
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

/// Nanoseconds this thread has run on a core (Linux schedstat), so that a figure taken while
/// other builds share the machine is not their time.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
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
    let mb: f64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(4.0);
    // Names a place and a near spelling of another after it, so every index is built here.
    let probe = "قالت مصادر محلية إن قسد تقدمت في بلدة هجين والعلوني.";
    let a0 = marsad_arabic::analyze(probe, None);
    let before = vm_rss_kb().unwrap_or(0);
    let t = Instant::now();
    let _ = marsad_entities::mentions(probe, &a0);
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let grown = vm_rss_kb().unwrap_or(0).saturating_sub(before);
    println!("gazetteer, actor registry and word lists loaded in {load_ms:.0} ms, +{:.1} MB resident", grown as f64 / 1024.0);

    let text = corpus((mb * 1_000_000.0) as usize);
    // Documents of about 4 KB, cut at line ends, as news articles come.
    let mut docs: Vec<String> = vec![String::new()];
    for line in text.lines() {
        if docs.last().is_some_and(|d| d.len() > 4000) {
            docs.push(String::new());
        }
        let d = docs.last_mut().expect("one document at least");
        d.push_str(line);
        d.push('\n');
    }
    let analyses: Vec<_> = docs.iter().map(|d| marsad_arabic::analyze(d, None)).collect();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let runs = if std::env::var_os("ENTITIES_BENCH_ONCE").is_some() { 1 } else { 3 };
    let mut secs = f64::INFINITY;
    let mut on_cpu = f64::INFINITY;
    let mut counts = [0usize; 4];
    for _ in 0..runs {
        let (t, cpu) = (Instant::now(), thread_cpu_ns());
        counts = extract(&docs, &analyses);
        secs = secs.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, thread_cpu_ns()) {
            on_cpu = on_cpu.min((b - a) as f64 / 1e9);
        }
    }
    println!(
        "{:.1} MB in {} documents: {} place, {} actor, {} source, {} person mentions",
        bytes as f64 / 1e6,
        docs.len(),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    println!(
        "mention extraction (analysis done beforehand): {:.1} MB/s on one core ({secs:.3} s, best of {runs})",
        bytes as f64 / 1e6 / secs
    );
    if on_cpu.is_finite() {
        println!(
            "  counting only the time this thread was on a core: {:.1} MB/s ({on_cpu:.3} s; the machine's other work left out)",
            bytes as f64 / 1e6 / on_cpu
        );
    }
    fingerprint(&docs, &analyses);
}

/// Every document's mentions, counted by kind: the part that is timed.
#[inline(never)]
fn extract(docs: &[String], analyses: &[marsad_arabic::Analysis]) -> [usize; 4] {
    let mut counts = [0usize; 4];
    for (d, a) in docs.iter().zip(analyses) {
        for m in marsad_entities::mentions(d, a) {
            counts[m.kind as usize] += 1;
        }
    }
    counts
}

/// Prints an FNV-1a hash of every mention as JSON (spans, entities, candidates, reasons), and
/// writes the JSON to `ENTITIES_BENCH_DUMP` when set.
fn fingerprint(docs: &[String], analyses: &[marsad_arabic::Analysis]) {
    let mut dump = std::env::var_os("ENTITIES_BENCH_DUMP")
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("dump file can be created")));
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (d, a) in docs.iter().zip(analyses) {
        let line = serde_json::to_string(&marsad_entities::mentions(d, a)).expect("mentions serialise");
        for b in line.bytes().chain([b'\n']) {
            h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
        if let Some(w) = dump.as_mut() {
            use std::io::Write;
            writeln!(w, "{line}").expect("dump written");
        }
    }
    println!("mentions fingerprint: {h:016x}");
}
