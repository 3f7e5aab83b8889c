//! The axum layer answers every failure path in the active profile with a request ID.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{Request, StatusCode};
use axum::routing::{get, post};
use errcat_runtime::axum::{ErrorLayer, Json, Path, Query};
use errcat_runtime::{ApiError, Profile};
use serde_json::Value;
use tower::ServiceExt as _;

mod common;
use common::{CATALOG, catalog};

const OVERRIDE: &str = r#"
[[errors]]
id = "route_not_found"
status = 404
title = "Nothing here"
message = "Try /contacts instead of {path}."
params.path = "string"
params.method = "string"
"#;

#[derive(serde::Deserialize)]
struct NewContact {
    #[allow(dead_code)]
    email: String,
}

#[derive(serde::Deserialize)]
struct Page {
    #[allow(dead_code)]
    limit: u32,
}

fn app(profile: Profile, text: &str) -> Router {
    routes(text).layer(layer(profile, text))
}

fn layer(profile: Profile, text: &str) -> ErrorLayer {
    ErrorLayer::new(catalog(text), profile)
        .negotiate(true)
        .timeout(Duration::from_millis(200))
}

/// The test service's routes, without the layer.
fn routes(text: &str) -> Router {
    let lookup = catalog(text);
    Router::new()
        .route(
            "/contacts/{id}",
            get(move |Path(id): Path<u32>| {
                let lookup = lookup.clone();
                async move {
                    Err::<String, ApiError>(
                        lookup.error("contact_not_found").unwrap().arg("id", id),
                    )
                }
            }),
        )
        .route(
            "/contacts",
            post(|Json(_): Json<NewContact>| async { "created" })
                .get(|Query(_): Query<Page>| async { "[]" }),
        )
        .route("/panic", get(panicking_handler))
        .route(
            "/own-401",
            get(|| async { (StatusCode::UNAUTHORIZED, "sign in first") }),
        )
        .route("/bare-404", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        // Never waits on anything but an always-ready channel: it uses up
        // the task's budget on every poll, so only a timer polled outside
        // that budget can end it.
        .route("/busy", get(busy_handler))
        // Works synchronously before it first waits: that time counts too.
        .route(
            "/blocking",
            get(|| async {
                std::thread::sleep(Duration::from_millis(300));
                tokio::time::sleep(Duration::from_millis(150)).await;
                "late"
            }),
        )
        .layer(DefaultBodyLimit::max(64))
}

async fn busy_handler() -> &'static str {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    sender.send(0_u64).unwrap();
    while let Some(value) = receiver.recv().await {
        sender.send(value + 1).unwrap();
    }
    "never"
}

async fn panicking_handler() -> &'static str {
    panic!("boom: secret detail")
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

async fn send(app: Router, request: Request<Body>) -> Answer {
    read(app.oneshot(request).await.unwrap()).await
}

async fn read(response: axum::response::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    Answer {
        status,
        headers,
        body,
    }
}

fn get_request(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn get_with_request_id(uri: &str, request_id: &str) -> Request<Body> {
    Request::get(uri)
        .header("x-request-id", request_id)
        .body(Body::empty())
        .unwrap()
}

fn post_json(uri: &str, content_type: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header("content-type", content_type)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// Every failure path of the test service: a request, its status and code.
fn failure_paths() -> Vec<(Request<Body>, u16, &'static str)> {
    vec![
        (get_request("/contacts/7"), 404, "contact_not_found"),
        (get_request("/nowhere"), 404, "route_not_found"),
        (
            Request::delete("/contacts").body(Body::empty()).unwrap(),
            405,
            "method_not_allowed",
        ),
        (
            post_json("/contacts", "application/json", "{not json"),
            400,
            "malformed_json",
        ),
        (
            post_json("/contacts", "application/json", "{\"name\": 1}"),
            422,
            "invalid_body",
        ),
        (
            post_json("/contacts", "text/plain", "{}"),
            415,
            "unsupported_media_type",
        ),
        (
            post_json(
                "/contacts",
                "application/json",
                &format!("{{\"email\": \"{}\"}}", "x".repeat(200)),
            ),
            413,
            "payload_too_large",
        ),
        (get_request("/contacts/abc"), 400, "invalid_path"),
        (get_request("/contacts?limit=many"), 400, "invalid_query"),
        (get_request("/panic"), 500, "internal_error"),
        (get_request("/slow"), 503, "request_timeout"),
        (get_request("/busy"), 503, "request_timeout"),
        (get_request("/blocking"), 503, "request_timeout"),
    ]
}

#[tokio::test]
async fn every_failure_path_answers_in_the_profile_with_a_request_id() {
    for (request, status, code) in failure_paths() {
        let uri = request.uri().to_string();
        // A guard, not a measure: a layer whose limit failed would never answer.
        let answer = tokio::time::timeout(
            Duration::from_secs(20),
            send(app(Profile::PROBLEM, CATALOG), request),
        )
        .await
        .unwrap_or_else(|_| panic!("{uri}: no answer"));
        assert_eq!(answer.status.as_u16(), status, "{uri}: {}", answer.body);
        assert_eq!(
            answer.headers["content-type"], "application/problem+json",
            "{uri}"
        );
        assert_eq!(answer.body["code"], code, "{uri}");
        let id = answer.headers["x-request-id"].to_str().unwrap();
        assert_eq!(
            answer.body["request_id"], id,
            "{uri}: body and header carry the same ID"
        );
    }
}

/// The layer around the whole router (`ErrorLayer::around`: one service, no
/// per-route copies of it) answers every path byte for byte as the layer on
/// each route does, a handler's bare 404 too. Wrapped without `around`
/// (`tower::Layer::layer`), the router keeps its own fallback, and the layer
/// cannot tell a handler's bare 404 from the router's: both read as an
/// unknown route.
#[tokio::test]
async fn a_layer_around_the_whole_router_answers_as_one_on_each_route() {
    let requests = || {
        failure_paths()
            .into_iter()
            .map(|(request, ..)| request)
            .chain([get_request("/own-401"), get_request("/bare-404")])
    };
    for (on_each_route, around) in requests().zip(requests()) {
        let uri = on_each_route.uri().to_string();
        let mut on_each_route = on_each_route;
        let mut around = around;
        for request in [&mut on_each_route, &mut around] {
            request
                .headers_mut()
                .insert("x-request-id", "req-same".parse().unwrap());
        }
        // One after the other: some paths time out, and block their thread.
        let layered = app(Profile::PROBLEM, CATALOG)
            .oneshot(on_each_route)
            .await
            .unwrap();
        let wrapped = layer(Profile::PROBLEM, CATALOG)
            .around(routes(CATALOG))
            .oneshot(around)
            .await
            .unwrap();
        assert_eq!(layered.status(), wrapped.status(), "{uri}");
        // The same headers, but for `Content-Length`, which axum sets on a
        // route's answers and the server sets on the others from the body.
        let (layered, wrapped) = (read_whole(layered).await, read_whole(wrapped).await);
        assert_eq!(layered, wrapped, "{uri}");
    }
    let bare_404 = || get_request("/bare-404");
    let code = |answer: Answer| (answer.status.as_u16(), answer.body["code"].clone());
    let around = layer(Profile::PROBLEM, CATALOG).around(routes(CATALOG));
    let answer = read(around.oneshot(bare_404()).await.unwrap()).await;
    assert_eq!(code(answer), (404, Value::from("resource_not_found")));
    let wrapped = tower::Layer::layer(&layer(Profile::PROBLEM, CATALOG), routes(CATALOG));
    let answer = read(wrapped.oneshot(bare_404()).await.unwrap()).await;
    assert_eq!(code(answer), (404, Value::from("route_not_found")));
}

/// `ErrorLayer::around` is served as a router is, and its fallback answers
/// unknown routes under a nested router too, with the whole path.
#[tokio::test]
async fn a_layer_around_the_router_serves_and_answers_unknown_nested_routes() {
    let routes = Router::new().nest("/v1", routes(CATALOG));
    let app = layer(Profile::PROBLEM, CATALOG).around(routes);
    // Served as a router is, and made into a service per connection as one is.
    let _ = app.clone().into_make_service();
    let _ = app
        .clone()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut received = Vec::new();
    tokio::io::AsyncWriteExt::write_all(
        &mut stream,
        b"GET /v1/nowhere HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut received)
        .await
        .unwrap();
    server.abort();
    let received = String::from_utf8(received).unwrap();
    let (head, body) = received.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["code"], "route_not_found");
    assert_eq!(
        body["detail"].as_str().map(|d| d.contains("/v1/nowhere")),
        Some(true),
        "{body}"
    );
}

/// An error answer to `HEAD` has no body and its length in
/// `Content-Length`, on each route and around the router alike (where the
/// router is inside the layer, nothing after the layer empties it).
#[tokio::test]
async fn a_head_request_gets_the_error_s_length_and_no_body() {
    let head = |path: &str| {
        Request::head(path)
            .header("x-request-id", "req-same")
            .body(Body::empty())
            .unwrap()
    };
    for path in ["/contacts/7", "/nowhere", "/bare-404", "/contacts/abc"] {
        let on_each_route = app(Profile::PROBLEM, CATALOG)
            .oneshot(head(path))
            .await
            .unwrap();
        let around = layer(Profile::PROBLEM, CATALOG)
            .around(routes(CATALOG))
            .oneshot(head(path))
            .await
            .unwrap();
        let mut lengths = Vec::new();
        for (form, response) in [("on each route", on_each_route), ("around", around)] {
            let length: usize = response.headers()["content-length"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(length > 100, "{path}, {form}: the error's length");
            lengths.push(length);
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            assert!(body.is_empty(), "{path}, {form}: {body:?}");
        }
        assert_eq!(lengths[0], lengths[1], "{path}");
    }
}

/// `ErrorLayer::around` replaces a router's own fallback, as its docs say:
/// the layer must answer unknown routes itself to tell a handler's bare 404.
#[tokio::test]
async fn a_layer_around_the_router_replaces_its_fallback() {
    let routes = routes(CATALOG).fallback(|| async { (StatusCode::OK, "the app's own page") });
    let answer = read(
        layer(Profile::PROBLEM, CATALOG)
            .around(routes)
            .oneshot(get_request("/anything"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.body["code"], "route_not_found");
}

/// A response's headers (without `Content-Length`, checked against the
/// body when set) and body.
async fn read_whole(
    response: axum::response::Response,
) -> (axum::http::HeaderMap, axum::body::Bytes) {
    let mut headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    if let Some(length) = headers.remove("content-length") {
        assert_eq!(length.to_str().unwrap(), body.len().to_string());
    }
    (headers, body)
}

#[tokio::test]
async fn wrong_method_keeps_the_allow_header() {
    let answer = send(
        app(Profile::PROBLEM, CATALOG),
        Request::delete("/contacts").body(Body::empty()).unwrap(),
    )
    .await;
    let allow = answer.headers["allow"].to_str().unwrap();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    assert_eq!(
        answer.body["detail"],
        "DELETE is not allowed on /contacts; the Allow header lists the methods that are."
    );
}

#[tokio::test]
async fn panics_answer_generically_and_never_leak() {
    let answer = send(app(Profile::PLUNK, CATALOG), get_request("/panic")).await;
    assert_eq!(answer.status, 500);
    let text = answer.body.to_string();
    assert!(!text.contains("boom") && !text.contains("secret"), "{text}");
    assert_eq!(answer.body["error"]["code"], "internal_error");
}

/// A service under the layer whose `call` itself panics (before any future
/// exists) is answered as a panicking handler is, with the request's ID; one
/// whose `call` converts an error at once answers in the layer's profile.
#[tokio::test]
async fn an_inner_service_s_call_runs_inside_the_layer() {
    let panicking = tower::service_fn(|_request: Request<Body>| -> std::future::Ready<
        Result<axum::response::Response, std::convert::Infallible>,
    > { panic!("a bug in a middleware: secret") });
    let layer = ErrorLayer::new(catalog(CATALOG), Profile::PLUNK);
    let service = tower::Layer::layer(&layer, panicking);
    let response = service
        .oneshot(get_with_request_id("/", "req-7"))
        .await
        .unwrap();
    let answer = read(response).await;
    assert_eq!(answer.status, 500);
    assert_eq!(answer.headers["x-request-id"], "req-7");
    assert_eq!(answer.body["error"]["code"], "internal_error");
    assert!(
        !answer.body.to_string().contains("secret"),
        "{}",
        answer.body
    );

    let errors = catalog(CATALOG);
    let converting = tower::service_fn(move |_request: Request<Body>| {
        use axum::response::IntoResponse as _;
        // Converted in `call`, not in the future: the scope is already set.
        let response = errors
            .error("contact_not_found")
            .unwrap()
            .arg("id", 7)
            .into_response();
        std::future::ready(Ok::<_, std::convert::Infallible>(response))
    });
    let service = tower::Layer::layer(&layer, converting);
    let answer = read(
        service
            .oneshot(get_with_request_id("/", "req-8"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.body["error"]["code"], "contact_not_found");
    assert_eq!(answer.body["error"]["requestId"], "req-8");
}

#[tokio::test]
async fn valid_inbound_request_ids_are_kept_and_others_replaced() {
    let keep = Request::get("/nowhere")
        .header("x-request-id", "client-42.a:b_c")
        .body(Body::empty())
        .unwrap();
    let answer = send(app(Profile::PROBLEM, CATALOG), keep).await;
    assert_eq!(answer.headers["x-request-id"], "client-42.a:b_c");
    assert_eq!(answer.body["request_id"], "client-42.a:b_c");

    for bad in ["has space", "<script>", &"a".repeat(129)] {
        let request = Request::get("/nowhere")
            .header("x-request-id", bad)
            .body(Body::empty())
            .unwrap();
        let answer = send(app(Profile::PROBLEM, CATALOG), request).await;
        let id = answer.headers["x-request-id"].to_str().unwrap();
        assert_ne!(id, bad);
        assert!(errcat_runtime::RequestId::from_inbound(id).is_some());
    }
}

#[tokio::test]
async fn accept_negotiates_the_profile_when_enabled() {
    let request = Request::get("/contacts/7")
        .header("accept", "application/vnd.api+json")
        .body(Body::empty())
        .unwrap();
    let answer = send(app(Profile::PLUNK, CATALOG), request).await;
    assert_eq!(answer.headers["content-type"], "application/vnd.api+json");
    assert_eq!(answer.body["errors"][0]["code"], "contact_not_found");
    let plain = send(app(Profile::PLUNK, CATALOG), get_request("/contacts/7")).await;
    assert_eq!(
        plain.body["success"], false,
        "without Accept the layer's profile answers"
    );
}

#[tokio::test]
async fn a_team_catalog_overrides_framework_errors_by_id() {
    let answer = send(app(Profile::PROBLEM, OVERRIDE), get_request("/nowhere")).await;
    assert_eq!(answer.body["title"], "Nothing here");
    assert_eq!(answer.body["detail"], "Try /contacts instead of /nowhere.");
}

#[tokio::test]
async fn plain_profile_sends_apigw_requestid_and_transport_errors() {
    let answer = send(
        app(Profile::PLAIN, CATALOG),
        post_json("/contacts", "application/json", "{oops"),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(answer.headers.contains_key("apigw-requestid"));
    assert_eq!(
        answer.body["errors"][0]["extensions"]["code"],
        "BAD_REQUEST"
    );
}

#[tokio::test]
async fn successful_responses_carry_the_request_id_too() {
    let response = app(Profile::PLUNK, CATALOG)
        .oneshot(post_json(
            "/contacts",
            "application/json",
            "{\"email\": \"a@b.c\"}",
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn a_handlers_own_non_framework_status_passes_through_unchanged() {
    let response = app(Profile::PROBLEM, CATALOG)
        .oneshot(get_request("/own-401"))
        .await
        .unwrap();
    assert_eq!(response.status(), 401, "a 401 is not turned into a 400");
    assert!(response.headers().contains_key("x-request-id"));
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"sign in first");
}

#[tokio::test]
async fn a_bare_404_from_a_matched_route_is_not_called_an_unknown_route() {
    let answer = send(app(Profile::PROBLEM, CATALOG), get_request("/bare-404")).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.body["code"], "resource_not_found");
    assert_eq!(answer.body["detail"], "Nothing was found at /bare-404.");
    let unknown = send(app(Profile::PROBLEM, CATALOG), get_request("/nowhere")).await;
    assert_eq!(unknown.body["code"], "route_not_found");
}

/// An error converted into a response inside a task the handler spawned
/// (where the layer's task-local scope is absent) still goes out in the
/// layer's profile, with the request's ID and the headers set beside it.
#[tokio::test]
async fn an_error_converted_in_a_spawned_task_gets_the_layer_profile_and_request_id() {
    use axum::response::IntoResponse;
    let errors = catalog(CATALOG);
    let lookup = errors.clone();
    let app = Router::new()
        .route(
            "/contacts/{id}",
            get(move |Path(id): Path<u32>| {
                let lookup = lookup.clone();
                async move {
                    tokio::spawn(async move {
                        let error = lookup.error("contact_not_found").unwrap().arg("id", id);
                        // One header of the handler's own, one that overrides the render's.
                        let headers = [("x-handler", "kept"), ("content-type", "application/json")];
                        (headers, error).into_response()
                    })
                    .await
                    .unwrap()
                }
            }),
        )
        .layer(ErrorLayer::new(errors, Profile::PLUNK));
    let answer = send(app, get_with_request_id("/contacts/7", "req-spawned")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        answer.body["success"], false,
        "plunk's shape: {}",
        answer.body
    );
    assert_eq!(answer.body["error"]["requestId"], "req-spawned");
    assert_eq!(answer.headers["x-request-id"], "req-spawned");
    // What the handler set beside the error stays, and wins over the render's.
    assert_eq!(answer.headers["x-handler"], "kept");
    assert_eq!(
        answer
            .headers
            .get_all("content-type")
            .iter()
            .collect::<Vec<_>>(),
        ["application/json"]
    );
}

/// A service under the layer may answer in `call` itself, before any future
/// is polled: an error it converts there goes out in the layer's profile
/// with the request's ID and keeps the status and headers the service put on
/// it, and a panic there is the generic 500.
#[tokio::test]
async fn a_service_that_answers_or_panics_in_call_gets_the_layer_profile() {
    use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
    use axum::response::{IntoResponse, Response};
    use std::convert::Infallible;
    use tower::Layer as _;

    let errors = catalog(CATALOG);
    let lookup = errors.clone();
    let layer = ErrorLayer::new(errors, Profile::PLUNK);
    let answers_in_call = layer.layer(tower::service_fn(move |_: Request<Body>| {
        let error = lookup.error("contact_not_found").unwrap().arg("id", 7);
        let response = (
            StatusCode::GONE,
            [(WWW_AUTHENTICATE, "Bearer"), (RETRY_AFTER, "30")],
            error,
        )
            .into_response();
        std::future::ready(Ok::<Response, Infallible>(response))
    }));
    let request = get_with_request_id("/contacts/7", "req-in-call");
    let answer = read(answers_in_call.oneshot(request).await.unwrap()).await;
    assert_eq!(answer.status, StatusCode::GONE);
    assert_eq!(answer.headers[WWW_AUTHENTICATE], "Bearer");
    assert_eq!(answer.headers[RETRY_AFTER], "30");
    assert_plunk_error(&answer, "contact_not_found", "req-in-call");

    let panics_in_call = layer.layer(tower::service_fn(|_: Request<Body>| {
        panic!("boom: secret detail");
        #[allow(unreachable_code)]
        std::future::ready(Ok::<Response, Infallible>(().into_response()))
    }));
    let request = get_with_request_id("/anything", "req-panics");
    let answer = read(panics_in_call.oneshot(request).await.unwrap()).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_plunk_error(&answer, "internal_error", "req-panics");
    assert!(
        !answer.body.to_string().contains("secret"),
        "{}",
        answer.body
    );
}

/// `answer` is Plunk's error body for `code`, with `request_id` in it and in its header.
fn assert_plunk_error(answer: &Answer, code: &str, request_id: &str) {
    assert_eq!(
        answer.body["success"], false,
        "plunk's shape: {}",
        answer.body
    );
    assert_eq!(answer.body["error"]["code"], code);
    assert_eq!(answer.body["error"]["requestId"], request_id);
    assert_eq!(answer.headers["x-request-id"], request_id);
}

/// With no layer at all, an error is a problem document with a fresh request ID.
#[tokio::test]
async fn an_error_outside_any_layer_is_a_problem_with_a_fresh_request_id() {
    use axum::response::IntoResponse;
    let errors = catalog(CATALOG);
    let response = errors
        .error("contact_not_found")
        .unwrap()
        .arg("id", 7)
        .into_response();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!id.is_empty());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["request_id"], id.as_str());
    assert_eq!(body["code"], "contact_not_found");
}

/// Headers past the layer's limits get the framework's `headers_too_large`
/// in the service's profile, with a request ID, before any handler runs.
#[tokio::test]
async fn too_many_headers_get_a_431_in_the_profile_with_a_request_id() {
    let mut request = Request::get("/contacts/7");
    for index in 0..=errcat_runtime::axum::MAX_HEADER_COUNT {
        request = request.header(format!("x-filler-{index}"), "1");
    }
    let answer = send(
        app(Profile::PLUNK, CATALOG),
        request.body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(answer.body["error"]["code"], "headers_too_large");
    let id = answer.headers["x-request-id"].to_str().unwrap();
    assert_eq!(answer.body["error"]["requestId"], id);
}

/// A handler reads the request's ID with the `RequestId` extractor: the ID
/// the response sends. Outside the layer there is none: `Option<RequestId>`
/// is `None`, and `RequestId` itself rejects with `internal_error`.
#[tokio::test]
async fn handlers_take_the_request_id_the_response_sends() {
    use errcat_runtime::RequestId;
    let text = |response: axum::response::Response| async move {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let echo = || get(|id: RequestId| async move { id.to_string() });
    let maybe = || {
        get(
            |id: Option<RequestId>| async move { id.map_or("none".to_owned(), |id| id.to_string()) },
        )
    };
    let layered = Router::new()
        .route("/id", echo())
        .route("/maybe", maybe())
        .layer(ErrorLayer::new(catalog(CATALOG), Profile::PLUNK));

    let response = layered
        .clone()
        .oneshot(get_with_request_id("/id", "req-handler"))
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "req-handler");
    assert_eq!(text(response).await, "req-handler");
    // A fresh ID, the same in the handler and on the response.
    let response = layered.oneshot(get_request("/maybe")).await.unwrap();
    let sent = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(text(response).await, sent);

    let bare = Router::new().route("/id", echo()).route("/maybe", maybe());
    let response = bare.clone().oneshot(get_request("/maybe")).await.unwrap();
    assert_eq!(text(response).await, "none");
    let answer = send(bare, get_request("/id")).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.body["code"], "internal_error");
}

/// With `error_records`, a middleware outside the layer finds the error each
/// error response was rendered from; without it, responses carry none.
#[tokio::test]
async fn error_records_reach_a_middleware_outside_the_layer_when_asked() {
    use axum::extract::Request as AnyRequest;
    use axum::middleware::{self, Next};
    use errcat_runtime::axum::ErrorRecord;

    async fn name_the_error(request: AnyRequest, next: Next) -> axum::response::Response {
        let mut response = next.run(request).await;
        let id = response
            .extensions()
            .get::<ErrorRecord>()
            .map_or("none".to_owned(), |ErrorRecord(error)| {
                error.id().to_owned()
            });
        response
            .headers_mut()
            .insert("x-sent-error", id.parse().unwrap());
        response
    }
    let errors = catalog(CATALOG);
    let lookup = errors.clone();
    let routes =
        Router::new().route(
            "/contacts/{id}",
            get(move |Path(id): Path<u32>| {
                let lookup = lookup.clone();
                async move {
                    Err::<(), ApiError>(lookup.error("contact_not_found").unwrap().arg("id", id))
                }
            }),
        );
    for (layer, sent) in [
        (ErrorLayer::new(errors.clone(), Profile::PROBLEM), "none"),
        (
            ErrorLayer::new(errors.clone(), Profile::PROBLEM).error_records(true),
            "contact_not_found",
        ),
    ] {
        let app = routes
            .clone()
            .layer(layer)
            .layer(middleware::from_fn(name_the_error));
        let answer = send(app.clone(), get_request("/contacts/7")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert_eq!(answer.headers["x-sent-error"], sent);
        // A framework failure the layer converts is recorded the same way.
        let unknown = send(app, get_request("/nowhere")).await;
        let expected = if sent == "none" {
            "none"
        } else {
            "route_not_found"
        };
        assert_eq!(unknown.headers["x-sent-error"], expected);
    }
}

/// An error sent in a house profile whose body is `text/plain`, with a status
/// the framework also answers with, is the layer's own answer: sent as it
/// is, not taken for the framework's text and converted.
#[tokio::test]
async fn a_text_error_of_a_house_profile_is_not_taken_for_the_frameworks() {
    let errors = catalog(
        r#"
        [catalog]
        profile = "texty"

        [profiles.texty]
        content_type = "text/plain"
        body = '''
        {"code": "{code}", "message": "{message}"}
        '''

        [[errors]]
        id = "contact_not_found"
        status = 404
        message = "No contact {id}"
        params.id = "string"
        "#,
    );
    let lookup = errors.clone();
    let app = Router::new()
        .route(
            "/contacts/{id}",
            get(move |Path(id): Path<String>| {
                let lookup = lookup.clone();
                async move {
                    Err::<(), ApiError>(lookup.error("contact_not_found").unwrap().arg("id", id))
                }
            }),
        )
        .layer(ErrorLayer::new(errors.clone(), errors.profile()));
    let answer = send(app, get_request("/contacts/c_9")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.headers["content-type"], "text/plain");
    assert_eq!(answer.body["code"], "contact_not_found");
    assert_eq!(answer.body["message"], "No contact c_9");
}
