//! `errcat serve`: the portal, on the built-in catalogs by default.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use crate::builtin;

/// Serve the error portal: catalogs, entries, search and a JSON API.
///
/// Pages: / (catalogs and one search box; /?q=... shows results),
/// /catalogs/{catalog}, /catalogs/{catalog}/errors/{id}. API: /api/v1/catalogs,
/// /api/v1/catalogs/{catalog}/errors/{id}, /api/v1/search?q=. Health: /healthz.
/// Logs one line per request with its request ID; stops cleanly on Ctrl-C.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat serve                                  # the five built-in catalogs on http://127.0.0.1:8080\n  errcat serve --catalog errors.toml --listen 0.0.0.0:8080"
)]
pub struct Args {
    /// Catalog files (repeatable); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = builtin::load(&args.catalogs)?;
    let pairs: Vec<(String, errcat::CompiledCatalog)> = catalogs
        .iter()
        .map(|named| (named.slug.clone(), named.compiled.clone()))
        .collect();
    let entries: usize = pairs.iter().map(|(_, c)| c.entries().len()).sum();
    let portal = Arc::new(errcat_portal::Portal::new(&pairs));
    crate::serve::run(errcat_portal::router(portal), args.listen, |addr| {
        println!(
            "errcat portal on http://{addr} ({entries} errors in {} catalogs)",
            pairs.len()
        );
    })
    .context("portal failed")?;
    Ok(ExitCode::SUCCESS)
}
