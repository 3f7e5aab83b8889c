//! `errcat search QUERY`: the portal's search, in the terminal.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use errcat_portal::Portal;

use crate::builtin;

/// Search errors by code, id or text, as the portal does.
///
/// Exact codes and ids come first, then prefixes, then words of titles,
/// messages and descriptions; misspellings are forgiven
/// (`resorce_not_fuond`). Exits with 1 when nothing matches.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat search resource_not_found\n  errcat search \"rate limit\" --catalog errors.toml\n  errcat search 2004 --json | jq '.[0].id'"
)]
pub struct Args {
    /// What to look for.
    query: String,
    /// Catalog files (repeatable); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// Show at most this many results (at least 1).
    #[arg(long, default_value_t = errcat_portal::DEFAULT_LIMIT as u64, value_parser = clap::value_parser!(u64).range(1..))]
    limit: u64,
    /// Print the results as a JSON array instead of lines.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = builtin::load_for_use(&args.catalogs)?;
    builtin::distinct_names(&catalogs)?;
    // No sample bodies: search reads only the text.
    let views = catalogs
        .iter()
        .map(|named| errcat_docs::catalog_view(&named.slug, &named.compiled, &[]))
        .collect();
    let portal = Portal::from_views(views);
    let (hits, matched) = portal.search_counted(
        &args.query,
        usize::try_from(args.limit).unwrap_or(usize::MAX),
    )?;
    if args.json {
        crate::output::outln!("{}", serde_json::to_string_pretty(&hits)?)?;
    } else {
        for hit in &hits {
            let status = hit.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
            let snippet = hit
                .snippet
                .as_deref()
                .map(|s| format!(" — {s}"))
                .unwrap_or_default();
            // A hit found in a translation shows that text, and says which.
            let language = hit
                .translation
                .as_deref()
                .map(|locale| format!("[{locale}] "))
                .unwrap_or_default();
            crate::output::outln!(
                "{}/{}  {}  {status}  {language}{}{snippet}",
                hit.catalog,
                hit.id,
                hit.code,
                hit.heading
            )?;
        }
        if hits.is_empty() {
            crate::output::errln!("no errors match `{}`", args.query);
        } else {
            let shown = if matched > hits.len() {
                format!(
                    "the best {} of {matched} results (--limit shows more)",
                    hits.len()
                )
            } else {
                crate::output::counted(hits.len(), "result")
            };
            crate::output::errln!("{shown}; `errcat explain ID` shows one in full");
        }
    }
    Ok(if hits.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
