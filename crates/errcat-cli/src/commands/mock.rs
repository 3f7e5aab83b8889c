//! `errcat mock`: a mock API that answers routes with catalog errors, for
//! client developers; the app itself is `errcat::axum::mock`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use errcat::CompiledCatalog;
use errcat::axum::mock::{self, Route};

use crate::builtin;

/// Serve a mock API whose routes answer with catalog errors.
///
/// A route is 'METHOD /path/{param}=ID': requests to it get entry ID in the
/// profile. When the entry has examples, the first one's arguments, field
/// errors and details are sent; path captures of a param's name override its
/// argument (read as the param's type: `abc` for an `int` param gets
/// `invalid_path`), and the param's `example` fills any still unset. Anything
/// unmatched gets the framework errors (unknown route, wrong method, ...).
/// GET /metrics serves how many of each error the mock sent, in the
/// Prometheus text format (unless a route takes that path).
/// Stops cleanly on Ctrl-C.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat mock --profile clerk --route 'GET /v1/users/{userID}=UserNotFound'\n  errcat mock --catalog errors.toml --listen 127.0.0.1:4010 --route 'GET /contacts/{id}=contact_not_found' --route 'POST /contacts=contact_email_taken'"
)]
pub struct Args {
    /// Catalog files (repeatable, or several after one flag:
    /// `--catalog catalogs/corpus/*.toml`); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE", num_args = 1..)]
    catalogs: Vec<PathBuf>,
    /// The wire profile: a built-in one (`errcat profiles` lists them) or one of
    /// the first route's catalog's `[profiles.NAME]`; that catalog's own profile when absent.
    #[arg(long)]
    profile: Option<String>,
    /// Address to listen on: HOST:PORT, or a port on 127.0.0.1 (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = crate::serve::listen_address)]
    listen: SocketAddr,
    /// A route as 'METHOD /path/{param}=ID' (repeatable).
    #[arg(long = "route", value_name = "'METHOD /PATH=ID'", required = true)]
    routes: Vec<String>,
}

/// Where the mock serves its metrics.
const METRICS_PATH: &str = "/metrics";

pub fn run(args: Args) -> Result<ExitCode> {
    let routes: Vec<Route> = args
        .routes
        .iter()
        .map(|route| route.parse())
        .collect::<Result<_, _>>()?;
    let catalogs = builtin::load_for_use(&args.catalogs)?;
    let mut merged: Option<CompiledCatalog> = None;
    let mut first: Option<CompiledCatalog> = None;
    // Said once every route is served: a refused one is the only message.
    let mut warnings = Vec::new();
    for route in &routes {
        let Some(named) = catalogs
            .iter()
            .find(|n| n.catalog().entry(&route.id).is_some())
        else {
            let hint = super::explain::unknown_id_hint(&catalogs, &route.id);
            bail!(
                "route {} {}: no error with id `{}`; {hint}",
                route.method,
                route.path,
                route.id
            );
        };
        let entry = named
            .catalog()
            .entry(&route.id)
            .expect("the catalog was found by this entry");
        for capture in route.captures_without_params(entry) {
            let params: Vec<&str> = entry.params.keys().map(String::as_str).collect();
            // `user_id` for `userID` is the usual slip, then a typo.
            let spelled = errcat_catalog::snake_case(capture);
            let near = params
                .iter()
                .copied()
                .find(|param| errcat_catalog::snake_case(param) == spelled)
                .or_else(|| errcat_catalog::load::closest(capture, params.iter().copied()))
                .map(|near| format!("; did you mean `{{{near}}}`?"))
                .unwrap_or_default();
            warnings.push(format!(
                "warning: route {} {}: `{{{capture}}}` is not a param of `{}` ({}), so its value is not sent{near}",
                route.method,
                route.path,
                route.id,
                if params.is_empty() {
                    "it has none".to_owned()
                } else {
                    format!("its params: {}", params.join(", "))
                },
            ));
        }
        let compiled = named.compiled.clone();
        first.get_or_insert_with(|| compiled.clone());
        merged = Some(match merged {
            Some(existing) => existing.merged_with(&compiled),
            None => compiled,
        });
    }
    let catalog = merged.expect("at least one route is required");
    let first = first.expect("at least one route is required");
    let profile = match &args.profile {
        Some(name) => first.profile_named(name)?,
        None => first.profile(),
    };
    let mut router = mock::routes(&catalog, &routes)?;
    for warning in warnings {
        crate::output::errln!("{warning}");
    }
    let metrics = !routes.iter().any(|route| route.path == METRICS_PATH);
    if metrics {
        router = router.route(METRICS_PATH, errcat::axum::prometheus_route());
    }
    let app = mock::around(&catalog, profile, router);
    crate::serve::run(app, args.listen, |addr| {
        println!("errcat mock listening on http://{addr} ({profile} profile)");
        for route in &routes {
            println!("  {} {} -> {}", route.method, route.path, route.id);
        }
        if metrics {
            println!("  GET {METRICS_PATH}: errors sent, in the Prometheus text format");
        }
    })
    .context("mock server failed")?;
    Ok(ExitCode::SUCCESS)
}
