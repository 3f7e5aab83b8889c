//! `jsonapi`: JSON:API error objects, `application/vnd.api+json`.
//!
//! ```json
//! {"errors": [{"id": "req-1", "status": "404", "code": "contact_not_found",
//!   "title": "Contact not found", "detail": "No contact \"c_42\" in list vip",
//!   "source": {"pointer": "/email"}, "meta": {"resource": "contact"}}]}
//! ```
//!
//! A validation failure sends one object per field, each with `source.pointer`.

use serde_json::{Value, json};

use super::json::Object;
use super::{
    Pointer, RenderContext, Rendered, Text, body_buffer, public_fields, public_message,
    public_title,
};
use crate::error::ApiError;

/// The members every error object of one response shares, and its own ones.
fn write_object(
    item: &mut Object<'_>,
    error: &ApiError,
    code: &str,
    detail: Text<'_>,
    pointer: Option<Pointer<'_>>,
) {
    item.field_if_some("id", error.request_id().map(|id| id.as_str()));
    item.field(
        "status",
        itoa::Buffer::new().format(error.status().as_u16()),
    );
    item.field("code", code);
    item.field("title", public_title(error));
    item.field("detail", detail);
    if let Some(pointer) = pointer {
        item.object("source", |source| source.field("pointer", pointer));
    }
    let meta = error.entry().entry.meta.as_ref().filter(|m| m.is_object());
    item.field_if_some("meta", meta);
}

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    // JSON:API's `code` is a string: a numeric catalog code is sent as text.
    let code = error.code().to_string();
    let fields = public_fields(error);
    let mut out = body_buffer();
    Object::write(&mut out, |body| {
        if fields.is_empty() {
            body.array("errors", [()], |item, ()| {
                write_object(item, error, &code, public_message(error), None);
            });
        } else {
            body.array("errors", fields, |item, field| {
                let code = field.code.as_deref().unwrap_or(&code);
                let pointer = Pointer {
                    field: &field.field,
                    fragment: false,
                };
                write_object(
                    item,
                    error,
                    code,
                    Text::Plain(&field.message),
                    Some(pointer),
                );
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
        let rendered = Profile::JsonApi.render(&not_found(), &FIXED);
        assert_eq!(
            rendered.header("content-type"),
            Some("application/vnd.api+json")
        );
        assert_eq!(
            String::from_utf8(rendered.body).unwrap(),
            concat!(
                r#"{"errors":[{"id":"req-1","status":"404","code":"invalid_string","title":"Contact not found","detail":"Invalid email","source":{"pointer":"/email"},"meta":{"resource":"contact"}},"#,
                r#"{"id":"req-1","status":"404","code":"required","title":"Contact not found","detail":"Required","source":{"pointer":"/profile/name"},"meta":{"resource":"contact"}}]}"#
            )
        );
    }
}
