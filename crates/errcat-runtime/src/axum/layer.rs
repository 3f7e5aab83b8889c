//! [`ErrorLayer`]: request IDs, profile negotiation, framework errors, panics,
//! timeouts and one `tracing` event per error.

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt as _;
use futures_util::future::{self, Either};

use super::{ErrorRecord, Provisional};
use crate::compiled::CompiledCatalog;
use crate::framework::ids;
use crate::profile::{Profile, X_REQUEST_ID};
use crate::service::{FrameworkAnswer, SCOPE, Scope, framework_error};

/// Longest framework text body read to explain a rejection.
const MAX_REASON_BYTES: usize = 2048;

/// Most bytes of request headers a service reads (names, values, and 4 bytes
/// of separators per field, as on the wire); more is `headers_too_large` (431).
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Most request header fields a service reads; more is `headers_too_large` (431).
pub const MAX_HEADER_COUNT: usize = 100;

/// The layer; see the [module docs](super).
#[derive(Debug, Clone)]
pub struct ErrorLayer {
    catalog: Arc<CompiledCatalog>,
    profile: Profile,
    negotiate: bool,
    timeout: Option<Duration>,
    /// Whether the catalog has translations (`Accept-Language` is read).
    multilingual: bool,
}

impl ErrorLayer {
    /// A layer answering in `profile`, with `catalog`'s entries overriding the framework errors.
    pub fn new(catalog: CompiledCatalog, profile: Profile) -> Self {
        let merged = crate::framework::catalog().merged_with(&catalog);
        ErrorLayer {
            multilingual: merged.is_multilingual(),
            catalog: Arc::new(merged),
            profile,
            negotiate: false,
            timeout: None,
        }
    }

    /// Lets clients pick a profile with `Accept` (`application/problem+json`,
    /// `application/vnd.api+json`); other requests get the layer's profile.
    pub fn negotiate(mut self, negotiate: bool) -> Self {
        self.negotiate = negotiate;
        self
    }

    /// Answers with the `request_timeout` error when a request takes longer than `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

impl<S> tower::Layer<S> for ErrorLayer {
    type Service = ErrorService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ErrorService {
            inner,
            config: self.clone(),
        }
    }
}

/// The service [`ErrorLayer`] wraps around a router.
#[derive(Debug, Clone)]
pub struct ErrorService<S> {
    inner: S,
    config: ErrorLayer,
}

impl<S> tower::Service<Request> for ErrorService<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let request_id = crate::service::request_id_of(
            request
                .headers()
                .get(&X_REQUEST_ID)
                .and_then(|value| value.to_str().ok()),
        );
        let negotiated = if self.config.negotiate {
            request
                .headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .and_then(Profile::from_accept)
        } else {
            None
        };
        let profile = negotiated.unwrap_or(self.config.profile);
        request.extensions_mut().insert(request_id.clone());
        let origin = Origin {
            method: request.method().clone(),
            matched_route: request
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .is_some(),
        };
        let scope = Scope {
            catalog: self.config.catalog.clone(),
            profile,
            request_id,
            path: request.uri().path().into(),
            accept_language: if self.config.multilingual {
                request
                    .headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|value| value.to_str().ok())
                    .map(Into::into)
            } else {
                None
            },
            multilingual: self.config.multilingual,
        };
        // Headers over the limits are answered here, in the profile, rather
        // than by a handler that would read them (hyper's own 431, with no
        // body, is only for heads past what the server accepts at all).
        let header_count = request.headers().len();
        let header_bytes: usize = request
            .headers()
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 4)
            .sum();
        if header_count > MAX_HEADER_COUNT || header_bytes > MAX_HEADER_BYTES {
            return Box::pin(SCOPE.scope(scope.clone(), async move {
                let response = framework_error(ids::HEADERS_TOO_LARGE)
                    .arg("bytes", header_bytes)
                    .arg("max_bytes", MAX_HEADER_BYTES)
                    .arg("count", header_count)
                    .arg("max_count", MAX_HEADER_COUNT)
                    .into_response();
                Ok(stamp(response, &scope))
            }));
        }
        // The service made ready is called at once, inside the scope and the
        // panic guard (a service may do its work in `call`); its future is
        // polled inside them too, below. Calling it here, rather than at the
        // first poll, spares a clone of the inner service per request. A
        // service whose `call` panicked is kept, as tower-http's
        // `CatchPanic` keeps it: routers and handlers hold no state a panic
        // could leave half made.
        let inner = &mut self.inner;
        let called = SCOPE.sync_scope(scope.clone(), || {
            std::panic::catch_unwind(AssertUnwindSafe(|| inner.call(request)))
        });
        let timeout = self.config.timeout;
        // Built from combinators rather than an `async` block, so the future
        // holds only what each step needs (no request, no copy of the inner
        // future). With a timeout, the timer starts at the first poll, inside
        // the runtime, and is boxed with the future it bounds.
        let handled = match called {
            Ok(called) => {
                let bounded = match timeout {
                    None => Either::Left(called.map(Some as fn(_) -> _)),
                    Some(limit) => Either::Right(
                        future::lazy(move |_| {
                            Box::pin(tokio::time::timeout(limit, called))
                                .map(Result::ok as fn(_) -> _)
                        })
                        .flatten(),
                    ),
                };
                Either::Left(AssertUnwindSafe(bounded).catch_unwind())
            }
            Err(panic) => Either::Right(future::ready(Err(panic))),
        };
        let responded = handled
            .then(move |handled| match handled {
                // Most responses pass through as they are; a framework's own
                // answer is read (its body) and converted.
                Ok(Some(Ok(response))) if is_framework_answer(&response) => {
                    Either::Right(Box::pin(convert_framework_answer(response, origin)))
                }
                Ok(Some(Ok(response))) => Either::Left(future::ready(response)),
                Ok(Some(Err(infallible))) => match infallible {},
                Ok(None) => Either::Left(future::ready(
                    framework_error(ids::REQUEST_TIMEOUT).into_response(),
                )),
                Err(_panic) => {
                    Either::Left(future::ready(crate::service::panic_error().into_response()))
                }
            })
            // The scope this future runs in, read in place.
            .map(|response| {
                Ok(SCOPE.with(|scope| stamp(rerender_provisional(response, scope), scope)))
            });
        Box::pin(SCOPE.scope(scope, responded))
    }
}

/// What the layer knows of the request when its response comes back.
struct Origin {
    method: axum::http::Method,
    /// Whether a route matched (axum's `MatchedPath`): a 404 from a matched
    /// route is a handler's answer, not an unknown route.
    matched_route: bool,
}

/// Whether a response is the framework's own error answer, which the layer
/// turns into the catalog error it stands for.
///
/// Only statuses the framework itself produces are converted; any other
/// response, such as a handler's own `401` text, passes through unchanged.
fn is_framework_answer(response: &Response) -> bool {
    crate::service::is_framework_status(response.status().as_u16())
        && response.extensions().get::<ErrorRecord>().is_none()
        && is_framework_body(response)
}

/// The catalog error a framework's own answer ([`is_framework_answer`]) stands for.
async fn convert_framework_answer(response: Response, origin: Origin) -> Response {
    let status = response.status();
    let allow = response.headers().get(header::ALLOW).cloned();
    let reason = match axum::body::to_bytes(response.into_body(), MAX_REASON_BYTES).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let path = crate::service::scope()
        .map(|s| s.path.to_string())
        .unwrap_or_default();
    let error = crate::service::framework_answer_error(FrameworkAnswer {
        status: status.as_u16(),
        matched_route: origin.matched_route,
        method: origin.method.as_str(),
        path: &path,
        reason,
    });
    let mut converted = error.into_response();
    if let Some(allow) = allow {
        converted.headers_mut().insert(header::ALLOW, allow);
    }
    converted
}

/// Whether a response is the framework's own text (or empty) error body.
fn is_framework_body(response: &Response) -> bool {
    match response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(content_type) => content_type.starts_with("text/plain"),
    }
}

/// Renders again, in the layer's profile and with the request's ID, an error
/// converted outside the layer's task (see `IntoResponse for ApiError`).
fn rerender_provisional(mut response: Response, scope: &Scope) -> Response {
    let Some(Provisional { own_request_id }) = response.extensions_mut().remove::<Provisional>()
    else {
        return response;
    };
    let Some(ErrorRecord(record)) = response.extensions_mut().remove::<ErrorRecord>() else {
        return response;
    };
    match Arc::try_unwrap(record) {
        Ok(mut error) => {
            // A provisional ID was made up for want of a request; the request's own wins.
            if !own_request_id {
                error.request_id = None;
            }
            let mut rendered = super::respond(error, scope);
            if let Some(allow) = response.headers().get(header::ALLOW).cloned() {
                rendered.headers_mut().insert(header::ALLOW, allow);
            }
            rendered
        }
        // Someone else holds the error: keep the body, but send the request's ID.
        Err(record) => {
            response.extensions_mut().insert(ErrorRecord(record));
            response.headers_mut().remove(X_REQUEST_ID);
            response
        }
    }
}

/// Sends the request ID back and records the error, if the response carries one.
fn stamp(mut response: Response, scope: &Scope) -> Response {
    response
        .headers_mut()
        .entry(scope.profile.request_id_header())
        .or_insert_with(|| scope.request_id.header_value());
    if let Some(ErrorRecord(error)) = response.extensions().get::<ErrorRecord>() {
        // The status on the wire (Plain sends mutation errors as 200); a
        // failure of the server is what the catalog says is one.
        let status = response.status().as_u16();
        crate::service::record(error, status, &scope.request_id, &scope.path);
    }
    response
}
