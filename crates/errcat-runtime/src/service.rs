//! What the web integrations (axum, actix-web) share, so neither writes it
//! again: the request's scope, how an error is prepared and rendered for the
//! request it answers, which catalog error a framework's own answer stands
//! for, and the one `tracing` event per error.

use std::sync::{Arc, Mutex};

use crate::compiled::CompiledCatalog;
use crate::error::ApiError;
use crate::framework::ids;
use crate::profile::{Profile, RenderContext, Rendered};
use crate::request_id::RequestId;

/// What a service's error layer knows about the request being served,
/// shared by all the code serving it: made once per request, a copy is a
/// counted reference, and the task-local holding it is one pointer wide
/// (its value moves in and out of the thread at every poll).
#[derive(Clone)]
pub(crate) struct Scope(Arc<Serving>);

struct Serving {
    request: RequestScope,
    /// The last error rendered for the request, which the axum layer
    /// records when the response it sends is that error's ([`Sent::answers`]).
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    sent: Mutex<Option<Sent>>,
}

/// The request a [`Scope`] serves.
pub(crate) struct RequestScope {
    /// The service's catalog, merged over the framework errors.
    pub(crate) catalog: Arc<CompiledCatalog>,
    /// The profile errors are sent in.
    pub(crate) profile: Profile,
    /// The request's ID.
    pub(crate) request_id: RequestId,
    /// The request's path and query: a clone of the request's own bytes,
    /// which the server parsed into shared memory (no copy per request).
    /// `None` for a URI without a path (`CONNECT host:443`).
    pub(crate) path_and_query: Option<http::uri::PathAndQuery>,
    /// The request's `Accept-Language`, kept when the catalog speaks more
    /// than one language.
    pub(crate) accept_language: Option<Arc<str>>,
    /// Whether the catalog has translations: then every error response
    /// names its language, the framework's own English ones too.
    pub(crate) multilingual: bool,
}

/// An error rendered for the request, and the status it was rendered with.
#[cfg_attr(not(feature = "axum"), allow(dead_code))]
pub(crate) struct Sent {
    pub(crate) error: ApiError,
    pub(crate) status: http::StatusCode,
}

impl Sent {
    /// Whether a response with `status` is this error's: one with the
    /// status it was rendered with (Plain sends some errors as 200), or any
    /// error status (a handler may send an error with a status of its
    /// own). A success the handler sent after rendering the error is not;
    /// an error response of its own it sent instead is taken for this one
    /// (the status is all the layer compares, to allocate nothing per
    /// response).
    #[cfg(feature = "axum")]
    pub(crate) fn answers(&self, status: http::StatusCode) -> bool {
        status == self.status || status.is_client_error() || status.is_server_error()
    }
}

impl Scope {
    /// The scope of `request`, with no error sent yet.
    pub(crate) fn new(request: RequestScope) -> Scope {
        Scope(Arc::new(Serving {
            request,
            sent: Mutex::new(None),
        }))
    }

    #[cfg(feature = "axum")]
    fn sent(&self) -> std::sync::MutexGuard<'_, Option<Sent>> {
        // Only ever held for a move in or out: a panic cannot leave it half made.
        self.0
            .sent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps `sent` as the last error rendered for the request.
    #[cfg(feature = "axum")]
    pub(crate) fn set_sent(&self, sent: Sent) {
        // The error it replaces is dropped after the lock is let go.
        let _replaced = self.sent().replace(sent);
    }

    /// The last error rendered for the request, taken.
    #[cfg(feature = "axum")]
    pub(crate) fn take_sent(&self) -> Option<Sent> {
        self.sent().take()
    }

    /// Whether a response with `status` is the last error rendered for the request.
    #[cfg(feature = "axum")]
    pub(crate) fn sent_as(&self, status: http::StatusCode) -> bool {
        self.sent()
            .as_ref()
            .is_some_and(|sent| sent.answers(status))
    }
}

impl std::ops::Deref for Scope {
    type Target = RequestScope;

    fn deref(&self) -> &RequestScope {
        &self.0.request
    }
}

impl RequestScope {
    /// The request's path.
    pub(crate) fn path(&self) -> &str {
        self.path_and_query
            .as_ref()
            .map_or("", http::uri::PathAndQuery::path)
    }
}

tokio::task_local! {
    pub(crate) static SCOPE: Scope;
}

/// The scope of the request the current task serves, if any.
#[cfg(feature = "axum")]
pub(crate) fn scope() -> Option<Scope> {
    with_scope(Clone::clone)
}

/// `read` given the scope of the request the current task serves, if any,
/// without copying it.
pub(crate) fn with_scope<R>(read: impl FnOnce(&Scope) -> R) -> Option<R> {
    SCOPE.try_with(read).ok()
}

/// A framework error by id: the service's override, else the built-in one.
pub(crate) fn framework_error(id: &str) -> ApiError {
    with_scope(|scope| scope.catalog.error(id))
        .flatten()
        .or_else(|| crate::framework::catalog().error(id))
        .expect("framework ids exist in the framework catalog")
}

/// The request ID a request carries (`X-Request-ID`, when well formed), else a fresh one.
pub(crate) fn request_id_of(inbound: Option<&str>) -> RequestId {
    inbound
        .and_then(RequestId::from_inbound)
        .unwrap_or_else(RequestId::generate)
}

/// `error` rendered for the request `scope` describes: in its profile, with
/// its request ID, in the language it asks for. Beside `Content-Language`,
/// a multilingual service says `Vary: accept-language`.
pub(crate) fn render_for(error: &mut ApiError, scope: &Scope) -> Rendered {
    if let Some(accept_language) = &scope.accept_language {
        error.negotiate_locale(accept_language);
    }
    render(
        error,
        scope.profile,
        &scope.request_id,
        Some(scope.path()),
        scope.multilingual,
    )
}

/// `error` rendered in `profile` with `request_id` (the error's own wins).
pub(crate) fn render(
    error: &mut ApiError,
    profile: Profile,
    request_id: &RequestId,
    path: Option<&str>,
    multilingual: bool,
) -> Rendered {
    if error.request_id.is_none() {
        error.request_id = Some(request_id.clone());
    }
    let context = RenderContext {
        timestamp: None,
        instance: path,
    };
    let mut rendered = profile.render(error, &context);
    if multilingual {
        let has_language = rendered
            .headers
            .iter()
            .any(|(name, _)| name == http::header::CONTENT_LANGUAGE);
        if !has_language && let Ok(language) = http::HeaderValue::from_str(error.locale()) {
            rendered
                .headers
                .push((http::header::CONTENT_LANGUAGE, language));
        }
        rendered.headers.push((
            http::header::VARY,
            http::HeaderValue::from_static("accept-language"),
        ));
    }
    rendered
}

/// What a framework answered on its own, with no catalog error in it.
pub(crate) struct FrameworkAnswer<'a> {
    /// Its status.
    pub(crate) status: u16,
    /// Whether a route matched: a 404 from a matched route is a handler's
    /// answer about a resource, not an unknown route.
    pub(crate) matched_route: bool,
    /// The request's method.
    pub(crate) method: &'a str,
    /// The request's path.
    pub(crate) path: &'a str,
    /// The framework's own text, which says why.
    pub(crate) reason: String,
}

/// Whether a status is one frameworks answer with on their own (unknown
/// route, wrong method, body too large, wrong media type, unreadable body,
/// timeouts, server failures): only those are turned into catalog errors.
pub(crate) fn is_framework_status(status: u16) -> bool {
    matches!(status, 400 | 404 | 405 | 408 | 413 | 415 | 422) || (500..600).contains(&status)
}

/// The catalog error a framework's own answer stands for.
pub(crate) fn framework_answer_error(answer: FrameworkAnswer<'_>) -> ApiError {
    let FrameworkAnswer {
        status,
        matched_route,
        method,
        path,
        reason,
    } = answer;
    match status {
        404 if matched_route => framework_error(ids::RESOURCE_NOT_FOUND)
            .arg("method", method.to_owned())
            .arg("path", path.to_owned()),
        404 => framework_error(ids::ROUTE_NOT_FOUND)
            .arg("method", method.to_owned())
            .arg("path", path.to_owned()),
        // The framework's `Allow` header, not the message, lists the methods.
        405 => framework_error(ids::METHOD_NOT_ALLOWED)
            .arg("method", method.to_owned())
            .arg("path", path.to_owned()),
        413 => framework_error(ids::PAYLOAD_TOO_LARGE),
        415 => framework_error(ids::UNSUPPORTED_MEDIA_TYPE),
        408 => framework_error(ids::REQUEST_TIMEOUT),
        422 => framework_error(ids::INVALID_BODY).arg("reason", reason),
        400 => framework_error(ids::BAD_REQUEST).source(std::io::Error::other(reason)),
        _ => framework_error(ids::INTERNAL_ERROR)
            .source(std::io::Error::other(format!("{status}: {reason}"))),
    }
}

/// The error of a handler that panicked.
pub(crate) fn panic_error() -> ApiError {
    framework_error(ids::INTERNAL_ERROR).source(std::io::Error::other("the handler panicked"))
}

/// Reports an error sent with `status`: see [`crate::telemetry`].
pub(crate) use crate::telemetry::record;

/// Why a path parameter did not parse, in the same words on every framework:
/// "`abc` is not a valid u32".
pub(crate) fn unparsable_path_value(value: &str, expected_type: &str) -> String {
    format!("`{value}` is not a valid {expected_type}")
}

/// `invalid_body` for a JSON body of the wrong shape, with the field at fault
/// as a field error, so a client reads which field without parsing the
/// message: `{"email": 5}` gives the field `email` (code `invalid`), a
/// missing field its own name (code `required`), a nested one its dotted path
/// (`items.0.name`). The reason is serde's text, the same on every framework.
pub(crate) fn invalid_body(error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    use serde_path_to_error::Segment;
    let inner = error.inner();
    let mut message = inner.to_string();
    if inner.line() != 0 {
        let place = format!(" at line {} column {}", inner.line(), inner.column());
        if let Some(without) = message.strip_suffix(&place) {
            message.truncate(without.len());
        }
    }
    let mut path: Vec<String> = Vec::new();
    for segment in error.path().iter() {
        match segment {
            Segment::Seq { index } => path.push(index.to_string()),
            Segment::Map { key } => path.push(key.clone()),
            Segment::Enum { variant } => path.push(variant.clone()),
            // A step serde cannot name: no field rather than the wrong one.
            Segment::Unknown => {
                return framework_error(ids::INVALID_BODY).arg("reason", error.to_string());
            }
        }
    }
    // serde names a missing field in its message, with the path at the table.
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'));
    let code = match missing {
        Some(name) => {
            path.push(name.to_owned());
            "required"
        }
        None => "invalid",
    };
    let reason = error.to_string();
    let with_reason = framework_error(ids::INVALID_BODY).arg("reason", reason);
    if path.is_empty() {
        return with_reason;
    }
    // A key that a dotted path would split or misread is sent as an RFC 6901
    // pointer, which profiles send as it is.
    let field = if path.iter().any(|part| part.contains(['.', '/', '~', '#'])) {
        path.iter()
            .map(|part| format!("/{}", part.replace('~', "~0").replace('/', "~1")))
            .collect()
    } else {
        path.join(".")
    };
    with_reason.field(field, message, Some(code))
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Order {
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    fn shape_error(body: &str) -> crate::ApiError {
        let mut deserializer = serde_json::Deserializer::from_str(body);
        let error = serde_path_to_error::deserialize::<_, Order>(&mut deserializer).unwrap_err();
        super::invalid_body(&error)
    }

    #[test]
    fn a_nested_field_of_the_wrong_shape_is_named_by_its_dotted_path() {
        let error = shape_error(r#"{"items": [{"name": "a"}, {"name": 7}]}"#);
        let fields: Vec<(&str, &str, Option<&str>)> = error
            .field_errors()
            .iter()
            .map(|f| (&*f.field, &*f.message, f.code.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [(
                "items.1.name",
                "invalid type: integer `7`, expected a string",
                Some("invalid")
            )]
        );
        assert_eq!(
            error
                .arg_value("reason")
                .map(ToString::to_string)
                .as_deref(),
            Some("items[1].name: invalid type: integer `7`, expected a string at line 1 column 36")
        );
        let missing = shape_error(r#"{"items": [{}]}"#);
        assert_eq!(&*missing.field_errors()[0].field, "items.0.name");
        assert_eq!(missing.field_errors()[0].code.as_deref(), Some("required"));
    }

    #[test]
    fn a_key_a_dotted_path_would_split_is_sent_as_a_pointer() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Prices {
            by_region: std::collections::HashMap<String, u32>,
        }
        let mut deserializer =
            serde_json::Deserializer::from_str(r#"{"by_region": {"eu.west/1": "x"}}"#);
        let error = serde_path_to_error::deserialize::<_, Prices>(&mut deserializer).unwrap_err();
        let error = super::invalid_body(&error);
        assert_eq!(&*error.field_errors()[0].field, "/by_region/eu.west~11");
        let body = crate::Profile::PROBLEM
            .render(&error, &Default::default())
            .body;
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["errors"][0]["pointer"], "#/by_region/eu.west~11");
    }

    #[test]
    fn a_body_of_the_wrong_shape_as_a_whole_names_no_field() {
        let error = shape_error("5");
        assert!(error.field_errors().is_empty());
        assert_eq!(error.id(), "invalid_body");
    }
}
