//! The actix-web middleware answers every failure path in the service's
//! profile with a request ID, as the axum layer does.
#![cfg(feature = "actix")]

use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse, test, web};
use errcat_runtime::actix::ErrorMiddleware;
use errcat_runtime::{ApiError, Profile};
use serde_json::Value;

#[allow(dead_code)]
mod common;
use common::{CATALOG, catalog};

#[derive(serde::Deserialize)]
struct Page {
    #[allow(dead_code)]
    limit: u32,
}

/// Sends `request` to a small app in `profile`: status, request-ID header, body.
fn call(profile: Profile, request: test::TestRequest) -> (StatusCode, Option<String>, Value) {
    actix_web::rt::System::new().block_on(async move {
        let errors = catalog(CATALOG);
        let app =
            test::init_service(
                App::new()
                    .app_data(errcat_runtime::actix::query_config())
                    .route(
                        "/contacts/{id}",
                        web::get().to(move |id: web::Path<String>| {
                            let errors = errors.clone();
                            async move {
                                Err::<HttpResponse, ApiError>(
                                    errors
                                        .error("contact_not_found")
                                        .unwrap()
                                        .arg("id", id.into_inner()),
                                )
                            }
                        }),
                    )
                    .service(
                        web::resource("/contacts").route(
                            web::get()
                                .to(|_: web::Query<Page>| async { HttpResponse::Ok().body("[]") }),
                        ),
                    )
                    .route("/panic", web::get().to(panicking))
                    .route(
                        "/own-401",
                        web::get()
                            .to(|| async { HttpResponse::Unauthorized().body("sign in first") }),
                    )
                    .service(
                        web::scope("/guarded")
                            .wrap(
                                actix_web::middleware::from_fn(
                                    |_request: actix_web::dev::ServiceRequest,
                                     _next: actix_web::middleware::Next<
                                        actix_web::body::BoxBody,
                                    >| async {
                                        Err::<
                                            actix_web::dev::ServiceResponse<
                                                actix_web::body::BoxBody,
                                            >,
                                            _,
                                        >(
                                            actix_web::error::ErrorUnauthorized("sign in first")
                                        )
                                    },
                                ),
                            )
                            .route("/", web::get().to(|| async { "secret" })),
                    )
                    .wrap(ErrorMiddleware::new(catalog(CATALOG), profile)),
            )
            .await;
        // A panic's answer comes back as an error carrying its response, as
        // actix's server sends it.
        let response = match test::try_call_service(&app, request.to_request()).await {
            Ok(response) => response.into_parts().1,
            Err(error) => error.error_response(),
        };
        let status = response.status();
        let request_id = response
            .headers()
            .get(profile.request_id_header().as_str())
            .map(|value| value.to_str().unwrap().to_owned());
        let body = actix_web::body::to_bytes(response.into_body())
            .await
            .unwrap();
        let body = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        (status, request_id, body)
    })
}

async fn panicking() -> HttpResponse {
    panic!("a bug in the handler")
}

#[test]
fn a_handler_error_is_rendered_in_the_profile_with_the_inbound_request_id() {
    let (status, request_id, body) = call(
        Profile::GOOGLE,
        test::TestRequest::get()
            .uri("/contacts/c_1")
            .insert_header(("x-request-id", "req-42")),
    );
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(request_id.as_deref(), Some("req-42"));
    assert_eq!(body["error"]["status"], "NOT_FOUND");
    assert_eq!(body["error"]["message"], "No contact \"c_1\"");
    assert_eq!(body["error"]["details"][0]["reason"], "CONTACT_NOT_FOUND");
}

#[test]
fn a_panic_is_an_internal_error_with_no_detail_of_the_panic() {
    let (status, request_id, body) = call(Profile::PLUNK, test::TestRequest::get().uri("/panic"));
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["error"]["code"], "internal_error");
    assert_eq!(body["error"]["requestId"].as_str(), request_id.as_deref());
    assert!(!body.to_string().contains("a bug"), "{body}");
}

/// A middleware under errcat's that panics in `call` itself, before any
/// future exists, is answered the same way as a handler that panics.
#[test]
fn a_panic_in_an_inner_services_call_is_an_internal_error() {
    type Answer = std::future::Ready<
        Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error>,
    >;
    actix_web::rt::System::new().block_on(async {
        let app = test::init_service(
            App::new()
                .route("/", web::get().to(|| async { "never" }))
                .wrap_fn(|_request, _service| -> Answer { panic!("a bug in a middleware") })
                .wrap(ErrorMiddleware::new(catalog(CATALOG), Profile::PLUNK)),
        )
        .await;
        let request = test::TestRequest::get()
            .uri("/")
            .insert_header(("x-request-id", "req-7"))
            .to_request();
        let response = match test::try_call_service(&app, request).await {
            Ok(response) => response.into_parts().1,
            Err(error) => error.error_response(),
        };
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers().get("x-request-id").unwrap(), "req-7");
        let body = actix_web::body::to_bytes(response.into_body())
            .await
            .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "internal_error");
        assert_eq!(body["error"]["requestId"], "req-7");
        assert!(!body.to_string().contains("a bug"), "{body}");
    });
}

#[test]
fn actix_own_answers_become_framework_errors() {
    let cases = [
        (
            test::TestRequest::get().uri("/nowhere"),
            404,
            "route_not_found",
        ),
        (
            test::TestRequest::delete().uri("/contacts"),
            405,
            "method_not_allowed",
        ),
        (
            test::TestRequest::get().uri("/contacts?limit=many"),
            400,
            "invalid_query",
        ),
    ];
    for (request, expected, code) in cases {
        let (status, request_id, body) = call(Profile::PROBLEM, request);
        assert_eq!(status.as_u16(), expected, "{code}: {body}");
        assert_eq!(body["code"], code);
        assert_eq!(body["request_id"].as_str(), request_id.as_deref(), "{code}");
    }
}

#[test]
fn an_inner_middlewares_own_error_passes_through_with_the_request_id() {
    let (status, request_id, body) =
        call(Profile::PROBLEM, test::TestRequest::get().uri("/guarded/"));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, Value::String("sign in first".into()));
    assert!(request_id.is_some());
}

#[test]
fn a_handlers_own_non_error_answer_passes_through() {
    let (status, request_id, body) =
        call(Profile::PROBLEM, test::TestRequest::get().uri("/own-401"));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, Value::String("sign in first".into()));
    assert!(
        request_id.is_some(),
        "every response carries the request ID"
    );
}
