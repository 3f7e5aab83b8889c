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
use tokio::task::futures::TaskLocalFuture;

use super::{ErrorRecord, Provisional};
use crate::compiled::CompiledCatalog;
use crate::error::ApiError;
use crate::framework::ids;
use crate::profile::{Profile, X_REQUEST_ID};
use crate::service::{FrameworkAnswer, RequestScope, SCOPE, Scope, framework_error};

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
    /// Whether responses leave the layer with their [`ErrorRecord`].
    error_records: bool,
    /// Whether the layer is around a router whose fallback answers unknown
    /// routes itself ([`ErrorLayer::around`]): a bare `404` reaching the
    /// layer is then a handler's.
    around_router: bool,
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
            error_records: false,
            around_router: false,
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

    /// Puts on each error response leaving the layer the error it was
    /// rendered from ([`ErrorRecord`], in its extensions), for a middleware
    /// outside the layer to read. Off by default: it costs an allocation
    /// per error response, and the layer itself records errors without it.
    ///
    /// ```
    /// use axum::{Router, middleware::{self, Next}, extract::Request, response::Response};
    /// use errcat_runtime::{CompiledCatalog, Profile, axum::{ErrorLayer, ErrorRecord}};
    ///
    /// async fn audit(request: Request, next: Next) -> Response {
    ///     let response = next.run(request).await;
    ///     if let Some(ErrorRecord(error)) = response.extensions().get::<ErrorRecord>() {
    ///         println!("sent {}", error.id());
    ///     }
    ///     response
    /// }
    ///
    /// fn app(catalog: CompiledCatalog) -> Router {
    ///     Router::new()
    ///         .layer(ErrorLayer::new(catalog, Profile::PROBLEM).error_records(true))
    ///         .layer(middleware::from_fn(audit))
    /// }
    /// ```
    pub fn error_records(mut self, error_records: bool) -> Self {
        self.error_records = error_records;
        self
    }
}

impl ErrorLayer {
    /// The layer around a whole router: one service for every route, where
    /// `Router::layer` puts a copy of the layer on each route (and axum
    /// boxes each route's future on every request), for about 1,100 fewer
    /// instructions a request (7%, Clerk's catalog, served in process).
    ///
    /// It answers as the layer on each route does (same status, headers and
    /// body) because it gives the router its fallback: an unknown path
    /// answers `route_not_found`, so any other bare `404` is a handler's
    /// (`resource_not_found`). Three things follow, where `Router::layer`
    /// is the choice instead:
    ///
    /// - a fallback of the router's own is replaced (a router serving files
    ///   or a single-page app from its fallback keeps `Router::layer`);
    /// - middleware put on `routes` does not see unknown routes, the
    ///   fallback being added after it: middleware that must see every
    ///   request (CORS, authentication, tracing) goes around the service
    ///   (`tower::ServiceBuilder`, or `Layer::layer` on it);
    /// - a nested router's own fallback that answers a bare `404` reads as
    ///   a handler's; one that returns a catalog error is sent as it is.
    ///
    /// State is given first (`with_state`). The service is served as a
    /// router is:
    ///
    /// ```no_run
    /// use axum::{Router, routing::get};
    /// use errcat_runtime::{CompiledCatalog, Profile, axum::ErrorLayer};
    ///
    /// # async fn serve(catalog: CompiledCatalog) {
    /// let routes = Router::new().route("/contacts/{id}", get(|| async { "ok" }));
    /// let app = ErrorLayer::new(catalog, Profile::PROBLEM).around(routes);
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    /// axum::serve(listener, app).await.unwrap();
    /// # }
    /// ```
    pub fn around(mut self, routes: axum::Router) -> ErrorService<axum::Router> {
        self.around_router = true;
        // `with_state` turns each handler into its route once, not per request.
        let routes = routes.fallback(unmatched_route).with_state(());
        tower::Layer::layer(&self, routes)
    }
}

/// The fallback [`ErrorLayer::around`] gives a router: the unknown route's error.
async fn unmatched_route(method: axum::http::Method) -> ApiError {
    let path = crate::service::scope()
        .map(|scope| scope.path().to_owned())
        .unwrap_or_default();
    route_not_found(&method, &path)
}

/// The framework's `route_not_found` for a request no route matched, as the
/// layer answers one: for a fallback of one's own that answers it too.
pub fn route_not_found(method: &axum::http::Method, path: &str) -> ApiError {
    crate::service::framework_answer_error(FrameworkAnswer {
        status: 404,
        matched_route: false,
        method: method.as_str(),
        path,
        reason: String::new(),
    })
}

impl ErrorService<axum::Router> {
    /// A copy of the service per connection, as `Router::into_make_service`
    /// makes (`axum::serve(listener, app)` takes the service itself too).
    pub fn into_make_service(self) -> axum::routing::IntoMakeService<Self> {
        axum::ServiceExt::<Request>::into_make_service(self)
    }

    /// [`ErrorService::into_make_service`], with each connection's
    /// [`axum::extract::ConnectInfo`] for handlers to read.
    pub fn into_make_service_with_connect_info<C>(
        self,
    ) -> axum::extract::connect_info::IntoMakeServiceWithConnectInfo<Self, C> {
        axum::ServiceExt::<Request>::into_make_service_with_connect_info(self)
    }
}

/// Serves [`ErrorLayer::around`]'s service as axum serves a router:
/// `axum::serve(listener, app)`, a copy of the service per connection.
impl<L: axum::serve::Listener> tower::Service<axum::serve::IncomingStream<'_, L>>
    for ErrorService<axum::Router>
{
    type Response = Self;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _connection: axum::serve::IncomingStream<'_, L>) -> Self::Future {
        // As axum does for a router: each handler turned into its route
        // once per connection, where a router wrapped another way still
        // holds handlers.
        std::future::ready(Ok(ErrorService {
            inner: self.inner.clone().with_state(()),
            config: self.config.clone(),
        }))
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
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
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
        let head = request.method() == axum::http::Method::HEAD;
        let origin = Origin {
            method: request.method().clone(),
            // Around a router whose fallback answers unknown routes, any
            // other bare 404 is a handler's.
            matched_route: self.config.around_router
                || request
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .is_some(),
        };
        let scope = Scope::new(RequestScope {
            catalog: self.config.catalog.clone(),
            profile,
            request_id,
            path_and_query: request.uri().path_and_query().cloned(),
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
        });
        // Headers over the limits are answered here, in the profile, rather
        // than by a handler that would read them (hyper's own 431, with no
        // body, is only for heads past what the server accepts at all).
        let header_count = request.headers().len();
        let header_bytes: usize = request
            .headers()
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 4)
            .sum();
        let handling = if header_count > MAX_HEADER_COUNT || header_bytes > MAX_HEADER_BYTES {
            Handling::Answering {
                answer: Some(Answer::HeadersTooLarge {
                    bytes: header_bytes,
                    count: header_count,
                }),
            }
        } else {
            // The service made ready is called at once, inside the panic
            // guard (a service may do its work in `call`); its future is
            // polled inside the scope. Calling it here, rather than at the
            // first poll, spares a clone of the inner service per request.
            // `call` runs outside the scope (entering it costs as much as
            // the rest of the layer's own work): an error a service
            // converts there is rendered provisionally, as one converted in
            // a spawned task, and rendered again for the request when its
            // response comes back. A service whose `call` panicked is kept,
            // as tower-http's `CatchPanic` keeps it: routers and handlers
            // hold no state a panic could leave half made.
            // With a time limit, the timer starts here too (tokio's own
            // `Timeout`, inside the panic guard: a runtime without timers
            // gets a 500, not a panic out of the layer).
            let inner = &mut self.inner;
            let limit = self.config.timeout;
            let called = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let called = inner.call(request);
                match limit {
                    None => Bounded::Unlimited { called },
                    Some(limit) => Bounded::Limited {
                        timed: Box::pin(tokio::time::timeout(limit, called)),
                    },
                }
            }));
            match called {
                Ok(called) => Handling::Waiting {
                    called,
                    origin: Some(origin),
                },
                Err(_panic) => Handling::Answering {
                    answer: Some(Answer::Panicked),
                },
            }
        };
        ResponseFuture {
            scoped: SCOPE.scope(scope, handling),
            error_records: self.config.error_records,
            head,
        }
    }
}

pin_project_lite::pin_project! {
    /// The response of [`ErrorService`]: the inner service's, its errors
    /// rendered in the request's profile, with the request's ID.
    ///
    /// A named state machine rather than a boxed future: the layer's own
    /// allocations per request are the request's scope (one `Arc`) and the
    /// timer of a layer with a time limit. It is not `Unpin`: pin it to poll it by hand
    /// (`std::pin::pin!`, `Box::pin`).
    pub struct ResponseFuture<F> {
        #[pin]
        scoped: TaskLocalFuture<Scope, Handling<F>>,
        error_records: bool,
        // Whether the request is a `HEAD`, whose answer has no body.
        head: bool,
    }
}

impl<F> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let response = std::task::ready!(this.scoped.as_mut().poll(cx));
        // The request is answered: its scope is the layer's again.
        let scope = this
            .scoped
            .take_value()
            .expect("the scope is taken once, when the response is ready");
        let response = rerender_provisional(response, &scope);
        let mut response = stamp(response, &scope, *this.error_records);
        if *this.head {
            without_body(&mut response);
        }
        Poll::Ready(Ok(response))
    }
}

impl<F> std::fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

pin_project_lite::pin_project! {
    /// Where a request's handling stands; polled inside the request's scope.
    #[project = HandlingProjection]
    enum Handling<F> {
        /// The inner service's future, under the layer's time limit if it has one.
        Waiting {
            #[pin]
            called: Bounded<F>,
            origin: Option<Origin>,
        },
        /// A framework's own answer being read, to be converted.
        Converting {
            converting: Pin<Box<dyn Future<Output = Response> + Send>>,
        },
        /// An answer the layer gives itself, rendered at the first poll.
        Answering { answer: Option<Answer> },
        /// The response was given.
        Done,
    }
}

pin_project_lite::pin_project! {
    /// The inner service's future, with or without a time limit.
    #[project = BoundedProjection]
    enum Bounded<F> {
        /// No time limit.
        Unlimited {
            #[pin]
            called: F,
        },
        /// tokio's own `Timeout`, started when the service was called: it
        /// polls its timer even when the service used up the task's budget.
        /// Boxed, so a layer without a limit does not carry its timer.
        Limited {
            timed: Pin<Box<tokio::time::Timeout<F>>>,
        },
    }
}

impl<F> Future for Bounded<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    /// The response, or `None` when the time limit passed first.
    type Output = Option<Response>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Response>> {
        match self.project() {
            BoundedProjection::Unlimited { called } => {
                called.poll(cx).map(|answered| match answered {
                    Ok(response) => Some(response),
                    Err(infallible) => match infallible {},
                })
            }
            BoundedProjection::Limited { timed } => {
                timed.as_mut().poll(cx).map(|answered| match answered {
                    Ok(Ok(response)) => Some(response),
                    Ok(Err(infallible)) => match infallible {},
                    Err(_elapsed) => None,
                })
            }
        }
    }
}

/// What the layer answers without the inner service's response.
enum Answer {
    /// The request's headers are over the limits.
    HeadersTooLarge { bytes: usize, count: usize },
    /// The inner service panicked in `call`.
    Panicked,
}

impl Answer {
    fn into_response(self) -> Response {
        match self {
            Answer::HeadersTooLarge { bytes, count } => framework_error(ids::HEADERS_TOO_LARGE)
                .arg("bytes", bytes)
                .arg("max_bytes", MAX_HEADER_BYTES)
                .arg("count", count)
                .arg("max_count", MAX_HEADER_COUNT)
                .into_response(),
            Answer::Panicked => crate::service::panic_error().into_response(),
        }
    }
}

impl<F> Future for Handling<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Response;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let response = match self.as_mut().project() {
            HandlingProjection::Waiting { called, origin } => {
                let polled = std::panic::catch_unwind(AssertUnwindSafe(|| called.poll(cx)));
                let response = match polled {
                    Ok(Poll::Pending) => return Poll::Pending,
                    Ok(Poll::Ready(Some(response))) => response,
                    Ok(Poll::Ready(None)) => framework_error(ids::REQUEST_TIMEOUT).into_response(),
                    Err(_panic) => crate::service::panic_error().into_response(),
                };
                // Most responses pass through as they are; a framework's
                // own answer is read (its body) and converted.
                if is_framework_answer(&response) {
                    let origin = origin.take().expect("the origin is taken once");
                    self.set(Handling::Converting {
                        converting: Box::pin(convert_framework_answer(response, origin)),
                    });
                    return self.poll(cx);
                }
                response
            }
            HandlingProjection::Converting { converting } => match converting.as_mut().poll(cx) {
                Poll::Ready(response) => response,
                Poll::Pending => return Poll::Pending,
            },
            HandlingProjection::Answering { answer } => answer
                .take()
                .expect("an answer is given once")
                .into_response(),
            HandlingProjection::Done => panic!("`ResponseFuture` polled after it completed"),
        };
        // The inner future is dropped as soon as it is done.
        self.set(Handling::Done);
        Poll::Ready(response)
    }
}

/// What the layer knows of the request when its response comes back.
struct Origin {
    method: axum::http::Method,
    /// Whether a route matched (axum's `MatchedPath`): a 404 from a matched
    /// route is a handler's answer, not an unknown route.
    matched_route: bool,
}

/// An answer to `HEAD` the layer rendered, as axum sends a route's: its
/// body's length in `Content-Length`, and no body. A body already empty (a
/// router's answer) or of a length not known is left as it is.
fn without_body(response: &mut Response) {
    use axum::body::HttpBody as _;
    let Some(length @ 1..) = response.body().size_hint().exact() else {
        return;
    };
    response
        .headers_mut()
        .entry(header::CONTENT_LENGTH)
        .or_insert_with(|| length.into());
    *response.body_mut() = axum::body::Body::empty();
}

/// Whether a response is the framework's own error answer, which the layer
/// turns into the catalog error it stands for.
///
/// Only statuses the framework itself produces are converted; any other
/// response, such as a handler's own `401` text, passes through unchanged,
/// as does an error errcat rendered (a house profile may send text).
fn is_framework_answer(response: &Response) -> bool {
    crate::service::is_framework_status(response.status().as_u16())
        && response.extensions().get::<ErrorRecord>().is_none()
        && is_framework_body(response)
        && !SCOPE.with(|scope| scope.sent_as(response.status()))
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
        .map(|s| s.path().to_owned())
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
/// converted outside the layer's task (see `IntoResponse for ApiError`),
/// keeping what the code that converted it set beside it: a status of its
/// own, and its headers (`Allow`, `WWW-Authenticate`...).
fn rerender_provisional(mut response: Response, scope: &Scope) -> Response {
    let Some(provisional) = response.extensions_mut().remove::<Provisional>() else {
        return response;
    };
    let Some(ErrorRecord(record)) = response.extensions_mut().remove::<ErrorRecord>() else {
        return response;
    };
    match Arc::try_unwrap(record) {
        Ok(mut error) => {
            // A provisional ID was made up for want of a request; the request's own wins.
            if !provisional.own_request_id {
                error.request_id = None;
            }
            let mut rendered = super::respond(error, scope);
            if response.status() != provisional.status {
                *rendered.status_mut() = response.status();
            }
            keep_headers_set_beside(
                response.headers_mut(),
                &provisional.headers,
                rendered.headers_mut(),
            );
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

/// Moves into `rendered`, the headers of a response rendered again, those of
/// the provisional response the provisional render did not make (`made`):
/// the ones the code that converted the error set, which win over the new
/// render's as they won over the first. What describes the provisional body
/// (its length, encoding, range) is not kept: the body is a new one.
fn keep_headers_set_beside(
    provisional: &mut header::HeaderMap,
    made: &header::HeaderMap,
    rendered: &mut header::HeaderMap,
) {
    let mut name = None;
    let mut kept: Vec<header::HeaderName> = Vec::new();
    for (named, value) in provisional.drain() {
        // A name comes with its first value only.
        if named.is_some() {
            name = named;
        }
        let Some(name) = &name else { continue };
        let of_the_body = [
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
            header::TRANSFER_ENCODING,
            header::CONTENT_RANGE,
        ]
        .contains(name);
        let rendered_so = made.get_all(name).iter().any(|made| *made == value);
        if of_the_body || rendered_so {
            continue;
        }
        if kept.contains(name) {
            rendered.append(name.clone(), value);
        } else {
            rendered.insert(name.clone(), value);
            kept.push(name.clone());
        }
    }
}

/// Sends the request ID back and records the error the response was
/// rendered from: the last one rendered in the request's task, when the
/// response is that error's ([`Sent::answers`]: a handler may render an
/// error and send a success all the same), else the one the response
/// carries in its extensions.
fn stamp(mut response: Response, scope: &Scope, error_records: bool) -> Response {
    response
        .headers_mut()
        .entry(scope.profile.request_id_header())
        .or_insert_with(|| scope.request_id.header_value());
    // The status on the wire (Plain sends mutation errors as 200); a
    // failure of the server is what the catalog says is one.
    let status = response.status();
    let record = |error: &ApiError| {
        crate::service::record(error, status.as_u16(), &scope.request_id, scope.path());
    };
    match scope.take_sent() {
        Some(sent) if sent.answers(status) => {
            let error = sent.error;
            record(&error);
            if error_records {
                response
                    .extensions_mut()
                    .insert(ErrorRecord(Arc::new(error)));
            }
        }
        _ => {
            if let Some(ErrorRecord(error)) = response.extensions().get::<ErrorRecord>() {
                record(error);
            }
        }
    }
    response
}
