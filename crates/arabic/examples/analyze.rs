//! Prints the language core's analysis of one file as JSON: `cargo run --example analyze FILE
//! [YYYY-MM-DD]`; with `SEGMENT=1` in the environment, one line per split word instead.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: analyze FILE [PUBLISHED]");
    let published = args
        .next()
        .map(|d| d.parse().expect("published date as YYYY-MM-DD"));
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let a = marsad_arabic::analyze(&text, published);
    if std::env::var_os("SEGMENT").is_some() {
        for t in a.tokens.iter().filter(|t| !t.clitics.is_empty()) {
            println!("{}\t{}\t{}", t.text, t.clitics.join(" "), t.stem);
        }
        return;
    }
    let brief = serde_json::json!({
        "reference": a.reference,
        "dates": a.dates,
        "quantities": a.quantities,
        "numbers": a.numbers,
        "sentences": a.sentences.len(),
        "tokens": a.tokens.len(),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&brief).expect("serializable")
    );
}
