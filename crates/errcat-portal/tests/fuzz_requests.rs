//! A fuzz target that stays: arbitrary methods, paths, query strings, headers
//! and bodies against the portal's router and a mock router (the seed
//! catalogs behind errcat's layer, as `errcat mock` builds them), in process.
//!
//! Every response must be a success or page, or an error body that parses as
//! JSON; every response carries a request ID; nothing is a 5xx (the layer
//! turns a panic into `internal_error`, so a 5xx is how a panic shows).
//!
//! `ERRCAT_FUZZ_CASES=10000 cargo test -p errcat-portal --test fuzz_requests`
//! runs longer; the default is 64 cases.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use axum::routing::get;
use errcat_runtime::axum::ErrorLayer;
use errcat_runtime::{ApiError, CompiledCatalog};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tower::ServiceExt as _;

fn cases() -> u32 {
    std::env::var("ERRCAT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

/// The five built-in catalogs, checked and compiled.
fn builtin() -> Vec<(String, CompiledCatalog)> {
    errcat_catalog::builtin::parsed()
        .into_iter()
        .map(|(slug, parsed)| {
            let checked = errcat_runtime::check(parsed).expect("built-in catalogs check");
            (slug.to_owned(), CompiledCatalog::new(&checked).unwrap())
        })
        .collect()
}

fn portal() -> Router {
    errcat_portal::router(Arc::new(errcat_portal::Portal::new(&builtin())))
}

/// Per seed catalog, what `errcat mock` serves: a few entries that are not
/// server failures (a declared 5xx is a 5xx on purpose) on routes
/// with a capture, each catalog in its own profile, negotiable from `Accept`.
fn mocks() -> Vec<Router> {
    builtin()
        .into_iter()
        .map(|(_, compiled)| {
            let profile = compiled.profile();
            let ids: Vec<String> = compiled
                .catalog()
                .entries
                .iter()
                .filter(|e| {
                    let error = compiled.error(&e.id).expect("the id exists");
                    !error.status().is_server_error()
                })
                .take(3)
                .map(|e| e.id.clone())
                .collect();
            let mut router = Router::new();
            for (index, id) in ids.into_iter().enumerate() {
                let catalog = compiled.clone();
                router = router.route(
                    &format!("/r{index}/{{param}}"),
                    get(move || async move {
                        Err::<(), ApiError>(catalog.error(&id).expect("the id exists"))
                    })
                    .post(|| async { "created" }),
                );
            }
            router.layer(ErrorLayer::new(compiled, profile).negotiate(true))
        })
        .collect()
}

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9_.~-]{1,24}",
        any::<String>().prop_map(|s| encoded(&s)),
        proptest::collection::vec(any::<u8>(), 1..16)
            .prop_map(|bytes| bytes.iter().map(|b| format!("%{b:02X}")).collect()),
        Just("..".to_owned()),
        Just("%".to_owned()),
        Just("%zz".to_owned()),
        "[a-z]{300,600}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        Just(""),
        Just("/catalogs"),
        Just("/catalogs/clerk/errors"),
        Just("/api/v1/catalogs"),
        Just("/api/v1/catalogs/plunk/errors"),
        Just("/api/v1/catalogs/quapp"),
        Just("/api/v1/search"),
        Just("/r0"),
        Just("/r1"),
    ];
    (prefix, proptest::collection::vec(segment(), 0..4))
        .prop_map(|(prefix, segments)| format!("{prefix}/{}", segments.join("/")))
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        any::<String>().prop_map(|q| format!("?q={}", encoded(&q))),
        "[a-z ]{0,40}".prop_map(|q| format!("?q={}", q.replace(' ', "+"))),
        "(resorce|fuond|not|found|2004|00001|a|[a-z]{3,9})( (resorce|fuond|not|[a-z]{3,9})){0,12}"
            .prop_map(|q| format!("?q={}", encoded(&q))),
        Just("?q=%FF%FE".to_owned()),
        Just("?q=%".to_owned()),
        Just("?q".to_owned()),
        Just("?&&==&q=&q=x".to_owned()),
        "[a-z]{1,8}=[a-z%0-9]{0,12}".prop_map(|q| format!("?{q}")),
    ]
}

fn header() -> impl Strategy<Value = (String, Vec<u8>)> {
    let name = prop_oneof![
        Just("accept".to_owned()),
        Just("x-request-id".to_owned()),
        Just("content-type".to_owned()),
        Just("accept-language".to_owned()),
        Just("cookie".to_owned()),
        "[a-z][a-z0-9-]{0,20}",
    ];
    let value = prop_oneof![
        Just(b"text/html".to_vec()),
        Just(b"application/problem+json".to_vec()),
        Just(b"application/vnd.api+json".to_vec()),
        Just(b"application/json".to_vec()),
        Just(b"*/*".to_vec()),
        "[a-zA-Z0-9._:-]{1,140}".prop_map(String::into_bytes),
        proptest::collection::vec(
            prop_oneof![0x20u8..0x7f, 0x80u8..=0xff, Just(b'\t')],
            0..300
        ),
        "[a-z]{8000,9000}".prop_map(String::into_bytes),
    ];
    (name, value)
}

#[derive(Debug, Clone)]
struct Case {
    method: Method,
    uri: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    mock: usize,
}

fn case() -> impl Strategy<Value = Case> {
    let method = prop_oneof![
        Just(Method::GET),
        Just(Method::HEAD),
        Just(Method::POST),
        Just(Method::PUT),
        Just(Method::DELETE),
        Just(Method::OPTIONS),
        Just(Method::PATCH),
    ];
    (
        method,
        path(),
        query(),
        proptest::collection::vec(header(), 0..12),
        proptest::collection::vec(any::<u8>(), 0..2048),
        0usize..5,
    )
        .prop_map(|(method, path, query, headers, body, mock)| Case {
            method,
            uri: format!("{path}{query}"),
            headers,
            body,
            mock,
        })
}

fn request(case: &Case) -> Option<Request<Body>> {
    let mut builder = Request::builder()
        .method(case.method.clone())
        .uri(case.uri.as_str());
    for (name, value) in &case.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
        let value = HeaderValue::from_bytes(value).ok()?;
        builder = builder.header(name, value);
    }
    builder.body(Body::from(case.body.clone())).ok()
}

/// Requests built and sent, so the test can tell it did not skip everything.
static SENT: AtomicU32 = AtomicU32::new(0);

async fn check(app: Router, case: &Case, which: &str) -> Result<(), TestCaseError> {
    let Some(request) = request(case) else {
        // Not a request hyper would hand over (an invalid URI or header).
        return Ok(());
    };
    SENT.fetch_add(1, Ordering::Relaxed);
    let response = app.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, 16 * 1024 * 1024).await.unwrap();
    let text = String::from_utf8_lossy(&body);
    let status = parts.status;
    prop_assert!(
        !status.is_server_error(),
        "{which}: {status} for {case:?}: {text}"
    );
    let request_id = ["x-request-id", "apigw-requestid"]
        .iter()
        .find_map(|name| parts.headers.get(*name));
    prop_assert!(
        request_id.is_some_and(|id| !id.is_empty()),
        "{which}: no request ID for {case:?}"
    );
    if case.method == Method::HEAD {
        return Ok(());
    }
    // A path with a trailing slash redirects to the same path without it.
    if status.is_redirection() {
        let location = parts
            .headers
            .get("location")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let path = location.split('?').next().unwrap_or_default();
        prop_assert!(
            path.starts_with('/') && !path.starts_with("//") && !path.ends_with('/'),
            "{which}: {status} to {location:?} for {case:?}"
        );
        return Ok(());
    }
    let content_type = parts
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.contains("json") {
        let parsed = serde_json::from_slice::<serde_json::Value>(&body);
        prop_assert!(
            parsed.is_ok(),
            "{which}: {status} {content_type} body is not JSON for {case:?}: {text}"
        );
    } else {
        let page = status.is_success() || content_type.starts_with("text/html");
        prop_assert!(
            page,
            "{which}: {status} {content_type:?} is neither a page nor a JSON error for {case:?}: {text}"
        );
    }
    Ok(())
}

#[test]
fn arbitrary_requests_get_a_page_or_a_json_error_with_a_request_id() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let portal = portal();
    let mocks = mocks();
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    runner
        .run(&case(), |case| {
            runtime.block_on(async {
                check(portal.clone(), &case, "portal").await?;
                check(mocks[case.mock].clone(), &case, "mock").await
            })
        })
        .unwrap();
    // Two routers per case: at least half the cases must make a valid request.
    let sent = SENT.load(Ordering::Relaxed);
    assert!(
        sent >= cases(),
        "only {sent} requests were valid enough to send"
    );
}
