//! Each error the layer sends is counted, by catalog, entry, code and
//! status (never by argument values), and one route serves the Prometheus
//! exposition.
//!
//! Alone in its own test binary: the recorder is the process's global one.
#![cfg(all(feature = "prometheus", feature = "axum"))]

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use errcat_runtime::axum::{ErrorLayer, Path};
use errcat_runtime::{ApiError, Profile};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

const CATALOG: &str = r#"
[catalog]
name = "contacts"

[[errors]]
id = "contact_not_found"
code = "CONTACT_MISSING"
status = 404
title = "Contact not found"
message = "No contact {id:q}"
params.id = "string"
"#;

fn app() -> Router {
    let catalog = errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "contacts.toml",
        CATALOG,
    ))
    .unwrap();
    let lookup = catalog.clone();
    Router::new()
        .route(
            "/contacts/{id}",
            get(move |Path(id): Path<String>| async move {
                Err::<(), ApiError>(lookup.error("contact_not_found").unwrap().arg("id", id))
            }),
        )
        .route("/metrics", errcat_runtime::axum::prometheus_route())
        .layer(ErrorLayer::new(catalog, Profile::PROBLEM))
}

async fn get_text(app: &Router, path: &str) -> (u16, String, String) {
    let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn errors_are_counted_by_entry_and_served_in_the_prometheus_format() {
    let app = app();
    for id in ["c_1", "c_2", "c_3"] {
        assert_eq!(get_text(&app, &format!("/contacts/{id}")).await.0, 404);
    }
    // An unknown route is the framework's own error, counted under its catalog.
    assert_eq!(get_text(&app, "/nowhere").await.0, 404);

    let (status, content_type, exposition) = get_text(&app, "/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    // The exporter writes series in no set order.
    let mut samples: Vec<&str> = exposition
        .lines()
        .filter(|line| line.starts_with("errcat_errors_total{"))
        .collect();
    samples.sort_unstable();
    assert_eq!(
        samples,
        [
            r#"errcat_errors_total{catalog="contacts",entry="contact_not_found",code="CONTACT_MISSING",status="404"} 3"#,
            r#"errcat_errors_total{catalog="errcat framework errors",entry="route_not_found",code="route_not_found",status="404"} 1"#,
        ],
        "{exposition}"
    );
    assert!(exposition.contains("# HELP errcat_errors_total Errors sent, by catalog, entry id, wire code and HTTP status."), "{exposition}");
    assert!(
        exposition.contains("# TYPE errcat_errors_total counter"),
        "{exposition}"
    );
    assert!(
        !exposition.contains("c_1"),
        "argument values never become labels: {exposition}"
    );

    let last_seen = exposition
        .lines()
        .find(|line| line.starts_with(r#"errcat_error_last_seen_timestamp_seconds{catalog="contacts",entry="contact_not_found"}"#))
        .unwrap_or_else(|| panic!("{exposition}"));
    let seconds: f64 = last_seen.rsplit(' ').next().unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!(
        (now - 600.0..=now + 1.0).contains(&seconds),
        "{seconds} is not about now ({now})"
    );

    // Installing again hands back the same recorder.
    let handle = errcat_runtime::telemetry::install_prometheus().unwrap();
    assert!(handle.render().contains("CONTACT_MISSING"));
}
