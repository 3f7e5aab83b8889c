//! End to end: requests per second of a route answering with an errcat error
//! (built, rendered in the problem profile, logged by the layer) against the
//! same route answering with a static pre-serialized body, same server, same
//! load, one run (target: errcat keeps at least 90%).
//!
//! `cargo bench -p errcat-bench --bench error_route`; under `cargo test` it
//! runs a small smoke version.

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use errcat_bench::{full_run, run, serve};
use errcat_runtime::axum::ErrorLayer;
use errcat_runtime::{ApiError, Profile};

const CATALOG: &str = r#"
[catalog]
name = "Bench"
docs_url = "https://docs.example.com/errors/{code}"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id:q} in list {list}"
suggestion = "Check the contact id."
params.id = "string"
params.list = "string"
"#;

const STATIC_BODY: &str = r##"{"type":"https://docs.example.com/errors/contact_not_found","title":"Contact not found","status":404,"detail":"No contact \"c_42\" in list vip","code":"contact_not_found","request_id":"f47ac10b-58cc-4372-a567-0e02b2c3d479","errors":[{"detail":"Invalid email","pointer":"#/email","code":"invalid_string"},{"detail":"Required","pointer":"#/name","code":"required"}],"suggestion":"Check the contact id.","retryable":false}"##;

fn app() -> Router {
    let catalog =
        errcat_runtime::compile(errcat_catalog::SourceFile::new("bench.toml", CATALOG)).unwrap();
    let entry = catalog.entry("contact_not_found").unwrap().clone();
    Router::new()
        .route(
            "/static",
            get(|| async {
                (
                    StatusCode::NOT_FOUND,
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/problem+json"),
                    )],
                    STATIC_BODY,
                )
                    .into_response()
            }),
        )
        .route(
            "/error",
            get(move || {
                let entry = entry.clone();
                async move {
                    Err::<(), ApiError>(
                        ApiError::new(entry)
                            .arg("id", "c_42")
                            .arg("list", "vip")
                            .field("email", "Invalid email", Some("invalid_string"))
                            .field("name", "Required", Some("required")),
                    )
                }
            }),
        )
        .layer(ErrorLayer::new(catalog, Profile::Problem))
}

fn main() {
    let full = full_run();
    let (clients, per_client, rounds) = if full { (64, 1_000, 3) } else { (4, 20, 1) };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let (addr, _stop) = serve(app()).await;
        let static_path = vec!["/static".to_owned()];
        let error_path = vec!["/error".to_owned()];
        let _warm = run(addr, clients, per_client / 10 + 1, &error_path).await;
        // Alternate the two so that drift in the machine's load hits both alike.
        let (mut static_rps, mut error_rps) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let s = run(addr, clients, per_client, &static_path).await;
            let e = run(addr, clients, per_client, &error_path).await;
            assert!(e.statuses.iter().chain(&s.statuses).all(|s| *s == 404));
            static_rps.push(s.throughput());
            error_rps.push(e.throughput());
        }
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (s, e) = (median(static_rps), median(error_rps));
        println!(
            "{clients} clients x {per_client} requests, median of {rounds} alternating rounds"
        );
        println!("  static body  {s:>9.0} req/s");
        println!(
            "  errcat error {e:>9.0} req/s  ({:.1}% of static)",
            e / s * 100.0
        );
    });
}
