//! `errcat check FILE...`: every problem in a catalog, located, as rustc reports them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use errcat::diagnose;
use errcat_catalog::diagnostic::{LineIndex, RenderOptions, render, summary};
use errcat_catalog::{Diagnostic, Parsed, parse, read_source};

/// Check catalogs and report every problem with its location.
///
/// Besides the lints, every example body in the catalog is rendered from its
/// `input` and compared with the body the example shows.
///
/// Translations (`[translations.LOCALE.ID]`) are checked against their entry:
/// placeholders, plural forms, the entries a locale misses, and staleness. A
/// translation records the text it was made from in `translated_from`; when it
/// has none, or the entry's text changed since, check prints the stamp to
/// write once the translation matches the entry again.
///
/// Exits with 1 when any catalog has errors (warnings alone exit 0), and with
/// 2 when a file cannot be read. Text output shows the first 1,000 diagnostics
/// of a file and counts the rest; `--json` lists every one.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat check errors.toml\n  errcat check --json errors.toml | jq '.[].message'\n  errcat check                  # the built-in catalogs"
)]
pub struct Args {
    /// Catalog files to check; the built-in catalogs when none is given.
    files: Vec<PathBuf>,
    /// A catalog file to check, named as the other commands name one
    /// (repeatable; the same as giving FILE).
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// Print diagnostics as a JSON array (with file, line and column) instead of text.
    #[arg(long)]
    json: bool,
}

/// Diagnostics rendered as text per file; the rest are counted in the summary
/// (and all are in `--json`), so a catalog with 150,000 problems answers in a
/// second, not with 60 MB of text.
const MAX_TEXT_DIAGNOSTICS: usize = 1000;

pub fn run(args: Args) -> Result<ExitCode> {
    let mut any_errors = false;
    let mut json_rows = Vec::new();
    let files: Vec<&PathBuf> = args.files.iter().chain(&args.catalogs).collect();
    let built_in = files.is_empty().then(errcat_catalog::builtin::parsed);
    // Each file is read when its turn comes: one that cannot be read stops
    // the run (exit 2) after the ones before it were reported.
    let catalogs: Box<dyn Iterator<Item = Result<(String, Parsed)>>> = match built_in {
        Some(built_in) => Box::new(
            built_in
                .into_iter()
                .map(|(_, parsed)| Ok((parsed.source.name.clone(), parsed))),
        ),
        None => Box::new(
            files
                .into_iter()
                .map(|path| Ok((path.display().to_string(), parse(read_source(path)?)))),
        ),
    };
    for catalog in catalogs {
        let (file, parsed) = catalog?;
        let diagnostics: Vec<Diagnostic> = diagnose(&parsed)
            .into_iter()
            .map(|diagnostic| diagnostic.naming_file(&file))
            .collect();
        any_errors |= diagnostics.iter().any(Diagnostic::is_error);
        if args.json {
            let lines = LineIndex::new(&parsed.source.text);
            json_rows.extend(diagnostics.iter().map(|diagnostic| {
                let (line, column) = diagnostic.span.as_ref().map_or((0, 0), |span| {
                    lines.line_col(&parsed.source.text, span.start)
                });
                let mut row = serde_json::json!({
                    "file": parsed.source.name, "line": line, "column": column,
                    "severity": diagnostic.severity, "lint": diagnostic.lint,
                    "message": diagnostic.message, "help": diagnostic.help,
                });
                if !diagnostic.items.is_empty() {
                    row["items"] = serde_json::json!(diagnostic.items);
                }
                row
            }));
            continue;
        }
        let color = crate::output::stderr_color();
        let shown = &diagnostics[..diagnostics.len().min(MAX_TEXT_DIAGNOSTICS)];
        crate::output::err!("{}", render(&parsed.source, shown, RenderOptions { color }));
        if diagnostics.len() > shown.len() {
            crate::output::errln!(
                "note: {} more diagnostics not shown; `errcat check --json` lists every one\n",
                diagnostics.len() - shown.len()
            );
        }
        let verdict = if diagnostics.iter().any(Diagnostic::is_error) {
            "failed"
        } else {
            "ok"
        };
        // Entries left out for their errors are entries all the same.
        let entries = parsed.catalog.entries.len() + parsed.unreadable.entries.len();
        crate::output::errln!(
            "{verdict}: {file} ({entries} {}, {})",
            if entries == 1 { "entry" } else { "entries" },
            summary(&diagnostics)
        );
    }
    if args.json {
        crate::output::outln!("{}", serde_json::to_string_pretty(&json_rows)?)?;
    }
    Ok(if any_errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
