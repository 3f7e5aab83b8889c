//! `errcat audit`: the catalog against the code that raises its errors, and
//! (with `--prometheus`) against what production sent.
//!
//! # JSON output
//!
//! `--json` prints one object; scripts rely on these fields:
//!
//! ```json
//! {"catalog": "errors.toml", "name": "Contacts API", "files": 3,
//!  "entries": [{"id": "contact_not_found", "line": 16,
//!               "raised_at": [{"file": "src/lib.rs", "line": 93}],
//!               "raised_by_layer": false, "sent": 3, "last_seen": "2026-12-03T12:00:00Z"}],
//!  "unused": [{"id": "contact_limit_reached", "line": 52}],
//!  "unknown": [{"id": "contact_gone", "file": "src/lib.rs", "line": 40, "via": "lookup"}],
//!  "unseen": [{"id": "contact_email_taken", "line": 26}],
//!  "prometheus": {"url": "http://127.0.0.1:9090", "since": "30d"},
//!  "skipped": [{"file": "src/huge.rs", "reason": "..."}]}
//! ```
//!
//! `sent`, `last_seen`, `unseen` and `prometheus` are there only with
//! `--prometheus`; `sent` is 0 and `last_seen` null for an entry not sent in
//! the window. `via` is `constructor` (a call of a generated function the
//! module lacks) or `lookup` (`.error("id")`). `skipped` lists the files
//! that could not be read (too large, not UTF-8), with why.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use crate::builtin;
use crate::source_scan::{self, Via};

/// Find catalog entries no code raises, and ids code uses that the catalog lacks.
///
/// Reads every `.rs` file under --src (skipping `target`, `node_modules` and
/// hidden directories) for calls of the constructors `errcat::catalog!`
/// generates (`errors::contact_not_found(..)`, `.map_err(errors::x)`, the
/// bare name where `use errors::*` or `use errors::{..}` imports it, and
/// `use` aliases of either) and for lookups by id
/// (`catalog.error("id")`, and `.entry("id")` for ids the catalog has);
/// comments and strings do not
/// count. Entries that override errcat's framework errors (`route_not_found`
/// and the like) are raised by errcat's layer, not by code.
///
/// With --prometheus, also reads how many times each entry was sent in the
/// last --since (from the `errcat_errors_total` counters services export,
/// see `errcat::telemetry`) and lists the entries never sent.
///
/// Exits 1 when a kind of finding named by --deny is present, 2 when the
/// catalog, the source or Prometheus cannot be read.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat audit --catalog errors.toml --src src\n  errcat audit --catalog errors.toml --src src --deny unused --deny unknown\n  errcat audit --catalog errors.toml --src src --prometheus http://127.0.0.1:9090 --since 30d --json"
)]
pub struct Args {
    /// The catalog file.
    #[arg(long, value_name = "FILE")]
    catalog: PathBuf,
    /// A directory (or file) of Rust source to read (repeatable).
    #[arg(long = "src", value_name = "DIR", required = true)]
    sources: Vec<PathBuf>,
    /// The name of the module `errcat::catalog!` generates.
    #[arg(long, default_value = "errors", value_name = "NAME")]
    module: String,
    /// A Prometheus server (http://host:9090) scraping the services.
    #[arg(long, value_name = "URL")]
    prometheus: Option<String>,
    /// The window --prometheus looks back over (30d, 12h, 90m).
    #[arg(long, default_value = "30d", value_name = "DURATION", value_parser = parse_window)]
    since: Window,
    /// Exit 1 when there are findings of this kind (repeatable).
    #[arg(long, value_enum, value_name = "KIND")]
    deny: Vec<Finding>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// A kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Finding {
    /// Entries no code raises.
    Unused,
    /// Ids code names that the catalog lacks.
    Unknown,
    /// Entries not sent in production within --since (needs --prometheus).
    Unseen,
}

/// A window as written (`30d`) and as read.
#[derive(Debug, Clone)]
struct Window {
    written: String,
    duration: Duration,
}

fn parse_window(text: &str) -> Result<Window, String> {
    let duration = humantime::parse_duration(text).map_err(|error| error.to_string())?;
    if duration.as_secs() == 0 {
        return Err("the window must be at least a second".to_owned());
    }
    Ok(Window {
        written: text.to_owned(),
        duration,
    })
}

/// The most bytes read of one source file; larger files are skipped, and said so.
const MAX_FILE_BYTES: u64 = 8 << 20;

#[derive(Debug, Serialize)]
struct Report {
    catalog: String,
    name: String,
    files: usize,
    entries: Vec<EntryReport>,
    unused: Vec<Declared>,
    unknown: Vec<Unknown>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unseen: Option<Vec<Declared>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prometheus: Option<PrometheusWindow>,
    /// Files that could not be read, with why.
    skipped: Vec<Skipped>,
}

#[derive(Debug, Serialize)]
struct EntryReport {
    id: String,
    line: usize,
    raised_at: Vec<Place>,
    raised_by_layer: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<Option<String>>,
}

#[derive(Debug, Clone, Serialize)]
struct Place {
    file: String,
    line: usize,
}

#[derive(Debug, Serialize)]
struct Declared {
    id: String,
    line: usize,
}

#[derive(Debug, Serialize)]
struct Unknown {
    id: String,
    file: String,
    line: usize,
    via: &'static str,
    /// The nearest id (or constructor) the catalog has, when one is near.
    #[serde(skip_serializing_if = "Option::is_none")]
    did_you_mean: Option<String>,
}

/// How many unknown ids get a "did you mean": each compares with every
/// entry, so past this a large source tree stays linear in its size.
const SUGGESTED: usize = 32;

#[derive(Debug, Serialize)]
struct Skipped {
    file: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct PrometheusWindow {
    url: String,
    since: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.deny.contains(&Finding::Unseen) && args.prometheus.is_none() {
        bail!("--deny unseen needs --prometheus: what production sent comes from there");
    }
    let named = builtin::load_for_use(std::slice::from_ref(&args.catalog))?
        .pop()
        .expect("one catalog per file");
    let parsed = named.checked.parsed();
    let catalog = named.catalog();
    let line_of = |index: usize| {
        let span = parsed.spans.entries[index].value_or_table("id");
        parsed.source.line_col(span.start).0
    };
    // Retired entries are not raised any more: they are not audited.
    let live: Vec<(usize, &errcat_catalog::Entry)> = catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| !entry.is_retired())
        .collect();
    let by_rust_name: BTreeMap<String, &str> = live
        .iter()
        .map(|(_, entry)| (errcat_codegen::rust_name(&entry.id), entry.id.as_str()))
        .collect();
    let constructors: HashSet<String> = by_rust_name.keys().cloned().collect();
    let framework: HashSet<&str> = errcat::framework::catalog()
        .entries()
        .iter()
        .map(|entry| entry.entry.id.as_str())
        .collect();

    let mut files = Vec::new();
    for root in &args.sources {
        if root.is_file() && root.extension().is_none_or(|extension| extension != "rs") {
            bail!(
                "{} is not a Rust file: audit reads Rust sources (`.rs`), where the catalog's constructors are called",
                root.display()
            );
        }
        collect_rust_files(root, &mut files)
            .with_context(|| format!("cannot read {}", root.display()))?;
    }
    // Nothing read would make every entry look unused: a wrong answer, not an empty one.
    if files.is_empty() {
        let roots: Vec<String> = args
            .sources
            .iter()
            .map(|root| root.display().to_string())
            .collect();
        bail!(
            "no Rust file (`.rs`) under {}: audit reads Rust sources, and with none every entry would look unused",
            roots.join(", ")
        );
    }
    let mut raised: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut skipped = Vec::new();
    // The module's own items that are not constructors.
    let generated = ["catalog", "SOURCE", "entries"];
    for file in &files {
        let shown = file.display().to_string();
        let text = match read_bounded(file) {
            Ok(text) => text,
            Err(reason) => {
                skipped.push(Skipped {
                    file: shown,
                    reason,
                });
                continue;
            }
        };
        for mention in source_scan::mentions(&text, &args.module, &constructors) {
            let place = Place {
                file: shown.clone(),
                line: mention.line,
            };
            let id = match mention.via {
                Via::Constructor | Via::ImportedConstructor => {
                    by_rust_name.get(&mention.name).copied()
                }
                Via::Lookup | Via::EntryLookup => live
                    .iter()
                    .find(|(_, entry)| entry.id == mention.name)
                    .map(|(_, entry)| entry.id.as_str()),
            };
            match id {
                Some(id) => raised.entry(id).or_default().push(place),
                None if mention.via == Via::Constructor
                    && generated.contains(&mention.name.as_str()) => {}
                // A framework error looked up by id is errcat's own, not the catalog's.
                None if mention.via == Via::Lookup && framework.contains(mention.name.as_str()) => {
                }
                // `.entry("x")` is as likely a map's.
                None if mention.via == Via::EntryLookup => {}
                None => {
                    let did_you_mean = (unknown.len() < SUGGESTED)
                        .then(|| match mention.via {
                            Via::Constructor | Via::ImportedConstructor => {
                                errcat_catalog::load::closest(
                                    &mention.name,
                                    by_rust_name.keys().map(String::as_str),
                                )
                            }
                            Via::Lookup | Via::EntryLookup => errcat_catalog::load::closest(
                                &mention.name,
                                live.iter().map(|(_, entry)| entry.id.as_str()),
                            ),
                        })
                        .flatten()
                        .map(str::to_owned);
                    unknown.push(Unknown {
                        id: mention.name,
                        file: place.file,
                        line: place.line,
                        via: match mention.via {
                            Via::Lookup | Via::EntryLookup => "lookup",
                            Via::Constructor | Via::ImportedConstructor => "constructor",
                        },
                        did_you_mean,
                    });
                }
            }
        }
    }

    let sent = match &args.prometheus {
        Some(url) => Some(read_production(url, &named.compiled, args.since.duration)?),
        None => None,
    };
    let mut entries = Vec::new();
    let mut unused = Vec::new();
    let mut unseen = sent.as_ref().map(|_| Vec::new());
    for (index, entry) in &live {
        let line = line_of(*index);
        let raised_at = raised.remove(entry.id.as_str()).unwrap_or_default();
        let by_layer = framework.contains(entry.id.as_str());
        if raised_at.is_empty() && !by_layer {
            unused.push(Declared {
                id: entry.id.clone(),
                line,
            });
        }
        let (count, last_seen) = match &sent {
            Some(sent) => {
                let count = sent.counts.get(&entry.id).copied().unwrap_or(0);
                let seen = sent
                    .last_seen
                    .get(&entry.id)
                    .map(|&at| errcat_docs::live::utc_time(at as i64));
                if count == 0
                    && seen.is_none()
                    && let Some(unseen) = unseen.as_mut()
                {
                    unseen.push(Declared {
                        id: entry.id.clone(),
                        line,
                    });
                }
                (Some(count), Some(seen))
            }
            None => (None, None),
        };
        entries.push(EntryReport {
            id: entry.id.clone(),
            line,
            raised_at,
            raised_by_layer: by_layer,
            sent: count,
            last_seen,
        });
    }
    let report = Report {
        catalog: args.catalog.display().to_string(),
        name: catalog.catalog.name.clone(),
        files: files.len(),
        entries,
        unused,
        unknown,
        unseen,
        prometheus: args.prometheus.as_ref().map(|url| PrometheusWindow {
            url: url.clone(),
            since: args.since.written.clone(),
        }),
        skipped,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", text(&report));
    }
    // What a gate refused, said on stderr so it shows beside `--json` too.
    let denied: Vec<String> = args
        .deny
        .iter()
        .filter_map(|finding| {
            let (count, name) = match finding {
                Finding::Unused => (report.unused.len(), "unused"),
                Finding::Unknown => (report.unknown.len(), "unknown"),
                Finding::Unseen => (report.unseen.as_ref().map_or(0, Vec::len), "unseen"),
            };
            (count > 0).then(|| format!("{count} {name}"))
        })
        .collect();
    if !denied.is_empty() {
        crate::output::errln!("error: denied: {} (--deny)", denied.join(", "));
    }
    Ok(if !denied.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What production sent of the catalog, from Prometheus.
fn read_production(
    url: &str,
    catalog: &errcat::CompiledCatalog,
    since: Duration,
) -> Result<errcat_portal::live::Sent> {
    let prometheus = errcat_portal::live::Prometheus::new(url, errcat_portal::live::DEFAULT_BUDGET)
        .context("--prometheus")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let name = &catalog.catalog().catalog.name;
    runtime
        .block_on(prometheus.sent_within(name, since))
        .map_err(|reason| anyhow::anyhow!("Prometheus at {url} gave {reason}"))
}

/// The report as text: a summary line, then each finding with its place.
fn text(report: &Report) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let raised = report
        .entries
        .iter()
        .filter(|entry| !entry.raised_at.is_empty())
        .count();
    // An entry code raises and the layer raises too counts once, as code's.
    let by_layer = report
        .entries
        .iter()
        .filter(|e| e.raised_by_layer && e.raised_at.is_empty())
        .count();
    let _ = writeln!(
        out,
        "{} ({}): {} entries; {raised} raised in code, {by_layer} only by errcat's layer ({} Rust file{} read)",
        report.catalog,
        report.name,
        report.entries.len(),
        report.files,
        if report.files == 1 { "" } else { "s" },
    );
    for declared in &report.unused {
        let _ = writeln!(
            out,
            "unused: `{}` ({}:{}) is declared but no code raises it",
            declared.id, report.catalog, declared.line
        );
    }
    for unknown in &report.unknown {
        let how = match unknown.via {
            "lookup" => format!("looks up `{}`", unknown.id),
            _ => format!("calls `{}()`", unknown.id),
        };
        let near = unknown
            .did_you_mean
            .as_ref()
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "unknown: {}:{} {how}, which the catalog does not have{near}",
            unknown.file, unknown.line
        );
    }
    if let (Some(window), Some(unseen)) = (&report.prometheus, &report.unseen) {
        for entry in report.entries.iter().filter(|e| e.sent.unwrap_or(0) > 0) {
            let seen = entry
                .last_seen
                .as_ref()
                .and_then(Option::as_deref)
                .map(|at| format!(", last at {at}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "sent: `{}` {} time{} in the last {}{seen}",
                entry.id,
                entry.sent.unwrap_or(0),
                if entry.sent == Some(1) { "" } else { "s" },
                window.since,
            );
        }
        for declared in unseen {
            let _ = writeln!(
                out,
                "unseen: `{}` ({}:{}) was not sent in the last {} (Prometheus at {})",
                declared.id, report.catalog, declared.line, window.since, window.url
            );
        }
    }
    for skipped in &report.skipped {
        let _ = writeln!(out, "skipped: {}: {}", skipped.file, skipped.reason);
    }
    out
}

/// Every `.rs` file under `root` (or `root` itself), in a stable order.
fn collect_rust_files(root: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let metadata = std::fs::metadata(root)?;
    if metadata.is_file() {
        files.push(root.to_owned());
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(root)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Symbolic links are not followed: a loop cannot make the walk endless.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            collect_rust_files(&entry.path(), files)?;
        } else if kind.is_file() && name.ends_with(".rs") {
            files.push(entry.path());
        }
    }
    Ok(())
}

/// A source file's text, if it is of a readable size and UTF-8.
fn read_bounded(path: &Path) -> std::result::Result<String, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{size} bytes is over the {} MiB read per file",
            MAX_FILE_BYTES >> 20
        ));
    }
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}
