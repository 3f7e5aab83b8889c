//! `jsonapi`: JSON:API error objects, `application/vnd.api+json`.
//!
//! ```json
//! {"errors": [{"id": "req-1", "status": "404", "code": "contact_not_found",
//!   "title": "Contact not found", "detail": "No contact \"c_42\" in list vip",
//!   "source": {"pointer": "/email"}, "meta": {"resource": "contact"}}]}
//! ```
//!
//! A validation failure sends one object per field, each with `source.pointer`.

use serde::Serialize;

use super::{RenderContext, Rendered, Text, public_fields, public_message, public_title, to_vec};
use crate::error::ApiError;

#[derive(Serialize)]
struct Body<'a> {
    errors: Vec<Object<'a>>,
}

#[derive(Serialize)]
struct Object<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    status: String,
    code: String,
    title: Text<'a>,
    detail: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct Source<'a> {
    pointer: super::Pointer<'a>,
}

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let request_id = error.request_id().map(|id| id.as_str());
    let status = error.status().as_u16().to_string();
    let code = error.code().to_string();
    let title = public_title(error);
    let meta = error.entry().entry.meta.as_ref().filter(|m| m.is_object());
    let fields = public_fields(error);
    let errors = if fields.is_empty() {
        vec![Object {
            id: request_id,
            status,
            code,
            title,
            detail: public_message(error),
            source: None,
            meta,
        }]
    } else {
        fields
            .iter()
            .map(|field| Object {
                id: request_id,
                status: status.clone(),
                code: field
                    .code
                    .as_deref()
                    .map_or_else(|| code.clone(), str::to_owned),
                title,
                detail: Text::Plain(&field.message),
                source: Some(Source {
                    pointer: super::Pointer {
                        field: &field.field,
                        fragment: false,
                    },
                }),
                meta,
            })
            .collect()
    };
    Rendered::json(
        error.status(),
        super::JSONAPI_JSON,
        to_vec(&Body { errors }),
    )
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
