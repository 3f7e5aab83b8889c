//! `plain`: Plain's GraphQL errors, request ID in an `apigw-requestid` header.
//!
//! A catalog error is a mutation error, sent with HTTP 200:
//!
//! ```json
//! {"data": {"createCustomer": {"error": {
//!   "__typename": "MutationError", "message": "...", "type": "VALIDATION",
//!   "code": "input_validation",
//!   "fields": [{"field": "email", "message": "Invalid email", "type": "VALIDATION"}]}}}}
//! ```
//!
//! `type` is `wire.plain.type` when the entry sets it, else derived from the
//! status: 401/403 `FORBIDDEN`, 5xx `INTERNAL`, anything else `VALIDATION`. A
//! field's type is `REQUIRED` or `NOT_FOUND` when its code says so.
//!
//! Authentication failures (401), malformed requests (400) and server errors
//! (5xx) are GraphQL transport errors, sent with that status:
//!
//! ```json
//! {"errors": [{"message": "...", "locations": [], "extensions": {"code": "UNAUTHENTICATED"}}]}
//! ```
//!
//! The operation name is the error's [`ApiError::operation`], else
//! `wire.plain.mutation`, else `mutation`.

use super::reading::{FieldName, Fields, Form, Reading, Step};
use super::{APIGW_REQUEST_ID, Engine, Spec};
use std::borrow::Cow;

use http::StatusCode;
use serde_json::{Value, json};

use super::json::{EmptyArray, Object};
use super::{RenderContext, Rendered, body_buffer, public_fields, public_message, upper_snake};
use crate::error::ApiError;

fn is_transport(error: &ApiError) -> bool {
    if let Some(Value::Bool(transport)) = error.entry().entry.wire_attr("plain", "transport") {
        return *transport;
    }
    let status = error.status();
    error.entry().has_status
        && (status == StatusCode::UNAUTHORIZED
            || status == StatusCode::BAD_REQUEST
            || status.is_server_error())
}

fn error_type(error: &ApiError) -> Cow<'_, str> {
    if let Some(Value::String(kind)) = error.entry().entry.wire_attr("plain", "type") {
        return Cow::Borrowed(kind);
    }
    let status = error.status();
    Cow::Borrowed(if !error.entry().has_status {
        "VALIDATION"
    } else if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        "FORBIDDEN"
    } else if status.is_server_error() {
        "INTERNAL"
    } else {
        "VALIDATION"
    })
}

fn field_type(code: Option<&str>) -> &'static str {
    match code {
        Some("required" | "REQUIRED" | "missing") => "REQUIRED",
        Some("not_found" | "NOT_FOUND") => "NOT_FOUND",
        _ => "VALIDATION",
    }
}

fn transport_code(error: &ApiError) -> Cow<'_, str> {
    if let Some(Value::String(code)) = error.entry().entry.wire_attr("plain", "code") {
        return Cow::Borrowed(code);
    }
    Cow::Borrowed(match error.status() {
        StatusCode::UNAUTHORIZED => "UNAUTHENTICATED",
        StatusCode::FORBIDDEN => "FORBIDDEN",
        StatusCode::BAD_REQUEST => "BAD_REQUEST",
        status if status.is_server_error() => "INTERNAL_SERVER_ERROR",
        _ => return Cow::Owned(upper_snake(&error.code().to_string())),
    })
}

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "plain",
    summary: "Plain's GraphQL mutation errors (HTTP 200) and transport errors; apigw-requestid.",
    media_type: "application/json",
    request_id_header: APIGW_REQUEST_ID,
    negotiable: false,
    digits_as_numbers: false,
    undeclared_status_succeeds: true,
    reading: Reading {
        xml: false,
        forms: &[
            // A mutation error: HTTP 200 with `data.<mutation>.error`.
            Form {
                message: &[&[
                    Step::Key("data"),
                    Step::ANY,
                    Step::Key("error"),
                    Step::Key("message"),
                ]],
                fields: Some(Fields::List {
                    at: &[
                        Step::Key("data"),
                        Step::ANY,
                        Step::Key("error"),
                        Step::Key("fields"),
                    ],
                    name: &[Step::Key("field")],
                    name_form: FieldName::Dotted,
                    message: &[Step::Key("message")],
                    code: Some(&[Step::Key("type")]),
                }),
                ..Form::coded(&[
                    Step::Key("data"),
                    Step::ANY,
                    Step::Key("error"),
                    Step::Key("code"),
                ])
            },
            // A transport error: `errors[].extensions.code` with the HTTP status.
            Form {
                message: &[&[Step::Key("errors"), Step::Index(0), Step::Key("message")]],
                ..Form::coded(&[
                    Step::Key("errors"),
                    Step::Index(0),
                    Step::Key("extensions"),
                    Step::Key("code"),
                ])
            },
        ],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema,
    },
};

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let mut out = body_buffer();
    let status = if is_transport(error) {
        Object::write(&mut out, |body| {
            body.array("errors", [()], |item, ()| {
                item.field("message", public_message(error));
                item.field("locations", EmptyArray);
                item.object("extensions", |extensions| {
                    extensions.field("code", transport_code(error).as_ref());
                });
            });
        });
        error.status()
    } else {
        let operation = error
            .operation_name()
            .or_else(|| {
                error
                    .entry()
                    .entry
                    .wire_attr("plain", "mutation")
                    .and_then(Value::as_str)
            })
            .unwrap_or("mutation");
        Object::write(&mut out, |body| {
            body.object("data", |data| {
                data.object_with_key(operation, |payload| {
                    payload.object("error", |mutation| {
                        mutation.field("__typename", "MutationError");
                        mutation.field("message", public_message(error));
                        mutation.field("type", error_type(error).as_ref());
                        mutation.field("code", error.code_json());
                        mutation.array("fields", public_fields(error), |item, field| {
                            item.field("field", &*field.field);
                            item.field("message", &*field.message);
                            item.field("type", field_type(field.code.as_deref()));
                        });
                    });
                });
            });
        });
        StatusCode::OK
    };
    Rendered::json(status, super::APPLICATION_JSON, out)
}

/// The JSON Schema of Plain's error bodies: a mutation error (HTTP 200) or
/// a GraphQL transport error; `code` is the schema of the wire code.
pub(super) fn body_schema(code: Value) -> Value {
    json!({
        "oneOf": [
            {
                "type": "object",
                "title": "Mutation error",
                "required": ["data"],
                "properties": {
                    "data": {
                        "type": "object",
                        "minProperties": 1,
                        "maxProperties": 1,
                        "additionalProperties": {
                            "type": "object",
                            "required": ["error"],
                            "properties": {
                                "error": {
                                    "type": "object",
                                    "required": ["__typename", "message", "type", "code", "fields"],
                                    "properties": {
                                        "__typename": {"const": "MutationError"},
                                        "message": {"type": "string"},
                                        "type": {"enum": ["VALIDATION", "FORBIDDEN", "INTERNAL"]},
                                        "code": code,
                                        "fields": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "required": ["field", "message", "type"],
                                                "properties": {
                                                    "field": {"type": "string"},
                                                    "message": {"type": "string"},
                                                    "type": {"enum": ["VALIDATION", "REQUIRED", "NOT_FOUND"]},
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
            {
                "type": "object",
                "title": "Transport error",
                "required": ["errors"],
                "properties": {
                    "errors": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["message", "locations", "extensions"],
                            "properties": {
                                "message": {"type": "string"},
                                "locations": {"type": "array"},
                                "extensions": {
                                    "type": "object",
                                    "required": ["code"],
                                    "properties": {"code": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
            },
        ],
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, internal, not_found, pretty};

    #[test]
    fn plain_mutation_error_is_http_200_with_typed_fields() {
        let rendered = Profile::PLAIN.render(&not_found().operation("upsertContact"), &FIXED);
        assert_eq!(rendered.status, 200);
        assert_eq!(rendered.header("apigw-requestid"), Some("req-1"));
        assert_eq!(
            pretty(&rendered),
            r#"{
  "data": {
    "upsertContact": {
      "error": {
        "__typename": "MutationError",
        "message": "No contact \"c_42\" in list vip",
        "type": "VALIDATION",
        "code": "contact_not_found",
        "fields": [
          {
            "field": "email",
            "message": "Invalid email",
            "type": "VALIDATION"
          },
          {
            "field": "profile.name",
            "message": "Required",
            "type": "REQUIRED"
          }
        ]
      }
    }
  }
}"#
        );
    }

    #[test]
    fn plain_server_errors_are_graphql_transport_errors() {
        let rendered = Profile::PLAIN.render(&internal(), &FIXED);
        assert_eq!(rendered.status, 500);
        assert_eq!(
            String::from_utf8(rendered.body.clone()).unwrap(),
            r#"{"errors":[{"message":"An internal error occurred. Quote the request ID when you contact support.","locations":[],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#
        );
        assert_eq!(rendered.header("apigw-requestid"), Some("req-3"));
    }
}
