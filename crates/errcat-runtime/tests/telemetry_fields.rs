//! Without OpenTelemetry, a request span that declares errcat's fields (as
//! `tracing::field::Empty`) gets them recorded, for any `tracing` subscriber.
//!
//! Alone in its own test binary: `tracing` caches which callsites are
//! enabled process-wide.
#![cfg(feature = "axum")]

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::routing::get;
use errcat_runtime::axum::ErrorLayer;
use errcat_runtime::{ApiError, Profile};
use tower::ServiceExt as _;
use tracing::Instrument as _;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt as _};

mod common;
use common::{CATALOG, catalog};

/// Every field recorded on a span after its creation, as `name=value`.
#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<Vec<String>>>);

impl Visit for Recorded {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{}={value}", field.name()));
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Recorded {
    fn on_record(
        &self,
        _span: &tracing::span::Id,
        values: &tracing::span::Record<'_>,
        _: Context<'_, S>,
    ) {
        values.record(&mut self.clone());
    }
}

async fn declared_span(request: Request, next: Next) -> axum::response::Response {
    let span = tracing::info_span!(
        "request",
        error.type = tracing::field::Empty,
        http.response.status_code = tracing::field::Empty,
        errcat.entry = tracing::field::Empty,
        errcat.request_id = tracing::field::Empty,
    );
    next.run(request).instrument(span).await
}

#[tokio::test(flavor = "current_thread")]
async fn declared_fields_are_recorded_on_the_request_span() {
    let recorded = Recorded::default();
    let subscriber = tracing_subscriber::registry().with(recorded.clone());
    let _default = tracing::subscriber::set_default(subscriber);

    let errors = catalog(CATALOG);
    let lookup = errors.clone();
    let app = Router::new()
        .route(
            "/contacts/{id}",
            get(move || async move {
                Err::<(), ApiError>(lookup.error("contact_not_found").unwrap().arg("id", "c_1"))
            }),
        )
        .layer(ErrorLayer::new(errors, Profile::PROBLEM))
        .layer(middleware::from_fn(declared_span));
    let request = axum::http::Request::get("/contacts/c_1")
        .header("x-request-id", "req-7")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.oneshot(request).await.unwrap().status(), 404);

    let mut fields = recorded.0.lock().unwrap().clone();
    fields.sort();
    assert_eq!(
        fields,
        [
            "errcat.entry=contact_not_found",
            "errcat.request_id=req-7",
            "error.type=contact_not_found",
            "http.response.status_code=404",
        ]
    );
}
