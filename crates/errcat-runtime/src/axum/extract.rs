//! Extractors that reject with catalog errors instead of axum's text bodies.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::framework::ids;
use crate::request_id::RequestId;
use crate::service::framework_error;

/// `axum::Json`, rejecting with `malformed_json`, `invalid_body`,
/// `unsupported_media_type` or `payload_too_large`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonSyntaxError(error) => {
            framework_error(ids::MALFORMED_JSON).arg("reason", reason(&error.body_text()))
        }
        JsonRejection::JsonDataError(error) => {
            // axum's rejection wraps the error `serde_path_to_error` gave:
            // its path names the field at fault.
            use std::error::Error;
            let shape = error
                .source()
                .and_then(Error::source)
                .and_then(|inner| inner.downcast_ref());
            match shape {
                Some(shape) => crate::service::invalid_body(shape),
                None => {
                    framework_error(ids::INVALID_BODY).arg("reason", reason(&error.body_text()))
                }
            }
        }
        JsonRejection::MissingJsonContentType(_) => framework_error(ids::UNSUPPORTED_MEDIA_TYPE),
        JsonRejection::BytesRejection(error)
            if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            framework_error(ids::PAYLOAD_TOO_LARGE)
        }
        other => framework_error(ids::BAD_REQUEST).source(std::io::Error::other(other.body_text())),
    }
}

/// axum prefixes its messages with what failed; the part after the colon says why.
fn reason(text: &str) -> String {
    text.split_once(": ")
        .map_or(text, |(_, why)| why)
        .to_owned()
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query`, rejecting with `invalid_query`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(query_error(rejection)),
        }
    }
}

fn query_error(rejection: QueryRejection) -> ApiError {
    framework_error(ids::INVALID_QUERY).arg("reason", reason(&rejection.body_text()))
}

/// `axum::extract::Path`, rejecting with `invalid_path`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(path_error(rejection)),
        }
    }
}

/// `invalid_path` for a path whose captures are not text (`%FF`), as
/// [`Path`] rejects it.
pub(crate) fn raw_path_error(
    rejection: &axum::extract::rejection::InvalidUtf8InPathParam,
) -> ApiError {
    framework_error(ids::INVALID_PATH).arg("reason", reason(&rejection.body_text()))
}

fn path_error(rejection: PathRejection) -> ApiError {
    use axum::extract::path::ErrorKind;
    let why = match &rejection {
        PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
            ErrorKind::ParseErrorAtKey {
                value,
                expected_type,
                ..
            }
            | ErrorKind::ParseErrorAtIndex {
                value,
                expected_type,
                ..
            }
            | ErrorKind::ParseError {
                value,
                expected_type,
            } => Some(crate::service::unparsable_path_value(value, expected_type)),
            _ => None,
        },
        _ => None,
    };
    let why = why.unwrap_or_else(|| reason(&rejection.body_text()));
    framework_error(ids::INVALID_PATH).arg("reason", why)
}

/// The request's ID, as [`ErrorLayer`](super::ErrorLayer) took it from the
/// client or made it (see [`RequestId::current`]).
///
/// ```
/// use axum::{Router, routing::get};
/// use errcat_runtime::{CompiledCatalog, Profile, RequestId, axum::ErrorLayer};
///
/// async fn show(request_id: RequestId) -> String {
///     format!("answering {request_id}")
/// }
///
/// fn app(catalog: CompiledCatalog) -> Router {
///     Router::new()
///         .route("/", get(show))
///         .layer(ErrorLayer::new(catalog, Profile::PROBLEM))
/// }
/// ```
///
/// A route outside the layer has no request ID: the extractor rejects with
/// `internal_error` (a mistake in the service, which it logs as a `tracing`
/// error saying why), and `Option<RequestId>` gives `None`.
impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = ApiError;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        RequestId::current().ok_or_else(|| {
            const WHY: &str =
                "the `RequestId` extractor runs only inside `ErrorLayer`: layer the route with it";
            // No layer records this error: say why here.
            tracing::error!("{WHY}");
            framework_error(ids::INTERNAL_ERROR).source(std::io::Error::other(WHY))
        })
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        _parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(RequestId::current())
    }
}
