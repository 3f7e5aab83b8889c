//! Each error the layers send is on the request's OpenTelemetry span, in the
//! semantic conventions' names, exported through `tracing-opentelemetry` to
//! `opentelemetry_sdk`'s in-memory exporter.
//!
//! Alone in its own test binary: `tracing` caches which callsites are enabled
//! process-wide.
#![cfg(all(feature = "opentelemetry", feature = "axum"))]

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::routing::get;
use errcat_runtime::axum::ErrorLayer;
use errcat_runtime::{ApiError, Profile, telemetry};
use opentelemetry::trace::{Status, TracerProvider as _};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use tower::ServiceExt as _;
use tracing::Instrument as _;
use tracing_subscriber::layer::SubscriberExt as _;

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

[[errors]]
id = "database_down"
status = 503
title = "Database unavailable"
message = "Try again soon."
"#;

/// A request span as `tower-http`'s `TraceLayer` makes one, around the error layer.
async fn request_span(request: Request, next: Next) -> axum::response::Response {
    let span =
        tracing::info_span!("request", method = %request.method(), path = request.uri().path());
    next.run(request).instrument(span).await
}

fn app() -> Router {
    let catalog = errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "contacts.toml",
        CATALOG,
    ))
    .unwrap();
    let lookup = catalog.clone();
    let failing = catalog.clone();
    Router::new()
        .route(
            "/contacts/{id}",
            get(move || async move {
                Err::<(), ApiError>(lookup.error("contact_not_found").unwrap().arg("id", "c_1"))
            }),
        )
        .route(
            "/down",
            get(
                move || async move { Err::<(), ApiError>(failing.error("database_down").unwrap()) },
            ),
        )
        .route("/ok", get(|| async { "fine" }))
        .layer(ErrorLayer::new(catalog, Profile::PROBLEM))
        .layer(middleware::from_fn(request_span))
}

fn attribute<'a>(span: &'a SpanData, key: &str) -> Option<&'a Value> {
    span.attributes
        .iter()
        .find(|KeyValue { key: k, .. }| k.as_str() == key)
        .map(|kv| &kv.value)
}

/// A tracer provider that keeps every finished span in `exporter`.
fn keeping_spans() -> (InMemorySpanExporter, SdkTracerProvider) {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    (exporter, provider)
}

#[tokio::test(flavor = "current_thread")]
async fn the_request_span_carries_the_error_in_semantic_convention_names() {
    let (exporter, provider) = keeping_spans();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("errcat-test")));
    let _default = tracing::subscriber::set_default(subscriber);

    for (path, request_id) in [
        ("/contacts/c_1", "req-404"),
        ("/down", "req-503"),
        ("/ok", "req-200"),
    ] {
        let request = axum::http::Request::get(path)
            .header("x-request-id", request_id)
            .body(Body::empty())
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
    provider.force_flush().unwrap();
    let spans = exporter.get_finished_spans().unwrap();
    assert_eq!(spans.len(), 3, "one span per request: {spans:#?}");
    let by_path = |path: &str| {
        spans
            .iter()
            .find(|span| attribute(span, "path") == Some(&Value::from(path.to_owned())))
            .unwrap_or_else(|| panic!("no span for {path}"))
    };

    let rejected = by_path("/contacts/c_1");
    assert_eq!(
        attribute(rejected, telemetry::ERROR_TYPE),
        Some(&Value::from("CONTACT_MISSING"))
    );
    assert_eq!(
        attribute(rejected, telemetry::HTTP_STATUS),
        Some(&Value::I64(404))
    );
    assert_eq!(
        attribute(rejected, telemetry::ENTRY),
        Some(&Value::from("contact_not_found"))
    );
    assert_eq!(
        attribute(rejected, telemetry::CATALOG),
        Some(&Value::from("contacts"))
    );
    assert_eq!(
        attribute(rejected, telemetry::REQUEST_ID),
        Some(&Value::from("req-404"))
    );
    // A 4xx is the server doing its job: the span is not failed.
    assert_eq!(rejected.status, Status::Unset);

    let failed = by_path("/down");
    assert_eq!(
        attribute(failed, telemetry::ERROR_TYPE),
        Some(&Value::from("database_down"))
    );
    assert_eq!(
        attribute(failed, telemetry::HTTP_STATUS),
        Some(&Value::I64(503))
    );
    assert_eq!(
        attribute(failed, telemetry::REQUEST_ID),
        Some(&Value::from("req-503"))
    );
    assert_eq!(failed.status, Status::error("database_down"));

    let fine = by_path("/ok");
    assert_eq!(attribute(fine, telemetry::ERROR_TYPE), None);
    assert_eq!(fine.status, Status::Unset);
}

/// The layer the telemetry docs describe (no context activation, no
/// location, thread or timing extras) still gets every attribute:
/// errcat reads the span's own OpenTelemetry data, not the active context.
#[tokio::test(flavor = "current_thread")]
async fn a_lean_tracing_layer_gets_the_same_attributes() {
    let (exporter, provider) = keeping_spans();
    let subscriber = tracing_subscriber::registry().with(
        tracing_opentelemetry::layer()
            .with_context_activation(false)
            .with_location(false)
            .with_threads(false)
            .with_tracked_inactivity(false)
            .with_tracer(provider.tracer("errcat-test")),
    );
    let _default = tracing::subscriber::set_default(subscriber);
    let request = axum::http::Request::get("/down")
        .header("x-request-id", "req-lean")
        .body(Body::empty())
        .unwrap();
    app().oneshot(request).await.unwrap();
    provider.force_flush().unwrap();
    let spans = exporter.get_finished_spans().unwrap();
    let [span] = spans.as_slice() else {
        panic!("one span per request: {spans:#?}");
    };
    for (key, value) in [
        (telemetry::ERROR_TYPE, Value::from("database_down")),
        (telemetry::HTTP_STATUS, Value::I64(503)),
        (telemetry::ENTRY, Value::from("database_down")),
        (telemetry::CATALOG, Value::from("contacts")),
        (telemetry::REQUEST_ID, Value::from("req-lean")),
    ] {
        assert_eq!(attribute(span, key), Some(&value), "{key}");
    }
    assert_eq!(span.status, Status::error("database_down"));
    assert_eq!(attribute(span, "code.lineno"), None, "the extras are off");
}
