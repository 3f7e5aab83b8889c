//! The axum layer records each error as one `tracing` event.
//!
//! Alone in its own test binary: `tracing` caches which callsites are enabled
//! process-wide, so tests running beside this one without a subscriber would
//! make its capture flaky.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse as _;
use axum::routing::get;
use errcat_runtime::axum::ErrorLayer;
use errcat_runtime::{ApiError, CompiledCatalog, Profile};
use tower::ServiceExt as _;

mod common;
use common::{CATALOG, catalog};

fn app(catalog: CompiledCatalog, profile: Profile, id: &'static str) -> Router {
    let lookup = catalog.clone();
    let handler = move || {
        let lookup = lookup.clone();
        async move { Err::<String, ApiError>(lookup.error(id).unwrap()) }
    };
    let lookup = catalog.clone();
    // Renders the error, then answers a success all the same: nothing was sent.
    let discarded = move || {
        let lookup = lookup.clone();
        async move {
            let _unsent = lookup.error(id).unwrap().into_response();
            "fine after all"
        }
    };
    let lookup = catalog.clone();
    // Sends the error with a status of the handler's own.
    let gone = move || {
        let lookup = lookup.clone();
        async move { (StatusCode::GONE, lookup.error(id).unwrap()) }
    };
    Router::new()
        .route("/error", get(handler.clone()).post(handler))
        .route("/discarded", get(discarded))
        .route("/gone", get(gone))
        .route("/panic", get(panicking_handler))
        .layer(ErrorLayer::new(catalog, profile))
}

async fn panicking_handler() -> &'static str {
    panic!("boom")
}

async fn status_of(app: Router, uri: &str, request_id: &str) -> StatusCode {
    let request = Request::get(uri)
        .header("x-request-id", request_id)
        .body(Body::empty())
        .unwrap();
    app.oneshot(request).await.unwrap().status()
}

/// Log lines written by the layer's `tracing` events.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_error_is_one_event_with_its_code_request_id_and_wire_status() {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_ansi(false)
        .without_time()
        // Rejections are `debug` events, failures `error` ones.
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let contacts = catalog(CATALOG);
    let rejected = status_of(
        app(contacts.clone(), Profile::PROBLEM, "contact_not_found"),
        "/error",
        "req-rejected",
    );
    assert_eq!(rejected.await, 404);
    let discarded = status_of(
        app(contacts.clone(), Profile::PROBLEM, "contact_not_found"),
        "/discarded",
        "req-discarded",
    );
    assert_eq!(discarded.await, 200);
    let gone = status_of(
        app(contacts.clone(), Profile::PROBLEM, "contact_not_found"),
        "/gone",
        "req-gone",
    );
    assert_eq!(gone.await, 410);
    let failed = status_of(
        app(contacts, Profile::PROBLEM, "contact_not_found"),
        "/panic",
        "req-failed",
    );
    assert_eq!(failed.await, 500);
    // A Plain mutation error: no status in the catalog, 200 on the wire.
    let plain = catalog(
        "[catalog]\nprofile = \"plain\"\n[[errors]]\nid = \"forbidden\"\nmessage = \"Permission denied.\"\n",
    );
    let mutation = status_of(
        app(plain, Profile::PLAIN, "forbidden"),
        "/error",
        "req-plain",
    );
    assert_eq!(mutation.await, 200);

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "one event per error sent:\n{text}");
    for (line, level, request_id, code, status, message) in [
        (
            lines[0],
            "DEBUG",
            "req-rejected",
            "contact_not_found",
            404,
            "request rejected",
        ),
        (
            lines[1],
            "DEBUG",
            "req-gone",
            "contact_not_found",
            410,
            "request rejected",
        ),
        (
            lines[2],
            "ERROR",
            "req-failed",
            "internal_error",
            500,
            "request failed",
        ),
        (
            lines[3],
            "DEBUG",
            "req-plain",
            "forbidden",
            200,
            "request rejected",
        ),
    ] {
        assert!(line.trim_start().starts_with(level), "{line}");
        assert!(line.contains(message), "{line}");
        for field in [
            format!("request_id={request_id}"),
            format!("code={code}"),
            format!("status={status}"),
        ] {
            assert!(line.contains(&field), "{field} missing from {line}");
        }
    }
}
