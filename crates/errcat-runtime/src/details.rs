//! The AIP-193 details of an error, built once for every transport that
//! sends them: the `google` HTTP profile and the gRPC `Status` (feature
//! `tonic`) both read [`of`], so they cannot disagree.
//!
//! The 5xx rule holds here: on a redacted error ([`crate::profile`]'s
//! rule) there is no argument metadata and no field violation, and the
//! message is the catalog's fixed text or the generic sentence. What stays
//! is fixed by the catalog (reason, domain, docs link, locale), the retry
//! delay, and the request ID.

use std::borrow::Cow;

use errcat_catalog::Template;

use crate::args::ArgValue;
use crate::error::{ApiError, FieldError};
use crate::profile::{GENERIC_MESSAGE, redacted};
use crate::request_id::RequestId;

/// The canonical `google.rpc.Code` names, indexed by their number.
pub const GRPC_CODES: [&str; 17] = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

/// A canonical `google.rpc.Code`: its number, and its name through [`GrpcCode::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GrpcCode(u8);

impl GrpcCode {
    /// The code called `name` (`NOT_FOUND`), if it is one of the 17.
    pub fn named(name: &str) -> Option<GrpcCode> {
        GRPC_CODES
            .iter()
            .position(|known| *known == name)
            .map(|index| GrpcCode(index as u8))
    }

    /// The code AIP-193 maps an HTTP status to; statuses it does not list
    /// go by class (4xx `FAILED_PRECONDITION`, 5xx `INTERNAL`, any other
    /// `UNKNOWN`: an error is never `OK`).
    pub fn of_http_status(status: u16) -> GrpcCode {
        let name = match status {
            400 | 422 => "INVALID_ARGUMENT",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 => "NOT_FOUND",
            409 => "ABORTED",
            412 => "FAILED_PRECONDITION",
            416 => "OUT_OF_RANGE",
            429 => "RESOURCE_EXHAUSTED",
            499 => "CANCELLED",
            501 => "UNIMPLEMENTED",
            503 => "UNAVAILABLE",
            504 => "DEADLINE_EXCEEDED",
            400..=499 => "FAILED_PRECONDITION",
            500..=599 => "INTERNAL",
            _ => "UNKNOWN",
        };
        GrpcCode::named(name).expect("the table names canonical codes")
    }

    /// The code an entry is sent with: its `wire.grpc.code`, else the one
    /// of its HTTP status. An unknown name is a check error
    /// (`unknown-grpc-code`), so only an unchecked catalog falls back here.
    pub fn of_entry(entry: &crate::CompiledEntry) -> GrpcCode {
        entry.grpc_code
    }

    /// The code of a catalog entry sent with `status`: its `wire.grpc.code`,
    /// else the status mapped.
    pub(crate) fn of(entry: &errcat_catalog::Entry, status: http::StatusCode) -> GrpcCode {
        entry
            .wire_attr("grpc", "code")
            .and_then(serde_json::Value::as_str)
            .and_then(GrpcCode::named)
            .unwrap_or_else(|| GrpcCode::of_http_status(status.as_u16()))
    }

    /// The number (`5` for `NOT_FOUND`).
    pub fn number(self) -> i32 {
        i32::from(self.0)
    }

    /// The name (`NOT_FOUND`).
    pub fn name(self) -> &'static str {
        GRPC_CODES[usize::from(self.0)]
    }
}

/// The details of one error, neutral to the transport; see the [module docs](self).
#[derive(Debug)]
pub struct Details<'a> {
    error: &'a ApiError,
    redacted: bool,
    /// The canonical code: HTTP bodies name it in `status`, gRPC sends it.
    pub code: GrpcCode,
    /// `ErrorInfo.reason`: the wire code in UPPER_SNAKE_CASE.
    pub reason: &'a str,
    /// `ErrorInfo.domain`: the catalog's domain, else its docs URL's host.
    pub domain: Option<&'a str>,
    /// `BadRequest.fieldViolations` (none when redacted).
    pub field_violations: &'a [FieldError],
    /// `RetryInfo.retryDelay`, in seconds.
    pub retry_delay: Option<u64>,
    /// `Help.links[0].url`: the entry's docs page.
    pub help: Option<&'a str>,
    /// `RequestInfo.requestId`.
    pub request_id: Option<&'a RequestId>,
    /// `LocalizedMessage.locale`: the language of the message, the one the
    /// request negotiated where the entry is translated into it, else the
    /// catalog's `locale` (`en` when it names none).
    pub locale: &'a str,
}

/// The description of the `Help` link.
pub const HELP_DESCRIPTION: &str = "The reference page of this error";

/// The details of `error`, with the 5xx rule applied.
pub fn of(error: &ApiError) -> Details<'_> {
    let redacted = redacted(error);
    let entry = error.entry();
    Details {
        error,
        redacted,
        code: entry.grpc_code,
        reason: &entry.reason,
        domain: entry.domain.as_deref(),
        field_violations: if redacted { &[] } else { error.field_errors() },
        retry_delay: error.retry_after_seconds(),
        help: entry.docs_url.as_deref(),
        request_id: error.request_id(),
        locale: error.locale(),
    }
}

impl<'a> Details<'a> {
    /// `ErrorInfo.metadata`: the arguments (none when redacted).
    pub fn metadata(&self) -> impl Iterator<Item = (&'a str, &'a ArgValue)> + use<'a> {
        let error = self.error;
        let redacted = self.redacted;
        error.args().filter(move |_| !redacted)
    }

    /// Whether [`Details::metadata`] yields anything.
    pub fn has_metadata(&self) -> bool {
        self.metadata().next().is_some()
    }

    /// `Status.message`, which AIP-193 has developer-facing and in English:
    /// the message in the catalog's own language, whatever language the
    /// request chose (that one is [`Details::localized_message`]). The
    /// generic sentence for an `internal` entry, the catalog's fixed text,
    /// or the message with arguments unless redacted.
    pub fn message(&self) -> Cow<'a, str> {
        let error = self.error;
        self.public(&error.entry().text.message, || error.source_message())
    }

    /// `LocalizedMessage.message`: the message in the language the request
    /// chose ([`Details::locale`]), with the same rules as [`Details::message`].
    pub fn localized_message(&self) -> Cow<'a, str> {
        let error = self.error;
        self.public(&error.text().message, || error.message())
    }

    /// `message` as clients may see it: the generic sentence for an
    /// `internal` entry, fixed text as it is, else `render` unless redacted.
    fn public(&self, message: &'a Template, render: impl FnOnce() -> String) -> Cow<'a, str> {
        if self.error.entry().entry.internal {
            return Cow::Borrowed(GENERIC_MESSAGE);
        }
        if let Some(text) = message.as_static() {
            return Cow::Borrowed(text);
        }
        if self.redacted {
            return Cow::Borrowed(GENERIC_MESSAGE);
        }
        Cow::Owned(render())
    }

    /// Whether the error's runtime values are withheld.
    pub fn redacted(&self) -> bool {
        self.redacted
    }

    /// The error these details describe.
    pub fn error(&self) -> &'a ApiError {
        self.error
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::test_support::{internal, not_found, rate_limited};

    #[test]
    fn http_statuses_map_to_aip_193_codes_and_by_class() {
        let cases = [
            (400, "INVALID_ARGUMENT"),
            (401, "UNAUTHENTICATED"),
            (403, "PERMISSION_DENIED"),
            (404, "NOT_FOUND"),
            (409, "ABORTED"),
            (429, "RESOURCE_EXHAUSTED"),
            (499, "CANCELLED"),
            (500, "INTERNAL"),
            (501, "UNIMPLEMENTED"),
            (503, "UNAVAILABLE"),
            (504, "DEADLINE_EXCEEDED"),
            (418, "FAILED_PRECONDITION"),
            (502, "INTERNAL"),
            (200, "UNKNOWN"),
        ];
        for (status, name) in cases {
            assert_eq!(GrpcCode::of_http_status(status).name(), name, "{status}");
        }
        assert_eq!(GrpcCode::named("NOT_FOUND").unwrap().number(), 5);
        assert_eq!(GrpcCode::named("not_found"), None);
    }

    #[test]
    fn an_entry_overrides_its_code_with_wire_grpc_code() {
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "t.toml",
            "[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\nwire.grpc.code = \"FAILED_PRECONDITION\"\n",
        ))
        .unwrap();
        let error = catalog.error("a").unwrap();
        assert_eq!(of(&error).code.name(), "FAILED_PRECONDITION");
    }

    #[test]
    fn details_carry_every_part_of_a_client_error() {
        let error = not_found();
        let details = of(&error);
        assert_eq!(details.code.name(), "NOT_FOUND");
        assert_eq!(details.reason, "CONTACT_NOT_FOUND");
        assert_eq!(details.domain, Some("contacts.example.com"));
        let metadata: Vec<_> = details
            .metadata()
            .map(|(name, value)| (name, value.to_string()))
            .collect();
        assert_eq!(
            metadata,
            [("id", "c_42".to_owned()), ("list", "vip".to_owned())]
        );
        assert_eq!(details.field_violations.len(), 2);
        assert_eq!(
            details.help,
            Some("https://docs.example.com/errors/contact_not_found")
        );
        assert_eq!(details.request_id.map(RequestId::as_str), Some("req-1"));
        assert_eq!(details.locale, "en");
        assert_eq!(details.message(), "No contact \"c_42\" in list vip");
        assert_eq!(of(&rate_limited()).retry_delay, Some(30));
    }

    #[test]
    fn details_of_a_5xx_carry_no_runtime_value() {
        let error = internal();
        let details = of(&error);
        assert_eq!(details.code.name(), "INTERNAL");
        assert!(!details.has_metadata());
        assert!(details.field_violations.is_empty());
        assert_eq!(details.message(), GENERIC_MESSAGE);
        assert_eq!(details.request_id.map(RequestId::as_str), Some("req-3"));
    }

    #[test]
    fn the_domain_falls_back_to_the_docs_url_host() {
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "t.toml",
            "[catalog]\nname = \"x\"\ndocs_url = \"https://clerk.com/docs/errors#{id}\"\nlocale = \"fr\"\n[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\n",
        ))
        .unwrap();
        let error = catalog.error("a").unwrap();
        let details = of(&error);
        assert_eq!(details.domain, Some("clerk.com"));
        assert_eq!(details.locale, "fr");
    }

    #[test]
    fn with_no_domain_and_no_web_address_the_catalog_name_stands_in() {
        for (name, domain) in [
            ("Quapp", Some("quapp")),
            ("Contacts API v2", Some("contacts-api-v2")),
            ("", None),
        ] {
            let catalog = crate::compile(errcat_catalog::SourceFile::new(
                "t.toml",
                format!("[catalog]\nname = {name:?}\nsource = \"Quapp platform: codes\"\n[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\n"),
            ))
            .unwrap();
            assert_eq!(of(&catalog.error("a").unwrap()).domain, domain, "{name}");
        }
    }

    #[test]
    fn framework_errors_take_the_service_domain() {
        let service = crate::profile::test_support::catalog();
        let merged = crate::framework::catalog().merged_with(&service);
        let error = merged.error(crate::framework::ids::INTERNAL_ERROR).unwrap();
        assert_eq!(of(&error).domain, Some("contacts.example.com"));
    }
}
