//! [`GrpcErrorLayer`]: what `axum::ErrorLayer` does for HTTP, for tonic
//! servers: request IDs, catalog errors for the framework's own failures,
//! panics, and one `tracing` event per error.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::FutureExt as _;
use http::HeaderValue;

use crate::compiled::CompiledCatalog;
use crate::error::ApiError;
use crate::framework::ids;
use crate::profile::X_REQUEST_ID;
use crate::request_id::RequestId;

tokio::task_local! {
    static SCOPE: Scope;
}

#[derive(Clone)]
struct Scope {
    request_id: RequestId,
    /// The request's `accept-language` metadata, kept when the catalog
    /// has translations.
    accept_language: Option<http::HeaderValue>,
}

/// The request ID of the layer's request this task serves, if any.
pub(crate) fn scope_request_id() -> Option<RequestId> {
    SCOPE.try_with(|scope| scope.request_id.clone()).ok()
}

/// Chooses `error`'s language from the `accept-language` of the layer's
/// request this task serves, if any (and unless the error has one).
pub(super) fn negotiate_in_scope(error: &mut ApiError) {
    let _ = SCOPE.try_with(|scope| {
        if let Some(value) = scope.accept_language.as_ref().and_then(|v| v.to_str().ok()) {
            error.negotiate_locale(value);
        }
    });
}

/// Request IDs, catalog errors for tonic's own failures, panics, and
/// `tracing` events for tonic servers.
///
/// ```no_run
/// use errcat_runtime::{CompiledCatalog, grpc::{GrpcErrorLayer, GrpcErrorService}};
/// use tower::Layer as _;
///
/// // `routes`: tonic's `Routes`, or the server's whole service; with tonic's
/// // own server, `Server::builder().layer(GrpcErrorLayer::new(catalog))`.
/// // (`Layer::layer` is `tower`'s: add `tower` to call it yourself.)
/// fn wrap<S>(catalog: CompiledCatalog, routes: S) -> GrpcErrorService<S> {
///     GrpcErrorLayer::new(catalog).layer(routes)
/// }
/// ```
///
/// The layer:
/// - takes the client's `x-request-id` metadata when it is at most 128
///   characters of `[A-Za-z0-9._:-]`, else makes one; puts it in the
///   request's extensions (a handler reads it as `RequestId`), in every
///   status converted from an [`ApiError`] inside the request (a status
///   converted elsewhere with no ID of its own is made again with it), and
///   in the response's `x-request-id`;
/// - answers an unknown service or method with `method_not_implemented`
///   (`UNIMPLEMENTED`), a request message that does not decode with
///   `malformed_message` (`INVALID_ARGUMENT`), and a panic with
///   `internal_error` (`INTERNAL`, the generic message), all from the
///   framework catalog, which the service's own catalog overrides by id;
/// - records each errcat error as a `tracing` event with its id, code, gRPC
///   code and request ID (`error` for the server's failures, `info` for
///   rejections).
///
/// Statuses a handler builds itself (not from an `ApiError`) pass through.
#[derive(Debug, Clone)]
pub struct GrpcErrorLayer {
    catalog: Arc<CompiledCatalog>,
    /// Whether the catalog has translations (`accept-language` is read).
    multilingual: bool,
}

impl GrpcErrorLayer {
    /// A layer whose framework errors `catalog`'s entries override (by id),
    /// and whose framework errors take `catalog`'s domain.
    pub fn new(catalog: CompiledCatalog) -> Self {
        let merged = crate::framework::catalog().merged_with(&catalog);
        GrpcErrorLayer {
            multilingual: merged.is_multilingual(),
            catalog: Arc::new(merged),
        }
    }

    fn framework_error(&self, id: &str) -> ApiError {
        self.catalog
            .error(id)
            .or_else(|| crate::framework::catalog().error(id))
            .expect("framework ids exist in the framework catalog")
    }
}

impl<S> tower::Layer<S> for GrpcErrorLayer {
    type Service = GrpcErrorService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GrpcErrorService {
            inner,
            config: self.clone(),
        }
    }
}

/// The service [`GrpcErrorLayer`] wraps around tonic's routes.
#[derive(Debug, Clone)]
pub struct GrpcErrorService<S> {
    inner: S,
    config: GrpcErrorLayer,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B, R> tower::Service<http::Request<B>> for GrpcErrorService<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<R>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
    R: Default + Send + 'static,
{
    type Response = http::Response<R>;
    type Error = S::Error;
    type Future = BoxFuture<Result<http::Response<R>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        let request_id = request
            .headers()
            .get(&X_REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .and_then(RequestId::from_inbound)
            .unwrap_or_else(RequestId::generate);
        request.extensions_mut().insert(request_id.clone());
        let method = request.uri().path().to_owned();
        let scope = Scope {
            request_id: request_id.clone(),
            accept_language: if self.config.multilingual {
                request
                    .headers()
                    .get(http::header::ACCEPT_LANGUAGE)
                    .cloned()
            } else {
                None
            },
        };
        // The service made ready is called at once, inside the scope and the
        // panic guard (a service may panic in `call`); its future is polled
        // inside them too. No clone of the inner service per request.
        let inner = &mut self.inner;
        let called = SCOPE.sync_scope(scope.clone(), || {
            std::panic::catch_unwind(AssertUnwindSafe(|| inner.call(request)))
        });
        let config = self.config.clone();
        Box::pin(SCOPE.scope(scope, async move {
            let handled = match called {
                Ok(called) => AssertUnwindSafe(called).catch_unwind().await,
                Err(panic) => Err(panic),
            };
            let response = match handled {
                Ok(Ok(response)) => finish(response, &config, &method, &request_id),
                Ok(Err(error)) => return Err(error),
                Err(_panic) => respond(
                    config
                        .framework_error(ids::INTERNAL_ERROR)
                        .source(std::io::Error::other("the handler panicked")),
                    &request_id,
                ),
            };
            Ok(stamp(response, &request_id, &method))
        }))
    }
}

/// Turns tonic's own failures (unknown method, undecodable message) into
/// catalog errors; other responses pass through.
fn finish<R: Default>(
    response: http::Response<R>,
    config: &GrpcErrorLayer,
    method: &str,
    request_id: &RequestId,
) -> http::Response<R> {
    let code = grpc_status(&response);
    if let Some(status) = response.extensions().get::<tonic::Status>()
        && let Some(record) = super::record_of(status)
    {
        // Converted outside the request's task (a spawned task, a thread),
        // with no request ID of its own: sent again with the request's.
        if status.metadata().get(X_REQUEST_ID.as_str()).is_none() {
            // In the request's language too, as a conversion inside the task would be.
            let mut error = record.error().duplicate();
            negotiate_in_scope(&mut error);
            let mut again = super::status_of(&error, Some(request_id));
            again.set_source(Arc::new(record.clone()));
            return again.into_http();
        }
        return response;
    }
    match code {
        Some(tonic::Code::Unimplemented) => respond(
            config
                .framework_error(ids::METHOD_NOT_IMPLEMENTED)
                .source(std::io::Error::other(format!("no method {method}"))),
            request_id,
        ),
        Some(tonic::Code::Internal) => {
            let message = response
                .extensions()
                .get::<tonic::Status>()
                .map(|status| status.message().to_owned())
                .unwrap_or_default();
            if message.starts_with("failed to decode") || message.contains("decode") {
                let reason = message
                    .split_once(": ")
                    .map_or(message.as_str(), |(_, why)| why);
                respond(
                    config
                        .framework_error(ids::MALFORMED_MESSAGE)
                        .arg("reason", reason.to_owned()),
                    request_id,
                )
            } else {
                response
            }
        }
        _ => response,
    }
}

/// The `grpc-status` of a trailers-only response (how tonic sends errors
/// that happen before any message).
fn grpc_status<R>(response: &http::Response<R>) -> Option<tonic::Code> {
    let value = response.headers().get("grpc-status")?;
    Some(tonic::Code::from_bytes(value.as_bytes()))
}

/// The trailers-only response of `error`, with the request's ID.
fn respond<R: Default>(error: ApiError, request_id: &RequestId) -> http::Response<R> {
    let mut error = error.with_request_id(request_id.clone());
    negotiate_in_scope(&mut error);
    let status: tonic::Status = error.into();
    status.into_http()
}

/// Sends the request ID back and records the error, if the response carries one.
fn stamp<R>(
    mut response: http::Response<R>,
    request_id: &RequestId,
    method: &str,
) -> http::Response<R> {
    if !response.headers().contains_key(&X_REQUEST_ID) {
        let value: HeaderValue = request_id.header_value();
        response.headers_mut().insert(X_REQUEST_ID, value);
    }
    if let Some(status) = response.extensions().get::<tonic::Status>()
        && let Some(record) = super::record_of(status)
    {
        crate::telemetry::record_grpc(record.error(), status.code() as i32, request_id, method);
    }
    response
}
