//! `google`: Google AIP-193 errors.
//!
//! ```json
//! {"error": {"code": 404, "message": "No contact \"c_42\" in list vip", "status": "NOT_FOUND",
//!   "details": [
//!     {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "CONTACT_NOT_FOUND",
//!      "domain": "contacts.example.com", "metadata": {"id": "c_42", "list": "vip"}},
//!     {"@type": "type.googleapis.com/google.rpc.BadRequest",
//!      "fieldViolations": [{"field": "email", "description": "Invalid email", "reason": "INVALID_STRING"}]},
//!     {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"}]}}
//! ```
//!
//! `status` is the canonical name of the HTTP code; `reason` is the wire code
//! in UPPER_SNAKE_CASE (the id's, when the code is empty); `domain` is the
//! catalog's; `metadata` holds the arguments as strings. `BadRequest` appears
//! with field errors, `RetryInfo` when the entry gives a retry delay.

use super::reading::{CodeForm, FieldName, Fields, Form, Reading, Step};
use super::{Engine, Spec, X_REQUEST_ID};
use serde_json::{Value, json};

use super::json::{Displayed, Object};
use super::{
    RenderContext, Rendered, body_buffer, public_fields, public_message, redacted, upper_snake,
};
use crate::error::ApiError;

/// One member of `details`.
enum Detail {
    ErrorInfo,
    BadRequest,
    RetryInfo { seconds: u64 },
}

/// The canonical `google.rpc.Code` name for an HTTP status.
pub fn canonical_status(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 | 422 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        416 => "OUT_OF_RANGE",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        400..=499 => "FAILED_PRECONDITION",
        _ => "INTERNAL",
    }
}

/// The wire code in UPPER_SNAKE_CASE; the id's when the code has no letters
/// or digits (Clerk's seed has an entry whose code is empty), since AIP-193
/// requires a non-empty reason.
pub fn reason(code: &errcat_catalog::Code, id: &str) -> String {
    let reason = upper_snake(&code.to_string());
    if reason.is_empty() {
        upper_snake(id)
    } else {
        reason
    }
}

const ERROR_INFO: &str = "type.googleapis.com/google.rpc.ErrorInfo";
const BAD_REQUEST: &str = "type.googleapis.com/google.rpc.BadRequest";

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "google",
    summary: "Google AIP-193 {error: {code, message, status, details: [ErrorInfo, ...]}}.",
    media_type: "application/json",
    request_id_header: X_REQUEST_ID,
    negotiable: false,
    digits_as_numbers: false,
    undeclared_status_succeeds: false,
    reading: Reading {
        forms: &[Form {
            code_form: CodeForm::Reason,
            message: &[&[Step::Key("error"), Step::Key("message")]],
            request_id: Some(&[
                Step::Key("error"),
                Step::Key("details"),
                Step::Where {
                    key: "@type",
                    equals: ERROR_INFO,
                },
                Step::Key("metadata"),
                Step::Key("request_id"),
            ]),
            status: Some(&[Step::Key("error"), Step::Key("code")]),
            fields: Some(Fields::List {
                at: &[
                    Step::Key("error"),
                    Step::Key("details"),
                    Step::Where {
                        key: "@type",
                        equals: BAD_REQUEST,
                    },
                    Step::Key("fieldViolations"),
                ],
                name: &[Step::Key("field")],
                name_form: FieldName::Dotted,
                message: &[Step::Key("description")],
                code: Some(&[Step::Key("reason")]),
            }),
            ..Form::coded(&[
                Step::Key("error"),
                Step::Key("details"),
                Step::Where {
                    key: "@type",
                    equals: ERROR_INFO,
                },
                Step::Key("reason"),
            ])
        }],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema: |_| body_schema(),
    },
};

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let status = error.status().as_u16();
    let fields = public_fields(error);
    let mut details = Vec::with_capacity(3);
    details.push(Detail::ErrorInfo);
    if !fields.is_empty() {
        details.push(Detail::BadRequest);
    }
    if let Some(seconds) = error.retry_after_seconds() {
        details.push(Detail::RetryInfo { seconds });
    }
    let mut out = body_buffer();
    Object::write(&mut out, |body| {
        body.object("error", |inner| {
            inner.field("code", status);
            inner.field("message", public_message(error));
            inner.field("status", canonical_status(status));
            inner.array("details", details, |detail, kind| match kind {
                Detail::ErrorInfo => {
                    detail.field("@type", "type.googleapis.com/google.rpc.ErrorInfo");
                    detail.field("reason", reason(error.code(), error.id()).as_str());
                    detail.field_if_some("domain", error.entry().domain.as_deref());
                    let args = !redacted(error) && error.args().next().is_some();
                    if args || error.request_id().is_some() {
                        // Arguments as strings, as `google.rpc.ErrorInfo.metadata` types them.
                        detail.object("metadata", |metadata| {
                            if !redacted(error) {
                                for (name, value) in error.args() {
                                    if !(name == "request_id" && error.request_id().is_some()) {
                                        metadata.field_with_key(name, Displayed(value));
                                    }
                                }
                            }
                            if let Some(id) = error.request_id() {
                                metadata.field_with_key("request_id", id.as_str());
                            }
                        });
                    }
                }
                Detail::BadRequest => {
                    detail.field("@type", "type.googleapis.com/google.rpc.BadRequest");
                    detail.array("fieldViolations", fields, |violation, field| {
                        violation.field("field", &*field.field);
                        violation.field("description", &*field.message);
                        if let Some(code) = &field.code {
                            violation.field("reason", upper_snake(code).as_str());
                        }
                    });
                }
                Detail::RetryInfo { seconds } => {
                    detail.field("@type", "type.googleapis.com/google.rpc.RetryInfo");
                    detail.field("retryDelay", format!("{seconds}s").as_str());
                }
            });
        });
    });
    Rendered::json(error.status(), super::APPLICATION_JSON, out)
}

/// The JSON Schema of an AIP-193 error body (its `reason` is the wire code in
/// UPPER_SNAKE_CASE, so always a string).
pub(super) fn body_schema() -> Value {
    let typed = |name: &str, required: &[&str], properties: Value| {
        let mut required: Vec<&str> = required.to_vec();
        required.insert(0, "@type");
        let mut properties = properties;
        properties["@type"] = json!({"const": format!("type.googleapis.com/google.rpc.{name}")});
        json!({"type": "object", "title": name, "required": required, "properties": properties})
    };
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "status", "details"],
                "properties": {
                    "code": {"type": "integer", "minimum": 100, "maximum": 599},
                    "message": {"type": "string"},
                    "status": {"type": "string", "description": "The canonical `google.rpc.Code` name."},
                    "details": {
                        "type": "array",
                        "items": {"oneOf": [
                            typed("ErrorInfo", &["reason"], json!({
                                "reason": {"type": "string", "pattern": "^[A-Z0-9_]+$"},
                                "domain": {"type": "string"},
                                "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                            })),
                            typed("BadRequest", &["fieldViolations"], json!({
                                "fieldViolations": {"type": "array", "items": {
                                    "type": "object",
                                    "required": ["field", "description"],
                                    "properties": {
                                        "field": {"type": "string"},
                                        "description": {"type": "string"},
                                        "reason": {"type": "string"},
                                    },
                                }},
                            })),
                            typed("RetryInfo", &["retryDelay"], json!({
                                "retryDelay": {"type": "string", "pattern": "^[0-9]+s$"},
                            })),
                        ]},
                    },
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, not_found, pretty, rate_limited};

    #[test]
    fn google_body_has_error_info_and_bad_request() {
        let rendered = Profile::GOOGLE.render(&not_found(), &FIXED);
        assert_eq!(
            pretty(&rendered),
            r#"{
  "error": {
    "code": 404,
    "message": "No contact \"c_42\" in list vip",
    "status": "NOT_FOUND",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "CONTACT_NOT_FOUND",
        "domain": "contacts.example.com",
        "metadata": {
          "id": "c_42",
          "list": "vip",
          "request_id": "req-1"
        }
      },
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": [
          {
            "field": "email",
            "description": "Invalid email",
            "reason": "INVALID_STRING"
          },
          {
            "field": "profile.name",
            "description": "Required",
            "reason": "REQUIRED"
          }
        ]
      }
    ]
  }
}"#
        );
    }

    #[test]
    fn google_rate_limit_carries_retry_info() {
        let rendered = Profile::GOOGLE.render(&rate_limited(), &FIXED);
        let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
        assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
        assert_eq!(body["error"]["details"][1]["retryDelay"], "30s");
    }
}
