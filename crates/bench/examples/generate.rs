//! Writes a benchmark corpus from the command line: `cargo run -p marsad-bench --release --example generate -- DIR [N_DOCS] [SEED]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: generate DIR [N_DOCS=1000] [SEED=1]");
        std::process::exit(2);
    };
    let n: usize = args.next().map_or(1000, |s| s.parse().expect("N_DOCS must be a number"));
    let seed: u64 = args.next().map_or(1, |s| s.parse().expect("SEED must be a number"));
    let start = std::time::Instant::now();
    match marsad_bench::generate(std::path::Path::new(&dir), n, seed) {
        Ok(s) => println!(
            "{} documents ({} planted re-publications) in {} files, {:.1} MB, {:.2} s",
            s.documents,
            s.duplicates,
            s.files,
            s.bytes as f64 / 1e6,
            start.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("generate: {e}");
            std::process::exit(1);
        }
    }
}
