//! `jsonapi`: JSON:API error objects, `application/vnd.api+json`.
//!
//! ```json
//! {"errors": [{"id": "req-1", "status": "404", "code": "contact_not_found",
//!   "title": "Contact not found", "detail": "No contact \"c_42\" in list vip",
//!   "meta": {"resource": "contact"}}]}
//! ```
//!
//! A validation failure sends one object per field, each with `source.pointer`
//! and the field's own reason in `meta.field_code`; `code` is always the
//! catalog's wire code, so clients match every object the same way.

use super::reading::{FieldName, Fields, Form, Reading, Step};
use super::{Engine, Spec, X_REQUEST_ID};
use serde_json::{Value, json};

use super::json::Object;
use super::{
    Pointer, RenderContext, Rendered, Text, body_buffer, public_fields, public_message,
    public_title,
};
use crate::error::ApiError;
use crate::error::FieldError;

/// One error object: the members every object of a response shares, and the
/// field's own when it is about one. The shared members are written once and
/// copied into each later object (`shared`, where the first one's sit).
fn write_object(
    item: &mut Object<'_>,
    error: &ApiError,
    code: &str,
    field: Option<&FieldError>,
    shared: &mut Option<std::ops::Range<usize>>,
) {
    match shared {
        Some(at) => item.members_copied(at.clone()),
        None => {
            *shared = Some(item.members_span(|item| {
                item.field_if_some("id", error.request_id());
                item.field(
                    "status",
                    itoa::Buffer::new().format(error.status().as_u16()),
                );
                item.field("code", code);
                item.field("title", public_title(error));
            }));
        }
    }
    match field {
        Some(field) => {
            item.field("detail", Text::Plain(&field.message));
            let pointer = Pointer {
                field: &field.field,
                fragment: false,
            };
            item.object("source", |source| source.field("pointer", pointer));
        }
        None => item.field("detail", public_message(error)),
    }
    let meta = match &error.entry().entry.meta {
        Some(Value::Object(meta)) => Some(meta),
        _ => None,
    };
    let field_code = field.and_then(|field| field.code.as_deref());
    if let Some(members) = &error.entry().escaped.meta_members {
        // The usual case, serialized when the catalog was compiled.
        item.object("meta", |object| {
            object.members_json(members);
            object.field_if_some("field_code", field_code);
        });
    } else if meta.is_some() || field_code.is_some() {
        item.object("meta", |object| {
            for (key, value) in meta.into_iter().flatten() {
                if field_code.is_none() || key != "field_code" {
                    object.field_with_key(key, value);
                }
            }
            object.field_if_some("field_code", field_code);
        });
    }
}

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "jsonapi",
    summary: "JSON:API error objects (application/vnd.api+json).",
    media_type: "application/vnd.api+json",
    request_id_header: X_REQUEST_ID,
    negotiable: true,
    digits_as_numbers: false,
    undeclared_status_succeeds: false,
    reading: Reading {
        xml: false,
        forms: &[Form {
            message: &[
                &[Step::Key("errors"), Step::Index(0), Step::Key("detail")],
                &[Step::Key("errors"), Step::Index(0), Step::Key("title")],
            ],
            message_with_fields: &[&[Step::Key("errors"), Step::Index(0), Step::Key("title")]],
            request_id: Some(&[Step::Key("errors"), Step::Index(0), Step::Key("id")]),
            status: Some(&[Step::Key("errors"), Step::Index(0), Step::Key("status")]),
            fields: Some(Fields::List {
                at: &[Step::Key("errors")],
                name: &[Step::Key("source"), Step::Key("pointer")],
                name_form: FieldName::Pointer,
                message: &[Step::Key("detail")],
                code: Some(&[Step::Key("meta"), Step::Key("field_code")]),
            }),
            ..Form::coded(&[Step::Key("errors"), Step::Index(0), Step::Key("code")])
        }],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema: |_| body_schema(),
    },
};

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    // JSON:API's `code` is a string: a numeric catalog code is sent as text.
    let mut digits = itoa::Buffer::new();
    let code = match error.code() {
        errcat_catalog::Code::Text(text) => text.as_str(),
        errcat_catalog::Code::Int(number) => digits.format(*number),
    };
    let fields = public_fields(error);
    let mut out = body_buffer();
    let mut shared = None;
    Object::write(&mut out, |body| {
        if fields.is_empty() {
            body.array("errors", [()], |item, ()| {
                write_object(item, error, code, None, &mut shared);
            });
        } else {
            body.array("errors", fields, |item, field| {
                write_object(item, error, code, Some(field), &mut shared);
            });
        }
    });
    Rendered::json(error.status(), super::JSONAPI_JSON, out)
}

/// The JSON Schema of a JSON:API error document (codes are always strings there).
pub(super) fn body_schema() -> Value {
    json!({
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["status", "code", "title", "detail"],
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"type": "string", "pattern": "^[1-5][0-9][0-9]$"},
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "detail": {"type": "string"},
                        "source": {
                            "type": "object",
                            "required": ["pointer"],
                            "properties": {"pointer": {"type": "string"}},
                        },
                        "meta": {"type": "object"},
                    },
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, not_found};

    #[test]
    fn jsonapi_sends_an_error_object_per_field() {
        let rendered = Profile::JSONAPI.render(&not_found(), &FIXED);
        assert_eq!(
            rendered.header("content-type"),
            Some("application/vnd.api+json")
        );
        assert_eq!(
            String::from_utf8(rendered.body).unwrap(),
            concat!(
                r#"{"errors":[{"id":"req-1","status":"404","code":"contact_not_found","title":"Contact not found","detail":"Invalid email","source":{"pointer":"/email"},"meta":{"resource":"contact","field_code":"invalid_string"}},"#,
                r#"{"id":"req-1","status":"404","code":"contact_not_found","title":"Contact not found","detail":"Required","source":{"pointer":"/profile/name"},"meta":{"resource":"contact","field_code":"required"}}]}"#
            )
        );
    }
}
