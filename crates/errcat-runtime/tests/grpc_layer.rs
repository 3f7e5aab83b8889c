//! The gRPC layer gives every response a request ID and answers tonic's own
//! failures and panics with framework catalog errors.
#![cfg(feature = "tonic")]

use errcat_runtime::grpc::GrpcErrorLayer;
use errcat_runtime::{ApiError, RequestId};
use tonic_types::StatusExt as _;
use tower::{Layer as _, ServiceExt as _};

#[allow(dead_code)]
mod common;

const CATALOG: &str = r#"
[catalog]
name = "Contacts"
domain = "contacts.example.com"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id:q}"
params.id = "string"
"#;

type Response = http::Response<tonic::body::Body>;

fn request(path: &str, request_id: Option<&str>) -> http::Request<()> {
    let mut builder = http::Request::builder()
        .method("POST")
        .uri(format!("http://localhost{path}"))
        .header("content-type", "application/grpc");
    if let Some(id) = request_id {
        builder = builder.header("x-request-id", id);
    }
    builder.body(()).unwrap()
}

/// Sends one request through the layer around `handler`.
async fn call(
    path: &str,
    request_id: Option<&str>,
    handler: impl Fn(http::Request<()>) -> Response + Clone + Send + 'static,
) -> (Response, tonic::Status) {
    let inner = tower::service_fn(move |request: http::Request<()>| {
        let handler = handler.clone();
        async move { Ok::<_, std::convert::Infallible>(handler(request)) }
    });
    let service = GrpcErrorLayer::new(common::catalog(CATALOG)).layer(inner);
    let response = service.oneshot(request(path, request_id)).await.unwrap();
    let status =
        tonic::Status::from_header_map(response.headers()).expect("a trailers-only status");
    (response, status)
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response.headers().get(name).unwrap().to_str().unwrap()
}

#[tokio::test]
async fn a_handler_error_takes_the_inbound_request_id() {
    let (response, status) = call("/contacts.Contacts/Get", Some("req-42"), |request| {
        // The handler sees the request's ID, and a conversion inside the request uses it.
        assert_eq!(
            request
                .extensions()
                .get::<RequestId>()
                .map(RequestId::as_str),
            Some("req-42")
        );
        let error: ApiError = common::catalog(CATALOG)
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_1");
        tonic::Status::from(error).into_http()
    })
    .await;
    assert_eq!(header(&response, "x-request-id"), "req-42");
    assert_eq!(status.code(), tonic::Code::NotFound);
    let details = status.check_error_details().unwrap();
    assert_eq!(details.request_info().unwrap().request_id, "req-42");
    assert_eq!(details.error_info().unwrap().metadata["id"], "c_1");
}

#[tokio::test]
async fn an_invalid_inbound_request_id_is_replaced() {
    let (response, _) = call("/x.Y/Z", Some("<script>"), |_| {
        tonic::Status::unimplemented("").into_http()
    })
    .await;
    let sent = header(&response, "x-request-id");
    assert_ne!(sent, "<script>");
    assert!(RequestId::from_inbound(sent).is_some());
}

#[tokio::test]
async fn an_unknown_method_is_the_framework_unimplemented_error() {
    let (response, status) = call("/contacts.Contacts/Nope", Some("req-7"), |_| {
        tonic::Status::unimplemented("").into_http()
    })
    .await;
    assert_eq!(status.code(), tonic::Code::Unimplemented);
    assert_eq!(
        status.message(),
        "This server does not implement the method called."
    );
    let details = status.check_error_details().unwrap();
    let info = details.error_info().unwrap();
    assert_eq!(info.reason, "METHOD_NOT_IMPLEMENTED");
    // Framework errors are the service's: they take its domain.
    assert_eq!(info.domain, "contacts.example.com");
    assert_eq!(details.request_info().unwrap().request_id, "req-7");
    assert_eq!(header(&response, "x-request-id"), "req-7");
}

#[tokio::test]
async fn an_undecodable_message_is_the_framework_malformed_message_error() {
    let (_, status) = call("/contacts.Contacts/Get", None, |_| {
        tonic::Status::internal("failed to decode Protobuf message: invalid wire type").into_http()
    })
    .await;
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    let details = status.check_error_details().unwrap();
    assert_eq!(details.error_info().unwrap().reason, "MALFORMED_MESSAGE");
}

#[tokio::test]
async fn a_panic_is_internal_with_the_generic_message() {
    let (response, status) = call("/contacts.Contacts/Get", Some("req-9"), |_| {
        panic!("secret: connection to 10.0.0.5 refused")
    })
    .await;
    assert_eq!(status.code(), tonic::Code::Internal);
    assert_eq!(status.message(), errcat_runtime::profile::GENERIC_MESSAGE);
    let raw = String::from_utf8_lossy(status.details()).into_owned();
    assert!(!raw.contains("10.0.0.5"));
    assert_eq!(header(&response, "x-request-id"), "req-9");
}

/// A service that panics in `call` itself, before any future exists, is
/// answered the same way as one that panics while it runs.
#[tokio::test]
async fn a_panic_in_the_services_call_is_internal_with_the_generic_message() {
    let inner = tower::service_fn(
        |_: http::Request<()>| -> std::future::Ready<Result<Response, std::convert::Infallible>> {
            panic!("secret: connection to 10.0.0.5 refused")
        },
    );
    let service = GrpcErrorLayer::new(common::catalog(CATALOG)).layer(inner);
    let response = service
        .oneshot(request("/contacts.Contacts/Get", Some("req-10")))
        .await
        .unwrap();
    let status =
        tonic::Status::from_header_map(response.headers()).expect("a trailers-only status");
    assert_eq!(status.code(), tonic::Code::Internal);
    assert_eq!(status.message(), errcat_runtime::profile::GENERIC_MESSAGE);
    assert!(!String::from_utf8_lossy(status.details()).contains("10.0.0.5"));
    assert_eq!(header(&response, "x-request-id"), "req-10");
}

#[tokio::test]
async fn a_status_the_handler_built_itself_passes_through() {
    let (_, status) = call("/contacts.Contacts/Get", None, |_| {
        tonic::Status::permission_denied("no").into_http()
    })
    .await;
    assert_eq!(status.code(), tonic::Code::PermissionDenied);
    assert_eq!(status.message(), "no");
}

#[tokio::test]
async fn a_status_converted_outside_the_request_task_gets_the_request_id() {
    let (response, status) = call("/contacts.Contacts/Get", Some("req-11"), |_| {
        // No task-local scope on another thread: the status has no ID yet.
        let status = std::thread::spawn(|| {
            let error: ApiError = common::catalog(CATALOG)
                .error("contact_not_found")
                .unwrap()
                .arg("id", "c_2");
            tonic::Status::from(error)
        })
        .join()
        .unwrap();
        assert!(status.metadata().get("x-request-id").is_none());
        status.into_http()
    })
    .await;
    assert_eq!(header(&response, "x-request-id"), "req-11");
    let details = status.check_error_details().unwrap();
    assert_eq!(details.request_info().unwrap().request_id, "req-11");
    assert_eq!(details.error_info().unwrap().metadata["id"], "c_2");
}
