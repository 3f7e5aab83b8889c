//! `errcat mock`: a mock API that answers routes with catalog errors, for
//! client developers, built on the same axum layer services use.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use axum::Router;
use axum::extract::RawPathParams;
use axum::extract::rejection::RawPathParamsRejection;
use axum::routing::{MethodFilter, on};
use errcat::axum::ErrorLayer;
use errcat::{ApiError, ArgValue, CompiledCatalog};

use crate::builtin;

/// Serve a mock API whose routes answer with catalog errors.
///
/// A route is 'METHOD /path/{param}=ID': requests to it get entry ID in the
/// profile. When the entry has examples, the first one's arguments, field
/// errors and details are sent; path captures of a param's name override its
/// argument, and the param's `example` fills any still unset. Anything
/// unmatched gets the framework errors (unknown route, wrong method, ...).
/// Stops cleanly on Ctrl-C.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat mock --profile clerk --route 'GET /v1/users/{userID}=UserNotFound'\n  errcat mock --catalog errors.toml --listen 127.0.0.1:4010 --route 'GET /contacts/{id}=contact_not_found' --route 'POST /contacts=contact_email_taken'"
)]
pub struct Args {
    /// Catalog files (repeatable); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// The wire profile: a built-in one (`errcat profiles` lists them) or one of
    /// the first route's catalog's `[profiles.NAME]`; that catalog's own profile when absent.
    #[arg(long)]
    profile: Option<String>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A route as 'METHOD /path/{param}=ID' (repeatable).
    #[arg(long = "route", value_name = "'METHOD /PATH=ID'", required = true)]
    routes: Vec<String>,
}

struct RouteSpec {
    method: MethodFilter,
    method_name: String,
    path: String,
    id: String,
}

fn parse_route(spec: &str) -> Result<RouteSpec> {
    let Some((route, id)) = spec.rsplit_once('=') else {
        bail!("route `{spec}` has no `=ID`; write 'METHOD /path=ID'");
    };
    let Some((method, path)) = route.trim().split_once(' ') else {
        bail!("route `{spec}` has no method; write 'METHOD /path=ID'");
    };
    let method_name = method.to_ascii_uppercase();
    let filter = match method_name.as_str() {
        "GET" => MethodFilter::GET,
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "PATCH" => MethodFilter::PATCH,
        "DELETE" => MethodFilter::DELETE,
        "HEAD" => MethodFilter::HEAD,
        "OPTIONS" => MethodFilter::OPTIONS,
        other => bail!("route `{spec}`: unknown method `{other}`"),
    };
    let path = path.trim().to_owned();
    if !path.starts_with('/') {
        bail!("route `{spec}`: the path must start with `/`");
    }
    Ok(RouteSpec {
        method: filter,
        method_name,
        path,
        id: id.trim().to_owned(),
    })
}

/// The error a route answers with: the entry's first example (its arguments,
/// field errors, details), then path captures of a param's name, then the
/// param's own `example` for anything still unset.
fn error_for(catalog: &CompiledCatalog, id: &str, captures: &HashMap<String, String>) -> ApiError {
    let entry = &catalog.entry(id).expect("routes name known entries").entry;
    let mut error = match entry.examples.first() {
        Some(example) => {
            // The layer gives each response its own request ID and the current time.
            let input = errcat::catalog::ExampleInput {
                request_id: None,
                timestamp: None,
                ..example.input.clone()
            };
            errcat::examples::error_from_input(catalog, id, &input)
                .expect("routes name known entries")
        }
        None => catalog.error(id).expect("routes name known entries"),
    };
    let mut args = Vec::new();
    for (name, param) in &entry.params {
        if let Some(value) = captures.get(name) {
            args.push((name.clone(), ArgValue::Str(value.clone())));
        } else if error.arg_value(name).is_none()
            && let Some(example) = param.example()
        {
            args.push((name.clone(), ArgValue::from_json(example)));
        }
    }
    for (name, value) in args {
        error.set_arg(name, value);
    }
    error
}

pub fn run(args: Args) -> Result<ExitCode> {
    let specs: Vec<RouteSpec> = args
        .routes
        .iter()
        .map(|r| parse_route(r))
        .collect::<Result<_>>()?;
    let catalogs = builtin::load(&args.catalogs)?;
    let mut merged: Option<CompiledCatalog> = None;
    let mut first: Option<CompiledCatalog> = None;
    for spec in &specs {
        let Some(named) = catalogs
            .iter()
            .find(|n| n.catalog().entry(&spec.id).is_some())
        else {
            bail!(
                "route {} {}: no error with id `{}`",
                spec.method_name,
                spec.path,
                spec.id
            );
        };
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
    let mut router = Router::new();
    for spec in &specs {
        let catalog = catalog.clone();
        let id = spec.id.clone();
        router = router.route(
            &spec.path,
            on(
                spec.method,
                move |params: Result<RawPathParams, RawPathParamsRejection>| {
                    let catalog = catalog.clone();
                    let id = id.clone();
                    async move {
                        let captures: HashMap<String, String> = params
                            .map(|params| {
                                params
                                    .iter()
                                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                                    .collect()
                            })
                            .unwrap_or_default();
                        Err::<(), ApiError>(error_for(&catalog, &id, &captures))
                    }
                },
            ),
        );
    }
    let app = router.layer(ErrorLayer::new(catalog, profile).negotiate(true));
    crate::serve::run(app, args.listen, |addr| {
        println!("errcat mock listening on http://{addr} ({profile} profile)");
        for spec in &specs {
            println!("  {} {} -> {}", spec.method_name, spec.path, spec.id);
        }
    })
    .context("mock server failed")?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn route_specs_parse_and_bad_ones_say_why() {
        let spec = super::parse_route("get /v1/users/{userID}=UserNotFound").unwrap();
        assert_eq!(
            (
                spec.method_name.as_str(),
                spec.path.as_str(),
                spec.id.as_str()
            ),
            ("GET", "/v1/users/{userID}", "UserNotFound")
        );
        for (bad, why) in [
            ("GET /x", "has no `=ID`"),
            ("/x=ID", "has no method"),
            ("FETCH /x=ID", "unknown method"),
            ("GET x=ID", "must start with `/`"),
        ] {
            let error = super::parse_route(bad).err().unwrap().to_string();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }
}
