//! The actix-web integration: a middleware that gives every response the
//! API's error shape and a request ID, and extractor configs that reject
//! with catalog errors, on the same rendering and framework-error catalog
//! as the axum layer.
//!
//! ```no_run
//! use actix_web::{App, web};
//! use errcat_runtime::{CompiledCatalog, Profile, actix::ErrorMiddleware};
//!
//! # fn build(catalog: CompiledCatalog) {
//! let errors = ErrorMiddleware::new(catalog, Profile::PROBLEM);
//! let app = App::new()
//!     .app_data(errcat_runtime::actix::json_config())
//!     .app_data(errcat_runtime::actix::path_config())
//!     .app_data(errcat_runtime::actix::query_config())
//!     .service(
//!         web::resource("/contacts/{id}")
//!             .route(web::get().to(|| async { "ok" }))
//!             .route(web::delete().to(|| async { "gone" })),
//!     )
//!     .wrap(errors);
//! # let _ = app;
//! # }
//! ```
//!
//! Register each path once, with its methods as routes of one
//! `web::resource`: a wrong method then gets `method_not_allowed` (405,
//! with `Allow`). `App::route` and the `#[get]`-style macros put the method
//! on the resource itself, so actix answers a wrong method there as if the
//! path were unknown (404), and errcat can only say `resource_not_found`.
//!
//! The middleware, as [`crate::axum::ErrorLayer`] does:
//! - takes the client's `X-Request-ID` when well formed, makes one otherwise,
//!   and sends it back on every response;
//! - renders each [`ApiError`] a handler returns (`ApiError` is an actix
//!   `ResponseError`) in the service's profile and in the language
//!   `Accept-Language` asks for;
//! - turns actix's own answers (unknown route, wrong method, and the
//!   rejections of its extractors: malformed JSON, wrong content type, body
//!   too large, bad path or query) and panics into the framework catalog's
//!   errors, which the service's catalog may override by id;
//! - emits one `tracing` event per error.

use std::future::{Future, Ready, ready};
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, ResponseError, web};
use futures_util::FutureExt as _;

use crate::compiled::CompiledCatalog;
use crate::error::ApiError;
use crate::framework::ids;
use crate::profile::{Profile, Rendered, X_REQUEST_ID};
use crate::request_id::RequestId;
use crate::service::{FrameworkAnswer, RequestScope, SCOPE, Scope, framework_error};

/// Longest framework text body read to explain a rejection.
const MAX_REASON_BYTES: usize = 2048;

/// The middleware; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct ErrorMiddleware {
    catalog: Arc<CompiledCatalog>,
    profile: Profile,
    multilingual: bool,
}

impl ErrorMiddleware {
    /// A middleware answering in `profile`, with `catalog`'s entries
    /// overriding the framework errors.
    pub fn new(catalog: CompiledCatalog, profile: Profile) -> Self {
        let merged = crate::framework::catalog().merged_with(&catalog);
        ErrorMiddleware {
            multilingual: merged.is_multilingual(),
            catalog: Arc::new(merged),
            profile,
        }
    }
}

impl<S, B> Transform<S, ServiceRequest> for ErrorMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = ErrorService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ErrorService {
            service: Rc::new(service),
            config: self.clone(),
        }))
    }
}

/// The service [`ErrorMiddleware`] wraps around an app.
#[derive(Debug)]
pub struct ErrorService<S> {
    service: Rc<S>,
    config: ErrorMiddleware,
}

impl<S, B> Service<ServiceRequest> for ErrorService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>>>>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
        };
        let request_id = crate::service::request_id_of(header(X_REQUEST_ID.as_str()));
        let scope = Scope::new(RequestScope {
            catalog: self.config.catalog.clone(),
            profile: self.config.profile,
            request_id: request_id.clone(),
            // actix-web's `http` is another major version: the path is
            // copied (an empty one, which no `PathAndQuery` is, as none).
            path_and_query: http::uri::PathAndQuery::try_from(request.path()).ok(),
            accept_language: if self.config.multilingual {
                header("accept-language").map(Into::into)
            } else {
                None
            },
            multilingual: self.config.multilingual,
        });
        request.extensions_mut().insert(request_id);
        let service = self.service.clone();
        Box::pin(SCOPE.scope(scope.clone(), async move {
            // The request goes to the app whole (actix routes on its own
            // reference to it), so a panic's answer is sent as an error
            // carrying its rendered response.
            // The call itself inside the guard: a service may panic in `call`.
            let called = futures_util::future::lazy(|_| service.call(request)).flatten();
            match AssertUnwindSafe(called).catch_unwind().await {
                Ok(Ok(response)) => Ok(finish(response, &scope).await),
                // An error from a middleware inside this one: a catalog error
                // is rendered for the request, a server failure becomes
                // `internal_error`, anything else (a 401 of an auth layer)
                // is sent as it is, with the request ID.
                Ok(Err(error)) => match error.as_error::<ApiError>() {
                    Some(own) => Err(rendered_error(&mut own.duplicate(), &scope)),
                    None if error.as_response_error().status_code().is_server_error() => {
                        let mut failure = framework_error(ids::INTERNAL_ERROR)
                            .source(std::io::Error::other(error.to_string()));
                        Err(rendered_error(&mut failure, &scope))
                    }
                    None => {
                        let response = stamp_response(error.error_response(), &scope);
                        Err(actix_web::error::InternalError::from_response(
                            error.to_string(),
                            response,
                        )
                        .into())
                    }
                },
                Err(_panic) => Err(rendered_error(&mut crate::service::panic_error(), &scope)),
            }
        }))
    }
}

/// An actix error whose response is `error` rendered for the request.
fn rendered_error(error: &mut ApiError, scope: &Scope) -> actix_web::Error {
    let rendered = crate::service::render_for(error, scope);
    crate::service::record(
        error,
        rendered.status.as_u16(),
        &scope.request_id,
        scope.path(),
    );
    let response = stamp_response(response_of(rendered), scope);
    actix_web::error::InternalError::from_response(error.id().to_owned(), response).into()
}

/// Renders again, for the request, an error a handler or extractor returned,
/// and turns actix's own error answers into catalog errors.
async fn finish<B: MessageBody + 'static>(
    response: ServiceResponse<B>,
    scope: &Scope,
) -> ServiceResponse<BoxBody> {
    let own = response
        .response()
        .error()
        .and_then(|error| error.as_error::<ApiError>());
    if let Some(original) = own {
        if response.response().extensions().contains::<ForRequest>() {
            // Rendered for this request already, inside the middleware's scope.
            let status = response.status().as_u16();
            crate::service::record(original, status, &scope.request_id, scope.path());
            return stamp(response.map_into_boxed_body(), scope);
        }
        // Rendered from a copy; the original keeps the internal source for the log.
        let mut error = original.duplicate();
        let rendered = crate::service::render_for(&mut error, scope);
        crate::service::record(
            original,
            rendered.status.as_u16(),
            &scope.request_id,
            scope.path(),
        );
        let (request, _) = response.into_parts();
        return answer(request, rendered, scope);
    }
    let status = response.status().as_u16();
    if !crate::service::is_framework_status(status) || !is_framework_body(&response) {
        return stamp(response.map_into_boxed_body(), scope);
    }
    let allow = response.headers().get("allow").cloned();
    let matched_route = response.request().match_pattern().is_some();
    let method = response.request().method().to_string();
    let (request, body) = response.into_parts();
    let reason = match actix_web::body::to_bytes_limited(body.into_body(), MAX_REASON_BYTES).await {
        Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        _ => String::new(),
    };
    let mut error = crate::service::framework_answer_error(FrameworkAnswer {
        status,
        matched_route,
        method: &method,
        path: scope.path(),
        reason,
    });
    let mut rendered = crate::service::render_for(&mut error, scope);
    if let Some(allow) =
        allow.and_then(|value| http::HeaderValue::from_bytes(value.as_bytes()).ok())
    {
        rendered.headers.push((http::header::ALLOW, allow));
    }
    crate::service::record(
        &error,
        rendered.status.as_u16(),
        &scope.request_id,
        scope.path(),
    );
    answer(request, rendered, scope)
}

/// Whether a response is actix's own text (or empty) error body.
fn is_framework_body<B>(response: &ServiceResponse<B>) -> bool {
    match response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
    {
        None => true,
        Some(content_type) => content_type.starts_with("text/plain"),
    }
}

/// The response carrying `rendered`, with the request ID.
fn answer(request: HttpRequest, rendered: Rendered, scope: &Scope) -> ServiceResponse<BoxBody> {
    ServiceResponse::new(request, stamp_response(response_of(rendered), scope))
}

/// `rendered` as an actix response.
fn response_of(rendered: Rendered) -> HttpResponse<BoxBody> {
    let mut response = HttpResponse::with_body(
        status(rendered.status.as_u16()),
        BoxBody::new(rendered.body),
    );
    let headers = response.headers_mut();
    for (name, value) in &rendered.headers {
        // actix-web 4 uses `http` 0.2: the same names and values, as bytes.
        if let (Ok(name), Ok(value)) = (
            actix_web::http::header::HeaderName::from_bytes(name.as_str().as_bytes()),
            actix_web::http::header::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            headers.append(name, value);
        }
    }
    response
}

/// Sends the request ID back on a response that has none.
fn stamp(response: ServiceResponse<BoxBody>, scope: &Scope) -> ServiceResponse<BoxBody> {
    let (request, response) = response.into_parts();
    ServiceResponse::new(request, stamp_response(response, scope))
}

fn stamp_response(mut response: HttpResponse<BoxBody>, scope: &Scope) -> HttpResponse<BoxBody> {
    let name = scope.profile.request_id_header();
    let headers = response.headers_mut();
    if !headers.contains_key(name.as_str())
        && let (Ok(name), Ok(value)) = (
            actix_web::http::header::HeaderName::from_bytes(name.as_str().as_bytes()),
            actix_web::http::header::HeaderValue::from_str(scope.request_id.as_str()),
        )
    {
        headers.insert(name, value);
    }
    response
}

fn status(code: u16) -> actix_web::http::StatusCode {
    actix_web::http::StatusCode::from_u16(code)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Marks a response rendered inside [`ErrorMiddleware`]'s scope, in the
/// service's profile and the request's language: sent as it is.
#[derive(Debug, Clone, Copy)]
struct ForRequest;

/// A handler's `Err(ApiError)` becomes a response here. Inside
/// [`ErrorMiddleware`]'s scope (a handler, an extractor) it is rendered for
/// the request; elsewhere as `problem` with a fresh request ID, which the
/// middleware renders again for the request if it sees it.
impl ResponseError for ApiError {
    fn status_code(&self) -> actix_web::http::StatusCode {
        status(self.status().as_u16())
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut error = self.duplicate();
        let for_request = crate::service::with_scope(|scope| {
            response_of(crate::service::render_for(&mut error, scope))
        });
        if let Some(mut response) = for_request {
            response.extensions_mut().insert(ForRequest);
            return response;
        }
        let request_id = error.request_id.clone().unwrap_or_else(RequestId::generate);
        response_of(crate::service::render(
            &mut error,
            Profile::PROBLEM,
            &request_id,
            None,
            false,
        ))
    }
}

/// actix's `JsonConfig`, rejecting with `malformed_json`, `invalid_body`,
/// `unsupported_media_type` or `payload_too_large`; register it with
/// `App::app_data`. `limit` is the largest body read, in bytes.
pub fn json_config_with_limit(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(|error, _request| json_error(error).into())
}

/// [`json_config_with_limit`] with actix's default limit (2 MiB).
pub fn json_config() -> web::JsonConfig {
    json_config_with_limit(2 * 1024 * 1024)
}

fn json_error(error: JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::Deserialize(error) if error.is_data() => {
            framework_error(ids::INVALID_BODY).arg("reason", error.to_string())
        }
        JsonPayloadError::Deserialize(error) => {
            framework_error(ids::MALFORMED_JSON).arg("reason", error.to_string())
        }
        JsonPayloadError::ContentType => framework_error(ids::UNSUPPORTED_MEDIA_TYPE),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            framework_error(ids::PAYLOAD_TOO_LARGE)
        }
        other => framework_error(ids::BAD_REQUEST).source(std::io::Error::other(other.to_string())),
    }
}

/// actix's `web::Json`, whose shape errors name the field, as axum's do
/// (`name: invalid type: integer `5`, expected a string`), so a service
/// sends the same `invalid_body` text on either framework. Syntax, media
/// type and size are actix's own checks, through [`json_config`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned> actix_web::FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let body = web::Json::<Box<serde_json::value::RawValue>>::from_request(request, payload);
        Box::pin(async move {
            let web::Json(raw) = body.await?;
            let mut deserializer = serde_json::Deserializer::from_str(raw.get());
            serde_path_to_error::deserialize(&mut deserializer)
                .map(Json)
                .map_err(|error| crate::service::invalid_body(&error).into())
        })
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// actix's `PathConfig`, rejecting with `invalid_path`.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _request| path_error(error).into())
}

fn path_error(error: PathError) -> ApiError {
    let text = match &error {
        PathError::Deserialize(error) => error.to_string(),
        other => other.to_string(),
    };
    // actix's router says `can not parse "abc" to a u32`; errcat says it in
    // the same words on every framework.
    let why = text
        .strip_prefix("can not parse ")
        .and_then(|rest| rest.rsplit_once(" to a "))
        .and_then(|(value, expected)| {
            let value: String = serde_json::from_str(value).ok()?;
            Some(crate::service::unparsable_path_value(&value, expected))
        })
        .unwrap_or(text);
    framework_error(ids::INVALID_PATH).arg("reason", why)
}

/// actix's `QueryConfig`, rejecting with `invalid_query`.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _request| query_error(error).into())
}

fn query_error(error: QueryPayloadError) -> ApiError {
    let reason = match &error {
        QueryPayloadError::Deserialize(error) => error.to_string(),
        other => other.to_string(),
    };
    framework_error(ids::INVALID_QUERY).arg("reason", reason)
}

/// A route serving the Prometheus text exposition of errcat's metrics (see
/// [`crate::telemetry`]): one line turns metrics on.
///
/// ```
/// use actix_web::App;
///
/// let app = App::new().route("/metrics", errcat_runtime::actix::prometheus_route());
/// ```
///
/// The first call installs [`crate::telemetry::install_prometheus`]'s
/// recorder; it panics, saying why, if the process already has another
/// `metrics` recorder.
#[cfg(feature = "prometheus")]
pub fn prometheus_route() -> actix_web::Route {
    let handle = crate::telemetry::prometheus_or_panic();
    web::get().to(move || async move {
        HttpResponse::Ok()
            .content_type(crate::telemetry::PROMETHEUS_CONTENT_TYPE)
            .body(handle.render())
    })
}
