//! `plunk`: Plunk's error envelope, with `X-Request-ID` on every response.
//!
//! ```json
//! {
//!   "success": false,
//!   "error": {
//!     "code": "VALIDATION_ERROR",
//!     "message": "Request validation failed",
//!     "statusCode": 422,
//!     "requestId": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
//!     "errors": [{"field": "email", "message": "Invalid email", "code": "invalid_string"}],
//!     "details": {"resource": "Template", "id": "tpl_abc123"},
//!     "suggestion": "Check that strings are quoted."
//!   },
//!   "timestamp": "2025-11-30T10:30:00.000Z"
//! }
//! ```
//!
//! `errors`, `details` and `suggestion` appear only when the error has them.

use std::borrow::Cow;

use errcat_catalog::Code;

use crate::error::FieldError;
use serde::Serialize;

use super::{
    RenderContext, Rendered, Text, now_rfc3339, public_details, public_fields, public_message,
    to_vec,
};
use crate::error::ApiError;

#[derive(Serialize)]
struct Body<'a> {
    success: bool,
    error: Error<'a>,
    timestamp: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Error<'a> {
    code: &'a Code,
    message: Text<'a>,
    status_code: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

pub(super) fn render(error: &ApiError, context: &RenderContext<'_>) -> Rendered {
    let body = Body {
        success: false,
        error: Error {
            code: error.code(),
            message: public_message(error),
            status_code: error.status().as_u16(),
            request_id: error.request_id().map(|id| id.as_str()),
            errors: public_fields(error),
            details: public_details(error),
            suggestion: error.suggestion_text(),
        },
        timestamp: context
            .timestamp
            .map_or_else(|| Cow::Owned(now_rfc3339()), Cow::Borrowed),
    };
    let mut rendered = Rendered::json(error.status(), super::APPLICATION_JSON, to_vec(&body));
    if let Some(id) = error.request_id().map(crate::RequestId::header_value) {
        rendered.headers.push((super::X_REQUEST_ID, id));
    }
    rendered
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, not_found, pretty};

    #[test]
    fn plunk_body_is_the_seed_envelope() {
        let rendered = Profile::Plunk.render(
            &not_found().details(serde_json::json!({"resource": "Contact"})),
            &FIXED,
        );
        assert_eq!(rendered.header("x-request-id"), Some("req-1"));
        assert_eq!(rendered.header("content-type"), Some("application/json"));
        assert_eq!(
            pretty(&rendered),
            r#"{
  "success": false,
  "error": {
    "code": "contact_not_found",
    "message": "No contact \"c_42\" in list vip",
    "statusCode": 404,
    "requestId": "req-1",
    "errors": [
      {
        "field": "email",
        "message": "Invalid email",
        "code": "invalid_string"
      },
      {
        "field": "profile.name",
        "message": "Required",
        "code": "required"
      }
    ],
    "details": {
      "resource": "Contact"
    },
    "suggestion": "Check the contact id."
  },
  "timestamp": "2025-11-30T10:30:00.000Z"
}"#
        );
    }
}
