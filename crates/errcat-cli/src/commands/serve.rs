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
/// /catalogs/{catalog}, /catalogs/{catalog}/errors/{id}, and in a catalog's
/// translation /catalogs/{catalog}/{locale}/... (`fr`; `fr-CA` finds `fr`).
/// API: /api/v1/catalogs, /api/v1/catalogs/{catalog}/errors (the list, each
/// with its URL), /api/v1/catalogs/{catalog}/errors/{id} (in a
/// translation: /api/v1/catalogs/{catalog}/{locale}/errors/{id}),
/// /api/v1/search?q=. Health: /healthz. Logs one line per request with its
/// request ID; stops cleanly on Ctrl-C.
///
/// With --prometheus, catalog and entry pages also show each error's
/// counts in production (last hour, last 24 hours), when it was last seen,
/// a chart of its last 24 hours, the top errors and the errors not seen in
/// 30 days, read from the Prometheus server that scrapes the services'
/// `errcat_errors_total` counters (see `errcat::telemetry`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat serve                                  # the five built-in catalogs on http://127.0.0.1:8080\n  errcat serve --catalog errors.toml --listen 0.0.0.0:8080\n  errcat serve --catalog catalogs/corpus/*.toml        # the corpus vendors' catalogs\n  errcat serve --catalog errors.toml --prometheus http://127.0.0.1:9090"
)]
pub struct Args {
    /// Catalog files (repeatable, or several after one flag:
    /// `--catalog catalogs/corpus/*.toml`); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE", num_args = 1..)]
    catalogs: Vec<PathBuf>,
    /// Address to listen on: HOST:PORT, or a port on 127.0.0.1 (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = crate::serve::listen_address)]
    listen: SocketAddr,
    /// A Prometheus server (http://host:9090) whose figures pages show.
    #[arg(long, value_name = "URL")]
    prometheus: Option<String>,
    /// How long a page waits for Prometheus before rendering without its
    /// figures, with a note (they show on a later load).
    #[arg(long, value_name = "DURATION", default_value = "300ms", value_parser = humantime::parse_duration)]
    prometheus_timeout: std::time::Duration,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = builtin::load(&args.catalogs)?;
    builtin::distinct_names(&catalogs)?;
    let pairs: Vec<(String, errcat::CompiledCatalog)> = catalogs
        .iter()
        .map(|named| (named.slug.clone(), named.compiled.clone()))
        .collect();
    let entries: usize = pairs.iter().map(|(_, c)| c.entries().len()).sum();
    let mut portal = errcat_portal::Portal::new(&pairs);
    if let Some(url) = &args.prometheus {
        let prometheus = errcat_portal::live::Prometheus::new(url, args.prometheus_timeout)
            .context("--prometheus")?;
        portal = portal.with_prometheus(prometheus);
    }
    let portal = Arc::new(portal);
    crate::serve::run(errcat_portal::router(portal), args.listen, |addr| {
        println!(
            "errcat portal on http://{addr} ({} in {})",
            crate::output::counted(entries, "error"),
            crate::output::counted(pairs.len(), "catalog")
        );
        if let Some(url) = &args.prometheus {
            println!("  live figures from Prometheus at {url}");
        }
    })
    .context("portal failed")?;
    Ok(ExitCode::SUCCESS)
}
