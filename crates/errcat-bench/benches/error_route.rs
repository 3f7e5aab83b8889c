//! End to end on loopback, with a catalog of realistic size (Clerk's 314
//! entries): requests per second of
//!
//! - `bare`: an axum router with no errcat at all, answering the bytes errcat
//!   sends for Clerk's `UserNotFound` (same status, headers and body length);
//! - `layer`: a service whose handler returns that catalog error through
//!   `ErrorLayer` (request ID, rendering, the tracing event);
//! - `mock`: the app `errcat mock` serves for that route
//!   (`errcat_runtime::axum::mock`), in process like the other two.
//!
//! Same load, one run, rounds alternated so drift hits all alike. Target:
//! `layer` and `mock` each keep at least 93% of `bare`.
//!
//! `cargo bench -p errcat-bench --bench error_route`.
//! Under `cargo test` it runs a small smoke version.

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use errcat_bench::{full_run, run, serve};
use errcat_runtime::axum::ErrorLayer;
use errcat_runtime::{ApiError, CompiledCatalog, Profile};

const CLERK: &str = include_str!("../../../catalogs/clerk.toml");
const PATH: &str = "/v1/users/user_2abc";

fn clerk() -> CompiledCatalog {
    errcat_runtime::compile(errcat_catalog::SourceFile::new("clerk.toml", CLERK))
        .expect("Clerk's catalog checks")
}

/// The body errcat sends for the route, rendered once for the bare server.
fn errcat_body(catalog: &CompiledCatalog) -> Vec<u8> {
    let error = catalog
        .error("UserNotFound")
        .unwrap()
        .arg("userID", "user_2abc")
        .with_request_id(errcat_runtime::RequestId::generate());
    Profile::CLERK
        .render(&error, &errcat_runtime::RenderContext::default())
        .body
}

fn bare(body: Vec<u8>) -> Router {
    let body = axum::body::Bytes::from(body);
    Router::new().route(
        "/v1/users/{id}",
        get(move || {
            let body = body.clone();
            async move {
                (
                    StatusCode::NOT_FOUND,
                    [
                        (
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        ),
                        (
                            header::HeaderName::from_static("x-request-id"),
                            HeaderValue::from_static("0192f0c4-5b4e-7d3a-9c1e-2f6a8b7d4e10"),
                        ),
                    ],
                    body,
                )
                    .into_response()
            }
        }),
    )
}

fn layered(catalog: CompiledCatalog) -> Router {
    let entry = catalog.entry("UserNotFound").unwrap().clone();
    Router::new()
        .route(
            "/v1/users/{id}",
            get(
                move |axum::extract::Path(id): axum::extract::Path<String>| {
                    let entry = entry.clone();
                    async move { Err::<(), ApiError>(ApiError::new(entry).arg("userID", id)) }
                },
            ),
        )
        .layer(ErrorLayer::new(catalog, Profile::CLERK))
}

/// What `errcat mock --route 'GET /v1/users/{userID}=UserNotFound'` serves.
fn mocked(catalog: &CompiledCatalog) -> Router {
    let route = "GET /v1/users/{userID}=UserNotFound".parse().unwrap();
    errcat_runtime::axum::mock::app(catalog, Profile::CLERK, &[route]).unwrap()
}

fn main() {
    let full = full_run();
    let (clients, per_client, rounds) = if full { (64, 1_000, 5) } else { (4, 20, 1) };
    let catalog = clerk();
    let body = errcat_body(&catalog);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let (bare_addr, _stop_bare) = serve(bare(body)).await;
        let (mock_addr, _stop_mock) = serve(mocked(&catalog)).await;
        let (layer_addr, _stop_layer) = serve(layered(catalog)).await;
        let targets = [("bare", bare_addr), ("layer", layer_addr), ("mock", mock_addr)];
        let path = vec![PATH.to_owned()];
        for (_, addr) in &targets {
            let _warm = run(*addr, clients, per_client / 10 + 1, &path).await;
        }
        let mut throughput = vec![Vec::new(); targets.len()];
        for _ in 0..rounds {
            for (index, (name, addr)) in targets.iter().enumerate() {
                let report = run(*addr, clients, per_client, &path).await;
                assert!(
                    report.statuses.iter().all(|status| *status == 404),
                    "{name} answers 404"
                );
                throughput[index].push(report.throughput());
            }
        }
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let medians: Vec<f64> = throughput.into_iter().map(median).collect();
        println!(
            "Clerk's catalog ({} entries), {clients} clients x {per_client} requests, median of {rounds} alternating rounds",
            CLERK.matches("[[errors]]").count()
        );
        for ((name, _), rps) in targets.iter().zip(&medians) {
            println!(
                "  {name:<6} {rps:>9.0} req/s  ({:.1}% of bare)",
                rps / medians[0] * 100.0
            );
        }
    });
}
