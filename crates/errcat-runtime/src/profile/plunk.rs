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

use super::reading::{FieldName, Fields, Form, Literal, Reading, Step};
use super::{Engine, Spec, X_REQUEST_ID};
use serde_json::{Value, json};

use super::json::Object;
use super::{
    RenderContext, Rendered, body_buffer, now_rfc3339, public_details, public_fields,
    public_message, public_suggestion,
};
use crate::error::ApiError;

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "plunk",
    summary: "Plunk's {success: false, error: {...}, timestamp} envelope.",
    media_type: "application/json",
    request_id_header: X_REQUEST_ID,
    negotiable: false,
    digits_as_numbers: false,
    undeclared_status_succeeds: false,
    reading: Reading {
        xml: false,
        forms: &[Form {
            when: Some((&[Step::Key("success")], Literal::Bool(false))),
            message: &[&[Step::Key("error"), Step::Key("message")]],
            request_id: Some(&[Step::Key("error"), Step::Key("requestId")]),
            status: Some(&[Step::Key("error"), Step::Key("statusCode")]),
            fields: Some(Fields::List {
                at: &[Step::Key("error"), Step::Key("errors")],
                name: &[Step::Key("field")],
                name_form: FieldName::Dotted,
                message: &[Step::Key("message")],
                code: Some(&[Step::Key("code")]),
            }),
            ..Form::coded(&[Step::Key("error"), Step::Key("code")])
        }],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema,
    },
};

pub(super) fn render(error: &ApiError, context: &RenderContext<'_>) -> Rendered {
    let mut out = body_buffer();
    Object::write(&mut out, |body| {
        body.field("success", false);
        body.object("error", |inner| {
            inner.field("code", error.code_json());
            inner.field("message", public_message(error));
            inner.field("statusCode", error.status().as_u16());
            inner.field_if_some("requestId", error.request_id());
            let fields = public_fields(error);
            if !fields.is_empty() {
                inner.array("errors", fields, |item, field| {
                    item.field("field", &*field.field);
                    item.field("message", &*field.message);
                    item.field_if_some("code", field.code.as_deref());
                });
            }
            inner.field_if_some("details", public_details(error));
            inner.field_if_some("suggestion", public_suggestion(error));
        });
        match context.timestamp {
            Some(timestamp) => body.field("timestamp", timestamp),
            None => body.field("timestamp", now_rfc3339().as_str()),
        }
    });
    Rendered::json(error.status(), super::APPLICATION_JSON, out)
}

/// The JSON Schema of a Plunk error body; `code` is the schema of the wire code.
pub(super) fn body_schema(code: Value) -> Value {
    json!({
        "type": "object",
        "required": ["success", "error", "timestamp"],
        "properties": {
            "success": {"const": false},
            "error": {
                "type": "object",
                "required": ["code", "message", "statusCode"],
                "properties": {
                    "code": code,
                    "message": {"type": "string"},
                    "statusCode": {"type": "integer", "minimum": 100, "maximum": 599},
                    "requestId": {"type": "string"},
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["field", "message"],
                            "properties": {
                                "field": {"type": "string"},
                                "message": {"type": "string"},
                                "code": {"type": "string"},
                            },
                        },
                    },
                    "details": {"description": "Structured details of this occurrence."},
                    "suggestion": {"type": "string"},
                },
            },
            "timestamp": {"type": "string", "format": "date-time"},
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, not_found, pretty};

    #[test]
    fn plunk_body_is_the_seed_envelope() {
        let rendered = Profile::PLUNK.render(
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
