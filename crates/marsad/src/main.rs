//! The `marsad` command line: parses arguments, runs a command, reports in plain words.

/// mimalloc rather than the system allocator: the pipeline makes many small allocations
/// (tokens, mentions, JSON), and under glibc's malloc they were a sixth of ingest's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use marsad::ingest::{IngestOptions, Progress, Summary};
use marsad_export::ExportFormat;
use marsad_ingest::{Limits, Rejection};
use marsad_store::{Store, StoreLocation};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Marsad turns Arabic news about armed conflict into a structured, source-attributed database.
#[derive(Parser)]
#[command(name = "marsad", version, about, long_about = None)]
struct Cli {
    /// The database: a folder (embedded storage, created on first use), or a PostgreSQL
    /// database shared by several workers and servers (postgres://USER@HOST[:PORT]/DATABASE;
    /// the database must exist, its tables are made on first use).
    #[arg(long, global = true, default_value = "./marsad-data", value_name = "DIR|URL")]
    db: StoreLocation,
    /// The search index folder (rebuilt from the store whenever it is missing or behind).
    /// Default: DIR/search for a folder database; for PostgreSQL, a folder of this machine's
    /// own under ~/.cache/marsad.
    #[arg(long, global = true, value_name = "DIR")]
    index: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read files or folders (text, HTML, RSS/Atom, WARC, JSONL; format and encoding detected)
    /// and store every article once.
    Ingest {
        /// Files or folders to read; folders are walked recursively, hidden files skipped.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Largest single article (page, record, item, line) accepted, in bytes.
        #[arg(long, default_value_t = Limits::default().max_doc_bytes, value_name = "BYTES")]
        max_doc_bytes: usize,
        /// Worker threads (default: all cores).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Documents written per store transaction: a crash loses at most the batch in flight.
        #[arg(long, default_value_t = IngestOptions::default().batch, value_name = "N")]
        batch: usize,
        /// After ingesting, list every stored document: source, outlet, date, byline, headline.
        #[arg(long)]
        show: bool,
    },
    /// Write the database out.
    Export {
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Write to this file instead of standard output (replaced only when complete).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Serve the HTTP API and the web UI over the database, read-only.
    Serve {
        /// Address to listen on; loopback by default, so only this machine can connect.
        #[arg(long, alias = "addr", default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
        listen: std::net::SocketAddr,
    },
    /// Run the pipeline on one document without storing it and print what it finds as JSON.
    Analyze {
        /// The file to read, or - for standard input.
        #[arg(value_name = "FILE|-")]
        file: String,
        /// Reference date for relative dates (YYYY-MM-DD), instead of the document's own.
        #[arg(long, value_name = "DATE")]
        published: Option<jiff::civil::Date>,
        /// Which article of a container file (feed item, WARC record, JSONL line) to analyse,
        /// counting articles from 1.
        #[arg(long, value_name = "N")]
        item: Option<usize>,
    },
    /// Search documents and events (Arabic-aware: clitics, spelling variants, actor and place
    /// aliases); ranked hits with the matched words highlighted.
    Search {
        /// Words to look for; "quoted words" must come together and in order.
        #[arg(value_name = "QUERY", default_value = "")]
        query: String,
        /// Only from this day (publication date of a document, date of an event), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        from: Option<jiff::civil::Date>,
        /// Only up to this day, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        to: Option<jiff::civil::Date>,
        /// Only this outlet (registry id, e.g. ALJAZEERA).
        #[arg(long, value_name = "ID")]
        outlet: Option<String>,
        /// Only this place and the places inside it (gazetteer id such as ocha:SY09, or a name).
        #[arg(long, value_name = "ID|NAME")]
        place: Option<String>,
        /// Only entries naming this actor (registry id such as SDF, or a name or alias).
        #[arg(long, value_name = "ID|NAME")]
        actor: Option<String>,
        /// Only this event type or sub-type (e.g. Battles, "Armed clash").
        #[arg(long = "type", value_name = "TYPE")]
        event_type: Option<String>,
        /// Search documents, events (the sentences each was read from), or both.
        #[arg(long = "in", value_enum, default_value_t = SearchIn::Documents)]
        scope: SearchIn,
        /// Hits per page (1 to 100).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Hits to skip, for the next pages.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print the results as JSON (as the HTTP API returns them).
        #[arg(long)]
        json: bool,
        /// Rebuild the index from the store first.
        #[arg(long)]
        rebuild: bool,
    },
    /// Rebuild the search index from the store (in DIR/search, or where --index says).
    Reindex,
}

#[derive(Clone, Copy, ValueEnum)]
enum SearchIn {
    Documents,
    Events,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    Geojson,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        // The reader went away (`marsad search … | head`): nothing is wrong.
        Err(e) if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marsad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let index_dir = cli.index.clone().unwrap_or_else(|| marsad::search::default_index_dir(&cli.db));
    match cli.command {
        Command::Ingest { paths, max_doc_bytes, jobs, batch, show } => {
            let mut store = Store::open_at(&cli.db)?;
            let mut opts = IngestOptions { limits: Limits { max_doc_bytes }, batch, index: Some(index_dir), ..IngestOptions::default() };
            if let Some(jobs) = jobs {
                opts.jobs = jobs;
            }
            let bar = Bar::new();
            let summary = marsad::ingest(&paths, &mut store, &opts, &bar)?;
            bar.finish();
            if show {
                show_documents(&store)?;
            }
            println!("{}", summary_line(&summary));
            if let marsad::search::IndexUpdate::Failed(e) = &summary.index {
                eprintln!("marsad: warning: the documents are stored, but the search index was not updated: {e} (`marsad reindex` rebuilds it)");
            }
            Ok(if summary.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Export { format, out } => {
            let store = open_existing(&cli.db)?;
            let format = match format {
                Format::Jsonl => ExportFormat::Jsonl,
                Format::Csv => ExportFormat::Csv,
                Format::Geojson => ExportFormat::Geojson,
            };
            let stats = match out {
                Some(path) => {
                    let mut stats = None;
                    write_atomically(&path, |w| {
                        stats = Some(marsad_export::export(&store, format, w)?);
                        Ok(())
                    })?;
                    stats.unwrap_or_default()
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut w = std::io::BufWriter::new(stdout.lock());
                    let stats = marsad_export::export(&store, format, &mut w)?;
                    w.flush()?;
                    stats
                }
            };
            if let Some(line) = export_summary(format, &stats) {
                eprintln!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { listen } => {
            if !listen.ip().is_loopback() {
                eprintln!("marsad: listening on {listen}, reachable from other machines; the API has no authentication");
            }
            marsad_web::run(&cli.db, &index_dir, listen).with_context(|| format!("serving {}", cli.db))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { query, from, to, outlet, place, actor, event_type, scope, limit, offset, json, rebuild } => {
            let store = open_existing(&cli.db)?;
            let query = marsad_search::Query {
                text: marsad_search::QueryText::parse(&query)?,
                filters: marsad_search::Filters { dates: marsad_search::DateRange::new(from, to)?, outlet, place, actor, event_type },
                scope: match scope {
                    SearchIn::Documents => marsad_search::Scope::Documents,
                    SearchIn::Events => marsad_search::Scope::Events,
                    SearchIn::All => marsad_search::Scope::All,
                },
                page: marsad_search::Page::new(limit, offset)?,
            };
            let index = if rebuild {
                reindex(&store, &index_dir)?
            } else {
                marsad::search::ready(&store, &index_dir, &mut |note| eprintln!("marsad: {note}"))?.0
            };
            let results = index.search(&query)?;
            if json {
                writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&results)?)?;
            } else {
                print_results(&results, query.page.offset())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex => {
            let store = open_existing(&cli.db)?;
            reindex(&store, &index_dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyze { file, published, item } => {
            let (name, bytes) = if file == "-" {
                let mut bytes = Vec::new();
                std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
                ("stdin".to_string(), bytes)
            } else {
                let path = Path::new(&file);
                let bytes = std::fs::read(path).with_context(|| format!("{file}: cannot be read"))?;
                (path.file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned()), bytes)
            };
            let docs = marsad::analyze::documents(&name, bytes, &Limits::default());
            let chosen = match (item, docs.len()) {
                (None, 1) => 0,
                (None, n) => bail!("{name} holds {n} articles: choose one with --item 1..{n}"),
                (Some(i), n) if (1..=n).contains(&i) => i - 1,
                (Some(i), n) => bail!("{name} holds {n} articles: --item {i} is out of range"),
            };
            match &docs[chosen] {
                Ok(doc) => {
                    let value = marsad::analyze(doc, published);
                    writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&value)?)?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(rejection) => {
                    eprintln!("marsad: rejected {rejection}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

/// The store at `db`, which must exist already (a PostgreSQL store is opened as it is: its
/// database exists, and a store without tables holds no documents).
fn open_existing(db: &StoreLocation) -> Result<Store> {
    if let StoreLocation::Folder(dir) = db
        && !dir.join(marsad_store::DB_FILE).exists()
    {
        bail!("no database at {} (run `marsad ingest` first, or pass --db)", dir.display());
    }
    Ok(Store::open_at(db)?)
}

/// Rebuilds the search index in `dir` from the store, saying how long it took.
fn reindex(store: &Store, dir: &Path) -> Result<marsad_search::SearchIndex> {
    let started = std::time::Instant::now();
    let index = marsad_search::SearchIndex::rebuild(dir, store)?;
    let n = index.status(store)?.indexed_documents;
    eprintln!("marsad: search index rebuilt in {}: {n} documents in {:.1} s", dir.display(), started.elapsed().as_secs_f64());
    Ok(index)
}

/// Ranked hits for a person at a terminal: rank, document (and event), date, outlet, score,
/// headline, and the snippet with matched words in bold (in [brackets] when not a terminal).
fn print_results(results: &marsad_search::Results, offset: usize) -> Result<()> {
    let stdout = std::io::stdout();
    let (open, close) = if stdout.is_terminal() { ("\x1b[1m", "\x1b[0m") } else { ("[", "]") };
    let mut out = stdout.lock();
    writeln!(out, "{} hits", results.total)?;
    for (i, h) in results.hits.iter().enumerate() {
        let what = match h.event_id {
            Some(e) => format!("d{} event {e}", h.doc_id.0),
            None => format!("d{}", h.doc_id.0),
        };
        let date = h.published.map_or("undated".to_string(), |d| d.to_string());
        let outlet = h.outlet.as_ref().map_or("?", |o| o.en.as_str());
        writeln!(out, "{:>3}. {what}  {date}  {outlet}  score {:.2}", offset + i + 1, h.score)?;
        writeln!(out, "     {}", h.headline.as_deref().unwrap_or("(no headline)"))?;
        writeln!(out, "     {}", h.snippet_marked(open, close))?;
    }
    Ok(())
}

/// One line per stored document, for a person reading a terminal.
fn show_documents(store: &Store) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    store.for_each_document(|s| {
        let d = &s.doc;
        let outlet = d.outlet.as_ref().map_or("?", |o| o.en.as_str());
        let date = d.published.as_ref().map_or("undated".to_string(), |p| p.date.to_string());
        let byline = d.byline.as_deref().unwrap_or("-");
        let headline: String = d.headline.as_deref().unwrap_or("(no headline)").chars().take(70).collect();
        writeln!(out, "{:>5}  {:<34} {:<16} {:<10} {:<14} {} [{} {}]", s.id, d.source.to_string(), outlet, date, byline, headline, d.format.as_str(), d.encoding.name)
            .map_err(anyhow::Error::from)
    })
}

fn summary_line(s: &Summary) -> String {
    format!(
        "{} files: {} documents new, {} already stored, {} rejected; {} events; {} merged across documents, {} contradictions \
         (documents {:.1} s, cross-document {:.1} s, search index {:.1} s)",
        s.files,
        s.new,
        s.already_stored,
        s.rejected.len(),
        s.events,
        s.cross.merged,
        s.cross.contradictions,
        s.took.documents.as_secs_f64(),
        s.took.crossdoc.as_secs_f64(),
        s.took.index.as_secs_f64()
    )
}

/// What a CSV or GeoJSON export wrote, for standard error (JSONL's standard output may be
/// the export itself, and says nothing).
fn export_summary(format: ExportFormat, s: &marsad_export::ExportStats) -> Option<String> {
    match format {
        ExportFormat::Jsonl => None,
        ExportFormat::Csv => Some(format!(
            "{} rows ({} merged across documents; {} without coordinates)",
            s.written, s.merged, s.without_place
        )),
        ExportFormat::Geojson => Some(format!(
            "{} features ({} merged across documents); {} happenings without coordinates left out",
            s.written, s.merged, s.without_place
        )),
    }
}

/// Writes to a temporary file beside `path` and renames it over `path` when complete, so an
/// interrupted export never leaves half a file under the name the user asked for.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.partial", path.file_name().map_or("export".into(), |n| n.to_string_lossy())));
    let file = std::fs::File::create(&tmp).with_context(|| format!("{}: cannot be created", tmp.display()))?;
    let mut w = std::io::BufWriter::new(file);
    let result = write(&mut w).and_then(|()| w.flush().map_err(Into::into));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.context(format!("{}: export failed", path.display())));
    }
    drop(w);
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot be written", path.display()))
}

/// A progress bar on a terminal; rejections are printed either way, on standard error.
struct Bar(Option<ProgressBar>);

impl Bar {
    fn new() -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Bar(Some(bar))
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn document(&self, s: &Summary) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("{} new, {} already stored, {} rejected", s.new, s.already_stored, s.rejected.len()));
        }
    }

    fn rejected(&self, r: &Rejection) {
        match &self.0 {
            Some(bar) => bar.println(format!("rejected {r}")),
            None => eprintln!("rejected {r}"),
        }
    }
}
