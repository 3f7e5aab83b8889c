//! The axum integration: a layer that gives every response the API's error
//! shape and a request ID, and extractors that reject with catalog errors.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use errcat_runtime::{CompiledCatalog, Profile, axum::ErrorLayer};
//!
//! # fn build(catalog: CompiledCatalog) -> Router {
//! Router::new()
//!     .route("/contacts/{id}", get(|| async { "ok" }))
//!     .layer(ErrorLayer::new(catalog, Profile::PROBLEM))
//! # }
//! ```
//!
//! The layer:
//! - takes the client's `X-Request-ID` when it is at most 128 characters of
//!   `[A-Za-z0-9._:-]`, makes a fresh one otherwise, and sends it back on
//!   every response (Plain's profile: `apigw-requestid`);
//! - renders each [`ApiError`] a handler returns in the active profile,
//!   chosen per service and negotiated from `Accept` when enabled, and in
//!   the language `Accept-Language` asks for when the catalog has
//!   translations (RFC 4647 lookup, else the catalog's own; the response
//!   says which in `Content-Language`);
//! - turns framework failures (unknown route, wrong method, body too large,
//!   wrong content type, headers over [`MAX_HEADER_BYTES`] or
//!   [`MAX_HEADER_COUNT`], panics, timeouts) into the framework catalog's errors,
//!   which the service's own catalog may override by id;
//! - emits one `tracing` event per error with its id, code, status and
//!   request ID (and the internal source, which never reaches a body).
//!
//! Converting an [`ApiError`] into a response logs and counts nothing: the
//! layer records the error when the response leaves it, if that response is
//! the error's (see [`ErrorRecord`]).
//!
//! A handler reads the request's ID with the [`RequestId`] extractor; other
//! code the request runs (a middleware inside the layer) with
//! [`RequestId::current`].
//!
//! # Around the whole router
//!
//! `Router::layer` puts the layer on each route, and axum copies a route's
//! service (boxed, with the layer in it) and boxes its future on every
//! request. [`ErrorLayer::around`] puts it around the whole router instead:
//! one service that answers with the same status, headers and body, for
//! about 1,100 fewer instructions a request (7%, Clerk's catalog, served in
//! process). It gives the router its fallback, so that an unknown route is
//! told from a handler's bare `404`; its docs say when `Router::layer` is
//! the choice (a fallback of the router's own, middleware that must see
//! unknown routes).
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use errcat_runtime::{CompiledCatalog, Profile, axum::ErrorLayer};
//!
//! # async fn serve(catalog: CompiledCatalog) {
//! let routes = Router::new().route("/contacts/{id}", get(|| async { "ok" }));
//! let app = ErrorLayer::new(catalog, Profile::PROBLEM).around(routes);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
//! axum::serve(listener, app).await.unwrap();
//! # }
//! ```
//!
//! Wrapped any other way (`tower::Layer::layer` around a router), the layer
//! cannot tell a handler's bare `404` from the router's own and answers both
//! as an unknown route.

mod extract;
mod layer;
pub mod mock;

use std::sync::Arc;

pub use extract::{Json, Path, Query};
pub use layer::{
    ErrorLayer, ErrorService, MAX_HEADER_BYTES, MAX_HEADER_COUNT, ResponseFuture, route_not_found,
};

use crate::error::ApiError;
use crate::profile::{Profile, Rendered};
use crate::request_id::RequestId;
use crate::service::{Scope, Sent, with_scope};

/// The error a response was rendered from, in its extensions.
///
/// Responses leaving [`ErrorLayer`] carry it when the layer is made with
/// [`ErrorLayer::error_records`], for a middleware outside the layer that
/// wants to know which error was sent; a middleware inside the layer does
/// not see it. (Inside the layer's task the error needs no extension: the
/// layer keeps it, with no allocation per response.)
#[derive(Debug, Clone)]
pub struct ErrorRecord(pub Arc<ApiError>);

/// Marks a response rendered outside the layer's task (a spawned task, a
/// service's `call`, or no layer at all), in the default profile: a layer
/// that sees it renders the error again in its own profile, with the
/// request's ID.
#[derive(Debug, Clone)]
pub(crate) struct Provisional {
    /// Whether the error carried its own request ID, which a new render keeps.
    pub(crate) own_request_id: bool,
    /// The status it was rendered with: a response with another one was
    /// given a status of its own, which a new render keeps.
    pub(crate) status: http::StatusCode,
    /// The headers it was rendered with: any other header (or another value
    /// of one) was set beside the error, and a new render keeps it.
    pub(crate) headers: http::HeaderMap,
}

/// Converting an error renders it in the active profile, with the request's
/// ID, when this runs inside [`ErrorLayer`]'s task (a handler, an extractor).
///
/// Elsewhere, in a task the handler spawned, in the `call` of a service
/// inside the layer, or with no layer at all, the error is rendered as
/// `problem` with a fresh request ID and marked provisional: when such a
/// response reaches the layer (a handler that awaited the spawned task),
/// the layer renders it again in its own profile with the request's ID,
/// keeping the status and headers set beside the error, so what is sent
/// never depends on where the conversion ran. With no layer, the problem
/// body is what is sent.
impl axum::response::IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        let mut error = Some(self);
        if let Some(response) = with_scope(|scope| respond(error.take().expect("once"), scope)) {
            return response;
        }
        let error = error.expect("taken only inside a scope");
        let own_request_id = error.request_id.is_some();
        let request_id = error.request_id.clone().unwrap_or_else(RequestId::generate);
        let mut response = render(error, Profile::PROBLEM, &request_id, None);
        let provisional = Provisional {
            own_request_id,
            status: response.status(),
            headers: response.headers().clone(),
        };
        response.extensions_mut().insert(provisional);
        response
    }
}

/// The response for `error` to the request `scope` describes: in its
/// profile, with its request ID, in the language it asks for. The error is
/// left in the scope, for the layer to record when the response it sends
/// is the error's (`Sent::answers`).
pub(crate) fn respond(mut error: ApiError, scope: &Scope) -> axum::response::Response {
    let rendered = crate::service::render_for(&mut error, scope);
    let status = rendered.status;
    scope.set_sent(Sent { error, status });
    response(rendered)
}

/// The response for `error` in `profile`, the error riding in its extensions.
pub(crate) fn render(
    mut error: ApiError,
    profile: Profile,
    request_id: &RequestId,
    path: Option<&str>,
) -> axum::response::Response {
    let rendered = crate::service::render(&mut error, profile, request_id, path, false);
    let mut response = response(rendered);
    response
        .extensions_mut()
        .insert(ErrorRecord(Arc::new(error)));
    response
}

fn response(rendered: Rendered) -> axum::response::Response {
    let mut response = axum::response::Response::new(axum::body::Body::from(rendered.body));
    *response.status_mut() = rendered.status;
    let headers = response.headers_mut();
    for (name, value) in rendered.headers {
        headers.append(name, value);
    }
    response
}

/// A route serving the Prometheus text exposition of errcat's metrics (see
/// [`crate::telemetry`]): one line turns metrics on.
///
/// ```
/// use axum::Router;
///
/// let app: Router = Router::new().route("/metrics", errcat_runtime::axum::prometheus_route());
/// ```
///
/// The first call installs [`crate::telemetry::install_prometheus`]'s
/// recorder; it panics, saying why, if the process already has another
/// `metrics` recorder (call `install_prometheus` to handle that yourself).
#[cfg(feature = "prometheus")]
pub fn prometheus_route<S: Clone + Send + Sync + 'static>() -> axum::routing::MethodRouter<S> {
    let handle = crate::telemetry::prometheus_or_panic();
    axum::routing::get(move || async move {
        (
            [(
                http::header::CONTENT_TYPE,
                crate::telemetry::PROMETHEUS_CONTENT_TYPE,
            )],
            handle.render(),
        )
    })
}
