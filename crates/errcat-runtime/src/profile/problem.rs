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

use errcat_catalog::Code;

use crate::error::FieldError;
use serde::Serialize;
use serde::ser::SerializeSeq;

use super::{
    RenderContext, Rendered, Text, public_details, public_fields, public_message, public_title,
    to_vec,
};
use crate::error::ApiError;

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: Text<'a>,
    status: u16,
    detail: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<&'a str>,
    code: &'a Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Fields::is_empty")]
    errors: Fields<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
    retryable: bool,
}

struct Fields<'a>(&'a [FieldError]);

impl Fields<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Serialize)]
struct Field<'a> {
    detail: &'a str,
    pointer: super::Pointer<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
}

impl Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for field in self.0 {
            seq.serialize_element(&Field {
                detail: &field.message,
                pointer: super::Pointer {
                    field: &field.field,
                    fragment: true,
                },
                code: field.code.as_deref(),
            })?;
        }
        seq.end()
    }
}

pub(super) fn render(error: &ApiError, context: &RenderContext<'_>) -> Rendered {
    let entry = error.entry();
    let body = Body {
        kind: entry.docs_url.as_deref().unwrap_or("about:blank"),
        title: public_title(error),
        status: error.status().as_u16(),
        detail: public_message(error),
        instance: context.instance,
        code: error.code(),
        request_id: error.request_id().map(|id| id.as_str()),
        errors: Fields(public_fields(error)),
        details: public_details(error),
        suggestion: error.suggestion_text(),
        retryable: entry.retryable(),
    };
    Rendered::json(error.status(), super::PROBLEM_JSON, to_vec(&body))
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{FIXED, internal, not_found, pretty};
    use crate::profile::{Profile, RenderContext};

    #[test]
    fn problem_body_is_rfc_9457_with_extension_members() {
        let rendered = Profile::Problem.render(&not_found(), &FIXED);
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
        let rendered = Profile::Problem.render(&internal(), &RenderContext::default());
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
