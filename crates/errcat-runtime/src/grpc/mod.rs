//! gRPC (feature `tonic`): an [`ApiError`] as a `tonic::Status` carrying
//! `google.rpc` details, and [`GrpcErrorLayer`] for tonic servers.
//!
//! The status is what the `google` HTTP profile sends, from the same
//! [`crate::details::of`]:
//!
//! - code: the entry's `wire.grpc.code`, else AIP-193's code for its HTTP
//!   status (404 `NOT_FOUND`, 409 `ABORTED`, 429 `RESOURCE_EXHAUSTED`...);
//! - message: the message with arguments, or the catalog's fixed text or
//!   the generic sentence for a 5xx or `internal` entry, in the catalog's
//!   own language, developer-facing as AIP-193 has it;
//! - details (`grpc-status-details-bin`, a `google.rpc.Status`), in order:
//!   `ErrorInfo` (reason, domain, the arguments as metadata), `BadRequest`
//!   (the field errors), `RetryInfo`, `Help` (the docs URL), `RequestInfo`
//!   (the request ID), `LocalizedMessage` (the request's language and the
//!   message in it); a redacted error has no metadata and no field
//!   violations;
//! - metadata: `x-request-id`.
//!
//! ```no_run
//! # fn find() -> Result<(), errcat_runtime::ApiError> { Ok(()) }
//! fn get() -> Result<tonic::Response<()>, tonic::Status> {
//!     find()?; // an `ApiError` becomes a `Status` with its details
//!     Ok(tonic::Response::new(()))
//! }
//! ```
//!
//! Converting has no side effects: the error rides in the status (its
//! `source`), and the layer logs it.

use std::sync::Arc;

use crate::details::{self, Details};
use crate::error::ApiError;
use crate::profile::{SentAsFailure, X_REQUEST_ID};
use crate::request_id::RequestId;

mod encode;
mod layer;

pub(crate) use layer::scope_request_id;
pub use layer::{GrpcErrorLayer, GrpcErrorService};

/// The error a status was made from, kept as the status's `source` so the
/// layer can log it; never sent.
#[derive(Debug, Clone)]
pub struct StatusRecord {
    error: Arc<ApiError>,
}

impl StatusRecord {
    /// The error.
    pub fn error(&self) -> &ApiError {
        &self.error
    }
}

impl std::fmt::Display for StatusRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.error.id(), self.error.code())
    }
}

impl std::error::Error for StatusRecord {}

impl ApiError {
    /// This error as a gRPC status; see the [module docs](crate::grpc).
    /// The request ID is the error's, else the one of the
    /// [`GrpcErrorLayer`] request this runs in, else none.
    pub fn to_status(&self) -> tonic::Status {
        let scoped;
        let request_id = match self.request_id() {
            Some(id) => Some(id),
            None => {
                scoped = layer::scope_request_id();
                scoped.as_ref()
            }
        };
        status_of(self, request_id)
    }
}

/// The status of `error` with `request_id` in `RequestInfo` and `x-request-id`.
pub(crate) fn status_of(error: &ApiError, request_id: Option<&RequestId>) -> tonic::Status {
    // An entry with no status is sent as `INTERNAL` (from the 500 it falls
    // back to), unless its `wire.grpc.code` says otherwise: as a 500 body,
    // such a status carries no runtime value (the rule a render sets).
    let entry = error.entry();
    let sent_as_failure =
        !entry.has_status && entry.grpc_code == details::GrpcCode::of_http_status(500);
    let _rule = SentAsFailure::until_dropped(sent_as_failure);
    let mut details = details::of(error);
    if request_id.is_some() {
        details.request_id = request_id;
    }
    // AIP-193: `message` in the catalog's language, for developers; the
    // request's language in `LocalizedMessage`.
    let message = details.message();
    let localized = if error.message_is_in_source_language() {
        None
    } else {
        Some(details.localized_message())
    };
    let bytes = encode::status(&details, &message, localized.as_deref().unwrap_or(&message));
    let mut headers = http::HeaderMap::with_capacity(1);
    if let Some(id) = details.request_id {
        headers.insert(X_REQUEST_ID, id.header_value());
    }
    tonic::Status::with_details_and_metadata(
        tonic::Code::from(details.code.number()),
        message.into_owned(),
        bytes,
        tonic::metadata::MetadataMap::from_headers(headers),
    )
}

/// Converting keeps the error as the status's source, for the layer to log.
/// Inside [`GrpcErrorLayer`]'s task, the message is in the language the
/// request's `accept-language` asks for (unless the error has one).
impl From<ApiError> for tonic::Status {
    fn from(mut error: ApiError) -> Self {
        layer::negotiate_in_scope(&mut error);
        let mut status = error.to_status();
        status.set_source(Arc::new(StatusRecord {
            error: Arc::new(error),
        }));
        status
    }
}

/// The errcat error a status was made from, if it was.
pub fn record_of(status: &tonic::Status) -> Option<&StatusRecord> {
    std::error::Error::source(status)?.downcast_ref::<StatusRecord>()
}

/// The details as they would be encoded, for tests and tools.
pub fn details_of(error: &ApiError) -> Details<'_> {
    details::of(error)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tonic_types::StatusExt as _;

    use crate::profile::GENERIC_MESSAGE;
    use crate::profile::test_support::{internal, not_found, rate_limited};

    #[test]
    fn a_client_error_becomes_a_status_with_every_detail() {
        let status: tonic::Status = not_found().into();
        assert_eq!(status.code(), tonic::Code::NotFound);
        assert_eq!(status.message(), "No contact \"c_42\" in list vip");
        assert_eq!(
            status
                .metadata()
                .get("x-request-id")
                .unwrap()
                .to_str()
                .unwrap(),
            "req-1"
        );
        let details = status.check_error_details().expect("details decode");
        let info = details.error_info().unwrap();
        assert_eq!(info.reason, "CONTACT_NOT_FOUND");
        assert_eq!(info.domain, "contacts.example.com");
        assert_eq!(info.metadata.len(), 2);
        assert_eq!(info.metadata["id"], "c_42");
        assert_eq!(info.metadata["list"], "vip");
        let violations = &details.bad_request().unwrap().field_violations;
        let violations: Vec<_> = violations
            .iter()
            .map(|v| (v.field.as_str(), v.description.as_str(), v.reason.as_str()))
            .collect();
        assert_eq!(
            violations,
            [
                ("email", "Invalid email", "INVALID_STRING"),
                ("profile.name", "Required", "REQUIRED")
            ]
        );
        let help = details.help().unwrap();
        assert_eq!(help.links.len(), 1);
        assert_eq!(
            help.links[0].url,
            "https://docs.example.com/errors/contact_not_found"
        );
        assert_eq!(
            help.links[0].description,
            "The reference page of this error"
        );
        assert_eq!(details.request_info().unwrap().request_id, "req-1");
        assert_eq!(details.request_info().unwrap().serving_data, "");
        let localized = details.localized_message().unwrap();
        assert_eq!(localized.locale, "en");
        assert_eq!(localized.message, "No contact \"c_42\" in list vip");
        assert!(details.retry_info().is_none());
        assert!(super::record_of(&status).is_some());
    }

    #[test]
    fn a_rate_limit_carries_retry_info() {
        let status: tonic::Status = rate_limited().into();
        assert_eq!(status.code(), tonic::Code::ResourceExhausted);
        let details = status.check_error_details().unwrap();
        assert_eq!(
            details.retry_info().unwrap().retry_delay,
            Some(Duration::from_secs(30))
        );
        // No field errors: no BadRequest at all.
        assert!(details.bad_request().is_none());
    }

    #[test]
    fn a_5xx_status_carries_no_runtime_value() {
        let status: tonic::Status = internal().into();
        assert_eq!(status.code(), tonic::Code::Internal);
        assert_eq!(status.message(), GENERIC_MESSAGE);
        let details = status.check_error_details().unwrap();
        let info = details.error_info().unwrap();
        assert_eq!(info.reason, "DATABASE_DOWN");
        assert!(info.metadata.is_empty(), "{:?}", info.metadata);
        assert!(details.bad_request().is_none());
        assert_eq!(
            details.localized_message().unwrap().message,
            GENERIC_MESSAGE
        );
        assert_eq!(details.request_info().unwrap().request_id, "req-3");
        let raw = String::from_utf8_lossy(status.details()).into_owned();
        for secret in ["SELECT secret", "leak?", "10.0.0.5", "connection refused"] {
            assert!(!raw.contains(secret), "leaked {secret:?}");
            assert!(!status.message().contains(secret));
        }
    }

    #[test]
    fn wire_grpc_code_overrides_the_status_code() {
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "t.toml",
            "[catalog]\nname = \"x\"\ndomain = \"x.example\"\n[[errors]]\nid = \"email_taken\"\nstatus = 409\nmessage = \"Taken\"\nwire.grpc.code = \"ALREADY_EXISTS\"\n[[errors]]\nid = \"conflict\"\nstatus = 409\nmessage = \"Conflict\"\n",
        ))
        .unwrap();
        let taken: tonic::Status = catalog.error("email_taken").unwrap().into();
        assert_eq!(taken.code(), tonic::Code::AlreadyExists);
        let conflict: tonic::Status = catalog.error("conflict").unwrap().into();
        assert_eq!(conflict.code(), tonic::Code::Aborted);
        // No request ID anywhere: no RequestInfo, no metadata.
        assert!(conflict.metadata().get("x-request-id").is_none());
        assert!(conflict.get_details_request_info().is_none());
    }
}
