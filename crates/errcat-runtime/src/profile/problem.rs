//! `problem`: RFC 9457 problem details, the default profile.
//!
//! ```json
//! {
//!   "type": "https://docs.example.com/errors/contact_not_found",
//!   "title": "Contact not found",
//!   "status": 404,
//!   "detail": "No contact \"c_42\" in list vip",
//!   "instance": "/contacts/c_42",
//!   "code": "contact_not_found",
//!   "request_id": "req-1",
//!   "errors": [{"detail": "Invalid email", "pointer": "#/email", "code": "invalid_string"}],
//!   "suggestion": "Check the contact id.",
//!   "retryable": false
//! }
//! ```
//!
//! `type` is the entry's docs URL, or `about:blank` when the catalog has no
//! pattern; `errors` follows the RFC's own example (`detail` and `pointer`),
//! with the field error's `code`. `details`, when set, is an extension member.

use super::reading::{FieldName, Fields, Form, Reading, Step};
use super::{Engine, Spec, X_REQUEST_ID};
use serde_json::{Value, json};

use super::json::Object;
use super::{
    Pointer, RenderContext, Rendered, body_buffer, public_details, public_fields, public_instance,
    public_message, public_suggestion, public_title,
};
use crate::error::ApiError;

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "problem",
    summary: "RFC 9457 problem details (application/problem+json), errcat's default.",
    media_type: "application/problem+json",
    request_id_header: X_REQUEST_ID,
    negotiable: true,
    digits_as_numbers: false,
    undeclared_status_succeeds: false,
    reading: Reading {
        xml: false,
        forms: &[Form {
            message: &[&[Step::Key("detail")], &[Step::Key("title")]],
            request_id: Some(&[Step::Key("request_id")]),
            status: Some(&[Step::Key("status")]),
            retryable: Some(&[Step::Key("retryable")]),
            fields: Some(Fields::List {
                at: &[Step::Key("errors")],
                name: &[Step::Key("pointer")],
                name_form: FieldName::Pointer,
                message: &[Step::Key("detail")],
                code: Some(&[Step::Key("code")]),
            }),
            ..Form::coded(&[Step::Key("code")])
        }],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema,
    },
};

pub(super) fn render(error: &ApiError, context: &RenderContext<'_>) -> Rendered {
    let entry = error.entry();
    let mut out = body_buffer();
    Object::write(&mut out, |body| {
        body.field("type", &*entry.escaped.docs_url_or_blank);
        body.field("title", public_title(error));
        body.field("status", error.status().as_u16());
        body.field("detail", public_message(error));
        body.field_if_some("instance", public_instance(error, context));
        body.field("code", error.code_json());
        body.field_if_some("request_id", error.request_id());
        let fields = public_fields(error);
        if !fields.is_empty() {
            body.array("errors", fields, |item, field| {
                item.field("detail", &*field.message);
                item.field(
                    "pointer",
                    Pointer {
                        field: &field.field,
                        fragment: true,
                    },
                );
                item.field_if_some("code", field.code.as_deref());
            });
        }
        body.field_if_some("details", public_details(error));
        body.field_if_some("suggestion", public_suggestion(error));
        body.field("retryable", entry.retryable());
    });
    Rendered::json(error.status(), super::PROBLEM_JSON, out)
}

/// The JSON Schema of a problem body; `code` is the schema of the wire code.
pub(super) fn body_schema(code: Value) -> Value {
    json!({
        "type": "object",
        "description": "RFC 9457 problem details with errcat's extension members.",
        "required": ["type", "title", "status", "detail", "code", "retryable"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "description": "The docs page of the error, or `about:blank`."},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
            "code": code,
            "request_id": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["detail", "pointer"],
                    "properties": {
                        "detail": {"type": "string"},
                        "pointer": {"type": "string", "description": "A JSON pointer (RFC 6901) fragment to the field."},
                        "code": {"type": "string"},
                    },
                },
            },
            "details": {"description": "Structured details of this occurrence."},
            "suggestion": {"type": "string"},
            "retryable": {"type": "boolean"},
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{FIXED, internal, not_found, pretty};
    use crate::profile::{Profile, RenderContext};

    #[test]
    fn problem_body_is_rfc_9457_with_extension_members() {
        let rendered = Profile::PROBLEM.render(&not_found(), &FIXED);
        assert_eq!(rendered.status, 404);
        assert_eq!(
            rendered.header("content-type"),
            Some("application/problem+json")
        );
        assert_eq!(
            pretty(&rendered),
            r##"{
  "type": "https://docs.example.com/errors/contact_not_found",
  "title": "Contact not found",
  "status": 404,
  "detail": "No contact \"c_42\" in list vip",
  "instance": "/contacts/c_42",
  "code": "contact_not_found",
  "request_id": "req-1",
  "errors": [
    {
      "detail": "Invalid email",
      "pointer": "#/email",
      "code": "invalid_string"
    },
    {
      "detail": "Required",
      "pointer": "#/profile/name",
      "code": "required"
    }
  ],
  "suggestion": "Check the contact id.",
  "retryable": false
}"##
        );
    }

    #[test]
    fn internal_errors_get_a_generic_problem() {
        let rendered = Profile::PROBLEM.render(&internal(), &RenderContext::default());
        assert_eq!(
            pretty(&rendered),
            r#"{
  "type": "https://docs.example.com/errors/database_down",
  "title": "Internal Server Error",
  "status": 500,
  "detail": "An internal error occurred. Quote the request ID when you contact support.",
  "code": "database_down",
  "request_id": "req-3",
  "retryable": false
}"#
        );
    }
}
